// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The coverage lists of a cost matrix (which candidates cover each demand point, and which
/// points each candidate covers), built in one threaded pass over the matrix: what the MCLP
/// needs, without the link costs and without the intermediate `Links` that `catchment`,
/// `by_row` and `by_column` would build and transpose one after the other.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/detail/scan.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_swap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace edplan::coverage::detail {

/// The coverage lists and the per-block buffers that build them, kept between calls
/// (`Pooled`): fresh memory costs a page fault per 4 KB on first touch, more than filling it.
struct CoverageLists {
  /// The links by demand point (no costs).
  Rows rows;
  /// The links by candidate (no costs).
  Columns cols;
  /// Per candidate, the demand it covers, when `coverage_lists` was given whole-number
  /// demands (else empty).
  std::vector<double> covered;
  /// Each block's column indices, before they are copied into place.
  std::vector<std::vector<std::int32_t>> blocks;
  /// Per block, its links in each column, then its first position in each column.
  std::vector<std::int64_t> per_col;
  /// Per block, the demand each column covers in it.
  std::vector<double> per_col_demand;

  /// Lets go of the memory of lists above `bytes` (the pool keeps only what a usual call needs).
  void trim(std::size_t bytes) {
    if (4 * rows.col.capacity() > bytes) *this = CoverageLists{};
  }
};

/// The links of `cost` within `max_cost` into `out`: by row (`rows`, no costs, each row in column order:
/// what `by_row(catchment(...), false)` gives) and by column (`cols`, rows in increasing
/// order, no costs: `by_column(catchment(...), false)`). One parallel pass over the blocks of
/// rows of `block_count` reads the matrix, keeping each block's column indices and its count
/// per column; a second, over the same blocks, copies them into place by row and scatters them
/// by column (each block owns a known range of every column). The result does not depend on
/// `threads`. Returns the number of NaN or negative costs (left out; `throw_invalid_costs`
/// names them). Requires `validate_structure`.
///
/// Given `demand` (n whole numbers, with a sum of at most 2^53), also the demand each column
/// covers (`covered`), summed per block on the way: such sums are exact in any order, so
/// they equal, bit for bit, what a sum over the rows in order gives (the gains
/// `Assignment`'s constructor would otherwise sum in its own pass over the links).
inline index_t coverage_lists(const CostMatrix& cost, double max_cost, int threads, CoverageLists& out,
                              View<const double, 1> demand = {}) {
  const index_t n = cost.rows, m = cost.cols;
  const index_t B = block_count(n);
  const index_t width = row_width(cost);
  auto& rows = out.rows;
  auto& cols = out.cols;
  auto& block_col = out.blocks;
  block_col.resize(static_cast<std::size_t>(B));
  for (auto& b : block_col) b.clear();  // keeps their memory
  // Per block, the links of each column (m + 1 entries: the last is unused, so that the
  // offsets below can be formed in place).
  auto& per_col = out.per_col;
  per_col.assign(static_cast<std::size_t>(B * (m + 1)), 0);
  std::vector<index_t> bad(static_cast<std::size_t>(B), 0);
  bool weigh = demand.shape(0) == n && n > 0;
  if (weigh) {
    double total = 0.0;
    for (index_t i = 0; i < n && weigh; ++i) {
      const double P = demand(i);
      total += P;
      weigh = P >= 0.0 && std::floor(P) == P && total <= 9007199254740992.0;  // 2^53
    }
  }
  auto& per_col_demand = out.per_col_demand;
  per_col_demand.assign(weigh ? static_cast<std::size_t>(B * m) : 0, 0.0);
  rows.start.assign(static_cast<std::size_t>(n + 1), 0);
  rows.cost.clear();
  rows.whole_col.clear();
  rows.whole_cost.clear();
  rows.whole_len.clear();
  rows.tail_ties.clear();
  const auto first_row = [&](index_t b) { return n * b / B; };
  constexpr double inf = std::numeric_limits<double>::infinity();
  parallel_for(
      B,
      [&](index_t b) {
        auto& mine = block_col[static_cast<std::size_t>(b)];
        std::int64_t* count = per_col.data() + b * (m + 1);
        std::vector<std::int32_t> c(static_cast<std::size_t>(width) + 1);
        std::vector<double> v(static_cast<std::size_t>(width) + 1);
        index_t nbad = 0;
        double* w = weigh ? per_col_demand.data() + b * m : nullptr;
        for (index_t i = first_row(b); i < first_row(b + 1); ++i) {
          index_t k = 0;
          if (!cost.sparse) {
            // `row_links` without the costs, counting (and weighing) each link as it is found,
            // while the row streams in from memory.
            const double* row = cost.dense.data() + i * cost.dense.stride(0);
            const double P = weigh ? demand(i) : 0.0;
            detail::scan_row(row, m, max_cost, [&](index_t j) {
              const double x = row[j];
              if ((x >= 0.0) & (x < inf)) {
                c[static_cast<std::size_t>(k++)] = static_cast<std::int32_t>(j);
                ++count[j];
                if (weigh) w[j] += P;
              } else {
                nbad += static_cast<index_t>(!(x >= 0.0));
              }
            });
          } else {
            k = row_links(cost, i, max_cost, c.data(), v.data(), nbad);
            for (index_t l = 0; l < k; ++l) ++count[c[static_cast<std::size_t>(l)]];
            for (index_t l = 0; l < k && weigh; ++l) w[c[static_cast<std::size_t>(l)]] += demand(i);
          }
          mine.insert(mine.end(), c.begin(), c.begin() + k);
          rows.start[static_cast<std::size_t>(i) + 1] = k;  // the row's length for now
        }
        bad[static_cast<std::size_t>(b)] = nbad;
      },
      threads);
  for (index_t i = 0; i < n; ++i) rows.start[static_cast<std::size_t>(i) + 1] += rows.start[static_cast<std::size_t>(i)];
  // Column offsets, then each block's first position within each column, in block order.
  cols.start.assign(static_cast<std::size_t>(m + 1), 0);
  cols.cost.clear();
  for (index_t b = 0; b < B; ++b) {
    const std::int64_t* count = per_col.data() + b * (m + 1);
    for (index_t j = 0; j < m; ++j) cols.start[static_cast<std::size_t>(j) + 1] += count[j];
  }
  for (index_t j = 0; j < m; ++j) cols.start[static_cast<std::size_t>(j) + 1] += cols.start[static_cast<std::size_t>(j)];
  out.covered.assign(weigh ? static_cast<std::size_t>(m) : 0, 0.0);
  for (index_t b = 0; b < B && weigh; ++b) {
    const double* w = per_col_demand.data() + b * m;
    for (index_t j = 0; j < m; ++j) out.covered[static_cast<std::size_t>(j)] += w[j];
  }
  for (index_t j = 0; j < m; ++j) {
    std::int64_t at = cols.start[static_cast<std::size_t>(j)];
    for (index_t b = 0; b < B; ++b) {
      std::int64_t& slot = per_col[static_cast<std::size_t>(b * (m + 1) + j)];
      const std::int64_t links = slot;
      slot = at;
      at += links;
    }
  }
  const auto nnz = static_cast<std::size_t>(rows.start.back());
  rows.col.resize(nnz);
  cols.row.resize(nnz);
  parallel_for(
      B,
      [&](index_t b) {
        const auto& in = block_col[static_cast<std::size_t>(b)];
        const index_t i0 = first_row(b);
        std::copy(in.begin(), in.end(), rows.col.begin() + rows.start[static_cast<std::size_t>(i0)]);
        std::int64_t* next = per_col.data() + b * (m + 1);
        std::size_t l = 0;
        for (index_t i = i0; i < first_row(b + 1); ++i) {
          const auto len = static_cast<std::size_t>(rows.start[static_cast<std::size_t>(i) + 1] - rows.start[static_cast<std::size_t>(i)]);
          for (const auto end = l + len; l < end; ++l) cols.row[static_cast<std::size_t>(next[in[l]]++)] = static_cast<std::int32_t>(i);
        }
      },
      threads);
  index_t invalid = 0;
  for (auto x : bad) invalid += x;
  return invalid;
}

}  // namespace edplan::coverage::detail
