"""Encoding rows for FalkorDB's ``GRAPH.BULK`` loader, vectorised with numpy.

A blob is ``name\\0``, a uint32 property count and the property names (``\\0``-ended), then
each entity: for relationships two uint64 node indices (the order in which nodes were
bulk-inserted), then each property as a type byte and its value (double and int64
little-endian, bool one byte, string ``\\0``-ended; null is the type byte alone).
A property's type may differ from row to row: a coded column sends an integer code where it
has one and the text where it has none (see ``service.ingest.vocabulary``).
"""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pyarrow as pa

from service.ingest.schema import Field, FieldType

__all__ = ["encode"]

NULL, BOOL, DOUBLE, STRING, LONG = 0, 1, 2, 3, 4


def encode(
    name: str,
    frame: pd.DataFrame,
    fields: list[Field],
    ends: tuple[np.ndarray, np.ndarray] | None = None,
    codes: dict[str, np.ndarray] | None = None,
) -> bytes:
    """One blob of ``frame``'s rows: ``fields`` as properties, ``ends`` the node indices.

    A field named in ``codes`` sends its row's code (an int64 array, -1 for none) in place
    of the text wherever there is one.
    """
    header = _cstring(name) + struct.pack("<I", len(fields)) + b"".join(_cstring(f.name) for f in fields)
    rows = len(frame)
    codes = codes or {}
    columns = [
        _Coded(frame[f.name], codes[f.name]) if f.name in codes else _Column(frame[f.name], f.type) for f in fields
    ]
    sizes = sum((c.sizes for c in columns), np.full(rows, 16 if ends else 0, dtype=np.int64))
    position = np.zeros(rows, dtype=np.int64)
    np.cumsum(sizes[:-1], out=position[1:])
    buffer = np.full(int(sizes.sum()), NULL, dtype=np.uint8)
    if ends is not None:
        for values in ends:
            _scatter(buffer, position, np.asarray(values, dtype="<u8").view(np.uint8).reshape(-1, 8))
            position = position + 8
    for column in columns:
        column.write(buffer, position)
        position = position + column.sizes
    return header + buffer.tobytes()


def _cstring(text: str) -> bytes:
    return text.encode() + b"\0"


def _scatter(buffer: np.ndarray, at: np.ndarray, chunks: np.ndarray) -> None:
    """Write each row of ``chunks`` (n x width bytes) at the matching offset of ``at``."""
    buffer[at[:, None] + np.arange(chunks.shape[1])] = chunks


class _Column:
    """One property column: its per-row encoded sizes, and how to write it."""

    def __init__(self, series: pd.Series, kind: FieldType) -> None:
        self.present = series.notna().to_numpy()
        if kind in ("string", "date"):
            array = pa.array(series, from_pandas=True)
            if isinstance(array, pa.ChunkedArray):
                array = array.combine_chunks()
            wide = pa.types.is_large_string(array.type)
            _validity, offsets, data = array.buffers()
            width = np.int64 if wide else np.int32
            self.offsets = np.frombuffer(offsets, dtype=width)[array.offset : array.offset + len(array) + 1].astype(
                np.int64
            )
            self.data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
            self.sizes = np.where(self.present, np.diff(self.offsets) + 2, 1)
            self.type = STRING
        elif kind == "bool":
            self.values = series.to_numpy(dtype=bool, na_value=False)[self.present].astype(np.uint8)
            self.sizes = np.where(self.present, 2, 1)
            self.type = BOOL
        else:
            dtype = "<i8" if kind == "int" else "<f8"
            self.values = series.to_numpy(dtype=dtype, na_value=0)[self.present]
            self.sizes = np.where(self.present, 9, 1)
            self.type = LONG if kind == "int" else DOUBLE

    def write(self, buffer: np.ndarray, at: np.ndarray) -> None:
        """Write the present rows; the others keep the buffer's NULL type byte."""
        buffer[at[self.present]] = self.type
        if self.type == STRING:
            lengths = np.diff(self.offsets)
            start, end = self.offsets[0], self.offsets[-1]
            target = np.arange(start, end) + np.repeat(at + 1 - self.offsets[:-1], lengths)
            buffer[target] = self.data[start:end]  # the terminating zero is already there
        elif self.type == BOOL:
            buffer[at[self.present] + 1] = self.values
        else:
            _scatter(buffer, at[self.present] + 1, self.values.view(np.uint8).reshape(-1, 8))


class _Coded:
    """A text column sent as codes where it has them and as text elsewhere: two columns
    over disjoint rows sharing one property slot."""

    def __init__(self, series: pd.Series, codes: np.ndarray) -> None:
        coded = codes >= 0
        self.texts = _Column(series.where(~coded), "string")
        self.codes = _Column(pd.Series(codes).where(coded), "int")
        self.sizes = self.texts.sizes + self.codes.sizes - 1  # an absent row is one byte in each

    def write(self, buffer: np.ndarray, at: np.ndarray) -> None:
        self.texts.write(buffer, at)
        self.codes.write(buffer, at)
