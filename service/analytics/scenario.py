"""Merger scenarios: one summary row per merger, or per candidate target, from the detail
procedures (overlap, markets, dependencies) and a downstream tier count. Read-only."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import mean
from typing import Any, NamedTuple

from service.analytics.concentration import markets_under
from service.analytics.merger import DIMENSIONS, dependencies, holdings, jaccard, parties_of
from service.analytics.supply import Supply, supply_for
from service.analytics.traversal import breadth_first
from service.engines.base import Result
from service.ingest.schema import INPUTS
from service.queries.steps import Filters, Steps, flow

__all__ = ["merger_scenario"]

#: rank_by: the field of ``Scenario``, and whether larger is better.
RANKS = {
    "overlap": ("overlap", True),
    "delta_hhi": ("max_delta_hhi", False),
    "flagged_markets": ("flagged_markets", False),
}


class Scenario(NamedTuple):
    """A merger's summary: a row of ``merger_scenario`` but its rank (see its header's columns)."""

    targets: list[str]
    overlap: float | None
    jaccard_customers: float | None
    jaccard_suppliers: float | None
    jaccard_capabilities: float | None
    jaccard_markets: float | None
    markets: int
    flagged_markets: int
    max_delta_hhi: float
    divest: float | None
    in_house_value: float
    choice_lost: int
    already_sole: int
    customers: int
    suppliers: int
    capabilities: int
    reach: int


@dataclass(frozen=True)
class MergerScenarioParams:
    """The parameters of cypher/merger_scenario.cypher."""

    acquirer: str
    targets: list[str]
    compare: bool
    rank_by: str
    reach_tiers: int
    as_of: str | None


def merger_scenario(steps: Steps, params: MergerScenarioParams, columns: list[str]) -> Result:
    """See cypher/merger_scenario.cypher."""
    targets = parties_of(params.acquirer, params.targets)[1:]
    scenarios = [[t] for t in targets] if params.compare else [targets]
    supply = supply_for(steps)
    rows = [_summary(supply, params, chosen) for chosen in scenarios]
    if params.compare:
        field, larger = RANKS[params.rank_by]
        rows.sort(key=lambda row: (_order(getattr(row, field), larger), row.targets))
    return Result(columns, [[rank, *row] for rank, row in enumerate(rows, start=1)])


def _order(value: float | None, larger: bool) -> float:
    if value is None:
        return math.inf
    return -value if larger else value


def _summary(supply: Supply, params: MergerScenarioParams, targets: list[str]) -> Scenario:
    steps = supply.steps
    acquirer, as_of = params.acquirer, params.as_of
    parties = [acquirer, *targets]
    index: dict[str, float | None] = dict.fromkeys(DIMENSIONS)
    held: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for a in targets:  # pairwise with the acquirer; with one target this is the pair itself
        for dimension, (of_acquirer, of_target) in holdings(steps, acquirer, a, as_of)[0].items():
            index[dimension] = jaccard(of_acquirer, of_target) if len(targets) == 1 else None
            held[dimension].update(of_acquirer, of_target)
    markets = markets_under(steps, parties, None, None)
    flagged = [m for m in markets if m.presumed]
    divests = [m.divest for m in flagged]
    filters = flow(list(INPUTS), as_of)
    handles = supply.handles(parties)
    reach = _reach(supply, list(handles.values()), params.reach_tiers, filters)
    sourced = dependencies(supply, handles, [c for c, tier in reach.items() if tier == 1], filters)
    known = [j for j in index.values() if j is not None]
    return Scenario(
        targets=targets,
        overlap=mean(known) if known else None,
        jaccard_customers=index["customers"],
        jaccard_suppliers=index["suppliers"],
        jaccard_capabilities=index["capabilities"],
        jaccard_markets=index["markets"],
        markets=len(markets),
        flagged_markets=len(flagged),
        max_delta_hhi=max((m.delta_hhi for m in markets), default=0.0),
        divest=None if None in divests else sum(d for d in divests if d is not None),
        in_house_value=sum(d.value for d in sourced if d.kind == "in_house"),
        choice_lost=sum(d.kind == "choice_lost" for d in sourced),
        already_sole=sum(d.kind == "already_sole" for d in sourced),
        customers=len(held["customers"] - set(parties)),
        suppliers=len(held["suppliers"] - set(parties)),
        capabilities=len(held["capabilities"]),
        reach=sum(1 for tier in reach.values() if tier > 0),
    )


def _reach(supply: Supply, parties: list[Any], max_tier: int, filters: Filters) -> dict[Any, int]:
    """The merged firm's customers (tier 1), theirs, and so on, as node handles by tier;
    the parties (handles) are its tier 0. Handles: two hubs reach a quarter of a million companies."""
    return breadth_first(parties, max_tier, lambda frontier: supply.customers_of(frontier, filters))
