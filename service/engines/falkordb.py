"""FalkorDB engine, embedded or external, through the ``falkordb`` client.

Reads go through ``GRAPH.RO_QUERY``, so the engine itself refuses any write in them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import redis
from falkordb import FalkorDB

from service.engines.base import Dialect, Health, Result
from service.engines.embedded import EmbeddedServer
from service.errors import EngineUnavailable, QueryFailed, QueryTimeout
from service.model import LABELS

__all__ = ["FalkorDBEngine", "schema_statements"]


def schema_statements() -> list[str]:
    """One ``id`` index per label (the unique constraints are a separate command)."""
    return [f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in LABELS]


class FalkorDBEngine:
    """One graph (a key) of a FalkorDB server."""

    dialect: Dialect = "falkordb"

    def __init__(
        self,
        db: FalkorDB,
        graph: str,
        *,
        query_timeout_ms: int,
        write_timeout_ms: int | None = None,
        server: EmbeddedServer | None = None,
        owns_server: bool = False,
    ) -> None:
        self._db = db
        self.graph_name = graph
        self._graph = db.select_graph(graph)
        self._query_timeout_ms = query_timeout_ms
        self._write_timeout_ms = write_timeout_ms  # None: the server's own default
        self._server = server
        self._owns_server = owns_server

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        return self._run(self._graph.ro_query, cypher, params, self._query_timeout_ms)

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        return self._run(self._graph.query, cypher, params, self._write_timeout_ms)

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        written = 0
        for batch in batches:
            self.write(cypher, {"rows": list(batch)})
            written += len(batch)
        return written

    def ensure_schema(self) -> None:
        # Through write(): a read on a graph key that does not exist yet is an error.
        existing = {row[0] for row in self.write("CALL db.indexes() YIELD label RETURN label").rows}
        for label, statement in zip(LABELS, schema_statements(), strict=True):
            if label not in existing:
                self.write(statement)
        constrained = {row[0] for row in self.write("CALL db.constraints() YIELD label RETURN label").rows}
        for label in LABELS:
            if label not in constrained:
                self._command(
                    "GRAPH.CONSTRAINT",
                    "CREATE",
                    self.graph_name,
                    "UNIQUE",
                    "NODE",
                    label,
                    "PROPERTIES",
                    "1",
                    "id",
                )

    def clear(self) -> None:
        self.drop()
        self.ensure_schema()

    def drop(self) -> None:
        """Delete the whole graph key, indexes included."""
        if self.graph_name in self._command("GRAPH.LIST"):
            self._graph.delete()

    def health(self) -> Health:
        where = "embedded FalkorDB" if self._server else "FalkorDB"
        try:
            self._command("GRAPH.LIST")
        except EngineUnavailable as exc:
            return Health(False, where, str(exc))
        return Health(True, where, f"graph {self.graph_name!r} answers")

    def close(self) -> None:
        self._db.connection.close()
        if self._server is not None and self._owns_server:
            self._server.stop()

    def _command(self, *args: str) -> Any:
        return self._guard(lambda: self._db.connection.execute_command(*args))

    def _run(
        self,
        call: Callable[..., Any],
        cypher: str,
        params: Mapping[str, Any] | None,
        timeout_ms: int | None,
    ) -> Result:
        reply = self._guard(lambda: call(cypher, dict(params or {}), timeout=timeout_ms))
        columns = [name for _type, name in reply.header] if reply.header else []
        return Result(columns, reply.result_set)

    def _guard(self, call: Callable[[], Any]) -> Any:
        """Turn the client's errors into valuenet's, with the crash reason when there is one."""
        try:
            return call()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            reason = self._server.crashed() if self._server else None
            raise EngineUnavailable(reason or f"FalkorDB unreachable: {exc}") from exc
        except redis.ResponseError as exc:
            message = str(exc)
            if "timed out" in message.lower():
                raise QueryTimeout(f"query exceeded its time limit: {message}") from exc
            raise QueryFailed(f"FalkorDB refused the query: {message}") from exc
