// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A dense cost matrix every entry of which is a link (finite, >= 0: the usual input of a
/// p-median, every demand point able to use every site), read for siting as it stands: its
/// columns transposed straight from the matrix, its rows' heads selected from the matrix's
/// rows and their tails read there in place. The catchment (`Links`) is never built: on the
/// dense 10,000 x 1,000 p-median, copying the 10 M links into it and transposing the copy
/// took half of the heuristic's time (the copy's page faults a third of that).

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_rows.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The links of a dense `cost` by column (what `by_column` of its catchment gives) when every
/// entry is a link (finite, >= 0), with the largest cost in `max_cost`; false, leaving `c`
/// unspecified, at the first entry that is not (NaN, negative or inf: the caller builds the
/// catchment, which names the errors). Transposed in tiles of 64 x 64 on up to `threads`
/// threads: each tile's reads touch 64 rows and its writes run down 64 columns, where a row
/// at a time scattered its 1,000 costs over 1,000 columns (16 ns a link). The entries are
/// checked as they are copied, so the matrix is read once.
inline bool dense_columns(const CostMatrix& cost, int threads, Columns& c, double& max_cost) {
  constexpr index_t tile = 64;
  constexpr double infinity = std::numeric_limits<double>::infinity();
  const index_t n = cost.rows;
  const index_t m = cost.cols;
  const index_t tiles = (m + tile - 1) / tile;
  c.start.resize(static_cast<std::size_t>(m + 1));
  for (index_t j = 0; j <= m; ++j) c.start[static_cast<std::size_t>(j)] = j * n;
  c.row.resize(static_cast<std::size_t>(n * m));
  c.cost.resize(c.row.size());
  std::vector<double> top(static_cast<std::size_t>(tiles), 0.0);
  std::atomic<bool> broken{false};
  parallel_for(
      tiles,
      [&](index_t t) {
        const index_t j0 = t * tile, j1 = std::min(m, j0 + tile);
        double hi = 0.0;
        for (index_t i0 = 0; i0 < n && !broken.load(std::memory_order_relaxed); i0 += tile) {
          const index_t i1 = std::min(n, i0 + tile);
          bool ok = true;
          for (index_t j = j0; j < j1; ++j) {
            double* to = c.cost.data() + j * n;
            std::int32_t* row = c.row.data() + j * n;
            const double* from = cost.dense.data() + j;
            for (index_t i = i0; i < i1; ++i) {
              const double v = from[i * cost.dense.stride(0)];
              to[i] = v;
              row[i] = static_cast<std::int32_t>(i);
              hi = std::max(hi, v);
              ok &= (v >= 0.0) & (v < infinity);
            }
          }
          if (!ok) broken.store(true, std::memory_order_relaxed);
        }
        top[static_cast<std::size_t>(t)] = hi;
      },
      threads);
  if (broken.load()) return false;
  max_cost = 0.0;
  for (double x : top) max_cost = std::max(max_cost, x);
  return true;
}

/// The rows of a dense `cost` whose every entry is a link, as `by_row(links, true, keep)` of
/// its catchment gives them (the same heads and ties), each tail read in the matrix's row.
/// The matrix must outlive the rows.
inline Rows dense_rows(const CostMatrix& cost, index_t keep, int threads) {
  const auto n = static_cast<std::size_t>(cost.rows);
  const index_t m = cost.cols;
  const auto h = static_cast<std::size_t>(keep > 0 ? std::min(keep, m) : m);
  Rows r;
  r.start.resize(n + 1);
  for (std::size_t i = 0; i <= n; ++i) r.start[i] = static_cast<std::int64_t>(i * h);
  r.whole_col.assign(n, nullptr);
  r.whole_cost.resize(n);
  r.whole_len.assign(n, static_cast<std::int32_t>(m));
  r.tail_ties.assign(n, 0);
  r.col.resize(n * h);
  r.cost.resize(n * h);
  const index_t B = block_count(cost.rows);
  parallel_for(
      B,
      [&](index_t b) {
        HeadScratch scratch;
        for (index_t i = cost.rows * b / B; i < cost.rows * (b + 1) / B; ++i) {
          const auto is = static_cast<std::size_t>(i);
          const double* row = cost.dense.data() + i * cost.dense.stride(0);
          r.whole_cost[is] = row;
          r.tail_ties[is] = select_head(row, nullptr, static_cast<std::size_t>(m), h, scratch, r.cost.data() + is * h,
                                        r.col.data() + is * h);
        }
      },
      threads);
  return r;
}

}  // namespace edplan::coverage::detail
