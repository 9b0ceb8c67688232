"""Writing the graph as the input of ``neo4j-admin database import full``: the fastest
initial load of a Neo4j database.

neo4j-admin builds a store from CSV files whose header line types each column
(``id:ID(Company)``, ``employees:long``, ``:START_ID(Company)``, ``:TYPE``, ...), without
transactions, far faster than any Cypher. The files hold what valuenet's own import
writes: the same labels, property names and types (dates stay ``YYYY-MM-DD`` text, as
valuenet stores them). Each label is its own id space, as ids are unique per label, so
relationships are written one file per type and pair of end labels. Every node is in
slot 0 (``Label;VnSlot0``, see ``service.engines.slots``), and one more file holds the state
node that makes slot 0 live at version 0. The indexes come afterwards: valuenet creates its
schema when it first opens the database.
"""

from __future__ import annotations

import secrets
import shlex
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from service.engines.base import Engine
from service.engines.slots import slot_label
from service.errors import InvalidParameter
from service.ingest.export import PAGE, exported_pages
from service.ingest.schema import Table
from service.model import RELATIONSHIPS

__all__ = ["COMMAND_FILE", "AdminExport", "AdminFile", "check_target", "export_neo4j_admin"]

#: Header type of each field type: neo4j-admin's ``long`` and ``double`` are Cypher's
#: integer and float (``int`` and ``float`` would be 32 bits), dates are text.
HEADER_TYPES: Final = {"string": "", "date": "", "int": ":long", "float": ":double", "bool": ":boolean"}
#: The command line, beside the files it names.
COMMAND_FILE: Final = "neo4j-admin-import.sh"
#: The state node's file: slot 0 live, at version 0 (``service.engines.neo4j``).
STATE_FILE: Final = "valuenet_state.csv"
CSV_OPTIONS: Final = pa_csv.WriteOptions(quoting_style="needed")


@dataclass(frozen=True)
class AdminFile:
    """One input file of neo4j-admin."""

    kind: Literal["nodes", "relationships"]
    name: str
    rows: int


@dataclass(frozen=True)
class AdminExport:
    """The files written, and what neo4j-admin needs to read them."""

    folder: Path
    files: tuple[AdminFile, ...]
    multiline: bool  # some text holds a line break: neo4j-admin must be told, and is slower then

    def arguments(self, database: str) -> list[str]:
        """The arguments after ``neo4j-admin database import full``: the database first, as
        neo4j-admin would take a name after ``--nodes`` or ``--relationships`` for a file."""
        options = [f"--{f.kind}={self.folder / f.name}" for f in self.files]
        if self.multiline:
            options.append("--multiline-fields=true")
        return [database, *options]

    def command(self, database: str) -> str:
        """The whole command line, quoted for a POSIX shell."""
        return shlex.join(["neo4j-admin", "database", "import", "full", *self.arguments(database)])


def export_neo4j_admin(
    engine: Engine,
    out: Path,
    database: str,
    progress: Callable[[str, int], None] | None = None,
    page: int = PAGE,
) -> AdminExport:
    """Write the graph into ``out`` (new or empty) as neo4j-admin's input, and the command
    line that imports it into ``database`` as ``out/neo4j-admin-import.sh``. The graph is
    read ``page`` internal ids at a time.

    The files are written into a scratch folder beside ``out`` and moved there at the end,
    so ``out`` holds all of them or none.
    """
    out = check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files, multiline = _write_files(engine, scratch, progress, page)
        written = AdminExport(out, tuple(files), multiline)
        (scratch / COMMAND_FILE).write_text(written.command(database) + "\n")
        scratch.rename(out)  # over an empty folder too
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return written


def check_target(out: Path) -> Path:
    """``out`` as an absolute path, if it is a new or an empty folder; else raise ``InvalidParameter``."""
    out = out.absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidParameter("out", f"{out} is not an empty folder; neo4j-admin's files go into a new one")
    return out


def _write_files(
    engine: Engine, folder: Path, progress: Callable[[str, int], None] | None, page: int
) -> tuple[list[AdminFile], bool]:
    """The graph a page at a time, each part appended to its file: memory holds one page."""
    writers: dict[str, pa_csv.CSVWriter] = {}
    kinds: dict[str, Literal["nodes", "relationships"]] = {}
    rows: Counter[str] = Counter()
    multiline = False
    try:
        for table, arrow in exported_pages(engine, progress, page):
            parts = _nodes(table, arrow) if table.label is not None else _relationships(table, arrow)
            for name, part in parts:
                if name not in writers:
                    writers[name] = pa_csv.CSVWriter(folder / name, part.schema, write_options=CSV_OPTIONS)
                    kinds[name] = "nodes" if table.label else "relationships"
                writers[name].write_table(part)
                rows[name] += part.num_rows
                multiline = multiline or _has_line_break(part)
    finally:
        for writer in writers.values():
            writer.close()
    written = [AdminFile(kinds[name], name, rows[name]) for name in writers]
    state = pa.table({"key:ID(ValuenetState)": ["valuenet"], "live:long": [0], "version:long": [0]})
    pa_csv.write_csv(
        _constant(_constant(state, "epoch", secrets.token_hex(4)), ":LABEL", "ValuenetState"), folder / STATE_FILE
    )
    written.append(AdminFile("nodes", STATE_FILE, 1))
    return written, multiline


def _header(table: Table, column: str) -> str:
    field = next(f for f in table.fields if f.name == column)
    return column + HEADER_TYPES[field.type]


def _nodes(table: Table, arrow: pa.Table) -> list[tuple[str, pa.Table]]:
    """``id:ID(Label)``, the typed properties, ``:LABEL`` (with the slot's): one file."""
    assert table.label is not None
    names = [f"id:ID({table.label})" if c == "id" else _header(table, c) for c in arrow.column_names]
    labels = f"{table.label};{slot_label(0)}"
    return [(f"{table.name}.csv", _constant(arrow.rename_columns(names), ":LABEL", labels))]


def _relationships(table: Table, arrow: pa.Table) -> list[tuple[str, pa.Table]]:
    """``:START_ID(Source)``, ``:END_ID(Target)``, the typed properties, ``:TYPE``: one
    table per pair of end labels found."""
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    source_labels = _labels(arrow, "source_label", sources[0])
    target_labels = _labels(arrow, "target_label", targets[0])
    pairs = pa.table({"s": source_labels, "t": target_labels}).group_by(["s", "t"]).aggregate([])
    properties = arrow.drop_columns([c for c in ("source_label", "target_label") if c in arrow.column_names])
    parts = []
    for source, target in sorted(zip(pairs["s"].to_pylist(), pairs["t"].to_pylist(), strict=True)):
        rows = properties.filter(pc.and_(pc.equal(source_labels, source), pc.equal(target_labels, target)))
        ends = {"source": f":START_ID({source})", "target": f":END_ID({target})"}
        names = [ends.get(c) or _header(table, c) for c in rows.column_names]
        parts.append(
            (f"{table.name}.{source}.{target}.csv", _constant(rows.rename_columns(names), ":TYPE", table.relationship))
        )
    return parts


def _labels(arrow: pa.Table, column: str, default: str) -> pa.ChunkedArray:
    if column in arrow.column_names:
        return pc.fill_null(arrow[column], default)
    return pa.chunked_array([pa.repeat(pa.scalar(default), arrow.num_rows)])


def _constant(arrow: pa.Table, column: str, value: str) -> pa.Table:
    return arrow.append_column(column, pa.repeat(pa.scalar(value), arrow.num_rows))


def _has_line_break(arrow: pa.Table) -> bool:
    return any(
        pc.any(pc.match_substring_regex(arrow[c], "[\r\n]")).as_py() is True
        for c in arrow.column_names
        if pa.types.is_string(arrow.schema.field(c).type)
    )
