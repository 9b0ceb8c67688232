"""Columns of a generated industry's tables as Arrow arrays, and tables from their parts."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from service.ingest.generate.randomness import Bools, Ints
from service.ingest.schema import Table

PA_TYPES: Final = {
    "string": pa.string(),
    "date": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f.name, PA_TYPES[f.type]) for f in table.fields])


def frame_of(table: Table, parts: list[dict[str, Any]]) -> pa.Table:
    """One table from column parts: arrays (pyarrow, or numpy: NaN / negative days = null), str or None."""
    schema = arrow_schema(table)
    tables = []
    for part in parts:
        lengths = {len(v) for v in part.values() if not (v is None or isinstance(v, str))}
        assert len(lengths) == 1, f"{table.name}: columns of different lengths {lengths}"
        (n,) = lengths
        if n == 0:
            continue
        unknown = set(part) - set(schema.names)
        assert not unknown, f"{table.name}: unknown columns {unknown}"
        arrays = [arrow_column(part.get(f.name), f.type, n) for f in table.fields]
        tables.append(pa.Table.from_arrays(arrays, schema=schema))
    return pa.concat_tables(tables) if tables else schema.empty_table()


def arrow_column(value: Any, kind: str, n: int) -> pa.Array:
    if value is None:
        return pa.nulls(n, PA_TYPES[kind])
    if isinstance(value, str):
        return pa.repeat(pa.scalar(value, pa.string()), n)
    if isinstance(value, np.ndarray):
        if kind == "date":
            days = value.astype(np.int64)
            return pa.array(days.astype("datetime64[D]"), mask=days < 0).cast(pa.string())
        if kind == "float":
            return pa.array(value.astype(np.float64), type=pa.float64(), from_pandas=True)
        return pa.array(value, type=PA_TYPES[kind])
    return value


def as_text(numbers: Ints) -> pa.Array:
    return pa.array(numbers, type=pa.int64()).cast(pa.string())


def padded(numbers: Ints, width: int) -> pa.Array:
    return pc.utf8_lpad(as_text(numbers), width, "0")


def joined(*parts: pa.Array | str) -> pa.Array:
    """Strings joined element-wise (plain str are repeated)."""
    return pc.binary_join_element_wise(*parts, "")


def spread(values: pa.Array, chosen: Bools) -> pa.Array:
    """``values`` (one per chosen entry) placed at the chosen positions, null elsewhere."""
    slot = np.cumsum(chosen) - 1
    return values.take(pa.array(np.where(chosen, slot, 0), mask=~chosen))
