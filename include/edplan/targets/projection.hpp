// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Trend lines through an indicator's observations, used to project its value at the target
/// year and the year in which it reaches the target (DESIGN §2.7): a least squares line, a
/// time-weighted least squares line, and a logistic curve for shares bounded in (0, upper).

#include "edplan/core/ndarray.hpp"
#include "edplan/targets/category.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edplan::targets {

/// A fitted trend `z(t) = intercept + slope·(t − t_ref)`, where z is the value itself
/// (linear, time-weighted) or logit(value / upper) (logistic).
struct Trend {
  /// The method that fitted it.
  Method method = Method::linear;
  /// z at t_ref (the weighted mean z of the fitted points); NaN when not fitted.
  double intercept = std::numeric_limits<double>::quiet_NaN();
  /// dz/dt per year; NaN when not fitted.
  double slope = std::numeric_limits<double>::quiet_NaN();
  /// The weighted mean year of the fitted points (centring keeps the sums well conditioned).
  double t_ref = 0.0;
  /// The upper bound of a logistic trend (1 for fractions, 100 for percentages).
  double upper = 1.0;

  /// True when the fit succeeded.
  [[nodiscard]] bool valid() const noexcept { return std::isfinite(intercept) && std::isfinite(slope); }

  /// The projected value at year t: `z(t)`, or `upper / (1 + exp(−z(t)))` for a logistic trend.
  [[nodiscard]] double at(double t) const noexcept {
    const double z = intercept + slope * (t - t_ref);
    return method == Method::logistic ? upper / (1.0 + std::exp(-z)) : z;
  }

  /// The year at which the trend passes `value`, NaN when it never does (a flat trend, or a
  /// logistic value outside (0, upper)).
  [[nodiscard]] double crossing(double value) const noexcept {
    double z = value;
    if (method == Method::logistic) {
      if (!(value > 0.0 && value < upper)) return std::numeric_limits<double>::quiet_NaN();
      const double p = value / upper;
      z = std::log(p / (1.0 - p));
    }
    if (slope == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return t_ref + (z - intercept) / slope;
  }
};

/// Fits a trend through the n points (t[i], y[i]), years ascending (callers sort them).
///
/// - `linear`: ordinary least squares of y on t.
/// - `time_weighted`: weighted least squares with weight `w_i = t_i − t_first + 1`, so an
///   observation counts in proportion to its year's place in the series: at annual spacing
///   the latest of n points weighs n times the first. The UN regional commissions' SDG
///   progress assessments (ESCAP's Anticipated Progress Index, also used by UNECE and ECA)
///   estimate the 2030 value by a "time-weighted linear regression" that gives recent data
///   more weight; their technical notes do not print the weight function, so edplan uses
///   this linear-in-time weight: it needs no tuning parameter, never gives a year zero
///   weight, and, unlike exponential discounting, does not let one recent outlier dominate.
/// - `logistic`: ordinary least squares of logit(y/upper) on t, the value then following
///   `upper / (1 + exp(−z(t)))`; every y must lie strictly inside (0, upper).
///
/// With the weighted means t̄ = Σw·t/Σw and z̄ = Σw·z/Σw, `slope = Σw(t−t̄)(z−z̄) / Σw(t−t̄)²`
/// and `intercept = z̄` at `t_ref = t̄`. The trend is not valid (NaN) with fewer than two
/// points, all points in one year, or a logistic value on or outside a bound.
inline Trend fit_trend(const double* t, const double* y, index_t n, Method method, double upper = 1.0) noexcept {
  Trend trend;
  trend.method = method;
  trend.upper = upper;
  if (n < 2) return trend;
  const double t_first = t[0];
  const auto weight = [&](index_t i) { return method == Method::time_weighted ? t[i] - t_first + 1.0 : 1.0; };
  const auto z_of = [&](index_t i) {
    if (method != Method::logistic) return y[i];
    const double p = y[i] / upper;
    return std::log(p / (1.0 - p));  // NaN or ±inf outside (0, 1): caught below
  };
  double sw = 0.0, st = 0.0, sz = 0.0;
  for (index_t i = 0; i < n; ++i) {
    const double w = weight(i);
    sw += w;
    st += w * t[i];
    sz += w * z_of(i);
  }
  const double t_bar = st / sw;
  const double z_bar = sz / sw;
  double stt = 0.0, stz = 0.0;
  for (index_t i = 0; i < n; ++i) {
    const double w = weight(i);
    const double dt = t[i] - t_bar;
    stt += w * dt * dt;
    stz += w * dt * (z_of(i) - z_bar);
  }
  if (!(stt > 0.0) || !std::isfinite(z_bar)) return trend;
  trend.t_ref = t_bar;
  trend.intercept = z_bar;
  trend.slope = stz / stt;
  return trend;
}

/// The first whole year after `latest_year` in which `trend` meets `target` in direction `d`
/// (>= to increase, <= to decrease), NaN when it never does. A crossing within 1e-7 of a
/// whole year counts as that year, so that rounding in the fit does not push it a year later.
inline double year_reached(const Trend& trend, double target, Direction d, double latest_year) noexcept {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!trend.valid()) return nan;
  const double first = std::floor(latest_year) + 1.0;
  const auto meets = [&](double v) { return d == Direction::increase ? v >= target : v <= target; };
  if (meets(trend.at(first))) return first;
  const bool towards = d == Direction::increase ? trend.slope > 0.0 : trend.slope < 0.0;
  if (!towards) return nan;  // moving away or flat: it does not meet the target later either
  const double t = trend.crossing(target);
  if (!std::isfinite(t)) return nan;
  return std::max(first, std::ceil(t - 1e-7));
}

}  // namespace edplan::targets
