"""A synthetic but realistic industry of N companies, written as a dataset folder.

The industry is a supply chain in five tiers (raw materials -> components -> assembly ->
distribution -> end customers; most companies upstream, few big assemblers) plus service
sectors (logistics, finance, software and data, investors, regulators). Goods flow down
the tiers and money flows back up; service sectors deliver services and intangibles.
Supplier choice is biased toward the first companies of a tier, so a few hubs have
thousands of customers while most companies have one to five. Companies of size have
roles (their sector's functions: procurement, production, sales, finance, R&D,
compliance, ...) that deliver each other, and every flow between two companies with
roles is seen again between the roles standing for them.

Memory does not grow with N: companies are generated in chunks of consecutive indices
and every chunk is written at once. A company's id, sector and tier derive from its
index, so a supplier in another chunk is named without any lookup; the few per-company
facts another chunk needs (is it sole-sourced? does it operate a value stream? how many
roles has it?) come from a counter-based hash of the index, and each market is re-derived
from its own random stream wherever it is needed. Everything random comes from numpy ``PCG64``
streams seeded by ``(seed, purpose, number)``, so a seed gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from service.ingest.generate.chunk import Chunk
from service.ingest.generate.industry import Industry
from service.ingest.generate.sectors import SECTORS, Sector
from service.ingest.generate.writers import Progress, Writers
from service.ingest.schema import TABLES

__all__ = ["CHUNK", "MIN_COMPANIES", "SECTORS", "Sector", "generate_dataset"]

#: companies generated (and written) at a time; part of what a seed reproduces
CHUNK: Final = 50_000
#: the smallest industry: one company per sector
MIN_COMPANIES: Final = 10


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
    industry = Industry(companies, seed)
    with Writers(out, fmt, progress) as writers:
        writers.write("capability", industry.capabilities())
        for first in range(0, industry.ecosystems, chunk_size):
            writers.write("ecosystem", industry.ecosystem_rows(first, min(first + chunk_size, industry.ecosystems)))
        for number, first in enumerate(range(0, companies, chunk_size)):
            chunk = Chunk(industry, number, first, min(first + chunk_size, companies))
            for name, table in chunk.tables().items():
                writers.write(name, table)
        return dict(writers.rows)


# --------------------------------------------------------------------------- writing
