"""Query benchmark: every question on a generated industry, through the service and the API,
against networkx or pandas computing the same answer on the already-loaded tables; or, with
``--neo4j``, on the embedded engine and on Neo4j side by side.

    python -m bench.query_bench --companies 1000000 --seed 7          # generate and import first
    python -m bench.query_bench --data DIR --dataset DATASET          # an imported data directory
    python -m bench.query_bench --companies 100000 --neo4j start      # and on a Neo4j of its own

For each module, over varied parameter sets (the largest companies and random ones):
p50 and p95 of the module run by the service (``run_module``); the API's overhead (p50,
per GET over HTTP to the real uvicorn server, of the round trip less the time the server
reports the question took in that same call); the runner's overhead over the module's
text sent straight to the engine (parameter checks, the existence check of named
entities; one-text modules only); and, where one is written here, p50 of networkx/pandas
computing the same answer on the in-memory graph, and its ratio to ours. Everything runs
side by side in one run. The whole 6-tier chains from the largest hubs are also checked
equal, row for row, to networkx's before both are timed.

With ``--neo4j`` (see ``bench/sides.py``) each parameter set runs on both engines, one after
the other, and the table gives p50 and p95 on each, the ratio of the p95s (Neo4j's to the
embedded engine's) and how many answers differ between the two (none should); then the
import's relationships/s and each engine's peak memory (the FalkorDB child, the Neo4j JVM)
and the load average during the run. On the embedded engine the supply index is built
first, as ``valuenet serve`` does at start; on Neo4j the same questions run their steps.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import math
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import fields, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import uvicorn

from bench.sides import LoadAverage, Side, add_arguments, embedded, neo4j, peak_mb, resident_mb
from bench.tables import read_arrow, read_table
from service.analytics import load_catalog
from service.analytics.capability_index import CAPABILITY_INDEX
from service.analytics.name_index import name_index
from service.analytics.per_graph import PerGraph
from service.analytics.supply import CypherSupply, Period
from service.analytics.supply_index import SUPPLY
from service.api import create_app
from service.collector import tune_collector
from service.engines.base import Engine, Result
from service.errors import EntityNotFound, ValuenetError
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.ingest.schema import INPUTS, NODE_TABLES
from service.ingest.sources import open_dataset
from service.ingest.validate import typed_batches
from service.ingest.writer import write_frame
from service.queries import Catalog, run_module
from service.queries.names import BY_ID_OR_NAME, CLOSEST
from service.queries.params import bind
from service.queries.question import Question
from service.queries.steps import Steps

#: Questions over the whole network (seconds at 1M companies): a few sets, no warm-up run.
GLOBAL = {"key_players", "single_points_of_failure"}
Params = dict[str, Any]
NODE_NAMES = {t.name for t in NODE_TABLES}


class Data:
    """The dataset in memory (CSV or Parquet): the companies, and what the references read
    (the deliverables as pandas, the supply graph networkx works on) when one asks for it:
    at 1M companies they take gigabytes, which a run side by side, needing only the
    companies' degrees, leaves to the engines."""

    def __init__(self, folder: Path, seed: int) -> None:
        started = time.perf_counter()
        self.folder = folder
        companies = read_table(folder, "company", ["id", "name", "sector", "country"])
        self.ids = list(companies.id)
        about = companies[["name", "sector", "country"]].astype(object)
        about = about.where(about.notna(), None)  # as the engine returns a missing property
        self.about = dict(zip(self.ids, about.itertuples(index=False, name=None), strict=True))
        links = read_arrow(folder, "delivers", ["source", "target", "source_label", "target_label", "category"])
        between = pc.and_(pc.is_null(links["source_label"]), pc.is_null(links["target_label"]))
        inputs = links.filter(pc.and_(between, pc.is_in(links["category"], pa.array(sorted(INPUTS)))))
        pairs = inputs.group_by(["source", "target"]).aggregate([])
        ends = pc.value_counts(pa.chunked_array(pairs["source"].chunks + pairs["target"].chunks))
        degree = dict(zip(ends.field("values").to_pylist(), ends.field("counts").to_pylist(), strict=True))
        by_degree = sorted(self.ids, key=lambda n: -degree.get(n, 0))  # ties in the companies' order
        rng = random.Random(seed)
        self.hubs, self.others = by_degree[:25], rng.sample(by_degree[25:], 25)
        self.rng = rng
        print(
            f"in memory: {len(self.ids):,} companies, supply graph of {pairs.num_rows:,} links "
            f"({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )

    @functools.cached_property
    def delivers(self) -> pd.DataFrame:
        ends = ["source", "target", "source_label", "target_label"]
        d = read_table(self.folder, "delivers", ["id", *ends, "nature", "category", "value"])
        d = d[d.source_label.isna() & d.target_label.isna()].drop(columns=["source_label", "target_label"])
        return d.assign(value=d.value.astype(float).fillna(0.0))

    @functools.cached_property
    def supply(self) -> nx.DiGraph:
        inputs = self.delivers[self.delivers.category.isin(INPUTS)]
        pairs = inputs.groupby(["source", "target"], as_index=False)["value"].sum()
        supply = nx.DiGraph()
        supply.add_nodes_from(self.ids)
        supply.add_weighted_edges_from(pairs.itertuples(index=False, name=None))
        return supply

    @functools.cached_property
    def either(self) -> Any:
        return self.supply.to_undirected(as_view=True)


def parameter_sets(data: Data) -> dict[str, list[Params]]:
    """At least 50 sets per single-company module (25 hubs, 25 others); fewer for the global ones."""
    companies = data.hubs + data.others
    rng = data.rng
    return {
        "company_profile": [{"id": c} for c in companies],
        **search_sets(data, len(companies)),
        "dependency_chain": [
            {"company": c, "direction": ("up", "down")[i % 2], "max_tier": 3 + 3 * (i % 2)}
            for i, c in enumerate(companies)
        ],
        "failure_impact (hubs, direct)": [{"companies": [c], "mode": "direct"} for c in data.hubs],
        "failure_impact (hubs, full)": [{"companies": [c]} for c in data.hubs],
        "failure_impact (others, full)": [{"companies": [c]} for c in data.others],
        "value_exchange": [{"company": c} for c in companies],
        "alignment_opportunities": [{"company": c} for c in companies],
        "ecosystem_map": [{"center": c, "hops": 1 + i % 2} for i, c in enumerate(companies)],
        # The zooms: a sector's or a role's answer (roles: the hubs, large companies, hold them).
        "dependency_chain (sector zoom)": [
            {"company": c, "direction": ("up", "down")[i % 2], "max_tier": 3, "zoom": "sector"}
            for i, c in enumerate(companies)
        ],
        "dependency_chain (role zoom)": [
            {"company": c, "direction": ("up", "down")[i % 2], "max_tier": 6, "zoom": "role"}
            for i, c in enumerate(data.hubs)
        ],
        "value_exchange (sector zoom)": [{"company": c, "zoom": "sector"} for c in companies],
        "value_exchange (role zoom)": [{"company": c, "zoom": "role"} for c in data.hubs],
        "ecosystem_map (sector zoom)": [
            {"center": c, "hops": 1 + i % 2, "zoom": "sector"} for i, c in enumerate(companies)
        ],
        "ecosystem_map (role zoom)": [
            {"center": c, "hops": 1 + i % 2, "zoom": "role"} for i, c in enumerate(data.hubs)
        ],
        "connection_paths": [{"a": c, "b": rng.choice([o for o in companies if o != c])} for c in companies],
        "value_stream_network": [{"company": c, "hops": 1 + i % 2} for i, c in enumerate(companies)],
        "enterprise_map": [{"company": c} for c in companies],
        "key_players": [
            {"measure": "degree", "sector": "assembly"},
            {"measure": "value", "sector": "finance"},
            {"measure": "pagerank"},
        ],
        "single_points_of_failure": [{"sector": "raw_materials", "min_receivers": 5}],
        "merger_overlap (hub pairs)": [{"a": a, "b": b} for a, b in pairwise(data.hubs)],
        "merger_overlap (small pairs)": [{"a": a, "b": b} for a, b in pairwise(data.others)],
        "merger_scenario (hub pairs)": [{"acquirer": a, "targets": [b]} for a, b in pairwise(data.hubs[:11])],
        "merger_scenario (small pairs)": [{"acquirer": a, "targets": [b]} for a, b in pairwise(data.others[:11])],
        "merger_network_effect (hub + targets)": [
            {"acquirer": a, "targets": [b, o]} for (a, b), o in zip(pairwise(data.hubs[:11]), data.others, strict=False)
        ],
        "market_shares": [{"company": c} for c in companies],
        "supplier_diversity": [{"company": c} for c in companies],
        "capability_landscape": [{"sector": sector} for sector in SECTORS],
        "exchange_analysis": [{"sector": sector, "zoom": zoom} for sector in SECTORS for zoom in ("company", "sector")],
        "exchange_indicators": [{"sector": sector} for sector in SECTORS],
        "network_changes": [{"from": "2015-01-01", "to": "2020-01-01", "sector": sector} for sector in SECTORS],
        "network_changes (offset 20000)": [
            {"from": "2015-01-01", "to": "2020-01-01", "sector": "assembly", "offset": 20000}
        ],
        "network_changes (whole network)": [{"from": "2015-01-01", "to": "2020-01-01"}],
        "network_change_figures": [{"from": "2015-01-01", "to": "2020-01-01", "sector": sector} for sector in SECTORS],
        "network_change_figures (whole network)": [{"from": "2015-01-01", "to": "2020-01-01"}],
    }


def search_sets(data: Data, count: int) -> dict[str, list[Params]]:
    """search_companies on fragments of names of every selectivity: a letter or two (most
    names), three letters, a rare piece of a name (a few), an id's digits (no name), with and
    without a sector or country, and deep pages."""
    rng = random.Random(data.rng.random())
    names: list[str] = [name for name, _sector, _country in data.about.values()]

    def piece(size: int) -> str:
        name = rng.choice(names)
        start = rng.randrange(max(1, len(name) - size + 1))
        return name[start : start + size]

    frequent = ["a", "e", "in", "er", "an", " ", "on", "Co"]
    filters = [
        {key: about[i] for key, i in (("sector", 1), ("country", 2))}
        for about in (data.about[rng.choice(data.ids)] for _ in range(count))
    ]
    return {
        "search_companies (1-2 letters)": [{"q": frequent[i % len(frequent)]} for i in range(count)],
        "search_companies (3 letters)": [{"q": piece(3)} for _ in range(count)],
        "search_companies (rare, 8-12)": [{"q": piece(8 + i % 5)} for i in range(count)],
        "search_companies (no match)": [{"q": rng.choice(data.ids)[-4:]} for _ in range(count)],
        "search_companies (sector)": [
            {"q": [*frequent, ""][i % 9] if i % 2 else piece(4), "sector": f["sector"]} for i, f in enumerate(filters)
        ],
        "search_companies (country)": [
            {"q": [*frequent, ""][i % 9] if i % 2 else piece(4), "country": f["country"]} for i, f in enumerate(filters)
        ],
        "search_companies (both)": [
            {"q": frequent[i % len(frequent)] if i % 2 else "", **f} for i, f in enumerate(filters)
        ],
        "search_companies (offset 500)": [
            {"q": frequent[i % len(frequent)], "offset": 500, "limit": 100} for i in range(count)
        ],
    }


#: search_companies as the engines answered it before the name index: a scan of every
#: name (the module's text until then), the "before" of the search benchmark.
SEARCH_SCAN = """MATCH (c:Company)
WHERE ($sector IS NULL OR c.sector = $sector)
  AND ($country IS NULL OR c.country = $country)
  AND ($q = '' OR toLower(c.name) CONTAINS toLower($q))
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.sector AS sector,
       c.country AS country, c.revenue AS revenue
ORDER BY name, id
SKIP $offset
LIMIT $limit"""


#: The closest companies to a value naming none, as the engines found them before the name
#: index did: a scan of every name and id (``service.queries.names``'s text until then), tried
#: on the value and then on its longest word; the "before" of the failed lookups.
CLOSEST_SCAN = (
    "MATCH (n:Company) WHERE toLower(n.name) CONTAINS $text OR toLower(n.id) CONTAINS $text "
    "RETURN n.id AS id, n.name AS name ORDER BY size(n.name), name, id LIMIT $limit"
)


def naming_none(data: Data, count: int) -> dict[str, list[str]]:
    """Values of a company parameter that name no company, of each kind: a name with a
    letter of its longest word changed (nothing holds it, nor that word: the slowest), a
    name with its last word changed (its longest word is held), a piece of a name in
    capitals, and an id in capitals."""
    rng = random.Random(data.rng.random())
    names = [name for name, _sector, _country in data.about.values()]
    held = set(names) | set(data.ids)

    def changed(name: str, longest: bool) -> str:
        words = name.split()
        i = max(range(len(words)), key=lambda w: len(words[w])) if longest else len(words) - 1
        words[i] = words[i][:1] + "q" + words[i][2:] if longest else words[i] + "x"
        return " ".join(words)

    kinds: dict[str, Callable[[], str]] = {
        "misspelt, held nowhere": lambda: changed(rng.choice(names), True),
        "last word changed": lambda: changed(rng.choice(names), False),
        "a piece of a name, capitals": lambda: rng.choice(names)[2:9].upper(),
        "an id in capitals": lambda: rng.choice(data.ids).upper(),
    }
    return {kind: [v for v in (make() for _ in range(count)) if v not in held] for kind, make in kinds.items()}


def closest_before_after(engines: list[tuple[str, Engine]], catalog: Catalog, data: Data, count: int) -> None:
    """A company parameter naming no company (company_profile's ``id``): the whole failed
    lookup, its closest companies found by the name index (after) and by the scan it
    replaced (before, ``CLOSEST_SCAN``), each value on each engine in turn (a warm-up run,
    then the timed one): p50 and p95 of both, and how many suggestions differ in their ids."""
    heads = f"{'engine':>9} {'sets':>4} {'before p50':>10} {'p95':>8} {'after p50':>10} {'p95':>8} {'differ':>6}"
    print(f"\n{'a failed lookup (closest)':30} {heads}")
    for kind, values in naming_none(data, count).items():
        for side, engine in engines:
            before, after, differ = [], [], 0
            for value in values:
                scanned_before(engine, value)
                started = time.perf_counter()
                scanned = scanned_before(engine, value)
                before.append(time.perf_counter() - started)
                suggested(engine, catalog, value)
                started = time.perf_counter()
                found = suggested(engine, catalog, value)
                after.append(time.perf_counter() - started)
                differ += scanned != found
            print(
                f"{kind:30} {side.split(' (')[0]:>9} {len(after):4d} "
                f"{statistics.median(before) * 1e3:10.1f} {percentile(before, 0.95) * 1e3:8.1f} "
                f"{statistics.median(after) * 1e3:10.1f} {percentile(after, 0.95) * 1e3:8.1f} {differ:6d}",
                flush=True,
            )


def scanned_before(engine: Engine, value: str) -> list[str]:
    """The ids a failed lookup suggested before the name index: the read by id and name, then
    the scan on the value, then on its longest word."""
    engine.read(BY_ID_OR_NAME, {"values": [value]})
    for text in (value, max(value.split(), key=len, default="")):
        rows = engine.read(CLOSEST_SCAN, {"text": text.lower(), "limit": CLOSEST}).rows if text else []
        if rows:
            return [row[0] for row in rows]
    return []


def suggested(engine: Engine, catalog: Catalog, value: str) -> list[str]:
    """The ids company_profile suggests for ``id=value`` (which must name no company)."""
    try:
        run_module(engine, catalog, "company_profile", {"id": value})
    except EntityNotFound as exc:
        return [id_ for id_, _name in exc.closest]
    raise SystemExit(f"{value!r} names a company")


#: Scopes of the sector-wide questions: a large sector, a middle one and a small one.
SECTORS = ("assembly", "finance", "raw_materials")


def references(data: Data) -> dict[str, Callable[[Params], Any]]:
    """networkx or pandas computing the same answer as the module, for the ratio."""

    def dependency_chain(p: Params) -> list[tuple[Any, ...]]:
        """The module's rows: tier, id, name, sector, country, via, value."""
        up = p["direction"] == "up"
        graph = data.supply.reverse(copy=False) if up else data.supply
        tier = nx.single_source_shortest_path_length(graph, p["company"], cutoff=p["max_tier"])
        page = sorted((t, n) for n, t in tier.items() if t > 0)[: p.get("limit", 100)]
        links = data.supply.succ if up else data.supply.pred
        rows = []
        for t, n in page:
            value, via = min((-w["weight"], m) for m, w in links[n].items() if tier.get(m) == t - 1)
            rows.append((t, n, *data.about[n], via, -value))
        return rows

    def value_exchange(p: Params) -> pd.DataFrame:
        d = data.delivers
        mine = d[(d.source == p["company"]) ^ (d.target == p["company"])]
        out = mine.source == p["company"]
        mine = mine.assign(counterpart=mine.target.where(out, mine.source), out=out)
        return mine.groupby(["counterpart", "nature", "category", "out"])["value"].sum().head(100)

    def connection_paths(p: Params) -> list[list[str]]:
        try:
            return sorted(nx.all_shortest_paths(data.either, p["a"], p["b"]))[:10]
        except nx.NetworkXNoPath:
            return []

    def merger_overlap(p: Params) -> dict[str, float]:
        """The customer and supplier dimensions of the overlap, with pandas."""
        d = data.delivers[data.delivers.category.isin(INPUTS)]
        parties = {p["a"], p["b"]}
        jaccard = {}
        for dimension, side, other in (("customers", "source", "target"), ("suppliers", "target", "source")):
            a, b = (set(d[d[side] == x][other]) - parties for x in (p["a"], p["b"]))
            jaccard[dimension] = len(a & b) / len(a | b) if a | b else 0.0
        return jaccard

    return {
        "dependency_chain": dependency_chain,
        "value_exchange": value_exchange,
        "connection_paths": connection_paths,
        "merger_overlap": merger_overlap,
    }


class Api:
    """The real API served by uvicorn on a local port, called over one keep-alive connection."""

    def __init__(self, engine: Engine, catalog: Catalog) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(engine, catalog), host="127.0.0.1", port=self.port, log_level="error", timeout_keep_alive=3600
        )
        self.server = uvicorn.Server(config)
        threading.Thread(target=self.server.run, daemon=True).start()
        while not self.server.started:
            time.sleep(0.01)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port)

    def get(self, name: str, params: Params) -> float:
        """The API's own share of one call: the round trip less the question's time, which the
        server reports in ``Server-Timing`` (one call, so the engine's noise cancels out)."""
        query = urllib.parse.urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in params.items()})
        started = time.perf_counter()
        self.connection.request("GET", f"/v1/queries/{name}?{query}")
        response = self.connection.getresponse()
        response.read()
        took = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"API {name} {params}: HTTP {response.status}")
        return took - float(response.getheader("server-timing", "").split(";dur=")[1]) / 1e3

    def close(self) -> None:
        self.connection.close()
        self.server.should_exit = True


def timed(call: Callable[..., Any], *args: Any) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def raw(engine: Engine, catalog: Catalog, name: str, params: Params) -> float | None:
    """The module's text sent straight to the engine (None for a procedure)."""
    module = catalog.get(name)
    if not module.texts:
        return None
    return timed(engine.read, module.text_for(engine.dialect).cypher, bind(module, params))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="an embedded data directory holding the industry")
    parser.add_argument("--dataset", type=Path, help="the dataset (CSV) that directory was imported from")
    parser.add_argument("--companies", type=int, default=100_000, help="generate this many companies first")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--modules",
        help="only these modules (comma-separated); 'closest': a company parameter naming none, before and after",
    )
    parser.add_argument("--sets", type=int, default=50, help="parameter sets per single-company module (default 50)")
    add_arguments(parser)
    parser.add_argument(
        "--neo4j-load",
        choices=["import", "batches", "none"],
        default="import",
        help="load the dataset into Neo4j through valuenet's import (the default; by batches if it fails), by "
        "batches each committed on its own, or not at all (the graph already holds it)",
    )
    args = parser.parse_args()
    with LoadAverage() as load:
        imports: dict[str, str] = {}
        if args.data is None:
            work = Path(tempfile.mkdtemp(prefix="valuenet-bench-"))
            args.data, args.dataset = work / "engine", work / "dataset"
            generate_dataset(args.companies, args.seed, args.dataset, "csv")
            sides = [embedded(args.data)]
            imports[sides[0].name] = imported(sides[0], args.dataset, "import")
        else:
            sides = [embedded(args.data, fresh=False)]
        if args.neo4j:
            sides.append(neo4j(args))
            if args.neo4j_load != "none":
                imports[sides[1].name] = imported(sides[1], args.dataset, args.neo4j_load)
        try:
            if len(sides) == 1:
                embedded_only(sides[0].engine, args)
            else:
                side_by_side(sides, args)
            for side in sides:
                if side.name in imports:
                    print(f"import into {side.name}: {imports[side.name]}")
            for side in sides:
                peak, now = peak_mb(side.pid), resident_mb(side.pid)
                print(f"{side.name}: peak RSS of the engine {peak:,.0f} MB, now {now:,.0f} MB")
        finally:
            for side in sides:
                side.close()
    print(load)
    return 0


def imported(side: Side, dataset: Path, how: str) -> str:
    """Load ``dataset`` into the side's engine, replacing its graph; say how fast. ``how`` is
    ``import`` (through valuenet, all or nothing; on Neo4j, by batches if that fails) or
    ``batches`` (each batch its own transaction, Neo4j only)."""
    print(f"loading into {side.name} ...", file=sys.stderr, flush=True)
    failed = ""
    if how == "import":
        try:
            summary = import_dataset(side.engine, dataset, replace=True)
        except ValuenetError as exc:
            if side.engine.dialect != "neo4j":
                raise SystemExit(f"import into {side.name} failed: {exc}") from exc
            failed = f"; the import through valuenet failed ({exc}), so"
        else:
            relationships = sum(rows for name, rows in summary.rows.items() if name not in NODE_NAMES)
            rate = relationships / summary.seconds
            return f"{relationships:,} relationships in {summary.seconds:,.0f} s, {rate:,.0f}/s ({summary.method})"
    started = time.perf_counter()
    relationships = batch_loaded(side.engine, dataset)
    took = time.perf_counter() - started
    rate = relationships / took
    return (
        f"{relationships:,} relationships in {took:,.0f} s, {rate:,.0f}/s{failed} loaded in one transaction "
        "per batch of the import's upserts (not all or nothing)"
    )


def batch_loaded(engine: Engine, dataset: Path) -> int:
    """Write the dataset with the import's own upserts, each batch committed on its own:
    the graph a failed one-transaction import would have made. Returns relationships written."""
    engine.clear()
    relationships = 0
    with open_dataset(dataset) as files:
        for table_file in files:
            written = sum(write_frame(engine, table_file.table, frame) for frame in typed_batches(table_file))
            relationships += 0 if table_file.table.name in NODE_NAMES else written
    return relationships


def chosen_sets(data: Data, args: argparse.Namespace) -> dict[str, list[Params]]:
    """The parameter sets of the modules ``--modules`` names: ``--sets`` of each at most, evenly
    spread (hubs and others alike)."""
    sets = parameter_sets(data)
    return {
        label: [params[i * len(params) // args.sets] for i in range(args.sets)] if len(params) > args.sets else params
        for label, params in sets.items()
        if wanted(args, label.split(" (")[0])
    }


def wanted(args: argparse.Namespace, name: str) -> bool:
    """Whether ``--modules`` names ``name`` (or is not given)."""
    return not args.modules or name in args.modules.split(",")


def embedded_only(engine: Engine, args: argparse.Namespace) -> None:
    """The embedded engine's times, with the API's and the runner's overhead, against networkx/pandas."""
    catalog = load_catalog()
    data = Data(args.dataset, args.seed)
    # The collector's policy of a valuenet process, for both sides: the service's
    # networkx graph and tables are frozen out of its passes as the catalog is.
    tune_collector()
    sets = chosen_sets(data, args)
    refs = references(data)
    index_built(engine, catalog, SUPPLY)
    index_built(engine, catalog, CAPABILITY_INDEX)
    name_index_built(engine, catalog)
    if wanted(args, "closest"):  # a few minutes at most: first
        closest_before_after([("embedded", engine)], catalog, data, args.sets)
    api = Api(engine, catalog)
    print(
        f"{'module':30} {'sets':>4} {'p50 ms':>8} {'p95 ms':>8} {'API +ms':>8} {'runner +ms':>10} "
        f"{'nx/pd p50 ms':>12} {'nx/pd ÷ ours':>12}"
    )
    try:
        for label, chosen in sets.items():
            name = label.split(" (")[0]  # "merger_overlap (hub pairs)" runs merger_overlap
            ours: list[float] = []
            web: list[float] = []
            runner: list[float] = []
            theirs: list[float] = []
            for params in chosen:
                if name not in GLOBAL:
                    run_module(engine, catalog, name, params)  # warm the caches the same way for both
                ours.append(timed(run_module, engine, catalog, name, params))
                # A whole-network question has few sets: three calls make its API p50 a median.
                web.extend(api.get(name, params) for _ in range(3 if name in GLOBAL else 1))
                engine_only = raw(engine, catalog, name, params)
                if engine_only is not None:
                    runner.append(timed(run_module, engine, catalog, name, params) - engine_only)
                if name in refs and params.get("zoom", "company") == "company":  # written for companies
                    theirs.append(timed(refs[name], params))
            ref = (
                f"{statistics.median(theirs) * 1e3:12.1f} {statistics.median(theirs) / statistics.median(ours):12.2f}"
                if theirs
                else f"{'—':>12} {'—':>12}"
            )
            extra = f"{statistics.median(runner) * 1e3:10.2f}" if runner else f"{'—':>10}"
            print(
                f"{label:30} {len(ours):4d} {statistics.median(ours) * 1e3:8.1f} {percentile(ours, 0.95) * 1e3:8.1f} "
                f"{statistics.median(web) * 1e3:8.2f} {extra} {ref}",
                flush=True,
            )
        if any(label.startswith("dependency_chain") for label in sets):
            full_chain(engine, catalog, data)
        search_before_after([("embedded", engine)], catalog, sets)
        changes_before_after(engine, catalog, sets)
    finally:
        api.close()


def side_by_side(sides: list[Side], args: argparse.Namespace) -> None:
    """Each parameter set on each engine in turn (a warm-up run, then the timed one): p50
    and p95 per engine, the ratio of the p95s, and how many answers differ."""
    catalog = load_catalog()
    data = Data(args.dataset, args.seed)
    tune_collector()  # as embedded_only
    sets = chosen_sets(data, args)
    for side in sides:
        index_built(side.engine, catalog, SUPPLY)
        index_built(side.engine, catalog, CAPABILITY_INDEX)
        name_index_built(side.engine, catalog)
    if wanted(args, "closest"):  # a few minutes at most: first
        closest_before_after([(side.name, side.engine) for side in sides], catalog, data, args.sets)
    first, other = sides
    print(f"{'':36}{first.name:>22}  {other.name}")
    print(
        f"{'module':30} {'sets':>4} {'p50 ms':>10} {'p95 ms':>10} {'p50 ms':>10} {'p95 ms':>10} "
        f"{'p95 ratio':>10} {'differ':>6}"
    )
    for label, chosen in sets.items():
        name = label.split(" (")[0]
        try:
            times, differ = both_timed(sides, catalog, name, chosen)
        except ValuenetError as exc:  # a failure at this scale is a finding: say it, go on
            print(f"{label:30} failed: {type(exc).__name__}: {exc}", flush=True)
            continue
        ours, theirs = times
        print(
            f"{label:30} {len(ours):4d} {statistics.median(ours) * 1e3:10.1f} {percentile(ours, 0.95) * 1e3:10.1f} "
            f"{statistics.median(theirs) * 1e3:10.1f} {percentile(theirs, 0.95) * 1e3:10.1f} "
            f"{percentile(theirs, 0.95) / percentile(ours, 0.95):10.2f} {differ:6d}",
            flush=True,
        )
    search_before_after([(side.name, side.engine) for side in sides], catalog, sets)


def both_timed(sides: list[Side], catalog: Catalog, name: str, chosen: list[Params]) -> tuple[list[list[float]], int]:
    """Each parameter set on each side in turn (a warm-up run, then the timed one): the
    times per side, and how many answers differ."""
    times: list[list[float]] = [[], []]
    differ = 0
    for params in chosen:
        answers = []
        for i, side in enumerate(sides):
            if name not in GLOBAL:
                run_module(side.engine, catalog, name, params)
            started = time.perf_counter()
            result, _ = run_module(side.engine, catalog, name, params)
            times[i].append(time.perf_counter() - started)
            answers.append(comparable(result))
        differ += answers[0] != answers[1]
    return times, differ


def comparable(result: Result) -> Any:
    """An answer's rows (and a map's nodes) with floats rounded: two engines may sum the
    same values in another order."""

    def rounded(value: Any) -> Any:
        if isinstance(value, float):
            return float(f"{value:.9g}")
        if isinstance(value, list):
            return [rounded(v) for v in value]
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        return value

    return rounded([result.rows, result.nodes])


def index_built(engine: Engine, catalog: Catalog, held: PerGraph[Any]) -> None:
    """Build an index held per graph version (the supply index the merger questions read,
    capability_landscape's) as the service does at start; say how long it took and its size."""
    started = time.perf_counter()
    index = held.get(Steps(Question.start(engine, engine.index_timeout_ms, f"the {held.what} build"), catalog))
    if index is not None:
        arrays = [a for f in fields(index) if isinstance(a := getattr(index, f.name), np.ndarray)]
        print(
            f"{held.what}: {index} in {time.perf_counter() - started:.1f} s "
            f"({sum(a.nbytes for a in arrays) / 2**20:,.0f} MiB of arrays)",
            flush=True,
        )


def name_index_built(engine: Engine, catalog: Catalog) -> None:
    """Build search_companies's name index as the service does at start; say how long it took and its size."""
    started = time.perf_counter()
    index = name_index(Steps.of(engine, catalog))
    took = time.perf_counter() - started
    arrays = [index.starts, index.ids, index.keys, index.key_starts, index.ranks]
    size = len(index.text) + sum(a.nbytes for a in arrays)
    size += sum(a.nbytes for facet in (index.sector, index.country) for a in (facet.codes, facet.ranks, facet.bounds))
    print(f"name index: {index} in {took:.1f} s ({size / 2**20:,.0f} MiB)", flush=True)


def search_before_after(engines: list[tuple[str, Engine]], catalog: Catalog, sets: dict[str, list[Params]]) -> None:
    """search_companies's parameter sets answered by the name index (after) and by the scan
    it replaced (before, ``SEARCH_SCAN``), each set on each engine in turn (a warm-up run,
    then the timed one): p50 and p95 of both, and how many answers differ in their ids."""
    chosen = {label: params for label, params in sets.items() if label.startswith("search_companies")}
    if not chosen:
        return
    module = catalog.get("search_companies")
    heads = f"{'engine':>9} {'sets':>4} {'before p50':>10} {'p95':>8} {'after p50':>10} {'p95':>8} {'differ':>6}"
    print(f"\n{'search_companies':30} {heads}")
    for label, sets_of_label in chosen.items():
        for side, engine in engines:
            before, after, differ = [], [], 0
            for params in sets_of_label:
                bound = bind(module, params)
                engine.read(SEARCH_SCAN, bound)
                started = time.perf_counter()
                scanned = engine.read(SEARCH_SCAN, bound).rows
                before.append(time.perf_counter() - started)
                run_module(engine, catalog, "search_companies", params)
                started = time.perf_counter()
                result, _ = run_module(engine, catalog, "search_companies", params)
                after.append(time.perf_counter() - started)
                differ += [row[0] for row in scanned] != [row[0] for row in result.rows]
            print(
                f"{label[len('search_companies ') :]:30} {side.split(' (')[0]:>9} {len(after):4d} "
                f"{statistics.median(before) * 1e3:10.1f} {percentile(before, 0.95) * 1e3:8.1f} "
                f"{statistics.median(after) * 1e3:10.1f} {percentile(after, 0.95) * 1e3:8.1f} {differ:6d}",
                flush=True,
            )


def changes_before_after(engine: Engine, catalog: Catalog, sets: dict[str, list[Params]]) -> None:
    """network_changes and network_change_figures answered from the supply index (after)
    and by the Cypher the index replaced, still their steps where none is held (before:
    ``CypherSupply``), each set once each way (the index's after a warm-up run): p50 and p95
    of both, and how many answers differ. The whole network's Cypher is not run (minutes)."""
    chosen = {label: params for label, params in sets.items() if label.split(" (")[0] in CHANGES}
    if not chosen:
        return
    heads = f"{'sets':>4} {'before p50':>10} {'p95':>8} {'after p50':>10} {'p95':>8} {'differ':>6}"
    print(f"\n{'module (before: Cypher)':40} {heads}")
    for label, sets_of_label in chosen.items():
        name = label.split(" (")[0]
        before, after, differ = [], [], 0
        for params in sets_of_label:
            run_module(engine, catalog, name, params)
            started = time.perf_counter()
            result, _ = run_module(engine, catalog, name, params)
            after.append(time.perf_counter() - started)
            if "whole network" in label:
                continue
            started = time.perf_counter()
            former = former_changes(engine, catalog, name, params)
            before.append(time.perf_counter() - started)
            differ += comparable(replace(result, rows=former)) != comparable(result)
        was = (
            f"{statistics.median(before) * 1e3:10.1f} {percentile(before, 0.95) * 1e3:8.1f}"
            if before
            else f"{'—':>10} {'—':>8}"
        )
        print(
            f"{label:40} {len(after):4d} {was} {statistics.median(after) * 1e3:10.1f} "
            f"{percentile(after, 0.95) * 1e3:8.1f} {differ:6d}",
            flush=True,
        )


#: The questions about a period the supply index answers, and their steps where it is not held.
CHANGES = {"network_changes", "network_change_figures"}


def former_changes(engine: Engine, catalog: Catalog, name: str, params: Params) -> list[list[Any]]:
    """The rows of ``name`` (of CHANGES) by its steps, as an external FalkorDB gets them."""
    bound = bind(catalog.get(name), params)
    period = Period(bound["from"], bound["to"], bound.get("sector"), bound.get("ecosystem"))
    supply = CypherSupply(Steps.of(engine, catalog))
    if name == "network_changes":
        return [list(row) for row in supply.network_changes(period, bound["offset"], bound["limit"])]
    return [[figure, key, a, b, b - a] for figure, key, a, b in supply.change_figures(period, bound["top"])]


def full_chain(engine: Engine, catalog: Catalog, data: Data) -> None:
    """dependency_chain 6 tiers up from the three largest hubs, the whole answer, against networkx."""
    ours, theirs, sizes = [], [], []
    reference = references(data)["dependency_chain"]
    for hub in data.hubs[:3]:
        params = {"company": hub, "max_tier": 6, "limit": 1_000_000}
        result, _ = run_module(engine, catalog, "dependency_chain", params)
        same(result.rows, reference({**params, "direction": "up"}), hub)
        sizes.append(len(result.rows))
        ours.append(timed(run_module, engine, catalog, "dependency_chain", params))
        theirs.append(timed(reference, {**params, "direction": "up"}))
    for size, a, b in zip(sizes, ours, theirs, strict=True):
        print(f"full chain 6 up from a hub: {size:,} companies, ours {a:.2f} s, networkx {b:.2f} s", flush=True)
    print(
        f"full chain median: ours {statistics.median(ours):.2f} s, networkx {statistics.median(theirs):.2f} s, "
        f"networkx ÷ ours {statistics.median(theirs) / statistics.median(ours):.2f}"
    )


def same(ours: list[list[Any]], theirs: list[tuple[Any, ...]], hub: str) -> None:
    """Stop the run unless both computed the same chain: values summed in another order may
    differ in their last bits, everything else must be equal."""
    for mine, other in zip(ours, theirs, strict=True):
        mine = mine[: len(other)]  # the company zoom's last two columns (1, the id) are not networkx's
        if mine[:-1] != list(other[:-1]) or not math.isclose(mine[-1], other[-1], rel_tol=1e-9):
            raise SystemExit(f"full chain from {hub}: ours {mine} but networkx {list(other)}")


if __name__ == "__main__":
    raise SystemExit(main())
