"""capability_landscape: capabilities with their stage, providers, concentration and
dependents, by hand on a small graph and against pandas on generated industries."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from service.analytics.capability_index import CAPABILITY_INDEX
from service.analytics.landscape import CapabilityLandscapeParams, CypherLandscape, MemoryLandscape
from service.engines import Engine
from service.errors import EntityNotFound
from service.queries import Catalog, run_module
from service.queries.steps import Steps
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import Industry, rounded, run


def landscape(engine: Engine) -> None:
    """a (s1, revenue 30, in eco) holds k1 genesis and k5 commodity; b (s1, 10) k5 and k3 product;
    c (s2, no revenue) k2 commodity; d (s2, 60) k3 and k4 custom.
    a --product--> x, a --money--> y (no dependence), b --information--> x, c --product--> z,
    d --service--> x, d --compliance--> y."""
    stages = {"k1": "genesis", "k2": "commodity", "k3": "product", "k4": "custom", "k5": "commodity"}
    write(
        engine,
        company=[
            company("a", sector="s1", revenue=30.0),
            company("b", sector="s1", revenue=10.0),
            company("c", sector="s2"),
            company("d", sector="s2", revenue=60.0),
            *(company(n, sector="s3") for n in "xyz"),
        ],
        capability=[{"id": k, "name": k.upper(), "category": "make", "evolution": e} for k, e in stages.items()],
        ecosystem=[{"id": "eco", "name": "Eco"}],
        member_of=[{"source": "a", "target": "eco"}],
        has_capability=[
            {"source": c, "target": k}
            for c, k in [("a", "k1"), ("a", "k5"), ("b", "k5"), ("c", "k2"), ("d", "k3"), ("b", "k3"), ("d", "k4")]
        ],
        delivers=[
            delivers("1", "a", "x"),
            delivers("2", "a", "y", category="money"),
            delivers("3", "b", "x", category="information"),
            delivers("4", "c", "z"),
            delivers("5", "d", "x", category="service"),
            delivers("6", "d", "y", category="compliance"),
        ],
    )


def rows(engine: Engine, catalog: Catalog, **params: Any) -> list[list[Any]]:
    result, _ = run_module(engine, catalog, "capability_landscape", params)
    return rounded(result.rows)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                # one provider of 30: HHI 100² = 10,000; a's money to y is no dependence
                ["k1", "K1", "make", "genesis", 1, 10000.0, 1, "differentiator"],
                ["k4", "K4", "make", "custom", 1, 10000.0, 2, "differentiator"],
                # b 10 and d 60 of 70: (100/7)² + (600/7)² = 7,551.020408; b and d supply x, d supplies y
                ["k3", "K3", "make", "product", 2, 7551.020408, 2, None],
                # c reports no revenue: no concentration
                ["k2", "K2", "make", "commodity", 1, None, 1, "single_provider_risk"],
                # a 30 and b 10 of 40: 75² + 25² = 6,250
                ["k5", "K5", "make", "commodity", 2, 6250.0, 1, None],
            ],
        ),
        (
            {"sector": "s1"},
            [
                ["k1", "K1", "make", "genesis", 1, 10000.0, 1, "differentiator"],
                ["k3", "K3", "make", "product", 1, 10000.0, 1, None],  # a product is no risk
                ["k5", "K5", "make", "commodity", 2, 6250.0, 1, None],
            ],
        ),
        (
            {"ecosystem": "eco"},
            [
                ["k1", "K1", "make", "genesis", 1, 10000.0, 1, "differentiator"],
                ["k5", "K5", "make", "commodity", 1, 10000.0, 1, "single_provider_risk"],
            ],
        ),
        (
            {"sector": "s1", "ecosystem": "eco"},
            [
                ["k1", "K1", "make", "genesis", 1, 10000.0, 1, "differentiator"],
                ["k5", "K5", "make", "commodity", 1, 10000.0, 1, "single_provider_risk"],
            ],
        ),
        ({"sector": "nowhere"}, []),
        ({"limit": 2, "offset": 1}, "pages"),
    ],
)
def test_capability_landscape_by_hand(engine: Engine, catalog: Catalog, params: dict[str, Any], expected: Any) -> None:
    landscape(engine)
    if expected == "pages":
        everything = rows(engine, catalog)
        assert rows(engine, catalog, **params) == everything[1:3]
    else:
        assert rows(engine, catalog, **params) == expected


def test_capability_landscape_needs_a_known_ecosystem(engine: Engine, catalog: Catalog) -> None:
    landscape(engine)
    with pytest.raises(EntityNotFound, match="'ecosystem'"):
        run_module(engine, catalog, "capability_landscape", {"ecosystem": "nowhere"})


STAGES = {"genesis": 0, "custom": 1, "product": 2, "commodity": 3}


def expected_landscape(industry: Industry, sector: str | None, ecosystem: str | None) -> list[list[Any]]:
    """capability_landscape of the scope, computed with pandas from the industry's tables."""
    companies = industry.companies()
    capabilities = industry.tables["capability"].set_index("id")
    holds = industry.tables["has_capability"]
    holds = holds[holds.source_label.fillna("Company").eq("Company")]  # roles hold capabilities too
    holds = holds[["source", "target"]].drop_duplicates()
    if sector is not None:
        holds = holds[holds.source.map(companies.sector) == sector]
    if ecosystem is not None:
        members = industry.tables["member_of"]
        holds = holds[holds.source.isin(members[members.target == ecosystem].source)]
    flows = industry.tables["delivers"]
    flows = flows[
        flows.source_label.fillna("Company").eq("Company") & flows.target_label.fillna("Company").eq("Company")
    ]
    customers = flows[flows.category != "money"].groupby("source").target.apply(set)
    expected = []
    for capability, providers in holds.groupby("target").source:
        revenue = companies.revenue.reindex(providers).fillna(0.0)
        total = revenue.sum()
        hhi = float(((100 * revenue / total) ** 2).sum()) if total > 0 else None
        dependents = set().union(*(customers.get(p, set()) for p in providers))
        stage = capabilities.evolution.get(capability)
        stage = None if pd.isna(stage) else stage
        flag = None
        if len(providers) == 1 and stage == "commodity":
            flag = "single_provider_risk"
        elif len(providers) == 1 and stage in ("genesis", "custom"):
            flag = "differentiator"
        row = capabilities.loc[capability]
        expected.append([capability, row["name"], row.category, stage, len(providers), hhi, len(dependents), flag])
    expected.sort(key=lambda r: (STAGES.get(r[3], 4), r[0]))
    return rounded(expected)


def scopes(industry: Industry) -> list[dict[str, str]]:
    """The whole network, the first company's sector, the largest ecosystem, and both."""
    sector = industry.companies().sector.iloc[0]
    ecosystem = industry.tables["member_of"].target.value_counts().index[0]
    return [{}, {"sector": sector}, {"ecosystem": ecosystem}, {"sector": sector, "ecosystem": ecosystem}]


def test_capability_landscape_matches_pandas(industry: Industry, catalog: Catalog) -> None:
    for scope in scopes(industry):
        expected = expected_landscape(industry, scope.get("sector"), scope.get("ecosystem"))
        assert len(expected) > 1, scope
        assert run(industry, catalog, "capability_landscape", limit=100_000, **scope) == expected, scope
        assert run(industry, catalog, "capability_landscape", offset=3, limit=5, **scope) == expected[3:8], scope


def test_the_index_answers_as_the_cypher_text(industry: Industry, catalog: Catalog) -> None:
    index = CAPABILITY_INDEX.get(Steps.of(industry.engine, catalog))
    assert index is not None
    for scope in [*scopes(industry), {"sector": "nowhere"}]:
        for offset, limit in [(0, 100_000), (2, 3)]:
            params = CapabilityLandscapeParams(scope.get("sector"), scope.get("ecosystem"), limit, offset)
            steps = Steps.of(industry.engine, catalog)  # a question, and its time limit, per text run
            expected = rounded([list(row) for row in CypherLandscape(steps).page(params)])
            assert rounded([list(row) for row in MemoryLandscape(index).page(params)]) == expected, params


def test_the_landscape_follows_each_write(engine: Engine, catalog: Catalog) -> None:
    landscape(engine)
    assert rows(engine, catalog, sector="s2")[0][4:7] == [1, 10000.0, 2]  # k4: d alone
    write(
        engine,
        company=[company("e", sector="s2", revenue=60.0)],
        has_capability=[{"source": "e", "target": "k4"}],
        delivers=[delivers("7", "e", "z")],
    )
    # d and e, 60 each: 50² + 50²; they supply x, y and z
    assert rows(engine, catalog, sector="s2")[0][4:7] == [2, 5000.0, 3]
