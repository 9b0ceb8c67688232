"""Compact, exact sets of ids for validating a large dataset.

A pandas ``Index`` of 1.7M ids costs about 120 bytes an id (a Python string each, and a
hash table); here an id costs about 28: its text in one Arrow array, a 64-bit hash and a
position, sorted by hash. A lookup is a binary search on the hash, confirmed by comparing
the texts, so a hash collision never passes one id for another.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["IdIndex", "hashed", "repeats"]


def hashed(values: pd.Series) -> np.ndarray:
    """64-bit hashes of text values: equal texts hash equal, whatever their dtype."""
    hashes: np.ndarray = pd.util.hash_pandas_object(values.astype("str"), index=False).to_numpy()
    return hashes


def repeats(ordered: np.ndarray) -> np.ndarray:
    """The values that occur more than once in a sorted array."""
    return np.unique(ordered[1:][ordered[1:] == ordered[:-1]])


class IdIndex:
    """Ids in file order; ``positions`` finds where given ids first occur (-1 if absent).

    ``hashes`` are ``hash(ids)``, computed by the caller batch by batch as the ids arrive.
    ``repeated`` marks, in file order, the ids whose hash is shared: duplicate ids are
    among them.
    """

    def __init__(self, ids: pd.Series, hashes: np.ndarray, hash: Callable[[pd.Series], np.ndarray] = hashed) -> None:
        self._hash = hash
        self._texts = _arrow(ids)
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._order = order.astype(np.uint32 if len(order) < 2**32 else np.int64)
        # Ids sharing a hash (a collision, or a duplicate id) are looked up by their text.
        self._shared_hashes = repeats(self._hashes)
        self.repeated = np.zeros(len(hashes), dtype=bool)
        self.repeated[order] = np.isin(self._hashes, self._shared_hashes)
        self._shared: dict[str, int] = {}
        for position, text in zip(np.flatnonzero(self.repeated).tolist(), ids[self.repeated].tolist(), strict=True):
            self._shared.setdefault(text, position)

    def positions(self, values: pd.Series) -> np.ndarray:
        """Position in file order of each value's first occurrence, or -1."""
        found = np.full(len(values), -1, dtype=np.int64)
        if not len(self._hashes) or not len(values):
            return found
        wanted = self._hash(values)
        at = np.minimum(np.searchsorted(self._hashes, wanted), len(self._hashes) - 1)
        hit = np.flatnonzero(self._hashes[at] == wanted)
        candidates = self._order[at[hit]].astype(np.int64)
        same = pc.fill_null(pc.equal(self._texts.take(candidates), _arrow(values.iloc[hit])), False)
        same = same.to_numpy(zero_copy_only=False)
        found[hit[same]] = candidates[same]
        for row in np.flatnonzero(np.isin(wanted, self._shared_hashes)).tolist():
            found[row] = self._shared.get(str(values.iloc[row]), -1)
        return found


def _arrow(values: pd.Series) -> pa.Array:
    """The values as one Arrow text array (no Python string per value)."""
    array = pa.array(values.astype("str").array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
