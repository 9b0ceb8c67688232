"""Maps for drawing: companies around a center, and value streams around a stream."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from service.analytics.rows import (
    COMPANY_ROLES,
    MAP_EDGES,
    MAP_NEIGHBOURS,
    MAP_SEEDS,
    ROLE_FLOWS,
    ROLES,
    STREAM_LINKS,
    STREAM_NEIGHBOURS,
    STREAM_SEEDS,
    Edge,
)
from service.analytics.traversal import tiers
from service.engines.base import Result
from service.errors import EntityNotFound, InvalidParameter
from service.ingest.schema import CATEGORIES, NATURES
from service.queries.names import company_ids
from service.queries.steps import About, Steps, page

__all__ = ["ecosystem_map", "value_stream_network"]

#: Deliverables summed on a sector map: (source sector, target sector, category, nature).
Cell = tuple[str, str, str | None, str | None]
CENTER_LABELS = {"company": "Company", "ecosystem": "Ecosystem", "sector": "Company sector"}
#: Largest map whose edges are kept to the map in the engine: it tests each deliverable
#: against the whole list, which beats reading a hub's every deliverable up to about 500.
NARROW = 500


@dataclass(frozen=True)
class EcosystemMapParams:
    """The parameters of cypher/ecosystem_map.cypher."""

    center: str
    center_kind: str
    hops: int
    natures: list[str]
    categories: list[str]
    as_of: str | None
    zoom: str
    max_nodes: int


def ecosystem_map(steps: Steps, params: EcosystemMapParams, columns: list[str]) -> Result:
    """See cypher/ecosystem_map.cypher; the JSON form adds the nodes."""
    center = params.center
    if params.center_kind == "company":
        [center] = company_ids(steps, {"center": [center]})["center"]
    seeds = sorted(row.id for row in steps.run(MAP_SEEDS, center=center, center_kind=params.center_kind))
    if not seeds:
        raise EntityNotFound("center", CENTER_LABELS[params.center_kind], [params.center])
    # Every nature or category is no filter: the steps then skip reading it off each deliverable.
    flow: dict[str, Any] = {
        "natures": None if set(params.natures) == set(NATURES) else params.natures,
        "categories": None if set(params.categories) == set(CATEGORIES) else params.categories,
        "as_of": params.as_of,
    }
    room = params.max_nodes
    hop = dict.fromkeys(seeds[:room], 0)
    capped = len(seeds) > room
    frontier = list(hop)
    for level in range(1, params.hops + 1):
        if not frontier or capped:
            break
        # One call (a hop holds at most max_nodes companies), ranked in the engine: room + 1
        # rows hold every new company the map can take, and one more to tell it is capped.
        ranked = steps.run(MAP_NEIGHBOURS, ids=frontier, top=room + 1, **flow)
        frontier = [row.id for row in ranked if row.id not in hop]
        if len(frontier) > room - len(hop):
            capped, frontier = True, frontier[: room - len(hop)]
        hop.update(dict.fromkeys(frontier, level))
    if params.zoom == "role":
        return _role_map(steps, hop, flow, capped, columns)
    within = list(hop) if len(hop) <= NARROW else None  # else every deliverable of a hub comes back
    edges = sorted(
        (edge for edge in steps.rows(MAP_EDGES, list(hop), within=within, **flow) if edge.target in hop),
        key=lambda edge: (edge.source, edge.target, edge.id),
    )
    info = steps.companies(list(hop))
    if params.zoom == "sector":
        return _sector_map(hop, edges, info, capped, columns)
    nodes = [
        {"id": i, "label": "Company", **info[i]._asdict(), "hop": hop[i]}
        for i in sorted(info, key=lambda i: (hop[i], i))
    ]
    return Result(columns, [[*edge, capped, 1] for edge in edges], nodes=nodes)


def _sector_map(
    hop: dict[str, int], edges: list[Edge], info: dict[str, About], capped: bool, columns: list[str]
) -> Result:
    """The map's companies grouped by sector ("" for none), their deliverables summed per
    sector pair and category (a missing value as 0)."""
    sector = {i: about.sector or "" for i, about in info.items()}
    value: dict[Cell, float] = defaultdict(float)
    count: dict[Cell, int] = defaultdict(int)
    for edge in edges:
        cell = (sector[edge.source], sector[edge.target], edge.category, edge.nature)
        value[cell] += edge.value or 0.0
        count[cell] += 1
    rows = []
    for cell in sorted(value):
        source, target, category, nature = cell
        name = f"{source}>{target}:{category}"
        rows.append([name, source, target, None, nature, category, value[cell], capped, count[cell]])
    nodes: dict[str, dict[str, Any]] = {}
    for i in sorted(info, key=lambda i: (hop[i], i)):
        node = nodes.setdefault(
            sector[i], {"id": sector[i], "label": "Sector", "name": sector[i], "companies": 0, "revenue": 0.0}
        )
        node.setdefault("hop", hop[i])  # the lowest hop of its companies: they come by hop
        node["companies"] += 1
        node["revenue"] += info[i].revenue or 0.0
    return Result(columns, rows, nodes=sorted(nodes.values(), key=lambda n: (n["hop"], n["id"])))


def _role_map(steps: Steps, hop: dict[str, int], flow: dict[str, Any], capped: bool, columns: list[str]) -> Result:
    """The roles of the map's companies and the deliverables between them (role to role)."""
    owner = {row.role: row.company for row in steps.rows(COMPANY_ROLES, list(hop))}
    edges = {  # each deliverable once, though both its ends' roles read it
        edge.id: edge
        for edge in steps.rows(ROLE_FLOWS, sorted(owner), critical_only=False, **flow)
        if edge.source in owner and edge.target in owner
    }
    ordered = sorted(edges.values(), key=lambda edge: (edge.source, edge.target, edge.id))
    rows = [[*edge[1:], capped, 1] for edge in ordered]  # the deliverable's fields, not the role that read it
    nodes = [
        {"id": role.id, "label": "Role", **role._asdict(), "hop": hop[owner[role.id]]}
        for role in steps.rows(ROLES, sorted(owner))
    ]
    nodes.sort(key=lambda n: (n["hop"], n["id"]))
    return Result(columns, rows, nodes=nodes)


@dataclass(frozen=True)
class ValueStreamNetworkParams:
    """The parameters of cypher/value_stream_network.cypher."""

    stream: str | None
    company: str | None
    hops: int
    limit: int
    offset: int


def value_stream_network(steps: Steps, params: ValueStreamNetworkParams, columns: list[str]) -> Result:
    """See cypher/value_stream_network.cypher."""
    if (params.stream is None) == (params.company is None):
        raise InvalidParameter("stream", "give either stream or company")
    seeds = [row.id for row in steps.run(STREAM_SEEDS, stream=params.stream, company=params.company)]
    hop = tiers(steps, STREAM_NEIGHBOURS, seeds, params.hops)
    links = sorted(
        (link for link in steps.rows(STREAM_LINKS, sorted(hop)) if link.customer in hop),
        key=lambda link: (link.supplier, link.customer, link.id),
    )
    return Result(columns, [list(link) for link in page(links, params)])
