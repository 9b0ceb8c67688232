"""The ``valuenet`` command, invoked as a user would: exit codes and output."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service.demo import DEMO_DIR
from service.engines import open_engine
from service.ingest.importer import import_dataset
from service.settings import Settings


def valuenet(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An embedded data directory holding the demo ecosystem (engine stopped again)."""
    url = f"embedded://{tmp_path_factory.mktemp('cli')}"
    engine = open_engine(Settings(database_url=url))
    import_dataset(engine, DEMO_DIR)
    engine.close()
    return url


def test_cli_modules_lists_the_questions() -> None:
    done = valuenet("modules")
    assert done.returncode == 0
    assert "company_profile" in done.stdout
    assert "id*, limit" in done.stdout
    listing = json.loads(valuenet("modules", "--format", "json").stdout)
    assert {"ecosystem_stats", "search_companies", "company_profile"} <= {m["name"] for m in listing}


def test_cli_query_help_describes_the_modules_parameters_and_columns() -> None:
    done = valuenet("query", "dependency_chain", "--help", env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("usage: valuenet query dependency_chain [-p KEY=VALUE ...]")
    assert (
        "  company  string, required; must name an existing Company (its id or its exact name)\n"
        "      The company to start from (tier 0).\n" in text
    )
    assert "  direction  string, default upstream; one of upstream, downstream; also up for upstream, down" in text
    assert "  max_tier  int, default 3; from 1 to 10\n" in text
    assert "  limit  int, default 100; from 1 to 1,000,000\n" in text
    assert "  as_of  date, optional\n" in text
    assert "columns:\n  tier  int\n      1 for direct suppliers" in text
    assert all(len(line) <= 100 for line in text.splitlines()[1:])
    general = valuenet("query", "--help")
    assert general.returncode == 0
    assert "`valuenet query NAME --help` lists its parameters and columns" in " ".join(general.stdout.split())
    unknown = valuenet("query", "nope", "--help")
    assert (unknown.returncode, unknown.stderr.splitlines()) == (1, [unknown.stderr.strip()])
    assert unknown.stderr.startswith("valuenet: error: no query module 'nope'")


def test_cli_query_prints_a_table_json_and_csv(demo_url: str) -> None:
    env = {"VALUENET_DATABASE_URL": demo_url}
    table = valuenet("query", "search_companies", "-p", "q=volt", env=env)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "kind", "sector", "country", "revenue"]
    assert [line.split()[0] for line in lines[2:4]] == ["voltmotors", "voltcell"]
    assert lines[-1] == "(2 rows)"
    paged = valuenet("query", "search_companies", "-p", "q=volt", "-p", "limit=1", env=env).stdout.splitlines()
    assert paged[-2:] == ["(1 row)", "more rows follow: --param offset=1"]
    document = json.loads(
        valuenet("query", "company_profile", "--param", "id=cellcorp", "--format", "json", env=env).stdout
    )
    [row] = document["rows"]
    assert {s["id"] for s in row["suppliers"]} == {"cathode-works", "anode-tech", "logi-freight"}
    csv_out = valuenet("query", "ecosystem_stats", "--format", "csv", env=env).stdout
    assert csv_out.splitlines()[0] == "scope,name,count,value"
    assert "label,Company,245," in csv_out


def test_cli_table_fits_the_terminal_and_shows_numbers_one_way(demo_url: str) -> None:
    # dependency_chain's nine columns keep at least 84 characters (their headers, 8 of text)
    env = {"VALUENET_DATABASE_URL": demo_url, "COLUMNS": "90"}
    chain = valuenet("query", "dependency_chain", "-p", "company=autoverk", "-p", "limit=20", env=env)
    assert chain.returncode == 0, chain.stderr
    assert all(len(line) <= 90 for line in chain.stdout.splitlines())
    assert "…" in chain.stdout  # long names, cut
    found = valuenet("query", "search_companies", "-p", "q=volt", "--format", "json", env=env).stdout
    revenue = json.loads(found)["rows"][0]["revenue"]
    table = valuenet("query", "search_companies", "-p", "q=volt", env=env).stdout.splitlines()
    assert table[2].split()[-1] == f"{revenue:,.0f}"  # a revenue of millions, all its digits
    assert "e+" not in "\n".join(table)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "nope"), "valuenet: error: no query module 'nope'; known: "),
        (
            ("query", "company_profile", "-p", "id=ghost"),
            "valuenet: error: no Company with id or name 'ghost' (parameter 'id')",
        ),
        (
            ("query", "company_profile", "-p", "id=cellcorp", "-p", "limit=-1"),
            "valuenet: error: parameter 'limit': must be at least 1, got -1",
        ),
        (("query", "company_profile", "-p", "oops"), "valuenet: error: parameter 'oops': expected --param KEY=VALUE"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(demo_url: str, args: tuple[str, ...], message: str) -> None:
    done = valuenet(*args, env={"VALUENET_DATABASE_URL": demo_url})
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_cli_bad_database_url_is_one_line() -> None:
    done = valuenet("query", "ecosystem_stats", env={"VALUENET_DATABASE_URL": "postgres://x"})
    assert done.returncode == 1
    assert done.stderr.startswith("valuenet: error: VALUENET_DATABASE_URL 'postgres://x'")


@pytest.mark.parametrize("left_by_a_killed_server", [False, True])
def test_cli_locked_data_directory_is_one_line(demo_url: str, left_by_a_killed_server: bool) -> None:
    stale = Path(demo_url.removeprefix("embedded://")) / "server.url"
    if left_by_a_killed_server:  # no server answers there; the lock is another process's
        stale.write_text(f"http://127.0.0.1:{free_port()}\n")
    holder = open_engine(Settings(database_url=demo_url))
    try:
        done = valuenet("query", "ecosystem_stats", env={"VALUENET_DATABASE_URL": demo_url})
    finally:
        holder.close()
        stale.unlink(missing_ok=True)
    assert done.returncode == 1
    assert "is in use by another valuenet process" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get_json(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own http URL
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def serving(base: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``valuenet ARGS`` started, once ``base``/readyz answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "service", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if get_json(f"{base}/readyz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"valuenet {args[0]} did not become ready: {server.communicate()[1]}")
        time.sleep(0.1)


def test_cli_demo_serves_the_demo_over_http(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo = serving(base, "demo", "--port", str(port), "--data-dir", str(tmp_path))
    try:
        status, body = get_json(f"{base}/v1/queries/company_profile?id=autoverk")
        assert status == 200
        [row] = body["rows"]  # type: ignore[index]
        assert row["name"] == "AutoVerk"
        assert row["customer_count"] == 2  # dealer-north, fleetlease
        status, problem = get_json(f"{base}/v1/queries/company_profile?id=ghost")
        assert (status, problem["status"]) == (404, 404)  # type: ignore[index]
    finally:
        demo.terminate()
        _, stderr = demo.communicate(timeout=30)
    assert "loaded the demo ecosystem" in stderr
    assert re.search(r"supply index ready: [1-9][\d,]* deliverables", stderr), stderr
    assert re.search(r"name index ready: [1-9][\d,]* company names", stderr), stderr
    assert "Traceback" not in stderr
    # The engine stopped with the service: the directory is free again.
    engine = open_engine(Settings(database_url=f"embedded://{tmp_path}", graph="demo"))
    try:
        assert engine.read("MATCH (c:Company) RETURN count(c) AS n").rows == [[245]]
    finally:
        engine.close()


def test_cli_import_and_export_round_trip_with_progress_and_summary(tmp_path: Path) -> None:
    env = {"VALUENET_DATABASE_URL": f"embedded://{tmp_path / 'data'}"}
    first = valuenet("import", str(DEMO_DIR), env=env)
    assert first.returncode == 0, first.stderr
    flows = len((DEMO_DIR / "delivers.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"import delivers.csv: {flows:,} rows of {flows:,}" in first.stderr
    assert first.stderr.splitlines()[-1].startswith("valuenet: imported")
    assert "rows/s, bulk)" in first.stderr.splitlines()[-1]
    assert f"intern delivers.csv: {flows:,} rows of {flows:,}" in first.stderr
    exported = valuenet("export", str(tmp_path / "out"), env=env)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out" / "delivers.csv").exists()
    again = valuenet("import", str(tmp_path / "out"), env=env)
    assert again.returncode == 0
    assert "upsert" in again.stderr.splitlines()[-1]
    replaced = valuenet("import", str(tmp_path / "out"), "--replace", env=env)
    assert replaced.returncode == 0, replaced.stderr
    assert f"intern delivers.csv: {flows:,} rows of {flows:,}" in replaced.stderr


def test_cli_import_of_bad_data_names_the_problem_and_fails(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "company.csv").write_text("id,name,kind\nx,X,robot\n")
    done = valuenet("import", str(tmp_path / "bad"), env={"VALUENET_DATABASE_URL": f"embedded://{tmp_path / 'data'}"})
    assert done.returncode == 1
    assert "valuenet: error: 1 problem(s) in the dataset, nothing was written:" in done.stderr
    assert "company.csv row 1 column kind: 'robot' is not one of" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_generate_writes_a_dataset_that_imports(tmp_path: Path) -> None:
    done = valuenet("generate", "--companies", "300", "--seed", "3", "--out", str(tmp_path / "gen"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1].startswith("valuenet: generated ")
    imported = valuenet("import", str(tmp_path / "gen"), env={"VALUENET_DATABASE_URL": f"embedded://{tmp_path / 'db'}"})
    assert imported.returncode == 0, imported.stderr
    bad = valuenet("generate", "--companies", "0", "--out", str(tmp_path / "none"))
    assert bad.returncode == 1
    assert bad.stderr.startswith("valuenet: error: parameter 'companies'")


def test_cli_query_runs_the_ecosystem_questions_on_the_demo(demo_url: str) -> None:
    env = {"VALUENET_DATABASE_URL": demo_url}
    chain = valuenet(
        "query", "dependency_chain", "-p", "company=cellcorp", "-p", "max_tier=1", "--format", "csv", env=env
    )
    assert chain.returncode == 0, chain.stderr
    tier_one = {line.split(",")[1] for line in chain.stdout.splitlines()[1:]}
    assert {"cathode-works", "anode-tech", "logi-freight"} <= tier_one
    drawn = valuenet(
        "query", "ecosystem_map", "-p", "center=autoverk", "-p", "max_nodes=8", "--format", "json", env=env
    )
    assert drawn.returncode == 0, drawn.stderr
    document = json.loads(drawn.stdout)
    assert document["nodes"][0] == {**document["nodes"][0], "id": "autoverk", "hop": 0}
    assert len(document["nodes"]) == 8  # autoverk has nine partners: the map is capped
    assert all(edge["capped"] for edge in document["edges"])
    table = valuenet("query", "key_players", "-p", "measure=pagerank", "-p", "limit=3", env=env)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[-2:] == ["(3 rows)", "more rows follow: --param offset=3"]


def test_cli_export_for_neo4j_admin_writes_its_files_and_prints_its_command(demo_url: str, tmp_path: Path) -> None:
    out = tmp_path / "admin"
    done = valuenet("export", str(out), "--format", "neo4j-admin", env={"VALUENET_DATABASE_URL": demo_url})
    assert done.returncode == 0, done.stderr
    assert done.stdout == (out / "neo4j-admin-import.sh").read_text()
    assert done.stdout.startswith(f"neo4j-admin database import full neo4j --nodes={out}/company.csv ")
    assert f"--relationships={out}/delivers.Company.Company.csv" in done.stdout
    header = (out / "company.csv").read_text().splitlines()[0]
    assert header == '"id:ID(Company)","name","kind","sector","country","revenue:double","employees:long",' + (
        '"founded:long",":LABEL"'
    )
    assert (out / "has_role.Company.Role.csv").read_text().startswith('":START_ID(Company)",":END_ID(Role)",":TYPE"\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["admin"]  # no scratch folder left beside


def test_cli_export_for_neo4j_admin_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    done = valuenet(
        "export",
        str(out),
        "--format",
        "neo4j-admin",
        env={"VALUENET_DATABASE_URL": "embedded://" + str(tmp_path / "data")},
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"valuenet: error: parameter 'out': {out} is not an empty folder; neo4j-admin's files go into a new one"
    ]
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # nothing written, no engine started
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


QUESTIONS = [
    ("query", "search_companies", "-p", "q=volt", "-p", "limit=1"),
    ("query", "company_profile", "-p", "id=cellcorp", "--format", "json"),
    ("query", "ecosystem_map", "-p", "center=autoverk", "-p", "max_nodes=8", "--format", "json"),
    ("query", "key_players", "-p", "measure=value", "-p", "limit=5", "--format", "csv"),
    ("query", "company_profile", "-p", "id=ghost"),
]


def test_cli_query_asks_the_server_that_holds_the_data_directory(demo_url: str) -> None:
    env = {"VALUENET_DATABASE_URL": demo_url, "COLUMNS": "100"}
    here = [valuenet(*args, env=env) for args in QUESTIONS]
    assert [done.returncode for done in here] == [0, 0, 0, 0, 1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serving(base, "serve", "--port", str(port), env=env)
    advertised = Path(demo_url.removeprefix("embedded://")) / "server.url"
    try:
        assert advertised.read_text() == f"{base}\n"
        there = [valuenet(*args, env=env) for args in QUESTIONS]
        # --url alone: the engine setting is not even read.
        by_url = [valuenet(*args, "--url", base, env={"VALUENET_DATABASE_URL": "postgres://x"}) for args in QUESTIONS]
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "Traceback" not in stderr
    for asked in (there, by_url):
        assert [(d.returncode, d.stdout, d.stderr) for d in asked] == [(d.returncode, d.stdout, d.stderr) for d in here]
    assert here[-1].stderr == "valuenet: error: no Company with id or name 'ghost' (parameter 'id')\n"
    assert not advertised.exists()  # removed when the server stopped
    gone = valuenet("query", "ecosystem_stats", "--url", base)
    assert gone.returncode == 1
    assert gone.stderr.startswith(f"valuenet: error: no valuenet server answers at {base}: ")


def readme_examples() -> list[str]:
    """The commands of the README's block of CLI examples, in order."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```sh\n")[1:] if b.startswith("valuenet query"))
    return [line.split("  #")[0].strip() for line in block.split("```")[0].splitlines() if line.strip()]


def test_cli_the_readmes_examples_work_right_after_valuenet_demo(tmp_path: Path) -> None:
    port = free_port()
    env = {"XDG_DATA_HOME": str(tmp_path)}  # the default data directory, as a user's
    demo = serving(f"http://127.0.0.1:{port}", "demo", "--port", str(port), env=env)
    try:
        commands = readme_examples()
        assert len(commands) >= 5
        for command in commands:
            program, *args = shlex.split(command.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
            if program == "curl":
                with urllib.request.urlopen(f"http://{args[0]}", timeout=30) as response:
                    assert response.status == 200, command
                    body = response.read()
                    assert b"\n" in body.strip() or b'"edges":[{' in body, command  # CSV rows, or a map
                continue
            assert program == "valuenet", command
            done = valuenet(*args, env=env)
            assert done.returncode == 0, f"{command}: {done.stderr}"
            assert len(done.stdout.splitlines()) > 1, command
    finally:
        demo.terminate()
        demo.communicate(timeout=30)
    # Once it stops, as the README says: the graph demo of the same directory.
    after = valuenet(*shlex.split(commands[0])[1:], env={**env, "VALUENET_GRAPH": "demo"})
    assert (after.returncode, after.stdout.splitlines()[2].split()[0]) == (0, "autoverk"), after.stderr
