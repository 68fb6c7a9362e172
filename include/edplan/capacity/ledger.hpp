// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The capacity ledger (DESIGN §2.3): places per region and level in every year, from the
/// base-year places plus every project open by that year (`open_year ≤ t`), minus closures.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace edplan::capacity {

/// A change of places in one region and level from a given year: an opened project
/// (places > 0) or a closure (places < 0).
struct PlaceChange {
  /// The project's id, for messages.
  std::string id;
  /// Region index.
  index_t region = 0;
  /// Level index.
  index_t level = 0;
  /// Places added (negative: removed).
  double places = 0.0;
  /// The first year in which the change counts.
  int year = 0;
};

/// Records a problem unless there is one class size per level (`L`), each finite and > 0.
inline void check_class_sizes(Problems& problems, const std::vector<double>& class_size, index_t L) {
  if (static_cast<index_t>(class_size.size()) != L) {
    problems.add("class_size", "got " + std::to_string(class_size.size()) + " values; expected one per level (" +
                                   std::to_string(L) + ")");
  }
  for (std::size_t l = 0; l < class_size.size(); ++l) {
    check_scalar(problems, "class_size[" + std::to_string(l) + "]", class_size[l],
                 [](double x) { return std::isfinite(x) && x > 0.0; }, "pupils per class > 0");
  }
}

namespace detail {

/// Records every change naming an unknown region or level or no number of places.
inline void check_changes(Problems& problems, const std::vector<PlaceChange>& changes, index_t R, index_t L) {
  for (const auto& c : changes) {
    const std::string where = "projects[" + c.id + "]";
    if (c.region < 0 || c.region >= R) problems.add(where, "unknown region index " + std::to_string(c.region));
    if (c.level < 0 || c.level >= L) problems.add(where, "unknown level index " + std::to_string(c.level));
    if (!std::isfinite(c.places)) problems.add(where, "got " + format_number(c.places) + " places; expected a number");
  }
}

/// (R, years, L): `base` in every year plus, from each change's year on, its places divided by
/// `per[level]` (places themselves when `per` is empty).
inline NdArray<double, 3> ledger(const View<const double, 2>& base, const std::vector<PlaceChange>& changes,
                                 int first_year, index_t years, const std::vector<double>& per = {}) {
  const index_t R = base.shape(0), L = base.shape(1);
  NdArray<double, 3> out({R, years, L});
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < years; ++t)
      for (index_t l = 0; l < L; ++l) out(r, t, l) = base(r, l);
  for (const auto& c : changes) {
    const double added = per.empty() ? c.places : c.places / per[static_cast<std::size_t>(c.level)];
    for (index_t t = std::max<index_t>(0, c.year - first_year); t < years; ++t) out(c.region, t, c.level) += added;
  }
  return out;
}

}  // namespace detail

/// Places by region, level and year for `years` years from `first_year`.
/// @param base (R, L) places in the base year.
/// @param changes projects opened and closures, in any order.
/// @returns (R, years, L) places.
/// @throws InputError for negative or non-finite base places, changes naming an unknown
/// region or level, and any year in which a closure leaves negative places.
inline NdArray<double, 3> capacity_timeline(const View<const double, 2>& base, const std::vector<PlaceChange>& changes,
                                            int first_year, index_t years) {
  Problems problems;
  const index_t R = base.shape(0), L = base.shape(1);
  check_values(problems, Field<2>{"capacity", {"region", "level"}}, base, is_count, "a number of places >= 0");
  detail::check_changes(problems, changes, R, L);
  problems.throw_if_any();
  auto out = detail::ledger(base, changes, first_year, years);
  for (index_t r = 0; r < R; ++r)
    for (index_t l = 0; l < L; ++l)
      for (index_t t = 0; t < years; ++t) {
        if (out(r, t, l) < -1e-9) {
          problems.add("projects", "region " + std::to_string(r) + ", level " + std::to_string(l) + ": closures leave " +
                                       format_number(out(r, t, l)) + " places in " + std::to_string(first_year + t) +
                                       "; expected places >= 0");
          break;
        }
      }
  problems.throw_if_any();
  return out;
}

/// Classes by region, level and year for `years` years from `first_year`: the base-year
/// classes plus, from each change's year, its places divided by the level's class size (a new
/// school is built in classes of the norm; a closure takes its classes away).
/// @param base (R, L) classes in the base year.
/// @param class_size one per level.
/// @returns (R, years, L) classes (fractional where places are not whole classes).
/// @throws InputError for negative or non-finite base classes, class sizes <= 0, and changes
/// naming an unknown region or level.
inline NdArray<double, 3> class_timeline(const View<const double, 2>& base, const std::vector<PlaceChange>& changes,
                                         const std::vector<double>& class_size, int first_year, index_t years) {
  Problems problems;
  const index_t R = base.shape(0), L = base.shape(1);
  check_values(problems, Field<2>{"classes", {"region", "level"}}, base, is_count, "a number of classes >= 0");
  check_class_sizes(problems, class_size, L);
  detail::check_changes(problems, changes, R, L);
  problems.throw_if_any();
  return detail::ledger(base, changes, first_year, years, class_size);
}

}  // namespace edplan::capacity
