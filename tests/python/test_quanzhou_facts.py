# SPDX-License-Identifier: MIT
"""The built-in Quanzhou scenario held to the published figures it is built from
(published/facts.csv, city_series.csv, china_births.csv, divisions.csv), each within a stated
tolerance, computed from the scenario's own files rather than from the script that wrote them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edplan.scenario import Scenario, default_path

DATA = default_path().parent
PUB = DATA / "published"
BASE = 2023


@pytest.fixture(scope="module")
def facts() -> dict[str, float]:
    f = pd.read_csv(PUB / "facts.csv")
    return dict(zip(f["item"], f["value"].astype(float)))


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.default()


@pytest.fixture(scope="module")
def results(scenario):
    return scenario.run()


def city_births_2010() -> float:
    """Quanzhou's 2010 resident births: population × resident birth rate (city_series.csv)."""
    city = pd.read_csv(PUB / "city_series.csv").set_index("year")
    return float(city.loc[2010, "resident_pop_10k"] * 1e4 * city.loc[2010, "birth_rate_resident_permille"] / 1000)


def china_births() -> pd.Series:
    return pd.read_csv(PUB / "china_births.csv").set_index("year")["births_10k"] * 1e4


def test_the_census_groups_come_back_when_the_base_is_projected_backwards(scenario, facts):
    # The 2023 base is the census (taken as the start of 2021) carried two years forward with the
    # scenario's own survival and migration; undoing the two steps, P[a, t] = (P[a+1, t+1] −
    # M[a+1]) / S[a], gives the census population at ages 0..97 back (98+ share the open group).
    base = scenario.chain.base  # (R, 2, A+1)
    survival = scenario.chain.survival[:, 0]  # (1|R, 2, A+1), the same every year
    migration = scenario.chain.migration[:, 0]
    A = base.shape[2] - 1
    p2022 = (base[:, :, 1:A] - migration[:, :, 1:A]) / survival[:, :, 0:A - 1]  # ages 0..A-2 in 2022
    p2021 = (p2022[:, :, 1:] - migration[:, :, 1:A - 1]) / survival[:, :, 0:A - 2]  # ages 0..A-3 in 2021
    by_age = p2021.sum(axis=(0, 1))
    total = facts["census_2020_city_total"]
    groups = {"0_14": by_age[:15].sum(), "15_59": by_age[15:60].sum(), "60plus": by_age[60:].sum(),
              "65plus": by_age[65:].sum()}
    for name, count in groups.items():
        expected = facts[f"age_share_{name}_2020"] / 100 * total
        # up to 5,000 people (0.06% of the city) fewer: the census ages 98-100, about 4,000 people,
        # are in the open group 100+ of 2023 and cannot be told apart
        assert count == pytest.approx(expected, abs=5000), name
        assert count <= expected * (1 + 1e-6), name  # nothing but the open group is missing
    assert by_age.sum() == pytest.approx(total, rel=1e-3)


def test_older_people_only_grow_from_the_census(scenario, facts):
    # Since 2020 the cohorts turning 60 (born 1960-1962) outnumber the deaths: 60+ and 65+ grow.
    base = scenario.chain.base.sum(axis=(0, 1))
    total = facts["census_2020_city_total"]
    assert base[60:].sum() > facts["age_share_60plus_2020"] / 100 * total
    assert base[65:].sum() > facts["age_share_65plus_2020"] / 100 * total


def test_the_older_population_grows_without_jumps(results):
    # No step in the age pyramid: year-on-year growth of the 60+ changes by at most 1.5 points
    # (the famine cohorts of 1959-1961 and the 1963 peak are the largest swings of China's births).
    pop = results.population
    older = pop[pop["age"] >= 60].groupby("year")["count"].sum()
    growth = older.pct_change().dropna()
    assert (growth > 0).all()
    assert growth.diff().abs().max() < 0.015


def test_births_are_the_published_rates_times_the_population():
    # population × resident birth rate in every year both were published (city_series.csv); the
    # divisions' births are rounded each: at most 13 × 0.5 off
    city = pd.read_csv(PUB / "city_series.csv").dropna(subset=["birth_rate_resident_permille"]).set_index("year")
    births = pd.read_csv(DATA / "births.csv").groupby("year")["births"].sum()
    for year, row in city.iterrows():
        if year in births.index:
            assert births[year] == pytest.approx(row["resident_pop_10k"] * 1e4 * row["birth_rate_resident_permille"]
                                                 / 1000, abs=7), year


def enrolment_by(level: str, year: int, grade: int) -> float:
    e = pd.read_csv(DATA / "enrolment.csv")
    return float(e.query("level == @level and year == @year and grade == @grade")["pupils"].sum())


def city_births(year: int) -> float:
    return float(pd.read_csv(DATA / "births.csv").query("year == @year")["births"].sum())


def test_entry_ratios_are_the_2011_bulletin_s(facts):
    # 2011: 107,500 primary entrants born in 2005 and 71,800 junior entrants born in 1999, the
    # births of those years at Quanzhou's 2010 share of China's births (the share the scenario's
    # births hold before 2010). ±0.5%: pupils and births are rounded.
    share = city_births_2010() / china_births()[2010]
    primary = facts["bulletin_2011_primary_entrants"] / (china_births()[2005] * share)
    junior = facts["bulletin_2011_junior_entrants"] / (china_births()[1999] * share)
    assert enrolment_by("primary", BASE, 1) / city_births(BASE - 6) == pytest.approx(primary, rel=5e-3)
    assert enrolment_by("junior", BASE, 7) / city_births(BASE - 12) == pytest.approx(junior, rel=5e-3)


def test_junior_enrolment_per_birth_is_the_2011_fraction_of_primary_s(facts):
    # 2011: junior pupils per birth (born 1997-1999) / primary pupils per birth (born 2000-2005),
    # births proportional to China's (Quanzhou's share cancels): 0.64. The scenario's 2023 levels
    # weigh the same per-grade ratios by other cohorts: within ±0.03.
    china = china_births()
    published = (facts["bulletin_2011_junior_pupils"] / china.loc[1997:1999].sum()) / \
                (facts["bulletin_2011_primary_pupils"] / china.loc[2000:2005].sum())
    assert published == pytest.approx(0.64, abs=0.005)
    primary = sum(enrolment_by("primary", BASE, g) for g in range(1, 7)) / sum(city_births(BASE - 5 - g)
                                                                                  for g in range(1, 7))
    junior = sum(enrolment_by("junior", BASE, g) for g in range(7, 10)) / sum(city_births(BASE - 5 - g)
                                                                                 for g in range(7, 10))
    assert junior / primary == pytest.approx(published, abs=0.03)


def test_general_senior_high_takes_the_published_share_of_junior_graduates(facts):
    # 2023: China's general senior entrants / junior graduates (0.596); vocational the rest (±0.5%)
    share = facts["china_2023_general_senior_entrants"] / facts["china_2023_junior_graduates"]
    graduates = enrolment_by("junior", BASE - 1, 9)
    assert enrolment_by("senior", BASE, 10) / graduates == pytest.approx(share, rel=5e-3)
    assert enrolment_by("vocational", BASE, 10) / graduates == pytest.approx(1 - share, rel=5e-3)


def test_the_completed_projects_are_the_published_building_pace(facts):
    # Places opened by level and year; each division's share is rounded to 10 places: ±1%.
    p = pd.read_csv(DATA / "projects.csv")
    done = p[p["status"] == "completed"]
    school = done[done["level"].isin(["primary", "junior", "senior"])].groupby("open_year")["places"].sum()
    kindergarten = done[done["level"] == "kindergarten"].groupby("open_year")["places"].sum()
    assert school[2022] == pytest.approx(facts["new_places_2022_primary_secondary"], rel=0.01)
    assert kindergarten[2022] == pytest.approx(facts["new_places_2022_kindergarten"], rel=0.01)
    assert school[2022] / school[2021] == pytest.approx(1 + facts["growth_2022_primary_secondary_places"] / 100,
                                                        rel=0.01)
    assert kindergarten[2022] / kindergarten[2021] == pytest.approx(1 + facts["growth_2022_kindergarten_places"] / 100,
                                                                    rel=0.01)
    assert school.sum() == pytest.approx(facts["new_places_2021_to_2023_07_primary_secondary"], rel=0.01)
    vocational = done[done["level"] == "vocational"]["places"].sum()
    assert vocational == pytest.approx(facts["fyp14_vocational_places_to_2024_03"], rel=0.01)
    # and the 140,000 basic-education places to March 2024: the completed ones and those opened in
    # the 2023/24 school year (planned for 2024), Fengze's separately published 2024 places apart
    basic = p[p["level"] != "vocational"]
    opened = basic[(basic["status"] == "completed") | ((basic["status"] == "planned") & ~basic["id"].str.startswith("FZ24"))]
    assert opened["places"].sum() == pytest.approx(facts["fyp14_places_to_2024_03"], rel=0.01)
    assert set(done["open_year"]) == {2021, 2022, 2023}


def test_utilisation_in_the_base_year_is_plausible_level_by_level(results):
    # Places are 2020's plus the completed projects, not today's pupils: no level starts exactly
    # full, none below 70% or above 110% (kindergartens emptying as births fell).
    b = results.balance
    first = b[b["year"] == BASE + 1].groupby("level")[["demand", "capacity"]].sum()
    utilisation = first["demand"] / first["capacity"]
    assert ((utilisation > 0.7) & (utilisation < 1.1)).all(), utilisation
    cap = pd.read_csv(DATA / "capacity.csv").groupby("level")["places"].sum()
    pupils = pd.read_csv(DATA / "enrolment.csv").query("year == @BASE").groupby("level")["pupils"].sum()
    assert ((cap / pupils[cap.index] - 1).abs() > 0.01).all()


def test_names_are_the_official_simplified_ones_with_traditional_aliases(scenario):
    divisions = pd.read_csv(PUB / "divisions.csv").dropna(subset=["resident_2021_10k"])
    assert scenario.regions == divisions["name_zh"].tolist()
    aliases = pd.read_csv(DATA / "aliases.csv")
    hant = divisions[divisions["name_zh_hant"] != divisions["name_zh"]]
    assert dict(zip(aliases["alias"], aliases["region"])) == dict(zip(hant["name_zh_hant"], hant["name_zh"]))


def test_single_observations_are_insufficient_data_and_the_work_plan_is_tracked(results):
    assert set(results.tables["targets"]["category"]) == {"insufficient data"}
    workplan = results.tables["workplan"]
    assert len(workplan) == 16
    assert set(workplan["status"]) == {"no progress reported"}


def test_teachers_are_the_2023_pupils_at_fujians_published_pupils_per_teacher(facts):
    # staff.csv: each division's 2023 pupils / Fujian's 2015 pupils per full-time teacher
    # (Fujian Statistical Yearbook 2016, table 22-17), ages assumed (provenance.csv)
    staff = pd.read_csv(DATA / "staff.csv")
    enrolment = pd.read_csv(DATA / "enrolment.csv")
    pupils = enrolment[enrolment["year"] == BASE].groupby(["region", "level"])["pupils"].sum()
    teachers = staff.groupby(["region", "level"])["count"].sum()
    for (region, level), count in teachers.items():
        ratio = facts[f"fujian_2015_{level}_pupils"] / facts[f"fujian_2015_{level}_teachers"]
        assert count == pytest.approx(pupils[(region, level)] / ratio, rel=1e-3, abs=1.0), (region, level)
    assert set(staff["age"]) <= set(range(18, 71))
    ratios = {lvl: facts[f"norm_pupils_per_teacher_{lvl}"] for lvl in ("primary", "junior", "senior")}
    import tomllib
    norms = tomllib.loads((DATA / "scenario.toml").read_text(encoding="utf-8"))["teachers"]["norms"]
    assert norms == ratios  # the national staffing norms, as published
