// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The "1+3" expansion programme (DESIGN §2.4): candidate projects, stage durations, the
/// budget and batch caps, and the exact objective a schedule is judged by.
///
/// Per (region, level) over the projection years t = base_year+1 .. horizon: a candidate k
/// given land in year y starts in y + L and opens in o_k = y + L + B (L, B its level's stage
/// years) and must open by the horizon. With existing capacity E[t] (base places, planned
/// projects and closures), new capacity N[t] = Σ places of chosen candidates with o_k ≤ t,
/// `need[t] = max(0, demand[t] − E[t])`, `unmet[t] = max(0, need[t] − N[t])` and, after the
/// first year of peak demand t*, `stranded[t] = max(0, N[t] − need[t])`, the objective is
/// `w_unmet · Σ unmet + w_cost · Σ cost of chosen + w_stranded · Σ stranded`.
///
/// With levers (DESIGN §2.4b, `levers.hpp`) capacity is `cap[t] = E[t] + N[t] + T[t] +
/// Σ_a ρ(a→l)·X_{a→l}[t] − Σ_b X_{l→b}[t]` (T the temporary places in use, X the places
/// converted by t); `unmet[t] + crowd[t] = max(0, D[t] − cap[t])` with crowd up to φ_l·E[t],
/// used first when `w_crowd < w_unmet`; `stranded[t] = max(0, cap[t] − max(D[t], E[t]))` after
/// t*; the objective adds `w_crowd · Σ crowd` and the costs of conversions and temporary places
/// to the cost term, and one budget per year covers all of them. Without levers this is the
/// above to the letter.
///
/// The inputs and their checks are in `programme_inputs.hpp`, a pair-year's penalty in
/// `year_penalty.hpp`, the levers' places and spending in `lever_places.hpp` and the checks of a
/// plan in `violations.hpp`.

#include "edplan/capacity/lever_places.hpp"
#include "edplan/capacity/programme_inputs.hpp"
#include "edplan/capacity/violations.hpp"
#include "edplan/capacity/year_penalty.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace edplan::capacity {

/// The objective of a schedule, term by term.
struct Totals {
  /// w_unmet · unmet + w_cost · cost + w_stranded · stranded + w_crowd · crowded.
  double objective = 0.0;
  /// Σ unmet place-years.
  double unmet = 0.0;
  /// Σ cost of chosen candidates, conversions and temporary places.
  double cost = 0.0;
  /// Σ stranded place-years after each pair's first peak year.
  double stranded = 0.0;
  /// Σ crowded pupil-years (pupils taught above the class-size norm).
  double crowded = 0.0;
};

/// A schedule judged: the totals and their parts by region, year and level.
struct Outcome {
  /// The objective and its unweighted terms.
  Totals totals;
  /// (R, T, L) N[t], places of chosen candidates open by t.
  NdArray<double, 3> new_places;
  /// (R, T, L) unmet[t].
  NdArray<double, 3> unmet;
  /// (R, T, L) stranded[t] (0 up to the peak year).
  NdArray<double, 3> stranded;
  /// (R, T, L) temporary places in use in year t.
  NdArray<double, 3> temporary;
  /// (R, T, L) places gained by conversion into the level by t: Σ_a ρ(a→l)·X_{a→l}[t].
  NdArray<double, 3> converted_in;
  /// (R, T, L) places of the level converted away by t: Σ_b X_{l→b}[t].
  NdArray<double, 3> converted_out;
  /// (R, T, L) crowd[t]: pupils taught above the class-size norm.
  NdArray<double, 3> crowded;
};

/// Judges a plan: `land_year[k]` is candidate k's land year or `not_chosen`; `plan` the levers.
/// Crowding is not a decision: each year crowds what it may of the shortfall when w_crowd < w_unmet.
/// @throws InputError when the plan is infeasible (see `violations`).
inline Outcome evaluate(const ValidatedProgramme& v, const std::vector<int>& land_year, const LeverPlan& plan) {
  const auto bad = violations(v, land_year, plan);
  if (!bad.empty()) {
    Problems problems;
    for (const auto& b : bad) problems.add("schedule", b);
    problems.throw_if_any();
  }
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  auto lp = lever_places(v, plan);
  Outcome o{{}, NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}),
            {}, {}, {}, NdArray<double, 3>({R, T, L})};
  const auto& cs = v.candidates();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (land_year[k] == not_chosen) continue;
    o.totals.cost += cs[k].cost;
    for (index_t t = land_year[k] - v.base_year() - 1 + v.stages(k).total(); t < T; ++t) {
      o.new_places(cs[k].region, t, cs[k].level) += cs[k].places;
    }
  }
  for (const double s : lever_spend(v, plan, lp)) o.totals.cost += s;
  const auto& w = v.weights();
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        const double q = o.new_places(r, t, l) + lp.temporary(r, t, l) + lp.converted_in(r, t, l) - lp.converted_out(r, t, l);
        const auto p = year_parts(v.gap()(r, t, l), q, v.room()(r, t, l), t > v.peak()(r, l), w);
        o.unmet(r, t, l) = p.unmet;
        o.stranded(r, t, l) = p.stranded;
        o.crowded(r, t, l) = p.crowded;
        o.totals.unmet += p.unmet;
        o.totals.stranded += p.stranded;
        o.totals.crowded += p.crowded;
      }
  o.totals.objective = w.unmet * o.totals.unmet + w.cost * o.totals.cost + w.stranded * o.totals.stranded +
                       *w.crowd * o.totals.crowded;
  o.temporary = std::move(lp.temporary);
  o.converted_in = std::move(lp.converted_in);
  o.converted_out = std::move(lp.converted_out);
  return o;
}

/// `evaluate` of a plan that builds only.
inline Outcome evaluate(const ValidatedProgramme& v, const std::vector<int>& land_year) {
  return evaluate(v, land_year, no_levers(v));
}

/// (R, L) the unmet place-years that remain even if every candidate of the pair opened at its
/// earliest (ignoring budget and caps): the part of a deficit no schedule can close.
inline NdArray<double, 2> unmet_floor(const ValidatedProgramme& v) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  NdArray<double, 3> all({R, T, L});
  const auto& cs = v.candidates();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (v.first_land(k) > v.last_land(k)) continue;
    for (index_t t = v.first_land(k) + v.stages(k).total(); t < T; ++t) all(cs[k].region, t, cs[k].level) += cs[k].places;
  }
  NdArray<double, 2> out({R, L});
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) out(r, l) += std::max(0.0, v.need()(r, t, l) - all(r, t, l));
  return out;
}

}  // namespace edplan::capacity
