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

/// One pair-year's unmet, crowded and stranded places with capacity E + q (q: new, temporary
/// and converted places, negative where more were converted away than gained), d = D − E and
/// crowding room `room`: the shortfall max(0, d − q) is crowded up to `room` when w_crowd <
/// w_unmet and unmet beyond; after the peak year, stranded = max(0, q − max(0, d)), the places
/// above both demand and what existed anyway. With q = N >= 0 and room 0 these are §2.4's
/// `max(0, need − N)` and `max(0, N − need)`.
struct YearParts {
  double unmet = 0.0;
  double crowded = 0.0;
  double stranded = 0.0;
};

/// The parts of one pair-year (see `YearParts`); `w` with `crowd` set, as `validate` leaves it.
inline YearParts year_parts(double d, double q, double room, bool after_peak, const Weights& w) noexcept {
  YearParts out;
  if (q < d) {
    const double s = d - q;
    out.crowded = *w.crowd < w.unmet ? std::min(room, s) : 0.0;
    out.unmet = s - out.crowded;
  } else if (after_peak) {
    out.stranded = std::max(0.0, q - std::max(0.0, d));
  }
  return out;
}

/// The penalty of one pair-year: `w_unmet · unmet + w_crowd · crowded + w_stranded · stranded`
/// of `year_parts`.
inline double year_penalty(double d, double q, double room, bool after_peak, const Weights& w) noexcept {
  const auto p = year_parts(d, q, room, after_peak, w);
  return w.unmet * p.unmet + *w.crowd * p.crowded + w.stranded * p.stranded;
}

/// The places the levers of a plan give, per (R, T, L).
struct LeverPlaces {
  /// Temporary places in use.
  NdArray<double, 3> temporary;
  /// Σ_a ρ(a→l)·X_{a→l}[t].
  NdArray<double, 3> converted_in;
  /// Σ_b X_{l→b}[t].
  NdArray<double, 3> converted_out;
};

/// The places of a lever plan by region, year and level (the plan's shapes must fit `v`).
inline LeverPlaces lever_places(const ValidatedProgramme& v, const LeverPlan& plan) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  LeverPlaces out{NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L})};
  const auto& pairs = v.levers().conversions;
  for (index_t r = 0; r < R; ++r) {
    for (index_t l = 0; l < L; ++l) {
      const auto tmp = v.temporary(l);
      if (!tmp) continue;
      for (index_t y = 0; y < T; ++y) {
        const double z = plan.temporary(r, y, l);
        for (index_t t = y; z != 0 && t < std::min<index_t>(T, y + tmp->lifetime); ++t) out.temporary(r, t, l) += z;
      }
    }
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      double x = 0.0;
      for (index_t t = 0; t < T; ++t) {
        x += plan.converted(r, static_cast<index_t>(p), t);
        out.converted_out(r, t, pairs[p].from_level) += x;
        out.converted_in(r, t, pairs[p].to_level) += pairs[p].ratio * x;
      }
    }
  }
  return out;
}

/// The lever spending of each year index: conversion costs in their year plus the cost of the
/// temporary places in use that year.
inline std::vector<double> lever_spend(const ValidatedProgramme& v, const LeverPlan& plan, const LeverPlaces& places) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  std::vector<double> out(static_cast<std::size_t>(T), 0.0);
  const auto& pairs = v.levers().conversions;
  for (index_t t = 0; t < T; ++t) {
    auto& spend = out[static_cast<std::size_t>(t)];
    for (index_t r = 0; r < R; ++r) {
      for (std::size_t p = 0; p < pairs.size(); ++p) spend += pairs[p].cost_per_place * plan.converted(r, static_cast<index_t>(p), t);
      for (index_t l = 0; l < L; ++l) {
        if (const auto tmp = v.temporary(l)) spend += tmp->cost_per_place_year * places.temporary(r, t, l);
      }
    }
  }
  return out;
}

/// The lever plan that pulls nothing, shaped for `v`.
inline LeverPlan no_levers(const ValidatedProgramme& v) {
  return no_levers(v.regions(), static_cast<index_t>(v.levers().conversions.size()), v.years(), v.levels());
}

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
