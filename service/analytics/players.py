"""Key players: ranked in Cypher by degree or value, or by the engine's own PageRank."""

from __future__ import annotations

from typing import Any

from service.engines.base import Result
from service.queries.steps import Steps

__all__ = ["key_players"]


def key_players(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/key_players.cypher."""
    scope = {k: params[k] for k in ("sector", "ecosystem", "limit", "offset")}
    if params["measure"] == "pagerank":
        ranked = steps.run("pagerank", **scope).rows
        stats = {row[0]: row for row in steps.rows("player_stats", [i for i, _ in ranked])}
        players = [[*stats[i], score] for i, score in ranked]
    else:
        players = [[*row, None] for row in steps.run("players", measure=params["measure"], **scope).rows]
    return Result(columns, [[params["offset"] + n, *row] for n, row in enumerate(players, start=1)])
