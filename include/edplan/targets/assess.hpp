// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// On-track assessment of one indicator series (DESIGN §2.7): the category from the
/// growth-rate ratio (or, without a target, from the growth rate), the projected value at the
/// target year, the year the projection reaches the target and the annual change still needed.
/// `assess_many` in assess_many.hpp runs it over a whole indicator table.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/targets/category.hpp"
#include "edplan/targets/growth_ratio.hpp"
#include "edplan/targets/projection.hpp"
#include "edplan/targets/score.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace edplan::targets {

/// What an indicator is held to.
struct TargetSpec {
  /// The target value y_T; NaN for an indicator without a quantified target.
  double value = std::numeric_limits<double>::quiet_NaN();
  /// The target year t_T; required with a target, optional without (then nothing is projected).
  double year = std::numeric_limits<double>::quiet_NaN();
  /// The baseline year: t_0 is the first observation in or after it; NaN = the first observation.
  double baseline_year = std::numeric_limits<double>::quiet_NaN();
  /// The desired direction.
  Direction direction = Direction::increase;
  /// A natural limit for the scaling factor C of the no-target variant (e.g. 1 for a share);
  /// NaN = none. Ignored when there is a target, as in Open SDG.
  double limit = std::numeric_limits<double>::quiet_NaN();
};

/// Settings of an assessment.
struct AssessOptions {
  /// How the value at the target year is projected.
  Method method = Method::linear;
  /// The upper bound of a logistic projection (1 for fractions, 100 for percentages).
  double upper = 1.0;
  /// Thresholds on R (with a target).
  RatioThresholds ratio{};
  /// Thresholds on the growth rate (without a target).
  GrowthThresholds growth{};
  /// A base value or target of 0 is replaced by this in the growth rates (Open SDG: 0.001),
  /// since a compound growth rate from or to 0 is undefined. Choose it on the indicator's scale.
  double zero_replacement = 0.001;
  /// Threads for `assess_many`; 0 = `default_threads()`. Results do not depend on it.
  int threads = 0;
};

/// The assessment of one series. Years and values are in the series' own units.
struct Assessment {
  /// The progress category.
  Category category = Category::insufficient_data;
  /// R = s·d·CAGR_obs / |CAGR_req| (with a target), else NaN.
  double ratio = std::numeric_limits<double>::quiet_NaN();
  /// CAGR_obs from the baseline to the latest observation (unsigned by direction).
  double cagr_observed = std::numeric_limits<double>::quiet_NaN();
  /// CAGR_req from the baseline to the target (with a target).
  double cagr_required = std::numeric_limits<double>::quiet_NaN();
  /// The scaling factor C used without a target (1 without a limit), else NaN.
  double scaling = std::numeric_limits<double>::quiet_NaN();
  /// t_0 and y_0: the first observation in or after the baseline year.
  double baseline_year = std::numeric_limits<double>::quiet_NaN();
  double baseline_value = std::numeric_limits<double>::quiet_NaN();
  /// t_i and y_i: the latest observation.
  double latest_year = std::numeric_limits<double>::quiet_NaN();
  double latest_value = std::numeric_limits<double>::quiet_NaN();
  /// The projection's value at the target year.
  double projected = std::numeric_limits<double>::quiet_NaN();
  /// The first whole year after the latest observation in which the projection meets the
  /// target; for an achieved target, the first observed year from which every observation
  /// meets it; NaN when the projection never does.
  double year_reached = std::numeric_limits<double>::quiet_NaN();
  /// `(y_T − y_i) / (t_T − t_i)`: the change per year from the latest value that reaches the
  /// target on time; 0 when the latest observation meets the target; NaN without a target or
  /// when t_T <= t_i.
  double annual_change_needed = std::numeric_limits<double>::quiet_NaN();
  /// The −5..5 progress score (score.hpp): 5 when achieved, else `ratio_score` of R with a
  /// target or `growth_score` of the signed growth and C without; NaN for insufficient data.
  double score = std::numeric_limits<double>::quiet_NaN();
  /// `Note` flags explaining missing or adjusted numbers.
  std::int32_t notes = note_none;
};

namespace detail {

// The assessment proper, on the n observations (t ascending, distinct, values finite) of a
// series whose target `validate_target` accepted.
inline Assessment assess_sorted(const double* t, const double* y, index_t n, const TargetSpec& spec,
                                const AssessOptions& opt) {
  Assessment a;
  const bool has_target = !std::isnan(spec.value);
  const Direction d = spec.direction;
  if (!has_target) a.notes |= note_no_target;
  if (n == 0) {
    a.notes |= note_no_projection | note_few_observations;
    return a;
  }
  a.latest_year = t[n - 1];
  a.latest_value = y[n - 1];
  const index_t k = std::isnan(spec.baseline_year)
                        ? 0
                        : static_cast<index_t>(std::lower_bound(t, t + n, spec.baseline_year) - t);
  const index_t m = n - k;  // the observations from the baseline year on
  if (m < 2) a.notes |= note_few_observations;
  if (m > 0) {
    a.baseline_year = t[k];
    a.baseline_value = y[k];
  }

  const Trend trend = fit_trend(t + k, y + k, m, opt.method, opt.upper);
  if (!trend.valid()) a.notes |= note_no_projection;
  if (trend.valid() && !std::isnan(spec.year)) a.projected = trend.at(spec.year);

  // Growth rates from the baseline: a zero base or target is replaced (Open SDG), values of
  // opposite sign leave them undefined.
  const double t0 = a.baseline_year;
  double y0 = a.baseline_value;
  double yT = spec.value;
  bool growth_defined = m >= 2;
  if (growth_defined) {
    if (y0 == 0.0 || (has_target && yT == 0.0)) a.notes |= note_zero_replaced;
    if (y0 == 0.0) y0 = opt.zero_replacement;
    if (has_target && yT == 0.0) yT = opt.zero_replacement;
    if (y0 * a.latest_value < 0.0 || (has_target && y0 * yT < 0.0)) {
      a.notes |= note_mixed_signs;
      growth_defined = false;
    } else {
      a.cagr_observed = cagr(t0, y0, a.latest_year, a.latest_value);
    }
  }

  if (!has_target) {
    if (growth_defined) {
      a.scaling = scaling_factor(a.baseline_value, spec.limit, opt.growth.exponent);
      const double g = signed_growth(t0, y0, a.latest_year, a.latest_value, d);
      a.category = classify_growth(g, a.scaling, opt.growth);
      a.score = growth_score(g, a.scaling, opt.growth);
    }
    return a;
  }

  const auto meets = [&](double v) { return d == Direction::increase ? v >= spec.value : v <= spec.value; };
  if (spec.year <= a.latest_year) a.notes |= note_target_year_passed;
  if (growth_defined && spec.year > t0) {
    a.cagr_required = cagr(t0, y0, spec.year, yT);
    a.ratio = growth_ratio(t0, y0, a.latest_year, a.latest_value, spec.year, yT, d);
  }
  // One observation that meets the target is not yet a record of meeting it: with fewer than
  // two from the baseline year on the category is "insufficient data" (Open SDG).
  if (meets(a.latest_value) && m >= 2) {
    a.category = Category::achieved;
    index_t j = n - 1;
    while (j > 0 && meets(y[j - 1])) --j;
    a.year_reached = t[j];
    a.annual_change_needed = 0.0;
    a.score = score_max;  // whatever the trend (Open SDG)
    return a;
  }
  a.category = classify_ratio(a.ratio, opt.ratio);
  a.score = ratio_score(a.ratio, opt.ratio);
  a.year_reached = year_reached(trend, spec.value, d, a.latest_year);
  if (trend.valid() && std::isnan(a.year_reached)) a.notes |= note_not_reached;
  if (meets(a.latest_value)) {
    a.annual_change_needed = 0.0;
  } else if (spec.year > a.latest_year) {
    a.annual_change_needed = (spec.value - a.latest_value) / (spec.year - a.latest_year);
  }
  return a;
}

}  // namespace detail

/// Records every problem with `spec` and `opt` under `where` (e.g. `series[indicator=A, region=B]`).
inline void validate_target(Problems& problems, const std::string& where, const TargetSpec& spec) {
  const bool has_target = !std::isnan(spec.value);
  if (std::isinf(spec.value)) problems.add(where + ".target", "got " + format_number(spec.value) + "; expected a finite number, or NaN for none");
  if (has_target && !std::isfinite(spec.year)) {
    problems.add(where + ".target_year", "got " + format_number(spec.year) + "; expected the year the target is due");
  } else if (std::isinf(spec.year)) {
    problems.add(where + ".target_year", "got " + format_number(spec.year) + "; expected a year, or NaN for none");
  }
  if (std::isinf(spec.baseline_year)) {
    problems.add(where + ".baseline_year", "got " + format_number(spec.baseline_year) + "; expected a year, or NaN for the first observation");
  }
  if (std::isfinite(spec.year) && std::isfinite(spec.baseline_year) && spec.year <= spec.baseline_year) {
    problems.add(where + ".target_year", "got " + format_number(spec.year) + "; expected a year after the baseline year " +
                                             format_number(spec.baseline_year));
  }
  if (spec.direction != Direction::increase && spec.direction != Direction::decrease) {
    problems.add(where + ".direction", "expected increase (+1) or decrease (-1)");
  }
  if (std::isinf(spec.limit)) problems.add(where + ".limit", "got " + format_number(spec.limit) + "; expected a finite limit, or NaN for none");
}

/// Records every problem with the options (method bounds, thresholds, zero replacement).
inline void validate_options(Problems& problems, const AssessOptions& opt) {
  if (opt.method == Method::logistic && !(std::isfinite(opt.upper) && opt.upper > 0.0)) {
    problems.add("upper", "got " + format_number(opt.upper) + "; expected the share's upper bound, a number > 0 (1 or 100)");
  }
  if (!(std::isfinite(opt.zero_replacement) && opt.zero_replacement > 0.0)) {
    problems.add("zero_replacement", "got " + format_number(opt.zero_replacement) + "; expected a small number > 0");
  }
  const auto ordered = [](double hi, double mid, double lo) { return std::isfinite(hi) && hi >= mid && mid >= lo && std::isfinite(lo); };
  if (!ordered(opt.ratio.on_track, opt.ratio.acceleration, opt.ratio.limited)) {
    problems.add("ratio thresholds", "expected finite on_track >= acceleration >= limited (defaults 0.95, 0.6, 0)");
  }
  if (!ordered(opt.growth.on_track, opt.growth.acceleration, opt.growth.limited) || !(opt.growth.exponent > 0.0)) {
    problems.add("growth thresholds", "expected finite on_track >= acceleration >= limited and exponent > 0 (defaults 0.015, 0.005, 0, 4.44)");
  }
}

/// Assesses one indicator series (DESIGN §2.7). `years` and `values` have the same length, in
/// any order; a NaN value is a missing observation and is skipped. Fewer than two
/// observations from the baseline year on is "insufficient data" (even when the one meets the
/// target); otherwise the latest observation meeting the target in its direction is
/// "achieved"; otherwise the category follows the
/// growth-rate ratio R (`classify_ratio`), or without a target the signed growth rate
/// (`classify_growth`). The projection is fitted to the observations from the baseline year on.
/// @throws InputError listing every problem: lengths, non-finite years, a year given twice,
/// infinite values, a logistic value outside [0, upper], and bad target settings.
inline Assessment assess(View<const double, 1> years, View<const double, 1> values, const TargetSpec& spec,
                         const AssessOptions& opt = {}) {
  Problems problems;
  validate_target(problems, "series", spec);
  validate_options(problems, opt);
  if (years.shape(0) != values.shape(0)) {
    problems.add("values", "has length " + std::to_string(values.shape(0)) + "; expected the length of years, " +
                               std::to_string(years.shape(0)));
  }
  problems.throw_if_any();
  std::vector<index_t> order(static_cast<std::size_t>(years.shape(0)));
  std::iota(order.begin(), order.end(), index_t{0});
  std::stable_sort(order.begin(), order.end(), [&](index_t i, index_t j) { return years(i) < years(j); });
  std::vector<double> t, y;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const index_t i = order[k];
    const std::string where = "series[" + std::to_string(i) + "]";
    if (!std::isfinite(years(i))) problems.add(where + ".year", "got " + format_number(years(i)) + "; expected a year");
    if (k > 0 && years(i) == years(order[k - 1])) problems.add(where + ".year", "year " + format_number(years(i)) + " given twice; expected each year once");
    if (std::isinf(values(i))) problems.add(where + ".value", "got " + format_number(values(i)) + "; expected a finite number, or NaN for missing");
    if (opt.method == Method::logistic && !std::isnan(values(i)) && !(values(i) >= 0.0 && values(i) <= opt.upper)) {
      problems.add(where + ".value", "got " + format_number(values(i)) + "; expected a share in [0, " + format_number(opt.upper) + "] for the logistic method");
    }
    if (std::isnan(values(i))) continue;
    t.push_back(years(i));
    y.push_back(values(i));
  }
  problems.throw_if_any();
  return detail::assess_sorted(t.data(), y.data(), static_cast<index_t>(t.size()), spec, opt);
}

}  // namespace edplan::targets
