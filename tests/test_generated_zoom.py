"""ecosystem_map, dependency_chain and value_exchange at sector and role zoom on generated
industries (several seeds, 2,000 companies each), against the same answers computed here
with pandas and networkx from whatever roles and role flows the generator makes."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from service.queries import Catalog, run_module
from tests.test_generated_answers import best_link, map_reference, sample
from tests.utils.industry import INPUTS, Industry, rounded, run, running


def role_flows(
    industry: Industry,
    categories: list[str] | None = None,
    as_of: str | None = None,
    critical_only: bool = False,
    natures: list[str] | None = None,
) -> pd.DataFrame:
    """DELIVERS from a role to another role, filtered as the modules filter; values missing as 0."""
    d = industry.tables["delivers"]
    keep = d.source_label.eq("Role") & d.target_label.eq("Role") & d.source.ne(d.target)
    keep &= running(d, categories, as_of, critical_only)
    if natures is not None:
        keep &= d.nature.isin(natures)
    return d[keep].assign(value=lambda f: f.value.fillna(0.0))


def owners(industry: Industry) -> pd.Series:
    """The company of each role, by role id."""
    return industry.tables["has_role"].set_index("target")["source"]


def role_companies(industry: Industry, others: int) -> list[str]:
    """The companies whose roles have the most role flows, and some others with roles, by the seed."""
    flows = role_flows(industry)
    owner = owners(industry)
    degree = pd.concat([flows.source, flows.target]).map(owner).value_counts()
    ranked = sorted(owner.unique(), key=lambda c: (-degree.get(c, 0), c))
    return ranked[:3] + random.Random(industry.seed).sample(ranked[3:], others)


def sectors(industry: Industry) -> pd.Series:
    return industry.companies().sector.fillna("")


MAPS = [
    {"hops": 1, "max_nodes": 200},
    {"hops": 2, "max_nodes": 150, "natures": ["intangible"]},
    {"hops": 2, "max_nodes": 5000, "categories": ["product", "money", "knowledge"], "as_of": "2016-01-01"},
]


@pytest.mark.parametrize("variant", MAPS, ids=str)
def test_ecosystem_map_at_sector_and_role_zoom_matches_pandas(
    industry: Industry, catalog: Catalog, variant: dict[str, Any]
) -> None:
    natures = variant.get("natures", ["tangible", "intangible"])
    flows = industry.flows(variant.get("categories"), variant.get("as_of"))
    flows = flows[flows.nature.isin(natures)].assign(value=lambda f: f.value.fillna(0.0))
    roles = role_flows(industry, variant.get("categories"), variant.get("as_of"), natures=natures)
    info, sector, owner = industry.companies(), sectors(industry), owners(industry)
    centers = sample(industry, industry.supply_graph(flows), "out", hubs=2, others=2) + role_companies(industry, 2)
    drawn = 0
    for center in centers:
        hop, ids, capped = map_reference(flows, [center], variant["hops"], variant["max_nodes"])
        inside = flows[flows.id.isin(ids)].assign(s=lambda f: f.source.map(sector), t=lambda f: f.target.map(sector))
        cells = inside.groupby(["s", "t", "category", "nature"], as_index=False).agg(
            value=("value", "sum"), count=("id", "size")
        )
        edges = [
            [f"{s}>{t}:{c}", s, t, None, n, c, float(v), capped, int(k)]
            for s, t, c, n, v, k in cells.sort_values(["s", "t", "category", "nature"]).itertuples(index=False)
        ]
        on_map = pd.DataFrame({"id": list(hop), "hop": list(hop.values())}).assign(
            sector=lambda f: f.id.map(sector), revenue=lambda f: f.id.map(info.revenue).fillna(0.0)
        )
        groups = on_map.groupby("sector").agg(companies=("id", "size"), revenue=("revenue", "sum"), hop=("hop", "min"))
        nodes = sorted((int(g.hop), s, int(g.companies), round(float(g.revenue), 6)) for s, g in groups.iterrows())
        result, _ = run_module(
            industry.engine, catalog, "ecosystem_map", {**variant, "center": center, "zoom": "sector"}
        )
        assert rounded(result.rows) == rounded(edges), center
        got = [(n["hop"], n["id"], n["companies"], round(n["revenue"], 6)) for n in result.nodes or []]
        assert got == nodes, center

        mine = owner[owner.isin(hop)]
        between = roles[roles.source.isin(mine.index) & roles.target.isin(mine.index)]
        result, _ = run_module(industry.engine, catalog, "ecosystem_map", {**variant, "center": center, "zoom": "role"})
        assert [row[0] for row in result.rows] == list(between.sort_values(["source", "target", "id"]).id), center
        assert {n["id"]: (n["company"], n["hop"]) for n in result.nodes or []} == {
            r: (c, hop[c]) for r, c in mine.items()
        }, center
        drawn += len(between)
    assert drawn > 0  # role flows were drawn


def sector_chain(chain: list[list[Any]], root: str, sector: pd.Series) -> list[list[Any]]:
    """The company chain grouped per tier and sector."""
    rows = pd.DataFrame(chain, columns=["tier", "id", "name", "sector", "country", "via", "value", "n", "company"])
    rows = rows.assign(s=rows.id.map(sector), via_sector=rows.via.map(sector))
    expected = []
    for (tier, s), group in rows.groupby(["tier", "s"]):
        vias = group.groupby("via_sector").value.sum()
        via = min(vias.index, key=lambda v: (-vias[v], v))
        expected.append([int(tier), s, s, s, None, via, float(group.value.sum()), len(group), None])
    return rounded(expected)


CHAINS = [
    {"direction": "upstream", "max_tier": 6},
    {"direction": "downstream", "max_tier": 3},
    {"direction": "upstream", "max_tier": 4, "as_of": "2015-06-30"},
    {"direction": "downstream", "max_tier": 10, "critical_only": True},
    {"direction": "upstream", "max_tier": 2, "categories": ["information", "knowledge", "money"]},
]


@pytest.mark.parametrize("variant", CHAINS, ids=str)
def test_dependency_chain_at_sector_and_role_zoom_matches_networkx(
    industry: Industry, catalog: Catalog, variant: dict[str, Any]
) -> None:
    categories = variant.get("categories", list(INPUTS))
    up = variant["direction"] == "upstream"
    flows = industry.flows(categories, variant.get("as_of"), variant.get("critical_only", False))
    graph = industry.supply_graph(flows)
    info, sector, owner = industry.companies(), sectors(industry), owners(industry)
    for company in sample(industry, graph, "in" if up else "out", hubs=2, others=3):
        tier = nx.single_source_shortest_path_length(
            graph.reverse(copy=False) if up else graph, company, cutoff=variant["max_tier"]
        )
        chain = [
            [t, n, None, None, None, *best_link(graph, n, tier, up), 1, n]
            for t, n in sorted((t, n) for n, t in tier.items() if t > 0)
        ]
        expected = sector_chain(chain, company, sector)
        params = {**variant, "company": company, "zoom": "sector", "limit": 1_000_000}
        assert run(industry, catalog, "dependency_chain", **params) == expected, company
        assert run(industry, catalog, "dependency_chain", **params | {"limit": 3, "offset": 2}) == expected[2:5]

    roles = role_flows(industry, categories, variant.get("as_of"), variant.get("critical_only", False))
    pairs = roles.groupby(["source", "target"], as_index=False).value.sum()
    role_graph = nx.DiGraph()
    role_graph.add_weighted_edges_from(pairs.itertuples(index=False, name=None))
    names = industry.tables["role"].set_index("id").name
    for company in role_companies(industry, 3):
        mine = sorted(owner.index[owner == company])
        walk = role_graph.reverse(copy=False) if up else role_graph
        walk = nx.compose(walk, nx.DiGraph([("start", r) for r in mine]))
        tier = {
            r: t - 1 for r, t in nx.single_source_shortest_path_length(walk, "start", variant["max_tier"] + 1).items()
        }
        del tier["start"]
        expected = []
        for t, r in sorted((t, r) for r, t in tier.items() if t > 0):
            c = owner.get(r)
            country = None if c is None else info.country.get(c)
            expected.append([t, r, names[r], sector.get(c), country, *best_link(role_graph, r, tier, up), 1, c])
        params = {**variant, "company": company, "zoom": "role", "limit": 1_000_000}
        assert run(industry, catalog, "dependency_chain", **params) == rounded(expected), company
        assert (
            run(industry, catalog, "dependency_chain", **params | {"limit": 3, "offset": 2}) == rounded(expected)[2:5]
        )


def exchange_reference(
    industry: Industry, company: str, zoom: str, one_way_only: bool, as_of: str | None
) -> list[list[Any]]:
    """value_exchange at sector or role zoom with pandas: each flow seen from each of its ends
    that is a node (a company of the company's sector, or one of its roles)."""
    sector, owner = sectors(industry), owners(industry)
    if zoom == "sector":
        flows = industry.flows(None, as_of)
        flows = flows[flows.source != flows.target].assign(value=lambda f: f.value.fillna(0.0))
        home = industry.companies().sector.get(company)
        nodes = set(sector.index[sector == home]) if isinstance(home, str) else {company}
        key, name = sector.get, str
    else:
        flows = role_flows(industry, None, as_of)
        nodes = set(owner.index[owner == company])
        key, name = str, industry.tables["role"].set_index("id").name.get
    out = flows[flows.source.isin(nodes)]
    out = out.assign(node=out.source.map(key), counterpart=out.target.map(key), vi=0.0, vo=out.value, ni=0, no=1)
    back = flows[flows.target.isin(nodes)]
    back = back.assign(node=back.target.map(key), counterpart=back.source.map(key), vi=back.value, vo=0.0, ni=1, no=0)
    seen = pd.concat([out, back])
    if seen.empty:
        return []
    cells = seen.groupby(["node", "counterpart", "nature", "category"], as_index=False)[["vi", "vo", "ni", "no"]].sum()
    per = cells.groupby(["node", "counterpart"])[["ni", "no"]].sum()
    reciprocal = ((per.ni > 0) & (per.no > 0)).to_dict()
    rows = []
    for node, x, nature, category, vi, vo, ni, no in cells.itertuples(index=False, name=None):
        both = bool(reciprocal[node, x])
        if one_way_only and both:
            continue
        company_of = None if zoom == "sector" else owner.get(x)
        row = [x, name(x), nature, category, float(vi), float(vo), int(ni), int(no), both, node, name(node), company_of]
        rows.append(row)
    rows.sort(key=lambda r: (r[9], r[0], r[2], r[3]))
    return rounded(rows)


@pytest.mark.parametrize("variant", [{}, {"one_way_only": True}, {"as_of": "2015-06-30"}], ids=str)
@pytest.mark.parametrize("zoom", ["sector", "role"])
def test_value_exchange_at_sector_and_role_zoom_matches_pandas(
    industry: Industry, catalog: Catalog, variant: dict[str, Any], zoom: str
) -> None:
    companies = role_companies(industry, 3) if zoom == "role" else sorted(set(industry.companies().sector.dropna()))
    if zoom == "sector":  # a company of each sector, the first by id
        info = industry.companies()
        companies = [min(info.index[info.sector == s]) for s in companies][:4]
    for company in companies:
        expected = exchange_reference(industry, company, zoom, variant.get("one_way_only", False), variant.get("as_of"))
        params = {**variant, "company": company, "zoom": zoom, "limit": 100_000}
        assert run(industry, catalog, "value_exchange", **params) == expected, company
        if len(expected) > 4:
            page = run(industry, catalog, "value_exchange", **params | {"limit": 3, "offset": 2})
            assert page == expected[2:5], company
