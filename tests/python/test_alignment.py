# SPDX-License-Identifier: MIT
"""Arrays at odd addresses (pickle and dask hand them out) are copied before C++ reads them.

Found by scripts/sanitize: under UBSan the dask tests read population arrays through a
misaligned `const double*` (undefined behaviour, though x86 tolerates it)."""
from __future__ import annotations

import numpy as np

from edplan import population


def misaligned(a: np.ndarray) -> np.ndarray:
    """A copy of `a` whose data start one byte past an 8-byte boundary."""
    raw = bytearray(a.nbytes + 1)
    out = np.frombuffer(raw, dtype=a.dtype, count=a.size, offset=1).reshape(a.shape)
    out[...] = a
    return out


def test_misaligned_inputs_give_the_aligned_result():
    ages = 51
    base = np.full((2, 2, ages), 100.0)
    survival = np.full((1, 1, 2, ages), 0.99)
    fertility = np.full((1, 1, 35), 0.04)
    odd = [misaligned(x) for x in (base, survival, fertility)]
    assert not any(x.flags.aligned for x in odd)
    want = population.project_detailed(base, survival, fertility, years=3)
    got = population.project_detailed(*odd, years=3)
    np.testing.assert_array_equal(got.population, want.population)
    np.testing.assert_array_equal(got.births, want.births)
