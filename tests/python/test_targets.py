# SPDX-License-Identifier: MIT
"""edplan.targets assessment: hand-computed cases, exact category boundaries, the independent
reference implementations, properties, and errors located by file, line and column."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import edplan
from edplan import targets as tg
from targets_reference import assess_frame_numpy, assess_series


def test_hand_computed_series():
    a = tg.assess([2020, 2021, 2022], [10, 12, 13], target=16, target_year=2025)
    # CAGR_obs = 1.3^(1/2) − 1, CAGR_req = 1.6^(1/5) − 1; OLS line 35/3 + 1.5(t − 2021).
    assert a.cagr_observed == pytest.approx(math.sqrt(1.3) - 1, rel=1e-12)
    assert a.ratio == pytest.approx((math.sqrt(1.3) - 1) / (1.6 ** 0.2 - 1), rel=1e-12)
    assert a.category == "on track"
    assert a.projected == pytest.approx(53 / 3, rel=1e-12)
    assert a.year_reached == 2024  # the line crosses 16 at 2023.89
    assert a.annual_change_needed == pytest.approx(1.0)  # (16 − 13) / (2025 − 2022)
    assert a.colour == tg.CATEGORY_COLOURS["on track"]
    tw = tg.assess([2020, 2021, 2022], [10, 12, 13], target=16, target_year=2025, method="time_weighted")
    assert tw.projected == pytest.approx(17.3, rel=1e-12)  # weights 1, 2, 3: slope 1.4 through (2021⅓, 73/6)
    assert tw.year_reached == 2025
    lg = tg.assess([2020, 2021, 2022], [0.5, 0.8, 16 / 17], target=0.95, target_year=2023, method="logistic")
    assert lg.projected == pytest.approx(64 / 65, rel=1e-12)  # logits 0, ln 4, ln 16 → ln 64
    assert lg.year_reached == 2023
    pct = tg.assess([2020, 2021, 2022], [50, 80, 1600 / 17], target=95, target_year=2023, method="logistic", upper=100)
    assert pct.projected == pytest.approx(6400 / 65, rel=1e-12)


@pytest.mark.parametrize("latest, target, direction, ratio, category", [
    (1.59375, 1.625, "increase", 0.95, "on track"),  # 0.59375 / 0.625 rounds to the double 0.95
    (1.375, 1.625, "increase", 0.6, "acceleration needed"),
    (1.0, 1.625, "increase", 0.0, "limited progress"),
    (0.9375, 1.625, "increase", -0.1, "deterioration"),
    (0.40625, 0.375, "decrease", 0.95, "on track"),
    (0.625, 0.375, "decrease", 0.6, "acceleration needed"),
    (1.0, 0.375, "decrease", 0.0, "limited progress"),
])
def test_boundaries_exactly(latest, target, direction, ratio, category):
    a = tg.assess([2023, 2024], [1.0, latest], target=target, target_year=2024, direction=direction)
    assert a.ratio == ratio
    assert a.category == category


def test_no_target_variant_with_scaling_factor():
    c = 1 - 0.5 ** 4.44  # Open SDG's C for a share at half its limit of 1
    a = tg.assess([2020, 2021], [0.5, 0.51], limit=1.0)  # growth 2% >= 1.5%·C
    assert (a.category, a.scaling) == ("on track", pytest.approx(c, rel=1e-14))
    assert math.isnan(a.ratio)
    assert "no target" in a.note
    assert tg.assess([2020, 2021], [0.5, 0.505], limit=1.0).category == "acceleration needed"  # 1% >= 0.5%·C
    assert tg.assess([2020, 2021], [0.5, 0.501], limit=1.0).category == "limited progress"
    assert tg.assess([2020, 2021], [0.5, 0.499], limit=1.0).category == "deterioration"
    assert tg.assess([2020, 2021], [1.0, 1.0], limit=1.0).category == "on track"  # C = 0: holding the limit
    assert tg.assess([2020, 2021], [0.5, 0.49], direction="decrease").category == "on track"


def test_achieved_and_insufficient_data():
    a = tg.assess([2019, 2020, 2021, 2022], [40, 48, 52, 55], target=50, target_year=2025)
    assert (a.category, a.year_reached, a.annual_change_needed) == ("achieved", 2021, 0.0)
    # one observation that meets the target is not yet a record (Open SDG: insufficient data)
    met_once = tg.assess([2022], [55], target=50, target_year=2025)
    assert (met_once.category, met_once.annual_change_needed) == ("insufficient data", 0.0)
    one = tg.assess([2022], [45], target=50, target_year=2025)
    assert one.category == "insufficient data"
    assert "fewer than two observations" in one.note
    assert one.annual_change_needed == pytest.approx(5 / 3)
    assert tg.assess([], [], target=50, target_year=2025).category == "insufficient data"
    late = tg.assess([2016, 2018, 2021], [30, 35, 40], target=50, target_year=2025, baseline_year=2019)
    assert (late.category, late.baseline_year) == ("insufficient data", 2021)
    mixed = tg.assess([2020, 2021], [-1, 2], target=5, target_year=2025)
    assert mixed.category == "insufficient data" and "opposite sign" in mixed.note


def test_errors_name_the_argument():
    with pytest.raises(edplan.InputError) as e:
        tg.assess([2020, 2020], [1, 2], target=3, target_year=2025)
    assert "year 2020 follows 2020" in str(e.value)
    with pytest.raises(edplan.InputError, match="target_year: got nan; expected the year the target is due"):
        tg.assess([2020, 2021], [1, 2], target=3)
    with pytest.raises(edplan.InputError, match="direction: got 'up'; expected 'increase' or 'decrease'"):
        tg.assess([2020, 2021], [1, 2], target=3, target_year=2025, direction="up")
    with pytest.raises(edplan.InputError, match="method: got 'cubic'"):
        tg.assess([2020, 2021], [1, 2], target=3, target_year=2025, method="cubic")
    with pytest.raises(edplan.InputError, match=r"got 1.5; expected a share in \[0, 1\] for the logistic method"):
        tg.assess([2020, 2021], [0.5, 1.5], target=0.9, target_year=2025, method="logistic")


series_values = st.lists(st.floats(0.05, 50.0), min_size=0, max_size=8)


@st.composite
def series(draw):
    values = draw(series_values)
    first = draw(st.integers(2010, 2020))
    years = sorted(draw(st.lists(st.integers(first, first + 12), min_size=len(values), max_size=len(values),
                                 unique=True)))
    target = draw(st.one_of(st.none(), st.floats(0.05, 60.0)))
    target_year = draw(st.integers(2026, 2035))
    baseline = draw(st.one_of(st.none(), st.integers(2010, 2024)))
    direction = draw(st.sampled_from(["increase", "decrease"]))
    method = draw(st.sampled_from(["linear", "time_weighted"]))
    return years, values, dict(target=target, target_year=target_year, baseline_year=baseline,
                               direction=direction, method=method)


def same(a, b, rel=1e-9):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=rel, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(series())
def test_agrees_with_the_reference(case):
    years, values, kw = case
    ours = tg.assess(years, values, **kw)
    ref = assess_series(years, values, **kw)
    assert ours.category == ref["category"]
    for k in ("ratio", "projected", "annual_change_needed"):
        assert same(getattr(ours, k), ref[k]), k
    # The reference searches year by year for 400 years; the engine solves for the crossing.
    for x, y in ((ours.year_reached, ref["year_reached"]), (ref["year_reached"], ours.year_reached)):
        if math.isfinite(x) and x < 2300:
            assert abs(x - y) <= 1


@settings(max_examples=200, deadline=None)
@given(series(), st.floats(0.01, 100.0))
def test_scaling_values_and_target_keeps_the_category(case, k):
    years, values, kw = case
    assume(kw["target"] is not None)
    a = tg.assess(years, values, **kw)
    scaled = dict(kw, target=kw["target"] * k)
    b = tg.assess(years, [v * k for v in values], **scaled)
    assume(not math.isfinite(a.ratio) or min(abs(a.ratio - x) for x in (0.95, 0.6, 0)) > 1e-9)
    assume(min([abs(v - kw["target"]) for v in values[-1:]] or [1]) > 1e-9 * kw["target"])
    assert a.category == b.category
    assert same(a.ratio, b.ratio)
    assert same(a.projected * k, b.projected)


@settings(max_examples=200, deadline=None)
@given(series(), st.floats(0.0, 5.0))
def test_a_series_that_meets_its_target_is_achieved(case, margin):
    years, values, kw = case
    assume(values)
    latest = values[-1]
    target = latest - margin if kw["direction"] == "increase" else latest + margin
    assume(target > 0)
    from_baseline = [y for y, v in zip(years, values) if kw["baseline_year"] is None or y >= kw["baseline_year"]]
    expected = "achieved" if len(from_baseline) >= 2 else "insufficient data"
    assert tg.assess(years, values, **dict(kw, target=target)).category == expected


@settings(max_examples=100, deadline=None)
@given(series(), st.randoms(use_true_random=False), st.integers(-50, 50))
def test_order_and_calendar_do_not_matter(case, rnd, shift):
    years, values, kw = case
    a = tg.assess(years, values, **kw)
    order = list(range(len(years)))
    rnd.shuffle(order)
    b = tg.assess([years[i] for i in order], [values[i] for i in order], **kw)
    c = tg.assess([y + shift for y in years], values, **dict(
        kw, target_year=kw["target_year"] + shift,
        baseline_year=None if kw["baseline_year"] is None else kw["baseline_year"] + shift))
    for other in (b, c):
        assert other.category == a.category
        assert same(other.ratio, a.ratio) and same(other.projected, a.projected, rel=1e-7)


def random_table(rng, G, T=8):
    regions = np.array([f"r{g % 50}" for g in range(G)], dtype=object)
    indicators = np.array([f"i{g // 50}" for g in range(G)], dtype=object)
    years = np.tile(np.arange(2015, 2015 + T), G)
    level = rng.uniform(0.2, 0.6, G)
    trend = rng.normal(0.01, 0.02, G)
    values = np.repeat(level, T) * (1 + np.repeat(trend, T)) ** (years - 2015) + rng.normal(0, 0.005, G * T)
    values[rng.random(G * T) < 0.05] = np.nan
    ind = pd.DataFrame({"indicator": np.repeat(indicators, T), "region": np.repeat(regions, T), "year": years,
                        "value": values})
    tgt = pd.DataFrame({"indicator": indicators, "region": regions, "target": rng.uniform(0.3, 0.9, G),
                        "target_year": 2030, "direction": np.where(rng.random(G) < 0.8, "increase", "decrease"),
                        "baseline_year": np.where(rng.random(G) < 0.5, 2016.0, np.nan)})
    return ind, tgt


def test_table_agrees_with_the_vectorised_numpy_version():
    ind, tgt = random_table(np.random.default_rng(3), 2000)
    ours = tg.assess_table(ind, tgt, threads=2)
    ref = assess_frame_numpy(ind, tgt)
    assert list(ours.columns) == list(tg.COLUMNS)
    assert len(ours) == 2000
    merged = ours.merge(ref, on=["indicator", "region"], suffixes=("", "_ref"))
    assert (merged["category"] == merged["category_ref"]).all()
    np.testing.assert_allclose(merged["ratio"], merged["ratio_ref"], rtol=1e-9)
    np.testing.assert_allclose(merged["projected"], merged["projected_ref"], rtol=1e-9)
    one = tg.assess_table(ind, tgt, threads=1)
    pd.testing.assert_frame_equal(ours, one)


def test_table_wildcards_missing_series_and_no_target_rows():
    ind = pd.DataFrame({"indicator": ["公办率"] * 4 + ["参与率"] * 2, "region": ["鲤城区", "鲤城区", "丰泽区", "丰泽区", "", ""],
                        "year": [2021, 2023, 2021, 2023, 2021, 2023], "value": [0.40, 0.47, 0.52, 0.50, 0.10, 0.12]})
    tgt = pd.DataFrame({"indicator": ["公办率", "公办率", "普惠率"], "region": ["", "丰泽区", "泉港区"], "target": [0.5, 0.55, 0.9],
                        "target_year": [2025, 2025, 2025], "direction": ["increase"] * 3})
    out = tg.assess_table(ind, tgt).set_index(["indicator", "region"])
    assert out.loc[("公办率", "鲤城区"), "target"] == 0.5  # the every-region row
    assert out.loc[("公办率", "丰泽区"), "target"] == 0.55  # its own row wins
    assert out.loc[("公办率", "丰泽区"), "category"] == "deterioration"
    assert out.loc[("普惠率", "泉港区"), "category"] == "insufficient data"
    assert math.isnan(out.loc[("参与率", ""), "target"])  # no targets row: no-target variant
    assert out.loc[("参与率", ""), "category"] == "on track"  # 9.5% a year
    assert str(out["latest_year"].dtype) == "Int64"


def test_table_csv_errors_carry_file_line_and_column(tmp_path):
    ind = tmp_path / "indicators.csv"
    ind.write_text("\ufeffindicator,region,year,value\n公办率,鲤城区,2021,0.4\n公办率,鲤城区,2021,0.41\n"
                   "公办率,鲤城区,twenty,0.5\n公办率,鲤城区,2023,abc\n", encoding="utf-8")
    tgt = tmp_path / "targets.csv"
    tgt.write_text("indicator,region,target,target_year,direction\n公办率,,0.5,,up\n", encoding="utf-8")
    with pytest.raises(edplan.InputError) as e:
        tg.assess_table(ind, tgt)
    text = str(e.value)
    assert f"{ind}:3:3: 公办率, 鲤城区, 2021 given twice" in text
    assert f"{ind}:4:3: got 'twenty'; expected a whole year" in text
    assert f"{ind}:5:4: got 'abc'; expected a number, or empty for missing" in text
    assert f"{tgt}:2:4: is empty; expected the year the target is due" in text
    assert f"{tgt}:2:5: got 'up'; expected 'increase' or 'decrease'" in text
    missing = tmp_path / "short.csv"
    missing.write_text("indicator,year\nx,2020\n", encoding="utf-8")
    with pytest.raises(edplan.InputError, match=r"short.csv:1:1: missing column 'value'"):
        tg.assess_table(missing)
    # Problems the engine finds come back located too: the target row's line for its columns.
    tgt.write_text("indicator,region,target,target_year,direction,baseline_year\n公办率,,0.5,2020,increase,2021\n")
    ind.write_text("indicator,region,year,value\n公办率,鲤城区,2021,0.4\n公办率,鲤城区,2022,0.45\n")
    with pytest.raises(edplan.InputError, match=rf"{tgt}:2:4: got 2020; expected a year after the baseline year 2021"):
        tg.assess_table(ind, tgt)
