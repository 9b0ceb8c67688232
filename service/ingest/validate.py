"""Validation of a whole dataset before anything is written.

Each batch of rows is converted to its schema types (pandas, vectorised); every problem is
recorded with file, row (1 = first data row) and column. Ids are kept (as compact arrays)
to find duplicates and relationships whose ends exist neither in the dataset nor in the
graph. Only when the dataset has no problem at all does the import write anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from service.engines.base import Engine
from service.errors import InvalidDataset, Problem
from service.ingest.schema import Field, Table
from service.ingest.sources import TableFile
from service.model import LABELS, RELATIONSHIPS
from service.queries.runner import exists_statement

__all__ = ["Checked", "typed_batches", "validate"]

MAX_PROBLEMS = 50
DATE = r"^\d{4}-\d{2}-\d{2}$"
LOOKUP_CHUNK = 10_000


@dataclass
class Checked:
    """What validation learnt: row counts, and each label's node ids in file order."""

    rows: dict[str, int] = field(default_factory=dict)
    node_ids: dict[str, pd.Index] = field(default_factory=dict)


class Problems:
    """Problems found so far: the first MAX_PROBLEMS kept, the rest counted."""

    def __init__(self) -> None:
        self.shown: list[Problem] = []
        self.total = 0
        self.unreadable: set[str] = set()  # files that could not be read to the end

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.shown) < MAX_PROBLEMS:
            self.shown.append(Problem(file, row, column, message))

    def rows(
        self, file: str, rows: pd.Series, column: str | None, message: Callable[[Any], str], values: pd.Series
    ) -> None:
        """One problem per flagged row; ``rows`` and ``values`` are aligned."""
        for row, value in zip(rows.tolist(), values.tolist(), strict=True):
            self.add(file, int(row), column, message(value))

    def raise_if_any(self) -> None:
        if self.total:
            raise InvalidDataset.from_problems(self.shown, self.total)


def validate(
    files: list[TableFile], engine: Engine, *, replace: bool, progress: Callable[[str, int], None] | None = None
) -> Checked:
    """Check every table; raise InvalidDataset listing the problems, or return what was learnt."""
    problems = Problems()
    checked = Checked()
    refs: dict[str, list[tuple[str, int, str, str]]] = {
        label: [] for label in LABELS
    }  # label -> (file, row, column, id)
    unreadable: set[str] = set()  # labels whose table failed: references to them are not judged
    for table_file in files:  # node tables come first (schema order)
        if not _columns_ok(table_file, problems):
            unreadable.add(table_file.table.label or "")
            continue
        ids: list[pa.Array] = []
        keys: list[pd.Series] = []
        count = 0
        for frame in typed_batches(table_file, problems):
            count += len(frame)
            if table_file.table.label is not None:
                ids.append(pa.array(frame["id"], pa.string()))
            else:
                keys.append(_relationship_key(table_file.table, frame))
                _collect_refs(table_file, frame, checked, refs)
            if progress:
                progress(table_file.name, count)
        checked.rows[table_file.table.name] = count
        if table_file.name in problems.unreadable:
            unreadable.add(table_file.table.label or "")
        if table_file.table.label is not None:
            all_ids = pd.Index(pa.chunked_array(ids, pa.string()).to_pandas() if ids else [], dtype="str")
            _duplicates(table_file, pd.Series(all_ids), "id", problems)
            checked.node_ids[table_file.table.label] = all_ids
        elif keys:
            column = "id" if table_file.table.keyed_by_id else "source, target"
            _duplicates(table_file, pd.concat(keys, ignore_index=True), column, problems)
    _dangling({label: r for label, r in refs.items() if label not in unreadable}, checked, engine, replace, problems)
    problems.raise_if_any()
    return checked


def typed_batches(table_file: TableFile, problems: Problems | None = None) -> Iterator[pd.DataFrame]:
    """The table's rows as typed DataFrames (index = row number); problems recorded, bad rows kept.

    With ``problems`` None (the write pass, after a clean validation) nothing is recorded.
    """
    sink = problems or Problems()
    fields = {f.name: f for f in table_file.table.fields}
    offset = 0
    batches = table_file.batches()
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            sink.add(table_file.name, _bad_utf8_row(table_file), None, _arrow_message(exc))
            sink.unreadable.add(table_file.name)
            return
        raw = batch.to_pandas()
        raw.index = pd.RangeIndex(offset + 1, offset + 1 + len(raw))
        offset += len(raw)
        frame = pd.DataFrame(index=raw.index)
        for name in raw.columns:
            if name in fields:
                frame[name] = _convert(table_file.name, raw[name], fields[name], sink)
        _check_dates_order(table_file.name, frame, sink)
        yield frame


def _columns_ok(table_file: TableFile, problems: Problems) -> bool:
    try:
        columns = table_file.columns()
    except (pa.ArrowInvalid, OSError) as exc:
        problems.add(table_file.name, None, None, f"cannot be read: {_arrow_message(exc)}")
        return False
    known = [f.name for f in table_file.table.fields]
    unknown = [c for c in columns if c not in known]
    missing = [f.name for f in table_file.table.fields if f.required and f.name not in columns]
    for column in unknown:
        problems.add(table_file.name, None, column, f"unknown column; {table_file.table.name} has: {', '.join(known)}")
    for column in missing:
        problems.add(table_file.name, None, column, "required column is missing")
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    for column in duplicated:
        problems.add(table_file.name, None, column, "column appears more than once")
    return not (unknown or missing or duplicated)


def _convert(file: str, raw: pd.Series, spec: Field, problems: Problems) -> pd.Series:
    """Convert one column to its type; record type, requirement, enumeration and range problems."""
    present = raw.notna()
    if (
        spec.type == "date"
        and not pd.api.types.is_string_dtype(raw.dtype)
        and not pd.api.types.is_object_dtype(raw.dtype)
    ):
        raw = pd.to_datetime(raw, errors="coerce").dt.strftime("%Y-%m-%d").where(present, None)  # a real date column
    if spec.type == "string" or spec.type == "date":
        text = raw.where(present.to_numpy(), None)
        if isinstance(raw.dtype, pd.StringDtype):  # CSV text: no per-value check needed
            not_text = pd.Series(False, index=raw.index)
        else:
            is_text = raw.map(lambda v: isinstance(v, str), na_action="ignore")
            not_text = present & ~is_text.astype(object).where(present, True).astype(bool)
        problems.rows(file, raw.index[not_text].to_series(), spec.name, lambda v: f"{v!r} is not text", raw[not_text])
        value = text.where(~not_text, None)
        strings = value.astype("str").where(value.notna(), None)
        nul = strings.str.contains("\x00", regex=False, na=False).astype(bool)
        problems.rows(file, raw.index[nul].to_series(), spec.name, lambda _v: "contains a NUL character", raw[nul])
        if spec.type == "date":
            bad = strings.notna() & ~(
                strings.str.match(DATE, na=False).astype(bool)
                & pd.to_datetime(strings, format="%Y-%m-%d", errors="coerce").notna()
            )
            problems.rows(
                file, raw.index[bad].to_series(), spec.name, lambda v: f"{v!r} is not a date YYYY-MM-DD", raw[bad]
            )
        converted = strings.astype(object).where(strings.notna(), None)
    elif spec.type == "bool":
        if pd.api.types.is_bool_dtype(raw.dtype):
            converted = raw.astype(object)
            bad = pd.Series(False, index=raw.index)
        else:
            lowered = raw.astype("str").str.strip().str.lower().where(present, None)
            converted = lowered.map({"true": True, "false": False, "1": True, "0": False}).astype(object)
            bad = present & converted.isna()
        problems.rows(file, raw.index[bad].to_series(), spec.name, lambda v: f"{v!r} is not true or false", raw[bad])
        converted = converted.where(~bad & present, None)
    else:
        numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
        finite = np.isfinite(numbers.to_numpy(na_value=np.nan))
        bad = present & ~finite
        if spec.type == "int":
            whole = numbers.where(~finite, np.floor(numbers)) == numbers
            bad |= present & finite & ~whole
        kind = "a whole number" if spec.type == "int" else "a number"
        problems.rows(file, raw.index[bad].to_series(), spec.name, lambda v: f"{v!r} is not {kind}", raw[bad])
        ok = present & ~bad
        if spec.minimum is not None:
            low = ok & (numbers < spec.minimum)
            problems.rows(
                file,
                raw.index[low].to_series(),
                spec.name,
                lambda v: f"{v} is below the minimum {spec.minimum:g}",
                numbers[low],
            )
        if spec.maximum is not None:
            high = ok & (numbers > spec.maximum)
            problems.rows(
                file,
                raw.index[high].to_series(),
                spec.name,
                lambda v: f"{v} is above the maximum {spec.maximum:g}",
                numbers[high],
            )
        kept = numbers.where(ok, np.nan)
        values = kept.astype("Int64") if spec.type == "int" else kept
        converted = values.astype(object).where(ok, None)
    if spec.required:
        empty = converted.isna()
        problems.rows(file, raw.index[empty].to_series(), spec.name, lambda _v: "required, but empty", raw[empty])
    if spec.choices is not None:
        outside = converted.notna() & ~converted.isin(spec.choices)
        choices = ", ".join(spec.choices)
        problems.rows(
            file,
            raw.index[outside].to_series(),
            spec.name,
            lambda v: f"{v!r} is not one of {choices}",
            converted[outside],
        )
    return converted


def _check_dates_order(file: str, frame: pd.DataFrame, problems: Problems) -> None:
    if "start" in frame and "end" in frame:
        both = frame["start"].notna() & frame["end"].notna()
        wrong = both & (frame["start"].astype("str") > frame["end"].astype("str"))
        problems.rows(
            file, frame.index[wrong].to_series(), "end", lambda v: f"end {v} is before start", frame["end"][wrong]
        )


def _relationship_key(table: Table, frame: pd.DataFrame) -> pd.Series:
    if table.keyed_by_id:
        return frame["id"]
    parts = [
        frame[c].astype("str") if c in frame else pd.Series("", index=frame.index)
        for c in ("source_label", "source", "target_label", "target")
    ]
    key: pd.Series = parts[0] + "\x1f" + parts[1] + "\x1f" + parts[2] + "\x1f" + parts[3]
    return key


def _ends(table: Table, frame: pd.DataFrame) -> Iterator[tuple[str, str, pd.Series]]:
    """(column, label, ids) for each end of each row, labels defaulted."""
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    for column, allowed in (("source", sources), ("target", targets)):
        labels = (
            frame[f"{column}_label"].fillna(allowed[0])
            if f"{column}_label" in frame
            else pd.Series(allowed[0], index=frame.index)
        )
        for label in allowed:
            chosen = labels == label
            yield column, label, frame[column][chosen & frame[column].notna()]
    if "contract" in frame:
        yield "contract", "Contract", frame["contract"][frame["contract"].notna()]


def _collect_refs(
    table_file: TableFile, frame: pd.DataFrame, checked: Checked, refs: dict[str, list[tuple[str, int, str, str]]]
) -> None:
    for column, label, ids in _ends(table_file.table, frame):
        known = checked.node_ids.get(label)
        missing = ids if known is None else ids[~ids.isin(known)]
        refs[label].extend((table_file.name, int(row), column, str(value)) for row, value in missing.items())


def _dangling(
    refs: dict[str, list[tuple[str, int, str, str]]],
    checked: Checked,
    engine: Engine,
    replace: bool,
    problems: Problems,
) -> None:
    """References to ids the dataset lacks must exist in the graph (unless it is replaced)."""
    for label, missing in refs.items():
        if not missing:
            continue
        wanted = sorted({ref[3] for ref in missing})
        found: set[str] = set()
        if not replace:
            for start in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[start : start + LOOKUP_CHUNK]
                found.update(row[0] for row in engine.read(exists_statement(label), {"ids": chunk}).rows)
        for file, row, column, value in missing:
            if value not in found:
                where = "in the dataset" if replace else "in the dataset or the graph"
                problems.add(file, row, column, f"no {label} with id {value!r} {where}")


def _duplicates(table_file: TableFile, keys: pd.Series, column: str, problems: Problems) -> None:
    keys = keys.reset_index(drop=True)
    repeated = keys.duplicated(keep="first") & keys.notna()
    for position in np.flatnonzero(repeated.to_numpy()):
        value = keys.iloc[position]
        first = int(np.flatnonzero((keys == value).to_numpy())[0]) + 1
        shown = str(value).replace("\x1f", " ")
        problems.add(table_file.name, int(position) + 1, column, f"duplicate {shown!r} (first at row {first})")


def _arrow_message(exc: BaseException) -> str:
    message = str(exc).split("\n")[0]
    if "invalid UTF8" in message or isinstance(exc, UnicodeDecodeError):
        return "is not valid UTF-8 text"
    return message


def _bad_utf8_row(table_file: TableFile) -> int | None:
    """The data row of the first invalid UTF-8 line of a text file (None if not that)."""
    if table_file.format == "parquet":
        return None
    with table_file.path.open("rb") as handle:
        for number, line in enumerate(handle):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number if table_file.format == "csv" else number + 1
    return None
