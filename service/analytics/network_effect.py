"""A merger as adding a network: the acquirer before, the parties as one company after.

Both states are the company graph in memory (``company_graph``): before as it is, after
with the parties contracted into the acquirer's position. Every figure is computed by the
same function on each, so before and after, and the two engines, compare exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from service.analytics.company_graph import CompanyGraph, Links, company_graph, pagerank
from service.analytics.merger import parties_of
from service.analytics.supply import supply_for
from service.analytics.traversal import breadth_first
from service.engines.base import Result
from service.ingest.schema import CATEGORIES
from service.queries.steps import Steps, flow

__all__ = ["merger_network_effect"]

#: Values or PageRank scores within this share of each other tie for a rank (sums taken in
#: another order differ in their last bits).
TIE = 1e-9

Mask = npt.NDArray[np.bool_]
#: (receiver, category code, supplier) of each receiver's category one supplier alone delivers.
Groups = tuple[npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.int64]]


@dataclass(frozen=True)
class MergerNetworkEffectParams:
    """The parameters of cypher/merger_network_effect.cypher."""

    acquirer: str
    targets: list[str]
    tiers: int
    min_receivers: int
    categories: list[str]
    as_of: str | None


def merger_network_effect(steps: Steps, params: MergerNetworkEffectParams, columns: list[str]) -> Result:
    """See cypher/merger_network_effect.cypher."""
    graph = company_graph(supply_for(steps), flow(params.categories, params.as_of))
    parties = graph.position(parties_of(params.acquirer, params.targets))
    acquirer, targets = parties[0], parties[1:]
    n = len(graph.ids)
    alive = np.ones(n, dtype=np.bool_)
    merged = alive.copy()
    merged[targets] = False
    before, after = graph.links, graph.contracted(acquirer, parties)
    rows = [_row("companies", None, n, n - len(targets))]
    figures = [_figures(before, alive, acquirer, params.tiers), _figures(after, merged, acquirer, params.tiers)]
    rows += [_row(name, None, figures[0][name], figures[1][name]) for name in figures[0]]
    sole = [_sole_groups(before), _sole_groups(after)]
    rows += _sole_sourced(graph, sole, parties, params.categories)
    spofs = [_single_points_of_failure(groups, n, params.min_receivers) for groups in sole]
    created, removed = _ids(graph, spofs[1] - spofs[0]), _ids(graph, spofs[0] - spofs[1])
    rows.append(_row("single_points_of_failure", None, len(spofs[0]), len(spofs[1]), created, removed))
    return Result(columns, [list(row) for row in rows])


class Figure(NamedTuple):
    """A row of the answer."""

    figure: str
    category: str | None
    before: float
    after: float
    change: float
    gained: list[str] | None
    lost: list[str] | None


def _row(
    figure: str,
    category: str | None,
    before: float,
    after: float,
    gained: list[str] | None = None,
    lost: list[str] | None = None,
) -> Figure:
    return Figure(figure, category, before, after, after - before, gained, lost)


def _figures(links: Links, alive: Mask, node: int, tiers: int) -> dict[str, float]:
    """The entity's figures in one state of the network (see the module's header)."""
    out = links.source == node
    into = links.target == node
    value = np.bincount(links.source, links.value, len(alive)) + np.bincount(links.target, links.value, len(alive))
    scores = pagerank(links, alive)
    return {
        "reach_downstream": _reach(node, tiers, links.successors),
        "reach_upstream": _reach(node, tiers, links.predecessors),
        "customers": int(links.out_offsets[node + 1] - links.out_offsets[node]),
        "suppliers": int(links.in_offsets[node + 1] - links.in_offsets[node]),
        "value_out": float(links.value[out].sum()),
        "value_in": float(links.value[into].sum()),
        "value_rank": 1 + int((alive & (value > value[node] * (1 + TIE))).sum()),
        "pagerank": float(scores[node]),
        "pagerank_rank": 1 + int((alive & (scores > scores[node] * (1 + TIE))).sum()),
    }


def _reach(node: int, tiers: int, expand: Callable[[list[int]], npt.NDArray[np.int64]]) -> int:
    """Companies within ``tiers`` expansions of ``node``, itself left out."""
    return len(breadth_first([node], tiers, lambda frontier: expand(frontier).tolist())) - 1


def _sole_sourced(graph: CompanyGraph, sole: list[Groups], parties: list[int], categories: list[str]) -> list[Figure]:
    """Per category (where not 0 either side), then over all: the companies, parties left
    out, that get it from one party alone before and from the combined entity after
    (``sole``: the sole groups before and after)."""
    outside = np.ones(len(graph.ids), dtype=np.bool_)
    outside[parties] = False
    states = []
    for (receiver, category, supplier), suppliers in zip(sole, (parties, parties[:1]), strict=True):
        keep = np.isin(supplier, suppliers) & outside[receiver]
        states.append((receiver[keep], category[keep]))
    rows = []
    for name in (c for c in CATEGORIES if c in categories):
        had, has = (set(receiver[category == CATEGORIES.index(name)].tolist()) for receiver, category in states)
        if had or has:
            rows.append(_row("sole_sourced", name, len(had), len(has), _ids(graph, has - had), _ids(graph, had - has)))
    before, after = sum(r.before for r in rows), sum(r.after for r in rows)
    gained = sorted({c for r in rows for c in r.gained or ()})
    lost = sorted({c for r in rows for c in r.lost or ()})
    return [*rows, _row("sole_sourced", None, before, after, gained, lost)]


def _sole_groups(links: Links) -> Groups:
    """(receiver, category, supplier) of every receiver's category that one supplier alone delivers."""
    key = links.target * len(CATEGORIES) + links.category
    order = np.argsort(key, kind="stable")
    key, source = key[order], links.source[order]
    if not len(key):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int8), np.empty(0, dtype=np.int64)
    firsts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    alone = np.minimum.reduceat(source, firsts) == np.maximum.reduceat(source, firsts)
    groups = firsts[alone]
    return key[groups] // len(CATEGORIES), (key[groups] % len(CATEGORIES)).astype(np.int8), source[groups]


def _single_points_of_failure(sole: Groups, n: int, min_receivers: int) -> set[int]:
    """Suppliers that alone supply a category to at least ``min_receivers`` companies, of
    the ``n`` companies (``sole``: the groups of ``_sole_groups``)."""
    receiver, _category, supplier = sole
    pairs = np.unique(supplier * n + receiver)
    receivers = np.bincount(pairs // n, minlength=n)
    return set(np.flatnonzero(receivers >= min_receivers).tolist())


def _ids(graph: CompanyGraph, positions: set[int]) -> list[str]:
    """The ids of the companies at ``positions``, sorted (positions are in id order)."""
    return [graph.ids[i] for i in sorted(positions)]
