"""Writing a generated industry's tables: one open writer per table, CSV or Parquet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from service.ingest.generate.columns import arrow_schema
from service.ingest.schema import TABLES

Progress = Callable[[str, int], None]


class Writers:
    """One open writer per table, each with an explicit schema."""

    def __init__(self, out: Path, fmt: Literal["csv", "parquet"], progress: Progress | None) -> None:
        self.out = out
        self.fmt = fmt
        self.progress = progress
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.schemas = {name: arrow_schema(table) for name, table in TABLES.items()}
        self.handles: list[IO[bytes]] = []
        self.writers: dict[str, Any] = {}

    def __enter__(self) -> Writers:
        try:
            for name, schema in self.schemas.items():
                path = self.out / f"{name}.{self.fmt}"
                if self.fmt == "parquet":
                    self.writers[name] = pq.ParquetWriter(path, schema)
                else:
                    handle = path.open("wb")
                    self.handles.append(handle)
                    handle.write((",".join(schema.names) + "\n").encode())
                    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
                    self.writers[name] = pa_csv.CSVWriter(handle, schema, write_options=options)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        for handle in self.handles:
            handle.close()
        self.writers.clear()
        self.handles.clear()

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.writers[name].write_table(table)
        self.rows[name] += table.num_rows
        if self.progress is not None:
            self.progress(name, self.rows[name])
