# SPDX-License-Identifier: MIT
"""The levers beyond building (DESIGN §2.4b): hand-computed plans by both methods, the checks of
the settings, and properties of every plan (bounds kept, the ledger's sum, a lever never hurts)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from edplan import InputError
from edplan import capacity as cap
from edplan.synthetic import LEVER_KEYS, wave_instance

INF = float("inf")
METHODS = ["heuristic", "exact"]
LEDGER_PARTS = ["existing", "new", "temporary", "converted_in", "converted_out"]


def two_levels():
    """One district, 2024..2026: primary 80 pupils in 100 places, junior 110 in 100; a junior
    school of 100 places for ¥100m that opens a year after its land (2025 at the earliest)."""
    demand = pd.DataFrame({"region": "A", "level": ["primary", "junior"] * 3, "year": np.repeat([2024, 2025, 2026], 2),
                           "demand": [80, 110] * 3})
    capacity = pd.DataFrame({"region": "A", "level": ["primary", "junior"], "places": [100, 100]})
    projects = pd.DataFrame({"id": ["J"], "name": ["junior school"], "region": "A", "level": "junior",
                             "places": [100], "cost": [1e8], "status": "candidate", "land_year": [2024]})
    kw = dict(base_year=2023, horizon=2026, budget_per_year=INF, max_per_batch=None, stage_years=(0, 1))
    return demand, capacity, projects, kw


@pytest.mark.parametrize("method", METHODS)
def test_a_conversion_closes_a_deficit_with_no_build(method):
    # 8 primary places become 10 junior places in 2024 (ratio 1.25, ¥1,000 each): junior is met,
    # primary keeps 92 >= 80, nothing is stranded; building alone leaves 10 unmet in 2024 and
    # would strand 90 places a year after the (2024) peak, so it builds nothing: 30 unmet.
    demand, capacity, projects, kw = two_levels()
    pairs = pd.DataFrame({"from_level": ["primary"], "to_level": ["junior"], "ratio": [1.25],
                          "cost_per_place": [1000.0]})
    res = cap.schedule(demand, capacity, projects, **kw, method=method, conversions=pairs)
    assert res.programme.empty
    assert res.conversions.to_dict("records") == [pytest.approx(
        {"region": "A", "from_level": "primary", "to_level": "junior", "year": 2024, "places": 8.0,
         "places_gained": 10.0, "cost": 8000.0})]
    assert (res.unmet, res.stranded, res.crowded) == pytest.approx((0, 0, 0), abs=1e-6)
    assert res.cost == pytest.approx(8000.0)
    assert res.objective == pytest.approx(0.008)
    ledger = res.ledger.set_index(["level", "year"])
    assert ledger.loc[("junior", 2026), "capacity"] == pytest.approx(110.0)
    assert ledger.loc[("primary", 2026), "converted_out"] == pytest.approx(8.0)
    row = res.comparison.set_index("level").loc["junior"]
    assert (row.plan_unmet, row.alone_unmet, row.plan_cost, row.alone_cost) == pytest.approx((0, 30, 8000, 0),
                                                                                              abs=1e-6)


def test_ratio_defaults_to_the_class_sizes():
    # primary classes of 45, junior of 50: a classroom of 45 primary places seats 50 juniors
    demand, capacity, projects, kw = two_levels()
    pairs = pd.DataFrame({"from_level": ["primary"], "to_level": ["junior"], "cost_per_place": [0.0]})
    res = cap.schedule(demand, capacity, projects, **kw, conversions=pairs)
    row = res.conversions.iloc[0]
    assert row.places_gained / row.places == pytest.approx(50 / 45)
    assert row.places_gained == pytest.approx(10.0)


@pytest.mark.parametrize("method", METHODS)
def test_temporary_places_expire_before_the_trough(method):
    # 100, 130, 130, 100, 80, 80 pupils in 100 places; temporary places last 2 years at ¥100 a
    # place-year: 30 installed in 2025 serve 2025-2026 and are gone in 2027 (cost 6,000). Building
    # alone, the 30-place school opens in 2025 and strands its 30 places in 2027-2029 (90).
    demand = pd.DataFrame({"region": "A", "level": "primary", "year": range(2024, 2030),
                           "demand": [100, 130, 130, 100, 80, 80]})
    capacity = pd.DataFrame({"region": ["A"], "level": ["primary"], "places": [100]})
    projects = pd.DataFrame({"id": ["S"], "name": ["school"], "region": "A", "level": "primary", "places": [30],
                             "cost": [1e7], "status": "candidate", "land_year": [2024]})
    res = cap.schedule(demand, capacity, projects, base_year=2023, horizon=2029, budget_per_year=INF,
                       max_per_batch=None, stage_years=(0, 1), method=method,
                       temporary={"primary": {"cost_per_place_year": 100.0, "lifetime": 2, "max_share": 0.5}})
    assert res.programme.empty
    rows = res.temporary.to_dict("records")
    assert len(rows) == 1
    assert rows[0] == pytest.approx({"region": "A", "level": "primary", "year": 2025, "places": 30.0,
                                     "until_year": 2026, "cost": 6000.0})
    assert res.objective == pytest.approx(0.006)
    used = res.ledger.set_index("year")["temporary"]
    assert list(used) == pytest.approx([0, 30, 30, 0, 0, 0])
    alone = res.comparison.iloc[0]
    assert (alone.alone_stranded, alone.alone_cost) == pytest.approx((90.0, 1e7))


@pytest.mark.parametrize("crowd, expected", [(0.5, (20.0, 0.0, 10.0)), (1.5, (0.0, 20.0, 20.0))])
def test_crowding_only_when_its_weight_is_below_unmet(crowd, expected):
    # 110 pupils in 100 places for two years, φ = 0.1: up to 10 crowded a year
    demand = pd.DataFrame({"region": "A", "level": "junior", "year": [2024, 2025], "demand": [110, 110]})
    capacity = pd.DataFrame({"region": ["A"], "level": ["junior"], "places": [100]})
    projects = pd.DataFrame(columns=["id", "name", "region", "level", "places", "cost", "status"])
    for method in METHODS:
        res = cap.schedule(demand, capacity, projects, base_year=2023, horizon=2025, budget_per_year=INF,
                           max_per_batch=None, method=method, crowding={"junior": 0.1}, weights={"crowd": crowd})
        assert (res.crowded, res.unmet, res.objective) == pytest.approx(expected)
        assert list(res.ledger["crowded"]) == pytest.approx([expected[0] / 2] * 2)


def test_bad_levers_are_refused_all_at_once():
    demand, capacity, projects, kw = two_levels()
    pairs = pd.DataFrame({"from_level": ["primary", "nursery"], "to_level": ["junior", "junior"],
                          "ratio": [0.0, 1.0], "cost_per_place": [-5.0, 1.0]})
    with pytest.raises(InputError) as error:
        cap.schedule(demand, capacity, projects, **kw, conversions=pairs,
                     temporary={"junior": {"cost_per_place_year": -1, "lifetime": 0, "max_share": 1.5}},
                     crowding={"junior": -0.1, "college": 0.1})
    text = str(error.value)
    for expected in ("conversions[row=0].ratio", "conversions[row=0].cost_per_place", "unknown level 'nursery'",
                     "temporary.junior.lifetime", "temporary.junior.max_share", "temporary.junior.cost_per_place_year",
                     "crowding.junior", "crowding.college"):
        assert expected in text, (expected, text)


def test_no_levers_is_building_alone():
    demand, capacity, projects, kw = two_levels()
    plain = cap.schedule(demand, capacity, projects, **kw)
    none = cap.schedule(demand, capacity, projects, **kw, conversions=pd.DataFrame(
        columns=["from_level", "to_level", "cost_per_place"]), temporary={}, crowding={})
    assert plain.comparison is None and none.comparison is None
    assert (plain.objective, plain.unmet, plain.cost, plain.stranded) == (none.objective, none.unmet, none.cost,
                                                                         none.stranded)
    assert plain.conversions.empty and plain.temporary.empty
    assert list(plain.ledger["capacity"]) == list(plain.balance["capacity"])
    assert list(plain.ledger["unmet"]) == list(plain.balance["deficit_after"])


def random_instance(seed: int, levers: bool):
    """``edplan.synthetic.wave_instance`` as (demand, capacity, projects, settings, levers)."""
    inst = wave_instance(seed, levers=levers)
    kw = {k: v for k, v in inst.settings.items() if k not in LEVER_KEYS}
    extra = {k: v for k, v in inst.settings.items() if k in LEVER_KEYS}
    return inst.demand, inst.capacity, inst.projects, kw, extra


def check_plan(res, kw):
    """The plan keeps every bound: ledger capacity = the sum of its parts, the budget each year,
    temporary places within their share and lifetime, no more converted than existed."""
    led = res.ledger
    parts = led["existing"] + led["new"] + led["temporary"] + led["converted_in"] - led["converted_out"]
    assert np.allclose(led["capacity"], parts)
    assert (led["converted_out"] <= led["existing"] * (1 + 1e-9) + 1e-6).all()
    junior = led[led["level"] == "junior"]
    assert (junior["temporary"] <= 0.1 * junior["existing"] + 1e-6).all()
    assert (led["crowded"] <= led["existing"] * led["level"].map({"junior": 0.1, "primary": 0.0}) + 1e-6).all()
    spend = pd.concat([res.programme.assign(year=res.programme["start_year"])[["year", "cost"]],
                       res.conversions[["year", "cost"]],
                       led.assign(cost=0.0)[["year", "cost"]]])
    by_year = spend.groupby("year")["cost"].sum()
    for row in res.temporary.itertuples():
        for y in range(row.year, row.until_year + 1):
            by_year[y] = by_year.get(y, 0.0) + row.cost / (row.until_year - row.year + 1)
    assert (by_year <= kw["budget_per_year"] * (1 + 1e-9)).all()
    for n in res.programme.groupby("land_year").size():
        assert n <= kw["max_per_batch"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
@example(seed=534)
@example(seed=284)
@example(seed=2403)
def test_a_lever_never_raises_the_exact_optimum_and_every_plan_keeps_its_bounds(seed):
    demand, capacity, projects, kw, extra = random_instance(seed, levers=True)
    with_levers = cap.schedule(demand, capacity, projects, **kw, **extra, method="exact")
    check_plan(with_levers, kw)
    alone = cap.schedule(demand, capacity, projects, **kw, method="exact")
    assert with_levers.objective <= alone.objective * (1 + 1e-6) + 1e-9
    # one lever at a time: each is at most building alone's optimum too
    for key in extra:
        one = cap.schedule(demand, capacity, projects, **kw, **{key: extra[key]}, method="exact")
        assert with_levers.objective <= one.objective * (1 + 1e-6) + 1e-9
        assert one.objective <= alone.objective * (1 + 1e-6) + 1e-9
    heuristic = cap.schedule(demand, capacity, projects, **kw, **extra)
    check_plan(heuristic, kw)
    assert heuristic.objective >= with_levers.objective * (1 - 1e-6) - 1e-9
    # Within 2% of the optimum: seeds 0..1999 all are (docs/programme.md); seed 534 was 26%
    # above it (143.15 against 113.68) before builds were swapped with their levers re-solved.
    assert heuristic.objective <= with_levers.objective * 1.02 + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), levers=st.booleans())
@example(seed=284, levers=False)
def test_every_heuristic_plan_keeps_its_bounds(seed, levers):
    """The heuristic alone (no exact solve beside it, so many instances): seed 284 once ended a
    kick with a candidate a compound move had added outside the kick's scope still in, and the
    start put back on top of it spent 112.7m against a budget of 96.1m."""
    demand, capacity, projects, kw, extra = random_instance(seed, levers=levers)
    check_plan(cap.schedule(demand, capacity, projects, **kw, **extra), kw)


def test_exact_programme_then_exact_siting_in_one_process():
    """HiGHS keeps one thread pool per process, and a solve asking for another thread count
    than the first fails ('Not Set'): the programme's MILP and the siting models ask for the
    same, so a planner can solve one after the other."""
    from edplan import coverage as cv

    demand, capacity, projects, kw, extra = random_instance(1, levers=True)
    cap.schedule(demand, capacity, projects, **kw, **extra, method="exact")
    cost = np.array([[1.0, 5.0], [5.0, 1.0], [2.0, 2.0]])
    sited = cv.p_median(np.array([3.0, 2.0, 1.0]), cost, p=1, method="exact")
    assert sited.objective == 3 * 1 + 2 * 5 + 1 * 2
