"""What changed between two days, over arrays: ``network_changes`` from the supply index
(``MemorySupply``), and ``network_change_figures`` from the deliverables running on either
day, however they were read (both supplies).

What this buys: at 1M companies the Cypher texts (``cypher/steps/scope_changes.cypher``,
``running_flows.cypher``) read every deliverable of the scope, one property at a time
(network_changes took about 100 s). Here the deliverables and contracts that started or ended
are slices of the index's orders by day (``service.analytics.timeline``), a company's
activity on a day is a binary search, and only the page's rows are read from the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from service.analytics.supply_index import CODES, Floats, Ints, SupplyIndex, distinct, ranges
from service.ingest.schema import CATEGORIES

__all__ = ["ALL", "Changed", "Figure", "Period", "RunningFlows", "Window", "changed", "day", "figures", "running_flows"]

ALL = "all"
MONEY = CODES["money"]
Bools = npt.NDArray[np.bool_]
Figure = tuple[str, str, float, float]  # figure, key, before, after


class Period(NamedTuple):
    """The two days a question compares, and its scope."""

    from_: str
    to: str
    sector: str | None
    ecosystem: str | None


def day(text: str) -> int:
    """The day YYYY-MM-DD as the number YYYYMMDD, as the index holds it."""
    return int(text.replace("-", ""))


class Window(NamedTuple):
    """The deliverables of a page: those of the days ``first`` to ``last`` (YYYYMMDD), from
    the index's ``edges``, of which the page's rows are the ``size`` after the first
    ``skip`` in the answer's order (by day, then id, then change)."""

    first: int
    last: int
    edges: Ints
    skip: int
    size: int


class Changed(NamedTuple):
    """What changed in a scope between two days, as the index has it: the companies that
    entered or left (positions in id order, and whether each entered), the contracts that
    started or ended (keys in the answer's order, see ``contract_key``), and the
    deliverables that did (positions, by day, the started ones first, then their days)."""

    companies: Ints
    entered: Bools
    contracts: Ints
    started: Ints
    ended: Ints
    started_days: Ints
    ended_days: Ints

    def sizes(self) -> tuple[int, int, int]:
        """Rows of each kind: companies, contracts, deliverables."""
        return len(self.companies), len(self.contracts), len(self.started) + len(self.ended)

    def window(self, offset: int, limit: int) -> Window | None:
        """The deliverables the rows offset:offset + limit of their own kind need (None
        for no row): those of every day the page touches, whose ids give the order."""
        total = len(self.started) + len(self.ended)
        if offset >= total or limit <= 0:
            return None
        last_row = min(offset + limit, total) - 1
        days = np.union1d(self.started_days, self.ended_days)  # few: the period's days
        before = np.searchsorted(self.started_days, days) + np.searchsorted(self.ended_days, days)
        at = np.searchsorted(before, [offset, last_row], side="right") - 1
        first, last = int(days[at[0]]), int(days[at[1]])
        edges = [
            found[np.searchsorted(days_of, first) : np.searchsorted(days_of, last, side="right")]
            for found, days_of in ((self.started, self.started_days), (self.ended, self.ended_days))
        ]
        return Window(first, last, np.concatenate(edges), offset - int(before[at[0]]), last_row + 1 - offset)


def changed(index: SupplyIndex, period: Period) -> Changed:
    """What changed in the period's scope between its two days."""
    start, end = day(period.from_), day(period.to)
    members = index.companies.scope(period.sector, period.ecosystem)
    everyone = period.sector is None and period.ecosystem is None
    inside = None if everyone else _inside(index, members)
    activity = index.timeline.activity
    before, after = activity.on(members, start), activity.on(members, end)
    moved = before != after
    timeline = index.timeline
    started = _between(index, timeline.by_start.within(start + 1, end), inside)
    ended = _between(index, timeline.by_end.within(start, end - 1), inside)
    return Changed(
        companies=members[moved],
        entered=after[moved],
        contracts=_contract_keys(index, start, end, inside),
        started=started,
        ended=ended,
        started_days=index.start[started],
        ended_days=index.end[ended],
    )


def _inside(index: SupplyIndex, members: Ints) -> Bools:
    inside = np.zeros(len(index.out_offsets) - 1, dtype=np.bool_)
    inside[members] = True
    return inside


def _between(index: SupplyIndex, edges: Ints, inside: Bools | None) -> Ints:
    """Those of ``edges`` between two companies, one of them in the scope (``inside``;
    every company when None)."""
    source, target = index.source[edges], index.target[edges]
    keep: Bools = source != target
    if inside is not None:
        keep &= inside[source] | inside[target]
    kept: Ints = edges[keep]
    return kept


def _contract_keys(index: SupplyIndex, start: int, end: int, inside: Bools | None) -> Ints:
    """The contracts that started or ended in the period with a party in the scope, as
    keys in the answer's order: (day, number, change) as one int (see ``contract_key``)."""
    contracts = index.contracts
    keys = []
    for change, found, days in (
        (1, contracts.by_start.within(start + 1, end), contracts.start),
        (0, contracts.by_end.within(start, end - 1), contracts.end),
    ):
        if inside is not None and len(found):
            parties = contracts.parties[ranges(contracts.party_offsets, found)]
            lengths = contracts.party_offsets[found + 1] - contracts.party_offsets[found]
            # Each contract held has a party, so no run is empty.
            found = found[np.logical_or.reduceat(inside[parties], np.r_[0, np.cumsum(lengths)[:-1]])]
        keys.append(contract_key(days[found], found, len(contracts.ids), change))
    return np.sort(np.concatenate(keys), kind="stable")  # two sorted runs, merged


def contract_key(days: Ints, contracts: Ints, count: int, change: int) -> Ints:
    """(day, contract number, change) as one int that sorts as the answer's rows do
    ('ended', 0, before 'started', 1)."""
    return (days * count + contracts) * 2 + change


def contract_of(keys: Ints, count: int) -> tuple[Ints, Bools]:
    """The contract numbers of ``keys``, and whether each is its start."""
    return (keys // 2) % count, (keys % 2).astype(np.bool_)


class RunningFlows(NamedTuple):
    """Deliverables running on one of two days (one row each, or summed per supplier,
    receiver and category), as arrays: supplier and receiver as numbers in id order, the
    category's code, and on each day the deliverables running and their yearly value."""

    supplier: Ints
    receiver: Ints
    category: Ints
    flows_before: Ints
    value_before: Floats
    flows_after: Ints
    value_after: Floats


def running_flows(index: SupplyIndex, period: Period) -> RunningFlows:
    """The deliverables between two companies running on either day of the period, with
    an end in its scope, one row each; companies numbered by their place in id order."""
    members = index.companies.scope(period.sector, period.ecosystem)
    if period.sector is None and period.ecosystem is None:
        edges = np.flatnonzero(index.source != index.target)
    else:
        inside = _inside(index, members)
        given = ranges(index.out_offsets, members)
        received = index.in_order[ranges(index.in_offsets, members)]
        edges = np.concatenate([given, received[~inside[index.source[received]]]])  # each once
        edges = edges[index.source[edges] != index.target[edges]]
    before, after = (_running(index, edges, day(d)) for d in (period.from_, period.to))
    keep = before | after
    edges, before, after = edges[keep], before[keep], after[keep]
    rank, value = index.companies.rank, index.value[edges]
    return RunningFlows(
        rank[index.source[edges]],
        rank[index.target[edges]],
        index.category[edges].astype(np.int64),
        before.astype(np.int64),
        np.where(before, value, 0.0),
        after.astype(np.int64),
        np.where(after, value, 0.0),
    )


def _running(index: SupplyIndex, edges: Ints, on: int) -> Bools:
    result: Bools = (index.start[edges] <= on) & (index.end[edges] >= on)
    return result


def figures(flows: RunningFlows, top: int, ids: Callable[[Ints], list[str]]) -> list[Figure]:
    """network_change_figures's rows from the running ``flows``; ``ids`` names companies
    by their numbers."""
    order = np.argsort(flows.category, kind="stable")
    flows = RunningFlows(
        flows.supplier[order],
        flows.receiver[order],
        flows.category[order],
        flows.flows_before[order],
        flows.value_before[order],
        flows.flows_after[order],
        flows.value_after[order],
    )
    codes = _firsts(flows.category)
    bounds = np.r_[codes, len(flows.category)]
    runs = {int(flows.category[at]): slice(at, bounds[i + 1]) for i, at in enumerate(codes.tolist())}
    present = [code for code, run in runs.items() if flows.flows_before[run].any() or flows.flows_after[run].any()]
    keys = [*sorted(present, key=CATEGORIES.__getitem__), None]
    rows: list[Figure] = []
    measures: list[tuple[str, npt.NDArray[Any], npt.NDArray[Any]]] = [
        ("flows", flows.flows_before, flows.flows_after),
        ("value", flows.value_before, flows.value_after),
    ]
    for figure, before, after in measures:
        for code in keys:
            run = slice(None) if code is None else runs[code]
            rows.append((figure, _name(code), float(before[run].sum()), float(after[run].sum())))
    goods: Bools = flows.category != MONEY
    sole = [_sole(flows, goods & (flows.flows_before > 0)), _sole(flows, goods & (flows.flows_after > 0))]
    rows += [
        ("single_points_of_failure", _name(code), float(sole[0].get(code, 0)), float(sole[1].get(code, 0)))
        for code in keys
        if code != MONEY
    ]
    rows += _largest_customers(flows, goods, top, ids)
    return rows


def _name(code: int | None) -> str:
    return ALL if code is None else CATEGORIES[code]


def _sole(flows: RunningFlows, on: Bools) -> dict[int | None, int]:
    """Per category code (None for all): the suppliers that alone supply it to at least
    one receiver, among the flows ``on``."""
    bound = int(flows.supplier.max(initial=0)) + 1
    size = len(CATEGORIES)
    triples = distinct((flows.receiver[on] * size + flows.category[on]) * bound + flows.supplier[on])
    groups = triples // bound  # (receiver, category)
    new = np.r_[True, groups[1:] != groups[:-1]] if len(groups) else groups.astype(np.bool_)
    alone = new & np.r_[new[1:], True][: len(new)]
    sole = distinct((groups[alone] % size) * bound + triples[alone] % bound)  # (category, supplier)
    codes, counts = np.unique(sole // bound, return_counts=True)
    return dict(zip(codes.tolist(), counts.tolist(), strict=True)) | {None: len(distinct(sole % bound))}


def _largest_customers(
    flows: RunningFlows, goods: Bools, top: int, ids: Callable[[Ints], list[str]]
) -> Iterator[Figure]:
    """The ``top`` customers by value received on the second day (other than money), by
    value then id, and how many suppliers each had (other than money) on each day."""
    received = goods & (flows.flows_after > 0)
    customers = distinct(flows.receiver[received])
    if not len(customers):
        return
    at = np.searchsorted(customers, flows.receiver[received])
    value = np.bincount(at, flows.value_after[received], len(customers))
    if len(value) > top:  # those at or above the top-th value, ties included, then in order
        near = value >= np.partition(value, len(value) - top)[len(value) - top]
        customers, value = customers[near], value[near]
    chosen = customers[np.lexsort((customers, -value))[:top]]
    bound = int(flows.supplier.max(initial=0)) + 1
    counts = []
    for running in (flows.flows_before, flows.flows_after):
        on = goods & (running > 0) & np.isin(flows.receiver, chosen)
        pairs = distinct(flows.receiver[on] * bound + flows.supplier[on])  # (customer, supplier), once each
        found, suppliers = np.unique(pairs // bound, return_counts=True)
        counts.append(dict(zip(found.tolist(), suppliers.tolist(), strict=True)))
    for customer, name in zip(chosen.tolist(), ids(chosen), strict=True):
        yield "suppliers", name, float(counts[0].get(customer, 0)), float(counts[1].get(customer, 0))


def _firsts(ordered: Ints) -> Ints:
    """Where each run of equal values starts in ``ordered``."""
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else ordered
