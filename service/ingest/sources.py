"""Finding and reading a dataset's tables: a folder or a ``.zip``; CSV, Parquet or JSON lines.

Tables are read in record batches, so memory does not grow with a table's length. A
``.zip`` is unpacked (only entries named like tables, within the import's limits: see
``service.ingest.unzip``) into a scratch folder (``service.ingest.scratch``).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from service.errors import InvalidDataset, Problem
from service.ingest.parquet import bounded_batches, oversized_chunk
from service.ingest.schema import TABLES, Table
from service.ingest.scratch import scratch
from service.ingest.unzip import Unpacker
from service.settings import DEFAULT_LIMITS, ImportLimits

__all__ = ["FORMATS", "TableFile", "open_dataset"]

Format = Literal["csv", "parquet", "jsonl"]
FORMATS: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}
BATCH_BYTES = 8 << 20
LINE_BLOCK = 16 << 20


@dataclass(frozen=True)
class TableFile:
    """One table of a dataset, as a file on disk."""

    table: Table
    path: Path
    format: Format
    limits: ImportLimits = DEFAULT_LIMITS

    @property
    def name(self) -> str:
        return self.path.name

    def columns(self) -> list[str]:
        """The column names, read from the file's header or schema."""
        if self.format == "parquet":
            return list(pq.read_schema(self.path).names)
        if self.format == "csv":
            with self.path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
                return next(csv.reader(handle), [])
        names: dict[str, None] = {}  # a JSON line may bring a field no line before it had
        for batch in self.batches():
            names.update(dict.fromkeys(batch.schema.names))
        return list(names)

    def unbounded(self) -> Problem | None:
        """The first bound the file passes before it is read, or None: a line longer than
        the limit (CSV, JSON lines), a column chunk that expands too far (Parquet).

        Lines are read in blocks, so that a file of one endless line costs no more memory
        than any other; the readers after this one may then take a line whole.
        """
        if self.format == "parquet":
            return oversized_chunk(self.path, self.limits)
        limit = self.limits.max_line_bytes
        lines = 0  # lines ended before the block
        length = 0  # bytes of the line the block continues
        with self.path.open("rb") as handle:
            while block := handle.read(LINE_BLOCK):
                ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n"))
                sizes = np.diff(ends, prepend=-1) - 1  # each line ended in the block, "\n" left out
                sizes[:1] += length
                length = len(block) - 1 - int(ends[-1]) if len(ends) else length + len(block)
                over = np.flatnonzero(sizes > limit)
                if len(over) or length > limit:
                    return self._line_problem(lines + int(over[0]) if len(over) else lines + len(ends), limit)
                lines += len(ends)
        return None

    def _line_problem(self, line: int, limit: int) -> Problem:
        """``line`` counts from 0; the rows count data from 1 (a CSV's header is not one)."""
        row = line + (self.format != "csv")
        if row == 0:
            return Problem(self.name, None, None, f"the header line is longer than {limit:,} bytes, the most taken")
        return Problem(self.name, row, None, f"the line is longer than {limit:,} bytes, the most taken")

    def estimated_rows(self) -> int:
        """Rows in the table, cheaply: Parquet metadata, else the count of line ends."""
        if self.format == "parquet":
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        lines = 0
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 24):
                lines += block.count(b"\n")
        return max(lines - (self.format == "csv"), 0)

    @property
    def _block_bytes(self) -> int:
        """Bytes the CSV and JSON readers take at a time: a whole line must fit."""
        return max(BATCH_BYTES, self.limits.max_line_bytes + 1)

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The rows in record batches; CSV columns arrive as strings (empty cell = null).
        A Parquet table that passes a bound as it is decoded raises ``Unbounded``."""
        if self.format == "parquet":
            yield from bounded_batches(self.path, self.limits)
        elif self.format == "csv":
            names = [f.name for f in self.table.fields]
            reader = pa_csv.open_csv(
                self.path,
                read_options=pa_csv.ReadOptions(block_size=self._block_bytes),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
                ),
            )
            yield from reader
        else:
            # Text columns stay text (pyarrow would turn ISO dates into timestamps).
            text = pa.schema([(f.name, pa.string()) for f in self.table.fields if f.type in ("string", "date")])
            reading = pa_json.ReadOptions(block_size=self._block_bytes)
            parsing = pa_json.ParseOptions(explicit_schema=text, unexpected_field_behavior="infer")
            for piece in self._line_pieces():
                table = pa_json.read_json(pa.BufferReader(piece), read_options=reading, parse_options=parsing)
                yield from table.to_batches(max_chunksize=65_536)

    def _line_pieces(self) -> Iterator[bytes]:
        """The file in pieces of whole lines, about ``_block_bytes`` each: Arrow's JSON reader
        takes a file whole, so a piece at a time keeps its memory flat (a 55 MB table read
        whole peaked at 92 MB of Arrow memory; see tests/test_import_bounds.py)."""
        rest = b""
        with self.path.open("rb") as handle:
            while block := handle.read(self._block_bytes):
                piece = rest + block
                end = piece.rfind(b"\n") + 1
                lines, rest = piece[:end], piece[end:]
                if lines and not lines.isspace():
                    yield lines
        if rest and not rest.isspace():
            yield rest


@contextmanager
def open_dataset(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[list[TableFile]]:
    """The tables of the dataset at ``path`` (a folder or a ``.zip``), in schema order."""
    if path.is_dir():
        yield _tables(sorted(p for p in path.iterdir() if not p.name.startswith(".")), str(path), limits)
        return
    if path.suffix.lower() != ".zip" or not path.is_file():
        raise InvalidDataset(f"{path}: expected a folder or a .zip of tables")
    with scratch("unzip") as folder:
        # Named as the user gave it, not by the scratch folder.
        yield _tables(_unzip(path, folder, limits), path.name, limits)


def _unzip(archive: Path, folder: Path, limits: ImportLimits) -> list[Path]:
    """Extract the entries named like tables; nothing else is written (see ``unzip``)."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            unpacker = Unpacker(archive, zipped, limits)
            entries = unpacker.entries()
            prefixes = {PurePosixPath(e.filename).parent for e in entries}
            if len(prefixes) > 1:
                raise InvalidDataset(f"{archive.name}: tables must sit in one folder of the zip")
            extracted = []
            for entry in entries:
                target = folder / PurePosixPath(entry.filename).name
                if target.suffix not in FORMATS or target.stem not in TABLES:
                    raise InvalidDataset(_unknown(f"{archive.name}:{entry.filename}"))
                unpacker.extract(entry, target)
                extracted.append(target)
            return sorted(extracted)
    except zipfile.BadZipFile as exc:
        raise InvalidDataset(f"{archive.name}: not a valid zip file ({exc})") from None


def _unknown(name: str) -> str:
    known = ", ".join(sorted(TABLES))
    return f"{name}: not a table of the dataset format (tables: {known}; formats: .csv, .parquet, .jsonl)"


def _tables(paths: list[Path], dataset: str, limits: ImportLimits) -> list[TableFile]:
    found: dict[str, TableFile] = {}
    for path in paths:
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None or path.stem not in TABLES or not path.is_file():
            raise InvalidDataset(_unknown(path.name))
        if path.stem in found:
            raise InvalidDataset(f"{path.name}: table {path.stem!r} also given as {found[path.stem].name}")
        found[path.stem] = TableFile(TABLES[path.stem], path, fmt, limits)
    if not found:
        raise InvalidDataset(f"{dataset}: no tables found")
    return [found[name] for name in TABLES if name in found]
