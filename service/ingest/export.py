"""Writing the graph back as a dataset, in the import format, so export -> import round-trips.

Rows are read in pages of internal-id ranges (an id seek on both engines, so the cost is
linear), each page as one table, whatever the engine's result-size limit, and each table
is sorted by its key, so the same graph always gives the same files (neo4j-admin's files,
which need no order, are written a page at a time: ``exported_pages``). ``table_page`` reads
a slice of one table in that same order (the API's ``/v1/graph/TABLE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from service.engines.base import Dialect, Engine, Result
from service.engines.dialects import engine_text
from service.ingest.schema import TABLES, Field, Table
from service.model import LABELS, RELATIONSHIPS

__all__ = ["Reader", "export_dataset", "export_statements", "exported_pages", "exported_tables", "table_page"]

PAGE = 50_000
#: Past every internal id, on both engines (ids are 64-bit integers).
ALL_IDS = 2**63 - 1
#: The column type ``Engine.read_table`` takes for each field type.
COLUMN_TYPES = {"string": "string", "date": "string", "int": "int", "float": "float", "bool": "bool"}
ARROW_TYPES = {"string": pa.string(), "date": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}


class Reader(Protocol):
    """What the export reads through: an engine, or one question on it (one graph version)."""

    @property
    def dialect(self) -> Dialect: ...

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result: ...

    def read_table(self, cypher: str, params: Mapping[str, Any], columns: Sequence[tuple[str, str]]) -> Result: ...


def _node_statement(table: Table) -> str:
    assert table.label in LABELS
    columns = ", ".join(f"n.{f.name} AS {f.name}" for f in table.fields)
    return f"MATCH (n:{table.label}) WHERE id(n) >= $low AND id(n) < $high RETURN {columns}"


def _relationship_statement(table: Table, source: str, target: str) -> str:
    assert table.relationship in RELATIONSHIPS
    assert source in LABELS
    assert target in LABELS
    columns = ", ".join(
        {
            "source": "a.id AS source",
            "target": "b.id AS target",
            "source_label": f"'{source}' AS source_label",
            "target_label": f"'{target}' AS target_label",
        }.get(f.name, f"r.{f.name} AS {f.name}")
        for f in table.fields
    )
    return (
        f"MATCH (a:{source}) WHERE id(a) >= $low AND id(a) < $high "
        f"MATCH (a)-[r:{table.relationship}]->(b:{target}) RETURN {columns}"
    )


def _statements(table: Table) -> Iterator[str]:
    if table.label is not None:
        yield _node_statement(table)
        return
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    for source in sources:
        for target in targets:
            yield _relationship_statement(table, source, target)


MAX_ID_STATEMENT = "MATCH (n) RETURN max(id(n)) AS top"


def _page_statement(table: Table, dialect: Dialect) -> str:
    """Every statement of ``table`` over the ids ``$low`` to ``$high``, in key order, cut to a page."""
    union = "\nUNION ALL\n".join(_statements(table))
    columns = ", ".join(f.name for f in table.fields)
    page = f"CALL {{\n{union}\n}}\nRETURN {columns} ORDER BY {', '.join(_key(table))} SKIP $skip LIMIT $head"
    return engine_text(page, dialect)


def export_statements(dialect: Dialect) -> Iterator[str]:
    """Every statement the exporter sends to a ``dialect`` engine (for the Neo4j linter)."""
    yield MAX_ID_STATEMENT
    for table in TABLES.values():
        yield from _statements(table)
        yield _page_statement(table, dialect)


def export_dataset(
    engine: Engine,
    out: Path,
    fmt: Literal["csv", "parquet"] = "csv",
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write every non-empty table to ``out/TABLE.csv`` (or ``.parquet``); return rows per table."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table, arrow in exported_tables(engine, progress):
        if table.relationship is not None:
            arrow = _drop_default_labels(arrow, table)
        _write(arrow, out / f"{table.name}.{fmt}", fmt)
        written[table.name] = arrow.num_rows
    return written


def exported_tables(
    reader: Reader, progress: Callable[[str, int], None] | None = None
) -> Iterator[tuple[Table, pa.Table]]:
    """Every non-empty table of the graph, typed as its fields say and sorted by its key.

    Relationship tables with more than one label at an end carry that end's label on
    every row (``source_label``, ``target_label``), the default one included.
    """
    for table, pages in groupby(exported_pages(reader, progress), key=itemgetter(0)):
        whole = pa.concat_tables([arrow for _table, arrow in pages])
        yield table, whole.sort_by([(column, "ascending") for column in _key(table)])  # a stable sort


def exported_pages(
    reader: Reader, progress: Callable[[str, int], None] | None = None, page: int = PAGE
) -> Iterator[tuple[Table, pa.Table]]:
    """The rows of every table a page at a time (``page`` internal ids), typed as its
    fields say, in the engine's order: what holds one page holds the whole graph (1M
    companies' 10M deliverables took 5 GB in one table). ``progress`` gets each table's
    rows once it is read, an empty one's too."""
    top = reader.read(MAX_ID_STATEMENT).rows[0][0]
    for table in TABLES.values():
        rows = 0
        for statement in _statements(table):
            for frame in _pages(reader, statement, top, table, page):
                rows += len(frame)
                yield table, _arrow(frame, table.fields)
        if progress:
            progress(table.name, rows)


def table_page(reader: Reader, table: Table, offset: int, limit: int) -> tuple[pa.Table, bool]:
    """Rows ``offset`` to ``offset + limit`` of ``table`` as ``export_dataset`` writes it
    (typed, in key order, default end labels left empty), and whether more rows follow.

    One statement, the union of the table's (one per pair of end labels), sorted and cut
    in the engine: a page reads its own rows (and one more, which says whether more follow).
    """
    params = {"low": 0, "high": ALL_IDS, "skip": offset, "head": limit + 1}
    rows = reader.read_table(_page_statement(table, reader.dialect), params, _columns(table)).rows
    arrow = _arrow(pd.DataFrame(rows[:limit], columns=[f.name for f in table.fields]), table.fields)
    return _drop_default_labels(arrow, table) if table.relationship else arrow, len(rows) > limit


def _columns(table: Table) -> list[tuple[str, str]]:
    return [(f.name, COLUMN_TYPES[f.type]) for f in table.fields]


def _pages(reader: Reader, statement: str, top: int | None, table: Table, page: int) -> Iterator[pd.DataFrame]:
    """A page's relationships may outnumber the engine's result-size limit (a page of
    companies has five times as many deliverables), so a page is read as one table."""
    if top is None:
        return
    for low in range(0, int(top) + 1, page):
        result = reader.read_table(statement, {"low": low, "high": low + page}, _columns(table))
        if result.rows:
            yield pd.DataFrame(result.rows, columns=result.columns)


def _drop_default_labels(arrow: pa.Table, table: Table) -> pa.Table:
    """An end label equal to the default is left empty, as a user would write it."""
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    for column, default in (("source_label", sources[0]), ("target_label", targets[0])):
        if column in arrow.column_names:
            labels = arrow[column]
            kept = pc.if_else(pc.equal(labels, default), pa.scalar(None, pa.string()), labels)
            arrow = arrow.set_column(arrow.column_names.index(column), column, kept)
    return arrow


def _key(table: Table) -> list[str]:
    if table.keyed_by_id:
        return ["id"]
    return [c for c in ("source_label", "source", "target_label", "target") if c in {f.name for f in table.fields}]


def _arrow(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pa.Table:
    return pa.table(
        {
            f.name: pa.array(frame[f.name].to_numpy(dtype=object), type=ARROW_TYPES[f.type], from_pandas=True)
            for f in fields
        }
    )


def _write(arrow: pa.Table, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pq.write_table(arrow, path)
    else:
        pa_csv.write_csv(arrow, path, pa_csv.WriteOptions(quoting_style="needed"))
