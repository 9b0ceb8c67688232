"""failure_impact, the cascade to the end, on graphs small enough to check by hand."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engine
from service.errors import EntityNotFound, InvalidParameter
from service.queries import Catalog
from tests.test_dependency import run
from tests.utils.graphs import late_failure, tiered_network

A, B, D, F = ("a", "Company A", "s0"), ("b", "Company B", "s1"), ("d", "Company D", "s0"), ("f", "Company F", "s2")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # c fails: a keeps b for product, so nothing follows.
        ({"companies": "c"}, [(1, *A, "product", 1, 5.0, 1, False, False, None, ["c"])]),
        ({"companies": "c", "mode": "direct"}, [(1, *A, "product", 1, 5.0, 1, False, False, None, ["c"])]),
        # Every company that loses an input stops delivering: a (round 1) stops f, f stops d,
        # d leaves b with no product; b's failure takes a's last product and information.
        (
            {"companies": "c", "mode": "all"},
            [
                (1, *A, "product", 1, 5.0, 1, False, True, 5, ["c"]),
                (2, *F, "product", 1, 9.0, 0, True, True, 2, ["a"]),
                (3, *D, "product", 1, 4.0, 1, False, False, None, ["f"]),
                (4, *B, "product", 1, 2.0, 0, True, True, 4, ["d"]),
                (5, *A, "information", 1, 1.0, 0, True, True, 5, ["b"]),
                (5, *A, "product", 1, 5.0, 0, True, True, 5, ["b"]),
            ],
        ),
        (
            {"companies": "c", "mode": "all", "offset": 3, "limit": 1},
            [(4, *B, "product", 1, 2.0, 0, True, True, 4, ["d"])],
        ),
        # b and c fail together: a loses both product suppliers and its only information
        # source, so f loses a, and d loses f but keeps e.
        (
            {"companies": "b,c"},
            [
                (1, *A, "information", 1, 1.0, 0, True, True, 1, ["b"]),
                (1, *A, "product", 2, 10.0, 0, True, True, 1, ["b", "c"]),
                (2, *F, "product", 1, 9.0, 0, True, True, 2, ["a"]),
                (3, *D, "product", 1, 4.0, 1, False, False, None, ["f"]),
            ],
        ),
        # In 2021 f no longer delivers d: the cascade stops at f.
        (
            {"companies": "b,c", "as_of": "2021-06-01"},
            [
                (1, *A, "information", 1, 1.0, 0, True, True, 1, ["b"]),
                (1, *A, "product", 2, 10.0, 0, True, True, 1, ["b", "c"]),
                (2, *F, "product", 1, 9.0, 0, True, True, 2, ["a"]),
            ],
        ),
        # Money is not an input by default: g's failure impacts nobody.
        ({"companies": "g"}, []),
        (
            {"companies": "g", "categories": "money"},
            [(1, *A, "money", 1, 50.0, 0, True, True, 1, ["g"])],
        ),
    ],
)
def test_failure_impact_follows_the_cascade_round_by_round(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    tiered_network(engine)
    assert run(engine, catalog, "failure_impact", **params) == expected


M, X, Y = ("m", "Company M", "s0"), ("x", "Company X", "s1"), ("y", "Company Y", "s2")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # x keeps m in round 1, loses it in round 2 when m fails, and fails itself; y, whose
        # only service x gave, fails in round 3 though it keeps z for product.
        (
            {"companies": "s"},
            [
                (1, *M, "product", 1, 2.0, 0, True, True, 1, ["s"]),
                (1, *X, "product", 1, 3.0, 1, False, True, 2, ["s"]),
                (2, *X, "product", 1, 4.0, 0, True, True, 2, ["m"]),
                (3, *Y, "service", 1, 6.0, 0, True, True, 3, ["x"]),
            ],
        ),
        # The older word for the full cascade.
        (
            {"companies": "s", "mode": "broken", "offset": 2, "limit": 1},
            [(2, *X, "product", 1, 4.0, 0, True, True, 2, ["m"])],
        ),
        # Round 1 only: x is not (yet) left with none.
        (
            {"companies": "s", "mode": "direct"},
            [
                (1, *M, "product", 1, 2.0, 0, True, True, 1, ["s"]),
                (1, *X, "product", 1, 3.0, 1, False, False, None, ["s"]),
            ],
        ),
        # Money counts when asked for: z loses s's money but keeps nothing else of it.
        (
            {"companies": "s", "categories": "product,money", "mode": "direct"},
            [
                (1, *M, "product", 1, 2.0, 0, True, True, 1, ["s"]),
                (1, *X, "product", 1, 3.0, 1, False, False, None, ["s"]),
                (1, "z", "Company Z", "s3", "money", 1, 8.0, 0, True, True, 1, ["s"]),
            ],
        ),
    ],
)
def test_a_company_fails_when_its_last_supplier_of_a_category_fails_later(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    late_failure(engine)
    assert run(engine, catalog, "failure_impact", **params) == expected


def test_failure_impact_refuses_an_unknown_mode(engine: Engine, catalog: Catalog) -> None:
    late_failure(engine)
    with pytest.raises(InvalidParameter, match="'tiers' is not one of full, direct, all"):
        run(engine, catalog, "failure_impact", companies="s", mode="tiers")


def test_failure_impact_names_every_unknown_company(engine: Engine, catalog: Catalog) -> None:
    tiered_network(engine)
    with pytest.raises(EntityNotFound, match="'x', 'y'"):
        run(engine, catalog, "failure_impact", companies="a,x,y")
