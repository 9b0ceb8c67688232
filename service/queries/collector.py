"""Pausing Python's cycle collector while a procedure runs.

A procedure over a hub builds millions of short-lived lists, tuples and dicts (step rows,
tiers, links), none of them in a reference cycle. Each allocation counts towards the
collector's next pass, and its full passes walk everything alive, growing with the
answer: a 6-tier chain from a hub spent a fifth of its time there. Reference counting
still frees all of it; only cycles wait until the last running procedure ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the collector until every thread that entered has left; then restore it."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                _promote_young()
                gc.enable()


def _promote_young() -> None:
    """Move every tracked object to the oldest generation, without walking them.

    All that the procedures allocated is still in the young generation, the answer among
    it, so the first pass after enabling would walk it all (a third of a second for a
    670k-row chain). Promoted, it is still freed by reference counting when dropped, and a
    cycle among it waits for the next full pass. ``freeze`` empties every generation into
    the permanent one and resets the young count; ``unfreeze`` hands it all to the oldest.
    Not done when something else froze objects (a pre-forking server may): they would thaw.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
