"""The in-memory supply index (embedded engine): the same answers as the steps it stands in
for, and never an answer from before a write."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from service.analytics.supply_index import supply_index
from service.engines import Engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.queries import Catalog, run_module
from service.queries.steps import Steps, flow
from tests.conftest import INDUSTRY_SEEDS
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import INPUTS, Industry, rounded

FILTERS = [
    {"categories": list(INPUTS), "as_of": None},
    {"categories": list(INPUTS), "as_of": "2021-06-30"},
    {"categories": ["money", "product"], "as_of": "2016-01-01"},
]


#: The index exists on the embedded engine only, where valuenet sees every write.
on_the_embedded_engine = pytest.mark.parametrize(
    "industry", [("falkordb", seed) for seed in INDUSTRY_SEEDS], indirect=True, ids=str
)


def indexed(engine: Engine, catalog: Catalog) -> tuple[Steps, Any]:
    assert engine.generation is not None
    steps = Steps.of(engine, catalog)
    return steps, supply_index(steps)


@on_the_embedded_engine
@pytest.mark.parametrize("critical_only", [False, True])
@pytest.mark.parametrize("given", FILTERS, ids=["inputs", "inputs as of", "money and product as of"])
def test_index_gives_what_the_steps_give(
    industry: Industry, catalog: Catalog, given: dict[str, Any], critical_only: bool
) -> None:
    steps, index = indexed(industry.engine, catalog)
    filters = flow(given, critical_only)
    ids = list(industry.tables["company"]["id"])
    handles = steps.handles(random.Random(industry.seed).sample(ids, 300))
    nodes = sorted(handles.values())
    expected = Counter(row[1] for row in steps.rows("partners_out", nodes, **filters))
    assert Counter(index.successors(nodes, filters).tolist()) == expected
    assert sum(expected.values()) > 0

    flows = industry.flows(given["categories"], given["as_of"], critical_only)
    parties = steps.handles(list(flows.source.value_counts().index[:2]))
    receivers = sorted(set(index.successors(list(parties.values()), filters).tolist()) - set(parties.values()))
    among = list(parties.values())
    expected_rows = sorted(
        (r, category, sorted(suppliers), value)
        for r, category, suppliers, value in steps.rows("sourced_only_by", receivers, parties=among, **filters)
    )
    ids_of = steps.ids(receivers + among)
    rows = sorted(
        (ids_of[r], category, sorted(ids_of[s] for s in suppliers), value)
        for r, category, suppliers, value in index.sourced_only_by(receivers, among, filters)
    )
    assert [row[:3] for row in rows] == [row[:3] for row in expected_rows]
    assert all(math.isclose(a[3], b[3]) for a, b in zip(rows, expected_rows, strict=True))


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
        ("connection_paths", {"a": a, "b": b, "direction": direction, "limit": 50})
        for a, b in [(by_degree[-1], by_degree[0]), (by_degree[5], by_degree[-200])]
        for direction in ("any", "downstream", "upstream")
    ]
    found: Counter[str] = Counter()
    for name, params in questions:
        expected = rounded(run_module(industry.engine, catalog, name, params)[0].rows)
        assert rounded(run_module(unindexed, catalog, name, params)[0].rows) == expected, (name, params)
        found[name] += len(expected)
    assert min(found.values()) > 0, found
