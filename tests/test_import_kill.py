"""An import killed at any point leaves the graph as before or after; re-running converges."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineUnavailable
from service.ingest.importer import import_dataset
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


def start(data: Path) -> tuple[EmbeddedServer, FalkorDBEngine]:
    server = EmbeddedServer(data)
    server.start()
    engine = FalkorDBEngine(server.client(), "g", query_timeout_ms=30_000, server=server)
    engine.ensure_schema()
    return server, engine


@pytest.mark.parametrize("replace", [False, True], ids=["upsert", "bulk-replace"])
@pytest.mark.parametrize("kill_at", ["company.csv", "delivers.csv", "owns.csv"])
def test_import_killed_with_the_engine_leaves_the_graph_as_before(tmp_path: Path, replace: bool, kill_at: str) -> None:
    dataset = write_dataset(tmp_path / "new", **bigger_tables())
    server, engine = start(tmp_path / "data")
    try:
        import_dataset(engine, write_dataset(tmp_path / "old", **basic_tables()))
        before = exported(engine, tmp_path / "before")

        def kill_engine(phase: str, table: str, done: int, total: int) -> None:
            if phase in ("write", "import") and table == kill_at and server.pid and not server.crashed():
                os.kill(server.pid, signal.SIGKILL)
                server._process.wait()  # type: ignore[union-attr]

        with pytest.raises(EngineUnavailable):
            import_dataset(engine, dataset, replace=replace, progress=kill_engine)
    finally:
        server.stop()

    server, engine = start(tmp_path / "data")  # restart on the same data
    try:
        assert same_files(before, exported(engine, tmp_path / "after-kill")), "the kill left a partial import"
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
