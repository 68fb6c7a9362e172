# SPDX-License-Identifier: MIT
"""The three ways into the floating catchments give the same answers: the dense one-pass scan
(SIMD, 64 costs at a time, wide enough rows to use it), sparse links (CSR), a prebuilt
catchment, and coordinates (a grid over the sites, no dense matrix), against the numpy
reference on random inputs, with ties on the catchment boundary, unreachable points, zero
supply and zero demand."""

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
STEP = (D.step({4: 1.0, 8: 0.6, 12: 0.25}), lambda c: np.select([c <= 4, c <= 8, c <= 12], [1.0, 0.6, 0.25], 0.0))
GAUSS = (D.gaussian(6), lambda c: np.exp(-c * c / (2 * 36)))
MEASURES = {
    "two_step": (cv.two_step_fca, lambda P, S, C, mc, f: ref.two_step(P, S, C, mc, f)),
    "three_step": (cv.three_step_fca, lambda P, S, C, mc, f: ref.three_step(P, S, C, mc, f)),
    "weighted": (cv.weighted_catchment, lambda P, S, C, mc, f: ref.weighted_catchment(S, C, mc, f)),
    "bfca": (cv.bfca, lambda P, S, C, mc, f: ref.bfca(P, S, C, mc, f)),
    "availability": (cv.spatial_availability, lambda P, S, C, mc, f: ref.spatial_availability(P, S, C, mc, f)),
}


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300)


def dense_from_xy(xy, sxy, scale):
    """The cost matrix as documented for coordinates: scale * sqrt(dx*dx + dy*dy), in that order."""
    dx = xy[:, None, 0] - sxy[None, :, 0]
    dy = xy[:, None, 1] - sxy[None, :, 1]
    return scale * np.sqrt(dx * dx + dy * dy)


@st.composite
def dense_case(draw):
    """Integer costs (so that many equal max_cost exactly), inf for no link, rows wider and
    narrower than the 64-cost SIMD word, zero supply and zero demand here and there."""
    seed = draw(st.integers(0, 2**31))
    n, m = draw(st.integers(1, 40)), draw(st.sampled_from([1, 5, 63, 64, 65, 130, 200]))
    rng = np.random.default_rng(seed)
    C = rng.integers(0, 20, (n, m)).astype(float)
    C[rng.random((n, m)) < draw(st.floats(0, 1))] = np.inf
    P = rng.integers(0, 100, n).astype(float) * (rng.random(n) < 0.8)
    S = rng.integers(0, 50, m).astype(float) * (rng.random(m) < 0.8)
    return P, S, C, float(draw(st.integers(0, 20)))


@settings(max_examples=60, deadline=None)
@given(dense_case(), st.sampled_from([(None, None), STEP, GAUSS]), st.sampled_from(sorted(MEASURES)))
def test_dense_sparse_and_catchment_paths_equal_the_reference(case, decay, measure):
    P, S, C, max_cost = case
    d, f = decay
    ours, theirs = MEASURES[measure]
    want = theirs(P, S, C, max_cost, f)
    close(ours(P, S, C, max_cost=max_cost, decay=d), want)
    close(ours(P, S, cv.catchment(C, max_cost=np.inf if measure == "three_step" else max_cost), max_cost=max_cost,
               decay=d), want)
    if measure != "three_step":  # 3SFCA's selection weights count the links beyond max_cost a CSR leaves out
        i, j = np.nonzero(np.isfinite(C) & (C <= max_cost))
        close(ours(P, S, sp.csr_array((C[i, j], (i, j)), shape=C.shape), max_cost=max_cost, decay=d), want)


@st.composite
def points_case(draw):
    """Integer coordinates, so that distances such as 5 = |(3, 4)| equal max_cost exactly;
    sometimes every site out of reach of some points, zero supply and zero demand."""
    seed = draw(st.integers(0, 2**31))
    n, m = draw(st.integers(1, 60)), draw(st.integers(1, 40))
    rng = np.random.default_rng(seed)
    span = draw(st.sampled_from([3, 12, 40]))
    xy = rng.integers(0, span, (n, 2)).astype(float)
    sxy = rng.integers(0, span, (m, 2)).astype(float)
    P = rng.integers(0, 100, n).astype(float) * (rng.random(n) < 0.8)
    S = rng.integers(0, 50, m).astype(float) * (rng.random(m) < 0.8)
    scale = draw(st.sampled_from([1.0, 2.0, 0.5]))
    max_cost = float(draw(st.sampled_from([0, 1, 5, 10, 13, 25]))) * scale
    return P, S, xy, sxy, scale, max_cost


@settings(max_examples=60, deadline=None)
@given(points_case(), st.sampled_from([(None, None), STEP, GAUSS]), st.sampled_from(sorted(MEASURES)))
def test_coordinates_equal_the_dense_matrix_of_the_same_costs(case, decay, measure):
    P, S, xy, sxy, scale, max_cost = case
    d, f = decay
    ours, theirs = MEASURES[measure]
    C = dense_from_xy(xy, sxy, scale)
    xyc = cv.coordinates(xy, sxy, scale=scale)
    got = ours(P, S, xyc, max_cost=max_cost, decay=d)
    close(got, theirs(P, S, C, max_cost, f))
    close(got, ours(P, S, C, max_cost=max_cost, decay=d))
    nan_got = ours(P, S, xyc, max_cost=max_cost, decay=d, unreachable="nan")
    np.testing.assert_array_equal(np.isnan(nan_got), np.isnan(ours(P, S, C, max_cost=max_cost, decay=d,
                                                                   unreachable="nan")))


@settings(max_examples=40, deadline=None)
@given(points_case())
def test_catchment_from_coordinates_holds_the_links_of_the_dense_matrix(case):
    _, _, xy, sxy, scale, max_cost = case
    C = dense_from_xy(xy, sxy, scale)
    a = cv.catchment(cv.coordinates(xy, sxy, scale=scale), max_cost=max_cost).to_coo()
    b = cv.catchment(C, max_cost=max_cost).to_coo()
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)  # same links, same order, same costs bit for bit


def test_coordinates_ties_unreachable_zero_supply_by_hand():
    # Point 0 is 5 from site 0 (3-4-5) and 10 from site 1; point 1 is out of reach of both.
    xy = np.array([[0.0, 0.0], [100.0, 100.0]])
    sxy = np.array([[3.0, 4.0], [6.0, 8.0]])
    P, S = np.array([10.0, 7.0]), np.array([20.0, 0.0])
    xyc = cv.coordinates(xy, sxy)
    # max_cost 5: the link of cost exactly 5 counts, R_0 = 20 / 10 = 2, A_0 = 2, A_1 = 0.
    np.testing.assert_array_equal(cv.two_step_fca(P, S, xyc, max_cost=5.0), [2.0, 0.0])
    got = cv.two_step_fca(P, S, xyc, max_cost=5.0, unreachable="nan")
    assert got[0] == 2.0 and np.isnan(got[1])
    # just below 5: no link at all
    np.testing.assert_array_equal(cv.two_step_fca(P, S, xyc, max_cost=np.nextafter(5.0, 0)), [0.0, 0.0])
    # zero demand everywhere: every ratio is 0, not inf
    np.testing.assert_array_equal(cv.two_step_fca(np.zeros(2), S, xyc, max_cost=10.0), [0.0, 0.0])
    # a distance that overflows is inf, no link, as inf in a dense matrix (even with max_cost inf)
    far = cv.coordinates(np.array([[0.0, 0.0]]), np.array([[0.0, 1.0], [1e300, -1e300]]))
    np.testing.assert_array_equal(cv.two_step_fca(np.ones(1), np.array([3.0, 5.0]), far, max_cost=np.inf), [3.0])
    # scale 2: cost 10 and 20; a step decay right-closed at 10
    np.testing.assert_array_equal(cv.two_step_fca(P, S, cv.coordinates(xy, sxy, scale=2.0), max_cost=20.0,
                                                  decay=D.step({10: 1.0, 20: 0.5})), [2.0, 0.0])


def test_coordinates_years_decays_and_threads():
    rng = np.random.default_rng(3)
    xy, sxy = rng.uniform(0, 50, (3000, 2)), rng.uniform(0, 50, (400, 2))
    P = rng.integers(0, 100, (3, 3000)).astype(float)
    S = rng.integers(0, 50, (3, 400)).astype(float)
    decays = [STEP[0], GAUSS[0]]
    xyc = cv.coordinates(xy, sxy, scale=1.5)
    one = cv.two_step_fca(P, S, xyc, max_cost=9.0, decay=decays, threads=1)
    two = cv.two_step_fca(P, S, xyc, max_cost=9.0, decay=decays, threads=2)
    np.testing.assert_array_equal(one, two)  # fixed blocks: the thread count changes nothing
    close(one, cv.two_step_fca(P, S, dense_from_xy(xy, sxy, 1.5), max_cost=9.0, decay=decays))


def test_dense_scan_sees_nan_and_negative_costs_in_simd_words():
    C = np.full((3, 150), 5.0)
    C[1, 70] = np.nan
    C[2, 130] = -1.0
    with pytest.raises(edplan.InputError) as e:
        cv.two_step_fca(np.ones(3), np.ones(150), C, max_cost=10.0)
    assert "cost[demand=1, supply=70]" in str(e.value) and "cost[demand=2, supply=130]" in str(e.value)


def test_step_decays_on_their_thresholds():
    c = np.array([0.0, 4.0, np.nextafter(4.0, 9), 8.0, 12.0, 12.5] * 50)
    np.testing.assert_array_equal(STEP[0](c), STEP[1](c))
    stepped = D.stepped([4.0, 8.0], [0.5, 0.0])
    np.testing.assert_array_equal(stepped(c), np.select([c < 4, c < 8], [1.0, 0.5], 0.0))


@pytest.mark.parametrize("demand_xy, supply_xy, scale, where", [
    (np.array([[0.0, np.nan]]), np.zeros((1, 2)), 1.0, "demand_xy[demand=0, axis=1]"),
    (np.zeros((1, 2)), np.array([[np.inf, 0.0]]), 1.0, "supply_xy[supply=0, axis=0]"),
    (np.zeros((1, 3)), np.zeros((1, 2)), 1.0, "demand_xy"),
    (np.zeros((1, 2)), np.zeros((1, 2)), 0.0, "scale"),
])
def test_bad_coordinates_name_the_field(demand_xy, supply_xy, scale, where):
    with pytest.raises(edplan.InputError) as e:
        cv.coordinates(demand_xy, supply_xy, scale=scale)
    assert where in str(e.value)
