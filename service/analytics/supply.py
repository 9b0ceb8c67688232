"""The deliverables between companies as the supply questions read them (customers, partners
either way, receivers sourced from given parties alone, every deliverable, a company's
co-suppliers, the network a failure cascade reads, the value network analysis of a scope):
one interface, ``Supply``, chosen once per question by ``supply_for``.

- ``MemorySupply`` answers from the supply index (``service.analytics.supply_index``), held
  per graph version where valuenet has one: the embedded engine and Neo4j;
- ``CypherSupply`` answers with the steps of ``cypher/steps/``, where nothing is held (an
  external FalkorDB, whose writes valuenet does not see).

Both take and give node handles (``handles``; ``network``'s companies are numbers of its
own) and the deliverable filters of ``flow`` (categories, as_of, critical_only), and
give the same answers (up to order).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

import numpy as np

from service.analytics.change_arrays import (
    Changed,
    Figure,
    Period,
    RunningFlows,
    Window,
    changed,
    contract_of,
    day,
    figures,
    running_flows,
)
from service.analytics.exchange_arrays import company_cells, exchanges, indicators, sector_cells
from service.analytics.rows import (
    COMPANY_DETAILS,
    COMPANY_LINKS,
    CONTRACT_ROWS,
    DELIVERABLE_EVENTS,
    PARTNERS_IN,
    PARTNERS_OUT,
    RUNNING_FLOWS,
    SCOPE_CHANGES,
    SCOPE_EXCHANGES,
    SCOPE_INDICATORS,
    SOURCED_ONLY_BY,
    Change,
    Exchange,
    Indicator,
)
from service.analytics.supply_index import CODES, SUPPLY, Floats, Ints, Ints8, SupplyIndex, distinct
from service.analytics.supply_network import IndexNetwork, Network, StepsNetwork
from service.queries.rows import Handle
from service.queries.steps import Filters, Steps

__all__ = [
    "CypherSupply",
    "Deliverables",
    "Filters",
    "MemorySupply",
    "Period",
    "Scope",
    "SoleSupply",
    "Supply",
    "supply_for",
]

Pair = tuple[Handle, Handle]


class SoleSupply(NamedTuple):
    """A category a receiver gets from the given parties alone (``sourced_only_by``)."""

    receiver: str
    category: str
    suppliers: list[str]  # the parties that deliver it, by id
    value: float


class Deliverables(NamedTuple):
    """Deliverables as arrays: supplier and receiver as positions in the companies asked
    about, category as its code (``CODES``), yearly value (0 when not given)."""

    source: Ints
    target: Ints
    category: Ints8
    value: Floats


class Scope(NamedTuple):
    """The companies a value network question covers, and the day it looks at."""

    sector: str | None
    ecosystem: str | None
    as_of: str | None


class Supply(ABC):
    """The deliverables between companies, read for one question (``steps``)."""

    steps: Steps

    @abstractmethod
    def handles(self, ids: Sequence[str]) -> dict[str, Handle]:
        """The node handle of each company of ``ids``, by id (an id no company has is left out)."""

    @abstractmethod
    def ids(self, nodes: Sequence[Handle]) -> dict[Handle, str]:
        """The id of each company handle of ``nodes``, by handle."""

    @abstractmethod
    def customers_of(self, nodes: Sequence[Handle], filters: Filters) -> list[Handle]:
        """The receivers of the deliverables ``nodes`` supply, one per deliverable."""

    @abstractmethod
    def partners_out(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        """(node, receiver) for each deliverable a node of ``nodes`` supplies."""

    @abstractmethod
    def partners_in(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        """(node, supplier) for each deliverable a node of ``nodes`` receives."""

    def partners_either(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        """``partners_out``'s pairs, then ``partners_in``'s."""
        return chain(self.partners_out(nodes, filters), self.partners_in(nodes, filters))

    @abstractmethod
    def sourced_only_by(
        self, receivers: Sequence[Handle], parties: dict[str, Handle], filters: Filters
    ) -> list[SoleSupply]:
        """Each category a receiver of ``receivers`` gets from ``parties`` (handles by id)
        and from nobody else, as ``cypher/steps/sourced_only_by.cypher``."""

    @abstractmethod
    def deliverables(self, ids: Sequence[str], nodes: Sequence[Handle], filters: Filters) -> Deliverables:
        """Every deliverable between two of the companies ``ids`` (whose handles are
        ``nodes``, in the same order) that passes ``filters``, but
        those from a company to itself."""

    @abstractmethod
    def co_suppliers(self, node: Handle, filters: Filters) -> dict[Handle, int]:
        """The other suppliers of the customers ``node`` supplies, each with how many of
        those customers it supplies."""

    @abstractmethod
    def network(self, filters: Filters) -> Network:
        """The supply under ``filters`` with companies numbered, for array work over what
        many companies receive (``service.analytics.supply_network``)."""

    @abstractmethod
    def exchange_indicators(self, scope: Scope) -> list[Indicator]:
        """exchange_indicators of the scope (see its header)."""

    @abstractmethod
    def exchange_analysis(self, scope: Scope, zoom: str, offset: int, limit: int) -> list[Exchange]:
        """The page of exchange_analysis of the scope at that zoom (see its header)."""

    @abstractmethod
    def network_changes(self, period: Period, offset: int, limit: int) -> list[Change]:
        """The page of network_changes of the period (see its header)."""

    @abstractmethod
    def change_figures(self, period: Period, top: int) -> list[Figure]:
        """The rows of network_change_figures of the period (see its header), as
        (figure, key, before, after)."""


def supply_for(steps: Steps) -> Supply:
    """The supply of the graph ``steps.question`` reads: from the index held for its graph
    version (built now if need be), else from the steps."""
    index = SUPPLY.get(steps)
    return CypherSupply(steps) if index is None else MemorySupply(steps, index)


@dataclass(frozen=True)
class CypherSupply(Supply):
    """The supply read with the steps, a call (or a few at once) per question asked."""

    steps: Steps

    def handles(self, ids: Sequence[str]) -> dict[str, Handle]:
        return self.steps.handles(ids)

    def ids(self, nodes: Sequence[Handle]) -> dict[Handle, str]:
        return self.steps.ids(nodes)

    def customers_of(self, nodes: Sequence[Handle], filters: Filters) -> list[Handle]:
        return [row.partner for row in self.steps.rows(PARTNERS_OUT, nodes, **filters)]

    def partners_out(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        return self.steps.rows(PARTNERS_OUT, nodes, **filters)

    def partners_in(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        return self.steps.rows(PARTNERS_IN, nodes, **filters)

    def partners_either(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        # Both steps' calls at once: a hub's partners out and in come back together.
        return self.steps.rows_of([PARTNERS_OUT, PARTNERS_IN], nodes, **filters)

    def sourced_only_by(
        self, receivers: Sequence[Handle], parties: dict[str, Handle], filters: Filters
    ) -> list[SoleSupply]:
        rows = self.steps.rows(SOURCED_ONLY_BY, receivers, parties=list(parties.values()), **filters)
        return [SoleSupply(row.company, row.category, row.suppliers, row.value) for row in rows]

    def deliverables(self, ids: Sequence[str], nodes: Sequence[Handle], filters: Filters) -> Deliverables:
        at = {cid: i for i, cid in enumerate(ids)}
        links = self.steps.run(COMPANY_LINKS, **filters)
        return Deliverables(
            np.fromiter((at[link.source] for link in links), dtype=np.int64, count=len(links)),
            np.fromiter((at[link.target] for link in links), dtype=np.int64, count=len(links)),
            np.fromiter((CODES[link.category] for link in links), dtype=np.int8, count=len(links)),
            np.fromiter((link.value for link in links), dtype=np.float64, count=len(links)),
        )

    def co_suppliers(self, node: Handle, filters: Filters) -> dict[Handle, int]:
        customers = sorted(set(self.customers_of([node], filters)))
        pairs = {(r, x) for r, x in self.partners_in(customers, filters) if x != node}
        return Counter(x for _, x in pairs)

    def network(self, filters: Filters) -> Network:
        return StepsNetwork(self.steps, filters)

    def exchange_indicators(self, scope: Scope) -> list[Indicator]:
        return self.steps.run(SCOPE_INDICATORS, **scope._asdict())

    def exchange_analysis(self, scope: Scope, zoom: str, offset: int, limit: int) -> list[Exchange]:
        return self.steps.run(SCOPE_EXCHANGES, **scope._asdict(), zoom=zoom, offset=offset, limit=limit)

    def network_changes(self, period: Period, offset: int, limit: int) -> list[Change]:
        return self.steps.run(SCOPE_CHANGES, **_asked(period), offset=offset, limit=limit)

    def change_figures(self, period: Period, top: int) -> list[Figure]:
        rows = self.steps.run(RUNNING_FLOWS, **_asked(period))
        ids = sorted({row.supplier for row in rows} | {row.receiver for row in rows})
        number = {company: i for i, company in enumerate(ids)}
        flows = RunningFlows(
            np.fromiter((number[row.supplier] for row in rows), np.int64, len(rows)),
            np.fromiter((number[row.receiver] for row in rows), np.int64, len(rows)),
            np.fromiter((CODES[row.category] for row in rows), np.int64, len(rows)),
            np.fromiter((row.flows_before for row in rows), np.int64, len(rows)),
            np.fromiter((row.value_before for row in rows), np.float64, len(rows)),
            np.fromiter((row.flows_after for row in rows), np.int64, len(rows)),
            np.fromiter((row.value_after for row in rows), np.float64, len(rows)),
        )
        return figures(flows, top, lambda numbers: [ids[i] for i in numbers.tolist()])


@dataclass(frozen=True)
class MemorySupply(Supply):
    """The supply read from the index of the question's graph version."""

    steps: Steps
    index: SupplyIndex

    # Ids and handles from the index, with no engine call: on Neo4j each call is a round
    # trip of 2 to 6 ms, and these were two of a question's few.
    def handles(self, ids: Sequence[str]) -> dict[str, Handle]:
        positions = self.index.companies.positions_of(ids)
        known = np.flatnonzero(positions >= 0)
        return dict(zip([ids[i] for i in known.tolist()], self.index.nodes.handles(positions[known]), strict=True))

    def ids(self, nodes: Sequence[Handle]) -> dict[Handle, str]:
        return dict(zip(nodes, self.index.companies.ids_at(self.index.nodes.positions(nodes)), strict=True))

    def customers_of(self, nodes: Sequence[Handle], filters: Filters) -> list[Handle]:
        index = self.index
        return index.nodes.handles(index.target[index.edges_out(index.nodes.positions(nodes), filters)])

    def partners_out(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        index = self.index
        edges = index.edges_out(index.nodes.positions(nodes), filters)
        return zip(index.nodes.handles(index.source[edges]), index.nodes.handles(index.target[edges]), strict=True)

    def partners_in(self, nodes: Sequence[Handle], filters: Filters) -> Iterable[Pair]:
        index = self.index
        edges = index.edges_in(index.nodes.positions(nodes), filters)
        return zip(index.nodes.handles(index.target[edges]), index.nodes.handles(index.source[edges]), strict=True)

    def sourced_only_by(
        self, receivers: Sequence[Handle], parties: dict[str, Handle], filters: Filters
    ) -> list[SoleSupply]:
        index = self.index
        party = dict(zip(index.nodes.positions(list(parties.values())).tolist(), parties, strict=True))
        found = list(index.sourced_only_by(index.nodes.positions(receivers), np.fromiter(party, np.int64), filters))
        handles = index.nodes.handles(np.asarray([receiver for receiver, *_ in found], dtype=np.int64))
        ids = self.ids(sorted(set(handles)))
        return [
            SoleSupply(ids[handle], category, [party[s] for s in suppliers], value)
            for handle, (_, category, suppliers, value) in zip(handles, found, strict=True)
        ]

    def deliverables(self, ids: Sequence[str], nodes: Sequence[Handle], filters: Filters) -> Deliverables:
        index = self.index
        at = np.full(len(index.out_offsets) - 1, -1, dtype=np.int64)  # company position by index position
        at[index.nodes.positions(nodes)] = np.arange(len(nodes), dtype=np.int64)
        edges = index.active(np.flatnonzero(index.source != index.target), filters)
        return Deliverables(at[index.source[edges]], at[index.target[edges]], index.category[edges], index.value[edges])

    def co_suppliers(self, node: Handle, filters: Filters) -> dict[Handle, int]:
        # Array work: a hub's 7,000 (customer, supplier) pairs took 4 to 5 ms of the API's CPU as Python sets.
        index = self.index
        suppliers, counts = index.co_suppliers(int(index.nodes.positions([node])[0]), filters)
        return dict(zip(index.nodes.handles(suppliers), counts.tolist(), strict=True))

    def network(self, filters: Filters) -> Network:
        return IndexNetwork(self.index, filters)

    def exchange_indicators(self, scope: Scope) -> list[Indicator]:
        return indicators(self.index, self.index.companies.scope(scope.sector, scope.ecosystem), scope.as_of)

    def exchange_analysis(self, scope: Scope, zoom: str, offset: int, limit: int) -> list[Exchange]:
        index = self.index
        members = index.companies.scope(scope.sector, scope.ecosystem)
        if zoom == "sector":
            cells, names = sector_cells(index, members, scope.as_of)
            return exchanges(cells, lambda codes: [(names[c], names[c]) for c in codes.tolist()], offset, limit)
        return exchanges(company_cells(index, members, scope.as_of, offset + limit), self._labels, offset, limit)

    def network_changes(self, period: Period, offset: int, limit: int) -> list[Change]:
        found = changed(self.index, period)
        rows: list[Change] = []
        first, last = offset, offset + limit  # of the kinds still to come
        for kind, size in zip(("company", "contract", "deliverable"), found.sizes(), strict=True):
            page = slice(min(first, size), min(last, size))
            if page.start < page.stop:
                rows += self._changes(kind, found, page, period)
            first, last = max(first - size, 0), max(last - size, 0)
        return rows

    def _changes(self, kind: str, found: Changed, page: slice, period: Period) -> list[Change]:
        """The rows ``page`` of those of ``kind``."""
        if kind == "company":
            named = self._labels(found.companies[page])
            changes = ["entered" if entered else "left" for entered in found.entered[page].tolist()]
            return [
                Change(kind, cid, change, None, name, None, None, None, None)
                for (cid, name), change in zip(named, changes, strict=True)
            ]
        if kind == "contract":
            contracts = self.index.contracts
            numbers, started = contract_of(found.contracts[page], len(contracts.ids))
            ids = contracts.id_of(numbers)
            read = {row.id: row for row in self.steps.rows(CONTRACT_ROWS, sorted(set(ids)))}
            return [
                Change(
                    kind,
                    kid,
                    "started" if start else "ended",
                    read[kid].start if start else read[kid].end,
                    read[kid].name,
                    None,
                    None,
                    None,
                    read[kid].value,
                )
                for kid, start in zip(ids, started.tolist(), strict=True)
            ]
        window = found.window(page.start, page.stop - page.start)
        return [] if window is None else self._deliverables(window, period)

    def _deliverables(self, window: Window, period: Period) -> list[Change]:
        """The deliverable rows of ``window``: every event of its suppliers in the period
        read, those of its pairs and days kept, ordered by day, id and change."""
        index = self.index
        nodes = index.nodes
        pairs = set(
            zip(nodes.handles(index.source[window.edges]), nodes.handles(index.target[window.edges]), strict=True)
        )
        suppliers = nodes.handles(distinct(index.source[window.edges]))
        days: dict[str, Any] = {"from": period.from_, "to": period.to}
        events = [
            row
            for row in self.steps.rows(DELIVERABLE_EVENTS, suppliers, **days)
            if (row.source_node, row.target_node) in pairs and window.first <= day(row.day) <= window.last
        ]
        events.sort(key=lambda row: (row.day, row.id, row.change))
        return [Change("deliverable", *row[:8]) for row in events[window.skip : window.skip + window.size]]

    def change_figures(self, period: Period, top: int) -> list[Figure]:
        facts = self.index.companies

        def ids(ranks: Ints) -> list[str]:
            handles = self.index.nodes.handles(facts.by_id[ranks])
            found = self.steps.ids(sorted(set(handles), key=str))
            return [found[handle] for handle in handles]

        return figures(running_flows(self.index, period), top, ids)

    def _labels(self, positions: Ints) -> list[tuple[str, str]]:
        """The id and name of the companies at ``positions``."""
        handles = self.index.nodes.handles(positions)
        named = {
            row.node: (row.id, row.name) for row in self.steps.rows(COMPANY_DETAILS, sorted(set(handles), key=str))
        }
        return [named[handle] for handle in handles]


def _asked(period: Period) -> dict[str, str | None]:
    """The period and its scope as a step's parameters."""
    return {"from": period.from_, "to": period.to, "sector": period.sector, "ecosystem": period.ecosystem}
