"""Alignment opportunities: unconnected companies that share customers or markets with a
company and bring capabilities it lacks. Read-only."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import takewhile
from typing import Any

from service.analytics.supply import Supply, supply_for
from service.engines.base import Result
from service.ingest.schema import CATEGORIES, INPUTS
from service.queries.steps import Steps, flow

__all__ = ["alignment_opportunities"]

SUPPLY = flow({"categories": list(INPUTS), "as_of": None})  # "customers": what is not money
ANY = flow({"categories": list(CATEGORIES), "as_of": None})  # "connected": anything, either way


def alignment_opportunities(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/alignment_opportunities.cypher.

    A hub has tens of thousands of candidates and a score is at most the candidate's shared
    count. So the page's worth of candidates that share the most are scored first: the
    page's last score among them is a bound no candidate sharing less can reach, and only
    those sharing at least that much are scored too."""
    me = steps.handles([params["company"]])[params["company"]]
    shared = _shared(supply_for(steps), me)
    mine = _capabilities(steps, [me])[me]
    want = params["offset"] + params["limit"]
    ranked = sorted(shared, key=lambda x: -sum(shared[x]))
    held = _capabilities(steps, ranked[:want])
    first = sorted((s for x in ranked[:want] if (s := _score(shared[x], held[x], mine)) is not None), reverse=True)
    bound = first[want - 1] if len(first) >= want else 0.0
    scored = list(takewhile(lambda x: sum(shared[x]) >= bound, ranked))
    held.update(_capabilities(steps, scored[want:]))
    scores = {x: score for x in scored if (score := _score(shared[x], held[x], mine)) is not None}
    # Ids only where they order the page: the candidates tied with or above its last score.
    last = sorted(scores.values(), reverse=True)[want - 1] if len(scores) >= want else -math.inf
    ids = steps.ids([x for x in scores if scores[x] >= last])
    page = sorted(ids, key=lambda x: (-scores[x], ids[x]))[params["offset"] : want]
    about = steps.companies([ids[x] for x in page])
    brought: defaultdict[Any, list[tuple[str, str, str]]] = defaultdict(list)
    for x, capability, capability_id, name, stage in steps.rows("capabilities_of", page):
        if capability not in mine:
            brought[x].append((name, capability_id, stage or ""))
    rows = []
    for x in page:
        extra = len(held[x] - mine)
        complementary = sorted(brought[x])
        names, stages = [name for name, _, _ in complementary], [stage for _, _, stage in complementary]
        rows.append([ids[x], *about[ids[x]][:2], *shared[x], extra, len(held[x]) - extra, names, scores[x], stages])
    return Result(columns, rows)


def _shared(supply: Supply, me: Any) -> dict[Any, tuple[int, int]]:
    """(shared customers, shared markets) of every company sharing either with ``me`` and
    exchanging nothing with it."""
    customers = set(supply.customers_of([me], SUPPLY))
    pairs = {(r, x) for r, x in supply.partners_in(sorted(customers), SUPPLY) if x != me}
    by_customers = Counter(x for _, x in pairs)
    by_markets = {x: markets for _, x, markets in supply.steps.rows("market_rivals", [me])}
    linked = {x for _, x in supply.partners_either([me], ANY)}
    return {
        x: (by_customers.get(x, 0), by_markets.get(x, 0))
        for x in by_customers.keys() | by_markets.keys()
        if x not in linked
    }


def _capabilities(steps: Steps, nodes: list[Any]) -> defaultdict[Any, set[Any]]:
    """The capabilities (handles) of each of ``nodes``."""
    held: defaultdict[Any, set[Any]] = defaultdict(set)
    for node, capability in steps.rows("capability_handles", nodes):
        held[node].add(capability)
    return held


def _score(shared: tuple[int, int], held: set[Any], mine: set[Any]) -> float | None:
    """The shared ground weighted by the share of the candidate's capabilities that ``mine``
    lacks (the module's operations, in its order); None when it brings none."""
    complementary = len(held - mine)
    if not complementary:
        return None
    return sum(shared) * float(complementary) / len(held)
