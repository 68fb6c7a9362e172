# SPDX-License-Identifier: MIT
"""edplan.backtest: the harness by hand, and the ECASD back-test against published figures."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edplan.backtest import backtest, summarise
from edplan.levels import Level

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python"))

LEVELS = [Level.progression("p", (1, 2), entry_age=6)]


def steady_growth():
    """Every grade grows by 10 pupils a year; births grow so that the entry ratio stays 1."""
    rows = [("R", y, "p", g, 100 + 10 * (y - 2010) - 10 * (g - 1)) for y in range(2010, 2016) for g in (1, 2)]
    history = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    births = pd.DataFrame({"year": range(2004, 2010), "births": [100 + 10 * i for i in range(6)]})
    return history, births


def test_baselines_by_hand():
    history, births = steady_growth()
    res = backtest(history, births, origins=[2013], max_lead=2, levels=LEVELS)
    t = res.table.set_index(["method", "lead"])
    # level totals: 2013 = 130 + 120 = 250, growing by 20 a year
    assert t.loc[("last value", 1), "forecast"] == 250
    assert t.loc[("average change", 2), "forecast"] == 250 + 2 * 20
    assert t.loc[("average change", 2), "ape"] == pytest.approx(0.0)
    assert t.loc[("last value", 2), "actual"] == 290
    assert t.loc[("last value", 2), "ape"] == pytest.approx(100 * 40 / 290)
    assert set(res.table.method) == {"cohort", "last value", "average change"}


def test_regions_that_cannot_be_projected_are_listed():
    history, births = steady_growth()
    young = pd.DataFrame([("New", 2013, "p", 1, 50), ("New", 2014, "p", 1, 60), ("New", 2014, "p", 2, 45)],
                         columns=history.columns)
    res = backtest(pd.concat([history, young]), births, origins=[2013], max_lead=1, levels=LEVELS)
    assert res.skipped.region.tolist() == ["New"]
    assert "grade 2 of p" in res.skipped.reason.iloc[0]


def test_summary_coverage():
    table = pd.DataFrame({"method": "cohort", "level": "p", "lead": [1, 1, 1, 1], "actual": [10, 20, 30, 40],
                          "forecast": [10, 20, 30, 40], "ape": [0, 10, 20, 30.0], "p10": [5, 25, 25, 35],
                          "p90": [15, 30, 35, 45]})
    s = summarise(table)
    assert s.loc[0, "mape"] == 15
    assert s.loc[0, "coverage80"] == 0.75


def test_ecasd_district_beats_published_cohort_survival_before_2020(shared_data):
    import ecasd_backtest

    district, _, births = ecasd_backtest.load(shared_data / "ecasd")
    res = backtest(district, births, origins=range(2003, 2024), max_lead=5, levels=ecasd_backtest.LEVELS,
                   draws=500, seed=2024)
    pre = summarise(res.table[res.table.origin + res.table.lead < 2020]).set_index(["method", "lead"])
    assert pre.loc[("cohort", 1), "mape"] < 2.23
    assert pre.loc[("cohort", 5), "mape"] < 2.72
    assert pre.loc[("average change", 5), "mape"] > pre.loc[("cohort", 5), "mape"]
    covered = res.table.query("method == 'cohort' and origin + lead < 2020")
    share = ((covered.actual >= covered.p10) & (covered.actual <= covered.p90)).mean()
    assert 0.7 <= share <= 0.95
    # The pandemic year: 2020 enrolment fell by a quarter, far outside every interval.
    y2020 = res.table.query("method == 'cohort' and origin + lead == 2020")
    assert (y2020.actual < y2020.p10).all()
    assert np.all(y2020.ape > 15)
