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

/// The q-quantiles (each q in [0, 1]) of the values in [first, last), which are reordered in the
/// process. `out[i]` receives the quantile for `qs[i]`; NaN for an empty sample. Selection, not a
/// full sort: O(n) per quantile, which matters when every cell of a projection needs its quantiles.
inline void quantiles_inplace(double* first, double* last, const std::vector<double>& qs, double* out) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n == 0) {
    for (std::size_t i = 0; i < qs.size(); ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  // Ascending quantiles select in ever smaller right parts of the array.
  std::vector<std::size_t> order(qs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return qs[a] < qs[b]; });
  double* from = first;
  for (const std::size_t i : order) {
    const double h = qs[i] * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    double* at_lo = first + lo;
    if (at_lo >= from) std::nth_element(from, at_lo, last);
    from = at_lo;
    const double a = *at_lo;
    const double b = lo + 1 < n ? *std::min_element(at_lo + 1, last) : a;
    // numpy's lerp: from the nearer end, so that q = 1 gives the maximum exactly.
    const double t = h - static_cast<double>(lo);
    const double diff = b - a;
    out[i] = t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
  }
}

/// The q-quantiles of `values` (reordered in the process), as the range overload.
inline void quantiles_inplace(std::vector<double>& values, const std::vector<double>& qs, double* out) {
  quantiles_inplace(values.data(), values.data() + values.size(), qs, out);
}

}  // namespace edplan
