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

#include "edplan/capacity/balance.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace edplan::capacity {

/// Stage durations of a level in whole years: land → start of building, start → opening.
struct StageYears {
  /// L: years from getting the land to starting to build.
  int land_to_start = 1;
  /// B: years from starting to build to opening.
  int start_to_open = 2;
  /// L + B.
  [[nodiscard]] int total() const noexcept { return land_to_start + start_to_open; }
};

/// Weights of the objective's three terms.
struct Weights {
  /// Per unmet place-year.
  double unmet = 1.0;
  /// Per unit of cost (1e-6: one million yuan weighs as much as one unmet place-year).
  double cost = 1e-6;
  /// Per stranded place-year after the demand peak.
  double stranded = 0.2;
};

/// A candidate project the scheduler may choose and time.
struct Candidate {
  /// The project's id, for messages and tables.
  std::string id;
  /// Region index.
  index_t region = 0;
  /// Level index.
  index_t level = 0;
  /// Places it adds when it opens (> 0).
  double places = 0.0;
  /// Its cost (>= 0), counted against the budget of its start year.
  double cost = 0.0;
  /// The earliest year it can get its land; the scheduler uses no year before base_year + 1.
  int earliest_land_year = 0;
};

/// The marker of a candidate left out of a schedule.
inline constexpr int not_chosen = -1;

/// The inputs of the programme over R regions, T projection years and L levels.
struct ProgrammeInputs {
  /// (R, T, L) pupils in years base_year+1 .. base_year+T.
  View<const double, 3> demand;
  /// (R, T, L) E[t]: base places plus planned projects open by t, less closures.
  View<const double, 3> existing;
  /// The candidates, in any order; schedules refer to them by position.
  std::vector<Candidate> candidates;
  /// Stage years, one per level.
  std::vector<StageYears> stages;
  /// The base year: the first year a candidate can get its land is base_year + 1.
  int base_year = 0;
  /// Budget for the cost of candidates starting in each year: T values (base_year+1 ..), or
  /// one for every year; infinity for no limit.
  std::vector<double> budget{std::numeric_limits<double>::infinity()};
  /// At most this many candidates get land, start, and open in any one year (planned projects
  /// do not count); negative for no cap.
  index_t max_per_batch = -1;
  /// The objective's weights.
  Weights weights;
};

/// The objective of a schedule, term by term.
struct Totals {
  /// w_unmet · unmet + w_cost · cost + w_stranded · stranded.
  double objective = 0.0;
  /// Σ unmet place-years.
  double unmet = 0.0;
  /// Σ cost of chosen candidates.
  double cost = 0.0;
  /// Σ stranded place-years after each pair's first peak year.
  double stranded = 0.0;
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
};

class ValidatedProgramme;
inline ValidatedProgramme validate(const ProgrammeInputs& in);

/// A programme that `validate` accepted, with what every schedule's judgement shares: the need
/// left by existing capacity, each pair's peak year and each candidate's land-year window.
/// It copies what it needs, so the input arrays may go once it exists.
class ValidatedProgramme {
 public:
  /// R, T, L: regions, projection years, levels.
  [[nodiscard]] index_t regions() const noexcept { return need_.shape(0); }
  [[nodiscard]] index_t years() const noexcept { return need_.shape(1); }
  [[nodiscard]] index_t levels() const noexcept { return need_.shape(2); }
  /// The base year; year index t is year base_year + 1 + t.
  [[nodiscard]] int base_year() const noexcept { return base_year_; }
  /// The candidates as given.
  [[nodiscard]] const std::vector<Candidate>& candidates() const noexcept { return candidates_; }
  /// (R, T, L) need[t] = max(0, demand[t] − E[t]).
  [[nodiscard]] const NdArray<double, 3>& need() const noexcept { return need_; }
  /// (R, L) year index of the first year of peak demand (`peak_year` of the demand).
  [[nodiscard]] const NdArray<index_t, 2>& peak() const noexcept { return peak_; }
  /// Stage years of candidate k's level.
  [[nodiscard]] StageYears stages(std::size_t k) const { return stages_[static_cast<std::size_t>(candidates_[k].level)]; }
  /// Year index of candidate k's earliest land year (may exceed `last_land(k)`: it cannot open in time).
  [[nodiscard]] index_t first_land(std::size_t k) const { return first_land_[k]; }
  /// Year index of candidate k's latest land year that still opens by the horizon (may be < 0).
  [[nodiscard]] index_t last_land(std::size_t k) const { return years() - 1 - stages(k).total(); }
  /// The budget of year index t.
  [[nodiscard]] double budget(index_t t) const { return budget_[static_cast<std::size_t>(t)]; }
  /// The batch cap; a number >= the candidate count when there is none.
  [[nodiscard]] index_t max_per_batch() const noexcept { return cap_; }
  /// The weights.
  [[nodiscard]] const Weights& weights() const noexcept { return weights_; }

 private:
  friend ValidatedProgramme validate(const ProgrammeInputs& in);
  ValidatedProgramme() = default;
  int base_year_ = 0;
  std::vector<Candidate> candidates_;
  std::vector<StageYears> stages_;
  std::vector<index_t> first_land_;
  std::vector<double> budget_;
  index_t cap_ = 0;
  Weights weights_;
  NdArray<double, 3> need_;
  NdArray<index_t, 2> peak_;
};

/// Checks the programme's inputs, recording every problem, and derives need and peak years.
/// @throws InputError for mismatched shapes, negative or non-finite demand or capacity,
/// candidates with an unknown region or level or with places <= 0 or a negative or non-finite
/// cost, stage years outside 0..50, a negative budget, a budget of the wrong length, or a
/// negative or non-finite weight.
inline ValidatedProgramme validate(const ProgrammeInputs& in) {
  Problems problems;
  const index_t R = in.demand.shape(0), T = in.demand.shape(1), L = in.demand.shape(2);
  const Field<3> dem{"demand", {"region", "year", "level"}}, ex{"existing", {"region", "year", "level"}};
  for (std::size_t d = 0; d < 3; ++d) check_extent(problems, ex, in.existing, d, in.demand.shape(d), false, "as demand");
  check_values(problems, dem, in.demand, is_count, "pupils >= 0");
  check_values(problems, ex, in.existing, is_count, "places >= 0");
  if (static_cast<index_t>(in.stages.size()) != L) {
    problems.add("stage_years", "got " + std::to_string(in.stages.size()) + " levels; expected one per level (" +
                                    std::to_string(L) + ")");
  }
  for (std::size_t l = 0; l < in.stages.size(); ++l) {
    for (const int s : {in.stages[l].land_to_start, in.stages[l].start_to_open}) {
      if (s < 0 || s > 50) problems.add("stage_years[" + std::to_string(l) + "]", "got " + std::to_string(s) + " years; expected 0..50");
    }
  }
  for (const auto& c : in.candidates) {
    const std::string where = "candidates[" + c.id + "]";
    if (c.region < 0 || c.region >= R) problems.add(where, "unknown region index " + std::to_string(c.region));
    if (c.level < 0 || c.level >= L) problems.add(where, "unknown level index " + std::to_string(c.level));
    if (!(std::isfinite(c.places) && c.places > 0)) problems.add(where, "got " + format_number(c.places) + " places; expected a number > 0");
    if (!is_count(c.cost)) problems.add(where, "got a cost of " + format_number(c.cost) + "; expected a number >= 0");
  }
  if (in.budget.size() != 1 && static_cast<index_t>(in.budget.size()) != T) {
    problems.add("budget_per_year", "got " + std::to_string(in.budget.size()) + " values; expected 1 or one per year (" +
                                        std::to_string(T) + ")");
  }
  for (std::size_t t = 0; t < in.budget.size(); ++t) {
    if (!(in.budget[t] >= 0)) problems.add("budget_per_year[" + std::to_string(t) + "]", "got " + format_number(in.budget[t]) + "; expected a budget >= 0");
  }
  const auto& w = in.weights;
  for (const auto& [name, value] : {std::pair<const char*, double>{"unmet", w.unmet}, {"cost", w.cost}, {"stranded", w.stranded}}) {
    check_scalar(problems, std::string("weights.") + name, value, is_count, "a weight >= 0");
  }
  problems.throw_if_any();

  ValidatedProgramme v;
  v.base_year_ = in.base_year;
  v.candidates_ = in.candidates;
  v.stages_ = in.stages;
  v.weights_ = in.weights;
  const auto K = static_cast<index_t>(in.candidates.size());
  v.cap_ = in.max_per_batch < 0 ? K : in.max_per_batch;
  v.budget_.assign(static_cast<std::size_t>(T), in.budget[0]);
  if (in.budget.size() > 1) v.budget_ = in.budget;
  for (const auto& c : in.candidates) v.first_land_.push_back(std::max<index_t>(0, c.earliest_land_year - in.base_year - 1));
  v.need_ = NdArray<double, 3>({R, T, L});
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) v.need_(r, t, l) = std::max(0.0, in.demand(r, t, l) - in.existing(r, t, l));
  v.peak_ = peak_year(in.demand);
  return v;
}

/// The penalty of one pair-year: `w_unmet · max(0, need − n)`, plus after the peak year
/// `w_stranded · max(0, n − need)`.
inline double year_penalty(double need, double n, bool after_peak, const Weights& w) noexcept {
  if (n < need) return w.unmet * (need - n);
  return after_peak ? w.stranded * (n - need) : 0.0;
}

/// Everything wrong with a schedule (`land_year[k]` a year or `not_chosen`), one line each:
/// a land year outside the candidate's window (before its earliest or base_year + 1, or too
/// late to open by the horizon), a budget exceeded in a start year, a batch over the cap.
/// Empty when the schedule is feasible.
inline std::vector<std::string> violations(const ValidatedProgramme& v, const std::vector<int>& land_year) {
  std::vector<std::string> out;
  const auto& cs = v.candidates();
  if (land_year.size() != cs.size()) {
    out.push_back("got " + std::to_string(land_year.size()) + " land years; expected one per candidate (" +
                  std::to_string(cs.size()) + ")");
    return out;
  }
  const index_t T = v.years();
  std::vector<double> spend(static_cast<std::size_t>(T), 0.0);
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
    if (spend[i] > v.budget(t) * (1 + 1e-12)) {
      out.push_back(year + ": starts cost " + format_number(spend[i]) + "; budget " + format_number(v.budget(t)));
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

/// Judges a schedule: `land_year[k]` is candidate k's land year or `not_chosen`.
/// @throws InputError when the schedule is infeasible (see `violations`).
inline Outcome evaluate(const ValidatedProgramme& v, const std::vector<int>& land_year) {
  const auto bad = violations(v, land_year);
  if (!bad.empty()) {
    Problems problems;
    for (const auto& b : bad) problems.add("schedule", b);
    problems.throw_if_any();
  }
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  Outcome o{{}, NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L})};
  const auto& cs = v.candidates();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (land_year[k] == not_chosen) continue;
    o.totals.cost += cs[k].cost;
    for (index_t t = land_year[k] - v.base_year() - 1 + v.stages(k).total(); t < T; ++t) {
      o.new_places(cs[k].region, t, cs[k].level) += cs[k].places;
    }
  }
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        const double need = v.need()(r, t, l), n = o.new_places(r, t, l);
        o.unmet(r, t, l) = std::max(0.0, need - n);
        o.stranded(r, t, l) = t > v.peak()(r, l) ? std::max(0.0, n - need) : 0.0;
        o.totals.unmet += o.unmet(r, t, l);
        o.totals.stranded += o.stranded(r, t, l);
      }
  const auto& w = v.weights();
  o.totals.objective = w.unmet * o.totals.unmet + w.cost * o.totals.cost + w.stranded * o.totals.stranded;
  return o;
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
