"""The compact id index gives exactly what a pandas Index would, collisions included."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from service.ingest.ids import IdIndex, hashed, repeats


def weak(values: pd.Series) -> np.ndarray:
    """A hash with 5 values: nearly every id collides with others."""
    return (hashed(values) % np.uint64(5)).astype(np.uint64)


def expected(ids: pd.Series, values: pd.Series) -> np.ndarray:
    index = pd.Index(ids.astype(object)).drop_duplicates()
    first = {text: int(np.flatnonzero((ids == text).to_numpy())[0]) for text in index}
    return np.array([first.get(v, -1) for v in values], dtype=np.int64)


@pytest.mark.parametrize("hash", [hashed, weak], ids=["hashed", "colliding"])
def test_positions_match_a_plain_lookup(hash) -> None:
    rng = np.random.default_rng(3)
    ids = pd.Series([f"n{i}" for i in rng.integers(0, 400, 300)], index=range(1, 301)).astype("str")
    values = pd.Series([f"n{i}" for i in rng.integers(0, 600, 1000)]).astype("str")
    found = IdIndex(ids, hash(ids), hash).positions(values)
    assert found.tolist() == expected(ids, values).tolist()
    assert (found >= 0).any()
    assert (found < 0).any()


def test_empty_sides() -> None:
    none = pd.Series([], dtype="str")
    assert IdIndex(none, hashed(none)).positions(pd.Series(["a"]).astype("str")).tolist() == [-1]
    some = pd.Series(["a", "b"]).astype("str")
    assert IdIndex(some, hashed(some)).positions(none).tolist() == []


def test_repeated_marks_every_id_whose_hash_is_shared() -> None:
    ids = pd.Series(["a", "b", "a", "c", "b", "a"]).astype("str")
    assert IdIndex(ids, hashed(ids)).repeated.tolist() == ids.duplicated(keep=False).tolist()
    assert repeats(np.array([1, 3, 3, 3, 7, 9, 9], dtype=np.uint64)).tolist() == [3, 9]
    assert not len(repeats(np.array([1, 2, 3], dtype=np.uint64)))
