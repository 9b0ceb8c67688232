"""Single points of failure: sole suppliers found in one scan, ranked by receivers, then reach.

Reach (two tiers downstream) is costly, so it is computed only for the suppliers that can
be on the page: those with at least as many sole-sourced receivers as the page's last.
"""

from __future__ import annotations

from typing import Any

from service.analytics.steps import Steps, page
from service.engines.base import Result
from service.errors import QueryFailed

__all__ = ["single_points_of_failure"]

#: Most suppliers tied with a page's last that are ranked by reach.
MAX_TIED = 100_000


def single_points_of_failure(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/single_points_of_failure.cypher."""
    flow = {"categories": params["categories"], "as_of": params["as_of"]}
    scope = {"sector": params["sector"], "ecosystem": params["ecosystem"], **flow}
    end = params["offset"] + params["limit"]
    candidates = steps.run("sole_suppliers", min_receivers=params["min_receivers"], limit=end, **scope).rows
    if len(candidates) == end:  # those tied with the page's last may outrank it by reach
        limit = MAX_TIED
        candidates = steps.run("sole_suppliers", min_receivers=candidates[-1][3], limit=limit, **scope).rows
        if len(candidates) == limit:
            raise QueryFailed(f"more than {limit} sole suppliers tie for the page; raise min_receivers")
    reach = {row[0]: row[1:] for row in steps.rows("reach", [row[0] for row in candidates], **flow)}
    ranked = sorted(([*row, *reach[row[0]]] for row in candidates), key=lambda r: (-r[3], -r[7], r[0]))
    return Result(columns, page(ranked, params))
