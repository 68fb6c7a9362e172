# SPDX-License-Identifier: MIT
"""Capacitated siting's options as spopt has them (single_source, fill_fixed, capacitated
LSCP), spopt's published school case, and the C++ assignment against the HiGHS LP."""

from __future__ import annotations

import os
import pathlib
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import _core
from edplan import coverage as cv
from edplan.coverage import capacitated, capacitated_lp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
from coverage_instances import capacities, instance  # noqa: E402

pytest.importorskip("highspy")


@pytest.mark.parametrize("seed", range(8))
def test_cpp_assignment_equals_the_lp(seed):
    n, m, p = [(30, 8, 3), (100, 20, 4), (300, 60, 8)][seed % 3]
    P, C, _, _ = instance(n, m, seed)
    S = capacities(P, m, p, [0.6, 0.9, 1.2][seed % 3], seed)
    if seed % 2:
        C = np.where(C <= 25, C, np.inf)  # sparse links: some people reach no open site
    rows, cols = np.nonzero(np.isfinite(C))
    costs = C[rows, cols]
    M = capacitated.penalty(costs, p)
    sites = np.sort(np.random.default_rng(seed).choice(m, p, replace=False))
    f = _core.coverage.capacitated_assign(rows.astype(np.int64), cols.astype(np.int64), costs, P, S,
                                          unassigned_cost=M, sites=[int(j) for j in sites])
    lp = capacitated_lp.Transport(rows, cols, costs - M, P, S)
    lp.open_only(sites)
    assert f.value == pytest.approx(lp.solve() + M * P.sum(), rel=1e-12)
    A = np.zeros((n, m))
    A[f.rows, f.cols] = f.persons
    assert np.all(A.sum(axis=0) <= S * (1 + 1e-12)) and np.all(A.sum(axis=1) <= P * (1 + 1e-12))
    assert set(np.flatnonzero(A.sum(axis=0))) <= set(sites)



@pytest.mark.parametrize("seed", range(6))
def test_cpp_assignment_equals_linprog_with_and_without_costs(seed):
    """The C++ assignment against scipy's linprog built here from the model's definition (not
    capacitated_lp's LP): the MCLP kind (cost 0, u = 1: most people assigned) and the
    p-median kind (cost c, u = M), on open sites drawn at random."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    n, m, p = (40, 10, 3) if seed % 2 else (80, 16, 5)
    P, C, _, _ = instance(n, m, seed)
    S = capacities(P, m, p, 0.8, seed)
    C = np.where(C <= 30, C, np.inf)
    rows, cols = np.nonzero(np.isfinite(C))
    sites = np.sort(np.random.default_rng(seed + 50).choice(m, p, replace=False))
    on = np.isin(cols, sites)
    r, c = rows[on], cols[on]
    A = sp.vstack([sp.csr_array((np.ones(len(r)), (r, np.arange(len(r)))), shape=(n, len(r))),
                   sp.csr_array((np.ones(len(r)), (c, np.arange(len(r)))), shape=(m, len(r)))])
    b = np.concatenate([P, S])
    for link_cost, u in ((np.zeros(len(rows)), 1.0), (C[rows, cols], capacitated.penalty(C[rows, cols], p))):
        f = _core.coverage.capacitated_assign(rows.astype(np.int64), cols.astype(np.int64), link_cost, P, S,
                                              unassigned_cost=u, sites=[int(j) for j in sites])
        # min sum c x + u (sum d - sum x) = u sum d + min sum (c - u) x
        lp = linprog(link_cost[on] - u, A_ub=A, b_ub=b, bounds=(0, None), method="highs")
        assert lp.status == 0
        assert f.value == pytest.approx(u * P.sum() + lp.fun, rel=1e-9)


def school_case():
    """spopt's real-world capacitated p-median case (its package test data): 10 students, 74
    schools, times in minutes (10000 where no journey), one place per student."""
    spopt = pytest.importorskip("spopt")
    import pandas as pd

    d = pathlib.Path(spopt.__file__).parent / "tests" / "test_locate" / "data"
    if not (d / "example_subject_schools.csv").exists():
        pytest.skip("spopt's test data is not installed")
    t = pd.read_csv(d / "example_subject_student_school_journeys.csv")
    C = t.pivot_table(columns="school", fill_value=10000, index="student", sort=False, values="time")
    schools = pd.read_csv(d / "example_subject_schools.csv")
    fixed = schools.index[schools["priority"] == 1].tolist()
    return np.ones(len(C)), C.to_numpy(float), schools["Count"].to_numpy(float), fixed


@pytest.mark.parametrize("method", ("heuristic", "exact"))
def test_spopt_school_case(method):
    # spopt's test_mixin_mean_time: p = 10, priority-1 schools predefined and fulfilled,
    # binary assignment: mean time 87.2 minutes
    P, C, S, fixed = school_case()
    r = cv.p_median(P, C, p=10, capacity=S, fixed=fixed, fill_fixed=True, single_source=True, method=method)
    assert r.mean_cost == pytest.approx(87.2, abs=1e-9) and r.unserved == 0
    A = r.assignment.toarray()
    assert np.allclose(A.sum(axis=0)[fixed], S[fixed])  # filled
    assert set(np.unique(A)) <= {0.0, 1.0} and np.allclose(A.sum(axis=1), 1)  # one school each


def test_fill_fixed_refuses_sites_the_demand_cannot_fill():
    P, C, S, fixed = school_case()
    with pytest.raises(edplan.InputError) as e:
        cv.p_median(P[:3], C[:3], p=10, capacity=S, fixed=fixed, fill_fixed=True)
    assert all(p.where.startswith("fixed[") for p in e.value.problems)
    with pytest.raises(edplan.InputError, match="single_source"):
        cv.p_median(P, C, p=10, single_source=True)


def test_capacitated_lscp_hand_case():
    # three villages of 10, 20, 30 people; two sites within reach of all, 35 places each: one
    # site cannot take 60 people, two can
    C = np.array([[1.0, 2.0], [2.0, 1.0], [1.0, 1.0]])
    for method in ("heuristic", "exact"):
        r = cv.lscp(C, max_cost=5, demand=[10, 20, 30], capacity=[35, 35], method=method)
        assert r.objective == 2 and np.allclose(r.assignment.toarray().sum(axis=1), [10, 20, 30])
        r = cv.lscp(C, max_cost=5, demand=[10, 20, 30], capacity=[35, 60], method=method)
        assert r.objective == 1 and list(r.sites) == [1]
    with pytest.raises(edplan.InputError, match="places for 60 people"):
        cv.lscp(C, max_cost=5, demand=[10, 20, 30], capacity=[20, 20])
    with pytest.raises(edplan.InputError, match=r"cost\[2\]"):  # no candidate within reach of village 2
        cv.lscp(np.array([[1.0, 2.0], [2.0, 1.0], [9.0, 9.0]]), max_cost=5, demand=[10, 20, 30], capacity=[60, 60])


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.8, 2.0))
def test_capacitated_lscp_properties(seed, slack):
    P, C, _, _ = instance(40, 10, seed)
    reach = C <= 30
    C = C[reach.any(axis=1)]
    P = P[reach.any(axis=1)]
    S = np.round(slack * P.sum() / 4 * np.random.default_rng(seed).uniform(0.5, 1.5, 10))
    try:
        e = cv.lscp(C, max_cost=30, demand=P, capacity=S, method="exact")
    except edplan.InputError:
        return  # not enough places within reach: both methods refuse (checked once, before solving)
    h = cv.lscp(C, max_cost=30, demand=P, capacity=S)
    assert e.objective <= h.objective
    for r in (e, h):
        A = r.assignment.toarray()
        assert np.allclose(A.sum(axis=1), P) and np.all(A.sum(axis=0) <= S * (1 + 1e-9) + 1e-9)
        assert np.all(C[A > 1e-9] <= 30) and set(np.flatnonzero(A.sum(axis=0) > 0)) <= set(r.sites)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 4))
def test_single_source_properties(seed, p):
    P, C, _, _ = instance(25, 8, seed)
    S = capacities(P, 8, p, 1.3, seed)
    e = cv.p_median(P, C, p=p, capacity=S, single_source=True, method="exact")
    split = cv.p_median(P, C, p=p, capacity=S, method="exact")
    h = cv.p_median(P, C, p=p, capacity=S, single_source=True)
    M = capacitated.penalty(C.ravel(), p)
    assert split.objective + M * split.unserved <= e.objective + M * e.unserved + 1e-6  # splitting can only help
    assert e.objective + M * e.unserved <= h.objective + M * h.unserved + 1e-6
    for r in (e, h):
        A = r.assignment.toarray()
        assert np.all((A.sum(axis=1) == 0) | np.isclose(A.sum(axis=1), P))  # whole points
        assert np.all((A > 0).sum(axis=1) <= 1) and np.all(A.sum(axis=0) <= S + 1e-9)


@pytest.mark.parametrize("name, value", [("patience", True), ("patience", -1), ("patience", 2.5), ("patience", "3"),
                                         ("max_swaps", 0), ("max_swaps", np.True_), ("max_swaps", 1.0)])
def test_search_options_refused_with_the_field_named(name, value):
    P, C, _, _ = instance(60, 12, 1)
    S = capacities(P, 12, 3, 0.8, 1)
    with pytest.raises(edplan.InputError) as e:
        cv.mclp(P, C, max_cost=20.0, p=3, capacity=S, **{name: value})
    assert e.value.problems[0][0] == name and repr(value) in e.value.problems[0][1]
    with pytest.raises(edplan.InputError) as e:  # a capacitated option without capacity
        cv.p_median(P, C, p=3, **{name: 3})
    assert e.value.problems[0][0] == name and "without capacity" in e.value.problems[0][1]


@pytest.mark.parametrize("seed", range(3))
def test_search_options_patience_and_max_swaps(seed):
    P, C, _, _ = instance(120, 24, seed)
    S = capacities(P, 24, 4, 0.9, seed)
    default = cv.p_median(P, C, p=4, capacity=S)
    explicit = cv.p_median(P, C, p=4, capacity=S, patience=4, max_swaps=1000)  # the C++ defaults
    assert list(default.sites) == list(explicit.sites) and default.objective == explicit.objective
    # the rounds follow one seeded sequence and keep the best: more of them (patience 0: all)
    # can only lower the value Σ cost + M × unserved
    M = capacitated.penalty(C.ravel(), 4)
    values = [r.objective + M * r.unserved for r in
              (cv.p_median(P, C, p=4, capacity=S, rounds=10, patience=k) for k in (1, 2, 0))]
    assert values[0] >= values[1] - 1e-6 * values[1] and values[1] >= values[2] - 1e-6 * values[2]
    # one improving swap per descent, and no rounds: the two starts' descents make at most 2
    assert cv.p_median(P, C, p=4, capacity=S, rounds=0, max_swaps=1).swaps <= 2
    assert cv.mclp(P, C, max_cost=15.0, p=4, capacity=S, rounds=0, max_swaps=1).swaps <= 2
