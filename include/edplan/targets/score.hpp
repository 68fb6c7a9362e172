// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The −5..5 progress score of the Open SDG / Statistics Canada progress measure, the number
/// that lets series, sub-indicators, indicators, targets and goals be averaged ("Aggregated
/// progress status", open-sdg/open-sdg docs/progress-methodology.md; reference implementation
/// `SeriesProgress.get_score` and `get_progress_status_from_score` in open-sdg/sdg-build,
/// sdg/ProgressMeasure.py at 139fede7). The progress value (R with a target, the signed growth
/// without) is mapped piecewise linearly onto [−5, 5] so that each of the four categories
/// takes a quarter of the range: on track [2.5, 5], acceleration needed [0, 2.5[, limited
/// progress [−2.5, 0[, deterioration [−5, −2.5[; a series that achieved its target scores 5.
///
/// The knots are the category thresholds (RatioThresholds, GrowthThresholds) plus the two
/// cutoffs where the score saturates (ScoreCutoffs). With the default thresholds the text's
/// three-segment lines (−5 at R = −60%, 0 at 60%, 5 at 130%) pass through the thresholds
/// 0 -> −2.5 and 95% -> 2.5 exactly, so the two formulations agree; knotting at the thresholds
/// keeps "category of the score = category of the value" true for other thresholds as well.
/// sdg-build writes the ratio lines with rounded slopes (7.1429·R − 4.2857 and
/// 4.1667·R − 2.5, i.e. 50/7, 30/7 and 25/6 to four decimals); edplan uses the exact lines,
/// which differ from sdg-build's published scores by at most 1.2e-4.

#include "edplan/targets/category.hpp"
#include "edplan/targets/growth_ratio.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace edplan::targets {

/// The score of the best and (negated) the worst progress; an achieved target scores this.
inline constexpr double score_max = 5.0;

/// Where the score saturates at −5 and +5 (Open SDG's published cutoffs).
struct ScoreCutoffs {
  /// R at or below which the score is −5 (−60%).
  double ratio_floor = -0.6;
  /// R at or above which the score is +5 (130%).
  double ratio_ceiling = 1.3;
  /// Growth at or below which the score is −5 (−2% a year; never scaled by C).
  double growth_floor = -0.02;
  /// Growth at or above which the score is +5 (2% a year, times C).
  double growth_ceiling = 0.02;
};

/// The lower score bounds of on track (2.5), acceleration needed (0) and limited progress
/// (−2.5): the four categories split [−5, 5] into equal quarters.
struct ScoreBounds {
  /// A score >= on_track is "on track" (2.5).
  double on_track = 2.5;
  /// on_track > score >= acceleration is "acceleration needed" (0).
  double acceleration = 0.0;
  /// acceleration > score >= limited is "limited progress" (−2.5); below it, "deterioration".
  double limited = -2.5;
};

namespace detail {

// The piecewise-linear map through (x[k], y[k]), k = 0..4, y = (−5, the ScoreBounds, 5),
// constant beyond the ends. The thresholds x[1..3] are made non-decreasing from the top down
// (x[k] = min(x[k], x[k+1])) as classify_* tests the better categories first, and the cutoffs
// x[0], x[4] widen to take in a threshold beyond them; a value in [x[k], x[k+1][ then scores
// in [y[k], y[k+1][, the half-open range of the category classify_* gives it.
inline double knotted_score(double v, std::array<double, 5> x) noexcept {
  if (std::isnan(v)) return v;
  constexpr ScoreBounds b{};
  constexpr std::array<double, 5> y{-score_max, b.limited, b.acceleration, b.on_track, score_max};
  x[4] = std::max(x[4], x[3]);
  x[2] = std::min(x[2], x[3]);
  x[1] = std::min(x[1], x[2]);
  x[0] = std::min(x[0], x[1]);
  if (v >= x[4]) return score_max;
  if (v <= x[0]) return -score_max;
  for (std::size_t k = 1; k < 5; ++k) {
    if (v >= x[k]) continue;
    const double s = y[k - 1] + (y[k] - y[k - 1]) * (v - x[k - 1]) / (x[k] - x[k - 1]);
    // rounding must not lift a value just below a threshold into the next category
    return std::min(s, std::nextafter(y[k], -std::numeric_limits<double>::infinity()));
  }
  return score_max;  // not reached: v < x[4]
}

}  // namespace detail

/// The score of a series with a target from its growth-rate ratio R: −5 at R <= −60%, linear
/// through −2.5 at R = 0 (limited), 0 at 60% (acceleration) and 2.5 at 95% (on track) to +5
/// at R >= 130%. NaN (insufficient data) gives NaN; ±inf gives ±5.
inline double ratio_score(double r, const RatioThresholds& th = {}, const ScoreCutoffs& cut = {}) noexcept {
  return detail::knotted_score(r, {cut.ratio_floor, th.limited, th.acceleration, th.on_track, cut.ratio_ceiling});
}

/// The score of a series without a target from its signed growth g and scaling factor C:
/// −5 at g <= −2%, linear through −2.5 at 0, 0 at 0.5%·C, 2.5 at 1.5%·C to +5 at g >= 2%·C
/// (C scales only the thresholds above 0). With C = 0 (base value on its natural limit) every
/// g >= 0 scores +5, as Open SDG specifies. NaN g gives NaN.
inline double growth_score(double g, double c = 1.0, const GrowthThresholds& th = {}, const ScoreCutoffs& cut = {}) noexcept {
  return detail::knotted_score(g, {cut.growth_floor, th.limited, th.acceleration * c, th.on_track * c, cut.growth_ceiling * c});
}

/// The category a score falls in (by ScoreBounds), "achieved" when `achieved`, and
/// "insufficient data" for a NaN score that is not achieved: the aggregate status of Open SDG,
/// where a mean of scores is classed by the ranges and "target achieved" needs every series
/// to have achieved its target.
inline Category score_category(double score, bool achieved, const ScoreBounds& b = {}) noexcept {
  if (achieved) return Category::achieved;
  if (std::isnan(score)) return Category::insufficient_data;
  if (score >= b.on_track) return Category::on_track;
  if (score >= b.acceleration) return Category::acceleration_needed;
  if (score >= b.limited) return Category::limited_progress;
  return Category::deterioration;
}

}  // namespace edplan::targets
