"""network_changes: what started, ended, entered and left between two days, by hand on a
small graph and against pandas on generated industries."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import pytest

from service.analytics.supply import CypherSupply, MemorySupply, Period, Supply
from service.analytics.supply_index import supply_index
from service.engines import Engine
from service.queries import Catalog, run_module
from service.queries.steps import Steps
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import Industry, rounded, run

FROM, TO = "2021-01-01", "2022-01-01"


def history(engine: Engine) -> None:
    """a, b, f in s1 (a in the ecosystem eco), c, e in s2.
    d1 a -> b since 2020 (no change); d2 b -> c from 2021-06-01 (started);
    d3 c -> a 2019 to 2021-03-31 (ended); d4 a -> c from 2022-06-01 (after the period);
    d5 e -> b 2018 to 2021-05-31 (ended: e leaves); d6 f -> a from 2021-09-01 (f enters).
    Contracts: k1 (a, b) from 2021-02-01 (started); k2 (c) to 2021-12-31 (ended); k3 (e) open."""

    def flow(id: str, source: str, target: str, start: str, end: str | None = None, **props: Any) -> dict[str, Any]:
        return delivers(id, source, target, deliverable=f"thing {id}", start=start, end=end, **props)

    write(
        engine,
        company=[
            company("a", sector="s1"),
            company("b", sector="s1"),
            company("f", sector="s1"),
            company("c", sector="s2"),
            company("e", sector="s2"),
        ],
        ecosystem=[{"id": "eco", "name": "Eco"}],
        member_of=[{"source": "a", "target": "eco"}],
        contract=[
            {"id": "k1", "name": "K1", "start": "2021-02-01", "end": "2025-12-31", "value": 100.0},
            {"id": "k2", "name": "K2", "start": "2019-01-01", "end": "2021-12-31", "value": 50.0},
            {"id": "k3", "name": "K3", "start": "2020-01-01", "value": 20.0},
        ],
        party_to=[
            {"source": "a", "target": "k1"},
            {"source": "b", "target": "k1"},
            {"source": "c", "target": "k2"},
            {"source": "e", "target": "k3"},
        ],
        delivers=[
            flow("d1", "a", "b", "2020-01-01", value=10.0),
            flow("d2", "b", "c", "2021-06-01", category="service", value=5.0),
            flow("d3", "c", "a", "2019-01-01", "2021-03-31", category="information", value=2.0),
            flow("d4", "a", "c", "2022-06-01", category="money", value=7.0),
            flow("d5", "e", "b", "2018-01-01", "2021-05-31", value=3.0),
            flow("d6", "f", "a", "2021-09-01", value=4.0),
        ],
    )


E_LEFT = ["company", "e", "left", None, "E", None, None, None, None]
F_ENTERED = ["company", "f", "entered", None, "F", None, None, None, None]
K1 = ["contract", "k1", "started", "2021-02-01", "K1", None, None, None, 100.0]
K2 = ["contract", "k2", "ended", "2021-12-31", "K2", None, None, None, 50.0]
D3 = ["deliverable", "d3", "ended", "2021-03-31", "thing d3", "c", "a", "information", 2.0]
D5 = ["deliverable", "d5", "ended", "2021-05-31", "thing d5", "e", "b", "product", 3.0]
D2 = ["deliverable", "d2", "started", "2021-06-01", "thing d2", "b", "c", "service", 5.0]
D6 = ["deliverable", "d6", "started", "2021-09-01", "thing d6", "f", "a", "product", 4.0]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [E_LEFT, F_ENTERED, K1, K2, D3, D5, D2, D6]),
        ({"sector": "s1"}, [F_ENTERED, K1, D3, D5, D2, D6]),
        ({"ecosystem": "eco"}, [K1, D3, D6]),
        ({"limit": 2, "offset": 3}, [K2, D3]),
        # the other way round nothing starts or ends; who is active swaps
        (
            {"from": TO, "to": FROM},
            [["company", "e", "entered", *E_LEFT[3:]], ["company", "f", "left", *F_ENTERED[3:]]],
        ),
    ],
)
def test_network_changes_by_hand(engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any) -> None:
    history(engine)
    result, _ = run_module(engine, catalog, "network_changes", {"from": FROM, "to": TO} | params)
    assert rounded(result.rows) == expected


def changes(industry: Industry, start: str, end: str, sector: str | None) -> list[list[Any]]:
    """network_changes computed with pandas."""
    companies = industry.companies()
    flows = industry.flows()
    flows = flows[flows.source != flows.target]

    def started(frame: pd.DataFrame) -> pd.Series:
        return frame.start.notna() & (start < frame.start) & (frame.start <= end)

    def ended(frame: pd.DataFrame) -> pd.Series:
        return frame.end.notna() & (start <= frame.end) & (frame.end < end)

    def running(frame: pd.DataFrame, day: str) -> pd.Series:
        return (frame.start.isna() | (frame.start <= day)) & (frame.end.isna() | (frame.end >= day))

    in_scope = companies.index if sector is None else companies.index[companies.sector == sector]
    rows: list[list[Any]] = []
    seen = pd.concat([flows.assign(company=flows.source), flows.assign(company=flows.target)])
    seen = seen[seen.company.isin(in_scope)]
    before = seen[running(seen, start)].company.unique()
    after = seen[running(seen, end)].company.unique()
    for id_ in sorted(set(seen.company)):
        if (id_ in before) != (id_ in after):
            change = "entered" if id_ in after else "left"
            rows.append(["company", id_, change, None, companies.name[id_], None, None, None, None])
    contracts = industry.tables["contract"].set_index("id")
    parties = industry.tables["party_to"]
    scoped = set(parties[parties.source.isin(in_scope)].target)
    contracts = contracts[contracts.index.isin(scoped)]
    events = []
    for kind, frame in (
        ("contract", contracts.reset_index()),
        ("deliverable", flows[flows.source.isin(in_scope) | flows.target.isin(in_scope)]),
    ):
        for change, happened, day in (("started", started, "start"), ("ended", ended, "end")):
            for row in frame[happened(frame)].itertuples(index=False):
                if kind == "contract":
                    events.append([kind, row.id, change, getattr(row, day), row.name, None, None, None, row.value])
                else:
                    events.append(
                        [
                            kind,
                            row.id,
                            change,
                            getattr(row, day),
                            row.deliverable,
                            row.source,
                            row.target,
                            row.category,
                            row.value,
                        ]
                    )
    rows += sorted(events, key=lambda r: (r[0], r[3], r[1], r[2]))
    return rounded([[None if isinstance(v, float) and pd.isna(v) else v for v in row] for row in rows])


def test_network_changes_match_pandas(industry: Industry, catalog: Catalog) -> None:
    days = sorted(industry.tables["delivers"].start.dropna().unique())
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    for sector in (None, industry.companies().sector.iloc[0]):
        params = {"from": start, "to": end, "limit": 100_000} | ({} if sector is None else {"sector": sector})
        expected = changes(industry, start, end, sector)
        assert run(industry, catalog, "network_changes", **params) == expected
        assert {(row[0], row[2]) for row in expected} >= {("deliverable", "started"), ("deliverable", "ended")}


def figures(changes: dict[str, list[tuple[str, float, float]]]) -> list[list[Any]]:
    """Rows of network_change_figures from (key, before, after) per figure, in order."""
    return [[figure, key, a, b, b - a] for figure, rows in changes.items() for key, a, b in rows]


# On FROM run d1 a -> b product 10, d3 c -> a information 2, d5 e -> b product 3;
# on TO run d1, d2 b -> c service 5, d6 f -> a product 4.
ALL_FIGURES = {
    "flows": [("information", 1.0, 0.0), ("product", 2.0, 2.0), ("service", 0.0, 1.0), ("all", 3.0, 3.0)],
    "value": [("information", 2.0, 0.0), ("product", 13.0, 14.0), ("service", 0.0, 5.0), ("all", 15.0, 19.0)],
    # before, c alone supplies a information (b has a and e for product); after, a alone
    # supplies b, f alone a (product), b alone c (service)
    "single_points_of_failure": [
        ("information", 1.0, 0.0),
        ("product", 0.0, 2.0),
        ("service", 0.0, 1.0),
        ("all", 1.0, 3.0),
    ],
    # the largest customers on TO: b (10), c (5), a (4); their suppliers on each day
    "suppliers": [("b", 2.0, 1.0), ("c", 0.0, 1.0), ("a", 1.0, 1.0)],
}
# only what a takes part in: d1 and d3, then d1 and d6
ECO_FIGURES = {
    "flows": [("information", 1.0, 0.0), ("product", 1.0, 2.0), ("all", 2.0, 2.0)],
    "value": [("information", 2.0, 0.0), ("product", 10.0, 14.0), ("all", 12.0, 14.0)],
    "single_points_of_failure": [("information", 1.0, 0.0), ("product", 1.0, 2.0), ("all", 2.0, 2.0)],
    "suppliers": [("b", 1.0, 1.0), ("a", 1.0, 1.0)],
}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, figures(ALL_FIGURES)),
        ({"ecosystem": "eco"}, figures(ECO_FIGURES)),
        ({"top": 2}, figures(ALL_FIGURES)[:-1]),
    ],
)
def test_network_change_figures_by_hand(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any
) -> None:
    history(engine)
    result, _ = run_module(engine, catalog, "network_change_figures", {"from": FROM, "to": TO} | params)
    assert rounded(result.rows) == expected


def change_figures(industry: Industry, start: str, end: str, top: int) -> list[list[Any]]:
    """network_change_figures computed with pandas, over the whole network."""
    flows = industry.flows()
    flows = flows[flows.source != flows.target].assign(value=lambda f: f.value.fillna(0.0))

    def on(day: str) -> pd.DataFrame:
        return flows[(flows.start.isna() | (flows.start <= day)) & (flows.end.isna() | (flows.end >= day))]

    days = [on(start), on(end)]
    categories = sorted(set(days[0].category) | set(days[1].category))
    rows: list[list[Any]] = []
    for figure, measure in (("flows", len), ("value", lambda f: f.value.sum())):
        for key in [*categories, "all"]:
            a, b = (measure(d if key == "all" else d[d.category == key]) for d in days)
            rows.append([figure, key, float(a), float(b), float(b) - float(a)])
    sole = []
    for d in days:
        goods = d[d.category != "money"]
        counts = goods.groupby(["target", "category"]).source.nunique()
        alone = goods.set_index(["target", "category"]).loc[counts[counts == 1].index].reset_index()
        sole.append({**alone.groupby("category").source.nunique().to_dict(), "all": alone.source.nunique()})
    for key in [*(c for c in categories if c != "money"), "all"]:
        a, b = (float(s.get(key, 0)) for s in sole)
        rows.append(["single_points_of_failure", key, a, b, b - a])
    goods = [d[d.category != "money"] for d in days]
    received = goods[1].groupby("target").value.sum()
    largest = sorted(received.index, key=lambda c: (-received[c], c))[:top]
    for customer in largest:
        a, b = (float(g[g.target == customer].source.nunique()) for g in goods)
        rows.append(["suppliers", customer, a, b, b - a])
    return rounded(rows)


def test_network_change_figures_match_pandas(industry: Industry, catalog: Catalog) -> None:
    days = sorted(industry.tables["delivers"].start.dropna().unique())
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    expected = change_figures(industry, start, end, 20)
    assert run(industry, catalog, "network_change_figures", **{"from": start, "to": end, "top": 20}) == expected
    assert any(row[0] == "single_points_of_failure" and row[4] for row in expected)  # something changed


def test_the_index_answers_as_the_steps_do(industry: Industry, catalog: Catalog) -> None:
    """Both supplies, on several scopes and periods (one backwards, one of no days):
    the same rows of network_changes, whole and page after page, and the same figures."""
    index = supply_index(Steps.of(industry.engine, catalog))
    assert index is not None

    # A question a call: the steps read every deliverable of a scope, seconds each at 2,000
    # companies on busy cores.
    def memory() -> Supply:
        return MemorySupply(Steps.of(industry.engine, catalog), index)

    def cypher() -> Supply:
        return CypherSupply(Steps.of(industry.engine, catalog))

    days = sorted(industry.tables["delivers"].start.dropna().unique())
    periods = [
        (days[len(days) // 3], days[2 * len(days) // 3]),
        (days[0], days[-1]),
        (days[-1], days[len(days) // 2]),
        (days[len(days) // 2], days[len(days) // 2]),
    ]
    ecosystem = industry.tables["member_of"].target.value_counts().index[0]
    sector = industry.companies().sector.iloc[0]
    # The steps take seconds over the whole network at 2,000 companies (and over 30 for a
    # sector and an ecosystem together on FalkorDB): the whole network over one period.
    scopes = [(None, None), (sector, None), (None, ecosystem)]
    kinds: Counter[tuple[str, str]] = Counter()
    for (start, end), scope in [(periods[0], scopes[0])] + [(p, s) for p in periods for s in scopes[1:]]:
        period = Period(start, end, *scope)
        whole = rounded([list(row) for row in cypher().network_changes(period, 0, 1_000_000)])
        assert rounded([list(row) for row in memory().network_changes(period, 0, 1_000_000)]) == whole, period
        kinds.update((row[0], row[2]) for row in whole)
        for top in (1, 20):
            expected = rounded([list(row) for row in cypher().change_figures(period, top)])
            assert rounded([list(row) for row in memory().change_figures(period, top)]) == expected, (period, top)
    assert set(kinds) == {
        ("company", "entered"),
        ("company", "left"),
        ("contract", "started"),
        ("contract", "ended"),
        ("deliverable", "started"),
        ("deliverable", "ended"),
    }, kinds
    period = Period(*periods[0], sector, None)
    whole = memory().network_changes(period, 0, 1_000_000)
    for supply, size in ((memory, 7), (memory, 100), (cypher, 250)):  # the steps take a second a page
        pages = [row for at in range(0, len(whole) + size, size) for row in supply().network_changes(period, at, size)]
        assert pages == whole, (size, supply)
    assert len(whole) > 500
