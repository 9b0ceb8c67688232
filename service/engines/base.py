"""The Engine protocol: the one seam between valuenet and a graph database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal, Protocol

__all__ = ["DEFAULT_INDEX_TIMEOUT_MS", "BatchWriter", "Dialect", "Engine", "Health", "Result", "Stage", "cast_column"]

Dialect = Literal["falkordb", "neo4j"]
#: Time limit of a build of the in-memory supply index, unless configured.
DEFAULT_INDEX_TIMEOUT_MS = 600_000


@dataclass(frozen=True)
class Result:
    """Rows of plain Python values (str, int, float, bool, None, list, dict)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    #: For a map: the nodes its rows (the edges) join; JSON then gives {nodes, edges}.
    nodes: list[dict[str, Any]] | None = None
    #: For a page of a paged question: whether rows follow it (None when not paged).
    more: bool | None = None

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column."""
        columns = self.columns
        return [dict(zip(columns, row, strict=True)) for row in self.rows]


def cast_column(rows: list[list[Any]], index: int, cast: type[int] | type[float]) -> None:
    """Cast column ``index`` of ``rows`` to ``cast`` in place, None left alone. The check
    runs in C, so a column already of its type (the common case) costs no Python loop."""
    if set(map(type, map(itemgetter(index), rows))) - {cast, type(None)}:
        for row in rows:
            if row[index] is not None:
                row[index] = cast(row[index])


@dataclass(frozen=True)
class Health:
    """Whether the engine answers, and if not, why (and what of it a client may read)."""

    ok: bool
    engine: str
    detail: str
    public: str | None = None


class BatchWriter(Protocol):
    """Anything that writes ``UNWIND $rows`` batches: an engine, or an import's stage."""

    dialect: Dialect

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        """Run ``cypher`` once per batch with the batch as ``$rows``; return rows written."""


class Stage(BatchWriter, Protocol):
    """Writes that become visible all at once (see ``Engine.staged``)."""

    #: True when the stage starts from an empty graph (a replace, or an empty target).
    fresh: bool


class Engine(Protocol):
    """What valuenet needs of a graph database; the rest of the code sees only this."""

    dialect: Dialect
    #: Bumped when a write or an import's swap through this object starts (then it is odd)
    #: and again when it ends, when nothing else can write to the graph (an embedded
    #: engine's own graph); None when others may (a shared server). Reads made while it
    #: stays at one even value all saw the same graph (see ``service.queries.question``),
    #: and what is derived from the graph in memory is current while it is unchanged.
    generation: int | None
    #: Time limit of one question, shared by all its engine calls.
    query_timeout_ms: int
    #: Time limit of a build of the in-memory supply index (independent of the question's).
    index_timeout_ms: int

    def version(self) -> int | None:
        """The version of the graph readers see, read from a server that keeps one (Neo4j's
        slots, see ``service.engines.neo4j``; reads then go to that graph), else None. A
        question pins it when it starts and confirms it when it ends."""

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None) -> Result:
        """Run a read-only query within ``timeout_ms`` (by default ``query_timeout_ms``)."""

    def read_table(
        self,
        cypher: str,
        params: Mapping[str, Any],
        columns: Sequence[tuple[str, str]],
        *,
        timeout_ms: int | None = None,
    ) -> Result:
        """Run a read-only query whose result may be long, of known ``(name, type)`` columns
        (types ``string``, ``string[]``, ``int``, ``float``, ``node``), with no cap on its rows,
        within ``timeout_ms`` as ``read``."""

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run one write query in its own transaction."""

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        """Run ``cypher`` once per batch with the batch as ``$rows``; return rows written."""

    def staged(self, *, replace: bool) -> AbstractContextManager[Stage]:
        """Writes through the stage become visible together when the block ends without error,
        and none of them if it raises or the process or engine dies; with ``replace`` the
        stage starts empty and its content replaces the whole graph."""

    def ensure_schema(self) -> None:
        """Create the ``id`` index (unique where the engine can) for every label."""

    def clear(self) -> None:
        """Delete every node and relationship of this engine's graph."""

    def health(self) -> Health:
        """Check that the engine answers; never raises."""

    def close(self) -> None:
        """Release connections (and stop an embedded engine this object started)."""
