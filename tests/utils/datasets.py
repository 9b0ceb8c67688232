"""Small datasets written as real files (CSV, Parquet, JSON lines, zip) for import tests."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from service.ingest.schema import TABLES


def write_dataset(folder: Path, fmt: str = "csv", **tables: list[dict[str, Any]]) -> Path:
    """Write each table with the schema's column order (only the columns the rows use)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        used = {key for row in rows for key in row}
        columns = [f.name for f in TABLES[name].fields if f.name in used] + sorted(
            used - {f.name for f in TABLES[name].fields}
        )
        path = folder / f"{name}.{fmt}"
        if fmt == "csv":
            with path.open("w", newline="") as handle:
                writer = csv.DictWriter(handle, columns)
                writer.writeheader()
                writer.writerows(rows)
        elif fmt == "parquet":
            pd.DataFrame(rows, columns=columns).to_parquet(path, index=False)
        else:
            pd.DataFrame(rows, columns=columns).to_json(path, orient="records", lines=True)
    return folder


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.iterdir()):
            zipped.write(path, path.name)
    return archive


def basic_tables() -> dict[str, list[dict[str, Any]]]:
    """A valid little dataset: three companies, a market, a contract, flows between them."""
    return {
        "company": [
            {"id": "a", "name": "Alpha", "kind": "company", "sector": "metals", "revenue": "10.5", "employees": "3"},
            {"id": "b", "name": "Beta", "kind": "company", "sector": "assembly", "revenue": "20"},
            {"id": "c", "name": "Gamma", "kind": "ngo", "sector": "services"},
        ],
        "market": [{"id": "m", "name": "Metals", "region": "eu"}],
        "contract": [{"id": "k", "name": "Supply", "kind": "supply", "start": "2024-01-01", "end": "2025-12-31"}],
        "delivers": [
            {
                "id": "d1",
                "source": "a",
                "target": "b",
                "nature": "tangible",
                "category": "product",
                "value": "5",
                "contract": "k",
                "start": "2024-01-01",
                "critical": "true",
            },
            {"id": "d2", "source": "b", "target": "a", "nature": "tangible", "category": "money", "value": "5"},
            {"id": "d3", "source": "c", "target": "b", "nature": "intangible", "category": "compliance"},
        ],
        "competes_in": [{"source": "a", "target": "m", "revenue": "7"}, {"source": "b", "target": "m", "revenue": "3"}],
        "owns": [{"source": "b", "target": "a", "share": "0.25"}],
    }
