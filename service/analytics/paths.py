"""Connection paths: every shortest path from a to b, found by a breadth-first search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice, pairwise
from typing import Any

from service.analytics.steps import Steps
from service.engines.base import Result
from service.errors import InvalidParameter

__all__ = ["connection_paths"]

#: The steps that go one hop from a node, with the direction value flows on that hop.
MOVES = {"downstream": [("supply_out", True)], "upstream": [("supply_in", False)]}
MOVES["any"] = MOVES["downstream"] + MOVES["upstream"]

Link = dict[tuple[str, str], dict[str, float]]  # (source, target) -> value by category


def connection_paths(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/connection_paths.cypher."""
    a, b = params["a"], params["b"]
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    flow = {"categories": params["categories"], "as_of": params["as_of"], "critical_only": False}
    parents: dict[str, set[str]] = defaultdict(set)
    links: Link = defaultdict(lambda: defaultdict(float))
    depth = {a: 0}
    frontier = [a]
    while frontier and b not in depth and depth[frontier[0]] < params["max_hops"]:
        level = depth[frontier[0]] + 1
        found = set()
        for step, forward in MOVES[params["direction"]]:
            for company, other, category, value in steps.rows(step, frontier, **flow):
                if depth.get(other, level) == level:
                    found.add(other)
                    parents[other].add(company)
                    links[(company, other) if forward else (other, company)][category] += value or 0.0
        frontier = sorted(found)
        depth.update(dict.fromkeys(frontier, level))
    if b not in depth:
        return Result(columns, [])
    page = list(islice(_paths(a, b, parents), params["offset"], params["offset"] + params["limit"]))
    names = {row[0]: row[1] for row in steps.rows("companies", sorted({n for path in page for n in path}))}
    rows = [
        [params["offset"] + rank, len(path) - 1, path, [names[n] for n in path], _links(path, links)]
        for rank, path in enumerate(page, start=1)
    ]
    return Result(columns, rows)


def _paths(a: str, b: str, parents: dict[str, set[str]]) -> Iterator[list[str]]:
    """Every path from a to b through the search's parent links, in the order of their ids."""
    useful, todo = {b}, [b]
    while todo:  # the nodes on some shortest path: walk back from b
        for parent in parents.get(todo.pop(), ()):
            if parent not in useful:
                useful.add(parent)
                todo.append(parent)
    children: dict[str, list[str]] = defaultdict(list)
    for child in sorted(useful):
        for parent in parents.get(child, ()):
            children[parent].append(child)
    stack = [[a]]
    while stack:
        path = stack.pop()
        if path[-1] == b:
            yield path
            continue
        stack.extend([*path, child] for child in reversed(children[path[-1]]))


def _links(path: list[str], links: Link) -> list[dict[str, Any]]:
    """What flows between each pair of neighbours on the path, in the direction it flows."""
    found = []
    for u, v in pairwise(path):
        for source, target in ((u, v), (v, u)):
            if (source, target) in links:
                by_category = links[(source, target)]
                found.append(
                    {
                        "source": source,
                        "target": target,
                        "categories": sorted(by_category),
                        "value": sum(by_category.values()),
                    }
                )
    return found
