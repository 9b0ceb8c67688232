"""An import killed at any point leaves the graph as before or after; re-running converges."""

from __future__ import annotations

import functools
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from service.engines.embedded import EmbeddedServer, Limits
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineLockedError, EngineUnavailable
from service.ingest import importer
from service.ingest.importer import import_dataset
from service.ingest.vocabulary import Vocabularies
from tests.test_import import exported, same_files
from tests.utils.datasets import basic_tables, write_dataset


def bigger_tables(companies: int = 3000) -> dict[str, list[dict[str, Any]]]:
    """Enough rows for the import to write several batches of relationships."""
    return {
        "company": [{"id": f"c{i}", "name": f"Company {i}", "revenue": str(i)} for i in range(companies)]
        + basic_tables()["company"],
        "delivers": [
            {
                "id": f"d{i}",
                "source": f"c{i % companies}",
                "target": f"c{(i * 7 + 1) % companies}",
                "nature": "tangible",
                "category": "product",
                "value": str(i % 97),
            }
            for i in range(2 * companies)
        ],
        "owns": [{"source": "a", "target": f"c{i}", "share": "0.5"} for i in range(10)],
    }


def start(data: Path, limits: Limits | None = None) -> tuple[EmbeddedServer, FalkorDBEngine]:
    server = EmbeddedServer(data, limits)
    server.start()
    engine = FalkorDBEngine(server.client(), "g", query_timeout_ms=30_000, server=server)
    engine.ensure_schema()
    return server, engine


def start_when_free(data: Path, timeout_s: float = 15.0) -> tuple[EmbeddedServer, FalkorDBEngine]:
    """Start once the killed process's engine has let go of the data directory."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return start(data)
        except EngineLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


KILLS = [
    *[(False, "write", table) for table in ("company.csv", "delivers.csv", "owns.csv")],
    *[(True, "import", table) for table in ("company.csv", "delivers.csv", "owns.csv")],
    # a bulk load interns a finished table while the next ones load: kill in the middle of both
    (True, "intern", "company.csv"),
    (True, "intern", "delivers.csv"),
]


@pytest.mark.parametrize(
    ("replace", "phase", "kill_at"), KILLS, ids=[f"{'bulk-replace' if r else 'upsert'}-{p}-{t}" for r, p, t in KILLS]
)
def test_import_killed_with_the_engine_leaves_the_graph_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: bool, phase: str, kill_at: str
) -> None:
    monkeypatch.setattr(importer, "Vocabularies", functools.partial(Vocabularies, chunk=500))  # many interning writes
    dataset = write_dataset(tmp_path / "new", **bigger_tables())
    server, engine = start(tmp_path / "data")
    try:
        import_dataset(engine, write_dataset(tmp_path / "old", **basic_tables()))
        before = exported(engine, tmp_path / "before")

        def kill_engine(now: str, table: str, done: int, total: int) -> None:
            if now == phase and table == kill_at and server.pid and not server.crashed():
                os.kill(server.pid, signal.SIGKILL)
                server._process.wait()  # type: ignore[union-attr]

        with pytest.raises(EngineUnavailable):
            import_dataset(engine, dataset, replace=replace, progress=kill_engine)
    finally:
        server.stop()

    server, engine = start(tmp_path / "data")  # restart on the same data
    try:
        assert same_files(before, exported(engine, tmp_path / "after-kill")), "the kill left a partial import"
        assert engine._command("GRAPH.LIST") == ["g"], "the start kept what the killed import staged"
        import_dataset(engine, dataset, replace=replace)  # run it again
        again = exported(engine, tmp_path / "again")
    finally:
        server.stop()

    server, engine = start(tmp_path / "clean")  # the same import, never interrupted
    try:
        import_dataset(engine, write_dataset(tmp_path / "old2", **basic_tables()))
        import_dataset(engine, dataset, replace=replace)
        assert same_files(again, exported(engine, tmp_path / "clean-export"))
    finally:
        server.stop()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_import_process_killed_at_any_moment_leaves_before_or_after(tmp_path: Path, delay: float) -> None:
    """SIGKILL the ``valuenet import`` process (and so its engine) after ``delay`` seconds."""
    import subprocess
    import sys
    import time

    dataset = write_dataset(tmp_path / "new", **bigger_tables(20_000))
    env = {**os.environ, "VALUENET_DATABASE_URL": f"embedded://{tmp_path / 'data'}", "VALUENET_GRAPH": "g"}
    server, engine = start(tmp_path / "data")
    try:
        import_dataset(engine, write_dataset(tmp_path / "old", **basic_tables()))
        before = exported(engine, tmp_path / "before")
    finally:
        server.stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "import", str(dataset)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.kill()
    process.wait()

    server, engine = start_when_free(tmp_path / "data")
    try:
        now = exported(engine, tmp_path / "now")
        import_dataset(engine, dataset)
        after = exported(engine, tmp_path / "after")
    finally:
        server.stop()
    assert same_files(now, before) or same_files(now, after)
