// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Every pair of points (a demand point, a site) at most a radius apart, as CSR arrays
/// ordered by point, then site: found on a grid of square cells a little wider than the
/// radius (a pair within the radius lies in the same or a neighbouring cell), each point
/// compared with the sites of its 3 x 3 cells only. A pair is kept when
/// `dx*dx + dy*dy <= radius*radius` and its distance is `sqrt(dx*dx + dy*dy)`, with
/// `dx = x_point - x_site`, each product rounded on its own, as numpy and scipy's k-d tree
/// compute them: the pairs and distances are theirs to the last bit (edplan.coverage's travel
/// costs read a scenario's layer through this). Two passes, the first counting each point's
/// pairs, so that the arrays are written once, in place, at their final size.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// The grid of `grid_pairs`: the sites bucketed by cell, in row order within a cell.
class PairGrid {
 public:
  /// The grid over points `(px, py)` and sites `(sx, sy)` (finite coordinates) for `radius`
  /// (finite, >= 0). `cells()` tells whether its cells can be numbered in 64 bits.
  PairGrid(View<const double, 1> px, View<const double, 1> py, View<const double, 1> sx, View<const double, 1> sy,
           double radius)
      : px_(px), py_(py), sx_(sx), sy_(sy), limit_(radius * radius) {
    const index_t n = px.shape(0), m = sx.shape(0);
    // a cell a little wider than the radius: points within it are in neighbouring cells even
    // after the rounding of (x - low) / cell (radius 0: pairs at the same point, in one cell)
    cell_ = radius > 0 ? radius * (1 + 1e-6) : 1.0;
    low_x_ = low_y_ = std::numeric_limits<double>::infinity();
    double high_x = -low_x_, high_y = -low_y_;
    for (index_t i = 0; i < n; ++i) {
      low_x_ = std::min(low_x_, px(i)), low_y_ = std::min(low_y_, py(i));
      high_x = std::max(high_x, px(i)), high_y = std::max(high_y, py(i));
    }
    for (index_t j = 0; j < m; ++j) {
      low_x_ = std::min(low_x_, sx(j)), low_y_ = std::min(low_y_, sy(j));
      high_x = std::max(high_x, sx(j)), high_y = std::max(high_y, sy(j));
    }
    width_ = std::floor((high_x - low_x_) / cell_) + 3;  // a margin column on each side
    height_ = std::floor((high_y - low_y_) / cell_) + 3;
    if (n == 0 || m == 0 || !fits()) return;
    const auto h = static_cast<std::int64_t>(height_);
    std::vector<std::int64_t> key(static_cast<std::size_t>(m));
    for (index_t j = 0; j < m; ++j) key[static_cast<std::size_t>(j)] = (cell(sx(j), low_x_) + 1) * h + cell(sy(j), low_y_) + 1;
    order_.resize(static_cast<std::size_t>(m));
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](std::int32_t a, std::int32_t b) {
      return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)];
    });
    keys_.resize(static_cast<std::size_t>(m));
    for (std::size_t k = 0; k < order_.size(); ++k) keys_[k] = key[static_cast<std::size_t>(order_[k])];
  }

  /// Whether the grid's cells can be numbered (fewer than 2^62 of them, finite cell width).
  [[nodiscard]] bool fits() const { return std::isfinite(cell_) && width_ * height_ < 4.611686018427388e18; }

  /// Calls `take(site)` for every site within the radius of point `i`, in no particular order.
  template <class Take>
  void visit(index_t i, Take&& take) const {
    const auto h = static_cast<std::int64_t>(height_);
    const std::int64_t centre = (cell(px_(i), low_x_) + 1) * h + cell(py_(i), low_y_) + 1;
    const double x = px_(i), y = py_(i);
    for (const std::int64_t dx : {-h, std::int64_t{0}, h}) {
      for (const std::int64_t dy : {-1, 0, 1}) {
        const std::int64_t want = centre + dx + dy;
        auto at = std::lower_bound(keys_.begin(), keys_.end(), want);
        for (; at != keys_.end() && *at == want; ++at) {
          const auto j = order_[static_cast<std::size_t>(at - keys_.begin())];
          const double ex = x - sx_(j), ey = y - sy_(j);
          const double xx = ex * ex, yy = ey * ey;
          if (xx + yy <= limit_) take(j, xx + yy);
        }
      }
    }
  }

 private:
  [[nodiscard]] std::int64_t cell(double v, double low) const {
    return static_cast<std::int64_t>(std::floor((v - low) / cell_));
  }

  View<const double, 1> px_, py_, sx_, sy_;
  double limit_, cell_ = 1.0, low_x_ = 0.0, low_y_ = 0.0, width_ = 0.0, height_ = 0.0;
  std::vector<std::int32_t> order_;
  std::vector<std::int64_t> keys_;
};

/// The number of pairs of each point of `grid` (n), counted in parallel.
inline std::vector<std::int64_t> grid_pair_counts(const PairGrid& grid, index_t n, int threads = 0) {
  std::vector<std::int64_t> count(static_cast<std::size_t>(n), 0);
  parallel_for(
      n, [&](index_t i) { grid.visit(i, [&](std::int32_t, double) { ++count[static_cast<std::size_t>(i)]; }); },
      threads);
  return count;
}

/// Writes point i's pairs to `col[indptr[i] .. indptr[i+1])` and their distances
/// `sqrt(dx*dx + dy*dy)` to `dist[...]`, ordered by site (`indptr`: the running sums of
/// `grid_pair_counts`), in parallel.
inline void grid_pairs_fill(const PairGrid& grid, index_t n, const std::int64_t* indptr, std::int32_t* col,
                            double* dist, int threads = 0) {
  parallel_chunks(
      n,
      [&](std::ptrdiff_t begin, std::ptrdiff_t end) {
        std::vector<std::pair<std::int32_t, double>> found;
        for (auto i = begin; i < end; ++i) {
          found.clear();
          grid.visit(i, [&](std::int32_t j, double squared) { found.emplace_back(j, squared); });
          std::sort(found.begin(), found.end());
          auto k = indptr[i];
          for (const auto& [j, squared] : found) {
            col[k] = j;
            dist[k++] = std::sqrt(squared);
          }
        }
      },
      threads);
}

}  // namespace edplan::coverage
