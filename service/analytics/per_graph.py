"""What is derived from a graph and held in memory, built once per graph version: the supply
index, the name index.

A question uses only what was built from the graph version it pinned
(``service.queries.question``): its ``key`` names that version (the embedded engine's
generation, Neo4j's graph version), and None where there is none to name (valuenet does not
see every write), where nothing is held. Each engine holds the build of one version: the
build runs on a thread of its own, within the engine's ``index_timeout_ms`` whatever the
question's limit, and every question of that version waits for it within what is left of
its own (``QueryTimeout`` if that runs out: the build goes on, for the questions after it).
A write or an import makes the next question of the new version build again.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from service.engines.base import Engine
from service.errors import ValuenetError
from service.queries.catalog import Catalog
from service.queries.question import GraphChanged, Question
from service.queries.steps import Steps

__all__ = ["PerGraph", "graph_version"]

T = TypeVar("T")


@dataclass
class _Build(Generic[T]):
    """The build for one graph version: running, done, or failed."""

    key: int
    done: threading.Event = field(default_factory=threading.Event)
    value: T | None = None
    error: Exception | None = None


def graph_version(question: Question) -> int | None:
    """The key of what is held per version on both engines: the embedded engine's
    generation, Neo4j's graph version; None on an external FalkorDB."""
    return question.generation if question.generation is not None else question.version


class PerGraph(Generic[T]):
    """``build`` run once per graph version that ``key`` names, and kept while it is current."""

    def __init__(self, what: str, build: Callable[[Steps], T], key: Callable[[Question], int | None]) -> None:
        self.what = what
        self._build = build
        self._key = key
        self._lock = threading.Lock()
        self._builds: weakref.WeakKeyDictionary[Engine, _Build[T]] = weakref.WeakKeyDictionary()

    def get(self, steps: Steps) -> T | None:
        """What was built from the graph ``steps.question`` reads, built now if need be; None
        where the question's graph version has no key. ``GraphChanged`` if the graph was
        swapped since the question began."""
        key = self._key(steps.question)
        if key is None:
            return None
        build = self._build_for(steps, key)
        while not build.done.wait(steps.question.remaining_s()):  # remaining_s raises when the time is up
            pass
        if build.error is not None:
            raise build.error
        assert build.value is not None
        return build.value

    def ready(self, steps: Steps) -> T | None:
        """What was built from the graph ``steps.question`` reads if it is built already;
        None while it is not (nothing is built or waited for)."""
        key = self._key(steps.question)
        with self._lock:
            build = self._builds.get(steps.engine)
        if key is None or build is None or build.key != key or not build.done.is_set():
            return None
        return build.value

    def build_in_background(self, engine: Engine, catalog: Catalog, report: Callable[[str], None]) -> None:
        """Build it on a thread of its own (at start, after an import), so the first question
        that needs it does not wait; ``report`` gets one line when it is done."""

        def build() -> None:
            started = time.perf_counter()
            try:
                value = self._current(engine, catalog)
            except ValuenetError as exc:  # the question that needs it will build it and say why
                report(f"{self.what} not built: {exc}")
                return
            if value is not None:
                report(f"{self.what} ready: {value} in {time.perf_counter() - started:.1f} s")

        threading.Thread(target=build, name=f"valuenet-{self.what}", daemon=True).start()

    def _current(self, engine: Engine, catalog: Catalog) -> T | None:
        """What is built from the graph as it is now, waiting for it within the index's time limit."""
        question = Question.start(engine, engine.index_timeout_ms, f"the {self.what} build")
        while True:
            try:
                return self.get(Steps(question, catalog))
            except GraphChanged:
                question = question.again()

    def _build_for(self, steps: Steps, key: int) -> _Build[T]:
        """The build for the question's graph version, started if none is running or done."""
        steps.question.check()
        with self._lock:
            build = self._builds.get(steps.engine)
            if build is not None and build.key > key:  # a newer graph has its own build
                raise GraphChanged(f"the graph changed before the {self.what} was asked for")
            if build is None or build.key != key or build.error is not None:
                build = _Build(key)
                self._builds[steps.engine] = build  # what an older graph had goes with the questions on it
                threading.Thread(
                    target=self._run,
                    args=(steps.engine, steps.catalog, build),
                    name=f"valuenet-{self.what}",
                    daemon=True,
                ).start()
            return build

    def _run(self, engine: Engine, catalog: Catalog, build: _Build[T]) -> None:
        """Build for ``build.key``, as one question of its own time limit."""
        try:
            question = Question.start(engine, engine.index_timeout_ms, f"the {self.what} build")
            if self._key(question) != build.key:
                raise GraphChanged(f"the graph changed before the {self.what} build began")
            build.value = self._build(Steps(question, catalog))
            question.confirm()
        except Exception as exc:  # handed to every question waiting for it
            build.value, build.error = None, exc
        finally:
            build.done.set()
