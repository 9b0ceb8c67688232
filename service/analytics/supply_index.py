"""The graph's deliverables between companies held in memory as arrays, for the questions
that sweep hundreds of thousands of them: a merger's downstream reach, its customers'
other suppliers, the customers a hub shares with every other supplier
(``service.analytics.supply.MemorySupply`` reads it).

FalkorDB reads a deliverable's properties at about half a microsecond each; the category
filter alone made three tiers down from two hubs (257k deliverables) take 0.5 s. Here the
same sweep is a few array operations. There is one index per graph version
(``service.analytics.per_graph.graph_version``): the embedded engine's generation, Neo4j's
graph version (a write or an import makes the next use build it again, and a question uses
only the index of the graph it pinned). An external FalkorDB has none: there, the steps
answer (``CypherSupply``).

The index is over positions, with a map to node handles (``Nodes``): FalkorDB's handles are
integer ids, their own positions, and the graph is read in slices of ids
(``cypher/steps/supply_slice.cypher``: 14 to 20 s for 4.9M deliverables); Neo4j's are
elementId strings, so its companies are numbered as read in id order
(``company_node_slice.cypher``) and their deliverables read in slices of suppliers
(``supply_from.cypher``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from service.analytics.company_facts import CompanyFacts
from service.analytics.contract_facts import ContractFacts
from service.analytics.per_graph import PerGraph, graph_version
from service.analytics.rows import (
    COMPANY_HANDLE_BOUND,
    COMPANY_NODE_SLICE,
    COMPANY_SLICE,
    CONTRACT_PARTIES,
    ECOSYSTEM_MEMBERS,
    SUPPLY_FROM,
    SUPPLY_SLICE,
    CompanyOf,
    Deliverable,
)
from service.analytics.timeline import Timeline
from service.ingest.schema import CATEGORIES
from service.queries.rows import Handle
from service.queries.steps import Filters, Steps

__all__ = [
    "CODES",
    "SUPPLY",
    "Floats",
    "HandleTable",
    "IntHandles",
    "Ints",
    "Ints8",
    "Nodes",
    "SupplyIndex",
    "distinct",
    "held_company_ids",
    "offsets",
    "ranges",
    "supply_index",
]

#: Company handles per slice read: a slice of the 1M-company industry is about 300k rows.
SLICE = 100_000
#: Companies per slice where they are read by handle (Neo4j): its rows come back as one
#: record (``Steps.run``), which the server's heap holds whole.
NODE_SLICE = 20_000
CODES = {category: code for code, category in enumerate(CATEGORIES)}
Ints = npt.NDArray[np.int64]
Ints8 = npt.NDArray[np.int8]
Floats = npt.NDArray[np.float64]


class Nodes(Protocol):
    """Node handles to the index's positions and back."""

    def positions(self, handles: Sequence[Handle]) -> Ints: ...

    def handles(self, positions: Ints) -> list[Handle]: ...


class IntHandles:
    """FalkorDB's handles, integer ids below the index's bound: their own positions."""

    def positions(self, handles: Sequence[Handle]) -> Ints:
        return np.asarray(handles, dtype=np.int64)

    def handles(self, positions: Ints) -> list[Handle]:
        found: list[Handle] = positions.tolist()
        return found


@dataclass(frozen=True)
class HandleTable:
    """Handles that are not integers (Neo4j's elementId): positions numbered as read."""

    by_position: list[Handle]
    at: dict[Handle, int]
    companies: list[CompanyOf]  # each company's id, handle and sector, as read

    @classmethod
    def read(cls, steps: Steps) -> HandleTable:
        """Every company's handle, id and sector, read in slices of ``NODE_SLICE`` in id order."""
        companies: list[CompanyOf] = []
        after = ""
        while True:
            part = steps.run(COMPANY_NODE_SLICE, after=after, size=NODE_SLICE)
            companies += part
            if len(part) < NODE_SLICE:
                handles = [row.node for row in companies]
                return cls(handles, {node: i for i, node in enumerate(handles)}, companies)
            after = part[-1].id

    def positions(self, handles: Sequence[Handle]) -> Ints:
        return np.fromiter(map(self.at.__getitem__, handles), dtype=np.int64, count=len(handles))

    def handles(self, positions: Ints) -> list[Handle]:
        return list(map(self.by_position.__getitem__, positions.tolist()))


@dataclass(frozen=True)
class SupplyIndex:
    """Deliverables ordered by supplier, with offsets by position both ways (CSR)."""

    nodes: Nodes
    source: Ints
    target: Ints
    category: Ints8
    start: Ints  # the day as the number YYYYMMDD; 0 when open
    end: Ints  # likewise; 99999999 when open
    critical: npt.NDArray[np.bool_]
    value: Floats
    intangible: npt.NDArray[np.bool_]  # its nature
    out_offsets: Ints  # deliverables of supplier p: out_offsets[p]:out_offsets[p + 1]
    in_order: Ints  # deliverables by receiver
    in_offsets: Ints
    companies: CompanyFacts
    timeline: Timeline  # for network_changes
    contracts: ContractFacts  # likewise

    def __str__(self) -> str:
        return f"{len(self.source):,} deliverables, {self.companies}, {self.contracts}"

    def edges_out(self, nodes: Ints, filters: Filters) -> Ints:
        """The deliverables the ``nodes`` (positions) supply that pass ``filters`` (a step's
        categories, as_of, critical_only)."""
        return self.active(ranges(self.out_offsets, nodes), filters)

    def edges_in(self, nodes: Ints, filters: Filters) -> Ints:
        """The deliverables the ``nodes`` (positions) receive that pass ``filters``."""
        return self.active(self.in_order[ranges(self.in_offsets, nodes)], filters)

    def active(self, edges: Ints, filters: Filters) -> Ints:
        """Those of ``edges`` that pass ``filters``."""
        keep = np.isin(self.category[edges], [CODES[c] for c in filters["categories"]])
        if filters["critical_only"]:
            keep &= self.critical[edges]
        return self.running(edges[keep], filters["as_of"])

    def running(self, edges: Ints, as_of: str | None) -> Ints:
        """Those of ``edges`` running on the day ``as_of`` (YYYY-MM-DD; all when None)."""
        if as_of is None:
            return edges
        day = int(as_of.replace("-", ""))
        return edges[(self.start[edges] <= day) & (self.end[edges] >= day)]

    def sourced_only_by(
        self, receivers: Ints, parties: Ints, filters: Filters
    ) -> Iterator[tuple[int, str, list[int], float]]:
        """As ``cypher/steps/sourced_only_by.cypher``, over positions: (receiver, category,
        its suppliers, value) for each category a receiver gets from ``parties`` alone."""
        edges = self.edges_in(receivers, filters)
        key = self.target[edges] * len(CATEGORIES) + self.category[edges]
        order = np.argsort(key, kind="stable")
        edges, key = edges[order], key[order]
        if not len(edges):
            return
        firsts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        by_party = np.isin(self.source[edges], parties)
        alone = np.logical_and.reduceat(by_party, firsts)
        values = np.add.reduceat(self.value[edges], firsts)
        bounds = np.r_[firsts, len(edges)]
        for i in np.flatnonzero(alone):
            group = edges[bounds[i] : bounds[i + 1]]
            suppliers = np.unique(self.source[group]).tolist()
            yield int(self.target[group[0]]), CATEGORIES[self.category[group[0]]], suppliers, float(values[i])

    def co_suppliers(self, node: int, filters: Filters) -> tuple[Ints, Ints]:
        """The other suppliers of the customers ``node`` (a position) supplies, and how many
        of those customers each supplies (all under ``filters``)."""
        customers = distinct(self.target[self.edges_out(np.asarray([node], dtype=np.int64), filters)])
        edges = self.edges_in(customers, filters)
        bound = len(self.out_offsets) - 1
        pairs = distinct(self.target[edges] * bound + self.source[edges])  # (customer, supplier), once each
        suppliers = pairs % bound
        found: tuple[Ints, Ints] = np.unique(suppliers[suppliers != node], return_counts=True)
        return found


def supply_index(steps: Steps) -> SupplyIndex | None:
    """The index of the graph ``steps.question`` reads, once built (``PerGraph.get``); None
    where valuenet does not see every write."""
    return SUPPLY.get(steps)


def held_company_ids(steps: Steps, values: Sequence[str]) -> set[str] | None:
    """Those of ``values`` that are companies' ids, from the index of the graph
    ``steps.question`` reads if it is built (no engine call); None while it is not."""
    index = SUPPLY.ready(steps)
    if index is None:
        return None
    return {value for value, at in zip(values, index.companies.positions_of(values).tolist(), strict=True) if at >= 0}


def _build(steps: Steps) -> SupplyIndex:
    """The index of the graph ``steps`` reads: by ranges of handles where they are integers
    (FalkorDB), else by slices of companies in id order, numbered as read (Neo4j)."""
    if steps.engine.dialect == "falkordb":
        (bound_row,) = steps.run(COMPANY_HANDLE_BOUND)
        bound = bound_row.bound
        nodes: Nodes = IntHandles()
        calls: list[dict[str, Any]] = [{"lo": lo, "hi": lo + SLICE} for lo in range(0, bound, SLICE)]
        slices = [_arrays(rows, nodes) for rows in steps.run_each(SUPPLY_SLICE, calls)]
        companies = [row for part in steps.run_each(COMPANY_SLICE, calls) for row in part]
    else:
        table = HandleTable.read(steps)
        nodes, bound, companies = table, len(table.by_position), table.companies
        calls = [{"nodes": table.by_position[lo : lo + NODE_SLICE]} for lo in range(0, bound, NODE_SLICE)]
        slices = [_arrays(rows, table) for rows in steps.run_each(SUPPLY_FROM, calls)]
    memberships = steps.run(ECOSYSTEM_MEMBERS)
    handles = [row.node for row in companies]
    party_calls = [{"nodes": handles[lo : lo + NODE_SLICE]} for lo in range(0, len(handles), NODE_SLICE)]
    parties = [row for part in steps.run_each(CONTRACT_PARTIES, party_calls) for row in part]
    contracts = ContractFacts.of(
        nodes.positions([row.node for row in parties]),
        [row.contract for row in parties],
        [row.start for row in parties],
        [row.end for row in parties],
    )
    facts = CompanyFacts.of(
        bound,
        nodes.positions(handles),
        [row.id for row in companies],
        [row.sector for row in companies],
        list(
            zip(
                [m.ecosystem for m in memberships], nodes.positions([m.node for m in memberships]).tolist(), strict=True
            )
        ),
    )
    return _indexed(nodes, bound, slices, facts, contracts)


def _indexed(
    nodes: Nodes,
    bound: int,
    slices: list[list[npt.NDArray[Any]]],
    companies: CompanyFacts,
    contracts: ContractFacts,
) -> SupplyIndex:
    """The index of the deliverables read in ``slices`` (``_arrays``), over positions below ``bound``."""
    source, target, category, start, end, critical, value, intangible = (
        np.concatenate([s[i] for s in slices]) if slices else np.empty(0, dtype=np.int64) for i in range(8)
    )
    order = np.argsort(source, kind="stable")
    source, target = source[order], target[order]
    in_order = np.argsort(target, kind="stable")
    start, end = start[order], end[order]
    return SupplyIndex(
        nodes=nodes,
        source=source,
        target=target,
        category=category[order].astype(np.int8),
        start=start,
        end=end,
        critical=critical[order].astype(np.bool_),
        value=value[order].astype(np.float64),
        intangible=intangible[order].astype(np.bool_),
        out_offsets=offsets(source, bound),
        in_order=in_order,
        in_offsets=offsets(target[in_order], bound),
        companies=companies,
        timeline=Timeline.of(source, target, start, end),
        contracts=contracts,
    )


#: One index per graph version, on both engines; none on an external FalkorDB (no version:
#: valuenet does not see its writes), where the steps answer.
SUPPLY = PerGraph("supply index", _build, graph_version)


def _arrays(rows: list[Deliverable], nodes: Nodes) -> list[npt.NDArray[Any]]:
    """A slice's columns as arrays, handles as positions, categories as codes."""
    source, target, category, start, end, critical, value, intangible = zip(*rows, strict=True) if rows else [()] * 8
    return [
        nodes.positions(source),
        nodes.positions(target),
        np.asarray([CODES[c] for c in category], dtype=np.int8),
        np.asarray(start, dtype=np.int64),
        np.asarray(end, dtype=np.int64),
        np.asarray(critical, dtype=np.bool_),
        np.asarray(value, dtype=np.float64),
        np.asarray(intangible, dtype=np.bool_),
    ]


def distinct(values: Ints) -> Ints:
    """The values sorted, each once: ``np.unique`` hashes them (numpy 2.4), which took
    0.7 ms for 7,000 values, ten times a sort's 0.05 ms."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def offsets(ordered: Ints, bound: int) -> Ints:
    """Where each handle's run starts in ``ordered`` (sorted handles below ``bound``)."""
    return np.searchsorted(ordered, np.arange(bound + 1)).astype(np.int64)


def ranges(offsets: Ints, nodes: Sequence[int] | Ints) -> Ints:
    """The positions offsets[n]:offsets[n + 1] of every node of ``nodes``, concatenated."""
    handles = np.asarray(nodes, dtype=np.int64)
    starts, lengths = offsets[handles], offsets[handles + 1] - offsets[handles]
    total = int(lengths.sum())
    shift = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return shift + np.arange(total, dtype=np.int64)
