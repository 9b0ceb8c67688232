"""Each capability's holders as arrays held in memory, for capability_landscape
(``service.analytics.landscape``): at 1M companies its Cypher text took 3.7 s (12 s at p95)
for a sector, collecting every provider and every provider's customers.

The index is over the supply index's positions (``service.analytics.supply_index``), whose
``CompanyFacts`` give each company's sector and each ecosystem's members; it adds each
company's capabilities and revenue, and each supplier's distinct customers of something
other than money (CSR: offsets by position). A scope's figures are then group-bys over its
companies' holdings (``np.bincount``). There is one index per graph version, like the
supply index's (``service.analytics.per_graph``); an external FalkorDB has none, and there
its Cypher text answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from service.analytics.company_facts import CompanyFacts
from service.analytics.per_graph import PerGraph, graph_version
from service.analytics.rows import CAPABILITIES, HOLDINGS_FROM, HOLDINGS_SLICE, CapabilityFacts, Landscaped
from service.analytics.supply_index import (
    CODES,
    NODE_SLICE,
    SLICE,
    SUPPLY,
    Floats,
    HandleTable,
    Ints,
    distinct,
    offsets,
    ranges,
)
from service.queries.steps import Steps

__all__ = ["CAPABILITY_INDEX", "CapabilityIndex", "Customers"]

#: The landscape's order of the stages; a capability without one comes after them.
STAGES = {"genesis": 0, "custom": 1, "product": 2, "commodity": 3}
#: The stages in which a capability only one company holds is flagged, and how.
FLAGS = {"commodity": "single_provider_risk", "genesis": "differentiator", "custom": "differentiator"}


@dataclass(frozen=True)
class Customers:
    """Each supplier's distinct receivers of something other than money (CSR by position):
    those it depends on, in the README's words."""

    receivers: Ints  # by supplier ...
    offsets: Ints  # ... those of the supplier at position p: receivers[offsets[p]:offsets[p + 1]]

    def counted(self, cells: Ints, holder: Ints, count: int) -> Ints:
        """For each of ``count`` cells, how many distinct companies depend on one of those
        that hold it: ``cells[i]`` is held by the company at position ``holder[i]``."""
        lengths = self.offsets[holder + 1] - self.offsets[holder]
        bound = len(self.offsets) - 1
        pairs = distinct(np.repeat(cells, lengths) * bound + self.receivers[ranges(self.offsets, holder)])
        return np.bincount(pairs // bound, minlength=count)


@dataclass(frozen=True)
class CapabilityIndex:
    """Capabilities numbered in the landscape's order (stage, then id), and who holds them."""

    companies: CompanyFacts  # the supply index's: sectors and ecosystems by position
    capabilities: list[CapabilityFacts]  # by number
    holder: Ints  # each (company, capability) once, ordered by company: the company's position ...
    capability: Ints  # ... and the capability's number
    holding_offsets: Ints  # the holdings of the company at position p: holding_offsets[p]:holding_offsets[p + 1]
    revenue: Floats  # by position: the company's revenue (0 when not given)
    customers: Customers
    sector_dependents: Ints  # (sector code, capability): the dependents of its providers of that sector
    dependents: Ints  # by capability: dependents of all its providers

    def __str__(self) -> str:
        return f"{len(self.capabilities):,} capabilities, {len(self.holder):,} holdings"

    def landscape(self, sector: str | None, ecosystem: str | None, offset: int, limit: int) -> list[Landscaped]:
        """The page of capability_landscape of that sector and ecosystem (the whole network
        when neither is given)."""
        holdings = ranges(self.holding_offsets, self.companies.scope(sector, ecosystem))
        capability, holder = self.capability[holdings], self.holder[holdings]
        count = len(self.capabilities)
        providers = np.bincount(capability, minlength=count)
        revenue = self.revenue[holder]
        total = np.bincount(capability, weights=revenue, minlength=count)
        share = 100.0 * revenue / np.where(total > 0, total, 1.0)[capability]  # no concentration where it is 0
        concentration = np.bincount(capability, weights=share * share, minlength=count)
        if ecosystem is not None:
            dependents = self.customers.counted(capability, holder, count)
        elif sector is None:
            dependents = self.dependents
        else:
            code = self.companies.code(sector)  # -2 for a sector no company has: no providers, no row
            dependents = self.sector_dependents[code] if code >= 0 else np.zeros(count, dtype=np.int64)
        return [
            self._row(k, int(providers[k]), float(concentration[k]) if total[k] > 0 else None, int(dependents[k]))
            for k in np.flatnonzero(providers)[offset : offset + limit].tolist()
        ]

    def _row(self, number: int, providers: int, concentration: float | None, dependents: int) -> Landscaped:
        k = self.capabilities[number]
        flag = FLAGS.get(k.evolution or "") if providers == 1 else None
        return Landscaped(k.id, k.name, k.category, k.evolution, providers, concentration, dependents, flag)


def _build(steps: Steps) -> CapabilityIndex:
    """The index of the graph ``steps`` reads, over the positions of its supply index: the
    holdings read by ranges of handles where they are integers (FalkorDB), else by slices
    of companies in id order (Neo4j)."""
    supply = SUPPLY.get(steps)
    assert supply is not None  # both are held for the same graph versions
    bound = len(supply.out_offsets) - 1
    capabilities = sorted(steps.run(CAPABILITIES), key=lambda k: (STAGES.get(k.evolution or "", len(STAGES)), k.id))
    number = {k.node: i for i, k in enumerate(capabilities)}
    if isinstance(supply.nodes, HandleTable):
        by_position = supply.nodes.by_position
        calls: list[dict[str, Any]] = [
            {"nodes": by_position[lo : lo + NODE_SLICE]} for lo in range(0, bound, NODE_SLICE)
        ]
        read = steps.run_each(HOLDINGS_FROM, calls)
    else:
        read = steps.run_each(HOLDINGS_SLICE, [{"lo": lo, "hi": lo + SLICE} for lo in range(0, bound, SLICE)])
    rows = [row for part in read for row in part]
    holder = supply.nodes.positions([row.company for row in rows])
    revenue = np.zeros(bound, dtype=np.float64)
    revenue[holder] = np.fromiter((row.revenue for row in rows), np.float64, len(rows))
    count = len(capabilities)
    held = distinct(holder * count + np.fromiter((number[row.capability] for row in rows), np.int64, len(rows)))
    holder, capability = held // count, held % count  # each (company, capability) once, by company
    edges = np.flatnonzero(supply.category != CODES["money"])
    supplied = distinct(supply.source[edges] * bound + supply.target[edges])  # each (supplier, receiver) once
    customers = Customers(supplied % bound, offsets(supplied // bound, bound))
    # Each sector's dependents, held: counting them at the question took 45 ms for raw_materials at 100k companies.
    sectors = len(supply.companies.sectors)
    sector = supply.companies.sector[holder]
    in_one = sector >= 0
    by_sector = customers.counted(sector[in_one] * count + capability[in_one], holder[in_one], sectors * count)
    return CapabilityIndex(
        companies=supply.companies,
        capabilities=capabilities,
        holder=holder,
        capability=capability,
        holding_offsets=offsets(holder, bound),
        revenue=revenue,
        customers=customers,
        sector_dependents=by_sector.reshape(sectors, count),
        dependents=customers.counted(capability, holder, count),
    )


#: One index per graph version, on both engines; none on an external FalkorDB (no version:
#: valuenet does not see its writes), where the Cypher text answers.
CAPABILITY_INDEX = PerGraph("capability index", _build, graph_version)
