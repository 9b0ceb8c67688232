"""Upserting rows into the graph: one ``UNWIND $rows`` statement per table and label pair.

Statements are built only from the model's allow-lists; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import pandas as pd

from service.engines.base import BatchWriter
from service.ingest.schema import RELATIONSHIP_TABLES, Table
from service.model import LABELS, RELATIONSHIPS

__all__ = ["all_statements", "node_statement", "relationship_statement", "write_frame", "write_table"]

BATCH_SIZE = 5_000


def node_statement(label: str) -> str:
    """Upsert nodes of ``label`` by id."""
    assert label in LABELS
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"


def relationship_statement(table: Table, source: str, target: str) -> str:
    """Upsert relationships of ``table`` between ``source`` and ``target`` labels."""
    assert table.relationship in RELATIONSHIPS
    assert source in LABELS
    assert target in LABELS
    key = " {id: row.id}" if table.keyed_by_id else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{id: row.source}}) "
        f"MATCH (b:{target} {{id: row.target}}) "
        f"MERGE (a)-[r:{table.relationship}{key}]->(b) SET r += row.props"
    )


def all_statements() -> Iterator[str]:
    """Every write statement the writer can send (for the Neo4j linter)."""
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
    if table.label is not None:
        statement = node_statement(table.label)
        return writer.write_batches(statement, _batches(_node_rows(table, records)))
    assert table.relationship is not None
    sources, targets = RELATIONSHIPS[table.relationship]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in records:
        ends = (record.get("source_label") or sources[0], record.get("target_label") or targets[0])
        groups.setdefault(ends, []).append(_relationship_row(table, record))
    return sum(
        writer.write_batches(relationship_statement(table, *ends), _batches(rows))
        for ends, rows in sorted(groups.items())
    )


def _node_rows(table: Table, records: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {"id": record["id"], "props": _props(table, record)}


def _relationship_row(table: Table, record: Mapping[str, Any]) -> dict[str, Any]:
    row = {"source": record["source"], "target": record["target"], "props": _props(table, record)}
    if table.keyed_by_id:
        row["id"] = record["id"]
    return row


def _props(table: Table, record: Mapping[str, Any]) -> dict[str, Any]:
    return {f.name: record[f.name] for f in table.properties if f.name in record}


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch
