// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Fertility schedules from a TFR path: the age pattern of a schedule is kept and its level
/// follows the path, `f[a,t] = shape[a]/Σshape · TFR[t]` (DESIGN §2.1).

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/path.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/population/step.hpp"

#include <string>

namespace edplan::population {

/// The total fertility rate of a schedule: Σ over ages 15..49 of births per woman.
inline double total_fertility(const View<const double, 1>& schedule) { return as_eigen(schedule).sum(); }

/// Fertility for `years` projection steps starting at `first_year`, scaled to a TFR path.
///
/// @param shape (R|1, 35) age pattern by region (any scale: only proportions matter).
/// @param tfr   the TFR path (year → TFR, linear between given years, flat outside them).
/// @returns (R|1, years, 35) with `f[r,t,a] = shape[r,a]/Σ_a shape[r,a] · tfr.at(first_year + t)`,
///          ready for `ProjectionInputs::fertility`.
/// @throws InputError when the shape has a negative or non-finite entry or sums to 0, or a TFR
///         on the path is negative.
inline NdArray<double, 3> fertility_from_tfr(const View<const double, 2>& shape, const YearPath& tfr, int first_year,
                                             index_t years) {
  Problems problems;
  Field<2> field{"fertility shape", {"region", "age"}};
  field.offsets = {0, first_fertile_age};
  check_extent(problems, field, shape, 1, fertile_ages, false, "ages 15..49");
  check_values(problems, field, shape, is_count, "a non-negative weight");
  if (tfr.empty()) problems.add("tfr", "the path is empty; expected at least one year = TFR");
  for (const auto& [year, value] : tfr.points()) {
    if (!(value >= 0.0)) problems.add("tfr[" + std::to_string(year) + "]", "got " + format_number(value) + "; expected a TFR >= 0");
  }
  if (years < 0) problems.add("years", "got " + std::to_string(years) + "; expected a number of years >= 0");
  if (problems.empty()) {
    for (index_t r = 0; r < shape.shape(0); ++r) {
      if (!(total_fertility(shape[r]) > 0.0)) {
        problems.add("fertility shape[region=" + std::to_string(r) + "]", "sums to 0; expected a positive age pattern");
      }
    }
  }
  problems.throw_if_any();

  NdArray<double, 3> out({shape.shape(0), years, fertile_ages});
  for (index_t r = 0; r < shape.shape(0); ++r) {
    const auto row = as_eigen(shape[r]);
    const double sum = row.sum();
    for (index_t t = 0; t < years; ++t) {
      as_eigen(out.view()[r][t]) = row / sum * tfr.at(static_cast<double>(first_year + t));
    }
  }
  return out;
}

}  // namespace edplan::population
