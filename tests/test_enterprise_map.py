"""enterprise_map: one company's roles and what they exchange, by hand on a small graph and
against pandas on generated industries."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from service.engines import Engine
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import Industry, rounded, run


def roles(engine: Engine) -> None:
    """m (roles mf finance, mo operations, mp procurement, ms sales) buys from s (roles sf,
    ss) and sells to k; the regulator g grants it a permit; k and g have no roles.

    companies: s --cells 100--> m --money 100--> s (not drawn: the roles stand for them)
    across:    ss --cells 100--> mp, mf --payment 100--> sf, ms --vans 150--> k (a company),
               g --permit--> mo (no value)
    inside m:  mp --parts 60--> mo --goods 80 (ended 2020)--> ms --receipts 90--> mf --budget 50--> mp,
               ms --orders (no value), forecast 2--> mo (information, twice)
    inside s:  ss --invoices--> sf (not m's)"""
    write(
        engine,
        company=[company("m", "Maker"), company("s", "Supplier"), company("k", "Customer"), company("g", "Agency")],
        role=[
            {"id": "mf", "name": "Maker Finance", "function": "finance"},
            {"id": "mo", "name": "Maker Operations", "function": "operations"},
            {"id": "mp", "name": "Maker Procurement", "function": "procurement"},
            {"id": "ms", "name": "Maker Sales", "function": "sales"},
            {"id": "sf", "name": "Supplier Finance", "function": "finance"},
            {"id": "ss", "name": "Supplier Sales", "function": "sales"},
        ],
        has_role=[
            {"source": "m", "target": "mf"},
            {"source": "m", "target": "mo"},
            {"source": "m", "target": "mp"},
            {"source": "m", "target": "ms"},
            {"source": "s", "target": "sf"},
            {"source": "s", "target": "ss"},
        ],
        delivers=[
            delivers("d1", "s", "m", value=100.0, deliverable="cells"),
            delivers("d2", "m", "s", category="money", value=100.0, deliverable="payment"),
            role_flow("r1", "ss", "mp", value=100.0, deliverable="cells"),
            role_flow("r2", "mf", "sf", category="money", value=100.0, deliverable="payment"),
            role_flow("x1", "ms", "k", value=150.0, deliverable="vans", start="2022-01-01", target_label="Company"),
            role_flow("x2", "g", "mo", category="access", value=None, deliverable="permit", source_label="Company"),
            role_flow("i1", "mp", "mo", value=60.0, deliverable="parts"),
            role_flow("i2", "mo", "ms", value=80.0, deliverable="goods", end="2020-12-31"),
            role_flow("i3", "ms", "mf", category="money", value=90.0, deliverable="receipts"),
            role_flow("i4", "mf", "mp", category="money", value=50.0, deliverable="budget"),
            role_flow("i5", "ms", "mo", category="information", value=None, deliverable="orders"),
            role_flow("i6", "ms", "mo", category="information", value=2.0, deliverable="forecast"),
            role_flow("o1", "ss", "sf", category="information", value=1.0, deliverable="invoices"),
        ],
    )


def role_flow(id: str, source: str, target: str, **props: Any) -> dict[str, Any]:
    ends = {"source_label": props.pop("source_label", "Role"), "target_label": props.pop("target_label", "Role")}
    return delivers(id, source, target, **ends, **props)


def rows(engine: Engine, catalog: Catalog, **params: Any) -> list[list[Any]]:
    result, _ = run_module(engine, catalog, "enterprise_map", params)
    return rounded(result.rows)


MAKER = ["m", "Maker"]
MF = ["mf", "role", "Maker Finance", "finance", *MAKER]
MO = ["mo", "role", "Maker Operations", "operations", *MAKER]
MP = ["mp", "role", "Maker Procurement", "procurement", *MAKER]
MS = ["ms", "role", "Maker Sales", "sales", *MAKER]
SF = ["sf", "role", "Supplier Finance", "finance", "s", "Supplier"]
SS = ["ss", "role", "Supplier Sales", "sales", "s", "Supplier"]
K = ["k", "company", "Customer", None, "k", "Customer"]
G = ["g", "company", "Agency", None, "g", "Agency"]
# source, target, scope, nature, category, value, deliverables, items; by source, target, nature, category
EXPECTED = [
    [*G, *MO, "incoming", "intangible", "access", 0.0, 1, ["permit"]],
    [*MF, *MP, "inside", "tangible", "money", 50.0, 1, ["budget"]],
    [*MF, *SF, "outgoing", "tangible", "money", 100.0, 1, ["payment"]],
    [*MO, *MS, "inside", "tangible", "product", 80.0, 1, ["goods"]],
    [*MP, *MO, "inside", "tangible", "product", 60.0, 1, ["parts"]],
    [*MS, *K, "outgoing", "tangible", "product", 150.0, 1, ["vans"]],
    [*MS, *MF, "inside", "tangible", "money", 90.0, 1, ["receipts"]],
    # two information deliverables, one without a value
    [*MS, *MO, "inside", "intangible", "information", 2.0, 2, ["forecast", "orders"]],
    [*SS, *MP, "incoming", "tangible", "product", 100.0, 1, ["cells"]],
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"company": "m"}, EXPECTED),
        # in 2021 the goods no longer flow and the vans not yet
        ({"company": "m", "as_of": "2021-06-01"}, [row for row in EXPECTED if row[17] not in (["goods"], ["vans"])]),
        ({"company": "m", "limit": 2, "offset": 3}, EXPECTED[3:5]),
        # s sees its half of the exchange with m; the flow between its own roles is inside
        (
            {"company": "s"},
            [
                [*MF, *SF, "incoming", "tangible", "money", 100.0, 1, ["payment"]],
                [*SS, *MP, "outgoing", "tangible", "product", 100.0, 1, ["cells"]],
                [*SS, *SF, "inside", "intangible", "information", 1.0, 1, ["invoices"]],
            ],
        ),
        ({"company": "k"}, []),  # no roles, no map
    ],
)
def test_enterprise_map_by_hand(engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any) -> None:
    roles(engine)
    assert rows(engine, catalog, **params) == expected


def enterprise_map(industry: Industry, company: str, as_of: str | None = None) -> list[list[Any]]:
    """enterprise_map computed with pandas: the deliverables with an end among the company's roles."""
    tables = industry.tables
    owner = tables["has_role"].set_index("target")["source"]
    role = tables["role"].set_index("id")
    companies = industry.companies()
    flows = tables["delivers"].assign(
        source_label=lambda f: f.source_label.fillna("Company"), target_label=lambda f: f.target_label.fillna("Company")
    )
    if as_of is not None:
        flows = flows[(flows.start.isna() | (flows.start <= as_of)) & (flows.end.isna() | (flows.end >= as_of))]
    mine = set(owner[owner == company].index)
    touching = (flows.source_label.eq("Role") & flows.source.isin(mine)) | (
        flows.target_label.eq("Role") & flows.target.isin(mine)
    )
    flows = flows[
        touching & flows.source_label.isin(["Role", "Company"]) & flows.target_label.isin(["Role", "Company"])
    ]

    def end(node: str, label: str) -> list[Any]:
        if label == "Role":
            home = owner[node]
            return [node, "role", role.name[node], role.function[node], home, companies.name[home]]
        return [node, "company", companies.name[node], None, node, companies.name[node]]

    expected = []
    keys = ["source", "source_label", "target", "target_label", "nature", "category"]
    for (source, source_label, target, target_label, nature, category), group in flows.groupby(keys):
        source_end, target_end = end(source, source_label), end(target, target_label)
        scope = "incoming" if source_end[4] != company else "outgoing" if target_end[4] != company else "inside"
        value = float(group.value.fillna(0.0).sum())
        expected.append(
            [*source_end, *target_end, scope, nature, category, value, len(group), sorted(set(group.deliverable))]
        )
    return rounded(sorted(expected, key=lambda row: (row[0], row[6], row[13], row[14])))


def test_enterprise_map_matches_pandas(industry: Industry, catalog: Catalog) -> None:
    tables = industry.tables
    owner = tables["has_role"].set_index("target")["source"]
    by_roles = tables["delivers"][tables["delivers"].source_label.eq("Role")]
    busiest = pd.concat([by_roles.source.map(owner), by_roles.target.map(owner)]).value_counts()
    sectors = industry.companies().sector
    regulator = next(c for c in busiest.index if sectors[c] == "regulation")
    without = next(c for c in sectors.index if c not in set(owner))
    quiet = busiest.index[len(busiest) // 2]
    for center, as_of in (
        (busiest.index[0], None),
        (busiest.index[0], "2015-06-30"),
        (regulator, None),
        (quiet, None),
    ):
        params = {"company": center, "limit": 100_000} | ({} if as_of is None else {"as_of": as_of})
        expected = enterprise_map(industry, center, as_of)
        assert len(expected) > 0
        if (
            company == busiest.index[0] and as_of is None
        ):  # roles exchanging inside it, and with outside roles both ways
            assert {row[12] for row in expected} == {"inside", "outgoing", "incoming"}
        assert run(industry, catalog, "enterprise_map", **params) == expected, (center, as_of)
    assert run(industry, catalog, "enterprise_map", company=without) == []
