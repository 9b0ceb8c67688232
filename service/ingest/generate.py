"""A synthetic but realistic industry of N companies, written as a dataset folder.

The industry is a supply chain in five tiers (raw materials -> components -> assembly ->
distribution -> end customers; most companies upstream, few big assemblers) plus service
sectors (logistics, finance, software and data, investors, regulators). Goods flow down
the tiers and money flows back up; service sectors deliver services and intangibles.
Supplier choice is biased toward the first companies of a tier, so a few hubs have
thousands of customers while most companies have one to five.

Memory does not grow with N: companies are generated in chunks of consecutive indices
and every chunk is written at once. A company's id, sector and tier derive from its
index, so a supplier in another chunk is named without any lookup; the few per-company
facts another chunk needs (is it sole-sourced? does it operate a value stream?) come
from a counter-based hash of the index, and each market is re-derived from its own
random stream wherever it is needed. Everything random comes from numpy ``PCG64``
streams seeded by ``(seed, purpose, number)``, so a seed gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from service.ingest.schema import TABLES, Table

__all__ = ["CHUNK", "MIN_COMPANIES", "SECTORS", "Sector", "generate_dataset"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Progress = Callable[[str, int], None]

#: companies generated (and written) at a time; part of what a seed reproduces
CHUNK: Final = 50_000
#: the smallest industry: one company per sector
MIN_COMPANIES: Final = 10


@dataclass(frozen=True)
class Sector:
    """An industry sector: its supply tier (None for service sectors) and share of companies."""

    name: str
    tier: int | None
    kind: str
    share: float
    base_revenue: float | None  # median yearly revenue (millions); None = not reported
    domains: tuple[int, int]  # first capability domain, number of domains
    nouns: tuple[str, ...]
    countries: str  # country profile


SECTORS: Final = (
    Sector(
        "raw_materials",
        0,
        "company",
        0.18,
        60.0,
        (0, 3),
        ("Mining", "Minerals", "Resources", "Chemicals", "Materials", "Metals", "Agro"),
        "raw",
    ),
    Sector(
        "components",
        1,
        "company",
        0.32,
        25.0,
        (1, 5),
        ("Components", "Parts", "Electronics", "Precision", "Castings", "Cells", "Circuits", "Sensors"),
        "components",
    ),
    Sector(
        "assembly",
        2,
        "company",
        0.03,
        400.0,
        (5, 4),
        ("Motors", "Systems", "Industries", "Machines", "Automotive", "Robotics", "Vehicles"),
        "assembly",
    ),
    Sector(
        "distribution",
        3,
        "company",
        0.14,
        30.0,
        (8, 4),
        ("Trading", "Distribution", "Supply", "Wholesale", "Retail", "Dealers"),
        "market",
    ),
    Sector(
        "end_customers",
        4,
        "company",
        0.18,
        40.0,
        (10, 3),
        ("Fleet", "Construction", "Health", "Utilities", "Farms", "Transit", "Mobility"),
        "market",
    ),
    Sector("logistics", None, "company", 0.05, 20.0, (12, 2), ("Logistics", "Freight", "Shipping", "Cargo"), "market"),
    Sector("finance", None, "company", 0.03, 80.0, (14, 2), ("Bank", "Finance", "Insurance", "Credit"), "market"),
    Sector("software_data", None, "company", 0.05, 15.0, (16, 2), ("Software", "Data", "Analytics", "Cloud"), "market"),
    Sector(
        "investment", None, "investor", 0.015, 50.0, (14, 2), ("Ventures", "Partners", "Capital", "Equity"), "market"
    ),
    Sector(
        "regulation",
        None,
        "public_body",
        0.005,
        None,
        (18, 2),
        ("Standards Agency", "Safety Authority", "Trade Office", "Environment Agency"),
        "market",
    ),
)
RAW, COMPONENTS, ASSEMBLY, DISTRIBUTION, END, LOGISTICS, FINANCE, SOFTWARE, INVESTMENT, REGULATION = range(10)
TIERS: Final = 5
assert all(SECTORS[t].tier == t for t in range(TIERS))
#: sectors whose companies compete in markets (not investors, not regulators)
COMPETING: Final = tuple(s.kind == "company" for s in SECTORS)

PLACES: Final = (
    "Andes", "Nordic", "Baltic", "Atlas", "Summit", "Pacific", "Rhine", "Danube", "Sierra", "Aurora",
    "Boreal", "Meridian", "Orion", "Cascade", "Granite", "Harbor", "Vega", "Polaris", "Lumen", "Zenith",
    "Iberia", "Alpine", "Delta", "Coral", "Kestrel", "Falcon", "Cedar", "Silverline", "Redwood", "Bluewater",
    "Northstar", "Sunrise", "Keystone", "Evergreen", "Horizon", "Pioneer", "Sterling", "Titan", "Unity", "Vanguard",
    "Carpathia", "Sahara", "Yangtze", "Mekong", "Kanto", "Hanse", "Lombard", "Patagonia", "Outback", "Tasman",
    "Silesia", "Bohemia", "Thames", "Hudson", "Ganges", "Orinoco", "Zambezi", "Volga", "Sumatra", "Hokkaido",
)  # fmt: skip
COUNTRIES: Final = (
    "CN", "US", "DE", "JP", "KR", "IN", "BR", "AU", "CL", "CD", "ID", "ZA",
    "CA", "MX", "FR", "IT", "GB", "NL", "SE", "PL", "ES", "VN", "TW", "TR",
)  # fmt: skip
CURRENCIES: Final = (
    "CNY", "USD", "EUR", "JPY", "KRW", "INR", "BRL", "AUD", "USD", "USD", "USD", "ZAR",
    "CAD", "MXN", "EUR", "EUR", "GBP", "EUR", "SEK", "PLN", "EUR", "USD", "TWD", "TRY",
)  # fmt: skip
LEGAL_FORMS: Final = (
    "Co Ltd", "Inc", "GmbH", "KK", "Co", "Ltd", "SA", "Pty Ltd", "SpA", "SARL", "Tbk", "Pty Ltd",
    "Inc", "SA de CV", "SAS", "SpA", "plc", "BV", "AB", "SA", "SL", "JSC", "Corp", "AS",
)  # fmt: skip
COUNTRY_WEIGHTS: Final = {
    "raw": (14, 6, 1, 0, 0, 4, 8, 10, 9, 6, 8, 6, 6, 3, 0, 0, 1, 0, 2, 2, 1, 1, 0, 2),
    "components": (25, 8, 8, 8, 8, 5, 2, 0, 0, 0, 1, 0, 1, 6, 2, 3, 1, 1, 1, 5, 1, 5, 8, 3),
    "assembly": (22, 18, 16, 12, 8, 4, 2, 0, 0, 0, 0, 0, 1, 3, 5, 4, 2, 0, 3, 0, 1, 0, 1, 1),
    "market": (12, 18, 8, 6, 3, 6, 4, 2, 1, 0, 2, 1, 3, 3, 6, 5, 6, 3, 2, 3, 3, 1, 1, 2),
}

DOMAINS: Final = (
    "mining", "materials", "chemistry", "metalworking", "electronics", "energy_storage", "manufacturing",
    "automation", "quality", "supply_chain", "sales", "customer_service", "operations", "logistics",
    "finance", "risk", "software", "data", "regulatory", "sustainability",
)  # fmt: skip
ACTIVITIES: Final = (
    "research", "design", "engineering", "testing", "scale-up", "operations", "planning", "sourcing",
    "analytics", "optimisation", "certification", "maintenance", "training", "integration", "reporting",
)  # fmt: skip
CAPABILITIES: Final = len(DOMAINS) * len(ACTIVITIES)
EVOLUTION: Final = ("genesis", "custom", "product", "commodity")
FUNCTIONS: Final = ("procurement", "research", "sales", "operations", "logistics", "finance", "compliance", "it")
FUNCTION_TITLES: Final = ("Procurement", "R&D", "Sales", "Operations", "Logistics", "Finance", "Compliance", "IT")
FUNCTION_DOMAINS: Final = (9, -1, 10, 12, 13, 14, 18, 16)  # -1: the company's own first domain
STREAMS_INTERNAL: Final = ("procure to pay", "plan to produce", "idea to product", "hire to retire")
STREAMS_EXTERNAL: Final = ("order to delivery", "order to cash", "service to customer", "quote to order")
ECO_THEMES: Final = (
    "Battery", "Circular Materials", "Open Charge", "Digital Supply Chain", "Hydrogen", "Clean Mobility",
    "Smart Factory", "Trusted Data", "Responsible Minerals", "Green Logistics",
)  # fmt: skip
ECO_FORMS: Final = ("Alliance", "Consortium", "Initiative", "Network", "Forum")
REGIONS: Final = ("global", "europe", "north_america", "asia_pacific", "latin_america", "africa")
REGION_TITLES: Final = ("global", "Europe", "North America", "Asia Pacific", "Latin America", "Africa")
MARKET_PRODUCTS: Final = (
    ("Lithium", "Copper", "Nickel", "Iron ore", "Rare earths", "Polymers", "Specialty chemicals", "Graphite"),
    ("Battery cells", "Power semiconductors", "Printed circuit boards", "Castings", "Electric motors", "Sensors"),
    ("Electric vans", "Industrial robots", "Heat pumps", "Medical scanners", "Servers", "Tractors"),
    ("Equipment wholesale", "Spare parts", "Vehicle dealerships", "Electronics retail"),
    ("Fleet services", "Construction services", "Hospital services", "Public transit", "Utilities"),
    ("Freight forwarding", "Contract logistics", "Parcel delivery"),
    ("Corporate lending", "Trade finance", "Industrial insurance"),
    ("Enterprise software", "Industrial data", "Cloud services"),
)

DELIVERABLES: Final = {
    "product0": (
        "lithium carbonate", "nickel sulphate", "cobalt hydroxide", "spherical graphite", "copper cathode",
        "iron ore", "aluminium ingots", "polymer resin", "silica sand", "rare earth oxides", "natural rubber",
        "specialty chemicals",
    ),
    "product1": (
        "battery cells", "printed circuit boards", "power semiconductors", "steel castings", "wiring harnesses",
        "electric motors", "sensors", "bearings", "injection-moulded housings", "glass panels", "hydraulic pumps",
        "cathode material",
    ),
    "product2": (
        "electric vans", "delivery trucks", "industrial robots", "heat pumps", "medical scanners", "forklifts",
        "servers", "tractors", "e-bikes", "battery packs", "charging stations",
    ),
    "product3": (
        "fleet vehicles", "spare parts", "charging equipment", "medical devices", "construction machinery",
        "replacement batteries", "installed heat pumps",
    ),
    "logistics": (
        "freight forwarding", "warehousing", "last-mile delivery", "customs brokerage", "cold-chain transport",
        "container shipping",
    ),
    "software": (
        "ERP hosting", "fleet telematics", "cloud computing", "cybersecurity monitoring", "design software",
        "MES platform",
    ),
    "data": ("market data feed", "traceability data", "credit ratings", "demand analytics", "emissions data"),
    "insurance": ("credit insurance", "cargo insurance", "product liability cover", "currency hedging"),
    "loan": ("working capital loan", "trade finance", "equipment leasing", "revolving credit line"),
    "compliance": (
        "emissions report", "safety certification", "conformity declaration", "audit report", "due diligence report",
    ),
    "access": ("operating licence", "type approval", "import permit", "mining concession", "market authorisation"),
    "information": ("demand forecast", "production schedule", "quality feedback", "inventory levels"),
    "knowledge": ("technical support", "process know-how", "design assistance", "operator training"),
    "stream": ("sub-assemblies", "work orders", "finished goods", "customer orders", "engineering changes"),
    "role": ("market insights", "requirements", "technical specifications", "supplier assessments"),
    "reporting": ("investor reporting", "board information"),
}  # fmt: skip
VOCAB: Final = tuple(word for words in DELIVERABLES.values() for word in words)
VOCAB_AT: Final = {
    key: (sum(len(w) for w in list(DELIVERABLES.values())[:i]), len(words))
    for i, (key, words) in enumerate(DELIVERABLES.items())
}
TANGIBLE: Final = frozenset({"product", "service", "money"})

# Random streams: (seed, purpose, number).
_CHUNK_STREAM, _MARKET_STREAM, _CATALOGUE_STREAM, _ECOSYSTEM_STREAM = 1, 2, 3, 4
# Counter-based hashes of a company's index: (seed, purpose).
_SOLE_HASH, _STREAM_HASH, _STREAMS_HASH = 11, 12, 13

SOLE_SHARE: Final = 0.07  # receivers with a single, critical product supplier
LARGE_SHARE: Final = 0.03  # the first companies of a sector are its large ones
MARKET_SIZE: Final = 200  # companies per market
FIRST_DAY: Final = int(np.datetime64("2000-01-01", "D").astype(np.int64))
LAST_DAY: Final = int(np.datetime64("2025-06-30", "D").astype(np.int64))
PA_TYPES: Final = {
    "string": pa.string(),
    "date": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
}


def generate_dataset(
    companies: int,
    seed: int,
    out: Path,
    fmt: Literal["csv", "parquet"] = "csv",
    progress: Progress | None = None,
    *,
    chunk_size: int = CHUNK,
) -> dict[str, int]:
    """Write an industry of ``companies`` companies into ``out``; return rows written per table.

    ``out`` is created if needed and gets one file per table (``TABLE.csv`` or
    ``TABLE.parquet``). The same ``companies``, ``seed``, ``fmt`` (and ``chunk_size``)
    give byte-identical files. ``progress(table, rows_done)`` is called after every
    chunk written to a table.
    """
    if companies < MIN_COMPANIES:
        raise ValueError(f"companies must be at least {MIN_COMPANIES}, not {companies}")
    if seed < 0:
        raise ValueError(f"seed must not be negative, not {seed}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be positive, not {chunk_size}")
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be csv or parquet, not {fmt!r}")
    out.mkdir(parents=True, exist_ok=True)
    clashes = sorted(
        p.name for p in out.iterdir() if p.stem in TABLES and p.suffix.lower() != f".{fmt}" and not p.is_dir()
    )
    if clashes:
        raise ValueError(f"{out} already holds tables in another format: {', '.join(clashes)}")
    industry = _Industry(companies, seed)
    with _Writers(out, fmt, progress) as writers:
        writers.write("capability", industry.capabilities())
        for first in range(0, industry.ecosystems, chunk_size):
            writers.write("ecosystem", industry.ecosystem_rows(first, min(first + chunk_size, industry.ecosystems)))
        for number, first in enumerate(range(0, companies, chunk_size)):
            chunk = _Chunk(industry, number, first, min(first + chunk_size, companies))
            for name, table in chunk.tables().items():
                writers.write(name, table)
        return dict(writers.rows)


# --------------------------------------------------------------------------- writing


class _Writers:
    """One open writer per table, each with an explicit schema."""

    def __init__(self, out: Path, fmt: Literal["csv", "parquet"], progress: Progress | None) -> None:
        self.out = out
        self.fmt = fmt
        self.progress = progress
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.schemas = {name: _schema(table) for name, table in TABLES.items()}
        self.handles: list[IO[bytes]] = []
        self.writers: dict[str, Any] = {}

    def __enter__(self) -> _Writers:
        try:
            for name, schema in self.schemas.items():
                path = self.out / f"{name}.{self.fmt}"
                if self.fmt == "parquet":
                    self.writers[name] = pq.ParquetWriter(path, schema)
                else:
                    handle = path.open("wb")
                    self.handles.append(handle)
                    handle.write((",".join(schema.names) + "\n").encode())
                    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
                    self.writers[name] = pa_csv.CSVWriter(handle, schema, write_options=options)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        for handle in self.handles:
            handle.close()
        self.writers.clear()
        self.handles.clear()

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.writers[name].write_table(table)
        self.rows[name] += table.num_rows
        if self.progress is not None:
            self.progress(name, self.rows[name])


def _schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f.name, PA_TYPES[f.type]) for f in table.fields])


def _frame(table: Table, parts: list[dict[str, Any]]) -> pa.Table:
    """One table from column parts: arrays (pyarrow, or numpy: NaN / negative days = null), str or None."""
    schema = _schema(table)
    tables = []
    for part in parts:
        lengths = {len(v) for v in part.values() if not (v is None or isinstance(v, str))}
        assert len(lengths) == 1, f"{table.name}: columns of different lengths {lengths}"
        (n,) = lengths
        if n == 0:
            continue
        unknown = set(part) - set(schema.names)
        assert not unknown, f"{table.name}: unknown columns {unknown}"
        arrays = [_column(part.get(f.name), f.type, n) for f in table.fields]
        tables.append(pa.Table.from_arrays(arrays, schema=schema))
    return pa.concat_tables(tables) if tables else schema.empty_table()


def _column(value: Any, kind: str, n: int) -> pa.Array:
    if value is None:
        return pa.nulls(n, PA_TYPES[kind])
    if isinstance(value, str):
        return pa.repeat(pa.scalar(value, pa.string()), n)
    if isinstance(value, np.ndarray):
        if kind == "date":
            days = value.astype(np.int64)
            return pa.array(days.astype("datetime64[D]"), mask=days < 0).cast(pa.string())
        if kind == "float":
            return pa.array(value.astype(np.float64), type=pa.float64(), from_pandas=True)
        return pa.array(value, type=PA_TYPES[kind])
    return value


# --------------------------------------------------------------------------- the industry


class _Industry:
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
        markets = [max(1, round(int(c) / MARKET_SIZE)) if COMPETING[s] else 0 for s, c in enumerate(counts)]
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

    # ids
    def company_ids(self, index: Ints) -> pa.Array:
        return _join("co-", _pad(index + 1, self.width))

    def sub_ids(self, prefix: str, company: Ints, number: Ints) -> pa.Array:
        return _join(prefix, _pad(company + 1, self.width), "-", _text(number))

    def market_ids(self, market: Ints) -> pa.Array:
        return _join("mk-", _pad(market + 1, self.market_width))

    def ecosystem_ids(self, ecosystem: Ints) -> pa.Array:
        return _join("ec-", _pad(ecosystem + 1, self.ecosystem_width))

    # where companies lie
    def sector_of(self, index: Ints) -> Ints:
        return (np.searchsorted(self.start, index, side="right") - 1).astype(np.int64)

    def pick(self, rng: np.random.Generator, sector: Ints, power: float = 3.0) -> Ints:
        """Companies of ``sector`` (one per entry), biased toward its first (largest) ones."""
        size = self.size[sector]
        offset = np.minimum((size * rng.random(len(sector)) ** power).astype(np.int64), size - 1)
        return self.start[sector] + offset

    def large(self, sector: Ints, rank: Ints) -> Bools:
        large: Bools = rank < np.ceil(LARGE_SHARE * self.size[sector])
        return large

    def unit(self, salt: int, index: Ints) -> Floats:
        return _unit(self.seed, salt, index)

    def sole_sourced(self, index: Ints) -> Bools:
        """Receivers of the product tiers with exactly one, critical, product supplier."""
        sector = self.sector_of(index)
        return (sector >= 1) & (sector < TIERS) & (self.unit(_SOLE_HASH, index) < SOLE_SHARE)

    def streams(self, index: Ints) -> Ints:
        """How many value streams each company operates (0, 1 or 2)."""
        sector = self.sector_of(index)
        rank = index - self.start[sector]
        chance = np.where(self.large(sector, rank), 0.6, 0.06)
        operates = self.unit(_STREAM_HASH, index) < chance
        return np.where(operates, np.where(self.unit(_STREAMS_HASH, index) < 0.35, 2, 1), 0).astype(np.int64)

    # markets
    def market_of(self, sector: Ints, rank: Ints) -> Ints:
        """The market whose index range holds each company (-1 for non-competing sectors)."""
        k = self.markets_in[sector]
        j = ((rank + 1) * k - 1) // self.size[sector]
        return np.where(k > 0, self.market_start[sector] + j, -1)

    def market(self, m: int) -> _Market:
        s = int(np.searchsorted(self.market_start, m, side="right") - 1)
        j, k, size = m - int(self.market_start[s]), int(self.markets_in[s]), int(self.size[s])
        lo = int(self.start[s]) + j * size // k
        hi = int(self.start[s]) + (j + 1) * size // k
        rng = _rng(self.seed, _MARKET_STREAM, m)
        member = rng.random(hi - lo) < 0.85
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
        total = rng.lognormal(np.log(400), 0.8) * np.sqrt(k / (j + 1)) * (hi - lo) / MARKET_SIZE
        revenue = np.maximum(np.round(shares * total, 2), 0.01)
        products = MARKET_PRODUCTS[s]
        region = int(rng.choice(len(REGIONS), p=[0.3, 0.2, 0.2, 0.15, 0.1, 0.05]))
        name = f"{products[int(rng.integers(len(products)))]} {REGION_TITLES[region]}"
        return _Market(m, lo, hi, members, revenue, name, REGIONS[region])

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
        rng = _rng(self.seed, _CATALOGUE_STREAM, 0)
        number = np.arange(CAPABILITIES, dtype=np.int64)
        domain, activity = number // len(ACTIVITIES), number % len(ACTIVITIES)
        titles = pa.array([d.replace("_", " ").capitalize() for d in DOMAINS])
        evolution = rng.choice(len(EVOLUTION), CAPABILITIES, p=[0.1, 0.3, 0.35, 0.25])
        part = {
            "id": self.capability_ids(number),
            "name": _join(titles.take(domain), " ", pa.array(ACTIVITIES).take(activity)),
            "category": pa.array(DOMAINS).take(domain),
            "evolution": pa.array(EVOLUTION).take(evolution),
        }
        return _frame(TABLES["capability"], [part])

    def capability_ids(self, number: Ints) -> pa.Array:
        return _join("cap-", _pad(number + 1, 3))

    def ecosystem_rows(self, a: int, b: int) -> pa.Table:
        rng = _rng(self.seed, _ECOSYSTEM_STREAM, a)
        number = np.arange(a, b, dtype=np.int64)
        combos = len(ECO_THEMES) * len(ECO_FORMS)
        base = _join(
            pa.array(ECO_THEMES).take(rng.integers(0, len(ECO_THEMES), b - a)),
            " ",
            pa.array(ECO_FORMS).take(rng.integers(0, len(ECO_FORMS), b - a)),
        )
        numbered = _join(base, " ", _text(number // combos + 1))
        name = pc.if_else(pa.array(number >= combos), numbered, base)
        return _frame(TABLES["ecosystem"], [{"id": self.ecosystem_ids(number), "name": name}])


@dataclass(frozen=True)
class _Market:
    number: int
    lo: int
    hi: int
    members: Ints
    revenue: Floats
    name: str
    region: str


# --------------------------------------------------------------------------- one chunk


class _Chunk:
    """Companies ``a`` to ``b`` (indices) and every row they start."""

    def __init__(self, industry: _Industry, number: int, a: int, b: int) -> None:
        self.ind = industry
        self.rng = _rng(industry.seed, _CHUNK_STREAM, number)
        self.a, self.b = a, b
        self.parts: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self.index: Ints = np.arange(a, b, dtype=np.int64)
        self.sector = industry.sector_of(self.index)
        self.rank = self.index - industry.start[self.sector]

    def tables(self) -> dict[str, pa.Table]:
        self.companies()
        self.products()
        self.anchors()
        self.services()
        self.public()
        self.ownership()
        self.roles()
        self.value_streams()
        self.capabilities()
        self.ecosystems()
        frames = {name: _frame(TABLES[name], parts) for name, parts in self.parts.items()}
        delivers = frames["delivers"]
        number = self.ind.delivered + np.arange(delivers.num_rows, dtype=np.int64)
        self.ind.delivered += delivers.num_rows
        column = delivers.schema.get_field_index("id")
        frames["delivers"] = delivers.set_column(column, "id", _join("dl-", _pad(number + 1, 9)))
        return frames

    # helpers
    def local(self, index: Ints) -> Ints:
        return index - self.a

    def co(self, index: Ints) -> pa.Array:
        return self.ind.company_ids(index)

    def words(self, key: str, n: int) -> pa.Array:
        at, count = VOCAB_AT[key]
        return self.ind.vocab.take(at + self.rng.integers(0, count, n))

    def chance(self, p: float | Floats, n: int) -> Bools:
        return self.rng.random(n) < p

    def dates(self, n: int, not_before: Ints, open_share: float = 0.55) -> tuple[Ints, Ints]:
        start = np.maximum(self.rng.integers(FIRST_DAY, LAST_DAY, n), not_before)
        start = np.minimum(start, LAST_DAY)
        length = self.rng.integers(180, 3650, n)
        end = np.where(self.chance(open_share, n), -1, start + length)
        return start.astype(np.int64), end.astype(np.int64)

    def amounts(self, scale: Floats, sigma: float = 0.7) -> Floats:
        value = scale * self.rng.lognormal(0.0, sigma, len(scale))
        return np.maximum(np.round(value, 2), 0.01)

    def flow(
        self,
        source: pa.Array,
        target: pa.Array,
        category: str,
        deliverable: pa.Array | str,
        value: Floats,
        start: Ints,
        end: Ints,
        critical: Bools,
        contract: pa.Array | None = None,
        source_label: str | None = None,
        target_label: str | None = None,
    ) -> None:
        self.parts["delivers"].append(
            {
                "source": source,
                "target": target,
                "source_label": source_label,
                "target_label": target_label,
                "deliverable": deliverable,
                "nature": "tangible" if category in TANGIBLE else "intangible",
                "category": category,
                "value": value,
                "contract": contract,
                "start": start,
                "end": end,
                "critical": critical,
            }
        )

    def deals(
        self,
        chosen: Bools,
        supplier: Ints,
        customer: Ints,
        kind: str,
        yearly: Floats,
        start: Ints,
        end: Ints,
        currency: pa.Array,
    ) -> pa.Array:
        """Contracts for the ``chosen`` links: rows of contract and party_to; the id per link (or null)."""
        n = int(chosen.sum())
        number = self.ind.contracts + np.arange(n, dtype=np.int64)
        self.ind.contracts += n
        ids = _join("ct-", _pad(number + 1, 9))
        s, c = supplier[chosen], customer[chosen]
        years = np.where(end[chosen] >= 0, (end[chosen] - start[chosen]) / 365.25, 3.0)
        title = f"{kind.capitalize()} agreement "
        self.parts["contract"].append(
            {
                "id": ids,
                "name": _join(title, self.co(s), " to ", self.co(c)),
                "kind": kind,
                "start": start[chosen],
                "end": end[chosen],
                "value": np.maximum(np.round(yearly[chosen] * years, 2), 0.01),
                "currency": currency.filter(pa.array(chosen)),
            }
        )
        self.parts["party_to"].append({"source": self.co(s), "target": ids, "role": "supplier"})
        self.parts["party_to"].append({"source": self.co(c), "target": ids, "role": "customer"})
        return _spread(ids, chosen)

    def paid(
        self,
        mask: Bools,
        payer: Ints,
        payee: Ints,
        value: Floats,
        start: Ints,
        end: Ints,
        contract: pa.Array | None,
        deliverable: str,
    ) -> None:
        """Money back from the receiver of a delivery to its supplier, for the links in ``mask``."""
        keep = pa.array(mask)
        self.flow(
            self.co(payer[mask]),
            self.co(payee[mask]),
            "money",
            deliverable,
            value[mask],
            start[mask],
            end[mask],
            np.zeros(int(mask.sum()), dtype=np.bool_),
            None if contract is None else contract.filter(keep),
        )

    # companies and markets
    def companies(self) -> None:
        ind, rng, n = self.ind, self.rng, self.b - self.a
        sector, rank = self.sector, self.rank
        in_market = np.full(n, np.nan)
        for m in ind.markets_between(self.a, self.b):
            details = ind.market(m)
            here = (details.members >= self.a) & (details.members < self.b)
            in_market[self.local(details.members[here])] = details.revenue[here]
            if details.lo >= self.a:
                self.parts["market"].append(
                    {"id": ind.market_ids(np.array([m])), "name": pa.array([details.name]), "region": details.region}
                )
            self.parts["competes_in"].append(
                {
                    "source": self.co(details.members[here]),
                    "target": ind.market_ids(np.full(int(here.sum()), m)),
                    "revenue": details.revenue[here],
                }
            )
        member = ~np.isnan(in_market)
        base = np.array([s.base_revenue or 0.0 for s in SECTORS])[sector]
        scale = (ind.size[sector] / (rank + 1.0)) ** 0.3
        revenue = base * rng.lognormal(0.0, 1.0, n) * scale
        revenue = np.where(member, in_market / rng.uniform(0.35, 0.95, n), revenue)
        revenue = np.maximum(np.round(revenue, 2), 0.01)
        reported = np.array([s.base_revenue is not None for s in SECTORS])[sector]
        revenue = np.where(reported, revenue, np.nan)
        employees = np.where(reported, revenue * rng.uniform(1.5, 6.0, n), rng.lognormal(np.log(300), 1.0, n))
        employees = np.maximum(np.round(employees), 1).astype(np.int64)
        founded = np.maximum(2024 - np.floor(rng.exponential(22.0, n) * (1 + 0.5 * ind.large(sector, rank))), 1870)
        self.founded_day: Ints = (founded.astype(np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]")
        self.founded_day = self.founded_day.astype(np.int64)
        country = np.zeros(n, dtype=np.int64)
        for s, spec in enumerate(SECTORS):
            here = sector == s
            if here.any():
                country[here] = rng.choice(len(COUNTRIES), int(here.sum()), p=ind.weights[spec.countries])
        self.country = country
        self.revenue: Floats = np.where(reported, revenue, 0.0)
        kinds = pa.array([s.kind for s in SECTORS]).take(sector)
        noun = ind.nouns.take(ind.noun_at[sector] + (rng.random(n) * ind.noun_count[sector]).astype(np.int64))
        plain = _join(pa.array(PLACES).take(rng.integers(0, len(PLACES), n)), " ", noun)
        formal = _join(plain, " ", pa.array(LEGAL_FORMS).take(country))
        self.names = pc.if_else(pa.array(sector != REGULATION), formal, plain)
        self.parts["company"].append(
            {
                "id": self.co(self.index),
                "name": self.names,
                "kind": kinds,
                "sector": pa.array([s.name for s in SECTORS]).take(sector),
                "country": pa.array(COUNTRIES).take(country),
                "revenue": revenue,
                "employees": employees,
                "founded": founded.astype(np.int64),
            }
        )

    def currency(self, index: Ints) -> pa.Array:
        return pa.array(CURRENCIES).take(self.country[self.local(index)])

    # goods down the tiers, money back up
    def products(self) -> None:
        """Each receiver in tiers 1-4 picks its suppliers upstream (mostly the tier above)."""
        ind, rng = self.ind, self.rng
        receivers = self.index[(self.sector >= 1) & (self.sector < TIERS)]
        if len(receivers) == 0:
            return
        sector = self.sector[self.local(receivers)]
        rank = self.rank[self.local(receivers)]
        sole = ind.sole_sourced(receivers)
        weight = 0.09 * (ind.size[sector] / (rank + 1.0)) ** 0.7
        picks = np.minimum(1 + rng.poisson(0.3 + weight), 2_000)
        picks[sole] = 1
        row = np.repeat(np.arange(len(receivers)), picks)
        receiver = receivers[row]
        skip = (sector[row] >= 2) & self.chance(0.07, len(row))
        supplier = ind.pick(rng, sector[row] - 1 - skip.astype(np.int64))
        _, first = np.unique(receiver * ind.n + supplier, return_index=True)
        first = np.sort(first)
        receiver, supplier, row = receiver[first], supplier[first], row[first]
        n = len(row)
        per_receiver = np.bincount(row, minlength=len(receivers))[row]
        value = self.amounts(0.5 * self.revenue[self.local(receiver)] / per_receiver)
        start, end = self.dates(n, self.founded_day[self.local(receiver)])
        critical = sole[row] | self.chance(0.12, n)
        contract = self.deals(
            self.chance(0.2, n), supplier, receiver, "supply", value, start, end, self.currency(receiver)
        )
        tier = ind.sector_of(supplier)
        self.flow(
            self.co(supplier),
            self.co(receiver),
            "product",
            self.product_words(tier),
            value,
            start,
            end,
            critical,
            contract,
        )
        self.paid(self.chance(0.85, n), receiver, supplier, value, start, end, contract, "payment for goods")
        informs = self.chance(0.15, n)
        self.flow(
            self.co(receiver[informs]),
            self.co(supplier[informs]),
            "information",
            self.words("information", int(informs.sum())),
            self.maybe(value[informs] * 0.01),
            start[informs],
            end[informs],
            np.zeros(int(informs.sum()), dtype=np.bool_),
        )
        teaches = self.chance(0.08, n)
        self.flow(
            self.co(supplier[teaches]),
            self.co(receiver[teaches]),
            "knowledge",
            self.words("knowledge", int(teaches.sum())),
            self.maybe(value[teaches] * 0.03),
            start[teaches],
            end[teaches],
            self.chance(0.2, int(teaches.sum())),
        )

    def product_words(self, tier: Ints) -> pa.Array:
        at = np.array([VOCAB_AT[f"product{t}"][0] for t in range(TIERS - 1)])[tier]
        count = np.array([VOCAB_AT[f"product{t}"][1] for t in range(TIERS - 1)])[tier]
        return self.ind.vocab.take(at + (self.rng.random(len(tier)) * count).astype(np.int64))

    def maybe(self, value: Floats) -> Floats:
        """Intangibles: an estimated value for half of them, none for the rest."""
        shown = self.chance(0.5, len(value))
        return np.where(shown, np.maximum(np.round(value, 2), 0.01), np.nan)

    def anchors(self) -> None:
        """Every company of tiers 0-3 has at least one customer in the tier below it."""
        ind, rng = self.ind, self.rng
        suppliers = self.index[self.sector < TIERS - 1]
        if len(suppliers) == 0:
            return
        target = self.sector[self.local(suppliers)] + 1
        size, first = ind.size[target], ind.start[target]
        customer = first + rng.integers(0, size)
        for _ in range(8):  # sole-sourced receivers take no second supplier: try the next one
            sole = ind.sole_sourced(customer)
            customer = np.where(sole, first + (customer - first + 1) % size, customer)
        keep = ~ind.sole_sourced(customer)
        suppliers, customer = suppliers[keep], customer[keep]
        n = len(suppliers)
        value = self.amounts(0.3 * self.revenue[self.local(suppliers)])
        start, end = self.dates(n, self.founded_day[self.local(suppliers)])
        contract = self.deals(
            self.chance(0.2, n), suppliers, customer, "supply", value, start, end, self.currency(suppliers)
        )
        tier = self.sector[self.local(suppliers)]
        self.flow(
            self.co(suppliers),
            self.co(customer),
            "product",
            self.product_words(tier),
            value,
            start,
            end,
            self.chance(0.12, n),
            contract,
        )
        self.paid(self.chance(0.85, n), customer, suppliers, value, start, end, contract, "payment for goods")

    # service sectors
    def services(self) -> None:
        tiers = self.sector < TIERS
        self.service(tiers, LOGISTICS, 0.3, "service", "logistics", 0.9, "service fees", "service")
        software = self.chance(0.6, self.b - self.a)
        self.service(software, SOFTWARE, 0.25, "service", "software", 0.85, "subscription fees", "service")
        self.service(~software, SOFTWARE, 0.25, "data", "data", 0.6, "licence fees", "licence")
        insured = self.chance(0.5, self.b - self.a)
        businesses = np.array(COMPETING)[self.sector]
        self.service(
            businesses & insured, FINANCE, 0.15, "risk_reduction", "insurance", 0.95, "insurance premium", "insurance"
        )
        self.service(businesses & ~insured, FINANCE, 0.15, "money", "loan", 0.9, "loan repayment", "loan")

    def service(
        self,
        eligible: Bools,
        provider_sector: int,
        share: float,
        category: str,
        words: str,
        pays: float,
        fee: str,
        kind: str,
    ) -> None:
        ind = self.ind
        chosen = eligible & self.chance(share, self.b - self.a)
        customer = self.index[chosen]
        n = len(customer)
        provider = ind.pick(self.rng, np.full(n, provider_sector, dtype=np.int64), power=2.5)
        size, first = int(ind.size[provider_sector]), int(ind.start[provider_sector])
        provider = np.where(provider == customer, first + (provider - first + 1) % size, provider)
        keep = provider != customer
        customer, provider = customer[keep], provider[keep]
        n = len(customer)
        value = self.amounts(0.02 * self.revenue[self.local(customer)] + 0.05)
        start, end = self.dates(n, self.founded_day[self.local(customer)])
        contract = self.deals(
            self.chance(0.25, n), provider, customer, kind, value, start, end, self.currency(customer)
        )
        critical = self.chance(0.1, n)
        self.flow(
            self.co(provider), self.co(customer), category, self.words(words, n), value, start, end, critical, contract
        )
        self.paid(self.chance(pays, n), customer, provider, value, start, end, contract, fee)

    def public(self) -> None:
        """Regulators grant access; companies send them compliance."""
        ind = self.ind
        regulated = self.sector != REGULATION
        for category, share in (("compliance", 0.15), ("access", 0.1)):
            company = self.index[regulated & self.chance(share, self.b - self.a)]
            n = len(company)
            regulator = ind.pick(self.rng, np.full(n, REGULATION, dtype=np.int64), power=2.0)
            start, end = self.dates(n, self.founded_day[self.local(company)], open_share=0.7)
            ends = (company, regulator) if category == "compliance" else (regulator, company)
            critical = np.zeros(n, dtype=np.bool_) if category == "compliance" else self.chance(0.5, n)
            value = np.full(n, np.nan)
            self.flow(
                self.co(ends[0]), self.co(ends[1]), category, self.words(category, n), value, start, end, critical
            )

    def ownership(self) -> None:
        """Subsidiaries owned by a bigger company of their sector; minority stakes held by investors."""
        ind, rng, n = self.ind, self.rng, self.b - self.a
        businesses = np.array(COMPETING)[self.sector]
        child = self.index[businesses & (self.rank >= 1) & self.chance(0.03, n)]
        sector = self.sector[self.local(child)]
        rank = self.rank[self.local(child)]
        parent = ind.start[sector] + (rank * rng.random(len(child)) ** 2).astype(np.int64)
        share = np.where(self.chance(0.6, len(child)), 1.0, np.round(rng.uniform(0.2, 0.95, len(child)), 3))
        self.parts["owns"].append({"source": self.co(parent), "target": self.co(child), "share": share})
        held = self.index[businesses & self.chance(0.02, n)]
        m = len(held)
        investor = ind.pick(rng, np.full(m, INVESTMENT, dtype=np.int64), power=2.0)
        stake = np.round(rng.uniform(0.02, 0.3, m), 3)
        self.parts["owns"].append({"source": self.co(investor), "target": self.co(held), "share": stake})
        value = self.amounts(stake * self.revenue[self.local(held)] + 0.5)
        start, end = self.dates(m, self.founded_day[self.local(held)], open_share=0.8)
        no = np.zeros(m, dtype=np.bool_)
        self.flow(self.co(investor), self.co(held), "money", "equity investment", value, start, end, no)
        reporting = self.words("reporting", m)
        self.flow(self.co(held), self.co(investor), "information", reporting, np.full(m, np.nan), start, end, no)
        self.paid(self.chance(0.5, m), held, investor, np.round(value * 0.08 + 0.01, 2), start, end, None, "dividends")

    # inside companies
    def roles(self) -> None:
        """Large companies have 2-5 roles (divisions); some roles have capabilities."""
        ind, rng = self.ind, self.rng
        company = self.index[ind.large(self.sector, self.rank)]
        if len(company) == 0:
            return
        count = rng.integers(2, 6, len(company))
        row = np.repeat(np.arange(len(company)), count)
        number = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        function = (rng.integers(0, len(FUNCTIONS), len(company))[row] + number) % len(FUNCTIONS)
        owner = company[row]
        ids = ind.sub_ids("ro-", owner, number + 1)
        names = self.names.take(self.local(owner))
        self.parts["role"].append(
            {
                "id": ids,
                "name": _join(names, " ", pa.array(FUNCTION_TITLES).take(function)),
                "function": pa.array(FUNCTIONS).take(function),
            }
        )
        self.parts["has_role"].append({"source": self.co(owner), "target": ids})
        # role capabilities: 1-2 from the function's domain
        skilled = self.chance(0.3, len(row))
        domain = np.array(FUNCTION_DOMAINS)[function]
        own = np.array([s.domains[0] for s in SECTORS])[self.sector[self.local(owner)]]
        domain = np.where(domain < 0, own, domain)[skilled]
        k = rng.integers(1, 3, len(domain))
        which = np.repeat(np.arange(len(domain)), k)
        step = np.arange(len(which)) - np.repeat(np.cumsum(k) - k, k)
        stride = np.array([1, 2, 4, 7])[rng.integers(0, 4, len(domain))]
        first = rng.integers(0, len(ACTIVITIES), len(domain))
        activity = (first[which] + step * stride[which]) % len(ACTIVITIES)
        cap = domain[which] * len(ACTIVITIES) + activity
        self.parts["has_capability"].append(
            {
                "source": ids.filter(pa.array(skilled)).take(which),
                "target": ind.capability_ids(cap),
                "source_label": "Role",
                "level": np.round(rng.beta(3, 2, len(which)), 2),
            }
        )
        # one internal flow per large company: its first role informs its second
        firsts = np.cumsum(count) - count
        n = len(company)
        start, end = self.dates(n, self.founded_day[self.local(company)], open_share=0.8)
        self.flow(
            ids.take(firsts),
            ids.take(firsts + 1),
            "knowledge",
            self.words("role", n),
            np.full(n, np.nan),
            start,
            end,
            np.zeros(n, dtype=np.bool_),
            source_label="Role",
            target_label="Role",
        )

    def value_streams(self) -> None:
        """Some companies operate one or two value streams; streams deliver to streams."""
        ind, rng = self.ind, self.rng
        streams = ind.streams(self.index)
        company = self.index[streams > 0]
        count = streams[streams > 0]
        row = np.repeat(np.arange(len(company)), count)
        number = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        owner = company[row]
        ids = ind.sub_ids("vs-", owner, number + 1)
        internal = (count[row] == 2) & (number == 0)
        kind_in = pa.array(STREAMS_INTERNAL).take(rng.integers(0, len(STREAMS_INTERNAL), len(row)))
        kind_out = pa.array(STREAMS_EXTERNAL).take(rng.integers(0, len(STREAMS_EXTERNAL), len(row)))
        self.parts["value_stream"].append(
            {
                "id": ids,
                "name": _join(
                    self.names.take(self.local(owner)), " ", pc.if_else(pa.array(internal), kind_in, kind_out)
                ),
                "customer_type": pc.if_else(pa.array(internal), "internal", "external"),
            }
        )
        self.parts["operates"].append({"source": self.co(owner), "target": ids})
        # inside a company: its internal stream feeds its external one
        two = company[count == 2]
        n = len(two)
        start, end = self.dates(n, self.founded_day[self.local(two)], open_share=0.8)
        self.flow(
            ind.sub_ids("vs-", two, np.ones(n, dtype=np.int64)),
            ind.sub_ids("vs-", two, np.full(n, 2, dtype=np.int64)),
            "service",
            self.words("stream", n),
            np.full(n, np.nan),
            start,
            end,
            np.ones(n, dtype=np.bool_),
            source_label="ValueStream",
            target_label="ValueStream",
        )
        # across companies: an external stream feeds the first stream of a company one tier down
        up = (ind.sector_of(company) < TIERS - 1) & self.chance(0.7, len(company))
        source, source_count = company[up], count[up]
        target_sector = ind.sector_of(source) + 1
        size, first = ind.size[target_sector], ind.start[target_sector]
        candidate = first + rng.integers(0, size)
        found = np.full(len(source), -1, dtype=np.int64)
        for step in range(128):  # walk to the next company that operates a stream
            look = first + (candidate - first + step) % size
            hit = (found < 0) & (ind.streams(look) > 0)
            found[hit] = look[hit]
            if (found >= 0).all():
                break
        keep = found >= 0
        source, source_count, found = source[keep], source_count[keep], found[keep]
        n = len(source)
        start, end = self.dates(n, self.founded_day[self.local(source)])
        self.flow(
            ind.sub_ids("vs-", source, source_count),
            ind.sub_ids("vs-", found, np.ones(n, dtype=np.int64)),
            "product",
            self.words("stream", n),
            self.amounts(0.1 * self.revenue[self.local(source)] + 0.1),
            start,
            end,
            self.chance(0.3, n),
            source_label="ValueStream",
            target_label="ValueStream",
        )

    def capabilities(self) -> None:
        """Every company has 1-5 distinct capabilities from its sector's domains."""
        rng, n = self.rng, self.b - self.a
        count = rng.choice(np.arange(1, 6), n, p=[0.25, 0.3, 0.2, 0.15, 0.1])
        row = np.repeat(np.arange(n), count)
        step = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        first_domain = np.array([s.domains[0] for s in SECTORS])[self.sector]
        width = np.array([s.domains[1] for s in SECTORS])[self.sector] * len(ACTIVITIES)
        begin = (width * rng.random(n) ** 2).astype(np.int64)
        stride = np.array([1, 7, 11, 13, 17, 19, 23])[rng.integers(0, 7, n)]  # coprime with every width
        offset = (begin[row] + step * stride[row]) % width[row]
        cap = (first_domain[row] * len(ACTIVITIES) + offset) % CAPABILITIES
        self.parts["has_capability"].append(
            {
                "source": self.co(self.index[row]),
                "target": self.ind.capability_ids(cap),
                "level": np.round(rng.beta(2, 2, len(row)), 2),
            }
        )

    def ecosystems(self) -> None:
        """A few companies (more of the large ones) join one or two consortia."""
        ind, rng, n = self.ind, self.rng, self.b - self.a
        chance = np.where(ind.large(self.sector, self.rank), 0.4, 0.05)
        member = self.index[self.chance(chance, n)]
        m, count = len(member), ind.ecosystems
        first = np.minimum((count * rng.random(m) ** 2).astype(np.int64), count - 1)
        second = (first + 1 + rng.integers(0, count - 1, m)) % count
        both = self.chance(0.25, m)
        self.parts["member_of"].append({"source": self.co(member), "target": ind.ecosystem_ids(first)})
        self.parts["member_of"].append({"source": self.co(member[both]), "target": ind.ecosystem_ids(second[both])})


# --------------------------------------------------------------------------- small tools


def _rng(seed: int, purpose: int, number: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, purpose, number])))


_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix(x: int) -> int:
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _unit(seed: int, salt: int, index: Ints) -> Floats:
    """A uniform number in [0, 1) per index, the same wherever it is computed (splitmix64)."""
    key = np.uint64(_mix((_mix(seed & _MASK64) + salt * _GOLDEN) & _MASK64))
    x = index.astype(np.uint64) * np.uint64(_GOLDEN) ^ key
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _text(numbers: Ints) -> pa.Array:
    return pa.array(numbers, type=pa.int64()).cast(pa.string())


def _pad(numbers: Ints, width: int) -> pa.Array:
    return pc.utf8_lpad(_text(numbers), width, "0")


def _join(*parts: pa.Array | str) -> pa.Array:
    """Strings joined element-wise (plain str are repeated)."""
    return pc.binary_join_element_wise(*parts, "")


def _spread(values: pa.Array, chosen: Bools) -> pa.Array:
    """``values`` (one per chosen entry) placed at the chosen positions, null elsewhere."""
    slot = np.cumsum(chosen) - 1
    return values.take(pa.array(np.where(chosen, slot, 0), mask=~chosen))
