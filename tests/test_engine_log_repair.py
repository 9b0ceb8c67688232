"""No import leaves a data directory that does not start: what an import wrote before it
crashed or was killed is dropped from the log at the next start (service/engines/appendonly.py).

The crash is the engine's own: FalkorDB 4.16 segfaults checking a unique constraint over an
id with surrounding whitespace. Validation refuses such ids; these tests write them through
a stage directly, as a bug past validation would.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from service.engines.embedded import EmbeddedServer, Limits
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineUnavailable
from service.ingest.importer import import_dataset
from tests.test_embedded_engine import wait_until
from tests.test_import import exported, same_files
from tests.test_import_kill import start
from tests.utils.datasets import basic_tables, write_dataset

#: An id the engine crashes on once it is under a unique constraint.
POISON = " padded "


def constraints_built(engine: FalkorDBEngine, timeout_s: float = 60.0) -> bool:
    """Wait for the engine's background check of the unique constraints (where it crashes)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        states = {row[0] for row in engine.write("CALL db.constraints() YIELD status RETURN status").rows}
        if states == {"OPERATIONAL"}:
            return True
        time.sleep(0.05)
    return False


def graphs(engine: FalkorDBEngine) -> list[str]:
    return sorted(engine._command("GRAPH.LIST"))


def import_poison(engine: FalkorDBEngine, *, replace: bool, nodes: int) -> None:
    with engine.staged(replace=replace) as stage:
        stage.write("UNWIND range(1, $n) AS i CREATE (:Company {id: 'n' + toString(i)})", {"n": nodes})
        stage.write("CREATE (:Company {id: $id})", {"id": POISON})


def abandon_import(engine: FalkorDBEngine) -> None:
    with engine.staged(replace=False) as stage:
        stage.write("CREATE (:Company {id: 'abandoned'})")
        raise RuntimeError


def kill_during_import(server: EmbeddedServer, engine: FalkorDBEngine) -> None:
    """SIGKILL the engine while an import stages, after a write to the graph beside it."""
    with engine.staged(replace=False) as stage:
        stage.write("CREATE (:Company {id: 'killed'})")
        engine.write("CREATE (:Company {id: 'beside'})")
        assert server.pid is not None
        os.kill(server.pid, signal.SIGKILL)
        server._process.wait()  # type: ignore[union-attr]
        stage.write("CREATE (:Company {id: 'after the kill'})")


# 50k nodes: the engine's check outlasts the commit, were the commit not to wait for it.
@pytest.mark.parametrize("nodes", [0, 50_000], ids=["small", "big"])
@pytest.mark.parametrize("replace", [True, False], ids=["replace", "upsert"])
def test_an_import_that_crashes_the_engine_leaves_the_committed_graph(
    tmp_path: Path, replace: bool, nodes: int
) -> None:
    server, engine = start(tmp_path / "data")
    try:
        import_dataset(engine, write_dataset(tmp_path / "old", **basic_tables()))
        before = exported(engine, tmp_path / "before")
        with pytest.raises(EngineUnavailable):
            import_poison(engine, replace=replace, nodes=nodes)
        assert wait_until(lambda: server.crashed() is not None), "the engine took the id: nothing to test"
    finally:
        server.stop()

    server, engine = start(tmp_path / "data")  # it crashed at every start before the repair
    try:
        assert constraints_built(engine)
        assert server.crashed() is None
        assert same_files(before, exported(engine, tmp_path / "after"))
        assert graphs(engine) == ["g"]
    finally:
        server.stop()


def test_the_repair_drops_unfinished_imports_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A committed import, an abandoned one, then a killed one, all in the log (no rewrite
    after the commit); writes to the graph made meanwhile are kept."""
    monkeypatch.setattr(FalkorDBEngine, "_compact_log", lambda _self: None)
    # fsync "always": with "everysec", a busy disk lets the engine acknowledge a write it
    # has not yet written (see the README's durability paragraph), and the kill loses it.
    server, engine = start(tmp_path / "data", Limits(fsync="always"))
    try:
        with engine.staged(replace=False) as stage:
            stage.write("CREATE (:Company {id: 'committed'})")
        with pytest.raises(RuntimeError):
            abandon_import(engine)
        with pytest.raises(EngineUnavailable):
            kill_during_import(server, engine)
    finally:
        server.stop()

    server, engine = start(tmp_path / "data")
    try:
        ids = sorted(row[0] for row in engine.read("MATCH (c:Company) RETURN c.id").rows)
        assert ids == ["beside", "committed"]
        assert graphs(engine) == ["g"]
    finally:
        server.stop()
