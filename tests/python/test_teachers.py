# SPDX-License-Identifier: MIT
"""Teachers for the wave (DESIGN §2.3b): hand-computed cases through the Python API, the
properties the model must keep, and the built-in scenario's teacher tables."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edplan import InputError, _core
from edplan.capacity import teacher_plan, teachers
from edplan.output.columns import headers

AGES = _core.capacity.MAX_STAFF_AGE - _core.capacity.MIN_STAFF_AGE + 1


def _demand(rows):
    return pd.DataFrame(rows, columns=["region", "level", "year", "demand"])


def test_a_cohort_retiring_leaves_the_need_to_hires():
    # 900 primary pupils need 900 / 19 = 47.37 teachers every year; 30 teachers aged 54 (women)
    # leave in 2024, 20 men aged 58 in 2025, 10 women aged 30 stay.
    demand = _demand([("A", "primary", y, 900.0) for y in (2024, 2025, 2026)])
    staff = pd.DataFrame({"region": "A", "level": "primary", "sex": ["F", "M", "F"], "age": [54, 58, 30],
                          "count": [30.0, 20.0, 10.0]})
    t = teachers(demand, staff, base_year=2023, horizon=2026, norms={"primary": 19})
    assert list(t.columns) == ["region", "level", "year", "needed", "available", "moved_in", "moved_out",
                               "hires_needed", "surplus"]
    np.testing.assert_allclose(t["available"], [30, 10, 10])
    np.testing.assert_allclose(t["hires_needed"], [900 / 19 - 30, 900 / 19 - 10, 900 / 19 - 10])
    assert (t["surplus"] == 0).all()


def test_a_class_minimum_binds_in_a_small_district_and_planned_hires_count_from_their_year():
    demand = _demand([("small", "primary", 2024, 60.0), ("large", "primary", 2024, 900.0)])
    staff = pd.DataFrame({"region": ["small", "large"], "level": "primary", "sex": "F", "age": 40, "count": 3.0})
    hires = pd.DataFrame({"region": ["small"], "level": ["primary"], "year": [2024], "sex": ["M"], "age": [25],
                          "count": [1.0]})
    t = teachers(demand, staff, base_year=2023, horizon=2024, norms={"primary": {"ratio": 19, "per_class": 2}},
                 hires=hires).set_index("region")
    assert t.loc["small", "needed"] == 4  # 2 classes of 45 × 2 > 60 / 19
    assert t.loc["small", "available"] == 4 and t.loc["small", "hires_needed"] == 0
    assert t.loc["large", "needed"] == pytest.approx(900 / 19)


def test_redeployment_closes_the_junior_gap_and_leaves_senior_hires():
    # needs 100, 120, 80; available 130, 100, 60 (all aged 40 in 2023)
    demand = _demand([("A", "primary", 2024, 1900.0), ("A", "junior", 2024, 1620.0), ("A", "senior", 2024, 1000.0)])
    staff = pd.DataFrame({"region": "A", "level": ["primary", "junior", "senior"], "sex": "F", "age": 40,
                          "count": [130.0, 100.0, 60.0]})
    pairs = [{"from_level": "primary", "to_level": "junior", "share": 1.0},
             {"from_level": "junior", "to_level": "senior", "share": 1.0}]
    plan = teacher_plan(demand, staff, base_year=2023, horizon=2024, redeploy=pairs)
    t = plan.table.set_index("level")
    assert t.loc["junior", "moved_in"] == pytest.approx(20) and t.loc["primary", "moved_out"] == pytest.approx(20)
    assert t.loc["junior", "hires_needed"] == pytest.approx(0, abs=1e-9)
    assert t.loc["senior", "hires_needed"] == pytest.approx(20)
    assert t.loc["primary", "surplus"] == pytest.approx(10)
    assert plan.flows.to_dict("records") == [{"region": "A", "year": 2024, "from_level": "primary",
                                              "to_level": "junior", "teachers": pytest.approx(20)}]


def test_bad_input_is_located_all_at_once():
    demand = _demand([("A", "primary", 2024, 100.0)])
    staff = pd.DataFrame({"region": ["A", "A"], "level": ["primary", "nursery"], "sex": "F", "age": [17, 30],
                          "count": 1.0})
    with pytest.raises(InputError) as caught:
        teachers(demand, staff, base_year=2023, horizon=2024, norms={"primary": -1},
                 redeploy=[{"from_level": "primary", "to_level": "primary", "share": 2}])
    text = str(caught.value)
    assert "staff[row=0].age: got 17; expected an age 18..70" in text
    assert "staff[row=1].level: unknown level (one with a teacher norm) 'nursery'" in text
    assert "norms.primary: got -1; expected pupils per teacher > 0" in text
    assert "redeploy[row=0].share: got 2; expected a yearly share in [0, 1]" in text


def _random(seed: int, R: int, T: int, L: int):
    rng = np.random.default_rng(seed)
    pupils = rng.uniform(0, 5000, (R, T, L))
    staff = rng.uniform(0, 8, (R, L, 2, AGES))
    norms = [_core.capacity.TeacherNorm(ratio=float(rng.uniform(10, 25)), class_size=45.0) for _ in range(L)]
    pairs = [_core.capacity.Redeploy(from_level=a, to_level=b, share=float(rng.uniform(0, 1)))
             for a in range(L) for b in range(L) if a != b and rng.random() < 0.6]
    return pupils, staff, norms, pairs


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4))
def test_redeployment_conserves_teachers_and_hires_are_never_negative(seed, R, T, L):
    pupils, staff, norms, pairs = _random(seed, R, T, L)
    out = _core.capacity.teachers(pupils, norms, staff, rules=_core.capacity.StaffRules(attrition=[0.02] * L),
                                  redeploy=pairs, first_year=2024)
    np.testing.assert_allclose(out.moved_in.sum(axis=2), out.moved_out.sum(axis=2), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(out.flows.sum(axis=3), out.moved_out, atol=1e-9)
    assert (out.hires_needed >= 0).all() and (out.surplus >= 0).all()
    assert (out.moved_out <= np.maximum(0, out.available - out.needed) + 1e-9).all()  # only surplus moves
    # what is left short or spare is exactly the balance after the moves
    balance = out.available + out.moved_in - out.moved_out - out.needed
    np.testing.assert_allclose(out.surplus - out.hires_needed, balance, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.1, 10))
def test_need_scales_with_pupils(seed, k):
    pupils, _, norms, _ = _random(seed, 2, 3, 3)
    base = _core.capacity.teachers_needed(pupils, norms)
    np.testing.assert_allclose(_core.capacity.teachers_needed(pupils * k, norms), base * k, rtol=1e-12)


@pytest.fixture(scope="module")
def quanzhou():
    from edplan.scenario import Scenario
    return Scenario.default().run()


def test_the_built_in_scenario_reports_teachers_by_district_level_and_year(quanzhou):
    t = quanzhou.teachers
    s = quanzhou.scenario
    assert len(t) == len(s.regions) * 3 * (s.horizon - s.base_year)
    assert set(t["level"]) == {"primary", "junior", "senior"}
    # needed is the norm over the demand the run projected
    totals = quanzhou.totals.groupby(["region", "level", "year"])["pupils"].sum()
    norm = {"primary": 19, "junior": 13.5, "senior": 12.5}
    expected = [totals[(r, lv, y)] / norm[lv] for r, lv, y in zip(t["region"], t["level"], t["year"])]
    np.testing.assert_allclose(t["needed"], expected, rtol=1e-12)
    flows = quanzhou.teacher_flows
    assert set(zip(flows["from_level"], flows["to_level"])) <= {("primary", "junior"), ("junior", "senior")}
    moved = flows.groupby(["region", "year"])["teachers"].sum()
    received = t.groupby(["region", "year"])["moved_in"].sum()
    np.testing.assert_allclose(moved, received[moved.index], rtol=1e-12)


def test_the_workbook_report_and_summary_show_teachers(quanzhou, tmp_path):
    import openpyxl

    quanzhou.write(tmp_path, excel=True, report=True)
    book = openpyxl.load_workbook(tmp_path / "edplan.xlsx", read_only=True)
    sheet = book["teachers"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == headers(quanzhou.teachers, "teachers")
    assert "teacher_flows" in book.sheetnames
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.search(r"<h2 id=\"s\d+\">Teachers</h2>", html) and "Redeployment flows" in html and "Teachers to hire by year" in html
    gaps = quanzhou.summary()["largest teacher gaps"]
    worst = quanzhou.teachers.loc[quanzhou.teachers["hires_needed"].idxmax()]
    assert (gaps.iloc[0]["region"], gaps.iloc[0]["level"], gaps.iloc[0]["year"]) == (worst["region"], worst["level"],
                                                                                      worst["year"])
    assert gaps.iloc[0]["to hire"] == round(worst["hires_needed"])


def test_without_norms_a_scenario_models_the_levels_it_has_under_the_national_norms():
    from edplan.capacity.teachers import read_teacher_staff

    staff = pd.DataFrame({"region": ["A"], "level": ["junior"], "sex": ["M"], "age": [30], "count": [5.0]})
    parts = read_teacher_staff(staff, regions=["A"], levels=["kindergarten", "primary", "junior"],
                               class_size={"primary": 45, "junior": 50}, base_year=2023, horizon=2025)
    assert parts.levels == ["primary", "junior"] and parts.level_index == [1, 2]
    assert [n.ratio for n in parts.norms] == [19, 13.5]
    assert parts.staff.shape == (1, 2, 2, AGES) and parts.staff[0, 1, 1, 30 - 18] == 5
