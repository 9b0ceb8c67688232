"""Storing each recurring text once in a bulk-loaded FalkorDB graph.

FalkorDB's bulk loader copies every string it is sent: five million deliverables of nine
categories are five million copies of "product", "information", ... So the loader sends
each recurring value (an enumeration, a date, a sector: ``Field.recurring``) as an integer
code, and once a table is loaded, writes turn its codes into interned strings (``intern()``:
one shared copy of each distinct text). The staging graph is not read before they end.
Upserts intern the same texts (``service.ingest.writer``): FalkorDB groups an interned text
apart from a plain copy of it, so a graph holds every recurring text interned.

Those writes cost FalkorDB 3 to 4 µs per entity, the bulk loader well under one. They run
while the next tables load, yet the import takes about 1.6 times as long, for about a
fifth less engine memory (at 1M companies, 1.8 GB instead of 2.2 GB).

A column's codes stop growing at ``MAX_WORDS`` distinct texts; later texts travel as they
are, and the write interns them too. The write goes over ranges of node ids of at most
``CHUNK`` entities each: FalkorDB holds about 3 kB per entity a write updates until the
write commits.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from service.ingest.schema import Table
from service.model import LABELS, RELATIONSHIPS

__all__ = ["CHUNK", "MAX_WORDS", "Vocabularies", "id_ranges"]

MAX_WORDS = 65_536
CHUNK = 20_000


class Vocabularies:
    """The codes of a bulk load's recurring columns, and the writes that turn them into texts."""

    def __init__(self, limit: int = MAX_WORDS, chunk: int = CHUNK) -> None:
        self.limit = limit
        self.chunk = chunk  # entities per interning write
        self._columns: dict[tuple[str, str], _Vocabulary] = {}

    def codes(self, table: Table, frame: pd.DataFrame) -> dict[str, np.ndarray]:
        """Each recurring column's code per row of ``frame``; -1 for no code (empty, or past
        the limit)."""
        recurring = [f.name for f in table.properties if f.recurring]
        return {name: self._column(table, name).codes(frame[name]) for name in recurring if name in frame}

    def interning(self, table: Table) -> tuple[str, dict[str, Any]] | None:
        """The write (Cypher and parameters) that sets ``table``'s codes to interned texts,
        for the nodes (or the relationships' sources) of ids ``$low`` to ``$high`` (excluded);
        None if it sent no code."""
        columns = [
            (name, words) for (owner, name), words in self._columns.items() if owner == table.name and words.codes_of
        ]
        if not columns:
            return None
        if table.label is not None:
            assert table.label in LABELS
            pattern = f"(n:{table.label}) WHERE id(n) >= $low AND id(n) < $high"
        else:
            assert table.relationship in RELATIONSHIPS
            pattern = f"(a) WHERE id(a) >= $low AND id(a) < $high MATCH (a)-[n:{table.relationship}]->()"
        pools = ", ".join(f"[w IN $w{i} | intern(w)] AS w{i}" for i in range(len(columns)))
        params = {f"w{i}": list(words.codes_of) for i, (_name, words) in enumerate(columns)}
        texts = [words.lookup(f"w{i}", f"n.{name}") for i, (name, words) in enumerate(columns)]
        names = [name for name, _words in columns]
        if not any(words.overflowed for _name, words in columns):
            sets = ", ".join(f"n.{name} = {text}" for name, text in zip(names, texts, strict=True))
            return f"WITH {pools} MATCH {pattern} SET {sets}", params
        # FalkorDB leaves a text set to an equal one as it was: a text sent as it is is set
        # to a number first, then to its interned copy. (Removing it first instead loses
        # other properties of the entity: FalkorDB 4.16 drops a property when several are
        # removed and set again in one query.)
        held = ", ".join(f"{text} AS t{i}" for i, text in enumerate(texts))
        numbers = ", ".join(f"n.{name} = -1" for name in names)
        sets = ", ".join(f"n.{name} = t{i}" for i, name in enumerate(names))
        kept = ", ".join(f"t{i}" for i in range(len(names)))
        return f"WITH {pools} MATCH {pattern} WITH n, {held} SET {numbers} WITH n, {kept} SET {sets}", params

    def _column(self, table: Table, name: str) -> _Vocabulary:
        return self._columns.setdefault((table.name, name), _Vocabulary(self.limit))


def id_ranges(counts: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Consecutive ranges ``[low, high)`` of node ids that cover every nonzero count (the
    entities of node ``i``), each holding at most ``limit`` entities or one node's.

    >>> id_ranges(np.array([0, 2, 2, 0, 5, 1]), limit=4)
    [(0, 4), (4, 5), (5, 6)]
    """
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    ranges = []
    low = before = 0
    while before < total:
        within = int(np.searchsorted(ends, before + limit, side="right"))
        next_one = int(np.searchsorted(ends, before, side="right")) + 1  # the next node with entities
        high = max(within, next_one)
        ranges.append((low, high))
        low, before = high, int(ends[high - 1])
    return ranges


class _Vocabulary:
    """The codes of one column, numbered in order of first sight."""

    def __init__(self, limit: int) -> None:
        self.codes_of: dict[str, int] = {}
        self.limit = limit
        self.overflowed = False  # some texts were sent as they are

    def codes(self, series: pd.Series) -> np.ndarray:
        positions, uniques = pd.factorize(series)  # -1 where empty
        for text in uniques:
            if text not in self.codes_of and len(self.codes_of) < self.limit:
                self.codes_of[text] = len(self.codes_of)
        table = np.array([self.codes_of.get(text, -1) for text in uniques] + [-1], dtype=np.int64)
        codes: np.ndarray = table[positions]  # position -1 picks the last entry: no code
        self.overflowed |= bool((codes < 0).sum() > (positions < 0).sum())
        return codes

    def lookup(self, pool: str, value: str) -> str:
        """Cypher for the interned text of ``value``'s code in ``pool`` (or of a text sent as it is)."""
        if not self.overflowed:
            return f"{pool}[{value}]"
        # FalkorDB evaluates every argument (and every branch of a CASE) whatever the value:
        # the index must be null for a text, and intern() must be given text for a code.
        code = f"CASE WHEN typeOf({value}) = 'Integer' THEN {value} END"
        return f"coalesce({pool}[{code}], intern(toString({value})))"
