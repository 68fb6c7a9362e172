# SPDX-License-Identifier: MIT
"""Facility siting (DESIGN §2.6): MCLP, p-median, LSCP, LSCP-B and p-center with existing
sites kept fixed.

``method="heuristic"`` runs the C++ greedy + swap heuristics (lazy evaluation of gains over
sparse coverage lists, then best-improvement swaps); ``method="exact"`` solves the same model
with HiGHS (:mod:`edplan.coverage.exact`), the yardstick for the heuristic's gap. With
``capacity=`` MCLP and p-median assign each demand point's population (splittable) within the
sites' places; that heuristic runs in Python on HiGHS LPs (:mod:`edplan.coverage.capacitated`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np

from .. import _core
from ..errors import InputError
from ._costs import Catchment, catchment, cost_arg, dense_budget, shape_of
from . import capacitated, exact

__all__ = ["SitingResult", "lscp", "lscp_b", "mclp", "p_center", "p_median"]


@dataclass(frozen=True)
class SitingResult:
    """Chosen sites and the objective of one siting model."""

    sites: np.ndarray
    """Chosen candidate columns, fixed ones included, increasing."""
    objective: float
    """Population covered (MCLP); Σ demand × cost to the nearest chosen site (p-median; inf
    when some demand reaches no chosen site); the number of sites (LSCP, LSCP-B); the largest
    cost from a demand point to its nearest chosen site (p-center). With ``capacity``:
    people assigned (MCLP) or Σ persons × cost over the assignment (p-median, the assigned
    part only; the people left over are ``unserved``)."""
    method: str
    """``"heuristic"`` or ``"exact"``."""
    unserved: float = 0.0
    """Demand left uncovered (MCLP) or unassigned (p-median); 0 for LSCP, LSCP-B and p-center,
    which refuse demand points that no candidate reaches."""
    mean_cost: Optional[float] = None
    """p-median only: objective / Σ demand (the population-weighted mean cost); with
    ``capacity``, objective / people assigned."""
    greedy_order: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    """Heuristic only: new sites in the order the greedy step added them (before swaps); empty
    with ``capacity``."""
    swaps: int = 0
    """Heuristic only: improving swaps applied (LSCP: redundant sites dropped; with
    ``capacity``, the capacitated swaps after the uncapacitated start)."""
    assignment: Any = None
    """With ``capacity`` only: persons from demand point i at site j, a scipy.sparse (n, m)
    CSR array (column sums <= capacity, row sums <= demand)."""
    backup: Optional[int] = None
    """LSCP-B only: the demand points that at least two chosen sites cover (spopt's LSCPB
    objective)."""
    bound: float = float("nan")
    """Heuristic MCLP and p-median only: a bound on the optimum from the Lagrangian relaxation
    (an upper bound on the population any ``p`` sites cover; a lower bound on the p-median's
    cost), so that ``objective`` is proven within ``gap`` of the optimum. NaN when not computed
    (``bound_iterations < 0``, other models, ``capacity``, and ``method="exact"``, whose
    answer HiGHS proves optimal itself)."""
    gap: float = float("nan")
    """``|bound - objective| / max(|bound|, |objective|)``: the heuristic answer is at most
    this far from the optimum (0: proven optimal; NaN without a bound or when the p-median's
    objective is inf)."""


def _check(demand: Optional[np.ndarray], n: int, m: int, p: Optional[int], fixed: Sequence[int],
           capacity: Any = None) -> list[int]:
    problems: list[tuple[str, str]] = []
    if demand is not None:
        if demand.shape != (n,):
            problems.append(("demand", f"got shape {demand.shape}; expected ({n},) (rows of the cost matrix)"))
        elif not np.all(np.isfinite(demand) & (demand >= 0)):
            bad = np.flatnonzero(~(np.isfinite(demand) & (demand >= 0)))[:10]
            problems += [(f"demand[{i}]", f"got {demand[i]}; expected a population >= 0") for i in bad]
    fixed_list = [int(j) for j in fixed]
    for k, j in enumerate(fixed_list):
        if not 0 <= j < m:
            problems.append((f"fixed[{k}]", f"got {j}; expected a candidate column in [0, {m})"))
    if len(set(fixed_list)) != len(fixed_list):
        problems.append(("fixed", "a site is listed twice; expected each fixed site once"))
    least = max(1, len(fixed_list))  # p = 0 has no nearest site (spopt's objective is inf)
    if p is not None and not least <= p <= m:
        problems.append(("p", f"got {p}; expected the total number of sites, fixed ones included, "
                              f"between {least} (at least one, and the fixed sites) and {m}"))
    if capacity is not None:
        problems += capacitated.capacity_problems(capacity, m)
    if problems:
        raise InputError(problems)
    return fixed_list


def _links(cost: Any, max_cost: float, every_point: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links within ``max_cost``; with ``every_point``, InputError naming each demand point
    that none reaches (the covering models and p-center need every one)."""
    links = catchment(cost, max_cost=max_cost)
    if every_point:
        links.check_reach()
    rows, cols, costs = links.to_coo()
    return rows, cols, costs


def _matrix(cost: Any) -> tuple[int, int]:
    if isinstance(cost, Catchment):
        raise InputError("siting takes the cost matrix (dense, or scipy.sparse), not a Catchment", "cost")
    return shape_of(cost)


def _options(threads: int, rounds: int, seed: int, bound_iterations: int = -1) -> _core.coverage.SitingOptions:
    return _core.coverage.SitingOptions(threads=threads, dense_budget=dense_budget(), rounds=int(rounds),
                                        seed=int(seed), bound_iterations=int(bound_iterations))


def check_method(method: str) -> None:
    """Raises InputError unless ``method`` is "heuristic" or "exact"."""
    if method not in ("heuristic", "exact"):
        raise InputError(f"got {method!r}; expected 'heuristic' or 'exact'", "method")


def _check_options(capacity: Any, single_source: bool, fill_fixed: bool, patience: Any = None,
                   max_swaps: Any = None) -> dict[str, int]:
    """single_source, fill_fixed and the capacitated search's ``patience`` and ``max_swaps``
    shape the capacitated model: refused without capacity. Returns the search's options
    (:func:`edplan.coverage.capacitated.search_options`)."""
    if capacity is None:
        wrong = [(name, "got True without capacity; expected capacity= (places per candidate) with it")
                 for name, on in (("single_source", single_source), ("fill_fixed", fill_fixed)) if on]
        wrong += [(name, f"got {value!r} without capacity; expected capacity= (places per candidate) with it (the "
                         "capacitated search's option)")
                  for name, value in (("patience", patience), ("max_swaps", max_swaps)) if value is not None]
        if wrong:
            raise InputError(wrong)
    return capacitated.search_options(patience, max_swaps)


def _capacitated(kind: str, P: np.ndarray, cost: Any, max_cost: float, p: int, fixed: list[int], capacity: Any,
                 method: str, time_limit: Optional[float], start: Any, single_source: bool, fill_fixed: bool,
                 rounds: int, seed: int, options: dict[str, int]) -> SitingResult:
    """The capacitated model: exact MILP, or the C++ search from ``start()`` (the uncapacitated heuristic)."""
    n, m = _matrix(cost)
    S = capacitated.check_capacity(capacity, m, float(P.sum()))
    rows, cols, costs = _links(cost, max_cost)
    begin = start().sites if method == "heuristic" else None
    sites, objective, unserved, assignment, swaps = capacitated.run(
        kind, rows, cols, costs, P, S, p, fixed, begin, method=method, single_source=single_source,
        fill_fixed=fill_fixed, time_limit=time_limit, rounds=max(int(rounds), 0), seed=seed, options=options)
    assigned = float(P.sum()) - unserved
    mean = (objective / assigned if assigned > 0 else 0.0) if kind == "p_median" else None
    # greedy_order stays empty: the search keeps the better of two starts
    return SitingResult(sites, objective, method, unserved, mean, swaps=swaps, assignment=assignment)


def mclp(
    demand: Any, cost: Any, *, max_cost: float, p: int, fixed: Sequence[int] = (), method: str = "heuristic",
    threads: int = 0, time_limit: Optional[float] = None, rounds: int = 10, seed: int = 20240601,
    capacity: Any = None, single_source: bool = False, fill_fixed: bool = False, bound_iterations: int = 300,
    patience: Optional[int] = None, max_swaps: Optional[int] = None,
) -> SitingResult:
    """Maximal covering location: ``p`` sites (fixed ones included, as in spopt) maximising
    the demand within ``max_cost`` of a chosen site. ``objective`` is the population covered.

    ``demand`` (n,); ``cost`` dense (n, m) (inf = no link) or scipy.sparse (stored entries are
    links). The heuristic runs a lazy greedy, best-improvement swaps, then ``rounds`` rounds
    of iterated local search (drop 1–4 random sites, refill, swap; deterministic for a
    ``seed``); each swap updates only the demand points around the two sites. ``bound`` is an
    upper bound on the population any ``p`` sites cover (Lagrangian relaxation,
    ``bound_iterations`` subgradient steps of about one pass over the links each; 0: the
    submodularity bound only; < 0: none) and ``gap`` the relative distance to it.
    ``time_limit`` (seconds) bounds the exact solver only.

    ``capacity`` (m,) places per candidate (inf: no limit; None: uncapacitated): maximise the
    people assigned to an open site within ``max_cost``, each site taking at most its places
    and a demand point's people splittable between sites; ``assignment`` holds the flows. The
    heuristic (C++, :mod:`edplan.coverage.capacitated`) starts from the uncapacitated one and
    a capacity-aware greedy, then swaps sites judged by exact incremental assignments, with
    ``rounds`` rounds of iterated local search, stopped after ``patience`` rounds in a row
    without improvement (an integer >= 0, 0: every round; None: 4), at most ``max_swaps``
    improving swaps per descent (an integer >= 1; None: 1000). ``single_source``: each demand
    point wholly at one site or unassigned; ``fill_fixed``: the fixed sites filled to capacity
    (spopt's ``fulfill_predefined_fac``)."""
    check_method(method)
    P = np.asarray(demand, dtype=float)
    n, m = _matrix(cost)
    fixed_list = _check(P, n, m, p, fixed, capacity)
    options = _check_options(capacity, single_source, fill_fixed, patience, max_swaps)
    if capacity is not None:
        return _capacitated("mclp", P, cost, float(max_cost), int(p), fixed_list, capacity, method, time_limit,
                            lambda: mclp(P, cost, max_cost=max_cost, p=p, fixed=fixed_list, threads=threads,
                                         rounds=rounds, seed=seed), single_source, fill_fixed, rounds, seed, options)
    if method == "heuristic":
        r = _core.coverage.siting("mclp", cost_arg(cost), P, max_cost=float(max_cost), p=int(p), fixed=fixed_list,
                                  options=_options(threads, rounds, seed, bound_iterations))
        return SitingResult(np.asarray(r.sites, np.int64), r.objective, method, r.unserved,
                            greedy_order=np.asarray(r.greedy_order, np.int64), swaps=r.swaps, bound=r.bound, gap=r.gap)
    rows, cols, _ = _links(cost, float(max_cost))
    sites = exact.solve_mclp(rows, cols, P, m, int(p), fixed_list, time_limit)
    covered = np.zeros(n, bool)
    covered[rows[np.isin(cols, sites)]] = True
    objective = float(P[covered].sum())
    return SitingResult(sites, objective, method, float(P.sum()) - objective)


def p_median(
    demand: Any, cost: Any, *, p: int, fixed: Sequence[int] = (), method: str = "heuristic", threads: int = 0,
    time_limit: Optional[float] = None, rounds: int = 10, seed: int = 20240601, capacity: Any = None,
    single_source: bool = False, fill_fixed: bool = False, bound_iterations: int = 200,
    patience: Optional[int] = None, max_swaps: Optional[int] = None,
) -> SitingResult:
    """p-median: ``p`` sites (fixed ones included) minimising Σ demand × cost to the nearest
    chosen site; ``mean_cost`` is that sum over Σ demand. Every finite cost is a possible
    assignment (a sparse matrix's stored entries). The heuristic: lazy greedy, fast-interchange
    swaps, then ``rounds`` rounds of iterated local search (deterministic for a ``seed``);
    ``bound`` is a lower bound on the optimum's cost (Lagrangian relaxation, started by dual
    ascents, then ``bound_iterations`` deflected subgradient steps of about one pass over the
    links each; 0: the start only; < 0: none) and ``gap`` the relative distance to it.

    ``capacity`` (m,) places per candidate (inf: no limit; None: uncapacitated): people are
    assigned (splittable) over the links to open sites, at most S_j at site j; the model
    minimises Σ persons × cost + M × people unassigned, M = (p + 1) × the largest finite cost
    + 1, so that for the chosen sites as many people are assigned as capacity allows.
    ``objective`` is Σ persons × cost over the assignment, ``unserved`` the people left over
    (also those with no link at all: no error, unlike the uncapacitated model), ``mean_cost``
    objective / people assigned, ``assignment`` the flows. Heuristic, ``patience``,
    ``max_swaps``, ``single_source`` and ``fill_fixed`` as for :func:`mclp` (spopt's
    capacitated PMedian is ``single_source=True``)."""
    check_method(method)
    P = np.asarray(demand, dtype=float)
    n, m = _matrix(cost)
    fixed_list = _check(P, n, m, p, fixed, capacity)
    options = _check_options(capacity, single_source, fill_fixed, patience, max_swaps)
    if capacity is not None:
        return _capacitated("p_median", P, cost, np.inf, int(p), fixed_list, capacity, method, time_limit,
                            lambda: p_median(P, cost, p=p, fixed=fixed_list, threads=threads, rounds=rounds,
                                             seed=seed), single_source, fill_fixed, rounds, seed, options)
    total = float(P.sum())
    if method == "heuristic":
        r = _core.coverage.siting("p_median", cost_arg(cost), P, max_cost=np.inf, p=int(p), fixed=fixed_list,
                                  options=_options(threads, rounds, seed, bound_iterations))
        obj = r.objective
        return SitingResult(np.asarray(r.sites, np.int64), obj, method, r.unserved,
                            obj / total if total > 0 else 0.0, np.asarray(r.greedy_order, np.int64), r.swaps,
                            bound=r.bound, gap=r.gap)
    rows, cols, costs = _links(cost, np.inf)
    sites = exact.solve_p_median(rows, cols, costs, P, m, int(p), fixed_list, time_limit)
    nearest = np.full(n, np.inf)
    sel = np.isin(cols, sites)
    np.minimum.at(nearest, rows[sel], costs[sel])
    pos = P > 0
    objective = float(np.sum(P[pos] * nearest[pos]))
    return SitingResult(sites, objective, method, 0.0, objective / total if total > 0 else 0.0)


def lscp(
    cost: Any, *, max_cost: float, fixed: Sequence[int] = (), method: str = "heuristic", threads: int = 0,
    time_limit: Optional[float] = None, rounds: int = 200, seed: int = 20240601, demand: Any = None,
    capacity: Any = None, single_source: bool = False, fill_fixed: bool = False,
    patience: Optional[int] = None, max_swaps: Optional[int] = None,
) -> SitingResult:
    """Location set covering: the fewest sites (fixed ones included) such that every demand
    point has one within ``max_cost``; ``objective`` is their number. InputError names every
    demand point that no candidate reaches (spopt reports them as unserved after solving). The
    heuristic: lazy greedy, redundant sites dropped, then ``rounds`` rounds of iterated local
    search (cheap: each re-covers only what a few dropped sites covered).

    ``capacity`` (m,) places per candidate makes it spopt's capacitated LSCP (CLSCP-SO): the
    fewest sites such that every person of ``demand`` (n,; default 1 per point, as spopt) is
    assigned, splittably, to a site within ``max_cost``, loads within capacity; ``assignment``
    holds the flows. InputError when the places are fewer than the people or some people find
    no place within reach even with every candidate open. The heuristic runs the capacitated
    search (:func:`mclp`'s) for a growing number of sites until it assigns everyone.
    ``patience``, ``max_swaps``, ``single_source`` and ``fill_fixed`` as for :func:`mclp`."""
    check_method(method)
    n, m = _matrix(cost)
    if demand is not None and capacity is None:
        raise InputError("got demand without capacity; expected capacity= with it (uncapacitated LSCP has no demand)",
                         "demand")
    options = _check_options(capacity, single_source, fill_fixed, patience, max_swaps)
    P = None if capacity is None else (np.ones(n) if demand is None else np.asarray(demand, dtype=float))
    fixed_list = _check(P, n, m, None, fixed, capacity)
    if P is not None:
        S = capacitated.check_capacity(capacity, m, float(P.sum()))
        rows, cols, _ = _links(cost, float(max_cost), every_point=True)
        sites, assignment = capacitated.lscp_sites(rows, cols, P, S, fixed_list, method=method,
                                                   single_source=single_source, fill_fixed=fill_fixed,
                                                   time_limit=time_limit, rounds=min(int(rounds), 20), seed=seed,
                                                   options=options)
        return SitingResult(sites, float(len(sites)), method, assignment=assignment)
    if method == "heuristic":
        r = _core.coverage.siting("lscp", cost_arg(cost), None, max_cost=float(max_cost), p=0, fixed=fixed_list,
                                  options=_options(threads, rounds, seed))
        return SitingResult(np.asarray(r.sites, np.int64), r.objective, method,
                            greedy_order=np.asarray(r.greedy_order, np.int64), swaps=r.swaps)
    rows, cols, _ = _links(cost, float(max_cost), every_point=True)
    sites = exact.solve_lscp(rows, cols, n, m, fixed_list, time_limit)
    return SitingResult(sites, float(len(sites)), method)


def lscp_b(
    cost: Any, *, max_cost: float, fixed: Sequence[int] = (), method: str = "heuristic", threads: int = 0,
    time_limit: Optional[float] = None, rounds: int = 200, seed: int = 20240601,
) -> SitingResult:
    """LSCP-B (spopt's LSCPB): as many sites as :func:`lscp` needs (``objective``, fixed ones
    included), covering every demand point within ``max_cost``, chosen so that the most points
    have a second site within reach (``backup``). InputError names every demand point that no
    candidate reaches. The heuristic: :func:`lscp`'s, then best-improvement swaps that keep
    every point covered and raise ``backup``."""
    check_method(method)
    n, m = _matrix(cost)
    fixed_list = _check(None, n, m, None, fixed)
    if method == "heuristic":
        r = _core.coverage.siting("lscp_b", cost_arg(cost), None, max_cost=float(max_cost), p=0, fixed=fixed_list,
                                  options=_options(threads, rounds, seed))
        return SitingResult(np.asarray(r.sites, np.int64), r.objective, method,
                            greedy_order=np.asarray(r.greedy_order, np.int64), swaps=r.swaps, backup=int(r.backup))
    rows, cols, _ = _links(cost, float(max_cost), every_point=True)
    sites, backup = exact.solve_lscp_b(rows, cols, n, m, fixed_list, time_limit)
    return SitingResult(sites, float(len(sites)), method, backup=backup)


def p_center(
    cost: Any, *, p: int, fixed: Sequence[int] = (), method: str = "heuristic", threads: int = 0,
    time_limit: Optional[float] = None, rounds: int = 50, seed: int = 20240601,
) -> SitingResult:
    """p-center (spopt's PCenter): ``p`` sites (fixed ones included) minimising ``objective``,
    the largest cost from a demand point to its nearest chosen site. Every finite cost is a
    link; InputError names every demand point with none. Both methods bisect over the
    distinct costs for the smallest radius whose set cover needs at most p sites (the
    heuristic with :func:`lscp`'s heuristic and ``rounds`` rounds of local search, the exact
    method with exact set covers), then add sites, lowest column first, up to ``p``."""
    check_method(method)
    n, m = _matrix(cost)
    fixed_list = _check(None, n, m, p, fixed)
    if method == "heuristic":
        r = _core.coverage.siting("p_center", cost_arg(cost), None, max_cost=np.inf, p=int(p), fixed=fixed_list,
                                  options=_options(threads, rounds, seed))
        return SitingResult(np.asarray(r.sites, np.int64), r.objective, method, swaps=r.swaps)
    rows, cols, costs = _links(cost, np.inf, every_point=True)
    sites, radius = exact.solve_p_center(rows, cols, costs, n, m, int(p), fixed_list, time_limit)
    free = np.setdiff1d(np.arange(m), sites)[: int(p) - len(sites)]  # the C++ heuristic's fill: lowest first
    return SitingResult(np.union1d(sites, free).astype(np.int64), radius, method)
