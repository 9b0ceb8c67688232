"""search_companies: the page's companies chosen by the name index, their rows read by id."""

from __future__ import annotations

from dataclasses import dataclass

from service.analytics.name_index import name_index
from service.analytics.rows import SEARCH_ROWS
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["search_companies"]


@dataclass(frozen=True)
class SearchCompaniesParams:
    """The parameters of cypher/search_companies.cypher."""

    q: str
    sector: str | None
    country: str | None
    limit: int
    offset: int


def search_companies(steps: Steps, params: SearchCompaniesParams, columns: list[str]) -> Result:
    """Companies whose name contains ``q``, of ``sector`` and ``country`` where given, by name
    then id: ``limit`` of them after ``offset``."""
    index = name_index(steps)
    ranks = index.matches(params.q, params.sector, params.country, params.offset + params.limit)
    ids = index.ids_of(ranks[params.offset :])
    rows = {row.id: row for row in steps.run(SEARCH_ROWS, ids=ids)} if ids else {}
    return Result(columns, [list(rows[i]) for i in ids])
