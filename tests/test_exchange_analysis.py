"""exchange_analysis and exchange_indicators (value network analysis): by hand on a small
graph, and against pandas on generated industries."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from service.engines import Engine
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import Industry, rounded, run


def exchanges(engine: Engine) -> None:
    """a and b in s1 (a in the ecosystem eco), c and d in s2:
    a --product 10--> b --money 10--> a; a --information 4--> c;
    c --service 6--> d, c --product 8--> d, d --compliance 2--> c."""
    write(
        engine,
        company=[
            company("a", sector="s1"),
            company("b", sector="s1"),
            company("c", sector="s2"),
            company("d", sector="s2"),
        ],
        ecosystem=[{"id": "eco", "name": "Eco"}],
        member_of=[{"source": "a", "target": "eco"}],
        delivers=[
            delivers("1", "a", "b", value=10.0),
            delivers("2", "b", "a", category="money", value=10.0),
            delivers("3", "a", "c", category="information", value=4.0),
            delivers("4", "c", "d", category="service", value=6.0),
            delivers("5", "d", "c", category="compliance", value=2.0),
            delivers("6", "c", "d", value=8.0),
        ],
    )


def test_exchange_analysis_puts_companies_with_no_sector_or_an_empty_one_in_one_sector(
    engine: Engine, catalog: Catalog
) -> None:
    write(
        engine,
        company=[company("p", sector=""), company("q"), company("r", sector="s")],
        delivers=[delivers("1", "q", "p", category="data"), delivers("2", "p", "r"), delivers("3", "r", "q")],
    )
    assert rows(engine, catalog, "exchange_analysis", zoom="sector") == [
        ["", "", "", "", "intangible", "data", 1.0, 1.0, 1, 1, "internal", 0.0, 1.0],
        ["", "", "s", "s", "tangible", "product", 1.0, 1.0, 1, 1, "reciprocal", 0.0, 0.0],
        ["s", "s", "", "", "tangible", "product", 1.0, 1.0, 1, 1, "reciprocal", 0.0, 0.0],
    ]


def rows(engine: Engine, catalog: Catalog, name: str, **params: Any) -> list[list[Any]]:
    result, _ = run_module(engine, catalog, name, params)
    return rounded(result.rows)


# node, counterpart, nature, category, value out, in, deliverables out, in, exchange, balance, intangible share
A_AND_B = [
    # a and b: product 10 one way, money 10 the other: reciprocal, balanced, nothing intangible
    ["a", "A", "b", "B", "tangible", "money", 0.0, 10.0, 0, 1, "reciprocal", 0.0, 0.0],
    ["a", "A", "b", "B", "tangible", "product", 10.0, 0.0, 1, 0, "reciprocal", 0.0, 0.0],
    # a only gives c information: 4 out, so a balance of -4, all of it intangible
    ["a", "A", "c", "C", "intangible", "information", 4.0, 0.0, 1, 0, "given", -4.0, 1.0],
    ["b", "B", "a", "A", "tangible", "money", 10.0, 0.0, 1, 0, "reciprocal", 0.0, 0.0],
    ["b", "B", "a", "A", "tangible", "product", 0.0, 10.0, 0, 1, "reciprocal", 0.0, 0.0],
]
C_AND_D = [
    ["c", "C", "a", "A", "intangible", "information", 0.0, 4.0, 0, 1, "received", 4.0, 1.0],
    # c gives 6 + 8 = 14 and receives 2: balance -12; intangible 2 of 16 = 0.125
    ["c", "C", "d", "D", "intangible", "compliance", 0.0, 2.0, 0, 1, "reciprocal", -12.0, 0.125],
    ["c", "C", "d", "D", "tangible", "product", 8.0, 0.0, 1, 0, "reciprocal", -12.0, 0.125],
    ["c", "C", "d", "D", "tangible", "service", 6.0, 0.0, 1, 0, "reciprocal", -12.0, 0.125],
    ["d", "D", "c", "C", "intangible", "compliance", 2.0, 0.0, 1, 0, "reciprocal", 12.0, 0.125],
    ["d", "D", "c", "C", "tangible", "product", 0.0, 8.0, 0, 1, "reciprocal", 12.0, 0.125],
    ["d", "D", "c", "C", "tangible", "service", 0.0, 6.0, 0, 1, "reciprocal", 12.0, 0.125],
]
SECTORS = [
    # a flow inside a sector is given and received by it: s1 gives and receives product 10 and money 10
    ["s1", "s1", "s1", "s1", "tangible", "money", 10.0, 10.0, 1, 1, "internal", 0.0, 0.0],
    ["s1", "s1", "s1", "s1", "tangible", "product", 10.0, 10.0, 1, 1, "internal", 0.0, 0.0],
    ["s1", "s1", "s2", "s2", "intangible", "information", 4.0, 0.0, 1, 0, "given", -4.0, 1.0],
    ["s2", "s2", "s1", "s1", "intangible", "information", 0.0, 4.0, 0, 1, "received", 4.0, 1.0],
    # inside s2: 16 each way, 2 + 2 of the 32 intangible
    ["s2", "s2", "s2", "s2", "intangible", "compliance", 2.0, 2.0, 1, 1, "internal", 0.0, 0.125],
    ["s2", "s2", "s2", "s2", "tangible", "product", 8.0, 8.0, 1, 1, "internal", 0.0, 0.125],
    ["s2", "s2", "s2", "s2", "tangible", "service", 6.0, 6.0, 1, 1, "internal", 0.0, 0.125],
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, A_AND_B + C_AND_D),
        ({"sector": "s1"}, A_AND_B),
        ({"ecosystem": "eco"}, A_AND_B[:3]),
        ({"zoom": "sector"}, SECTORS),
        ({"zoom": "sector", "sector": "s2"}, SECTORS[3:]),
        ({"limit": 3, "offset": 2}, (A_AND_B + C_AND_D)[2:5]),
    ],
)
def test_exchange_analysis_by_hand(engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any) -> None:
    exchanges(engine)
    assert rows(engine, catalog, "exchange_analysis", **params) == expected


# category, flows, value, intangible share, pairs, reciprocal, reciprocity, one-way dependencies,
# suppliers, supplier HHI
INDICATORS = [
    ["compliance", 1, 2.0, 1.0, 1, 1, 1.0, 0, 1, 10000.0],
    # a -> c is the one pair with nothing back: a one-way dependency
    ["information", 1, 4.0, 1.0, 1, 0, 0.0, 1, 1, 10000.0],
    ["money", 1, 10.0, 0.0, 1, 1, 1.0, 0, 1, 10000.0],
    # a supplies 10 and c 8 of 18: (1000/18)² + (800/18)² = 5,061.728395
    ["product", 2, 18.0, 0.0, 2, 2, 1.0, 0, 2, 5061.728395],
    ["service", 1, 6.0, 0.0, 1, 1, 1.0, 0, 1, 10000.0],
    # 6 of 40 intangible; pairs ab and cd reciprocal, ac not; a 14, b 10, c 14, d 2 of 40:
    # 35² + 25² + 35² + 5² = 3,100
    ["all", 6, 40.0, 0.15, 3, 2, 0.666667, 1, 4, 3100.0],
]
# flows with an end in s1 (or at a): a -> b, b -> a, a -> c; a 14 and b 10 of 24:
# (1400/24)² + (1000/24)² = 5,138.888889
ONE_SIDE = [
    ["information", 1, 4.0, 1.0, 1, 0, 0.0, 1, 1, 10000.0],
    ["money", 1, 10.0, 0.0, 1, 1, 1.0, 0, 1, 10000.0],
    ["product", 1, 10.0, 0.0, 1, 1, 1.0, 0, 1, 10000.0],
    ["all", 3, 24.0, 0.166667, 2, 1, 0.5, 1, 2, 5138.888889],
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, INDICATORS), ({"sector": "s1"}, ONE_SIDE), ({"ecosystem": "eco"}, ONE_SIDE), ({"sector": "s9"}, [])],
)
def test_exchange_indicators_by_hand(engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any) -> None:
    exchanges(engine)
    assert rows(engine, catalog, "exchange_indicators", **params) == expected


def in_scope(industry: Industry, scope: dict[str, Any]) -> set[str]:
    """The ids of the companies of a scope: its sector and its ecosystem, where given."""
    companies = industry.companies()
    ids = set(companies.index)
    if "sector" in scope:
        ids &= set(companies.index[companies.sector == scope["sector"]])
    if "ecosystem" in scope:
        members = industry.tables["member_of"]
        ids &= set(members.source[members.target == scope["ecosystem"]])
    return ids


def scope_flows(industry: Industry, scope: dict[str, Any]) -> pd.DataFrame:
    """Deliverables between two different companies running on the scope's as_of, with at
    least one end in the scope, with their sectors; values missing as 0."""
    sectors = industry.companies().sector.fillna("")
    flows = industry.flows(as_of=scope.get("as_of"))
    flows = flows[flows.source != flows.target].assign(
        value=lambda f: f.value.fillna(0.0),
        source_sector=lambda f: f.source.map(sectors),
        target_sector=lambda f: f.target.map(sectors),
    )
    ids = in_scope(industry, scope)
    return flows[flows.source.isin(ids) | flows.target.isin(ids)]


def analysis(industry: Industry, zoom: str, scope: dict[str, Any]) -> list[list[Any]]:
    """exchange_analysis computed with pandas: each flow seen from both of its ends."""
    flows = scope_flows(industry, {"as_of": scope["as_of"]} if "as_of" in scope else {})
    names = industry.companies().name
    source, target = ("source_sector", "target_sector") if zoom == "sector" else ("source", "target")
    out = flows.assign(node=flows[source], counterpart=flows[target], company=flows.source)
    out = out.assign(value_out=flows.value, value_in=0.0, d_out=1, d_in=0)
    back = flows.assign(node=flows[target], counterpart=flows[source], company=flows.target)
    back = back.assign(value_out=0.0, value_in=flows.value, d_out=0, d_in=1)
    seen = pd.concat([out, back])
    seen = seen[seen.company.isin(in_scope(industry, scope))]
    keys = ["node", "counterpart", "nature", "category"]
    cells = seen.groupby(keys, as_index=False)[["value_out", "value_in", "d_out", "d_in"]].sum()
    pairs = cells.groupby(["node", "counterpart"])
    totals = pairs[["value_out", "value_in", "d_out", "d_in"]].sum()
    intangible = cells[cells.nature == "intangible"].groupby(["node", "counterpart"])[["value_out", "value_in"]].sum()
    expected = []
    for cell in cells.itertuples(index=False):
        total = totals.loc[(cell.node, cell.counterpart)]
        given, received = total.value_out, total.value_in
        if cell.node == cell.counterpart:
            exchange = "internal"
        elif total.d_out > 0 and total.d_in > 0:
            exchange = "reciprocal"
        else:
            exchange = "given" if total.d_out > 0 else "received"
        pair = (cell.node, cell.counterpart)
        soft = intangible.loc[pair].sum() if pair in intangible.index else 0.0
        name = str if zoom == "sector" else names.get
        expected.append(
            [
                cell.node,
                name(cell.node),
                cell.counterpart,
                name(cell.counterpart),
                cell.nature,
                cell.category,
                float(cell.value_out),
                float(cell.value_in),
                int(cell.d_out),
                int(cell.d_in),
                exchange,
                float(received - given),
                float(soft / (given + received)) if given + received > 0 else None,
            ]
        )
    return rounded(expected)


@pytest.mark.parametrize("zoom", ["company", "sector"])
def test_exchange_analysis_matches_pandas(industry: Industry, catalog: Catalog, zoom: str) -> None:
    sector = industry.companies().sector.iloc[0]
    for scope in ({}, {"sector": sector}) if zoom == "company" else ({},):
        params = {"zoom": zoom, "limit": 100_000} | scope
        assert run(industry, catalog, "exchange_analysis", **params) == analysis(industry, zoom, scope)


def scopes(industry: Industry) -> list[dict[str, Any]]:
    """Scopes of an ecosystem, of a sector, of both, on a day and on every day."""
    members = industry.tables["member_of"]
    ecosystem = members.target.value_counts().index[0]
    sector = industry.companies().sector[members.source[members.target == ecosystem]].mode()[0]
    return [
        {"ecosystem": ecosystem},
        {"ecosystem": ecosystem, "as_of": "2021-06-30"},
        {"sector": sector, "as_of": "2016-01-01"},
        {"sector": sector, "ecosystem": ecosystem, "as_of": "2021-06-30"},
    ]


@pytest.mark.parametrize("zoom", ["company", "sector"])
def test_exchange_analysis_of_an_ecosystem_on_a_day_matches_pandas(
    industry: Industry, catalog: Catalog, zoom: str
) -> None:
    for scope in scopes(industry):
        expected = analysis(industry, zoom, scope)
        assert expected
        assert run(industry, catalog, "exchange_analysis", zoom=zoom, limit=100_000, **scope) == expected


def test_exchange_analysis_pages_follow_each_other(industry: Industry, catalog: Catalog) -> None:
    """The company zoom reads only the nodes a page needs: pages of every size, one after
    the other, make the whole answer."""
    scope = {"sector": industry.companies().sector.iloc[0], "as_of": "2021-06-30"}
    expected = analysis(industry, "company", scope)
    for size in (1, 7, 250):
        pages = [
            run(industry, catalog, "exchange_analysis", limit=size, offset=offset, **scope)
            for offset in range(0, min(len(expected) + size, 3 * size + 1), size)
        ]
        assert [row for page in pages for row in page] == expected[: len(pages) * size]
    assert run(industry, catalog, "exchange_analysis", offset=len(expected), **scope) == []


def indicators(industry: Industry, scope: dict[str, Any]) -> list[list[Any]]:
    """exchange_indicators computed with pandas."""
    flows = scope_flows(industry, scope)
    flows = flows.assign(
        pair=[tuple(sorted(p)) for p in zip(flows.source, flows.target, strict=True)],
        intangible=flows.value.where(flows.nature == "intangible", 0.0),
    )
    ways = flows.groupby("pair").apply(lambda f: {(s, t) for s, t in zip(f.source, f.target, strict=True)})
    reciprocal = ways.map(len) == 2
    expected = []
    for category, group in [*sorted(flows.groupby("category")), ("all", flows)]:
        pairs = group.pair.unique()
        two_ways = int(reciprocal[pairs].sum())
        if category == "all":
            depending = set(group[group.category != "money"].pair)
        else:
            depending = set(pairs) if category != "money" else set()
        one_way = sum(1 for p in pairs if not reciprocal[p] and p in depending)
        value = group.value.sum()
        supplied = group.groupby("source").value.sum()
        expected.append(
            [
                category,
                len(group),
                float(value),
                float(group.intangible.sum() / value) if value > 0 else None,
                len(pairs),
                two_ways,
                two_ways / len(pairs),
                one_way,
                len(supplied),
                float(((100 * supplied / value) ** 2).sum()) if value > 0 else None,
            ]
        )
    return rounded(expected)


def test_exchange_indicators_match_pandas(industry: Industry, catalog: Catalog) -> None:
    for scope in ({}, {"sector": industry.companies().sector.iloc[0]}):
        assert run(industry, catalog, "exchange_indicators", **scope) == indicators(industry, scope)


def test_exchange_indicators_of_an_ecosystem_on_a_day_match_pandas(industry: Industry, catalog: Catalog) -> None:
    for scope in scopes(industry):
        expected = indicators(industry, scope)
        assert expected
        assert run(industry, catalog, "exchange_indicators", **scope) == expected
