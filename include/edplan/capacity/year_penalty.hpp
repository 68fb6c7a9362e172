// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The penalty of one (region, level, year) of a programme: unmet, crowded and stranded places
/// for a given capacity, the piece every judgement of a schedule sums (`programme.hpp`).

#include "edplan/capacity/programme_inputs.hpp"

#include <algorithm>

namespace edplan::capacity {

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

}  // namespace edplan::capacity
