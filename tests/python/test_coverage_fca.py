# SPDX-License-Identifier: MIT
"""edplan.coverage floating catchments: the numpy reference, properties, shapes and errors."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import coverage as cv
import coverage_reference as ref

D = cv.Decay
DECAYS = [
    (None, None),
    (D.step({10: 1, 20: 0.68, 30: 0.22}), lambda c: np.select([c <= 10, c <= 20, c <= 30], [1, 0.68, 0.22], 0.0)),
    (D.linear(25), lambda c: np.maximum(0, 1 - c / 25)),
    (D.gaussian(12), lambda c: np.exp(-c * c / (2 * 144))),
    (D.gravity(5, -1.5, 1), lambda c: (np.maximum(c, 1) / 5) ** -1.5),
    (D.exponential(0.07), lambda c: np.exp(-0.07 * c)),
    (D.logistic(20, 0.3), lambda c: (1 + np.exp(-6)) / (1 + np.exp(0.3 * (c - 20)))),
]
MEASURES = [
    (cv.two_step_fca, lambda P, S, C, mc, f: ref.two_step(P, S, C, mc, f)),
    (cv.three_step_fca, lambda P, S, C, mc, f: ref.three_step(P, S, C, mc, f)),
    (cv.weighted_catchment, lambda P, S, C, mc, f: ref.weighted_catchment(S, C, mc, f)),
    (cv.bfca, lambda P, S, C, mc, f: ref.bfca(P, S, C, mc, f)),
    (cv.spatial_availability, lambda P, S, C, mc, f: ref.spatial_availability(P, S, C, mc, f)),
]


def instance(seed, n=60, m=15, missing=0.2):
    rng = np.random.default_rng(seed)
    C = rng.uniform(0, 45, (n, m))
    C[rng.random((n, m)) < missing] = np.inf
    return rng.integers(0, 3000, n).astype(float), rng.integers(0, 200, m).astype(float), C


@pytest.mark.parametrize("measure,reference", MEASURES)
@pytest.mark.parametrize("decay,f", DECAYS)
def test_matches_numpy_reference(measure, reference, decay, f):
    P, S, C = instance(1)
    np.testing.assert_allclose(measure(P, S, C, max_cost=30, decay=decay), reference(P, S, C, 30, f), rtol=1e-12, atol=1e-15)


def test_decay_values():
    c = np.array([0, 10, 10.5, 30, 31.0])
    np.testing.assert_array_equal(D.step({30: 0.22, 10: 1, 20: 0.68})(c), [1, 1, 0.68, 0.22, 0])
    assert D.gaussian(20)(np.array([40.0]))[0] == pytest.approx(0.1353352832366127, rel=1e-15)  # access docstring
    assert D.gravity(20, -2, 1)(np.array([0.0, 40]))[0] == pytest.approx(400)
    assert repr(D.linear(30)) == "Decay.linear(d0=30)"
    assert D.gravity(1, -1).params == {"scale": 1.0, "alpha": -1.0, "min_cost": 0.0}
    with pytest.raises(edplan.InputError, match="decay.sigma"):
        D.gaussian(-1)
    with pytest.raises(edplan.InputError, match="increasing thresholds|weight >= 0"):
        D.step({10: -1})


def test_decay_from_scenario_tables():
    step = cv.decay_from({"kind": "step", "steps": {"10": 1.0, "20": 0.68, "30": 0.22}})
    np.testing.assert_array_equal(step(np.array([10.0, 20.0, 30.5])), [1.0, 0.68, 0.0])
    assert repr(cv.decay_from({"kind": "gaussian", "sigma": 20})) == "Decay.gaussian(sigma=20)"
    assert cv.decay_from(None).kind == "none"
    with pytest.raises(edplan.InputError, match="coverage.decay.kind"):
        cv.decay_from({"kind": "cubic"})
    with pytest.raises(edplan.InputError, match="Decay.linear"):
        cv.decay_from({"kind": "linear", "sigma": 3})


@pytest.mark.parametrize("measure,_", MEASURES)
def test_sparse_dense_and_catchment_agree(measure, _):
    P, S, C = instance(2)
    C[3, 4] = 0.0  # a link of cost 0
    dense = measure(P, S, C, max_cost=30, decay=D.linear(40))
    stored = np.where(np.isfinite(C), C, 0)
    mask = np.isfinite(C)
    r, c = np.nonzero(mask)
    sparse = sp.csr_array((stored[mask], (r, c)), shape=C.shape)  # explicit zero stays a link
    assert sparse.nnz == mask.sum()
    np.testing.assert_allclose(measure(P, S, sparse, max_cost=30, decay=D.linear(40)), dense, rtol=1e-13)
    np.testing.assert_allclose(measure(P, S, sparse.tocoo(), max_cost=30, decay=D.linear(40)), dense, rtol=1e-13)
    if measure is not cv.three_step_fca:  # 3SFCA's selection weights count links beyond max_cost
        catch = cv.catchment(C, max_cost=30)
        np.testing.assert_allclose(measure(P, S, catch, max_cost=None, decay=D.linear(40)), dense, rtol=1e-13)
    catch_all = cv.catchment(C, max_cost=np.inf)
    np.testing.assert_allclose(measure(P, S, catch_all, max_cost=30, decay=D.linear(40)), dense, rtol=1e-13)


def test_years_and_decays_in_one_pass_equal_separate_calls():
    P, S, C = instance(3, n=200, m=40)
    years = np.vstack([P * (1 + 0.05 * t) for t in range(11)])
    decays = [D.gaussian(s) for s in (5, 10, 15, 20, 25)]
    catch = cv.catchment(C, max_cost=30)
    sweep = cv.two_step_fca(years, S, catch, max_cost=None, decay=decays)
    assert sweep.shape == (5, 11, 200)
    for k, d in enumerate(decays):
        for t in (0, 5, 10):
            np.testing.assert_allclose(sweep[k, t], cv.two_step_fca(years[t], S, C, max_cost=30, decay=d), rtol=1e-13)
    supply_by_year = np.vstack([S + t for t in range(11)])
    varying = cv.bfca(years, supply_by_year, C, max_cost=30)
    np.testing.assert_allclose(varying[7], cv.bfca(years[7], supply_by_year[7], C, max_cost=30), rtol=1e-13)


def test_results_do_not_depend_on_threads():
    P, S, C = instance(4, n=3000, m=50)
    one = cv.two_step_fca(P, S, C, max_cost=30, decay=D.gaussian(10), threads=1)
    many = cv.two_step_fca(P, S, C, max_cost=30, decay=D.gaussian(10), threads=3)
    np.testing.assert_array_equal(one, many)
    np.testing.assert_array_equal(cv.bfca(P, S, C, max_cost=30, threads=1), cv.bfca(P, S, C, max_cost=30, threads=4))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(1, 8), st.floats(1, 60))
def test_conservation_properties(seed, n, m, max_cost):
    """Spatial availability hands out each reached site's supply exactly once; 2SFCA's
    population-weighted access equals the supply of sites that demand reaches; BFCA's
    destination-balanced weights sum to 1 per site, so its access sums to Σ_j R_j."""
    P, S, C = instance(seed, n, m, missing=0.3)
    W = ref.weights(C, max_cost)
    reached = (P @ W) > 0
    total = S[reached].sum()
    sa = cv.spatial_availability(P, S, C, max_cost=max_cost, decay=D.exponential(0.05))
    assert sa.sum() == pytest.approx(total, rel=1e-9, abs=1e-9)
    rs = W.sum(axis=1)
    D_bal = (P / np.where(rs > 0, rs, 1)) @ W
    R_bal = np.divide(S, D_bal, out=np.zeros(m), where=D_bal > 0)
    assert cv.bfca(P, S, C, max_cost=max_cost).sum() == pytest.approx(R_bal.sum(), rel=1e-9, abs=1e-9)
    assert P @ cv.two_step_fca(P, S, C, max_cost=max_cost) == pytest.approx(total, rel=1e-9, abs=1e-9)
    assert np.all(cv.two_step_fca(P, S, C, max_cost=max_cost, decay=D.linear(max_cost)) >= 0)


def test_errors_name_every_problem():
    P, S, C = instance(5, n=4, m=3)
    C[1, 2] = np.nan
    C[3, 0] = -2
    with pytest.raises(edplan.InputError) as e:
        cv.two_step_fca(P, S, C, max_cost=30)
    assert [p.where for p in e.value.problems] == ["cost[demand=1, supply=2]", "cost[demand=3, supply=0]"]
    with pytest.raises(edplan.InputError) as e:
        cv.two_step_fca(-P, S[:2], np.ones((4, 3)), max_cost=-1)
    wheres = [p.where for p in e.value.problems]
    assert "supply" in wheres and "max_cost" in wheres and "demand[year=0, demand=0]" in wheres
    with pytest.raises(edplan.InputError, match="max_cost is required"):
        cv.two_step_fca(P, S, np.ones((4, 3)), max_cost=None)
    with pytest.raises(edplan.InputError, match="beyond the catchment"):
        cv.two_step_fca(P, S, cv.catchment(np.ones((4, 3)), max_cost=5), max_cost=10)
    with pytest.raises(edplan.InputError, match="not a Catchment"):
        cv.mclp(P, cv.catchment(np.ones((4, 3)), max_cost=5), max_cost=5, p=1)
    with pytest.raises(edplan.InputError, match=r"decay\[1\]"):
        cv.two_step_fca(P, S, np.ones((4, 3)), max_cost=1, decay=[D.linear(3), "linear"])
    dup = sp.coo_array((np.ones(3), ([0, 0, 1], [1, 1, 2])), shape=(4, 3))
    with pytest.raises(edplan.InputError, match="stored twice"):
        cv.two_step_fca(P, S, dup, max_cost=1)


def test_dense_budget_refuses_large_matrices():
    P, S, C = instance(6, n=100, m=20)
    previous = cv.set_dense_budget(8 * 100 * 20 - 1)
    try:
        with pytest.raises(edplan.InputError, match="pass a sparse catchment"):
            cv.two_step_fca(P, S, C, max_cost=30)
        C[~np.isfinite(C)] = 0
        sparse = sp.csr_array(np.where(C <= 30, C, 0))
        assert cv.two_step_fca(P, S, sparse, max_cost=30).shape == (100,)  # sparse is never refused
    finally:
        cv.set_dense_budget(previous)
