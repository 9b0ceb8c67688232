"""ecosystem_map, dependency_chain and value_exchange at sector and role zoom, checked by hand."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engine
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import rounded


def role_flow(id: str, source: str, target: str, category: str, value: float | None) -> dict[str, Any]:
    return delivers(id, source, target, category=category, value=value, source_label="Role", target_label="Role")  # type: ignore[arg-type]


def zoomed(engine: Engine) -> None:
    """Companies a, b (s1), c, e, f (s2), d (s3); roles ra1, ra2 (of a), rb1 (of b), rc1, rc2 (of c).

    b --product 10--> a --money 10--> b; c --service 6--> a; c --information 4--> b;
    e --product 3 and 4--> c; d --data 2--> c; f --product 1--> a; d --data 9--> b.
    Roles: ra1 --knowledge 1--> ra2 --data 2--> ra1; rb1 --information 2--> ra1;
    rc1 --data 5--> rb1; rc2 --knowledge (no value)--> rc1; ra2 --information 3--> rc2;
    and rc1 --knowledge 7--> the company a (a role to a company: drawn at no zoom here)."""
    write(
        engine,
        company=[
            company("a", sector="s1", country="DE", revenue=10.0),
            company("b", sector="s1", country="FR", revenue=20.0),
            company("c", sector="s2", country="US", revenue=30.0),
            company("d", sector="s3", country="CL", revenue=1.0),
            company("e", sector="s2", country="US", revenue=2.0),
            company("f", sector="s2", country="US", revenue=5.0),
        ],
        role=[
            {"id": "ra1", "name": "A Buying", "function": "procurement"},
            {"id": "ra2", "name": "A Research", "function": "research"},
            {"id": "rb1", "name": "B Sales", "function": "sales"},
            {"id": "rc1", "name": "C Ops", "function": "operations"},
            {"id": "rc2", "name": "C Research", "function": "research"},
        ],
        has_role=[
            {"source": "a", "target": "ra1"},
            {"source": "a", "target": "ra2"},
            {"source": "b", "target": "rb1"},
            {"source": "c", "target": "rc1"},
            {"source": "c", "target": "rc2"},
        ],
        delivers=[
            delivers("1", "b", "a", value=10.0),
            delivers("2", "a", "b", category="money", value=10.0),
            delivers("3", "c", "a", category="service", value=6.0),
            delivers("4", "c", "b", category="information", value=4.0),
            delivers("5", "e", "c", value=3.0),
            delivers("6", "d", "c", category="data", value=2.0),
            delivers("7", "e", "c", value=4.0),
            delivers("8", "f", "a", value=1.0),
            delivers("9", "d", "b", category="data", value=9.0),
            role_flow("r1", "ra1", "ra2", "knowledge", 1.0),
            role_flow("r2", "rb1", "ra1", "information", 2.0),
            role_flow("r3", "rc1", "rb1", "data", 5.0),
            role_flow("r4", "rc2", "rc1", "knowledge", None),
            role_flow("r5", "ra2", "rc2", "information", 3.0),
            role_flow("r7", "ra2", "ra1", "data", 2.0),
            delivers("r6", "rc1", "a", category="knowledge", value=7.0, source_label="Role"),
        ],
    )


def answer(engine: Engine, catalog: Catalog, name: str, **params: Any) -> tuple[list[list[Any]], Any]:
    result, _ = run_module(engine, catalog, name, params)
    return rounded(result.rows), result.nodes


S1_S1 = [
    ["s1>s1:money", "s1", "s1", None, "tangible", "money", 10.0, False, 1],
    ["s1>s1:product", "s1", "s1", None, "tangible", "product", 10.0, False, 1],
]
# hop 1 from a: b, c and f; c and f are in s2
S2_S1 = [
    ["s2>s1:information", "s2", "s1", None, "intangible", "information", 4.0, False, 1],
    ["s2>s1:product", "s2", "s1", None, "tangible", "product", 1.0, False, 1],
    ["s2>s1:service", "s2", "s1", None, "tangible", "service", 6.0, False, 1],
]
# hop 2: d and e; e's two deliverables to c summed into one edge inside s2
HOP_2 = [
    ["s2>s2:product", "s2", "s2", None, "tangible", "product", 7.0, False, 2],
    ["s3>s1:data", "s3", "s1", None, "intangible", "data", 9.0, False, 1],
    ["s3>s2:data", "s3", "s2", None, "intangible", "data", 2.0, False, 1],
]
# (id, companies on the map, their revenue, lowest hop)
SECTORS_1 = [("s1", 2, 30.0, 0), ("s2", 2, 35.0, 1)]
SECTORS_2 = [("s1", 2, 30.0, 0), ("s2", 3, 37.0, 1), ("s3", 1, 1.0, 2)]
# every role-to-role deliverable of a, b and c, inside a company or across two; not rc1 -> a
ROLE_EDGES = [
    ["r1", "ra1", "ra2", None, "intangible", "knowledge", 1.0, False, 1],
    ["r7", "ra2", "ra1", None, "intangible", "data", 2.0, False, 1],
    ["r5", "ra2", "rc2", None, "intangible", "information", 3.0, False, 1],
    ["r2", "rb1", "ra1", None, "intangible", "information", 2.0, False, 1],
    ["r3", "rc1", "rb1", None, "intangible", "data", 5.0, False, 1],
    ["r4", "rc2", "rc1", None, "intangible", "knowledge", None, False, 1],
]
# (id, company, function, hop of its company)
ROLES = [("ra1", "a", "procurement", 0), ("ra2", "a", "research", 0), ("rb1", "b", "sales", 1)]
ROLES += [("rc1", "c", "operations", 1), ("rc2", "c", "research", 1)]


@pytest.mark.parametrize(
    ("params", "edges", "nodes"),
    [
        ({"zoom": "sector"}, S1_S1 + S2_S1, SECTORS_1),
        ({"zoom": "sector", "hops": 2}, S1_S1 + S2_S1 + HOP_2, SECTORS_2),
        # b alone fits beside a: capped, and only s1's own flows are left
        ({"zoom": "sector", "max_nodes": 2}, [[*e[:7], True, 1] for e in S1_S1], [("s1", 2, 30.0, 0)]),
        ({"zoom": "role"}, ROLE_EDGES, ROLES),
        ({"zoom": "role", "hops": 0}, [ROLE_EDGES[0], ROLE_EDGES[1]], ROLES[:2]),
        ({"zoom": "role", "natures": "tangible"}, [], ROLES),
    ],
)
def test_ecosystem_map_at_sector_and_role_zoom(
    engine: Engine, catalog: Catalog, params: dict[str, Any], edges: list[list[Any]], nodes: list[tuple[Any, ...]]
) -> None:
    zoomed(engine)
    rows, drawn = answer(engine, catalog, "ecosystem_map", center="a", **params)
    assert rows == edges
    if params["zoom"] == "sector":
        assert [(n["id"], n["companies"], n["revenue"], n["hop"]) for n in drawn] == nodes
        assert {n["label"] for n in drawn} == {"Sector"}
    else:
        assert [(n["id"], n["company"], n["function"], n["hop"]) for n in drawn] == nodes
        assert {n["label"] for n in drawn} == {"Role"}


def test_ecosystem_map_at_company_zoom_counts_one_deliverable_an_edge(engine: Engine, catalog: Catalog) -> None:
    zoomed(engine)
    rows, nodes = answer(engine, catalog, "ecosystem_map", center="a")
    assert [(r[0], r[1], r[2], r[8]) for r in rows] == [
        ("2", "a", "b", 1),
        ("1", "b", "a", 1),
        ("3", "c", "a", 1),
        ("4", "c", "b", 1),
        ("8", "f", "a", 1),
    ]
    assert [n["id"] for n in nodes] == ["a", "b", "c", "f"]


# tier, id, name, sector, country, via, value, companies, company
COMPANY_CHAIN = [
    [1, "b", "B", "s1", "FR", "a", 10.0, 1, "b"],
    [1, "c", "C", "s2", "US", "a", 6.0, 1, "c"],
    [1, "f", "F", "s2", "US", "a", 1.0, 1, "f"],
    # d supplies b (9) and c (2): through b
    [2, "d", "D", "s3", "CL", "b", 9.0, 1, "d"],
    [2, "e", "E", "s2", "US", "c", 7.0, 1, "e"],
]
SECTOR_CHAIN = [
    [1, "s1", "s1", "s1", None, "s1", 10.0, 1, None],
    # c (6) and f (1) both reached at tier 1
    [1, "s2", "s2", "s2", None, "s1", 7.0, 2, None],
    [2, "s2", "s2", "s2", None, "s2", 7.0, 1, None],
    [2, "s3", "s3", "s3", None, "s1", 9.0, 1, None],
]
# tier 0 is ra1 and ra2: their flows to each other are not followed
ROLE_UP = [
    [1, "rb1", "B Sales", "s1", "FR", "ra1", 2.0, 1, "b"],
    [2, "rc1", "C Ops", "s2", "US", "rb1", 5.0, 1, "c"],
    [3, "rc2", "C Research", "s2", "US", "rc1", 0.0, 1, "c"],
]
ROLE_DOWN = [
    [1, "rc2", "C Research", "s2", "US", "ra2", 3.0, 1, "c"],
    [2, "rc1", "C Ops", "s2", "US", "rc2", 0.0, 1, "c"],
    [3, "rb1", "B Sales", "s1", "FR", "rc1", 5.0, 1, "b"],
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, COMPANY_CHAIN),
        ({"zoom": "sector"}, SECTOR_CHAIN),
        ({"zoom": "sector", "limit": 2, "offset": 1}, SECTOR_CHAIN[1:3]),
        ({"zoom": "sector", "max_tier": 1}, SECTOR_CHAIN[:2]),
        ({"zoom": "role"}, ROLE_UP),
        ({"zoom": "role", "max_tier": 2}, ROLE_UP[:2]),
        ({"zoom": "role", "categories": "information"}, ROLE_UP[:1]),
        ({"zoom": "role", "direction": "downstream"}, ROLE_DOWN),
        ({"zoom": "role", "direction": "downstream", "offset": 1}, ROLE_DOWN[1:]),
    ],
)
def test_dependency_chain_at_each_zoom(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[list[Any]]
) -> None:
    zoomed(engine)
    assert answer(engine, catalog, "dependency_chain", company="a", **params)[0] == expected


# counterpart, name, nature, category, value in, out, deliverables in, out, reciprocal, node, name, its company
COMPANY_EXCHANGE = [
    ["b", "B", "tangible", "money", 0.0, 10.0, 0, 1, True, "a", "A", "b"],
    ["b", "B", "tangible", "product", 10.0, 0.0, 1, 0, True, "a", "A", "b"],
    ["c", "C", "tangible", "service", 6.0, 0.0, 1, 0, False, "a", "A", "c"],
    ["f", "F", "tangible", "product", 1.0, 0.0, 1, 0, False, "a", "A", "f"],
]
# s1 is a and b: what flows between them is given and received by s1
SECTOR_EXCHANGE = [
    ["s1", "s1", "tangible", "money", 10.0, 10.0, 1, 1, True, "s1", "s1", None],
    ["s1", "s1", "tangible", "product", 10.0, 10.0, 1, 1, True, "s1", "s1", None],
    ["s2", "s2", "intangible", "information", 4.0, 0.0, 1, 0, False, "s1", "s1", None],
    ["s2", "s2", "tangible", "product", 1.0, 0.0, 1, 0, False, "s1", "s1", None],
    ["s2", "s2", "tangible", "service", 6.0, 0.0, 1, 0, False, "s1", "s1", None],
    ["s3", "s3", "intangible", "data", 9.0, 0.0, 1, 0, False, "s1", "s1", None],
]
ROLE_EXCHANGE = [
    ["ra2", "A Research", "intangible", "data", 2.0, 0.0, 1, 0, True, "ra1", "A Buying", "a"],
    ["ra2", "A Research", "intangible", "knowledge", 0.0, 1.0, 0, 1, True, "ra1", "A Buying", "a"],
    ["rb1", "B Sales", "intangible", "information", 2.0, 0.0, 1, 0, False, "ra1", "A Buying", "b"],
    ["ra1", "A Buying", "intangible", "data", 0.0, 2.0, 0, 1, True, "ra2", "A Research", "a"],
    ["ra1", "A Buying", "intangible", "knowledge", 1.0, 0.0, 1, 0, True, "ra2", "A Research", "a"],
    ["rc2", "C Research", "intangible", "information", 0.0, 3.0, 0, 1, False, "ra2", "A Research", "c"],
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, COMPANY_EXCHANGE),
        ({"one_way_only": True}, COMPANY_EXCHANGE[2:]),
        ({"zoom": "sector"}, SECTOR_EXCHANGE),
        ({"zoom": "sector", "one_way_only": True}, SECTOR_EXCHANGE[2:]),
        ({"zoom": "sector", "counterpart": "c"}, SECTOR_EXCHANGE[2:5]),
        ({"zoom": "role"}, ROLE_EXCHANGE),
        ({"zoom": "role", "counterpart": "b"}, ROLE_EXCHANGE[2:3]),
        ({"zoom": "role", "one_way_only": True}, [ROLE_EXCHANGE[2], ROLE_EXCHANGE[5]]),
        ({"zoom": "role", "limit": 2, "offset": 1}, ROLE_EXCHANGE[1:3]),
    ],
)
def test_value_exchange_at_each_zoom(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[list[Any]]
) -> None:
    zoomed(engine)
    assert answer(engine, catalog, "value_exchange", company="a", **params)[0] == expected
