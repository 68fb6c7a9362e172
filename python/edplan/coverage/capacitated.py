# SPDX-License-Identifier: MIT
"""Capacitated siting (DESIGN §2.6, "with capacities"): MCLP, p-median and LSCP where
candidate j takes at most S_j people.

For a given set of open sites the best assignment is the transportation problem over the
links (x_ij >= 0 persons from demand point i at site j):

    min Σ c_ij x_ij + u Σ_i r_i   s.t.   Σ_j x_ij + r_i = d_i,   Σ_i x_ij <= S_j (0 when j is closed)

with c = 0 and u = 1 for the MCLP (most people assigned within ``max_cost``) and u = M for
the p-median, M = (p + 1) · max c_ij + 1, more than any augmenting chain can cost (one enters
at most p open sites), so for given sites as many people as capacity allows are assigned
before cost counts. The C++ search (``edplan/coverage/capacitated.hpp``) solves it by
successive shortest paths, warm across opening and closing sites, and chooses the sites by a
lazy greedy, best-improvement swaps pruned by a Lagrangian bound, and rounds of iterated
local search. :mod:`edplan.coverage.capacitated_lp` keeps the former HiGHS-LP heuristic as
the reference.

Options as spopt has them: ``single_source`` (each demand point wholly at one site or wholly
unassigned: spopt's capacitated PMedian, binary assignment) assigns the chosen sites by a
HiGHS MILP (the exact method solves the whole model with binary assignment); ``fill_fixed``
(spopt's ``fulfill_predefined_fac``) fills every fixed site to capacity, refused with an
InputError naming the fixed sites when the demand within reach cannot fill them.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

import numpy as np

from .. import _core
from ..errors import InputError

__all__ = ["capacity_problems", "check_capacity", "check_fill", "fill_bonus", "link_weights", "lscp_sites",
           "model_costs", "penalty", "run", "search_options"]


def search_options(patience: Any = None, max_swaps: Any = None) -> dict[str, int]:
    """The C++ search's stopping options as keywords of ``_core.coverage.capacitated_search``
    (None: its defaults, ``CapacitatedOptions`` in ``edplan/coverage/capacitated.hpp``):
    ``patience``, the rounds of iterated local search in a row without improvement after which
    it stops (an integer >= 0; 0: all ``rounds``), and ``max_swaps``, the improving swaps per
    descent (an integer >= 1). Raises :class:`~edplan.InputError` naming each bad one (bools
    and non-integers are refused, not truncated)."""
    problems, options = [], {}
    for name, value, least in (("patience", patience, 0), ("max_swaps", max_swaps, 1)):
        if value is None:
            continue
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < least:
            problems.append((name, f"got {value!r}; expected an integer >= {least}"
                                   + (" (0: every round)" if name == "patience" else "")))
        else:
            options[name] = int(value)
    if problems:
        raise InputError(problems)
    return options


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


def model_costs(kind: str, costs: np.ndarray, p: int) -> tuple[np.ndarray, float]:
    """(link cost, u) of the C++ assignment: (0, 1) for the MCLP and LSCP, (c, M) for the p-median."""
    if kind == "p_median":
        return costs.astype(float), penalty(costs, p)
    return np.zeros(len(costs)), 1.0


def fill_bonus(link_cost: np.ndarray, u: float, p: int) -> float:
    """B, taken off every link to a fixed site with ``fill_fixed``: more than any chain of at
    most p + 1 moves can gain otherwise, so fixed sites fill before anything else counts."""
    cmax = float(np.abs(link_cost).max()) if link_cost.size else 0.0
    return (p + 1) * (u + cmax) + 1.0


def _assign(rows: np.ndarray, cols: np.ndarray, link_cost: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
            u: float, sites: Iterable[int]) -> Any:
    return _core.coverage.capacitated_assign(rows.astype(np.int64), cols.astype(np.int64), link_cost, demand, capacity,
                                             unassigned_cost=u, sites=[int(j) for j in sites])


def check_fill(rows: np.ndarray, cols: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
               fixed: Sequence[int]) -> None:
    """InputError naming each fixed site that the demand within reach cannot fill (with
    ``fill_fixed``): the most the fixed sites alone can take, a maximum flow, falls short."""
    if not len(fixed):
        return
    f = _assign(rows, cols, np.zeros(len(rows)), demand, capacity, 1.0, fixed)
    load = np.bincount(f.cols, weights=f.persons, minlength=len(capacity))
    short = [(k, j) for k, j in enumerate(fixed) if load[j] < capacity[j] * (1 - 1e-9) - 1e-9]
    if short:
        raise InputError([(f"fixed[{k}]", f"site {j} has {capacity[j]:g} places but at most {load[j]:g} people "
                                          "within reach can fill them with the other fixed sites; expected "
                                          "fill_fixed=False or fixed sites the demand can fill") for k, j in short])


def _single_source(rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
                   sites: np.ndarray, fill: Sequence[int], time_limit: Optional[float]) -> np.ndarray:
    """Persons per link (whole points) for the given sites: the exact model with y fixed."""
    from . import exact

    on = [int(j) for j in sites]
    _, z = exact.solve_capacitated(rows, cols, weight, demand, capacity, len(on), on, time_limit,
                                   single_source=True, fill=fill)
    return z * demand[rows]


def run(kind: str, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
        p: int, fixed: Sequence[int], start: Optional[Sequence[int]], *, method: str = "heuristic",
        single_source: bool = False, fill_fixed: bool = False, time_limit: Optional[float] = None, rounds: int = 20,
        seed: int = 20240601, options: Optional[dict[str, int]] = None) -> tuple[np.ndarray, float, float, Any, int]:
    """Sites, objective, unserved, assignment and swaps for ``kind`` ("mclp" or "p_median");
    ``options``: :func:`search_options`' keywords for the search.

    objective: people assigned (MCLP) or Σ persons × cost of the assignment (p-median);
    unserved: Σ demand - people assigned."""
    from . import exact

    n, m = len(demand), len(capacity)
    fill = list(fixed) if fill_fixed else []
    if fill:
        check_fill(rows, cols, demand, capacity, fill)
    link_cost, u = model_costs(kind, costs, p)
    if fill:
        link_cost = link_cost - fill_bonus(link_cost, u, p) * np.isin(cols, fill)
    swaps = 0
    x = None
    if method == "exact":
        weight = link_cost - u  # min Σ (c - u) x  ==  min Σ c x + u Σ r  (Σ d constant)
        sites, z = exact.solve_capacitated(rows, cols, weight, demand, capacity, p, fixed, time_limit,
                                           single_source=single_source, fill=fill)
        if single_source:
            x = z * demand[rows]
    else:
        r = _core.coverage.capacitated_search(rows.astype(np.int64), cols.astype(np.int64), link_cost, demand, capacity,
                                              unassigned_cost=u, p=int(p), fixed=[int(j) for j in fixed],
                                              start=[] if start is None else [int(j) for j in start],
                                              rounds=int(rounds), seed=int(seed), **(options or {}))
        sites, swaps = np.asarray(r.sites, np.int64), int(r.swaps)
        if single_source:
            x = _single_source(rows, cols, link_cost - u, demand, capacity, sites, fill, time_limit)
    return _result(kind, rows, cols, costs, demand, capacity, link_cost, u, sites, x, n, m) + (swaps,)


def _result(kind: str, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray,
            link_cost: np.ndarray, u: float, sites: np.ndarray, x: Optional[np.ndarray], n: int, m: int
            ) -> tuple[np.ndarray, float, float, Any]:
    import scipy.sparse as sp

    if x is None:  # splittable: the C++ assignment of the chosen sites
        f = _assign(rows, cols, link_cost, demand, capacity, u, sites)
        fr, fc, fx = np.asarray(f.rows), np.asarray(f.cols), np.asarray(f.persons)
        fcost = costs[_link_index(rows, cols, m, fr, fc)] if len(fr) else np.zeros(0)
    else:
        pos = x > 1e-9 * max(1.0, float(demand.max(initial=0.0)))
        fr, fc, fx, fcost = rows[pos], cols[pos], x[pos], costs[pos]
    assigned = float(fx.sum())
    objective = assigned if kind != "p_median" else float(np.dot(fx, fcost))
    assignment = sp.csr_array((fx, (fr, fc)), shape=(n, m))
    return np.asarray(sites, np.int64), objective, max(0.0, float(demand.sum()) - assigned), assignment


def _link_index(rows: np.ndarray, cols: np.ndarray, m: int, fr: np.ndarray, fc: np.ndarray) -> np.ndarray:
    """Positions in (rows, cols) of the links (fr, fc)."""
    key = rows.astype(np.int64) * m + cols
    order = np.argsort(key, kind="stable")
    return order[np.searchsorted(key[order], fr.astype(np.int64) * m + fc)]


def lscp_sites(rows: np.ndarray, cols: np.ndarray, demand: np.ndarray, capacity: np.ndarray, fixed: Sequence[int], *,
               method: str, single_source: bool, fill_fixed: bool, time_limit: Optional[float], rounds: int, seed: int,
               options: Optional[dict[str, int]] = None) -> tuple[np.ndarray, Any]:
    """Capacitated LSCP (spopt's CLSCP-SO): the fewest sites such that every person is assigned
    to a site within reach, loads within capacity. Returns (sites, assignment). InputError when
    even every candidate open cannot take all demand within reach (naming the points left)."""
    n, m = len(demand), len(capacity)
    zero = np.zeros(len(rows))
    total = float(demand.sum())
    tol = 1e-9 * max(1.0, total)
    if float(capacity.sum()) < total - tol:
        raise InputError(f"got {capacity.sum():g} places for {total:g} people; expected at least as many places as "
                         "people (every person must be assigned)", "capacity")
    everything = _assign(rows, cols, zero, demand, capacity, 1.0, range(m))
    left = demand - np.bincount(np.asarray(everything.rows, np.int64), weights=everything.persons, minlength=n)
    if left.sum() > tol:
        bad = np.flatnonzero(left > 1e-9 * max(1.0, float(demand.max())))
        raise InputError([(f"demand[{i}]", f"{left[i]:g} of its {demand[i]:g} people find no place within reach even "
                                           "with every candidate open; expected capacity within reach of every "
                                           "person") for i in bad[:20]])
    fill = list(fixed) if fill_fixed else []
    if fill:
        check_fill(rows, cols, demand, capacity, fill)
    if method == "exact":
        from . import exact

        sites, z = exact.solve_capacitated(rows, cols, zero, demand, capacity, None, fixed, time_limit,
                                           single_source=single_source, fill=fill)
        x = z * demand[rows]
        return sites, _result("lscp", rows, cols, zero, demand, capacity, zero, 1.0, sites, x, n, m)[3]

    def attempt(k: int) -> Optional[tuple[np.ndarray, Any]]:
        sites, _, unserved, assignment, _ = run("lscp", rows, cols, zero, demand, capacity, k, fixed, None,
                                                single_source=single_source, fill_fixed=fill_fixed,
                                                time_limit=time_limit, rounds=rounds, seed=seed, options=options)
        return (sites, assignment) if unserved <= tol else None

    # the fewest sites whose places could hold everyone, then up until a search assigns all
    least = int(np.searchsorted(np.cumsum(np.sort(capacity)[::-1]), total - tol) + 1)
    k = max(1, len(fixed), min(least, m))
    found = attempt(k)
    step = 1
    while found is None and k < m:  # gallop up, then bisect between the last failure and success
        lo, k = k, min(m, k + step)
        step *= 2
        found = attempt(k)
        if found is not None:
            while lo + 1 < k:
                mid = (lo + k) // 2
                trial = attempt(mid)
                if trial is None:
                    lo = mid
                else:
                    k, found = mid, trial
    if found is None:  # single_source: whole points may need more than every candidate
        raise InputError("every candidate open cannot assign each demand point whole to one site within reach; "
                         "expected single_source=False or more capacity", "capacity")
    return found
