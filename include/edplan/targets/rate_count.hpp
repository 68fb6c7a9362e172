// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Rate targets as counts (DESIGN §2.5, §2.7): for a target share x of a modelled denominator
/// D, the numerator still needed is `max(0, ceil(x·D) − current)`: the public kindergarten
/// places for 公办率 ≥ 50%, the public and inclusive places for 普惠率 ≥ 90%, the elder-school
/// seats for 20% participation of the population aged 60+.

#include "edplan/core/count.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>

namespace edplan::targets {

/// `edplan::ceil_count`, the rounding rule every module shares (core/count.hpp), here too.
using edplan::ceil_count;

/// The numerator still needed for the share `rate` of `denominator`:
/// `max(0, ceil_count(rate · denominator) − current)`.
inline double count_needed(double rate, double denominator, double current) noexcept {
  return std::max(0.0, ceil_count(rate * denominator) - current);
}

/// The inputs of `counts_needed` over R regions and T years.
struct CountInputs {
  /// (R|1, T|1) target shares in [0, 1].
  View<const double, 2> rate;
  /// (R, T) projected denominators (pupils demanding a place, residents aged 60+), >= 0.
  View<const double, 2> denominator;
  /// (R|1, T|1) the numerator in place (public places, learners), >= 0; a year axis of 1
  /// holds the base-year count in every year.
  View<const double, 2> current;
};

/// Writes `count_needed(rate, denominator, current)` for every (region, year) into `out`
/// (R, T). Region or year axes of length 1 in `rate` and `current` broadcast.
/// @throws InputError listing every problem: shapes, shares outside [0, 1], negative or
/// non-finite counts, an output of the wrong shape.
inline void counts_needed_into(const CountInputs& in, const View<double, 2>& out) {
  Problems problems;
  const index_t R = in.denominator.shape(0);
  const index_t T = in.denominator.shape(1);
  const Field<2> rate{"rate", {"region", "year"}};
  const Field<2> denominator{"denominator", {"region", "year"}};
  const Field<2> current{"current", {"region", "year"}};
  check_extent(problems, rate, in.rate, 0, R, true, "regions in denominator");
  check_extent(problems, rate, in.rate, 1, T, true, "years in denominator");
  check_extent(problems, current, in.current, 0, R, true, "regions in denominator");
  check_extent(problems, current, in.current, 1, T, true, "years in denominator");
  check_values(problems, rate, in.rate, is_probability, "a share in [0, 1] (divide percentages by 100)");
  check_values(problems, denominator, in.denominator, is_count, "a count >= 0");
  check_values(problems, current, in.current, is_count, "a count >= 0");
  if (out.shape(0) != R || out.shape(1) != T) problems.add("out", "output buffer has the wrong shape");
  problems.throw_if_any();
  const auto x = in.rate.broadcast_to({R, T});
  const auto c = in.current.broadcast_to({R, T});
  for (index_t r = 0; r < R; ++r) {
    for (index_t t = 0; t < T; ++t) out(r, t) = count_needed(x(r, t), in.denominator(r, t), c(r, t));
  }
}

/// `counts_needed_into` into a new (R, T) array.
/// @throws InputError listing every problem in the inputs.
inline NdArray<double, 2> counts_needed(const CountInputs& in) {
  NdArray<double, 2> out({in.denominator.shape(0), in.denominator.shape(1)});
  counts_needed_into(in, out.view());
  return out;
}

}  // namespace edplan::targets
