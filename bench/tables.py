"""A dataset's tables as the benchmarks read them: ``NAME.csv`` or ``NAME.parquet``, whichever
the dataset holds (``valuenet generate --format csv|parquet``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

__all__ = ["read_table"]


def read_table(folder: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` of table ``name``: a CSV's as strings (an empty field missing), a Parquet
    file's with their own types (a missing value null)."""
    parquet = folder / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet, columns=list(columns))
    return pd.read_csv(folder / f"{name}.csv", usecols=list(columns), dtype=str, keep_default_na=False, na_values=[""])
