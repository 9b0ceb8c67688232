"""Validation of a whole dataset before anything is written.

Each batch of rows is converted to its schema types (pandas, vectorised); every problem is
recorded with file, row (1 = first data row) and column. Node ids and keys' hashes are
kept on disk (``service.ingest.ids``) to find duplicates, and relationship ends the
dataset lacks are looked up in the graph batch by batch, so memory does not grow with the
dataset. Only when the dataset has no problem at all does the import write anything.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from service.engines.base import Engine
from service.errors import InvalidDataset, Problem
from service.ingest.ids import HashSpill, IdIndex, hashed
from service.ingest.parquet import Unbounded
from service.ingest.schema import ID_BREAKS, ID_MAX_BYTES, Field, Table, id_problem
from service.ingest.scratch import scratch
from service.ingest.sources import TableFile
from service.model import RELATIONSHIPS, exists_statement

__all__ = ["Checked", "typed_batches", "validate"]

MAX_PROBLEMS = 50
DATE = r"^\d{4}-\d{2}-\d{2}$"
LOOKUP_CHUNK = 10_000


@dataclass
class Checked:
    """What validation learnt: the rows of each table."""

    rows: dict[str, int] = field(default_factory=dict)


#: Each label's node ids in file order, and where its nodes start in the order of all
#: nodes (FalkorDB's bulk indices).
Nodes = dict[str, tuple[IdIndex, int]]


#: Called with each typed batch while no problem has been found: the table, the rows, and
#: for relationships each end's node index (base + position, -1 if not in the dataset).
Sink = Callable[[TableFile, pd.DataFrame, dict[str, np.ndarray]], None]


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
    files: list[TableFile],
    engine: Engine,
    *,
    replace: bool,
    progress: Callable[[str, int], None] | None = None,
    sink: Sink | None = None,
) -> Checked:
    """Check every table; raise InvalidDataset listing the problems, or return what was learnt.

    With ``replace``, relationship ends must be in the dataset (the graph is not asked).
    """
    problems = Problems()
    checked = Checked()
    unreadable: set[str] = set()  # labels whose table failed: references to them are not judged
    dangling = Dangling(engine, replace, problems, unreadable)
    nodes: Nodes = {}
    total = 0
    with scratch("ids") as spill:
        for table_file in files:  # node tables come first (schema order)
            if not _columns_ok(table_file, problems):
                unreadable.add(table_file.table.label or "")
                continue
            label = table_file.table.label
            folder = Path(spill, table_file.table.name)
            index = IdIndex(folder) if label is not None else None
            keys = HashSpill(folder) if label is None else None  # relationship keys' hashes
            count = 0
            for frame in typed_batches(table_file, problems):
                count += len(frame)
                ends: dict[str, np.ndarray] = {}
                if index is not None:
                    index.add(frame["id"])
                elif keys is not None:
                    keys.add(hashed(_relationship_key(table_file.table, frame)))
                    ends = _collect_refs(table_file, frame, nodes, dangling)
                if sink is not None and problems.total == 0:
                    sink(table_file, frame, ends)
                if progress:
                    progress(table_file.name, count)
            checked.rows[table_file.table.name] = count
            if table_file.name in problems.unreadable:
                unreadable.add(label or "")
            if keys is not None:
                column = "id" if table_file.table.keyed_by_id else "source, target"
                _relationship_duplicates(table_file, keys.repeats(), column, problems)
            elif index is not None and label is not None:
                index.seal()
                repeated = index.texts(index.repeated)
                repeated.index = pd.Index(index.repeated + 1)  # row numbers: 1 = first data row
                _duplicates(table_file, repeated, "id", problems)
                nodes[label] = index, total
                total += count
        nodes.clear()  # their files go with the folder
    problems.raise_if_any()
    return checked


def typed_batches(table_file: TableFile, problems: Problems | None = None) -> Iterator[pd.DataFrame]:
    """The table's rows as typed DataFrames (index = row number); problems recorded, bad rows kept.

    With ``problems`` None (the write pass, after a clean validation) nothing is recorded.
    """
    sink = problems or Problems()
    fields = {f.name: f for f in table_file.table.fields}
    longest = table_file.limits.max_field_bytes
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
        except Unbounded as exc:
            sink.add(exc.problem.file, exc.problem.row, exc.problem.column, exc.problem.message)
            sink.unreadable.add(table_file.name)
            return
        raw = batch.to_pandas()
        raw.index = pd.RangeIndex(offset + 1, offset + 1 + len(raw))
        offset += len(raw)
        frame = pd.DataFrame(index=raw.index)
        for name in raw.columns:
            if name in fields:
                frame[name] = _convert(table_file.name, raw[name], fields[name], sink, longest)
        _check_dates_order(table_file.name, frame, sink)
        yield frame


def _columns_ok(table_file: TableFile, problems: Problems) -> bool:
    try:
        if (bound := table_file.unbounded()) is not None:
            problems.add(bound.file, bound.row, bound.column, bound.message)
            return False
        columns = table_file.columns()
    except (pa.ArrowInvalid, OSError, csv.Error) as exc:
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


def _convert(file: str, raw: pd.Series, spec: Field, problems: Problems, max_text_bytes: int) -> pd.Series:
    """Convert one column to its type; record type, length, id grammar, requirement,
    enumeration and range problems.

    Results keep compact dtypes: text as ``str``, ``Int64``, ``float64`` and ``boolean``;
    a bad value is recorded and becomes missing (and is not reported again as missing).
    """
    present = raw.notna()
    flagged = np.zeros(len(raw), dtype=bool)

    def flag(bad: pd.Series, message: Callable[[Any], str], shown: pd.Series | None = None) -> None:
        if bad.any():
            flagged[bad.to_numpy()] = True
            values = (raw if shown is None else shown)[bad]
            problems.rows(file, raw.index[bad.to_numpy()].to_series(), spec.name, message, values)

    if spec.type in ("string", "date"):
        if spec.type == "date" and (pd.api.types.is_datetime64_any_dtype(raw.dtype) or _holds_dates(raw)):
            raw = pd.to_datetime(raw, errors="coerce").dt.strftime("%Y-%m-%d").where(present, None)
        if not isinstance(raw.dtype, pd.StringDtype):
            is_text = raw.map(lambda v: isinstance(v, str), na_action="ignore")
            not_text = present & ~is_text.astype(object).where(present, True).astype(bool)
            flag(not_text, lambda v: f"{v!r} is not text")
            raw = raw.where(~not_text, None).astype("str")
        converted = raw
        flag(converted.str.contains("\x00", regex=False, na=False).astype(bool), lambda _v: "contains a NUL character")
        longest = min(max_text_bytes, spec.max_bytes or max_text_bytes)
        refused = _longer_than(converted, longest)
        flag(refused, lambda v: f"is {len(v.encode()):,} bytes long; the longest text taken is {longest:,}")
        if spec.identifier:
            broken = (converted == "") | _longer_than(converted, ID_MAX_BYTES)
            broken |= converted.str.contains(ID_BREAKS, regex=True, na=False).astype(bool)
            flag(broken & ~refused, lambda v: id_problem(v) or "")
            refused |= broken
        converted = converted.where(~refused, None)
        if spec.type == "date":
            shaped = converted.str.fullmatch(DATE, na=False).astype(bool)
            real = pd.to_datetime(converted.where(shaped, None), format="%Y-%m-%d", errors="coerce").notna()
            bad = converted.notna() & ~(shaped & real.to_numpy())
            flag(bad, lambda v: f"{v!r} is not a date YYYY-MM-DD")
            converted = converted.where(~bad, None)
    elif spec.type == "bool":
        if pd.api.types.is_bool_dtype(raw.dtype):
            converted = raw.astype("boolean")
        else:
            words = raw.astype("str").str.strip().str.lower()
            converted = words.map({"true": True, "false": False, "1": True, "0": False}).astype("boolean")
            flag(present & converted.isna(), lambda v: f"{v!r} is not true or false")
    else:
        numbers = (
            raw.astype("float64") if pd.api.types.is_numeric_dtype(raw.dtype) else pd.to_numeric(raw, errors="coerce")
        )
        numbers = numbers.astype("float64")
        finite = np.isfinite(numbers.to_numpy(na_value=np.nan))
        bad = present & ~finite
        if spec.type == "int":
            bad |= present & finite & (np.floor(numbers) != numbers)
        kind = "a whole number" if spec.type == "int" else "a number"
        flag(bad, lambda v: f"{v!r} is not {kind}")
        if spec.type == "int":  # stored as 64-bit integers
            huge = present & ~bad & (numbers.abs() >= 2.0**63)
            flag(huge, lambda v: f"{v!r} is beyond the 64-bit integer range", raw)
            bad |= huge
        ok = present & ~bad
        if spec.minimum is not None:
            flag(ok & (numbers < spec.minimum), lambda v: f"{v} is below the minimum {spec.minimum:g}", numbers)
        if spec.maximum is not None:
            flag(ok & (numbers > spec.maximum), lambda v: f"{v} is above the maximum {spec.maximum:g}", numbers)
        kept = numbers.where(ok, np.nan)
        converted = kept.astype("Int64") if spec.type == "int" else kept
    if spec.required:
        flag(converted.isna() & ~flagged, lambda _v: "required, but empty")
    if spec.choices is not None:
        flag(
            converted.notna() & ~converted.isin(spec.choices),
            lambda v: f"{v!r} is not one of {', '.join(spec.choices or ())}",
        )
    return converted


def _longer_than(texts: pd.Series, limit: int) -> pd.Series:
    """Which texts take more than ``limit`` bytes of UTF-8 (only those with more than a
    quarter of that in characters are encoded to count)."""
    longer = texts.str.len().fillna(0) > limit // 4
    if longer.any():
        longer[longer] = texts[longer].str.encode("utf-8").str.len() > limit
    return longer.astype(bool)


def _holds_dates(raw: pd.Series) -> bool:
    """An object column of real dates (a Parquet date32 column arrives like this)."""
    if not pd.api.types.is_object_dtype(raw.dtype):
        return False
    first = raw.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], date)


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
    assert table.relationship is not None
    ends = RELATIONSHIPS[table.relationship]
    parts = [
        part.astype("str").fillna("")  # a missing end is reported as required, not as a duplicate
        for column, allowed in zip(("source", "target"), ends, strict=True)
        for part in (_end_labels(frame, column, allowed), frame[column])
    ]
    key: pd.Series = parts[0] + "\x1f" + parts[1] + "\x1f" + parts[2] + "\x1f" + parts[3]
    return key


def _end_labels(frame: pd.DataFrame, column: str, allowed: tuple[str, ...]) -> pd.Series:
    if f"{column}_label" in frame:
        return frame[f"{column}_label"].fillna(allowed[0])
    return pd.Series(allowed[0], index=frame.index)


def _collect_refs(
    table_file: TableFile, frame: pd.DataFrame, nodes: Nodes, dangling: Dangling
) -> dict[str, np.ndarray]:
    """Each end's node index (-1 when the dataset lacks it: then the graph must have it)."""
    assert table_file.table.relationship is not None
    sources, targets = RELATIONSHIPS[table_file.table.relationship]
    ends: dict[str, np.ndarray] = {}
    for column, allowed in (("source", sources), ("target", targets)):
        labels = _end_labels(frame, column, allowed)
        found = np.full(len(frame), -1, dtype=np.int64)
        for label in allowed:
            chosen = (labels == label).to_numpy() & frame[column].notna().to_numpy()
            if not chosen.any():
                continue
            ids = frame[column][chosen]
            if label in nodes:
                known, base = nodes[label]
                position = known.positions(ids)
                found[chosen] = np.where(position >= 0, base + position, -1)
            dangling.check(table_file.name, label, column, ids[found[chosen] < 0])
        ends[column] = found
    if "contract" in frame:
        contracts = frame["contract"][frame["contract"].notna()]
        missing = contracts[nodes["Contract"][0].positions(contracts) < 0] if "Contract" in nodes else contracts
        dangling.check(table_file.name, "Contract", "contract", missing)
    return ends


class Dangling:
    """References to ids the dataset lacks, judged batch by batch: they must exist in the
    graph (unless it is replaced). Only the problems are kept, so memory does not grow
    with the number of references."""

    def __init__(self, engine: Engine, replace: bool, problems: Problems, unreadable: set[str]) -> None:
        self.engine = engine
        self.replace = replace
        self.problems = problems
        self.unreadable = unreadable  # labels whose table failed: their references are not judged

    def check(self, file: str, label: str, column: str, missing: pd.Series) -> None:
        """``missing``: the ids of ``label`` a batch names and the dataset lacks, by row number."""
        if missing.empty or label in self.unreadable:
            return
        found = set() if self.replace else self._in_graph(label, sorted(set(missing.astype("str"))))
        where = "in the dataset" if self.replace else "in the dataset or the graph"
        for row, value in missing.items():
            if str(value) not in found:
                self.problems.add(file, int(row), column, f"no {label} with id {value!r} {where}")

    def _in_graph(self, label: str, wanted: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            found.update(held for (held,) in self.engine.read(exists_statement(label), {"ids": chunk}).rows)
        return found


def _duplicates(table_file: TableFile, keys: pd.Series, column: str, problems: Problems) -> None:
    """Report each repeated key (``keys`` indexed by row number) with the row it first appears at."""
    repeated = keys.duplicated(keep="first") & keys.notna()
    if not repeated.any():
        return
    firsts = keys[~keys.duplicated(keep="first")]
    first_row = pd.Series(firsts.index, index=firsts.to_numpy())
    for row, value in keys[repeated].items():
        shown = str(value).replace("\x1f", " ")
        problems.add(table_file.name, int(row), column, f"duplicate {shown!r} (first at row {first_row[value]})")


def _relationship_duplicates(table_file: TableFile, twice: np.ndarray, column: str, problems: Problems) -> None:
    """Duplicates among relationship keys, given the 64-bit hashes that repeat; rows with
    those hashes are read again to compare the keys themselves (a collision is not a
    duplicate)."""
    if not len(twice):
        return
    keys = [
        key[np.isin(hashed(key), twice)]
        for key in map(partial(_relationship_key, table_file.table), typed_batches(table_file))
    ]
    _duplicates(table_file, pd.concat(keys), column, problems)


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
