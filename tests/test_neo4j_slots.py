"""Imports that scale on Neo4j: bounded transactions into the idle slot, one flip.

Each test here runs on a real Neo4j; the one about reads during an import on both engines.
A dedicated server with a small ``db.memory.transaction.max`` proves that no transaction
holds the dataset, and is killed (SIGKILL, as a crash) in the middle of an import.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from neo4j.exceptions import Neo4jError

from service.api.problems import install_problem_handlers
from service.engines import Engine, open_engine
from service.engines.base import Dialect
from service.engines.neo4j import SMALL_ROWS, Neo4jEngine
from service.engines.slots import slotted
from service.errors import EngineUnavailable, ImportConflict
from service.ingest.importer import import_dataset
from service.ingest.sources import open_dataset
from service.ingest.validate import typed_batches
from service.ingest.writer import write_frame
from service.settings import DEFAULT_LIMITS, Settings
from tests.conftest import Neo4jTarget
from tests.test_import_kill import bigger_tables
from tests.utils.datasets import basic_tables, write_dataset
from tests.utils.neo4j_server import USER, Neo4jServer

#: Small enough that the old one-transaction import of ``bigger_tables`` ran out of it.
TRANSACTION_MAX = "12m"
#: Companies of the dataset that must not fit in one transaction (twice as many deliverables).
LARGE = 20_000
COUNTS = (
    "MATCH (c:Company) OPTIONAL MATCH (c)-[d:DELIVERS]->() RETURN count(DISTINCT c) AS companies, count(d) AS links"
)


class Killed(Exception):
    """Raised where a test stops an import (after killing what it kills)."""


@pytest.fixture(scope="module")
def small_server(neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A Neo4j of its own whose transactions may hold ``TRANSACTION_MAX`` of memory."""
    server = Neo4jServer(
        tmp_path_factory.mktemp("small-neo4j"), settings={"db.memory.transaction.max": TRANSACTION_MAX}
    )
    server.start()
    yield server
    server.stop()


def open_on(server: Neo4jServer) -> Neo4jEngine:
    engine = open_engine(Settings(database_url=server.url, neo4j_password=server.password))  # type: ignore[arg-type]
    assert isinstance(engine, Neo4jEngine)
    return engine


def counts(engine: Engine) -> list[int]:
    engine.version()
    return list(engine.read(COUNTS).rows[0])


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``old``: the hand-checked graph; ``new`` and ``other``: thousands of rows each."""
    root = tmp_path_factory.mktemp("slots")
    other = bigger_tables(2500)
    other["company"] = [{**row, "name": f"{row['name']} (other)"} for row in other["company"]]
    return {
        "old": write_dataset(root / "old", **basic_tables()),
        "new": write_dataset(root / "new", **bigger_tables()),
        "other": write_dataset(root / "other", **other),
        "large": write_dataset(root / "large", **bigger_tables(LARGE)),
    }


def expected(name: str) -> list[int]:
    """Companies and deliverables (all between companies) of dataset ``name``."""
    tables = basic_tables() if name == "old" else bigger_tables({"other": 2500, "large": LARGE}.get(name, 3000))
    return [len(tables["company"]), len(tables["delivers"])]


def test_an_import_larger_than_a_transaction_may_hold_succeeds(
    small_server: Neo4jServer, datasets: dict[str, Path]
) -> None:
    engine = open_on(small_server)
    try:
        engine.clear()
        summary = import_dataset(engine, datasets["large"], replace=True)
        assert summary.rows["delivers"] > SMALL_ROWS
        assert counts(engine) == expected("large")
        import_dataset(engine, datasets["large"])  # an upsert copies the live slot first
        assert counts(engine) == expected("large")
    finally:
        engine.close()
    with pytest.raises(Neo4jError, match=r"db\.memory\.transaction\.max"):
        in_one_transaction(small_server, datasets["large"])


class OneTransaction:
    """Batches written into one open transaction, as imports were before the slots."""

    dialect: Dialect = "neo4j"

    def __init__(self, transaction: neo4j.Transaction) -> None:
        self.transaction = transaction

    def write_batches(self, cypher: str, batches: Iterable[Sequence[Mapping[str, Any]]]) -> int:
        written = 0
        for batch in batches:
            self.transaction.run(slotted(cypher, 1), rows=list(batch)).consume()
            written += len(batch)
        return written


def in_one_transaction(server: Neo4jServer, dataset: Path) -> None:
    """Write ``dataset`` into slot 1 in one transaction (rolled back unless it fails first)."""
    with (
        neo4j.GraphDatabase.driver(server.url, auth=(USER, server.password)) as driver,
        driver.session() as session,
        session.begin_transaction() as transaction,
        open_dataset(dataset, DEFAULT_LIMITS) as files,
    ):
        for table_file in files:
            for frame in typed_batches(table_file):
                write_frame(OneTransaction(transaction), table_file.table, frame)


def test_a_killed_server_leaves_the_old_graph_and_the_next_import_succeeds(
    small_server: Neo4jServer, datasets: dict[str, Path]
) -> None:
    engine = open_on(small_server)
    engine.clear()
    import_dataset(engine, datasets["old"], replace=True)

    def kill(phase: str, table: str, done: int, total: int) -> None:
        if phase == "write" and table == "delivers.csv":
            small_server.kill()

    with pytest.raises(EngineUnavailable):
        import_dataset(engine, datasets["new"], replace=True, progress=kill)
    engine.close()
    small_server.start()
    engine = open_on(small_server)
    try:
        assert counts(engine) == expected("old")
        import_dataset(engine, datasets["new"], replace=True)
        assert counts(engine) == expected("new")
    finally:
        engine.close()


KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from service.engines import open_engine
from service.ingest.importer import import_dataset
from service.settings import Settings

def kill(phase, table, done, total):
    if phase == "write" and table == "delivers.csv":
        os.kill(os.getpid(), signal.SIGKILL)

engine = open_engine(Settings(database_url=sys.argv[1], neo4j_password=sys.argv[2]))
import_dataset(engine, Path(sys.argv[3]), replace=sys.argv[4] == "replace", progress=kill)
"""


@pytest.mark.parametrize("mode", ["replace", "upsert"])
def test_a_killed_valuenet_leaves_the_old_graph_and_the_next_import_succeeds(
    neo4j_target: Neo4jTarget, datasets: dict[str, Path], mode: str
) -> None:
    from tests.conftest import neo4j_engine

    engine = neo4j_engine(neo4j_target)
    try:
        import_dataset(engine, datasets["old"], replace=True)
        command = [sys.executable, "-c", textwrap.dedent(KILLED_IMPORT)]
        arguments = [neo4j_target.url, neo4j_target.password, str(datasets["new"]), mode]
        done = subprocess.run([*command, *arguments], capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == -9, done.stderr
        assert counts(engine) == expected("old")
        import_dataset(engine, datasets["new"], replace=mode == "replace")
        assert counts(engine)[0] == expected("new")[0]  # the old companies are among the new
    finally:
        engine.clear()
        engine.close()


def test_an_import_started_during_another_takes_over_and_the_other_fails(
    neo4j_target: Neo4jTarget, datasets: dict[str, Path]
) -> None:
    from tests.conftest import neo4j_engine

    engine = neo4j_engine(neo4j_target)
    second = neo4j_engine(neo4j_target)
    written: dict[str, int] = {}

    def start_another(phase: str, table: str, done: int, total: int) -> None:
        if phase != "write":
            return
        written[table] = done
        if sum(written.values()) > SMALL_ROWS and "started" not in written:  # past the live slot's share
            written["started"] = 0
            import_dataset(second, datasets["other"], replace=True)

    try:
        import_dataset(engine, datasets["old"], replace=True)
        with pytest.raises(ImportConflict):
            import_dataset(engine, datasets["new"], replace=True, progress=start_another)
        assert counts(engine) == expected("other")
        names = engine.read("MATCH (c:Company {id: 'c1'}) RETURN c.name AS name").rows
        assert names == [["Company 1 (other)"]]
    finally:
        second.close()
        engine.clear()
        engine.close()


def test_an_import_conflict_is_a_409_problem() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/import")
    def conflicting() -> None:
        raise ImportConflict("another import started after this one")

    answer = TestClient(app).post("/import")
    assert answer.status_code == 409
    assert answer.json()["type"] == "urn:valuenet:problem:import-conflict"


def test_reads_during_an_import_see_the_old_graph_then_the_new(engine: Engine, datasets: dict[str, Path]) -> None:
    import_dataset(engine, datasets["old"])
    seen: list[list[Any]] = []

    def read(phase: str, table: str, done: int, total: int) -> None:
        seen.append(counts(engine))

    import_dataset(engine, datasets["new"], replace=True, progress=read)
    assert seen
    assert all(c == expected("old") for c in seen)
    assert counts(engine) == expected("new")
