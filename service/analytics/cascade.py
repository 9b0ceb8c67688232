"""Failure cascades: companies fail; round by round, who loses an input and who fails in turn.

The definition is in cypher/failure_impact.cypher. The cascade runs on a worklist: each
round reads the customers of the companies that stopped delivering in the round before
(``customers_of``), and only those are examined again; a company's supply is read once,
when it is first reached (``supply_in``), and kept. So the cost grows with the companies
and deliverables the failure reaches, not with the paths to them, and the same steps run
on both engines. The cascade always runs to its end, whatever the page: whether a company
of the first round fails may be decided in the last.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from service.engines.base import Result
from service.queries.steps import Steps, flow

__all__ = ["Loss", "cascade", "failure_impact"]

Supply = dict[str, dict[str, float]]  # category -> supplier -> yearly value


@dataclass(frozen=True)
class Loss:
    """The suppliers of one category a company loses in one round."""

    round: int
    company: str
    category: str
    suppliers: list[str]
    value: float
    left: int


def failure_impact(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """Who loses an input, and who fails, when ``companies`` fail; see cypher/failure_impact.cypher."""
    losses, failed = cascade(steps, params)
    page = losses[params["offset"] : params["offset"] + params["limit"]]
    info = steps.companies(sorted({loss.company for loss in page}))
    return Result(
        columns,
        [
            [
                loss.round,
                loss.company,
                *info[loss.company][:2],
                loss.category,
                len(loss.suppliers),
                loss.value,
                loss.left,
                loss.left == 0,
                loss.company in failed,
                failed.get(loss.company),
                loss.suppliers,
            ]
            for loss in page
        ],
    )


def cascade(steps: Steps, params: dict[str, Any]) -> tuple[list[Loss], dict[str, int]]:
    """The losses, by round, company and category; and the round each company fails in
    (the companies named: round 0)."""
    filters = flow(params)
    mode = params["mode"]
    failed = dict.fromkeys(sorted(set(params["companies"])), 0)
    stopped = dict(failed)  # company -> the round it stopped delivering in
    supply: defaultdict[str, Supply] = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
    losses: list[Loss] = []
    frontier = list(failed)
    level = 0
    while frontier and not (mode == "direct" and level == 1):
        level += 1
        reached = sorted({row[0] for row in steps.rows("customers_of", frontier, **filters)}.difference(failed))
        for company, supplier, category, value in steps.rows(
            "supply_in", [c for c in reached if c not in supply], **filters
        ):
            supply[company][category][supplier] += value or 0.0
        frontier = []
        for company in reached:
            for category, suppliers in sorted(supply.get(company, {}).items()):
                lost = sorted(s for s in suppliers if stopped.get(s) == level - 1)
                if lost:
                    left = sum(s not in stopped for s in suppliers)
                    losses.append(Loss(level, company, category, lost, sum(suppliers[s] for s in lost), left))
                    if not left:
                        failed.setdefault(company, level)
            if company not in stopped and (company in failed or mode == "all"):
                frontier.append(company)
        stopped.update(dict.fromkeys(frontier, level))  # after the round: its losses see the rounds before only
    return losses, failed
