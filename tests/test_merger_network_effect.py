"""merger_network_effect: by hand on a small graph, and against networkx on generated industries."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engine
from service.errors import InvalidParameter
from service.queries import Catalog
from tests.test_dependency import run
from tests.utils.graphs import merging_network

# merging_network, a acquiring t, money left out (v's 50 to w is not in the graph).
# Before: a alone; after: a and t as one company, a's id (a -> t, information 3, in-house).
MERGER = [
    ("companies", None, 11, 10, -1, None, None),  # t leaves
    # Tier 1 {t, u}, 2 {v, w}, 3 {y}; after: 1 {u, v}, 2 {w, y}, 3 {z}.
    ("reach_downstream", None, 5, 5, 0, None, None),
    # {s, r}; after, q (t's supplier) too.
    ("reach_upstream", None, 2, 3, 1, None, None),
    ("customers", None, 2, 2, 0, None, None),  # {t, u}; {u, v}
    ("suppliers", None, 2, 3, 1, None, None),  # {s, r}; {s, r, q}
    ("value_out", None, 23, 33, 10, None, None),  # 20 + 3; 20 + 5 + 8
    ("value_in", None, 11, 18, 7, None, None),  # 10 + 1; 10 + 4 + 2 + 1 + 1
    # In and out: a 34 < u 26 + 20 = 46; after 18 + 33 = 51 > 46.
    ("value_rank", None, 2, 1, -1, None, None),
    # networkx's PageRank (pure Python, tolerance 1e-13) of the 14 pairs and lone; then with
    # t contracted into a: before w z u t y v rank above a; after z and w only.
    ("pagerank", None, 0.065579, 0.137667, 0.072088, None, None),
    ("pagerank_rank", None, 7, 3, -4, None, None),
    # u got product from a and t (its choice falls to one); v gets service from t alone.
    ("sole_sourced", "product", 0, 1, 1, ["u"], []),
    ("sole_sourced", "service", 1, 1, 0, [], []),
    ("sole_sourced", None, 1, 2, 1, ["u"], []),
    # Before: s alone supplies a, t (product), u, w (data); r alone supplies a and t
    # (knowledge). After: s supplies the entity, u, w; r the entity only (1 < 2); the
    # entity alone supplies u (product) and v (service).
    ("single_points_of_failure", None, 2, 2, 0, ["a"], ["r"]),
]


def rows(engine: Engine, catalog: Catalog, **params: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(round(v, 6) if isinstance(v, float) else v for v in row)
        for row in run(engine, catalog, "merger_network_effect", **params)
    ]


def test_merger_network_effect_compares_the_acquirer_with_the_combined_entity(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    assert rows(engine, catalog, acquirer="a", targets="t") == MERGER
    # The acquirer named among the targets, or twice, changes nothing.
    assert rows(engine, catalog, acquirer="a", targets="t,a,t") == MERGER


def test_merger_network_effect_counts_tiers_and_categories_as_asked(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    found = rows(engine, catalog, acquirer="a", targets="t", tiers=1, categories="product,money")
    expected = [
        ("companies", None, 11, 10, -1, None, None),
        ("reach_downstream", None, 1, 1, 0, None, None),  # {u}; {u}: t's is the same u
        ("reach_upstream", None, 1, 1, 0, None, None),  # {s}; {s}
        ("customers", None, 1, 1, 0, None, None),
        ("suppliers", None, 1, 1, 0, None, None),
        ("value_out", None, 20, 25, 5, None, None),  # 20; 20 + 5
        ("value_in", None, 10, 14, 4, None, None),  # 10; 10 + 4
        # u 20 + 5 + 20 = 45, v 50 + 2 = 52 and w 20 + 50 = 70 rank above a's 30
        # and above the entity's 39.
        ("value_rank", None, 4, 4, 0, None, None),
        *found[8:10],  # PageRank: the generated industries check it against networkx
        # u got product from a and t; its choice falls to one.
        ("sole_sourced", "product", 0, 1, 1, ["u"], []),
        ("sole_sourced", None, 0, 1, 1, ["u"], []),
        # s alone supplies a and t product (2); after, the entity only; the entity alone
        # supplies u only; v alone supplies w (money) and y (product) before and after.
        ("single_points_of_failure", None, 2, 1, -1, [], ["s"]),
    ]
    assert found == expected


def test_merger_network_effect_needs_a_target_other_than_the_acquirer(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    with pytest.raises(InvalidParameter) as raised:
        run(engine, catalog, "merger_network_effect", acquirer="a", targets="a")
    assert raised.value.parameter == "targets"
