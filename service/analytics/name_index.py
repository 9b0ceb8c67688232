"""Companies' names held in memory, to find those containing a text without reading every
name: what this buys is ``search_companies`` in a few milliseconds at 1M companies, where
the engines' scan of every name took 400 to 550 ms.

Companies are held in the order of the answers, by name and then id (code point order: the
same on both engines), each as its rank in that order. Names are case-folded
(``str.casefold``: "STRASSE" finds "Straße") and kept as UTF-8 in one text, each followed
by a NUL, which neither a name nor a parameter holds (both are refused). A text of UTF-8
found in UTF-8 starts at a character, so a name contains a text exactly when its bytes
contain the text's bytes.
Beside it, for every three bytes of a name (the last ones followed by the NULs after it),
the ranks of the names holding them: the names holding a text of three bytes or fewer are
those under the keys starting with it (one range of keys), and those holding a longer one
are among the names holding each of its three-byte pieces. A text is answered by the
smallest way to its first matches, in rank order:

- a text of three bytes: the ranks under its key, filtered by sector and country as
  arrays, as far as the page needs;
- a rare text (at most ``sparse`` entries under its keys, ``SPARSE_PER_MILLION`` per
  million companies): its ranks, filtered by sector and country as arrays, a longer text
  checked name by name until the page is full;
- else, with a sector and country holding at most ``sparse`` companies: their names,
  checked one by one until the page is full;
- else the text of names scanned (``bytes.find``, in C) until the page is full, from the
  first name that may hold it (each of its pieces has a first name): a frequent text
  fills it within the next names.

Its size grows with the names' bytes: at 20,000 generated companies (20 bytes a name) 3
MiB, so about 150 MiB at 1M (20M entries of 4 bytes, the names' text, 16 bytes an id, 8
a name's start, 12 a company for sector and country). The build sorts the entries a slice
of ``SLICE`` companies at a time, then merges them (at 1M, estimated under 1 GB at its
peak with the rows read; not measured there).
The worst case is a fragment of four bytes or more, rare or frequent only among names late
in the order, whose pieces are all frequent from the start: its scan reads most of the
text (``bytes.find`` took 20 to 30 ms for 21 MB on 2 busy cores).

The closest companies to a value that names none (``closest``) come from a second text,
``ByLength``: each company's folded name and id, shortest name first. A scan of it stops at
the first companies holding the value, which are the closest; a value nothing holds reads
it all, in C (about 32 MB at 1M companies), where the engines compared every name and id
in Cypher. It adds about 45 MiB at 1M.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from service.analytics.per_graph import PerGraph, graph_version
from service.analytics.rows import COMPANY_NAMES, CompanyName
from service.queries.steps import Steps

__all__ = ["NAMES", "ByLength", "NameIndex", "closest_companies", "name_index"]

#: Companies read per call of the build, and whose entries are sorted at once.
SLICE = 100_000
#: Entries under a text's keys up to which its ranks are read (beyond, the text is frequent
#: enough to fill a page within the first names): this many, and this many per million
#: companies (about 1 ms of array work at 1M).
SPARSE_MIN = 1_024
SPARSE_PER_MILLION = 32_000
Ranks = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Facet:
    """A property companies are filtered on (sector, country): each company's value as a
    code, and the ranks of each value's companies."""

    codes: npt.NDArray[np.int32]  # by rank; -1 where the company has none
    values: dict[str, int]
    ranks: Ranks  # by code, then rank
    bounds: npt.NDArray[np.int64]  # the ranks of code c: ranks[bounds[c]:bounds[c + 1]]

    @classmethod
    def of(cls, column: Sequence[str | None]) -> Facet:
        values: dict[str, int] = {}
        codes = np.fromiter(
            (-1 if v is None else values.setdefault(v, len(values)) for v in column), np.int32, len(column)
        )
        ranks = np.argsort(codes, kind="stable").astype(np.int32)
        bounds = np.searchsorted(codes[ranks], np.arange(-1, len(values)), side="right").astype(np.int64)
        return cls(codes, values, ranks[bounds[0] :], bounds - bounds[0])

    def ranks_of(self, code: int) -> Ranks:
        return self.ranks[self.bounds[code] : self.bounds[code + 1]]


@dataclass(frozen=True)
class ByLength:
    """Every company's case-folded name and id, each followed by a NUL, in the order of
    ``ORDER BY size(name), name, id`` (names' lengths in characters): the first entries
    holding a text are the companies closest to it."""

    text: bytes
    starts: npt.NDArray[np.int64]  # where each entry starts in ``text``, and the end
    ranks: Ranks  # each entry's company, as its rank in the name index

    @classmethod
    def of(cls, names: Sequence[str], folded: Sequence[bytes], ids: Sequence[str]) -> ByLength:
        """Of the companies in rank order (by name, then id): their names, folded names and ids."""
        lengths = np.fromiter(map(len, names), np.int64, len(names))
        ranks = np.argsort(lengths, kind="stable").astype(np.int32)  # ties stay by name, then id
        entries = [folded[r] + b"\0" + ids[r].casefold().encode() + b"\0" for r in ranks.tolist()]
        sizes = np.fromiter(map(len, entries), np.int64, len(entries))
        return cls(b"".join(entries), np.r_[0, np.cumsum(sizes)].astype(np.int64), ranks)

    def first(self, needle: bytes, wanted: int) -> list[int]:
        """The ranks of the first ``wanted`` companies whose folded name or id holds ``needle``
        (not empty, no NUL: it never spans two entries)."""
        found: list[int] = []
        at = 0
        while len(found) < wanted:
            hit = self.text.find(needle, at)
            if hit < 0:
                break
            entry = int(np.searchsorted(self.starts, hit, side="right")) - 1
            found.append(int(self.ranks[entry]))
            at = int(self.starts[entry + 1])
        return found


@dataclass(frozen=True)
class NameIndex:
    """The companies by name and id (see the module's docstring)."""

    text: bytes  # case-folded names in rank order, each followed by a NUL; two more at the end
    starts: npt.NDArray[np.int64]  # where each name starts in ``text``, and the end
    ids: npt.NDArray[Any]  # by rank (numpy's variable-width strings)
    sector: Facet
    country: Facet
    keys: npt.NDArray[np.int32]  # three bytes as one number, each key once, ascending
    key_starts: npt.NDArray[np.int64]  # the ranks under keys[k]: ranks[key_starts[k]:key_starts[k + 1]]
    ranks: Ranks  # ascending under each key
    by_length: ByLength

    @classmethod
    def of(cls, companies: list[CompanyName]) -> NameIndex:
        """The index of ``companies``."""
        rows = sorted(companies, key=lambda row: (row.name, row.id))
        folded = [row.name.casefold().encode() for row in rows]
        text = b"\0".join(folded) + b"\0\0\0"
        lengths = np.fromiter(map(len, folded), np.int64, len(folded)) + 1
        starts = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        keys, key_starts, ranks = _pieces(np.frombuffer(text, dtype=np.uint8), starts)
        return cls(
            text=text,
            starts=starts,
            ids=np.array([row.id for row in rows], dtype=np.dtypes.StringDType()),
            sector=Facet.of([row.sector for row in rows]),
            country=Facet.of([row.country for row in rows]),
            keys=keys,
            key_starts=key_starts,
            ranks=ranks,
            by_length=ByLength.of([row[1] for row in rows], folded, [row[0] for row in rows]),
        )

    def __str__(self) -> str:
        return f"{len(self.ids):,} company names"

    @property
    def sparse(self) -> int:
        return max(SPARSE_MIN, len(self.ids) * SPARSE_PER_MILLION // 1_000_000)

    def matches(self, q: str, sector: str | None, country: str | None, wanted: int) -> list[int]:
        """The ranks of the first ``wanted`` companies whose name contains ``q`` (case-folded;
        every company when empty), of that sector and country where given."""
        needle = q.casefold().encode()
        chosen = [(f, f.values.get(v)) for f, v in ((self.sector, sector), (self.country, country)) if v is not None]
        held = [(facet, code) for facet, code in chosen if code is not None]
        if len(held) < len(chosen):  # a value no company has
            return []
        found, first = self._postings(needle)
        if found is not None and len(needle) <= 3:
            return self._held(found, held, wanted)
        if found is not None:
            for facet, code in held:
                found = found[facet.codes[found] == code]
            return self._checked(found, needle, wanted)
        allowed = None
        if held:
            facet, code = min(held, key=lambda f: len(f[0].ranks_of(f[1])))
            allowed = facet.ranks_of(code)
            for other, other_code in held:
                allowed = allowed[other.codes[allowed] == other_code]
        if not needle:
            return allowed[:wanted].tolist() if allowed is not None else list(range(min(wanted, len(self.ids))))
        if allowed is not None and len(allowed) <= self.sparse:
            return self._checked(allowed, needle, wanted)
        return self._scanned(needle, wanted, held, first)

    def closest(self, q: str, wanted: int) -> list[int]:
        """The ranks of the first ``wanted`` companies whose name or id contains ``q`` (not
        empty; case-folded), shortest name first, then by name and id."""
        return self.by_length.first(q.casefold().encode(), wanted)

    def ids_of(self, ranks: Sequence[int]) -> list[str]:
        found: list[str] = self.ids[np.asarray(ranks, dtype=np.int64)].tolist()
        return found

    def _postings(self, needle: bytes) -> tuple[Ranks | None, int]:
        """The ranks (ascending) of the names holding every three bytes of ``needle`` (of
        those starting with it when shorter: exactly the names holding it; of three bytes,
        whatever their number); or, when empty or when more than ``sparse`` entries would be
        read, None and the first rank that may hold it (names sort by their start: a
        fragment may be frequent late only)."""
        if not needle:
            return None, 0
        if len(needle) <= 3:
            lo = int.from_bytes(needle.ljust(3, b"\0"), "big")
            hi = int.from_bytes(needle.ljust(3, b"\xff"), "big") + 1
            first, last = np.searchsorted(self.keys, [lo, hi])
            start, end = int(self.key_starts[first]), int(self.key_starts[last])
            if end - start > self.sparse and len(needle) < 3:  # one key's list is read as far as needed
                return None, int(self.ranks[self.key_starts[first:last]].min())
            found = self.ranks[start:end]
            return (found if last - first <= 1 else np.unique(found)), 0
        grams = np.frombuffer(needle, dtype=np.uint8).astype(np.int32)
        keys = np.unique((grams[:-2] << 16) | (grams[1:-1] << 8) | grams[2:])
        at = np.searchsorted(self.keys, keys)
        if (at >= len(self.keys)).any() or (self.keys[np.minimum(at, len(self.keys) - 1)] != keys).any():
            return np.empty(0, dtype=np.int32), 0  # a piece no name holds
        sizes = self.key_starts[at + 1] - self.key_starts[at]
        order = np.argsort(sizes)
        if sizes[order[0]] > self.sparse:
            return None, int(self.ranks[self.key_starts[at]].max())  # a name holds every piece
        found = self._under(int(at[order[0]]))
        for k in order[1:4]:  # the next rarest pieces narrow it; the check does the rest
            under = self._under(int(at[k]))
            place = np.minimum(np.searchsorted(under, found), len(under) - 1)
            found = found[under[place] == found]
        return found, 0

    def _held(self, ranks: Ranks, held: list[tuple[Facet, int]], wanted: int) -> list[int]:
        """The first ``wanted`` of ``ranks`` (ascending) that have the ``held`` codes, read in
        growing slices."""
        found: list[int] = []
        start, size = 0, max(wanted, 1_024)
        while start < len(ranks) and len(found) < wanted:
            part = ranks[start : start + size]
            for facet, code in held:
                part = part[facet.codes[part] == code]
            found += part.tolist()
            start, size = start + size, size * 2
        return found[:wanted]

    def _under(self, k: int) -> Ranks:
        return self.ranks[self.key_starts[k] : self.key_starts[k + 1]]

    def _checked(self, candidates: Ranks, needle: bytes, wanted: int) -> list[int]:
        """The first ``wanted`` of ``candidates`` (ascending) whose name holds ``needle``."""
        found: list[int] = []
        find = self.text.find
        for lo in range(0, len(candidates), 4_096):
            chunk = candidates[lo : lo + 4_096]
            bounds = zip(chunk.tolist(), self.starts[chunk].tolist(), self.starts[chunk + 1].tolist(), strict=True)
            for rank, start, end in bounds:
                if find(needle, start, end) >= 0:
                    found.append(rank)
                    if len(found) == wanted:
                        return found
        return found

    def _scanned(self, needle: bytes, wanted: int, held: list[tuple[Facet, int]], first: int) -> list[int]:
        """The first ``wanted`` ranks whose name holds ``needle`` and that have the ``held``
        codes, scanning the names' text from the name of rank ``first``."""
        found: list[int] = []
        text, rank, at = self.text, first, int(self.starts[first])
        while len(found) < wanted:
            hit = text.find(needle, at)
            if hit < 0:
                break
            rank += text.count(b"\0", at, hit)  # the names passed since ``at``
            if all(facet.codes[rank] == code for facet, code in held):
                found.append(rank)
            at = text.index(b"\0", hit) + 1
            rank += 1
        return found


def name_index(steps: Steps) -> NameIndex:
    """The index of the graph ``steps.question`` reads: held per graph version, or, where the
    engine has none (an external FalkorDB), built for this question alone."""
    index = NAMES.get(steps)
    return _build(steps) if index is None else index


def closest_companies(steps: Steps, text: str, wanted: int) -> list[tuple[str, str]]:
    """(id, name) of the first ``wanted`` companies whose name or id contains ``text``
    whatever the case, shortest name first (see ``NameIndex.closest``)."""
    index = name_index(steps)
    ids = index.ids_of(index.closest(text, wanted))
    about = steps.companies(ids) if ids else {}
    return [(i, about[i].name) for i in ids]


def _build(steps: Steps) -> NameIndex:
    rows: list[CompanyName] = []
    while True:  # in slices by id, each after the last one read
        part = steps.run(COMPANY_NAMES, after=rows[-1].id if rows else "", size=SLICE)
        rows += part
        if len(part) < SLICE:
            break
    return NameIndex.of(rows)


def _pieces(text: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64]) -> tuple[Any, Any, Ranks]:
    """Every three bytes starting in a name, as a key, with the names holding it (each once,
    ascending): sorted a slice of names at a time, then merged (sorted runs)."""
    parts = []
    for lo in range(0, len(starts) - 1, SLICE):
        hi = min(lo + SLICE, len(starts) - 1)
        a, b = int(starts[lo]), int(starts[hi])
        piece = text[a : b + 2].astype(np.int64)
        keys = (piece[:-2] << 16) | (piece[1:-1] << 8) | piece[2:]
        owner = np.repeat(np.arange(lo, hi, dtype=np.int64), np.diff(starts[lo : hi + 1]))
        inside = text[a:b] != 0
        parts.append(np.unique((keys[inside] << 32) | owner[inside]))
    pairs = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    pairs.sort(kind="stable")  # sorted runs, one a slice: merged
    keys = (pairs >> 32).astype(np.int32)
    ranks = (pairs & 0xFFFFFFFF).astype(np.int32)
    del pairs
    firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.empty(0, dtype=np.int64)
    return keys[firsts], np.r_[firsts, len(keys)].astype(np.int64), ranks


#: Per graph version on both engines.
NAMES = PerGraph("name index", _build, graph_version)
