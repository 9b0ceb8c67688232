"""One question's hold on the engine: one time limit for all its calls, one graph version.

A question (a module's answer, or a build of the supply index) may take many engine calls,
with Python work between them. Two things are shared by all of them:

- **the time limit**: the question ends at ``started + limit``; each call is sent with what
  is left as the engine's own time limit (FalkorDB's ``TIMEOUT``, Neo4j's transaction
  timeout), and running out, at a call or between calls, is ``QueryTimeout`` (HTTP 504);
- **the graph version** (a snapshot): the question pins the engine's generation when it
  starts, at an even value (no write or import swap under way), and after each call checks
  it is unchanged. An import that swaps the graph meanwhile bumps it, and the question
  raises ``GraphChanged``: ``run_module`` then asks the whole question again, on the new
  graph, within what is left of the same time limit. So an answer is computed on one
  graph from start to end, never from node handles or an in-memory index of one graph
  applied to another. The check is a compare of an integer, so it costs nothing. Where the
  engine has no generation (Neo4j, an external FalkorDB: valuenet does not see every
  write), Neo4j keeps a graph version on the server (``Engine.version``, one engine call):
  the question pins it at its start (its reads then go to that graph's slot) and confirms
  it at its end (``confirm``), and is asked again if an import flipped the graph between.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from service.engines.base import Dialect, Engine, Result
from service.errors import QueryTimeout

__all__ = ["GraphChanged", "Question", "on_one_version"]

T = TypeVar("T")
#: How long a question waits before looking again whether a swap has ended (it takes one
#: engine command).
SWAP_POLL_S = 0.001


class GraphChanged(Exception):
    """The graph a question pinned was changed under it: ask the question again.

    Not a ``ValuenetError``: it never reaches a client (``run_module`` catches it).
    """


@dataclass(frozen=True)
class Question:
    """The time limit and the pinned graph version of one question on ``engine``."""

    engine: Engine
    #: ``time.monotonic()`` at which the time limit runs out.
    ends: float
    limit_ms: int
    #: The engine's generation the question reads; None where the engine has none.
    generation: int | None
    #: The engine's graph version the question reads (Neo4j); None where it keeps none.
    version: int | None = None
    #: What runs, for the timeout message: "the question", "the supply index build".
    what: str = "the question"

    @classmethod
    def start(cls, engine: Engine, limit_ms: int, what: str = "the question", *, ends: float | None = None) -> Question:
        """Pin the engine's graph as it is now, waiting while a swap is under way; the limit
        runs from now, or ``ends`` at the time given (a retry keeps its first start's)."""
        ends = time.monotonic() + limit_ms / 1000 if ends is None else ends
        while True:
            generation = engine.generation
            if generation is None or generation % 2 == 0:
                return cls(engine, ends, limit_ms, generation, engine.version(), what)
            if time.monotonic() >= ends:
                raise _timeout(what, limit_ms)
            time.sleep(SWAP_POLL_S)

    def again(self) -> Question:
        """The same question asked anew on the graph as it is now, within the same limit."""
        return Question.start(self.engine, self.limit_ms, self.what, ends=self.ends)

    @property
    def dialect(self) -> Dialect:
        """The engine's dialect, for texts written per engine."""
        return self.engine.dialect

    def remaining_ms(self) -> int:
        """The milliseconds left (at least 1); ``QueryTimeout`` when none are."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise _timeout(self.what, self.limit_ms)
        return max(1, int(left * 1000))

    def remaining_s(self) -> float:
        """As ``remaining_ms``, in seconds."""
        return self.remaining_ms() / 1000

    def check(self) -> None:
        """Raise ``QueryTimeout`` if the time is up, ``GraphChanged`` if the graph changed."""
        self.remaining_ms()
        if self.engine.generation != self.generation:
            raise GraphChanged(f"the graph changed under {self.what}")

    def confirm(self) -> None:
        """``check``, and that the engine's graph version is still the pinned one."""
        self.check()
        if self.version is not None and self.engine.version() != self.version:
            raise GraphChanged(f"the graph changed under {self.what}")

    def changed(self) -> bool:
        """Whether the graph changed since the question started."""
        if self.engine.generation != self.generation:
            return True
        return self.version is not None and self.engine.version() != self.version

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """``engine.read`` within what is left of the limit, on the pinned graph."""
        return self._call(lambda timeout_ms: self.engine.read(cypher, params, timeout_ms=timeout_ms))

    def read_table(self, cypher: str, params: Mapping[str, Any], columns: Sequence[tuple[str, str]]) -> Result:
        """``engine.read_table`` within what is left of the limit, on the pinned graph."""
        return self._call(lambda timeout_ms: self.engine.read_table(cypher, params, columns, timeout_ms=timeout_ms))

    def _call(self, call: Callable[[int], T]) -> T:
        self.check()
        try:
            result = call(self.remaining_ms())
        except QueryTimeout as exc:  # the engine's limit was what was left of the question's
            raise _timeout(self.what, self.limit_ms) from exc
        self.check()
        return result


def on_one_version(engine: Engine, ask: Callable[[Question], T]) -> T:
    """``ask`` as one question on ``engine``: within its ``query_timeout_ms``, on one graph
    version; if the graph changes meanwhile, it is asked again on the new one, within what
    is left of the same limit."""
    question = Question.start(engine, engine.query_timeout_ms)
    while True:
        try:
            answer = ask(question)
            question.confirm()  # also the Python work after the last call, and Neo4j's version
            return answer
        except Exception:
            # Anything a graph changed under a question led to (a handle of the old graph
            # not found in the new one, say) is no answer: ask again.
            if not question.changed():
                raise
        question = question.again()


def _timeout(what: str, limit_ms: int) -> QueryTimeout:
    message = f"{what} ran past its time limit of {limit_ms:,} ms"
    return QueryTimeout(message, public=message)  # the limit is the client's to know
