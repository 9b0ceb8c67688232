"""The whole graph, or a map's answer, as GraphML or GEXF (Gephi, yEd, Cytoscape), written by networkx.

The whole graph's nodes are named ``Label:id`` (ids are unique per label only) and carry
``label`` and their properties; its edges carry ``relationship`` (the type) and their
properties. A map's nodes are named by their company id and carry the answer's node
fields; its edges carry the answer's columns but ``source`` and ``target``. Attributes
keep their types (text, integer, number, true/false); a list or a map is its JSON text; a
missing value is left out.
"""

from __future__ import annotations

import io
import itertools
import json
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa

from service.engines.base import Result
from service.ingest.export import Reader
from service.ingest.schema import Table
from service.model import RELATIONSHIPS

__all__ = [
    "COUNT_STATEMENTS",
    "GRAPH_FORMATS",
    "MAP_MODULES",
    "graph_items",
    "map_graph",
    "whole_graph",
    "write_file",
    "written",
]

GRAPH_FORMATS = ("graphml", "gexf")
#: The modules whose answer is a graph (``Result.nodes`` and its rows as edges).
MAP_MODULES = ("ecosystem_map",)
#: What the whole graph holds: its nodes, and its relationships.
COUNT_STATEMENTS = ("MATCH (n) RETURN count(n) AS items", "MATCH ()-[r]->() RETURN count(r) AS items")


def graph_items(reader: Reader) -> int:
    """How many nodes and relationships the graph holds."""
    return sum(int(reader.read(statement).rows[0][0]) for statement in COUNT_STATEMENTS)


def whole_graph(tables: Iterable[tuple[Table, pa.Table]]) -> nx.MultiDiGraph:
    """The graph of the tables ``service.ingest.export.exported_tables`` gives."""
    graph = nx.MultiDiGraph()
    keys = itertools.count()  # numbering the edges, so that GraphML's edge ids are unique
    for table, arrow in tables:
        if table.label is not None:
            for row in arrow.to_pylist():
                graph.add_node(f"{table.label}:{row.pop('id')}", **_attributes({"label": table.label, **row}))
            continue
        assert table.relationship is not None
        sources, targets = RELATIONSHIPS[table.relationship]
        for row in arrow.to_pylist():
            source = f"{row.pop('source_label', None) or sources[0]}:{row.pop('source')}"
            target = f"{row.pop('target_label', None) or targets[0]}:{row.pop('target')}"
            graph.add_edge(source, target, next(keys), **_attributes({"relationship": table.relationship, **row}))
    return graph


def map_graph(result: Result) -> nx.MultiDiGraph:
    """The graph of a map's answer: its nodes, and its rows as edges."""
    assert result.nodes is not None
    graph = nx.MultiDiGraph()
    for node in result.nodes:
        graph.add_node(node["id"], **_attributes(node))
    for row in result.records():
        graph.add_edge(row.pop("source"), row.pop("target"), row["id"], **_attributes(row))
    return graph


def written(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """``graph`` as a GraphML or GEXF (``fmt``) document."""
    buffer = io.BytesIO()
    _write(graph, buffer, fmt)
    return buffer.getvalue()


def write_file(graph: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    """Write ``graph`` to ``path`` whole or not at all: into a scratch file beside it, renamed at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        with scratch.open("xb") as file:  # made as the umask says, as any file the user writes
            _write(graph, file, fmt)
        scratch.replace(path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def _write(graph: nx.MultiDiGraph, file: Any, fmt: str) -> None:
    if fmt == "graphml":
        nx.write_graphml(graph, file)
    else:
        nx.write_gexf(graph, file)


def _attributes(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, list | dict) else value
        for name, value in values.items()
        if value is not None
    }
