"""Dependency chains and failure impact: tiers of suppliers or customers, one step per tier."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from service.analytics.steps import Steps, flow
from service.analytics.traversal import breadth_first
from service.engines.base import Result

__all__ = ["dependency_chain", "failure_impact"]


def dependency_chain(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """Tiers up (suppliers) or down (customers) from one company; see cypher/dependency_chain.cypher.

    Each tier is expanded through the deliverables themselves, over node handles
    (``links_in`` up, ``links_out`` down): a company's links to the tier before come with
    its discovery, and its id with them, so the page is ordered without another read.
    Only a tier's links to companies not reached before are kept, summed per pair.
    """
    up = params["direction"] == "up"
    filters = flow(params, params["critical_only"])
    end = params["offset"] + params["limit"]
    start = params["company"]
    ids = {steps.handles([start])[start]: start}  # handle -> id, of every company reached and the start
    answer: dict[Any, list[Any]] = {}  # handle -> its row; the best link so far: the largest, then by near id

    def expand(frontier: list[Any]) -> Iterable[Any]:
        links: dict[tuple[Any, Any], float] = defaultdict(float)  # (far, near) -> value
        found: dict[Any, str] = {}
        for near, far, far_id, value in steps.rows("links_in" if up else "links_out", frontier, **filters):
            if far not in ids:
                links[far, near] += value or 0.0
                found[far] = far_id
        for (far, near), value in links.items():
            row = answer.get(far)
            if row is None:
                answer[far] = [None, found[far], None, None, None, ids[near], value]
            elif value > row[6] or (value == row[6] and ids[near] < row[5]):
                row[5], row[6] = ids[near], value
        ids.update(found)
        return found

    tier = breadth_first(list(ids), params["max_tier"], expand, enough=end)
    ordered: list[Any] = []  # handles by tier, then id, as far as the page goes
    for t, group in groupby(tier.items(), key=itemgetter(1)):  # the tiers come in order
        if t > 0 and len(ordered) < end:
            ordered += sorted((n for n, _ in group), key=ids.__getitem__)
    shown = ordered[params["offset"] : end]
    for node, name, sector, country in steps.rows("company_details", shown):
        row = answer[node]
        row[0], row[2], row[3], row[4] = tier[node], name, sector, country
    return Result(columns, [answer[n] for n in shown])


def failure_impact(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """Who loses an input when ``companies`` fail; see cypher/failure_impact.cypher."""
    filters = flow(params)
    end = params["offset"] + params["limit"]
    failed = sorted(set(params["companies"]))
    tier = dict.fromkeys(failed, 0)
    down = set(failed)  # companies that no longer deliver
    impacts: list[tuple[int, str, str, int, float, int]] = []
    frontier = failed
    for level in range(1, params["max_tier"] + 1):
        if not frontier or len(impacts) >= end:
            break
        reached = sorted({row[0] for row in steps.rows("customers_of", frontier, **filters)}.difference(tier))
        broken = set()
        done = 0
        # Each company reached loses something, so it adds at least one impact: in id order,
        # the page is full after at most as many companies as it lacks impacts.
        while done < len(reached) and len(impacts) < end:
            batch = reached[done : done + end - len(impacts)]
            done += len(batch)
            suppliers: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
            for company, supplier, category, value in steps.rows("supply_in", batch, **filters):
                suppliers[company, category][supplier] += value or 0.0
            for (company, category), by_supplier in sorted(suppliers.items()):
                lost = [s for s in by_supplier if s in down]
                if lost:
                    others = len(by_supplier) - len(lost)
                    impacts.append((level, company, category, len(lost), sum(by_supplier[s] for s in lost), others))
                    if not others:
                        broken.add(company)
        tier.update(dict.fromkeys(reached, level))
        frontier = reached if params["cascade"] == "all" else sorted(broken)
        down.update(frontier)
    page = impacts[params["offset"] : end]
    info = steps.companies(sorted({company for _, company, *_ in page}))
    return Result(
        columns,
        [
            [t, c, *info[c][:2], category, lost, value, others, others == 0]
            for t, c, category, lost, value, others in page
        ],
    )
