"""Reading a dataset folder of CSV tables into typed records, and loading it.

Every problem names the file, the row (1 = first data row) and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from service.engines.base import Engine
from service.errors import InvalidDataset
from service.ingest.schema import NODE_TABLES, RELATIONSHIP_TABLES, TABLES, Field, Table
from service.ingest.writer import write_table

__all__ = ["load_dataset", "read_dataset"]

Record = dict[str, Any]


def read_dataset(folder: Path) -> dict[str, list[Record]]:
    """Read every ``TABLE.csv`` in ``folder``; unknown files or columns are errors."""
    tables: dict[str, list[Record]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix != ".csv" or path.stem not in TABLES:
            raise InvalidDataset(
                f"{path.name}: not a table of the dataset format; known: {', '.join(name + '.csv' for name in TABLES)}"
            )
        tables[path.stem] = _read_table(path, TABLES[path.stem])
    return tables


def load_dataset(engine: Engine, folder: Path) -> dict[str, int]:
    """Read ``folder`` and upsert it, nodes first; return rows written per table."""
    tables = read_dataset(folder)
    return {
        table.name: write_table(engine, table, tables[table.name])
        for table in (*NODE_TABLES, *RELATIONSHIP_TABLES)
        if table.name in tables
    }


def _read_table(path: Path, table: Table) -> list[Record]:
    fields = {f.name: f for f in table.fields}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise InvalidDataset(f"{path.name}: unknown column(s) {', '.join(unknown)}")
        missing = [f.name for f in table.fields if f.required and f.name not in columns]
        if missing:
            raise InvalidDataset(f"{path.name}: missing required column(s) {', '.join(missing)}")
        return [
            {name: _value(path, row_number, fields[name], raw) for name, raw in row.items()}
            for row_number, row in enumerate(reader, start=1)
        ]


CONVERT: dict[str, Callable[[str], Any]] = {
    "string": str,
    "int": int,
    "float": float,
    "bool": lambda raw: {"true": True, "false": False}[raw.lower()],
    "date": lambda raw: date.fromisoformat(raw).isoformat(),
}


def _value(path: Path, row: int, field: Field, raw: str | None) -> Any:
    where = f"{path.name} row {row} column {field.name}"
    if raw is None or raw == "":
        if field.required:
            raise InvalidDataset(f"{where}: required, but empty")
        return None
    try:
        value = CONVERT[field.type](raw)
    except (ValueError, KeyError):
        raise InvalidDataset(f"{where}: {raw!r} is not a valid {field.type}") from None
    if field.choices is not None and value not in field.choices:
        raise InvalidDataset(f"{where}: {raw!r} is not one of {', '.join(field.choices)}")
    return value
