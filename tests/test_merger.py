"""merger_overlap: by hand on a small graph, and against pandas on generated industries."""

from __future__ import annotations

import random
import re
import threading
from typing import Any

import pandas as pd
import pytest

from service.engines import Engine
from service.errors import EntityNotFound, InvalidParameter
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, partner_network, write
from tests.utils.industry import INPUTS, Industry, rounded, run

ME_AND_P2 = [
    ("customers", "cust1", "Cust1", "a", 10.0, None, 0.0, None),
    ("customers", "cust2", "Cust2", "a", 5.0, None, 0.0, None),
    ("suppliers", "p3", "P3", "a", 2.0, None, 0.0, None),
    (
        "suppliers",
        "sup",
        "Sup",
        "a",
        4.0,
        None,
        0.0,
        None,
    ),  # product 3 and information 1; me's money to sup is not supply
    ("capabilities", "k1", "Design", "both", None, None, 0.25, "genesis"),
    ("capabilities", "k2", "Welding", "a", None, None, 0.25, None),
    ("capabilities", "k3", "Software", "b", None, None, 0.25, "commodity"),
    ("capabilities", "k4", "Logistics", "b", None, None, 0.25, "custom"),
    ("markets", "m1", "Market One", "both", 1.0, 1.0, 1.0, None),
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
                ("capabilities", "k1", "Design", "both", None, None, 0.25, "genesis"),
                ("markets", "m1", "Market One", "both", 1.0, 1.0, 1.0, None),
            ],
        ),
        # The parties are not items of each other: sup is me's supplier, but not here.
        (
            {"a": "me", "b": "sup", "only": "complementary"},
            [
                ("customers", "cust1", "Cust1", "a", 10.0, None, 0.0, None),
                ("customers", "cust2", "Cust2", "a", 5.0, None, 0.0, None),
                ("suppliers", "p3", "P3", "a", 2.0, None, 0.0, None),
                ("capabilities", "k1", "Design", "a", None, None, 0.0, "genesis"),
                ("capabilities", "k2", "Welding", "a", None, None, 0.0, None),
                ("capabilities", "k3", "Software", "b", None, None, 0.0, "commodity"),
                ("markets", "m1", "Market One", "a", 1.0, None, 0.0, None),
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


def streams_and_ecosystems(engine: Engine) -> None:
    """a runs stream va, b runs vb; s's stream vs feeds both (4 and 6), s's vx feeds va (1,
    until 2020), s's vm pays vb (money 9: b does not depend on it); a is in ecosystems e1
    and e2, b in e1."""
    stream = {"source_label": "ValueStream", "target_label": "ValueStream"}
    write(
        engine,
        company=[company(i) for i in ("a", "b", "s")],
        value_stream=[{"id": v, "name": v.upper()} for v in ("va", "vb", "vs", "vx", "vm")],
        ecosystem=[{"id": e, "name": e.upper()} for e in ("e1", "e2")],
        operates=[
            {"source": c, "target": v} for c, v in (("a", "va"), ("b", "vb"), ("s", "vs"), ("s", "vx"), ("s", "vm"))
        ],
        member_of=[{"source": c, "target": e} for c, e in (("a", "e1"), ("a", "e2"), ("b", "e1"))],
        delivers=[
            delivers("y1", "vs", "va", "service", 4.0, **stream),
            delivers("y2", "vs", "vb", "service", 6.0, **stream),
            delivers("y3", "vx", "va", "service", 1.0, end="2019-12-31", **stream),
            delivers("y4", "vm", "vb", "money", 9.0, **stream),
        ],
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            None,
            [
                ("ecosystems", "e1", "E1", "both", None, None, 0.5, None),
                ("ecosystems", "e2", "E2", "a", None, None, 0.5, None),
                ("value_streams", "vs", "VS", "both", 4.0, 6.0, 0.5, None),
                ("value_streams", "vx", "VX", "a", 1.0, None, 0.5, None),
            ],
        ),
        (
            "2020-06-30",
            [
                ("ecosystems", "e1", "E1", "both", None, None, 0.5, None),
                ("ecosystems", "e2", "E2", "a", None, None, 0.5, None),
                ("value_streams", "vs", "VS", "both", 4.0, 6.0, 1.0, None),
            ],
        ),
    ],
)
def test_merger_overlap_of_ecosystems_and_value_streams(
    engine: Engine, catalog: Catalog, as_of: str | None, expected: list[tuple[Any, ...]]
) -> None:
    streams_and_ecosystems(engine)
    result, _ = run_module(engine, catalog, "merger_overlap", {"a": "a", "b": "b", "as_of": as_of})
    assert [tuple(row) for row in result.rows] == expected


def test_merger_overlap_refuses_one_company_twice(engine: Engine, catalog: Catalog) -> None:
    partner_network(engine)
    with pytest.raises(InvalidParameter, match="'b': must differ from a"):
        run_module(engine, catalog, "merger_overlap", {"a": "me", "b": "me"})


def items_of(industry: Industry, company: str, other: str, as_of: str | None = None) -> dict[str, dict[str, Any]]:
    """Each dimension's items of one company with their weight, from the tables."""

    def weights(items: pd.Series, values: pd.Series) -> dict[str, Any]:
        return {i: None if pd.isna(w) else round(w, 6) for i, w in zip(items, values, strict=True)}

    def summed(frame: pd.DataFrame, key: str) -> dict[str, Any]:
        totals = frame.groupby(key)["value"].sum()  # as Cypher's sum(): 0 when every value is missing
        return weights(totals.index.to_series(), totals)

    flows = industry.flows(list(INPUTS), as_of)
    holds = industry.tables["has_capability"]
    holds = holds[holds.source_label.fillna("Company").eq("Company") & holds.source.eq(company)]
    competes = industry.tables["competes_in"].pipe(lambda t: t[t.source.eq(company)])
    member = industry.tables["member_of"].pipe(lambda t: t[t.source.eq(company)])
    streams = industry.tables["operates"].pipe(lambda t: set(t[t.source.eq(company)].target))
    d = industry.tables["delivers"]
    between_streams = d.source_label.eq("ValueStream") & d.target_label.eq("ValueStream") & d.category.ne("money")
    into_streams = d[between_streams & d.target.isin(streams)]
    if as_of is not None:
        into_streams = into_streams[
            (into_streams.start.isna() | (into_streams.start <= as_of))
            & (into_streams.end.isna() | (into_streams.end >= as_of))
        ]
    return {
        "customers": summed(flows[flows.source.eq(company) & ~flows.target.isin([company, other])], "target"),
        "suppliers": summed(flows[flows.target.eq(company) & ~flows.source.isin([company, other])], "source"),
        "capabilities": weights(holds.target, holds.level),
        "markets": weights(competes.target, competes.revenue),
        "ecosystems": dict.fromkeys(member.target),
        "value_streams": summed(into_streams, "source"),
    }


def sharing_pairs(industry: Industry, as_of: str | None) -> list[tuple[str, str]]:
    """Two companies sharing a customer, a supplier, a capability, an ecosystem, a market; and two companies
    whose value streams depend on other streams (the generator's streams feed only streams
    of their own company, so no value stream dependency is ever shared)."""
    t = industry.tables
    flows = industry.flows(list(INPUTS), as_of)
    held = [
        flows,  # the source company holds the target as a customer
        pd.DataFrame({"source": flows.target, "target": flows.source}),
        t["has_capability"][t["has_capability"].source_label.fillna("Company").eq("Company")],
        t["member_of"],
        t["competes_in"],
    ]
    pairs = []
    for holders in held:
        groups = holders.drop_duplicates(["target", "source"]).groupby("target").source.agg(list)
        first = groups[groups.map(len) >= 2].iloc[0]
        pairs.append((first[0], first[1]))
    d = t["delivers"]
    fed = d[d.source_label.eq("ValueStream") & d.target_label.eq("ValueStream")].target
    owners = t["operates"][t["operates"].target.isin(fed)].source.drop_duplicates()
    pairs.append((owners.iloc[0], owners.iloc[1]))
    return pairs


@pytest.mark.parametrize("as_of", [None, "2021-06-30"])
def test_merger_overlap_matches_pandas(industry: Industry, catalog: Catalog, as_of: str | None) -> None:
    d = industry.tables["delivers"]
    degree = pd.concat([d.source, d.target]).value_counts()
    hubs = list(degree.index[:4])
    rng = random.Random(industry.seed)
    companies = list(industry.tables["company"].id)
    pairs = [(hubs[0], hubs[1]), (hubs[2], hubs[3])] + [tuple(rng.sample(companies, 2)) for _ in range(6)]
    pairs += sharing_pairs(industry, as_of)
    stages = industry.tables["capability"].set_index("id").evolution.dropna().to_dict()
    shared: dict[str, int] = {}  # per dimension, items both have (value streams: either has); 0 proves little
    for a, b in pairs:
        mine, theirs = items_of(industry, a, b, as_of), items_of(industry, b, a, as_of)
        rows = run(industry, catalog, "merger_overlap", a=a, b=b, as_of=as_of, limit=100_000)
        for dimension in mine:
            union = mine[dimension].keys() | theirs[dimension].keys()
            both = mine[dimension].keys() & theirs[dimension].keys()
            shared[dimension] = shared.get(dimension, 0) + len(both if dimension != "value_streams" else union)
            side = {i: "both" if i in both else "a" if i in mine[dimension] else "b" for i in union}
            expected = {(i, side[i], mine[dimension].get(i), theirs[dimension].get(i)) for i in union}
            got = [r for r in rows if r[0] == dimension]
            assert {(r[1], r[3], r[4], r[5]) for r in got} == expected, (a, b, dimension)
            jaccard = round(len(both) / len(union), 6) if union else None
            assert {r[6] for r in got} <= {jaccard}
            if dimension == "capabilities":  # each with its stage
                assert {(r[1], r[7]) for r in got} == {(i, stages.get(i)) for i in union}
            else:
                assert {r[7] for r in got} <= {None}
    assert all(shared.values()), shared


def market_network(engine: Engine) -> None:
    """Markets with hand-computed concentration (revenues are percent of each market's 100):

    m1: a 30, b 20, c 25, d 25      m2: a 5, e 95      m5: a 20, b 12, h 68
    m6: a 20, b 20, t 20, and forty companies with 1 each
    """
    revenues = {
        "m1": {"a": 30, "b": 20, "c": 25, "d": 25},
        "m2": {"a": 5, "e": 95},
        "m5": {"a": 20, "b": 12, "h": 68},
        "m6": {"a": 20, "b": 20, "t": 20} | {f"x{n:02d}": 1 for n in range(40)},
    }
    companies = sorted({c for by in revenues.values() for c in by})
    write(
        engine,
        company=[company(c) for c in companies],
        market=[{"id": m, "name": m.upper()} for m in revenues],
        competes_in=[
            {"source": c, "target": m, "revenue": float(r)} for m, by in revenues.items() for c, r in by.items()
        ],
    )


def test_merger_markets_computes_hhi_presumption_and_divestiture(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    result, _ = run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "b"})
    rows = [[round(v, 6) if isinstance(v, float) else v for v in row] for row in result.rows]
    assert rows == [
        # Δ = 2·30·20; HHI after 3,750 > 1,800: selling 25 - √75 leaves Δ at 100.
        ["m1", "M1", 4, 100.0, {"a": 30.0, "b": 20.0}, 50.0, 2550.0, 3750.0, 1200.0, True, 16.339746],
        # Selling 10 brings the merged share to 30% and HHI to 1,440: cheaper than Δ <= 100 (20 - √50).
        ["m6", "M6", 43, 100.0, {"a": 20.0, "b": 20.0}, 40.0, 1240.0, 2040.0, 800.0, True, 10.0],
        ["m5", "M5", 3, 100.0, {"a": 20.0, "b": 12.0}, 32.0, 5168.0, 5648.0, 480.0, True, 7.875962],
        ["m2", "M2", 2, 100.0, {"a": 5.0}, 5.0, 9050.0, 9050.0, 0.0, False, 0.0],
    ]


def test_merger_markets_with_two_targets_may_have_no_remedy(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    result, _ = run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "b,t", "limit": 1})
    # Three 20% firms merge: even split in halves the firm keeps 30% and HHI 1,840.
    assert [round(v, 6) if isinstance(v, float) else v for v in result.rows[0]] == [
        "m6",
        "M6",
        43,
        100.0,
        {"a": 20.0, "b": 20.0, "t": 20.0},
        60.0,
        1240.0,
        3640.0,
        2400.0,
        True,
        None,
    ]


def test_merger_markets_needs_a_target_besides_the_acquirer(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    with pytest.raises(InvalidParameter, match="'targets'"):
        run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "a"})


def test_merger_markets_takes_what_if_revenues(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    params = {"acquirer": "a", "targets": "b", "revenues": ["h:48"]}
    result, _ = run_module(engine, catalog, "merger_markets", params)
    rows = {row[0]: row for row in rounded(result.rows)}
    # m5 with h at 48 instead of 68: a 20, b 12, h 48 of 80, shares 25, 15, 60.
    # HHI 625 + 225 + 3,600 = 4,450; merged 40: 1,600 + 3,600 = 5,200; Δ = 2·25·15 = 750.
    # HHI stays above 1,800 (h alone gives 3,600), so only Δ <= 100 lifts it:
    # (40 - d)² + d² <= 950, d = 20 - √75 = 11.339746% of 80.
    assert rows["m5"] == ["m5", "M5", 3, 80.0, {"a": 25.0, "b": 15.0}, 40.0, 4450.0, 5200.0, 750.0, True, 9.071797]
    assert rows["m1"][3:9] == [100.0, {"a": 30.0, "b": 20.0}, 50.0, 2550.0, 3750.0, 1200.0]  # h is not in m1


def test_merger_markets_takes_a_relevant_market_as_a_set_of_markets(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    params = {"acquirer": "a", "targets": "b", "markets": ["m1", "m2", "m1"]}
    result, _ = run_module(engine, catalog, "merger_markets", params)
    # m1 + m2: a 30 + 5, b 20, c 25, d 25, e 95 of 200: shares 17.5, 10, 12.5, 12.5, 47.5.
    # HHI 306.25 + 100 + 156.25 + 156.25 + 2,256.25 = 2,975; merged 27.5: after 2,975 - 406.25 + 756.25 = 3,325.
    # Others hold 2,568.75 > 1,800, so only Δ <= 100 lifts it: (27.5 - d)² + d² <= 506.25,
    # d = (27.5 - √256.25) / 2 = 5.746095% of 200.
    assert rounded(result.rows) == [
        ["m1 + m2", "M1 + M2", 5, 200.0, {"a": 17.5, "b": 10.0}, 27.5, 2975.0, 3325.0, 350.0, True, 11.492189]
    ]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"revenues": ["h48"]}, "'h48' is not company:amount"),
        ({"revenues": ["h:-1"]}, "'h:-1' is not company:amount"),
        ({"revenues": ["h:nan"]}, "'h:nan' is not company:amount"),
        ({"revenues": ["nobody:5"]}, "'nobody' competes in none of the markets"),
        ({"revenues": ["h:5"], "markets": ["m1"]}, "'h' competes in none of the markets"),
    ],
)
def test_merger_markets_refuses_a_what_if_it_cannot_apply(
    engine: Engine, catalog: Catalog, given: dict[str, Any], message: str
) -> None:
    market_network(engine)
    with pytest.raises(InvalidParameter, match=f"'revenues'.*{re.escape(message)}"):
        run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "b", **given})


def test_merger_markets_needs_known_markets(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    with pytest.raises(EntityNotFound, match="'markets'"):
        run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "b", "markets": ["m1", "m9"]})


def test_merger_markets_hhi_matches_pandas(industry: Industry, catalog: Catalog) -> None:
    competes = industry.tables["competes_in"].assign(revenue=lambda t: t.revenue.fillna(0.0))
    totals = competes.groupby("target")["revenue"].transform("sum")
    competes = competes.assign(share=100 * competes.revenue / totals)
    big = list(competes.groupby("source")["revenue"].sum().sort_values(ascending=False).index[:6])
    for acquirer, target in [(big[0], big[1]), (big[2], big[3]), (big[4], big[5])]:
        markets = set(competes[competes.source.isin([acquirer, target])].target)
        expected = {}
        for market in markets:
            shares = competes[competes.target == market].set_index("source").share
            before = float((shares**2).sum())
            merged = float(shares.reindex([acquirer, target]).fillna(0.0).sum())
            after = before - float((shares.reindex([acquirer, target]).fillna(0.0) ** 2).sum()) + merged**2
            expected[market] = (round(before, 6), round(after, 6), round(merged, 6))
        rows = run(industry, catalog, "merger_markets", acquirer=acquirer, targets=[target], limit=100_000)
        assert {r[0]: (r[6], r[7], r[5]) for r in rows} == expected
        assert [r[8] for r in rows] == sorted((r[8] for r in rows), reverse=True)


def supply_network(engine: Engine) -> None:
    """a acquires b.  b --product 7--> a (and money back);  a --product 3 (2010-2015)--> c <--product 4-- b;
    a --product 2--> d <--product 5-- x;  b --service 6--> e <--product 1-- a;  x --information--> e."""
    write(
        engine,
        company=[company(c) for c in "abcdex"],
        delivers=[
            delivers("1", "b", "a", value=7.0),
            delivers("2", "a", "b", category="money", value=7.0),
            delivers("3", "a", "c", value=3.0, start="2010-01-01", end="2015-12-31"),
            delivers("4", "b", "c", value=4.0),
            delivers("5", "a", "d", value=2.0),
            delivers("6", "x", "d", value=5.0),
            delivers("7", "b", "e", category="service", value=6.0),
            delivers("8", "a", "e", value=1.0),
            delivers("9", "x", "e", category="information", value=1.0),
        ],
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                ("in_house", "a", "A", "product", ["b"], 7.0),
                ("choice_lost", "c", "C", "product", ["a", "b"], 7.0),
                ("already_sole", "e", "E", "product", ["a"], 1.0),
                ("already_sole", "e", "E", "service", ["b"], 6.0),
            ],
        ),
        # In 2020 a no longer supplies c: b already does alone.
        (
            {"as_of": "2020-01-01", "offset": 1},
            [
                ("already_sole", "c", "C", "product", ["b"], 4.0),
                ("already_sole", "e", "E", "product", ["a"], 1.0),
                ("already_sole", "e", "E", "service", ["b"], 6.0),
            ],
        ),
        ({"categories": "money"}, [("in_house", "b", "B", "money", ["a"], 7.0)]),
    ],
)
def test_merger_dependencies_finds_in_house_supply_and_lost_choice(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    supply_network(engine)
    result, _ = run_module(engine, catalog, "merger_dependencies", {"acquirer": "a", "targets": "b", **params})
    assert [tuple(row) for row in result.rows] == expected


def test_merger_dependencies_add_up_deliverables_of_one_category(engine: Engine, catalog: Catalog) -> None:
    """Two deliverables of one category between the same companies count as one link of their total."""
    write(
        engine,
        company=[company(c) for c in "abe"],
        delivers=[
            delivers("1", "b", "a", value=7.0),
            delivers("2", "b", "a", value=0.5),
            delivers("3", "a", "e", value=1.0),
            delivers("4", "a", "e", value=2.0),
        ],
    )
    result, _ = run_module(engine, catalog, "merger_dependencies", {"acquirer": "a", "targets": "b"})
    assert [tuple(row) for row in result.rows] == [
        ("in_house", "a", "A", "product", ["b"], 7.5),
        ("already_sole", "e", "E", "product", ["a"], 3.0),
    ]


def test_merger_dependencies_match_pandas(industry: Industry, catalog: Catalog) -> None:
    flows = industry.flows(list(INPUTS))
    out_degree = flows.source.value_counts()
    for acquirer, target in [(out_degree.index[0], out_degree.index[1]), (out_degree.index[2], out_degree.index[5])]:
        parties = {acquirer, target}
        expected = []
        inside = flows[flows.source.isin(parties) & flows.target.isin(parties)]
        for (receiver, category, supplier), value in (
            inside.groupby(["target", "category", "source"])["value"].sum().items()
        ):
            expected.append(("in_house", receiver, category, [supplier], round(value, 6)))
        served = flows[flows.target.isin(set(flows[flows.source.isin(parties)].target) - parties)]
        for (receiver, category), group in served.groupby(["target", "category"]):
            suppliers = sorted(set(group.source))
            if set(suppliers) <= parties:
                kind = "choice_lost" if len(suppliers) > 1 else "already_sole"
                expected.append((kind, receiver, category, suppliers, round(group.value.fillna(0.0).sum(), 6)))
        kinds = ("in_house", "choice_lost", "already_sole")
        expected.sort(key=lambda r: (kinds.index(r[0]), r[1], r[2], r[3]))
        rows = run(industry, catalog, "merger_dependencies", acquirer=acquirer, targets=[target], limit=100_000)
        assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows] == expected


def scenario(engine: Engine, catalog: Catalog, **params: Any) -> list[list[Any]]:
    result, _ = run_module(engine, catalog, "merger_scenario", {"acquirer": "a", **params})
    return [[round(v, 6) if isinstance(v, float) else v for v in row] for row in result.rows]


# rank, targets, overlap, 4 x jaccard, markets, flagged, max ΔHHI, divest, in-house, choice lost, already sole,
# customers, suppliers, capabilities, reach (market_network has no supply and no capabilities)
WITH_B = [["b"], 0.75, None, None, None, 0.75, 4, 3, 1200.0, 34.215708, 0.0, 0, 0, 0, 0, 0, 0]
WITH_T = [["t"], 0.25, None, None, None, 0.25, 4, 1, 800.0, 10.0, 0.0, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("rank_by", "expected"),
    [("overlap", [WITH_B, WITH_T]), ("delta_hhi", [WITH_T, WITH_B]), ("flagged_markets", [WITH_T, WITH_B])],
)
def test_merger_scenario_compares_candidate_targets(
    engine: Engine, catalog: Catalog, rank_by: str, expected: list[list[Any]]
) -> None:
    market_network(engine)
    rows = scenario(engine, catalog, targets="b,t", compare="true", rank_by=rank_by)
    assert rows == [[1, *expected[0]], [2, *expected[1]]]


def test_merger_scenario_of_several_targets_is_one_row(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    # a, b and t merge: m6 (three 20% firms) has no remedy, so the total divestiture is unknown.
    assert scenario(engine, catalog, targets="b,t") == [
        [1, ["b", "t"], None, None, None, None, None, 4, 3, 2400.0, None, 0.0, 0, 0, 0, 0, 0, 0]
    ]


def test_merger_scenario_counts_supply_and_reach(engine: Engine, catalog: Catalog) -> None:
    supply_network(engine)
    [row] = scenario(engine, catalog, targets="b")
    # customers c, d, e (b is a party); no supplier besides the parties (x supplies d and e, not a or b).
    assert row[10:] == [0.0, 7.0, 1, 2, 3, 0, 0, 3]


def test_merger_scenario_leaves_the_stored_graph_as_concurrent_readers_see_it(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    supply_network(engine)
    before = run_module(engine, catalog, "ecosystem_stats", {})[0].rows
    seen: list[Any] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            seen.append(run_module(engine, catalog, "ecosystem_stats", {})[0].rows)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(5):
            scenario(engine, catalog, targets="b,t,c", compare="true")
            scenario(engine, catalog, targets="b,t")
    finally:
        done.set()
        thread.join()
    assert seen
    assert all(rows == before for rows in seen)
    assert run_module(engine, catalog, "ecosystem_stats", {})[0].rows == before


def test_merger_markets_counts_competitors_with_a_revenue(engine: Engine, catalog: Catalog) -> None:
    market_network(engine)
    write(
        engine,
        company=[company("z0"), company("zn")],
        competes_in=[{"source": "z0", "target": "m2", "revenue": 0.0}, {"source": "zn", "target": "m2"}],
    )
    rows = {
        r[0]: r[2] for r in run_module(engine, catalog, "merger_markets", {"acquirer": "a", "targets": "b"})[0].rows
    }
    assert rows["m2"] == 2  # a and e; z0 (revenue 0) and zn (none) compete without a revenue
    # A what-if revenue of 0 takes a company out of the count; one above 0 brings it in.
    params = {"acquirer": "a", "targets": "b", "revenues": ["e:0", "z0:3"]}
    rows = {r[0]: r[2] for r in run_module(engine, catalog, "merger_markets", params)[0].rows}
    assert rows["m2"] == 2
