"""Engines behind one protocol, and ``open_engine`` to get the configured one."""

from __future__ import annotations

from falkordb import FalkorDB
from neo4j import GraphDatabase

from service.engines.base import Dialect, Engine, Health, Result
from service.engines.embedded import EmbeddedServer, Limits, Supervision
from service.engines.falkordb import FalkorDBEngine
from service.engines.neo4j import Neo4jEngine
from service.settings import Settings

__all__ = ["Dialect", "Engine", "Health", "Result", "open_engine"]


def limits(settings: Settings) -> Limits:
    """The embedded engine's limits, from the settings. The engine refuses a call's time limit
    above the write limit it is given: an index build's may be longer."""
    return Limits(
        query_timeout_ms=settings.query_timeout_ms,
        write_timeout_ms=max(settings.write_timeout_ms, settings.index_timeout_ms),
        result_limit=settings.result_limit,
        fsync=settings.engine_fsync,
    )


def open_engine(settings: Settings) -> Engine:
    """Connect to (or start) the engine ``settings.database_url`` names, schema ensured.

    >>> engine = open_engine(Settings())   # doctest: +SKIP
    """
    target = settings.target()
    engine: Engine
    if target.kind == "embedded":
        assert target.data_dir is not None
        supervision = Supervision(attempts=settings.engine_restarts)
        server = EmbeddedServer(target.data_dir, limits(settings), settings.engine_start_timeout_s, supervision)
        server.start()
        engine = FalkorDBEngine(
            server.client(),
            settings.graph,
            query_timeout_ms=settings.query_timeout_ms,
            write_timeout_ms=settings.write_timeout_ms,
            index_timeout_ms=settings.index_timeout_ms,
            server=server,
            owns_server=True,
        )
    elif target.kind == "falkordb":
        client = FalkorDB(host=target.host, port=target.port, password=target.password)
        engine = FalkorDBEngine(
            client,
            settings.graph,
            query_timeout_ms=settings.query_timeout_ms,
            index_timeout_ms=settings.index_timeout_ms,
        )
    else:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        driver = GraphDatabase.driver(target.uri, auth=(settings.neo4j_user, password))
        engine = Neo4jEngine(
            driver,
            settings.neo4j_database,
            query_timeout_ms=settings.query_timeout_ms,
            write_timeout_ms=settings.write_timeout_ms,
            index_timeout_ms=settings.index_timeout_ms,
        )
    try:
        engine.ensure_schema()
    except BaseException:
        engine.close()
        raise
    return engine
