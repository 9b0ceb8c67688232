"""The cycle collector's policy of a valuenet process: set once at start, it spaces the
passes out and still collects cycles."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

from service.collector import OLDER, YOUNG, tune_collector


@pytest.fixture
def tuned() -> Iterator[None]:
    before = gc.get_threshold()
    tune_collector()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


class Node:
    """A tracked object that can be part of a cycle."""

    other: Node | None = None


def test_what_lives_at_start_is_frozen_and_passes_are_spaced_out(tuned: None) -> None:
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG, OLDER, OLDER)
    assert gc.isenabled()


def test_a_cycle_is_still_collected(tuned: None) -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    kept = [Node() for _ in range(YOUNG + 1)]  # enough new objects for a young pass
    assert gone() is None
    assert kept


def test_the_cli_sets_the_policy_before_any_command() -> None:
    probe = (
        "import gc, sys; from service.cli import main; main(['modules']); print(gc.get_threshold(), file=sys.stderr)"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stderr.strip() == str((YOUNG, OLDER, OLDER))
