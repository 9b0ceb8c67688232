"""Reading a Parquet table within bounds: a small file must not expand without limit.

Parquet compresses column chunks and dictionary-encodes values, so a file of kilobytes can
hold gigabytes: a chunk that decompresses a thousandfold, or one long text repeated in
every row through its dictionary. Two bounds keep the reader's memory flat:

- before reading, each column chunk's ratio of expanded to compressed bytes and the
  table's expanded total, as the file's metadata declares them (the zip limits);
- while reading, text columns arrive still dictionary-encoded; each row's decoded size
  is computed from the dictionary's lengths (no decoding) and bounded like a line of a
  CSV, the table's decoded total like the dataset, and a batch is decoded in slices of
  at most ``SLICE_BYTES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from service.errors import Problem
from service.ingest.unzip import RATIO_FLOOR
from service.settings import ImportLimits

__all__ = ["SLICE_BYTES", "Unbounded", "bounded_batches", "oversized_chunk"]

ROWS = 65_536  # rows read at a time
SLICE_BYTES = 8 << 20  # decoded text handed on at a time


class Unbounded(Exception):
    """A table passed a bound while it was read; ``problem`` says which and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def oversized_chunk(path: Path, limits: ImportLimits) -> Problem | None:
    """The first bound the file's metadata says it passes, or None."""
    metadata = pq.ParquetFile(path).metadata
    expanded = 0
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            expanded += chunk.total_uncompressed_size
            ratio = chunk.total_uncompressed_size / max(chunk.total_compressed_size, 1)
            if chunk.total_uncompressed_size > RATIO_FLOOR and ratio > limits.max_ratio:
                message = f"expands more than {limits.max_ratio}-fold, the most taken (a bomb?)"
                return Problem(path.name, None, chunk.path_in_schema, message)
    if expanded > limits.max_bytes:
        return Problem(path.name, None, None, f"expands past {limits.max_bytes:,} bytes, the most taken")
    return None


def bounded_batches(path: Path, limits: ImportLimits) -> Iterator[pa.RecordBatch]:
    """The table's rows, decoded a slice at a time; ``Unbounded`` at the first bound passed."""
    parquet = pq.ParquetFile(
        path,
        # pre_buffer (the default) caches read ranges for the whole file: memory would
        # grow with the table (by 80 MB over a 5M-row one); it only pays on remote storage.
        pre_buffer=False,
        # Text read as stored, dictionary-encoded: its decoded size is known before decoding
        # (the reader then hashes the text of columns stored plain: 1 s more per million rows).
        read_dictionary=[f.name for f in pq.read_schema(path) if pa.types.is_string(f.type)],
    )
    rows = 0
    decoded = 0
    for batch in parquet.iter_batches(batch_size=ROWS):
        sizes = _decoded_row_bytes(batch)
        over = np.flatnonzero(sizes > limits.max_line_bytes)
        if len(over):
            first = int(over[0])
            size, most = int(sizes[first]), limits.max_line_bytes
            message = f"the row decodes to {size:,} bytes, more than {most:,}, the most taken"
            raise Unbounded(Problem(path.name, rows + first + 1, None, message))
        decoded += int(sizes.sum())
        if decoded > limits.max_bytes:
            raise Unbounded(Problem(path.name, None, None, f"decodes past {limits.max_bytes:,} bytes, the most taken"))
        for start, end in _slices(sizes):
            yield _decode(batch.slice(start, end - start))
        rows += batch.num_rows


def _decoded_row_bytes(batch: pa.RecordBatch) -> np.ndarray:
    """Each row's bytes of dictionary-encoded text once decoded, from the dictionaries' lengths."""
    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            lengths = pc.binary_length(column.dictionary).fill_null(0)
            sizes += lengths.take(column.indices).fill_null(0).to_numpy(zero_copy_only=False)
    return sizes


def _slices(sizes: np.ndarray) -> Iterator[tuple[int, int]]:
    """Row ranges of at most ``SLICE_BYTES`` decoded (or one row, if it alone is more)."""
    total = int(sizes.sum())
    cuts = np.searchsorted(np.cumsum(sizes), np.arange(SLICE_BYTES, total, SLICE_BYTES), side="right")
    return pairwise([0, *sorted(set(cuts.tolist()) - {0, len(sizes)}), len(sizes)])


def _decode(batch: pa.RecordBatch) -> pa.RecordBatch:
    columns = [c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in batch.columns]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)
