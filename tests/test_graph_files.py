"""The graph as the dataset's tables (``/v1/graph/TABLE``) and as GraphML and GEXF files
(``/v1/graph``, ``ecosystem_map`` answers, ``valuenet export``), read back with pandas and
networkx and compared with what was imported."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.engines import Engine, open_engine
from service.ingest.export import export_dataset
from service.ingest.importer import import_dataset
from service.ingest.schema import TABLES, Field
from service.model import RELATIONSHIPS
from service.queries import Catalog
from service.settings import Settings
from tests.test_cli import valuenet
from tests.utils.datasets import every_table, write_dataset
from tests.utils.paging import walk

#: Nodes and relationships of ``every_table``.
ITEMS = 29
READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.fixture
def client(engine: Engine, catalog: Catalog, tmp_path: Path) -> Iterator[TestClient]:
    import_dataset(engine, write_dataset(tmp_path / "data", **every_table()))
    with TestClient(create_app(engine, catalog)) as test_client:
        yield test_client


def typed(field: Field, value: Any) -> Any:
    """A value as its field's type says, whatever the format gave: None when missing."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if field.type == "float":
        return float(value)
    if field.type == "int":
        return int(value)
    if field.type == "bool":
        return bool(value in (True, "true"))
    return str(value)  # a date from Parquet too: its ISO text


def rows_of(name: str, frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(typed(f, row.get(f.name)) for f in TABLES[name].fields) for row in frame.to_dict("records")]


def read(client: TestClient, name: str, fmt: str, **params: Any) -> pd.DataFrame:
    response = client.get(f"/v1/graph/{name}", params={**params, "format": fmt})
    assert response.status_code == 200, response.text
    if fmt == "csv":
        return pd.read_csv(io.StringIO(response.text))
    if fmt == "parquet":
        return pd.read_parquet(io.BytesIO(response.content))
    body = response.json()
    assert body["columns"] == [{"name": f.name, "type": f.type} for f in TABLES[name].fields]
    return pd.DataFrame(body["rows"], columns=[c["name"] for c in body["columns"]])


def test_graph_tables_read_back_as_imported_in_every_format(client: TestClient) -> None:
    dataset = every_table()
    for name, table in TABLES.items():
        imported = sorted(rows_of(name, pd.DataFrame(dataset[name])), key=repr)
        for fmt in ("json", "csv", "parquet"):
            frame = read(client, name, fmt)
            assert list(frame.columns) == [f.name for f in table.fields], (name, fmt)
            assert sorted(rows_of(name, frame), key=repr) == imported, (name, fmt)
    parquet = pq.read_table(io.BytesIO(client.get("/v1/graph/contract", params={"format": "parquet"}).content))
    assert {f.name: str(f.type) for f in parquet.schema} == {
        "id": "string",
        "name": "string",
        "kind": "string",
        "start": "date32[day]",
        "end": "date32[day]",
        "value": "double",
        "currency": "string",
    }
    company = pq.read_table(io.BytesIO(client.get("/v1/graph/company", params={"format": "parquet"}).content))
    assert str(company.schema.field("employees").type) == "int64"


def test_graph_table_pages_walk_to_the_end_by_next_links_in_the_exports_order(
    client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    export_dataset(engine, tmp_path / "export")
    # company: one statement, cut in the engine; delivers and has_capability: one per
    # pair of end labels, merged.
    for name in ("company", "delivers", "has_capability", "party_to"):
        whole = client.get(f"/v1/graph/{name}", params={"limit": 1000}).json()
        assert whole["page"] == {"limit": 1000, "offset": 0, "has_more": False, "next": None}
        rows, pages = walk(client, f"/v1/graph/{name}", {"limit": 2})
        assert rows == whole["rows"]
        assert pages == -(-len(rows) // 2)
        exported = rows_of(name, pd.read_csv(tmp_path / "export" / f"{name}.csv"))
        assert rows_of(name, pd.DataFrame(rows, columns=[c["name"] for c in whole["columns"]])) == exported
    first = client.get("/v1/graph/delivers", params={"limit": 2, "format": "csv", "_": "1"})
    assert first.headers["link"].endswith('offset=2>; rel="next"')
    assert first.text.splitlines()[0] == ",".join(f.name for f in TABLES["delivers"].fields)
    last = client.get("/v1/graph/delivers", params={"limit": 2, "offset": 4, "format": "parquet"})
    assert (last.status_code, "link" in last.headers) == (200, False)
    assert len(pd.read_parquet(io.BytesIO(last.content))) == 1


def test_graph_unknown_table_is_a_404_and_an_unknown_parameter_a_422(client: TestClient) -> None:
    unknown = client.get("/v1/graph/companies")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["type"] == "urn:valuenet:problem:unknown-table"
    assert "company, role," in unknown.json()["detail"]
    assert client.get("/v1/graph/company", params={"tag": "x"}).json()["parameter"] == "tag"
    assert client.get("/v1/graph", params={"tag": "x"}).json()["parameter"] == "tag"
    assert client.get("/v1/graph", params={"format": "csv"}).json()["parameter"] == "format"
    head = client.head("/v1/graph/company", params={"limit": 1, "format": "csv"})
    assert (head.status_code, head.content, head.headers["content-type"]) == (200, b"", "text/csv; charset=utf-8")
    assert head.headers["link"].endswith('offset=1>; rel="next"')
    document = client.get("/openapi.json").json()
    [table] = [p for p in document["paths"]["/v1/graph/{table}"]["get"]["parameters"] if p["name"] == "table"]
    assert table["schema"]["enum"] == list(TABLES)


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _edges(graph: nx.MultiDiGraph, drop: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """The edges as comparable tuples, without the attributes ``drop`` names."""
    return sorted(
        ((u, v, sorted((k, x) for k, x in data.items() if k not in drop)) for u, v, data in graph.edges(data=True)),
        key=repr,
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_ecosystem_map_as_graphml_and_gexf_equals_its_json_answer(client: TestClient, fmt: str) -> None:
    params = {"center": "b", "hops": 2}
    answer = client.get("/v1/queries/ecosystem_map", params=params).json()
    assert len(answer["nodes"]) == 3
    response = client.get("/v1/queries/ecosystem_map", params={**params, "format": fmt})
    assert response.headers["content-type"] == f"application/{fmt}+xml"
    graph = READERS[fmt](io.BytesIO(response.content))
    # GEXF keeps a node's id as the node itself, and an edge's as the attribute id.
    nodes = {n["id"]: _present(n if fmt == "graphml" else {**n, "id": None}) for n in answer["nodes"]}
    assert dict(graph.nodes(data=True)) == nodes
    edges = sorted(
        ((e["source"], e["target"], sorted(_present({**e, "source": None, "target": None}).items())))
        for e in answer["edges"]
    )
    assert _edges(graph) == edges
    assert len(edges) == 3


def whole_graph_expected() -> tuple[dict[str, dict[str, Any]], list[tuple[Any, ...]]]:
    """The nodes and edges ``every_table`` makes: nodes named ``Label:id``."""
    nodes, edges = {}, []
    for name, rows in every_table().items():
        table = TABLES[name]
        for row in rows:
            values = {f.name: typed(f, row.get(f.name)) for f in table.fields}
            if table.label:
                key = f"{table.label}:{values.pop('id')}"
                nodes[key] = _present({"label": table.label, **values})
                continue
            assert table.relationship is not None
            sources, targets = RELATIONSHIPS[table.relationship]
            source = f"{values.pop('source_label', None) or sources[0]}:{values.pop('source')}"
            target = f"{values.pop('target_label', None) or targets[0]}:{values.pop('target')}"
            attributes = _present({"relationship": table.relationship, **values})
            edges.append((source, target, sorted(attributes.items())))
    return nodes, sorted(edges, key=repr)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_whole_graph_as_graphml_and_gexf_equals_the_tables(client: TestClient, fmt: str) -> None:
    response = client.get("/v1/graph", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"application/{fmt}+xml"
    assert_same_graph(READERS[fmt](io.BytesIO(response.content)), fmt)


def assert_same_graph(graph: nx.MultiDiGraph, fmt: str) -> None:
    """``graph`` holds every node and relationship of ``every_table`` with their attributes."""
    nodes, edges = whole_graph_expected()
    assert dict(graph.nodes(data=True)) == nodes
    assert graph.number_of_nodes() + graph.number_of_edges() == ITEMS
    # GEXF gives every edge an id: a deliverable's own, a number to the others.
    numbered = ("id",) if fmt == "gexf" else ()
    assert _edges(graph, numbered) == sorted(
        ((u, v, [(k, x) for k, x in a if k not in numbered]) for u, v, a in edges), key=repr
    )
    if fmt == "gexf":
        ids = {d["id"] for _u, _v, d in graph.edges(data=True) if d["relationship"] == "DELIVERS"}
        assert ids == {"d1", "d2", "d3", "d4", "d5"}


def test_whole_graph_past_its_bound_is_a_422_naming_the_bound_and_the_export(
    engine: Engine, catalog: Catalog, tmp_path: Path
) -> None:
    import_dataset(engine, write_dataset(tmp_path / "data", **every_table()))
    for bound, status in ((ITEMS, 200), (ITEMS - 1, 422)):
        with TestClient(create_app(engine, catalog, Settings(graph_file_max_items=bound))) as client:
            response = client.get("/v1/graph", params={"format": "gexf"})
        assert response.status_code == status
    problem = response.json()
    assert problem["parameter"] == "format"
    assert f"{ITEMS} nodes and relationships, more than the {ITEMS - 1}" in problem["detail"]
    assert "VALUENET_GRAPH_FILE_MAX_ITEMS" in problem["detail"]
    assert "`valuenet export FILE --format gexf`" in problem["detail"]


def test_cli_export_writes_the_whole_graph_as_one_graphml_or_gexf_file(tmp_path: Path) -> None:
    url = f"embedded://{tmp_path / 'db'}"
    engine = open_engine(Settings(database_url=url))
    import_dataset(engine, write_dataset(tmp_path / "data", **every_table()))
    engine.close()
    out = tmp_path / "out"
    for fmt in ("graphml", "gexf"):
        done = valuenet("export", str(out / f"graph.{fmt}"), "--format", fmt, env={"VALUENET_DATABASE_URL": url})
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines()[-1] == f"valuenet: exported {ITEMS} rows into the {fmt} file {out}/graph.{fmt}"
        assert_same_graph(READERS[fmt](out / f"graph.{fmt}"), fmt)
    refused = valuenet("export", str(out), "--format", "graphml", env={"VALUENET_DATABASE_URL": url})
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"valuenet: error: parameter 'out': {out} is a folder; graphml is one file, name it"
    ]
    assert sorted(p.name for p in out.iterdir()) == ["graph.gexf", "graph.graphml"]  # no scratch file left
