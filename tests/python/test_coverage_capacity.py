# SPDX-License-Identifier: MIT
"""Capacitated MCLP and p-median (``capacity=``): hand-computed cases, properties of the exact
model, the heuristic against it, errors."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import coverage as cv
from edplan.coverage import capacitated

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
from coverage_instances import capacities, instance  # noqa: E402

pytest.importorskip("highspy")

METHODS = ("heuristic", "exact")

# three villages A, B, C (100, 50, 30 people aged 60+) and two sites, minutes
P3 = np.array([100.0, 50.0, 30.0])
C3 = np.array([[10.0, 30.0], [20.0, 10.0], [5.0, 20.0]])


def penalised(r, P, C, p):
    """The p-median's model value: Σ persons × cost + M × unserved."""
    return r.objective + capacitated.penalty(C[np.isfinite(C)], p) * r.unserved


@pytest.mark.parametrize("method", METHODS)
def test_capacity_forces_a_split(method):
    # uncapacitated: A and C at site 0 (130 > 90). Moving C costs 15 a person, A 20: C (30) moves
    # first, then 10 of A: A 90×10 + 10×30, B 50×10, C 30×20 = 2300
    r = cv.p_median(P3, C3, p=2, capacity=[90, 100], method=method)
    assert r.objective == pytest.approx(2300) and r.unserved == pytest.approx(0)
    assert r.mean_cost == pytest.approx(2300 / 180)
    assert np.allclose(r.assignment.toarray(), [[90, 10], [0, 50], [0, 30]])
    # 170 places for 180 people: 10 of A stay unserved (A 900, B 500, C 600), not 10 of C
    # (A 900 + 300, B 500, C 20×20 = 2100)
    r = cv.p_median(P3, C3, p=2, capacity=[90, 80], method=method)
    assert r.objective == pytest.approx(2000) and r.unserved == pytest.approx(10)
    assert np.allclose(r.assignment.toarray(), [[90, 0], [0, 50], [0, 30]])
    assert r.mean_cost == pytest.approx(2000 / 170)


@pytest.mark.parametrize("method", METHODS)
def test_capacity_changes_the_choice(method):
    # MCLP within 15 minutes, one site: site 0 reaches A and C (130) but has 40 places; site 1
    # reaches B (50) and has room for all of it
    assert list(cv.mclp(P3, C3, max_cost=15, p=1, method=method).sites) == [0]
    r = cv.mclp(P3, C3, max_cost=15, p=1, capacity=[40, 100], method=method)
    assert list(r.sites) == [1] and r.objective == 50 and r.unserved == 130
    # p-median, one site: site 0 is nearer (2150 against 4100) but takes 60 of the 180
    assert list(cv.p_median(P3, C3, p=1, method=method).sites) == [0]
    r = cv.p_median(P3, C3, p=1, capacity=[60, 200], method=method)
    assert list(r.sites) == [1] and r.objective == pytest.approx(4100) and r.unserved == 0


def check_flows(r, P, C, S, max_cost=np.inf):
    A = r.assignment.toarray()
    assert np.all(A >= 0)
    assert np.all(A.sum(axis=0) <= S * (1 + 1e-9) + 1e-9)
    assert np.all(A.sum(axis=1) <= P * (1 + 1e-9) + 1e-9)
    used = A > 1e-9
    assert np.all(C[used] <= max_cost)  # links only
    assert set(np.flatnonzero(used.any(axis=0))) <= set(r.sites)  # open sites only
    assert A.sum() == pytest.approx(P.sum() - r.unserved)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.floats(0.3, 1.5), st.floats(0.0, 1.0))
def test_exact_properties(seed, p, ratio, raise_by):
    P, C, _, _ = instance(30, 8, seed)
    S = capacities(P, C.shape[1], p, ratio, seed)
    more = S + np.round(raise_by * S)
    S_big = np.full(C.shape[1], P.sum())
    # raising capacities never worsens the optimum
    a = cv.p_median(P, C, p=p, capacity=S, method="exact")
    b = cv.p_median(P, C, p=p, capacity=more, method="exact")
    assert penalised(b, P, C, p) <= penalised(a, P, C, p) * (1 + 1e-9)
    m1 = cv.mclp(P, C, max_cost=12, p=p, capacity=S, method="exact")
    m2 = cv.mclp(P, C, max_cost=12, p=p, capacity=more, method="exact")
    assert m2.objective >= m1.objective * (1 - 1e-9)
    # room for everyone: the uncapacitated optimum
    u = cv.p_median(P, C, p=p, capacity=S_big, method="exact")
    assert u.objective == pytest.approx(cv.p_median(P, C, p=p, method="exact").objective, rel=1e-9)
    assert u.unserved == pytest.approx(0, abs=1e-6)
    mu = cv.mclp(P, C, max_cost=12, p=p, capacity=S_big, method="exact")
    assert mu.objective == pytest.approx(cv.mclp(P, C, max_cost=12, p=p, method="exact").objective, rel=1e-9)
    for r, cap, S_max in ((a, S, np.inf), (b, more, np.inf), (m1, S, 12), (m2, more, 12)):
        check_flows(r, P, C, cap, S_max)
    # the heuristic is feasible and never beats the optimum
    h = cv.p_median(P, C, p=p, capacity=S)
    check_flows(h, P, C, S)
    assert penalised(h, P, C, p) >= penalised(a, P, C, p) * (1 - 1e-9)
    hm = cv.mclp(P, C, max_cost=12, p=p, capacity=S)
    check_flows(hm, P, C, S, 12)
    assert hm.objective <= m1.objective * (1 + 1e-9) and len(hm.sites) == p


def test_ample_capacity_heuristic_is_no_worse_than_uncapacitated():
    P, C, _, _ = instance(150, 30, 4)
    S = np.full(30, np.inf)  # inf: no limit
    u = cv.p_median(P, C, p=5)
    h = cv.p_median(P, C, p=5, capacity=S)
    assert h.objective <= u.objective * (1 + 1e-9) and h.unserved == pytest.approx(0, abs=1e-6)
    mu = cv.mclp(P, C, max_cost=10, p=5)
    mh = cv.mclp(P, C, max_cost=10, p=5, capacity=S)
    assert mh.objective >= mu.objective * (1 - 1e-9)


# Heuristic gap to the exact optimum on small generated instances with binding capacities
# (places for 80% or 120% of the older population over p sites, spread ±50%). Measured over
# these 12 runs: p-median max 0.0% (penalised value), MCLP max 0.0%; on the larger
# instances of benchmarks/siting_gaps.py --capacity the gaps are larger (README). The bound
# leaves room for a local optimum on other platforms' LP tie-breaking.
GAP_TOLERANCE = 0.03


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("ratio", (0.8, 1.2))
def test_heuristic_gap_to_exact(seed, ratio):
    P, C, _, _ = instance(100, 20, seed)
    S = capacities(P, 20, 4, ratio, seed)
    h = cv.p_median(P, C, p=4, capacity=S)
    e = cv.p_median(P, C, p=4, capacity=S, method="exact")
    assert penalised(e, P, C, 4) <= penalised(h, P, C, 4) * (1 + 1e-9)
    assert (penalised(h, P, C, 4) - penalised(e, P, C, 4)) / e.objective <= GAP_TOLERANCE
    covered = cv.mclp(P, C, max_cost=10, p=4).objective
    S = capacities(P, 20, 4, ratio * covered / P.sum(), seed)  # binding: places for ~ what 4 sites reach
    h = cv.mclp(P, C, max_cost=10, p=4, capacity=S)
    e = cv.mclp(P, C, max_cost=10, p=4, capacity=S, method="exact")
    assert h.objective <= e.objective * (1 + 1e-9)
    assert (e.objective - h.objective) / e.objective <= GAP_TOLERANCE


def test_fixed_sites_and_sparse_costs_with_capacity():
    P, C, _, _ = instance(80, 15, 2)
    S = capacities(P, 15, 4, 0.9, 2)
    mask = C <= 25
    rows, cols = np.nonzero(mask)
    sparse = sp.csr_array((C[mask], (rows, cols)), shape=C.shape)
    dense = np.where(mask, C, np.inf)
    for method in METHODS:
        r = cv.p_median(P, sparse, p=4, fixed=[3, 7], capacity=S, method=method)
        d = cv.p_median(P, dense, p=4, fixed=[3, 7], capacity=S, method=method)
        assert {3, 7} <= set(r.sites) and len(r.sites) == 4
        assert r.objective == pytest.approx(d.objective) and r.unserved == pytest.approx(d.unserved)
        check_flows(r, P, dense, S)
        m = cv.mclp(P, sparse, max_cost=10, p=3, fixed=[7], capacity=S, method=method)
        assert 7 in m.sites and len(m.sites) == 3


def test_unlinked_demand_is_unserved_not_an_error():
    C = C3.copy()
    C[2, :] = np.inf  # C reaches no site
    for method in METHODS:
        r = cv.p_median(P3, C, p=2, capacity=[200, 200], method=method)
        assert r.unserved == pytest.approx(30) and r.objective == pytest.approx(1000 + 500)


def test_bad_capacity_names_each_entry():
    for bad, wheres in (([1.0, -2.0], {"capacity[1]"}), ([np.nan, 3.0], {"capacity[0]"}),
                        ([-1.0, np.nan], {"capacity[0]", "capacity[1]"})):
        for f in (lambda S: cv.p_median(P3, C3, p=1, capacity=S),
                  lambda S: cv.mclp(P3, C3, max_cost=9, p=1, capacity=S)):
            with pytest.raises(edplan.InputError) as e:
                f(bad)
            assert {p.where for p in e.value.problems} == wheres
    with pytest.raises(edplan.InputError, match=r"capacity: got shape \(3,\); expected \(2,\)"):
        cv.p_median(P3, C3, p=1, capacity=[1.0, 2.0, 3.0], method="exact")
    with pytest.raises(edplan.InputError) as e:  # reported with the other problems, all at once
        cv.mclp(P3[:2], C3, max_cost=9, p=1, capacity=[1.0, -1.0])
    assert {p.where for p in e.value.problems} == {"demand", "capacity[1]"}
