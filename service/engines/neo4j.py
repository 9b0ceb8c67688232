"""Neo4j 5 engine through the official driver (single server, cluster or Aura).

Reads use ``execute_query`` with read routing: on a cluster they go to a reader, and the
server refuses writes in them. Writes run as managed transactions, which the driver
retries on transient errors (leader switch, deadlock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable

from service.engines.base import DEFAULT_INDEX_TIMEOUT_MS, Dialect, Health, Result
from service.errors import EngineUnavailable, QueryFailed, QueryTimeout
from service.model import LABELS

__all__ = ["Neo4jEngine", "engine_statements", "schema_statements"]

T = TypeVar("T")

CLEAR_STATEMENT = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
HEALTH_STATEMENT = "RETURN 1 AS ok"
DELETE_ALL_STATEMENT = "MATCH (n) DETACH DELETE n"
AWAIT_INDEXES_STATEMENT = "CALL db.awaitIndexes(300)"


def schema_statements() -> list[str]:
    """A uniqueness constraint (which brings its index) on ``id`` for every label, and an
    index on companies' names (a company parameter takes one)."""
    unique = "CREATE CONSTRAINT {}_id IF NOT EXISTS FOR (n:{}) REQUIRE n.id IS UNIQUE"
    return [
        *(unique.format(label.lower(), label) for label in LABELS),
        "CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name)",
    ]


def engine_statements() -> list[str]:
    """Every fixed statement this engine sends (for the Neo4j linter)."""
    return [
        *schema_statements(),
        AWAIT_INDEXES_STATEMENT,
        CLEAR_STATEMENT,
        HEALTH_STATEMENT,
        DELETE_ALL_STATEMENT,
    ]


class Neo4jEngine:
    """One database of a Neo4j 5 DBMS."""

    dialect: Dialect = "neo4j"
    generation: int | None = None  # other clients write to a server

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        *,
        query_timeout_ms: int,
        write_timeout_ms: int,
        index_timeout_ms: int = DEFAULT_INDEX_TIMEOUT_MS,
    ) -> None:
        self._driver = driver
        self.database = database
        self.query_timeout_ms = query_timeout_ms
        self.index_timeout_ms = index_timeout_ms
        self._write_timeout_s = write_timeout_ms / 1000

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None) -> Result:
        """The time limit is the read transaction's timeout."""
        query = neo4j.Query(cypher, timeout=(timeout_ms or self.query_timeout_ms) / 1000)
        return self._guard(lambda: self._execute(query, params, neo4j.RoutingControl.READ))

    def read_table(
        self,
        cypher: str,
        params: Mapping[str, Any],
        columns: Sequence[tuple[str, str]],
        *,
        timeout_ms: int | None = None,
    ) -> Result:
        """Neo4j streams results of any length, and the driver decodes them fast enough."""
        return self.read(cypher, params, timeout_ms=timeout_ms)

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        query = neo4j.Query(cypher, timeout=self._write_timeout_s)
        return self._guard(lambda: self._execute(query, params, neo4j.RoutingControl.WRITE))

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        @neo4j.unit_of_work(timeout=self._write_timeout_s)
        def write_batch(tx: neo4j.ManagedTransaction, rows: list[Mapping[str, Any]]) -> None:
            tx.run(cypher, rows=rows).consume()

        def run() -> int:
            written = 0
            with self._driver.session(database=self.database) as session:
                for batch in batches:
                    session.execute_write(write_batch, list(batch))
                    written += len(batch)
            return written

        return self._guard(run)

    @contextmanager
    def staged(self, *, replace: bool) -> Iterator[Neo4jStage]:
        """One explicit transaction for the whole import: Neo4j's own all-or-nothing.

        The transaction holds the import in the server's memory (``db.memory.transaction``
        limits apply); an import that fails is rolled back and can simply be run again.
        """
        with self._driver.session(database=self.database) as session:
            transaction = self._guard(lambda: session.begin_transaction(timeout=self._write_timeout_s))
            try:
                if replace:
                    self._guard(lambda: transaction.run(DELETE_ALL_STATEMENT).consume())
                yield Neo4jStage(self, transaction, fresh=replace)
                self._guard(transaction.commit)
            finally:
                if transaction.closed() is False:
                    transaction.rollback()

    def ensure_schema(self) -> None:
        for statement in schema_statements():
            self.write(statement)
        self.write(AWAIT_INDEXES_STATEMENT)

    def clear(self) -> None:
        def run() -> None:
            with self._driver.session(database=self.database) as session:
                session.run(CLEAR_STATEMENT).consume()

        self._guard(run)

    def health(self) -> Health:
        try:
            self.read(HEALTH_STATEMENT)
        except EngineUnavailable as exc:
            return Health(False, "Neo4j", str(exc))
        return Health(True, "Neo4j", f"database {self.database!r} answers")

    def close(self) -> None:
        self._driver.close()

    def _execute(self, query: neo4j.Query, params: Mapping[str, Any] | None, routing: neo4j.RoutingControl) -> Result:
        records, _summary, keys = self._driver.execute_query(
            query, dict(params or {}), routing_=routing, database_=self.database
        )
        return Result(list(keys), [list(record.values()) for record in records])

    def _guard(self, call: Callable[[], T]) -> T:
        """Turn driver errors into valuenet's."""
        try:
            return call()
        except (ServiceUnavailable, DriverError, OSError) as exc:
            raise EngineUnavailable(f"Neo4j unreachable: {exc}") from exc
        except ClientError as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeout(f"query exceeded its time limit: {exc.message}") from exc
            raise QueryFailed(f"Neo4j refused the query: {exc.message}") from exc
        except Neo4jError as exc:
            raise QueryFailed(f"Neo4j failed the query: {exc.message}") from exc


class Neo4jStage:
    """An import's batches, all inside one transaction."""

    dialect: Dialect = "neo4j"

    def __init__(self, engine: Neo4jEngine, transaction: neo4j.Transaction, *, fresh: bool) -> None:
        self.fresh = fresh
        self._engine = engine
        self._transaction = transaction

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        written = 0
        for batch in batches:
            rows = list(batch)
            self._engine._guard(lambda rows=rows: self._transaction.run(cypher, rows=rows).consume())  # type: ignore[misc]
            written += len(rows)
        return written
