"""Rendering module results as JSON, CSV, Parquet or a terminal table, typed by the module header."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from service.engines.base import Result
from service.queries.contract import Module

__all__ = ["FORMATS", "MEDIA_TYPES", "to_csv", "to_json", "to_parquet", "to_table"]

#: Each format and its media type (Parquet's as registered with IANA in 2024).
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}
FORMATS = tuple(MEDIA_TYPES)
#: Arrow's type for each column type: dates as dates, lists as lists; a json column (maps,
#: lists of maps, of no one shape) as its JSON text, as in CSV.
ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "string[]": pa.list_(pa.string()),
    "json": pa.string(),
}


def to_json(module: Module, params: dict[str, Any], result: Result, next_page: str | None = None) -> bytes:
    """The JSON document: the question, its parameters, typed columns and rows as objects
    (for a map, ``nodes`` and ``edges``, the rows); for a paged question, ``page``: its
    limit and offset, whether more rows follow, and ``next_page`` (a link) if given.
    UTF-8; a float that is not a number (JSON has none) is written as null."""
    document: dict[str, Any] = {
        "query": module.name,
        "parameters": params,
        "columns": [{"name": c.name, "type": c.type} for c in module.columns],
    }
    if result.more is not None:
        document["page"] = {
            "limit": params["limit"],
            "offset": params["offset"],
            "has_more": result.more,
            "next": next_page,
        }
    if result.nodes is None:
        document["rows"] = result.records()
    else:
        document["nodes"] = result.nodes
        document["edges"] = result.records()
    return orjson.dumps(document)


def to_csv(result: Result) -> str:
    """One header line, then a line per row; lists and maps as JSON (keys sorted: engines
    keep a map's keys in different orders), null as empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_cell(value) for value in row] for row in result.rows)
    return buffer.getvalue()


def to_parquet(module: Module, result: Result) -> bytes:
    """One Parquet file of the rows (a map's edges), typed by the module's columns."""
    columns = {
        column.name: pa.array([_arrow_value(column.type, row[i]) for row in result.rows], ARROW_TYPES[column.type])
        for i, column in enumerate(module.columns)
    }
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(columns), sink)
    return bytes(sink.getvalue())


def _arrow_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "json":
        return _cell(value)
    return value


def to_table(result: Result, max_width: int = 60) -> str:
    """Aligned columns for a terminal; numbers to six significant digits, long cells cut with an ellipsis."""
    cells = [result.columns] + [[_shown(v) for v in row] for row in result.rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    return f"{value:,.6g}" if isinstance(value, float) else _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
