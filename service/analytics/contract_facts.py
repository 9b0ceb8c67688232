"""The contracts as the supply index holds them, for ``network_changes``: each contract's
id, first and last day, and the companies party to it (by position), numbered in id order,
so that a period's contracts come ordered by day and id without reading a contract. Only
contracts with a company party to them are held (no other is ever in a scope).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.analytics.timeline import ByDay

__all__ = ["ContractFacts"]

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ContractFacts:
    """Contracts by number (their place in id order)."""

    ids: npt.NDArray[np.bytes_]  # UTF-8, so in code point order
    start: Ints  # the day as the number YYYYMMDD; 0 when open
    end: Ints  # likewise; 99999999 when open
    party_offsets: Ints  # contract k's parties at parties[party_offsets[k]:party_offsets[k + 1]]
    parties: Ints  # company positions
    by_start: ByDay
    by_end: ByDay

    @classmethod
    def of(cls, parties: Ints, ids: Sequence[str], start: Sequence[int], end: Sequence[int]) -> ContractFacts:
        """The contracts of the (party position, contract id, start, end) rows, one a party."""
        keys = np.asarray([i.encode() for i in ids], dtype=np.bytes_) if ids else np.empty(0, dtype="S1")
        unique, first, number = np.unique(keys, return_index=True, return_inverse=True)
        number = number.astype(np.int64).reshape(-1)
        order = np.argsort(number, kind="stable")
        days = [np.asarray(d, dtype=np.int64)[first] for d in (start, end)]
        return cls(
            ids=unique,
            start=days[0],
            end=days[1],
            party_offsets=np.searchsorted(number[order], np.arange(len(unique) + 1)).astype(np.int64),
            parties=parties[order],
            by_start=ByDay.of(days[0]),
            by_end=ByDay.of(days[1]),
        )

    def __str__(self) -> str:
        return f"{len(self.ids):,} contracts"

    def id_of(self, contracts: Ints) -> list[str]:
        """The ids of the ``contracts`` (numbers)."""
        return [key.decode() for key in self.ids[contracts].tolist()]
