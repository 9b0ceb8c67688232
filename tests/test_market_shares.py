"""market_shares: every competitor's share and rank and each market's HHI, by hand on a
small graph and against pandas on generated industries."""

from __future__ import annotations

import pandas as pd
import pytest

from service.engines import Engine
from service.errors import EntityNotFound
from service.queries import Catalog, run_module
from tests.test_merger import market_network
from tests.utils.graphs import company, write
from tests.utils.industry import Industry, rounded, run

# m1: a 30, b 20, c 25, d 25 (revenues are percent of each market's 100): HHI 900 + 400 + 625 + 625.
M1 = [
    ["m1", "M1", "a", "A", 30.0, 30.0, 1, 4, 100.0, 2550.0],
    ["m1", "M1", "c", "C", 25.0, 25.0, 2, 4, 100.0, 2550.0],  # c and d tie: id order
    ["m1", "M1", "d", "D", 25.0, 25.0, 3, 4, 100.0, 2550.0],
    ["m1", "M1", "b", "B", 20.0, 20.0, 4, 4, 100.0, 2550.0],
]
# m2: a 5, e 95, and z with no revenue: listed last, not counted. HHI 25 + 9,025.
M2 = [
    ["m2", "M2", "e", "E", 95.0, 95.0, 1, 2, 100.0, 9050.0],
    ["m2", "M2", "a", "A", 5.0, 5.0, 2, 2, 100.0, 9050.0],
    ["m2", "M2", "z", "Z", None, None, None, 2, 100.0, 9050.0],
]
# m5: a 20, b 12, h 68, and y at 0 (ranked, not counted): HHI 400 + 144 + 4,624.
M5 = [
    ["m5", "M5", "h", "H", 68.0, 68.0, 1, 3, 100.0, 5168.0],
    ["m5", "M5", "a", "A", 20.0, 20.0, 2, 3, 100.0, 5168.0],
    ["m5", "M5", "b", "B", 12.0, 12.0, 3, 3, 100.0, 5168.0],
    ["m5", "M5", "y", "Y", 0.0, 0.0, 4, 3, 100.0, 5168.0],
]


@pytest.fixture
def markets(engine: Engine) -> Engine:
    market_network(engine)
    write(
        engine,
        company=[company("y"), company("z")],
        competes_in=[{"source": "z", "target": "m2"}, {"source": "y", "target": "m5", "revenue": 0.0}],
    )
    return engine


def shares(engine: Engine, catalog: Catalog, **params: object) -> list[list[object]]:
    result, _ = run_module(engine, catalog, "market_shares", params)
    return rounded(result.rows)


def test_one_market_lists_every_competitor_by_rank_with_the_hhi(markets: Engine, catalog: Catalog) -> None:
    assert shares(markets, catalog, market="m1") == M1
    assert shares(markets, catalog, market="m2") == M2


def test_a_company_gives_every_competitor_of_each_of_its_markets(markets: Engine, catalog: Catalog) -> None:
    assert shares(markets, catalog, company="h") == M5
    # b competes in m1, m5 and m6 (m6: a, b, t 20 each and forty at 1: HHI 3·400 + 40 = 1,240).
    rows = shares(markets, catalog, company="b", limit=1000)
    assert rows[:4] == M1
    assert rows[4:8] == M5
    m6 = rows[8:]
    assert [r[2] for r in m6[:3]] == ["a", "b", "t"]
    assert {(r[7], r[8], r[9]) for r in m6} == {(43, 100.0, 1240.0)}
    assert [r[6] for r in m6] == list(range(1, 44))


def test_no_parameter_gives_every_market_paged(markets: Engine, catalog: Catalog) -> None:
    everything = shares(markets, catalog, limit=1000)
    assert len(everything) == 4 + 3 + 4 + 43
    assert shares(markets, catalog, limit=3, offset=5) == everything[5:8]
    assert everything[4:7] == M2


def test_both_parameters_narrow_to_the_market_if_the_company_is_in_it(markets: Engine, catalog: Catalog) -> None:
    assert shares(markets, catalog, market="m5", company="h") == M5
    assert shares(markets, catalog, market="m2", company="h") == []


def test_an_unknown_market_or_company_is_not_found(markets: Engine, catalog: Catalog) -> None:
    with pytest.raises(EntityNotFound, match="'market'"):
        run_module(markets, catalog, "market_shares", {"market": "nowhere"})
    with pytest.raises(EntityNotFound, match="'company'"):
        run_module(markets, catalog, "market_shares", {"company": "nobody"})


def test_market_shares_match_pandas(industry: Industry, catalog: Catalog) -> None:
    competes = industry.tables["competes_in"]
    names = industry.tables["company"].set_index("id").name
    total = competes.assign(revenue=competes.revenue.fillna(0.0)).groupby("target").revenue.sum()
    frame = competes.assign(
        total=competes.target.map(total),
        share=lambda t: 100 * t.revenue / t.total,
        order=lambda t: t.revenue.fillna(-1.0),
    ).sort_values(["target", "order", "source"], ascending=[True, False, True])
    frame["rank"] = frame.groupby("target").cumcount() + 1
    hhi = frame.assign(square=frame.share.fillna(0.0) ** 2).groupby("target").square.sum()
    counted = frame.assign(above=frame.revenue > 0).groupby("target").above.sum()
    markets = industry.tables["market"].set_index("id").name
    expected = [
        [
            r.target,
            markets[r.target],
            r.source,
            names[r.source],
            None if pd.isna(r.revenue) else r.revenue,
            None if pd.isna(r.revenue) else r.share,
            None if pd.isna(r.revenue) else r.rank,
            int(counted[r.target]),
            float(r.total),
            float(hhi[r.target]),
        ]
        for r in frame.itertuples()
    ]
    got = run(industry, catalog, "market_shares", limit=100_000)
    assert got == rounded(expected)
