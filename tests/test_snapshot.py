"""Snapshot answers: a replace import that swaps the graph in the middle of a question never
gives an answer mixed from the two graphs (issue 20, defect 2).

``SwappingEngine`` is a real engine (embedded, and Neo4j), which before its n-th read runs
a real replace import of the other graph: the graph really changes between two real calls of
one question. For every n, the answer must be the answer of one of the two graphs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.engines.base import Engine
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.queries import Catalog, run_module
from tests.utils.counting import CountingEngine

COMPANIES = 300
SEEDS = (21, 22)


class SwappingEngine(CountingEngine):
    """``engine``, but before read number ``swap_before`` (from 0), its graph is replaced by
    the dataset at ``other``, through a real import; ``reads`` counts the reads."""

    def __init__(self, engine: Engine, other: Path, swap_before: int) -> None:
        super().__init__(engine)
        self._other = other
        self._swap_before = swap_before
        self.swapped = False

    def _count(self) -> None:
        with self._lock:
            if self.reads == self._swap_before:
                import_dataset(self._engine, self._other, replace=True)
                self.swapped = True
            self.reads += 1


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two generated industries of the same companies, linked differently."""
    folders = []
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"swap-{seed}")
        generate_dataset(COMPANIES, seed, folder, "csv", None)
        folders.append(folder)
    return folders


def hubs(folder: Path) -> list[str]:
    """Companies by the number of deliverables they take part in, most first."""
    d = pd.read_csv(folder / "delivers.csv", dtype=str)
    between = d[d.source_label.isna() & d.target_label.isna()]
    return list(pd.concat([between.source, between.target]).value_counts().index)


def questions(graphs: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    """Questions of several steps each: tiers over node handles, the supply index, the name index."""
    first, second = hubs(graphs[0]), hubs(graphs[1])
    return [
        ("dependency_chain", {"company": first[0], "direction": "down", "max_tier": 4, "offset": 5, "limit": 40}),
        ("failure_impact", {"companies": [first[0], second[0]]}),
        ("connection_paths", {"a": first[-1], "b": second[0], "direction": "any", "max_hops": 6}),
        ("merger_scenario", {"acquirer": first[0], "targets": [second[0], first[1]]}),
        ("merger_network_effect", {"acquirer": first[0], "targets": [second[0], first[1]]}),
        ("search_companies", {"q": "in", "offset": 2, "limit": 30}),
    ]


def answer(engine: Any, catalog: Catalog, name: str, params: dict[str, Any]) -> Any:
    result, _ = run_module(engine, catalog, name, params)
    return result.nodes, result.rows


def test_a_swap_at_any_call_of_a_question_gives_one_graphs_answer(
    engine: Engine, graphs: list[Path], catalog: Catalog
) -> None:
    asked = questions(graphs)
    expected, reads = [], []
    for folder in graphs:
        import_dataset(engine, folder, replace=True)
        counting = [SwappingEngine(engine, folder, swap_before=-1) for _ in asked]
        expected.append([answer(c, catalog, name, params) for c, (name, params) in zip(counting, asked, strict=True)])
        reads.append([c.reads for c in counting])
    now = 1  # the graph the engine holds; each swap goes to the other
    for i, (name, params) in enumerate(asked):
        answers = [expected[0][i], expected[1][i]]
        assert answers[0] != answers[1], (name, "the two graphs must answer differently")
        assert min(reads[0][i], reads[1][i]) > 1, name
        for swap_before in range(max(reads[0][i], reads[1][i])):
            if swap_before >= reads[now][i]:
                import_dataset(engine, graphs[1 - now], replace=True)
                now = 1 - now
            swapping = SwappingEngine(engine, graphs[1 - now], swap_before)
            found = answer(swapping, catalog, name, params)
            assert swapping.swapped
            assert found in answers, (name, params, f"from graph {now}, swapped before read {swap_before}")
            now = 1 - now


def test_a_swap_at_any_read_of_the_whole_graph_gives_one_graphs_file(
    engine: Engine, graphs: list[Path], catalog: Catalog
) -> None:
    """``GET /v1/graph`` reads every table, one call each or more: one graph's, all of them."""

    def whole(engine: Any) -> bytes:
        with TestClient(create_app(engine, catalog)) as client:
            response = client.get("/v1/graph", params={"format": "graphml"})
        assert response.status_code == 200, response.text
        return response.content

    expected, reads = [], []
    for folder in graphs:
        import_dataset(engine, folder, replace=True)
        counting = SwappingEngine(engine, folder, swap_before=-1)
        expected.append(whole(counting))
        reads.append(counting.reads)
    assert expected[0] != expected[1]
    assert min(reads) > 10
    now = 1  # the graph the engine holds; each swap goes to the other
    for swap_before in range(max(reads)):
        if swap_before >= reads[now]:
            import_dataset(engine, graphs[1 - now], replace=True)
            now = 1 - now
        swapping = SwappingEngine(engine, graphs[1 - now], swap_before)
        found = whole(swapping)
        assert swapping.swapped
        assert found in expected, f"from graph {now}, swapped before read {swap_before}"
        now = 1 - now
