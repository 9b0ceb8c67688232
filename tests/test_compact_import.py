"""``import --compact``: recurring texts sent as codes and interned afterwards must give the
very graph a plain import gives, whatever the vocabulary limit and the write ranges."""

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
from service.errors import InvalidParameter
from service.ingest import importer
from service.ingest.importer import import_dataset
from service.ingest.schema import TABLES
from service.ingest.vocabulary import Vocabularies, id_ranges
from tests.test_import import exported, same_files, snapshot
from tests.utils.datasets import basic_tables, write_dataset


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


@pytest.mark.parametrize(("limit", "chunk"), [(65_536, 20_000), (3, 7)])
def test_compact_import_stores_the_same_graph_as_a_plain_one(
    falkordb: FalkorDBEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, chunk: int
) -> None:
    assert not import_dataset(falkordb, DEMO_DIR, compact=False).compact
    plain = exported(falkordb, tmp_path / "plain")
    falkordb.clear()
    # (3, 7): most texts come past the limit, so columns mix codes and texts, and the
    # interning writes go over many small ranges of node ids
    monkeypatch.setattr(importer, "Vocabularies", functools.partial(Vocabularies, limit=limit, chunk=chunk))
    summary = import_dataset(falkordb, DEMO_DIR)  # compact: the default of a bulk load
    assert (summary.method, summary.compact) == ("bulk", True)
    assert same_files(exported(falkordb, tmp_path / "compact"), plain)
    types = recurring_types(falkordb)
    assert {kind for _name, kind in types} == {"String"}, types
    assert {name for name, _kind in types} >= {"delivers.category", "delivers.start", "company.sector", "contract.kind"}


def test_a_table_with_one_recurring_column_is_not_coded() -> None:
    frame = pd.DataFrame({"source": ["c1"], "target": ["k1"], "role": ["supplier"]})
    assert Vocabularies().codes(TABLES["party_to"], frame) == {}
    delivers = Vocabularies().codes(TABLES["delivers"], pd.DataFrame({"nature": ["tangible"], "category": ["product"]}))
    assert {name: list(codes) for name, codes in delivers.items()} == {"nature": [0], "category": [0]}


def test_compact_import_needs_a_bulk_load(engine: Engine, tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", **basic_tables())
    import_dataset(engine, folder)
    before = snapshot(engine)
    with pytest.raises(InvalidParameter, match="'compact': applies to a bulk load only"):
        import_dataset(engine, folder, compact=True)
    assert snapshot(engine) == before


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
