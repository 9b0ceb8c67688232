"""Value network analysis of a scope: exchange_indicators and exchange_analysis (see their
headers), answered by the question's supply (``supply_for``): from the supply index's arrays
where it is held, else by their steps."""

from __future__ import annotations

from dataclasses import dataclass

from service.analytics.supply import Scope, supply_for
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["ExchangeAnalysisParams", "ExchangeIndicatorsParams", "exchange_analysis", "exchange_indicators"]


@dataclass(frozen=True)
class ExchangeIndicatorsParams:
    """The parameters of cypher/exchange_indicators.cypher."""

    sector: str | None
    ecosystem: str | None
    as_of: str | None


@dataclass(frozen=True)
class ExchangeAnalysisParams:
    """The parameters of cypher/exchange_analysis.cypher."""

    zoom: str
    sector: str | None
    ecosystem: str | None
    as_of: str | None
    limit: int
    offset: int


def exchange_indicators(steps: Steps, params: ExchangeIndicatorsParams, columns: list[str]) -> Result:
    """See cypher/exchange_indicators.cypher."""
    rows = supply_for(steps).exchange_indicators(Scope(params.sector, params.ecosystem, params.as_of))
    return Result(columns, [list(row) for row in rows])


def exchange_analysis(steps: Steps, params: ExchangeAnalysisParams, columns: list[str]) -> Result:
    """See cypher/exchange_analysis.cypher."""
    scope = Scope(params.sector, params.ecosystem, params.as_of)
    rows = supply_for(steps).exchange_analysis(scope, params.zoom, params.offset, params.limit)
    return Result(columns, [list(row) for row in rows])
