"""key_players by PageRank: the engine's PageRank is computed once per graph version and held;
a scope ranks its members by it; on Neo4j no GDS projection is left behind, and a server
without the plugin gets a problem naming it."""

from __future__ import annotations

from typing import Any

import pytest

from service.analytics.players import PAGERANK
from service.engines import Engine
from service.errors import PluginMissing
from service.queries import Catalog, run_module
from service.queries.question import Question
from service.queries.steps import Steps
from tests.utils.graphs import company, delivers, tiered_network, write

PROJECTIONS = "CALL gds.graph.list() YIELD graphName RETURN graphName ORDER BY graphName"


def ranked(engine: Engine, catalog: Catalog, **params: Any) -> list[tuple[str, float]]:
    result, _ = run_module(engine, catalog, "key_players", {"measure": "pagerank", **params})
    return [(row[1], row[6]) for row in result.rows]


def held(engine: Engine, catalog: Catalog) -> object:
    return PAGERANK.get(Steps(Question.start(engine, 30_000, "a test"), catalog))


def test_a_scope_ranks_its_members_as_the_whole_network_does(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    whole = ranked(engine, catalog)
    assert [i for i, _ in ranked(engine, catalog, sector="s0")] == [i for i, _ in whole if i in {"a", "d", "g"}]
    assert [i for i, _ in ranked(engine, catalog, ecosystem="eco")] == [i for i, _ in whole if i in {"d", "b"}]
    assert ranked(engine, catalog, limit=2, offset=3) == whole[3:5]


def test_the_pagerank_is_held_per_graph_version(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    first = ranked(engine, catalog)
    assert held(engine, catalog) is held(engine, catalog)  # not computed again for the same graph
    before = held(engine, catalog)
    write(engine, company=[company("h", sector="s0")], delivers=[delivers("gh", "g", "h"), delivers("ah", "a", "h")])
    assert held(engine, catalog) is not before
    again = ranked(engine, catalog)
    assert {i for i, _ in again} == {i for i, _ in first} | {"h"}
    order = [i for i, _ in again]
    assert order.index("h") < order.index("g")  # h is fed by a and g; g by no one


def test_no_projection_is_left_behind_and_a_leftover_is_dropped(neo4j: Engine, catalog: Catalog) -> None:
    tiered_network(neo4j)
    ranked(neo4j, catalog)
    assert neo4j.read(PROJECTIONS).rows == []
    # A projection a killed build left behind: the next build drops it.
    neo4j.read("CALL gds.graph.project('valuenet-pagerank-left', 'Company', 'DELIVERS') YIELD graphName RETURN 1")
    write(neo4j, company=[company("h")])
    ranked(neo4j, catalog)
    assert neo4j.read(PROJECTIONS).rows == []


def test_a_server_without_the_plugin_gets_a_problem_naming_it(neo4j: Engine) -> None:
    with pytest.raises(PluginMissing, match=r"Graph Data Science \(GDS\) plugin"):
        neo4j.read("RETURN gds.version.notHere() AS v")
    with pytest.raises(PluginMissing, match=r"APOC plugin"):
        neo4j.read("CALL apoc.not.here() YIELD value RETURN value")
