"""Importing datasets: validation case by case (nothing written), upserts, replace,
formats, round trips, on every engine."""

from __future__ import annotations

import filecmp
import re
import tempfile
from pathlib import Path
from typing import Any

import neo4j
import pandas as pd
import pytest

from service.engines import Engine, limits
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import STAGING_SUFFIX, FalkorDBEngine
from service.errors import InvalidDataset
from service.ingest.export import export_dataset, export_statements
from service.ingest.importer import import_dataset
from service.ingest.scratch import scratch_root
from service.settings import Settings
from tests.conftest import Neo4jTarget
from tests.utils.datasets import basic_tables, write_dataset, zip_folder
from tests.utils.graphs import company, delivers, write
from tests.utils.neo4j_server import USER

SNAPSHOT = "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n.id AS n, type(r) AS r, m.id AS m ORDER BY n, r, m"


def snapshot(engine: Engine) -> list[list[Any]]:
    return engine.read(SNAPSHOT).rows


def exported(engine: Engine, folder: Path) -> Path:
    export_dataset(engine, folder)
    return folder


def same_files(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return names == sorted(p.name for p in b.iterdir()) and not mismatch and not errors


def with_change(table: str, row: int, **changes: Any) -> dict[str, list[dict[str, Any]]]:
    tables = basic_tables()
    tables[table][row] = {**tables[table][row], **changes}
    return tables


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (
            with_change("company", 1, kind="robot"),
            "company.csv row 2 column kind: 'robot' is not one of company, public_body",
        ),
        (with_change("company", 0, revenue="ten"), "company.csv row 1 column revenue: 'ten' is not a number"),
        (with_change("company", 0, employees="2.5"), "company.csv row 1 column employees: '2.5' is not a whole number"),
        (with_change("company", 0, revenue="-1"), "company.csv row 1 column revenue: -1.0 is below the minimum 0"),
        (with_change("company", 2, name=""), "company.csv row 3 column name: required, but empty"),
        (with_change("company", 2, id="a"), "company.csv row 3 column id: duplicate 'a' (first at row 1)"),
        (with_change("company", 0, name="Al\x00pha"), "company.csv row 1 column name: contains a NUL character"),
        (
            with_change("delivers", 0, nature="solid"),
            "delivers.csv row 1 column nature: 'solid' is not one of tangible",
        ),
        (
            with_change("delivers", 0, critical="maybe"),
            "delivers.csv row 1 column critical: 'maybe' is not true or false",
        ),
        (with_change("delivers", 0, start="2024-13-01"), "delivers.csv row 1 column start: '2024-13-01' is not a date"),
        (
            with_change("delivers", 0, start="2026-01-01", end="2025-01-01"),
            "delivers.csv row 1 column end: end 2025-01-01 is before start",
        ),
        (with_change("delivers", 1, id="d1"), "delivers.csv row 2 column id: duplicate 'd1' (first at row 1)"),
        (
            with_change("delivers", 2, target="ghost"),
            "delivers.csv row 3 column target: no Company with id 'ghost' in the dataset or the graph",
        ),
        (with_change("delivers", 0, contract="nope"), "delivers.csv row 1 column contract: no Contract with id 'nope'"),
        (
            with_change("delivers", 0, source_label="Planet"),
            "delivers.csv row 1 column source_label: 'Planet' is not one of Company, Role",
        ),
        (with_change("owns", 0, share="1.5"), "owns.csv row 1 column share: 1.5 is above the maximum 1"),
        (
            with_change("competes_in", 1, target="m", source="a"),
            "competes_in.csv row 2 column source, target: duplicate",
        ),
        (  # an end label left empty stands for the default label: the same relationship
            {
                **basic_tables(),
                "capability": [{"id": "x", "name": "Casting"}],
                "has_capability": [
                    {"source": "a", "target": "x", "source_label": "Company"},
                    {"source": "a", "target": "x", "source_label": ""},
                ],
            },
            "has_capability.csv row 2 column source, target: duplicate",
        ),
        (
            with_change("contract", 0, colour="red"),
            "contract.csv column colour: unknown column; contract has: id, name",
        ),
    ],
)
def test_import_refuses_each_kind_of_bad_data_and_writes_nothing(
    engine: Engine, tmp_path: Path, tables: dict[str, list[dict[str, Any]]], expected: str
) -> None:
    import_dataset(engine, write_dataset(tmp_path / "before", **basic_tables()))
    before = snapshot(engine)
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, write_dataset(tmp_path / "bad", **tables))
    assert any(str(p).startswith(expected) for p in failure.value.problems), failure.value
    assert snapshot(engine) == before


#: Ids that break the grammar, and what the refusal says of each.
BAD_IDS = [
    (" a", "' a' starts or ends with whitespace, which an id cannot"),
    ("a\u00a0", "'a\\xa0' starts or ends with whitespace, which an id cannot"),
    ("a\tb", "'a\\tb' has a control character, which an id cannot have"),
    ("a\x01b", "'a\\x01b' has a control character, which an id cannot have"),
    ("é" * 300, "an id is at most 512 bytes, this one has 600"),
    ("x" * 5000, "an id is at most 512 bytes, this one has 5,000"),
    ("", "an id cannot be empty"),
]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
@pytest.mark.parametrize(("bad", "message"), BAD_IDS, ids=["lead", "nbsp", "tab", "control", "utf8", "long", "empty"])
def test_import_refuses_an_id_that_breaks_the_grammar_in_every_format(
    engine: Engine, tmp_path: Path, fmt: str, bad: str, message: str
) -> None:
    import_dataset(engine, write_dataset(tmp_path / "before", **basic_tables()))
    before = snapshot(engine)
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, write_dataset(tmp_path / "bad", fmt, **with_change("company", 1, id=bad)))
    if fmt == "csv" and bad == "":  # an empty cell is null in CSV
        message = "required, but empty"
    assert f"company.{fmt} row 2 column id: {message}" in map(str, failure.value.problems), failure.value
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("table", "row", "column"),
    [
        ("delivers", 0, "id"),
        ("delivers", 1, "source"),
        ("delivers", 2, "target"),
        ("delivers", 0, "contract"),
        ("owns", 0, "target"),
    ],
)
def test_import_refuses_a_relationship_end_that_breaks_the_id_grammar(
    engine: Engine, tmp_path: Path, table: str, row: int, column: str
) -> None:
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(
            engine, write_dataset(tmp_path, "jsonl", **with_change(table, row, **{column: "b "})), replace=True
        )
    expected = f"{table}.jsonl row {row + 1} column {column}: 'b ' starts or ends with whitespace, which an id cannot"
    assert [str(p) for p in failure.value.problems] == [expected]
    assert snapshot(engine) == []


def test_import_refuses_a_missing_required_column(engine: Engine, tmp_path: Path) -> None:
    tables = basic_tables()
    tables["market"] = [{"id": "m"}]
    with pytest.raises(InvalidDataset, match=re.escape("market.csv column name: required column is missing")):
        import_dataset(engine, write_dataset(tmp_path, **tables))
    assert snapshot(engine) == []


def test_import_refuses_unknown_files_and_a_table_given_twice(engine: Engine, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "a", **basic_tables())
    (folder / "notes.txt").write_text("hello")
    with pytest.raises(InvalidDataset, match=re.escape("notes.txt: not a table of the dataset format")):
        import_dataset(engine, folder)
    folder = write_dataset(tmp_path / "b", **basic_tables())
    write_dataset(folder, "parquet", market=basic_tables()["market"])
    with pytest.raises(InvalidDataset, match=re.escape("market.parquet: table 'market' also given as market.csv")):
        import_dataset(engine, folder)


def test_import_reports_invalid_utf8_with_its_row(engine: Engine, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path, **basic_tables())
    (folder / "market.csv").write_bytes(b"id,name\nm,Metals\nn,Caf\xe9\n")
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, folder)
    assert [str(p) for p in failure.value.problems] == ["market.csv row 2: is not valid UTF-8 text"]


def test_import_caps_the_report_and_counts_the_rest(engine: Engine, tmp_path: Path) -> None:
    companies = [{"id": f"c{i}", "name": f"C{i}", "kind": "robot"} for i in range(70)]
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, write_dataset(tmp_path, company=companies))
    assert (len(failure.value.problems), failure.value.total) == (50, 70)
    assert "70 problem(s) in the dataset, nothing was written (and 20 more)" in str(failure.value)


def test_import_accepts_ends_that_exist_only_in_the_graph_unless_replacing(engine: Engine, tmp_path: Path) -> None:
    import_dataset(engine, write_dataset(tmp_path / "base", **basic_tables()))
    more = {"delivers": [{"id": "d9", "source": "c", "target": "a", "nature": "intangible", "category": "information"}]}
    import_dataset(engine, write_dataset(tmp_path / "more", **more))
    assert engine.read("MATCH (:Company {id: 'c'})-[d:DELIVERS]->(:Company {id: 'a'}) RETURN d.id AS id").rows == [
        ["d9"]
    ]
    with pytest.raises(InvalidDataset, match=re.escape("no Company with id 'c' in the dataset")):
        import_dataset(engine, write_dataset(tmp_path / "more", **more), replace=True)


def test_import_leaves_no_temporary_files(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation's on-disk id index and key hashes go, after a success and after a refusal."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    import_dataset(engine, write_dataset(tmp_path / "good", **basic_tables()))
    with pytest.raises(InvalidDataset):
        import_dataset(engine, write_dataset(tmp_path / "bad", **with_change("company", 2, id="a")))
    assert engine.read("MATCH (c:Company) RETURN count(c) AS n").rows == [[len(basic_tables()["company"])]]
    assert list(scratch.iterdir()) == [scratch_root()]
    assert list(scratch_root().iterdir()) == []


def test_import_twice_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", **basic_tables())
    first = import_dataset(engine, folder)
    once = exported(engine, tmp_path / "once")
    second = import_dataset(engine, folder)
    assert (first.rows, second.rows) == (second.rows, first.rows)
    assert same_files(once, exported(engine, tmp_path / "twice"))


def test_import_updates_a_changed_row_and_leaves_other_properties(engine: Engine, tmp_path: Path) -> None:
    import_dataset(engine, write_dataset(tmp_path / "v1", **basic_tables()))
    update = {
        "company": [{"id": "a", "name": "Alpha Renamed"}],
        "delivers": [{**basic_tables()["delivers"][0], "value": "8"}],
    }
    import_dataset(engine, write_dataset(tmp_path / "v2", **update))
    row = engine.read("MATCH (c:Company {id: 'a'}) RETURN c.name AS name, c.revenue AS revenue").rows
    assert row == [["Alpha Renamed", 10.5]]  # revenue was not in the update: kept
    assert engine.read("MATCH ()-[d:DELIVERS {id: 'd1'}]->() RETURN d.value AS v, count(*) AS n").rows == [[8.0, 1]]


def test_import_replace_swaps_in_the_new_dataset_whole(engine: Engine, tmp_path: Path) -> None:
    import_dataset(engine, write_dataset(tmp_path / "old", **basic_tables()))
    new = {"company": [{"id": "z", "name": "Zeta"}]}
    summary = import_dataset(engine, write_dataset(tmp_path / "new", **new), replace=True)
    assert summary.rows == {"company": 1}
    assert snapshot(engine) == [["z", None, None]]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "zip"])
def test_import_reads_parquet_json_lines_and_zip_like_csv(engine: Engine, tmp_path: Path, fmt: str) -> None:
    csv_folder = write_dataset(tmp_path / "csv", **basic_tables())
    if fmt == "zip":
        source = zip_folder(csv_folder, tmp_path / "data.zip")
    else:
        source = write_dataset(tmp_path / fmt, fmt, **basic_tables())
    import_dataset(engine, source)
    export = exported(engine, tmp_path / "from-format")
    engine.clear()
    import_dataset(engine, csv_folder)
    assert same_files(export, exported(engine, tmp_path / "from-csv"))


def test_import_refuses_a_zip_with_other_files(engine: Engine, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", **basic_tables())
    (folder / "evil.sh").write_text("rm -rf /")
    with pytest.raises(InvalidDataset, match=re.escape("data.zip:evil.sh: not a table")):
        import_dataset(engine, zip_folder(folder, tmp_path / "data.zip"))


def test_export_then_import_round_trips_the_demo_exactly(engine: Engine, tmp_path: Path) -> None:
    from service.demo import DEMO_DIR

    import_dataset(engine, DEMO_DIR)
    first = exported(engine, tmp_path / "first")
    engine.clear()
    import_dataset(engine, first)
    assert same_files(first, exported(engine, tmp_path / "second"))
    # and the export says what the demo says
    import pandas as pd

    for path in DEMO_DIR.iterdir():
        original = pd.read_csv(path, dtype=str, keep_default_na=False)
        back = pd.read_csv(first / path.name, dtype=str, keep_default_na=False)[list(original.columns)]
        key = list(original.columns[:2]) if "id" not in original else ["id"]
        original = original.sort_values(key, ignore_index=True)
        back = back.sort_values(key, ignore_index=True)
        numeric = [c for c in original if c in ("revenue", "value", "share", "level", "employees", "founded")]
        for column in numeric:
            original[column] = pd.to_numeric(original[column]).astype(float)
            back[column] = pd.to_numeric(back[column]).astype(float)
        pd.testing.assert_frame_equal(original, back, check_dtype=False, obj=path.name)


def test_falkordb_stage_copies_a_graph_only_when_it_first_writes(falkordb: FalkorDBEngine, tmp_path: Path) -> None:
    import_dataset(falkordb, write_dataset(tmp_path / "data", **basic_tables()))
    before = snapshot(falkordb)
    staging = falkordb.graph_name + STAGING_SUFFIX
    with falkordb.staged(replace=False):
        assert staging not in falkordb._command("GRAPH.LIST")  # refused here, an import costs no copy
    assert snapshot(falkordb) == before
    with falkordb.staged(replace=False) as stage:
        stage.write("MATCH (c:Company {id: 'a'}) SET c.name = 'Alpha 2'")
        assert staging in falkordb._command("GRAPH.LIST")
    assert falkordb.read("MATCH (c:Company {id: 'a'}) RETURN c.name").rows == [["Alpha 2"]]


def test_export_writes_every_row_past_the_engines_result_limit(tmp_path: Path) -> None:
    """A page of companies holds more deliverables than the engine returns in one answer."""
    server = EmbeddedServer(tmp_path / "engine", limits(Settings(result_limit=50)))
    server.start()
    try:
        engine = FalkorDBEngine(server.client(), "capped", query_timeout_ms=60_000, write_timeout_ms=60_000)
        engine.ensure_schema()
        write(
            engine,
            company=[company(f"c{i}") for i in range(10)],
            delivers=[delivers(f"d{i}", f"c{i % 10}", f"c{(i + 1) % 10}", value=float(i)) for i in range(120)],
        )
        assert export_dataset(engine, tmp_path / "out") == {"company": 10, "delivers": 120}
        assert len(pd.read_csv(tmp_path / "out" / "delivers.csv")) == 120
    finally:
        server.stop()


def test_neo4j_plans_every_export_statement_without_a_deprecated_subquery(neo4j_target: Neo4jTarget) -> None:
    """Neo4j 5.26 deprecates ``CALL {`` without a variable scope: the exporter's page
    statement gets ``CALL () {`` there, and FalkorDB, which does not parse that, the old form."""
    deprecated = []
    with neo4j.GraphDatabase.driver(neo4j_target.url, auth=(USER, neo4j_target.password)) as driver:
        for statement in export_statements("neo4j"):
            summary = driver.execute_query("EXPLAIN " + statement, low=0, high=1, skip=0, head=1).summary
            notes = [status.status_description for status in summary.gql_status_objects]
            deprecated += [note for note in notes if "subquery" in note]
    assert deprecated == []
    assert all("CALL () {" not in statement for statement in export_statements("falkordb"))
    assert any("CALL {" in statement for statement in export_statements("falkordb"))
