# SPDX-License-Identifier: MIT
"""PySAL ``access``'s FCA ratio, normalised outputs, composite score and NaN for points out of
reach: hand-computed cases, and the ``access`` package itself on random instances (skipped,
saying why, where it is not installed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan import coverage as cv


def test_fca_ratio_hand_computed():
    # Two demand points 0 and 1 apart; one site at cost 0.5 from point 0 and 2 from point 1.
    # Within 1: point 0 reaches 10 places and 3 + 5 people; point 1 reaches no site and 8 people.
    cost = np.array([[0.5], [2.0]])
    between = np.array([[0.0, 1.0], [1.0, 0.0]])
    out = cv.fca_ratio([3.0, 5.0], [10.0], cost, demand_cost=between, max_cost=1)
    np.testing.assert_allclose(out, [10 / 8, 0.0], rtol=1e-15)
    # With a linear decay w = 1 - c/2: supply 10·0.75; demand 3·1 + 5·0.5.
    out = cv.fca_ratio([3.0, 5.0], [10.0], cost, demand_cost=between, max_cost=1, decay=cv.Decay.linear(2))
    assert out[0] == pytest.approx(7.5 / 5.5, rel=1e-15)
    # Nobody within reach of a point: 0, or NaN as PySAL access.
    alone = np.array([[0.0, np.inf], [np.inf, np.inf]])
    np.testing.assert_array_equal(cv.fca_ratio([3.0, 5.0], [10.0], cost, demand_cost=alone, max_cost=1), [10 / 3, 0])
    out = cv.fca_ratio([3.0, 5.0], [10.0], cost, demand_cost=alone, max_cost=1, unreachable="nan")
    assert out[0] == pytest.approx(10 / 3) and np.isnan(out[1])
    with pytest.raises(edplan.InputError, match=r"demand_cost: got shape \(2, 1\); expected \(2, 2\)"):
        cv.fca_ratio([3.0, 5.0], [10.0], cost, demand_cost=cost, max_cost=1)


def test_normalized_access_and_score_hand_computed():
    # Weighted mean of (1, 3) with people (3, 1) is 6/4 = 1.5.
    np.testing.assert_allclose(cv.normalized_access([1.0, 3.0], [3.0, 1.0]), [2 / 3, 2.0], rtol=1e-15)
    # A NaN point adds nothing to the numerator but its people count in the denominator.
    out = cv.normalized_access([2.0, np.nan], [1.0, 1.0])
    assert out[0] == 2.0 and np.isnan(out[1])
    # Score: 0.8 · normalised(a) + 0.2 · normalised(b), b's weighted mean 2.
    score = cv.access_score({"a": [1.0, 3.0], "b": [2.0, 2.0]}, {"a": 0.8, "b": 0.2}, [3.0, 1.0])
    np.testing.assert_allclose(score, [0.8 * 2 / 3 + 0.2, 0.8 * 2 + 0.2], rtol=1e-15)
    with pytest.raises(edplan.InputError, match=r"weights\['c'\]: no such component"):
        cv.access_score({"a": [1.0]}, {"c": 1.0}, [1.0])
    with pytest.raises(edplan.InputError, match="population-weighted mean access is 0"):
        cv.normalized_access([0.0, 0.0], [1.0, 1.0])


def test_unreachable_nan_option():
    # Point 1 has no link within 10: 0 by default, NaN on request, for every FCA measure.
    cost = np.array([[5.0, np.inf], [20.0, np.inf]])
    for measure in (cv.two_step_fca, cv.three_step_fca, cv.weighted_catchment, cv.bfca, cv.spatial_availability):
        zero = measure([1.0, 1.0], [4.0, 2.0], cost, max_cost=10)
        nan = measure([1.0, 1.0], [4.0, 2.0], cost, max_cost=10, unreachable="nan")
        assert zero[1] == 0 and np.isnan(nan[1]) and nan[0] == zero[0] == 4.0
    many = cv.two_step_fca(np.ones((3, 2)), [4.0, 2.0], cv.catchment(cost, max_cost=30), max_cost=10, unreachable="nan")
    assert many.shape == (3, 2) and np.isnan(many[:, 1]).all()
    with pytest.raises(edplan.InputError, match="unreachable: got 'none'"):
        cv.two_step_fca([1.0, 1.0], [4.0, 2.0], cost, max_cost=10, unreachable="none")


def test_raam_hand_computed():
    # One site: everyone goes there; rho = people per place makes its congestion exactly 1, so
    # RAAM = 1 + c/tau.
    out = cv.raam([30.0, 10.0], [8.0], np.array([[6.0], [12.0]]), tau=60)
    np.testing.assert_allclose(out, [1 + 0.1, 1 + 0.2], rtol=1e-15)
    # A point with no people, or no link to a site with places, is NaN; a site without places is
    # ignored. The unlinked point's 5 people still count in rho (35 people for 8 places), as in
    # access, so the 30 at the site see a load of 30 / (8 · 35/8).
    out = cv.raam([30.0, 0.0, 5.0], [8.0, 0.0], np.array([[6.0, 1.0], [1.0, 1.0], [np.inf, 2.0]]), tau=60)
    assert out[0] == pytest.approx(30 / 35 + 0.1, rel=1e-15) and np.isnan(out[1:]).all()
    with pytest.raises(edplan.InputError, match="tau: got 0"):
        cv.raam([1.0], [1.0], np.array([[1.0]]), tau=0)
    with pytest.raises(edplan.InputError, match="supply: every site has 0 places"):
        cv.raam([1.0], [0.0], np.array([[1.0]]))


access = pytest.importorskip("access", reason="PySAL access is not installed (pip install access)")
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword", "ignore::FutureWarning",
                                        "ignore:some tracts may be unaccounted")
from access import Access, weights  # noqa: E402
from access.fca import fca_ratio as access_fca_ratio  # noqa: E402


def _case(seed, n=30, m=8):
    rng = np.random.default_rng(seed)
    demand_ids = [f"d{i}" for i in range(n)]
    site_ids = [f"s{j}" for j in range(m)]
    pts, sites = rng.uniform(0, 60, (n, 2)), rng.uniform(0, 60, (m, 2))
    C = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    DD = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    demand_df = pd.DataFrame({"geoid": demand_ids, "pop": rng.integers(0, 3000, n).astype(float)})
    supply_df = pd.DataFrame({"geoid": site_ids, "doc": rng.integers(1, 50, m).astype(float),
                              "dentist": rng.integers(1, 20, m).astype(float)})
    cost_df = pd.DataFrame([(demand_ids[i], site_ids[j], C[i, j]) for i in range(n) for j in range(m)],
                           columns=["origin", "dest", "cost"])
    dd_df = pd.DataFrame([(demand_ids[i], demand_ids[k], DD[i, k]) for i in range(n) for k in range(n)],
                         columns=["origin", "dest", "cost"])
    return demand_df, supply_df, cost_df, dd_df, C, DD


@pytest.mark.parametrize("seed", range(4))
def test_against_pysal_access(seed):
    demand_df, supply_df, cost_df, dd_df, C, DD = _case(seed)
    P = demand_df["pop"].to_numpy()
    S = supply_df["doc"].to_numpy()
    # fca_ratio: supply located at sites, costs from demand points to sites (access takes the
    # supply cost table with origin = demand point), demand costs between demand points.
    theirs = access_fca_ratio(demand_df, supply_df.set_index("geoid"), dd_df, cost_df, max_cost=20,
                              demand_index="geoid", demand_name="pop", supply_index=True, supply_name="doc")
    theirs = theirs.reindex(demand_df["geoid"]).to_numpy(dtype=float)
    mine = cv.fca_ratio(P, S, C, demand_cost=DD, max_cost=20, unreachable="nan")
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)
    g = weights.gaussian(15)
    theirs = access_fca_ratio(demand_df, supply_df.set_index("geoid"), dd_df, cost_df, max_cost=25, weight_fn=g,
                              demand_index="geoid", demand_name="pop", supply_index=True, supply_name="doc")
    mine = cv.fca_ratio(P, S, C, demand_cost=DD, max_cost=25, decay=cv.Decay.gaussian(15))
    np.testing.assert_allclose(mine, theirs.reindex(demand_df["geoid"]).to_numpy(dtype=float), rtol=1e-12)
    # Normalised 2SFCA for two kinds of supply, NaN where nothing is within 12, and the score.
    a = Access(demand_df=demand_df, demand_index="geoid", demand_value="pop", supply_df=supply_df,
               supply_index="geoid", supply_value=["doc", "dentist"], cost_df=cost_df, cost_origin="origin",
               cost_dest="dest", cost_name="cost")
    raw = a.two_stage_fca(name="x", max_cost=12)
    raw = raw.reindex(demand_df["geoid"])
    for kind in ("doc", "dentist"):
        mine = cv.two_step_fca(P, supply_df[kind].to_numpy(), C, max_cost=12, unreachable="nan")
        np.testing.assert_allclose(mine, raw[f"x_{kind}"].to_numpy(dtype=float), rtol=1e-12)
    normed = a.two_stage_fca(name="x", max_cost=12, normalize=True).reindex(demand_df["geoid"])
    comps = {k: cv.two_step_fca(P, supply_df[k].to_numpy(), C, max_cost=12, unreachable="nan")
             for k in ("doc", "dentist")}
    assert np.isnan(comps["doc"]).any()  # some points have no site within 12: NaN in both
    for kind in ("doc", "dentist"):
        np.testing.assert_allclose(cv.normalized_access(comps[kind], P), normed[f"x_{kind}"].to_numpy(dtype=float),
                                   rtol=1e-12)
    b = Access(demand_df=demand_df, demand_index="geoid", demand_value="pop", supply_df=supply_df,
               supply_index="geoid", supply_value=["doc", "dentist"], cost_df=cost_df, cost_origin="origin",
               cost_dest="dest", cost_name="cost")
    b.two_stage_fca(name="x", max_cost=12)
    theirs = b.score(name="s", col_dict={"x_doc": 0.8, "x_dentist": 0.2}).reindex(demand_df["geoid"])
    mine = cv.access_score(comps, {"doc": 0.8, "dentist": 0.2}, P)
    np.testing.assert_allclose(mine, theirs.to_numpy(dtype=float), rtol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_raam_against_pysal_access(seed):
    from access.raam import raam as access_raam

    rng = np.random.default_rng(seed)
    n, m = 25, 6
    pts, sites = rng.uniform(0, 60, (n, 2)), rng.uniform(0, 60, (m, 2))
    C = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    P = rng.integers(0, 3000, n).astype(float)
    P[rng.random(n) < 0.1] = 0  # left out by access, NaN here
    S = rng.integers(1, 50, m).astype(float)
    if seed % 2:
        S[0] = 0  # a site without places is ignored
    drop = rng.random((n, m)) < 0.2  # pairs that are not links
    cost_df = pd.DataFrame([(f"d{i}", f"s{j}", C[i, j]) for i in range(n) for j in range(m) if not drop[i, j]],
                           columns=["origin", "dest", "cost"])
    demand_df = pd.DataFrame({"pop": P}, index=[f"d{i}" for i in range(n)])
    supply_df = pd.DataFrame({"doc": S}, index=[f"s{j}" for j in range(m)])
    step = 0.2 if seed < 4 else 40  # an int step caps moves in people
    theirs = access_raam(demand_df, supply_df, cost_df, demand_name="pop", supply_name="doc", tau=30,
                         initial_step=step).reindex(demand_df.index).to_numpy(dtype=float)
    mine = cv.raam(P, S, np.where(drop, np.inf, C), tau=30, initial_step=step)
    np.testing.assert_array_equal(np.isnan(mine), np.isnan(theirs))
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)
    assert np.isnan(mine).sum() == (P == 0).sum()
