"""The rates that shape a generated industry, in one place."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RATES", "Rates"]


def _day(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


@dataclass(frozen=True)
class Rates:
    """Shares and sizes of the industry (part of what a seed reproduces)."""

    sole_share: float = 0.07  # receivers with a single, critical product supplier
    large_share: float = 0.03  # the first companies of a sector are its large ones
    market_size: int = 200  # companies per market
    market_member: float = 0.85  # companies of a market's range that compete in it
    operates_large: float = 0.6  # large companies that operate a value stream
    operates_small: float = 0.06  # other companies that do
    two_streams: float = 0.35  # operators of a second value stream
    roles_share: float = 0.25  # the smallest companies with roles (more of the bigger ones; all large ones)
    roles_min: int = 3  # roles of a company that has any
    revenue_per_role: float = 0.3  # a company with roles earns this much more per role
    staff_per_role: int = 10  # a company with roles employs at least this many per role
    first_day: int = _day("2000-01-01")  # deliverables and contracts start from
    last_day: int = _day("2025-06-30")  # to


RATES = Rates()
