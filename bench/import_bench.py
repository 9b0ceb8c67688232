"""Import benchmark: a generated industry into a fresh embedded engine, against the plain
``UNWIND ... CREATE`` loop an engineer would write first, side by side in one run.

    python bench/import_bench.py --companies 1000000 --seed 7 [--no-compact]

Prints rows/s per table, total wall time, peak memory of this process and of the engine,
and the ratio of relationships/s against the plain loop on the same engine and data. The
import is the default one, which stores each recurring text once. With ``--no-compact``, a
second import into another fresh engine keeps every text as sent (``valuenet import
--no-compact``), for its time and memory beside the default's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq

from service.engines import limits
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.ingest.importer import import_dataset
from service.settings import Settings

PLAIN_BATCH = 10_000
PLAIN_NODES = "UNWIND $rows AS row CREATE (:Company {id: row.id, name: row.name, sector: row.sector})"
PLAIN_EDGES = (
    "UNWIND $rows AS row MATCH (a:Company {id: row.source}) MATCH (b:Company {id: row.target}) "
    "CREATE (a)-[:DELIVERS {id: row.id, category: row.category, nature: row.nature, value: row.value}]->(b)"
)


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process, or of this one."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PeakAnonymous:
    """Peak anonymous resident memory (RssAnon) of this process, sampled every 10 ms while
    in the block: its own memory, without the file pages it maps (shared libraries, the
    importer's on-disk id index), which the kernel can drop and read again."""

    def __init__(self) -> None:
        self.mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakAnonymous:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("RssAnon:"):
                    self.mb = max(self.mb, int(line.split()[1]) / 1024)
            if self._done.wait(0.01):
                return


def fresh_server(folder: Path) -> EmbeddedServer:
    """An embedded engine on an empty folder (a ``--work`` folder may hold an earlier run's)."""
    shutil.rmtree(folder, ignore_errors=True)
    server = EmbeddedServer(folder, limits(Settings()))
    server.start()
    return server


def engine_on(server: EmbeddedServer, graph: str) -> FalkorDBEngine:
    engine = FalkorDBEngine(server.client(), graph, query_timeout_ms=600_000, write_timeout_ms=600_000, server=server)
    engine.ensure_schema()
    return engine


def plain_loop(engine: FalkorDBEngine, dataset: Path) -> tuple[float, float, int]:
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
    parser.add_argument("--no-compact", action="store_true", help="also import with --no-compact")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="valuenet-bench-"))
    dataset = work / "dataset"

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
    wall, relationships = import_figures(work, dataset, compact=True)
    if args.no_compact:
        import_figures(work, dataset, compact=False)
    if not args.skip_plain:
        rate = plain_figures(work, dataset, generated["company"])
        print(
            f"ratio, relationships/s of the import (overall, validation included) to the plain loop: "
            f"{relationships / wall / rate:,.2f}x"
        )


def import_figures(work: Path, dataset: Path, *, compact: bool) -> tuple[float, int]:
    """Import into a fresh engine; print rows/s per table, wall time and peak memory."""
    server = fresh_server(work / "engine")
    try:
        engine = engine_on(server, "imported")
        seen: dict[tuple[str, str], list[float]] = {}  # (phase, table): first and last report

        def progress(phase: str, table: str, done: int, total: int) -> None:
            now = time.perf_counter()
            seen.setdefault((phase, table), [now, now])[1] = now

        started = time.perf_counter()
        with PeakAnonymous() as own:
            summary = import_dataset(engine, dataset, compact=compact, progress=progress)
        wall = time.perf_counter() - started
        how = "compact, the default: each recurring text stored once" if compact else "--no-compact: texts as sent"
        print(f"\nimport ({summary.method}, {how}) of {sum(summary.rows.values()):,} rows")
        print(f"{'table':<16}{'rows':>12}{'rows/s':>14}{'interning':>12}")
        previous = started  # tables are read and sent one after another; interning overlaps
        for name, rows in summary.rows.items():
            sent = seen.get(("import", f"{name}.parquet"), [previous, previous])[1]
            first, last = seen.get(("intern", f"{name}.parquet"), [0.0, 0.0])
            interning = f"{last - first:>10,.1f} s" if last else ""
            print(f"{name:<16}{rows:>12,}{rows / max(sent - previous, 1e-3):>14,.0f}{interning:>12}")
            previous = sent
        print(f"after the last batch was sent (interning left, schema, swap): {wall - (previous - started):,.1f} s")
        relationships = sum(rows for name, rows in summary.rows.items() if name not in _node_tables())
        print(f"total wall time {wall:,.1f} s: {relationships:,} relationships, {relationships / wall:,.0f}/s overall")
        print(
            f"peak RSS: importer process {peak_rss_mb():,.0f} MB (its own, anonymous memory {own.mb:,.0f} MB), "
            f"engine {peak_rss_mb(server.pid):,.0f} MB (resident after import {_resident_mb(server.pid):,.0f} MB)"
        )
        return wall, relationships
    finally:
        server.stop()


def plain_figures(work: Path, dataset: Path, companies: int) -> float:
    """The plain loop on another fresh engine; return its DELIVERS per second."""
    server = fresh_server(work / "plain-engine")
    try:
        node_s, edge_s, edges = plain_loop(engine_on(server, "plain"), dataset)
    finally:
        server.stop()
    rate = edges / edge_s
    print(
        f"\nplain UNWIND CREATE loop (fresh engine): companies {companies / node_s:,.0f}/s, "
        f"DELIVERS {rate:,.0f}/s ({edges:,} edges in {edge_s:,.1f} s)"
    )
    return rate


def _node_tables() -> set[str]:
    from service.ingest.schema import NODE_TABLES

    return {t.name for t in NODE_TABLES}


def _resident_mb(pid: int | None) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
