"""Key players: ranked in Cypher by degree or value, or by the engine's own PageRank, which
is computed once per graph version and held (``PAGERANK``): on Neo4j a request then makes
no GDS projection of its own."""

from __future__ import annotations

from dataclasses import dataclass

from service.analytics.per_graph import PerGraph, graph_version
from service.analytics.rows import DROP_PROJECTIONS, PAGERANK_SCORES, PLAYER_STATS, PLAYERS, SCOPE_MEMBERS
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["PAGERANK", "Ranked", "key_players"]

#: A sector and an ecosystem, either or both None.
Scope = dict[str, str | None]


@dataclass(frozen=True)
class Ranked:
    """Every company by PageRank, highest first (ties by id), with its score."""

    ids: list[str]
    scores: list[float]


@dataclass(frozen=True)
class KeyPlayersParams:
    """The parameters of cypher/key_players.cypher."""

    sector: str | None
    ecosystem: str | None
    measure: str
    limit: int
    offset: int


def key_players(steps: Steps, params: KeyPlayersParams, columns: list[str]) -> Result:
    """See cypher/key_players.cypher."""
    scope: Scope = {"sector": params.sector, "ecosystem": params.ecosystem}
    if params.measure == "pagerank":
        ranked = _in_scope(steps, scope, slice(params.offset, params.offset + params.limit))
        stats = {row.id: row for row in steps.rows(PLAYER_STATS, [i for i, _ in ranked])}
        players = [[*stats[i], score] for i, score in ranked]
    else:
        players = [
            [*row, None]
            for row in steps.run(PLAYERS, measure=params.measure, limit=params.limit, offset=params.offset, **scope)
        ]
    return Result(columns, [[params.offset + n, *row] for n, row in enumerate(players, start=1)])


def _in_scope(steps: Steps, scope: Scope, page: slice) -> list[tuple[str, float]]:
    """The page of the scope's members by PageRank: of every company, the page alone is read."""
    ranked = PAGERANK.get(steps) or _ranked(steps)
    if scope["sector"] is None and scope["ecosystem"] is None:
        return list(zip(ranked.ids[page], ranked.scores[page], strict=True))
    members = {row.id for row in steps.run(SCOPE_MEMBERS, **scope)}
    return [(i, score) for i, score in zip(ranked.ids, ranked.scores, strict=True) if i in members][page]


def _ranked(steps: Steps) -> Ranked:
    """Every company's PageRank, after dropping any GDS projection an earlier build left."""
    steps.run(DROP_PROJECTIONS)
    rows = sorted(steps.run(PAGERANK_SCORES), key=lambda row: (-row.score, row.id))
    return Ranked([row.id for row in rows], [row.score for row in rows])


#: Per graph version on both engines.
PAGERANK = PerGraph("PageRank", _ranked, graph_version)
