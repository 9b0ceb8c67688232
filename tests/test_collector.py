"""The cycle collector is paused while procedures run, and restored when the last one ends."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from service.queries.collector import collector_paused


@pytest.fixture(autouse=True)
def enabled_collector() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def fail_inside() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")


def test_the_collector_is_paused_inside_and_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        fail_inside()
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_waits_for_the_last_of_overlapping_threads() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        assert entered.wait(5)
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    thread.join(5)
    assert gc.isenabled()


class Node:
    """A tracked object that can be part of a cycle."""

    other: Node | None = None


def test_what_a_procedure_allocated_leaves_young_and_a_cycle_is_still_collected() -> None:
    with collector_paused():
        kept = [Node() for _ in range(10_000)]
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
    assert gc.get_count()[0] < 1_000  # the young generation was not left to walk
    assert any(kept[0] is o for o in gc.get_objects(generation=2))
    gc.collect()
    assert gone() is None


def test_objects_frozen_by_others_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            pass
        assert gc.get_freeze_count() == frozen > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
