"""Maps for drawing: companies around a center, and value streams around a stream."""

from __future__ import annotations

from typing import Any

from service.analytics.traversal import tiers
from service.engines.base import Result
from service.errors import EntityNotFound, InvalidParameter
from service.ingest.schema import CATEGORIES, NATURES
from service.queries.names import company_ids
from service.queries.steps import Steps, page

__all__ = ["ecosystem_map", "value_stream_network"]

NODE_FIELDS = ("name", "sector", "country", "revenue")  # as Steps.companies gives them
ROLE_FIELDS = ("name", "function", "company", "company_name", "sector", "country")  # as the step roles gives them
CENTER_LABELS = {"company": "Company", "ecosystem": "Ecosystem", "sector": "Company sector"}
#: Largest map whose edges are kept to the map in the engine: it tests each deliverable
#: against the whole list, which beats reading a hub's every deliverable up to about 500.
NARROW = 500


def ecosystem_map(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/ecosystem_map.cypher; the JSON form adds the nodes."""
    center = params["center"]
    if params["center_kind"] == "company":
        [center] = company_ids(steps.question, "center", [center])
    seeds = sorted(row[0] for row in steps.run("map_seeds", center=center, center_kind=params["center_kind"]).rows)
    if not seeds:
        raise EntityNotFound("center", CENTER_LABELS[params["center_kind"]], [params["center"]])
    # Every nature or category is no filter: the steps then skip reading it off each deliverable.
    flow = {
        "natures": None if set(params["natures"]) == set(NATURES) else params["natures"],
        "categories": None if set(params["categories"]) == set(CATEGORIES) else params["categories"],
        "as_of": params["as_of"],
    }
    room = params["max_nodes"]
    hop = dict.fromkeys(seeds[:room], 0)
    capped = len(seeds) > room
    frontier = list(hop)
    for level in range(1, params["hops"] + 1):
        if not frontier or capped:
            break
        # One call (a hop holds at most max_nodes companies), ranked in the engine: room + 1
        # rows hold every new company the map can take, and one more to tell it is capped.
        ranked = steps.run("map_neighbours", ids=frontier, top=room + 1, **flow).rows
        frontier = [node for node, _value in ranked if node not in hop]
        if len(frontier) > room - len(hop):
            capped, frontier = True, frontier[: room - len(hop)]
        hop.update(dict.fromkeys(frontier, level))
    if params["zoom"] == "role":
        return _role_map(steps, hop, flow, capped, columns)
    within = list(hop) if len(hop) <= NARROW else None  # else every deliverable of a hub comes back
    edges = sorted(
        (row for row in steps.rows("map_edges", list(hop), within=within, **flow) if row[2] in hop),
        key=lambda row: (row[1], row[2], row[0]),
    )
    info = steps.companies(list(hop))
    if params["zoom"] == "sector":
        return _sector_map(hop, edges, info, capped, columns)
    nodes = [
        {"id": i, "label": "Company", **dict(zip(NODE_FIELDS, info[i], strict=True)), "hop": hop[i]}
        for i in sorted(info, key=lambda i: (hop[i], i))
    ]
    return Result(columns, [[*row, capped, 1] for row in edges], nodes=nodes)


def _sector_map(
    hop: dict[str, int], edges: list[list[Any]], info: dict[str, list[Any]], capped: bool, columns: list[str]
) -> Result:
    """The map's companies grouped by sector ("" for none), their deliverables summed per
    sector pair and category (a missing value as 0)."""
    sector = {i: row[1] or "" for i, row in info.items()}
    summed: dict[tuple[str, str, str, str], list[Any]] = {}  # (source, target, category, nature) -> [value, count]
    for _id, source, target, _what, nature, category, value in edges:
        cell = summed.setdefault((sector[source], sector[target], category, nature), [0.0, 0])
        cell[0] += value or 0.0
        cell[1] += 1
    rows = [
        [f"{source}>{target}:{category}", source, target, None, nature, category, value, capped, count]
        for (source, target, category, nature), (value, count) in sorted(summed.items())
    ]
    nodes: dict[str, dict[str, Any]] = {}
    for i in sorted(info, key=lambda i: (hop[i], i)):
        node = nodes.setdefault(
            sector[i], {"id": sector[i], "label": "Sector", "name": sector[i], "companies": 0, "revenue": 0.0}
        )
        node.setdefault("hop", hop[i])  # the lowest hop of its companies: they come by hop
        node["companies"] += 1
        node["revenue"] += info[i][3] or 0.0
    return Result(columns, rows, nodes=sorted(nodes.values(), key=lambda n: (n["hop"], n["id"])))


def _role_map(steps: Steps, hop: dict[str, int], flow: dict[str, Any], capped: bool, columns: list[str]) -> Result:
    """The roles of the map's companies and the deliverables between them (role to role)."""
    owner = {role: company for company, role in steps.rows("company_roles", list(hop))}
    edges = {
        row[1]: row[1:]
        for row in steps.rows("role_flows", sorted(owner), critical_only=False, **flow)
        if row[2] in owner and row[3] in owner
    }
    rows = [[*row, capped, 1] for row in sorted(edges.values(), key=lambda row: (row[1], row[2], row[0]))]
    nodes = [
        {"id": i, "label": "Role", **dict(zip(ROLE_FIELDS, rest, strict=True)), "hop": hop[owner[i]]}
        for i, *rest in steps.rows("roles", sorted(owner))
    ]
    nodes.sort(key=lambda n: (n["hop"], n["id"]))
    return Result(columns, rows, nodes=nodes)


def value_stream_network(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/value_stream_network.cypher."""
    if (params["stream"] is None) == (params["company"] is None):
        raise InvalidParameter("stream", "give either stream or company")
    seeds = [row[0] for row in steps.run("stream_seeds", stream=params["stream"], company=params["company"]).rows]
    hop = tiers(steps, "stream_neighbours", seeds, params["hops"])
    links = sorted(
        (row for row in steps.rows("stream_links", sorted(hop)) if row[4] in hop), key=lambda r: (r[1], r[4], r[0])
    )
    return Result(columns, page(links, params))
