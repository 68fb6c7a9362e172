# SPDX-License-Identifier: MIT
"""Equity of access as R ``accessibility`` defines it: hand-computed cases, the mean-difference
form of the Gini index, R's weighted quantiles, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import coverage as cv
from edplan.coverage.inequality import weighted_quantiles


def test_gini_hand_computed():
    # 1, 2, 3, 4: Lorenz points 0.1, 0.3, 0.6, 1 at quarters; area (0.1+0.4+0.9+1.6)/8 = 0.375.
    assert cv.inequality([4, 1, 3, 2]).gini == pytest.approx(0.25, abs=1e-15)
    # Three people with 0 and one with 10: Σ|xi − xj| / (2 n² μ) = 60 / 80.
    assert cv.inequality([0, 10], weights=[3, 1]).gini == pytest.approx(0.75, abs=1e-15)
    assert cv.inequality([5, 5, 5], weights=[1, 2, 3]).gini == pytest.approx(0.0, abs=1e-15)
    assert math.isnan(cv.inequality([0, 0]).gini)


def test_theil_t_hand_computed():
    # Places with 0 are left out (ln 0): 1 and 2 with equal weights, μ = 1.5.
    r = np.array([1, 2]) / 1.5
    expected = float(np.mean(r * np.log(r)))
    assert cv.inequality([1, 2, 0], weights=[1, 1, 5]).theil_t == pytest.approx(expected, rel=1e-15)
    assert expected == pytest.approx(0.0566330122651, rel=1e-11)
    assert cv.inequality([3, 3, 3]).theil_t == 0.0


def test_palma_hand_computed():
    # Income 1..10, one person each: Hmisc::wtd.quantile gives 4.6 and 9.1 (as R's quantile
    # type 7), so the poorest 40% are incomes 1–4 and the richest 10% income 10.
    income = np.arange(1, 11, dtype=float)
    np.testing.assert_allclose(weighted_quantiles(income, np.ones(10), [0.4, 0.9]), [4.6, 9.1], rtol=1e-15)
    assert cv.inequality(income * 2, income=income).palma == pytest.approx(20 / 5, rel=1e-15)
    assert cv.inequality(income).palma is None
    # Weights are frequencies: weight 2 on income 1 is income 1 twice.
    w = np.array([2, 1, 1, 1, 1, 1, 1, 1, 1, 1.0])
    twice = np.concatenate([[1.0], income])
    np.testing.assert_allclose(weighted_quantiles(income, w, [0.4, 0.9]),
                               np.quantile(twice, [0.4, 0.9]), rtol=1e-15)


def test_concentration_index_hand_computed():
    # x = 1, 2, 3 by rising income: ranks 1/6, 1/2, 5/6, μ = 2; CI = 2·cov(x, r)/μ = 2/9 and
    # Erreygers' CIc = 4·μ·CI/(max − min) = 8/9.
    assert cv.concentration_index([1, 2, 3], income=[10, 20, 30], kind="CI") == pytest.approx(2 / 9, rel=1e-15)
    assert cv.concentration_index([1, 2, 3], income=[10, 20, 30]) == pytest.approx(8 / 9, rel=1e-15)
    # Access falling with income: the same magnitude, negative (pro-poor).
    assert cv.concentration_index([3, 2, 1], income=[10, 20, 30], kind="CI") == pytest.approx(-2 / 9, rel=1e-15)


def test_fgt_poverty_hand_computed():
    p = cv.fgt_poverty([0, 50, 100, 200], poverty_line=100)
    assert (p.fgt0, p.fgt1, p.fgt2) == pytest.approx((0.5, 0.375, 0.3125), rel=1e-15)
    w = cv.fgt_poverty([0, 200], poverty_line=100, weights=[1, 3])
    assert (w.fgt0, w.fgt1, w.fgt2) == pytest.approx((0.25, 0.25, 0.25), rel=1e-15)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000).map(lambda v: v / 8), st.integers(1, 4)), min_size=1, max_size=12))
def test_weights_are_frequencies_and_gini_is_the_mean_difference(pairs):
    x = np.array([a for a, _ in pairs])
    w = np.array([b for _, b in pairs], dtype=float)
    expanded = np.repeat(x, w.astype(int))
    if expanded.sum() == 0:
        return
    weighted, plain = cv.inequality(x, w), cv.inequality(expanded)
    mean_difference = np.abs(expanded[:, None] - expanded[None, :]).sum() / (2 * len(expanded) ** 2 * expanded.mean())
    assert weighted.gini == pytest.approx(mean_difference, abs=1e-12)
    assert plain.gini == pytest.approx(mean_difference, abs=1e-12)
    assert weighted.theil_t == pytest.approx(plain.theil_t, abs=1e-12)
    assert 0.0 <= weighted.theil_t <= math.log(int((expanded > 0).sum())) + 1e-12


def test_bad_input_lists_every_problem():
    with pytest.raises(edplan.InputError) as e:
        cv.inequality([1, np.nan, 3], weights=[1, -1, 1], income=[1, 2])
    assert {p.where for p in e.value.problems} == {"values[1]", "weights[1]", "income"}
    with pytest.raises(edplan.InputError, match="every weight is 0"):
        cv.inequality([1, 2], weights=[0, 0])
    with pytest.raises(edplan.InputError, match="kind"):
        cv.concentration_index([1, 2], income=[1, 2], kind="ci")
    with pytest.raises(edplan.InputError, match="poverty_line"):
        cv.fgt_poverty([1, 2], poverty_line=-1)


def test_equity_tables_for_the_report():
    import pandas as pd
    import scipy.sparse as sp

    from edplan.coverage.equity import inequality_by_year, nearest_distance_shares

    areas = pd.DataFrame({"year": [2030, 2030, 2031, 2031], "population": [3, 1, 1, 1],
                          "places_per_person": [0, 10, 2, 2]})
    table = inequality_by_year(areas)
    assert table["year"].tolist() == [2030, 2031]
    assert table["gini"].tolist() == pytest.approx([0.75, 0.0], abs=1e-15)
    # Three areas, two sites: site 1 opens in 2031. Area 2 links to nothing.
    cost = sp.csr_array(np.array([[5.0, 0], [25.0, 12.0], [0, 0]]))
    shares = nearest_distance_shares(cost, np.array([np.nan, 2031]), np.array([[1, 2, 1], [1, 2, 1.0]]),
                                     [2030, 2031], bands=(10, 20))
    assert shares.columns.tolist() == ["year", "≤ 10", "10–20", "> 20", "no site"]
    np.testing.assert_allclose(shares.iloc[:, 1:].to_numpy(), [[0.25, 0, 0.5, 0.25], [0.25, 0.5, 0, 0.25]])
