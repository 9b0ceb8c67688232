"""Bounded imports: zip bombs, odd zip entries, endless lines, huge numbers and malformed
ids are refused with the file named and nothing written, over the API and the CLI; no
scratch folder stays behind, not even a killed import's."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.api import create_app
from service.engines import Engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.errors import InvalidDataset, Problem
from service.ingest.importer import import_dataset
from service.ingest.scratch import remove_leftovers, scratch_root
from service.ingest.sources import BATCH_BYTES
from service.queries import Catalog
from service.settings import ImportLimits, Settings
from tests.test_cli import valuenet
from tests.test_import import snapshot
from tests.utils.datasets import basic_tables, patch_first_entry, write_dataset, zip_bomb, zip_folder, zip_with_entry

KEY = "s3cret-key"
#: Lowered bounds the cases below pass (the defaults are far larger), as settings.
LOWERED = {"import_max_bytes": 4 << 20, "import_max_line_bytes": 4096, "import_max_field_bytes": 1024}


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, so that leftovers can be counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def bomb(tmp: Path) -> Path:
    return zip_bomb(tmp / "bomb.zip", 16 << 20)  # 200 bytes, 16 MB expanded


def high_ratio(tmp: Path) -> Path:
    return zip_bomb(tmp / "deflated.zip", 2 << 20, zipfile.ZIP_DEFLATED)  # 2 MB in 2 KB


def encrypted(tmp: Path) -> Path:
    return patch_first_entry(zip_folder(write_dataset(tmp / "data", **basic_tables()), tmp / "e.zip"), flag_bits=1)


def unknown_method(tmp: Path) -> Path:
    return patch_first_entry(zip_folder(write_dataset(tmp / "data", **basic_tables()), tmp / "m.zip"), method=9)


def symlink(tmp: Path) -> Path:
    folder = write_dataset(tmp / "data", **basic_tables())
    return zip_with_entry(tmp / "s.zip", folder, "role.csv", 0o120777, b"/etc/passwd")


def traversal(tmp: Path) -> Path:
    return zip_with_entry(tmp / "t.zip", write_dataset(tmp / "data", **basic_tables()), "../role.csv")


def damaged(tmp: Path) -> Path:
    archive = zip_folder(write_dataset(tmp / "data", **basic_tables()), tmp / "d.zip")
    data = bytearray(archive.read_bytes())
    data[40:60] = bytes(20)  # inside the first entry's compressed bytes
    archive.write_bytes(bytes(data))
    return archive


def long_line(tmp: Path) -> Path:
    tables = basic_tables()
    tables["company"][1]["name"] = "B" * 5000
    return zip_folder(write_dataset(tmp / "data", **tables), tmp / "l.zip")


def long_header(tmp: Path) -> Path:
    folder = write_dataset(tmp / "data", **basic_tables())
    (folder / "market.csv").write_text("id,name," + "h" * 200_000 + "\nm,Metals,\n")
    return zip_folder(folder, tmp / "h.zip")


def long_field(tmp: Path) -> Path:
    tables = basic_tables()
    tables["company"][2]["sector"] = "s" * 2000
    return zip_folder(write_dataset(tmp / "data", **tables), tmp / "f.zip")


def long_name(tmp: Path) -> Path:
    """A name Neo4j's range index would refuse (past 8 KB) at the end of the import."""
    tables = basic_tables()
    tables["company"][1]["name"] = "n" * 9000
    return zip_folder(write_dataset(tmp / "data", **tables), tmp / "n.zip")


def huge_int(tmp: Path) -> Path:
    tables = basic_tables()
    tables["company"][0]["employees"] = "1e20"
    return zip_folder(write_dataset(tmp / "data", **tables), tmp / "i.zip")


def repeated_names(path: Path, rows: int, name: str, **options: Any) -> Path:
    """A company table of ``rows`` rows, every one named ``name``: its dictionary holds it
    once (a plain text column, as any writer's: no Arrow schema stored)."""
    ids = pa.array([f"c-{number:07d}" for number in range(rows)])
    names = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([name]))
    pq.write_table(pa.table({"id": ids, "name": names}), path, store_schema=False, **options)
    return path


def parquet_dictionary_bomb(tmp: Path) -> Path:
    """4 MB of Parquet that decodes to 4 GB: a 20 KB name in each of 200,000 rows."""
    folder = write_dataset(tmp / "data", **{k: v for k, v in basic_tables().items() if k == "market"})
    repeated_names(folder / "company.parquet", 200_000, "n" * 20_000)
    return zip_folder(folder, tmp / "pd.zip")


def parquet_long_row(tmp: Path) -> Path:
    folder = write_dataset(tmp / "data", **{k: v for k, v in basic_tables().items() if k == "market"})
    repeated_names(folder / "company.parquet", 3, "n" * 5000)
    return zip_folder(folder, tmp / "pl.zip")


def parquet_compression_bomb(tmp: Path) -> Path:
    """One 8 MB name compressed to kilobytes, not dictionary-encoded."""
    folder = write_dataset(tmp / "data", **{k: v for k, v in basic_tables().items() if k == "market"})
    repeated_names(folder / "company.parquet", 1, "n" * (8 << 20), use_dictionary=False, compression="zstd")
    return zip_folder(folder, tmp / "pc.zip")


#: (case, settings, what the answer says: an entry of the zip, or a file, row and column)
CASES: list[tuple[Callable[[Path], Path], dict[str, int], str]] = [
    (bomb, {**LOWERED, "import_max_ratio": 10**9}, "zip:company.csv: the dataset expands past 4,194,304 bytes"),
    (high_ratio, {}, "zip:company.csv: expands more than 200-fold"),
    (encrypted, {}, "zip:company.csv: is encrypted"),
    (unknown_method, {}, "zip:company.csv: is compressed with method 9; valuenet takes stored, deflate"),
    (symlink, {}, "zip:role.csv: is a symbolic link; a dataset holds regular files only"),
    (traversal, {}, "zip:../role.csv: names a path outside the zip"),
    (damaged, {}, "zip:company.csv: is damaged"),
    (long_line, LOWERED, "company.csv row 2: the line is longer than 4,096 bytes"),
    (long_header, {}, "market.csv: cannot be read: field larger than field limit"),
    (long_field, LOWERED, "company.csv row 3 column sector: is 2,000 bytes long; the longest text taken is 1,024"),
    (long_name, {}, "company.csv row 2 column name: is 9,000 bytes long; the longest text taken is 1,024"),
    (huge_int, {}, "company.csv row 1 column employees: '1e20' is beyond the 64-bit integer range"),
    (
        parquet_dictionary_bomb,
        {"import_max_bytes": 4 << 20},
        "company.parquet: decodes past 4,194,304 bytes, the most taken",
    ),
    (parquet_long_row, LOWERED, "company.parquet row 1: the row decodes to 5,009 bytes, more than 4,096"),
    (parquet_compression_bomb, {}, "company.parquet column name: expands more than 200-fold"),
]
IDS = [case.__name__ for case, _settings, _message in CASES]


def said(error: InvalidDataset) -> str:
    """What a refusal says: its message's first line, and each problem."""
    return "\n".join([str(error).split("\n")[0], *map(str, error.problems)])


@pytest.mark.parametrize(("case", "settings", "message"), CASES, ids=IDS)
def test_import_refuses_an_unbounded_or_odd_dataset_naming_the_file(
    engine: Engine,
    tmp_path: Path,
    private_tmp: Path,
    case: Callable[[Path], Path],
    settings: dict[str, int],
    message: str,
) -> None:
    import_dataset(engine, write_dataset(tmp_path / "before", **basic_tables()))
    before = snapshot(engine)
    limits = Settings(**settings).import_limits()  # type: ignore[arg-type]
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, case(tmp_path), replace=True, limits=limits)
    assert message in said(failure.value), failure.value
    assert snapshot(engine) == before
    assert list(scratch_root().iterdir()) == []


@pytest.fixture
def api(engine: Engine, catalog: Catalog) -> Callable[[dict[str, int]], TestClient]:
    def client(settings: dict[str, int]) -> TestClient:
        return TestClient(create_app(engine, catalog, Settings(api_key=SecretStr(KEY), **settings)))  # type: ignore[arg-type]

    return client


@pytest.mark.parametrize(("case", "settings", "message"), CASES, ids=IDS)
def test_api_import_answers_an_unbounded_or_odd_dataset_with_a_422_naming_the_file(
    api: Callable[[dict[str, int]], TestClient],
    tmp_path: Path,
    case: Callable[[Path], Path],
    settings: dict[str, int],
    message: str,
) -> None:
    headers = {"x-api-key": KEY}
    with api(settings) as client:
        good = write_dataset(tmp_path / "good", **basic_tables())
        assert client.post("/v1/imports", content=zip_folder(good, tmp_path / "good.zip").read_bytes(), headers=headers)
        body = case(tmp_path).read_bytes()
        response = client.post("/v1/imports", params={"replace": "true"}, content=body, headers=headers)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == "urn:valuenet:problem:invalid-dataset"
        errors = [Problem(**e) for e in problem.get("errors", [])]
        assert message in "\n".join([problem["detail"], *map(str, errors)]), problem
        assert str(tmp_path) not in response.text
        found = client.get("/v1/queries/search_companies", params={"q": "alpha"}).json()["rows"]
        assert [r["id"] for r in found] == ["a"]
    assert list(scratch_root().iterdir()) == []


def test_cli_import_refuses_each_unbounded_or_odd_dataset_in_one_line(tmp_path: Path, private_tmp: Path) -> None:
    """All the cases against one data directory, which holds the first good import throughout."""
    base = {"VALUENET_DATABASE_URL": f"embedded://{tmp_path / 'data'}", "TMPDIR": str(private_tmp)}
    good = valuenet("import", str(write_dataset(tmp_path / "good", **basic_tables())), env=base)
    assert good.returncode == 0, good.stderr
    for case, settings, message in CASES:
        env = {**base, **{f"VALUENET_{name.upper()}": str(value) for name, value in settings.items()}}
        (tmp_path / case.__name__).mkdir()
        done = valuenet("import", str(case(tmp_path / case.__name__)), "--replace", env=env)
        assert done.returncode == 1, (case.__name__, done.stderr)
        assert len([line for line in done.stderr.splitlines() if line.startswith("valuenet: error: ")]) == 1
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    found = valuenet("query", "search_companies", "-p", "q=alpha", "--format", "csv", env=base)
    assert found.stdout.splitlines()[1:2] == ["a,Alpha,company,metals,,10.5"], found.stderr
    assert list(scratch_root().iterdir()) == []


def test_a_refused_id_leaves_the_data_directory_starting_with_the_old_graph(tmp_path: Path) -> None:
    """FalkorDB 4.16 crashes on an id with a leading space; kept in the append-only file, such
    a write would crash the engine at every start. The id never reaches the engine."""
    data = tmp_path / "data"

    def engine_on(server: EmbeddedServer) -> FalkorDBEngine:
        return FalkorDBEngine(server.client(), "g", query_timeout_ms=5000, server=server)

    server = EmbeddedServer(data)
    server.start()
    try:
        engine = engine_on(server)
        engine.ensure_schema()
        import_dataset(engine, write_dataset(tmp_path / "good", **basic_tables()))
        before = snapshot(engine)
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "company.csv").write_text("id,name\n bad,B\n")
        with pytest.raises(InvalidDataset, match=re.escape("company.csv row 1 column id: ' bad' starts or ends")):
            import_dataset(engine, zip_folder(bad, tmp_path / "bad.zip"), replace=True)
        assert server.crashed() is None
    finally:
        server.stop()
    again = EmbeddedServer(data)
    again.start()
    try:
        assert snapshot(engine_on(again)) == before
    finally:
        again.stop()


#: A process that unpacks into a scratch folder, then dies as a killed import would.
KILLED = """
import os, signal
from service.ingest.scratch import scratch
with scratch("unzip") as folder:
    (folder / "company.csv").write_bytes(b"id,name\\n" * 1000)
    print(folder, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""
#: A process that holds a scratch folder until its input closes.
HOLDING = """
import sys
from service.ingest.scratch import scratch
with scratch("unzip") as folder:
    print(folder, flush=True)
    sys.stdin.read()
"""


def test_the_next_import_removes_what_killed_imports_left_and_nothing_in_use(
    engine: Engine, tmp_path: Path, private_tmp: Path
) -> None:
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    killed = subprocess.run([sys.executable, "-c", KILLED], env=env, capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftover = Path(killed.stdout.strip())
    assert (leftover / "company.csv").exists()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDING], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    busy = Path(holder.stdout.readline().strip())
    try:
        import_dataset(engine, write_dataset(tmp_path / "data", **basic_tables()))
        assert not leftover.exists()
        assert busy.exists()
        assert remove_leftovers() == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert not busy.exists()
    assert list(scratch_root().iterdir()) == []


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_import_unpacks_every_method_it_takes(engine: Engine, tmp_path: Path, method: int) -> None:
    """The entries are decompressed by valuenet (bounded), not by zipfile: each method round-trips."""
    folder = write_dataset(tmp_path / "data", **basic_tables())
    with zipfile.ZipFile(tmp_path / "data.zip", "w", method) as zipped:
        for path in sorted(folder.iterdir()):
            zipped.write(path, path.name)
    import_dataset(engine, folder)
    expected = snapshot(engine)
    summary = import_dataset(engine, tmp_path / "data.zip", replace=True)
    assert summary.rows["delivers"] == 3
    assert snapshot(engine) == expected


@pytest.mark.parametrize("shape", ["bzip2 bomb", "endless line"])
def test_import_memory_stays_bounded_whatever_the_input_shape(engine: Engine, tmp_path: Path, shape: str) -> None:
    """Python's allocations peak far below the input's 160 MB: the zip is decompressed a
    MiB at a time (zipfile would hand over a bzip2 entry whole), and no reader takes the
    endless line whole."""
    if shape == "bzip2 bomb":
        dataset = zip_bomb(tmp_path / "bomb.zip", 160 << 20)
    else:
        dataset = tmp_path / "data"
        dataset.mkdir()
        with (dataset / "company.csv").open("wb") as table:
            table.write(b"id,name\na,")
            for _ in range(160):
                table.write(b"A" * (1 << 20))
    limits = ImportLimits(max_bytes=256 << 20, max_ratio=10**9)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDataset) as failure:
            import_dataset(engine, dataset, limits=limits)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, (peak, failure.value)
    assert "line is longer than 1,048,576 bytes" in said(failure.value)


#: Reads a table (path, format) as the importer does; prints its rows and Arrow's peak memory.
TABLE_READER = """
import sys
from pathlib import Path

import pyarrow as pa

from service.ingest.schema import TABLES
from service.ingest.sources import TableFile

table = TableFile(TABLES["company"], Path(sys.argv[1]), sys.argv[2])
rows = sum(batch.num_rows for batch in table.batches())
print(rows, pa.default_memory_pool().max_memory())
"""


def company_lines(path: Path, rows: int, last: dict[str, object] | None = None) -> Path:
    """``rows`` JSON lines of companies of about 360 bytes each, then ``last`` if given."""
    with path.open("w", encoding="utf-8") as table:
        for number in range(rows):
            table.write(json.dumps({"id": f"c-{number:08d}", "name": f"Company {number} " + "x" * 320}) + "\n")
        if last is not None:
            table.write(json.dumps(last) + "\n")
    return path


def test_json_lines_are_read_a_piece_at_a_time(tmp_path: Path) -> None:
    """Arrow's JSON reader takes a file whole (its memory peaked at 1.7 times a 55 MB
    table); read a piece of whole lines at a time, its peak is a fraction of the table."""
    path = company_lines(tmp_path / "company.jsonl", 150_000)
    size = path.stat().st_size
    run = subprocess.run(
        [sys.executable, "-c", TABLE_READER, str(path), "jsonl"], capture_output=True, text=True, check=True
    )
    rows, peak = map(int, run.stdout.split())
    assert rows == 150_000
    assert size > 50 << 20
    assert peak < size / 2, (peak, size)


def test_a_json_field_first_used_past_the_first_piece_is_refused_too(engine: Engine, tmp_path: Path) -> None:
    """A field no line of the first piece has is still an unknown column, named, and
    nothing is written."""
    dataset = tmp_path / "data"
    dataset.mkdir()
    company_lines(dataset / "company.jsonl", 30_000, {"id": "late", "name": "Late", "colour": "red"})
    assert (dataset / "company.jsonl").stat().st_size > BATCH_BYTES
    before = snapshot(engine)
    with pytest.raises(InvalidDataset) as failure:
        import_dataset(engine, dataset)
    assert any(p.column == "colour" and "unknown column" in p.message for p in failure.value.problems)
    assert snapshot(engine) == before


def test_parquet_text_is_decoded_a_slice_at_a_time(tmp_path: Path) -> None:
    """A dictionary-encoded name of 2 KB in 100,000 rows: 200 MB once decoded, 131 MB in
    one batch read whole; decoded a slice at a time, Arrow's peak stays a fraction of that."""
    path = repeated_names(tmp_path / "company.parquet", 100_000, "n" * 2000)
    run = subprocess.run(
        [sys.executable, "-c", TABLE_READER, str(path), "parquet"], capture_output=True, text=True, check=True
    )
    rows, peak = map(int, run.stdout.split())
    assert rows == 100_000
    assert peak < 64 << 20, peak
