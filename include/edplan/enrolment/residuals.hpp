// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// How far a ratio method has missed in the past: the one-step-ahead errors of `project_ratio`
/// over a ratio's own history, `e_j = x_j − project_ratio(x_0 .. x_{j−1})`. Intervals resample
/// these errors around the projected ratio, so they are centred on the point projection and as
/// wide as the method's record, including shocks such as the 2020 pandemic year. A draw takes
/// the errors of all grades from one history year, keeping the correlation between grades (a
/// year of net in-migration raises every grade at once), which independent draws per grade
/// would average away in level totals.

#include "edplan/core/ndarray.hpp"
#include "edplan/enrolment/ratios.hpp"

#include <cmath>
#include <vector>

namespace edplan::enrolment {

/// The one-step-ahead errors of `m` over `values` (oldest first, NaN = not observed), aligned
/// with `values`: NaN where the value is not observed or nothing was observed before it.
inline std::vector<double> ratio_errors(const View<const double, 1>& values, const RatioMethod& m) {
  const index_t n = values.shape(0);
  std::vector<double> errors(static_cast<std::size_t>(n), std::nan(""));
  for (index_t j = 1; j < n; ++j) {
    if (std::isnan(values(j))) continue;
    const View<const double, 1> before(values.data(), {j}, {values.stride(0)});
    errors[static_cast<std::size_t>(j)] = values(j) - project_ratio(before, m);
  }
  return errors;
}

}  // namespace edplan::enrolment
