// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Exact sample quantiles with numpy's default rule (linear interpolation between order
/// statistics, Hyndman & Fan type 7), so results agree with `numpy.quantile`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace edplan {

/// The q-quantiles (each q in [0, 1]) of `values`, which are reordered in the process.
/// `out[i]` receives the quantile for `qs[i]`; NaN for an empty sample.
inline void quantiles_inplace(std::vector<double>& values, const std::vector<double>& qs, double* out) {
  const std::size_t n = values.size();
  if (n == 0) {
    for (std::size_t i = 0; i < qs.size(); ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  std::sort(values.begin(), values.end());
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const double h = qs[i] * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, n - 1);
    // numpy's lerp: from the nearer end, so that q = 1 gives the maximum exactly.
    const double t = h - static_cast<double>(lo);
    const double diff = values[hi] - values[lo];
    out[i] = t >= 0.5 ? values[hi] - diff * (1.0 - t) : values[lo] + diff * t;
  }
}

}  // namespace edplan
