# SPDX-License-Identifier: MIT
"""edplan.coverage tables: coverage by area, region and year with gaps, and ranked new sites,
on a small case checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan import coverage as cv

AREAS = pd.DataFrame({
    "area": ["T1", "V1", "V2", "T2", "V3"],
    "region": ["A", "A", "A", "B", "B"],
    "kind": ["township", "village", "village", "township", "village"],
    "population": [1000, 300, 200, 800, 400],
})
SITES = pd.DataFrame({
    "site": ["U1", "S1", "P1"], "area": ["T1", "T1", "V1"], "capacity": [300, 100, 30],
    "learners": [250, 100, 20], "tier": ["university", "school", "learning point"],
})
COSTS = pd.DataFrame({
    "origin": ["T1", "T1", "T1", "V1", "V1", "V2", "T2", "V3", "V2"],
    "destination": ["U1", "S1", "P1", "S1", "P1", "S1", "U1", "U1", "P1"],
    "cost": [0, 0, 5, 10, 0, 20, 40, 45, 15],
})
POP = pd.DataFrame([(a, y, p * (1 + 0.04 * (y - 2024))) for a, p in zip(AREAS.area, AREAS.population)
                    for y in (2024, 2035)], columns=["area", "year", "population"])


def test_coverage_by_region_and_year_by_hand():
    r = cv.coverage_table(AREAS, SITES, COSTS, max_cost=30, population=POP)
    a = r.regions.set_index(["region", "year"])
    # Region A: 370 learners; 1,500 people aged 60+ in 2024, 1,500·1.44 = 2,160 in 2035.
    assert a.loc[("A", 2024), "participation"] == pytest.approx(370 / 1500)
    assert a.loc[("A", 2024), "participation_gap"] == 0
    assert a.loc[("A", 2035), "participation"] == pytest.approx(370 / 2160)
    assert a.loc[("A", 2035), "participation_gap"] == pytest.approx(0.2 - 370 / 2160)
    assert a.loc[("A", 2035), "learners_needed"] == 432 - 370
    # U1 and P1 have spare places; S1 is full. Every area of A reaches U1 or P1 within 30.
    assert a.loc[("A", 2024), "within_reach"] == 1.0
    assert a.loc[("A", 2024), "township_school"] == 1.0 and a.loc[("A", 2024), "village_point"] == 0.5
    assert a.loc[("A", 2024), "village_point_gap"] == pytest.approx(0.1)
    # Region B has no site: nothing reached (T2 is 40 from U1), no school, point or university.
    b = a.loc[("B", 2035)]
    assert b["within_reach"] == 0 and b["participation"] == 0 and not b["has_university"]
    assert b["learners_needed"] == np.ceil(0.2 * 1200 * 1.44) and b["township_school_gap"] == pytest.approx(0.9)
    t = r.total.set_index("year").loc[2024]
    assert t["within_reach"] == pytest.approx(1500 / 2700)
    assert t["county_university"] == 0.5 and t["county_university_gap"] == 0.5
    assert t["township_school"] == 0.5 and t["village_point"] == pytest.approx(1 / 3)
    assert np.isnan(t["within_reach_gap"])  # no default target
    areas = r.areas.set_index(["area", "year"])
    # 2SFCA places per older person: U1 (300) serves T1 only, S1 (100) T1+V1+V2, P1 (30) T1+V1+V2.
    ratio = 300 / 1000 + 100 / 1500 + 30 / 1500
    assert areas.loc[("T1", 2024), "places_per_person"] == pytest.approx(ratio)
    assert areas.loc[("V2", 2024), "places_per_person"] == pytest.approx(130 / 1500)


def test_targets_population_forms_and_planned_sites():
    pop = np.vstack([AREAS.population.to_numpy(float)] * 2)
    planned = pd.concat([SITES, pd.DataFrame({"site": ["N1"], "area": ["T2"], "capacity": [100], "learners": [0],
                                              "tier": ["school"], "open_year": [2030]})], ignore_index=True)
    r = cv.coverage_table(AREAS, planned, None, max_cost=30, population=pop, years=[2024, 2035],
                          targets={"within_reach": 0.8})
    t = r.total.set_index("year")
    assert t.loc[2024, "township_school"] == 0.5 and t.loc[2035, "township_school"] == 1.0  # N1 opens in 2030
    assert t.loc[2035, "within_reach_gap"] == pytest.approx(max(0, 0.8 - (1000 + 300 + 800) / 2700))
    with pytest.raises(edplan.InputError, match="unknown target"):
        cv.coverage_table(AREAS, SITES, COSTS, max_cost=30, targets={"coverage": 1})


def test_table_errors_name_file_row_and_column():
    bad_sites = SITES.assign(tier=["university", "college", "point"], capacity=[300, -1, 30])
    bad_costs = pd.concat([COSTS, pd.DataFrame({"origin": ["T9"], "destination": ["U1"], "cost": [3]})])
    with pytest.raises(edplan.InputError) as e:
        cv.coverage_table(AREAS, bad_sites, bad_costs, max_cost=30)
    wheres = [p.where for p in e.value.problems]
    assert "sites[row=1].tier" in wheres and "sites[row=1].capacity" in wheres
    with pytest.raises(edplan.InputError) as e:
        cv.coverage_table(AREAS, SITES, bad_costs, max_cost=30)
    assert [p.where for p in e.value.problems] == ["costs[row=0].origin"]


def test_recommend_sites_ranks_by_people_newly_reached():
    candidates = pd.DataFrame({"site": ["N1", "N2", "N3"], "area": ["T2", "V3", "V2"], "capacity": [100, 50, 50],
                               "tier": ["school", "point", "point"]})
    costs = pd.concat([COSTS, pd.DataFrame({"origin": ["T2", "V3", "V3", "T2", "V2"],
                                            "destination": ["N1", "N1", "N2", "N2", "N3"],
                                            "cost": [0, 10, 0, 40, 0]})])
    ranked = cv.recommend_sites(AREAS, SITES, candidates, costs, new_sites=2, max_cost=30, population=POP, year=2035)
    # N1 reaches T2 and V3 (1,200·1.44 people in 2035); then nothing is left to reach, so the
    # second site asked for is not recommended.
    assert ranked["site"].iloc[0] == "N1" and ranked["region"].iloc[0] == "B"
    assert ranked["added"].iloc[0] == pytest.approx(1200 * 1.44)
    assert ranked["reached_share"].iloc[0] == pytest.approx(1.0)
    assert list(ranked["rank"]) == [1]
    one = cv.recommend_sites(AREAS, SITES, candidates, costs, new_sites=1, max_cost=30, population=POP, year=2024)
    assert list(one["site"]) == ["N1"] and one["added"].iloc[0] == 1200


def test_older_population_follows_the_regional_projection():
    import edplan.population as pop

    base = np.zeros((2, 2, 101))
    base[0, :, 60:] = 10.0  # region A: 2 sexes x 41 ages x 10 = 820 aged 60+
    base[1, :, 70:] = 5.0
    survival = np.full((1, 1, 2, 101), 0.99)
    fertility = np.zeros((1, 1, 35))
    P = pop.project(base, survival, fertility, years=2)
    frame = pop.to_frame(P, base_year=2024, regions=["A", "B"])
    table = cv.older_population(AREAS, frame)
    growth = frame[frame.age >= 60].groupby(["region", "year"])["count"].sum()
    got = table.set_index(["area", "year"])["population"]
    assert got[("V1", 2024)] == pytest.approx(300)
    assert got[("V1", 2026)] == pytest.approx(300 * growth[("A", 2026)] / growth[("A", 2024)])
    assert got[("T2", 2025)] == pytest.approx(800 * growth[("B", 2025)] / growth[("B", 2024)])
    r = cv.coverage_table(AREAS, SITES, COSTS, max_cost=30, population=table)
    assert list(r.total["year"]) == [2024, 2025, 2026]


def test_optional_columns_give_unknown_not_zero():
    """The scenario loader requires only area/region/population and site/area/capacity."""
    r = cv.coverage_table(AREAS.drop(columns=["kind"]), SITES.drop(columns=["learners", "tier"]), COSTS,
                          max_cost=30, population=POP)
    t = r.total.set_index("year").loc[2024]
    assert np.isnan(t["participation"]) and np.isnan(t["learners_needed"])
    assert np.isnan(t["township_school"]) and np.isnan(t["village_point"]) and np.isnan(t["county_university"])
    # Every place counts as spare: T2 is still beyond reach (40 min), the rest within.
    assert t["within_reach"] == pytest.approx(1500 / 2700)
