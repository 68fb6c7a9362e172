# SPDX-License-Identifier: MIT
"""Exact siting models solved with HiGHS (``highspy``): the yardstick for the heuristics.

Each model is built as one sparse MILP over the links of the catchment (never a dense n × m
block beyond them) and solved to a relative gap of 0:

- MCLP: max Σ_i P_i z_i  s.t.  z_i ≤ Σ_{j: c_ij ≤ S} y_j,  Σ_j y_j = p,  y binary, 0 ≤ z ≤ 1;
- p-median: min Σ P_i c_ij x_ij  s.t.  Σ_j x_ij = 1,  x_ij ≤ y_j,  Σ_j y_j = p;
- LSCP: min Σ_j y_j  s.t.  Σ_{j: c_ij ≤ S} y_j ≥ 1 for every coverable i;
- LSCP-B (spopt's LSCPB): with k the LSCP optimum, max Σ_i u_i  s.t.  Σ_{j: c_ij ≤ S} y_j ≥ 1 + u_i,
  Σ_j y_j = k, 0 ≤ u ≤ 1 (u is integral at any optimum: the left side is);
- p-center: the smallest link cost r such that the LSCP of the links within r needs at most
  p sites, by bisection over the distinct costs (each step an exact LSCP); the same optimum
  as spopt's min W  s.t.  Σ_j c_ij x_ij ≤ W, with far smaller models;
- capacitated MCLP and p-median (x_ij persons on links, splittable; capacities S_j):
  min Σ w_ij x_ij  s.t.  Σ_j x_ij ≤ d_i,  x_ij ≤ d_i y_j,  Σ_i x_ij ≤ S_j y_j,  Σ_j y_j = p,
  with w_ij = -1 (MCLP, links within the catchment) or c_ij - M (p-median, M the penalty per
  unassigned person of :mod:`edplan.coverage.capacitated`).

Fixed sites get y_j = 1.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..errors import InputError

__all__ = ["solve_capacitated", "solve_lscp", "solve_lscp_b", "solve_mclp", "solve_p_center", "solve_p_median"]


def _solve(
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    integer: np.ndarray,
    rows: tuple[np.ndarray, np.ndarray, np.ndarray],
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    maximize: bool,
    time_limit: Optional[float],
) -> tuple[np.ndarray, float]:
    try:
        import highspy
    except ImportError as error:  # an optional dependency: pip install edplan[exact]
        raise ImportError("method='exact' solves with HiGHS: pip install highspy (or edplan[exact])") from error
    import scipy.sparse as sp

    r, c, v = rows
    A = sp.csr_array((v, (r, c)), shape=(len(row_lower), len(cost)))
    A.sum_duplicates()
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.asarray(upper, dtype=float)
    lp.row_lower_ = np.asarray(row_lower, dtype=float)
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    lp.a_matrix_.num_col_ = len(cost)
    lp.a_matrix_.num_row_ = len(row_lower)
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    lp.integrality_ = [highspy.HighsVarType.kInteger if b else highspy.HighsVarType.kContinuous for b in integer]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("threads", 1)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.passModel(lp)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    if status != "Optimal":
        raise RuntimeError(f"HiGHS stopped with status {status!r}")
    return np.asarray(h.getSolution().col_value), float(h.getInfo().objective_function_value)


def _y_bounds(m: int, fixed: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    lower = np.zeros(m)
    lower[list(fixed)] = 1.0
    return lower, np.ones(m)


def _chosen(y: np.ndarray) -> np.ndarray:
    return np.flatnonzero(y > 0.5).astype(np.int64)


def solve_mclp(
    rows: np.ndarray, cols: np.ndarray, demand: np.ndarray, m: int, p: int, fixed: Sequence[int],
    time_limit: Optional[float] = None,
) -> np.ndarray:
    """Optimal MCLP sites for the links (rows[k] covered by cols[k]); returns chosen columns."""
    n = len(demand)
    covered = np.zeros(n, bool)
    covered[rows] = True
    targets = np.flatnonzero(covered & (demand > 0))  # only demand that some site can cover
    z_of = np.full(n, -1)
    z_of[targets] = m + np.arange(len(targets))
    keep = z_of[rows] >= 0
    t_rows = np.searchsorted(targets, rows[keep])
    nz = len(targets)
    r = np.concatenate([np.arange(nz), t_rows, np.full(m, nz)])
    c = np.concatenate([m + np.arange(nz), cols[keep], np.arange(m)])
    v = np.concatenate([np.ones(nz), -np.ones(int(keep.sum())), np.ones(m)])
    lo, up = _y_bounds(m, fixed)
    y, _ = _solve(
        np.concatenate([np.zeros(m), demand[targets]]),
        np.concatenate([lo, np.zeros(nz)]),
        np.concatenate([up, np.ones(nz)]),
        np.concatenate([np.ones(m, bool), np.zeros(nz, bool)]),
        (r, c, v),
        np.concatenate([np.full(nz, -np.inf), [p]]),
        np.concatenate([np.zeros(nz), [p]]),
        maximize=True,
        time_limit=time_limit,
    )
    return _chosen(y[:m])


def solve_p_median(
    rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, demand: np.ndarray, m: int, p: int, fixed: Sequence[int],
    time_limit: Optional[float] = None,
) -> np.ndarray:
    """Optimal p-median sites over the links (every demand point > 0 must be assigned)."""
    keep = demand[rows] > 0
    rows, cols, costs = rows[keep], cols[keep], costs[keep]
    served = np.unique(rows)
    if len(served) < int(np.count_nonzero(demand > 0)):
        raise InputError("some demand point with demand > 0 has no finite cost to any candidate; no assignment exists", "cost")
    L = len(rows)
    row_of = np.searchsorted(served, rows)
    ns = len(served)
    # columns: y (m), then x (L); rows: assignment (ns), x <= y (L), Σ y = p (1)
    r = np.concatenate([row_of, ns + np.arange(L), ns + np.arange(L), np.full(m, ns + L)])
    c = np.concatenate([m + np.arange(L), m + np.arange(L), cols, np.arange(m)])
    v = np.concatenate([np.ones(L), np.ones(L), -np.ones(L), np.ones(m)])
    lo, up = _y_bounds(m, fixed)
    y, _ = _solve(
        np.concatenate([np.zeros(m), demand[rows] * costs]),
        np.concatenate([lo, np.zeros(L)]),
        np.concatenate([up, np.ones(L)]),
        np.concatenate([np.ones(m, bool), np.zeros(L, bool)]),
        (r, c, v),
        np.concatenate([np.ones(ns), np.full(L, -np.inf), [p]]),
        np.concatenate([np.ones(ns), np.zeros(L), [p]]),
        maximize=False,
        time_limit=time_limit,
    )
    return _chosen(y[:m])


def solve_lscp(
    rows: np.ndarray, cols: np.ndarray, n: int, m: int, fixed: Sequence[int], time_limit: Optional[float] = None
) -> np.ndarray:
    """Fewest sites covering every demand point that some candidate reaches."""
    coverable = np.unique(rows)
    r = np.searchsorted(coverable, rows)
    lo, up = _y_bounds(m, fixed)
    y, _ = _solve(
        np.ones(m),
        lo,
        up,
        np.ones(m, bool),
        (r, cols, np.ones(len(rows))),
        np.ones(len(coverable)),
        np.full(len(coverable), np.inf),
        maximize=False,
        time_limit=time_limit,
    )
    return _chosen(y)


def solve_lscp_b(
    rows: np.ndarray, cols: np.ndarray, n: int, m: int, fixed: Sequence[int], time_limit: Optional[float] = None
) -> tuple[np.ndarray, int]:
    """LSCP-B over links reaching every demand point: (chosen columns, points covered twice)."""
    k = len(solve_lscp(rows, cols, n, m, fixed, time_limit))
    lo, up = _y_bounds(m, fixed)
    # columns: y (m), then u (n); rows: Σ_j a_ij y_j - u_i >= 1 (n), Σ y = k (1)
    r = np.concatenate([rows, np.arange(n), np.full(m, n)])
    c = np.concatenate([cols, m + np.arange(n), np.arange(m)])
    v = np.concatenate([np.ones(len(rows)), -np.ones(n), np.ones(m)])
    x, objective = _solve(
        np.concatenate([np.zeros(m), np.ones(n)]),
        np.concatenate([lo, np.zeros(n)]),
        np.concatenate([up, np.ones(n)]),
        np.concatenate([np.ones(m, bool), np.zeros(n, bool)]),
        (r, c, v),
        np.concatenate([np.ones(n), [k]]),
        np.concatenate([np.full(n, np.inf), [k]]),
        maximize=True,
        time_limit=time_limit,
    )
    return _chosen(x[:m]), int(round(objective))


def solve_p_center(
    rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, n: int, m: int, p: int, fixed: Sequence[int],
    time_limit: Optional[float] = None,
) -> tuple[np.ndarray, float]:
    """Optimal p-center over links reaching every demand point: (chosen columns, fewer than p
    when fewer suffice, and the optimal radius). Raises InputError when p sites cannot reach
    every demand point."""
    nearest = np.full(n, np.inf)
    np.minimum.at(nearest, rows, costs)
    radii = np.unique(costs[costs >= nearest.max(initial=0.0)])

    def cover(r: float) -> np.ndarray:
        keep = costs <= r
        return solve_lscp(rows[keep], cols[keep], n, m, fixed, time_limit)

    best = cover(radii[-1])
    if len(best) > p:
        raise InputError(f"got {p}; every demand point within reach needs at least {len(best)} sites", "p")
    lo, hi = 0, len(radii) - 1  # radii[hi] is covered by p sites
    while lo < hi:
        mid = (lo + hi) // 2
        sites = cover(radii[mid])
        if len(sites) <= p:
            best, hi = sites, mid
        else:
            lo = mid + 1
    return best, float(radii[hi])


def solve_capacitated(
    rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
    p: Optional[int], fixed: Sequence[int], time_limit: Optional[float] = None, *, single_source: bool = False,
    fill: Sequence[int] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal capacitated sites (module docstring) over links with z_ij, the share of point i's
    demand at site j: min Σ weight·d_i·z for ``p`` sites, or with ``p`` None the capacitated
    LSCP (spopt's CLSCP-SO): min Σ y with Σ_j z_ij = 1 for every point with demand.
    ``single_source``: z binary (each point wholly at one site); ``fill``: those sites' loads
    equal their capacity. Returns (chosen columns, z per link, 0 for links from zero demand)."""
    m = len(capacity)
    keep = demand[rows] > 0
    z_all = np.zeros(len(rows))
    rows, cols, weight = rows[keep], cols[keep], weight[keep]
    served = np.unique(rows)
    nd, L = len(served), len(rows)
    d = demand[rows]
    counted = p is not None
    # columns: y (m), then z (L); rows: demand (nd), z <= y (L), capacity (m)[, Σ y = p]
    link = nd + np.arange(L)
    r = [np.searchsorted(served, rows), link, link, nd + L + cols, nd + L + np.arange(m)]
    c = [m + np.arange(L), m + np.arange(L), cols, m + np.arange(L), np.arange(m)]
    v = [np.ones(L), np.ones(L), -np.ones(L), d, -np.asarray(capacity, float)]
    if counted:
        r.append(np.full(m, nd + L + m))
        c.append(np.arange(m))
        v.append(np.ones(m))
    cap_lower = np.full(m, -np.inf)
    cap_lower[list(fill)] = 0.0  # Σ_i d_i z_ij - S_j y_j = 0: filled (y_j = 1 for fixed sites)
    lo, up = _y_bounds(m, fixed)
    x, _ = _solve(
        np.concatenate([np.ones(m), np.zeros(L)]) if not counted else np.concatenate([np.zeros(m), weight * d]),
        np.concatenate([lo, np.zeros(L)]),
        np.concatenate([up, np.ones(L)]),
        np.concatenate([np.ones(m, bool), np.full(L, bool(single_source))]),
        (np.concatenate(r), np.concatenate(c), np.concatenate(v)),
        np.concatenate([np.ones(nd) if not counted else np.full(nd, -np.inf), np.full(L, -np.inf), cap_lower]
                       + ([[p]] if counted else [])),
        np.concatenate([np.ones(nd), np.zeros(L + m)] + ([[p]] if counted else [])),
        maximize=False,
        time_limit=time_limit,
    )
    z = np.clip(x[m:], 0.0, 1.0)
    if single_source:
        z = np.round(z)
    z_all[keep] = z
    return _chosen(x[:m]), z_all
