"""Rendering module results as JSON, CSV, Parquet or a terminal table, typed by the module header."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from service.engines.base import Result
from service.queries.contract import Module

__all__ = ["FORMATS", "MEDIA_TYPES", "to_csv", "to_json", "to_parquet", "to_table"]

#: Each format and its media type (Parquet's as registered with IANA in 2024; GraphML's and
#: GEXF's as their tools name them, none being registered).
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "jsonl": "application/x-ndjson",
}
#: The formats of a table, the first the default; a graph also comes as GraphML and GEXF
#: (``service.graph_files``).
FORMATS = ("json", "csv", "parquet")
#: The narrowest a terminal table cuts a column to (unless its header is narrower still).
MIN_COLUMN = 8
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


def to_table(result: Result, width: int = 100) -> str:
    """Aligned columns for a terminal at most ``width`` characters wide: the widest text
    columns are cut first (with an ellipsis), numbers keep one format and stand right-aligned."""
    numeric = [
        all(
            isinstance(row[i], int | float) and not isinstance(row[i], bool)
            for row in result.rows
            if row[i] is not None
        )
        for i in range(len(result.columns))
    ]
    cells = [result.columns] + [[_shown(v) for v in row] for row in result.rows]
    natural = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    # A number is never cut (a cut number reads as another); text keeps at least its header.
    floors = [
        w if right else min(w, max(len(h), MIN_COLUMN))
        for w, h, right in zip(natural, result.columns, numeric, strict=True)
    ]
    widths = _fitted(natural, floors, width)
    cells = [[c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)] for row in cells]
    lines = [
        "  ".join(
            c.rjust(w) if right else c.ljust(w) for c, w, right in zip(row, widths, numeric, strict=True)
        ).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows):,} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)


def _fitted(widths: list[int], floors: list[int], width: int) -> list[int]:
    """Column widths that fit ``width`` with two spaces between columns, if the floors let
    them: every column wider than a cap is cut to it (not below its floor), the largest cap that fits."""
    room = width - 2 * (len(widths) - 1)

    def capped(cap: int) -> list[int]:
        return [min(w, max(cap, floor)) for w, floor in zip(widths, floors, strict=True)]

    low, high = 0, max(widths, default=0)  # capped(high) is the natural width; find the largest cap that fits
    while low < high:
        cap = (low + high + 1) // 2
        low, high = (cap, high) if sum(capped(cap)) <= room else (low, cap - 1)
    return capped(low)


def _shown(value: Any) -> str:
    """One number format: thousands separators, floats to six significant digits, never an exponent."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{Decimal(f'{value:.6g}'):,f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return _cell(value).replace("\n", " ")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
