"""merger_overlap: by hand on a small graph, and against pandas on generated industries."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd
import pytest

from service.engines import Engine
from service.errors import InvalidParameter
from service.queries import Catalog, run_module
from tests.utils.graphs import partner_network
from tests.utils.industry import Industry, run

ME_AND_P2 = [
    ("customers", "cust1", "Cust1", "a", 10.0, None, 0.0),
    ("customers", "cust2", "Cust2", "a", 5.0, None, 0.0),
    ("suppliers", "p3", "P3", "a", 2.0, None, 0.0),
    ("suppliers", "sup", "Sup", "a", 4.0, None, 0.0),  # product 3 and information 1; me's money to sup is not supply
    ("capabilities", "k1", "Design", "both", None, None, 0.25),
    ("capabilities", "k2", "Welding", "a", None, None, 0.25),
    ("capabilities", "k3", "Software", "b", None, None, 0.25),
    ("capabilities", "k4", "Logistics", "b", None, None, 0.25),
    ("markets", "m1", "Market One", "both", 1.0, 1.0, 1.0),
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"a": "me", "b": "p2"}, ME_AND_P2),
        ({"a": "me", "b": "p2", "only": "shared"}, [ME_AND_P2[4], ME_AND_P2[8]]),
        ({"a": "me", "b": "p2", "only": "complementary"}, ME_AND_P2[:4] + ME_AND_P2[5:8]),
        ({"a": "me", "b": "p2", "limit": 2, "offset": 4}, ME_AND_P2[4:6]),
        # p2 only pays cust1 money: not a supply, so it shares no customer with me.
        (
            {"a": "p2", "b": "me", "only": "shared"},
            [
                ("capabilities", "k1", "Design", "both", None, None, 0.25),
                ("markets", "m1", "Market One", "both", 1.0, 1.0, 1.0),
            ],
        ),
        # The parties are not items of each other: sup is me's supplier, but not here.
        (
            {"a": "me", "b": "sup", "only": "complementary"},
            [
                ("customers", "cust1", "Cust1", "a", 10.0, None, 0.0),
                ("customers", "cust2", "Cust2", "a", 5.0, None, 0.0),
                ("suppliers", "p3", "P3", "a", 2.0, None, 0.0),
                ("capabilities", "k1", "Design", "a", None, None, 0.0),
                ("capabilities", "k2", "Welding", "a", None, None, 0.0),
                ("capabilities", "k3", "Software", "b", None, None, 0.0),
                ("markets", "m1", "Market One", "a", 1.0, None, 0.0),
            ],
        ),
    ],
)
def test_merger_overlap_lists_shared_and_complementary_items(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    partner_network(engine)
    result, _ = run_module(engine, catalog, "merger_overlap", params)
    assert [tuple(row) for row in result.rows] == expected


def test_merger_overlap_refuses_one_company_twice(engine: Engine, catalog: Catalog) -> None:
    partner_network(engine)
    with pytest.raises(InvalidParameter, match="'b': must differ from a"):
        run_module(engine, catalog, "merger_overlap", {"a": "me", "b": "me"})


def items_of(industry: Industry, company: str, other: str) -> dict[str, set[str]]:
    """Each dimension's items of one company, from the tables."""
    flows = industry.flows([c for c in industry.tables["delivers"].category.unique() if c != "money"])
    holds = industry.tables["has_capability"]
    holds = holds[holds.source_label.fillna("Company").eq("Company")]
    competes, member = industry.tables["competes_in"], industry.tables["member_of"]
    return {
        "customers": set(flows[flows.source == company].target) - {company, other},
        "suppliers": set(flows[flows.target == company].source) - {company, other},
        "capabilities": set(holds[holds.source == company].target),
        "markets": set(competes[competes.source == company].target),
        "ecosystems": set(member[member.source == company].target),
    }


def test_merger_overlap_jaccard_matches_pandas(industry: Industry, catalog: Catalog) -> None:
    d = industry.tables["delivers"]
    degree = pd.concat([d.source, d.target]).value_counts()
    hubs = list(degree.index[:4])
    rng = random.Random(industry.seed)
    companies = list(industry.tables["company"].id)
    pairs = [(hubs[0], hubs[1]), (hubs[2], hubs[3])] + [tuple(rng.sample(companies, 2)) for _ in range(6)]
    for a, b in pairs:
        mine, theirs = items_of(industry, a, b), items_of(industry, b, a)
        rows = run(industry, catalog, "merger_overlap", a=a, b=b, limit=100_000)
        for dimension in mine:
            union = mine[dimension] | theirs[dimension]
            got = [r for r in rows if r[0] == dimension]
            assert {r[1] for r in got} == union, (a, b, dimension)
            assert {r[1] for r in got if r[3] == "both"} == mine[dimension] & theirs[dimension]
            expected = round(len(mine[dimension] & theirs[dimension]) / len(union), 6) if union else None
            assert {r[6] for r in got} <= {expected}
