"""The browser app and the docs pages, in headless Chromium, on the demo ecosystem.

Engine-independent (the pages only ask the API, tested on both engines elsewhere), so
they run on the embedded engine. Every test's page must log no console error and send no
request outside the server's origin. Screenshots go to ``VALUENET_TEST_SCREENSHOTS`` (or a
temporary folder), to be looked at.
"""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from service.api import create_app
from service.demo import DEMO_DIR
from service.engines.embedded import EmbeddedServer
from service.ingest.importer import import_dataset
from service.queries import Catalog
from tests.conftest import falkordb_engine
from tests.utils.browser import Watched, chromium_path, serve, watch


@pytest.fixture(scope="module")
def origin(server: EmbeddedServer, catalog: Catalog) -> Iterator[str]:
    """valuenet serving the demo ecosystem, as ``valuenet demo`` does."""
    engine = falkordb_engine(server)
    engine.ensure_schema()
    import_dataset(engine, DEMO_DIR)
    try:
        with serve(create_app(engine, catalog)) as url:
            yield url
    finally:
        engine.drop()
        engine.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("VALUENET_TEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def web(browser: Browser, origin: str, shots: Path) -> Iterator[Watched]:
    with watch(browser, origin, shots) as watched:
        yield watched
        assert watched.errors == [], "console errors"
        assert watched.outside == [], "requests outside the origin"


def api(origin: str, module: str, **params: Any) -> Any:
    answer = httpx.get(f"{origin}/v1/queries/{module}", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def open_view(web: Watched, query: str) -> Page:
    """Open ``/?query`` and wait until the view is drawn."""
    web.page.goto(f"{web.origin}/?{query}")
    expect(web.page.locator("#status")).to_have_text("Ready.")
    return web.page


def all_rows_shown(page: Page, caption: str) -> Locator:
    """The table under ``caption``, all its rows shown (they come 100 at a time, as a reader asks)."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    more = page.locator(".table-wrap", has=table).locator("button.more")
    while more.is_visible():
        # Dispatched, not clicked: the click's scrolling brings the button into view, where
        # the table grows by itself and may hide the button before the click lands.
        more.dispatch_event("click")
    return table


def table_column(page: Page, caption: str, column: int) -> list[str]:
    rows = all_rows_shown(page, caption).locator("tbody tr")
    return [rows.nth(i).locator("td").nth(column).inner_text() for i in range(rows.count())]


def picture_drawn(page: Page) -> dict[str, Any]:
    """The picture's companies with their role, and its links as [source, target] pairs, sorted."""
    return page.evaluate(
        """() => {
          const graph = document.querySelector('.picture').picture.graph;
          return {
            nodes: Object.fromEntries(graph.mapNodes((n, a) => [n, a.role])),
            edges: graph.mapEdges((_e, _a, s, t) => [s, t]).sort(),
          };
        }"""
    )


def click_node(page: Page, node: str) -> None:
    """A real click on the canvas where the renderer drew ``node``."""
    page.locator(".picture").scroll_into_view_if_needed()
    point = page.evaluate(
        """(node) => {
          const holder = document.querySelector('.picture');
          const sigma = holder.picture.sigma;
          const at = sigma.framedGraphToViewport(sigma.getNodeDisplayData(node));
          const box = holder.getBoundingClientRect();
          return {x: box.left + at.x, y: box.top + at.y};
        }""",
        node,
    )
    page.mouse.click(point["x"], point["y"])


def test_find_autoverk_then_its_map_draws_every_company_the_module_answers(web: Watched) -> None:
    page = open_view(web, "")
    page.get_by_label("Name contains").fill("autoverk")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    web.shot("find")
    page.get_by_role("link", name="AutoVerk").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    expected = api(web.origin, "ecosystem_map", center="autoverk")
    picture = page.locator(".picture")
    assert picture.get_attribute("data-nodes") == str(len(expected["nodes"]))
    assert picture.get_attribute("data-edges") == str(len(expected["edges"]))
    drawn = page.evaluate("() => document.querySelector('.picture').picture.sigma.getGraph().order")
    assert drawn == len(expected["nodes"])
    assert table_column(page, "Companies", 0) == [n["id"] for n in expected["nodes"]]
    assert table_column(page, "Deliverables", 0) == [e["id"] for e in expected["edges"]]
    assert "center=autoverk" in page.url
    web.shot("map")


def test_a_click_on_a_node_opens_its_company_panel(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk&hops=1")
    click_node(page, "autoverk")
    panel = page.locator("#panel")
    expect(panel.locator("h2")).to_have_text("AutoVerk")
    profile = api(web.origin, "company_profile", id="autoverk")["rows"][0]
    expect(panel.locator("dd").nth(0)).to_have_text("autoverk")
    expect(panel).to_contain_text(f"{profile['revenue']:,.0f}")
    exchange = api(web.origin, "value_exchange", company="autoverk", limit=1000)["rows"]
    counterparts = {row["counterpart_name"] for row in exchange}
    assert set(table_column(page, "Counterparts", 0)) == counterparts
    assert "panel=autoverk" in page.url
    web.shot("panel")
    # A counterpart's name opens its own panel.
    panel.get_by_role("button", name="FleetLease").click()
    expect(panel.locator("h2")).to_have_text("FleetLease")


def test_the_url_reproduces_a_filtered_map_and_the_page_says_when_it_is_capped(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk&hops=2&natures=intangible&colour=hop&size=degree")
    expected = api(web.origin, "ecosystem_map", center="autoverk", hops=2, natures="intangible")
    assert page.locator(".picture").get_attribute("data-nodes") == str(len(expected["nodes"]))
    assert set(table_column(page, "Deliverables", 4)) == {"intangible"}
    expect(page.get_by_label("intangible")).to_be_checked()
    expect(page.get_by_label("tangible", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Hops")).to_have_value("2")
    expect(page.locator(".notice")).not_to_contain_text(["capped"])
    page = open_view(web, "view=map&center=autoverk&hops=2&max_nodes=3")
    expect(page.locator(".notice").nth(1)).to_contain_text("capped at 3 companies")
    assert page.locator(".picture").get_attribute("data-nodes") == "3"
    # The form writes the URL: back and forward give the views again.
    page.get_by_label("Hops").fill("1")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "hops=1" in page.url
    page.go_back()
    expect(page.get_by_label("Hops")).to_have_value("2")


def test_the_map_downloads_as_csv_svg_and_png(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk")
    expected = api(web.origin, "ecosystem_map", center="autoverk")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV: Deliverables").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [r["id"] for r in rows] == [e["id"] for e in expected["edges"]]
    assert [float(r["value"]) for r in rows] == [e["value"] for e in expected["edges"]]
    with page.expect_download() as download:
        page.get_by_role("button", name="SVG").click()
    svg = ET.parse(download.value.path()).getroot()  # noqa: S314 (the app's own picture)
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == len(expected["nodes"])
    assert "AutoVerk" in {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG").click()
    png = Path(download.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def test_docs_and_redoc_render_offline(web: Watched) -> None:
    page = web.page
    page.goto(f"{web.origin}/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.locator(".opblock")).to_have_count(len(httpx.get(f"{web.origin}/openapi.json").json()["paths"]))
    web.shot("docs")
    page.goto(f"{web.origin}/redoc")
    # ReDoc renders the whole document at once: seconds on a busy machine.
    expect(page.get_by_text("/v1/queries/ecosystem_map").first).to_be_attached(timeout=60_000)
    web.shot("redoc", full_page=False)


def test_the_outside_request_gate_catches_one(browser: Browser, origin: str, shots: Path) -> None:
    """The check every test makes is no formality: a request elsewhere is seen and refused."""
    with watch(browser, origin, shots) as watched:
        watched.page.goto(f"{origin}/openapi.json")  # no policy on a JSON answer
        watched.page.evaluate("fetch('http://outside.invalid/x').catch(() => null)")
        assert watched.outside == ["http://outside.invalid/x"]


def test_pages_allow_only_their_own_origin(origin: str) -> None:
    for path in ("/", "/docs", "/redoc"):
        policy = httpx.get(f"{origin}{path}").headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "connect-src 'self'" in policy
        assert "http" not in policy
    app_policy = httpx.get(f"{origin}/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in app_policy
    assert "worker-src 'self';" in app_policy  # the layout worker is a file of the app, no blob


LARGE_PICTURE = """async () => {
  // A 1,500-node ring of rings, drawn by the page's own Picture like a large map.
  const shown = document.querySelector('.picture').picture;
  const graph = new shown.graph.constructor();
  for (let i = 0; i < 1500; i += 1) graph.addNode(`n${i}`, { size: 4, data: { hop: i % 3 } });
  for (let i = 0; i < 1500; i += 1) graph.addDirectedEdge(`n${i}`, `n${(i * 7 + 1) % 1500}`, { size: 1 });
  const holder = document.createElement('div');
  holder.className = 'picture';
  document.body.append(holder);
  const picture = new shown.constructor(holder, graph, { description: 'large' });
  const first = { ...graph.getNodeAttributes('n1') };
  const hidesEdges = picture.sigma.getSetting('hideEdgesOnMove');
  for (let t = 0; t < 600 && holder.dataset.layout !== 'done'; t += 1) await new Promise((r) => setTimeout(r, 100));
  const layout = holder.dataset.layout;
  const last = graph.getNodeAttributes('n1');
  picture.kill();
  return { first: [first.x, first.y], last: [last.x, last.y], hidesEdges, layout };
}"""


def test_a_large_graph_is_drawn_at_once_then_laid_out_in_a_worker(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk&hops=1")
    assert page.evaluate(
        "() => document.querySelector('.picture').picture.refining === null"
    )  # small: laid out at once
    drawn = page.evaluate(LARGE_PICTURE)
    assert all(v == v for v in drawn["first"]), "placed before the worker ran"  # not NaN
    assert drawn["last"] != drawn["first"], "the worker moved the nodes"
    assert drawn["hidesEdges"] is True
    assert drawn["layout"] == "done"


COMMUNITIES_PICTURE = """async () => {
  // 30 communities of 50 nodes, each node linked to 4 of its own community (chosen by a fixed
  // sequence) and every tenth to the next community, drawn by the page's own Picture.
  const shown = document.querySelector('.picture').picture;
  const graph = new shown.graph.constructor();
  for (let i = 0; i < 1500; i += 1) graph.addNode(`n${i}`, { size: 4 });
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 1500; i += 1) {
    const community = Math.floor(i / 50) * 50;
    for (let k = 0; k < 4; k += 1) {
      graph.addDirectedEdge(`n${i}`, `n${community + Math.floor(random() * 50)}`, { size: 1 });
    }
    if (i % 10 === 0) graph.addDirectedEdge(`n${i}`, `n${(i + 50) % 1500}`, { size: 1 });
  }
  const holder = document.createElement('div');
  holder.className = 'picture';
  document.body.append(holder);
  const picture = new shown.constructor(holder, graph, { description: 'communities' });
  const at = graph.mapNodes((_n, a) => [a.x, a.y]);
  const nodes = graph.nodes();
  const distance = (a, b) => {
    const [p, q] = [graph.getNodeAttributes(a), graph.getNodeAttributes(b)];
    return Math.hypot(p.x - q.x, p.y - q.y);
  };
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const link = mean(graph.mapEdges((_e, _a, source, target) => distance(source, target)));
  const pair = mean(nodes.map((node, i) => distance(node, nodes[(i * 7 + 13) % nodes.length])));
  // Drawn once: the holder's size observed as sigma measured it asks for no second drawing.
  let drawings = 0;
  picture.sigma.on('afterRender', () => { drawings += 1; });
  for (let frame = 0; frame < 3; frame += 1) await new Promise((r) => requestAnimationFrame(r));
  const before = drawings;
  holder.style.width = '300px';
  for (let frame = 0; frame < 3; frame += 1) await new Promise((r) => requestAnimationFrame(r));
  const resized = drawings - before;
  picture.kill();
  holder.remove();
  const places = new Set(at.map(([x, y]) => `${x.toFixed(4)},${y.toFixed(4)}`)).size;
  return { link, pair, places, drawnAgain: before, resized };
}"""


def test_a_large_graphs_first_layout_draws_links_between_neighbours_once(web: Watched) -> None:
    # Software WebGL takes seconds to draw 20,000 links that cross the picture (bench/map_draw_bench.py).
    page = open_view(web, "view=map&center=autoverk&hops=1")
    drawn = page.evaluate(COMMUNITIES_PICTURE)
    assert drawn["link"] < drawn["pair"] / 3, drawn  # a community's nodes placed together
    assert drawn["places"] == 1500, "every node has a place of its own"
    assert drawn["drawnAgain"] == 0, "the first frame shows the first drawing"
    assert drawn["resized"] >= 1, "a holder resized is drawn again"


SIGMAS_OWN_PICTURE = """(edgeType) => {
  // The shown picture drawn again beside it by sigma.js's own (instanced) programs, the same
  // settings otherwise: the pixels of both, nodes and links.
  const shown = document.querySelector('.picture').picture;
  shown.sigma.setSetting('defaultEdgeType', edgeType);
  const { width, height } = shown.sigma.getDimensions();
  const holder = document.createElement('div');
  holder.style.width = `${width}px`;
  holder.style.height = `${height}px`;
  holder.style.position = 'relative';
  document.body.append(holder);
  const settings = { ...shown.sigma.getSettings(), nodeProgramClasses: {}, edgeProgramClasses: {} };
  const own = new shown.sigma.constructor(shown.graph, holder, settings);
  const pixels = (sigma, layer) => {
    sigma.refresh();
    const gl = sigma.webGLContexts[layer];
    const data = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, data);
    return data;
  };
  const compare = (layer) => {
    const a = pixels(shown.sigma, layer), b = pixels(own, layer);
    let differ = 0, drawn = 0;
    for (let i = 0; i < a.length; i += 1) { if (a[i] !== b[i]) differ += 1; if (a[i] !== 0) drawn += 1; }
    return { differ, drawn };
  };
  const result = {
    nodes: compare('nodes'),
    edges: compare('edges'),
    instanced: [...Object.values(shown.sigma.nodePrograms), ...Object.values(shown.sigma.edgePrograms)]
      .flatMap((p) => p.programs ?? [p]).some((p) => p.isInstanced),
  };
  own.kill();
  holder.remove();
  return result;
}"""


@pytest.mark.parametrize("edge_type", ["arrow", "line"])
def test_the_map_draws_the_same_pixels_as_sigmas_own_programs_without_instancing(web: Watched, edge_type: str) -> None:
    # Software WebGL draws instances about 20 times slower than plain vertices (bench/map_draw_bench.py).
    page = open_view(web, "view=map&center=autoverk&hops=2")
    drawn = page.evaluate(SIGMAS_OWN_PICTURE, edge_type)
    assert drawn["instanced"] is False
    for layer in ("nodes", "edges"):
        assert drawn[layer]["drawn"] > 10_000, layer
        assert drawn[layer]["differ"] == 0, layer


def test_a_long_table_shows_its_rows_a_hundred_at_a_time_as_the_reader_scrolls(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk&hops=3")
    expected = [e["id"] for e in api(web.origin, "ecosystem_map", center="autoverk", hops=3)["edges"]]
    assert len(expected) > 300
    table = page.locator("table", has=page.locator("caption", has_text="Deliverables"))
    expect(table.locator("caption")).to_contain_text(f"{len(expected)} rows: 100 at a time as you scroll")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(100)
    page.locator(".table-wrap", has=table).evaluate("(wrap) => wrap.scrollTo(0, wrap.scrollHeight)")
    expect(rows).to_have_count(200)
    more = page.locator(".table-wrap", has=table).get_by_role("button", name="more rows")
    more.click()
    expect(rows).to_have_count(300)
    expect(more).to_have_text(f"Show {len(expected) - 300} more rows")
    more.click()
    expect(more).to_be_hidden()
    assert table_column(page, "Deliverables", 0) == expected
    # Sorting starts again from the first hundred, in the new order.
    table.get_by_role("button", name="id", exact=True).click()
    expect(rows).to_have_count(100)
    assert table_column(page, "Deliverables", 0) == sorted(expected)


def test_the_dependency_chain_draws_and_lists_the_module_answer(web: Watched) -> None:
    page = open_view(web, "view=chain&company=autoverk&direction=upstream&max_tier=4")
    expected = api(web.origin, "dependency_chain", company="autoverk", direction="upstream", max_tier=4, limit=500)[
        "rows"
    ]
    assert page.locator(".picture").get_attribute("data-nodes") == str(len(expected) + 1)
    assert table_column(page, "What it depends on", 1) == [r["id"] for r in expected]
    expect(page.locator(".notice").first).to_have_text(
        f"{len(expected)} suppliers of AutoVerk in {len({r['tier'] for r in expected})} tiers."
    )
    web.shot("chain-up")
    # A link with the older word: the form shows the word it stands for.
    page = open_view(web, "view=chain&company=cellcorp&direction=down&critical_only=true&layout=rings")
    critical = api(web.origin, "dependency_chain", company="cellcorp", direction="downstream", critical_only="true")[
        "rows"
    ]
    expect(page.get_by_label("Critical deliverables only")).to_be_checked()
    expect(page.get_by_label("Direction")).to_have_value("downstream")
    assert table_column(page, "Who depends on it", 1) == [r["id"] for r in critical]
    web.shot("chain-down-rings")
    # The company panel leads to it too.
    click_node(page, "cellcorp")
    page.locator("#panel").get_by_role("link", name="What it depends on").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "view=chain" in page.url
    assert "direction=upstream" in page.url
    expect(page.get_by_label("Company", exact=True)).to_have_value("cellcorp")


def test_the_enterprise_map_draws_a_companys_roles_and_what_they_exchange(web: Watched) -> None:
    page = open_view(web, "view=enterprise&company=autoverk")
    rows = api(web.origin, "enterprise_map", company="autoverk", limit=5000)["rows"]
    ends = {row[side]: row[f"{side}_company"] for row in rows for side in ("source", "target")}
    roles = sorted(node for node, company in ends.items() if company == "autoverk")
    partners = {company for company in ends.values() if company != "autoverk"}
    assert len(roles) == 8  # the demo's map worth looking at
    assert len(partners) >= 8
    picture = page.locator(".picture")
    assert (picture.get_attribute("data-nodes"), picture.get_attribute("data-edges")) == (
        str(len(ends)),
        str(len(rows)),
    )
    assert table_column(page, "What flows", 0) == [row["source"] for row in rows]
    names = {row[f"{side}_name"] for row in rows for side in ("source", "target") if row[side] in roles}
    assert sorted(table_column(page, "Roles of AutoVerk", 0)) == sorted(names)
    scopes = [row["scope"] for row in rows]
    expect(page.locator(".notice").first).to_have_text(
        f"AutoVerk: 8 roles, {scopes.count('inside')} links between them, {scopes.count('outgoing')} out and "
        f"{scopes.count('incoming')} in with {len(partners)} other companies."
    )
    web.shot("enterprise")
    # a role of another company opens its company's panel, which leads back to its roles
    click_node(page, "pack-assembly-sales")
    expect(page.locator("#panel h2")).to_have_text("PackAssembly")
    page.locator("#panel").get_by_role("link", name="Its roles").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    expect(page.get_by_label("Company", exact=True)).to_have_value("pack-assembly")
    # before the packs came, on a day: the module's rows for that day
    page = open_view(web, "view=enterprise&company=autoverk&as_of=2021-06-01&edges=category")
    earlier = api(web.origin, "enterprise_map", company="autoverk", as_of="2021-06-01", limit=5000)["rows"]
    assert 0 < len(earlier) < len(rows)
    assert page.locator(".picture").get_attribute("data-edges") == str(len(earlier))


def test_key_players_and_single_points_of_failure_rank_as_the_modules_and_open_the_map(web: Watched) -> None:
    page = open_view(web, "view=players&measure=value&limit=15")
    expected = api(web.origin, "key_players", measure="value", limit=15)["rows"]
    assert table_column(page, "Key players", 2) == [r["name"] for r in expected]
    assert page.locator(".picture svg rect").count() == len(expected) + 1  # a bar each, and the background
    web.shot("players")
    page = open_view(web, "view=spof")
    expected = api(web.origin, "single_points_of_failure")["rows"]
    assert expected
    assert table_column(page, "Single points of failure", 0) == [r["id"] for r in expected]
    web.shot("spof")
    page.get_by_role("link", name=expected[0]["name"]).click()
    expect(page.locator("#status")).to_have_text("Ready.")
    expect(page.locator("#panel h2")).to_have_text(expected[0]["name"])
    assert page.locator(".picture").get_attribute("data-nodes") == str(
        len(api(web.origin, "ecosystem_map", center=expected[0]["id"])["nodes"])
    )


def test_capability_landscape_bars_its_module(web: Watched) -> None:
    page = open_view(web, "view=landscape")
    expected = api(web.origin, "capability_landscape")["rows"]
    assert expected
    assert table_column(page, "Capability landscape", 0) == [r["capability"] for r in expected]
    assert page.locator(".picture svg rect").count() == len(expected) + 1  # a bar each, and the background
    web.shot("landscape")


def table_cells(page: Page, caption: str) -> list[list[str]]:
    """Every row's cells of a table, as shown, in one call (a large table cell by cell is slow)."""
    all_rows_shown(page, caption)
    return page.evaluate(
        """(caption) => {
          const table = [...document.querySelectorAll('table')].find((t) => t.caption.textContent.startsWith(caption));
          return [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.innerText));
        }""",
        caption,
    )


def pair_edges(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The links a picture of exchange_analysis rows draws, from the rows alone: per pair (each
    once, from the first node that names it) a link each way something flows, marked reciprocal
    or one-way; a sector's exchanges with itself are not drawn."""
    owner: dict[frozenset[str], str] = {}
    ways: set[tuple[str, str, str]] = set()
    for row in rows:
        node, other = row["node"], row["counterpart"]
        if node == other or owner.setdefault(frozenset((node, other)), node) != node:
            continue
        kind = "reciprocal" if row["exchange"] == "reciprocal" else "one-way"
        if row["deliverables_out"]:
            ways.add((node, other, kind))
        if row["deliverables_in"]:
            ways.add((other, node, kind))
    return sorted(list(way) for way in ways)


def test_value_exchanges_map_each_pair_by_its_exchange_beside_the_modules_answers(web: Watched) -> None:
    page = open_view(web, "view=exchanges&sector=assembly")
    rows = api(web.origin, "exchange_analysis", sector="assembly", limit=5000)["rows"]
    indicators = api(web.origin, "exchange_indicators", sector="assembly")["rows"]
    assert {r["exchange"] for r in rows} >= {"reciprocal", "given", "received"}
    assert [r[0] for r in table_cells(page, "Indicators")] == [r["category"] for r in indicators]
    assert [r[5] for r in table_cells(page, "Indicators")] == [f"{r['reciprocal_pairs']:,}" for r in indicators]
    shown = table_cells(page, "What flows each way")
    assert [(r[0], r[2], r[5]) for r in shown] == [(r["node"], r["counterpart"], r["category"]) for r in rows]
    # the pairs: one row per node and counterpart as the module names them, values summed over its rows
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        pair = pairs.setdefault((row["node"], row["counterpart"]), {**row, "value_out": 0.0, "value_in": 0.0})
        pair["value_out"] += row["value_out"]
        pair["value_in"] += row["value_in"]
    shown_pairs = table_cells(page, "Pairs")
    assert [r[:3] for r in shown_pairs] == [
        [p["node_name"], p["counterpart_name"], p["exchange"]] for p in pairs.values()
    ]
    assert [r[3] for r in shown_pairs] == [f"{p['value_out']:,.2f}".rstrip("0").rstrip(".") for p in pairs.values()]
    # the picture: every node and counterpart, a link each way a pair exchanges, marked by its kind
    drawn = page.evaluate(
        """() => {
          const graph = document.querySelector('.picture').picture.graph;
          return {nodes: graph.nodes().sort(), edges: graph.mapEdges((_e, a, s, t) => [s, t, a.exchange]).sort()};
        }"""
    )
    assert drawn["nodes"] == sorted({r["node"] for r in rows} | {r["counterpart"] for r in rows})
    assert sorted(drawn["edges"]) == pair_edges(rows)
    everything = indicators[-1]
    expect(page.get_by_text(f"{everything['pairs']} pairs of companies exchange value")).to_be_visible()
    expect(page.get_by_label("Zoom")).to_have_value("company")
    web.shot("exchanges")
    # the downloads: the pairs' CSV, the picture as SVG and PNG
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV: What flows each way").click()
    saved = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [(r["node"], r["counterpart"], r["category"], float(r["value_out"])) for r in saved] == [
        (r["node"], r["counterpart"], r["category"], r["value_out"]) for r in rows
    ]
    with page.expect_download() as download:
        page.get_by_role("button", name="SVG").click()
    svg = ET.parse(download.value.path()).getroot()  # noqa: S314 (the app's own picture)
    assert len(svg.findall("{http://www.w3.org/2000/svg}circle")) == len(drawn["nodes"])
    assert len(svg.findall("{http://www.w3.org/2000/svg}line")) == len(drawn["edges"])
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG").click()
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    # the industry: sectors, their exchanges with themselves in the table only; a sector opens its companies
    page.get_by_label("Zoom").select_option("sector")
    page.get_by_label("Companies of sector").fill("")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "zoom=sector" in page.url
    sectors = api(web.origin, "exchange_analysis", zoom="sector", limit=5000)["rows"]
    assert any(r["exchange"] == "internal" for r in sectors)
    picture = page.locator(".picture")
    assert picture.get_attribute("data-nodes") == str(
        len({r["node"] for r in sectors} | {r["counterpart"] for r in sectors})
    )
    assert picture.get_attribute("data-edges") == str(len(pair_edges(sectors)))
    assert [(r[0], r[2]) for r in table_cells(page, "What flows each way")] == [
        (r["node"], r["counterpart"]) for r in sectors
    ]
    web.shot("exchanges-sectors")
    click_node(page, "components")
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "zoom=company" in page.url
    assert "sector=components" in page.url
    members = api(web.origin, "exchange_analysis", sector="components", limit=5000)["rows"]
    assert [r[0] for r in table_cells(page, "What flows each way")] == [r["node"] for r in members]


def test_markets_bar_every_competitor_share_and_state_each_hhi(web: Watched) -> None:
    page = open_view(web, "view=markets&market=ev-cells")
    expected = api(web.origin, "market_shares", market="ev-cells")["rows"]
    assert len(expected) > 2
    assert table_column(page, "Markets", 3) == [r["name"] for r in expected]
    shares = table_column(page, "Markets", 5)
    assert [float(s) for s in shares] == pytest.approx([r["share"] for r in expected], abs=0.005)
    assert page.locator(".picture svg rect").count() == len(expected) + 1  # a bar each, and the background
    cells = expected[0]
    hhi = f"{cells['hhi']:,.2f}".rstrip("0").rstrip(".")  # as shown: 2 decimals at most
    expect(page.locator(".notice")).to_contain_text(f"EV battery cells: {cells['competitors']} competitors, HHI {hhi}")
    web.shot("markets")
    page = open_view(web, "view=markets&company=voltmotors")
    expected = api(web.origin, "market_shares", company="voltmotors")["rows"]
    assert {r["market"] for r in expected} == {"ev-europe", "ev-north-america"}
    assert table_column(page, "Markets", 0) == [r["market"] for r in expected]
    assert table_column(page, "Markets", 2) == [r["company"] for r in expected]
    for market in {r["market_name"]: r for r in expected}.values():
        expect(page.locator(".legend")).to_contain_text(f"{market['market_name']}: HHI")
    web.shot("markets-of-a-company")


def test_network_changes_table_the_figures_and_what_changed(web: Watched) -> None:
    params = {"from": "2023-06-30", "to": "2027-06-30"}
    page = open_view(web, "view=changes&from=2023-06-30&to=2027-06-30")
    figures = api(web.origin, "network_change_figures", **params)["rows"]
    changes = api(web.origin, "network_changes", **params, limit=100000)["rows"]
    kinds = {(r["kind"], r["change"]) for r in changes}
    assert kinds >= {
        ("company", "entered"),
        ("contract", "ended"),
        ("deliverable", "started"),
        ("deliverable", "ended"),
    }
    assert table_column(page, "Key figures", 0) == [r["figure"] for r in figures]
    assert table_column(page, "Key figures", 1) == [r["key"] for r in figures]
    shown = table_column(page, "What started, ended, entered and left", 1)
    assert shown == [r["id"] for r in changes]
    assert table_column(page, "What started, ended, entered and left", 2) == [r["change"] for r in changes]
    barred = [r for r in figures if r["key"] != "all"]
    charts = len({r["figure"] for r in barred})
    # Bars before and after of each key but all (a total), and a background per chart.
    assert page.locator(".picture svg svg rect").count() == 2 * len(barred) + charts
    flows = next(r for r in figures if r["figure"] == "flows" and r["key"] == "all")
    running = f"Deliverables running: {flows['before']:,.0f} → {flows['after']:,.0f}"
    expect(page.locator(".notice")).to_contain_text(running)
    started = sum(r["kind"] == "deliverable" and r["change"] == "started" for r in changes)
    entered = sum(r["kind"] == "company" and r["change"] == "entered" for r in changes)
    expect(page.locator(".notice")).to_contain_text(f"{started} deliverables started")
    expect(page.locator(".notice")).to_contain_text(f"{entered} companies entered")
    web.shot("changes")
    page = open_view(web, "view=changes&from=2023-06-30&to=2027-06-30&sector=assembly")
    scoped = api(web.origin, "network_changes", **params, sector="assembly", limit=100000)["rows"]
    assert table_column(page, "What started, ended, entered and left", 1) == [r["id"] for r in scoped]
    assert len(scoped) < len(changes)


def test_what_breaks_lists_the_module_answer_round_by_round(web: Watched) -> None:
    page = open_view(web, "view=breaks&companies=grid-03")
    expected = api(web.origin, "failure_impact", companies="grid-03", limit=10000)["rows"]
    shown = zip(table_column(page, "Who loses what", 1), table_column(page, "Who loses what", 4), strict=True)
    assert list(shown) == [(r["id"], r["category"]) for r in expected]
    hit = {r["id"] for r in expected}
    failed = {r["id"]: r["failed_round"] for r in expected if r["failed"]}
    rounds = sorted({r["round"] for r in expected})
    assert failed  # the demo's cascade has companies failing in turn, past the first round
    assert rounds[-1] > 1
    assert page.locator(".picture").get_attribute("data-nodes") == str(len(hit) + 1)
    links = {(s, r["id"]) for r in expected for s in r["lost_from"]}
    assert page.locator(".picture").get_attribute("data-edges") == str(len(links))
    expect(page.locator(".notice")).to_contain_text(
        f"{len(hit)} companies lose an input, {len(failed)} fail in turn, over {rounds[-1]} rounds"
    )
    assert table_column(page, "Round by round", 0) == [str(t) for t in rounds]
    failing = [str(sum(f == t for f in failed.values())) for t in rounds]
    assert table_column(page, "Round by round", 2) == failing
    # Each company is drawn in the column of the round it fails in, or first loses an input in.
    columns = page.evaluate(
        "() => Object.fromEntries(document.querySelector('.picture').picture.graph.mapNodes((n, a) => [n, a.x / 2]))"
    )
    first = {r["id"]: min(x["round"] for x in expected if x["id"] == r["id"]) for r in expected}
    assert columns == {"grid-03": 0} | {c: failed.get(c, first[c]) for c in hit}
    web.shot("breaks")
    page = open_view(web, "view=breaks&companies=cellcorp,cathode-works&mode=direct")
    direct = api(web.origin, "failure_impact", companies="cellcorp,cathode-works", mode="direct")["rows"]
    assert table_column(page, "Who loses what", 1) == [r["id"] for r in direct]
    assert {r["round"] for r in direct} == {1}
    expect(page.get_by_label("Mode")).to_have_value("direct")
    expect(page.get_by_label("Mode")).to_have_accessible_description(re.compile("^full: .* direct: .* all: "))
    expect(page.get_by_text("Companies that fail (ids or exact names, comma-separated)")).to_be_visible()
    page = open_view(web, "view=breaks&companies=cellcorp,cathode-works&mode=broken")  # an older word
    expect(page.get_by_label("Mode")).to_have_value("full")
    page = open_view(web, "view=breaks&companies=CellCorp%20Batteries")  # a company by its exact name
    named = api(web.origin, "failure_impact", companies="CellCorp Batteries", limit=10000)["rows"]
    assert table_column(page, "Who loses what", 1) == [r["id"] for r in named]
    assert page.locator(".picture").get_attribute("data-nodes") == str(len({r["id"] for r in named}) + 1)
    links = {(s, r["id"]) for r in named for s in r["lost_from"]}
    assert "cellcorp" in {s for s, _ in links}
    assert page.locator(".picture").get_attribute("data-edges") == str(len(links))  # from the company named
    expect(page.locator(".notice")).to_contain_text("If CellCorp Batteries fail:")


def test_a_merger_draws_both_networks_and_tables_its_markets_and_dependencies(web: Watched) -> None:
    page = open_view(web, "view=merger&acquirer=voltmotors&targets=autoverk,cellcorp")
    parties = {"acquirer": "voltmotors", "targets": "autoverk,cellcorp"}
    answer = api(web.origin, "merger_markets", **parties)
    markets = answer["rows"]
    assert table_column(page, "Markets", 0) == [m["market"] for m in markets]
    delta = table_column(page, "Markets", [c["name"] for c in answer["columns"]].index("delta_hhi"))
    assert delta == [f"{m['delta_hhi']:,.2f}".rstrip("0").rstrip(".") for m in markets]  # as shown: 2 decimals at most
    dependencies = api(web.origin, "merger_dependencies", **parties)["rows"]
    assert table_column(page, "Dependencies", 0) == [d["kind"] for d in dependencies]
    nodes = set()
    for party in ("voltmotors", "autoverk", "cellcorp"):
        nodes |= {n["id"] for n in api(web.origin, "ecosystem_map", center=party, hops=1)["nodes"]}
    assert page.locator(".picture").get_attribute("data-nodes") == str(len(nodes))
    shared = {
        r["item"]
        for b in ("autoverk", "cellcorp")
        for r in api(web.origin, "merger_overlap", a="voltmotors", b=b, only="shared")["rows"]
        if r["dimension"] in ("customers", "suppliers")
    }
    marked = page.evaluate(
        """() => document.querySelector('.picture').picture.graph
             .filterNodes((_id, a) => a.role === 'shared customer or supplier')"""
    )
    assert set(marked) == shared
    assert shared
    web.shot("merger")
    drawn = picture_drawn(page)
    assert {n for n, role in drawn["nodes"].items() if role == "party"} == {"voltmotors", "autoverk", "cellcorp"}
    tables = page.locator("table").all_inner_texts()
    # The same merger by the parties' exact names: the same parties marked, links drawn, tables.
    page = open_view(web, "view=merger&acquirer=Volt%20Motors&targets=AutoVerk,CellCorp%20Batteries")
    expect(page.get_by_text("Acquirer (id or exact name)")).to_be_visible()
    expect(page.get_by_text("Targets (ids or exact names, comma-separated)")).to_be_visible()
    assert picture_drawn(page) == drawn
    assert page.locator("table").all_inner_texts() == tables
    expect(page.locator(".notice").first).to_contain_text("Volt Motors acquiring AutoVerk, CellCorp Batteries:")
    web.shot("merger-by-names")


def test_a_merger_tables_its_network_effect_and_marks_who_is_left_with_one_supplier(web: Watched) -> None:
    page = open_view(web, "view=merger&acquirer=refiner-01&targets=refiner-09")
    effect = api(web.origin, "merger_network_effect", acquirer="refiner-01", targets="refiner-09")["rows"]
    caption = "Network effect (the acquirer before, the parties as one company after)"
    assert table_column(page, caption, 0) == [r["figure"] for r in effect]
    assert table_column(page, caption, 1) == [r["category"] or "" for r in effect]
    pagerank = next(r for r in effect if r["figure"] == "pagerank")
    shown = table_column(page, caption, 3)[[r["figure"] for r in effect].index("pagerank")]
    assert float(shown) == pytest.approx(pagerank["after"], rel=1e-3)  # 4 significant digits, not 2 decimals
    gained = next(r["gained"] for r in effect if r["figure"] == "sole_sourced" and r["category"] is None)
    assert gained  # cathode-05 and cathode-06 bought product from both refiners only
    marked = page.evaluate(
        """() => document.querySelector('.picture').picture.graph
             .filterNodes((_id, a) => a.role === 'left with it as only supplier')"""
    )
    assert sorted(marked) == gained
    spofs = next(r for r in effect if r["figure"] == "single_points_of_failure")
    expect(page.locator(".notice").nth(1)).to_contain_text(
        f"{len(gained)} companies left with it as only supplier of a category; single points of failure created: "
        f"{', '.join(spofs['gained']) or 'none'}, removed: {', '.join(spofs['lost']) or 'none'}."
    )
    web.shot("merger-network-effect")


def test_the_map_zooms_out_to_sectors_and_in_to_roles(web: Watched) -> None:
    page = open_view(web, "view=map&center=autoverk&hops=2&zoom=sector")
    sectors = api(web.origin, "ecosystem_map", center="autoverk", hops=2, zoom="sector")
    picture = page.locator(".picture")
    assert picture.get_attribute("data-nodes") == str(len(sectors["nodes"]))
    assert picture.get_attribute("data-edges") == str(len(sectors["edges"]))
    assert table_column(page, "Sectors", 0) == [n["id"] for n in sectors["nodes"]]
    companies = sum(n["companies"] for n in sectors["nodes"])
    expect(page.locator(".notice").first).to_contain_text(f"{len(sectors['nodes'])} sectors of {companies} companies")
    expect(page.get_by_label("Zoom")).to_have_value("sector")
    web.shot("map-sectors")
    # A sector opens the map of its companies.
    page.get_by_role("button", name="components", exact=True).click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "center_kind=sector" in page.url
    assert "zoom=company" in page.url
    members = api(web.origin, "ecosystem_map", center="components", center_kind="sector", hops=0)
    assert table_column(page, "Companies", 0) == [n["id"] for n in members["nodes"]]

    page = open_view(web, "view=map&center=autoverk&hops=1&zoom=role&colour=company")
    roles = api(web.origin, "ecosystem_map", center="autoverk", hops=1, zoom="role")
    assert roles["nodes"], "the demo's companies around autoverk have roles"
    assert page.locator(".picture").get_attribute("data-nodes") == str(len(roles["nodes"]))
    assert table_column(page, "Roles", 0) == [n["id"] for n in roles["nodes"]]
    assert table_column(page, "Deliverables", 0) == [e["id"] for e in roles["edges"]]
    web.shot("map-roles")
    # A role opens its company's panel.
    first = roles["nodes"][0]
    click_node(page, first["id"])
    expect(page.locator("#panel h2")).to_have_text(first["company_name"])


def test_the_dependency_chain_zooms_out_to_sectors_and_in_to_roles(web: Watched) -> None:
    page = open_view(web, "view=chain&company=autoverk&direction=upstream&max_tier=3")
    page.get_by_label("Zoom").select_option("sector")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "zoom=sector" in page.url
    sectors = api(web.origin, "dependency_chain", company="autoverk", max_tier=3, zoom="sector", limit=500)["rows"]
    assert len({r["id"] for r in sectors}) < len(sectors), "a sector at more than one tier"
    picture = page.locator(".picture")
    assert picture.get_attribute("data-nodes") == str(len(sectors) + 1)  # each tier's sectors, and the company
    assert [(r[0], r[1]) for r in table_cells(page, "What it depends on")] == [
        (str(r["tier"]), r["id"]) for r in sectors
    ]
    labels = page.evaluate("() => document.querySelector('.picture').picture.graph.mapNodes((_n, a) => a.label)")
    assert sorted(labels) == sorted(["AutoVerk", *(r["name"] for r in sectors)])
    companies = sum(r["companies"] for r in sectors)
    expect(page.locator(".notice").first).to_contain_text(f"{companies} suppliers of AutoVerk")
    web.shot("chain-sectors")

    page.get_by_label("Zoom").select_option("role")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#status")).to_have_text("Ready.")
    assert "zoom=role" in page.url
    roles = api(web.origin, "dependency_chain", company="autoverk", max_tier=3, zoom="role", limit=500)["rows"]
    assert roles
    assert picture.get_attribute("data-nodes") == str(len(roles) + 1)
    assert [r[1] for r in table_cells(page, "What it depends on")] == [r["id"] for r in roles]
    nodes = page.evaluate("() => document.querySelector('.picture').picture.graph.nodes()")
    assert sorted(nodes) == sorted(["autoverk", *(r["id"] for r in roles)])
    web.shot("chain-roles")
    # a role opens its company's panel
    click_node(page, roles[0]["id"])
    expect(page.locator("#panel h2")).to_have_text(
        api(web.origin, "company_profile", id=roles[0]["company"])["rows"][0]["name"]
    )
