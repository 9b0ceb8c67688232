"""Connection paths: every shortest path from a to b, by a breadth-first search from both ends.

Each round expands the smaller frontier by one hop (one step call), so a hub meeting a
small company costs about what the small company's side reaches. When the two searches
meet after ``f`` hops from a and ``g`` hops from b, every shortest path has length
``f + g`` and passes through a node at distance f from a and g from b; the paths are
read off the two searches' parent links, in the order of the ids along them. The search
reads only who is linked to whom; what flows is read for the page's paths alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from service.analytics.supply import Supply, supply_for
from service.engines.base import Result
from service.errors import InvalidParameter
from service.queries.rows import Handle
from service.queries.steps import Filters, Steps, flow

__all__ = ["connection_paths"]

#: One hop from a frontier: the (node, neighbour) pairs of the supply, by direction.
Move = Callable[[Supply, list[Handle], Filters], Iterable[tuple[Handle, Handle]]]
OUT: Move = lambda supply, nodes, filters: supply.partners_out(nodes, filters)  # noqa: E731
IN: Move = lambda supply, nodes, filters: supply.partners_in(nodes, filters)  # noqa: E731
EITHER: Move = lambda supply, nodes, filters: supply.partners_either(nodes, filters)  # noqa: E731
FORWARD = {"downstream": OUT, "upstream": IN, "any": EITHER}
BACKWARD = {"downstream": IN, "upstream": OUT, "any": EITHER}

Links = dict[tuple[str, str], dict[str, float]]  # (source, target) -> value by category


@dataclass
class _Search:
    """One side's breadth-first search over node handles: distances, and for each node its
    neighbours one hop closer."""

    start: Handle
    move: Move
    depth: dict[Handle, int] = field(default_factory=dict)
    closer: dict[Handle, set[Handle]] = field(default_factory=lambda: defaultdict(set))
    frontier: list[Handle] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.depth[self.start] = 0
        self.frontier = [self.start]

    def expand(self, supply: Supply, filters: Filters) -> None:
        level = self.depth[self.frontier[0]] + 1
        found = set()
        for company, other in self.move(supply, self.frontier, filters):
            if self.depth.get(other, level) == level:
                found.add(other)
                self.closer[other].add(company)
        self.frontier = sorted(found)
        self.depth.update(dict.fromkeys(self.frontier, level))

    def back_from(self, meeting: list[Handle]) -> dict[Handle, set[Handle]]:
        """The nodes on some shortest path from the start to ``meeting``, each with its
        neighbours one hop closer to the start."""
        found: dict[Handle, set[Handle]] = {}
        todo = list(meeting)
        while todo:
            node = todo.pop()
            if node not in found:
                found[node] = self.closer.get(node, set())
                todo.extend(found[node])
        return found


@dataclass(frozen=True)
class ConnectionPathsParams:
    """The parameters of cypher/connection_paths.cypher."""

    a: str
    b: str
    direction: str
    max_hops: int
    categories: list[str]
    as_of: str | None
    limit: int
    offset: int


def connection_paths(steps: Steps, params: ConnectionPathsParams, columns: list[str]) -> Result:
    """See cypher/connection_paths.cypher."""
    a, b, direction = params.a, params.b, params.direction
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    filters = flow(params.categories, params.as_of)
    supply = supply_for(steps)
    handle = supply.handles([a, b])
    ahead, behind = _Search(handle[a], FORWARD[direction]), _Search(handle[b], BACKWARD[direction])
    hops = 0
    meeting: list[Handle] = []
    while not meeting and hops < params.max_hops and ahead.frontier and behind.frontier:
        side = ahead if len(ahead.frontier) <= len(behind.frontier) else behind
        side.expand(supply, filters)
        hops += 1
        other = behind if side is ahead else ahead
        reached = max(other.depth.values())
        meeting = sorted(n for n in side.frontier if other.depth.get(n) == reached)
    if not meeting:
        return Result(columns, [])
    back, forth = ahead.back_from(meeting), behind.back_from(meeting)
    ids = supply.ids(sorted(back.keys() | forth.keys()))
    paths = _paths(a, b, _named(back, ids), _named(forth, ids), ahead.depth[meeting[0]])
    page = list(islice(paths, params.offset, params.offset + params.limit))
    info = steps.companies(sorted({n for path in page for n in path}))
    links = _flows(steps, page, direction, filters)
    rows = [
        [params.offset + rank, len(path) - 1, path, [info[n].name for n in path], _links(path, links)]
        for rank, path in enumerate(page, start=1)
    ]
    return Result(columns, rows)


def _named(links: dict[Handle, set[Handle]], ids: dict[Handle, str]) -> dict[str, set[str]]:
    return {ids[node]: {ids[near] for near in nears} for node, nears in links.items()}


def _paths(a: str, b: str, back: dict[str, set[str]], forth: dict[str, set[str]], middle: int) -> Iterator[list[str]]:
    """Every shortest path from a to b, in the order of the ids along it. The paths meet
    ``middle`` hops from a; ``back`` links each node of a's side to its neighbours one hop
    closer to a, ``forth`` each node of b's side to those one hop closer to b."""
    onward: dict[str, list[str]] = defaultdict(list)
    for node in sorted(back):
        for parent in back[node]:
            onward[parent].append(node)
    stack = [[a]]
    while stack:
        path = stack.pop()
        if path[-1] == b:
            yield path
            continue
        nexts = onward[path[-1]] if len(path) - 1 < middle else sorted(forth[path[-1]])
        stack.extend([*path, node] for node in reversed(nexts))


def _flows(steps: Steps, page: list[list[str]], direction: str, filters: Filters) -> Links:
    """What flows between neighbours on the page's paths, in the directions searched."""
    forward = {pair for path in page for pair in pairwise(path)}
    backward = {(v, u) for u, v in forward}
    pairs = sorted({"downstream": forward, "upstream": backward, "any": forward | backward}[direction])
    links: Links = defaultdict(lambda: defaultdict(float))
    for source, target, category, value in steps.flows(pairs, **filters):
        links[source, target][category] += value or 0.0
    return links


def _links(path: list[str], links: Links) -> list[dict[str, Any]]:
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
