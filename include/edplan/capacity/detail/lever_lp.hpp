// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: the continuous levers (conversions, temporary places) for fixed
/// builds, solved exactly as a linear program by a bounded-variable primal simplex.
///
/// For fixed builds (N their places) each pair-year's penalty is convex and piecewise linear in
/// the levers' places q, so, per (region r, level l, year t) touched by a lever, one row
///
///     q[r,l,t] + unmet + crowd − free − stranded = d[r,l,t] − N[r,l,t]
///
/// with unmet >= 0 (cost w_unmet), 0 <= crowd <= φ·E (w_crowd, only when w_crowd < w_unmet),
/// 0 <= free <= max(0, −d) (cost 0: places below what existed anyway) and stranded >= 0
/// (w_stranded after the peak year, 0 before), where q = Σ ρ·x in − Σ x out + temporary in use
/// (DESIGN §2.4b). Rows `Σ_{y<=t} x[a→·, y] <= E_a[t]` bound the conversions, rows
/// `Σ_{y<=t<y+m} z[y] <= τ·E[t]` the temporary places, and one row per year the budget left by
/// the builds. The regions share only the budget: they are solved one by one without it, and
/// together with it only when their plans together overspend some year.

#include "edplan/capacity/programme.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

// min cost·x subject to A x = rhs, 0 <= x <= upper, with an initial basis given per row by a
// column whose only nonzero is in that row and whose value rhs / coefficient lies in its bounds.
struct LinearProgram {
  index_t rows = 0;
  std::vector<double> cost, upper;
  std::vector<std::vector<std::pair<index_t, double>>> columns;  // (row, coefficient)
  std::vector<double> rhs;
  std::vector<index_t> basis;  // the initial basic column of each row

  index_t add_row(double b) {
    rhs.push_back(b);
    basis.push_back(-1);
    return rows++;
  }
  index_t add_column(double c, double u, std::vector<std::pair<index_t, double>> entries) {
    cost.push_back(c);
    upper.push_back(u);
    columns.push_back(std::move(entries));
    return static_cast<index_t>(cost.size()) - 1;
  }
};

// Solves `lp` by the bounded-variable primal simplex on a dense tableau (Dantzig's rule, Bland's
// after a run of degenerate steps). The values of the columns at the optimum, or nullopt when
// it does not finish within its iteration limit or the problem is unbounded.
inline std::optional<std::vector<double>> solve_lp(const LinearProgram& lp) {
  const auto m = static_cast<std::size_t>(lp.rows), n = lp.cost.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> tab(m * n, 0.0), beta(m, 0.0), red = lp.cost;
  std::vector<std::size_t> head(m);
  std::vector<int> state(n, 0);  // 0 at lower, 1 at upper, 2 basic
  for (std::size_t j = 0; j < n; ++j)
    for (const auto& [i, a] : lp.columns[j]) tab[static_cast<std::size_t>(i) * n + j] += a;
  for (std::size_t i = 0; i < m; ++i) {
    head[i] = static_cast<std::size_t>(lp.basis[i]);
    const double a = tab[i * n + head[i]];
    for (std::size_t j = 0; j < n; ++j) tab[i * n + j] /= a;
    beta[i] = lp.rhs[i] / a;
    state[head[i]] = 2;
  }
  for (std::size_t i = 0; i < m; ++i) {
    const double cb = lp.cost[head[i]];
    if (cb != 0.0)
      for (std::size_t j = 0; j < n; ++j) red[j] -= cb * tab[i * n + j];
  }
  double scale = 1e-12;
  for (const double c : lp.cost) scale = std::max(scale, std::abs(c));
  const double dtol = 1e-11 * scale, ptol = 1e-9;
  const std::size_t max_iter = 50 * (m + n) + 1000;
  std::size_t degenerate = 0;
  std::vector<std::size_t> nz;
  for (std::size_t iter = 0; iter < max_iter; ++iter) {
    // Entering column.
    const bool bland = degenerate > 50;
    std::size_t enter = n;
    double best = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      double score = 0.0;
      if (state[j] == 0 && red[j] < -dtol && lp.upper[j] > 0) score = -red[j];
      else if (state[j] == 1 && red[j] > dtol) score = red[j];
      if (score > best) {
        best = score;
        enter = j;
        if (bland) break;
      }
    }
    if (enter == n) {
      std::vector<double> x(n, 0.0);
      for (std::size_t j = 0; j < n; ++j)
        if (state[j] == 1) x[j] = lp.upper[j];
      for (std::size_t i = 0; i < m; ++i) x[head[i]] = std::clamp(beta[i], 0.0, lp.upper[head[i]]);
      return x;
    }
    const double dir = state[enter] == 0 ? 1.0 : -1.0;
    // Ratio test.
    double theta = lp.upper[enter];
    std::size_t leave = m;
    bool to_upper = false;
    double leave_pivot = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      const double a = dir * tab[i * n + enter];
      double lim = inf;
      bool up = false;
      if (a > ptol) {
        lim = std::max(0.0, beta[i]) / a;
      } else if (a < -ptol && lp.upper[head[i]] < inf) {
        lim = std::max(0.0, lp.upper[head[i]] - beta[i]) / -a;
        up = true;
      } else {
        continue;
      }
      if (lim < theta - 1e-12 || (lim <= theta + 1e-12 && std::abs(a) > leave_pivot)) {
        theta = lim;
        leave = i;
        to_upper = up;
        leave_pivot = std::abs(a);
      }
    }
    if (theta == inf) return std::nullopt;
    degenerate = theta > 1e-10 ? 0 : degenerate + 1;
    for (std::size_t i = 0; i < m; ++i) {
      const double a = tab[i * n + enter];
      if (a != 0.0) beta[i] -= dir * theta * a;
    }
    if (leave == m) {  // the entering column reaches its other bound
      state[enter] = 1 - state[enter];
      continue;
    }
    const double value = (dir > 0 ? 0.0 : lp.upper[enter]) + dir * theta;
    state[head[leave]] = to_upper ? 1 : 0;
    state[enter] = 2;
    head[leave] = enter;
    beta[leave] = value;
    // Pivot on (leave, enter), touching only the pivot row's nonzeros.
    double* prow = &tab[leave * n];
    const double piv = prow[enter];
    nz.clear();
    for (std::size_t j = 0; j < n; ++j) {
      if (prow[j] != 0.0) {
        prow[j] /= piv;
        if (std::abs(prow[j]) < 1e-14) prow[j] = 0.0;
        else nz.push_back(j);
      }
    }
    prow[enter] = 1.0;
    for (std::size_t i = 0; i < m; ++i) {
      if (i == leave) continue;
      double* row = &tab[i * n];
      const double f = row[enter];
      if (f == 0.0) continue;
      for (const std::size_t j : nz) row[j] -= f * prow[j];
      row[enter] = 0.0;
    }
    const double f = red[enter];
    for (const std::size_t j : nz) red[j] -= f * prow[j];
    red[enter] = 0.0;
  }
  return std::nullopt;
}

// The exact lever plan of `regions` for fixed builds (`built`: (R, T, L) their places, `spend`
// their spending per year), with the budget rows when `budget` is set. nullopt when the
// simplex fails.
inline std::optional<LeverPlan> solve_lever_lp(const ValidatedProgramme& v, const NdArray<double, 3>& built,
                                               const std::vector<double>& spend, const std::vector<index_t>& regions,
                                               bool budget, LeverPlan plan) {
  const index_t T = v.years(), L = v.levels();
  const auto& pairs = v.levers().conversions;
  const auto P = static_cast<index_t>(pairs.size());
  const auto& w = v.weights();
  const double inf = std::numeric_limits<double>::infinity();
  const bool crowds = *w.crowd < w.unmet;
  LinearProgram lp;
  std::vector<index_t> budget_row(static_cast<std::size_t>(T), -1);
  double budget_scale = 1.0;
  for (const auto& c : pairs) budget_scale = std::max(budget_scale, c.cost_per_place);
  for (index_t l = 0; l < L; ++l)
    if (const auto tmp = v.temporary(l)) budget_scale = std::max(budget_scale, tmp->cost_per_place_year);
  if (budget) {
    for (index_t t = 0; t < T; ++t) {
      if (!std::isfinite(v.budget(t))) continue;
      const index_t row = lp.add_row(std::max(0.0, v.budget(t) - spend[static_cast<std::size_t>(t)]) / budget_scale);
      budget_row[static_cast<std::size_t>(t)] = row;
      lp.basis[static_cast<std::size_t>(row)] = lp.add_column(0.0, inf, {{row, 1.0}});
    }
  }
  struct Column {
    index_t region, which, year;
    bool conversion;
    index_t column;
  };
  std::vector<Column> decisions;
  for (const index_t r : regions) {
    std::vector<bool> touched(static_cast<std::size_t>(L), false), gives(touched);
    for (index_t p = 0; p < P; ++p)
      if (v.applies(static_cast<std::size_t>(p), r)) {
        touched[static_cast<std::size_t>(pairs[static_cast<std::size_t>(p)].from_level)] = true;
        touched[static_cast<std::size_t>(pairs[static_cast<std::size_t>(p)].to_level)] = true;
        gives[static_cast<std::size_t>(pairs[static_cast<std::size_t>(p)].from_level)] = true;
      }
    for (index_t l = 0; l < L; ++l)
      if (v.temporary(l)) touched[static_cast<std::size_t>(l)] = true;
    // Rows: the pair-years, the conversion bounds, the temporary bounds; -1 where none.
    NdArray<index_t, 2> cell({L, T}), out({L, T}), room({L, T});
    for (index_t l = 0; l < L; ++l)
      for (index_t t = 0; t < T; ++t) {
        cell(l, t) = out(l, t) = room(l, t) = -1;
        const double E = v.existing()(r, t, l);
        if (touched[static_cast<std::size_t>(l)]) {
          const double d = v.gap()(r, t, l);
          const double target = d - built(r, t, l);
          const index_t row = cell(l, t) = lp.add_row(target);
          const index_t unmet = lp.add_column(w.unmet, inf, {{row, 1.0}});
          if (crowds && v.room()(r, t, l) > 0) lp.add_column(*w.crowd, v.room()(r, t, l), {{row, 1.0}});
          if (d < 0) lp.add_column(0.0, -d, {{row, -1.0}});
          const index_t stranded = lp.add_column(t > v.peak()(r, l) ? w.stranded : 0.0, inf, {{row, -1.0}});
          lp.basis[static_cast<std::size_t>(row)] = target >= 0 ? unmet : stranded;
        }
        if (gives[static_cast<std::size_t>(l)]) {
          const index_t row = out(l, t) = lp.add_row(E);
          lp.basis[static_cast<std::size_t>(row)] = lp.add_column(0.0, inf, {{row, 1.0}});
        }
        if (const auto tmp = v.temporary(l)) {
          const index_t row = room(l, t) = lp.add_row(tmp->max_share * E);
          lp.basis[static_cast<std::size_t>(row)] = lp.add_column(0.0, inf, {{row, 1.0}});
        }
      }
    for (index_t p = 0; p < P; ++p) {
      if (!v.applies(static_cast<std::size_t>(p), r)) continue;
      const auto& c = pairs[static_cast<std::size_t>(p)];
      for (index_t y = 0; y < T; ++y) {
        std::vector<std::pair<index_t, double>> e;
        for (index_t t = y; t < T; ++t) {
          e.emplace_back(cell(c.to_level, t), c.ratio);
          e.emplace_back(cell(c.from_level, t), -1.0);
          e.emplace_back(out(c.from_level, t), 1.0);
        }
        if (budget_row[static_cast<std::size_t>(y)] >= 0 && c.cost_per_place > 0) {
          e.emplace_back(budget_row[static_cast<std::size_t>(y)], c.cost_per_place / budget_scale);
        }
        decisions.push_back({r, p, y, true, lp.add_column(w.cost * c.cost_per_place, inf, std::move(e))});
      }
    }
    for (index_t l = 0; l < L; ++l) {
      const auto tmp = v.temporary(l);
      if (!tmp) continue;
      for (index_t y = 0; y < T; ++y) {
        std::vector<std::pair<index_t, double>> e;
        const index_t until = std::min<index_t>(T, y + tmp->lifetime);
        for (index_t t = y; t < until; ++t) {
          e.emplace_back(cell(l, t), 1.0);
          e.emplace_back(room(l, t), 1.0);
          if (budget_row[static_cast<std::size_t>(t)] >= 0 && tmp->cost_per_place_year > 0) {
            e.emplace_back(budget_row[static_cast<std::size_t>(t)], tmp->cost_per_place_year / budget_scale);
          }
        }
        const double c = w.cost * tmp->cost_per_place_year * static_cast<double>(until - y);
        decisions.push_back({r, l, y, false, lp.add_column(c, inf, std::move(e))});
      }
    }
  }
  const auto x = solve_lp(lp);
  if (!x) return std::nullopt;
  for (const auto& d : decisions) {
    const double value = (*x)[static_cast<std::size_t>(d.column)];
    const double clean = value < 1e-9 ? 0.0 : value;
    if (d.conversion) plan.converted(d.region, d.which, d.year) = clean;
    else plan.temporary(d.region, d.year, d.which) = clean;
  }
  return plan;
}

// The exact lever plan for fixed builds `land_year`: each region alone, then all together with
// the budget when their plans overspend some year. nullopt when the simplex fails or its plan
// is not feasible (rounding).
inline std::optional<LeverPlan> exact_levers(const ValidatedProgramme& v, const std::vector<int>& land_year) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  NdArray<double, 3> built({R, T, L});
  std::vector<double> spend(static_cast<std::size_t>(T), 0.0);
  const auto& cs = v.candidates();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (land_year[k] == not_chosen) continue;
    const index_t y = land_year[k] - v.base_year() - 1;
    spend[static_cast<std::size_t>(y + v.stages(k).land_to_start)] += cs[k].cost;
    for (index_t t = y + v.stages(k).total(); t < T; ++t) built(cs[k].region, t, cs[k].level) += cs[k].places;
  }
  std::optional<LeverPlan> plan = no_levers(v);
  for (index_t r = 0; r < R && plan; ++r) plan = solve_lever_lp(v, built, spend, {r}, false, std::move(*plan));
  if (plan && violations(v, land_year, *plan).empty()) return plan;
  std::vector<index_t> all(static_cast<std::size_t>(R));
  for (index_t r = 0; r < R; ++r) all[static_cast<std::size_t>(r)] = r;
  plan = solve_lever_lp(v, built, spend, all, true, no_levers(v));
  if (plan && violations(v, land_year, *plan).empty()) return plan;
  return std::nullopt;
}

}  // namespace edplan::capacity::detail

namespace edplan::capacity::detail {

// Region r's exact levers for builds `land_year`, the other regions' levers as in `plan` (their
// spending counted against the budget). nullopt when the simplex fails or the plan is infeasible.
inline std::optional<LeverPlan> region_levers(const ValidatedProgramme& v, const std::vector<int>& land_year,
                                              const LeverPlan& plan, index_t r) {
  const index_t T = v.years(), L = v.levels();
  NdArray<double, 3> built({v.regions(), T, L});
  LeverPlan others = plan;
  for (index_t p = 0; p < others.converted.shape(1); ++p)
    for (index_t t = 0; t < T; ++t) others.converted(r, p, t) = 0.0;
  for (index_t t = 0; t < T; ++t)
    for (index_t l = 0; l < L; ++l) others.temporary(r, t, l) = 0.0;
  std::vector<double> spend = lever_spend(v, others, lever_places(v, others));
  const auto& cs = v.candidates();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (land_year[k] == not_chosen) continue;
    const index_t y = land_year[k] - v.base_year() - 1;
    spend[static_cast<std::size_t>(y + v.stages(k).land_to_start)] += cs[k].cost;
    if (cs[k].region != r) continue;
    for (index_t t = y + v.stages(k).total(); t < T; ++t) built(r, t, cs[k].level) += cs[k].places;
  }
  auto out = solve_lever_lp(v, built, spend, {r}, true, std::move(others));
  if (out && violations(v, land_year, *out).empty()) return out;
  return std::nullopt;
}

}  // namespace edplan::capacity::detail
