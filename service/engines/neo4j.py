"""Neo4j 5 engine through the official driver (single server, cluster or Aura).

Reads use ``execute_query`` with read routing: on a cluster they go to a reader, and the
server refuses writes in them. Writes run as managed transactions, which the driver
retries on transient errors (leader switch, deadlock).

The graph lives in two slots (``service.engines.slots``): readers see the live one, named
with the graph's version by the one ``ValuenetState`` node. An import writes the idle slot
in bounded transactions and then flips it live in one small transaction, so no transaction
holds a whole dataset, a reader sees the old graph or the new one, and a kill (of valuenet
or of the server) at any point leaves the old graph live; the next import clears what it
left in the idle slot. An import takes the state's token when it starts and checks it in
each of its transactions: a later import takes it over, and the earlier one then fails
with ``ImportConflict``. An upsert of at most ``SMALL_ROWS`` rows is one transaction into
the live slot.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable

from service.engines.base import DEFAULT_INDEX_TIMEOUT_MS, Dialect, Health, Result
from service.engines.slots import SLOT_LABELS, slot_label, slotted
from service.errors import EngineUnavailable, ImportConflict, PluginMissing, QueryFailed, QueryTimeout
from service.model import LABELS, RELATIONSHIPS

__all__ = ["SMALL_ROWS", "STATEMENT_PARAMETERS", "Neo4jEngine", "engine_statements", "schema_statements"]

T = TypeVar("T")

#: An upsert of at most this many rows goes into the live slot in one transaction.
SMALL_ROWS = 5_000
#: Rows written per transaction into the idle slot: a transaction's memory is mostly its
#: statement's working memory (5,000 relationship rows took over 12 MB, 1,000 fit in 12 MB).
WRITE_ROWS = 1_000
#: Nodes deleted per transaction when a slot is cleared, each with its relationships (a
#: deletion holds much in memory: 1,000 companies of four relationships took over 12 MB).
CLEAR_ROWS = 250
#: Nodes or relationships copied (or adopted) per transaction into a slot.
COPY_ROWS = 1_000

#: The parameters of the engine's own statements, and their types (for the Neo4j linter).
STATEMENT_PARAMETERS = {"token": "string", "epoch": "string", "slot": "int"}
STATE = "MATCH (s:ValuenetState {key: 'valuenet'})"
#: The state as readers see it (no lock).
STATE_STATEMENT = f"{STATE} RETURN s.live AS live, s.version AS version"
#: The state, locked until the transaction ends: what follows in it sees no other change.
LOCK_STATEMENT = f"{STATE} SET s.touched = timestamp() RETURN s.live AS live, s.version AS version, s.token AS token"
CREATE_STATE_STATEMENT = (
    "MERGE (s:ValuenetState {key: 'valuenet'}) "
    "ON CREATE SET s.live = 0, s.version = 0, s.epoch = $epoch RETURN s.live AS live, s.version AS version"
)
TAKE_STATEMENT = f"{STATE} SET s.token = $token"
FLIP_STATEMENT = f"{STATE} SET s.live = $slot, s.version = s.version + 1, s.token = null RETURN s.version AS version"
BUMP_STATEMENT = f"{STATE} SET s.version = s.version + 1, s.token = null"
#: Inside a copy's or a clear's transaction: go on only while the import holds the token.
HOLDING = f"{STATE} SET s.touched = timestamp() WITH s WHERE s.token = $token"
#: One transaction of a clear, run until it deletes nothing (a ``CALL {…} IN TRANSACTIONS``
#: that deletes what it matches buffers every match in its outer transaction).
CLEAR_STATEMENT = (
    f"MATCH (n) WHERE NOT n:ValuenetState WITH n LIMIT {CLEAR_ROWS} DETACH DELETE n RETURN count(*) AS deleted"
)
HEALTH_STATEMENT = "RETURN 1 AS ok"
AWAIT_INDEXES_STATEMENT = "CALL db.awaitIndexes(300)"
STATE_CONSTRAINT = "CREATE CONSTRAINT valuenet_state IF NOT EXISTS FOR (s:ValuenetState) REQUIRE s.key IS UNIQUE"


def schema_statements() -> list[str]:
    """A range index on ``id`` for every label (both slots hold the same ids, so no uniqueness
    constraint: validation keeps ids unique), replacing the constraint of older versions; an
    index on companies' names (a company parameter takes one); the state's key unique."""
    return [
        statement
        for label in LABELS
        for statement in (
            f"DROP CONSTRAINT {label.lower()}_id IF EXISTS",
            f"CREATE INDEX {label.lower()}_id_range IF NOT EXISTS FOR (n:{label}) ON (n.id)",
        )
    ] + ["CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name)", STATE_CONSTRAINT]


def adopt_statement(label: str) -> str:
    """Put the ``label`` nodes of a database valuenet has not slotted yet into slot 0."""
    assert label in LABELS
    return (
        f"MATCH (n:{label}) WHERE NOT n:{SLOT_LABELS[0]} AND NOT n:{SLOT_LABELS[1]} "
        f"CALL (n) {{ SET n:{SLOT_LABELS[0]} }} IN TRANSACTIONS OF {COPY_ROWS} ROWS"
    )


def clear_slot_statement(slot: int) -> str:
    """Delete the nodes of ``slot`` in bounded transactions, while the import holds the token."""
    return f"MATCH (n:{slot_label(slot)}) CALL (n) {{ {HOLDING} DETACH DELETE n }} IN TRANSACTIONS OF {CLEAR_ROWS} ROWS"


def copy_statements(source: int, target: int) -> Iterator[str]:
    """Copy the nodes, then the relationships, of slot ``source`` into slot ``target``."""
    old, new = slot_label(source), slot_label(target)
    for label in LABELS:
        yield (
            f"MATCH (n:{label}:{old}) CALL (n) {{ {HOLDING} "
            f"CREATE (m:{label}:{new}) SET m = properties(n) }} IN TRANSACTIONS OF {COPY_ROWS} ROWS"
        )
    for kind, (sources, targets) in RELATIONSHIPS.items():
        for start in sources:
            for end in targets:
                yield (
                    f"MATCH (a:{start}:{old})-[r:{kind}]->(b:{end}:{old}) CALL (a, r, b) {{ {HOLDING} "
                    f"MATCH (x:{start}:{new} {{id: a.id}}) MATCH (y:{end}:{new} {{id: b.id}}) "
                    f"CREATE (x)-[c:{kind}]->(y) SET c = properties(r) }} IN TRANSACTIONS OF {COPY_ROWS} ROWS"
                )


def engine_statements() -> list[str]:
    """Every fixed statement this engine sends (for the Neo4j linter)."""
    return [
        *schema_statements(),
        AWAIT_INDEXES_STATEMENT,
        *(adopt_statement(label) for label in LABELS),
        STATE_STATEMENT,
        LOCK_STATEMENT,
        CREATE_STATE_STATEMENT,
        TAKE_STATEMENT,
        FLIP_STATEMENT,
        BUMP_STATEMENT,
        clear_slot_statement(0),
        *copy_statements(0, 1),
        CLEAR_STATEMENT,
        HEALTH_STATEMENT,
    ]


class Neo4jEngine:
    """One database of a Neo4j 5 DBMS."""

    dialect: Dialect = "neo4j"
    generation: int | None = None  # other clients write to a server: see ``version``

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
        #: (live slot, version) as last read: the slot reads go to.
        self._state = (0, 0)

    @property
    def live(self) -> int:
        """The slot reads go to (as of the last ``version`` call)."""
        return self._state[0]

    def version(self) -> int:
        """The graph version readers see, read from the server; reads go to its live slot from now."""
        rows = self._guard(lambda: self._read(neo4j.Query(STATE_STATEMENT), None)).rows
        if not rows:
            raise EngineUnavailable("the valuenet state node is missing: was the database emptied by hand?")
        live, version = rows[0]
        self._state = (live, version)
        return self._state[1]

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None) -> Result:
        """The time limit is the read transaction's timeout; the text reads the live slot."""
        query = neo4j.Query(slotted(cypher, self.live), timeout=(timeout_ms or self.query_timeout_ms) / 1000)
        return self._guard(lambda: self._read(query, params))

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
        """Into the live slot, with a new graph version, in one transaction."""

        @neo4j.unit_of_work(timeout=self._write_timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> Result:
            live = tx.run(LOCK_STATEMENT).single(strict=True)["live"]
            result = tx.run(slotted(cypher, live), dict(params or {}))
            answer = Result(list(result.keys()), [list(record.values()) for record in result])
            tx.run(BUMP_STATEMENT).consume()
            return answer

        return self._guard(lambda: self._session_write(work))

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        """Each batch into the live slot in one transaction of its own."""
        written = 0
        for batch in batches:
            self.write(cypher, {"rows": list(batch)})
            written += len(batch)
        return written

    @contextmanager
    def staged(self, *, replace: bool) -> Iterator[Neo4jStage]:
        """Up to ``SMALL_ROWS`` rows of an upsert go into the live slot in one transaction
        at the end; anything larger, and any replace, into the idle slot, then flipped live.
        An import that fails leaves the live slot as it was."""
        self.version()
        stage = Neo4jStage(self, fresh=replace)
        yield stage
        stage.commit()

    def ensure_schema(self) -> None:
        """The indexes, and the state node: a database without one (valuenet's of before the
        slots, or a new one) has its nodes adopted as slot 0 first."""
        for statement in schema_statements():
            self._auto(statement)
        self._auto(AWAIT_INDEXES_STATEMENT)
        if self._auto(STATE_STATEMENT).rows:
            self.version()
            return
        for label in LABELS:
            self._auto(adopt_statement(label))
        self._auto(CREATE_STATE_STATEMENT, {"epoch": secrets.token_hex(4)})
        self.version()

    def clear(self) -> None:
        """Delete every node of both slots, with a new graph version."""
        self._delete(CLEAR_STATEMENT, {})
        self._auto(BUMP_STATEMENT)
        self.version()

    def health(self) -> Health:
        try:
            self.read(HEALTH_STATEMENT)
        except EngineUnavailable as exc:
            return Health(False, "Neo4j", str(exc))
        return Health(True, "Neo4j", f"database {self.database!r} answers")

    def close(self) -> None:
        self._driver.close()

    def _auto(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """One auto-commit statement (``CALL {…} IN TRANSACTIONS`` needs one), as written."""

        def run() -> Result:
            with self._driver.session(database=self.database) as session:
                result = session.run(neo4j.Query(cypher), dict(params or {}))
                return Result(list(result.keys()), [list(record.values()) for record in result])

        return self._guard(run)

    def _delete(self, cypher: str, params: Mapping[str, Any]) -> None:
        """Run a statement that deletes a bounded number of nodes, each time in a transaction
        of its own, until it deletes none (or returns nothing: the token was taken)."""
        while (rows := self._auto(cypher, params).rows) and rows[0][0]:
            pass

    def _session_write(self, work: Callable[..., T], *args: Any) -> T:
        with self._driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    def _read(self, query: neo4j.Query, params: Mapping[str, Any] | None) -> Result:
        """One read, auto-committed in a read-only session. A managed transaction (the
        driver's ``execute_query``) costs a second round trip for its COMMIT: on 2 busy cores
        a call took 2.4 to 6.4 ms p50 that way and 1.6 to 2.4 ms auto-committed, and a
        question of a few steps makes 4 to 8 calls (its version pinned and confirmed)."""
        with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            result = session.run(query, dict(params or {}))
            return Result(list(result.keys()), [list(record.values()) for record in result])

    def _guard(self, call: Callable[[], T]) -> T:
        """Turn driver errors into valuenet's."""
        try:
            return call()
        except (ServiceUnavailable, DriverError, OSError) as exc:
            raise EngineUnavailable(f"Neo4j unreachable: {exc}") from exc
        except ClientError as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeout(f"query exceeded its time limit: {exc.message}") from exc
            if plugin := _missing_plugin(exc.message or ""):
                raise PluginMissing(
                    f"this question needs the {plugin} plugin on Neo4j, which this server lacks"
                    " (docker-compose.yml installs it)"
                ) from exc
            raise QueryFailed(f"Neo4j refused the query: {exc.message}") from exc
        except Neo4jError as exc:
            raise QueryFailed(f"Neo4j failed the query: {exc.message}") from exc


#: The plugins' namespaces, and how Neo4j says a function or procedure is not there.
PLUGINS = {"gds": "Graph Data Science (GDS)", "apoc": "APOC"}
MISSING = re.compile(r"(?:Unknown function|no procedure with the name)\W+(gds|apoc)\.", re.IGNORECASE)


def _missing_plugin(message: str) -> str | None:
    """The plugin a refusal says is missing, if that is what it says."""
    found = MISSING.search(message)
    return PLUGINS[found.group(1).lower()] if found else None


class Neo4jStage:
    """An import's batches: held until they exceed ``SMALL_ROWS`` (or the import ends),
    then written into the idle slot, each in a transaction of its own."""

    dialect: Dialect = "neo4j"

    def __init__(self, engine: Neo4jEngine, *, fresh: bool) -> None:
        self.fresh = fresh
        self._engine = engine
        self._held: list[tuple[str, list[Mapping[str, Any]]]] = []
        self._rows = 0
        self._token: str | None = None  # set once writing into the idle slot
        self._idle = 1 - engine.live

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        written = 0
        for batch in batches:
            rows = list(batch)
            written += len(rows)
            if self._token is None:
                self._held.append((cypher, rows))
                self._rows += len(rows)
                if self._rows > SMALL_ROWS:
                    self._open_idle()
            else:
                self._write_idle(cypher, rows)
        return written

    def commit(self) -> None:
        """Make what was written live: the idle slot by a flip, or the held rows at once."""
        if self._token is None and not self.fresh:
            if self._held:
                self._write_live()
            return
        if self._token is None:
            self._open_idle()
        token = self._token

        @neo4j.unit_of_work(timeout=self._engine._write_timeout_s)
        def flip(tx: neo4j.ManagedTransaction) -> None:
            self._hold(tx, token)
            tx.run(FLIP_STATEMENT, slot=self._idle).consume()

        self._engine._guard(lambda: self._engine._session_write(flip))
        self._engine.version()

    def _open_idle(self) -> None:
        """Take the token, clear the idle slot, copy the live one into it (for an upsert),
        and write the rows held so far."""
        engine = self._engine
        token = secrets.token_hex(16)

        @neo4j.unit_of_work(timeout=engine._write_timeout_s)
        def take(tx: neo4j.ManagedTransaction) -> int:
            live: int = tx.run(LOCK_STATEMENT).single(strict=True)["live"]
            tx.run(TAKE_STATEMENT, token=token).consume()
            return live

        live = engine._guard(lambda: engine._session_write(take))
        self._idle, self._token = 1 - live, token
        engine._delete(clear_slot_statement(self._idle), {"token": token})
        if not self.fresh:
            for statement in copy_statements(live, self._idle):
                engine._auto(statement, {"token": token})
        held, self._held = self._held, []
        for cypher, rows in held:
            self._write_idle(cypher, rows)

    def _write_idle(self, cypher: str, rows: list[Mapping[str, Any]]) -> None:
        for start in range(0, len(rows), WRITE_ROWS):
            self._write_idle_part(slotted(cypher, self._idle), rows[start : start + WRITE_ROWS])

    def _write_idle_part(self, text: str, rows: list[Mapping[str, Any]]) -> None:
        token = self._token

        @neo4j.unit_of_work(timeout=self._engine._write_timeout_s)
        def write(tx: neo4j.ManagedTransaction) -> None:
            self._hold(tx, token)
            tx.run(text, rows=rows).consume()

        self._engine._guard(lambda: self._engine._session_write(write))

    def _write_live(self) -> None:
        """The held rows into the live slot, with a new version, in one transaction; an
        import writing the idle slot meanwhile loses its token (it would drop these rows)."""

        @neo4j.unit_of_work(timeout=self._engine._write_timeout_s)
        def write(tx: neo4j.ManagedTransaction) -> None:
            live = tx.run(LOCK_STATEMENT).single(strict=True)["live"]
            for cypher, rows in self._held:
                tx.run(slotted(cypher, live), rows=rows).consume()
            tx.run(BUMP_STATEMENT).consume()

        self._engine._guard(lambda: self._engine._session_write(write))
        self._engine.version()

    @staticmethod
    def _hold(tx: neo4j.ManagedTransaction, token: str | None) -> None:
        """Lock the state; ``ImportConflict`` if another import has taken the token since."""
        if tx.run(LOCK_STATEMENT).single(strict=True)["token"] != token:
            raise ImportConflict("another import started after this one: this one was abandoned, nothing changed")
