"""A bulk load's recurring texts, sent as codes and interned afterwards, must give the very
graph upserts give, whatever the vocabulary limit and the write ranges, and group with the
texts later upserts write."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from service.demo import DEMO_DIR
from service.engines import Engine
from service.engines.falkordb import FalkorDBEngine
from service.ingest import importer
from service.ingest.importer import import_dataset
from service.ingest.schema import TABLES
from service.ingest.vocabulary import Vocabularies, id_ranges
from tests.test_import import exported, same_files
from tests.utils.datasets import write_dataset


def recurring_types(engine: Engine) -> set[tuple[str, str]]:
    """(property, type) of every recurring property stored, over nodes and relationships."""
    found = set()
    for table in TABLES.values():
        for field in table.properties:
            if field.recurring:
                pattern = f"(x:{table.label})" if table.label else f"()-[x:{table.relationship}]->()"
                rows = engine.read(
                    f"MATCH {pattern} WHERE x.{field.name} IS NOT NULL RETURN DISTINCT typeOf(x.{field.name})"
                )
                found |= {(f"{table.name}.{field.name}", row[0]) for row in rows.rows}
    return found


def upserted_demo(engine: Engine, tmp_path: Path) -> None:
    """The demo imported through upserts (into a graph that is not empty)."""
    first = pd.read_csv(DEMO_DIR / "company.csv", dtype=str).head(1)
    import_dataset(engine, write_dataset(tmp_path / "first", company=first.to_dict("records")))
    assert import_dataset(engine, DEMO_DIR).method == "upsert"


@pytest.mark.parametrize(("limit", "chunk"), [(65_536, 20_000), (3, 7)])
def test_a_bulk_load_stores_the_graph_upserts_store(
    falkordb: FalkorDBEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, chunk: int
) -> None:
    upserted_demo(falkordb, tmp_path)
    upserted = exported(falkordb, tmp_path / "upserted")
    falkordb.clear()
    # (3, 7): most texts come past the limit, so columns mix codes and texts, and the
    # interning writes go over many small ranges of node ids
    monkeypatch.setattr(importer, "Vocabularies", functools.partial(Vocabularies, limit=limit, chunk=chunk))
    assert import_dataset(falkordb, DEMO_DIR).method == "bulk"
    assert same_files(exported(falkordb, tmp_path / "bulk"), upserted)
    types = recurring_types(falkordb)
    assert {kind for _name, kind in types} == {"String"}, types
    assert {name for name, _kind in types} >= {"delivers.category", "delivers.start", "company.sector", "party_to.role"}


@pytest.mark.parametrize("limit", [65_536, 3])
def test_texts_upserted_after_a_bulk_load_group_with_the_loaded_ones(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """FalkorDB groups an interned text apart from a plain copy of it; an upsert after a bulk
    load must store its texts as the load did, or ``count(*)`` by category splits in two."""
    monkeypatch.setattr(importer, "Vocabularies", functools.partial(Vocabularies, limit=limit))
    import_dataset(engine, DEMO_DIR)
    tables = {
        name: pd.read_csv(DEMO_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("company", "delivers")
    }
    extra = {
        "company": tables["company"].head(3).assign(id=lambda f: "new-" + f["id"]),
        "delivers": tables["delivers"].head(3).assign(id=lambda f: "new-" + f["id"]),
    }
    import_dataset(engine, write_dataset(tmp_path / "extra", **{k: v.to_dict("records") for k, v in extra.items()}))
    for name, pattern, column in [
        ("company", "(x:Company)", "sector"),
        ("company", "(x:Company)", "country"),
        ("delivers", "()-[x:DELIVERS]->()", "category"),
        ("delivers", "()-[x:DELIVERS]->()", "start"),
    ]:
        rows = engine.read(f"MATCH {pattern} WHERE x.{column} IS NOT NULL RETURN x.{column}, count(*)").rows
        values = pd.concat([tables[name], extra[name]])[column]
        expected = values[values != ""].value_counts().to_dict()
        assert sorted(map(tuple, rows)) == sorted(expected.items()), column


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_id_ranges_cover_every_entity_in_bounded_consecutive_ranges(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.zipf(1.6, 2_000) * rng.integers(0, 2, 2_000)  # heavy-tailed, many zeros
    ranges = id_ranges(counts, 50)
    assert ranges[0][0] == 0
    assert all(high == low for (_a, high), (low, _b) in itertools.pairwise(ranges))
    assert counts[ranges[-1][1] :].sum() == 0
    for low, high in ranges:
        held = counts[low:high]
        assert 0 < held.sum() <= 50 or np.count_nonzero(held) == 1
