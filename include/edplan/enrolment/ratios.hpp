// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Entry and grade-progression ratios (DESIGN §2.2): observed from the enrolment history and
/// births, `ER_t = E[g1,t] / B[t − entry_age]` and `GPR[g]_t = E[g,t] / E[g−1,t−1]`, then
/// projected as the mean of the last k observed values or by simple exponential smoothing.

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
    ses,   ///< simple exponential smoothing of all observed values with weight `alpha` (NCES)
  } rule = mean;
  /// Values averaged by `mean`.
  int k = 3;
  /// Smoothing weight of `ses` on the newest value, in (0, 1].
  double alpha = 0.4;
};

/// Checks a method's parameters, naming `where` (e.g. `enrolment`) in problems.
inline void check_method(Problems& problems, const RatioMethod& m, const std::string& where) {
  if (m.rule == RatioMethod::mean && m.k < 1) problems.add(where + ".k", "got " + std::to_string(m.k) + "; expected k >= 1");
  if (m.rule == RatioMethod::ses && !(m.alpha > 0.0 && m.alpha <= 1.0)) {
    problems.add(where + ".alpha", "expected a smoothing weight in (0, 1]");
  }
}

/// The projected ratio from `values` (oldest first; NaN entries are not observations):
/// the mean of the last k observed values, or SES `s ← α·x + (1−α)·s` started at the first
/// observed value. NaN when nothing was observed.
inline double project_ratio(const View<const double, 1>& values, const RatioMethod& m) {
  const index_t n = values.shape(0);
  if (m.rule == RatioMethod::mean) {
    double sum = 0.0;
    int used = 0;
    for (index_t i = n; i-- > 0 && used < m.k;) {
      if (std::isnan(values(i))) continue;
      sum += values(i);
      ++used;
    }
    return used ? sum / used : std::numeric_limits<double>::quiet_NaN();
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
