"""``Steps``: the helpers the procedures share, on a graph small enough to check by hand."""

from __future__ import annotations

from service.analytics.steps import Steps
from service.engines import Engine
from service.queries import Catalog
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
    steps = Steps(engine, catalog)
    filters = {"categories": ["product", "service"], "as_of": None, "critical_only": False}
    rows = steps.flows([("a", "b"), ("c", "d")], **filters)
    assert sorted(rows) == [["a", "b", "product", 2.0], ["a", "b", "service", 4.0], ["c", "d", "service", 3.0]]
    assert steps.flows([], **filters) == []
