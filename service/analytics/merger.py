"""Merger overlap: what two companies share and what each brings, per dimension."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.analytics.steps import Steps
from service.engines.base import Result
from service.errors import InvalidParameter

__all__ = ["DIMENSIONS", "merger_overlap"]

DIMENSIONS = ("customers", "suppliers", "capabilities", "markets", "ecosystems", "value_streams")
SIDES = {(True, True): "both", (True, False): "a", (False, True): "b"}


def merger_overlap(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_overlap.cypher."""
    a, b = params["a"], params["b"]
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    items: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    names: dict[tuple[str, str], str] = {}
    for party, dimension, item, name, weight in steps.run("party_items", ids=[a, b], as_of=params["as_of"]).rows:
        items[dimension, item][party] = weight
        names[dimension, item] = name
    jaccard = {}
    for dimension in DIMENSIONS:
        held = [sides for (d, _), sides in items.items() if d == dimension]
        jaccard[dimension] = sum(len(sides) == 2 for sides in held) / len(held) if held else None
    rows = []
    for dimension, item in sorted(items, key=lambda key: (DIMENSIONS.index(key[0]), key[1])):
        sides = items[dimension, item]
        side = SIDES[a in sides, b in sides]
        if params["only"] == "all" or (side == "both") == (params["only"] == "shared"):
            rows.append([dimension, item, names[dimension, item], side, sides.get(a), sides.get(b), jaccard[dimension]])
    return Result(columns, rows[params["offset"] : params["offset"] + params["limit"]])
