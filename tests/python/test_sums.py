# SPDX-License-Identifier: MIT
"""edplan/core/sum.hpp against the libraries whose rounding it reproduces: numpy's pairwise
`np.sum` and `np.add.reduceat`, and pandas' groupby sum (Kahan, or reduceat when the groups are
contiguous and in order), bit for bit on many random arrays of mixed magnitudes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edplan import _core

LENGTHS = list(range(0, 301)) + [511, 1000, 1023, 1024, 1025, 2049, 4096, 5000, 8191, 8193, 20000]


def _mixed(rng: np.random.Generator, n: int) -> np.ndarray:
    """Values whose magnitudes span 1e-3..1e12 with both signs, so that every rounding shows."""
    return rng.standard_normal(n) * 10.0 ** rng.integers(-3, 13, n)


def _bits(x: float) -> int:
    return int(np.float64(x).view(np.int64))


@pytest.mark.parametrize("seed", [1, 2])
def test_pairwise_sum_is_np_sum(seed):
    rng = np.random.default_rng(seed)
    for n in LENGTHS:
        x = _mixed(rng, n)
        assert _bits(_core.pairwise_sum(x)) == _bits(np.sum(x)), n
        assert _bits(_core.pairwise_sum(x)) == _bits(x.sum()), n


@pytest.mark.parametrize("seed", [3, 4])
def test_reduceat_sum_is_one_segment_of_np_add_reduceat(seed):
    rng = np.random.default_rng(seed)
    for n in LENGTHS[1:]:
        x = _mixed(rng, n)
        assert _bits(_core.reduceat_sum(x)) == _bits(np.add.reduceat(x, [0])[0]), n
    assert _bits(_core.reduceat_sum(np.array([-0.0]))) == _bits(-0.0)  # a lone value is copied, not added to 0


@pytest.mark.parametrize("seed", [5, 6])
def test_kahan_sum_is_pandas_cython_groupby_sum(seed):
    """pandas' Cython group_sum (the Kahan loop): what groupby(...).sum() runs for groups out of
    order; one group here, interleaved with a second so that pandas cannot take reduceat."""
    rng = np.random.default_rng(seed)
    for n in LENGTHS[1:]:
        x = _mixed(rng, n)
        keys = np.zeros(2 * n, np.int64)
        keys[1::2] = 1
        values = np.empty(2 * n)
        values[0::2] = x
        values[1::2] = _mixed(rng, n)
        got = pd.Series(values).groupby(keys, sort=False).sum()
        assert _bits(_core.kahan_sum(x)) == _bits(got.loc[0]), n


def test_kahan_sum_skips_nan_and_keeps_infinity():
    assert _core.kahan_sum(np.array([1.0, np.nan, 2.0])) == 3.0
    assert _core.kahan_sum(np.array([1.0, np.inf, 2.0])) == np.inf  # the compensation's NaN is reset
    assert _core.kahan_sum(np.array([1e16, 1.0, 1.0, -1e16, 3.0])) == 5.0  # a plain loop gives 3
    assert _core.kahan_sum(np.array([])) == 0.0


@pytest.mark.parametrize("seed", range(8))
def test_group_sums_follow_pandas_rule(seed):
    """Random groupings, contiguous or not, with or without NaN in the block: the rule that
    pandas_group_sum picks and group_sums applies gives pandas' own doubles."""
    rng = np.random.default_rng(seed)
    for trial in range(60):
        n = int(rng.integers(1, 400))
        groups = int(rng.integers(1, 6))
        keys = rng.integers(0, groups, n)
        if trial % 2 == 0:
            keys = np.sort(keys)
        values = _mixed(rng, n)
        other = _mixed(rng, n)
        if trial % 3 == 0:
            other[rng.integers(0, n)] = np.nan  # a NaN in the other column of the same block
        frame = pd.DataFrame({"k": keys, "v": values, "w": other})
        want = frame.groupby("k", sort=False)[["v", "w"]].sum()
        codes, uniques = pd.factorize(keys)
        how = _core.pandas_group_sum(codes.astype(np.int64), bool(np.isnan(other).any()))
        assert how == (_core.GroupSum.reduceat if (np.all(np.diff(codes) >= 0) and not np.isnan(other).any())
                       else _core.GroupSum.kahan)
        for column, x in (("v", values), ("w", other)):
            got = _core.group_sums(codes.astype(np.int64), x, len(uniques), how)
            for g, key in enumerate(uniques):
                assert _bits(got[g]) == _bits(want.loc[key, column]), (trial, column, key)


def test_group_sums_reject_a_reduceat_out_of_order():
    with pytest.raises(ValueError, match="non-decreasing"):
        _core.group_sums(np.array([1, 0]), np.array([1.0, 2.0]), 2, _core.GroupSum.reduceat)
    with pytest.raises(ValueError, match="out of range"):
        _core.group_sums(np.array([0, 2]), np.array([1.0, 2.0]), 2, _core.GroupSum.kahan)
