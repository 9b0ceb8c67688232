"""single_points_of_failure, value_exchange and alignment_opportunities on generated
industries (several seeds, 2,000 companies each), against the same tables computed here
independently with pandas."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd
import pytest

from service.queries import Catalog
from tests.utils.industry import INPUTS, Industry, rounded, run


def sample(industry: Industry, hubs: int, others: int) -> list[str]:
    """The companies with the most DELIVERS (both ways, between companies), and some others by the seed."""
    flows = industry.flows()
    degree = pd.concat([flows.source, flows.target]).value_counts()
    ranked = sorted(industry.tables["company"].id, key=lambda n: (-degree.get(n, 0), n))
    return ranked[:hubs] + random.Random(industry.seed).sample(ranked[hubs:], others)


def spof_reference(
    industry: Industry, categories: list[str], as_of: str | None, sector: str | None, ecosystem: str | None, least: int
) -> list[list[Any]]:
    """Sole suppliers per (receiver, category), then their customers and two-tier reach."""
    flows = industry.flows(categories, as_of)
    groups = flows.groupby(["target", "category"]).agg(
        n=("source", "nunique"), s=("source", "first"), v=("value", "sum")
    )
    sole = groups[groups.n == 1].reset_index()
    info = industry.companies()
    if sector is not None:
        sole = sole[sole.s.map(info.sector).eq(sector)]
    if ecosystem is not None:
        member = industry.tables["member_of"]
        sole = sole[sole.s.isin(member.source[member.target == ecosystem])]
    customers = flows.groupby("source")["target"].agg(set).to_dict()
    rows = []
    for s, part in sole.groupby("s"):
        receivers = part.target.nunique()
        if receivers < least:
            continue
        tier1 = customers.get(s, set())
        tier2 = {c2 for c1 in tier1 for c2 in customers.get(c1, ())}
        reach = len((tier1 | tier2) - {s})
        categories_ = sorted(set(part.category))
        rows.append(
            [
                s,
                info.at[s, "name"],
                info.at[s, "sector"],
                receivers,
                categories_,
                float(part.v.sum()),
                len(tier1),
                reach,
            ]
        )
    rows.sort(key=lambda r: (-r[3], -r[7], r[0]))
    return rounded(rows)


@pytest.mark.parametrize(
    "variant",
    [
        {"min_receivers": 1},
        {"min_receivers": 3},
        {"min_receivers": 1, "sector": "components"},
        {"min_receivers": 1, "ecosystem": "most members"},
        {"min_receivers": 2, "as_of": "2015-06-30"},
        {"min_receivers": 1, "categories": ["product", "money", "data"]},
        {"min_receivers": 1, "categories": ["information", "knowledge"], "as_of": "2020-01-01"},
        {"min_receivers": 1, "limit": 7, "offset": 100},  # a page ending among ties: reach decides
        {"min_receivers": 2, "limit": 1, "offset": 30},
    ],
    ids=str,
)
def test_single_points_of_failure_matches_pandas(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    params = dict(variant)
    if params.get("ecosystem") == "most members":
        params["ecosystem"] = industry.tables["member_of"].target.value_counts().index[0]
    expected = spof_reference(
        industry,
        params.get("categories", INPUTS),
        params.get("as_of"),
        params.get("sector"),
        params.get("ecosystem"),
        params["min_receivers"],
    )
    assert expected, "the variant should find someone"
    offset, limit = params.setdefault("offset", 0), params.setdefault("limit", 10_000)
    if "limit" in variant:  # the page's last row is tied (receivers) with the next: reach ranks them
        assert expected[offset + limit - 1][3] == expected[offset + limit][3]
    assert run(industry, catalog, "single_points_of_failure", **params) == expected[offset : offset + limit]


def test_sole_suppliers_texts_agree(industry: Industry, catalog: Catalog) -> None:
    """The portable step text, Neo4j's, answers as FalkorDB's own, which compares node ids."""
    step = catalog.steps["sole_suppliers"]
    params = {"sector": None, "ecosystem": None, "min_receivers": 1, "categories": list(INPUTS), "as_of": None}
    params["limit"] = 10_000

    def rows(dialect: str) -> list[list[Any]]:
        found = industry.engine.read(step.texts[dialect].cypher, params).rows
        return rounded([[*row[:4], sorted(row[4]), row[5]] for row in found])

    assert step.texts["falkordb"].cypher != step.texts["neo4j"].cypher
    assert rows("neo4j") == rows("falkordb")
    assert len(rows("neo4j")) > 50


def exchange_reference(industry: Industry, company: str, one_way_only: bool, as_of: str | None) -> list[list[Any]]:
    """Flows in and out of the company (any category), by counterpart, nature and category."""
    flows = industry.flows(None, as_of)
    flows = flows[flows.source != flows.target]
    ins = flows[flows.target == company].assign(counterpart=lambda f: f.source, out=False)
    outs = flows[flows.source == company].assign(counterpart=lambda f: f.target, out=True)
    both = pd.concat([ins, outs])
    if both.empty:
        return []
    both["value"] = both.value.fillna(0.0)
    both["value_in"] = both.value.where(~both.out, 0.0)
    both["value_out"] = both.value.where(both.out, 0.0)
    both["n_in"] = (~both.out).astype(int)
    both["n_out"] = both.out.astype(int)
    table = both.groupby(["counterpart", "nature", "category"], as_index=False)[
        ["value_in", "value_out", "n_in", "n_out"]
    ].sum()
    per = table.groupby("counterpart")[["n_in", "n_out"]].sum()
    reciprocal = ((per.n_in > 0) & (per.n_out > 0)).to_dict()
    names = industry.companies().name
    rows = [
        [
            x,
            names[x],
            nature,
            category,
            float(vi),
            float(vo),
            int(ni),
            int(no),
            bool(reciprocal[x]),
            company,
            names[company],
            x,
        ]
        for x, nature, category, vi, vo, ni, no in table.itertuples(index=False, name=None)
        if not (one_way_only and reciprocal[x])
    ]
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    return rounded(rows)


@pytest.mark.parametrize(
    "variant",
    [{}, {"one_way_only": True}, {"as_of": "2015-06-30"}, {"one_way_only": True, "as_of": "2021-03-01"}],
    ids=str,
)
def test_value_exchange_matches_pandas(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    for company in sample(industry, hubs=3, others=5):
        expected = exchange_reference(industry, company, variant.get("one_way_only", False), variant.get("as_of"))
        params = {**variant, "company": company, "limit": 100_000}
        assert run(industry, catalog, "value_exchange", **params) == expected, company


def alignment_reference(industry: Industry, company: str) -> list[list[Any]]:
    """Shared non-money customers and markets, no DELIVERS either way, complementary capabilities."""
    flows = industry.flows()
    caps = industry.tables["has_capability"]
    caps = caps[caps.source_label.fillna("Company").eq("Company")]
    capabilities = industry.tables["capability"].set_index("id")
    names, stages = capabilities.name, capabilities.evolution.fillna("")
    held = caps.groupby("source")["target"].agg(set).to_dict()
    mine = held.get(company, set())
    goods = flows[flows.category != "money"]
    mine_customers = set(goods.target[goods.source == company])
    shared = goods[goods.target.isin(mine_customers) & (goods.source != company)]
    customers = shared.groupby("source")["target"].nunique()
    competes = industry.tables["competes_in"]
    mine_markets = set(competes.target[competes.source == company])
    rivals = competes[competes.target.isin(mine_markets) & (competes.source != company)]
    markets = rivals.groupby("source")["target"].nunique()
    linked = set(flows.target[flows.source == company]) | set(flows.source[flows.target == company])
    info = industry.companies()
    rows = []
    for x in sorted(set(customers.index) | set(markets.index)):
        theirs = held.get(x, set())
        complementary = sorted((names[k], k) for k in theirs - mine)
        common = len(theirs & mine)
        if x in linked or not complementary:
            continue
        sc, sm, n = int(customers.get(x, 0)), int(markets.get(x, 0)), len(complementary)
        score = (sc + sm) * float(n) / (n + common)  # the module's operations, so equal scores tie alike
        brought = [c for c, _ in complementary]
        rows.append(
            [
                x,
                info.at[x, "name"],
                info.at[x, "sector"],
                sc,
                sm,
                n,
                common,
                brought,
                score,
                [stages[k] for _, k in complementary],
            ]
        )
    rows.sort(key=lambda r: (-r[8], r[0]))
    return rounded(rows)


def test_alignment_opportunities_matches_pandas(industry: Industry, catalog: Catalog) -> None:
    found = 0
    for company in sample(industry, hubs=3, others=3):
        expected = alignment_reference(industry, company)
        found += len(expected)
        params = {"company": company, "limit": 1_000}
        assert run(industry, catalog, "alignment_opportunities", **params) == expected[:1_000], company
        for limit, offset in ((5, 0), (4, 3)):  # pages smaller than the candidates: only some are scored
            page = run(industry, catalog, "alignment_opportunities", company=company, limit=limit, offset=offset)
            assert page == expected[offset : offset + limit], company
    assert found, "some candidates should come up"
