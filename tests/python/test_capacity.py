# SPDX-License-Identifier: MIT
"""edplan.capacity: the ledger and the balance, hand-computed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.booleans(), st.booleans(), st.data())
def test_balance_tables_are_every_row_joined_and_sorted(R, T, numbered, with_classes, data):
    # the rows of every (region, year, level), joined with the pairs that have demand and sorted
    # by region, level and year: what balance_tables lays out pair by pair, for regions named or
    # numbered (whose sorted order differs from their order as text) and in any order
    from edplan.capacity.balance import balance_tables
    from edplan.capacity.demand import Demand

    names = [lv.name for lv in LEVELS]
    L = len(names)
    regions = data.draw(st.permutations([10, 2, 1, 33][:R] if numbered else ["b", "a10", "a2", "区"][:R]))
    pairs = [(r, n) for r in regions for n in names]
    present = data.draw(st.lists(st.sampled_from(pairs), unique=True))
    present = pd.DataFrame(present, columns=["region", "level"]) if present else \
        pd.DataFrame({"region": pd.Series([], dtype=object), "level": pd.Series([], dtype=object)})
    rng = np.random.default_rng(R * 100 + T)
    d = rng.integers(0, 500, (R, T, L)).astype(float)
    places = rng.integers(0, 500, (R, T, L)).astype(float)
    classes = rng.integers(1, 12, (R, T, L)).astype(float) if with_classes else None
    b = edplan._core.capacity.balance(d, places, class_size=[lv.class_size for lv in LEVELS], classes=classes)
    peak = edplan._core.capacity.peak_year(d)
    got = balance_tables(Demand(regions, 2030, d, present), names, places, classes, b, peak)

    idx = pd.MultiIndex.from_product([range(R), range(T), range(L)], names=["r", "t", "l"]).to_frame(index=False)
    every = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[idx.r], "year": 2030 + idx.t.to_numpy(),
        "level": np.asarray(names, dtype=object)[idx.l], "demand": d.reshape(-1), "capacity": places.reshape(-1),
        "surplus": b.surplus.reshape(-1), "deficit": b.deficit.reshape(-1), "utilisation": b.utilisation.reshape(-1),
        "classes_needed": b.classes_needed.reshape(-1)})
    if classes is not None:
        every["classes"] = classes.reshape(-1)
        every["large_classes"] = b.large_classes.reshape(-1)
    expected = every.merge(present, on=["region", "level"]).sort_values(["region", "level", "year"],
                                                                       ignore_index=True)
    pd.testing.assert_frame_equal(got.table, expected, check_exact=True)
    pidx = pd.MultiIndex.from_product([range(R), range(L)], names=["r", "l"]).to_frame(index=False)
    t_peak = np.asarray(peak).reshape(-1)
    expected_peaks = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[pidx.r], "level": np.asarray(names, dtype=object)[pidx.l],
        "peak_year": 2030 + t_peak, "peak_demand": d[pidx.r, t_peak, pidx.l],
        "capacity_at_peak": places[pidx.r, t_peak, pidx.l], "deficit_at_peak": b.deficit[pidx.r, t_peak, pidx.l],
    }).merge(present, on=["region", "level"])
    pd.testing.assert_frame_equal(got.peaks, expected_peaks, check_exact=True)
