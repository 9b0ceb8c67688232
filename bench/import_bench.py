"""Import benchmark: a generated industry imported through valuenet into a fresh embedded
engine and, with ``--neo4j``, into Neo4j, against the plain ``UNWIND ... CREATE`` loop an
engineer would write first, side by side in one run.

    python -m bench.import_bench --companies 1000000 --seed 7 [--neo4j start]

Prints rows/s per table, total wall time, peak memory of this process and of each engine
(the FalkorDB child, the Neo4j JVM), one table of relationships/s and memory per engine,
and the ratio of relationships/s against the plain loop on the embedded engine and data.
On the embedded engine the import stores each recurring text once (interned).
``--neo4j`` is described in ``bench/sides.py``: ``start`` runs a Neo4j of this run's own
with 4 GB of heap and of page cache. The Neo4j import is a replace (its graph emptied).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from bench.sides import LoadAverage, Sampler, Side, add_arguments, embedded, neo4j, peak_mb, resident_mb
from service.engines.base import Engine
from service.errors import ValuenetError
from service.ingest.importer import import_dataset
from service.ingest.schema import NODE_TABLES

PLAIN_BATCH = 10_000
PLAIN_NODES = "UNWIND $rows AS row CREATE (:Company {id: row.id, name: row.name, sector: row.sector})"
PLAIN_EDGES = (
    "UNWIND $rows AS row MATCH (a:Company {id: row.source}) MATCH (b:Company {id: row.target}) "
    "CREATE (a)-[:DELIVERS {id: row.id, category: row.category, nature: row.nature, value: row.value}]->(b)"
)


@dataclass(frozen=True)
class Figures:
    """One import's line of the summary table; ``failed`` says why it did not finish."""

    side: str
    method: str
    relationships: int
    wall: float
    own_mb: float
    engine_mb: float
    failed: str | None = None


class PeakAnonymous(Sampler):
    """Peak anonymous resident memory (RssAnon) of this process, sampled every 10 ms while
    in the block: its own memory, without the file pages it maps (shared libraries, the
    importer's on-disk id index), which the kernel can drop and read again."""

    every = 0.01

    def __init__(self) -> None:
        super().__init__()
        self.mb = 0.0

    def sample(self) -> None:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                self.mb = max(self.mb, int(line.split()[1]) / 1024)


def plain_loop(engine: Engine, dataset: Path) -> tuple[float, float, int]:
    """Companies then DELIVERS with the obvious batched UNWIND CREATE; (node s, edge s, edges)."""
    started = time.perf_counter()
    for batch in pq.ParquetFile(dataset / "company.parquet").iter_batches(
        PLAIN_BATCH, columns=["id", "name", "sector"]
    ):
        engine.write(PLAIN_NODES, {"rows": batch.to_pylist()})
    nodes = time.perf_counter() - started
    started = time.perf_counter()
    edges = 0
    columns = ["id", "source", "target", "category", "nature", "value", "source_label", "target_label"]
    for batch in pq.ParquetFile(dataset / "delivers.parquet").iter_batches(PLAIN_BATCH, columns=columns):
        rows = [r for r in batch.to_pylist() if not r["source_label"] and not r["target_label"]]
        engine.write(PLAIN_EDGES, {"rows": rows})
        edges += len(rows)
    return nodes, time.perf_counter() - started, edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="folder for the dataset and engines (default: a temporary one)")
    parser.add_argument("--skip-plain", action="store_true", help="do not run the plain loop")
    add_arguments(parser)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="valuenet-bench-"))
    dataset = work / "dataset"

    with LoadAverage() as load:
        started = time.perf_counter()  # in a child process, so this one's peak RSS is the importer's
        command = [sys.executable, "-m", "service", "generate", "--companies", str(args.companies)]
        command += ["--seed", str(args.seed), "--out", str(dataset), "--format", "parquet"]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        os.sync()  # the files on disk before the clock starts: their write-back would slow the import
        generated = {p.stem: pq.ParquetFile(p).metadata.num_rows for p in dataset.iterdir()}
        print(
            f"generated {sum(generated.values()):,} rows in {time.perf_counter() - started:,.1f} s "
            f"(companies {generated['company']:,}, delivers {generated['delivers']:,})"
        )
        figures = [import_figures(embedded(work / "engine"), dataset)]
        if args.neo4j:
            figures.append(import_figures(neo4j(args), dataset))
        if not args.skip_plain:
            rate = plain_figures(work, dataset, generated["company"])
            print(
                f"ratio, relationships/s of the import (overall, validation included) to the plain loop: "
                f"{figures[0].relationships / figures[0].wall / rate:,.2f}x"
            )
    summary(figures)
    print(load)


def import_figures(side: Side, dataset: Path) -> Figures:
    """Import into the side's engine (replacing its graph); print rows/s per table, wall
    time and peak memory. Stops the side's engine when done."""
    try:
        seen: dict[str, list[float]] = {}  # table: first and last report of its sending
        interned: dict[str, list[float]] = {}
        validated = [0.0]  # an upsert validates every table before it writes any

        def progress(phase: str, table: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if phase in ("import", "write"):
                seen.setdefault(table, [now, now])[1] = now
            elif phase == "intern":
                interned.setdefault(table, [now, now])[1] = now
            elif phase == "validate":
                validated[0] = now

        started = time.perf_counter()
        with PeakAnonymous() as own:
            try:
                summary = import_dataset(side.engine, dataset, replace=True, progress=progress)
            except ValuenetError as exc:
                wall = time.perf_counter() - started
                print(f"\nimport into {side.name} FAILED after {wall:,.1f} s: {exc}")
                return Figures(side.name, "failed", 0, wall, own.mb, peak_mb(side.pid), str(exc))
        wall = time.perf_counter() - started
        total = sum(summary.rows.values())
        print(f"\nimport into {side.name} ({summary.method}) of {total:,} rows")
        previous = max(started, validated[0])  # tables are read and sent one after another; interning overlaps
        if validated[0]:
            print(f"validation of every table first: {validated[0] - started:,.1f} s")
        print(f"{'table':<16}{'rows':>12}{'rows/s':>14}{'interning':>12}")
        for name, rows in summary.rows.items():
            sent = seen.get(f"{name}.parquet", [previous, previous])[1]
            first, last = interned.get(f"{name}.parquet", [0.0, 0.0])
            interning = f"{last - first:>10,.1f} s" if last else ""
            print(f"{name:<16}{rows:>12,}{rows / max(sent - previous, 1e-3):>14,.0f}{interning:>12}")
            previous = sent
        print(f"after the last batch was sent (interning left, schema, commit): {wall - (previous - started):,.1f} s")
        node_tables = {t.name for t in NODE_TABLES}
        relationships = sum(rows for name, rows in summary.rows.items() if name not in node_tables)
        print(f"total wall time {wall:,.1f} s: {relationships:,} relationships, {relationships / wall:,.0f}/s overall")
        print(
            f"peak RSS: importer process {peak_rss_mb():,.0f} MB (its own, anonymous memory {own.mb:,.0f} MB), "
            f"engine {peak_mb(side.pid):,.0f} MB (resident after import {resident_mb(side.pid):,.0f} MB)"
        )
        return Figures(side.name, summary.method, relationships, wall, own.mb, peak_mb(side.pid))
    finally:
        side.close()


def summary(figures: list[Figures]) -> None:
    """One line per import: relationships/s and peak memory, then Neo4j's rate to the embedded one."""
    print(f"\n{'engine':<34}{'method':>8}{'relationships':>15}{'wall s':>9}{'rel/s':>10}", end="")
    print(f"{'importer MB':>13}{'engine peak MB':>16}")
    for f in figures:
        rate = f"{f.relationships / f.wall:>10,.0f}" if not f.failed else f"{'failed':>10}"
        print(
            f"{f.side:<34}{f.method:>8}{f.relationships:>15,}{f.wall:>9,.1f}{rate}{f.own_mb:>13,.0f}{f.engine_mb:>16,.0f}"
        )
    first, last = figures[0], figures[-1]
    if last.side.startswith("neo4j") and not last.failed:
        ratio = (last.relationships / last.wall) / (first.relationships / first.wall)
        print(f"relationships/s, Neo4j ÷ embedded: {ratio:.2f}")
    for f in figures:
        if f.failed:
            print(f"{f.side}: the import through valuenet failed: {f.failed}")


def plain_figures(work: Path, dataset: Path, companies: int) -> float:
    """The plain loop on another fresh embedded engine; return its DELIVERS per second."""
    side = embedded(work / "plain-engine")
    try:
        node_s, edge_s, edges = plain_loop(side.engine, dataset)
    finally:
        side.close()
    rate = edges / edge_s
    print(
        f"\nplain UNWIND CREATE loop (fresh embedded engine): companies {companies / node_s:,.0f}/s, "
        f"DELIVERS {rate:,.0f}/s ({edges:,} edges in {edge_s:,.1f} s)"
    )
    return rate


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process, or of this one."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak_mb(pid)


if __name__ == "__main__":
    main()
