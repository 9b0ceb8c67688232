"""dependency_chain on a graph small enough to check by hand."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engine
from service.errors import EntityNotFound
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, tiered_network, write


def run(engine: Engine, catalog: Catalog, name: str, **params: Any) -> list[tuple[Any, ...]]:
    result, _ = run_module(engine, catalog, name, params)
    return [tuple(row) for row in result.rows]


def chain(engine: Engine, catalog: Catalog, **params: Any) -> list[tuple[Any, ...]]:
    """(tier, id, via, value) rows."""
    return [(r[0], r[1], r[5], r[6]) for r in run(engine, catalog, "dependency_chain", **params)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # b's link to a is product 5 + information 1; d reaches a through c (7) rather than b (2);
        # e is at tier 2 through c, not tier 3 through d; g delivers only money.
        (
            {"company": "a"},
            [(1, "b", "a", 6.0), (1, "c", "a", 5.0), (2, "d", "c", 7.0), (2, "e", "c", 3.0), (3, "f", "d", 4.0)],
        ),
        ({"company": "a", "max_tier": 1}, [(1, "b", "a", 6.0), (1, "c", "a", 5.0)]),
        (
            {"company": "a", "as_of": "2020-06-30"},
            [(1, "b", "a", 6.0), (1, "c", "a", 5.0), (2, "d", "c", 7.0), (2, "e", "c", 3.0), (3, "f", "d", 4.0)],
        ),
        # f delivers d in 2020 only.
        (
            {"company": "a", "as_of": "2021-01-01", "max_tier": 10},
            [(1, "b", "a", 6.0), (1, "c", "a", 5.0), (2, "d", "c", 7.0), (2, "e", "c", 3.0)],
        ),
        ({"company": "a", "categories": "information"}, [(1, "b", "a", 1.0)]),
        (
            {"company": "a", "categories": "money,product", "max_tier": 2},
            [(1, "b", "a", 5.0), (1, "c", "a", 5.0), (1, "g", "a", 50.0), (2, "d", "c", 7.0), (2, "e", "c", 3.0)],
        ),
        ({"company": "a", "critical_only": "true"}, [(1, "c", "a", 5.0), (2, "e", "c", 3.0)]),
        ({"company": "a", "limit": 2, "offset": 1}, [(1, "c", "a", 5.0), (2, "d", "c", 7.0)]),
        # Tier 1 lies wholly before the page, yet c is named as the near end.
        ({"company": "a", "limit": 2, "offset": 2}, [(2, "d", "c", 7.0), (2, "e", "c", 3.0)]),
        # Downstream: a is reached through b (6) rather than c (5); the cycle a -> f -> d stops at d itself.
        (
            {"company": "d", "direction": "downstream", "max_tier": 10},
            [(1, "b", "d", 2.0), (1, "c", "d", 7.0), (2, "a", "b", 6.0), (3, "f", "a", 9.0)],
        ),
        ({"company": "g", "direction": "downstream"}, []),
    ],
)
def test_dependency_chain_reaches_each_company_once_at_its_lowest_tier(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    tiered_network(engine)
    assert chain(engine, catalog, **params) == expected


def test_dependency_chain_takes_up_and_down_for_upstream_and_downstream(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    for old, word in [("up", "upstream"), ("down", "downstream")]:
        result, params = run_module(engine, catalog, "dependency_chain", {"company": "d", "direction": old})
        assert params["direction"] == word
        assert (
            result.rows == run_module(engine, catalog, "dependency_chain", {"company": "d", "direction": word})[0].rows
        )
        assert result.rows


# The whole of tier 2; a tier cut by the page; tier 1 before the page; tier 2 across its start.
@pytest.mark.parametrize(("limit", "offset"), [(100, 0), (3, 0), (2, 2), (5, 3)])
def test_dependency_chain_breaks_ties_by_the_smaller_id(
    engine: Engine, catalog: Catalog, limit: int, offset: int
) -> None:
    # f and g deliver 4 to each of zed and bee; zed is written first, so the engine knows it
    # first, but bee has the smaller id and is the one named.
    write(
        engine,
        company=[company(c) for c in ("root", "zed", "bee", "f", "g")],
        delivers=[
            delivers("d1", "zed", "root", value=2.0),
            delivers("d2", "bee", "root", value=3.0),
            *(delivers(f"d{far}{near}", far, near, value=4.0) for far in "fg" for near in ("zed", "bee")),
        ],
    )
    expected = [(1, "bee", "root", 3.0), (1, "zed", "root", 2.0), (2, "f", "bee", 4.0), (2, "g", "bee", 4.0)]
    assert chain(engine, catalog, company="root", limit=limit, offset=offset) == expected[offset : offset + limit]


def test_dependency_chain_returns_names_and_sectors(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    rows = run(engine, catalog, "dependency_chain", company="a", max_tier=1)
    assert [r[:5] for r in rows] == [(1, "b", "Company B", "s1", None), (1, "c", "Company C", "s2", None)]


def test_dependency_chain_refuses_an_unknown_company(engine: Engine, catalog: Catalog) -> None:
    with pytest.raises(EntityNotFound, match="nobody"):
        run(engine, catalog, "dependency_chain", company="nobody")
