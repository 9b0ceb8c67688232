"""How a network's key figures changed between two days, from one scan of the deliverables
running on either day."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from service.analytics.rows import RUNNING_FLOWS, RunningFlow
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["network_change_figures"]

ALL = "all"


class Flow(NamedTuple):
    """What runs on a day from one supplier to one receiver in one category."""

    supplier: str
    receiver: str
    category: str
    deliverables: int
    value: float


Day = list[Flow]
Figure = tuple[str, str, float, float]  # figure, key, before, after


@dataclass(frozen=True)
class NetworkChangeFiguresParams:
    """The parameters of cypher/network_change_figures.cypher."""

    from_: str
    to: str
    sector: str | None
    ecosystem: str | None
    top: int


def network_change_figures(steps: Steps, params: NetworkChangeFiguresParams, columns: list[str]) -> Result:
    """See cypher/network_change_figures.cypher."""
    scope = {"from": params.from_, "to": params.to, "sector": params.sector, "ecosystem": params.ecosystem}
    days = _days(steps.run(RUNNING_FLOWS, **scope))
    figures = [
        *_by_category("flows", days, lambda day: sum(f.deliverables for f in day)),
        *_by_category("value", days, lambda day: math.fsum(f.value for f in day)),
        *_single_points(days),
        *_largest_customers(days, params.top),
    ]
    return Result(columns, [[figure, key, float(a), float(b), float(b) - float(a)] for figure, key, a, b in figures])


def _days(rows: list[RunningFlow]) -> tuple[Day, Day]:
    """The flows running on the first day, and those running on the second."""
    before: Day = []
    after: Day = []
    for row in rows:
        if row.flows_before:
            before.append(Flow(row.supplier, row.receiver, row.category, row.flows_before, row.value_before))
        if row.flows_after:
            after.append(Flow(row.supplier, row.receiver, row.category, row.flows_after, row.value_after))
    return before, after


def _categories(days: tuple[Day, Day]) -> list[str]:
    return sorted({f.category for day in days for f in day})


def _by_category(figure: str, days: tuple[Day, Day], measure: Callable[[Day], float]) -> Iterable[Figure]:
    for key in [*_categories(days), ALL]:
        before, after = ([f for f in day if key in (ALL, f.category)] for day in days)
        yield figure, key, measure(before), measure(after)


def _single_points(days: tuple[Day, Day]) -> Iterable[Figure]:
    """Per category other than money, and for all: the suppliers that alone supply it to at
    least one company."""
    counts = []
    for day in days:
        suppliers: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        for f in day:
            if f.category != "money":
                suppliers[f.receiver, f.category].add(f.supplier)
        sole: defaultdict[str, set[str]] = defaultdict(set)
        for (_receiver, category), of in suppliers.items():
            if len(of) == 1:
                sole[category] |= of
                sole[ALL] |= of
        counts.append({category: len(of) for category, of in sole.items()})
    for key in [*(c for c in _categories(days) if c != "money"), ALL]:
        yield "single_points_of_failure", key, counts[0].get(key, 0), counts[1].get(key, 0)


def _largest_customers(days: tuple[Day, Day], top: int) -> Iterable[Figure]:
    """The ``top`` customers by value received on the second day (other than money), and
    how many suppliers each had on each day."""
    suppliers: list[defaultdict[str, set[str]]] = [defaultdict(set), defaultdict(set)]
    received: defaultdict[str, list[float]] = defaultdict(list)
    for side, day in enumerate(days):
        for f in day:
            if f.category != "money":
                suppliers[side][f.receiver].add(f.supplier)
                if side:
                    received[f.receiver].append(f.value)
    value = {customer: math.fsum(values) for customer, values in received.items()}
    for customer in sorted(value, key=lambda c: (-value[c], c))[:top]:
        yield "suppliers", customer, len(suppliers[0][customer]), len(suppliers[1][customer])
