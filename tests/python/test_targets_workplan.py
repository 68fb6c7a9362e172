# SPDX-License-Identifier: MIT
"""edplan.targets work-plan tracker and rate→count helpers: the bundled 2024 plan, hand-computed
paces and statuses, located CSV errors, and exact ceilings checked in integer arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import targets as tg

ISSUE_TARGETS = {  # the quantified 2024 targets listed in edplan issue 5
    "warm_campus": (200, ">="), "warm_campus_featured": (50, "="), "myopia_lighting": (2500, ">="),
    "new_quality_junior": (45, "="), "vocational_clusters": (30, "="), "research_demo_schools": (60, "="),
    "subject_base_schools": (100, "="), "teaching_awards": (80, "="), "research_topics": (500, "="),
    "mentor_camps": (20, "="), "entrepreneurship_trainees": (20000, ">="), "industry_alliances": (3, ">="),
    "new_standards": (2, "="), "training_bases": (3, "="), "industry_colleges": (10, "="),
    "elder_university_sites": (50, "="),
}


def test_bundled_2024_plan():
    plan = tg.load_workplan()
    assert list(plan.columns) == list(tg.PLAN_COLUMNS)
    assert {i: (t, c) for i, t, c in zip(plan["id"], plan["target"], plan["comparison"])} == ISSUE_TARGETS
    assert (plan["deadline"] == pd.Timestamp("2024-12-31")).all()
    assert (plan["start"] == pd.Timestamp("2024-01-01")).all()
    assert plan["source"].str.contains("Quanzhou municipal education bureau, 2024 work plan").all()
    assert (plan["item_zh"] != "").all() and (plan["item_en"] != "").all() and (plan["unit"] != "").all()


def progress_frame():
    return pd.DataFrame({
        "id": ["warm_campus", "warm_campus", "warm_campus_featured", "myopia_lighting", "new_quality_junior",
               "new_standards", "warm_campus"],
        "date": ["2024-03-31", "2024-06-30", "2024-06-30", "2024-06-30", "2024-06-30", "2024-03-31", "2025-01-05"],
        "count": [40, 91, 30, 900, 45, 3, 500]})


def test_track_hand_computed():
    out = tg.track(None, progress_frame(), as_of="2024-06-30").set_index("id")
    w = out.loc["warm_campus"]
    # 182 of 366 days elapsed: 91 → 91·366/182 = 183 by year end, 0.915 of 200: at risk.
    assert w["achieved"] == 91 and w["share"] == pytest.approx(0.455)
    assert w["projected"] == pytest.approx(183.0, rel=1e-14)
    assert w["required_per_day"] == pytest.approx(109 / 184, rel=1e-14)
    assert w["required_per_month"] == pytest.approx(109 / 184 * 30.436875, rel=1e-14)
    assert w["pace_per_month"] == pytest.approx(0.5 * 30.436875, rel=1e-14)
    assert w["days_left"] == 184
    assert w["last_report"] == pd.Timestamp("2024-06-30")
    assert w["status"] == "at risk"
    assert out.loc["warm_campus_featured", "status"] == "on track"  # 30 → 60.3 >= 50
    assert out.loc["myopia_lighting", "status"] == "off track"  # 900 → 1809.9 < 0.8·2500
    assert out.loc["new_quality_junior", "status"] == "achieved"
    assert out.loc["new_standards", "status"] == "achieved"
    assert out.loc["new_standards", "note"] == "above the planned number"  # 3 of exactly 2
    assert out.loc["teaching_awards", "status"] == "no progress reported"  # nobody reported: not "off track"
    assert set(out["status"]) <= set(tg.STATUSES)
    # Increments are summed; past the deadline the late report does not count and unmet items are off track.
    inc = tg.track(None, progress_frame(), as_of="2024-06-30", counts="increments").set_index("id")
    assert inc.loc["warm_campus", "achieved"] == 131
    year_end = tg.track(None, progress_frame(), as_of="2025-02-01").set_index("id")
    assert year_end.loc["warm_campus", "achieved"] == 91
    assert year_end.loc["warm_campus", "status"] == "off track"
    assert math.isnan(year_end.loc["warm_campus", "required_per_day"])
    # The at-risk threshold is a parameter: at 0.9, 183/200 = 0.915 is still at risk; at 0.95 off track.
    assert tg.track(None, progress_frame(), as_of="2024-06-30", at_risk=0.95).set_index("id").loc[
        "warm_campus", "status"] == "off track"


def test_progress_csv_errors_carry_file_line_and_column(tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text("id,date,count\nwarm_campus,2024-03-31,40\nwarm_camp,2024-04-01,1\n"
                    "myopia_lighting,31/03/2024,10\nmyopia_lighting,2024-05-01,-4\n", encoding="utf-8")
    with pytest.raises(edplan.InputError) as e:
        tg.track(None, path, as_of="2024-06-30")
    text = str(e.value)
    assert f"{path}:3:1: unknown item 'warm_camp'; expected an id of the plan" in text
    assert f"{path}:4:2: got '31/03/2024'; expected a date YYYY-MM-DD" in text
    assert f"{path}:5:3: got '-4'; expected a count >= 0" in text
    # Problems found by the engine come back located: a falling total, a date given twice.
    path.write_text("id,date,count\nwarm_campus,2024-03-31,40\nwarm_campus,2024-06-30,30\n"
                    "warm_campus,2024-06-30,35\nwarm_campus,2023-12-31,1\n", encoding="utf-8")
    with pytest.raises(edplan.InputError) as e:
        tg.track(None, tg.load_progress(path), as_of="2024-06-30")
    text = str(e.value)
    assert f"{path}:5:2: is before plan[warm_campus] starts; expected a date in the plan period" in text
    path.write_text("id,date,count\nwarm_campus,2024-03-31,40\nwarm_campus,2024-06-30,30\n"
                    "warm_campus,2024-06-30,35\n", encoding="utf-8")
    with pytest.raises(edplan.InputError) as e:
        tg.track(None, path, as_of="2024-06-30")
    text = str(e.value)
    assert f"{path}:3:3: got 30, below the 40 reported earlier; expected cumulative counts that never fall" in text
    assert f"{path}:4:2: a second count for the same item and date; expected one cumulative count per date" in text
    ok = tg.track(None, path, as_of="2024-06-30", counts="increments").set_index("id")
    assert ok.loc["warm_campus", "achieved"] == 105


def test_plan_csv_errors(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("id,target,comparison,deadline\na,10,>=,2025-12-31\na,0,<,2025-13-01\n,5,=,2025-06-30\n",
                    encoding="utf-8")
    with pytest.raises(edplan.InputError) as e:
        tg.load_workplan(path)
    text = str(e.value)
    assert f"{path}:3:1: 'a' given twice; expected each item once" in text
    assert f"{path}:3:2: got '0'; expected a count > 0" in text
    assert f"{path}:3:3: got '<'; expected '>=' (at least) or '=' (exactly)" in text
    assert f"{path}:3:4: got '2025-13-01'; expected a date YYYY-MM-DD" in text
    assert f"{path}:4:1: is empty; expected an item id" in text
    path.write_text("id,target,deadline\nx,3,2025-06-30\n", encoding="utf-8")
    plan = tg.load_workplan(path)
    assert plan["start"][0] == pd.Timestamp("2025-01-01") and plan["comparison"][0] == ">="
    out = tg.track(plan, pd.DataFrame({"id": ["x"], "date": ["2025-03-31"], "count": [1]}), as_of="2025-03-31")
    assert out["projected"][0] == pytest.approx(181 / 90)  # 1 in 90 of 181 days
    assert out["status"][0] == "off track"  # 2.01 < 0.8·3
    with pytest.raises(edplan.InputError, match="absent.csv: no such file; expected a CSV table there"):
        tg.load_workplan(tmp_path / "absent.csv")


def test_count_needed_hand_computed():
    d = pd.DataFrame({"region": ["A", "A", "A", "B", "B", "B"], "year": [2024, 2025, 2026] * 2,
                      "value": [1000, 1001, 998, 200, 250, 300]})
    out = tg.count_needed(d, pd.DataFrame({"year": [2024, 2025, 2026], "value": [0.5, 0.5, 0.9]}),
                          pd.Series({"A": 450, "B": 120}))
    assert out["needed"].tolist() == [50, 51, 449, 0, 5, 150]  # ceil(x·D) − current, clipped at 0
    assert list(out.columns) == ["region", "year", "denominator", "rate", "current", "needed"]
    k = tg.kindergarten_places_needed(
        pd.DataFrame({"region": ["A", "A", "B", "B"], "year": [2024, 2025] * 2, "demand": [1000, 1001, 200, 250]}),
        pd.DataFrame({"region": ["A", "A", "A", "B"], "sector": ["public", "inclusive", "private", "public"],
                      "places": [450, 300, 500, 120]}))
    assert k["public_places_needed"].tolist() == [50, 51, 0, 5]  # ceil(0.5·D) − public
    assert k["inclusive_places_needed"].tolist() == [150, 151, 60, 105]  # ceil(0.9·D) − public − inclusive
    assert k["inclusive_places"].tolist() == [300, 300, 0, 0]
    s = tg.learner_seats_needed(pd.DataFrame({"region": ["A", "A"], "year": [2024, 2025], "population": [12345, 13000]}),
                                pd.DataFrame({"region": ["A"], "learners": [1000]}))
    assert s["seats_needed"].tolist() == [1469, 1600]  # ceil(0.2·12345) = 2469 − 1000; 2600 − 1000


def test_count_needed_errors():
    d = pd.DataFrame({"region": ["A", "A", "B"], "year": [2024, 2025, 2024], "value": [100, 110, 50]})
    with pytest.raises(edplan.InputError, match="no value for 1 region-years"):
        tg.count_needed(d, 0.5)
    d = pd.DataFrame({"region": ["A", "B"], "year": [2024, 2024], "value": [100, -5]})
    with pytest.raises(edplan.InputError) as e:
        tg.count_needed(d, 50)
    assert "rate[region=0, year=0]: got 50; expected a share in [0, 1] (divide percentages by 100)" in str(e.value)
    assert "denominator[region=1, year=0]: got -5; expected a count >= 0" in str(e.value)
    with pytest.raises(edplan.InputError, match="expected public, inclusive or private"):
        tg.kindergarten_places_needed(d.rename(columns={"value": "demand"}).assign(demand=[1, 2]),
                                      pd.DataFrame({"region": ["A"], "sector": ["state"], "places": [3]}))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 1000), st.integers(0, 10**6), st.integers(0, 10**6))
def test_ceiling_is_exact_for_decimal_shares(per_mille, denominator, current):
    # x = k/1000 is not exact in binary; the engine's ceiling must match integer arithmetic.
    d = pd.DataFrame({"region": ["A"], "year": [2024], "value": [float(denominator)]})
    out = tg.count_needed(d, per_mille / 1000, current)
    exact = -(-per_mille * denominator // 1000)
    assert out["needed"][0] == max(0, exact - current)


cells = st.one_of(st.sampled_from(["", " ", "x", "-1", "0", "2.5", "1e400", "nan", "2024-02-30", "2024-06-30",
                                   "warm_campus", ">=", "=", "increase", "公办率", '"a,b"', "2020"]),
                  st.text(alphabet="0123456789-.,e\"\n x公", max_size=6))


@st.composite
def csv_text(draw, header):
    rows = draw(st.lists(st.lists(cells, min_size=len(header) - 1, max_size=len(header) + 1), max_size=5))
    return ",".join(header) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"


@settings(max_examples=150, deadline=None)
@given(csv_text(["id", "target", "comparison", "start", "deadline"]), csv_text(["id", "date", "count"]),
       csv_text(["indicator", "region", "year", "value"]), csv_text(["indicator", "region", "target", "target_year",
                                                                     "direction", "baseline_year", "limit"]))
def test_loaders_fail_only_with_input_error(tmp_path_factory, plan, progress, indicators, targets):
    folder = tmp_path_factory.mktemp("fuzz")
    paths = {}
    for name, text in (("plan", plan), ("progress", progress), ("indicators", indicators), ("targets", targets)):
        paths[name] = folder / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    for call in (lambda: tg.track(paths["plan"], paths["progress"], as_of="2024-06-30"),
                 lambda: tg.track(None, paths["progress"], as_of="2024-06-30", counts="increments"),
                 lambda: tg.assess_table(paths["indicators"], paths["targets"], method="logistic"),
                 lambda: tg.assess_table(paths["indicators"], paths["targets"])):
        try:
            call()
        except edplan.InputError as e:
            assert e.problems and all(p.message for p in e.problems)


def test_a_targets_table_without_rows_gives_no_targets(tmp_path):
    # Found by the property above: a header-only targets table used to raise IndexError.
    indicators = tmp_path / "indicators.csv"
    indicators.write_text("indicator,region,year,value\nx,,2020,0.3\nx,,2022,0.4\n", encoding="utf-8")
    targets = tmp_path / "targets.csv"
    targets.write_text("indicator,region,target,target_year,direction\n", encoding="utf-8")
    table = tg.assess_table(indicators, targets)
    assert len(table) == 1 and math.isnan(table["target"].iloc[0])
