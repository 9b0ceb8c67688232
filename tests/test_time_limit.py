"""One time limit per question, shared by all its engine calls; the supply index build has
its own (issue 20, defect 5)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.analytics.supply_index import SUPPLY
from service.api import create_app
from service.engines.base import Result
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.queries import Catalog
from tests.conftest import falkordb_engine
from tests.utils.industry import Industry, load_industry

#: Each engine call of ``SlowEngine`` takes this much longer.
DELAY_S = 0.06


class SlowEngine:
    """``engine`` on a busy machine: every read starts ``DELAY_S`` late. It records the time
    limit each read is sent with."""

    def __init__(self, engine: FalkorDBEngine, query_timeout_ms: int) -> None:
        self._engine = engine
        self.query_timeout_ms = query_timeout_ms
        self.limits: list[int | None] = []
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def read(self, *args: Any, **kwargs: Any) -> Result:
        self._wait(kwargs)
        return self._engine.read(*args, **kwargs)

    def read_table(self, *args: Any, **kwargs: Any) -> Result:
        self._wait(kwargs)
        return self._engine.read_table(*args, **kwargs)

    def _wait(self, kwargs: dict[str, Any]) -> None:
        with self._lock:
            self.limits.append(kwargs.get("timeout_ms"))
        time.sleep(DELAY_S)


@pytest.fixture(scope="module")
def industry(server: EmbeddedServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Industry]:
    engine = falkordb_engine(server)
    engine.ensure_schema()
    yield load_industry(engine, tmp_path_factory.mktemp("limits"), 2_000, 11)
    engine.drop()
    engine.close()


def hub(industry: Industry) -> str:
    flows = industry.flows()
    return str(flows.source.value_counts().index[0])


def test_a_question_of_many_calls_gets_one_time_limit(industry: Industry, catalog: Catalog) -> None:
    assert isinstance(industry.engine, FalkorDBEngine)
    slow = SlowEngine(industry.engine, query_timeout_ms=250)
    client = TestClient(create_app(slow, catalog))  # type: ignore[arg-type]
    started = time.perf_counter()
    reply = client.get("/v1/queries/dependency_chain", params={"company": hub(industry), "max_tier": 10})
    took = time.perf_counter() - started
    assert reply.status_code == 504, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    assert "250 ms" in reply.json()["detail"]
    assert took < 0.25 + 2 * DELAY_S + 0.5  # stopped at the limit, not at the end of the chain
    sent = [limit for limit in slow.limits if limit is not None]
    # Each call gets what is left of the question's limit: two calls show it (on a busy
    # machine the first call may leave room for only one more).
    assert len(sent) == len(slow.limits) >= 2
    assert sent == sorted(sent, reverse=True)
    assert sent[0] <= 250
    assert sent[-1] < 250 - DELAY_S * 1000


def test_a_question_within_its_limit_answers(industry: Industry, catalog: Catalog) -> None:
    assert isinstance(industry.engine, FalkorDBEngine)
    slow = SlowEngine(industry.engine, query_timeout_ms=10_000)
    client = TestClient(create_app(slow, catalog))  # type: ignore[arg-type]
    reply = client.get("/v1/queries/dependency_chain", params={"company": hub(industry), "max_tier": 10})
    assert reply.status_code == 200, reply.text
    assert reply.json()["rows"]


def test_the_supply_index_builds_whatever_the_question_limit(
    industry: Industry, server: EmbeddedServer, catalog: Catalog
) -> None:
    engine = FalkorDBEngine(
        server.client(), industry.engine.graph_name, query_timeout_ms=1, server=server
    )  # 1 ms: no question answers in that, and the index build must not be held to it
    try:
        lines: queue.Queue[str] = queue.Queue()
        SUPPLY.build_in_background(engine, catalog, lines.put)
        assert lines.get(timeout=60).startswith("supply index ready")
        engine.query_timeout_ms = 1_000
        client = TestClient(create_app(engine, catalog))
        flows = industry.flows()
        first, second = list(flows.source.value_counts().index[:2])
        leaf = str(flows.target.value_counts().index[-1])
        for path, params in [
            ("connection_paths", {"a": leaf, "b": first}),
            ("merger_scenario", {"acquirer": first, "targets": second}),
            ("alignment_opportunities", {"company": first}),
        ]:
            reply = client.get(f"/v1/queries/{path}", params=params)
            assert reply.status_code == 200, (path, reply.text)
    finally:
        engine.close()
