"""Everything random in a generated industry: numpy ``PCG64`` streams seeded by ``(seed,
purpose, number)``, and a counter-based hash of a company's index, the same wherever it
is computed."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Random streams: (seed, purpose, number).
CHUNK_STREAM, MARKET_STREAM, CATALOGUE_STREAM, ECOSYSTEM_STREAM, ROLE_STREAM = 1, 2, 3, 4, 5
# Counter-based hashes of a company's index: (seed, purpose).
SOLE_HASH, STREAM_HASH, STREAMS_HASH, ROLES_HASH, ROLE_COUNT_HASH = 11, 12, 13, 14, 15

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def rng_stream(seed: int, purpose: int, number: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, purpose, number])))


MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(x: int) -> int:
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def unit_hash(seed: int, salt: int, index: Ints) -> Floats:
    """A uniform number in [0, 1) per index, the same wherever it is computed (splitmix64)."""
    key = np.uint64(mix64((mix64(seed & MASK64) + salt * GOLDEN) & MASK64))
    x = index.astype(np.uint64) * np.uint64(GOLDEN) ^ key
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) * 2.0**-53
