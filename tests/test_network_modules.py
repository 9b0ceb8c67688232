"""single_points_of_failure, value_exchange and alignment_opportunities, checked by hand."""

from __future__ import annotations

from typing import Any

import pytest

from service.engines import Engine
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, partner_network, tiered_network, write


def run(engine: Engine, catalog: Catalog, name: str, **params: Any) -> list[tuple[Any, ...]]:
    result, _ = run_module(engine, catalog, name, params)
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in result.rows]


D = ("d", "Company D", "s0", 1, ["product"], 2.0, 2, 3)  # sole supplier of b; reaches b, c and a
A = ("a", "Company A", "s0", 1, ["product"], 9.0, 1, 2)  # sole supplier of f; reaches f and d
B = ("b", "Company B", "s1", 1, ["information"], 1.0, 1, 2)  # a's only information source


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_receivers": 1}, [D, A, B]),
        ({"min_receivers": 2}, []),
        ({"min_receivers": 1, "sector": "s0"}, [D, A]),
        ({"min_receivers": 1, "ecosystem": "eco"}, [D, B]),
        ({"min_receivers": 1, "limit": 1, "offset": 1}, [A]),
        # In 2021 f no longer delivers d: e becomes d's only supplier, and a reaches f alone.
        (
            {"min_receivers": 1, "as_of": "2021-03-01"},
            [
                ("e", "Company E", "s1", 1, ["product"], 1.0, 2, 4),
                D,
                B,
                ("a", "Company A", "s0", 1, ["product"], 9.0, 1, 1),
            ],
        ),
        ({"min_receivers": 1, "categories": "money"}, [("g", "Company G", "s0", 1, ["money"], 50.0, 1, 1)]),
    ],
)
def test_single_points_of_failure_ranks_sole_suppliers(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    tiered_network(engine)
    assert run(engine, catalog, "single_points_of_failure", **params) == expected


CUST1 = [
    ("cust1", "Cust1", "tangible", "money", 10.0, 0.0, 1, 0, True),
    ("cust1", "Cust1", "tangible", "product", 0.0, 10.0, 0, 1, True),
]
CUST2 = [("cust2", "Cust2", "tangible", "product", 0.0, 5.0, 0, 1, False)]
P3 = [("p3", "P3", "intangible", "knowledge", 2.0, 0.0, 1, 0, False)]
SUP = [
    ("sup", "Sup", "intangible", "information", 1.0, 0.0, 1, 0, True),
    ("sup", "Sup", "tangible", "money", 0.0, 3.0, 0, 1, True),
    ("sup", "Sup", "tangible", "product", 3.0, 0.0, 1, 0, True),
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, CUST1 + CUST2 + P3 + SUP),
        ({"one_way_only": "true"}, CUST2 + P3),
        ({"counterpart": "sup"}, SUP),
        ({"limit": 2, "offset": 3}, P3 + SUP[:1]),
        ({"as_of": "1999-01-01"}, CUST1 + CUST2 + P3 + SUP),  # no dates: open at both ends
    ],
)
def test_value_exchange_splits_value_by_counterpart_nature_and_category(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    partner_network(engine)
    rows = run(engine, catalog, "value_exchange", company="me", **params)
    assert [row[:9] for row in rows] == expected
    # At company zoom the node is the company asked about, and the counterpart its own company.
    assert [row[9:] for row in rows] == [("me", "Me", row[0]) for row in rows]


def test_value_exchange_of_a_company_without_flows_is_empty(engine: Engine, catalog: Catalog) -> None:
    partner_network(engine)
    assert run(engine, catalog, "value_exchange", company="comp") == []


def test_alignment_opportunities_scores_complementary_unconnected_companies(engine: Engine, catalog: Catalog) -> None:
    partner_network(engine)
    # p1 shares both customers and brings Software; p2 shares the market and brings two of
    # its three capabilities; comp brings nothing new; p3 and sup already exchange with me.
    assert run(engine, catalog, "alignment_opportunities", company="me") == [
        ("p1", "P1", None, 2, 0, 1, 0, ["Software"], 2.0, ["commodity"]),
        ("p2", "P2", None, 0, 1, 2, 1, ["Logistics", "Software"], 0.666667, ["custom", "commodity"]),
    ]
    assert run(engine, catalog, "alignment_opportunities", company="me", offset=1) == [
        ("p2", "P2", None, 0, 1, 2, 1, ["Logistics", "Software"], 0.666667, ["custom", "commodity"])
    ]


def test_alignment_opportunities_reads_on_past_candidates_that_bring_nothing(engine: Engine, catalog: Catalog) -> None:
    # a1 and a2 share all four customers but hold only Design, as me does: no score. So the
    # first page's worth scored gives no bound, and the next candidates must be read: b
    # shares two customers and brings one of its two capabilities (2 * 1/2), d shares one
    # and brings its only one (1), e shares one and brings one of two (1/2).
    holds = {"me": "k1", "a1": "k1", "a2": "k1", "b": "k1 k2", "d": "k3", "e": "k1 k3"}
    sells = {"me": "c1 c2 c3 c4", "a1": "c1 c2 c3 c4", "a2": "c1 c2 c3 c4", "b": "c1 c2", "d": "c1", "e": "c2"}
    names = {"k1": ("Design", "genesis"), "k2": ("Welding", "custom"), "k3": ("Software", "commodity")}
    write(
        engine,
        company=[company(c) for c in [*holds, "c1", "c2", "c3", "c4"]],
        capability=[{"id": k, "name": name, "evolution": stage} for k, (name, stage) in names.items()],
        has_capability=[{"source": c, "target": k} for c, ks in holds.items() for k in ks.split()],
        delivers=[delivers(f"{s}-{t}", s, t) for s, ts in sells.items() for t in ts.split()],
    )
    b = ("b", "B", None, 2, 0, 1, 1, ["Welding"], 1.0, ["custom"])
    d = ("d", "D", None, 1, 0, 1, 0, ["Software"], 1.0, ["commodity"])
    e = ("e", "E", None, 1, 0, 1, 1, ["Software"], 0.5, ["commodity"])
    assert run(engine, catalog, "alignment_opportunities", company="me") == [b, d, e]
    assert run(engine, catalog, "alignment_opportunities", company="me", limit=1) == [b]
    assert run(engine, catalog, "alignment_opportunities", company="me", limit=1, offset=1) == [d]
    assert run(engine, catalog, "alignment_opportunities", company="me", limit=1, offset=2) == [e]
