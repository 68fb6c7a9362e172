# SPDX-License-Identifier: MIT
"""R ``accessibility``'s cost to closest, cumulative cutoff and interval, gravity (active and
passive), stepped and custom decays and constrained accessibility.

The five-hexagon case is R ``accessibility``'s own test input: the travel times among the five
ids that tests/testthat/test-cost_to_closest.R, test-cumulative_cutoff.R and
test-cumulative_interval.R select from the package's Belo Horizonte data
(inst/extdata/travel_matrix.rds and land_use_data.rds, ipeaGIT/accessibility, MIT licence),
copied here as numbers; the expected values are the ones those test files publish."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import coverage as cv

# Ids in the order of test-cost_to_closest.R's selected_ids: 89a88cdb57bffff, 89a88cdb597ffff,
# 89a88cdb5b3ffff, 89a88cdb5cfffff, 89a88cd909bffff (rows = from_id, columns = to_id; minutes).
BH_TIME = np.array([
    [5.8, 47.0, 48.0, 47.0, 64.0],
    [45.0, 5.8, 13.0, 41.0, 70.0],
    [44.0, 13.0, 5.8, 42.0, 67.0],
    [43.0, 43.0, 49.0, 5.8, 58.0],
    [60.0, 70.0, 68.0, 64.0, 5.8],
])
BH_POPULATION = np.array([852.0, 394, 1969, 2189, 0])
BH_JOBS = np.array([82.0, 308, 100, 109, 0])
BH_SCHOOLS = np.array([0.0, 2, 0, 0, 0])


def test_cost_to_closest_r_published_values():
    # test-cost_to_closest.R, "active and passive accessibility is correctly calculated".
    np.testing.assert_array_equal(cv.cost_to_closest(BH_SCHOOLS, BH_TIME), [47, 5.8, 13, 43, 70])
    np.testing.assert_array_equal(cv.cost_to_closest(BH_POPULATION, BH_TIME, active=False), [5.8, 5.8, 5.8, 5.8, 58])
    # "output is as expected when ids are missing - n>1" and "- length(n)>1": two schools in
    # all, so nobody reaches three: inf (R's fill value).
    np.testing.assert_array_equal(cv.cost_to_closest(BH_SCHOOLS, BH_TIME, n=3), np.full(5, np.inf))
    both = cv.cost_to_closest(BH_SCHOOLS, BH_TIME, n=[1, 3])
    assert both.shape == (2, 5)
    np.testing.assert_array_equal(both[0], [47, 5.8, 13, 43, 70])
    assert np.isinf(both[1]).all()


def test_cost_to_closest_n_counts_opportunities_in_cost_order():
    # Hand case: row 0 reaches 1 place at cost 2, 3 at cost 5, 0 at cost 1 (ignored), 4 at 9;
    # row 1 reaches 3 at cost 4.
    cost = np.array([[2.0, 5.0, 1.0, 9.0], [np.inf, 4.0, np.inf, np.inf]])
    opp = np.array([1.0, 3.0, 0.0, 4.0])
    np.testing.assert_array_equal(cv.cost_to_closest(opp, cost, n=[1, 2, 4, 5, 8, 9]),
                                  [[2, 4], [5, 4], [5, np.inf], [9, np.inf], [9, np.inf], [np.inf, np.inf]])
    # n = 1 is "any opportunity at all", as in R: half a place at cost 1 counts.
    assert cv.cost_to_closest([0.5, 0.0], np.array([[1.0, 0.5]]))[0] == 1.0
    # Passive: per column, the origins with people.
    np.testing.assert_array_equal(cv.cost_to_closest([0.0, 2.0], cost, active=False), [np.inf, 4, np.inf, np.inf])
    with pytest.raises(edplan.InputError, match=r"n\[1\]: got 0.5; expected a finite number >= 1"):
        cv.cost_to_closest(opp, cost, n=[1, 0.5])
    with pytest.raises(edplan.InputError, match="expected unique numbers"):
        cv.cost_to_closest(opp, cost, n=[2, 2])
    with pytest.raises(edplan.InputError, match=r"opportunities: got shape \(3,\); expected \(4,\)"):
        cv.cost_to_closest(opp[:3], cost)


def test_cumulative_cutoff_r_published_values():
    # test-cumulative_cutoff.R: jobs within 30 minutes; population reaching each place within 45.
    np.testing.assert_array_equal(cv.cumulative_cutoff(BH_JOBS, BH_TIME, cutoff=30), [82, 408, 408, 109, 0])
    np.testing.assert_array_equal(cv.cumulative_cutoff(BH_POPULATION, BH_TIME, cutoff=45, active=False),
                                  [5404, 4552, 2363, 4552, 0])
    many = cv.cumulative_cutoff(BH_JOBS, BH_TIME, cutoff=[30, 45])
    np.testing.assert_array_equal(many[0], [82, 408, 408, 109, 0])
    with pytest.raises(edplan.InputError, match=r"cutoff\[1\]: got -1.0; expected a cost >= 0"):
        cv.cumulative_cutoff(BH_JOBS, BH_TIME, cutoff=[30, -1])


def test_cumulative_interval_r_published_values():
    # test-cumulative_interval.R, "active and passive accessibility is correctly calculated".
    np.testing.assert_array_equal(cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(40, 45)), [82, 517, 517, 304, 0])
    np.testing.assert_array_equal(cv.cumulative_interval(BH_POPULATION, BH_TIME, interval=(40, 45), active=False),
                                  [1946, 3457, 2363, 4552, 0])
    two = cv.cumulative_interval(BH_JOBS, BH_TIME, interval=[(40, 45), (40, 50)])
    np.testing.assert_array_equal(two, [[82, 517, 517, 304, 0], [82, 599, 599, 499, 0]])
    two = cv.cumulative_interval(BH_POPULATION, BH_TIME, interval=[(40, 45), (40, 50)], active=False)
    np.testing.assert_array_equal(two, [[1946, 3457, 2363, 4552, 0], [5404, 4552, 2363, 4552, 0]])
    # "summarizes the result according to summary function": min and mean (mean truncated).
    np.testing.assert_array_equal(cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(40, 45), summary="min"),
                                  [82, 408, 408, 109, 0])
    np.testing.assert_array_equal(cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(40, 45), summary="mean"),
                                  [82, 512, 508, 304, 0])
    # A function works as R's summary_function does.
    np.testing.assert_array_equal(cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(40, 45), summary=np.mean),
                                  [82, 512, 508, 304, 0])
    # "accessibility is correctly calculated when ids are missing": nothing within 5-6 minutes
    # at the 5-minute cutoff, so the minimum is 0 everywhere.
    np.testing.assert_array_equal(cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(5, 6), summary="min"), [0] * 5)
    assert cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(40, 45)).dtype == np.int64


def test_cumulative_interval_cutoffs_and_errors():
    # Cutoffs 0, 0.5, 1 (R's seq(0, 1, by = 0.5)); 1 place at cost 0.5 and 2 at cost 0.9 give
    # 0, 1, 3: median 1, mean 4/3 truncated to 1, max 3.
    cost = np.array([[0.5, 0.9]])
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.5)[0] == 1
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.5, summary="mean")[0] == 1
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.5, summary="max")[0] == 3
    # Cutoffs k·0.3 as R's seq computes them: the last is 0.8999999999999999, below 0.9, so the
    # values are 0, 0, 1, 1 (median 0.5 -> 0); by 0.1 the cutoffs are k·0.1, 9·0.1 lies above 0.9
    # and the values are 0 ×5, 1 ×4, 3 ×2 (median 1).
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.3, summary="max")[0] == 1
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.3)[0] == 0
    assert cv.cumulative_interval([1.0, 2.0], cost, interval=(0, 1), increment=0.1)[0] == 1
    for bad in [(-1, 10), (11, 10), (10, 10), (1, np.inf), (1, np.nan)]:
        with pytest.raises(edplan.InputError, match="interval: got"):
            cv.cumulative_interval(BH_JOBS, BH_TIME, interval=bad)
    with pytest.raises(edplan.InputError, match="an interval is listed twice"):
        cv.cumulative_interval(BH_JOBS, BH_TIME, interval=[(10, 20), (10, 20)])
    with pytest.raises(edplan.InputError, match="increment: got 0.0"):
        cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(10, 20), increment=0)
    with pytest.raises(edplan.InputError, match="summary: got 'mode'"):
        cv.cumulative_interval(BH_JOBS, BH_TIME, interval=(10, 20), summary="mode")


def test_gravity_binary_equals_cumulative_cutoff_and_sparse_equals_dense():
    # test-gravity.R: a binary decay gives cumulative_cutoff's numbers, active and passive.
    np.testing.assert_array_equal(cv.gravity(BH_JOBS, BH_TIME, decay=None, max_cost=30), [82, 408, 408, 109, 0])
    np.testing.assert_array_equal(cv.gravity(BH_POPULATION, BH_TIME, decay=None, max_cost=45, active=False),
                                  [5404, 4552, 2363, 4552, 0])
    sparse = sp.csr_array(np.where(BH_TIME <= 45, BH_TIME, 0.0))
    for measure in (lambda c: cv.gravity(BH_JOBS, c, decay=cv.Decay.exponential(0.1), max_cost=45),
                    lambda c: cv.cost_to_closest(BH_SCHOOLS, c),
                    lambda c: cv.cumulative_cutoff(BH_POPULATION, c, cutoff=45, active=False)):
        np.testing.assert_allclose(measure(sparse), measure(np.where(BH_TIME <= 45, BH_TIME, np.inf)), rtol=1e-15)
    # Hand value: row 1 reaches 308 jobs at 5.8 minutes and 100 at 13 within 30.
    expected = 308 * np.exp(-0.58) + 100 * np.exp(-1.3)
    got = cv.gravity(BH_JOBS, BH_TIME, decay=cv.Decay.exponential(0.1), max_cost=30)[1]
    assert got == pytest.approx(expected, rel=1e-15)


def test_stepped_decay_r_published_values():
    # test-decay_stepped.R: steps (25, 50) with weights (0.5, 0) and (0.6, 0), and four steps.
    np.testing.assert_array_equal(cv.Decay.stepped([25, 50], [0.5, 0])(np.array([5.0, 30, 55])), [1, 0.5, 0])
    np.testing.assert_array_equal(cv.Decay.stepped([25, 50], [0.6, 0])(np.array([5.0, 30, 55])), [1, 0.6, 0])
    d = cv.Decay.stepped([10, 20, 30, 40], [0.75, 0.5, 0.25, 0])
    np.testing.assert_array_equal(d(np.array([0.0, 10, 20, 30, 40])), [1, 0.75, 0.5, 0.25, 0])
    assert d(np.zeros(0)).shape == (0,)
    # A non-zero tail never ends, unlike the right-closed Decay.step, which is 0 beyond its last step.
    tail = cv.Decay.stepped([10], [0.4])
    np.testing.assert_array_equal(tail(np.array([9.999, 10, 1e6])), [1, 0.4, 0.4])
    np.testing.assert_array_equal(cv.Decay.step({10: 1, 20: 0.4})(np.array([10.0, 10.5, 20.5])), [1, 0.4, 0])
    assert tail.kind == "stepped" and tail.params == {"steps": [10.0], "weights": [0.4]}
    assert repr(tail) == "Decay.stepped(10: 0.4)"
    assert cv.decay_from({"kind": "stepped", "steps": [10], "weights": [0.4]}).params == tail.params
    # The floating-catchment family takes it: 2SFCA with one site, two points at 5 and 15:
    # R = 10 / (1·1 + 3·0.4), A = R·w.
    out = cv.two_step_fca([1.0, 3.0], [10.0], np.array([[5.0], [15.0]]), max_cost=np.inf, decay=tail)
    np.testing.assert_allclose(out, [10 / 2.2, 10 / 2.2 * 0.4], rtol=1e-15)


def test_stepped_decay_errors():
    # test-decay_stepped.R refuses these steps; edplan names each one.
    for steps, where in [([25, np.inf], r"steps\[1\]"), ([25, np.nan], r"steps\[1\]"), ([25, 25], r"thresholds\[1\]"),
                         ([25, 20], r"thresholds\[1\]"), ([0, 10], r"steps\[0\]")]:
        with pytest.raises(edplan.InputError, match=where):
            cv.Decay.stepped(steps, [0.5, 0])
    with pytest.raises(edplan.InputError, match=r"values\[1\]: got -1; expected a weight >= 0"):
        cv.Decay.stepped([25, 50], [0.7, -1])
    with pytest.raises(edplan.InputError, match="2 thresholds and 1 weights"):
        cv.Decay.stepped([25, 50], [0.7])
    with pytest.raises(edplan.InputError, match="decay.steps: got a"):
        cv.Decay.stepped("a", [0.5])


def test_custom_decay_is_applied_to_costs():
    fn = lambda c: np.exp(-0.1 * c)  # noqa: E731
    np.testing.assert_allclose(cv.gravity(BH_JOBS, BH_TIME, decay=fn),
                               cv.gravity(BH_JOBS, BH_TIME, decay=cv.Decay.exponential(0.1)),
                               rtol=1e-15)
    a = cv.constrained_accessibility(BH_TIME, constraint="singly", decay=fn, demand=BH_POPULATION, supply=BH_JOBS,
                                     active=True)
    b = cv.constrained_accessibility(BH_TIME, constraint="singly", decay=cv.Decay.exponential(0.1),
                                     demand=BH_POPULATION,
                                     supply=BH_JOBS, active=True)
    np.testing.assert_allclose(a.access, b.access, rtol=1e-15)
    # A scalar is broadcast (w = 1 everywhere): gravity is then the jobs reached.
    np.testing.assert_array_equal(cv.gravity(BH_JOBS, BH_TIME, decay=lambda c: 1.0, max_cost=30),
                                  [82, 408, 408, 109, 0])
    with pytest.raises(edplan.InputError, match=r"decay: returned shape \(2,\) for \(25,\) costs"):
        cv.gravity(BH_JOBS, BH_TIME, decay=lambda c: np.ones(2))
    with pytest.raises(edplan.InputError, match="decay: returned -1.0 for a cost of 5.8"):
        cv.gravity(BH_JOBS, BH_TIME, decay=lambda c: -np.ones_like(c))
    with pytest.raises(edplan.InputError, match="decay: got str"):
        cv.gravity(BH_JOBS, BH_TIME, decay="exp")


# R's constrained-essentials toy (tests/testthat/test-constrained-essentials.R and the
# constrained_accessibility() example): three zones, symmetric travel times.
TOY_TIME = np.array([[10.0, 30, 15], [30, 10, 25], [15, 25, 10]])
TOY_POP = np.array([4.0, 10, 6])
TOY_JOBS_LARGE = np.array([160.0, 150, 180])
TOY_JOBS_20 = np.array([7.0, 5, 8])


def test_total_constrained_hand_computed():
    # Active: every job handed out once, in proportion to S_j f_ij over all links.
    res = cv.constrained_accessibility(TOY_TIME, constraint="total", decay=cv.Decay.exponential(0.1),
                                       supply=TOY_JOBS_LARGE,
                                       active=True)
    f = np.exp(-0.1 * TOY_TIME)
    weighted = TOY_JOBS_LARGE[None, :] * f
    np.testing.assert_allclose(res.flow_matrix(), weighted / weighted.sum() * 490, rtol=1e-14)
    assert res.access.sum() == pytest.approx(490, rel=1e-15)  # R: sum(agg_supply$supply) == sum(lu$jobs)
    assert res.K == pytest.approx(490 / weighted.sum(), rel=1e-15)
    # Two zones by hand: f = 1 inside the zone, 0.5 across; S = (1, 3): weighted total
    # 1 + 0.5 + 1.5 + 3 = 6, so origin 0 gets (1 + 1.5)/6·4 and origin 1 (0.5 + 3)/6·4.
    two = cv.constrained_accessibility(np.array([[0.0, 1], [1, 0]]), constraint="total", decay=lambda c: 1 - 0.5 * c,
                                       supply=[1.0, 3.0], active=True)
    np.testing.assert_allclose(two.access, [2.5 / 6 * 4, 3.5 / 6 * 4], rtol=1e-15)
    # Passive: population handed to destinations; sum(agg_demand$demand) == sum(lu$population).
    passive = cv.constrained_accessibility(TOY_TIME, constraint="total", decay=cv.Decay.exponential(0.1),
                                           demand=TOY_POP,
                                           active=False)
    assert passive.access.shape == (3,) and passive.access.sum() == pytest.approx(20, rel=1e-15)
    with pytest.raises(edplan.InputError, match="demand: given; expected None for a total constraint with active=True"):
        cv.constrained_accessibility(TOY_TIME, constraint="total", decay=None, demand=TOY_POP, supply=TOY_JOBS_20,
                                     active=True)
    with pytest.raises(edplan.InputError, match="active: got None; expected True"):
        cv.constrained_accessibility(TOY_TIME, constraint="total", decay=None, supply=TOY_JOBS_20)


def test_singly_constrained_r_properties_and_spatial_availability():
    decay = cv.Decay.exponential(0.1)
    act = cv.constrained_accessibility(TOY_TIME, constraint="singly", decay=decay, demand=TOY_POP,
                                       supply=TOY_JOBS_LARGE,
                                       active=True)
    pas = cv.constrained_accessibility(TOY_TIME, constraint="singly", decay=decay, demand=TOY_POP,
                                       supply=TOY_JOBS_LARGE,
                                       active=False)
    # test-constrained-essentials.R: totals preserved, kappa sums to 1 per destination (active)
    # and per origin (passive).
    assert act.access.sum() == pytest.approx(490, rel=1e-14)
    assert pas.access.sum() == pytest.approx(20, rel=1e-14)
    np.testing.assert_allclose(np.bincount(act.cols, weights=act.kappa), 1, rtol=1e-14)
    np.testing.assert_allclose(np.bincount(pas.rows, weights=pas.kappa), 1, rtol=1e-14)
    # R's note: the active form equals spatial_availability().
    np.testing.assert_allclose(act.access, cv.spatial_availability(TOY_POP, TOY_JOBS_LARGE, TOY_TIME, max_cost=np.inf,
                                                                   decay=decay), rtol=1e-13)
    # B_j = 1/Σ_i P_i f_ij; hand value for destination 0.
    assert act.B[0] == pytest.approx(1 / (4 * np.exp(-1) + 10 * np.exp(-3) + 6 * np.exp(-1.5)), rel=1e-15)
    with pytest.raises(edplan.InputError, match="supply: missing"):
        cv.constrained_accessibility(TOY_TIME, constraint="singly", decay=decay, demand=TOY_POP, active=True)


def test_doubly_constrained_balances_margins():
    decay = cv.Decay.gravity(1, -3)  # R's decay_power(3): c^-3
    res = cv.constrained_accessibility(TOY_TIME, constraint="doubly", decay=decay, demand=TOY_POP, supply=TOY_JOBS_20)
    T = res.flow_matrix()
    # test-constrained-essentials.R: OD flows match the margins to 1e-3 with R's default stop.
    np.testing.assert_allclose(T.sum(axis=1), TOY_POP, rtol=1e-3)
    np.testing.assert_allclose(T.sum(axis=0), TOY_JOBS_20, rtol=1e-3)
    assert res.error < 1e-3 and res.stop_reason == "Error threshold met" and res.access is None
    # T = A_i O_i B_j D_j f_ij and kappa = A_i O_i B_j f_ij (R's kappa_doubly), exactly.
    f = TOY_TIME ** -3.0
    np.testing.assert_allclose(T, np.outer(res.A * TOY_POP, res.B * TOY_JOBS_20) * f, rtol=1e-15)
    np.testing.assert_allclose(res.kappa, (np.outer(res.A * TOY_POP, res.B) * f)[res.rows, res.cols], rtol=1e-15)
    # Balanced to the end, the flows are the biproportional fit, up to R's 1e-9 guard in the
    # denominators (it moves the fixed point by about 1e-9 / Σ_j B_j D_j f_ij, 1e-6 relative
    # here): compare with a plain Sinkhorn loop on the matrix.
    tight = cv.constrained_accessibility(TOY_TIME, constraint="doubly", decay=decay, demand=TOY_POP, supply=TOY_JOBS_20,
                                         error_threshold=1e-14, improvement_threshold=0, max_iterations=100000)
    M = f.copy()
    for _ in range(20000):
        M *= (TOY_POP / M.sum(axis=1))[:, None]
        M *= (TOY_JOBS_20 / M.sum(axis=0))[None, :]
    np.testing.assert_allclose(tight.flow_matrix(), M, rtol=2e-6)
    assert tight.error < 1e-6
    # One iteration only: R's "Max iterations reached".
    one = cv.constrained_accessibility(TOY_TIME, constraint="doubly", decay=decay, demand=TOY_POP, supply=TOY_JOBS_20,
                                       max_iterations=1)
    assert one.iterations == 1 and one.stop_reason == "Max iterations reached"
    # Column sums are met after each B update (up to the 1e-9 guard); rows are what is off.
    np.testing.assert_allclose(one.flow_matrix().sum(axis=0), TOY_JOBS_20, rtol=1e-8)


def test_doubly_constrained_errors():
    bad = TOY_JOBS_20.copy()
    bad[2] += 1  # test-constrained-essentials.R: "errors when totals mismatch"
    with pytest.raises(edplan.InputError, match="supply: sums to 21 and demand to 20"):
        cv.constrained_accessibility(TOY_TIME, constraint="doubly", decay=None, demand=TOY_POP, supply=bad)
    with pytest.raises(edplan.InputError, match="max_iterations: got 0"):
        cv.constrained_accessibility(TOY_TIME, constraint="doubly", decay=None, demand=TOY_POP, supply=TOY_JOBS_20,
                                     max_iterations=0)
    with pytest.raises(edplan.InputError, match="constraint: got 'both'"):
        cv.constrained_accessibility(TOY_TIME, constraint="both", decay=None, demand=TOY_POP, supply=TOY_JOBS_20)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_properties_on_random_matrices(n, m, seed):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(0, 10, (n, m)).round(1)
    cost[rng.random((n, m)) < 0.3] = np.inf
    opp = rng.integers(0, 4, m).astype(float)
    # cost_to_closest(n=1) is the brute-force minimum over linked places with opportunities.
    brute = np.where(opp[None, :] > 0, cost, np.inf).min(axis=1)
    np.testing.assert_array_equal(cv.cost_to_closest(opp, cost), brute)
    # Cumulative access never falls as the cutoff rises, and the interval median lies between.
    cuts = cv.cumulative_cutoff(opp, cost, cutoff=[2, 5, 8])
    assert (np.diff(cuts, axis=0) >= 0).all()
    mid = cv.cumulative_interval(opp, cost, interval=(2, 8))
    assert (mid >= cuts[0]).all() and (mid <= cuts[2]).all()
    # Total and singly constraints hand out exactly the supply of the reached sites.
    reached = np.isfinite(cost).any(axis=0)
    if (opp[reached] > 0).any():
        tot = cv.constrained_accessibility(cost, constraint="total", decay=cv.Decay.exponential(0.2), supply=opp,
                                           active=True)
        assert tot.access.sum() == pytest.approx(opp[reached].sum(), rel=1e-12)
    pop = rng.integers(1, 5, n).astype(float)
    single = cv.constrained_accessibility(cost, constraint="singly", decay=None, demand=pop, supply=opp, active=True)
    assert single.access.sum() == pytest.approx(opp[reached].sum(), rel=1e-12, abs=1e-12)
