# SPDX-License-Identifier: MIT
"""Capacitated siting (DESIGN §2.6, "with capacities"): MCLP and p-median where candidate j
takes at most S_j people and each demand point's population may be split between sites.

For a given set of open sites the best splittable assignment is a transportation LP over the
links (x_ij >= 0 persons from demand point i at site j):

    min Σ w_ij x_ij   s.t.   Σ_j x_ij <= d_i,   Σ_i x_ij <= S_j (0 when j is closed)

with w_ij = -1 for the MCLP (maximise people assigned within ``max_cost``) and
w_ij = c_ij - M for the p-median: M is a penalty per unassigned person,
M = (p + 1) · max c_ij + 1, more than any augmenting path can cost (such a path enters at most
p open sites), so for given sites as many people as capacity allows are assigned before cost
counts; the p-median minimises Σ c_ij x_ij + M · unassigned.

The heuristic is written in Python on HiGHS LPs (a C++ version is a follow-up): it starts
from the better of the uncapacitated C++ solution and a capacity-aware greedy (:func:`greedy`,
one LP per site), then applies best-improvement swaps (close one open,
non-fixed site, open one closed candidate) for at most :data:`SWAP_ROUNDS` rounds. One LP object
is kept and only the capacity rows' bounds change, so HiGHS warm-starts every evaluation from
the last basis. Swaps are pruned with the LP duals: with site j closed, a Lagrangian bound
(:meth:`Transport.opening_gains`) says how much opening candidate k could gain at most;
candidates are tried best bound first and the scan stops once the bound cannot beat the best
swap found, so each round finds its best swap exactly with few LPs.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

import numpy as np

from ..errors import InputError

__all__ = ["SWAP_ROUNDS", "Transport", "better_start", "capacity_problems", "check_capacity", "greedy",
           "link_weights", "penalty", "run", "swap_search"]

SWAP_ROUNDS = 30
"""At most this many improving swaps (rounds of best-improvement local search) per heuristic run."""


def capacity_problems(capacity: Any, m: int) -> list[tuple[str, str]]:
    """What is wrong with ``capacity`` (m,): wrong shape, NaN or negative entries (``capacity[j]``)."""
    S = np.asarray(capacity, dtype=float)
    if S.shape != (m,):
        return [("capacity", f"got shape {S.shape}; expected ({m},) (one capacity per candidate column)")]
    return [(f"capacity[{j}]", f"got {S[j]}; expected places >= 0 (inf: no limit)")
            for j in np.flatnonzero(~(S >= 0))[:10]]  # ~(S >= 0) catches NaN too


def check_capacity(capacity: Any, m: int, total_demand: float) -> np.ndarray:
    """``capacity`` as a float (m,) array with +inf replaced by Σ demand (no limit); raises
    :class:`~edplan.InputError` with :func:`capacity_problems`."""
    problems = capacity_problems(capacity, m)
    if problems:
        raise InputError(problems)
    return np.minimum(np.asarray(capacity, dtype=float), total_demand)


def penalty(costs: np.ndarray, p: int) -> float:
    """M, the cost of one unassigned person in the capacitated p-median (module docstring)."""
    cmax = float(costs.max()) if costs.size else 0.0
    return (p + 1) * cmax + 1.0


def link_weights(kind: str, costs: np.ndarray, p: int) -> np.ndarray:
    """w per link: -1 (MCLP: every person assigned counts) or c - M (p-median)."""
    return -np.ones(len(costs)) if kind == "mclp" else costs - penalty(costs, p)


class Transport:
    """The assignment LP of the module docstring over all links, kept in one HiGHS object so
    that opening or closing a site changes one row bound and the next solve warm-starts."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, demand: np.ndarray,
                 capacity: np.ndarray) -> None:
        import highspy
        import scipy.sparse as sp

        keep = demand[rows] > 0
        self.keep = keep
        """Which of the links passed in are columns (those from demand > 0)."""
        self.rows, self.cols, self.weight = rows[keep], cols[keep], weight[keep]
        self.capacity = capacity
        m = len(capacity)
        served = np.unique(self.rows)
        self.nd = len(served)
        L = len(self.rows)
        # rows: one per demand point with a link, then one per candidate
        self.drow = np.searchsorted(served, self.rows)
        self.d = demand[self.rows].astype(float)
        r = np.concatenate([self.drow, self.nd + self.cols])
        c = np.concatenate([np.arange(L), np.arange(L)])
        A = sp.csc_array((np.ones(2 * L), (r, c)), shape=(self.nd + m, L))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = L, self.nd + m
        lp.col_cost_ = self.weight.astype(float)
        lp.col_lower_ = np.zeros(L)
        # no upper bounds on x (the demand rows imply them): the duals then bound opening gains
        lp.col_upper_ = np.full(L, np.inf)
        lp.row_lower_ = np.full(self.nd + m, -np.inf)
        lp.row_upper_ = np.concatenate([demand[served], np.zeros(m)]).astype(float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr.astype(np.int32)
        lp.a_matrix_.index_ = A.indices.astype(np.int32)
        lp.a_matrix_.value_ = A.data.astype(float)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = L, self.nd + m
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", 1)
        # presolve would rebuild the problem on every solve; without it dual simplex restarts
        # from the last basis after a capacity row's bound changes
        self.h.setOptionValue("presolve", "off")
        self.h.passModel(lp)
        self._optimal = highspy.HighsModelStatus.kOptimal
        self.open = np.zeros(m, bool)
        self.solves = 0
        """LPs solved so far (for the benchmark's account of the heuristic's work)."""

    def set_open(self, j: int, is_open: bool) -> None:
        """Opens (capacity S_j) or closes (capacity 0) candidate ``j``."""
        self.open[j] = is_open
        self.h.changeRowBounds(self.nd + int(j), -np.inf, float(self.capacity[j]) if is_open else 0.0)

    def open_only(self, sites: Iterable[int]) -> None:
        """Opens exactly ``sites``."""
        for j in np.flatnonzero(self.open):
            self.set_open(int(j), False)
        for k in sites:
            self.set_open(int(k), True)

    def solve(self) -> float:
        """The LP value Σ w x for the open sites (a link-free LP has value 0)."""
        if len(self.rows) == 0:
            return 0.0
        self.solves += 1
        self.h.run()
        status = self.h.getModelStatus()
        if status != self._optimal:
            raise RuntimeError(f"HiGHS stopped the assignment LP with status {self.h.modelStatusToString(status)!r}")
        return float(self.h.getInfo().objective_function_value)

    def opening_gains(self) -> np.ndarray:
        """After :meth:`solve`, a lower bound (<= 0) per candidate on how much opening it alone
        would change the LP value. Lagrangian bound with the current duals α_i of the demand
        rows: the new value is >= the current one + the fractional knapsack
        min Σ_i (w_ik - α_i) x_ik  s.t.  Σ_i x_ik <= S_k,  0 <= x_ik <= d_i
        (the other columns' reduced costs are >= 0 at the optimum, so they add nothing)."""
        m = len(self.capacity)
        if len(self.rows) == 0:
            return np.zeros(m)
        alpha = np.asarray(self.h.getSolution().row_dual)[: self.nd]
        rc = self.weight - alpha[self.drow]
        sel = np.flatnonzero((rc < 0) & ~self.open[self.cols])
        order = sel[np.lexsort((rc[sel], self.cols[sel]))]  # by candidate, most negative first
        c, r, d = self.cols[order], rc[order], self.d[order]
        cum = np.cumsum(d)
        first = np.r_[True, c[1:] != c[:-1]]
        before = cum - d - np.repeat((cum - d)[first], np.diff(np.r_[np.flatnonzero(first), len(c)]))
        take = np.clip(self.capacity[c] - before, 0.0, d)
        return np.bincount(c, weights=r * take, minlength=m)

    def flows(self) -> np.ndarray:
        """x per link (the order of :attr:`rows`, :attr:`cols`) after :meth:`solve`."""
        if len(self.rows) == 0:
            return np.zeros(0)
        return np.maximum(np.asarray(self.h.getSolution().col_value), 0.0)


def greedy(lp: Transport, fixed: Sequence[int], p: int) -> list[int]:
    """Capacity-aware start: from the fixed sites, open the candidate with the best
    :meth:`Transport.opening_gains` bound, p - len(fixed) times (one LP per site)."""
    sites = [int(j) for j in fixed]
    lp.open_only(sites)
    lp.solve()
    while len(sites) < p:
        bound = lp.opening_gains()
        bound[lp.open] = np.inf
        k = int(np.argmin(bound))
        sites.append(k)
        lp.set_open(k, True)
        lp.solve()
    return sites


def better_start(lp: Transport, start: Optional[Sequence[int]], fixed: Sequence[int], p: int) -> list[int]:
    """The lower-valued of ``start`` (the uncapacitated heuristic's sites) and :func:`greedy`:
    the uncapacitated choice ignores capacity and is a poor start when capacity binds."""
    g = greedy(lp, fixed, p)
    if start is None:
        return g
    value_greedy = lp.solve()
    lp.open_only(start)
    return list(start) if lp.solve() <= value_greedy else g


def swap_search(lp: Transport, start: Sequence[int], fixed: Sequence[int], rounds: int = SWAP_ROUNDS,
                tol: float = 1e-9) -> tuple[np.ndarray, int]:
    """Best-improvement swaps from ``start`` (module docstring); returns the sites and the
    number of swaps applied. ``lp`` is left solved for the returned sites."""
    sites = set(int(j) for j in start)
    lp.open_only(sorted(sites))
    value = lp.solve()
    fixed_set = set(int(j) for j in fixed)
    swaps = 0
    for _ in range(rounds):
        best_value, best_swap = value - tol * max(1.0, abs(value)), None
        for j in sorted(sites - fixed_set):
            lp.set_open(j, False)
            without = lp.solve()
            bound = without + lp.opening_gains()
            bound[lp.open] = np.inf
            bound[j] = np.inf
            for k in np.argsort(bound, kind="stable"):
                if bound[k] >= best_value:
                    break  # sorted: no later candidate can beat the best swap either
                lp.set_open(int(k), True)
                v = lp.solve()
                lp.set_open(int(k), False)
                if v < best_value:
                    best_value, best_swap = v, (j, int(k))
            lp.set_open(j, True)
        if best_swap is None:
            break
        sites.remove(best_swap[0])
        sites.add(best_swap[1])
        lp.open_only(sorted(sites))
        value = lp.solve()
        swaps += 1
    lp.open_only(sorted(sites))
    lp.solve()
    return np.array(sorted(sites), np.int64), swaps


def assignment_matrix(lp: Transport, n: int, m: int) -> Any:
    """The solved flows as a scipy.sparse (n, m) CSR array of persons (links with x > 0)."""
    import scipy.sparse as sp

    x = lp.flows()
    pos = x > 0
    return sp.csr_array((x[pos], (lp.rows[pos], lp.cols[pos])), shape=(n, m))


def run(kind: str, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
        p: int, fixed: Sequence[int], start: Optional[Sequence[int]], exact_sites: Optional[np.ndarray] = None,
        ) -> tuple[np.ndarray, float, float, Any, int]:
    """Sites, objective, unserved, assignment and swaps for ``kind`` ("mclp" or "p_median").

    With ``exact_sites`` the assignment LP is only solved for them (the exact MILP's choice,
    re-assigned by the same LP so both methods report through one function); otherwise the
    swap search runs from ``start``. objective: people assigned (MCLP) or Σ persons × cost of
    the assignment (p-median); unserved: Σ demand - people assigned."""
    n, m = len(demand), len(capacity)
    lp = Transport(rows, cols, link_weights(kind, costs, p), demand, capacity)
    if exact_sites is not None:
        lp.open_only(exact_sites)
        lp.solve()
        sites, swaps = np.asarray(exact_sites, np.int64), 0
    else:
        sites, swaps = swap_search(lp, better_start(lp, start, fixed, p), fixed)
    x = lp.flows()
    assigned = float(x.sum())
    objective = assigned if kind == "mclp" else float(np.dot(x, costs[lp.keep]))
    return sites, objective, max(0.0, float(demand.sum()) - assigned), assignment_matrix(lp, n, m), swaps
