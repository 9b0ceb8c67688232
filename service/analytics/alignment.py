"""Alignment opportunities: unconnected companies that share customers or markets with a
company and bring capabilities it lacks. Read-only."""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

from service.analytics.rows import CAPABILITIES_OF, CAPABILITY_HANDLES, MARKET_RIVALS
from service.analytics.supply import Supply, supply_for
from service.engines.base import Result
from service.ingest.schema import CATEGORIES, INPUTS
from service.queries.rows import Handle
from service.queries.steps import Steps, flow

__all__ = ["alignment_opportunities"]

SUPPLY = flow(list(INPUTS), None)  # "customers": what is not money
ANY = flow(list(CATEGORIES), None)  # "connected": anything, either way


@dataclass(frozen=True)
class AlignmentOpportunitiesParams:
    """The parameters of cypher/alignment_opportunities.cypher."""

    company: str
    limit: int
    offset: int


def alignment_opportunities(steps: Steps, params: AlignmentOpportunitiesParams, columns: list[str]) -> Result:
    """See cypher/alignment_opportunities.cypher.

    A hub has thousands of candidates and a score is at most the candidate's shared count.
    So the candidates that share the most are scored first: a page's worth, then twice as
    many as so far while fewer than a page's worth bring something (a hub's first often
    bring nothing: then all its 4,000 candidates were read), and once the page's last score
    among them is a bound, those left that share at least that much; the others cannot
    reach the page and are never read."""
    supply = supply_for(steps)
    me = supply.handles([params.company])[params.company]
    shared = _shared(supply, me)
    want = params.offset + params.limit
    order = sorted((-sum(counts), x) for x, counts in shared.items())
    ranked, minus = [x for _, x in order], [minus for minus, _ in order]  # -minus[i]: what ranked[i] shares
    held = _capabilities(steps, [me, *ranked[:want]])  # mine, and the first to score, in one call
    mine = held[me]
    scores: dict[Handle, float] = {}
    done = 0
    while done < len(ranked) and -minus[done] >= (bound := _bound(scores, want)):
        end = done + max(want, done) if bound == -math.inf else bisect.bisect_right(minus, -bound)
        batch = ranked[done:end]
        if done:
            held.update(_capabilities(steps, batch))
        scores.update((x, score) for x in batch if (score := _score(shared[x], held[x], mine)) is not None)
        done = end
    # Ids only where they order the page: the candidates tied with or above its last score.
    last = _bound(scores, want)
    ids = supply.ids([x for x in scores if scores[x] >= last])
    page = sorted(ids, key=lambda x: (-scores[x], ids[x]))[params.offset : want]
    about = steps.companies([ids[x] for x in page])
    brought: defaultdict[Handle, list[tuple[str, str, str]]] = defaultdict(list)
    for row in steps.rows(CAPABILITIES_OF, page):
        if row.capability not in mine:
            brought[row.company].append((row.name, row.id, row.stage or ""))
    rows = []
    for x in page:
        extra = len(held[x] - mine)
        complementary = sorted(brought[x])
        names, stages = [name for name, _, _ in complementary], [stage for _, _, stage in complementary]
        company = about[ids[x]]
        customers, markets = shared[x]
        rows.append(
            [
                ids[x],
                company.name,
                company.sector,
                customers,
                markets,
                extra,
                len(held[x]) - extra,
                names,
                scores[x],
                stages,
            ]
        )
    return Result(columns, rows)


def _shared(supply: Supply, me: Handle) -> dict[Handle, tuple[int, int]]:
    """(shared customers, shared markets) of every company sharing either with ``me`` and
    exchanging nothing with it."""
    by_customers = supply.co_suppliers(me, SUPPLY)
    by_markets = {row.rival: row.markets for row in supply.steps.rows(MARKET_RIVALS, [me])}
    linked = {x for _, x in supply.partners_either([me], ANY)}
    return {
        x: (by_customers.get(x, 0), by_markets.get(x, 0))
        for x in by_customers.keys() | by_markets.keys()
        if x not in linked
    }


def _bound(scores: dict[Handle, float], want: int) -> float:
    """The ``want``-th best of ``scores``: no candidate below it is on the page (-inf while
    fewer are scored)."""
    best = heapq.nlargest(want, scores.values())
    return best[-1] if len(best) == want else -math.inf


def _capabilities(steps: Steps, nodes: list[Handle]) -> defaultdict[Handle, set[Handle]]:
    """The capabilities (handles) of each of ``nodes``."""
    held: defaultdict[Handle, set[Handle]] = defaultdict(set)
    for row in steps.rows(CAPABILITY_HANDLES, nodes):
        held[row.company].add(row.capability)
    return held


def _score(shared: tuple[int, int], held: set[Handle], mine: set[Handle]) -> float | None:
    """The shared ground weighted by the share of the candidate's capabilities that ``mine``
    lacks (the module's operations, in its order); None when it brings none."""
    complementary = len(held - mine)
    if not complementary:
        return None
    return sum(shared) * float(complementary) / len(held)
