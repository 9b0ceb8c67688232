"""What every chunk of a generated industry shares: where each sector and market lies in
the company indices, ids, and the small global tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from service.ingest.generate.columns import as_text, frame_of, joined, padded
from service.ingest.generate.randomness import (
    CATALOGUE_STREAM,
    ECOSYSTEM_STREAM,
    MARKET_STREAM,
    ROLE_COUNT_HASH,
    ROLES_HASH,
    SOLE_HASH,
    STREAM_HASH,
    STREAMS_HASH,
    Bools,
    Floats,
    Ints,
    rng_stream,
    unit_hash,
)
from service.ingest.generate.rates import RATES
from service.ingest.generate.sectors import (
    ACTIVITIES,
    ACTIVITY_STAGES,
    CAPABILITIES,
    COMPETING,
    COMPONENTS,
    COUNTRY_WEIGHTS,
    DOMAIN_AGES,
    DOMAINS,
    ECO_FORMS,
    ECO_THEMES,
    EVOLUTION,
    FUNCTIONS,
    MARKET_PRODUCTS,
    REGION_TITLES,
    REGIONS,
    SECTORS,
    TIERS,
    VOCAB,
)
from service.ingest.schema import TABLES


class Industry:
    """What every chunk shares: where each sector and market lies in the company indices."""

    def __init__(self, companies: int, seed: int) -> None:
        self.n = companies
        self.seed = seed
        shares = np.array([s.share for s in SECTORS])
        counts = np.maximum(1, np.floor(shares * companies)).astype(np.int64)
        counts[COMPONENTS] += companies - int(counts.sum())
        while counts[COMPONENTS] < 1:  # tiny industries: borrow from the biggest sector
            counts[int(np.argmax(counts))] -= 1
            counts[COMPONENTS] += 1
        self.size: Ints = counts
        self.start: Ints = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        markets = [max(1, round(int(c) / RATES.market_size)) if COMPETING[s] else 0 for s, c in enumerate(counts)]
        self.markets_in: Ints = np.array(markets, dtype=np.int64)
        self.market_start: Ints = np.concatenate([[0], np.cumsum(self.markets_in)]).astype(np.int64)
        self.markets = int(self.market_start[-1])
        self.ecosystems = max(2, companies // 2000)
        self.contracts = 0  # contracts numbered so far
        self.delivered = 0  # DELIVERS rows numbered so far
        self.width = max(7, len(str(companies)))
        self.market_width = max(5, len(str(self.markets)))
        self.ecosystem_width = max(4, len(str(self.ecosystems)))
        self.nouns = pa.array([word for s in SECTORS for word in s.nouns])
        self.noun_at: Ints = np.cumsum([0, *(len(s.nouns) for s in SECTORS)])[:-1].astype(np.int64)
        self.noun_count: Ints = np.array([len(s.nouns) for s in SECTORS], dtype=np.int64)
        self.vocab = pa.array(VOCAB)
        self.weights = {key: np.array(w, dtype=np.float64) / sum(w) for key, w in COUNTRY_WEIGHTS.items()}
        self.function_count: Ints = np.array([len(s.functions) for s in SECTORS], dtype=np.int64)
        #: the function of each role slot of a sector, and the slot of each function (past the last: none)
        self.functions: Ints = np.zeros((len(SECTORS), len(FUNCTIONS)), dtype=np.int64)
        self.slot: Ints = np.full((len(SECTORS), len(FUNCTIONS)), len(FUNCTIONS), dtype=np.int64)
        for s, spec in enumerate(SECTORS):
            for number, name in enumerate(spec.functions):
                self.functions[s, number] = FUNCTIONS.index(name)
                self.slot[s, FUNCTIONS.index(name)] = number

    # ids
    def company_ids(self, index: Ints) -> pa.Array:
        return joined("co-", padded(index + 1, self.width))

    def sub_ids(self, prefix: str, company: Ints, number: Ints) -> pa.Array:
        return joined(prefix, padded(company + 1, self.width), "-", as_text(number))

    def market_ids(self, market: Ints) -> pa.Array:
        return joined("mk-", padded(market + 1, self.market_width))

    def ecosystem_ids(self, ecosystem: Ints) -> pa.Array:
        return joined("ec-", padded(ecosystem + 1, self.ecosystem_width))

    # where companies lie
    def sector_of(self, index: Ints) -> Ints:
        return (np.searchsorted(self.start, index, side="right") - 1).astype(np.int64)

    def pick(self, rng: np.random.Generator, sector: Ints, power: float = 3.0) -> Ints:
        """Companies of ``sector`` (one per entry), biased toward its first (largest) ones."""
        size = self.size[sector]
        offset = np.minimum((size * rng.random(len(sector)) ** power).astype(np.int64), size - 1)
        return self.start[sector] + offset

    def large(self, sector: Ints, rank: Ints) -> Bools:
        large: Bools = rank < np.ceil(RATES.large_share * self.size[sector])
        return large

    def unit(self, salt: int, index: Ints) -> Floats:
        return unit_hash(self.seed, salt, index)

    def sole_sourced(self, index: Ints) -> Bools:
        """Receivers of the product tiers with exactly one, critical, product supplier."""
        sector = self.sector_of(index)
        return (sector >= 1) & (sector < TIERS) & (self.unit(SOLE_HASH, index) < RATES.sole_share)

    def streams(self, index: Ints) -> Ints:
        """How many value streams each company operates (0, 1 or 2)."""
        sector = self.sector_of(index)
        rank = index - self.start[sector]
        chance = np.where(self.large(sector, rank), RATES.operates_large, RATES.operates_small)
        operates = self.unit(STREAM_HASH, index) < chance
        return np.where(operates, np.where(self.unit(STREAMS_HASH, index) < RATES.two_streams, 2, 1), 0).astype(
            np.int64
        )

    def roles(self, index: Ints) -> Ints:
        """How many roles each company has: none, or its sector's first functions (3 at least,
        all of them for a large company). The larger a company (the earlier in its market,
        where shares fall with the index; else in its sector), the likelier it has roles."""
        sector = self.sector_of(index)
        rank = index - self.start[sector]
        size, k = self.size[sector], self.markets_in[sector]
        market = ((rank + 1) * np.maximum(k, 1) - 1) // size
        lo, hi = market * size // np.maximum(k, 1), (market + 1) * size // np.maximum(k, 1)
        position = np.where(k > 0, (rank - lo) / (hi - lo), rank / size)
        large = self.large(sector, rank)
        has = large | (self.unit(ROLES_HASH, index) < RATES.roles_share * (position + 0.02) ** -0.4)
        most = self.function_count[sector]
        some = RATES.roles_min + (self.unit(ROLE_COUNT_HASH, index) * (most - RATES.roles_min + 1)).astype(np.int64)
        return np.where(has, np.where(large, most, some), 0).astype(np.int64)

    def role_for(self, index: Ints, count: Ints, functions: tuple[str, ...]) -> Ints:
        """The role (its number, from 1) standing for each company of ``count`` roles: the
        first of ``functions`` it has, else its first role."""
        sector = self.sector_of(index)
        slot = np.zeros(len(index), dtype=np.int64)
        for name in reversed(functions):
            here = self.slot[sector, FUNCTIONS.index(name)]
            slot = np.where(here < count, here, slot)
        return slot + 1

    # markets
    def market_of(self, sector: Ints, rank: Ints) -> Ints:
        """The market whose index range holds each company (-1 for non-competing sectors)."""
        k = self.markets_in[sector]
        j = ((rank + 1) * k - 1) // self.size[sector]
        return np.where(k > 0, self.market_start[sector] + j, -1)

    def market(self, m: int) -> Market:
        s = int(np.searchsorted(self.market_start, m, side="right") - 1)
        j, k, size = m - int(self.market_start[s]), int(self.markets_in[s]), int(self.size[s])
        lo = int(self.start[s]) + j * size // k
        hi = int(self.start[s]) + (j + 1) * size // k
        rng = rng_stream(self.seed, MARKET_STREAM, m)
        member = rng.random(hi - lo) < RATES.market_member
        member[0] = True
        members = lo + np.flatnonzero(member).astype(np.int64)
        count = len(members)
        shape = [0, 2, 1][m] if m < 3 else int(rng.choice(3, p=[0.2, 0.4, 0.4]))
        if shape == 0 or count == 1:  # near-monopoly: HHI > 5000
            top = 1.0 if count == 1 else rng.uniform(0.72, 0.92)
            rest = rng.dirichlet(np.ones(max(count - 1, 1)))[: count - 1] * (1 - top)
            shares = np.concatenate([[top], np.sort(rest)[::-1]])
        elif shape == 1:  # concentrated: a Zipf law
            shares = np.arange(1, count + 1, dtype=np.float64) ** -rng.uniform(1.5, 2.2)
            shares = np.sort(shares * rng.lognormal(0, 0.1, count))[::-1]
        else:  # fragmented: HHI < 1500 once a market has a dozen competitors
            shares = np.sort(rng.dirichlet(np.full(count, 2.0)))[::-1]
        shares = shares / shares.sum()
        total = rng.lognormal(np.log(400), 0.8) * np.sqrt(k / (j + 1)) * (hi - lo) / RATES.market_size
        revenue = np.maximum(np.round(shares * total, 2), 0.01)
        products = MARKET_PRODUCTS[s]
        region = int(rng.choice(len(REGIONS), p=[0.3, 0.2, 0.2, 0.15, 0.1, 0.05]))
        name = f"{products[int(rng.integers(len(products)))]} {REGION_TITLES[region]}"
        return Market(m, lo, hi, members, revenue, name, REGIONS[region])

    def markets_between(self, a: int, b: int) -> list[int]:
        found: list[int] = []
        for s in range(len(SECTORS)):
            lo, hi = max(a, int(self.start[s])), min(b, int(self.start[s + 1]))
            if lo >= hi or not COMPETING[s]:
                continue
            ends = self.market_of(np.array([s, s]), np.array([lo, hi - 1]) - self.start[s])
            found.extend(range(int(ends[0]), int(ends[1]) + 1))
        return found

    # small global tables
    def capabilities(self) -> pa.Table:
        rng = rng_stream(self.seed, CATALOGUE_STREAM, 0)
        number = np.arange(CAPABILITIES, dtype=np.int64)
        domain, activity = number // len(ACTIVITIES), number % len(ACTIVITIES)
        titles = pa.array([d.replace("_", " ").capitalize() for d in DOMAINS])
        usual = np.array(ACTIVITY_STAGES)[activity] + np.array(DOMAIN_AGES)[domain]
        evolution = np.clip(usual + rng.choice([-1, 0, 1], CAPABILITIES, p=[0.25, 0.5, 0.25]), 0, len(EVOLUTION) - 1)
        part = {
            "id": self.capability_ids(number),
            "name": joined(titles.take(domain), " ", pa.array(ACTIVITIES).take(activity)),
            "category": pa.array(DOMAINS).take(domain),
            "evolution": pa.array(EVOLUTION).take(evolution),
        }
        return frame_of(TABLES["capability"], [part])

    def capability_ids(self, number: Ints) -> pa.Array:
        return joined("cap-", padded(number + 1, 3))

    def ecosystem_rows(self, a: int, b: int) -> pa.Table:
        rng = rng_stream(self.seed, ECOSYSTEM_STREAM, a)
        number = np.arange(a, b, dtype=np.int64)
        combos = len(ECO_THEMES) * len(ECO_FORMS)
        base = joined(
            pa.array(ECO_THEMES).take(rng.integers(0, len(ECO_THEMES), b - a)),
            " ",
            pa.array(ECO_FORMS).take(rng.integers(0, len(ECO_FORMS), b - a)),
        )
        numbered = joined(base, " ", as_text(number // combos + 1))
        name = pc.if_else(pa.array(number >= combos), numbered, base)
        return frame_of(TABLES["ecosystem"], [{"id": self.ecosystem_ids(number), "name": name}])


@dataclass(frozen=True)
class Market:
    number: int
    lo: int
    hi: int
    members: Ints
    revenue: Floats
    name: str
    region: str
