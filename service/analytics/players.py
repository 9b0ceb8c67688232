"""Key players: ranked in Cypher by degree or value, or by the engine's own PageRank, which
is computed once per graph version and held (``PAGERANK``): on Neo4j a request then makes
no GDS projection of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.analytics.per_graph import PerGraph, graph_version
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["PAGERANK", "Ranked", "key_players"]


@dataclass(frozen=True)
class Ranked:
    """Every company by PageRank, highest first (ties by id), with its score."""

    ids: list[str]
    scores: list[float]


def key_players(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/key_players.cypher."""
    scope = {k: params[k] for k in ("sector", "ecosystem")}
    page = {k: params[k] for k in ("limit", "offset")}
    if params["measure"] == "pagerank":
        ranked = _in_scope(steps, scope, slice(params["offset"], params["offset"] + params["limit"]))
        stats = {row[0]: row for row in steps.rows("player_stats", [i for i, _ in ranked])}
        players = [[*stats[i], score] for i, score in ranked]
    else:
        players = [[*row, None] for row in steps.run("players", measure=params["measure"], **scope, **page).rows]
    return Result(columns, [[params["offset"] + n, *row] for n, row in enumerate(players, start=1)])


def _in_scope(steps: Steps, scope: dict[str, Any], page: slice) -> list[tuple[str, float]]:
    """The page of the scope's members by PageRank: of every company, the page alone is read."""
    ranked = PAGERANK.get(steps) or _ranked(steps)
    if scope["sector"] is None and scope["ecosystem"] is None:
        return list(zip(ranked.ids[page], ranked.scores[page], strict=True))
    members = {row[0] for row in steps.run("scope_members", **scope).rows}
    return [(i, score) for i, score in zip(ranked.ids, ranked.scores, strict=True) if i in members][page]


def _ranked(steps: Steps) -> Ranked:
    """Every company's PageRank, after dropping any GDS projection an earlier build left."""
    steps.run("drop_projections")
    rows = sorted(steps.run("pagerank").rows, key=lambda row: (-row[1], row[0]))
    return Ranked([row[0] for row in rows], [row[1] for row in rows])


#: Per graph version on both engines.
PAGERANK = PerGraph("PageRank", _ranked, graph_version)
