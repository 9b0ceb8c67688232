"""When the supply index's deliverables run, arranged for questions about a period
(``network_changes``): the deliverables ordered by their first day and by their last, so
those that started or ended in a period are a slice of each, and each company's days of
activity (a deliverable of its own running) as intervals, so whether it was active on a
day is a binary search. Built with the index; at 1M companies see docs/performance.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Activity", "ByDay", "Timeline"]

Ints = npt.NDArray[np.int64]
#: A day as the number YYYYMMDD is below this, so (company, day) is one int64 key.
DAYS = 100_000_000


@dataclass(frozen=True)
class ByDay:
    """Items (positions) ordered by a day of each (then by position), and where each day's
    run starts: the items of a range of days are one slice."""

    order: npt.NDArray[np.int32]
    days: Ints  # each distinct day, ascending
    starts: Ints  # where its run starts in ``order``; the last is len(order)

    @classmethod
    def of(cls, day: Ints) -> ByDay:
        order = np.argsort(day, kind="stable")
        ordered = day[order]
        firsts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else order[:0]
        return cls(order.astype(np.int32), ordered[firsts], np.r_[firsts, len(order)].astype(np.int64))

    def within(self, first: int, last: int) -> Ints:
        """The items whose day d is first <= d <= last, by day."""
        lo, hi = np.searchsorted(self.days, [first, last + 1])
        return self.order[self.starts[lo] : self.starts[hi]].astype(np.int64)


@dataclass(frozen=True)
class Activity:
    """Each company's days with a deliverable of its own running (given or received, not to
    itself), as the union of those deliverables' runs: disjoint intervals ordered by
    company, then day, each as the keys company * DAYS + its first day and + its last."""

    first: Ints
    last: Ints

    @classmethod
    def of(cls, source: Ints, target: Ints, start: Ints, end: Ints) -> Activity:
        """The activity of the deliverables' companies (positions), their runs start..end."""
        between = source != target
        company = np.concatenate([source[between], target[between]])
        first = company * DAYS + np.concatenate([start[between], start[between]])
        last = company * DAYS + np.concatenate([end[between], end[between]])
        order = np.argsort(first)
        first, last = first[order], last[order]
        reach = np.maximum.accumulate(last)  # a company's keys lie above every earlier company's
        new = np.r_[True, first[1:] > reach[:-1]] if len(first) else np.empty(0, dtype=np.bool_)
        starts = np.flatnonzero(new)
        return cls(first[starts], reach[np.r_[starts[1:] - 1, len(first) - 1]] if len(starts) else first)

    def on(self, companies: Ints, day: int) -> npt.NDArray[np.bool_]:
        """Whether each of ``companies`` (positions) was active on ``day`` (YYYYMMDD)."""
        key = companies * DAYS + day
        at = np.searchsorted(self.first, key, side="right") - 1
        return (at >= 0) & (self.last[np.maximum(at, 0)] >= key)


@dataclass(frozen=True)
class Timeline:
    """The deliverables (positions in the supply index) by first day and by last day, and
    their companies' activity."""

    by_start: ByDay
    by_end: ByDay
    activity: Activity

    @classmethod
    def of(cls, source: Ints, target: Ints, start: Ints, end: Ints) -> Timeline:
        return cls(ByDay.of(start), ByDay.of(end), Activity.of(source, target, start, end))
