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


KG = Level.rate("kg", (3, 5))


def kindergarten(rate, people, years=range(2010, 2016), sexes="FM"):
    """A rate level's history (3 ages as grades 1..3) and a population history (ages 2..6, by
    sex when ``sexes``): ``people(year)`` at each age and sex, ``rate(year)`` of them in kindergarten."""
    by_sex = list(sexes) or [None]
    pop = pd.DataFrame([("R", y, s, a, people(y)) for y in years for s in by_sex for a in range(2, 7)],
                       columns=["region", "year", "sex", "age", "count"])
    if not sexes:
        pop = pop.drop(columns="sex")
    rows = [("R", y, "kg", a - 2, rate(y) * people(y) * len(by_sex)) for y in years for a in range(3, 6)]
    return pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"]), pop


def test_rate_level_constant_rate_growing_population_by_hand():
    # 80% of the 3–5-year-olds, whose number grows by 5 an age and sex a year: 2 × 3 × 5 × 0.8 =
    # 24 more pupils a year. The method projects the constant rate exactly onto the actual
    # population; the last value misses the growth, 24 a year of lead.
    kg, pop = kindergarten(lambda y: 0.8, lambda y: 50 + 5 * (y - 2010))
    history, births = steady_growth()
    table = edplan.enrolment.backtest(pd.concat([history, kg]), births, origins=[2013], max_lead=2,
                                      levels=[*LEVELS, KG], population=pop, method="mean", k=3)
    assert table.attrs["notes"] == [] and table.attrs["skipped"].empty
    t = table.set_index(["method", "level", "lead"])
    assert t.loc[("cohort", "kg", 2), "actual"] == pytest.approx(0.8 * 2 * 3 * 75)  # 2015: 360 pupils
    for method in ("cohort", "cohort_mean3"):
        assert t.loc[(method, "kg", 1), "forecast"] == pytest.approx(0.8 * 2 * 3 * 70)
        assert t.loc[(method, "kg", 2), "ape"] == pytest.approx(0.0, abs=1e-9)
    assert t.loc[("last_value", "kg", 2), "forecast"] == pytest.approx(360 - 2 * 24)
    assert t.loc[("last_value", "kg", 2), "ape"] == pytest.approx(100 * 48 / 360)
    # level `all` sums the progression level and the rate level
    assert t.loc[("cohort", "all", 2), "actual"] == pytest.approx(290 + 360)
    assert t.loc[("cohort", "all", 2), "forecast"] == pytest.approx(t.loc[("cohort", "p", 2), "forecast"] + 360)
    # without a population history the rate level is left out, and a note says so
    without = edplan.enrolment.backtest(pd.concat([history, kg]), births, origins=[2013], max_lead=2,
                                        levels=[*LEVELS, KG])
    assert set(without.level) == {"p", "all"}
    assert without.attrs["notes"] == ["rate level kg not back-tested: no population history (the people of its "
                                      "ages in past years) to divide its pupils by"]


def test_rate_level_trending_rate_by_the_method():
    # The rate rises by 2 points a year, 0.60 in 2008 to 0.72 in 2014, in a constant population of
    # 3 ages × 1,000 (no sex column). From 2014: the mean of the last 3 rates is 0.70 (2,100
    # pupils at every lead); the damped trend adds 0.02 · (0.8 + … + 0.8^h); "auto" finds the
    # damped trend best on the history before 2014 and projects the same.
    kg, pop = kindergarten(lambda y: 0.6 + 0.02 * (y - 2008), lambda y: 1000.0, range(2008, 2021), sexes="")
    damped = [3000 * (0.72 + 0.02 * sum(0.8 ** i for i in range(1, h + 1))) for h in (1, 2, 3)]
    for method, expected in (("mean", [2100] * 3), ("damped", damped), ("auto", damped)):
        table = edplan.enrolment.backtest(kg, levels=[KG], origins=[2014], max_lead=3, population=pop, method=method)
        t = table.query("level == 'kg'").pivot_table(index="lead", columns="method", values="forecast")
        np.testing.assert_allclose(t["cohort"], expected, rtol=1e-12)
        np.testing.assert_allclose(t["cohort_mean3"], [2100] * 3, rtol=1e-12)
        np.testing.assert_allclose(t["last_value"], [2160] * 3, rtol=1e-12)
        actual = table.query("level == 'kg' and method == 'cohort'").set_index("lead")["actual"]
        np.testing.assert_allclose(actual, [2220, 2280, 2340], rtol=1e-12)


def test_rate_level_intervals_from_the_rates_own_errors():
    # A noisy rate over 16 years: from late origins, 5 or more past errors exist at each lead and
    # the rate level has intervals around its forecast; from early ones they are NaN.
    noise = dict(zip(range(2005, 2021), np.random.default_rng(7).normal(0, 0.02, 16)))
    kg, pop = kindergarten(lambda y: 0.8 + noise[y], lambda y: 100.0 + 3 * (y - 2005), range(2005, 2021))
    table = edplan.enrolment.backtest(kg, levels=[KG], origins=range(2009, 2019), max_lead=2, population=pop,
                                      method="mean", k=3, draws=400, seed=3, baselines=False)
    rows = table.query("level == 'kg'")
    given = rows[rows.p10.notna()]
    assert len(given) and rows.p10.isna().any()
    assert (given.p10 < given.forecast).all() and (given.forecast < given.p90).all()
    assert given.origin.min() > rows.origin.min()  # the early origins have too few errors


def test_population_history_problems_all_at_once():
    kg, pop = kindergarten(lambda y: 0.8, lambda y: 50.0)
    pop = pop.astype({"count": object})
    pop.loc[3, "count"] = "many"
    pop.loc[4, "sex"] = "W"
    gap = pop.index[((pop.year == 2012) & (pop.age == 4)).to_numpy()]
    pop = pop.drop(index=gap)  # region-years without the 4-year-olds
    with pytest.raises(edplan.InputError) as caught:
        edplan.enrolment.backtest(kg, levels=[KG], origins=[2013], population=pop)
    first = pop.index[(pop.year == 2012).to_numpy()][0]  # 2012, F, age 2; the males start 5 rows later
    assert str(caught.value).splitlines() == [
        "population[row=3].count: got 'many'; expected a count of people >= 0",
        "population[row=4].sex: unknown sex 'W'; expected one of F, M",
        f"population[row={first}].age: region R, year 2012, sex F: no row at age 4; expected every age 3..5 of "
        "rate level kg",
        f"population[row={first + 5}].age: region R, year 2012, sex M: no row at age 4; expected every age 3..5 of "
        "rate level kg"]


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
