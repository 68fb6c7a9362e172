# SPDX-License-Identifier: MIT
"""The exact "1+3" schedule: the objective and constraints of DESIGN §2.4 as a MILP for HiGHS.

Variables: x[k, y] = 1 when candidate k gets land in year y (one per year of its window);
u[p, t] >= need − N, the unmet places of pair p in year t (only where need > 0); s[p, t] >= N −
need, the stranded places after the pair's peak (only where a candidate could be open). With
positive weights u and s sit on max(0, ·) at the optimum; the objective of the solution is
recomputed by the C++ ``evaluate`` in any case, so both methods are judged by one function.

    min  w_cost Σ c_k x[k, y] + w_unmet Σ u + w_stranded Σ s
    s.t. Σ_y x[k, y] <= 1                                    (each candidate at most once)
         u[p, t] + Σ_{k in p, y + L_k + B_k <= t} q_k x[k, y] >= need[p, t]
         s[p, t] − Σ_{k in p, y + L_k + B_k <= t} q_k x[k, y] >= −need[p, t]     (t > peak_p)
         Σ_{y + L_k = τ} c_k x[k, y] <= budget[τ]            (every start year τ)
         Σ_{y = τ} x, Σ_{y + L_k = τ} x, Σ_{y + L_k + B_k = τ} x <= max_per_batch   (every year τ)

With levers (DESIGN §2.4b) the continuous columns conv[r, p, y] (places of pair p's from-level
converted in year y), temp[r, l, y] (temporary places installed in y) and crowd[p, t] <= φ·E
join: capacity in the unmet and stranded rows becomes N + T + Σ ρ X_in − X_out (X the places
converted by t, T the temporary places in use), the unmet row gains crowd, its right-hand
side is d = demand − E (a level that gives places may fall short where it had none), the
budget row gains conversion costs and temporary places in use, and two more rows bound the
levers: Σ_{y <= t} conv[r, a→·, y] <= E_a[t] and Σ_{y <= t < y + m} temp[r, l, y] <= τ·E_l[t].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Optional

import numpy as np

from .. import _core


class Solution(NamedTuple):
    """What HiGHS found: the plan, whether it is proven optimal, the status and the bound."""

    land: list[int]
    """Land year per candidate (-1: not chosen)."""
    optimal: bool
    """Whether HiGHS proved the plan optimal."""
    status: str
    """HiGHS's model status."""
    plan: _core.capacity.LeverPlan
    """The levers."""
    bound: Optional[float]
    """The lower bound on the objective HiGHS proved (its MIP dual bound: the objective within
    ``mip_rel_gap`` when optimal); None when it had none within the time limit."""


def solve(prog: _core.capacity.Programme, stages: Sequence[_core.capacity.StageYears], *,
          time_limit: float = 60.0, mip_rel_gap: float = 1e-6
          ) -> tuple[list[int], bool, str, _core.capacity.LeverPlan]:
    """Land year per candidate (-1: not chosen), whether HiGHS proved optimality, its status, the levers.

    ``prog`` is the ``_core.capacity.Programme`` (candidates, need, peak years, land-year
    windows, budget, cap and weights); ``stages`` the stage years of each level.
    Without a feasible solution within the time limit, the empty plan (always feasible).
    """
    return solve_bounded(prog, stages, time_limit=time_limit, mip_rel_gap=mip_rel_gap)[:4]


def solve_bounded(prog: _core.capacity.Programme, stages: Sequence[_core.capacity.StageYears], *,
                  time_limit: float = 60.0, mip_rel_gap: float = 1e-6, relax: bool = False) -> Solution:
    """:func:`solve`, with the lower bound HiGHS proved. ``relax``: the linear relaxation only
    (every land-year column continuous in [0, 1]): its optimum is the bound and the plan empty."""
    try:
        import highspy
    except ImportError as error:  # pragma: no cover - highspy is a dependency
        raise ImportError("method='exact' needs HiGHS: pip install highspy") from error

    need, peak, windows, candidates, weights = prog.need, prog.peak, prog.windows, prog.candidates, prog.weights
    R, T, L = need.shape
    base = int(prog.base_year)
    budget = np.asarray(prog.budget, dtype=float)
    cap, K = int(prog.max_per_batch), len(candidates)
    levers = prog.levers
    pairs = list(levers.conversions)
    temporary = list(levers.temporary) or [None] * L
    existing = np.asarray(prog.existing)
    gap, room = np.asarray(prog.gap), np.asarray(prog.room)
    cost_scale = max([1.0] + [c.cost for c in candidates])

    cols_cost: list[float] = []
    cols_lo: list[float] = []
    cols_hi: list[float] = []
    entries: list[tuple[int, int, float]] = []  # (row, column, value)
    row_lo: list[float] = []
    row_hi: list[float] = []

    def new_row(lo: float, hi: float) -> int:
        row_lo.append(lo)
        row_hi.append(hi)
        return len(row_lo) - 1

    # x[k, y]: land-year index y in k's window
    x_cols: list[tuple[int, int, int]] = []  # (k, y, column)
    for k, c in enumerate(candidates):
        first, last = int(windows[k, 0]) - base - 1, int(windows[k, 1]) - base - 1
        if first > last:
            continue
        row = new_row(-np.inf, 1.0)
        for y in range(first, last + 1):
            col = len(cols_cost)
            cols_cost.append(weights.cost * c.cost)
            cols_lo.append(0.0)
            cols_hi.append(1.0)
            x_cols.append((k, y, col))
            entries.append((row, col, 1.0))
    n_x = len(cols_cost)

    def new_col(cost: float, hi: float = np.inf) -> int:
        cols_cost.append(cost)
        cols_lo.append(0.0)
        cols_hi.append(hi)
        return len(cols_cost) - 1

    # per pair and year: the capacity columns by then (builds open, levers in use or converted)
    open_by: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for k, y, col in x_cols:
        c = candidates[k]
        for t in range(y + stages[c.level].total, T):
            open_by.setdefault((c.region * L + c.level, t), []).append((col, c.places))
    by_year: dict[tuple[str, int], list[tuple[int, float]]] = {}
    bounds: dict[tuple[str, int, int, int], list[int]] = {}  # (kind, region, level, t): lever columns
    conv_cols: list[tuple[int, int, int, int]] = []  # (r, p, y, column)
    temp_cols: list[tuple[int, int, int, int]] = []  # (r, l, y, column)
    lever_years: set[int] = set()
    for r in range(R):
        for p, pair in enumerate(pairs):
            if pair.region not in (-1, r):
                continue
            for y in range(T):
                col = new_col(weights.cost * pair.cost_per_place)
                conv_cols.append((r, p, y, col))
                if pair.cost_per_place > 0:
                    by_year.setdefault(("budget", y), []).append((col, pair.cost_per_place / cost_scale))
                    lever_years.add(y)
                for t in range(y, T):
                    open_by.setdefault((r * L + pair.to_level, t), []).append((col, pair.ratio))
                    open_by.setdefault((r * L + pair.from_level, t), []).append((col, -1.0))
                    bounds.setdefault(("source", r, pair.from_level, t), []).append(col)
        for lv, tmp in enumerate(temporary):
            if tmp is None:
                continue
            for y in range(T):
                years = range(y, min(T, y + tmp.lifetime))
                col = new_col(weights.cost * tmp.cost_per_place_year * len(years))
                temp_cols.append((r, lv, y, col))
                for t in years:
                    open_by.setdefault((r * L + lv, t), []).append((col, 1.0))
                    bounds.setdefault(("temporary", r, lv, t), []).append(col)
                    if tmp.cost_per_place_year > 0:
                        by_year.setdefault(("budget", t), []).append((col, tmp.cost_per_place_year / cost_scale))
                        lever_years.add(t)
    for (kind, r, lv, t), lever_cols in bounds.items():
        spec = temporary[lv]
        share = 1.0 if kind == "source" or spec is None else spec.max_share
        row = new_row(-np.inf, share * float(existing[r, t, lv]))
        entries += [(row, c, 1.0) for c in lever_cols]
    sources = {(r, lv) for (kind, r, lv, _) in bounds if kind == "source"}
    w_crowd = float(weights.crowd if weights.crowd is not None else 0.5 * weights.unmet)  # validated: set
    crowds = w_crowd < weights.unmet
    for r in range(R):
        for lv in range(L):
            p = r * L + lv
            for t in range(T):
                terms = open_by.get((p, t), [])
                d = float(gap[r, t, lv])
                if d > 0 or (r, lv) in sources:
                    col = new_col(weights.unmet, float(need[r, t, lv]) if (r, lv) not in sources else np.inf)
                    row = new_row(d, np.inf)
                    entries.append((row, col, 1.0))
                    entries += [(row, c, q) for c, q in terms]
                    if crowds and room[r, t, lv] > 0:
                        entries.append((row, new_col(w_crowd, float(room[r, t, lv])), 1.0))
                if t > peak[r, lv] and any(q > 0 for _, q in terms) and weights.stranded > 0:
                    col = len(cols_cost)
                    cols_cost.append(weights.stranded)
                    cols_lo.append(0.0)
                    cols_hi.append(np.inf)
                    row = new_row(-float(need[r, t, lv]), np.inf)
                    entries.append((row, col, 1.0))
                    entries += [(row, c, -q) for c, q in terms]

    # budget (scaled to costs of order 1) and batch caps, per year
    for k, y, col in x_cols:
        stage = stages[candidates[k].level]
        by_year.setdefault(("budget", y + stage.land_to_start), []).append((col, candidates[k].cost / cost_scale))
        for batch, year in (("land", y), ("start", y + stage.land_to_start), ("open", y + stage.total)):
            by_year.setdefault((batch, year), []).append((col, 1.0))
    for (kind, year), terms in sorted(by_year.items()):
        if kind == "budget":
            if np.isfinite(budget[year]) and (year in lever_years or sum(v for _, v in terms) > budget[year] / cost_scale):
                row = new_row(-np.inf, budget[year] / cost_scale)
                entries += [(row, c, v) for c, v in terms]
        elif cap < K and len(terms) > cap:
            row = new_row(-np.inf, float(cap))
            entries += [(row, c, v) for c, v in terms]

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # HiGHS keeps one thread pool per process: a solve asking for another thread count than the
    # first one fails ("Not Set"), so every edplan model asks for one thread, as siting's do.
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if conv_cols or temp_cols:
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cols_cost), len(row_lo)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.array(cols_cost), np.array(cols_lo), np.array(cols_hi)
    lp.row_lower_, lp.row_upper_ = np.array(row_lo), np.array(row_hi)
    if entries:
        e = np.array(entries, dtype=float)
        order = np.lexsort((e[:, 0], e[:, 1]))
        rows, cols, vals = e[order, 0].astype(np.int32), e[order, 1].astype(np.int64), e[order, 2]
    else:
        rows, cols, vals = np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(len(cols_cost) + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows
    lp.a_matrix_.value_ = vals
    kinds = highspy.HighsVarType
    if not relax:
        lp.integrality_ = [kinds.kInteger] * n_x + [kinds.kContinuous] * (len(cols_cost) - n_x)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if relax:
        optimum = status == highspy.HighsModelStatus.kOptimal
        bound = float(h.getInfo().objective_function_value) if optimum else None
        empty = _core.capacity.LeverPlan(np.zeros((R, len(pairs), T)), np.zeros((R, T, L)))
        return Solution([-1] * K, False, h.modelStatusToString(status), empty, bound)
    dual = float(h.getInfo().mip_dual_bound)
    land = [-1] * K
    converted, temp = np.zeros((R, len(pairs), T)), np.zeros((R, T, L))
    if h.getInfo().primal_solution_status == 2 and len(cols_cost):  # a feasible solution exists
        values = np.asarray(h.getSolution().col_value)
        for (k, y, _), v in zip(x_cols, values[:n_x]):
            if v > 0.5:
                land[k] = base + 1 + y
        for r, p, y, col in conv_cols:
            converted[r, p, y] = values[col]
        for r, lv, y, col in temp_cols:
            temp[r, y, lv] = values[col]
    plan = _feasible(prog, land, converted, temp)
    return Solution(land, status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status), plan,
                    dual if np.isfinite(dual) else None)


def _feasible(prog: _core.capacity.Programme, land: list[int], converted: np.ndarray,
              temporary: np.ndarray) -> _core.capacity.LeverPlan:
    """The solver's levers, rid of its round-off: values below 1e-7 places set to 0 and, while
    the engine finds a bound broken by HiGHS's tolerance, all levers scaled down by 1e-7."""
    converted = np.where(converted > 1e-7, converted, 0.0)
    temporary = np.where(temporary > 1e-7, temporary, 0.0)
    for _ in range(20):
        plan = _core.capacity.LeverPlan(converted, temporary)
        if not prog.violations(land, plan):
            return plan
        converted, temporary = converted * (1 - 1e-7), temporary * (1 - 1e-7)
    return plan

