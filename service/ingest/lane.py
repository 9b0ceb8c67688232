"""A lane: calls run in order on a thread of their own, so the caller goes on meanwhile.

A bulk load is a loop of two halves that wait for each other: valuenet reads, checks and
encodes a batch (Python, one core), then the engine takes it (the other core). Sending
through a lane lets the next batch be prepared while the engine takes this one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

__all__ = ["Lane"]

_STOP = object()


class Lane:
    """Runs submitted calls one after another, in order, on one thread.

    At most ``depth`` calls wait (``submit`` blocks beyond), which bounds the memory their
    arguments hold. The first call that fails stops the lane: the calls after it are
    dropped, and its exception is raised to the submitter at its next ``submit`` or at
    ``close``. Leaving a ``with`` block on an error drops what waits and joins the thread,
    so nothing is sent once the block is left.
    """

    def __init__(self, name: str, depth: int = 1) -> None:
        self._calls: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[[], object]) -> None:
        """Queue ``call``; raise the error of an earlier call, if one failed."""
        self._raise()
        self._calls.put(call)

    def close(self) -> None:
        """Wait for every queued call; raise the error of the first that failed."""
        self._stop()
        self._raise()

    def __enter__(self) -> Lane:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
            return
        self._cancelled = True
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._calls.put(_STOP)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _work(self) -> None:
        while (call := self._calls.get()) is not _STOP:
            if self._error is None and not self._cancelled:
                try:
                    call()
                except BaseException as exc:  # handed to the submitting thread
                    self._error = exc
