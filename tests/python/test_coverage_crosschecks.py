# SPDX-License-Identifier: MIT
"""edplan.coverage against the established packages on their own examples and random ones:
PySAL ``access`` (2SFCA, E2SFCA, 3SFCA, weighted catchment), R ``accessibility``'s spatial
availability example, and PySAL ``spopt``'s San Francisco siting case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edplan import coverage as cv

access = pytest.importorskip("access")
# access uses pandas idioms that newer pandas deprecates; its warnings are not ours.
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword", "ignore::FutureWarning")
from access import Access, weights  # noqa: E402

RTOL = 1e-9

# PySAL access's hospital example (access/tests/test_hospital_example.py): three tracts,
# each with population and doctors, and four travel scenarios. Reconstructed from that file.
TRACTS = pd.DataFrame({"geoid": [1, 2, 3], "pop": [100, 50, 10], "doc": [15, 20, 100]})
SELF = [(1, 1, 1), (2, 2, 1), (3, 3, 1)]
SCENARIOS = [
    SELF + [(1, 3, 40), (2, 3, 40), (3, 1, 40), (3, 2, 40), (1, 2, 80), (2, 1, 80)],  # gridlock
    SELF + [(1, 3, 20), (2, 3, 20), (3, 1, 40), (3, 2, 40), (1, 2, 80), (2, 1, 80)],  # faster inbound
    SELF + [(1, 3, 40), (2, 3, 40), (3, 1, 20), (3, 2, 20), (1, 2, 80), (2, 1, 80)],  # faster outbound
    SELF + [(1, 3, 20), (2, 3, 20), (3, 1, 20), (3, 2, 20), (1, 2, 40), (2, 1, 40)],  # symmetric, faster
]


def access_measure(method, demand_df, supply_df, cost_df, **kw):
    a = Access(demand_df=demand_df, demand_index="geoid", demand_value="pop", supply_df=supply_df,
               supply_index="geoid", supply_value="doc", cost_df=cost_df, cost_origin="origin",
               cost_dest="dest", cost_name="cost")
    out = getattr(a, method)(name="x", **kw)
    return out["x_doc"].reindex(demand_df["geoid"]).to_numpy(dtype=float)


def dense(cost_df, origins, dests):
    return (cost_df.pivot_table(index="origin", columns="dest", values="cost")
            .reindex(index=origins, columns=dests).fillna(np.inf).to_numpy())


@pytest.mark.parametrize("scenario", range(4))
def test_access_hospital_example(scenario):
    costs = pd.DataFrame(SCENARIOS[scenario], columns=["origin", "dest", "cost"])
    C = dense(costs, [1, 2, 3], [1, 2, 3])
    P, S = TRACTS["pop"].to_numpy(float), TRACTS["doc"].to_numpy(float)
    g = cv.Decay.gravity(1, -1)
    for method, ours in (("two_stage_fca", cv.two_step_fca), ("three_stage_fca", cv.three_step_fca)):
        theirs = access_measure(method, TRACTS, TRACTS, costs.copy(), weight_fn=weights.gravity(1, -1), max_cost=61)
        np.testing.assert_allclose(ours(P, S, C, max_cost=61, decay=g), theirs, rtol=RTOL)
    # By hand, scenario 0, tract 3: it reaches itself (cost 1) and tracts 1 and 2 (cost 40);
    # tract 1's doctors serve 100/1 + 10/40 people, tract 2's 50/1 + 10/40, and tract 3's
    # 10/1 + 100/40 + 50/40 (tracts 1 and 2 reach 3 at cost 40; cost 80 is beyond 61).
    if scenario == 0:
        a3 = 15 / (100 + 10 / 40) / 40 + 20 / (50 + 10 / 40) / 40 + 100 / (10 + 100 / 40 + 50 / 40)
        assert cv.two_step_fca(P, S, C, max_cost=61, decay=g)[2] == pytest.approx(a3, rel=1e-12)


def random_case(seed, n=40, m=12):
    rng = np.random.default_rng(seed)
    origins = [f"d{i}" for i in range(n)]
    dests = [f"s{j}" for j in range(m)]
    rows = [(o, d, float(rng.uniform(0, 50))) for o in origins for d in dests if rng.random() < 0.7]
    cost_df = pd.DataFrame(rows, columns=["origin", "dest", "cost"])
    demand_df = pd.DataFrame({"geoid": origins, "pop": rng.integers(0, 5000, n).astype(float)})
    supply_df = pd.DataFrame({"geoid": dests, "doc": rng.integers(1, 300, m).astype(float)})
    return cost_df, demand_df, supply_df, dense(cost_df, origins, dests)


@pytest.mark.parametrize("seed", range(5))
def test_access_random_instances(seed):
    cost_df, demand_df, supply_df, C = random_case(seed)
    P, S = demand_df["pop"].to_numpy(), supply_df["doc"].to_numpy()
    step = {10: 1, 20: 0.68, 30: 0.22}
    cases = [
        ("two_stage_fca", cv.two_step_fca, dict(max_cost=30), None),
        ("two_stage_fca", cv.two_step_fca, dict(max_cost=40, weight_fn=weights.gaussian(15)), cv.Decay.gaussian(15)),
        ("enhanced_two_stage_fca", cv.two_step_fca, dict(max_cost=30), cv.Decay.step(step)),
        ("three_stage_fca", cv.three_step_fca, dict(max_cost=30, weight_fn=weights.gaussian(20)), cv.Decay.gaussian(20)),
        ("three_stage_fca", cv.three_step_fca, dict(max_cost=35, weight_fn=weights.step_fn(step)), cv.Decay.step(step)),
    ]
    for method, ours, kw, decay in cases:
        theirs = access_measure(method, demand_df, supply_df, cost_df.copy(), **kw)
        mine = ours(P, S, C, max_cost=kw["max_cost"], decay=decay)
        reached = ~np.isnan(theirs)  # access leaves points with no link in range out (NaN); ours are 0
        np.testing.assert_allclose(mine[reached], theirs[reached], rtol=RTOL, err_msg=method)
        assert np.all(mine[~reached] == 0)
    # Weighted catchment: access sums supply by demand point (its columns are flipped).
    a = Access(demand_df=demand_df, demand_index="geoid", demand_value="pop", supply_df=supply_df,
               supply_index="geoid", supply_value="doc", cost_df=cost_df, cost_origin="origin",
               cost_dest="dest", cost_name="cost")
    theirs = a.weighted_catchment(name="wc", weight_fn=weights.gaussian(20), max_cost=30)["wc_doc"]
    theirs = theirs.reindex(demand_df["geoid"]).to_numpy(dtype=float)
    mine = cv.weighted_catchment(P, S, C, max_cost=30, decay=cv.Decay.gaussian(20))
    reached = ~np.isnan(theirs)
    np.testing.assert_allclose(mine[reached], theirs[reached], rtol=RTOL)


def test_r_accessibility_spatial_availability_example():
    """The example of R accessibility's `spatial_availability()` help page (ipeaGIT/accessibility,
    R/spatial_availability.R, after Soukhov et al. 2023): origins A, B, C with 50,000,
    150,000 and 10,000 people; destinations 1, 2, 3 with 100,000, 100,000 and 10,000 jobs;
    travel times 15/30/100 minutes; decay_exponential(decay_value = 0.1). Its published
    result is 66,833 / 133,203 / 9,963 jobs (rounded)."""
    T = np.array([[15, 30, 100], [30, 15, 100], [100, 100, 15]], dtype=float)
    P = np.array([50_000, 150_000, 10_000], dtype=float)
    O = np.array([100_000, 100_000, 10_000], dtype=float)
    sa = cv.spatial_availability(P, O, T, max_cost=np.inf, decay=cv.Decay.exponential(0.1))
    np.testing.assert_array_equal(np.round(sa), [66_833, 133_203, 9_963])
    assert sa.sum() == pytest.approx(O.sum(), rel=1e-12)  # every job handed out once
    # The same through a sparse matrix and a prebuilt catchment.
    sp = pytest.importorskip("scipy.sparse")
    np.testing.assert_allclose(cv.spatial_availability(P, O, sp.csr_array(T), max_cost=np.inf,
                                                       decay=cv.Decay.exponential(0.1)), sa, rtol=1e-14)


def sf_case(shared_data):
    folder = shared_data / "spopt_sf"
    dist = pd.read_csv(folder / "SF_network_distance_candidateStore_16_censusTract_205_new.csv",
                       dtype={"DestinationName": str})
    demand = pd.read_csv(folder / "SF_demand_205_centroid_uniform_weight.csv", dtype={"NAME": str})
    # As spopt's tests pivot it: rows DestinationName (tract NAME, sorted), columns store name
    # (sorted as strings); weights POP2000 sorted by NAME.
    matrix = dist.pivot_table(index="DestinationName", columns="name", values="distance")
    demand = demand.sort_values("NAME")
    assert list(matrix.index) == list(demand["NAME"])
    return matrix.to_numpy(), demand["POP2000"].to_numpy(float)


@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_spopt_san_francisco(shared_data, method):
    C, P = sf_case(shared_data)
    assert C.shape == (205, 16)
    med = cv.p_median(P, C, p=4, method=method)
    assert med.mean_cost == pytest.approx(2982.1268579890657, rel=1e-12)
    cover = cv.mclp(P, C, max_cost=5000, p=4, method=method)
    covered_points = (C[:, cover.sites] <= 5000).any(axis=1)
    assert 100 * covered_points.mean() == pytest.approx(89.75609756097561, rel=1e-12)
    assert int((~covered_points).sum()) == 21
    assert cover.objective == pytest.approx(P[covered_points].sum())
    # Every fixed site stays: keep the two p-median sites and choose two more.
    kept = cv.p_median(P, C, p=4, fixed=med.sites[:2], method=method)
    assert set(med.sites[:2]) <= set(kept.sites) and kept.mean_cost == pytest.approx(med.mean_cost)
