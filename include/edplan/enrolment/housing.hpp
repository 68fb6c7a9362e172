// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Housing yield (DESIGN §2.2): new dwellings bring pupils, reaching their full number over a
/// ramp. Dwellings completed in year y add `yield[l] · dwellings[y] · min(1, (t − y + 1)/ramp)`
/// pupils to level l in every year t ≥ y.

#include "edplan/core/ndarray.hpp"

#include <algorithm>

namespace edplan::enrolment {

/// Pupils that the dwellings of one region add to a level with `yield` in year `year`.
/// @param dwellings (ND) completions in calendar years `first_year` + i.
/// @param ramp      years until a completion yields fully (> 0).
inline double housing_pupils(const View<const double, 1>& dwellings, int first_year, double yield, double ramp,
                             int year) {
  if (yield == 0.0) return 0.0;
  double pupils = 0.0;
  for (index_t i = 0; i < dwellings.shape(0); ++i) {
    const int y = first_year + static_cast<int>(i);
    if (y > year) break;
    pupils += yield * dwellings(i) * std::min(1.0, static_cast<double>(year - y + 1) / ramp);
  }
  return pupils;
}

}  // namespace edplan::enrolment
