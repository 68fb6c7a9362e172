# SPDX-License-Identifier: MIT
"""edplan.capacity.schedule: hand-computed cases, the independent reference, exact vs heuristic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import edplan
import programme_reference as ref
from edplan import capacity as cap
from edplan.synthetic import programme_instance

INF = float("inf")


def hand_tables():
    """One district, primary, 2024..2029: need 0, 200, 400, 500, 300, 100 over 1,000 places; the
    peak is 2027. C1: 540 places for ¥100m, C2: 270 for ¥30m; stages 1 + 1."""
    demand = pd.DataFrame({"region": "A", "level": "primary", "year": range(2024, 2030),
                           "demand": [1000, 1200, 1400, 1500, 1300, 1100]})
    capacity = pd.DataFrame({"region": ["A"], "level": ["primary"], "places": [1000]})
    projects = pd.DataFrame({"id": ["C1", "C2"], "name": ["big", "small"], "region": "A", "level": "primary",
                             "places": [540, 270], "cost": [1e8, 3e7], "status": "candidate",
                             "land_year": [2024, 2024]})
    settings_ = dict(base_year=2023, horizon=2029, budget_per_year=INF, max_per_batch=None,
                     stage_years={"primary": (1, 1)})
    return demand, capacity, projects, settings_


@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_hand_computed_schedule(method):
    demand, capacity, projects, kw = hand_tables()
    res = cap.schedule(demand, capacity, projects, **kw, method=method)
    # C1 land 2024, opens 2026: 200 unmet (2025); 240 + 440 stranded after 2027; cost 1e8 → 100
    assert res.objective == pytest.approx(200 + 100 + 0.2 * 680, rel=1e-12)
    assert (res.unmet, res.cost, res.stranded) == (200, 1e8, 680)
    assert res.programme.to_dict("records") == [
        {"id": "C1", "region": "A", "level": "primary", "places": 540.0, "cost": 1e8, "land_year": 2024,
         "start_year": 2025, "open_year": 2026, "lever": "build"}]
    s = res.summary.iloc[0]
    assert (s.peak_year, s.peak_demand, s.deficit_before) == (2027, 1500, 1500)
    assert (s.deficit_after, s.unavoidable) == (200, 200)
    assert (s.worst_deficit_before, s.worst_deficit_after, s.stranded, s.stranded_at_horizon) == (500, 200, 680, 440)
    assert s.surplus_at_horizon == 440 and s.projects == 1 and s.new_places == 540
    assert list(res.batches[["year", "batch", "id"]].itertuples(index=False, name=None)) == [
        (2024, "land", "C1"), (2025, "start", "C1"), (2026, "open", "C1")]
    b = res.balance.set_index("year")
    assert b.loc[2026, "capacity"] == 1540 and b.loc[2025, "deficit_after"] == 200 and b.loc[2029, "stranded"] == 440
    assert res.shortfalls.to_dict("records")[0]["first_unmet_year"] == 2025
    assert res.optimal is (True if method == "exact" else None)


def test_budget_and_cap_by_hand():
    demand, capacity, projects, kw = hand_tables()
    kw["budget_per_year"] = 5e7  # C1 no longer fits: C2 as early as possible, 590 + 30 + 0.2 · 170
    res = cap.schedule(demand, capacity, projects, **kw)
    assert list(res.programme.id) == ["C2"] and res.objective == pytest.approx(654)
    kw["budget_per_year"], kw["max_per_batch"] = INF, 0
    res = cap.schedule(demand, capacity, projects, **kw)
    assert res.objective == 1500 and res.programme.empty and res.batches.empty
    assert "the budget, the batch cap or the weights" in res.shortfalls.note[0]
    by_year = {y: 5e7 for y in range(2024, 2030)} | {2025: 2e8}
    kw["budget_per_year"], kw["max_per_batch"] = by_year, None
    assert list(cap.schedule(demand, capacity, projects, **kw).programme.id) == ["C1"]  # starts 2025


def test_planned_projects_change_need_and_appear_in_batches():
    demand, capacity, projects, kw = hand_tables()
    planned = pd.DataFrame({"id": ["P1", "X1"], "name": ["new", "old campus"], "region": "A", "level": "primary",
                            "places": [270, 100], "cost": [2.5e7, 0], "status": ["planned", "closure"],
                            "open_year": [2026, 2028]})
    res = cap.schedule(demand, capacity, pd.concat([projects, planned], ignore_index=True), **kw)
    b = res.balance.set_index("year")
    assert list(b.existing) == [1000, 1000, 1270, 1270, 1170, 1170]
    assert list(b.deficit_before) == [0, 200, 130, 230, 130, 0]
    pb = ref.problem(demand, capacity, pd.concat([projects, planned], ignore_index=True), budget_per_year=INF,
                     max_per_batch=None, weights=edplan.programme.DEFAULT_WEIGHTS, **{k: kw[k] for k in
                     ("base_year", "horizon", "stage_years")})
    assert res.objective == pytest.approx(ref.optimum(pb), rel=1e-12)
    planned_rows = res.batches[res.batches.status == "planned"]
    # P1 has only open_year: start and land from primary's stage years here (1 + 1)
    assert list(planned_rows[["year", "batch"]].itertuples(index=False, name=None)) == [
        (2024, "land"), (2025, "start"), (2026, "open")]


def test_takes_enrolment_totals_and_reports_infeasible_pairs():
    demand, capacity, projects, kw = hand_tables()
    junior = pd.DataFrame({"region": "A", "level": "junior", "year": range(2024, 2030), "demand": 800.0})
    b = demand.assign(region="B")
    totals = pd.concat([demand, junior, b], ignore_index=True).rename(columns={"demand": "pupils"})
    late = pd.DataFrame({"id": ["L1"], "name": ["late"], "region": "B", "level": "primary", "places": [540],
                         "cost": [1e7], "status": "candidate", "land_year": [2028]})
    res = cap.schedule(totals, capacity, pd.concat([projects, late], ignore_index=True), **kw)
    short = res.shortfalls.set_index(["region", "level"])
    assert short.loc[("A", "junior"), "note"] == "4,800 place-years unmet: no candidate project here"
    # B has no places at all
    assert short.loc[("B", "primary"), "note"] == "7,500 place-years unmet: no candidate here can open by 2029"
    assert short.loc[("A", "primary"), "deficit_after"] == 200
    assert short.loc[("A", "primary"), "note"].endswith("(candidates too few or too late)")


def test_errors_name_settings_and_rows():
    demand, capacity, projects, kw = hand_tables()
    projects.loc[1, "cost"] = np.nan
    projects.loc[0, "places"] = 0
    kw.update(stage_years={"primry": (1, 1), "primary": (1, -2)}, budget_per_year=-1, max_per_batch=2.5)
    with pytest.raises(edplan.InputError) as info:
        cap.schedule(demand.iloc[:-1], capacity, projects, **kw, weights={"unmet": 1, "costs": 2}, method="milp")
    assert [str(p) for p in info.value.problems] == [
        "method: got 'milp'; expected \"heuristic\" or \"exact\"",
        "stage_years.primry: unknown level 'primry'; expected one of kindergarten, primary, junior, senior",
        "stage_years.primary: got (1, -2); expected [years land → start, years start → open] as whole years 0..50",
        "weights.costs: unknown weight; expected unmet, cost, stranded or crowd",
        "budget_per_year: got -1; expected a budget >= 0 (float('inf') for no limit)",
        "max_per_batch: got 2.5; expected a whole number of projects >= 0 (None: no cap)",
        "demand: region A, level primary has no rows for 2029; expected every year 2024..2029",
    ]
    demand, capacity, projects, kw = hand_tables()
    projects.loc[1, "cost"] = np.nan
    projects.loc[0, "places"] = 0
    with pytest.raises(edplan.InputError) as info:
        cap.schedule(demand, capacity, projects, **kw)
    assert [str(p) for p in info.value.problems] == [
        "projects[row=0].places: candidate C1 adds no places; expected places > 0",
        "projects[row=1].cost: candidate C2 has no cost; expected a cost >= 0",
    ]


# Small instances for the reference: 1–2 districts, primary, 2024..2029. A plain function of
# `draw` so that benchmarks/tail_programme.py can draw it uniformly, many thousands of times.
def draw_instance(draw, max_candidates=4):
    regions = draw(st.sampled_from([["A"], ["A", "B"]]))
    rows, caps = [], []
    for r in regions:
        base = draw(st.sampled_from([800, 1000, 1200]))
        caps.append((r, "primary", base))
        peak = draw(st.integers(0, 5))
        top = draw(st.integers(1000, 2400))
        rows += [(r, "primary", 2024 + i, float(top - draw(st.sampled_from([60, 120, 200])) * abs(i - peak)))
                 for i in range(6)]
    n = draw(st.integers(1, max_candidates))
    projects = pd.DataFrame([(f"K{k}", f"candidate {k}", draw(st.sampled_from(regions)), "primary",
                              float(draw(st.sampled_from([270, 540, 1080]))),
                              float(draw(st.sampled_from([2e7, 5e7, 1e8]))),
                              "candidate", float(draw(st.integers(2024, 2026)))) for k in range(n)],
                            columns=["id", "name", "region", "level", "places", "cost", "status", "land_year"])
    kw = dict(base_year=2023, horizon=2029, budget_per_year=draw(st.sampled_from([INF, 1e8, 1.5e8])),
              max_per_batch=draw(st.sampled_from([None, 1, 2])),
              stage_years={"primary": draw(st.sampled_from([(1, 1), (1, 2), (0, 2)]))},
              weights={"unmet": 1.0, "cost": 1e-6, "stranded": draw(st.sampled_from([0.0, 0.2, 1.0]))})
    demand = pd.DataFrame(rows, columns=["region", "level", "year", "demand"])
    demand["demand"] = demand["demand"].clip(lower=0)
    return demand, pd.DataFrame(caps, columns=["region", "level", "places"]), projects, kw


instances = st.composite(draw_instance)


def rotation_instance():
    """Found by the property test below: two districts at 800 places, a batch cap of 1 that binds
    every year and K0 unable to land before 2025. The optimum lands K3 2024, K2 2025, K0 2026;
    the moves of one or two candidates and the exchanges of two years stop at K2 2024, K0 2025,
    K3 2026 (4,204), three land years' rotation away."""
    demand = pd.DataFrame({"region": ["A"] * 6 + ["B"] * 6, "level": "primary", "year": list(range(2024, 2030)) * 2,
                           "demand": [1851., 1791, 1731, 1671, 1611, 1551, 1190, 1250, 1190, 1370, 1430, 1370]})
    capacity = pd.DataFrame({"region": ["A", "B"], "level": "primary", "places": [800, 800]})
    projects = pd.DataFrame({"id": ["K0", "K1", "K2", "K3"], "name": "x", "region": ["A", "A", "B", "A"],
                             "level": "primary", "places": [540., 270, 1080, 540], "cost": 2e7, "status": "candidate",
                             "land_year": [2025., 2024, 2024, 2024]})
    kw = dict(base_year=2023, horizon=2029, budget_per_year=INF, max_per_batch=1, stage_years={"primary": (1, 1)},
              weights={"unmet": 1.0, "cost": 1e-6, "stranded": 0.0})
    return demand, capacity, projects, kw


def test_heuristic_rotates_three_land_years_where_the_cap_binds():
    demand, capacity, projects, kw = rotation_instance()
    res = cap.schedule(demand, capacity, projects, **kw)
    # K3 opens 2026, K2 2027, K0 2028. Unmet in A: 1051 + 991 + (1731 − 1340) + (1671 − 1340) = 2764;
    # in B: 390 + 450 + 390 = 1230; three schools at ¥20m × 1e-6 = 60.
    assert res.objective == pytest.approx(2764 + 1230 + 60, rel=1e-12) and res.unmet == 3994
    assert list(res.programme.sort_values("land_year")[["id", "land_year"]].itertuples(index=False, name=None)) == [
        ("K3", 2024), ("K2", 2025), ("K0", 2026)]
    assert cap.schedule(demand, capacity, projects, **kw, method="exact").objective == pytest.approx(res.objective)


def twins_instance():
    """Found by the property test's generator: one district at 800 places whose demand peaks in
    2024 (every place beyond need after it strands, weight 1), two 540-place schools K0 and K1
    that cannot land before 2026 and two 270-place ones, all at ¥50m. One large school in 2026
    beats either small one alone, and a compound move's refill puts back the large one or its
    twin; the optimum is the two small ones, two years apart."""
    demand = pd.DataFrame({"region": "A", "level": "primary", "year": range(2024, 2030),
                           "demand": [1581., 1461, 1181, 981, 1341, 1281]})
    capacity = pd.DataFrame({"region": ["A"], "level": "primary", "places": [800]})
    projects = pd.DataFrame({"id": ["K0", "K1", "K2", "K3"], "name": "x", "region": "A", "level": "primary",
                             "places": [540., 540, 270, 270], "cost": 5e7, "status": "candidate",
                             "land_year": [2026., 2026, 2024, 2024]})
    kw = dict(base_year=2023, horizon=2029, budget_per_year=1.5e8, max_per_batch=None,
              stage_years={"primary": (1, 1)}, weights={"unmet": 1.0, "cost": 1e-6, "stranded": 1.0})
    return demand, capacity, projects, kw


def test_heuristic_replaces_a_large_school_by_two_small_ones():
    demand, capacity, projects, kw = twins_instance()
    res = cap.schedule(demand, capacity, projects, **kw)
    # K2 opens 2026, K3 2028: unmet 781 + 661 + (1181 − 1070) + (1341 − 1340) = 1554; stranded
    # 1070 − 981 = 89 in 2027 and 1340 − 1281 = 59 in 2029; ¥100m → 100. (K0 alone in 2026:
    # unmet 2005, stranded 59, 50: 2,114.)
    assert (res.unmet, res.stranded, res.cost) == (1554, 148, 1e8)
    assert res.objective == pytest.approx(1802, rel=1e-12)
    assert list(res.programme[["id", "land_year"]].itertuples(index=False, name=None)) == [("K2", 2024), ("K3", 2026)]


def two_districts(demand_a, demand_b, places, projects, *, budget, cap, stages, stranded):
    """An instance of the generator's shape, from its numbers: A's and B's demand 2024..2029, their
    places, and candidates as (district, places, cost, earliest land year), named K0, K1, …"""
    demand = pd.DataFrame({"region": ["A"] * 6 + ["B"] * 6, "level": "primary",
                           "year": list(range(2024, 2030)) * 2, "demand": [*map(float, demand_a + demand_b)]})
    capacity = pd.DataFrame({"region": ["A", "B"], "level": "primary", "places": places})
    projects = pd.DataFrame([(f"K{k}", "x", r, "primary", float(n), float(c), "candidate", float(y))
                             for k, (r, n, c, y) in enumerate(projects)],
                            columns=["id", "name", "region", "level", "places", "cost", "status", "land_year"])
    kw = dict(base_year=2023, horizon=2029, budget_per_year=budget, max_per_batch=cap,
              stage_years={"primary": stages}, weights={"unmet": 1.0, "cost": 1e-6, "stranded": stranded})
    return demand, capacity, projects, kw


def dear_pair_instance():
    """Draw 8,049 of benchmarks/tail_programme.py, 5.15% above the optimum before the forced
    insertions: two ¥100m schools that cannot start in the same year (¥100m a year, land and start
    at once). The search stopped at K3 2024, K0 2025 (2,655); the optimum takes K0 out, moves K3
    into the year that frees and puts K2 into K3's: a drop, a re-timing and an insertion at once."""
    return two_districts([1517, 1337, 1217, 1417, 1757, 1817], [1267, 1387, 1627, 1687, 1747, 1547], [800, 1000],
                         [("B", 1080, 2e7, 2025), ("B", 540, 2e7, 2026), ("B", 1080, 1e8, 2024),
                          ("A", 1080, 1e8, 2024)],
                         budget=1e8, cap=2, stages=(0, 2), stranded=0.0)


def cap_one_chain_instance():
    """Draw 9,964, 2.23% above before the forced insertions: a batch cap of 1 and ¥100m a year.
    The search stopped at K2 2025, K1 2026 (5,920.4); the optimum swaps K2 for the larger K0,
    which only lands in 2026, where K1 is, and moves K1 into 2025, which K2's leaving frees."""
    return two_districts([773, 653, 1013, 1133, 1253, 1053], [2378, 2178, 2258, 2018, 2138, 2078], [800, 1200],
                         [("A", 540, 5e7, 2026), ("B", 270, 1e8, 2025), ("A", 270, 5e7, 2025)],
                         budget=1e8, cap=1, stages=(1, 1), stranded=0.2)


def test_forced_insertions_reach_a_drop_a_retiming_and_an_insertion_at_once():
    # Neither a compound move (k out, j re-timed into what k freed, then k back: here a third
    # must come in instead) nor a rotation (three chosen candidates) reaches these optima; a
    # forced insertion of K2 (K0) in the year K3 (K1) holds, then a swap, does.
    demand, capacity, projects, kw = dear_pair_instance()
    res = cap.schedule(demand, capacity, projects, **kw)
    # K2 opens 2026 in B: unmet 267 + 387; K3 opens 2027 in A: 717 + 537 + 417; ¥200m → 200.
    assert (res.unmet, res.cost, res.objective) == (2325, 2e8, pytest.approx(2525, rel=1e-12))
    assert sorted(ref.land_of(res).items()) == [("K2", 2024), ("K3", 2025)]
    demand, capacity, projects, kw = cap_one_chain_instance()
    res = cap.schedule(demand, capacity, projects, **kw)
    # K1 opens 2027 in B: unmet 1178 + 978 + 1058 + 548 + 668 + 608; K0 opens 2028 in A: 213 + 333,
    # then 540 − 253 = 287 stranded in 2029 (weight 0.2); ¥150m → 150.
    assert (res.unmet, res.stranded, res.cost) == (5584, 287, 1.5e8)
    assert res.objective == pytest.approx(5584 + 0.2 * 287 + 150, rel=1e-12)
    assert sorted(ref.land_of(res).items()) == [("K0", 2026), ("K1", 2025)]


# Draws of benchmarks/tail_programme.py that the search stops more than 2% above the optimum
# (docs/programme.md, "the heuristic"): each optimum exchanges a school for another of its
# district and re-times one of the other district into the year that frees, which no move
# reaches. With at most 625 plans each, the enumeration after the search
# (detail/schedule_enumerate.hpp) finds the optimum; they are the property test's examples too.
EXCHANGE_MISSES = {
    45268: (two_districts([2102, 1742, 2222, 2222, 2342, 2142], [1381, 1741, 1861, 1981, 1781, 1741], [800, 800],
                          [("B", 1080, 5e7, 2025), ("A", 270, 5e7, 2026), ("A", 540, 5e7, 2025),
                           ("B", 540, 1e8, 2024)], budget=INF, cap=1, stages=(1, 2), stranded=1.0),
            10888, [("K1", 2026), ("K2", 2025), ("K3", 2024)]),
    42597: (two_districts([1105, 1305, 1505, 1865, 1985, 2105], [2053, 2233, 2293, 2233, 1893, 2113], [1200, 1200],
                          [("B", 270, 2e7, 2025), ("B", 1080, 2e7, 2026), ("B", 1080, 1e8, 2025),
                           ("A", 1080, 1e8, 2025)], budget=1.5e8, cap=None, stages=(1, 1), stranded=1.0),
            4855, [("K2", 2025), ("K3", 2026)]),
    47414: (two_districts([2182, 2302, 2102, 2182, 1942, 1822], [2085, 2145, 1945, 1745, 1965, 1905], [1200, 1000],
                          [("B", 1080, 5e7, 2026), ("A", 540, 1e8, 2024), ("B", 1080, 5e7, 2025),
                           ("B", 540, 2e7, 2024)], budget=1e8, cap=None, stages=(0, 2), stranded=1.0),
            7122, [("K1", 2024), ("K2", 2025)]),
}


@pytest.mark.parametrize("draw", sorted(EXCHANGE_MISSES))
def test_exchange_misses_have_the_optimum_the_reference_finds(draw):
    (demand, capacity, projects, kw), optimum, _ = EXCHANGE_MISSES[draw]
    assert ref.optimum(ref.problem(demand, capacity, projects, **kw)) == pytest.approx(optimum, rel=1e-12)
    assert cap.schedule(demand, capacity, projects, **kw, method="exact").objective == pytest.approx(optimum)


@pytest.mark.parametrize("draw", sorted(EXCHANGE_MISSES))
def test_heuristic_enumerates_small_programmes_to_the_optimum(draw):
    # The search stops 5.93%, 4.96% and 4.77% above (11,534, 5,096 and 7,462); the enumeration
    # of every plan, the search's as the incumbent, reaches the optimum itself.
    (demand, capacity, projects, kw), optimum, plan = EXCHANGE_MISSES[draw]
    res = cap.schedule(demand, capacity, projects, **kw)
    assert res.objective == pytest.approx(optimum, rel=1e-12)
    assert sorted(ref.land_of(res).items()) == plan


SMALL = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The search alone left 3 of 61,000 uniform draws of this generator more than 2% off (2 of
# 16,000 before the forced insertions; docs/programme.md, "the heuristic"); its programmes, at
# most 625 plans, are now enumerated after it. A fixed sequence of draws keeps CI's verdict about
# the code, not the luck of the draw; the misses found are pinned as examples.
SMALL_FIXED = settings(SMALL, derandomize=True)


@SMALL_FIXED
@given(instances())
@example(rotation_instance())
@example(twins_instance())
@example(dear_pair_instance())
@example(cap_one_chain_instance())
@example(EXCHANGE_MISSES[45268][0])
@example(EXCHANGE_MISSES[42597][0])
@example(EXCHANGE_MISSES[47414][0])
def test_exact_is_the_optimum_and_the_heuristic_is_close(instance):
    demand, capacity, projects, kw = instance
    pb = ref.problem(demand, capacity, projects, **kw)
    best = ref.optimum(pb)
    exact = cap.schedule(demand, capacity, projects, **kw, method="exact")
    heur = cap.schedule(demand, capacity, projects, **kw)
    assert exact.optimal
    assert exact.objective == pytest.approx(best, rel=1e-6, abs=1e-6)
    for res in (exact, heur):
        land = ref.land_of(res)
        assert ref.violations(pb, land) == []  # budget, batch caps, windows and stage durations
        assert (res.objective, res.unmet, res.cost, res.stranded) == pytest.approx(ref.evaluate(pb, land), rel=1e-9)
        assert (res.programme.start_year - res.programme.land_year == kw["stage_years"]["primary"][0]).all()
        assert (res.programme.open_year - res.programme.start_year == kw["stage_years"]["primary"][1]).all()
    assert best - 1e-6 * best <= heur.objective <= best * 1.02


@SMALL
@given(instances(max_candidates=5))
def test_adding_a_candidate_never_worsens_the_exact_optimum(instance):
    demand, capacity, projects, kw = instance
    with_all = cap.schedule(demand, capacity, projects, **kw, method="exact")
    without = cap.schedule(demand, capacity, projects.iloc[:-1], **kw, method="exact")
    assert with_all.objective <= without.objective * (1 + 1e-6) + 1e-6


def test_exact_reports_the_bound_it_proved():
    inst = programme_instance(1, regions=3, max_per_batch=2, budget_per_year=2e8)
    tables, kw = (inst.demand, inst.capacity, inst.projects), inst.settings
    exact = cap.schedule(*tables, **kw, method="exact", mip_rel_gap=1e-6)
    heur = cap.schedule(*tables, **kw)
    assert exact.optimal and heur.bound is None
    assert exact.bound == pytest.approx(exact.objective, rel=1e-5) and exact.bound <= exact.objective * (1 + 1e-9)
    assert exact.bound <= heur.objective * (1 + 1e-9)


def test_linear_relaxation_bounds_the_optimum():
    from edplan.capacity import rules
    from edplan.capacity.milp import solve_bounded

    inst = programme_instance(2, regions=3, max_per_batch=2, budget_per_year=2e8)
    exact = cap.schedule(inst.demand, inst.capacity, inst.projects, **inst.settings, method="exact")
    captured = {}
    original = rules.Rules.solve

    def keep(rules, prog):
        captured["prog"], captured["stages"] = prog, rules.stages
        return original(rules, prog)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rules.Rules, "solve", keep)
        cap.schedule(inst.demand, inst.capacity, inst.projects, **inst.settings, method="exact")
    relaxed = solve_bounded(captured["prog"], captured["stages"], relax=True)
    assert relaxed.bound is not None and 0 < relaxed.bound <= exact.objective * (1 + 1e-9)
    assert relaxed.land == [-1] * len(captured["prog"].candidates) and not relaxed.optimal


# Seeds 0-3 of family 0 of benchmarks/bench_programme.py, and 22, 57 and 71: the three of its 150
# where the search without forced insertions stopped 2.58%, 3.74% and 2.34% above HiGHS's
# optimum, their optima lying five or more changes away (detail/schedule_eject.hpp).
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 22, 57, 71])
def test_heuristic_within_two_percent_on_generated_instances(seed):
    inst = programme_instance(seed, regions=3, max_per_batch=2, budget_per_year=2e8)
    kw = inst.settings
    exact = cap.schedule(inst.demand, inst.capacity, inst.projects, **kw, method="exact", time_limit=30)
    heur = cap.schedule(inst.demand, inst.capacity, inst.projects, **kw)
    assert exact.optimal
    assert exact.objective <= heur.objective * (1 + 1e-6)
    assert heur.objective <= exact.objective * 1.02
    for res in (exact, heur):
        b = res.batches[res.batches.status == "candidate"]
        assert b.groupby(["year", "batch"]).size().max() <= 2
        starts = b[b.batch == "start"].groupby("year").cost.sum()
        assert (starts <= 2e8 * (1 + 1e-12)).all()


def test_generated_instances_are_reproducible():
    a, b = programme_instance(3), programme_instance(3)
    pd.testing.assert_frame_equal(a.projects, b.projects)
    assert math.isclose(a.demand.demand.sum(), b.demand.demand.sum())
    sizes = a.projects.groupby("level").places.unique()
    assert set(sizes["primary"]) <= {1080, 1620} and set(sizes["kindergarten"]) <= {540, 360}
