"""Single points of failure: sole suppliers found in one scan, ranked by receivers, then reach.

The sole suppliers come from one scan of the deliverables. Reach (two tiers downstream)
is costly, so it is computed only for the suppliers that can be on the page: those with
at least as many sole-sourced receivers as the page's last.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.analytics.rows import REACH, SOLE_SUPPLIERS
from service.engines.base import Result
from service.errors import QueryFailed
from service.queries.steps import Steps, page

__all__ = ["single_points_of_failure"]

#: Most sole suppliers read (most receivers first) to find the page and those tied with it.
MAX_CANDIDATES = 100_000


@dataclass(frozen=True)
class SinglePointsOfFailureParams:
    """The parameters of cypher/single_points_of_failure.cypher."""

    sector: str | None
    ecosystem: str | None
    min_receivers: int
    categories: list[str]
    as_of: str | None
    limit: int
    offset: int


def single_points_of_failure(steps: Steps, params: SinglePointsOfFailureParams, columns: list[str]) -> Result:
    """See cypher/single_points_of_failure.cypher."""
    flow = {"categories": params.categories, "as_of": params.as_of}
    scope = {"sector": params.sector, "ecosystem": params.ecosystem, **flow}
    end = params.offset + params.limit
    candidates = steps.run(
        SOLE_SUPPLIERS, min_receivers=params.min_receivers, limit=MAX_CANDIDATES, **scope
    )  # one scan: the whole network's deliverables are read once
    if len(candidates) > end:  # those tied with the page's last may outrank it by reach
        floor = candidates[end - 1].receivers
        if len(candidates) == MAX_CANDIDATES and candidates[-1].receivers == floor:
            raise QueryFailed(f"more than {MAX_CANDIDATES} sole suppliers tie for the page; raise min_receivers")
        candidates = [row for row in candidates if row.receivers >= floor]
    reach = {
        row.id: row
        for row in steps.rows(REACH, [row.id for row in candidates], categories=params.categories, as_of=params.as_of)
    }
    ranked = sorted(candidates, key=lambda row: (-row.receivers, -reach[row.id].reach, row.id))
    return Result(
        columns,
        [
            [*row._replace(categories=sorted(row.categories)), reach[row.id].customers, reach[row.id].reach]
            for row in page(ranked, params)
        ],
    )
