"""The embedded engine's lifecycle: start, persistence, lock, crash, and no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineLockedError, EngineStartError, EngineUnavailable
from service.settings import Settings


def engine_on(server: EmbeddedServer) -> FalkorDBEngine:
    engine = FalkorDBEngine(server.client(), "g", query_timeout_ms=5000, server=server)
    engine.ensure_schema()
    return engine


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too: look at its state.
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    return state != "Z"


def lock_free(data_dir: Path) -> bool:
    try:
        EmbeddedServer(data_dir)._take_lock()
    except EngineLockedError:
        return False
    return True


def wait_until(condition: object, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_embedded_engine_starts_answers_and_listens_on_no_tcp_port(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    try:
        engine = engine_on(server)
        assert engine.health().ok
        assert engine.write("CREATE (:Company {id: 'a'}) RETURN 1 AS one").rows == [[1]]
        config = server.client().connection.config_get("port")
        assert config == {"port": "0"}
        assert oct(server.socket_path.parent.stat().st_mode & 0o777) == "0o700"
    finally:
        server.stop()


def test_embedded_engine_refuses_a_client_without_the_password(data_dir: Path) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    server = EmbeddedServer(data_dir)
    server.start()
    try:
        stranger = redis.Redis(unix_socket_path=str(server.socket_path), retry=Retry(NoBackoff(), 0))
        with pytest.raises(redis.AuthenticationError):
            stranger.execute_command("GRAPH.LIST")
    finally:
        server.stop()


def test_embedded_engine_keeps_acknowledged_writes_across_a_restart(data_dir: Path) -> None:
    first = EmbeddedServer(data_dir)
    first.start()
    engine_on(first).write("UNWIND range(1, 100) AS i CREATE (:Company {id: toString(i)})")
    first.stop()
    second = EmbeddedServer(data_dir)
    second.start()
    try:
        assert engine_on(second).read("MATCH (c:Company) RETURN count(c) AS n").rows == [[100]]
    finally:
        second.stop()


def test_embedded_engine_keeps_writes_when_killed_without_warning(data_dir: Path) -> None:
    first = EmbeddedServer(data_dir)
    first.start()
    engine_on(first).write("CREATE (:Company {id: 'survivor'})")
    assert first.pid is not None
    os.kill(first.pid, signal.SIGKILL)
    assert wait_until(lambda: first.crashed() is not None)
    first.stop()
    second = EmbeddedServer(data_dir)
    second.start()
    try:
        rows = engine_on(second).read("MATCH (c:Company) RETURN c.id AS id").rows
        assert rows == [["survivor"]]
    finally:
        second.stop()


def test_embedded_engine_locks_its_data_directory(data_dir: Path) -> None:
    first = EmbeddedServer(data_dir)
    first.start()
    try:
        with pytest.raises(EngineLockedError, match=f"in use by another valuenet process \\(pid {os.getpid()}\\)"):
            EmbeddedServer(data_dir).start()
    finally:
        first.stop()
    again = EmbeddedServer(data_dir)  # released on stop
    again.start()
    again.stop()


def test_embedded_engine_crash_is_reported_by_health_and_queries(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    try:
        engine = engine_on(server)
        assert server.pid is not None
        os.kill(server.pid, signal.SIGKILL)
        assert wait_until(lambda: server.crashed() is not None)
        health = engine.health()
        assert not health.ok
        assert "exited with code -9" in health.detail
        with pytest.raises(EngineUnavailable, match="exited with code -9"):
            engine.read("RETURN 1 AS one")
    finally:
        server.stop()


def test_embedded_engine_start_failure_shows_the_engine_log(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    aof = data_dir / "appendonlydir"
    aof.mkdir()
    (aof / "appendonly.aof.manifest").write_text("this is not a manifest\n")
    with pytest.raises(EngineStartError, match="exited with code") as failure:
        EmbeddedServer(data_dir, start_timeout_s=20).start()
    assert "manifest" in str(failure.value).lower()
    EmbeddedServer(data_dir)._take_lock()  # the failed start released the lock


def test_embedded_engine_dies_with_a_killed_valuenet(data_dir: Path) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from service.engines.embedded import EmbeddedServer\n"
        "s = EmbeddedServer(Path(sys.argv[1])); s.start()\n"
        "print(s.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(data_dir)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert alive(child)
    parent.kill()  # SIGKILL: no atexit, no cleanup code runs
    parent.wait()
    assert wait_until(lambda: not alive(child)), "the engine outlived valuenet"
    # Engine processes forked for background writes may hold the lock a moment longer.
    assert wait_until(lambda: lock_free(data_dir)), "the data directory stayed locked"
    restarted = EmbeddedServer(data_dir)
    restarted.start()
    restarted.stop()


def test_embedded_engine_enforces_the_query_time_limit(data_dir: Path) -> None:
    from service.engines import limits
    from service.errors import QueryTimeout

    server = EmbeddedServer(data_dir, limits(Settings(query_timeout_ms=50)))
    server.start()
    try:
        engine = FalkorDBEngine(server.client(), "g", query_timeout_ms=50, server=server)
        engine.write("UNWIND range(1, 300) AS i CREATE (:Company {id: toString(i)})")
        with pytest.raises(QueryTimeout):
            engine.read("MATCH (a:Company), (b:Company), (c:Company) RETURN count(*) AS n")
    finally:
        server.stop()


def test_embedded_engine_enforces_the_result_size_limit(data_dir: Path) -> None:
    from service.engines import limits

    server = EmbeddedServer(data_dir, limits(Settings(result_limit=10)))
    server.start()
    try:
        rows = engine_on(server).read("UNWIND range(1, 100) AS i RETURN i").rows
        assert len(rows) == 10
    finally:
        server.stop()
