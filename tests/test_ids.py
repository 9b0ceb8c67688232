"""The on-disk id index gives exactly what a pandas Index would, collisions included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from service.ingest.ids import HashSpill, IdIndex, hashed, repeats


def weak(values: pd.Series) -> np.ndarray:
    """A hash with 5 values: nearly every id collides with others."""
    return (hashed(values) % np.uint64(5)).astype(np.uint64)


def expected(ids: pd.Series, values: pd.Series) -> np.ndarray:
    index = pd.Index(ids.astype(object)).drop_duplicates()
    first = {text: int(np.flatnonzero((ids == text).to_numpy())[0]) for text in index}
    return np.array([first.get(v, -1) for v in values], dtype=np.int64)


def sealed(folder: Path, ids: pd.Series, hash=hashed, batch: int = 7) -> IdIndex:
    """An index of ``ids`` added in batches of ``batch``, as validation adds them."""
    index = IdIndex(folder, hash)
    for start in range(0, len(ids), batch):
        index.add(ids.iloc[start : start + batch])
    index.seal()
    return index


@pytest.mark.parametrize("hash", [hashed, weak], ids=["hashed", "colliding"])
def test_positions_match_a_plain_lookup(tmp_path: Path, hash) -> None:
    rng = np.random.default_rng(3)
    ids = pd.Series([f"n{i}" for i in rng.integers(0, 400, 300)], index=range(1, 301)).astype("str")
    values = pd.Series([f"n{i}" for i in rng.integers(0, 600, 1000)]).astype("str")
    found = sealed(tmp_path / "index", ids, hash).positions(values)
    assert found.tolist() == expected(ids, values).tolist()
    assert (found >= 0).any()
    assert (found < 0).any()


def test_empty_sides(tmp_path: Path) -> None:
    none = pd.Series([], dtype="str")
    assert sealed(tmp_path / "none", none).positions(pd.Series(["a"]).astype("str")).tolist() == [-1]
    some = pd.Series(["a", "b"]).astype("str")
    assert sealed(tmp_path / "some", some).positions(none).tolist() == []


def test_repeated_lists_every_id_whose_hash_is_shared(tmp_path: Path) -> None:
    ids = pd.Series(["a", "b", "a", "c", "b", "a"]).astype("str")
    index = sealed(tmp_path / "index", ids, batch=4)
    assert index.repeated.tolist() == np.flatnonzero(ids.duplicated(keep=False)).tolist()
    assert index.texts(index.repeated).tolist() == ["a", "b", "a", "b", "a"]
    assert repeats(np.array([1, 3, 3, 3, 7, 9, 9], dtype=np.uint64)).tolist() == [3, 9]
    assert not len(repeats(np.array([1, 2, 3], dtype=np.uint64)))


def test_spilled_partitions_are_the_whole_sorted_array(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    batches = [rng.integers(0, 2**64, size, dtype=np.uint64) for size in (1000, 0, 3000, 1)]
    batches.append(batches[0][:10].copy())  # ten hashes added twice
    spill = HashSpill(tmp_path / "spill")
    for batch in batches:
        spill.add(batch)
    everything = np.concatenate(batches)
    parts = list(spill.sorted())
    assert len(parts) > 100  # spread over the partitions by their top bits
    hashes = np.concatenate([h for h, _ in parts])
    positions = np.concatenate([p for _, p in parts])
    assert hashes.tolist() == np.sort(everything).tolist()
    assert everything[positions].tolist() == hashes.tolist()  # each position is where its hash arrived
    again = HashSpill(tmp_path / "again")
    for batch in batches:
        again.add(batch)
    assert sorted(again.repeats().tolist()) == sorted(batches[0][:10].tolist())
