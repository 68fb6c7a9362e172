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
