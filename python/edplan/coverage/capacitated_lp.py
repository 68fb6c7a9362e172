# SPDX-License-Identifier: MIT
"""The capacitated heuristic as it was before the C++ search (edplan <= this release): swaps
judged by the assignment LP solved with HiGHS, one LP object warm-started across solves.
Kept as the independent reference that tests check the C++ assignment against
(:class:`Transport` solves the same transportation problem by the simplex method) and that
``benchmarks/siting_gaps.py --capacity`` times the C++ search against.

The transportation LP over the links (x_ij >= 0 persons from demand point i at site j):

    min Σ w_ij x_ij   s.t.   Σ_j x_ij <= d_i,   Σ_i x_ij <= S_j (0 when j is closed)

with w from :func:`edplan.coverage.capacitated.link_weights`. It starts from the better of
the uncapacitated solution and a bound-driven greedy, then applies best-improvement swaps for
at most :data:`SWAP_ROUNDS` rounds; swaps are pruned with the LP duals (a Lagrangian bound,
:meth:`Transport.opening_gains`).
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

import numpy as np

from .capacitated import link_weights

__all__ = ["SWAP_ROUNDS", "Transport", "better_start", "greedy", "lp_heuristic", "swap_search"]

SWAP_ROUNDS = 30
"""At most this many improving swaps (rounds of best-improvement local search) per heuristic run."""


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


def lp_heuristic(kind: str, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, demand: np.ndarray,
                 capacity: np.ndarray, p: int, fixed: Sequence[int], start: Optional[Sequence[int]]
                 ) -> tuple[np.ndarray, float]:
    """The former heuristic end to end: (sites, the LP value Σ w x at them)."""
    lp = Transport(rows, cols, link_weights(kind, costs, p), demand, capacity)
    sites, _ = swap_search(lp, better_start(lp, start, fixed, p), fixed)
    return sites, lp.solve()
