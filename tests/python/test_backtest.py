# SPDX-License-Identifier: MIT
"""edplan.enrolment.backtest: the harness by hand, and the issue-14 figures on ECASD."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan.enrolment.backtest import COLUMNS, calibration, default_origins, summarise
from edplan.levels import Level

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python"))

LEVELS = [Level.progression("p", (1, 2), entry_age=6)]


def steady_growth():
    """Every grade grows by 10 pupils a year; births grow so that the entry ratio stays 1."""
    rows = [("R", y, "p", g, 100 + 10 * (y - 2010) - 10 * (g - 1)) for y in range(2010, 2016) for g in (1, 2)]
    history = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    births = pd.DataFrame({"year": range(2004, 2010), "births": [100 + 10 * i for i in range(6)]})
    return history, births


def test_baselines_and_columns_by_hand():
    history, births = steady_growth()
    table = edplan.enrolment.backtest(history, births, origins=[2013], max_lead=2, levels=LEVELS)
    assert list(table.columns[:len(COLUMNS)]) == COLUMNS
    t = table[table.level == "p"].set_index(["method", "lead"])
    # level totals: 2013 = 130 + 120 = 250, growing by 20 a year
    assert t.loc[("last_value", 1), "forecast"] == 250
    assert t.loc[("average_change", 2), "forecast"] == 250 + 2 * 20
    assert t.loc[("average_change", 2), "ape"] == pytest.approx(0.0)
    assert t.loc[("last_value", 2), "actual"] == 290
    assert t.loc[("last_value", 2), "ape"] == pytest.approx(100 * 40 / 290)
    assert set(table.method) == {"cohort", "cohort_mean3", "last_value", "average_change"}
    # one level: its sum `all` is the same
    both = table.pivot_table(index=["method", "lead"], columns="level", values="forecast")
    np.testing.assert_array_equal(both["all"], both["p"])


def test_level_all_sums_levels_where_all_are_observed():
    history, births = steady_growth()
    two = [Level.progression("p", (1, 1), entry_age=6), Level.progression("q", (2, 2))]
    history = history.assign(level=np.where(history.grade == 1, "p", "q"))
    table = edplan.enrolment.backtest(history, births, origins=[2013], max_lead=1, levels=two, baselines=False)
    row = table.set_index("level")
    assert row.loc["all", "actual"] == row.loc["p", "actual"] + row.loc["q", "actual"] == 140 + 130
    assert row.loc["all", "forecast"] == pytest.approx(row.loc["p", "forecast"] + row.loc["q", "forecast"])


def test_default_origins_and_skipped_regions():
    history, births = steady_growth()
    assert default_origins(history) == range(2014, 2015)  # the fifth year .. the year before the last
    young = pd.DataFrame([("New", 2013, "p", 1, 50), ("New", 2014, "p", 1, 60), ("New", 2014, "p", 2, 45)],
                         columns=history.columns)
    table = edplan.enrolment.backtest(pd.concat([history, young]), births, origins=[2013], max_lead=1, levels=LEVELS)
    skipped = table.attrs["skipped"]
    assert skipped.region.tolist() == ["New"]
    assert "grade 2 of p" in skipped.reason.iloc[0]


def test_calibration_counts_actuals_inside_each_interval():
    table = pd.DataFrame({"method": "cohort", "level": "p", "lead": [1, 1, 1, 1], "actual": [10, 20, 30, 40],
                          "forecast": [10, 20, 30, 40], "ape": [0, 10, 20, 30.0], "p10": [5, 25, 25, 35],
                          "p90": [15, 30, 35, 45], "p25": [9, 21, 29, 41], "p75": [11, 22, 31, 42],
                          "p2.5": [0, 0, 0, np.nan], "p97.5": [50, 50, 50, np.nan]})
    s = summarise(table)
    assert s.loc[0, "mape"] == 15
    assert s.loc[0, "coverage80"] == 0.75
    c = calibration(table).set_index("nominal")
    assert c.loc[0.5, "coverage"] == 0.5  # 10 in [9, 11], 30 in [29, 31]
    assert c.loc[0.95, "coverage"] == 1.0 and c.loc[0.95, "n"] == 3  # the NaN interval is not counted


@pytest.fixture(scope="module")
def ecasd(shared_data):
    import ecasd_backtest

    return ecasd_backtest.run(draws=400)


def test_ecasd_district_beats_both_baselines_at_every_lead_before_2020(ecasd):
    pre = ecasd["district"].query("origin + lead < 2020")
    m = summarise(pre).pivot_table(index=["level", "lead"], columns="method", values="mape")
    for level in ("all", "elementary"):
        rows = m.loc[level]
        assert (rows.cohort < rows.last_value).all() and (rows.cohort < rows.average_change).all()
        assert rows.cohort[1] <= 1.1 and rows.cohort[5] <= 2.2


def test_ecasd_per_school_beats_the_last_value_at_every_lead_before_2020(ecasd):
    pre = ecasd["schools"].query("origin + lead < 2020 and level == 'elementary'")
    m = summarise(pre).pivot_table(index="lead", columns="method", values="mape")
    assert (m.cohort < m.last_value).all(), m


def test_ecasd_intervals_measured_and_the_pandemic_outside(ecasd):
    district = ecasd["district"].query("method == 'cohort' and level == 'elementary'")
    cov = calibration(district.query("origin + lead < 2020")).query("nominal == 0.8").set_index("lead")
    # On 6-14 forecasts a lead one forecast moves the coverage by 7-17 points: measured (50-83%
    # by lead, docs/forecasting.md), not held to the goal; the school series below are.
    assert cov.coverage.between(0.45, 0.95).all(), cov
    width = (district.p90 - district.p10) / district.forecast
    assert width.groupby(district.lead).median().is_monotonic_increasing
    y2020 = district.query("origin + lead == 2020 and p10 == p10")
    assert len(y2020) and (y2020.actual < y2020.p10).all() and (y2020.ape > 15).all()


def test_ecasd_school_series_intervals_hold_what_they_claim_at_every_lead(ecasd):
    # DESIGN §2.2's goal, on 120-196 forecasts a lead (16 schools, the cohort method on each):
    # 80% intervals hold 75-85% of the actuals before 2020 at every lead; the 50% and 95% ones
    # are near their nominal level (95%: 87-90%, the tails of a few past errors being thin).
    rows = ecasd["school series"].query("method == 'cohort' and level == 'elementary' and origin + lead < 2020")
    cov = calibration(rows).pivot_table(index="lead", columns="nominal", values="coverage")
    assert len(cov) == 5 and cov[0.8].between(0.75, 0.85).all(), cov
    assert cov[0.5].between(0.45, 0.6).all() and cov[0.95].between(0.85, 0.97).all(), cov
    assert calibration(rows).groupby("lead")["n"].first().min() >= 100
