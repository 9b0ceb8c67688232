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


def zip_bomb(archive: Path, expanded: int, method: int = zipfile.ZIP_BZIP2) -> Path:
    """A zip of one ``company.csv``: a header, then ``expanded`` bytes of one letter on one
    line. bzip2 packs a run of one byte to almost nothing (16 MB: 100 bytes)."""
    with zipfile.ZipFile(archive, "w", method) as zipped:
        info = zipfile.ZipInfo("company.csv")
        info.compress_type = method
        with zipped.open(info, "w", force_zip64=True) as entry:
            entry.write(b"id,name\n")
            for _ in range(expanded >> 20):
                entry.write(b"x" * (1 << 20))
    return archive


def patch_first_entry(archive: Path, *, flag_bits: int | None = None, method: int | None = None) -> Path:
    """Rewrite the first entry's general purpose flags or compression method, in both its
    local header and its central directory record (what a hand-made zip could hold)."""
    data = bytearray(archive.read_bytes())
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    for field, value in ((6, flag_bits), (8, method)):  # offsets in the local header
        if value is not None:
            data[local + field : local + field + 2] = value.to_bytes(2, "little")
            data[central + field + 2 : central + field + 4] = value.to_bytes(2, "little")
    archive.write_bytes(bytes(data))
    return archive


def zip_with_entry(archive: Path, folder: Path, name: str, mode: int = 0o100644, content: bytes = b"") -> Path:
    """The tables of ``folder``, zipped, plus one entry ``name`` with the Unix ``mode`` given
    (a symbolic link: ``0o120777`` and the target as content)."""
    zip_folder(folder, archive)
    with zipfile.ZipFile(archive, "a") as zipped:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = mode << 16
        zipped.writestr(info, content)
    return archive


def every_table() -> dict[str, list[dict[str, Any]]]:
    """``basic_tables`` and a row or more in every other table, with ends of every label a
    relationship may have, awkward texts and missing values."""
    tables = basic_tables()
    tables["company"].append({"id": "d", "name": 'Delta, "the" firm\nGmbH', "country": "DE", "founded": "1901"})
    tables["contract"].append({"id": "k2", "value": "1000.5", "currency": "EUR", "end": "2030-06-30"})
    tables["delivers"] += [
        {"id": "d4", "source": "r", "target": "v", "source_label": "Role", "target_label": "ValueStream"}
        | {"deliverable": "orders", "nature": "intangible", "category": "information", "critical": "false"},
        {"id": "d5", "source": "v", "target": "a", "source_label": "ValueStream", "nature": "tangible"}
        | {"category": "service", "value": "0.125", "end": "2026-01-31"},
    ]
    return tables | {
        "role": [{"id": "r", "name": "Procurement", "function": "procurement"}, {"id": "r2", "name": "Sales"}],
        "capability": [{"id": "cap", "name": "Casting", "category": "production", "evolution": "product"}],
        "value_stream": [{"id": "v", "name": "Order to cash", "customer_type": "external"}],
        "ecosystem": [{"id": "e", "name": "Metals alliance"}],
        "has_role": [{"source": "a", "target": "r"}, {"source": "b", "target": "r2"}],
        "has_capability": [
            {"source": "a", "target": "cap", "level": "0.5"},
            {"source": "r", "target": "cap", "source_label": "Role"},
        ],
        "operates": [{"source": "b", "target": "v"}],
        "member_of": [{"source": "a", "target": "e"}, {"source": "d", "target": "e"}],
        "party_to": [{"source": "a", "target": "k", "role": "supplier"}, {"source": "b", "target": "k"}],
    }
