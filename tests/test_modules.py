"""Each first-set module on a graph small enough to check by hand (tests/utils/graphs.py)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from service.analytics.supply_index import supply_index
from service.engines import Engine
from service.errors import EntityNotFound, InvalidParameter
from service.queries import Catalog, run_module
from service.queries.names import company_ids
from service.queries.steps import Steps
from tests.utils.counting import CountingEngine
from tests.utils.graphs import company, small_supply_chain, write


def run(engine: Engine, catalog: Catalog, name: str, **params: Any) -> list[dict[str, Any]]:
    result, _ = run_module(engine, catalog, name, params)
    return result.records()


def test_ecosystem_stats_counts_every_label_type_nature_category_and_sector(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    rows = [(r["scope"], r["name"], r["count"], r["value"]) for r in run(engine, catalog, "ecosystem_stats")]
    assert rows == [
        ("category", "knowledge", 1, 5.0),
        ("category", "money", 1, 30.0),
        ("category", "product", 3, 140.0),
        ("label", "Capability", 2, None),
        ("label", "Company", 5, None),
        ("label", "Ecosystem", 1, None),
        ("label", "Market", 2, None),
        ("nature", "intangible", 1, 5.0),
        ("nature", "tangible", 4, 170.0),
        ("relationship", "COMPETES_IN", 2, None),
        ("relationship", "DELIVERS", 5, None),
        ("relationship", "HAS_CAPABILITY", 2, None),
        ("relationship", "MEMBER_OF", 1, None),
        ("sector", "assembly", 1, 500.0),
        ("sector", "metals", 1, 80.0),
        ("sector", "raw", 1, 50.0),
        ("sector", "retail", 1, 0.0),
        ("sector", "services", 1, 5.0),
    ]


def test_ecosystem_stats_is_empty_on_an_empty_graph(engine: Engine, catalog: Catalog) -> None:
    assert run(engine, catalog, "ecosystem_stats") == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "CAR"}, ["dealer", "maker"]),
        ({"country": "DE"}, ["maker", "smelter"]),
        ({"sector": "raw"}, ["mine"]),
        ({"q": "c", "country": "DE"}, ["maker", "smelter"]),
        ({"limit": 2, "offset": 1}, ["dealer", "maker"]),
        ({"q": "nothing like it"}, []),
        ({}, ["consultant", "dealer", "maker", "mine", "smelter"]),
    ],
)
def test_search_companies_filters_and_pages_by_name(
    engine: Engine, catalog: Catalog, params: dict[str, Any], expected: list[str]
) -> None:
    small_supply_chain(engine)
    assert [r["id"] for r in run(engine, catalog, "search_companies", **params)] == expected


def test_search_companies_returns_the_declared_properties(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    [row] = run(engine, catalog, "search_companies", q="deep")
    assert row == {"id": "mine", "name": "Deep Mine", "kind": None, "sector": "raw", "country": "CL", "revenue": 50.0}


def test_company_profile_of_a_hub(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    [row] = run(engine, catalog, "company_profile", id="maker")
    assert row == {
        "id": "maker",
        "name": "Car Maker",
        "kind": "company",
        "sector": "assembly",
        "country": "DE",
        "revenue": 500.0,
        "employees": 900,
        "founded": 1950,
        "capabilities": [
            {"id": "design", "name": "Design", "level": 0.9},
            {"id": "welding", "name": "Welding", "level": 0.5},
        ],
        "markets": [
            {"id": "cars-eu", "name": "Cars EU", "revenue": 300.0},
            {"id": "cars-us", "name": "Cars US", "revenue": 200.0},
        ],
        "ecosystems": ["Auto Alliance"],
        "supplier_count": 2,
        "suppliers": [
            {"id": "smelter", "name": "Smelter Co", "value": 30.0, "categories": ["product"]},
            {"id": "consultant", "name": "Advice Ltd", "value": 5.0, "categories": ["knowledge"]},
        ],
        "customer_count": 1,  # the money paid to the smelter makes it no customer
        "customers": [{"id": "dealer", "name": "Car Dealer", "value": 100.0, "categories": ["product"]}],
        "value_in": 35.0,
        "value_out": 130.0,
    }


def test_company_profile_limits_lists_but_counts_all(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    [row] = run(engine, catalog, "company_profile", id="maker", limit=1)
    assert [s["id"] for s in row["suppliers"]] == ["smelter"]
    assert row["supplier_count"] == 2


def test_company_profile_of_a_leaf_has_empty_lists(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    [row] = run(engine, catalog, "company_profile", id="dealer")
    assert (row["capabilities"], row["markets"], row["ecosystems"]) == ([], [], [])
    assert (row["customer_count"], row["customers"], row["value_out"]) == (0, [], 0.0)
    assert row["suppliers"] == [{"id": "maker", "name": "Car Maker", "value": 100.0, "categories": ["product"]}]


def test_company_profile_of_a_missing_company_is_not_found(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    with pytest.raises(EntityNotFound, match="no Company with id or name 'ghost'") as raised:
        run(engine, catalog, "company_profile", id="ghost")
    assert raised.value.closest == []


def test_a_company_parameter_takes_a_unique_exact_name(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    assert run(engine, catalog, "company_profile", id="Car Maker") == run(
        engine, catalog, "company_profile", id="maker"
    )
    # in a list, ids and names mixed
    by_name = run(engine, catalog, "failure_impact", companies=["Deep Mine", "smelter"])
    assert by_name == run(engine, catalog, "failure_impact", companies=["mine", "smelter"])
    assert by_name  # the maker loses its metal


def test_a_name_that_is_no_company_suggests_the_closest(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    with pytest.raises(EntityNotFound, match=r"'car maker'.*; closest: Car Maker \(maker\)$") as raised:
        run(engine, catalog, "company_profile", id="car maker")  # names are exact: case counts
    # the names (or ids) containing the text whatever the case, shortest first
    with pytest.raises(EntityNotFound) as raised:
        run(engine, catalog, "company_profile", id="car")
    assert raised.value.closest == [("maker", "Car Maker"), ("dealer", "Car Dealer")]
    with pytest.raises(EntityNotFound) as raised:
        run(engine, catalog, "failure_impact", companies=["mine", "Advice"])
    assert (raised.value.parameter, raised.value.closest) == ("companies", [("consultant", "Advice Ltd")])


def test_a_name_several_companies_have_is_refused_with_them(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    write(engine, company=[company("maker-2", "Car Maker")])
    with pytest.raises(EntityNotFound, match="'Car Maker' is the name of several companies; give an id") as raised:
        run(engine, catalog, "company_profile", id="Car Maker")
    assert raised.value.closest == [("maker", "Car Maker"), ("maker-2", "Car Maker")]


def test_every_company_parameter_of_a_question_is_looked_up_in_one_read(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    counting = CountingEngine(engine)
    steps = Steps.of(cast(Engine, counting), catalog)
    found = company_ids(steps, {"a": ["Car Maker", "mine"], "b": ["smelter"], "c": ["Deep Mine", "Car Maker"]})
    assert found == {"a": ["maker", "mine"], "b": ["smelter"], "c": ["mine", "maker"]}
    assert counting.reads == 1
    with pytest.raises(EntityNotFound, match=r"'ghost' \(parameter 'b'\)"):
        company_ids(steps, {"a": ["mine"], "b": ["smelter", "ghost"], "c": ["car maker"]})


def test_ids_need_no_read_once_the_supply_index_is_held(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    counting = CountingEngine(engine)
    steps = Steps.of(cast(Engine, counting), catalog)
    assert supply_index(steps) is not None  # built for this graph
    reads = counting.reads
    assert company_ids(steps, {"a": ["maker"], "b": ["smelter", "mine"]}) == {"a": ["maker"], "b": ["smelter", "mine"]}
    assert counting.reads == reads
    assert company_ids(steps, {"a": ["maker"], "b": ["Deep Mine"]}) == {"a": ["maker"], "b": ["mine"]}
    assert counting.reads == reads + 1  # a name is read
    with pytest.raises(EntityNotFound, match=r"'ghost' \(parameter 'b'\)"):
        company_ids(steps, {"a": ["maker"], "b": ["ghost"]})


def test_company_profile_requires_its_id(engine: Engine, catalog: Catalog) -> None:
    with pytest.raises(InvalidParameter, match="'id': required"):
        run(engine, catalog, "company_profile")


def test_modules_refuse_to_write(engine: Engine) -> None:
    from service.errors import QueryFailed

    with pytest.raises(QueryFailed):
        engine.read("CREATE (:Company {id: 'sneaky'})")
    assert engine.read("MATCH (c:Company) RETURN count(c) AS n").rows == [[0]]
