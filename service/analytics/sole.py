"""Single points of failure: sole suppliers found in one scan, ranked by receivers, then reach.

The sole suppliers come from one scan of the deliverables. Reach (two tiers downstream)
is costly, so it is computed only for the suppliers that can be on the page: those with
at least as many sole-sourced receivers as the page's last.
"""

from __future__ import annotations

from typing import Any

from service.engines.base import Result
from service.errors import QueryFailed
from service.queries.steps import Steps, page

__all__ = ["single_points_of_failure"]

#: Most sole suppliers read (most receivers first) to find the page and those tied with it.
MAX_CANDIDATES = 100_000


def single_points_of_failure(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/single_points_of_failure.cypher."""
    flow = {"categories": params["categories"], "as_of": params["as_of"]}
    scope = {"sector": params["sector"], "ecosystem": params["ecosystem"], **flow}
    end = params["offset"] + params["limit"]
    candidates = steps.run(
        "sole_suppliers", min_receivers=params["min_receivers"], limit=MAX_CANDIDATES, **scope
    ).rows  # one scan: the whole network's deliverables are read once
    if len(candidates) > end:  # those tied with the page's last may outrank it by reach
        floor = candidates[end - 1][3]
        if len(candidates) == MAX_CANDIDATES and candidates[-1][3] == floor:
            raise QueryFailed(f"more than {MAX_CANDIDATES} sole suppliers tie for the page; raise min_receivers")
        candidates = [row for row in candidates if row[3] >= floor]
    reach = {row[0]: row[1:] for row in steps.rows("reach", [row[0] for row in candidates], **flow)}
    rows = ([*row[:4], sorted(row[4]), row[5], *reach[row[0]]] for row in candidates)  # categories sorted
    ranked = sorted(rows, key=lambda r: (-r[3], -r[7], r[0]))
    return Result(columns, page(ranked, params))
