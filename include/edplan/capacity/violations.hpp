// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The checks of a plan against a programme's rules: land-year windows, the budget, the batch
/// cap and the bounds of the levers, every broken rule one line.

#include "edplan/capacity/lever_places.hpp"
#include "edplan/capacity/programme_inputs.hpp"
#include "edplan/core/format.hpp"

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace edplan::capacity {

namespace detail {
// Everything wrong with a lever plan alone: shapes, negative values, levers that do not exist,
// more converted than existed, more temporary places than the sites hold.
inline void lever_violations(const ValidatedProgramme& v, const LeverPlan& plan, std::vector<std::string>& out) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  const auto P = static_cast<index_t>(v.levers().conversions.size());
  const auto shape = [](const auto& a) {
    return "(" + std::to_string(a.shape(0)) + ", " + std::to_string(a.shape(1)) + ", " + std::to_string(a.shape(2)) + ")";
  };
  if (plan.converted.shape() != NdArray<double, 3>::shape_type{R, P, T}) out.push_back("converted has shape " + shape(plan.converted) + "; expected (regions, pairs, years)");
  if (plan.temporary.shape() != NdArray<double, 3>::shape_type{R, T, L}) out.push_back("temporary has shape " + shape(plan.temporary) + "; expected (regions, years, levels)");
  if (!out.empty()) return;
  const auto year = [&](index_t t) { return std::to_string(v.base_year() + 1 + t); };
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t) {
      for (index_t p = 0; p < P; ++p) {
        const double x = plan.converted(r, p, t);
        if (!(std::isfinite(x) && x >= 0)) out.push_back("converted[" + std::to_string(r) + ", " + std::to_string(p) + ", " + year(t) + "] = " + format_number(x) + "; expected places >= 0");
        else if (x > 0 && !v.applies(static_cast<std::size_t>(p), r)) out.push_back("converted[" + std::to_string(r) + ", " + std::to_string(p) + "]: the pair does not apply to region " + std::to_string(r));
      }
      for (index_t l = 0; l < L; ++l) {
        const double z = plan.temporary(r, t, l);
        if (!(std::isfinite(z) && z >= 0)) out.push_back("temporary[" + std::to_string(r) + ", " + year(t) + ", " + std::to_string(l) + "] = " + format_number(z) + "; expected places >= 0");
        else if (z > 0 && !v.temporary(l)) out.push_back("temporary[" + std::to_string(r) + ", " + year(t) + ", " + std::to_string(l) + "]: level " + std::to_string(l) + " has no temporary places");
      }
    }
  if (!out.empty()) return;
  const auto places = lever_places(v, plan);
  const auto over = [](double used, double limit) { return used > limit * (1 + 1e-9) + 1e-6; };
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        const double E = v.existing()(r, t, l);
        const std::string at = "region " + std::to_string(r) + ", level " + std::to_string(l) + ", " + year(t) + ": ";
        if (over(places.converted_out(r, t, l), E)) out.push_back(at + format_number(places.converted_out(r, t, l)) + " places converted away; " + format_number(E) + " existed");
        const auto tmp = v.temporary(l);
        if (tmp && over(places.temporary(r, t, l), tmp->max_share * E)) out.push_back(at + format_number(places.temporary(r, t, l)) + " temporary places in use; room for " + format_number(tmp->max_share * E));
      }
}
}  // namespace detail

/// Everything wrong with a plan (`land_year[k]` a year or `not_chosen`, and the levers), one
/// line each: a land year outside the candidate's window (before its earliest or base_year + 1,
/// or too late to open by the horizon), a budget exceeded (build starts + conversions +
/// temporary places in use), a batch of builds over the cap, a lever that does not exist, more
/// places converted away than existed, more temporary places than `max_share` allows. Empty
/// when the plan is feasible.
inline std::vector<std::string> violations(const ValidatedProgramme& v, const std::vector<int>& land_year,
                                           const LeverPlan& plan) {
  std::vector<std::string> out;
  const auto& cs = v.candidates();
  if (land_year.size() != cs.size()) {
    out.push_back("got " + std::to_string(land_year.size()) + " land years; expected one per candidate (" +
                  std::to_string(cs.size()) + ")");
    return out;
  }
  detail::lever_violations(v, plan, out);
  if (!out.empty()) return out;
  const index_t T = v.years();
  std::vector<double> spend = lever_spend(v, plan, lever_places(v, plan));
  std::vector<index_t> land(static_cast<std::size_t>(T), 0), start(land), open(land);
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (land_year[k] == not_chosen) continue;
    const index_t y = land_year[k] - v.base_year() - 1;
    if (y < v.first_land(k) || y > v.last_land(k)) {
      out.push_back(cs[k].id + ": land in " + std::to_string(land_year[k]) + " is outside " +
                    std::to_string(v.base_year() + 1 + v.first_land(k)) + ".." +
                    std::to_string(v.base_year() + 1 + v.last_land(k)));
      continue;
    }
    const auto s = v.stages(k);
    land[static_cast<std::size_t>(y)] += 1;
    start[static_cast<std::size_t>(y + s.land_to_start)] += 1;
    open[static_cast<std::size_t>(y + s.total())] += 1;
    spend[static_cast<std::size_t>(y + s.land_to_start)] += cs[k].cost;
  }
  for (index_t t = 0; t < T; ++t) {
    const auto i = static_cast<std::size_t>(t);
    const std::string year = std::to_string(v.base_year() + 1 + t);
    if (spend[i] > v.budget(t) * (1 + 1e-9)) {
      out.push_back(year + ": spending " + format_number(spend[i]) + "; budget " + format_number(v.budget(t)));
    }
    const std::pair<const char*, index_t> batches[] = {{"land", land[i]}, {"start", start[i]}, {"open", open[i]}};
    for (const auto& [batch, n] : batches) {
      if (n > v.max_per_batch()) {
        out.push_back(year + ": " + std::to_string(n) + " candidates in the " + batch + " batch; cap " +
                      std::to_string(v.max_per_batch()));
      }
    }
  }
  return out;
}

/// `violations` of a plan that builds only.
inline std::vector<std::string> violations(const ValidatedProgramme& v, const std::vector<int>& land_year) {
  return violations(v, land_year, no_levers(v));
}

}  // namespace edplan::capacity
