"""Importing a dataset: validate everything, then write it all or nothing.

The writes go through the engine's ``staged`` context, so a reader (or a crash) sees the
graph as it was before or as it is after. Into an empty graph (or with ``replace``) on
FalkorDB, tables go through ``GRAPH.BULK``; otherwise rows are upserted by id with
``UNWIND $rows ... MERGE`` batches. Re-importing the same dataset changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from service.engines.base import Engine, Result, Stage
from service.ingest import bulk
from service.ingest.lane import Lane
from service.ingest.schema import TABLES
from service.ingest.scratch import remove_leftovers
from service.ingest.sources import TableFile, open_dataset
from service.ingest.validate import Checked, typed_batches, validate
from service.ingest.vocabulary import Vocabularies, id_ranges
from service.ingest.writer import write_frame
from service.settings import DEFAULT_LIMITS, ImportLimits

__all__ = ["ImportSummary", "import_dataset"]

Progress = Callable[[str, str, int, int], None]  # phase, table, rows done, rows in table


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    rows: dict[str, int]
    seconds: float
    method: str  # "bulk" or "upsert"


def import_dataset(
    engine: Engine,
    path: Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportSummary:
    """Import the dataset at ``path`` (folder or .zip) into ``engine``'s graph.

    Into a fresh stage (an empty graph, or ``replace``) on FalkorDB, validation and the bulk
    load are one pass over the data: a problem stops the sending, and the stage, never
    visible, is dropped. Otherwise the whole dataset is validated before any upsert.

    A bulk load stores each recurring text once (see ``service.ingest.vocabulary``).

    ``limits`` bound what the dataset may hold (see ``service.settings.ImportLimits``). Scratch
    folders that killed imports left behind are removed first.

    >>> import_dataset(engine, Path("exports/2026-11"))   # doctest: +SKIP
    ImportSummary(rows={'company': 120, ...}, seconds=0.4, method='bulk')
    """
    started = time.perf_counter()
    remove_leftovers()
    with open_dataset(path, limits) as files, engine.staged(replace=replace) as stage:
        if stage.fresh and isinstance(stage, BulkStage):
            with _BulkLoader(stage, progress, Vocabularies()) as loader:
                checked = validate(files, engine, replace=True, progress=None, sink=loader)
                loader.finish()
            method = "bulk"
        else:
            report = (lambda table, done: progress("validate", table, done, 0)) if progress else None
            checked = validate(files, engine, replace=replace, progress=report)
            _upsert(stage, files, checked, progress)
            method = "upsert"
    return ImportSummary(checked.rows, time.perf_counter() - started, method)


@runtime_checkable
class BulkStage(Stage, Protocol):
    """A stage that can take FalkorDB's bulk loader (a fresh FalkorDB staging graph)."""

    def bulk_insert(
        self, node_count: int, edge_count: int, labels: list[bytes], types: list[bytes], *, begin: bool
    ) -> None: ...

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result: ...


def _upsert(stage: Stage, files: list[TableFile], checked: Checked, progress: Progress | None) -> None:
    for table_file in files:
        done = 0
        for frame in typed_batches(table_file):
            done += write_frame(stage, table_file.table, frame)
            if progress:
                progress("write", table_file.name, done, checked.rows[table_file.table.name])


class _BulkLoader:
    """Encodes each validated batch and sends it; nodes come first, so their order of
    arrival is their bulk index (which validation computed for relationship ends).

    The batches go through a lane (``service.ingest.lane``): the engine takes one while the
    next is read, checked and encoded. Recurring texts go as codes,
    and each table, once whole, has its codes set to interned texts by a second lane, while
    the next tables load (no later table changes an earlier one's entities).
    Use it as a context manager: leaving the block joins both lanes.
    """

    def __init__(self, stage: BulkStage, progress: Progress | None, vocabularies: Vocabularies) -> None:
        self.stage = stage
        self.progress = progress
        self.vocabularies = vocabularies
        self.sending = Lane("valuenet-bulk")
        self.interning = Lane("valuenet-intern", depth=len(TABLES))
        self.begin = True
        self.done: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.nodes = 0  # nodes sent: the next node's id
        self.table: TableFile | None = None
        self.counts = np.zeros(0, dtype=np.int64)  # coded entities of the table, per node id

    def __call__(self, table_file: TableFile, frame: pd.DataFrame, ends: dict[str, np.ndarray]) -> None:
        table = table_file.table
        if table_file is not self.table:
            self._intern()
            self.table = table_file
        codes = self.vocabularies.codes(table, frame)
        if table.label is not None:
            fields = [f for f in table.fields if f.name in frame]
            blob = bulk.encode(table.label, frame, fields, codes=codes)
            self._send(len(frame), 0, [blob], [])
            ids = np.arange(self.nodes, self.nodes + len(frame))
            self.nodes += len(frame)
        else:
            assert table.relationship is not None
            fields = [f for f in table.fields if f.name in frame and (f.name == "id" or f in table.properties)]
            blob = bulk.encode(table.relationship, frame, fields, (ends["source"], ends["target"]), codes)
            self._send(0, len(frame), [], [blob])
            ids = ends["source"]
        if codes:
            self._count(ids)
        self.done[table_file.name] = self.done.get(table_file.name, 0) + len(frame)
        if self.progress:
            if table_file.name not in self.totals:
                self.totals[table_file.name] = table_file.estimated_rows()
            self.progress("import", table_file.name, self.done[table_file.name], self.totals[table_file.name])

    def finish(self) -> None:
        """Intern the last table's codes, and wait until the engine has taken everything."""
        self._intern()
        self.sending.close()
        self.interning.close()

    def __enter__(self) -> _BulkLoader:
        return self

    def __exit__(self, *error: Any) -> None:
        self.sending.__exit__(*error)
        self.interning.__exit__(*error)

    def _send(self, node_count: int, edge_count: int, labels: list[bytes], types: list[bytes]) -> None:
        begin, self.begin = self.begin, False
        self.sending.submit(lambda: self.stage.bulk_insert(node_count, edge_count, labels, types, begin=begin))

    def _count(self, ids: np.ndarray) -> None:
        if len(self.counts) < self.nodes:
            self.counts = np.pad(self.counts, (0, self.nodes - len(self.counts)))
        self.counts += np.bincount(ids, minlength=self.nodes)

    def _intern(self) -> None:
        """Set the finished table's codes to their texts, range by range of node ids."""
        table_file, counts = self.table, self.counts
        self.table, self.counts = None, np.zeros(0, dtype=np.int64)
        if table_file is None:
            return
        interning = self.vocabularies.interning(table_file.table)
        if interning is None:
            return
        cypher, params = interning
        ends = np.cumsum(counts)
        ranges = [(low, high, int(ends[high - 1])) for low, high in id_ranges(counts, self.vocabularies.chunk)]
        total = int(ends[-1])

        def intern() -> None:
            for low, high, done in ranges:
                self.stage.write(cypher, {**params, "low": low, "high": high})
                if self.progress:
                    self.progress("intern", table_file.name, done, total)

        # Queued behind the table's last batch: it starts once the engine holds the whole table.
        self.sending.submit(lambda: self.interning.submit(intern))
