"""key_players, ecosystem_map, connection_paths and value_stream_network, checked by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.engines import Engine
from service.errors import EntityNotFound, InvalidParameter
from service.formats import to_json
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, tiered_network, write


def run(engine: Engine, catalog: Catalog, name: str, **params: Any) -> list[tuple[Any, ...]]:
    result, _ = run_module(engine, catalog, name, params)
    return [tuple(row) for row in result.rows]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Degree counts companies exchanged with either way (b's two deliverables to a count once).
        (
            {},
            [
                ("a", 4, 70.0),
                ("d", 4, 14.0),
                ("c", 3, 15.0),
                ("b", 2, 8.0),
                ("e", 2, 4.0),
                ("f", 2, 13.0),
                ("g", 1, 50.0),
            ],
        ),
        ({"measure": "value", "limit": 3}, [("a", 4, 70.0), ("g", 1, 50.0), ("c", 3, 15.0)]),
        ({"sector": "s0"}, [("a", 4, 70.0), ("d", 4, 14.0), ("g", 1, 50.0)]),
        ({"ecosystem": "eco"}, [("d", 4, 14.0), ("b", 2, 8.0)]),
        ({"limit": 2, "offset": 2}, [("c", 3, 15.0), ("b", 2, 8.0)]),
    ],
)
def test_key_players_ranks_by_degree_or_value(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    tiered_network(engine)
    rows = run(engine, catalog, "key_players", **params)
    assert [(r[1], r[4], r[5]) for r in rows] == expected
    first = params.get("offset", 0) + 1
    assert [r[0] for r in rows] == list(range(first, first + len(rows)))
    assert all(r[6] is None for r in rows)


def test_key_players_by_pagerank_puts_the_most_supplied_first(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    rows = run(engine, catalog, "key_players", measure="pagerank")
    # a receives from four companies, three of which are fed in turn; g receives nothing.
    assert rows[0][1] == "a"
    assert rows[-1][1] == "g"
    assert [r[6] for r in rows] == sorted((r[6] for r in rows), reverse=True)
    assert sorted(r[1] for r in rows) == list("abcdefg")
    assert rows[0][4:6] == (4, 70.0)


EDGES_AROUND_A = [
    ("af", "a", "f", 9.0),
    ("ba", "b", "a", 5.0),
    ("ba2", "b", "a", 1.0),
    ("ca", "c", "a", 5.0),
    ("ga", "g", "a", 50.0),
]


@pytest.mark.parametrize(
    ("params", "edges", "capped"),
    [
        ({"center": "a"}, EDGES_AROUND_A, False),
        # With room for three companies, a keeps its two strongest partners: g (50) and f (9).
        ({"center": "a", "max_nodes": 3}, [("af", "a", "f", 9.0), ("ga", "g", "a", 50.0)], True),
        ({"center": "a", "hops": 0}, [], False),
        ({"center": "a", "natures": "intangible"}, [("ba2", "b", "a", 1.0)], False),
        ({"center": "a", "categories": "money"}, [("ga", "g", "a", 50.0)], False),
        ({"center": "eco", "center_kind": "ecosystem", "hops": 0}, [("db", "d", "b", 2.0)], False),
        ({"center": "s1", "center_kind": "sector", "hops": 0}, [], False),
        (
            {"center": "f", "hops": 2, "as_of": "2021-01-01"},
            [
                ("af", "a", "f", 9.0),
                ("ba", "b", "a", 5.0),
                ("ba2", "b", "a", 1.0),
                ("ca", "c", "a", 5.0),
                ("ga", "g", "a", 50.0),
            ],
            False,
        ),
    ],
)
def test_ecosystem_map_draws_the_companies_around_a_center(
    engine: Engine, catalog: Catalog, params: dict[str, Any], edges: list[tuple[Any, ...]], capped: bool
) -> None:
    tiered_network(engine)
    rows = run(engine, catalog, "ecosystem_map", **params)
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == edges
    assert all(r[7] is capped for r in rows)


def test_ecosystem_map_takes_a_company_center_by_its_exact_name(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    by_name = run(engine, catalog, "ecosystem_map", center="Company A", hops=2)
    assert by_name == run(engine, catalog, "ecosystem_map", center="a", hops=2)
    assert by_name


def test_ecosystem_map_json_gives_nodes_and_edges(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    result, params = run_module(engine, catalog, "ecosystem_map", {"center": "a", "max_nodes": 3})
    document = json.loads(to_json(catalog.get("ecosystem_map"), params, result))
    assert [(n["id"], n["hop"], n["name"], n["sector"]) for n in document["nodes"]] == [
        ("a", 0, "Company A", "s0"),
        ("f", 1, "Company F", "s2"),
        ("g", 1, "Company G", "s0"),
    ]
    assert [(e["source"], e["target"], e["nature"], e["capped"]) for e in document["edges"]] == [
        ("a", "f", "tangible", True),
        ("g", "a", "tangible", True),
    ]
    assert "rows" not in document


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"center": "zz"}, "no Company with id or name 'zz'"),
        ({"center": "zz", "center_kind": "sector"}, "Company sector"),
    ],
)
def test_ecosystem_map_refuses_an_unknown_center(
    engine: Engine, catalog: Catalog, params: dict[str, Any], message: str
) -> None:
    tiered_network(engine)
    with pytest.raises(EntityNotFound, match=message):
        run(engine, catalog, "ecosystem_map", **params)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"a": "d", "b": "f", "direction": "downstream"},
            [
                (
                    1,
                    3,
                    ["d", "b", "a", "f"],
                    [
                        ("d", "b", ["product"], 2.0),
                        ("b", "a", ["information", "product"], 6.0),
                        ("a", "f", ["product"], 9.0),
                    ],
                ),
                (
                    2,
                    3,
                    ["d", "c", "a", "f"],
                    [("d", "c", ["product"], 7.0), ("c", "a", ["product"], 5.0), ("a", "f", ["product"], 9.0)],
                ),
            ],
        ),
        (
            {"a": "a", "b": "e", "direction": "upstream"},
            [(1, 2, ["a", "c", "e"], [("c", "a", ["product"], 5.0), ("e", "c", ["product"], 3.0)])],
        ),
        (
            {"a": "d", "b": "f", "direction": "downstream", "offset": 1, "limit": 1},
            [
                (
                    2,
                    3,
                    ["d", "c", "a", "f"],
                    [("d", "c", ["product"], 7.0), ("c", "a", ["product"], 5.0), ("a", "f", ["product"], 9.0)],
                ),
            ],
        ),
        ({"a": "g", "b": "e"}, []),  # g only pays money, which is not followed by default
        (
            {"a": "g", "b": "e", "categories": "money,product"},
            [
                (
                    1,
                    3,
                    ["g", "a", "c", "e"],
                    [("g", "a", ["money"], 50.0), ("c", "a", ["product"], 5.0), ("e", "c", ["product"], 3.0)],
                ),
            ],
        ),
        ({"a": "d", "b": "a", "direction": "downstream", "max_hops": 1}, []),
    ],
)
def test_connection_paths_lists_every_shortest_path(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    tiered_network(engine)
    rows = run(engine, catalog, "connection_paths", **params)
    got = [(r[0], r[1], r[2], [(x["source"], x["target"], x["categories"], x["value"]) for x in r[4]]) for r in rows]
    assert got == expected
    assert all(r[3] == [f"Company {i.upper()}" for i in r[2]] for r in rows)


def test_connection_paths_takes_up_and_down_for_upstream_and_downstream(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    for old, word, a, b in [("up", "upstream", "a", "e"), ("down", "downstream", "d", "f")]:
        result, params = run_module(engine, catalog, "connection_paths", {"a": a, "b": b, "direction": old})
        assert params["direction"] == word
        assert (
            result.rows == run_module(engine, catalog, "connection_paths", {"a": a, "b": b, "direction": word})[0].rows
        )
        assert result.rows


def test_connection_paths_refuses_the_same_company_twice(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    with pytest.raises(InvalidParameter, match="'b': must differ from a"):
        run(engine, catalog, "connection_paths", a="a", b="a")


def stream_network(engine: Engine) -> None:
    """x operates v1; y operates v2 and v3; z operates v4:
    v1 --information--> v2 --product--> v3 <--service-- v4;  v4 --data--> v5 (no owner)."""

    def flow(id: str, source: str, target: str, category: str) -> dict[str, Any]:
        return delivers(
            id,
            source,
            target,
            category,
            value=1.0,
            source_label="ValueStream",
            target_label="ValueStream",
            deliverable=f"{category} of {source}",
        )

    write(
        engine,
        company=[company(c) for c in "xyz"],
        value_stream=[{"id": f"v{n}", "name": f"Stream {n}"} for n in range(1, 6)],
        operates=[{"source": c, "target": v} for c, v in (("x", "v1"), ("y", "v2"), ("y", "v3"), ("z", "v4"))],
        delivers=[
            flow("s1", "v1", "v2", "information"),
            flow("s2", "v2", "v3", "product"),
            flow("s3", "v4", "v3", "service"),
            flow("s4", "v4", "v5", "data"),
        ],
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stream": "v2"}, [("s1", "v1", "x", "v2", "y"), ("s2", "v2", "y", "v3", "y")]),
        ({"stream": "v2", "hops": 0}, []),
        ({"company": "y"}, [("s1", "v1", "x", "v2", "y"), ("s2", "v2", "y", "v3", "y"), ("s3", "v4", "z", "v3", "y")]),
        (
            {"company": "y", "hops": 2},
            [
                ("s1", "v1", "x", "v2", "y"),
                ("s2", "v2", "y", "v3", "y"),
                ("s3", "v4", "z", "v3", "y"),
                ("s4", "v4", "z", "v5", None),
            ],
        ),
        ({"company": "y", "hops": 2, "offset": 3}, [("s4", "v4", "z", "v5", None)]),
    ],
)
def test_value_stream_network_links_streams_and_their_owners(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    stream_network(engine)
    rows = run(engine, catalog, "value_stream_network", **params)
    assert [(r[0], r[1], r[3], r[4], r[6]) for r in rows] == expected
    assert all(r[2] == f"Stream {r[1][1]}" and r[7] == f"{r[9]} of {r[1]}" for r in rows)


def test_value_stream_network_needs_a_stream_or_a_company(engine: Engine, catalog: Catalog) -> None:
    stream_network(engine)
    with pytest.raises(InvalidParameter, match="either stream or company"):
        run(engine, catalog, "value_stream_network")
