"""Dependency chains: tiers of suppliers or customers, one step per tier."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import groupby, islice
from operator import attrgetter, itemgetter
from typing import NamedTuple

from service.analytics.rows import COMPANY_DETAILS, COMPANY_ROLES, LINKS_IN, LINKS_OUT, ROLE_FLOWS, ROLES, Details
from service.analytics.traversal import breadth_first
from service.engines.base import Result
from service.queries.rows import Handle
from service.queries.steps import Steps, flow, page

__all__ = ["dependency_chain"]


@dataclass(frozen=True)
class DependencyChainParams:
    """The parameters of cypher/dependency_chain.cypher."""

    company: str
    direction: str
    max_tier: int
    categories: list[str]
    as_of: str | None
    zoom: str
    critical_only: bool
    limit: int
    offset: int


def dependency_chain(steps: Steps, params: DependencyChainParams, columns: list[str]) -> Result:
    """Tiers upstream (suppliers) or downstream (customers) from one company, at the zoom
    asked; see cypher/dependency_chain.cypher."""
    if params.zoom == "sector":
        return _sector_chain(steps, params, columns)
    if params.zoom == "role":
        return _role_chain(steps, params, columns)
    return Result(columns, [list(row) for row in _company_chain(steps, params)])


class Reached(NamedTuple):
    """A company the chain reaches: a row of ``dependency_chain`` at company zoom (see its
    header's columns)."""

    tier: int
    id: str
    name: str
    sector: str | None
    country: str | None
    via: str
    value: float
    companies: int
    company: str


def _sector_chain(steps: Steps, params: DependencyChainParams, columns: list[str]) -> Result:
    """The whole company chain grouped per tier and sector ("" for none): how many of its
    companies the tier reaches first, the summed value of their links, and as via the sector
    their links come from with the largest summed value (then the smallest)."""
    chain = _company_chain(steps, replace(params, offset=0, limit=sys.maxsize))
    sector = {params.company: steps.companies([params.company])[params.company].sector or ""}
    sector.update((row.id, row.sector or "") for row in chain)
    count: dict[tuple[int, str], int] = defaultdict(int)  # by (tier, sector): companies first reached
    total: dict[tuple[int, str], float] = defaultdict(float)  # the value of their links
    vias: dict[tuple[int, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))  # by the via's sector
    for row in chain:
        cell = (row.tier, sector[row.id])
        count[cell] += 1
        total[cell] += row.value
        vias[cell][sector[row.via]] += row.value
    rows = [
        [tier, name, name, name, None, min(by, key=lambda s: (-by[s], s)), total[tier, name], count[tier, name], None]
        for (tier, name), by in sorted(vias.items())
    ]
    return Result(columns, page(rows, params))


def _role_chain(steps: Steps, params: DependencyChainParams, columns: list[str]) -> Result:
    """Tiers of roles from the company's roles (tier 0), following deliverables between
    roles: each role once at its lowest tier, with its largest link to the tier before."""
    upstream = params.direction == "upstream"
    filters = flow(params.categories, params.as_of, params.critical_only)
    roles = sorted(row.role for row in steps.rows(COMPANY_ROLES, [params.company]))
    reached = set(roles)
    best: dict[str, tuple[float, str]] = {}  # role -> (-value, near): its largest link, then the smallest near

    def expand(frontier: list[str]) -> Iterable[str]:
        links: dict[tuple[str, str], float] = defaultdict(float)  # (far, near) -> value
        for edge in steps.rows(ROLE_FLOWS, frontier, natures=None, **filters):
            far = edge.source if upstream else edge.target
            if far != edge.role and far not in reached:
                links[far, edge.role] += edge.value or 0.0
        for (far, near), value in links.items():
            best[far] = min(best.get(far, (-value, near)), (-value, near))
        found = {far for far, _near in links}
        reached.update(found)
        return found

    # The page is ordered by tier: the tiers past the one that fills it are not needed.
    tier = breadth_first(roles, params.max_tier, expand, enough=params.offset + params.limit)
    order = sorted((t, role) for role, t in tier.items() if t > 0)
    shown = page(order, params)
    info = {row.id: row for row in steps.rows(ROLES, [role for _t, role in shown])}
    rows = []
    for t, role in shown:
        value, near = best[role]
        about = info[role]
        rows.append([t, role, about.name, about.sector, about.country, near, -value, 1, about.company])
    return Result(columns, rows)


def _company_chain(steps: Steps, params: DependencyChainParams) -> list[Reached]:
    """The chain's rows at company zoom.

    Each tier is expanded through the deliverables themselves, over node handles
    (``links_in`` upstream, ``links_out`` downstream); only a tier's links to companies not reached
    before are kept, summed per pair. The link rows carry no ids: a hub's chain reads 1.3M
    of them for 630k companies. Ids come with the details, read once per company, in the
    background while the next tier is expanded, for every tier that ends inside the page;
    a tier that runs past the page's end has its ids read on their own, to order it, and a
    tier before the page only the ids of the nears the page names.
    """
    step = LINKS_IN if params.direction == "upstream" else LINKS_OUT
    filters = flow(params.categories, params.as_of, params.critical_only)
    offset, end = params.offset, params.offset + params.limit
    start = params.company
    root = steps.handles([start])[start]
    reached = {root}
    best: dict[Handle, tuple[float, Handle]] = {}  # handle -> (value, near): its largest link to the tier before
    tied: dict[Handle, list[Handle]] = {}  # handle -> other nears whose link equals the largest
    prefetched: list[Iterable[Details]] = []  # per tier ending in the page: its details, still arriving

    def expand(frontier: list[Handle]) -> Iterable[Handle]:
        links: dict[tuple[Handle, Handle], float] = defaultdict(float)  # (far, near) -> value
        # The links come as plain lists, unpacked in Link's order (company, partner, value): a hub's
        # chain reads 1.3M of them at 1M companies, and a named tuple each cost a third more of its CPU.
        for near, far, value in steps.lists(step, frontier, **filters):
            if far not in reached:
                links[far, near] += value or 0.0
        for (far, near), value in links.items():
            held = best.get(far)
            if held is None or value > held[0]:
                best[far] = (value, near)
                tied.pop(far, None)
            elif value == held[0]:
                tied.setdefault(far, []).append(near)
        found = set(map(itemgetter(0), links))
        reached.update(found)
        if offset < len(reached) - 1 <= end:  # the tier ends inside the page
            prefetched.append(steps.rows(COMPANY_DETAILS, list(found)))
        return found

    tier = breadth_first([root], params.max_tier, expand, enough=end)
    details = iter(prefetched)
    ids = {root: start}
    # The page's details, by tier and id.
    rows: list[Details] = []
    levels: list[int] = []  # their tiers
    before = 0  # companies in the tiers before this one
    for t, group in groupby(islice(tier.items(), 1, None), key=itemgetter(1)):  # the tiers come in order
        nodes = list(map(itemgetter(0), group))
        first, before = before, before + len(nodes)
        if before <= offset:
            continue
        if before <= end:
            part = list(next(details))
        else:  # the tier that runs past the page: ordered by id, then detailed as far as the page goes
            order = steps.ids(nodes)
            nodes.sort(key=order.__getitem__)
            part = list(steps.rows(COMPANY_DETAILS, nodes[max(offset - first, 0) : end - first]))
            first = max(offset, first)
        ids.update((row.node, row.id) for row in part)
        part.sort(key=attrgetter("id"))
        part = part[max(offset - first, 0) : end - first]
        rows += part
        levels += [t] * len(part)
        if before >= end:
            break
    on_page = list(map(attrgetter("node"), rows))
    ties = list(filter(tied.__contains__, on_page))
    if offset:  # the nears of the page's first tier may lie in a tier before the page
        nears = {best[n][1] for n in on_page}.union(*map(tied.__getitem__, ties))
        ids.update(steps.ids([m for m in nears if m not in ids]))
    for far in ties:
        value, near = best[far]
        best[far] = (value, min([near, *tied[far]], key=ids.__getitem__))
    return [
        Reached(level, row.id, row.name, row.sector, row.country, ids[near], value, 1, row.id)
        for row, level, (value, near) in zip(rows, levels, map(best.__getitem__, on_page), strict=True)
    ]
