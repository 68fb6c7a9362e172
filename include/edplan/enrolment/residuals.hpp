// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// How far a ratio method has missed in the past: the one-step-ahead errors of `project_ratio`
/// over a ratio's own history, `e_j = x_j − project_ratio(x_0 .. x_{j−1})`. Intervals resample
/// these errors around the projected ratio, so they are centred on the point projection and as
/// wide as the method's record, including shocks such as the 2020 pandemic year.

#include "edplan/core/ndarray.hpp"
#include "edplan/enrolment/ratios.hpp"

#include <cmath>
#include <vector>

namespace edplan::enrolment {

/// The one-step-ahead errors of `m` over `values` (oldest first, NaN = not observed): one per
/// observed value that has at least one observed value before it.
inline std::vector<double> ratio_errors(const View<const double, 1>& values, const RatioMethod& m) {
  std::vector<double> errors;
  const index_t n = values.shape(0);
  for (index_t j = 1; j < n; ++j) {
    if (std::isnan(values(j))) continue;
    const View<const double, 1> before(values.data(), {j}, {values.stride(0)});
    const double forecast = project_ratio(before, m);
    if (!std::isnan(forecast)) errors.push_back(values(j) - forecast);
  }
  return errors;
}

}  // namespace edplan::enrolment
