// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Places against pupils (DESIGN §2.3): per region, level and year, `surplus = capacity −
/// demand`, `deficit = max(0, demand − capacity)`, `utilisation = demand / capacity`,
/// `classes_needed = ceil(demand / class_size)`; the peak year of demand; and large classes.

#include "edplan/capacity/ledger.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace edplan::capacity {

/// Demand against capacity, all (R, T, L).
struct Balance {
  NdArray<double, 3> surplus;         ///< capacity − demand (negative when short)
  NdArray<double, 3> deficit;         ///< max(0, demand − capacity)
  NdArray<double, 3> utilisation;     ///< demand / capacity; NaN where capacity is 0
  NdArray<double, 3> classes_needed;  ///< ceil(demand / class size)
  NdArray<double, 3> large_classes;   ///< classes over the norm (see `count_large_classes`); 0 without class counts
};

/// The number of classes that would hold more pupils than the norm if `pupils` (rounded to a
/// whole number) were spread as evenly as possible over `classes` classes: all of them when
/// even the smaller classes exceed the norm, the classes that take one extra pupil when only
/// those do, else none. With no classes, none.
inline double count_large_classes(double pupils, double classes, double class_size) {
  if (!(classes >= 1.0)) return 0.0;
  const double n = std::round(pupils), c = std::floor(classes);
  const double small = std::floor(n / c), larger = n - small * c;  // `larger` classes get small + 1
  if (small > class_size) return c;
  if (small + 1.0 > class_size) return larger;
  return 0.0;
}

/// Sets demand against capacity. Demand, capacity and (optionally) the classes available
/// (R, T, L); `class_size` one per level.
/// @throws InputError on mismatched shapes, negative or non-finite values, class sizes <= 0.
inline Balance balance(const View<const double, 3>& demand, const View<const double, 3>& capacity,
                       const std::vector<double>& class_size,
                       const std::optional<View<const double, 3>>& classes = std::nullopt) {
  Problems problems;
  const index_t R = demand.shape(0), T = demand.shape(1), L = demand.shape(2);
  const Field<3> cap{"capacity", {"region", "year", "level"}};
  for (std::size_t d = 0; d < 3; ++d) check_extent(problems, cap, capacity, d, demand.shape(d), false, "as demand");
  check_class_sizes(problems, class_size, L);
  check_values(problems, Field<3>{"demand", {"region", "year", "level"}}, demand, is_count, "pupils >= 0");
  check_values(problems, cap, capacity, is_count, "places >= 0");
  if (classes) {
    const Field<3> cls{"classes", {"region", "year", "level"}};
    for (std::size_t d = 0; d < 3; ++d) check_extent(problems, cls, *classes, d, demand.shape(d), false, "as demand");
    check_values(problems, cls, *classes, is_count, "a number of classes >= 0");
  }
  problems.throw_if_any();

  Balance b{NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}),
            NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L})};
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        const double d = demand(r, t, l), c = capacity(r, t, l);
        b.surplus(r, t, l) = c - d;
        b.deficit(r, t, l) = std::max(0.0, d - c);
        b.utilisation(r, t, l) = c > 0.0 ? d / c : std::numeric_limits<double>::quiet_NaN();
        b.classes_needed(r, t, l) = std::ceil(d / class_size[static_cast<std::size_t>(l)]);
        if (classes) b.large_classes(r, t, l) = count_large_classes(d, (*classes)(r, t, l), class_size[static_cast<std::size_t>(l)]);
      }
  return b;
}

/// (R, L) the index (into the year axis) of the first year of peak demand per region and level.
inline NdArray<index_t, 2> peak_year(const View<const double, 3>& demand) {
  NdArray<index_t, 2> out({demand.shape(0), demand.shape(2)});
  for (index_t r = 0; r < demand.shape(0); ++r)
    for (index_t l = 0; l < demand.shape(2); ++l) {
      index_t best = 0;
      for (index_t t = 1; t < demand.shape(1); ++t) {
        if (demand(r, t, l) > demand(r, best, l)) best = t;
      }
      out(r, l) = best;
    }
  return out;
}

}  // namespace edplan::capacity
