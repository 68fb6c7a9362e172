// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The first links of every row's head, packed together: what the bound's steps and dual
/// ascents read. Each reads, per point, only its head's links cheaper than its multiplier,
/// about the first 16 of 8 m / p (on the dense 10,000 x 1,000 p-median with p = 50, 96% of
/// points pass 8 links, 12% pass 24 and 2% pass 32); read in the heads themselves,
/// consecutive points' links lie 8 m / p links apart (the heads are 19 MB there), so each
/// pass waits on scattered cache lines. Packed, the same links lie in one stream of 3.8 MB
/// that the hardware fetches ahead (the steps take a quarter less time there); a point that
/// passes them reads on in its head. The links and their order are the heads', so every sum
/// over them is the same, to the bit.

#include "edplan/coverage/siting_rows.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace edplan::coverage::detail {

/// The first `width` links of each row's head (fewer when the head is shorter), weights and
/// columns, row after row: row i's are at [i * width, i * width + min(width, head length)).
struct HeadPrefix {
  /// Links kept per row: at most 32 (on the dense instance above, 2% of points pass 32; 40
  /// ran no faster), and no more than the longest head.
  std::size_t width = 0;
  /// The weights of the links (as given, e.g. P_i c_ij), `width` per row.
  std::vector<double> weight;
  /// The columns of the links, `width` per row.
  std::vector<std::int32_t> col;

  /// No rows.
  HeadPrefix() = default;
  /// The packed prefix of `rows`' heads, with their `weights` (one per head link).
  HeadPrefix(const Rows& rows, const std::vector<double>& weights) {
    const std::size_t n = rows.start.size() - 1;
    for (std::size_t i = 0; i < n; ++i) width = std::max(width, static_cast<std::size_t>(rows.start[i + 1] - rows.start[i]));
    width = std::min<std::size_t>(width, 32);
    weight.assign(n * width, 0.0);
    col.assign(n * width, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto a = rows.start[i];
      const auto e = std::min<std::int64_t>(rows.start[i + 1], a + static_cast<std::int64_t>(width));
      std::copy(weights.begin() + a, weights.begin() + e, weight.begin() + static_cast<std::ptrdiff_t>(i * width));
      std::copy(rows.col.begin() + a, rows.col.begin() + e, col.begin() + static_cast<std::ptrdiff_t>(i * width));
    }
  }

  /// The weight of link k of row i's head (from the packed prefix when k < `width`).
  [[nodiscard]] double weight_at(const Rows& rows, const std::vector<double>& weights, std::size_t i, std::int64_t k) const {
    return static_cast<std::size_t>(k) < width ? weight[i * width + static_cast<std::size_t>(k)]
                                               : weights[static_cast<std::size_t>(rows.start[i] + k)];
  }

  /// Calls `visit(column)` for the first `count` links of row i's head, in order.
  template <class Visit>
  void each_col(const Rows& rows, std::size_t i, std::int64_t count, Visit&& visit) const {
    const std::int64_t packed = std::min<std::int64_t>(count, static_cast<std::int64_t>(width));
    const std::int32_t* c = col.data() + i * width;
    for (std::int64_t k = 0; k < packed; ++k) visit(c[k]);
    for (auto l = rows.start[i] + packed; l < rows.start[i] + count; ++l) visit(rows.col[static_cast<std::size_t>(l)]);
  }

  /// Calls `visit(column, w - lam)` for each link of row i's head with weight w < lam, in the
  /// head's order (increasing weight: the first link at or above lam ends the walk), reading
  /// the packed prefix first and `rows`' head (with `weights`) past it.
  template <class Visit>
  void each_below(const Rows& rows, const std::vector<double>& weights, std::size_t i, double lam,
                  Visit&& visit) const {
    const auto a = rows.start[i];
    const auto len = rows.start[i + 1] - a;
    const std::size_t packed = std::min<std::size_t>(width, static_cast<std::size_t>(len));
    const double* w = weight.data() + i * width;
    const std::int32_t* c = col.data() + i * width;
    for (std::size_t k = 0; k < packed; ++k) {
      const double d = w[k] - lam;
      if (!(d < 0.0)) return;
      visit(c[k], d);
    }
    for (auto l = a + static_cast<std::int64_t>(packed); l < a + len; ++l) {
      const double d = weights[static_cast<std::size_t>(l)] - lam;
      if (!(d < 0.0)) return;
      visit(rows.col[static_cast<std::size_t>(l)], d);
    }
  }
};

}  // namespace edplan::coverage::detail
