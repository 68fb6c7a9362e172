# SPDX-License-Identifier: MIT
"""edplan.capacity: the ledger and the balance, hand-computed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan import capacity as cap
from edplan.levels import default_levels

LEVELS = default_levels()


def demand_table():
    rows = []
    for region, level, values in [("A", "primary", [1000, 1100, 1200, 1150]), ("A", "junior", [500, 520, 560, 600]),
                                  ("B", "primary", [300, 280, 260, 240])]:
        rows += [(region, 2024 + i, level, v) for i, v in enumerate(values)]
    return pd.DataFrame(rows, columns=["region", "year", "level", "demand"])


def capacity_table():
    return pd.DataFrame({"region": ["A", "A", "B"], "level": ["primary", "junior", "primary"],
                         "places": [1080, 550, 400], "classes": [24, 11, 10]})


def test_balance_by_hand():
    projects = pd.DataFrame({
        "id": ["P1", "P2", "C1", "X1"], "name": ["A new primary", "A junior", "B closes a campus", "candidate"],
        "region": ["A", "A", "B", "A"], "level": ["primary", "junior", "primary", "primary"],
        "places": [540, 100, 45, 900], "cost": [1e8, 5e7, 0, 2e8],
        "status": ["planned", "planned", "closure", "candidate"], "open_year": [2026, 2030, 2025, np.nan]})
    res = cap.balance(demand_table(), capacity_table(), projects, levels=LEVELS)
    t = res.table.set_index(["region", "level", "year"])
    assert t.loc[("A", "primary", 2024), "capacity"] == 1080
    assert t.loc[("A", "primary", 2025), "deficit"] == 20
    assert t.loc[("A", "primary", 2026), "capacity"] == 1620  # P1 opens
    assert t.loc[("A", "primary", 2026), "surplus"] == 420
    assert t.loc[("A", "primary", 2025), "classes_needed"] == 25  # ceil(1100 / 45)
    assert t.loc[("A", "junior", 2027), "deficit"] == 50  # P2 opens only in 2030
    assert t.loc[("A", "junior", 2027), "utilisation"] == pytest.approx(600 / 550)
    assert t.loc[("B", "primary", 2025), "capacity"] == 355  # the closure removes 45
    assert t.loc[("B", "primary", 2025), "classes"] == 9  # 10 − 45/45
    # 1100 pupils in 24 classes: 45 or 46 each → 20 classes of 46 exceed the norm of 45
    assert t.loc[("A", "primary", 2025), "large_classes"] == 20
    assert t.loc[("A", "primary", 2024), "large_classes"] == 0
    assert ("B", "junior", 2024) not in t.index  # only pairs with demand
    p = res.peaks.set_index(["region", "level"])
    assert p.loc[("A", "primary"), "peak_year"] == 2026
    assert p.loc[("B", "primary"), "peak_year"] == 2024
    assert p.loc[("A", "junior"), "deficit_at_peak"] == 50
    assert list(res.table.columns[:9]) == ["region", "year", "level", "demand", "capacity", "surplus", "deficit",
                                           "utilisation", "classes_needed"]


def test_balance_takes_enrolment_totals():
    totals = demand_table().rename(columns={"demand": "pupils"})
    res = cap.balance(totals, capacity_table(), levels=LEVELS)
    assert res.table["demand"].sum() == totals["pupils"].sum()
    assert "large_classes" in res.table.columns


def test_conservation_surplus_plus_demand_is_capacity():
    res = cap.balance(demand_table(), capacity_table(), levels=LEVELS).table
    np.testing.assert_allclose(res.surplus + res.demand, res.capacity)
    np.testing.assert_allclose(res.deficit, np.maximum(0, -res.surplus))


def test_errors_name_rows_and_columns():
    capacity = capacity_table()
    capacity.loc[1, "places"] = -5
    projects = pd.DataFrame({"id": ["P1", "P1"], "region": ["A", "Z"], "level": ["primary", "primary"],
                             "places": [10, 10], "status": ["planned", "maybe"]})
    with pytest.raises(edplan.InputError) as info:
        cap.balance(demand_table(), capacity, projects, levels=LEVELS)
    assert [str(p) for p in info.value.problems] == [
        "capacity[row=1].places: got -5; expected a number of places >= 0",
        "projects[row=1].status: unknown status 'maybe'; expected one of planned, candidate, closure, completed",
        "projects[row=1].region: unknown region 'Z'; expected one of A, B",
        "projects[row=1]: repeats id=P1; expected each (id) once",
        "projects[row=0].open_year: project P1 is planned but has no open_year; expected a year",
    ]


def test_completed_projects_are_the_record_not_added_again():
    # A project completed in or before the base year is in the base places already: listed, never
    # added; the scheduler's reading refuses one that would open after the base year.
    projects = pd.DataFrame({"id": ["D1", "D2"], "region": ["A", "A"], "level": ["primary", "primary"],
                             "places": [540, 900], "cost": [1e8, 2e8], "status": ["completed", "completed"],
                             "open_year": [2022, 2025]})
    t = cap.balance(demand_table(), capacity_table(), projects.iloc[:1], levels=LEVELS).table
    assert (t.query("region == 'A' and level == 'primary'")["capacity"] == 1080).all()
    with pytest.raises(edplan.InputError) as info:
        cap.schedule(demand_table(), capacity_table(), projects, base_year=2023, horizon=2027, budget_per_year=1e9,
                     max_per_batch=None, levels=LEVELS)
    assert [str(p) for p in info.value.problems] == [
        "projects[row=1].open_year: project D2 is completed but opens in 2025, after the base year 2023; expected "
        "status planned for a project still to open"]


def test_closure_below_zero_is_refused():
    projects = pd.DataFrame({"id": ["C"], "region": ["B"], "level": ["primary"], "places": [500],
                             "status": ["closure"], "open_year": [2025]})
    with pytest.raises(edplan.InputError, match="closures leave -100 places in 2025"):
        cap.balance(demand_table(), capacity_table(), projects, levels=LEVELS)
