"""Fixtures: one embedded engine for the session, a fresh graph per test.

Every test taking ``engine`` runs on the embedded FalkorDB, and also on Neo4j: the server
``VALUENET_TEST_NEO4J_URL`` (with ``VALUENET_TEST_NEO4J_PASSWORD``) names, or else one the
session starts itself (tests/utils/neo4j_server.py; it needs Java 17+ and Maven). Those
runs are reported as skipped only without Java or Maven, or with ``VALUENET_TEST_NEO4J=off``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.analytics import load_catalog
from service.engines import Engine, limits
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.queries import Catalog
from service.settings import Settings
from tests.utils.industry import Industry, load_industry
from tests.utils.neo4j_server import Neo4jServer, missing_tools

NEO4J_URL = os.environ.get("VALUENET_TEST_NEO4J_URL")
#: "auto" (the default): without a URL, the session starts a Neo4j server of its own; "off" skips.
NEO4J_AUTO = os.environ.get("VALUENET_TEST_NEO4J", "auto") == "auto"
NEO4J_HOW = "VALUENET_TEST_NEO4J=off; unset it (with Java 17+ and Maven) or set VALUENET_TEST_NEO4J_URL to run it"
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


@dataclass(frozen=True)
class Neo4jTarget:
    url: str
    password: str


def _say(config: pytest.Config, message: str) -> None:
    """A progress line on the terminal, even while output is captured."""
    capture = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"neo4j: {message}")


@pytest.fixture(scope="session")
def neo4j_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    """The Neo4j the tests run on: the one named, or one started for the session (once)."""
    if NEO4J_URL:
        yield Neo4jTarget(NEO4J_URL, os.environ.get("VALUENET_TEST_NEO4J_PASSWORD", ""))
        return
    if not NEO4J_AUTO:
        pytest.skip(f"Neo4j run skipped: {NEO4J_HOW}")
    missing = missing_tools()
    if missing:
        pytest.skip(f"Neo4j run skipped: {missing}; install Java 17+ and Maven, or set VALUENET_TEST_NEO4J_URL")
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j"))
    try:
        server.start(lambda message: _say(request.config, message))
        yield Neo4jTarget(server.url, server.password)
    finally:
        server.stop()


def neo4j_engine(target: Neo4jTarget, query_timeout_ms: int | None = None) -> Engine:
    """An engine on the Neo4j database, emptied, schema in place (and the default time limit
    of a question unless ``query_timeout_ms`` says otherwise)."""
    from service.engines import open_engine

    settings = Settings(database_url=target.url, neo4j_password=target.password)  # type: ignore[arg-type]
    if query_timeout_ms is not None:
        settings = settings.model_copy(update={"query_timeout_ms": query_timeout_ms})
    engine = open_engine(settings)
    engine.clear()
    return engine


@pytest.fixture(params=["falkordb", "neo4j"])
def engine(request: pytest.FixtureRequest, server: EmbeddedServer) -> Iterator[Engine]:
    """A fresh, empty graph with the schema in place, on each engine available."""
    if request.param == "neo4j":
        neo = neo4j_engine(request.getfixturevalue("neo4j_target"))
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
    engine = neo4j_engine(request.getfixturevalue("neo4j_target")) if kind == "neo4j" else falkordb_engine(server)
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
def neo4j(neo4j_target: Neo4jTarget) -> Iterator[Engine]:
    """A fresh graph on Neo4j only (for Neo4j-specific behaviour)."""
    neo = neo4j_engine(neo4j_target)
    yield neo
    neo.clear()
    neo.close()


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
