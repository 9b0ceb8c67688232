"""A crashed embedded engine is started again: 503 with Retry-After meanwhile, then the same
answers; past the allowed crashes in a row it stays down and says so."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.analytics.supply_index import supply_index
from service.api import create_app
from service.engines.embedded import EmbeddedServer, Supervision
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineUnavailable
from service.ingest.importer import import_dataset
from service.queries import Catalog
from service.queries.steps import Steps
from tests.test_embedded_engine import wait_until
from tests.utils.datasets import basic_tables, write_dataset

QUESTION = "/v1/queries/ecosystem_stats"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    """An engine of its own, restarted after a crash (a second's delay, to see it down)."""
    supervised = EmbeddedServer(tmp_path / "data", supervision=Supervision(attempts=2, first_delay_s=1.0))
    supervised.start()
    yield supervised
    supervised.stop()


@pytest.fixture
def engine(server: EmbeddedServer, tmp_path: Path) -> FalkorDBEngine:
    graph = FalkorDBEngine(server.client(), "g", query_timeout_ms=5000, server=server)
    graph.ensure_schema()
    import_dataset(graph, write_dataset(tmp_path / "dataset", **basic_tables()))
    return graph


def kill(server: EmbeddedServer) -> int:
    """SIGKILL the engine child; return its pid."""
    pid = server.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: server.unavailable() is not None)
    return pid


def test_a_killed_engine_is_restarted_with_its_data(
    server: EmbeddedServer, engine: FalkorDBEngine, catalog: Catalog
) -> None:
    with TestClient(create_app(engine, catalog)) as client:
        before = client.get(QUESTION)
        assert before.status_code == 200
        generation = engine.generation
        killed = kill(server)

        down = client.get(QUESTION)
        assert down.status_code == 503
        assert down.json()["detail"] == "the embedded engine is restarting after a crash"
        assert 1 <= int(down.headers["Retry-After"]) <= 3
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200

        assert wait_until(lambda: client.get("/readyz").status_code == 200, timeout_s=30)
        assert client.get("/healthz").status_code == 200
        again = client.get(QUESTION)
        assert again.status_code == 200
        assert again.json()["rows"] == before.json()["rows"]
    assert server.pid != killed
    assert server.crashes == 1
    assert engine.generation != generation


def test_the_supply_index_is_rebuilt_after_a_restart(
    server: EmbeddedServer, engine: FalkorDBEngine, catalog: Catalog
) -> None:
    first = supply_index(Steps.of(engine, catalog))
    kill(server)
    assert wait_until(lambda: engine.health().ok, timeout_s=30)
    second = supply_index(Steps.of(engine, catalog))  # a question after the restart
    assert first is not None
    assert second is not first
    assert second is not None
    assert second.source.tolist() == first.source.tolist()


def test_an_engine_that_keeps_crashing_stays_down_and_says_so(
    server: EmbeddedServer, engine: FalkorDBEngine, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    # Every start fails from now on: the engine exits at once on a broken log manifest.
    (server.data_dir / "appendonlydir" / "appendonly.aof.manifest").write_text("this is not a manifest\n")
    with TestClient(create_app(engine, catalog)) as client:
        kill(server)
        assert wait_until(lambda: "not restarted again" in client.get("/readyz").text, timeout_s=30)
        down = client.get(QUESTION)
        assert down.status_code == 503
        assert down.json()["detail"] == (
            "the embedded engine crashed 3 times in a row and is not restarted again; restart valuenet"
        )
        assert "Retry-After" not in down.headers
        assert client.get("/readyz").status_code == 503
    assert server.crashes == 3
    assert "crashed 3 times in a row" in caplog.text


def test_an_import_the_engine_restarted_during_writes_nothing(server: EmbeddedServer, engine: FalkorDBEngine) -> None:
    """The restart dropped what the import had staged; its later writes must not commit alone."""
    before = engine.read("MATCH (c:Company) RETURN c.id ORDER BY c.id").rows
    with pytest.raises(EngineUnavailable, match="restarted during the import"):
        import_across_a_restart(server, engine)
    assert engine.read("MATCH (c:Company) RETURN c.id ORDER BY c.id").rows == before


def import_across_a_restart(server: EmbeddedServer, engine: FalkorDBEngine) -> None:
    with engine.staged(replace=False) as stage:
        stage.write("CREATE (:Company {id: 'before the crash'})")
        kill(server)
        assert wait_until(lambda: engine.health().ok, timeout_s=30)
        stage.write("CREATE (:Company {id: 'after the restart'})")
