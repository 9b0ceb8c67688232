"""A dataset's tables as the benchmarks read them: ``NAME.csv`` or ``NAME.parquet``, whichever
the dataset holds (``valuenet generate --format csv|parquet``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

__all__ = ["read_arrow", "read_table"]


def read_table(folder: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` of table ``name``: a CSV's as strings (an empty field missing), a Parquet
    file's with their own types (a missing value null)."""
    parquet = folder / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet, columns=list(columns))
    return pd.read_csv(folder / f"{name}.csv", usecols=list(columns), dtype=str, keep_default_na=False, na_values=[""])


def read_arrow(folder: Path, name: str, columns: Sequence[str]) -> pa.Table:
    """``columns`` of table ``name`` as an Arrow table, as ``read_table`` reads them: where
    pandas' strings would take gigabytes (a 1M industry's deliverables)."""
    parquet = folder / f"{name}.parquet"
    if parquet.exists():
        return pq.read_table(parquet, columns=list(columns))
    options = pa_csv.ConvertOptions(
        include_columns=list(columns), column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=True
    )
    return pa_csv.read_csv(folder / f"{name}.csv", convert_options=options)
