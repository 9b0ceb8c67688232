"""The companies as the supply index holds them beside their deliverables, by position: each
one's id, sector and place in id order, and each ecosystem's members. A question of a scope (a
sector, an ecosystem) finds its companies here, in id order, without reading every company
(``service.analytics.exchange_arrays``); a company's id gives its position and back with
no engine call (``positions_of``, ``ids_at``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["CompanyFacts"]

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CompanyFacts:
    """Sectors, id order and ecosystems of the companies at the index's positions."""

    rank: Ints  # by position: its place in id order; -1 where no company is
    sector: Ints  # by position: its sector's code in ``sectors``; -1 when it has none (or no company is)
    sectors: list[str]  # by code
    by_id: Ints  # the companies' positions in id order
    by_sector: Ints  # the same ordered by sector code (from -1), then id ...
    sector_bounds: Ints  # ... those of code c at by_sector[sector_bounds[c + 1]:sector_bounds[c + 2]]
    members: dict[str, Ints]  # each ecosystem's members' positions, in id order
    ids: list[str]  # the companies' ids in id order (those of ``by_id``)

    @classmethod
    def of(
        cls,
        bound: int,
        positions: Ints,
        ids: Sequence[str],
        sectors: Sequence[str | None],
        memberships: Sequence[tuple[str, int]],
    ) -> CompanyFacts:
        """The facts of the companies at ``positions`` (below ``bound``), with their ``ids``
        and ``sectors``, and of the (ecosystem, position) ``memberships``."""
        order = sorted(range(len(ids)), key=ids.__getitem__)  # code point order, as both engines sort
        by_id = positions[order]
        rank = np.full(bound, -1, dtype=np.int64)
        rank[by_id] = np.arange(len(by_id), dtype=np.int64)
        names = sorted({s for s in sectors if s is not None})
        code = {name: i for i, name in enumerate(names)}
        sector = np.full(bound, -1, dtype=np.int64)
        sector[positions] = np.fromiter((-1 if s is None else code[s] for s in sectors), np.int64, len(sectors))
        by_sector = by_id[np.argsort(sector[by_id], kind="stable")]
        bounds = np.searchsorted(sector[by_sector], np.arange(-1, len(names) + 1)).astype(np.int64)
        grouped: dict[str, list[int]] = {}
        for ecosystem, position in memberships:
            grouped.setdefault(ecosystem, []).append(position)
        members = {e: np.asarray(sorted(set(ps), key=rank.__getitem__), dtype=np.int64) for e, ps in grouped.items()}
        return cls(rank, sector, names, by_id, by_sector, bounds, members, [ids[i] for i in order])

    def __str__(self) -> str:
        return f"{len(self.by_id):,} companies"

    def scope(self, sector: str | None, ecosystem: str | None) -> Ints:
        """The positions of the companies of that sector and ecosystem (every company when
        neither is given), in id order."""
        if ecosystem is not None:
            found = self.members.get(ecosystem, np.empty(0, dtype=np.int64))
            return found if sector is None else found[self.sector[found] == self.code(sector)]
        if sector is None:
            return self.by_id
        code = self.code(sector)
        return (
            self.by_sector[self.sector_bounds[code + 1] : self.sector_bounds[code + 2]] if code >= 0 else self.by_id[:0]
        )

    def positions_of(self, ids: Sequence[str]) -> Ints:
        """The position of the company of each of ``ids``, in order; -1 for an id no company has."""
        found = np.full(len(ids), -1, dtype=np.int64)
        for i, cid in enumerate(ids):
            at = bisect_left(self.ids, cid)
            if at < len(self.ids) and self.ids[at] == cid:
                found[i] = self.by_id[at]
        return found

    def ids_at(self, positions: Ints) -> list[str]:
        """The id of the company at each of ``positions``, in order."""
        return list(map(self.ids.__getitem__, self.rank[positions].tolist()))

    def code(self, sector: str) -> int:
        """The sector's code; -2 for one no company has (it matches none)."""
        return self.sectors.index(sector) if sector in self.sectors else -2
