"""Market concentration under a merger: HHI, ΔHHI, the 2023 US Merger Guidelines presumption,
and the divestiture that would lift it."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from service.analytics.merger import parties_of
from service.analytics.rows import MARKET_COMPETITORS, MARKET_REVENUES
from service.engines.base import Result
from service.errors import InvalidParameter
from service.queries.steps import Steps, page

__all__ = ["Market", "divestiture", "markets_under", "merger_markets", "presumed"]

HHI_LIMIT = 1_800.0  # HHI after above this, with ΔHHI above DELTA_LIMIT
SHARE_LIMIT = 30.0  # or a merged share above this (percent), with ΔHHI above DELTA_LIMIT
DELTA_LIMIT = 100.0


def presumed(hhi_after: float, delta: float, merged_share: float) -> bool:
    """The guidelines' structural presumption that a merger lessens competition."""
    return delta > DELTA_LIMIT and (hhi_after > HHI_LIMIT or merged_share > SHARE_LIMIT)


def divestiture(others: float, squares: float, merged: float) -> float:
    """The least share d (percent) the merged firm sells to a new competitor so that the
    presumption no longer holds; ``others`` is the sum of squared shares of the other
    competitors, ``squares`` that of the parties before, ``merged`` their summed share.

    After selling d: HHI = others + (merged - d)² + d², ΔHHI = (merged - d)² + d² - squares.
    Both fall as d grows up to merged / 2, where the firm is split in halves.
    """
    half = merged / 2

    def holds(d: float) -> bool:
        spread = (merged - d) ** 2 + d**2
        return presumed(others + spread, spread - squares, merged - d)

    if not holds(0.0):
        return 0.0
    if holds(half):
        return math.nan  # no sale to one buyer lifts it
    low, high = 0.0, half  # holds(low), not holds(high): bisect to the boundary
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if holds(middle) else (low, middle)
    return high


class Market(NamedTuple):
    """A market under a merger: a row of ``merger_markets`` (see its header's columns)."""

    market: str
    name: str
    competitors: int
    revenue: float
    shares: dict[str, float]
    merged_share: float
    hhi_before: float
    hhi_after: float
    delta_hhi: float
    presumed: bool
    divest: float | None


@dataclass(frozen=True)
class MergerMarketsParams:
    """The parameters of cypher/merger_markets.cypher."""

    acquirer: str
    targets: list[str]
    markets: list[str] | None
    revenues: list[str] | None
    limit: int
    offset: int


def merger_markets(steps: Steps, params: MergerMarketsParams, columns: list[str]) -> Result:
    """See cypher/merger_markets.cypher."""
    rows = markets_under(steps, parties_of(params.acquirer, params.targets), params.markets, params.revenues)
    return Result(columns, [list(row) for row in page(rows, params)])


def markets_under(
    steps: Steps, parties: list[str], markets: list[str] | None, revenues: list[str] | None
) -> list[Market]:
    """Each market a party competes in (or ``markets`` as one relevant market) under a merger
    of ``parties``, with the what-if ``revenues``: by ΔHHI, largest first, then by id."""
    revenue: dict[str, dict[str, float]] = defaultdict(dict)
    names = {}
    if markets:  # one relevant market: the given ones together
        chosen = list(dict.fromkeys(markets))
        found = steps.run(MARKET_COMPETITORS, markets=chosen)
        market, named = " + ".join(chosen), {row.market: row.name for row in found}
        names[market] = " + ".join(named[m] for m in chosen if m in named)
        amounts: dict[str, list[float]] = defaultdict(list)
        for row in found:
            amounts[row.company].append(row.revenue or 0.0)
        revenue[market] = {company: math.fsum(each) for company, each in amounts.items()}
    else:
        for row in steps.run(MARKET_REVENUES, ids=parties):
            revenue[row.market][row.company] = row.revenue or 0.0
            names[row.market] = row.name
    _what_if(revenue, revenues)
    rows: list[Market] = []
    for market, by_company in revenue.items():
        total = math.fsum(by_company.values())  # fsum: the same in any row order, so on any engine
        share = {c: 100 * r / total if total else 0.0 for c, r in by_company.items()}
        ours = {p: share[p] for p in parties if p in share}
        squares = math.fsum(s**2 for s in ours.values())
        others = math.fsum(s**2 for c, s in share.items() if c not in ours)
        merged = math.fsum(ours.values())
        before, after = others + squares, others + merged**2
        delta = after - before
        sale = divestiture(others, squares, merged) * total / 100
        rows.append(
            Market(
                market=market,
                name=names[market],
                competitors=sum(r > 0 for r in by_company.values()),
                revenue=total,
                shares=ours,
                merged_share=merged,
                hhi_before=before,
                hhi_after=after,
                delta_hhi=delta,
                presumed=presumed(after, delta, merged),
                divest=None if math.isnan(sale) else sale,
            )
        )
    rows.sort(key=lambda row: (-row.delta_hhi, row.market))
    return rows


def _what_if(revenue: dict[str, dict[str, float]], given: list[str] | None) -> None:
    """Set each ``company:amount`` of ``given`` as that company's revenue in every market it
    competes in; a company in none of them, or a malformed pair, is refused."""
    for pair in given or []:
        company, _, amount = pair.rpartition(":")
        try:
            value = float(amount)
        except ValueError:
            value = math.nan
        if not company or not math.isfinite(value) or value < 0:
            raise InvalidParameter("revenues", f"{pair!r} is not company:amount with an amount of 0 or more")
        markets = [by_company for by_company in revenue.values() if company in by_company]
        if not markets:
            raise InvalidParameter("revenues", f"{company!r} competes in none of the markets of the answer")
        for by_company in markets:
            by_company[company] = value
