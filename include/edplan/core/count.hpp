// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The one rounding rule from a rate to a whole count, shared by every module that turns a
/// share of a modelled quantity into people or places (capacity: kindergarten places for
/// 公办率 and 普惠率; coverage: learners for a participation target; targets: any rate
/// target), so that the same share of the same denominator never needs a different count.

#include <algorithm>
#include <cmath>

namespace edplan {

/// The smallest whole number >= x, where an x within 1e-12 (relative, at least 1e-12
/// absolute) of a whole number counts as that number: 0.7 × 100 is 70.00000000000001 in
/// binary floating point, and 70 places meet a 70% share of 100 pupils. The tolerance is
/// relative so that it stays a few ulps wide for counts in the millions; it is far below any
/// fraction of a person a model could mean. NaN stays NaN; ±inf stay as they are.
inline double ceil_count(double x) noexcept {
  const double r = std::round(x);
  if (std::fabs(x - r) <= 1e-12 * std::max(1.0, std::fabs(x))) return r;
  return std::ceil(x);
}

}  // namespace edplan
