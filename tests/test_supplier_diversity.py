"""supplier_diversity: per category a company receives, its suppliers, the largest one's share
and the HHI; by hand on a small graph and against pandas on generated industries."""

from __future__ import annotations

import pandas as pd
import pytest

from service.engines import Engine
from service.errors import EntityNotFound
from service.queries import Catalog, run_module
from tests.test_generated_answers import sample
from tests.utils.graphs import company, delivers, write
from tests.utils.industry import INPUTS, Industry, rounded, run

# b's inputs: product from s1 (40 + 20), s2 (30) and s3 (10): shares 60, 30, 10, HHI 3,600 + 900 + 100;
# service from s4 and s5, 50 each (a tie: the smaller id is the largest); information of no value;
# data in 2020 only. Its money, what it delivers itself, and its role's input are not counted.
DATA = ["data", 1, 5.0, "s3", "S3", 100.0, 10000.0]
INFORMATION = ["information", 1, 0.0, "s2", "S2", None, None]
PRODUCT = ["product", 3, 100.0, "s1", "S1", 60.0, 4600.0]
SERVICE = ["service", 2, 100.0, "s4", "S4", 50.0, 5000.0]


@pytest.fixture
def buyer(engine: Engine) -> Engine:
    write(
        engine,
        company=[company(i) for i in ("b", "s1", "s2", "s3", "s4", "s5", "alone")],
        role=[{"id": "b-buying", "name": "B Buying"}],
        has_role=[{"source": "b", "target": "b-buying"}],
        delivers=[
            delivers("p1", "s1", "b", value=40.0),
            delivers("p2", "s1", "b", value=20.0),
            delivers("p3", "s2", "b", value=30.0),
            delivers("p4", "s3", "b", value=10.0),
            delivers("v1", "s5", "b", category="service", value=50.0),
            delivers("v2", "s4", "b", category="service", value=50.0),
            delivers("i1", "s2", "b", category="information", value=None),
            delivers("d1", "s3", "b", category="data", value=5.0, start="2020-01-01", end="2020-12-31"),
            delivers("m1", "s1", "b", category="money", value=1000.0),
            delivers("own", "b", "b", category="knowledge", value=7.0),
            delivers("r1", "s1", "b-buying", value=99.0, target_label="Role"),
            delivers("out", "b", "s1", value=3.0),
        ],
    )
    return engine


def diversity(engine: Engine, catalog: Catalog, **params: object) -> list[list[object]]:
    result, _ = run_module(engine, catalog, "supplier_diversity", params)
    return rounded(result.rows)


def test_each_input_category_with_its_suppliers_largest_share_and_hhi(buyer: Engine, catalog: Catalog) -> None:
    assert diversity(buyer, catalog, company="b") == [DATA, INFORMATION, PRODUCT, SERVICE]


def test_filters_and_pages(buyer: Engine, catalog: Catalog) -> None:
    assert diversity(buyer, catalog, company="b", as_of="2021-06-30") == [INFORMATION, PRODUCT, SERVICE]
    assert diversity(buyer, catalog, company="b", categories=["money", "service"]) == [
        ["money", 1, 1000.0, "s1", "S1", 100.0, 10000.0],
        SERVICE,
    ]
    assert diversity(buyer, catalog, company="b", limit=2, offset=1) == [INFORMATION, PRODUCT]
    assert diversity(buyer, catalog, company="alone") == []


def test_an_unknown_company_is_not_found(buyer: Engine, catalog: Catalog) -> None:
    with pytest.raises(EntityNotFound, match="'company'"):
        run_module(buyer, catalog, "supplier_diversity", {"company": "nobody"})


@pytest.mark.parametrize("variant", [{}, {"as_of": "2015-06-30"}, {"categories": ["money", "data"]}], ids=str)
def test_supplier_diversity_matches_pandas(industry: Industry, catalog: Catalog, variant: dict[str, object]) -> None:
    categories = variant.get("categories", INPUTS)
    flows = industry.flows(categories, variant.get("as_of"))  # type: ignore[arg-type]
    flows = flows[flows.source != flows.target].assign(value=lambda f: f.value.fillna(0.0))
    names = industry.companies().name
    for receiver in sample(industry, industry.supply_graph(flows), "in"):
        supply = flows[flows.target == receiver].groupby(["category", "source"], as_index=False).value.sum()
        expected = []
        for category, group in supply.groupby("category"):
            ranked = group.sort_values(["value", "source"], ascending=[False, True])
            total = ranked.value.sum()
            shares = 100 * ranked.value / total if total > 0 else pd.Series(dtype=float)
            largest = ranked.source.iloc[0]
            expected.append(
                [
                    category,
                    len(ranked),
                    float(total),
                    largest,
                    names[largest],
                    float(shares.iloc[0]) if total > 0 else None,
                    float((shares**2).sum()) if total > 0 else None,
                ]
            )
        assert run(industry, catalog, "supplier_diversity", company=receiver, **variant) == rounded(expected), receiver
