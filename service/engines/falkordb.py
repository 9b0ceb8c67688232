"""FalkorDB engine, embedded or external, through the ``falkordb`` client.

Reads go through ``GRAPH.RO_QUERY``, so the engine itself refuses any write in them.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import orjson
import redis
from falkordb import FalkorDB
from falkordb.helpers import stringify_param_value

from service.engines.appendonly import STAGING_SUFFIX
from service.engines.base import DEFAULT_INDEX_TIMEOUT_MS, Dialect, Health, Result, cast_column
from service.engines.embedded import EmbeddedServer
from service.errors import EngineUnavailable, QueryFailed, QueryTimeout
from service.model import LABELS

__all__ = ["FalkorDBEngine", "FalkorStage", "schema_statements"]

#: Every byte of the JSON text of a list of ints.
INT_LIST_BYTES = b"0123456789-,[]"
#: A string value with JSON's two mandatory escapes: backslash, then double quote.
ESCAPED = r"""replace(replace({0}, '\\', '\\\\'), '"', '\\"')"""


def packed(cypher: str, columns: Sequence[tuple[str, str]]) -> str:
    """``cypher`` wrapped to return its rows as one JSON text: a list of rows, each a list.

    It bypasses the engine's result-size cap, and the client's per-value parsing. FalkorDB's
    ``toJSON`` writes strings as they are, so quotes and backslashes are escaped here; floats
    keep the 15 significant digits of a plain reply. Names come from step headers only.
    """

    def value(name: str, kind: str) -> str:
        if kind == "string":
            return ESCAPED.format(name)
        if kind == "string[]":
            return f"[each IN {name} | {ESCAPED.format('each')}]"
        return name

    items = ", ".join(value(name, kind) for name, kind in columns)
    return f"CALL {{\n{cypher}\n}}\nWITH collect([{items}]) AS rows\nRETURN toJSON(rows) AS rows"


def _rows(text: str) -> list[list[Any]]:
    """The rows of a packed reply. ``orjson`` parses a hub's step rows a third faster than
    ``json``, but refuses the raw control characters ``toJSON`` leaves in strings; only a
    text that holds some takes the slower way."""
    try:
        rows: list[list[Any]] = orjson.loads(text)
    except orjson.JSONDecodeError:
        rows = json.loads(text, strict=False)
    return rows


def params_header(params: Mapping[str, Any] | None) -> str:
    """The ``CYPHER `name`=value ...`` prefix that carries a query's parameters, as the client
    writes it, but a list of ints (a tier's node handles) is written by ``orjson``: the
    client renders each value in Python, about 1 µs apiece, and a 600k-company chain sends
    over a million."""
    header = "".join(f"`{name}`={_literal(value)} " for name, value in (params or {}).items())
    return "CYPHER " + header if header else ""


def _literal(value: Any) -> str:
    """``value`` as a Cypher literal. A list's JSON text made only of digits, signs, commas
    and brackets holds ints alone, and is their Cypher literal too."""
    if isinstance(value, list):
        with contextlib.suppress(orjson.JSONEncodeError):  # an int beyond 64 bits
            text = orjson.dumps(value)
            if not text.translate(None, INT_LIST_BYTES):
                return text.decode()
    return str(stringify_param_value(value))


#: (label, property) of every index: ``id`` of each label, and companies' names (a
#: company parameter takes one).
INDEXED = (*((label, "id") for label in LABELS), ("Company", "name"))


def schema_statements() -> list[str]:
    """The index statements (the unique constraints on ``id`` are a separate command)."""
    return [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" for label, prop in INDEXED]


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
        index_timeout_ms: int = DEFAULT_INDEX_TIMEOUT_MS,
        server: EmbeddedServer | None = None,
        owns_server: bool = False,
    ) -> None:
        self._db = db
        self.graph_name = graph
        self._graph = db.select_graph(graph)
        self.query_timeout_ms = query_timeout_ms
        self.index_timeout_ms = index_timeout_ms
        self._write_timeout_ms = write_timeout_ms  # None: the server's own default
        self._server = server
        self._owns_server = owns_server
        self._import_lock = threading.Lock()
        self._change_lock = threading.Lock()
        # Only this process writes to an embedded server's graphs (its data directory is locked).
        self.generation: int | None = 0 if server is not None else None
        if server is not None:
            server.on_crash(self._restarted)

    def version(self) -> None:
        """None: ``generation`` pins the embedded engine's graph, and an external one's
        keeps no version."""

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None) -> Result:
        return self._run(self._graph.ro_query, cypher, params, timeout_ms or self.query_timeout_ms)

    def read_table(
        self,
        cypher: str,
        params: Mapping[str, Any],
        columns: Sequence[tuple[str, str]],
        *,
        timeout_ms: int | None = None,
    ) -> Result:
        """The rows come back as one JSON text (see ``packed``), parsed in C; the client would
        parse each value in Python, at about 5 µs a value."""
        reply = self.read(packed(cypher, columns), params, timeout_ms=timeout_ms)
        rows = _rows(reply.rows[0][0])
        for i, (_name, kind) in enumerate(columns):
            if kind == "float":
                cast_column(rows, i, float)  # toJSON writes 2.0 as 2
        return Result([name for name, _kind in columns], rows)

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        with self._changing():
            return self._run(self._graph.query, cypher, params, self._write_timeout_ms)

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Mark a change of the graph: the generation is odd while it is under way, and
        even again, one more, when it is done (or failed: it may have changed something).
        Changes take turns, so that an odd generation always means one is running."""
        if self.generation is None:
            yield
            return
        with self._change_lock:
            self.generation += 1
            try:
                yield
            finally:
                self.generation += 1

    def _restarted(self) -> None:
        """The engine crashed and is started again: it loads the graph anew, so what was
        derived from it in memory (node handles included) is stale."""
        if self.generation is not None:
            self.generation += 2  # as a whole change does

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        written = 0
        for batch in batches:
            self.write(cypher, {"rows": list(batch)})
            written += len(batch)
        return written

    @contextmanager
    def staged(self, *, replace: bool) -> Iterator[FalkorStage]:
        """Build the new graph under a staging key, then ``RENAME`` it over the graph.

        RENAME is atomic (and one entry of the append-only file): readers see the old graph
        or the new one. A staging key left by a killed import is dropped by the next one
        (and by the next start of an embedded engine). An import during which the embedded
        engine was restarted is refused: the restart dropped what it had staged.
        Into a graph that is not empty, the stage copies it at its first write, so an import
        refused before writing costs no copy; one that writes nothing changes nothing.
        """
        with self._import_lock:
            staging = self._sibling(self.graph_name + STAGING_SUFFIX)
            staging.drop()
            crashes = self._server.crashes if self._server else 0
            stage = FalkorStage(self, staging, fresh=replace or self.is_empty())
            try:
                yield stage
                if stage.fresh or stage.copied:
                    staging.ensure_schema()
                    staging._wait_for_constraints()
                    if self._server and self._server.crashes != crashes:
                        raise EngineUnavailable("the engine restarted during the import; nothing was imported")
                    with self._changing():
                        self._command("RENAME", staging.graph_name, self.graph_name)
                    self._compact_log()
            except BaseException:
                staging.drop()
                raise

    def _wait_for_constraints(self) -> None:
        """Wait until the engine has checked every node against the unique constraints.

        It checks them in the background after ``GRAPH.CONSTRAINT CREATE``; should an id
        crash it then (see ``service.engines.appendonly``), the import must not have been
        committed yet: the crash leaves an unfinished stage, dropped at the next start,
        instead of a graph that crashes the engine each time it is loaded.
        """
        while True:
            states = {status for (status,) in self.write("CALL db.constraints() YIELD status RETURN status").rows}
            if states <= {"OPERATIONAL"}:
                return
            if "FAILED" in states:
                raise QueryFailed("FalkorDB could not build a unique constraint on id: two nodes share an id")
            time.sleep(0.02)

    def _copy_to(self, staging: FalkorDBEngine) -> None:
        self._wait_for_rewrite()  # GRAPH.COPY forks; it hangs beside a rewrite's fork
        self._command("GRAPH.COPY", self.graph_name, staging.graph_name)

    def _compact_log(self) -> None:
        """Rewrite the embedded engine's append-only file while no import writes, and wait for
        it: the rewrite forks, and FalkorDB's own forks (GRAPH.COPY) hang beside it. Then
        hand the import's freed memory back to the system (the allocator keeps it otherwise)."""
        if self._server is not None:
            with contextlib.suppress(QueryFailed):  # one already running will do
                self._command("BGREWRITEAOF")
            self._wait_for_rewrite()
            self._command("MEMORY", "PURGE")

    def _wait_for_rewrite(self, timeout_s: float = 600.0) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            state = self._guard(lambda: self._db.connection.info("persistence"))
            if not state.get("aof_rewrite_in_progress") and not state.get("aof_rewrite_scheduled"):
                return
            if time.monotonic() > deadline:
                raise EngineUnavailable(f"the engine's append-only file rewrite ran over {timeout_s:.0f} s")
            time.sleep(0.05)

    def is_empty(self) -> bool:
        """Whether the graph has no node (or does not exist yet)."""
        if self.graph_name not in self._command("GRAPH.LIST"):
            return True
        return not self.read("MATCH (n) RETURN 1 AS any LIMIT 1").rows

    def bulk_insert(
        self, node_count: int, edge_count: int, labels: list[bytes], types: list[bytes], *, begin: bool
    ) -> None:
        """One ``GRAPH.BULK`` call (FalkorDB's fast loader for a new graph)."""
        args = ["BEGIN"] * begin + [node_count, edge_count, len(labels), len(types), *labels, *types]
        self._guard(lambda: self._db.connection.execute_command("GRAPH.BULK", self.graph_name, *args))

    def _sibling(self, graph: str) -> FalkorDBEngine:
        return FalkorDBEngine(
            self._db,
            graph,
            query_timeout_ms=self.query_timeout_ms,
            write_timeout_ms=self._write_timeout_ms,
            index_timeout_ms=self.index_timeout_ms,
            server=self._server,
        )

    def ensure_schema(self) -> None:
        # Through write(): a read on a graph key that does not exist yet is an error.
        indexes = self.write("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
        existing = {(label, prop) for label, props in indexes for prop in props}
        for indexed, statement in zip(INDEXED, schema_statements(), strict=True):
            if indexed not in existing:
                self.write(statement)
        constrained = {label for (label,) in self.write("CALL db.constraints() YIELD label RETURN label").rows}
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
            with self._changing():
                self._graph.delete()

    def health(self) -> Health:
        where = "embedded FalkorDB" if self._server else "FalkorDB"
        try:
            self._command("GRAPH.LIST")
        except EngineUnavailable as exc:
            return Health(False, where, str(exc), exc.public)
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
        reply = self._guard(lambda: call(params_header(params) + cypher, None, timeout=timeout_ms))
        columns = [name for _type, name in reply.header] if reply.header else []
        return Result(columns, reply.result_set)

    def _guard(self, call: Callable[[], Any]) -> Any:
        """Turn the client's errors into valuenet's, with the crash reason when there is one."""
        try:
            return call()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            down = self._server.unavailable() if self._server else None
            raise down or EngineUnavailable(f"FalkorDB unreachable: {exc}") from exc
        except redis.ResponseError as exc:
            message = str(exc)
            if "timed out" in message.lower():
                raise QueryTimeout(f"query exceeded its time limit: {message}") from exc
            raise QueryFailed(f"FalkorDB refused the query: {message}") from exc


class FalkorStage:
    """An import's view of the staging graph; ``bulk_insert`` is for a ``fresh`` one.

    A stage that is not fresh starts as a copy of the graph, made at its first write.
    """

    dialect: Dialect = "falkordb"

    def __init__(self, graph: FalkorDBEngine, staging: FalkorDBEngine, *, fresh: bool) -> None:
        self.fresh = fresh
        self.copied = False
        self.bulk_insert = staging.bulk_insert
        self._graph = graph
        self._staging = staging

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        self._copy()
        return self._staging.write(cypher, params)

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        self._copy()
        return self._staging.write_batches(cypher, batches)

    def _copy(self) -> None:
        if not self.fresh and not self.copied:
            self._graph._copy_to(self._staging)
            self.copied = True
