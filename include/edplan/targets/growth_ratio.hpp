// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The growth-rate ratio of the Open SDG progress measure (DESIGN §2.7), which Statistics
/// Canada built on Eurostat's SDG assessment method, and its variant for indicators without
/// a quantified target. Sources: Open SDG, "Progress Measurement Methodology for the
/// Sustainable Development Goals" (open-sdg/open-sdg, docs/progress-methodology.md) and its
/// reference implementation in sdg-build (open-sdg/sdg-build, sdg/ProgressMeasure.py); the
/// formulas below restate them, and where the two differ in detail the implementation is
/// followed and the difference named.

#include "edplan/targets/category.hpp"

#include <cmath>
#include <limits>

namespace edplan::targets {

/// Compound annual growth rate from (t0, y0) to (t1, y1): `(y1/y0)^(1/(t1−t0)) − 1`.
/// Callers guarantee t1 != t0 and y0 != 0 with y1/y0 >= 0.
inline double cagr(double t0, double y0, double t1, double y1) noexcept {
  return std::pow(y1 / y0, 1.0 / (t1 - t0)) - 1.0;
}

/// The thresholds on R for indicators with a target (Open SDG defaults).
struct RatioThresholds {
  /// R >= on_track is "on track" (0.95).
  double on_track = 0.95;
  /// on_track > R >= acceleration is "acceleration needed" (0.6).
  double acceleration = 0.6;
  /// acceleration > R >= limited is "limited progress" (0); below it, "deterioration".
  double limited = 0.0;
};

/// The growth-rate ratio `R = s·d·CAGR_obs / |CAGR_req|` with `CAGR_obs` from (t0, y0) to the
/// latest observation (ti, yi), `CAGR_req` from (t0, y0) to the target (tT, yT), d = +1 to
/// increase and −1 to decrease, and s = −1 when y0 < 0 (all values negative: the desired
/// direction flips), else +1. Open SDG divides by |CAGR_req| so that R keeps the sign of
/// progress in the desired direction even when the base value is already beyond the target.
///
/// When CAGR_req = 0 (the target equals the base value) R is ±inf by the sign of the
/// numerator, or 0 when that is 0 as well. Callers guarantee y0 != 0, ti != t0, tT != t0 and
/// that y0, yi and yT do not have opposite signs.
inline double growth_ratio(double t0, double y0, double ti, double yi, double tT, double yT, Direction d) noexcept {
  const double s = y0 < 0 ? -1.0 : 1.0;
  const double observed = s * static_cast<double>(static_cast<int>(d)) * cagr(t0, y0, ti, yi);
  const double required = std::fabs(cagr(t0, y0, tT, yT));
  if (required == 0.0) return observed == 0.0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), observed);
  return observed / required;
}

/// The category of a growth-rate ratio R: on track at R >= 0.95, acceleration needed at
/// 0.6 <= R < 0.95, limited progress at 0 <= R < 0.6, deterioration below 0 (the boundaries
/// belong to the better category). NaN gives `insufficient_data`.
inline Category classify_ratio(double r, const RatioThresholds& th = {}) noexcept {
  if (std::isnan(r)) return Category::insufficient_data;
  if (r >= th.on_track) return Category::on_track;
  if (r >= th.acceleration) return Category::acceleration_needed;
  if (r >= th.limited) return Category::limited_progress;
  return Category::deterioration;
}

/// The thresholds on the signed growth rate for indicators without a target (Open SDG's
/// defaults; Eurostat's own report uses 1% for "significant progress").
struct GrowthThresholds {
  /// growth >= on_track·C is "on track" (1.5% a year).
  double on_track = 0.015;
  /// growth >= acceleration·C is "acceleration needed" (0.5% a year).
  double acceleration = 0.005;
  /// growth >= limited is "limited progress" (0, never scaled); below it, "deterioration".
  double limited = 0.0;
  /// The exponent of the scaling factor C (Open SDG: 4.44).
  double exponent = 4.44;
};

/// Open SDG's scaling factor C in [0, 1] for an indicator with a natural limit (e.g. a share
/// that cannot pass 100%): with b = |base value| and L = |limit|,
/// `C = 1 − (b/L)^a` when b <= L (a maximum limit), `C = 1 − ((2L − b)/L)^a` when
/// L < b < 2L (a minimum limit approached from above), and `C = 1` when b >= 2L (far from a
/// minimum limit; also L = 0), with a = 4.44. C shrinks the positive growth thresholds near
/// the limit so that "on track" stays reachable without passing it. A NaN limit means none: C = 1.
inline double scaling_factor(double base, double limit, double exponent = 4.44) noexcept {
  if (std::isnan(limit)) return 1.0;
  const double b = std::fabs(base);
  const double l = std::fabs(limit);
  if (b >= 2.0 * l) return 1.0;  // checked first: b = L = 0 gives 1, as in sdg-build
  if (b <= l) return 1.0 - std::pow(b / l, exponent);
  return 1.0 - std::pow((2.0 * l - b) / l, exponent);
}

/// The signed observed growth of an indicator without a target: `s·d·CAGR_obs`, s and d as in
/// `growth_ratio`. Positive values are progress in the desired direction.
inline double signed_growth(double t0, double y0, double ti, double yi, Direction d) noexcept {
  const double s = y0 < 0 ? -1.0 : 1.0;
  return s * static_cast<double>(static_cast<int>(d)) * cagr(t0, y0, ti, yi);
}

/// The category of an indicator without a target from its signed growth g and scaling factor
/// C: on track at g >= 1.5%·C, acceleration needed at 0.5%·C <= g < 1.5%·C, limited progress
/// at 0 <= g < 0.5%·C, deterioration below 0. With C = 0 (base value on the limit) every
/// g >= 0 is on track, as Open SDG specifies. NaN gives `insufficient_data`.
inline Category classify_growth(double g, double c = 1.0, const GrowthThresholds& th = {}) noexcept {
  if (std::isnan(g)) return Category::insufficient_data;
  if (g >= th.on_track * c) return Category::on_track;
  if (g >= th.acceleration * c) return Category::acceleration_needed;
  if (g >= th.limited) return Category::limited_progress;
  return Category::deterioration;
}

}  // namespace edplan::targets
