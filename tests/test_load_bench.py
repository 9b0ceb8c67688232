"""The load benchmark runs against a live server and every request it sends is answered:
it asks each single-company question with the parameters the modules declare today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from service.api import create_app
from service.engines.base import Engine
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.queries import Catalog
from tests.utils.browser import serve

ROOT = Path(__file__).resolve().parents[1]
SMALL_LOAD = ["--requests", "24", "--concurrency", "1", "4", "--seconds", "120"]


def test_every_question_of_the_load_benchmark_is_answered(engine: Engine, catalog: Catalog, tmp_path: Path) -> None:
    generate_dataset(600, 5, tmp_path, "csv", None)
    import_dataset(engine, tmp_path)
    with serve(create_app(engine, catalog)) as origin:
        bench = subprocess.run(
            [sys.executable, "-m", "bench.load_bench", "--dataset", str(tmp_path), "--url", origin, *SMALL_LOAD],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert bench.returncode == 0, bench.stderr
    table = [line.strip("|").split("|") for line in bench.stdout.splitlines() if line.startswith("| ")]
    runs = {(cells[0].strip(), int(cells[1])): int(cells[5]) for cells in table[1:]}
    modules = {module for module, _ in runs}
    assert {"company_profile", "dependency_chain", "failure_impact", "ecosystem_map"} <= modules
    assert set(runs) == {(module, clients) for module in modules for clients in (1, 4)}
    assert all(errors == 0 for errors in runs.values()), runs
