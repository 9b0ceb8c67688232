"""The lane that sends a bulk load's batches while the next ones are prepared."""

from __future__ import annotations

import threading

import pytest

from service.ingest.lane import Lane


def test_a_lane_runs_its_calls_in_order_on_another_thread_and_close_waits_for_them() -> None:
    ran: list[tuple[int, str]] = []
    lane = Lane("test", depth=2)
    for i in range(50):
        lane.submit(lambda i=i: ran.append((i, threading.current_thread().name)))
    lane.close()
    assert [i for i, _ in ran] == list(range(50))
    assert {name for _, name in ran} == {"test"}


def test_a_failed_call_drops_the_rest_and_its_error_reaches_the_submitter() -> None:
    ran: list[int] = []

    def fail() -> None:
        raise RuntimeError("engine refused batch 2")

    lane = Lane("test")
    lane.submit(lambda: ran.append(1))
    lane.submit(fail)

    def feed() -> None:
        for i in range(3, 1000):
            lane.submit(lambda i=i: ran.append(i))
        lane.close()

    with pytest.raises(RuntimeError, match="batch 2"):  # at a later submit, or at close
        feed()
    assert ran == [1]


def test_leaving_the_block_on_an_error_drops_what_waits_and_sends_nothing_after() -> None:
    ran: list[int] = []
    started, release = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(5)
        ran.append(1)

    def load() -> None:
        with Lane("test", depth=1) as lane:
            lane.submit(slow)
            started.wait(5)
            lane.submit(lambda: ran.append(2))  # waits while the slow call runs
            threading.Timer(0.5, release.set).start()  # the slow call ends after the block is left
            raise ValueError("bad data in row 7")

    with pytest.raises(ValueError, match="row 7"):
        load()
    assert ran == [1]  # the running call ended before the block was left; the waiting one never ran


def test_submit_blocks_while_depth_calls_wait() -> None:
    started, release = threading.Event(), threading.Event()
    lane = Lane("test", depth=1)
    lane.submit(lambda: (started.set(), release.wait(5)))
    started.wait(5)
    lane.submit(lambda: None)  # fills the one waiting place
    third = threading.Thread(target=lane.submit, args=(lambda: None,))
    third.start()
    third.join(0.2)
    assert third.is_alive()  # blocked: the lane holds no more than its depth
    release.set()
    third.join(5)
    assert not third.is_alive()
    lane.close()
