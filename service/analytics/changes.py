"""What changed between two days: network_changes and network_change_figures (see their
headers), answered by the question's supply (``supply_for``): from the supply index where
it is held, else by their steps (``service.analytics.change_arrays``)."""

from __future__ import annotations

from dataclasses import dataclass

from service.analytics.supply import Period, supply_for
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["NetworkChangeFiguresParams", "NetworkChangesParams", "network_change_figures", "network_changes"]


@dataclass(frozen=True)
class NetworkChangesParams:
    """The parameters of cypher/network_changes.cypher."""

    from_: str
    to: str
    sector: str | None
    ecosystem: str | None
    limit: int
    offset: int


@dataclass(frozen=True)
class NetworkChangeFiguresParams:
    """The parameters of cypher/network_change_figures.cypher."""

    from_: str
    to: str
    sector: str | None
    ecosystem: str | None
    top: int


def network_changes(steps: Steps, params: NetworkChangesParams, columns: list[str]) -> Result:
    """See cypher/network_changes.cypher."""
    period = Period(params.from_, params.to, params.sector, params.ecosystem)
    rows = supply_for(steps).network_changes(period, params.offset, params.limit)
    return Result(columns, [list(row) for row in rows])


def network_change_figures(steps: Steps, params: NetworkChangeFiguresParams, columns: list[str]) -> Result:
    """See cypher/network_change_figures.cypher."""
    period = Period(params.from_, params.to, params.sector, params.ecosystem)
    rows = supply_for(steps).change_figures(period, params.top)
    return Result(columns, [[figure, key, before, after, after - before] for figure, key, before, after in rows])
