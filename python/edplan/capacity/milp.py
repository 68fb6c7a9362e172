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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _core


def solve(prog: _core.capacity.Programme, stages: Sequence[_core.capacity.StageYears], *,
          time_limit: float = 60.0, mip_rel_gap: float = 1e-6) -> tuple[list[int], bool, str]:
    """Land year per candidate (-1: not chosen), whether HiGHS proved optimality, its status.

    ``prog`` is the ``_core.capacity.Programme`` (candidates, need, peak years, land-year
    windows, budget, cap and weights); ``stages`` the stage years of each level.
    Without a feasible solution within the time limit, the empty schedule (always feasible).
    """
    try:
        import highspy
    except ImportError as error:  # pragma: no cover - highspy is a dependency
        raise ImportError("method='exact' needs HiGHS: pip install highspy") from error

    need, peak, windows, candidates, weights = prog.need, prog.peak, prog.windows, prog.candidates, prog.weights
    R, T, L = need.shape
    base = int(prog.base_year)
    budget = np.asarray(prog.budget, dtype=float)
    cap, K = int(prog.max_per_batch), len(candidates)
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

    # per pair and year: the x columns open by then
    open_by: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for k, y, col in x_cols:
        c = candidates[k]
        for t in range(y + stages[c.level].total, T):
            open_by.setdefault((c.region * L + c.level, t), []).append((col, c.places))
    for r in range(R):
        for lv in range(L):
            p = r * L + lv
            for t in range(T):
                terms = open_by.get((p, t), [])
                if need[r, t, lv] > 0:
                    col = len(cols_cost)
                    cols_cost.append(weights.unmet)
                    cols_lo.append(0.0)
                    cols_hi.append(float(need[r, t, lv]))
                    row = new_row(float(need[r, t, lv]), np.inf)
                    entries.append((row, col, 1.0))
                    entries += [(row, c, q) for c, q in terms]
                if t > peak[r, lv] and terms and weights.stranded > 0:
                    col = len(cols_cost)
                    cols_cost.append(weights.stranded)
                    cols_lo.append(0.0)
                    cols_hi.append(np.inf)
                    row = new_row(-float(need[r, t, lv]), np.inf)
                    entries.append((row, col, 1.0))
                    entries += [(row, c, -q) for c, q in terms]

    # budget (scaled to costs of order 1) and batch caps, per year
    by_year: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for k, y, col in x_cols:
        stage = stages[candidates[k].level]
        by_year.setdefault(("budget", y + stage.land_to_start), []).append((col, candidates[k].cost / cost_scale))
        for batch, year in (("land", y), ("start", y + stage.land_to_start), ("open", y + stage.total)):
            by_year.setdefault((batch, year), []).append((col, 1.0))
    for (kind, year), terms in sorted(by_year.items()):
        if kind == "budget":
            if np.isfinite(budget[year]) and sum(v for _, v in terms) > budget[year] / cost_scale:
                row = new_row(-np.inf, budget[year] / cost_scale)
                entries += [(row, c, v) for c, v in terms]
        elif cap < K and len(terms) > cap:
            row = new_row(-np.inf, float(cap))
            entries += [(row, c, v) for c, v in terms]

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
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
    lp.integrality_ = [kinds.kInteger] * n_x + [kinds.kContinuous] * (len(cols_cost) - n_x)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    land = [-1] * K
    if h.getInfo().primal_solution_status == 2 and n_x:  # a feasible solution exists
        values = np.asarray(h.getSolution().col_value)[:n_x]
        for (k, y, _), v in zip(x_cols, values):
            if v > 0.5:
                land[k] = base + 1 + y
    return land, status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)

