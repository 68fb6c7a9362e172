# SPDX-License-Identifier: MIT
"""edplan.targets ESCAP indices: hand-computed cases (ESCAP's notes print no worked example
that could be reached, so the numbers below are worked by hand from the formulas in
docs/targets.md; where a published sentence pins a number down, the test cites it), an
independent numpy weighted least squares, properties, and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import targets as tg


def test_hand_computed_current_status():
    # progress made 46 − 40 = 6 of the 20 needed to 60
    s = tg.current_status_index([2015, 2018, 2020], [40, 46, 46], target=60, target_year=2030, baseline_year=2015)
    assert s.csi == pytest.approx(0.3, rel=1e-15) and s.category == "progress"
    assert (s.baseline_year, s.baseline_value, s.latest_year, s.latest_value) == (2015, 40, 2020, 46)
    # a decreasing indicator: 12 → 9 towards 6 is half the way
    d = tg.current_status_index([2016, 2021], [12, 9], target=6, target_year=2030, direction="decrease")
    assert d.csi == pytest.approx(0.5, rel=1e-15)
    # worse than the base year: −2 of the 20 needed
    r = tg.current_status_index([2015, 2020], [40, 38], target=60, target_year=2030)
    assert r.csi == pytest.approx(-0.1, rel=1e-15) and r.category == "regression"
    # past the target: capped at 1
    a = tg.current_status_index([2015, 2020], [40, 75], target=60, target_year=2030)
    assert a.csi == 1.0 and a.category == "achieved"
    # the base year picks the first observation in or after it
    b = tg.current_status_index([2012, 2016, 2020], [30, 40, 50], target=60, target_year=2030, baseline_year=2015)
    assert (b.baseline_year, b.csi) == (2016, pytest.approx(0.5))


def test_hand_computed_anticipated_progress():
    # weights 1, 2, 3 (t − 2020 + 1): weighted means t̄ = 2021⅓, ȳ = 73/6, slope 1.4 → 2030: 24.3
    p = tg.anticipated_progress_index([2020, 2021, 2022], [10, 12, 13], target=30, target_year=2030)
    assert p.projected == pytest.approx(24.3, rel=1e-12)
    assert p.gap == pytest.approx((30 - 24.3) / (30 - 10), rel=1e-12) and p.category == "accelerate progress"
    # the line fitted from 2021 only: 12 → 13, 2030: 21; the base value is still 2020's 10
    q = tg.anticipated_progress_index([2020, 2021, 2022], [10, 12, 13], target=30, target_year=2030, fit_from=2021)
    assert q.projected == pytest.approx(21.0, rel=1e-12) and q.gap == pytest.approx(0.45, rel=1e-12)
    m = tg.anticipated_progress_index([2020, 2021, 2022], [10, 12, 13], target=24, target_year=2030)
    assert m.gap == 0.0 and m.category == "maintain progress"
    # a falling line ends below the base value: the trend must be reversed (gap > 1)
    v = tg.anticipated_progress_index([2015, 2020], [50, 48], target=60, target_year=2030)
    assert v.projected == pytest.approx(44.0) and v.gap == pytest.approx(1.6) and v.category == "reverse trend"


def test_api_gap_is_relative_to_the_progress_required_from_2015():
    # UNECE, "Technical notes on the progress assessment" (https://w3.unece.org/sdg2023/technical-notes.html,
    # "Assessment measure"): the 2030 value is projected from the data since 2000, and the gap of a target
    # that will not be met is taken "relative to the progress required between 2015 and 2030".
    # An exactly linear series makes the projection independent of the (unpublished) time weights:
    # y = 10 + t/2 from 2000, so 2030 → 25; y(2015) = 17.5; target 30: gap (30 − 25)/(30 − 17.5) = 0.4.
    years = np.arange(2000, 2023)
    values = 10 + 0.5 * (years - 2000)
    p = tg.anticipated_progress_index(years, values, target=30, target_year=2030, baseline_year=2015)
    assert p.projected == pytest.approx(25.0, rel=1e-12) and p.baseline_value == 17.5
    assert p.gap == pytest.approx(0.4, rel=1e-12) and p.category == "accelerate progress"
    # measured from 2000 instead, the same shortfall is a quarter of the progress required
    q = tg.anticipated_progress_index(years, values, target=30, target_year=2030, baseline_year=2000)
    assert q.gap == pytest.approx(0.25, rel=1e-12)


def _wls_at(t, y, at):
    """Weighted least squares by numpy's lstsq on √w-scaled rows, weights t − t_first + 1."""
    t, y = np.asarray(t, float), np.asarray(y, float)
    w = np.sqrt(t - t.min() + 1.0)
    coef, *_ = np.linalg.lstsq(np.c_[np.ones_like(t), t - at] * w[:, None], y * w, rcond=None)
    return coef[0]


finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(finite, min_size=2, max_size=12), target=finite, up=st.booleans())
def test_projection_agrees_with_numpy_lstsq(values, target, up):
    years = np.arange(2000, 2000 + len(values))
    if values[0] == target:
        target += 1.0
    p = tg.anticipated_progress_index(years, values, target=target, target_year=2030,
                                      direction="increase" if up else "decrease")
    assert p.projected == pytest.approx(_wls_at(years, values, 2030.0), rel=1e-9, abs=1e-7)


@settings(max_examples=200, deadline=None)
@given(base=finite, latest=finite, other=finite, needed=st.floats(0.01, 1e3), up=st.booleans())
def test_csi_properties(base, latest, other, needed, up):
    sign = 1 if up else -1
    target = base + sign * needed
    kw = dict(target=target, target_year=2030, direction="increase" if up else "decrease")
    s = tg.current_status_index([2015, 2020], [base, latest], **kw)
    assert s.csi <= 1.0
    if sign * (latest - target) >= 0:  # reaching the target gives the maximum, 1
        assert s.csi == 1.0 and s.category == "achieved"
    else:
        assert s.csi == pytest.approx((latest - base) / (target - base), rel=1e-12)
        assert (s.csi < 0) == (s.category == "regression")
    # monotone in the latest value, in the indicator's direction
    o = tg.current_status_index([2015, 2020], [base, other], **kw)
    if sign * (other - latest) >= 0:
        assert o.csi >= s.csi


@settings(max_examples=200, deadline=None)
@given(base=finite, slope=st.floats(-50, 50).filter(lambda s: abs(s) > 1e-6), needed=st.floats(0.01, 1e3),
       up=st.booleans())
def test_api_sign_follows_the_trend(base, slope, needed, up):
    sign = 1 if up else -1
    target = base + sign * needed
    p = tg.anticipated_progress_index([2015, 2020], [base, base + 5 * slope], target=target, target_year=2030,
                                      direction="increase" if up else "decrease")
    assert p.gap >= 0.0
    if sign * slope <= 0:  # no better than the base value at 2030: the trend must be reversed
        assert p.category == "reverse trend" and p.gap >= 1.0 - 1e-12
    elif sign * (base + 15 * slope - target) >= 0:
        assert p.category == "maintain progress" and p.gap == 0.0
    else:
        assert p.category == "accelerate progress" and 0.0 < p.gap < 1.0


def test_errors_name_the_field():
    with pytest.raises(edplan.InputError, match="target.*finite"):
        tg.current_status_index([2015, 2020], [1, 2], target=float("inf"), target_year=2030)
    with pytest.raises(edplan.InputError, match="values.*1 observation.*at least 2"):
        tg.current_status_index([2015], [1], target=3, target_year=2030)
    with pytest.raises(edplan.InputError, match="values.*1 observation"):  # one from the base year on
        tg.anticipated_progress_index([2010, 2015], [1, 2], target=3, target_year=2030, baseline_year=2012)
    with pytest.raises(edplan.InputError, match="target.*base value"):
        tg.current_status_index([2015, 2020], [5, 6], target=5, target_year=2030)
    with pytest.raises(edplan.InputError, match="target_year.*after the baseline year"):
        tg.current_status_index([2015, 2020], [5, 6], target=7, target_year=2014, baseline_year=2015)
    with pytest.raises(edplan.InputError, match="direction"):
        tg.current_status_index([2015, 2020], [5, 6], target=7, target_year=2030, direction="up")


def _tables():
    ind = pd.DataFrame({"indicator": ["a"] * 4 + ["b"] * 4 + ["c"] * 2 + ["d"],
                        "region": ["X"] * 11,
                        "year": [2015, 2017, 2019, 2021] * 2 + [2015, 2021, 2021],
                        "value": [40, 44, 48, 52, 10, 9, 8, 7, 5, 4, 3]})
    tgt = pd.DataFrame({"indicator": ["a", "b", "c", "d"], "region": [""] * 4, "target": [60, 4, 8, 9],
                        "target_year": [2030] * 4, "direction": ["increase", "decrease", "increase", "increase"],
                        "baseline_year": [2015] * 4})
    return ind, tgt


def test_table_and_goals_hand_computed():
    r = tg.escap_table(*_tables())
    assert list(r.columns) == list(tg.ESCAP_COLUMNS)
    np.testing.assert_allclose(r["csi"].to_numpy(float)[:3], [0.6, 0.5, -1 / 3], rtol=1e-15)
    np.testing.assert_allclose(r["projected"].to_numpy(float)[:3], [70, 2.5, 2.5], rtol=1e-12)
    np.testing.assert_allclose(r["api_gap"].to_numpy(float)[:3], [0, 0, 5.5 / 3], rtol=1e-12)
    assert list(r["csi_class"]) == ["progress", "progress", "regression", "insufficient data"]
    assert list(r["api_class"]) == ["maintain progress"] * 2 + ["reverse trend", "insufficient data"]
    # the single-series functions give the table's numbers
    s = tg.current_status_index([2015, 2017, 2019, 2021], [40, 44, 48, 52], target=60, target_year=2030)
    assert s.csi == r["csi"][0]
    goals = pd.DataFrame({"indicator": ["a", "b", "c", "d"], "sdg_target": ["4.1", "4.1", "4.2", "4.2"],
                          "goal": ["4"] * 4})
    g = tg.escap_by_goal(r, goals)
    assert list(g.columns) == list(tg.GOAL_COLUMNS) and len(g) == 1
    row = g.iloc[0]
    assert row["csi"] == pytest.approx((0.6 + 0.5 - 1 / 3) / 3)  # d (insufficient data) left out
    assert row["progress_made"] == pytest.approx(1.1 / 3) and row["regression"] == pytest.approx(-1 / 9)
    assert row["progress_needed"] == pytest.approx(1 - 1.1 / 3)
    assert (row["indicators"], row["api maintain progress"], row["api reverse trend"],
            row["api insufficient data"]) == (3, 2, 1, 1)
    # mean of means: target 4.1 averages a and b (0.55), target 4.2 has only c (−1/3)
    h = tg.escap_by_goal(r, goals, levels=("sdg_target", "goal"))
    assert h.iloc[0]["csi"] == pytest.approx((0.55 - 1 / 3) / 2)
    assert h.iloc[0]["api_gap"] == pytest.approx((0 + 5.5 / 3) / 2)


def test_table_errors_are_located(tmp_path):
    ind, tgt = _tables()
    tgt.loc[0, "target"] = 40  # a's value in 2015
    path = tmp_path / "targets.csv"
    tgt.to_csv(path, index=False)
    with pytest.raises(edplan.InputError, match=r"targets.csv:2:3: got 40, the value a, X observed in the base year"):
        tg.escap_table(ind, path)
    goals = pd.DataFrame({"indicator": ["a", "a"], "goal": ["4", "4"]})
    with pytest.raises(edplan.InputError) as e:
        tg.escap_by_goal(tg.escap_table(*_tables()), goals)
    text = str(e.value)
    assert "a a second time" in text and "has no row for b" in text


def test_snapshot_line_hand_computed():
    # The snapshot's line of the year assessed: the Philippine Statistics Authority, applying ESCAP's
    # Current Status Index (https://rsso01.psa.gov.ph/statistics/sdg), sorts goals into those that "reached
    # or crossed the 2021 line" (the expected progress to date), those "behind but towards" it, one that only
    # "needed progress", and those that "regressed since 2015". Base 2015, target 2030: the 2021 line is at
    # 6/15 = 0.4 of the progress needed, the 2027 line at 0.8.
    ind, tgt = _tables()
    ind = pd.concat([ind, pd.DataFrame({"indicator": ["e", "e"], "region": "X", "year": [2015, 2021],
                                        "value": [7, 7]})], ignore_index=True)
    tgt = pd.concat([tgt, pd.DataFrame({"indicator": ["e"], "region": [""], "target": [9], "target_year": [2030],
                                        "direction": ["increase"], "baseline_year": [2015]})], ignore_index=True)
    r = tg.escap_table(ind, tgt)
    goals = pd.DataFrame({"indicator": list("abcde"), "goal": ["A", "A", "B", "C", "D"]})
    g = tg.escap_by_goal(r, goals).set_index("goal")  # by default each indicator's latest year, 2021 here
    np.testing.assert_allclose(g["expected_to_date"].to_numpy(float), [0.4, 0.4, np.nan, 0.4], rtol=1e-15)
    assert list(g["snapshot"]) == ["expected progress made", "regressed", "insufficient data", "no progress"]
    h = tg.escap_by_goal(r, goals, year=2027).set_index("goal")
    assert h.loc["A", "expected_to_date"] == pytest.approx(0.8, rel=1e-15)
    assert h.loc["A", "snapshot"] == "behind expected progress"  # 0.55 of the way, 0.8 expected
    # before the base year nothing is expected yet; past the target year, everything
    assert tg.escap_by_goal(r, goals, year=2010).loc[0, "expected_to_date"] == 0.0
    assert tg.escap_by_goal(r, goals, year=2040).loc[0, "expected_to_date"] == 1.0
    with pytest.raises(edplan.InputError, match="year.*finite"):
        tg.escap_by_goal(r, goals, year=float("nan"))
