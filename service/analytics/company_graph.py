"""The whole company graph in memory, as arrays over companies in id order, for questions
that compare the network with a variant of it that is never written: a merger's parties
contracted into one node (``merger_network_effect``).

The deliverables come from the question's ``Supply`` (the supply index, or
``cypher/steps/company_links.cypher`` where there is none); either way they are put in one order
(supplier, receiver, category, value, by company position), so what is computed from
them is the same, to the last bit, on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.analytics.rows import ALL_COMPANIES
from service.analytics.supply import Supply
from service.analytics.supply_index import Ints, offsets, ranges
from service.queries.steps import Filters

__all__ = ["CompanyGraph", "Links", "company_graph", "pagerank"]

Floats = npt.NDArray[np.float64]
#: PageRank: the damping factor, and the total change of scores at which iteration stops.
DAMPING = 0.85
TOLERANCE = 1e-10
MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Links:
    """Deliverables between distinct companies (positions in ``CompanyGraph.ids``), by
    supplier, then receiver; with adjacency of the distinct pairs both ways (CSR)."""

    source: Ints
    target: Ints
    category: npt.NDArray[np.int8]
    value: Floats
    out_offsets: Ints  # receivers of company i: out_targets[out_offsets[i]:out_offsets[i + 1]]
    out_targets: Ints
    in_offsets: Ints
    in_sources: Ints

    @classmethod
    def of(cls, n: int, source: Ints, target: Ints, category: npt.NDArray[np.int8], value: Floats) -> Links:
        """The deliverables given, a company's to itself left out, in their one order."""
        keep = source != target
        source, target, category, value = source[keep], target[keep], category[keep], value[keep]
        pair = source * n + target
        order = np.lexsort((value, category, pair))
        source, target, category, value, pair = source[order], target[order], category[order], value[order], pair[order]
        pairs = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair  # sorted: each pair once
        out_s, out_t = pairs // n, pairs % n
        by_target = np.argsort(out_t * n + out_s)
        in_s, in_t = out_s[by_target], out_t[by_target]
        return cls(source, target, category, value, offsets(out_s, n), out_t, offsets(in_t, n), in_s)

    def successors(self, nodes: Sequence[int]) -> Ints:
        """The companies the ``nodes`` deliver to, one per pair."""
        return self.out_targets[ranges(self.out_offsets, nodes)]

    def predecessors(self, nodes: Sequence[int]) -> Ints:
        """The companies delivering to the ``nodes``, one per pair."""
        return self.in_sources[ranges(self.in_offsets, nodes)]


@dataclass(frozen=True)
class CompanyGraph:
    """Every company (``ids``, sorted) and the deliverables between them."""

    ids: list[str]
    links: Links

    def position(self, ids: Sequence[str]) -> list[int]:
        """The position of each company of ``ids``."""
        at = {cid: i for i, cid in enumerate(self.ids)}
        return [at[cid] for cid in ids]

    def contracted(self, into: int, parties: Sequence[int]) -> Links:
        """The deliverables once the ``parties`` are one company, at position ``into``: those
        between parties are gone; the others keep their ends, a party's being ``into``."""
        merge = np.arange(len(self.ids), dtype=np.int64)
        merge[np.asarray(parties, dtype=np.int64)] = into
        links = self.links
        return Links.of(len(self.ids), merge[links.source], merge[links.target], links.category, links.value)


def company_graph(supply: Supply, filters: Filters) -> CompanyGraph:
    """Every company, and the deliverables between companies that pass ``filters``
    (categories, as_of; ``flow``'s dict)."""
    companies = sorted(supply.steps.run(ALL_COMPANIES), key=lambda row: row.id)  # Python's order on each engine
    ids = [row.id for row in companies]
    found = supply.deliverables(ids, [row.node for row in companies], filters)
    return CompanyGraph(ids, Links.of(len(ids), *found))


def pagerank(links: Links, alive: npt.NDArray[np.bool_]) -> Floats:
    """PageRank of the ``alive`` companies over the distinct pairs of ``links`` (between
    alive companies only), by power iteration: damping 0.85, a company without links shares
    its score with all, until the scores move less than TOLERANCE in all. Scores sum to 1;
    those of companies not alive are 0."""
    n = int(alive.sum())
    scores = np.zeros(len(alive))
    if not n:
        return scores
    sources = np.repeat(np.arange(len(alive), dtype=np.int64), np.diff(links.out_offsets))
    targets = links.out_targets
    degree = np.diff(links.out_offsets).astype(np.float64)
    sinks = alive & (degree == 0)
    x = np.where(alive, 1.0 / n, 0.0)
    for _ in range(MAX_ROUNDS):
        share = np.divide(x, degree, out=np.zeros_like(x), where=degree > 0)
        spread = (DAMPING * x[sinks].sum() + 1.0 - DAMPING) / n
        new = DAMPING * np.bincount(targets, weights=share[sources], minlength=len(alive)) + np.where(alive, spread, 0)
        moved = np.abs(new - x).sum()
        x = new
        if moved < TOLERANCE:
            break
    return x
