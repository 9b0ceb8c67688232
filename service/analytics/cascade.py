"""Failure cascades: companies fail; round by round, who loses an input and who fails in turn.

The definition is in cypher/failure_impact.cypher. The cascade runs on a worklist: each
round reads the customers of the companies that stopped delivering in the round before,
and only those are examined again; a company's inputs are read once, when it is first
reached, and kept. So the cost grows with the companies and deliverables the failure
reaches, not with the paths to them. The cascade always runs to its end, whatever the
page: whether a company of the first round fails may be decided in the last.

The network is the question's ``Supply.network`` (``service.analytics.supply_network``):
the supply index's, companies as its positions, or the steps' ``customers_of`` and
``supply_in``, companies numbered as they come. A round is a few array operations over its
companies' inputs, whichever gives them: a hub's direct customers receive thousands of
deliverables, and their Cypher rows took 40 to 80 ms to read and as long again to go
through one by one in Python, on two busy cores.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from service.analytics.supply import supply_for
from service.analytics.supply_index import Ints, distinct
from service.analytics.supply_network import Inputs, Network
from service.engines.base import Result
from service.ingest.schema import CATEGORIES
from service.queries.steps import Steps, flow

__all__ = ["Cascade", "Loss", "cascade", "failure_impact"]


class Loss(NamedTuple):
    """The suppliers of one category a company loses in one round (companies as a
    network's keys). A named tuple: a hub's direct customers make thousands a question, and
    a frozen dataclass's ``__init__`` was a tenth of failure_impact's Python time."""

    round: int
    company: int
    category: str
    suppliers: list[int]
    value: float
    left: int


@dataclass(frozen=True)
class Cascade:
    """The losses by round, company id and category; the round each company fails in (the
    companies named: round 0); and the id of each company these name."""

    losses: list[Loss]
    failed: dict[int, int]
    ids: dict[int, str]


@dataclass(frozen=True)
class FailureImpactParams:
    """The parameters of cypher/failure_impact.cypher."""

    companies: list[str]
    categories: list[str]
    as_of: str | None
    mode: str
    limit: int
    offset: int


def failure_impact(steps: Steps, params: FailureImpactParams, columns: list[str]) -> Result:
    """Who loses an input, and who fails, when ``companies`` fail; see cypher/failure_impact.cypher."""
    found = cascade(supply_for(steps).network(flow(params.categories, params.as_of)), params.companies, params.mode)
    ids, failed = found.ids, found.failed
    page = found.losses[params.offset : params.offset + params.limit]
    info = steps.companies(sorted({ids[loss.company] for loss in page}))
    return Result(
        columns,
        [
            [
                loss.round,
                ids[loss.company],
                *info[ids[loss.company]][:2],
                loss.category,
                len(loss.suppliers),
                loss.value,
                loss.left,
                loss.left == 0,
                loss.company in failed,
                failed.get(loss.company),
                sorted(ids[supplier] for supplier in loss.suppliers),
            ]
            for loss in page
        ],
    )


def cascade(network: Network, companies: Sequence[str], mode: str) -> Cascade:
    """What follows when ``companies`` fail."""
    named = network.keys(sorted(set(companies)))
    failed = dict.fromkeys(named.tolist(), 0)
    stopped = dict(failed)  # company -> the round it stopped delivering in
    inputs = Inputs.none()
    read = np.empty(0, dtype=np.int64)  # the companies whose inputs are held
    losses: list[Loss] = []
    frontier = named
    level = 0
    while len(frontier):
        level += 1
        gone = np.fromiter(failed, dtype=np.int64, count=len(failed))
        reached = np.setdiff1d(network.customers(frontier), gone, assume_unique=True)
        unread = np.setdiff1d(reached, read, assume_unique=True)
        inputs, read = inputs + network.inputs(unread), distinct(np.r_[read, unread])
        for loss in _round(inputs.to(reached), stopped, level):
            losses.append(loss)
            if not loss.left:
                failed.setdefault(loss.company, level)
        if mode == "direct":  # round 1 only: no frontier for a round that does not come
            break
        frontier = np.asarray(
            [c for c in reached.tolist() if c not in stopped and (c in failed or mode == "all")], dtype=np.int64
        )
        stopped.update(dict.fromkeys(frontier.tolist(), level))  # after the round: its losses see rounds before only
    # Every supplier lost stopped in a round before, so is named or lost something itself.
    ids = network.ids(distinct(np.r_[named, np.asarray([loss.company for loss in losses], dtype=np.int64)]))
    losses.sort(key=lambda loss: (loss.round, ids[loss.company], loss.category))
    return Cascade(losses, failed, ids)


def _round(inputs: Inputs, stopped: dict[int, int], level: int) -> Iterator[Loss]:
    """The losses of round ``level`` (companies and suppliers as keys): for each receiver
    of ``inputs`` and category, the suppliers that stopped in the round before, if any."""
    if not len(inputs.receiver):
        return
    inputs = inputs.take(np.lexsort((inputs.supplier, inputs.category, inputs.receiver)))
    receiver, supplier, category, value = inputs.receiver, inputs.supplier, inputs.category, inputs.value
    # One entry per receiver, category and supplier: a supplier's deliverables added up.
    each = _starts(receiver, category, supplier)
    value = np.add.reduceat(value, each)
    receiver, supplier, category = receiver[each], supplier[each], category[each]
    when = _rounds(stopped, supplier)
    lost = when == level - 1
    groups = _starts(receiver, category)
    hit = np.flatnonzero(np.logical_or.reduceat(lost, groups))  # the groups losing a supplier
    left = np.add.reduceat((when < 0).astype(np.int64), groups)[hit]
    at_risk = np.add.reduceat(np.where(lost, value, 0.0), groups)[hit]
    # The suppliers lost, by group: those of a group that loses none are none.
    lost_at = np.flatnonzero(lost)
    cuts = np.r_[np.searchsorted(lost_at, groups[hit]), len(lost_at)].tolist()
    suppliers = supplier[lost_at].tolist()
    columns = receiver[groups[hit]].tolist(), category[groups[hit]].tolist(), at_risk.tolist(), left.tolist()
    for k, (company, code, value_at_risk, kept) in enumerate(zip(*columns, strict=True)):
        yield Loss(level, company, CATEGORIES[code], suppliers[cuts[k] : cuts[k + 1]], value_at_risk, kept)


def _starts(*columns: npt.NDArray[Any]) -> Ints:
    """Where each run of equal entries (in all ``columns`` at once) starts."""
    changed = np.zeros(len(columns[0]) - 1, dtype=np.bool_)
    for column in columns:
        changed |= column[1:] != column[:-1]
    return np.flatnonzero(np.r_[True, changed])


def _rounds(stopped: dict[int, int], companies: Ints) -> Ints:
    """The round each of ``companies`` stopped delivering in; -1 where it still delivers."""
    keys = np.fromiter(stopped, dtype=np.int64, count=len(stopped))
    rounds = np.fromiter(stopped.values(), dtype=np.int64, count=len(stopped))
    order = np.argsort(keys)
    keys, rounds = keys[order], rounds[order]
    at = np.minimum(np.searchsorted(keys, companies), len(keys) - 1)
    return np.where(keys[at] == companies, rounds[at], -1)
