"""A real engine whose reads are counted: how many engine calls a question makes."""

from __future__ import annotations

import threading
from typing import Any

from service.engines.base import Engine, Result

__all__ = ["CountingEngine"]


class CountingEngine:
    """``engine`` itself, but ``reads`` counts its calls of ``read`` and ``read_table``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()  # the steps of a question read on two threads
        self.reads = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def read(self, *args: Any, **kwargs: Any) -> Result:
        self._count()
        return self._engine.read(*args, **kwargs)

    def read_table(self, *args: Any, **kwargs: Any) -> Result:
        self._count()
        return self._engine.read_table(*args, **kwargs)

    def _count(self) -> None:
        with self._lock:
            self.reads += 1
