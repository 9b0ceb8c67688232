"""Exact sets of ids and keys for validating a dataset of any size, kept on disk.

Validation must know every node id (to resolve relationship ends into bulk indices) and
find repeated ids and keys. Held in memory that costs about 28 bytes an id and 8 a
relationship row, so the importer would grow with the dataset. Here both live in files:
64-bit hashes are spilled into partitions by their top bits, each partition is sorted on
its own (the partitions in order are then the whole sorted array), and lookups binary
search a memory map of the sorted hashes; the kernel keeps those pages as cache and can
drop them. A lookup is confirmed by comparing texts, so a hash collision never passes one
id for another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["HashSpill", "IdIndex", "hashed", "repeats"]

PARTITION_BITS = 8  # 256 partitions: at 100M keys, 6 MB of records each
RECORD = np.dtype([("hash", "<u8"), ("position", "<i8")])


def hashed(values: pd.Series) -> np.ndarray:
    """64-bit hashes of text values: equal texts hash equal, whatever their dtype."""
    hashes: np.ndarray = pd.util.hash_pandas_object(values.astype("str"), index=False).to_numpy()
    return hashes


def repeats(ordered: np.ndarray) -> np.ndarray:
    """The values that occur more than once in a sorted array."""
    return np.unique(ordered[1:][ordered[1:] == ordered[:-1]])


class HashSpill:
    """64-bit hashes, each with its position in arrival order, in one file on disk.

    Each batch is written as one chunk grouped by partition (the hash's top bits), and only
    where each chunk's partitions start is kept in memory (2 KB a batch): one write per
    batch, as creating and appending to many small files is slow beside a busy engine.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True)
        self._path = folder / "hashes"
        self._file: BinaryIO | None = self._path.open("wb")
        self._chunks: list[tuple[int, np.ndarray]] = []  # (first record, partition bounds)
        self._count = 0

    def add(self, hashes: np.ndarray) -> None:
        """Append a batch; its positions follow those of the batches before it."""
        assert self._file is not None, "already read"
        part = (hashes >> np.uint64(64 - PARTITION_BITS)).astype(np.int64)
        order = np.argsort(part, kind="stable")
        records = np.empty(len(hashes), dtype=RECORD)
        records["hash"] = hashes[order]
        records["position"] = order + self._count
        self._file.write(records.tobytes())
        self._chunks.append((self._count, np.searchsorted(part[order], np.arange((1 << PARTITION_BITS) + 1))))
        self._count += len(hashes)

    def sorted(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Each partition in turn (ascending), as (hashes, positions) sorted by hash then position."""
        assert self._file is not None, "already read"
        self._file.close()
        self._file = None
        if not self._count:
            return
        with self._path.open("rb") as file:
            for p in range(1 << PARTITION_BITS):
                part = np.concatenate([_read(file, start + at[p], at[p + 1] - at[p]) for start, at in self._chunks])
                if len(part):
                    order = np.argsort(part["hash"], kind="stable")  # positions arrive in order
                    yield part["hash"][order], part["position"][order]

    def repeats(self) -> np.ndarray:
        """The hashes that were added more than once."""
        return np.concatenate([repeats(hashes) for hashes, _ in self.sorted()] or [np.zeros(0, np.uint64)])


class IdIndex:
    """Ids in file order, added batch by batch, then ``seal``-ed for lookups.

    ``positions`` finds where given ids first occur (-1 if absent). ``repeated`` lists, in
    file order, the positions of ids whose hash is shared: duplicate ids are among them.
    """

    def __init__(self, folder: Path, hash: Callable[[pd.Series], np.ndarray] = hashed) -> None:
        self._hash = hash
        self._folder = folder
        self._spill = HashSpill(folder / "spill")
        self._writer: pa.ipc.RecordBatchFileWriter | None = pa.ipc.new_file(
            str(folder / "texts.arrow"), pa.schema([("id", pa.string())])
        )
        self.repeated = np.zeros(0, dtype=np.int64)
        self._shared: dict[str, int] = {}

    def add(self, ids: pd.Series) -> None:
        assert self._writer is not None, "sealed"
        self._writer.write_batch(pa.record_batch([_arrow(ids)], names=["id"]))
        self._spill.add(self._hash(ids))

    def seal(self) -> None:
        """Sort the hashes into two files (hashes, positions) and map them, and the texts."""
        assert self._writer is not None, "sealed twice"
        self._writer.close()
        self._writer = None
        self._texts = pa.ipc.open_file(pa.memory_map(str(self._folder / "texts.arrow"))).read_all().column("id")
        shared: list[np.ndarray] = []
        shared_hashes: list[np.ndarray] = []
        with (self._folder / "hashes").open("wb") as hashes, (self._folder / "positions").open("wb") as positions:
            for part_hashes, part_positions in self._spill.sorted():
                hashes.write(part_hashes.tobytes())
                positions.write(part_positions.tobytes())
                twice = repeats(part_hashes)
                shared.append(part_positions[np.isin(part_hashes, twice)])
                shared_hashes.append(twice)
        self._hashes = _mapped(self._folder / "hashes", np.uint64)
        self._order = _mapped(self._folder / "positions", np.int64)
        self.repeated = np.sort(np.concatenate(shared or [np.zeros(0, np.int64)]))
        self._shared_hashes = np.concatenate(shared_hashes or [np.zeros(0, np.uint64)])
        for position, text in zip(self.repeated.tolist(), self.texts(self.repeated).tolist(), strict=True):
            self._shared.setdefault(text, position)

    def texts(self, positions: np.ndarray) -> pd.Series:
        """The ids at ``positions`` (file order), as text."""
        return pd.Series(self._texts.take(pa.array(positions, pa.int64())).to_pandas(), dtype="str")

    def positions(self, values: pd.Series) -> np.ndarray:
        """Position in file order of each value's first occurrence, or -1."""
        found = np.full(len(values), -1, dtype=np.int64)
        if not len(self._hashes) or not len(values):
            return found
        wanted = self._hash(values)
        at = np.minimum(np.searchsorted(self._hashes, wanted), len(self._hashes) - 1)
        hit = np.flatnonzero(self._hashes[at] == wanted)
        candidates = np.asarray(self._order[at[hit]])
        same = pc.fill_null(pc.equal(self._texts.take(pa.array(candidates)), _arrow(values.iloc[hit])), False)
        same = same.to_numpy(zero_copy_only=False)
        found[hit[same]] = candidates[same]
        for row in np.flatnonzero(np.isin(wanted, self._shared_hashes)).tolist():
            found[row] = self._shared.get(str(values.iloc[row]), -1)
        return found


def _read(file: BinaryIO, first: int, count: int) -> np.ndarray:
    """``count`` records of a spill file from record ``first`` (read, not mapped: the pages
    would count as this process's memory)."""
    file.seek(first * RECORD.itemsize)
    return np.fromfile(file, dtype=RECORD, count=count)


def _mapped(path: Path, dtype: type[np.generic]) -> np.ndarray:
    """A read-only memory map of an array file (an empty array for an empty file)."""
    if not path.stat().st_size:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


def _arrow(values: pd.Series) -> pa.Array:
    """The values as one Arrow text array (no Python string per value)."""
    array = pa.array(values.astype("str").array, type=pa.string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
