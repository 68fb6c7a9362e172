// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The inputs of the "1+3" expansion programme (DESIGN §2.4): candidates, stage durations,
/// budget, batch cap, weights and levers, checked once by `validate` into a
/// `ValidatedProgramme` that every schedule's judgement (`programme.hpp`) shares.

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/levers.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
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

/// Weights of the objective's terms.
struct Weights {
  /// Per unmet place-year.
  double unmet = 1.0;
  /// Per unit of cost (1e-6: one million yuan weighs as much as one unmet place-year).
  double cost = 1e-6;
  /// Per stranded place-year after the demand peak.
  double stranded = 0.2;
  /// Per crowded pupil-year (DESIGN §2.4b); unset: half of `unmet`.
  std::optional<double> crowd;
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
  /// The levers besides building; none by default (building alone, DESIGN §2.4).
  Levers levers;
};

/// Records every problem of the levers of a programme over R regions and L levels: a pair
/// naming an unknown level or region or a level to itself, a ratio <= 0, a negative cost, a
/// lifetime < 1, a share outside [0, 1], a crowding share < 0, lists of the wrong length.
inline void check_levers(Problems& problems, const Levers& lv, index_t R, index_t L) {
  const auto level_ok = [L](index_t l) { return l >= 0 && l < L; };
  for (std::size_t p = 0; p < lv.conversions.size(); ++p) {
    const auto& c = lv.conversions[p];
    const std::string where = "conversions[" + std::to_string(p) + "]";
    if (!level_ok(c.from_level)) problems.add(where + ".from_level", "unknown level index " + std::to_string(c.from_level));
    if (!level_ok(c.to_level)) problems.add(where + ".to_level", "unknown level index " + std::to_string(c.to_level));
    if (c.from_level == c.to_level) problems.add(where, "converts a level to itself; expected two levels");
    if (!(std::isfinite(c.ratio) && c.ratio > 0)) problems.add(where + ".ratio", "got " + format_number(c.ratio) + "; expected a ratio > 0");
    if (!is_count(c.cost_per_place)) problems.add(where + ".cost_per_place", "got " + format_number(c.cost_per_place) + "; expected a cost >= 0");
    if (c.region < -1 || c.region >= R) problems.add(where + ".region", "unknown region index " + std::to_string(c.region));
  }
  const auto per_level = [&](const char* name, std::size_t n) {
    if (n != 0 && static_cast<index_t>(n) != L) {
      problems.add(name, "got " + std::to_string(n) + " levels; expected none or one per level (" + std::to_string(L) + ")");
    }
  };
  per_level("temporary", lv.temporary.size());
  per_level("crowding", lv.crowding.size());
  for (std::size_t l = 0; l < lv.temporary.size(); ++l) {
    if (!lv.temporary[l]) continue;
    const auto& t = *lv.temporary[l];
    const std::string where = "temporary[" + std::to_string(l) + "]";
    if (!is_count(t.cost_per_place_year)) problems.add(where + ".cost_per_place_year", "got " + format_number(t.cost_per_place_year) + "; expected a cost >= 0");
    if (t.lifetime < 1) problems.add(where + ".lifetime", "got " + std::to_string(t.lifetime) + " years; expected >= 1");
    if (!(t.max_share >= 0 && t.max_share <= 1)) problems.add(where + ".max_share", "got " + format_number(t.max_share) + "; expected a share in [0, 1]");
  }
  for (std::size_t l = 0; l < lv.crowding.size(); ++l) {
    check_scalar(problems, "crowding[" + std::to_string(l) + "]", lv.crowding[l], is_count, "a share >= 0");
  }
}

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
  /// The weights, `crowd` set.
  [[nodiscard]] const Weights& weights() const noexcept { return weights_; }
  /// The levers as given (temporary and crowding empty or one per level).
  [[nodiscard]] const Levers& levers() const noexcept { return levers_; }
  /// True when a plan has continuous decisions: a conversion pair or temporary places.
  [[nodiscard]] bool has_levers() const noexcept {
    return !levers_.conversions.empty() ||
           std::any_of(levers_.temporary.begin(), levers_.temporary.end(), [](const auto& t) { return t.has_value(); });
  }
  /// True when conversion pair p may be used in region r.
  [[nodiscard]] bool applies(std::size_t p, index_t r) const {
    return levers_.conversions[p].region < 0 || levers_.conversions[p].region == r;
  }
  /// Temporary places of level l, if any.
  [[nodiscard]] std::optional<Temporary> temporary(index_t l) const {
    return levers_.temporary.empty() ? std::nullopt : levers_.temporary[static_cast<std::size_t>(l)];
  }
  /// (R, T, L) E[t], existing places.
  [[nodiscard]] const NdArray<double, 3>& existing() const noexcept { return existing_; }
  /// (R, T, L) d[t] = demand[t] − E[t], negative where existing places exceed demand.
  [[nodiscard]] const NdArray<double, 3>& gap() const noexcept { return gap_; }
  /// (R, T, L) φ_l · E[t]: the most pupils that may be crowded.
  [[nodiscard]] const NdArray<double, 3>& room() const noexcept { return room_; }

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
  Levers levers_;
  NdArray<double, 3> existing_, gap_, room_;
  NdArray<double, 3> need_;
  NdArray<index_t, 2> peak_;
};

/// Checks the programme's inputs, recording every problem, and derives need and peak years.
/// @throws InputError for mismatched shapes, negative or non-finite demand or capacity,
/// candidates with an unknown region or level or with places <= 0 or a negative or non-finite
/// cost, stage years outside 0..50, a negative budget, a budget of the wrong length, a
/// negative or non-finite weight, or bad levers (see `check_levers`).
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
  for (const auto& [name, value] : {std::pair<const char*, double>{"unmet", w.unmet}, {"cost", w.cost}, {"stranded", w.stranded},
                                     {"crowd", w.crowd.value_or(0.0)}}) {
    check_scalar(problems, std::string("weights.") + name, value, is_count, "a weight >= 0");
  }
  check_levers(problems, in.levers, R, L);
  problems.throw_if_any();

  ValidatedProgramme v;
  v.base_year_ = in.base_year;
  v.candidates_ = in.candidates;
  v.stages_ = in.stages;
  v.weights_ = in.weights;
  v.weights_.crowd = in.weights.crowd.value_or(0.5 * in.weights.unmet);
  v.levers_ = in.levers;
  const auto K = static_cast<index_t>(in.candidates.size());
  v.cap_ = in.max_per_batch < 0 ? K : in.max_per_batch;
  v.budget_.assign(static_cast<std::size_t>(T), in.budget[0]);
  if (in.budget.size() > 1) v.budget_ = in.budget;
  for (const auto& c : in.candidates) v.first_land_.push_back(std::max<index_t>(0, c.earliest_land_year - in.base_year - 1));
  v.need_ = NdArray<double, 3>({R, T, L});
  v.existing_ = v.gap_ = v.room_ = v.need_;
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        v.existing_(r, t, l) = in.existing(r, t, l);
        v.gap_(r, t, l) = in.demand(r, t, l) - in.existing(r, t, l);
        v.need_(r, t, l) = std::max(0.0, v.gap_(r, t, l));
        v.room_(r, t, l) = in.levers.crowding.empty() ? 0.0 : in.levers.crowding[static_cast<std::size_t>(l)] * in.existing(r, t, l);
      }
  v.peak_ = peak_year(in.demand);
  return v;
}

}  // namespace edplan::capacity
