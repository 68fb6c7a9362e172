// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Year paths: a policy or assumption given at a few years (`{2023: 1.05, 2035: 1.2}`),
/// linear between them and held flat before the first and after the last. TFR paths,
/// enrolment-rate (GER) paths and targets all use this one rule.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace edplan {

/// A piecewise-linear function of the year through given (year, value) points.
class YearPath {
 public:
  /// One given point: (year, value).
  using Point = std::pair<int, double>;

  /// An empty path (`at` must not be called on it).
  YearPath() = default;

  /// A path through `points` (in any order), named `name` in error messages.
  /// @throws InputError when a year is repeated, a value is not finite, or there is no point.
  YearPath(std::vector<Point> points, const std::string& name) : points_(std::move(points)) {
    Problems problems;
    if (points_.empty()) problems.add(name, "the path is empty; expected at least one year = value");
    std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < points_.size(); ++i) {
      const auto& [year, value] = points_[i];
      const std::string where = name + "[" + std::to_string(year) + "]";
      if (!std::isfinite(value)) problems.add(where, "got " + format_number(value) + "; expected a finite number");
      if (i > 0 && points_[i - 1].first == year) problems.add(where, "year given twice; expected each year once");
    }
    problems.throw_if_any();
  }

  /// The value at `year`: linear between the given years, flat outside them.
  [[nodiscard]] double at(double year) const {
    if (year <= points_.front().first) return points_.front().second;
    if (year >= points_.back().first) return points_.back().second;
    const auto hi = std::upper_bound(points_.begin(), points_.end(), year,
                                     [](double y, const Point& p) { return y < p.first; });
    const auto lo = hi - 1;
    const double w = (year - lo->first) / (static_cast<double>(hi->first) - lo->first);  // no int overflow
    return lo->second + w * (hi->second - lo->second);
  }

  /// True when the path has no point.
  [[nodiscard]] bool empty() const noexcept { return points_.empty(); }

  /// The given points, sorted by year.
  [[nodiscard]] const std::vector<Point>& points() const noexcept { return points_; }

 private:
  std::vector<Point> points_;
};

}  // namespace edplan
