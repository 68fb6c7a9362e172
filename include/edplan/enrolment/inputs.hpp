// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What an enrolment projection needs (DESIGN §2.2 "Timing"), and its validation: the history
/// runs up to the base year, demand is projected for base_year+1 .. horizon, births come from
/// the observed series where given and from the population projection otherwise.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/enrolment/ratios.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace edplan::enrolment {

/// The inputs of an enrolment projection over R regions and the G grades of a `GradeAxis`.
struct EnrolmentInputs {
  /// The base year: the last history year and the year of the base population.
  int base_year = 0;
  /// The last projected year (>= base_year); T = horizon − base_year years are projected.
  int horizon = 0;
  /// (R, H, G) pupils by region, history year (ending at base_year) and grade; NaN = not observed.
  View<const double, 3> history;
  /// Calendar year of `births` column 0.
  int births_first_year = 0;
  /// (R|1, NB) observed births by calendar year; NaN = not observed.
  View<const double, 2> births;
  /// (R|1, T) births of each population step base_year+i → base_year+i+1, used for the years
  /// `births` leaves NaN; none when all needed births are observed.
  std::optional<View<const double, 2>> projected_births;
  /// (R, T+1, 2, A+1) population at the start of base_year .. horizon; needed by rate levels.
  std::optional<View<const double, 4>> population;
  /// Calendar year of `dwellings` column 0.
  int dwellings_first_year = 0;
  /// (R|1, ND) dwellings completed by calendar year; none for no housing additions.
  std::optional<View<const double, 2>> dwellings;
  /// Region names for messages (optional; indices are used where absent).
  std::vector<std::string> regions;

  /// R, the number of regions.
  [[nodiscard]] index_t region_count() const noexcept { return history.shape(0); }
  /// T, the number of projected years.
  [[nodiscard]] index_t years() const noexcept { return horizon - base_year; }
  /// H, the number of history years.
  [[nodiscard]] index_t history_years() const noexcept { return history.shape(1); }
  /// The calendar year of history column 0.
  [[nodiscard]] int history_first_year() const noexcept {
    return base_year - static_cast<int>(history.shape(1)) + 1;
  }
  /// The name of region r for messages.
  [[nodiscard]] std::string region_name(index_t r) const {
    return r < static_cast<index_t>(regions.size()) ? regions[static_cast<std::size_t>(r)] : "region " + std::to_string(r);
  }
  /// Births of region r in calendar year y: observed where given, else projected, else NaN.
  [[nodiscard]] double births_at(index_t r, int y) const {
    const index_t i = y - births_first_year;
    if (i >= 0 && i < births.shape(1)) {
      const double b = births(births.shape(0) == 1 ? 0 : r, i);
      if (!std::isnan(b)) return b;
    }
    if (projected_births) {
      const index_t j = y - base_year;
      if (j >= 0 && j < projected_births->shape(1)) return (*projected_births)(projected_births->shape(0) == 1 ? 0 : r, j);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
};

/// Settings of an enrolment projection.
struct EnrolmentOptions {
  /// How observed ratios become projected ones.
  RatioMethod method;
  /// When not empty, the method of each region and level (R × L, region-major) in place of
  /// `method`: what "auto" chose over a larger set of regions than this call's (a distributed
  /// run's slice projects as the whole run does).
  std::vector<RatioMethod> methods;
  /// Years until a completed dwelling yields fully.
  double ramp = 3.0;
  /// Threads over regions; 0 = default. Results do not depend on it.
  int threads = 0;
};

/// Checks the inputs against the grade axis and throws one InputError listing every problem:
/// shapes, values, and the data the projection will need — births for every entry year,
/// base-year pupils of every grade that feeds another, population for rate levels.
inline void validate(const GradeAxis& axis, const EnrolmentInputs& in, const EnrolmentOptions& opt) {
  Problems problems;
  // Years far outside any plan would overflow the year arithmetic below (horizon − base_year,
  // base_year − H + 1, year − first year): refuse them before doing any.
  constexpr int max_year = 1000000;
  const auto year = [&](const char* name, int y) {
    if (y < -max_year || y > max_year) {
      problems.add(name, "got " + std::to_string(y) + "; expected a year within +-" + std::to_string(max_year));
    }
  };
  year("base_year", in.base_year);
  year("horizon", in.horizon);
  year("births_first_year", in.births_first_year);
  if (in.dwellings) year("dwellings_first_year", in.dwellings_first_year);
  problems.throw_if_any();
  const index_t R = in.region_count(), T = in.years(), G = axis.size();
  if (in.horizon < in.base_year) {
    problems.add("horizon", "got " + std::to_string(in.horizon) + "; expected a year >= the base year " +
                                std::to_string(in.base_year));
  }
  if (in.history.shape(1) < 1) problems.add("history", "no history year; expected at least the base year");
  Field<3> history{"history", {"region", "year", "grade"}};
  history.offsets = {0, in.history_first_year(), 0};
  check_extent(problems, history, in.history, 2, G, false, "grades of the levels");
  check_values(problems, history, in.history, [](double x) { return std::isnan(x) || is_count(x); },
               "a count of pupils >= 0, or NaN when not observed");
  Field<2> births{"births", {"region", "year"}};
  births.offsets = {0, in.births_first_year};
  check_extent(problems, births, in.births, 0, R, true, "regions in history");
  check_values(problems, births, in.births, [](double x) { return std::isnan(x) || is_count(x); },
               "a count >= 0, or NaN when not observed");
  if (in.projected_births) {
    Field<2> pb{"projected births", {"region", "year"}};
    pb.offsets = {0, in.base_year};
    check_extent(problems, pb, *in.projected_births, 0, R, true, "regions in history");
    check_extent(problems, pb, *in.projected_births, 1, std::max<index_t>(T, 0), false, "projected years");
    check_values(problems, pb, *in.projected_births, is_count, "a count >= 0");
  }
  if (in.population) {
    Field<4> pop{"population", {"region", "year", "sex", "age"}};
    pop.offsets = {0, in.base_year, 0, 0};
    check_extent(problems, pop, *in.population, 0, R, false, "regions in history");
    check_extent(problems, pop, *in.population, 1, std::max<index_t>(T, 0) + 1, false, "years base_year..horizon");
    check_extent(problems, pop, *in.population, 2, 2, false, "sexes F, M");
    check_values(problems, pop, *in.population, is_count, "a count >= 0");
  }
  if (in.dwellings) {
    Field<2> dw{"dwellings", {"region", "year"}};
    dw.offsets = {0, in.dwellings_first_year};
    check_extent(problems, dw, *in.dwellings, 0, R, true, "regions in history");
    check_values(problems, dw, *in.dwellings, is_count, "a number of dwellings >= 0");
  }
  check_method(problems, opt.method, "enrolment");
  for (const RatioMethod& m : opt.methods) check_method(problems, m, "enrolment.methods");
  const auto level_count = static_cast<index_t>(axis.levels().size());
  if (!opt.methods.empty() && static_cast<index_t>(opt.methods.size()) != R * level_count) {
    problems.add("enrolment.methods", "got " + std::to_string(opt.methods.size()) + " methods; expected one per region "
                                      "and level (" + std::to_string(R * level_count) + ")");
  }
  if (!(opt.ramp > 0.0)) problems.add("enrolment.ramp", "got " + format_number(opt.ramp) + "; expected years > 0");
  if (!problems.empty()) problems.throw_if_any();

  // What the projection will read, region by region.
  const index_t last = in.history.shape(1) - 1;
  for (std::size_t l = 0; l < axis.levels().size(); ++l) {
    const Level& v = axis.levels()[l];
    if (v.kind != Kind::rate) continue;
    const std::string where = "levels." + v.name;
    if (!in.population) {
      problems.add(where, "a rate level needs the projected population; expected population ages " +
                              std::to_string(v.first) + ".." + std::to_string(v.last));
    } else if (v.last >= in.population->shape(3)) {
      problems.add(where, "ages up to " + std::to_string(v.last) + " are beyond the population's open age " +
                              std::to_string(in.population->shape(3) - 1));
    }
  }
  for (index_t r = 0; r < R && problems.size() < 50; ++r) {
    bool any = false;
    for (index_t g = 0; g < G; ++g) any = any || !std::isnan(in.history(r, last, g));
    if (!any) {
      problems.add("history", in.region_name(r) + ": no pupils at all in " + std::to_string(in.base_year) +
                                  "; expected base-year pupils (leave out regions or schools that have closed)");
      continue;
    }
    for (index_t g = 0; g < G; ++g) {
      const Level& v = axis.level(g);
      const std::string what = in.region_name(r) + ", " + axis.describe(g);
      if (axis.is_rate(g)) {
        if (!v.ger.empty() || g != axis.first_index(axis.level_of(g))) continue;
        bool known = true;
        for (index_t k = g; k < g + v.grades(); ++k) known = known && !std::isnan(in.history(r, last, k));
        if (!known) {
          problems.add("history", what + ": no pupils in " + std::to_string(in.base_year) +
                                      " and no enrolment-rate path; expected one or the other");
        }
        continue;
      }
      if (axis.is_entry(g)) {
        std::vector<int> missing;
        for (int y = in.base_year + 1; y <= in.horizon; ++y) {
          if (std::isnan(in.births_at(r, y - v.entry_age))) missing.push_back(y - v.entry_age);
        }
        if (!missing.empty()) {
          problems.add("births", what + " needs births of " + std::to_string(missing.front()) +
                                     (missing.size() > 1 ? ".." + std::to_string(missing.back()) : "") +
                                     "; expected observed or projected births for those years");
        }
      } else if (std::isnan(in.history(r, last, axis.predecessor(g)))) {
        problems.add("history", what + " follows " + axis.describe(axis.predecessor(g)) + ", which has no pupils in " +
                                    std::to_string(in.base_year) + "; expected base-year pupils");
      }
    }
  }
  problems.throw_if_any();
}

}  // namespace edplan::enrolment
