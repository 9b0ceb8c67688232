"""Breadth-first tiers over a step, at a cost linear in what is reached.

Each tier is one step call over the previous tier's new nodes, and a node is expanded
once, at its lowest tier. Nothing enumerates paths, so the answer does not depend on how
an engine treats variable-length patterns (FalkorDB collapses duplicate paths; Neo4j
does not) and the cost grows with the nodes reached, not with the paths between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, TypeVar

from service.analytics.rows import Id
from service.queries.rows import Handle, Step
from service.queries.steps import Steps

__all__ = ["breadth_first", "tiers"]

#: What a tier holds: company ids, or node handles (ints on FalkorDB, strings on Neo4j).
Node = TypeVar("Node", bound=Handle)


def tiers(
    steps: Steps, step: Step[Id], seeds: Iterable[str], max_tier: int, enough: int | None = None, **params: Any
) -> dict[str, int]:
    """Every node within ``max_tier`` steps of ``seeds`` (tier 0), at its lowest tier.

    ``step`` takes ``$ids`` and returns the neighbours of those nodes;
    ``enough`` is as for ``breadth_first``.

    >>> tiers(steps, CUSTOMERS_OF, ["mine"], 2, categories=["product"])  # doctest: +SKIP
    {'mine': 0, 'steelco': 1, 'acme': 2}
    """
    return breadth_first(
        seeds, max_tier, lambda frontier: map(attrgetter("id"), steps.rows(step, frontier, **params)), enough
    )


def breadth_first(
    seeds: Iterable[Node], max_tier: int, expand: Callable[[list[Node]], Iterable[Node]], enough: int | None = None
) -> dict[Node, int]:
    """Every node within ``max_tier`` expansions of ``seeds`` (tier 0), at its lowest tier.

    ``expand`` gets each tier's new nodes (sorted) and yields their neighbours; the
    returned dict holds the tiers in order, tier 0 first. With ``enough``, stop after the
    first complete tier that brings the count of non-seed nodes to at least ``enough``
    (a page ordered by tier needs no more).
    """
    tier = dict.fromkeys(seeds, 0)
    seeded = len(tier)
    frontier = sorted(tier)
    for level in range(1, max_tier + 1):
        if not frontier or (enough is not None and len(tier) - seeded >= enough):
            break
        found = set(expand(frontier)).difference(tier)
        tier.update(dict.fromkeys(found, level))
        frontier = sorted(found) if level < max_tier else []  # the last tier is not expanded
    return tier
