"""Fixtures: one embedded engine for the session, a fresh graph per test.

Every test taking ``engine`` runs on the embedded FalkorDB, and also on Neo4j when
``VALUENET_TEST_NEO4J_URL`` (with ``VALUENET_TEST_NEO4J_PASSWORD``) names a server; those
runs are reported as skipped otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.engines import Engine, limits
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.queries import Catalog, load_catalog
from service.settings import Settings
from tests.utils.industry import Industry, load_industry

NEO4J_URL = os.environ.get("VALUENET_TEST_NEO4J_URL")
#: Seeds and size of the generated industries answers are checked on (tests/utils/industry.py).
INDUSTRY_SEEDS = (11, 12, 13)
INDUSTRY_COMPANIES = 2_000


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """The session's embedded engine."""
    embedded = EmbeddedServer(tmp_path_factory.mktemp("engine"), limits(Settings()))
    embedded.start()
    yield embedded
    embedded.stop()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


def falkordb_engine(server: EmbeddedServer) -> FalkorDBEngine:
    """An engine on a new, uniquely named graph of the session's server."""
    return FalkorDBEngine(
        server.client(),
        f"test-{uuid.uuid4().hex[:12]}",
        query_timeout_ms=server.limits.query_timeout_ms,
        write_timeout_ms=server.limits.write_timeout_ms,
        server=server,
    )


def neo4j_engine() -> Engine:
    from service.engines import open_engine

    password = os.environ.get("VALUENET_TEST_NEO4J_PASSWORD", "")
    settings = Settings(database_url=NEO4J_URL or "", neo4j_password=password)  # type: ignore[arg-type]
    engine = open_engine(settings)
    engine.clear()
    return engine


@pytest.fixture(params=["falkordb", "neo4j"])
def engine(request: pytest.FixtureRequest, server: EmbeddedServer) -> Iterator[Engine]:
    """A fresh, empty graph with the schema in place, on each engine available."""
    if request.param == "neo4j":
        if not NEO4J_URL:
            pytest.skip("Neo4j run skipped: set VALUENET_TEST_NEO4J_URL to run it")
        neo = neo4j_engine()
        yield neo
        neo.clear()
        neo.close()
        return
    falkor = falkordb_engine(server)
    falkor.ensure_schema()
    yield falkor
    falkor.drop()
    falkor.close()


@pytest.fixture(
    scope="module", params=[(kind, seed) for kind in ("falkordb", "neo4j") for seed in INDUSTRY_SEEDS], ids=str
)
def industry(
    request: pytest.FixtureRequest, server: EmbeddedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Industry]:
    """A generated industry, imported, and its tables; shared read-only by a test module's tests."""
    kind, seed = request.param
    if kind == "neo4j" and not NEO4J_URL:
        pytest.skip("Neo4j run skipped: set VALUENET_TEST_NEO4J_URL to run it")
    engine = neo4j_engine() if kind == "neo4j" else falkordb_engine(server)
    engine.ensure_schema()
    try:
        yield load_industry(engine, tmp_path_factory.mktemp(f"industry-{seed}"), INDUSTRY_COMPANIES, seed)
    finally:
        if isinstance(engine, FalkorDBEngine):
            engine.drop()
        else:
            engine.clear()
        engine.close()


@pytest.fixture
def falkordb(server: EmbeddedServer) -> Iterator[FalkorDBEngine]:
    """A fresh graph on the embedded engine only (for FalkorDB-specific behaviour)."""
    falkor = falkordb_engine(server)
    falkor.ensure_schema()
    yield falkor
    falkor.drop()
    falkor.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
