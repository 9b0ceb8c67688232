"""``Steps``: the helpers the procedures share, on a graph small enough to check by hand."""

from __future__ import annotations

from service.analytics.rows import PARTNERS_IN, PARTNERS_OUT, Partner
from service.engines import Engine
from service.queries import Catalog
from service.queries.steps import COMPANIES, Flow, Steps
from tests.utils.graphs import company, delivers, write


def test_flows_reads_each_pair_in_its_direction_only(engine: Engine, catalog: Catalog) -> None:
    write(
        engine,
        company=[company(c) for c in "abcd"],
        delivers=[
            delivers("d1", "a", "b", "product", 2.0),
            delivers("d2", "a", "b", "money", 5.0),  # a category not asked for
            delivers("d3", "c", "d", "service", 3.0),
            delivers("d4", "a", "d", "product", 7.0),  # a and d are not a pair
            delivers("d5", "b", "a", "product", 1.0),  # the pair the other way round
            delivers("d6", "a", "b", "service", 4.0),
        ],
    )
    steps = Steps.of(engine, catalog)
    filters = {"categories": ["product", "service"], "as_of": None, "critical_only": False}
    rows = steps.flows([("a", "b"), ("c", "d")], **filters)
    assert sorted(rows) == [
        Flow(source="a", target="b", category="product", value=2.0),
        Flow("a", "b", "service", 4.0),
        Flow("c", "d", "service", 3.0),
    ]
    assert steps.flows([], **filters) == []


def test_handles_lead_from_ids_to_partners_and_back(engine: Engine, catalog: Catalog) -> None:
    write(
        engine,
        company=[company(c) for c in "abc"],
        delivers=[
            delivers("d1", "a", "b", "product", 2.0),
            delivers("d2", "a", "c", "money", 5.0),  # a category not followed
            delivers("d3", "c", "a", "service", 3.0),
        ],
    )
    steps = Steps.of(engine, catalog)
    handle = steps.handles(["a", "b", "c", "nobody"])
    assert sorted(handle) == ["a", "b", "c"]
    assert steps.ids([handle["c"], handle["a"]]) == {handle["c"]: "c", handle["a"]: "a"}
    filters = {"categories": ["product", "service"], "as_of": None, "critical_only": False}
    out = steps.rows(PARTNERS_OUT, [handle["a"]], **filters)
    assert list(out) == [Partner(company=handle["a"], partner=handle["b"])]
    into = steps.rows(PARTNERS_IN, [handle["a"], handle["b"]], **filters)
    assert sorted(into, key=str) == sorted(
        [Partner(handle["a"], handle["c"]), Partner(handle["b"], handle["a"])], key=str
    )


def test_rows_split_between_workers_come_back_in_order(engine: Engine, catalog: Catalog) -> None:
    ids = [f"c{i:04d}" for i in range(1200)]  # more than SPLIT: two calls at once
    write(engine, company=[company(i) for i in ids])
    steps = Steps.of(engine, catalog)
    shuffled = ids[1::2] + ids[::2]
    assert [row.id for row in steps.rows(COMPANIES, shuffled)] == shuffled
    assert [row.id for row in steps.rows(COMPANIES, ["c0003", "c0001", "nobody"], per_call=1)] == ["c0003", "c0001"]
    assert list(steps.rows(COMPANIES, [])) == []
