"""Finding and reading a dataset's tables: a folder or a ``.zip``; CSV, Parquet or JSON lines.

Tables are read in record batches, so memory does not grow with a table's length. A
``.zip`` is unpacked (only entries named like tables) into a private temporary folder.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from service.errors import InvalidDataset
from service.ingest.schema import TABLES, Table

__all__ = ["FORMATS", "TableFile", "open_dataset"]

Format = Literal["csv", "parquet", "jsonl"]
FORMATS: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}
BATCH_BYTES = 8 << 20


@dataclass(frozen=True)
class TableFile:
    """One table of a dataset, as a file on disk."""

    table: Table
    path: Path
    format: Format

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
        first = next(self.batches(), None)
        return first.schema.names if first is not None else []

    def estimated_rows(self) -> int:
        """Rows in the table, cheaply: Parquet metadata, else the count of line ends."""
        if self.format == "parquet":
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        lines = 0
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 24):
                lines += block.count(b"\n")
        return max(lines - (self.format == "csv"), 0)

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The rows in record batches; CSV columns arrive as strings (empty cell = null)."""
        if self.format == "parquet":
            # pre_buffer (the default) caches read ranges for the whole file: memory would
            # grow with the table (by 80 MB over a 5M-row one); it only pays on remote storage.
            yield from pq.ParquetFile(self.path, pre_buffer=False).iter_batches(batch_size=65_536)
        elif self.format == "csv":
            names = [f.name for f in self.table.fields]
            reader = pa_csv.open_csv(
                self.path,
                read_options=pa_csv.ReadOptions(block_size=BATCH_BYTES),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
                ),
            )
            yield from reader
        else:
            # Text columns stay text (pyarrow would turn ISO dates into timestamps).
            text = pa.schema([(f.name, pa.string()) for f in self.table.fields if f.type in ("string", "date")])
            table = pa_json.read_json(
                self.path,
                read_options=pa_json.ReadOptions(block_size=BATCH_BYTES),
                parse_options=pa_json.ParseOptions(explicit_schema=text, unexpected_field_behavior="infer"),
            )
            yield from table.to_batches(max_chunksize=65_536)


@contextmanager
def open_dataset(path: Path) -> Iterator[list[TableFile]]:
    """The tables of the dataset at ``path`` (a folder or a ``.zip``), in schema order."""
    if path.is_dir():
        yield _tables(path, sorted(p for p in path.iterdir() if not p.name.startswith(".")))
        return
    if path.suffix.lower() != ".zip" or not path.is_file():
        raise InvalidDataset(f"{path}: expected a folder or a .zip of tables")
    folder = Path(tempfile.mkdtemp(prefix="valuenet-import-"))
    try:
        yield _tables(folder, _unzip(path, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unzip(archive: Path, folder: Path) -> list[Path]:
    """Extract the entries named like tables; nothing else is written (no path traversal)."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            entries = [e for e in zipped.infolist() if not e.is_dir() and not _hidden(e.filename)]
            prefixes = {PurePosixPath(e.filename).parent for e in entries}
            if len(prefixes) > 1:
                raise InvalidDataset(f"{archive.name}: tables must sit in one folder of the zip")
            extracted = []
            for entry in entries:
                target = folder / PurePosixPath(entry.filename).name
                if target.suffix not in FORMATS or target.stem not in TABLES:
                    raise InvalidDataset(_unknown(f"{archive.name}:{entry.filename}"))
                with zipped.open(entry) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
                extracted.append(target)
            return sorted(extracted)
    except zipfile.BadZipFile as exc:
        raise InvalidDataset(f"{archive.name}: not a valid zip file ({exc})") from None


def _hidden(name: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _unknown(name: str) -> str:
    known = ", ".join(sorted(TABLES))
    return f"{name}: not a table of the dataset format (tables: {known}; formats: .csv, .parquet, .jsonl)"


def _tables(folder: Path, paths: list[Path]) -> list[TableFile]:
    found: dict[str, TableFile] = {}
    for path in paths:
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None or path.stem not in TABLES or not path.is_file():
            raise InvalidDataset(_unknown(path.name))
        if path.stem in found:
            raise InvalidDataset(f"{path.name}: table {path.stem!r} also given as {found[path.stem].name}")
        found[path.stem] = TableFile(TABLES[path.stem], path, fmt)
    if not found:
        raise InvalidDataset(f"{folder}: no tables found")
    return [found[name] for name in TABLES if name in found]
