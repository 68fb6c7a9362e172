# SPDX-License-Identifier: MIT
"""The edplan command line, as planners run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import edplan


def edplan_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edplan", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


def test_version(tmp_path):
    out = edplan_cmd("--version", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == f"edplan {edplan.__version__}"


def test_run_default_writes_everything_and_prints_the_summary(tmp_path):
    out = edplan_cmd("run", "-o", "out", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "largest deficits" in out.stdout and "Quanzhou 2023–2040" in out.stdout
    for name in ("population.csv", "demand.csv", "balance.csv", "edplan.xlsx", "report.html"):
        assert (tmp_path / "out" / name).is_file(), name
    assert "Traceback" not in out.stderr


def test_init_then_validate_then_break(tmp_path):
    assert edplan_cmd("init", "qz", cwd=tmp_path).returncode == 0
    ok = edplan_cmd("validate", "qz/scenario.toml", cwd=tmp_path)
    assert ok.returncode == 0 and "valid — 13 regions" in ok.stdout
    toml = tmp_path / "qz" / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("class_size = 45", "class_size = -45"), encoding="utf-8")
    survival = tmp_path / "qz" / "survival.csv"
    lines = survival.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",nan"
    survival.write_text("\n".join(lines) + "\n")
    bad = edplan_cmd("validate", "qz/scenario.toml", cwd=tmp_path)
    assert bad.returncode == 2
    problems = bad.stderr.strip().splitlines()
    assert "qz/survival.csv:4:3: got 'nan'; expected a probability in [0, 1]" in problems
    assert any("levels.primary.class_size: expected a number of pupils per class > 0" in p for p in problems)
    assert "Traceback" not in bad.stderr
    again = edplan_cmd("init", "qz", cwd=tmp_path)
    assert again.returncode == 2 and "not empty" in again.stderr


def test_missing_scenario_is_bad_input(tmp_path):
    out = edplan_cmd("run", "nowhere.toml", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip() == "nowhere.toml: no such file; expected a scenario TOML file"


def test_backtest_and_compare(tmp_path):
    assert edplan_cmd("init", "qz", cwd=tmp_path).returncode == 0
    bt = edplan_cmd("backtest", "qz/scenario.toml", "--holdout", "2", "-o", "bt", cwd=tmp_path)
    assert bt.returncode == 0, bt.stderr
    table = pd.read_csv(tmp_path / "bt" / "backtest.csv", encoding="utf-8-sig")
    assert list(table.columns[:10]) == ["origin", "lead", "region", "level", "method", "actual", "forecast", "ape",
                                        "p10", "p90"]
    assert set(table.origin) == {2021, 2022} and {"primary", "junior", "all"} <= set(table.level)
    assert set(table.method) == {"cohort", "cohort_mean3", "last_value", "average_change"}
    assert (table.origin + table.lead <= 2023).all() and set(table.lead) == {1, 2}
    cohort = table.query("method == 'cohort' and origin == 2021 and lead == 2")
    assert cohort.query("level in ('primary', 'junior')").shape[0] == 13 * 2  # every district, both levels
    assert "MAPE by lead" in (tmp_path / "bt" / "backtest.html").read_text(encoding="utf-8")
    # Quanzhou has no population history: its kindergarten (a rate level) is left out, and said so
    assert "kindergarten" not in set(table.level)
    assert "note: rate level kindergarten not back-tested: no population history" in bt.stdout
    too_long = edplan_cmd("backtest", "qz/scenario.toml", "--holdout", "9", cwd=tmp_path)
    assert too_long.returncode == 2 and too_long.stderr.startswith("--holdout: got 9; expected 1 .. 2")
    assert edplan_cmd("run", "qz/scenario.toml", "-o", "a", "--no-excel", "--no-report", cwd=tmp_path).returncode == 0
    toml = tmp_path / "qz" / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"2030" = 0.98', '"2030" = 0.90'), encoding="utf-8")
    cmp_ = edplan_cmd("compare", "a", "qz/scenario.toml", cwd=tmp_path)
    assert cmp_.returncode == 0, cmp_.stderr
    assert "city pupils" in cmp_.stdout and "deficit place-years" in cmp_.stdout


def test_backtest_needs_only_the_history_births_and_levels(tmp_path):
    # A scenario file with no population tables, births without a region column (one series for
    # the district) and Traditional aliases in the history: what a school district has.
    rows = [("東區", y, "p", g, 100 + 10 * (y - 2010) - 10 * (g - 1)) for y in range(2010, 2016) for g in (1, 2)]
    pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"]).to_csv(tmp_path / "enrolment.csv",
                                                                                      index=False)
    pd.DataFrame({"year": range(2004, 2010), "births": [100 + 10 * i for i in range(6)]}).to_csv(
        tmp_path / "births.csv", index=False)
    pd.DataFrame({"alias": ["東區"], "region": ["东区"]}).to_csv(tmp_path / "aliases.csv", index=False)
    toml = tmp_path / "scenario.toml"
    toml.write_text('[scenario]\nname = "District"\nbase_year = 2015\nhorizon = 2020\naliases = "aliases.csv"\n\n'
                    '[population]\nbirths = "births.csv"\n\n[enrolment]\nhistory = "enrolment.csv"\nmethod = "mean"\n'
                    'k = 1\n\n[levels.p]\nkind = "progression"\ngrades = [1, 2]\nentry_age = 6\nclass_size = 30\n',
                    encoding="utf-8")
    bt = edplan_cmd("backtest", "scenario.toml", "--origins", "2012:2013", "--max-lead", "2", "-o", "bt", cwd=tmp_path)
    assert bt.returncode == 0, bt.stderr
    table = pd.read_csv(tmp_path / "bt" / "backtest.csv", encoding="utf-8-sig")
    assert set(table.region) == {"东区"}
    # Steady growth of 10 pupils a grade a year, entry ratio 1: the cohort method with the last
    # ratio is exact; the last value misses 2 years of growth (20 a year) at lead 2.
    cohort = table.query("method == 'cohort' and level == 'p'")
    assert cohort.ape.max() == pytest.approx(0.0, abs=1e-9)
    last = table.query("method == 'last_value' and level == 'p' and origin == 2013 and lead == 2").iloc[0]
    assert (last.forecast, last.actual) == (250, 290)
    # What it reads is still checked, every problem at once with its place; `validate` and `run`
    # still want the population tables.
    toml.write_text(toml.read_text(encoding="utf-8").replace("entry_age = 6", "entry_age = -6")
                    .replace('method = "mean"', 'methd = "mean"'), encoding="utf-8")
    (tmp_path / "births.csv").write_text("year,births\n2004,100\n2005,many\n", encoding="utf-8")
    bad = edplan_cmd("backtest", "scenario.toml", cwd=tmp_path)
    assert bad.returncode == 2
    lines = bad.stderr.splitlines()
    assert any(line.startswith("scenario.toml:") and "enrolment.methd: unknown setting (did you mean method?)" in line
               for line in lines), lines
    assert any("levels.p.entry_age" in line for line in lines), lines
    assert any(line.startswith(f"{tmp_path / 'births.csv'}:3:2:") or line.startswith("births.csv:3:2:")
               for line in lines), lines
    assert "population: no base setting" in edplan_cmd("validate", "scenario.toml", cwd=tmp_path).stderr


def tiny_rate_scenario(folder: Path, population: bool = True) -> Path:
    """Two districts, 2010–2015: a progression level p (grades 1–2) and a kindergarten kg by rate
    (ages 3–5, 75% enrolled), with a population history of the 3–5-year-olds, 40 an age and sex
    in 2010, 2 more each year (2016 included: a target year beyond the enrolment history is harmless)."""
    rows = [(d, y, "p", g, 100 + 10 * (y - 2010) - 10 * (g - 1)) for d in ("东区", "西区") for y in range(2010, 2016)
            for g in (1, 2)]
    rows += [(d, y, "kg", a - 2, 0.75 * 2 * (40 + 2 * (y - 2010))) for d in ("东区", "西区") for y in range(2010, 2016)
             for a in (3, 4, 5)]
    pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"]).to_csv(folder / "enrolment.csv",
                                                                                      index=False)
    pd.DataFrame({"year": range(2004, 2010), "births": [100 + 10 * i for i in range(6)]}).to_csv(
        folder / "births.csv", index=False)
    pd.DataFrame([(d, y, s, a, 40 + 2 * (y - 2010)) for d in ("东区", "西区") for y in range(2010, 2017) for s in "FM"
                  for a in (3, 4, 5)], columns=["region", "year", "sex", "age", "count"]).to_csv(
        folder / "population_history.csv", index=False)
    toml = folder / "scenario.toml"
    toml.write_text('[scenario]\nname = "Town"\nbase_year = 2015\nhorizon = 2020\n\n[population]\nbirths = "births.csv"\n'
                    + ('history = "population_history.csv"\n' if population else "")
                    + '\n[enrolment]\nhistory = "enrolment.csv"\nmethod = "mean"\nk = 1\n\n'
                    '[levels.kg]\nkind = "rate"\nages = [3, 5]\n\n'
                    '[levels.p]\nkind = "progression"\ngrades = [1, 2]\nentry_age = 6\n', encoding="utf-8")
    return toml


def test_backtest_rate_levels_on_a_population_history(tmp_path):
    tiny_rate_scenario(tmp_path)
    bt = edplan_cmd("backtest", "scenario.toml", "--origins", "2012:2013", "--max-lead", "2", "-o", "bt", cwd=tmp_path)
    assert bt.returncode == 0, bt.stderr
    assert "note:" not in bt.stdout
    table = pd.read_csv(tmp_path / "bt" / "backtest.csv", encoding="utf-8-sig")
    kg = table.query("level == 'kg'").set_index(["method", "region", "origin", "lead"])
    # 75% of a population growing by 2 × 3 × 2 = 12 a year: 9 more pupils a year. The rate is
    # exact; the last value misses 2 years' growth at lead 2.
    assert table.query("level == 'kg' and method == 'cohort'").ape.max() == pytest.approx(0.0, abs=1e-9)
    assert kg.loc[("cohort", "东区", 2013, 2), "actual"] == pytest.approx(0.75 * 6 * 50)
    assert kg.loc[("last_value", "东区", 2013, 2), "forecast"] == pytest.approx(0.75 * 6 * 50 - 2 * 9)
    row = table.query("method == 'cohort' and region == '西区' and origin == 2013 and lead == 2 and level == 'all'")
    assert row.actual.iloc[0] == pytest.approx(290 + 225)  # p and kg together
    # Without the population history the rate level is left out, with a note, not silently.
    tiny_rate_scenario(tmp_path, population=False)
    bt = edplan_cmd("backtest", "scenario.toml", "--origins", "2012:2013", "-o", "bt2", cwd=tmp_path)
    assert bt.returncode == 0, bt.stderr
    assert ('note: rate level kg not back-tested: no population history (the people of its ages in past years) to '
            'divide its pupils by; [population] history = "FILE.csv" (region, year, age, count) gives it') in bt.stdout
    assert set(pd.read_csv(tmp_path / "bt2" / "backtest.csv", encoding="utf-8-sig").level) == {"p", "all"}


def test_population_history_problems_located(tmp_path):
    tiny_rate_scenario(tmp_path)
    history = tmp_path / "population_history.csv"
    lines = history.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("东区", "北区")    # line 2: an unknown region
    lines[3] = lines[3].rsplit(",", 1)[0] + ",lots"  # line 4: a count that is not a number
    del lines[8]                                     # line 9 was 东区, 2011, F, age 4
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = edplan_cmd("backtest", "scenario.toml", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.splitlines() == [
        "population_history.csv:4:5: got 'lots'; expected a count of people >= 0",
        "population_history.csv:2:1: unknown region '北区'; expected one of 东区, 西区",
        "population_history.csv:3:4: region 东区, year 2010, sex F: no row at age 3; expected every age 3..5 of rate "
        "level kg",
        "population_history.csv:8:4: region 东区, year 2011, sex F: no row at age 4; expected every age 3..5 of rate "
        "level kg"]


def test_validate_checks_the_population_history(tmp_path):
    # `validate` (Scenario.load) checks a population history too, against the population's regions.
    import shutil

    from edplan.scenario.load import default_path

    folder = tmp_path / "qz"
    shutil.copytree(default_path().parent, folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('births = "births.csv"\n',
                                                             'births = "births.csv"\nhistory = "people.csv"\n'),
                    encoding="utf-8")
    (folder / "people.csv").write_text("region,year,age,count\n鲤城区,2020,3,100\n鲤城区,2020,4,x\n鲤城区,2020,5,90\n"
                                       "Atlantis,2020,3,1\n鲤城区,2021,3,100\n鲤城区,2021,5,90\n", encoding="utf-8")
    with pytest.raises(edplan.InputError) as caught:
        edplan.Scenario.load(toml)
    problems = str(caught.value).splitlines()
    people = folder / "people.csv"
    assert f"{people}:3:4: got 'x'; expected a count of people >= 0" in problems
    assert any(p.startswith(f"{people}:5:1: unknown region 'Atlantis'; expected one of 鲤城区") for p in problems)
    assert (f"{people}:6:3: region 鲤城区, year 2021: no row at age 4; expected every age 3..5 of rate level "
            "kindergarten") in problems
    (folder / "people.csv").write_text("region,year,age,count\n鲤城区,2020,3,100\n鲤城区,2020,4,95\n鲤城区,2020,5,90\n",
                                       encoding="utf-8")
    assert "population.history" in edplan.Scenario.load(toml).tables
