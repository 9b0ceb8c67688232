"""Upserting rows into the graph: one ``UNWIND $rows`` statement per table and label pair.

Statements are built only from the model's allow-lists; every value is a parameter.

On FalkorDB, recurring texts (``Field.recurring``) are written through ``intern()``, as a
bulk load stores them (``service.ingest.vocabulary``): FalkorDB groups an interned text and
a plain copy of it apart (``UNWIND [intern('a'), 'a'] AS x RETURN x, count(*)`` gives two
rows), so a graph must hold every recurring text one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import pandas as pd

from service.engines.base import BatchWriter
from service.ingest.schema import RELATIONSHIP_TABLES, Table
from service.model import LABELS, RELATIONSHIPS

__all__ = ["all_statements", "node_statement", "relationship_statement", "write_frame", "write_table"]

BATCH_SIZE = 5_000


def node_statement(label: str, interned: Sequence[str] = ()) -> str:
    """Upsert nodes of ``label`` by id; the ``interned`` properties come in ``row.words``."""
    assert label in LABELS
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) {_sets('n', interned)}"


def relationship_statement(table: Table, source: str, target: str, interned: Sequence[str] = ()) -> str:
    """Upsert relationships of ``table`` between ``source`` and ``target`` labels."""
    assert table.relationship in RELATIONSHIPS
    assert source in LABELS
    assert target in LABELS
    key = " {id: row.id}" if table.keyed_by_id else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{id: row.source}}) "
        f"MATCH (b:{target} {{id: row.target}}) "
        f"MERGE (a)-[r:{table.relationship}{key}]->(b) {_sets('r', interned)}"
    )


def all_statements() -> Iterator[str]:
    """Every write statement the writer can send to Neo4j (for its linter)."""
    for label in LABELS:
        yield node_statement(label)
    for table in RELATIONSHIP_TABLES:
        assert table.relationship is not None
        sources, targets = RELATIONSHIPS[table.relationship]
        for source in sources:
            for target in targets:
                yield relationship_statement(table, source, target)


def write_frame(writer: BatchWriter, table: Table, frame: pd.DataFrame) -> int:
    """Upsert the rows of a typed DataFrame; only the columns it has are set."""
    plain = frame.astype(object).where(frame.notna(), None)  # missing values as None
    return write_table(writer, table, plain.to_dict("records"))


def write_table(writer: BatchWriter, table: Table, records: Iterable[Mapping[str, Any]]) -> int:
    """Upsert typed records (column -> value) of one table; return how many were written.

    A column missing from a record leaves that property as it is; a None removes it.
    """
    recurring = [f.name for f in table.properties if f.recurring] if writer.dialect == "falkordb" else []
    groups: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for record in records:
        interned = tuple(name for name in recurring if name in record)
        groups.setdefault((*_ends(table, record), interned), []).append(_row(table, record, interned))
    return sum(
        writer.write_batches(_statement(table, source, target, interned), _batches(rows))
        for (source, target, interned), rows in sorted(groups.items())
    )


def _ends(table: Table, record: Mapping[str, Any]) -> tuple[str, str]:
    """The labels of a record's ends (a node's own label twice)."""
    if table.label is not None:
        return table.label, table.label
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    return record.get("source_label") or sources[0], record.get("target_label") or targets[0]


def _row(table: Table, record: Mapping[str, Any], interned: tuple[str, ...]) -> dict[str, Any]:
    """A record as the statement takes it: keys, ``props`` set as sent, ``words`` interned."""
    props = {f.name: record[f.name] for f in table.properties if f.name in record and f.name not in interned}
    row: dict[str, Any] = {"props": props, "words": {name: record[name] for name in interned}}
    if table.label is None:
        row |= {"source": record["source"], "target": record["target"]}
    if table.keyed_by_id:
        row["id"] = record["id"]
    return row


def _statement(table: Table, source: str, target: str, interned: Sequence[str]) -> str:
    if table.label is not None:
        return node_statement(table.label, interned)
    return relationship_statement(table, source, target, interned)


def _sets(variable: str, interned: Sequence[str]) -> str:
    # FalkorDB leaves a text set to an equal one as it was, so interned texts are set on
    # their own rather than after ``+=`` has set a plain copy.
    words = [f"{variable}.{name} = intern(row.words.{name})" for name in interned]
    return "SET " + ", ".join([f"{variable} += row.props", *words])


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch
