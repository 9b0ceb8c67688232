"""The HTTP API: routes generated from module headers, formats, and problem details."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio.to_thread
import pyarrow.parquet as pq
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api import create_app
from service.api.problems import install_problem_handlers
from service.engines import Engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.errors import EngineUnavailable, QueryFailed
from service.queries import Catalog
from service.settings import Settings
from tests.utils.datasets import write_dataset, zip_folder
from tests.utils.graphs import company, small_supply_chain, write
from tests.utils.paging import walk


@pytest.fixture
def client(engine: Engine, catalog: Catalog) -> Iterator[TestClient]:
    small_supply_chain(engine)
    with TestClient(create_app(engine, catalog)) as test_client:
        yield test_client


def test_api_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_api_lists_every_module_with_parameters_and_columns(client: TestClient, catalog: Catalog) -> None:
    listing = client.get("/v1/queries").json()
    assert [m["name"] for m in listing] == list(catalog.modules)
    profile = next(m for m in listing if m["name"] == "company_profile")
    assert profile["parameters"][0] == {
        "name": "id",
        "type": "string",
        "required": True,
        "default": None,
        "minimum": None,
        "maximum": None,
        "choices": None,
        "aliases": {},
        "exists": "Company",
        "description": "The company's id.",
    }
    assert [c["name"] for c in profile["columns"]][:3] == ["id", "name", "kind"]


def test_api_runs_a_module_as_json(client: TestClient) -> None:
    response = client.get("/v1/queries/company_profile", params={"id": "maker", "limit": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["query"] == "company_profile"
    assert body["parameters"] == {"id": "maker", "limit": 1}
    assert body["columns"][5] == {"name": "revenue", "type": "float"}
    [row] = body["rows"]
    assert (row["id"], row["supplier_count"], len(row["suppliers"])) == ("maker", 2, 1)


def test_api_says_how_long_the_question_itself_took(client: TestClient) -> None:
    for fmt in ("json", "csv"):
        response = client.get("/v1/queries/company_profile", params={"id": "maker", "format": fmt})
        name, duration = response.headers["server-timing"].split(";dur=")
        assert name == "query"
        assert 0 < float(duration) < 60_000


def test_api_runs_a_module_as_csv_by_parameter_or_accept_header(client: TestClient) -> None:
    by_param = client.get("/v1/queries/search_companies", params={"country": "DE", "format": "csv"})
    by_accept = client.get("/v1/queries/search_companies", params={"country": "DE"}, headers={"accept": "text/csv"})
    for response in (by_param, by_accept):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows == [
            ["id", "name", "kind", "sector", "country", "revenue"],
            ["maker", "Car Maker", "company", "assembly", "DE", "500.0"],
            ["smelter", "Smelter Co", "", "metals", "DE", "80.0"],
        ]


def test_api_csv_writes_lists_and_maps_as_json(client: TestClient) -> None:
    response = client.get("/v1/queries/company_profile", params={"id": "maker", "format": "csv"})
    [header, row] = list(csv.reader(io.StringIO(response.text)))
    record = dict(zip(header, row, strict=True))
    assert record["ecosystems"] == '["Auto Alliance"]'
    assert record["markets"].startswith('[{"id": "cars-eu"')


def assert_problem(response: object, status: int, slug: str, detail: str) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["type"] == f"urn:valuenet:problem:{slug}"
    assert body["status"] == status
    assert detail in str(body["detail"])
    return body


def test_api_unknown_module_is_a_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/queries/no_such_thing"), 404, "not-found", "Not Found")


def test_api_missing_entity_is_a_404_problem(client: TestClient) -> None:
    body = assert_problem(
        client.get("/v1/queries/company_profile", params={"id": "ghost"}),
        404,
        "entity-not-found",
        "no Company with id or name 'ghost'",
    )
    assert body["parameter"] == "id"
    assert body["instance"] == "/v1/queries/company_profile"
    close = client.get("/v1/queries/company_profile", params={"id": "car"})
    assert close.status_code == 404
    assert close.json()["closest"] == [{"id": "maker", "name": "Car Maker"}, {"id": "dealer", "name": "Car Dealer"}]
    by_name = client.get("/v1/queries/company_profile", params={"id": "Car Maker"})
    assert by_name.json()["rows"] == client.get("/v1/queries/company_profile", params={"id": "maker"}).json()["rows"]


@pytest.mark.parametrize(
    ("params", "parameter", "detail"),
    [
        ({"id": "maker", "limit": "lots"}, "limit", "expected a whole number"),
        ({"id": "maker", "limit": "0"}, "limit", "must be at least 1"),
        ({}, "id", "required by company_profile"),
        ({"id": "maker", "colour": "red"}, "colour", "unknown parameter"),
        ({"id": "maker", "format": "xml"}, "format", "'xml' is not one of json, csv"),
        ({"id": "m" * 1001}, "id", "at most 1,000 characters, got 1,001"),
    ],
)
def test_api_bad_parameter_is_a_422_problem_naming_it(
    client: TestClient, params: dict[str, str], parameter: str, detail: str
) -> None:
    response = client.get("/v1/queries/company_profile", params=params)
    assert assert_problem(response, 422, "invalid-parameter", detail)["parameter"] == parameter


@pytest.mark.parametrize("offset", ["99999999999999999999999999", "4294967296", "1000000001"])
def test_api_offset_past_its_bound_is_a_422_problem_not_an_error_or_the_first_page(
    client: TestClient, offset: str
) -> None:
    # FalkorDB keeps SKIP in 32 bits: 2**32 read the first page again; 10**26 failed the JSON.
    response = client.get("/v1/queries/search_companies", params={"offset": offset})
    body = assert_problem(response, 422, "invalid-parameter", "'offset': must be at most 1,000,000,000")
    assert body["parameter"] == "offset"
    last = client.get("/v1/queries/search_companies", params={"offset": 1_000_000_000})
    assert (last.status_code, last.json()["rows"]) == (200, [])


def test_api_list_parameter_past_its_bound_is_a_422_problem(client: TestClient) -> None:
    companies = ",".join(["x"] * 10_001)  # short: a client refuses a URL past 64 KB
    response = client.get("/v1/queries/failure_impact", params={"companies": companies})
    body = assert_problem(response, 422, "invalid-parameter", "at most 10,000 values, got 10,001")
    assert body["parameter"] == "companies"


def test_api_wrong_method_is_a_405_problem_saying_what_is_allowed(client: TestClient) -> None:
    for method, path in [("PUT", "/v1/queries/search_companies"), ("POST", "/healthz"), ("GET", "/v1/imports")]:
        response = client.request(method, path)
        assert_problem(response, 405, "http-405", "Method Not Allowed")
        assert response.headers["allow"] == ("POST" if path == "/v1/imports" else "GET")


def test_api_openapi_bounds_every_parameter_of_every_question(client: TestClient, catalog: Catalog) -> None:
    spec = client.get("/openapi.json").json()
    operations = [spec["paths"][path]["get"] for path in spec["paths"] if path.startswith("/v1/queries/")]
    assert len(operations) == len(catalog.modules)
    for operation in operations:
        for parameter in operation["parameters"]:
            schema, where = parameter["schema"], (operation["operationId"], parameter["name"])
            if schema["type"] == "integer":
                assert 0 <= schema["minimum"] <= schema["maximum"] <= 2**31 - 1, where
            least = 1 if parameter["required"] else 0  # an empty value is an absent one
            if schema["type"] == "array":
                assert (schema["minItems"], schema["maxItems"]) == (least, 10_000), where
                schema, least = schema["items"], 1  # empty items are dropped
            if schema["type"] == "string" and "enum" not in schema and "format" not in schema:
                assert schema["maxLength"] == 1000, where
                assert schema["minLength"] == least, where
    profile = spec["paths"]["/v1/queries/company_profile"]["get"]["parameters"]
    assert profile[0]["schema"] == {"type": "string", "minLength": 1, "maxLength": 1000}
    offset = next(
        p for p in spec["paths"]["/v1/queries/search_companies"]["get"]["parameters"] if p["name"] == "offset"
    )
    assert offset["schema"] == {"type": "integer", "default": 0, "minimum": 0, "maximum": 1_000_000_000}


def test_api_openapi_documents_parameters_and_columns(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/v1/queries/search_companies"]["get"]
    assert operation["summary"].startswith("Companies whose name contains a text")
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "default": 20, "minimum": 1, "maximum": 1000}
    row = operation["responses"]["200"]["content"]["application/json"]["schema"]
    revenue = row["properties"]["rows"]["items"]["properties"]["revenue"]
    assert revenue["type"] == ["number", "null"]
    assert "422" in operation["responses"]


def test_api_reports_a_crashed_engine_as_503_with_the_cause_in_the_log_only(
    tmp_path: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    server = EmbeddedServer(tmp_path / "data")
    server.start()
    try:
        engine = FalkorDBEngine(server.client(), "g", query_timeout_ms=5000, server=server)
        engine.ensure_schema()
        with TestClient(create_app(engine, catalog)) as client:
            assert client.get("/readyz").status_code == 200
            assert server.pid is not None
            os.kill(server.pid, signal.SIGKILL)
            server._process.wait()  # type: ignore[union-attr]
            for path in ("/readyz", "/v1/queries/ecosystem_stats"):
                response = client.get(path)
                body = assert_problem(response, 503, "engine-unavailable", "the server log has the cause")
                # The engine's log tail and data paths are for the operator, under the id the client got.
                assert str(tmp_path) not in response.text
                assert "engine.log" not in response.text
                assert "exited with code" not in response.text
                [logged] = [r.getMessage() for r in caplog.records if f"error_id={body['error_id']}" in r.getMessage()]
                assert "exited with code -9" in logged
                assert f"last lines of {tmp_path / 'data' / 'engine.log'}" in logged
    finally:
        server.stop()


def test_api_server_errors_show_what_failed_and_log_why(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    install_problem_handlers(app)
    secret = "last lines of /srv/valuenet/engine.log"

    @app.get("/restarting")
    def restarting() -> None:
        raise EngineUnavailable(f"exited with code -9; {secret}", public="the engine is restarting")

    @app.get("/refused")
    def refused() -> None:
        raise QueryFailed(f"FalkorDB refused the query: {secret}")

    @app.get("/bug")
    def bug() -> None:
        raise RuntimeError(secret)

    with TestClient(app, raise_server_exceptions=False) as client:
        for path, status, detail in [
            ("/restarting", 503, "the engine is restarting"),
            ("/refused", 500, "internal error; the server log has the cause under error id"),
            ("/bug", 500, "internal error; the server log has the cause under error id"),
        ]:
            response = client.get(path)
            assert secret not in response.text
            body = assert_problem(response, status, "engine-unavailable" if status == 503 else "internal", detail)
            [logged] = [r for r in caplog.records if r.getMessage().startswith(f"error_id={body['error_id']} ")]
            assert secret in logged.getMessage() + str(logged.exc_info and logged.exc_info[1])


@pytest.fixture
def importer(engine: Engine, catalog: Catalog) -> Iterator[TestClient]:
    from pydantic import SecretStr

    from service.settings import Settings

    settings = Settings(api_key=SecretStr("s3cret-key"), max_upload_bytes=100_000)
    with TestClient(create_app(engine, catalog, settings)) as test_client:
        yield test_client


def zipped(tmp_path: Path, **tables: list[dict[str, object]]) -> bytes:
    from tests.utils.datasets import write_dataset, zip_folder

    return zip_folder(write_dataset(tmp_path / "data", **tables), tmp_path / "data.zip").read_bytes()  # type: ignore[arg-type]


def test_api_import_takes_a_zip_with_the_api_key(engine: Engine, importer: TestClient, tmp_path: Path) -> None:
    from tests.utils.datasets import basic_tables

    response = importer.post(
        "/v1/imports",
        content=zipped(tmp_path, **basic_tables()),
        headers={"x-api-key": "s3cret-key", "content-type": "application/zip"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["rows"]["company"] == 3
    # FalkorDB loads an empty graph or a replace with its bulk loader; Neo4j always upserts.
    bulk = "bulk" if engine.dialect == "falkordb" else "upsert"
    assert response.json()["method"] == bulk
    found = importer.get("/v1/queries/search_companies", params={"q": "alpha"}).json()["rows"]
    assert [r["id"] for r in found] == ["a"]
    body = zipped(tmp_path, **basic_tables())
    headers = {"x-api-key": "s3cret-key"}
    replaced = importer.post("/v1/imports", params={"replace": "true"}, content=body, headers=headers)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["method"] == bulk
    upsert = importer.post("/v1/imports", content=body, headers=headers)
    assert upsert.json()["method"] == "upsert"


def test_api_import_refuses_bad_data_with_the_validation_report(importer: TestClient, tmp_path: Path) -> None:
    from tests.utils.datasets import basic_tables

    tables = basic_tables()
    tables["company"][0]["kind"] = "robot"
    response = importer.post("/v1/imports", content=zipped(tmp_path, **tables), headers={"x-api-key": "s3cret-key"})
    body = assert_problem(response, 422, "invalid-dataset", "1 problem(s) in the dataset, nothing was written")
    assert body["errors"] == [
        {
            "file": "company.csv",
            "row": 1,
            "column": "kind",
            "message": "'robot' is not one of company, public_body, investor, ngo, individual",
        }
    ]
    assert body["total"] == 1
    assert importer.get("/v1/queries/search_companies", params={"q": "alpha"}).json()["rows"] == []


def test_api_import_needs_the_key_and_limits_the_size(importer: TestClient, tmp_path: Path) -> None:
    from tests.utils.datasets import basic_tables

    body = zipped(tmp_path, **basic_tables())
    assert_problem(importer.post("/v1/imports", content=body), 401, "unauthorized", "X-API-Key")
    assert_problem(importer.post("/v1/imports", content=body, headers={"x-api-key": "wrong"}), 401, "unauthorized", "")
    big = b"x" * 100_001
    assert_problem(
        importer.post("/v1/imports", content=big, headers={"x-api-key": "s3cret-key"}),
        413,
        "too-large",
        "exceeds 100,000 bytes",
    )
    garbage = importer.post("/v1/imports", content=b"not a zip", headers={"x-api-key": "s3cret-key"})
    assert_problem(garbage, 422, "invalid-dataset", "dataset.zip: not a valid zip file")


def test_api_import_refuses_a_key_that_is_not_ascii_as_unauthorized(importer: TestClient) -> None:
    # compare_digest refused the str and the client got a 500.
    response = importer.post("/v1/imports", content=b"PK", headers={"x-api-key": "clé".encode()})
    assert_problem(response, 401, "unauthorized", "a valid X-API-Key header is required")


def test_api_import_bad_flag_is_a_422_problem_naming_it(importer: TestClient) -> None:
    headers = {"x-api-key": "s3cret-key"}
    response = importer.post("/v1/imports", params={"replace": "null"}, content=b"PK", headers=headers)
    body = assert_problem(response, 422, "invalid-parameter", "'replace': Input should be a valid boolean")
    assert body["parameter"] == "replace"


def test_api_import_of_a_zip_without_tables_names_no_server_path(importer: TestClient, tmp_path: Path) -> None:
    empty = zip_folder(write_dataset(tmp_path / "data"), tmp_path / "empty.zip").read_bytes()
    response = importer.post("/v1/imports", content=empty, headers={"x-api-key": "s3cret-key"})
    assert_problem(response, 422, "invalid-dataset", "dataset.zip: no tables found")
    assert tempfile.gettempdir() not in response.text


def test_api_import_is_disabled_without_a_configured_key(client: TestClient) -> None:
    assert_problem(client.post("/v1/imports", content=b"PK"), 403, "imports-disabled", "VALUENET_API_KEY")


def test_api_answers_a_procedure_module_like_any_other(client: TestClient) -> None:
    response = client.get("/v1/queries/dependency_chain", params={"company": "dealer", "max_tier": 3})
    assert response.status_code == 200
    rows = [(r["tier"], r["id"], r["via"], r["value"]) for r in response.json()["rows"]]
    assert rows == [
        (1, "maker", "dealer", 100.0),
        (2, "consultant", "maker", 5.0),
        (2, "smelter", "maker", 30.0),
        (3, "mine", "smelter", 10.0),
    ]


def test_api_takes_repeated_list_parameters_and_answers_csv(client: TestClient) -> None:
    response = client.get("/v1/queries/failure_impact?companies=mine&companies=consultant&format=csv")
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["round"], r["id"], r["category"], r["left_with_none"], r["failed_round"]) for r in table] == [
        ("1", "maker", "knowledge", "true", "1"),
        ("1", "smelter", "product", "true", "1"),
        ("2", "dealer", "product", "true", "2"),
    ]


def test_api_ecosystem_map_json_has_nodes_and_edges_and_csv_the_edges(client: TestClient) -> None:
    body = client.get("/v1/queries/ecosystem_map", params={"center": "maker", "max_nodes": 3}).json()
    assert [n["id"] for n in body["nodes"]] == ["maker", "dealer", "smelter"]
    assert {(e["source"], e["target"], e["capped"]) for e in body["edges"]} == {
        ("maker", "dealer", True),
        ("smelter", "maker", True),
        ("maker", "smelter", True),
    }
    edges = client.get("/v1/queries/ecosystem_map", params={"center": "maker", "format": "csv"}).text.splitlines()
    assert edges[0] == "id,source,target,deliverable,nature,category,value,capped,deliverables"
    assert len(edges) == 1 + 4  # every deliverable among maker and its three partners


def test_api_procedure_errors_are_problem_details(client: TestClient) -> None:
    missing = client.get("/v1/queries/ecosystem_map", params={"center": "nowhere", "center_kind": "sector"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    bad = client.get("/v1/queries/dependency_chain", params={"company": "maker", "direction": "sideways"})
    assert bad.status_code == 422
    assert bad.json()["parameter"] == "direction"


@pytest.mark.parametrize(
    ("module", "params"),
    [("search_companies", {}), ("dependency_chain", {"company": "dealer", "max_tier": 5})],
    ids=["cypher", "procedure"],
)
def test_api_a_client_walks_any_answer_to_its_end_by_the_next_links(
    client: TestClient, module: str, params: dict[str, object]
) -> None:
    whole = client.get(f"/v1/queries/{module}", params={**params, "limit": 1000}).json()
    assert whole["page"] == {"limit": 1000, "offset": 0, "has_more": False, "next": None}
    assert len(whole["rows"]) >= 3
    rows, pages = walk(client, f"/v1/queries/{module}", {**params, "limit": 2})
    assert rows == whole["rows"]
    assert pages == -(-len(rows) // 2)  # no empty page after a full last one: has_more looks one row ahead


def test_api_streams_every_row_as_json_lines_page_after_page(engine: Engine, catalog: Catalog) -> None:
    # search_companies pages hold at most 1,000 rows: 2,500 companies are three pages
    write(engine, company=[company(f"c{i:04}", f"Name {i:04}", sector="s") for i in range(2_500)])
    with TestClient(create_app(engine, catalog)) as client:
        walked, pages = walk(client, "/v1/queries/search_companies", {"limit": 1000})
        assert pages == 3
        streamed = client.get("/v1/queries/search_companies", params={"format": "jsonl", "limit": 5})
        assert streamed.status_code == 200
        assert streamed.headers["content-type"] == "application/x-ndjson"
        assert [json.loads(line) for line in streamed.text.splitlines()] == walked  # limit is not used
        later = client.get("/v1/queries/search_companies", params={"format": "jsonl", "offset": 2_400})
        assert [json.loads(line) for line in later.text.splitlines()] == walked[2_400:]
        one = client.get("/v1/queries/ecosystem_stats", params={"format": "jsonl"})  # a question with no pages
        assert [json.loads(line) for line in one.text.splitlines()] == client.get("/v1/queries/ecosystem_stats").json()[
            "rows"
        ]
        bad = client.get("/v1/queries/search_companies", params={"format": "jsonl", "offset": -1})
        assert bad.status_code == 422  # a problem, before any line
        assert bad.json()["parameter"] == "offset"


def test_a_stream_ends_with_a_problem_line_when_an_import_swaps_the_graph(
    falkordb: FalkorDBEngine, catalog: Catalog, tmp_path: Path
) -> None:
    """Only the embedded engine tells a graph version (Engine.generation); on Neo4j the pages
    of a stream, like a client's pages, are each read on the graph of their time."""
    from service.api.streaming import answer_lines
    from service.ingest.importer import import_dataset

    rows = [company(f"c{i:04}", f"Name {i:04}") for i in range(1_500)]
    write(falkordb, company=rows)
    lines = answer_lines(falkordb, catalog, catalog.get("search_companies"), {})
    first = next(lines)
    assert len(first.splitlines()) == 1_000
    import_dataset(falkordb, write_dataset(tmp_path / "new", company=rows[:10]), replace=True)
    last = [json.loads(line) for line in b"".join(lines).splitlines()]
    assert last == [
        {
            "error": {
                "type": "urn:valuenet:problem:graph-changed",
                "title": "Graph changed",
                "status": 409,
                "detail": "the graph changed during the stream (an import); ask again",
            }
        }
    ]


def test_api_csv_and_parquet_pages_link_the_next_one(client: TestClient) -> None:
    for fmt in ("csv", "parquet"):
        first = client.get("/v1/queries/search_companies", params={"limit": 2, "format": fmt})
        assert first.headers["link"].endswith('offset=2>; rel="next"')
        last = client.get("/v1/queries/search_companies", params={"limit": 2, "offset": 4, "format": fmt})
        assert last.status_code == 200
        assert "link" not in last.headers


def test_api_answers_parquet_typed_by_the_columns(client: TestClient) -> None:
    params = {"id": "maker", "limit": 1}
    expected = client.get("/v1/queries/company_profile", params=params).json()["rows"]
    by_param = client.get("/v1/queries/company_profile", params={**params, "format": "parquet"})
    by_accept = client.get(
        "/v1/queries/company_profile", params=params, headers={"accept": "application/vnd.apache.parquet"}
    )
    for response in (by_param, by_accept):
        assert response.headers["content-type"] == "application/vnd.apache.parquet"
        table = pq.read_table(io.BytesIO(response.content))
        assert str(table.schema.field("revenue").type) == "double"
        assert str(table.schema.field("supplier_count").type) == "int64"
        assert str(table.schema.field("ecosystems").type) == "list<element: string>"
        [row] = table.to_pylist()
        assert row["ecosystems"] == expected[0]["ecosystems"]
        assert json.loads(row["suppliers"]) == expected[0]["suppliers"]  # maps as their JSON text
        assert {k: v for k, v in row.items() if k not in ("suppliers", "customers", "capabilities", "markets")} == {
            k: v for k, v in expected[0].items() if k not in ("suppliers", "customers", "capabilities", "markets")
        }


def test_api_ignores_parameters_a_client_adds_with_an_underscore_and_refuses_other_unknown_ones(
    client: TestClient,
) -> None:
    plain = client.get("/v1/queries/search_companies", params={"country": "DE"})
    busted = client.get("/v1/queries/search_companies", params={"country": "DE", "_": "1733140000", "_tag": "x"})
    assert busted.status_code == 200
    assert busted.json()["rows"] == plain.json()["rows"]
    unknown = client.get("/v1/queries/search_companies", params={"country": "DE", "tag": "x"})
    assert unknown.status_code == 422
    assert unknown.json()["parameter"] == "tag"


def test_api_head_answers_as_get_without_a_body(client: TestClient) -> None:
    get = client.get("/v1/queries/search_companies", params={"limit": 2, "format": "csv"})
    head = client.head("/v1/queries/search_companies", params={"limit": 2, "format": "csv"})
    assert head.status_code == 200
    assert head.content == b""
    assert (head.headers["content-type"], head.headers["link"]) == (get.headers["content-type"], get.headers["link"])


def test_api_compresses_when_the_client_asks(client: TestClient) -> None:
    plain = client.get("/openapi.json", headers={"accept-encoding": "identity"})
    zipped = client.get("/openapi.json", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert zipped.json() == plain.json()


def test_api_allows_the_configured_origins_only(engine: Engine, catalog: Catalog) -> None:
    small_supply_chain(engine)
    url, origin = "/v1/queries/search_companies", {"origin": "https://bi.example"}
    with TestClient(create_app(engine, catalog)) as closed:
        assert "access-control-allow-origin" not in closed.get(url, headers=origin).headers
    settings = Settings(cors_origins="https://bi.example, https://other.example")  # type: ignore[arg-type]
    with TestClient(create_app(engine, catalog, settings)) as opened:
        answer = opened.get(url, headers=origin)
        assert answer.headers["access-control-allow-origin"] == "https://bi.example"
        assert "link" in answer.headers["access-control-expose-headers"].lower()
        assert "access-control-allow-origin" not in opened.get(url, headers={"origin": "https://evil.example"}).headers


def test_the_api_answers_as_many_questions_at_once_as_it_has_threads_the_others_in_turn(
    engine: Engine, catalog: Catalog
) -> None:
    """``VALUENET_API_THREADS`` sizes the pool the routes run in; with a single thread eight
    clients at once are all answered, each as if alone (no route waits on another thread)."""
    small_supply_chain(engine)
    with TestClient(create_app(engine, catalog, Settings(api_threads=1))) as client:
        assert client.portal is not None
        assert client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens) == 1
        asks = [("dependency_chain", {"company": "dealer", "max_tier": 3}), ("company_profile", {"id": "maker"})] * 4
        alone = [client.get(f"/v1/queries/{name}", params=params).json()["rows"] for name, params in asks[:2]] * 4
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda ask: client.get(f"/v1/queries/{ask[0]}", params=ask[1]), asks))
    assert [a.status_code for a in answers] == [200] * 8
    assert [a.json()["rows"] for a in answers] == alone
    assert all(alone)
