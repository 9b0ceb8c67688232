"""The Engine protocol: the one seam between valuenet and a graph database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

__all__ = ["Dialect", "Engine", "Health", "Result"]

Dialect = Literal["falkordb", "neo4j"]


@dataclass(frozen=True)
class Result:
    """Rows of plain Python values (str, int, float, bool, None, list, dict)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Health:
    """Whether the engine answers, and if not, why."""

    ok: bool
    engine: str
    detail: str


class Engine(Protocol):
    """What valuenet needs of a graph database; the rest of the code sees only this."""

    dialect: Dialect

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run a read-only query under the query time limit."""

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run one write query in its own transaction."""

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        """Run ``cypher`` once per batch with the batch as ``$rows``; return rows written."""

    def ensure_schema(self) -> None:
        """Create the ``id`` index (unique where the engine can) for every label."""

    def clear(self) -> None:
        """Delete every node and relationship of this engine's graph."""

    def health(self) -> Health:
        """Check that the engine answers; never raises."""

    def close(self) -> None:
        """Release connections (and stop an embedded engine this object started)."""
