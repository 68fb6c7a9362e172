# SPDX-License-Identifier: MIT
"""The optional parts of a scenario run on the built-in Quanzhou scenario: the expansion
programme, kindergarten shares and elder-education coverage, and their input checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan.coverage import travel_costs
from edplan.scenario import Scenario, default_path

DATA = default_path().parent


@pytest.fixture(scope="module")
def results():
    return Scenario.default().run()


@pytest.fixture(scope="module")
def building_alone(tmp_path_factory):
    """The built-in scenario without its levers (conversions, temporary places, crowding): the
    programme then builds, and its batches can be held to the caps."""
    import re
    import shutil

    folder = tmp_path_factory.mktemp("alone") / "qz"
    shutil.copytree(DATA, folder)
    toml = folder / "scenario.toml"
    text = re.sub(r"(?m)^(conversions|crowding) = .*\n", "", toml.read_text(encoding="utf-8"))
    text = re.sub(r"\[programme\.temporary\.\w+\][^\[]*", "", text)
    toml.write_text(text, encoding="utf-8")
    return Scenario.load(toml).run()


def test_programme_respects_the_scenario_caps(building_alone):
    results = building_alone
    assert "ledger" not in results.tables  # no levers: §2.4's tables only
    batches = results.programme
    assert list(batches.columns[:7]) == ["year", "batch", "id", "region", "level", "places", "cost"]
    candidates = batches[batches["status"] == "candidate"]
    # [programme] max_per_batch = 19: no year's land, start or open batch holds more candidates
    assert candidates.groupby(["year", "batch"]).size().max() <= 19
    # stage years: junior land → start 1 year, start → open 2 years
    by_id = candidates[candidates["level"] == "junior"].pivot(index="id", columns="batch", values="year")
    assert ((by_id["start"] - by_id["land"]) == 1).all() and ((by_id["open"] - by_id["start"]) == 2).all()
    # budget: the candidates starting in a year cost at most ¥3.5bn
    assert candidates[candidates["batch"] == "start"].groupby("year")["cost"].sum().max() <= 3.5e9
    s = results.schedule
    assert (s["deficit_after"] <= s["deficit_before"] + 1e-6).all()
    assert (s["unavoidable"] <= s["deficit_after"] + 1e-6).all()
    assert (s.loc[s["deficit_after"] > 0.5, "note"].str.len() > 0).all()  # every deficit left is explained


def test_kindergarten_shares_start_from_the_published_zone_shares(results):
    p = results.preschool
    base = p[p["year"] == 2023]
    # the base year is observed: the Taiwanese Investment Zone's 2020 shares for every division
    np.testing.assert_allclose(base["public_share"], 0.512, atol=5e-4)
    np.testing.assert_allclose(base["inclusive_share"], 0.915, atol=5e-4)
    placed = p["public_pupils"] + p["inclusive_pupils"] + p["private_pupils"]
    np.testing.assert_allclose(placed + p["unplaced"], p["demand"], rtol=1e-9)
    # as demand falls with public places fixed, public_first fill raises 公办率 year on year
    city = results.preschool_total.set_index("year")["public_share"]
    assert (np.diff(city.to_numpy()) >= -1e-12).all()


def test_coverage_falls_as_the_older_population_grows(results):
    total = results.coverage_total.set_index("year")
    # the builder sets learners at the published 30.06% of older people in the base year
    assert total.loc[2023, "participation"] == pytest.approx(0.3006, abs=2e-4)
    older = total["population"].to_numpy()
    assert (np.diff(older) > 0).all()
    np.testing.assert_allclose(total["participation"] * total["population"], total["learners"], rtol=1e-9)
    assert total.loc[2040, "participation"] < 0.2 and total.loc[2040, "learners_needed"] > 0
    assert total.loc[2023, "township_school"] == 1.0
    assert 0.75 < total.loc[2023, "village_point"] < 0.85
    ranked = results.recommended_sites
    assert len(ranked) >= 1 and (np.diff(ranked["added"]) <= 1e-9).all() and (ranked["added"] > 0).all()


def test_travel_costs_by_hand():
    areas = pd.DataFrame({"area": ["A", "B", "C"], "x": [0.0, 3.0, 0.0], "y": [0.0, 4.0, 20.0]})
    sites = pd.DataFrame({"site": ["s", "t"], "area": ["A", "B"]})
    table = travel_costs(areas, sites, speed_kmh=30, detour=1.5, max_cost=20)
    # A–s 0 km; A–t 5 km × 1.5 / 30 km/h = 15 min; B–s 15 min; B–t 0; C–s 20 km → 60 min, dropped;
    # C–t √(9 + 256) km → over 20 min, dropped
    got = {(o, d): c for o, d, c in table.itertuples(index=False)}
    assert got == pytest.approx({("A", "s"): 0.0, ("A", "t"): 15.0, ("B", "s"): 15.0, ("B", "t"): 0.0})
    full = travel_costs(areas, sites, speed_kmh=30)
    assert len(full) == 6 and full.set_index(["origin", "destination"]).loc[("C", "s"), "cost"] == pytest.approx(40)
    with pytest.raises(edplan.InputError) as info:
        travel_costs(areas.assign(x=["0", "x", "1"]), sites.assign(area=["A", "Z"]), speed_kmh=0, detour=0.5)
    wheres = [p.where for p in info.value.problems]
    assert wheres == ["speed_kmh", "detour"]  # settings first; the tables once the settings are right
    with pytest.raises(edplan.InputError) as info:
        travel_costs(areas.assign(x=["0", "x", "1"]), sites.assign(area=["A", "Z"]), speed_kmh=10)
    assert [p.where for p in info.value.problems] == ["areas[row=1].x", "sites[row=1].area"]


def test_coverage_problems_name_the_scenario_files(tmp_path: Path):
    shutil.copytree(DATA, tmp_path / "qz")
    folder = tmp_path / "qz"
    sites = pd.read_csv(folder / "sites.csv")
    sites.loc[1, "tier"] = "college"
    sites.loc[4, "area"] = "NOWHERE"
    sites.to_csv(folder / "sites.csv", index=False)
    candidates = pd.read_csv(folder / "candidates.csv")
    candidates.loc[0, "capacity"] = -5
    candidates.to_csv(folder / "candidates.csv", index=False)
    with pytest.raises(edplan.InputError) as info:
        Scenario.load(folder / "scenario.toml")
    lines = [str(p) for p in info.value.problems]
    assert f"{folder}/sites.csv:3:5: got 'college'; expected university, school or point" in lines
    assert any(line.startswith(f"{folder}/sites.csv:6:2: got 'NOWHERE'") for line in lines)
    assert any(line.startswith(f"{folder}/candidates.csv:2:3: got '-5") for line in lines)


def test_to_xarray_keeps_every_numeric_table_on_its_dimensions(results):
    ds = results.to_xarray()
    assert ds["balance_deficit"].dims == ("region", "year", "level")
    assert ds.attrs["base_year"] == 2023
    # values land on the right coordinates: a hand-picked cell of each table
    row = results.balance.iloc[7]
    assert float(ds["balance_deficit"].sel(region=row["region"], year=row["year"], level=row["level"])) == \
        pytest.approx(row["deficit"])
    row = results.coverage.iloc[20]
    assert float(ds["coverage_participation"].sel(region=row["region"], year=row["year"])) == \
        pytest.approx(row["participation"])
    # sums survive the reshaping (no row lost or doubled)
    assert float(ds["population_count"].sum()) == pytest.approx(results.population["count"].sum())


def test_coverage_costs_are_the_travel_table_of_the_links_the_scenario_keeps():
    """Read from coordinates, a scenario keeps its links as a matrix, not as a table; the table
    a user asks for holds the same links and minutes."""
    from edplan.coverage.inputs import all_sites

    scenario = edplan.Scenario.default()
    assert "coverage.costs" not in scenario.tables
    costs = scenario.coverage_costs()
    travel = scenario.section("coverage")["travel"]
    areas = scenario.tables["coverage.areas"]
    expected = travel_costs(areas, all_sites(scenario.tables), speed_kmh=travel["speed_kmh"],
                            detour=travel["detour"], max_cost=scenario.section("coverage")["max_cost"])
    assert list(costs.columns) == ["origin", "destination", "cost"] and len(costs) > 0
    pd.testing.assert_frame_equal(costs.reset_index(drop=True), expected.reset_index(drop=True), check_exact=True)
    assert np.all(costs["cost"] <= scenario.section("coverage")["max_cost"])
