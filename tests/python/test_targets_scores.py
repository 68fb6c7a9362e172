# SPDX-License-Identifier: MIT
"""edplan.targets progress scores (Open SDG "Aggregated progress status"): the text's sentences
as hand-computed cases, an independent numpy implementation of the piecewise-linear map as a
hypothesis property, Statistics Canada's published scores, the nested grouping, the
all-achieved rule and the errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import targets as tg

NAN = math.nan


# -- an independent implementation, from the text alone ---------------------------------------

def numpy_ratio_score(r: np.ndarray) -> np.ndarray:
    """The text's Figure 2: −5 at R <= −60%, linear to 0 at 60%, linear to +5 at 130%, +5 above."""
    return np.where(np.isnan(r), np.nan, np.interp(r, [-0.6, 0.6, 1.3], [-5.0, 0.0, 5.0]))


def numpy_growth_score(g: np.ndarray, c: float = 1.0) -> np.ndarray:
    """The text's Figure 1: −5 at <= −2%, −2.5 at 0, 0 at 0.5%·C, 2.5 at 1.5%·C, +5 at >= 2%·C;
    C = 0 and growth >= 0: +5."""
    if c == 0.0:
        return np.where(np.isnan(g), np.nan, np.where(g >= 0, 5.0, np.interp(g, [-0.02, 0.0], [-5.0, -2.5])))
    return np.where(np.isnan(g), np.nan,
                    np.interp(g, [-0.02, 0.0, 0.005 * c, 0.015 * c, 0.02 * c], [-5.0, -2.5, 0.0, 2.5, 5.0]))


def category_of_ratio(r: np.ndarray) -> np.ndarray:
    """The text's table: R >= 95% on track, 60% <= R < 95% acceleration, 0 <= R < 60% limited."""
    return np.select([r >= 0.95, r >= 0.6, r >= 0.0], ["on track", "acceleration needed", "limited progress"],
                     "deterioration")


def category_of_score(s: np.ndarray) -> np.ndarray:
    """The text's score ranges: [2.5, 5] on track, [0, 2.5[, [−2.5, 0[, [−5, −2.5[."""
    return np.select([s >= 2.5, s >= 0.0, s >= -2.5], ["on track", "acceleration needed", "limited progress"],
                     "deterioration")


# -- the text's sentences -------------------------------------------------------------------

@pytest.mark.parametrize("r, score", [
    (-0.6, -5.0),   # "When the progress value (R) is less than or equal to -60%, the score is -5."
    (-3.0, -5.0),
    (0.0, -2.5),    # "-5 to 0" between −60% and 60%: R = 0 is the deterioration / limited boundary
    (0.6, 0.0),     # "Between progress values of 60% and 130%, the score increases linearly from 0 to 5."
    (0.95, 2.5),    # the on-track threshold: "scores between 2.5 and 5 belong to the On track category"
    (1.3, 5.0),     # "Beyond progress values of 130%, the score is 5."
    (4.0, 5.0),
    (0.3, -1.25),   # halfway from 0 to 60%
    (0.8, 0.2 * 5 / 0.7),
    (-0.3, -3.75),
])
def test_ratio_score_hand_computed(r, score):
    assert tg.progress_score(r) == pytest.approx(score, abs=1e-15)


@pytest.mark.parametrize("g, c, score", [
    (-0.02, 1.0, -5.0),    # "When the progress value (CAGR) is less than or equal to -2%, the score is -5."
    (-0.01, 1.0, -3.75),   # "Between progress values of -2% and 0%, the score increases linearly from -5 to -2.5."
    (0.0, 1.0, -2.5),
    (0.0025, 1.0, -1.25),  # "Between progress values of 0% and 0.5% ... from -2.5 to 0."
    (0.005, 1.0, 0.0),
    (0.01, 1.0, 1.25),     # "Between progress values of 0.5% and 1.5% ... from 0 to 2.5."
    (0.015, 1.0, 2.5),
    (0.0175, 1.0, 3.75),   # "Between progress values of 1.5% and 2% ... from 2.5 to 5."
    (0.02, 1.0, 5.0),      # "Beyond progress values of 2% ..., the score is 5."
    (0.0075, 0.5, 2.5),    # "thresholds greater than 0% are reduced by the scaling factor C": 1.5%·0.5
    (0.01, 0.5, 5.0),      # 2%·0.5
    (-0.01, 0.5, -3.75),   # thresholds <= 0 are never scaled
    (0.0, 0.0, 5.0),       # C = 0: "if the calculated progress value is zero or greater ... a score of +5"
    (0.001, 0.0, 5.0),
    (-0.01, 0.0, -3.75),   # "if ... negative (CAGR < 0), the progress score and status can be determined as usual"
])
def test_growth_score_hand_computed(g, c, score):
    assert tg.progress_score(g, target=False, scaling=c) == pytest.approx(score, abs=1e-15)


def test_achieved_and_insufficient_data():
    # "Indicators that achieve the target are automatically assigned a score of 5 regardless of the
    # underlying trend."
    assert tg.progress_score(-1.0, achieved=True) == 5.0
    assert np.isnan(tg.progress_score(NAN))
    assert np.isnan(tg.progress_score(NAN, target=False))
    got = tg.progress_score(np.array([[0.0, 0.95], [NAN, -1.0]]), achieved=[[False, False], [False, True]])
    np.testing.assert_array_equal(got, [[-2.5, 2.5], [NAN, 5.0]])


def test_assessments_carry_the_score():
    a = tg.assess([2015, 2020], [100, 150], target=200, target_year=2025)
    r = (1.5 ** 0.2 - 1) / (2 ** 0.1 - 1)
    assert a.ratio == pytest.approx(r, rel=1e-14)
    assert a.score == pytest.approx(5.0 if r >= 1.3 else (r - 0.6) * 5 / 0.7, rel=1e-14)
    assert tg.assess([2015, 2020], [100, 210], target=200, target_year=2025).score == 5.0
    assert np.isnan(tg.assess([2020], [100], target=200, target_year=2025).score)
    grown = tg.assess([2015, 2020], [100, 100 * 1.01 ** 5])  # no target: growth 1% a year
    assert grown.score == pytest.approx(1.25, abs=1e-12)
    table = tg.assess_table(pd.DataFrame({"indicator": ["a", "a", "b", "b"], "year": [2015, 2020, 2015, 2020],
                                          "value": [100, 150, 100, 100 * 1.01 ** 5]}),
                            pd.DataFrame({"indicator": ["a"], "target": [200], "target_year": [2025],
                                          "direction": ["increase"]}))
    assert list(table.columns) == list(tg.COLUMNS)
    np.testing.assert_allclose(table["score"], [a.score, grown.score], rtol=1e-14)


# -- properties against the numpy implementation ------------------------------------------------

finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(finite, min_size=1, max_size=50))
def test_ratio_score_equals_numpy_and_is_monotone_with_the_categories(rs):
    r = np.sort(np.asarray(rs + [-0.6, 0.0, 0.6, 0.95, 1.3]))
    ours = tg.progress_score(r)
    np.testing.assert_allclose(ours, numpy_ratio_score(r), rtol=0, atol=1e-12)
    assert np.all(np.diff(ours) >= 0)  # monotone in R
    np.testing.assert_array_equal(category_of_score(ours), category_of_ratio(r))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=-0.05, max_value=0.05, allow_nan=False), min_size=1, max_size=50),
       st.sampled_from([1.0, 0.8, 0.3, 0.05, 0.0]))
def test_growth_score_equals_numpy_and_is_monotone_with_the_categories(gs, c):
    g = np.sort(np.asarray(gs + [-0.02, 0.0, 0.005 * c, 0.015 * c, 0.02 * c]))
    ours = tg.progress_score(g, target=False, scaling=c)
    np.testing.assert_allclose(ours, numpy_growth_score(g, c), rtol=0, atol=1e-12)
    assert np.all(np.diff(ours) >= 0)
    category = np.select([g >= 0.015 * c, g >= 0.005 * c, g >= 0], ["on track", "acceleration needed",
                                                                     "limited progress"], "deterioration")
    np.testing.assert_array_equal(category_of_score(ours), category)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(10, 100), st.floats(10, 100), st.sampled_from([None, 50.0, 120.0, 5.0])),
                min_size=1, max_size=12))
def test_table_scores_fall_in_their_categories(rows):
    obs = pd.DataFrame({"indicator": np.repeat([f"i{k}" for k in range(len(rows))], 2),
                        "year": np.tile([2015, 2021], len(rows)),
                        "value": [v for y0, y1, _ in rows for v in (y0, y1)]})
    tgt = pd.DataFrame({"indicator": [f"i{k}" for k in range(len(rows))], "target": [t for *_, t in rows],
                        "target_year": [2030.0 if t is not None else None for *_, t in rows],
                        "direction": "increase"})
    table = tg.assess_table(obs, tgt)
    graded = ~table["category"].isin(["achieved", "insufficient data"]).to_numpy()
    np.testing.assert_array_equal(category_of_score(table["score"].to_numpy()[graded]),
                                  table["category"].to_numpy()[graded])
    assert (table.loc[table["category"] == "achieved", "score"] == 5.0).all()
    by = tg.aggregate_scores(table, keep=())
    np.testing.assert_allclose(by["score"], table["score"], rtol=0, atol=0)
    np.testing.assert_array_equal(by["status"], table["category"])


# -- Statistics Canada's published scores ------------------------------------------------------

PUBLISHED = json.loads((Path(__file__).parent / "open_sdg_scores.json").read_text(encoding="utf-8"))
STATUS = {"substantial_progress": "on track", "moderate_progress": "acceleration needed",
          "limited_progress": "limited progress", "deterioration": "deterioration", "target_achieved": "achieved",
          "not_available": "insufficient data"}


def _published_series():
    rows = []
    for ind in PUBLISHED["indicators"]:
        for s in ind["series"]:
            if s["base_value"] is None or s["current_value"] is None:
                continue  # no data published for this series
            one = s["base_year"] == s["current_year"]  # a single observation
            years = [s["base_year"]] if one else [s["base_year"], s["current_year"]]
            values = [s["base_value"]] if one else [s["base_value"], s["current_value"]]
            a = tg.assess(years, values,
                          target=s["target"], target_year=s["target_year"] if s["target"] is not None else None,
                          direction="increase" if s["direction"] > 0 else "decrease", limit=s["limit"])
            rows.append({"indicator": ind["indicator"], "series": s["name"], "assessment": a, **s})
    return rows


def test_published_statistics_canada_series_scores():
    """sdg-build's scores: the no-target ones exact; those with a target written with slopes
    rounded to four decimals (7.1429·R − 4.2857 and 4.1667·R − 2.5), which edplan's exact lines
    differ from by at most 1.2e-4; the published values are those rounded lines to 1e-12."""
    rows = _published_series()
    assert len(rows) >= 120
    worst = 0.0
    for s in rows:
        a = s["assessment"]
        assert a.category == STATUS[s["status"]], s["series"]
        if s["score"] is None:
            assert np.isnan(a.score), s["series"]
            continue
        if s["target"] is None:
            signed = (1 if s["base_value"] > 0 else -1) * s["direction"] * a.cagr_observed
            assert signed == pytest.approx(s["progress_value"], rel=1e-12, abs=1e-15), s["series"]
            assert a.score == pytest.approx(s["score"], rel=1e-12, abs=1e-12), s["series"]
        elif s["status"] == "target_achieved":
            assert a.score == s["score"] == 5.0
        else:
            r = s["progress_value"]
            assert a.ratio == pytest.approx(r, rel=1e-12), s["series"]
            rounded = min(7.1429 * r - 4.2857, 5.0) if r >= 0.6 else max(4.1667 * r - 2.5, -5.0)
            assert s["score"] == pytest.approx(rounded, abs=1e-12), s["series"]
            assert a.score == pytest.approx(s["score"], abs=1.2e-4), s["series"]
            worst = max(worst, abs(a.score - s["score"]))
    assert worst > 1e-6  # the rounding shows: the comparison above is not vacuous


def test_published_statistics_canada_indicator_scores():
    """"The mean of the progress scores from each series is taken as the overall progress score
    for the indicator", series without a score left out, status by the score ranges."""
    rows = _published_series()
    table = pd.DataFrame({"indicator": [s["indicator"] for s in rows],
                          "score": [s["assessment"].score for s in rows],
                          "category": [s["assessment"].category for s in rows]})
    by = tg.aggregate_scores(table, keep=()).set_index("indicator")
    checked = 0
    for ind in PUBLISHED["indicators"]:
        if ind["score"] is None:
            continue
        got = by.loc[ind["indicator"]]
        assert got["score"] == pytest.approx(ind["score"], abs=1.2e-4), ind["indicator"]
        assert got["status"] == STATUS[ind["status"]], ind["indicator"]
        assert got["series"] == sum(s["score"] is not None for s in ind["series"])
        checked += 1
    assert checked >= 75
    several = [i for i in PUBLISHED["indicators"] if i["score"] is not None and len(i["series"]) > 1]
    assert len(several) >= 5  # the means over several series are part of the check


# -- aggregation ------------------------------------------------------------------------------

def test_nested_sub_indicator_grouping():
    # The text's example, GIF 1.4.1: access to basic services has sub-indicators of equal weight;
    # "Access to basic education" is itself reported by several sub-sub-indicators, averaged
    # first, so that the sub-indicators are weighted equally.
    table = pd.DataFrame({
        "indicator": ["1.4.1"] * 5,
        "sub_indicator": ["electricity", "water", "education", "education", "education"],
        "score": [4.0, -1.0, 2.0, -2.0, 3.0],
        "category": ["on track", "limited progress", "acceleration needed", "limited progress", "on track"],
    })
    got = tg.aggregate_scores(table, levels=("sub_indicator", "indicator"), keep=())
    education = (2.0 - 2.0 + 3.0) / 3
    assert got["score"].tolist() == [pytest.approx((4.0 - 1.0 + education) / 3, abs=1e-15)]  # 1.3333, not 1.2
    assert got["status"].tolist() == ["acceleration needed"]
    assert got["series"].tolist() == [5]
    flat = tg.aggregate_scores(table, levels=("indicator",), keep=())
    assert flat["score"].tolist() == [pytest.approx(6.0 / 5, abs=1e-15)]
    # an empty sub-indicator name: the series is a sub-indicator of its own
    table.loc[0:1, "sub_indicator"] = ""
    again = tg.aggregate_scores(table, levels=("sub_indicator", "indicator"), keep=())
    assert again["score"].tolist() == got["score"].tolist()
    # any depth: a sub-sub-indicator grouping inside education
    table["sub_sub"] = ["", "", "age 6-11", "age 6-11", "age 12-14"]
    deep = tg.aggregate_scores(table, levels=("sub_sub", "sub_indicator", "indicator"), keep=())
    education = (0.0 + 3.0) / 2
    assert deep["score"].tolist() == [pytest.approx((4.0 - 1.0 + education) / 3, abs=1e-15)]


def test_goal_by_groups_table_per_region_and_insufficient_data():
    table = pd.DataFrame({
        "indicator": ["a", "b", "c", "a", "b", "c"],
        "region": ["x", "x", "x", "y", "y", "y"],
        "score": [5.0, 1.0, NAN, -4.0, NAN, NAN],
        "category": ["achieved", "acceleration needed", "insufficient data", "deterioration", "insufficient data",
                     "insufficient data"],
    })
    groups = pd.DataFrame({"indicator": ["a", "b", "c"], "target": ["4.1", "4.1", "4.2"], "goal": ["4", "4", "4"]})
    got = tg.aggregate_scores(table, levels=("indicator", "target", "goal"), groups=groups)
    assert list(got.columns) == ["region", "goal", *tg.SCORE_COLUMNS]
    assert got["region"].tolist() == ["x", "y"]
    # x: target 4.1 = mean(5, 1) = 3; target 4.2 has no score and is left out
    assert got["score"].tolist() == [3.0, -4.0]
    assert got["status"].tolist() == ["on track", "deterioration"]
    assert got["series"].tolist() == [2, 1]
    by_target = tg.aggregate_scores(table, levels=("indicator", "target"), groups=groups)
    assert by_target["status"].tolist() == ["on track", "insufficient data", "deterioration", "insufficient data"]
    assert by_target["series"].tolist() == [2, 0, 1, 0]
    assert np.isnan(by_target["score"].iloc[1])


def test_achieved_only_when_every_series_achieved():
    # "all series must achieve the target for the aggregate progress status to be Target achieved"
    every = pd.DataFrame({"indicator": ["i"] * 3, "score": [5.0] * 3, "category": ["achieved"] * 3})
    got = tg.aggregate_scores(every, keep=())
    assert (got["score"].tolist(), got["status"].tolist()) == ([5.0], ["achieved"])
    one_short = every.assign(category=["achieved", "achieved", "on track"], score=[5.0, 5.0, 4.0])
    got = tg.aggregate_scores(one_short, keep=())
    assert got["score"].tolist() == [pytest.approx(14 / 3)] and got["status"].tolist() == ["on track"]
    # a series on +5 by its trend has not achieved its target
    trend = every.assign(category=["achieved", "achieved", "on track"])
    assert tg.aggregate_scores(trend, keep=())["status"].tolist() == ["on track"]
    # an achieved column works as well, and a series without a score does not block "achieved"
    flags = pd.DataFrame({"indicator": ["i"] * 3, "score": [5.0, 5.0, NAN], "achieved": [True, True, False]})
    assert tg.aggregate_scores(flags, keep=())["status"].tolist() == ["achieved"]


def test_status_by_score_ranges():
    # "the aggregate progress status for an indicator with an overall score of +1 is Progress made
    # but acceleration needed"
    scores = [5.0, 2.5, 1.0, 0.0, -0.5, -2.5, -2.6, -5.0]
    table = pd.DataFrame({"indicator": [f"i{k}" for k in range(len(scores))], "score": scores})
    got = tg.aggregate_scores(table, keep=())
    assert got["status"].tolist() == ["on track", "on track", "acceleration needed", "acceleration needed",
                                      "limited progress", "limited progress", "deterioration", "deterioration"]


def test_aggregate_errors_name_the_problem():
    table = pd.DataFrame({"indicator": ["a", "b"], "score": [1.0, 2.0]})
    with pytest.raises(edplan.InputError, match=r"table\.sub_indicator.*missing"):
        tg.aggregate_scores(table, levels=("sub_indicator", "indicator"), keep=())
    with pytest.raises(edplan.InputError, match=r"table\.region.*missing"):
        tg.aggregate_scores(table)
    with pytest.raises(edplan.InputError, match=r"table\.score.*missing"):
        tg.aggregate_scores(table.drop(columns="score"), keep=())
    with pytest.raises(edplan.InputError, match=r"levels"):
        tg.aggregate_scores(table, levels=(), keep=())
    with pytest.raises(edplan.InputError, match=r"levels.*twice"):
        tg.aggregate_scores(table, levels=("indicator", "indicator"), keep=())
    with pytest.raises(edplan.InputError) as bad:
        tg.aggregate_scores(pd.DataFrame({"indicator": ["a", "b", ""], "score": [6.0, "x", 1.0]}), keep=())
    text = str(bad.value)
    assert "table[row=0].score" in text and "table[row=1].score" in text and "[-5, 5]" in text
    assert "table[row=2].indicator" in text and "top-level group" in text
    with pytest.raises(edplan.InputError, match=r"achieved.*True or False"):
        tg.aggregate_scores(table.assign(achieved=["yes", pd.NA]), keep=())
    groups = pd.DataFrame({"indicator": ["a", "a"], "goal": ["1", "2"]})
    with pytest.raises(edplan.InputError) as bad:
        tg.aggregate_scores(table, levels=("indicator", "goal"), groups=groups, keep=())
    assert "a second time" in str(bad.value) and "no row for b" in str(bad.value)
    with pytest.raises(edplan.InputError, match=r"goal"):
        tg.aggregate_scores(table, levels=("indicator", "goal"), groups=groups.drop(columns="goal"), keep=())


def test_progress_score_errors():
    with pytest.raises(edplan.InputError, match="value"):
        tg.progress_score("abc")
    with pytest.raises(edplan.InputError, match="broadcast"):
        tg.progress_score([1.0, 2.0], scaling=[1.0, 2.0, 3.0])
    with pytest.raises(edplan.InputError, match="ratio_thresholds"):
        tg.progress_score(1.0, ratio_thresholds=(1.0, 0.5))
