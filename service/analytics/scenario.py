"""Merger scenarios: one summary row per merger, or per candidate target, from the detail
procedures (overlap, markets, dependencies) and a downstream tier count. Read-only."""

from __future__ import annotations

import math
from statistics import mean
from typing import Any

from service.analytics.concentration import merger_markets
from service.analytics.merger import DIMENSIONS, dependencies, holdings, jaccard, parties_of
from service.analytics.supply import Filters, Supply, supply_for
from service.analytics.traversal import breadth_first
from service.engines.base import Result
from service.ingest.schema import INPUTS
from service.queries.steps import Steps, flow

__all__ = ["merger_scenario"]

ALL = {"limit": 10**9, "offset": 0}
#: rank_by: the column, and whether larger is better.
RANKS = {"overlap": (1, True), "delta_hhi": (8, False), "flagged_markets": (7, False)}


def merger_scenario(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_scenario.cypher."""
    targets = parties_of(params)[1:]
    scenarios = [[t] for t in targets] if params["compare"] else [targets]
    supply = supply_for(steps)
    rows = [_summary(supply, params, chosen) for chosen in scenarios]
    if params["compare"]:
        column, larger = RANKS[params["rank_by"]]
        rows.sort(key=lambda r: (_order(r[column], larger), r[0]))
    return Result(columns, [[rank, *row] for rank, row in enumerate(rows, start=1)])


def _order(value: float | None, larger: bool) -> float:
    if value is None:
        return math.inf
    return -value if larger else value


def _summary(supply: Supply, params: dict[str, Any], targets: list[str]) -> list[Any]:
    steps = supply.steps
    acquirer, as_of = params["acquirer"], params["as_of"]
    merged = {"acquirer": acquirer, "targets": targets, "as_of": as_of, "markets": None, "revenues": None, **ALL}
    parties = [acquirer, *targets]
    index: dict[str, float | None] = dict.fromkeys(DIMENSIONS)
    held: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for a in targets:  # pairwise with the acquirer; with one target this is the pair itself
        for dimension, (of_acquirer, of_target) in holdings(steps, acquirer, a, as_of)[0].items():
            index[dimension] = jaccard(of_acquirer, of_target) if len(targets) == 1 else None
            held[dimension].update(of_acquirer, of_target)
    markets = merger_markets(steps, merged, []).rows
    flagged = [m for m in markets if m[9]]
    divests = [m[10] for m in flagged]
    filters = flow({"categories": list(INPUTS), "as_of": as_of})
    handles = steps.handles(parties)
    reach = _reach(supply, list(handles.values()), params["reach_tiers"], filters)
    sourced = dependencies(supply, handles, [c for c, tier in reach.items() if tier == 1], filters)
    known = [j for j in index.values() if j is not None]
    return [
        targets,
        mean(known) if known else None,
        index["customers"],
        index["suppliers"],
        index["capabilities"],
        index["markets"],
        len(markets),
        len(flagged),
        max((m[8] for m in markets), default=0.0),
        None if None in divests else sum(divests),
        sum(d[4] for d in sourced if d[0] == "in_house"),
        sum(d[0] == "choice_lost" for d in sourced),
        sum(d[0] == "already_sole" for d in sourced),
        len(held["customers"] - set(parties)),
        len(held["suppliers"] - set(parties)),
        len(held["capabilities"]),
        sum(1 for tier in reach.values() if tier > 0),
    ]


def _reach(supply: Supply, parties: list[Any], max_tier: int, filters: Filters) -> dict[Any, int]:
    """The merged firm's customers (tier 1), theirs, and so on, as node handles by tier;
    the parties (handles) are its tier 0. Handles: two hubs reach a quarter of a million companies."""
    return breadth_first(parties, max_tier, lambda frontier: supply.customers_of(frontier, filters))
