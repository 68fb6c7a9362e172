// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Entry and grade-progression ratios (DESIGN §2.2): observed from the enrolment history and
/// births, `ER_t = E[g1,t] / B[t − entry_age]` and `GPR[g]_t = E[g,t] / E[g−1,t−1]`, then
/// projected as the mean of the last k observed values, by simple exponential smoothing or by a
/// damped linear trend; `method = "auto"` picks one of these per region and level (choice.hpp).

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/enrolment/levels.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace edplan::enrolment {

/// How an observed ratio series becomes the projected ratio.
struct RatioMethod {
  /// The rule.
  enum Rule {
    mean,  ///< the mean of the last `k` observed values (fewer when fewer were observed)
    ses,     ///< simple exponential smoothing of all observed values with weight `alpha` (NCES)
    damped,  ///< the least-squares line through the last `k` observed values, its slope damped by `damping`
    automatic,  ///< per region and level, the candidate with the lowest rolling-origin error (choice.hpp)
  } rule = mean;
  /// Values averaged by `mean`, or fitted by `damped`.
  int k = 3;
  /// Smoothing weight of `ses` on the newest value, in (0, 1].
  double alpha = 0.4;
};

/// The damping factor φ of `damped`: the trend adds `slope · (φ + φ² + … + φ^h)` at lead h, so
/// it levels off at `slope · φ/(1 − φ)` = 4 slopes (the value used for damped-trend forecasts by
/// Gardner and McKenzie, 1985, and in Hyndman & Athanasopoulos, *Forecasting*, §8.2).
inline constexpr double damping = 0.8;

/// Checks a method's parameters, naming `where` (e.g. `enrolment`) in problems.
inline void check_method(Problems& problems, const RatioMethod& m, const std::string& where) {
  if ((m.rule == RatioMethod::mean || m.rule == RatioMethod::damped) && m.k < 1) problems.add(where + ".k", "got " + std::to_string(m.k) + "; expected k >= 1");
  if (m.rule == RatioMethod::automatic && where != "enrolment") problems.add(where, "expected a resolved method, not auto");
  if (m.rule == RatioMethod::ses && !(m.alpha > 0.0 && m.alpha <= 1.0)) {
    problems.add(where + ".alpha", "expected a smoothing weight in (0, 1]");
  }
}

/// The projected ratio `lead` years after the last of `values` (oldest first; NaN entries are
/// not observations): the mean of the last k observed values; SES `s ← α·x + (1−α)·s` started at
/// the first observed value; or the damped trend `a + b·(φ + … + φ^lead)`, with a + b·i the
/// least-squares line through the last k observed values (i their positions, the last at 0;
/// a flat line through a single value). Mean and SES do not depend on `lead`. NaN when nothing
/// was observed. `automatic` must be resolved to a candidate first (`choose_methods`).
inline double project_ratio(const View<const double, 1>& values, const RatioMethod& m, int lead = 1) {
  const index_t n = values.shape(0);
  if (m.rule == RatioMethod::mean || m.rule == RatioMethod::damped) {
    double sum = 0.0, sum_i = 0.0, sum_ii = 0.0, sum_ix = 0.0;
    int used = 0;
    for (index_t i = n; i-- > 0 && used < m.k;) {
      if (std::isnan(values(i))) continue;
      const double at = static_cast<double>(i - (n - 1));  // position, the newest year at 0
      sum += values(i);
      sum_i += at;
      sum_ii += at * at;
      sum_ix += at * values(i);
      ++used;
    }
    if (!used) return std::numeric_limits<double>::quiet_NaN();
    const double mean = sum / used;
    if (m.rule == RatioMethod::mean) return mean;
    const double spread = sum_ii - sum_i * sum_i / used;
    const double slope = spread > 0.0 ? (sum_ix - sum_i * sum / used) / spread : 0.0;
    double steps = 0.0, power = 1.0;
    for (int h = 0; h < lead; ++h) steps += (power *= damping);
    return mean - slope * sum_i / used + slope * steps;  // the line at the newest year, plus the damped steps
  }
  double s = std::numeric_limits<double>::quiet_NaN();
  for (index_t i = 0; i < n; ++i) {
    if (std::isnan(values(i))) continue;
    s = std::isnan(s) ? values(i) : m.alpha * values(i) + (1.0 - m.alpha) * s;
  }
  return s;
}

/// Observed ratios by region, grade and history year: (R, G, H), NaN where not observed.
///
/// Entry grades: `E[g,t] / B[t − entry_age]`; other progression grades: `E[g,t] / E[g−1,t−1]`,
/// for every history year in which numerator and denominator both exist and the denominator
/// is positive. Rate grades are left NaN (their ratio is level-wide, see `rate_ratio`).
/// @param history (R, H, G) pupils, history year `history_first_year` + h; NaN = not observed.
/// @param births  (R, NB) births in calendar year `births_first_year` + i; NaN = unknown.
inline NdArray<double, 3> observed_ratios(const GradeAxis& axis, const View<const double, 3>& history,
                                          int history_first_year, const View<const double, 2>& births,
                                          int births_first_year) {
  const index_t R = history.shape(0), H = history.shape(1), G = axis.size();
  NdArray<double, 3> out({R, G, H}, std::numeric_limits<double>::quiet_NaN());
  const index_t NB = births.shape(1);
  for (index_t r = 0; r < R; ++r) {
    for (index_t g = 0; g < G; ++g) {
      if (axis.is_rate(g)) continue;
      for (index_t h = 0; h < H; ++h) {
        const double num = history(r, h, g);
        double den = std::numeric_limits<double>::quiet_NaN();
        if (axis.is_entry(g)) {
          const index_t b = history_first_year + h - axis.level(g).entry_age - births_first_year;
          if (b >= 0 && b < NB) den = births(r, b);
        } else if (h > 0) {
          den = history(r, h - 1, axis.predecessor(g));
        }
        if (!std::isnan(num) && den > 0.0) out(r, g, h) = num / den;
      }
    }
  }
  return out;
}

}  // namespace edplan::enrolment
