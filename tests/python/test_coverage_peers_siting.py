# SPDX-License-Identifier: MIT
"""p-center and LSCP-B against spopt's PCenter and LSCPB (their docstring case, San
Francisco, random instances) and brute force; points out of reach and p < 1 refused."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import edplan
from edplan import coverage as cv

pytest.importorskip("highspy")


def brute_p_center(C, p, fixed=()):
    others = [j for j in range(C.shape[1]) if j not in fixed]
    return min(C[:, list(fixed) + list(s)].min(axis=1).max() for s in itertools.combinations(others, p - len(fixed)))


def brute_lscp_b(C, S, fixed=()):
    """(fewest sites covering everything, most points covered twice with that many)."""
    A = C <= S
    m = C.shape[1]
    others = [j for j in range(m) if j not in fixed]
    for k in range(len(fixed), m + 1):
        best = -1
        for s in itertools.combinations(others, k - len(fixed)):
            count = A[:, list(fixed) + list(s)].sum(axis=1)
            if count.min() >= 1:
                best = max(best, int((count >= 2).sum()))
        if best >= 0:
            return k, best
    raise AssertionError("no cover")


def random_costs(seed, n=30, m=8):
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(0, 100, (n, 2)), rng.uniform(0, 100, (m, 2))
    return np.round(np.hypot(*(a[:, None, :] - b[None, :, :]).transpose(2, 0, 1)), 3)


def test_hand_computed_line():
    # Points at 0, 1, 5, 6 and 10; candidates at 0.5, 5.5 and 9. One site: 5.5 is worst-off
    # at 0 (5.5); two sites: {0.5, 5.5} leaves 10 at 4.5, {0.5, 9} leaves 5 and 6 at 4 and 3,
    # {5.5, 9} leaves 0 at 5.5: the optimum is 4.
    x, y = np.array([0, 1, 5, 6, 10.0]), np.array([0.5, 5.5, 9.0])
    C = np.abs(x[:, None] - y[None, :])
    for method in ("heuristic", "exact"):
        one = cv.p_center(C, p=1, method=method)
        assert one.objective == 5.5 and list(one.sites) == [1]
        two = cv.p_center(C, p=2, method=method)
        assert two.objective == 4.0 and list(two.sites) == [0, 2]
        kept = cv.p_center(C, p=2, fixed=[1], method=method)
        assert kept.objective == 4.5 and list(kept.sites) == [0, 1]
        # Within 1.5: 0.5 covers {0, 1}, 5.5 covers {5, 6}, 9 covers {10}: all three, no backup.
        b = cv.lscp_b(C, max_cost=1.5, method=method)
        assert b.objective == 3 and b.backup == 0 and list(b.sites) == [0, 1, 2]
        # Within 4.5: only 0.5 reaches 0, so it is chosen (covering 0, 1, 5); one more site:
        # 5.5 (covering 1, 5, 6, 10) doubles 1 and 5, 9 (covering 5, 6, 10) only 5.
        wide = cv.lscp_b(C, max_cost=4.5, method=method)
        assert list(wide.sites) == [0, 1]
        assert wide.objective == 2 and wide.backup == 2


@pytest.mark.parametrize("seed", range(6))
def test_random_instances_against_brute_force(seed):
    C = random_costs(seed, 25, 7)
    S = float(np.quantile(C.min(axis=1), 1.0)) + 8.0
    k, backup = brute_lscp_b(C, S)
    fixed = [seed % 7]
    for method in ("heuristic", "exact"):
        for p in (1, 2, 3):
            r = cv.p_center(C, p=p, method=method)
            assert len(r.sites) == p
            assert r.objective == pytest.approx(C[:, r.sites].min(axis=1).max(), abs=0)
            if method == "exact":
                assert r.objective == brute_p_center(C, p)
            else:
                assert r.objective >= brute_p_center(C, p)
        f = cv.p_center(C, p=3, fixed=fixed, method=method)
        assert set(fixed) <= set(f.sites) and (method != "exact" or f.objective == brute_p_center(C, 3, fixed))
        b = cv.lscp_b(C, max_cost=S, method=method)
        count = (C[:, b.sites] <= S).sum(axis=1)
        assert count.min() >= 1 and b.backup == int((count >= 2).sum()) and b.objective == len(b.sites)
        if method == "exact":
            assert (b.objective, b.backup) == (k, backup)
        else:
            assert b.objective >= k and (b.objective > k or b.backup <= backup)


def spopt_solver():
    pulp = pytest.importorskip("pulp")
    pytest.importorskip("spopt")
    return pulp.PULP_CBC_CMD(msg=False)


def spopt_p_center(C, p):
    from spopt.locate import PCenter

    model = PCenter.from_cost_matrix(C, p_facilities=p).solve(spopt_solver())
    sites = [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]
    return sites, C[:, sites].min(axis=1).max()


def spopt_lscp_b(C, S):
    from spopt.locate import LSCPB

    model = LSCPB.from_cost_matrix(C, service_radius=S, solver=spopt_solver()).solve()
    sites = [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]
    return sites, model.lscp_obj_value, round(model.problem.objective.value())


@pytest.mark.parametrize("seed", range(4))
def test_spopt_random_instances(seed):
    C = random_costs(100 + seed, 40, 10)
    for p in (2, 4):
        _, theirs = spopt_p_center(C, p)
        assert cv.p_center(C, p=p, method="exact").objective == theirs
    S = float(C.min(axis=1).max()) + 10.0
    _, k, theirs = spopt_lscp_b(C, S)
    mine = cv.lscp_b(C, max_cost=S, method="exact")
    # spopt leaves u_i free (bounded by 1) for a point that fewer than two candidates reach,
    # so its objective also counts those points as covered twice; edplan counts real backups.
    lonely = int(((C <= S).sum(axis=1) < 2).sum())
    assert (mine.objective, mine.backup + lonely) == (k, theirs)
    assert mine.backup == int(((C[:, mine.sites] <= S).sum(axis=1) >= 2).sum())


def spopt_docstring_case():
    """The cost matrix of spopt's PCenter and LSCPB docstring examples: 100 clients and 5
    facilities simulated on spaghetti's 10 × 10 lattice (seeds 5 and 6), network distances."""
    spaghetti = pytest.importorskip("spaghetti")
    geopandas = pytest.importorskip("geopandas")
    from spopt.locate.util import simulated_geo_points

    lattice = spaghetti.regular_lattice((0, 0, 10, 10), 9, exterior=True)
    ntw = spaghetti.Network(in_data=lattice)
    streets = spaghetti.element_as_gdf(ntw, arcs=True)
    buffered = geopandas.GeoDataFrame(geopandas.GeoSeries(streets["geometry"].buffer(0.2).union_all()),
                                      crs=streets.crs, columns=["geometry"])
    ntw.snapobservations(simulated_geo_points(buffered, needed=100, seed=5), "clients", attribute=True)
    ntw.snapobservations(simulated_geo_points(buffered, needed=5, seed=6), "facilities", attribute=True)
    return ntw.allneighbordistances(sourcepattern=ntw.pointpatterns["clients"],
                                    destpattern=ntw.pointpatterns["facilities"])


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning")
def test_spopt_docstring_examples():
    spopt_solver()
    C = spopt_docstring_case()
    assert C.shape == (100, 5)
    # PCenter, p = 4: spopt's docstring shows facility 3 serving no client.
    sites, theirs = spopt_p_center(C, 4)
    assert sites == [0, 1, 2, 4]
    for method in ("heuristic", "exact"):
        r = cv.p_center(C, p=4, method=method)
        assert r.objective == theirs and list(r.sites) == sites
    # LSCPB within 8: spopt's docstring prints a backup percentage of 88.0 (facilities 1, 2, 3).
    # One client has a single facility within 8; spopt's objective counts it as backed up.
    sites, k, theirs = spopt_lscp_b(C, 8)
    assert (sites, k, theirs) == ([1, 2, 3], 3, 88)
    assert int(((C <= 8).sum(axis=1) < 2).sum()) == 1
    for method in ("heuristic", "exact"):
        r = cv.lscp_b(C, max_cost=8, method=method)
        assert (list(r.sites), r.objective, r.backup) == ([1, 2, 3], 3, 87)


@pytest.mark.parametrize("method", ["heuristic", "exact"])
def test_points_out_of_reach_and_p_below_one_are_refused(method):
    C = random_costs(3, 12, 4)
    C[[2, 7], :] = 500.0  # points 2 and 7 are 500 from every candidate
    for model in (cv.lscp, cv.lscp_b):
        with pytest.raises(edplan.InputError) as e:
            model(C, max_cost=200, method=method)
        assert [p.where for p in e.value.problems] == ["cost[2]", "cost[7]"]
        assert "reaches no candidate within max_cost 200" in e.value.problems[0].message
    sparse = np.where(C < 500, C, np.inf)
    with pytest.raises(edplan.InputError) as e:
        cv.p_center(sparse, p=2, method=method)
    assert [p.where for p in e.value.problems] == ["cost[2]", "cost[7]"]
    for p in (0, -1, 5):
        with pytest.raises(edplan.InputError, match="between 1"):
            cv.p_center(C, p=p, method=method)
    with pytest.raises(edplan.InputError, match="between 1"):
        cv.p_median(np.ones(12), C, p=0, method=method)
    with pytest.raises(edplan.InputError, match="between 1"):
        cv.mclp(np.ones(12), C, max_cost=200, p=0, method=method)
