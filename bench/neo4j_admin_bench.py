"""neo4j-admin benchmark: the fastest initial load of Neo4j, beside the embedded engine's
bulk import of the same generated industry, in one run.

    python -m bench.neo4j_admin_bench --companies 1000000 --seed 7 [--heap 2g] [--work DIR]

Generates an industry, imports it into a fresh embedded engine (``valuenet import``),
exports that graph with ``valuenet export --format neo4j-admin``, runs
``neo4j-admin database import full`` into a fresh Neo4j home (the test server's jars and
configuration, ``tests/utils/neo4j_server.py``), starts Neo4j on it and opens it as
valuenet does (which builds valuenet's schema). Prints, for each step, the wall time,
relationships/s and peak resident memory of the process doing the work, and the ratio of
neo4j-admin's relationships/s to the embedded bulk import's.

``--engine DIR`` exports an embedded data directory that already holds an industry (a copy:
the export opens it) instead of generating and importing one: no ratio then.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.import_bench import peak_rss_mb
from service.engines import limits, open_engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.ingest.importer import import_dataset
from service.ingest.neo4j_admin import AdminExport, export_neo4j_admin
from service.ingest.schema import NODE_TABLES
from service.settings import Settings
from tests.utils.neo4j_server import Neo4jServer

LONG_MS = 600_000  # the embedded engine's largest time limit by default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="2g", help="heap of neo4j-admin and of the Neo4j started on its store")
    parser.add_argument("--pagecache", default="2g", help="page cache of that Neo4j")
    parser.add_argument("--work", type=Path, help="folder for the dataset, files and engines (default: temporary)")
    parser.add_argument("--engine", type=Path, help="an embedded data directory holding an industry, to export")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="valuenet-admin-bench-"))
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.engine is None:
        generate(work / "dataset", args.companies, args.seed)
        shutil.rmtree(work / "engine", ignore_errors=True)
    given = Settings()
    server = EmbeddedServer(args.engine or work / "engine", limits(given), given.engine_start_timeout_s)  # 1M: minutes
    server.start()
    try:
        engine = FalkorDBEngine(
            server.client(), "valuenet", query_timeout_ms=LONG_MS, write_timeout_ms=LONG_MS, server=server
        )
        engine.ensure_schema()
        if args.engine is None:
            relationships, embedded_rate = embedded_import(engine, work / "dataset", server.pid)
        else:
            relationships, embedded_rate = engine.read("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0], None
        shutil.rmtree(work / "admin", ignore_errors=True)
        started = time.perf_counter()
        files = export_neo4j_admin(engine, work / "admin", "neo4j")
        print(
            f"export --format neo4j-admin: {time.perf_counter() - started:,.1f} s, {len(files.files)} files, "
            f"{sum(p.stat().st_size for p in (work / 'admin').iterdir()) / 2**20:,.0f} MB"
        )
    finally:
        server.stop()
    admin_rate = neo4j_admin(work / "neo4j", files, relationships, args.heap, args.pagecache)
    if embedded_rate is not None:
        print(f"ratio of relationships/s, neo4j-admin to the embedded bulk import: {admin_rate / embedded_rate:,.2f}x")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


def generate(dataset: Path, companies: int, seed: int) -> None:
    shutil.rmtree(dataset, ignore_errors=True)
    started = time.perf_counter()  # in a child process, so this one's peak memory is the importer's
    command = [sys.executable, "-m", "service", "generate", "--companies", str(companies)]
    command += ["--seed", str(seed), "--out", str(dataset), "--format", "parquet"]
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    os.sync()
    print(f"generated {companies:,} companies in {time.perf_counter() - started:,.1f} s")


def embedded_import(engine: FalkorDBEngine, dataset: Path, engine_pid: int | None) -> tuple[int, float]:
    """The relationships imported and their rate."""
    started = time.perf_counter()
    summary = import_dataset(engine, dataset)
    embedded_s = time.perf_counter() - started
    nodes = {t.name for t in NODE_TABLES}
    relationships = sum(rows for name, rows in summary.rows.items() if name not in nodes)
    embedded_rate = relationships / embedded_s
    print(
        f"embedded bulk import ({summary.method}): {embedded_s:,.1f} s, {relationships:,} relationships, "
        f"{embedded_rate:,.0f}/s; peak RSS importer {peak_rss_mb():,.0f} MB, "
        f"engine {peak_rss_mb(engine_pid):,.0f} MB"
    )
    return relationships, embedded_rate


def neo4j_admin(home: Path, files: AdminExport, relationships: int, heap: str, pagecache: str) -> float:
    """neo4j-admin's relationships/s into a fresh Neo4j home, then Neo4j started on it and opened."""
    shutil.rmtree(home, ignore_errors=True)
    neo4j = Neo4jServer(home, heap=heap, pagecache=pagecache)
    try:
        os.sync()
        admin = neo4j.import_full(files.arguments("neo4j"))
        admin_rate = relationships / admin.seconds
        own = re.search(r"Peak memory usage: (\S+)", admin.output)
        done = re.search(r"IMPORT DONE in (.+?)\.\s", admin.output)
        print(
            f"neo4j-admin database import full (heap {heap}): {admin.seconds:,.1f} s with the JVM's start "
            f"(the import itself: {done[1] if done else '?'}), {admin_rate:,.0f} relationships/s; "
            f"peak RSS {admin.peak_rss_mb:,.0f} MB (its own report: {own[1] if own else '?'})"
        )
        started = time.perf_counter()
        neo4j.start()
        print(f"Neo4j started on the imported store in {time.perf_counter() - started:,.1f} s")
        started = time.perf_counter()
        settings = Settings(database_url=neo4j.url, neo4j_password=neo4j.password, write_timeout_ms=LONG_MS)
        opened = open_engine(settings)
        counted = opened.read("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
        opened.close()
        print(
            f"valuenet's first open (building its schema): {time.perf_counter() - started:,.1f} s, "
            f"{counted:,} relationships"
        )
        assert counted == relationships, (counted, relationships)
    finally:
        neo4j.stop()
    return admin_rate


if __name__ == "__main__":
    main()
