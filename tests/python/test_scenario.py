# SPDX-License-Identifier: MIT
"""The built-in Quanzhou scenario and scenario files: loading, checking, running, writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan.scenario import Scenario, default_path

DATA = default_path().parent


@pytest.fixture(scope="module")
def default():
    return Scenario.default()


@pytest.fixture(scope="module")
def results(default):
    return default.run()


def test_default_scenario_reproduces_published_figures(default):
    published = pd.read_csv(DATA / "published" / "divisions.csv").dropna(subset=["resident_2021_10k"])
    assert default.regions == published["name_zh"].tolist()  # 11 divisions and the 2 zones
    assert len(default.regions) == 13
    city = pd.read_csv(DATA / "published" / "city_series.csv").set_index("year")["resident_pop_10k"]
    totals = default.chain.base.sum(axis=(1, 2))
    # the start of 2023 is the end of 2022: 2021 × the city's 2021→2022 growth
    expected = published["resident_2021_10k"].to_numpy() * 1e4 * (city[2022] / city[2021])
    np.testing.assert_allclose(totals, expected, atol=1.0)  # counts are rounded to 0.01 per cell
    births = pd.read_csv(DATA / "births.csv").query("year == 2021").set_index("region")["births"]
    rate = published.set_index("name_zh")["birth_rate_2021_permille"] / 1000
    # 2021 births of every division: its published population × published birth rate, scaled to the
    # city's published total births (population × rate), within rounding
    share = published.set_index("name_zh")["resident_2021_10k"] * rate
    city_births = city[2021] * 1e4 * 8.7 / 1000
    np.testing.assert_allclose(births.loc[share.index], city_births * share / share.sum(), atol=1.0)


def test_provenance_labels_every_table(default):
    provenance = pd.read_csv(DATA / "provenance.csv")
    assert set(provenance["status"]) <= {"published", "derived", "assumed"}
    for name in ("population.csv", "survival.csv", "fertility.csv", "births.csv", "enrolment.csv", "capacity.csv",
                 "projects.csv", "kindergartens.csv"):
        assert name in set(provenance["table"]), name


def test_run_gives_the_design_tables(results):
    assert list(results.balance.columns[:9]) == ["region", "year", "level", "demand", "capacity", "surplus",
                                                 "deficit", "utilisation", "classes_needed"]
    assert list(results.demand.columns) == ["region", "year", "level", "grade", "pupils"]
    assert list(results.population.columns) == ["region", "year", "sex", "age", "count"]
    assert results.demand["year"].min() == 2024 and results.demand["year"].max() == 2040
    # the 2016-17 birth peak reaches junior school around 2029-30: junior peaks after primary
    peaks = results.summary()["city demand"].set_index("level")["peak year"]
    assert peaks["junior"] > peaks["primary"]
    np.testing.assert_allclose(results.balance.surplus + results.balance.demand, results.balance.capacity)


def test_run_is_deterministic_and_draws_reproducible(default):
    a = default.run(draws=100, seed=3)
    b = default.run(draws=100, seed=3, threads=1)
    pd.testing.assert_frame_equal(a.demand, b.demand)
    assert {"p10", "p50", "p90"} <= set(a.demand.columns)
    given = a.totals.dropna(subset=["p10", "p90"])
    assert len(given) and (given.p10 <= given.p90).all()
    # beyond the leads with 5 rolling-origin errors in the history there is no interval, and a warning
    assert a.totals.p10.isna().any() and any("no interval (NaN)" in w for w in a.warnings)


def test_write_outputs(results, tmp_path):
    written = results.write(tmp_path)
    names = {p.name for p in written}
    assert {"population.csv", "demand.csv", "balance.csv", "edplan.xlsx", "report.html"} <= names
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left
    back = pd.read_csv(tmp_path / "balance.csv", encoding="utf-8-sig")
    assert back["region"].iloc[0] == results.balance["region"].iloc[0]  # Chinese names survive
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "edplan.xlsx", read_only=True)
    assert {"summary", "balance", "demand", "population", "provenance"} <= set(book.sheetnames)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 3 and "Where the numbers come from" in html


def test_copy_loads_like_the_default(tmp_path, default):
    shutil.copytree(DATA, tmp_path / "qz")
    copy = Scenario.load(tmp_path / "qz" / "scenario.toml")
    np.testing.assert_array_equal(copy.chain.base, default.chain.base)


def break_copy(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    shutil.copytree(DATA, tmp_path / "qz")
    for name, (old, new) in edits.items():
        file = tmp_path / "qz" / name
        text = file.read_text(encoding="utf-8")
        assert old in text, (name, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "qz" / "scenario.toml"


def test_every_problem_is_listed_with_file_line_and_column(tmp_path):
    path = break_copy(tmp_path, {
        "scenario.toml": ("horizon = 2040", "horizon = 2040\nhorizn = 2041"),
        "population.csv": ("鲤城区,F,3,", "鲤城区,W,3,"),
        "enrolment.csv": ("鲤城区,2023,primary,1,", "鲤城区,2023,primary,11,"),
        "capacity.csv": ("鲤城区,primary,", "鲤城区,primry,"),
    })
    with pytest.raises(edplan.InputError) as info:
        Scenario.load(path)
    lines = [str(p) for p in info.value.problems]
    folder = str(path.parent)
    assert lines[0] == f"{path}:10:1: scenario.horizn: unknown setting (did you mean horizon?); expected one of " \
                       "name, base_year, horizon, aliases"
    assert f"{folder}/population.csv:5:2: unknown sex 'W'; expected one of F, M" in lines
    assert any(line.startswith(f"{folder}/enrolment.csv:") and ":4: got 11; level primary has grades 1..6" in line
               for line in lines)
    assert any(line.startswith(f"{folder}/capacity.csv:2:2: unknown level 'primry'") for line in lines)


def test_traditional_names_are_accepted_in_every_table(tmp_path, results):
    # Every table naming 晋江市 names it 晉江市 instead (aliases.csv): the same run
    path = break_copy(tmp_path, {})
    for file in path.parent.glob("*.csv"):
        if file.name != "aliases.csv":
            file.write_text(file.read_text(encoding="utf-8").replace("晋江市", "晉江市"), encoding="utf-8")
    again = Scenario.load(path)
    assert "晋江市" in again.regions and "晉江市" not in again.regions
    pd.testing.assert_frame_equal(again.run().balance, results.balance)


def test_region_names_are_checked_in_every_table(tmp_path):
    path = break_copy(tmp_path, {"indicators.csv": ("石狮市,2023", "石师市,2023"),
                                 "targets.csv": ("elder participation,,", "elder participation,泉州,"),
                                 "aliases.csv": ("鯉城區,鲤城区", "鯉城區,鲤城")})
    with pytest.raises(edplan.InputError) as info:
        Scenario.load(path)
    lines = [str(p) for p in info.value.problems]
    folder = str(path.parent)
    for where, name in (("indicators.csv:3:2", "石师市"), ("targets.csv:2:2", "泉州"), ("aliases.csv:2:2", "鲤城")):
        assert any(line.startswith(f"{folder}/{where}: unknown region '{name}'; expected one of 鲤城区, ")
                   for line in lines), (where, lines)


def test_senior_and_vocational_share_the_junior_graduates(results):
    # grade 10 of 2024: 0.596 of 2023's junior grade 9 (the share path, flat after 2023) to general
    # senior high, the rest to vocational school
    history = pd.read_csv(DATA / "enrolment.csv").query("year == 2023 and level == 'junior' and grade == 9")
    graduates = history.set_index("region")["pupils"]
    first = results.demand.query("year == 2024 and grade == 10").pivot(index="region", columns="level",
                                                                        values="pupils")
    np.testing.assert_allclose(first["senior"], 0.596 * graduates[first.index], rtol=1e-12)
    np.testing.assert_allclose(first["senior"] + first["vocational"], graduates[first.index], rtol=1e-12)
    kinds = results.ratios.query("grade == 10").set_index("level")["kind"]
    assert set(kinds["senior"]) == {"share"} and set(kinds["vocational"]) == {"complement"}


def test_toml_syntax_error_is_located(tmp_path):
    path = break_copy(tmp_path, {"scenario.toml": ("base_year = 2023", "base_year = = 2023")})
    with pytest.raises(edplan.InputError) as info:
        Scenario.load(path)
    assert str(info.value) == f"{path}:8:13: Invalid value; expected valid TOML"


def test_missing_file_is_named(tmp_path):
    path = break_copy(tmp_path, {"scenario.toml": ('survival = "survival.csv"', 'survival = "survivals.csv"')})
    with pytest.raises(edplan.InputError, match="survivals.csv: no such file; expected a CSV table there"):
        Scenario.load(path)
