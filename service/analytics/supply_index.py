"""The graph's deliverables between companies held in memory as arrays, for the questions
that sweep hundreds of thousands of them: a merger's downstream reach, its customers'
other suppliers, the customers a hub shares with every other supplier.

FalkorDB reads a deliverable's properties at about half a microsecond each; the category
filter alone made three tiers down from two hubs (257k deliverables) take 0.5 s. Here the
same sweep is a few array operations. The index is built on first use, in slices of
``cypher/steps/supply_slice.cypher`` (14 to 20 s for 4.9M deliverables), and only where
valuenet sees every write (``Engine.generation``): the embedded engine. There is one
index per generation (``service.analytics.per_graph``): a write through the engine makes
the next use build it again, and a question uses only the index of the graph it pinned.
Elsewhere the questions use the steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from service.analytics.per_graph import PerGraph
from service.ingest.schema import CATEGORIES
from service.queries.steps import Steps

__all__ = ["SUPPLY", "SupplyIndex", "offsets", "partners", "ranges", "sourced_only_by", "successors", "supply_index"]

#: Company handles per slice read: a slice of the 1M-company industry is about 300k rows.
SLICE = 100_000
CODES = {category: code for code, category in enumerate(CATEGORIES)}
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SupplyIndex:
    """Deliverables ordered by supplier, with offsets by handle both ways (CSR)."""

    source: Ints
    target: Ints
    category: npt.NDArray[np.int8]
    start: Ints  # the day as the number YYYYMMDD; 0 when open
    end: Ints  # likewise; 99999999 when open
    critical: npt.NDArray[np.bool_]
    value: npt.NDArray[np.float64]
    out_offsets: Ints  # deliverables of supplier h: out_offsets[h]:out_offsets[h + 1]
    in_order: Ints  # deliverables by receiver
    in_offsets: Ints

    def __str__(self) -> str:
        return f"{len(self.source):,} deliverables"

    def successors(self, nodes: Sequence[int], filters: dict[str, Any]) -> Ints:
        """The receivers of the deliverables the ``nodes`` supply that pass ``filters``
        (a step's categories, as_of, critical_only), one per deliverable."""
        return self.target[self._edges_out(nodes, filters)]

    def partners(self, step: str, nodes: Sequence[int], filters: dict[str, Any]) -> Iterator[tuple[int, int]]:
        """The rows of ``step`` (``partners_out`` or ``partners_in``): (node, partner) for
        each deliverable from or to the ``nodes`` that passes ``filters``."""
        if step == "partners_out":
            edges = self._edges_out(nodes, filters)
            return zip(self.source[edges].tolist(), self.target[edges].tolist(), strict=True)
        edges = self._edges_in(nodes, filters)
        return zip(self.target[edges].tolist(), self.source[edges].tolist(), strict=True)

    def sourced_only_by(
        self, receivers: Sequence[int], parties: Sequence[int], filters: dict[str, Any]
    ) -> Iterator[tuple[int, str, list[int], float]]:
        """As ``cypher/steps/sourced_only_by.cypher``, over handles: (receiver, category,
        its suppliers, value) for each category a receiver gets from ``parties`` alone."""
        edges = self._edges_in(receivers, filters)
        key = self.target[edges] * len(CATEGORIES) + self.category[edges]
        order = np.argsort(key, kind="stable")
        edges, key = edges[order], key[order]
        if not len(edges):
            return
        firsts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        by_party = np.isin(self.source[edges], np.asarray(parties, dtype=np.int64))
        alone = np.logical_and.reduceat(by_party, firsts)
        values = np.add.reduceat(self.value[edges], firsts)
        bounds = np.r_[firsts, len(edges)]
        for i in np.flatnonzero(alone):
            group = edges[bounds[i] : bounds[i + 1]]
            suppliers = np.unique(self.source[group]).tolist()
            yield int(self.target[group[0]]), CATEGORIES[self.category[group[0]]], suppliers, float(values[i])

    def deliverables(self, filters: dict[str, Any]) -> tuple[Ints, Ints, npt.NDArray[np.int8], npt.NDArray[np.float64]]:
        """Supplier, receiver, category code and value of every deliverable that passes
        ``filters``, by supplier."""
        edges = self._active(np.arange(len(self.source), dtype=np.int64), filters)
        return self.source[edges], self.target[edges], self.category[edges], self.value[edges]

    def _edges_out(self, nodes: Sequence[int], filters: dict[str, Any]) -> Ints:
        return self._active(ranges(self.out_offsets, nodes), filters)

    def _edges_in(self, nodes: Sequence[int], filters: dict[str, Any]) -> Ints:
        return self._active(self.in_order[ranges(self.in_offsets, nodes)], filters)

    def _active(self, edges: Ints, filters: dict[str, Any]) -> Ints:
        keep = np.isin(self.category[edges], [CODES[c] for c in filters["categories"]])
        if filters["as_of"] is not None:
            day = int(filters["as_of"].replace("-", ""))
            keep &= (self.start[edges] <= day) & (self.end[edges] >= day)
        if filters["critical_only"]:
            keep &= self.critical[edges]
        return edges[keep]


def successors(steps: Steps, nodes: Sequence[Any], filters: dict[str, Any]) -> Iterable[Any]:
    """The receivers of what ``nodes`` (handles) supply under ``filters``, one per deliverable:
    from the index where there is one, else from ``partners_out``."""
    index = supply_index(steps)
    if index is None:
        return map(itemgetter(1), steps.rows("partners_out", nodes, **filters))
    found: list[int] = index.successors(nodes, filters).tolist()
    return found


def partners(steps: Steps, names: Sequence[str], nodes: Sequence[Any], filters: dict[str, Any]) -> Iterable[Any]:
    """The rows (node, partner) of the steps ``names`` (``partners_out``: whom each of
    ``nodes`` supplies; ``partners_in``: who supplies it) under ``filters``, as
    ``Steps.rows_of`` gives them: from the index where there is one."""
    index = supply_index(steps)
    if index is None:
        return steps.rows_of(names, nodes, **filters)
    return chain.from_iterable(index.partners(name, nodes, filters) for name in names)


def sourced_only_by(
    steps: Steps, receivers: Sequence[Any], parties: dict[str, Any], filters: dict[str, Any]
) -> Iterable[list[Any]]:
    """Rows of ``cypher/steps/sourced_only_by.cypher`` (receiver id, category, supplier ids,
    value) for ``receivers`` (handles) and ``parties`` (handles by id)."""
    among = list(parties.values())
    index = supply_index(steps)
    if index is None:
        return steps.rows("sourced_only_by", receivers, parties=among, **filters)
    rows = list(index.sourced_only_by(receivers, among, filters))
    ids = steps.ids(sorted({row[0] for row in rows}))
    party = {handle: pid for pid, handle in parties.items()}
    return [[ids[r], category, [party[s] for s in suppliers], value] for r, category, suppliers, value in rows]


def supply_index(steps: Steps) -> SupplyIndex | None:
    """The index of the graph ``steps.question`` reads, once built (``PerGraph.get``); None
    where valuenet does not see every write."""
    return SUPPLY.get(steps)


def _build(steps: Steps) -> SupplyIndex:
    bound = steps.run("company_handle_bound").rows[0][0]
    calls = [{"lo": lo, "hi": lo + SLICE} for lo in range(0, bound, SLICE)]
    slices = [_arrays(result.rows) for result in steps.run_each("supply_slice", calls)]
    source, target, category, start, end, critical, value = (
        np.concatenate([s[i] for s in slices]) if slices else np.empty(0, dtype=np.int64) for i in range(7)
    )
    order = np.argsort(source, kind="stable")
    source, target = source[order], target[order]
    in_order = np.argsort(target, kind="stable")
    return SupplyIndex(
        source=source,
        target=target,
        category=category[order].astype(np.int8),
        start=start[order],
        end=end[order],
        critical=critical[order].astype(np.bool_),
        value=value[order].astype(np.float64),
        out_offsets=offsets(source, bound),
        in_order=in_order,
        in_offsets=offsets(target[in_order], bound),
    )


#: Only where the engine has a generation (Neo4j's version is read from a server others
#: may write to: there, the steps answer).
SUPPLY = PerGraph("supply index", _build, lambda question: question.generation)


def _arrays(rows: list[list[Any]]) -> list[npt.NDArray[Any]]:
    """A slice's columns as arrays, categories as codes."""
    source, target, category, start, end, critical, value = zip(*rows, strict=True) if rows else [()] * 7
    return [
        np.asarray(source, dtype=np.int64),
        np.asarray(target, dtype=np.int64),
        np.asarray([CODES[c] for c in category], dtype=np.int8),
        np.asarray(start, dtype=np.int64),
        np.asarray(end, dtype=np.int64),
        np.asarray(critical, dtype=np.bool_),
        np.asarray(value, dtype=np.float64),
    ]


def offsets(ordered: Ints, bound: int) -> Ints:
    """Where each handle's run starts in ``ordered`` (sorted handles below ``bound``)."""
    return np.searchsorted(ordered, np.arange(bound + 1)).astype(np.int64)


def ranges(offsets: Ints, nodes: Sequence[int]) -> Ints:
    """The positions offsets[n]:offsets[n + 1] of every node of ``nodes``, concatenated."""
    handles = np.asarray(nodes, dtype=np.int64)
    starts, lengths = offsets[handles], offsets[handles + 1] - offsets[handles]
    total = int(lengths.sum())
    shift = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return shift + np.arange(total, dtype=np.int64)
