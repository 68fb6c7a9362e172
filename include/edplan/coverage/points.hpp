// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Catchments from coordinates: the cost of a link is `scale * sqrt(dx*dx + dy*dy)` between a
/// demand point and a site in the plane, and only the links within max_cost are ever formed,
/// found through a uniform grid over the sites (bucketed once, O(m)), so that the dense n x m
/// matrix is never built. A million demand points with a few hundred sites each in reach
/// would need 16 bytes x 10^6 x 5 x 10^4 for the matrix and gigabytes for the links; the
/// two-step measure needs neither: it visits each point's links twice (once per step) and
/// keeps only O(n + m) numbers.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/links.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace edplan::coverage {

/// Demand points and sites in the plane; the cost of a link is `scale * sqrt(dx*dx + dy*dy)`,
/// evaluated in exactly that order, so that a dense matrix computed the same way (numpy:
/// `scale * np.sqrt(dx * dx + dy * dy)`) gives the same costs bit for bit and a cost equal
/// to max_cost is a link here as there. A distance that overflows to inf is no link, as inf
/// in a dense matrix.
struct PointCosts {
  /// (n, 2) demand coordinates (x, y).
  View<const double, 2> demand_xy;
  /// (m, 2) site coordinates (x, y).
  View<const double, 2> supply_xy;
  /// The cost of one unit of distance (minutes per km, say); > 0.
  double scale = 1.0;

  /// n, the number of demand points.
  [[nodiscard]] index_t rows() const { return demand_xy.shape(0); }
  /// m, the number of sites.
  [[nodiscard]] index_t cols() const { return supply_xy.shape(0); }
};

/// Records every problem of `p`: coordinates not (k, 2), not finite, a scale not > 0, more
/// sites than a link's 32-bit column holds.
inline void validate(Problems& problems, const PointCosts& p) {
  const Field<2> d{"demand_xy", {"demand", "axis"}};
  const Field<2> s{"supply_xy", {"supply", "axis"}};
  check_extent(problems, d, p.demand_xy, 1, 2, false, "x and y");
  check_extent(problems, s, p.supply_xy, 1, 2, false, "x and y");
  if (!problems.empty()) return;
  check_values(problems, d, p.demand_xy, is_finite, "a finite coordinate");
  check_values(problems, s, p.supply_xy, is_finite, "a finite coordinate");
  check_scalar(problems, "scale", p.scale, [](double x) { return std::isfinite(x) && x > 0.0; },
               "a finite cost per unit of distance > 0");
  if (p.cols() > std::numeric_limits<std::int32_t>::max()) {
    problems.add("supply_xy", std::to_string(p.cols()) + " sites; expected at most 2^31 - 1");
  }
}

/// The sites bucketed in a uniform grid, and the query "every site whose cost from (x, y) is
/// <= max_cost". Cells are half the catchment's radius wide, and each query visits, row of
/// cells by row, only the run of cells that meets the disc: about 1.5 times the sites in
/// reach are looked at. Sites of one row of cells are contiguous, so the inner loop runs over
/// contiguous arrays with no branch and vectorises.
class SiteGrid {
 public:
  /// Buckets the sites of `p` for queries within `max_cost` (>= 0; inf: every site).
  SiteGrid(const PointCosts& p, double max_cost) : scale_(p.scale), max_cost_(max_cost) {
    const index_t m = p.cols();
    double x0 = 0.0, x1 = 0.0, y0 = 0.0, y1 = 0.0;
    for (index_t j = 0; j < m; ++j) {
      const double x = p.supply_xy(j, 0), y = p.supply_xy(j, 1);
      x0 = j ? std::min(x0, x) : x;
      x1 = j ? std::max(x1, x) : x;
      y0 = j ? std::min(y0, y) : y;
      y1 = j ? std::max(y1, y) : y;
    }
    x0_ = x0;
    y0_ = y0;
    const double extent = std::max({x1 - x0, y1 - y0, 0.0});
    // The radius in distance units, widened so that rounding never drops a site whose cost,
    // computed as the kernel computes it, is <= max_cost (the exact test is on that cost).
    radius_ = max_cost / scale_;
    radius_ = radius_ * (1.0 + 1e-9) + 1e-12 * extent + std::numeric_limits<double>::min();
    // Half-radius cells, but never more than ~4 cells per site along a side: a tiny radius
    // (or max_cost = 0) must not make a huge grid, and an inf one makes a single cell.
    const double cap = static_cast<double>(std::max<index_t>(1, 2 * static_cast<index_t>(std::sqrt(static_cast<double>(m)) + 1)));
    double h = radius_ / 2.0;
    if (!(h * cap > extent)) h = extent / cap;
    if (!(h > 0.0) || !std::isfinite(h)) h = std::isfinite(extent) && extent > 0.0 ? extent : 1.0;
    h_ = h;
    // One cell when the extent overflows (coordinates near 1e308): every site is scanned.
    gx_ = std::isfinite(extent) ? std::min<index_t>(static_cast<index_t>(extent / h) + 1, static_cast<index_t>(cap) + 1) : 1;
    gy_ = gx_;
    std::vector<index_t> cell(static_cast<std::size_t>(m));
    start_.assign(static_cast<std::size_t>(gx_ * gy_ + 1), 0);
    for (index_t j = 0; j < m; ++j) {
      const index_t c = cell_y(p.supply_xy(j, 1)) * gx_ + cell_x(p.supply_xy(j, 0));
      cell[static_cast<std::size_t>(j)] = c;
      ++start_[static_cast<std::size_t>(c + 1)];
    }
    std::partial_sum(start_.begin(), start_.end(), start_.begin());
    std::vector<index_t> next(start_.begin(), start_.end() - 1);
    x_.resize(static_cast<std::size_t>(m));
    y_.resize(static_cast<std::size_t>(m));
    id_.resize(static_cast<std::size_t>(m));
    for (index_t j = 0; j < m; ++j) {  // in site order within a cell: deterministic
      const auto s = static_cast<std::size_t>(next[static_cast<std::size_t>(cell[static_cast<std::size_t>(j)])]++);
      x_[s] = p.supply_xy(j, 0);
      y_[s] = p.supply_xy(j, 1);
      id_[s] = static_cast<std::int32_t>(j);
    }
  }

  /// The number of sites.
  [[nodiscard]] index_t sites() const { return static_cast<index_t>(id_.size()); }

  /// Writes the sites within max_cost of (x, y) to `cols` and their costs to `costs` (each
  /// with room for `sites()` entries) and returns how many; the order is the grid's, fixed
  /// for given inputs.
  index_t query(double x, double y, std::int32_t* cols, double* costs) const {
    index_t k = 0;
    const index_t cy0 = cell_y(y - radius_), cy1 = cell_y(y + radius_);
    for (index_t cy = cy0; cy <= cy1; ++cy) {
      const double lo = y0_ + static_cast<double>(cy) * h_;
      // The last row also holds the sites beyond the grid's capped extent: it has no top.
      const double hi = cy + 1 == gy_ ? std::numeric_limits<double>::infinity() : lo + h_;
      const double gap = std::max({0.0, lo - y, y - hi});
      if (gap > radius_) continue;
      const double half = std::sqrt(radius_ * radius_ - gap * gap) * (1.0 + 1e-12);
      const index_t a = start_[static_cast<std::size_t>(cy * gx_ + cell_x(x - half))];
      const index_t b = start_[static_cast<std::size_t>(cy * gx_ + cell_x(x + half) + 1)];
      k += scan(a, b, x, y, cols + k, costs + k);
    }
    return k;
  }

 private:
  /// Sites [a, b) of the grid's order: their links from (x, y). Two loops: the costs of the
  /// whole run (contiguous, no branch: it vectorises), then an in-place branch-free compaction
  /// (every site is written, only links advance the output).
  index_t scan(index_t a, index_t b, double x, double y, std::int32_t* cols, double* costs) const {
    const double scale = scale_, max_cost = max_cost_;
    constexpr double inf = std::numeric_limits<double>::infinity();
    const double* xs = x_.data() + a;
    const double* ys = y_.data() + a;
    const std::int32_t* id = id_.data() + a;
    const index_t len = b - a;
    {
      // Eigen for a vector square root (std::sqrt keeps errno and stays scalar); the same
      // operations in the same order: dx*dx + dy*dy, sqrt, times scale.
      using Map = Eigen::Map<const Eigen::ArrayXd>;
      const auto dx = x - Map(xs, len);
      const auto dy = y - Map(ys, len);
      Eigen::Map<Eigen::ArrayXd>(costs, len) = scale * (dx * dx + dy * dy).sqrt();
    }
    index_t k = 0;
    for (index_t s = 0; s < len; ++s) {
      const double c = costs[s];
      cols[k] = id[s];
      costs[k] = c;
      k += static_cast<index_t>((c <= max_cost) & (c < inf));  // an overflowing distance is no link, as inf in a matrix
    }
    return k;
  }
  [[nodiscard]] index_t cell_x(double x) const { return clamp_cell((x - x0_) / h_, gx_); }
  [[nodiscard]] index_t cell_y(double y) const { return clamp_cell((y - y0_) / h_, gy_); }
  static index_t clamp_cell(double u, index_t g) {
    // Clamped as a double first: far-away points must not overflow the integer conversion.
    return static_cast<index_t>(std::clamp(std::floor(u), 0.0, static_cast<double>(g - 1)));
  }

  double scale_, max_cost_;
  double x0_ = 0.0, y0_ = 0.0, h_ = 1.0, radius_ = 0.0;
  index_t gx_ = 1, gy_ = 1;
  std::vector<index_t> start_;
  std::vector<double> x_, y_;
  std::vector<std::int32_t> id_;
};

/// Calls `row(block, i, cols, costs, count)` for every demand point i with its links within
/// `max_cost` (costs, not weights), rows in fixed blocks (`block_count(n)`) run in parallel;
/// `row` may write per-block state only.
template <class Row>
void for_each_point_row(const PointCosts& p, const SiteGrid& grid, int threads, Row&& row) {
  const index_t n = p.rows();
  const index_t B = block_count(n);
  parallel_for(
      B,
      [&](index_t b) {
        std::vector<std::int32_t> cols(static_cast<std::size_t>(grid.sites()) + 1);
        std::vector<double> costs(static_cast<std::size_t>(grid.sites()) + 1);
        for (index_t i = n * b / B; i < n * (b + 1) / B; ++i) {
          const index_t k = grid.query(p.demand_xy(i, 0), p.demand_xy(i, 1), cols.data(), costs.data());
          row(b, i, cols.data(), costs.data(), k);
        }
      },
      threads);
}

/// The catchment of `p` within `max_cost` (links with costs, or weights under `decay`), with
/// each row's links in column order, as `catchment` builds it from the dense matrix of the
/// same costs. Memory is that of the links (12 bytes each).
/// @throws InputError naming every problem of `p` and `max_cost`.
inline Links catchment(const PointCosts& p, double max_cost, const Decay* decay = nullptr, int threads = 0) {
  Problems problems;
  validate(problems, p);
  if (std::isnan(max_cost) || max_cost < 0.0) {
    problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0 (inf for every link)");
  }
  if (decay != nullptr) validate(problems, *decay, "decay");
  problems.throw_if_any();
  const SiteGrid grid(p, max_cost);
  Links links;
  links.rows = p.rows();
  links.cols = p.cols();
  const index_t B = block_count(links.rows);
  links.blocks.resize(static_cast<std::size_t>(B));
  for (index_t b = 0; b < B; ++b) {
    auto& block = links.blocks[static_cast<std::size_t>(b)];
    block.first_row = links.rows * b / B;
    block.end_row = links.rows * (b + 1) / B;
    block.start.assign(1, 0);
  }
  for_each_point_row(p, grid, threads, [&](index_t b, index_t, std::int32_t* cols, double* costs, index_t k) {
    auto& block = links.blocks[static_cast<std::size_t>(b)];
    const auto l0 = block.col.size();
    block.col.insert(block.col.end(), cols, cols + k);
    block.value.insert(block.value.end(), costs, costs + k);
    // Column order within the row (a permutation sort of the row's links, ~ a few hundred).
    std::vector<std::size_t> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t u, std::size_t v) { return cols[u] < cols[v]; });
    for (std::size_t q = 0; q < order.size(); ++q) {
      block.col[l0 + q] = cols[order[q]];
      block.value[l0 + q] = costs[order[q]];
    }
    if (decay != nullptr) decay->apply(block.value.data() + l0, block.value.data() + l0, k);
    block.start.push_back(static_cast<std::int64_t>(block.col.size()));
  });
  return links;
}

}  // namespace edplan::coverage
