"""The supply: the in-memory index and the steps it stands in for give the same answers (both
engines, a hand graph and generated industries), and never an answer from before a write."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from service.analytics.cascade import Cascade, cascade
from service.analytics.rows import ALL_COMPANIES
from service.analytics.supply import CypherSupply, MemorySupply, Supply
from service.analytics.supply_index import supply_index
from service.engines import Engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.ingest.schema import CATEGORIES
from service.queries import Catalog, run_module
from service.queries.steps import Filters, Steps, flow
from tests.conftest import INDUSTRY_SEEDS
from tests.utils.counting import CountingEngine
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import INPUTS, Industry, rounded, running

FILTERS = [
    {"categories": list(INPUTS), "as_of": None},
    {"categories": list(INPUTS), "as_of": "2021-06-30"},
    {"categories": ["money", "product"], "as_of": "2016-01-01"},
]


#: The industry on the embedded engine, whose server also stands for an external FalkorDB.
on_the_embedded_engine = pytest.mark.parametrize(
    "industry", [("falkordb", seed) for seed in INDUSTRY_SEEDS], indirect=True, ids=str
)


def supplies(engine: Engine, catalog: Catalog) -> tuple[Steps, list[Supply]]:
    """The steps of one question, and both supplies of its graph: from the index, from the steps."""
    steps = Steps.of(engine, catalog)
    index = supply_index(steps)
    assert index is not None
    return steps, [MemorySupply(steps, index), CypherSupply(steps)]


def answers(steps: Steps, supply: Supply, ids: list[str], filters: Filters) -> dict[str, Any]:
    """Every method's answer for the companies ``ids``, by company id, in an order of its own."""
    handles = steps.handles(ids)
    nodes = [handles[i] for i in ids]
    everyone = steps.run(ALL_COMPANIES)
    name = {row.node: row.id for row in everyone}

    def pairs(found: Iterable[tuple[Any, Any]]) -> Counter[tuple[str, str]]:
        return Counter((name[a], name[b]) for a, b in found)

    customers = supply.customers_of(nodes, filters)
    receivers = sorted(set(customers) - set(nodes), key=str)
    links = supply.deliverables([row.id for row in everyone], [row.node for row in everyone], filters)
    network = supply.network(filters)
    keys = network.keys(ids)
    inputs = network.inputs(keys)
    reached = network.customers(keys)
    named = network.ids(np.unique(np.r_[keys, reached, inputs.supplier]))
    received = zip(
        *(a.tolist() for a in (inputs.receiver, inputs.supplier, inputs.category, inputs.value)), strict=True
    )
    return {
        "customers_of": Counter(name[c] for c in customers),
        "partners_out": pairs(supply.partners_out(nodes, filters)),
        "partners_in": pairs(supply.partners_in(nodes, filters)),
        "partners_either": pairs(supply.partners_either(nodes, filters)),
        "sourced_only_by": sorted(
            (r, c, sorted(s), round(v, 6)) for r, c, s, v in supply.sourced_only_by(receivers, handles, filters)
        ),
        "deliverables": sorted(
            (everyone[s][0], everyone[t][0], CATEGORIES[c], round(v, 6))
            for s, t, c, v in zip(*(a.tolist() for a in links), strict=True)
        ),
        "co_suppliers": {
            i: Counter({name[x]: n for x, n in supply.co_suppliers(handles[i], filters).items()}) for i in ids[:20]
        },
        "network customers": Counter(named[c] for c in reached.tolist()),
        "network inputs": Counter((named[r], named[s], CATEGORIES[c], round(v, 6)) for r, s, c, v in received),
    }


def expected(flows: pd.DataFrame, ids: list[str]) -> dict[str, Any]:
    """What ``answers`` gives, computed from the deliverables ``flows`` (pandas)."""
    out, into = flows[flows.source.isin(ids)], flows[flows.target.isin(ids)]
    receivers = set(out.target) - set(ids)
    sole = []
    for (r, c), group in flows[flows.target.isin(receivers)].groupby(["target", "category"]):
        if group.source.isin(ids).all():
            sole.append((r, c, sorted(set(group.source)), round(group.value.fillna(0.0).sum(), 6)))
    links = flows[flows.source != flows.target]
    co_suppliers = {}
    for i in ids[:20]:
        customers = set(flows[flows.source == i].target)
        pairs = flows[flows.target.isin(customers) & (flows.source != i)]
        co_suppliers[i] = Counter(source for _, source in set(zip(pairs.target, pairs.source, strict=True)))
    return {
        "customers_of": Counter(out.target),
        "partners_out": Counter(zip(out.source, out.target, strict=True)),
        "partners_in": Counter(zip(into.target, into.source, strict=True)),
        "partners_either": Counter(zip(out.source, out.target, strict=True))
        + Counter(zip(into.target, into.source, strict=True)),
        "sourced_only_by": sorted(sole),
        "deliverables": sorted(
            zip(links.source, links.target, links.category, links.value.fillna(0.0).round(6), strict=True)
        ),
        "co_suppliers": co_suppliers,
        "network customers": Counter(set(out.target)),
        "network inputs": Counter(
            zip(into.target, into.source, into.category, into.value.fillna(0.0).round(6), strict=True)
        ),
    }


HAND = [
    delivers("1", "a", "b", "product", 10.0, critical=True, start="2020-01-01", end="2020-12-31"),
    delivers("2", "a", "b", "service", 5.0),
    delivers("3", "c", "b", "product", 7.0),
    delivers("4", "a", "d", "product", 3.0),
    delivers("5", "d", "e", "money", 2.0),
    delivers("6", "e", "a", "knowledge", 1.0),
    delivers("7", "c", "d", "product", 4.0, start="2022-01-01"),
    delivers("8", "f", "e", "service", 6.0, critical=True),
    delivers("9", "a", "e", "product", 2.5, end="2019-06-30"),
]


@pytest.mark.parametrize("critical_only", [False, True])
@pytest.mark.parametrize("given", FILTERS, ids=["inputs", "inputs as of", "money and product as of"])
def test_both_supplies_answer_alike_on_a_hand_graph(
    engine: Engine, catalog: Catalog, given: dict[str, Any], critical_only: bool
) -> None:
    write(engine, company=[company(c) for c in "abcdef"], delivers=HAND)
    steps, both = supplies(engine, catalog)
    filters = flow(given["categories"], given["as_of"], critical_only)
    flows = pd.DataFrame(HAND).assign(critical=lambda d: d.critical.map({True: "true"}))  # as the CSV reads
    flows = flows[running(flows, given["categories"], given["as_of"], critical_only)]
    for ids in (["a"], ["a", "c"], ["b", "e", "f"]):
        want = expected(flows, ids)
        for supply in both:
            assert answers(steps, supply, ids, filters) == want, (type(supply).__name__, ids)


def test_the_index_gives_handles_and_ids_without_an_engine_call(engine: Engine, catalog: Catalog) -> None:
    write(engine, company=[company(c) for c in "abcdef"], delivers=HAND)
    counting = CountingEngine(engine)
    steps = Steps.of(cast(Engine, counting), catalog)
    index = supply_index(steps)
    assert index is not None
    memory, steps_read = MemorySupply(steps, index), CypherSupply(steps)
    asked = ["e", "ghost", "a", "c"]
    want = steps_read.handles(asked)
    assert sorted(want) == ["a", "c", "e"]
    reads = counting.reads
    handles = memory.handles(asked)
    assert list(handles.items()) == [(i, want[i]) for i in ("e", "a", "c")]  # in the order asked, the unknown left out
    nodes = [handles[i] for i in ("c", "e", "a")]
    assert list(memory.ids(nodes).items()) == list(zip(nodes, ["c", "e", "a"], strict=True))
    network = memory.network(flow(list(INPUTS), None))
    keys = network.keys(["f", "b"])
    assert network.ids(keys) == dict(zip(keys.tolist(), ["f", "b"], strict=True))
    assert counting.reads == reads
    assert memory.ids(nodes) == steps_read.ids(nodes)
    positions = index.companies.positions_of(asked)
    assert positions[1] == -1
    assert index.companies.ids_at(positions[[3, 0, 2]]) == ["c", "e", "a"]
    assert index.companies.positions_of([]).tolist() == []


@pytest.mark.parametrize("critical_only", [False, True])
@pytest.mark.parametrize("given", FILTERS, ids=["inputs", "inputs as of", "money and product as of"])
def test_both_supplies_answer_alike_on_an_industry(
    industry: Industry, catalog: Catalog, given: dict[str, Any], critical_only: bool
) -> None:
    steps, both = supplies(industry.engine, catalog)
    filters = flow(given["categories"], given["as_of"], critical_only)
    flows = industry.flows(given["categories"], given["as_of"], critical_only)
    hubs = list(flows.source.value_counts().index[:2])
    suppliers_of = flows.groupby("target").source.nunique()
    shares = flows[flows.target.isin(suppliers_of[suppliers_of > 1].index)]  # customers others supply too
    sharing = list(shares.source.value_counts().index[:1])  # the filters may leave a top supplier none
    others = random.Random(industry.seed).sample(list(industry.tables["company"]["id"]), 300)
    for ids in (hubs, sharing, others):
        want = expected(flows, ids)
        assert sum(want["customers_of"].values()) > 0
        assert sum(want["network inputs"].values()) > 0 or ids != others
        assert sum(map(len, want["co_suppliers"].values())) > 0 or ids != sharing or shares.empty
        for supply in both:
            assert answers(steps, supply, ids, filters) == want, (type(supply).__name__, ids)


def losses(found: Cascade) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """A cascade's losses and failures by company id."""
    ids = found.ids
    rows = [
        (x.round, ids[x.company], x.category, sorted(ids[s] for s in x.suppliers), round(x.value, 6), x.left)
        for x in found.losses
    ]
    return rows, {ids[c]: level for c, level in found.failed.items()}


@pytest.mark.parametrize("mode", ["full", "direct", "all"])
def test_both_supplies_cascade_alike(industry: Industry, catalog: Catalog, mode: str) -> None:
    _, both = supplies(industry.engine, catalog)
    graph = industry.supply_graph(industry.flows(list(INPUTS)))
    by_degree = sorted(graph, key=lambda n: -graph.out_degree(n))
    lost = 0
    for companies in ([by_degree[0]], [by_degree[1], by_degree[9]], [by_degree[-1]]):
        for as_of in (None, "2020-01-01"):
            filters = flow(list(INPUTS), as_of)
            found = [losses(cascade(supply.network(filters), companies, mode)) for supply in both]
            assert found[0] == found[1], (companies, as_of)
            lost += len(found[0][0])
    assert lost > 0


def test_merger_reach_matches_networkx(industry: Industry, catalog: Catalog) -> None:
    supply = industry.supply_graph(industry.flows(list(INPUTS)))
    by_degree = sorted(supply, key=lambda n: -supply.out_degree(n))
    for acquirer, target, tiers in [(by_degree[0], by_degree[1], 3), (by_degree[3], by_degree[40], 2)]:
        result, _ = run_module(
            industry.engine,
            catalog,
            "merger_scenario",
            {"acquirer": acquirer, "targets": [target], "reach_tiers": tiers},
        )
        merged = nx.contracted_nodes(supply, acquirer, target, self_loops=False)
        reached = nx.single_source_shortest_path_length(merged, acquirer, cutoff=tiers)
        assert result.rows[0][-1] == len(reached) - 1 > 0


def test_answers_follow_each_write(engine: Engine, catalog: Catalog) -> None:
    write(engine, company=[company(c) for c in "abcd"], delivers=[delivers("1", "a", "b"), delivers("2", "c", "d")])

    def reach() -> int:
        result, _ = run_module(engine, catalog, "merger_scenario", {"acquirer": "a", "targets": ["c"]})
        reached: int = result.rows[0][-1]
        return reached

    assert reach() == 2
    write(engine, company=[company("e")], delivers=[delivers("3", "b", "e")])
    assert reach() == 3
    engine.clear()
    write(engine, company=[company(c) for c in "ac"], delivers=[delivers("1", "a", "c")])
    assert reach() == 0


@pytest.fixture
def unindexed(industry: Industry, server: EmbeddedServer) -> Iterator[Engine]:
    """The industry's graph seen as an external FalkorDB is: no index, the steps answer."""
    assert isinstance(industry.engine, FalkorDBEngine)
    engine = FalkorDBEngine(
        server.client(), industry.engine.graph_name, query_timeout_ms=server.limits.query_timeout_ms
    )
    yield engine
    engine.close()


@on_the_embedded_engine
def test_the_steps_answer_as_the_index_does(industry: Industry, unindexed: Engine, catalog: Catalog) -> None:
    assert unindexed.generation is None
    supply = industry.supply_graph(industry.flows(list(INPUTS)))
    by_degree = sorted(supply, key=lambda n: -supply.out_degree(n))
    questions = [("alignment_opportunities", {"company": c, "limit": 50}) for c in by_degree[:3] + by_degree[-300::100]]
    questions += [
        (name, {"acquirer": a, "targets": [b], "as_of": as_of})
        for name in ("merger_scenario", "merger_dependencies", "merger_network_effect")
        for a, b, as_of in [(by_degree[0], by_degree[1], None), (by_degree[2], by_degree[7], "2020-01-01")]
    ]
    questions += [
        ("failure_impact", {"companies": companies, "mode": mode, "as_of": as_of, "limit": 100_000})
        for companies in ([by_degree[0]], [by_degree[1], by_degree[9]], [by_degree[-1]])
        for mode, as_of in [("full", None), ("direct", None), ("all", None), ("full", "2020-01-01")]
    ]
    questions += [
        ("connection_paths", {"a": a, "b": b, "direction": direction, "limit": 50})
        for a, b in [(by_degree[-1], by_degree[0]), (by_degree[5], by_degree[-200])]
        for direction in ("any", "downstream", "upstream")
    ]
    members = industry.tables["member_of"]
    ecosystem, sector = members.target.value_counts().index[0], industry.companies().sector.iloc[0]
    scopes = [{}, {"sector": sector, "as_of": "2020-01-01"}, {"ecosystem": ecosystem}]
    scopes += [{"sector": sector, "ecosystem": ecosystem, "as_of": "2020-01-01"}]
    questions += [("exchange_indicators", scope) for scope in scopes]
    questions += [
        ("exchange_analysis", scope | {"zoom": zoom} | page)
        for scope in scopes
        for zoom in ("company", "sector")
        for page in ({"limit": 100_000}, {"offset": 30, "limit": 20})
    ]
    found: Counter[str] = Counter()
    for name, params in questions:
        expected = rounded(run_module(industry.engine, catalog, name, params)[0].rows)
        assert rounded(run_module(unindexed, catalog, name, params)[0].rows) == expected, (name, params)
        found[name] += len(expected)
    assert min(found.values()) > 0, found
