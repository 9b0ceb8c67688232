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

NEO4J_URL = os.environ.get("VALUENET_TEST_NEO4J_URL")


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
