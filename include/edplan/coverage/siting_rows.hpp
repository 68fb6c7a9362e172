// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The links of a catchment by demand point as the siting heuristics read them: `Rows` (each
/// row's sorted head apart from its unsorted tail, copied from the links) and `RowsInPlace`
/// (a CSR matrix's rows read where they are), with the accessors `Assignment` reads both
/// through, and the links by column made from `Rows`.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The links of a catchment by demand point. With costs, each row is split in two: its head,
/// its cheapest links in increasing (cost, column) order, and its tail, the rest in no set
/// order, none below the head's last. A point's nearest and second-nearest chosen sites are
/// almost always in its head, so a re-statement stops there instead of reading the whole
/// row; only the heads are sorted, and they lie together, apart from the tails, so that the
/// passes that read only heads (the bound's) read memory close together.
struct Rows {
  /// (n + 1) offsets of the heads: row i's head is [start[i], start[i+1]) of `col` and `cost`.
  std::vector<std::int64_t> start;
  /// The candidate of each head link.
  std::vector<std::int32_t> col;
  /// The cost of each head link (empty when only coverage matters: every link then costs the
  /// same, the head is the whole row, in column order, and there are no tails).
  std::vector<double> cost;
  /// (n + 1) offsets of the tails into `tail_col` and `tail_cost` (empty without costs).
  std::vector<std::int64_t> tail_start;
  /// The candidate of each tail link.
  std::vector<std::int32_t> tail_col;
  /// The cost of each tail link.
  std::vector<double> tail_cost;

  /// Whether row i has links beyond its head.
  [[nodiscard]] bool has_tail(std::size_t i) const { return !tail_start.empty() && tail_start[i + 1] > tail_start[i]; }
};

/// The catchment's links row by row, in column order; with their costs when `with_cost`,
/// each row's `keep` cheapest links (every link when `keep` <= 0) form its head, in
/// increasing (cost, column) order, the others its tail. One parallel pass over the blocks of
/// rows (`threads`); the result does not depend on it.
inline Rows by_row(const Links& links, bool with_cost, index_t keep = 0, int threads = 1) {
  Rows r;
  const auto n = static_cast<std::size_t>(links.rows);
  const auto head_of = [&](std::int64_t len) {
    return with_cost && keep > 0 ? std::min<std::int64_t>(len, keep) : len;
  };
  r.start.assign(n + 1, 0);
  if (with_cost) r.tail_start.assign(n + 1, 0);
  for (const auto& b : links.blocks) {
    for (index_t i = b.first_row; i < b.end_row; ++i) {
      const auto k = static_cast<std::size_t>(i - b.first_row);
      const auto len = b.start[k + 1] - b.start[k];
      r.start[static_cast<std::size_t>(i) + 1] = r.start[static_cast<std::size_t>(i)] + head_of(len);
      if (with_cost) r.tail_start[static_cast<std::size_t>(i) + 1] = r.tail_start[static_cast<std::size_t>(i)] + len - head_of(len);
    }
  }
  r.col.resize(static_cast<std::size_t>(r.start[n]));
  if (with_cost) {
    r.cost.resize(r.col.size());
    r.tail_col.resize(static_cast<std::size_t>(r.tail_start[n]));
    r.tail_cost.resize(r.tail_col.size());
  }
  parallel_for(
      static_cast<std::ptrdiff_t>(links.blocks.size()),
      [&](std::ptrdiff_t bi) {
        const auto& b = links.blocks[static_cast<std::size_t>(bi)];
        if (b.end_row <= b.first_row) return;
        if (!with_cost) {
          std::copy(b.col.begin(), b.col.end(), r.col.begin() + r.start[static_cast<std::size_t>(b.first_row)]);
          return;
        }
        std::vector<std::pair<double, std::int32_t>> row;
        for (index_t i = b.first_row; i < b.end_row; ++i) {
          const auto is = static_cast<std::size_t>(i);
          const auto a = static_cast<std::size_t>(b.start[is - static_cast<std::size_t>(b.first_row)]);
          const auto e = static_cast<std::size_t>(b.start[is - static_cast<std::size_t>(b.first_row) + 1]);
          row.clear();
          for (auto l = a; l < e; ++l) row.emplace_back(b.value[l], b.col[l]);
          // (cost, column): ties in column order. Only the head is sorted.
          const auto h = static_cast<std::size_t>(r.start[is + 1] - r.start[is]);
          if (h < row.size()) std::nth_element(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(h), row.end());
          std::sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(h));
          for (std::size_t k = 0; k < h; ++k) {
            r.cost[static_cast<std::size_t>(r.start[is]) + k] = row[k].first;
            r.col[static_cast<std::size_t>(r.start[is]) + k] = row[k].second;
          }
          for (std::size_t k = h; k < row.size(); ++k) {
            r.tail_cost[static_cast<std::size_t>(r.tail_start[is]) + k - h] = row[k].first;
            r.tail_col[static_cast<std::size_t>(r.tail_start[is]) + k - h] = row[k].second;
          }
        }
      },
      threads);
  return r;
}

/// Some columns of a CSR cost matrix row by row, read in place without their costs: row i's
/// links are its entries [indptr(i), end_of(i)), each column renumbered by `to` (-1: a column
/// left out, which the readers skip). What a Binary `Assignment` (the MCLP) reads as its rows
/// when every entry of the matrix is a link: the links are not copied.
struct RowsInPlace {
  /// The matrix (sparse), every entry a link.
  const CostMatrix& cost;
  /// (cost.cols) each column's number among those kept, -1 for a column left out.
  const std::vector<std::int32_t>& to;
};

/// Where row i's links (its head) begin in `rows`.
inline std::int64_t row_first(const Rows& rows, std::size_t i) { return rows.start[i]; }
/// One past row i's last link (of its head) in `rows`.
inline std::int64_t row_last(const Rows& rows, std::size_t i) { return rows.start[i + 1]; }
/// The column of link l of `rows`.
inline std::int32_t link_column(const Rows& rows, std::int64_t l) { return rows.col[static_cast<std::size_t>(l)]; }
/// Where row i's entries begin in the matrix.
inline std::int64_t row_first(const RowsInPlace& rows, std::size_t i) { return rows.cost.indptr(static_cast<index_t>(i)); }
/// One past row i's last entry in the matrix.
inline std::int64_t row_last(const RowsInPlace& rows, std::size_t i) { return rows.cost.end_of(static_cast<index_t>(i)); }
/// The renumbered column of entry l, -1 for a column left out.
inline std::int32_t link_column(const RowsInPlace& rows, std::int64_t l) {
  return rows.to[static_cast<std::size_t>(rows.cost.indices(static_cast<index_t>(l)))];
}

/// The links of `rows` (m columns) by column, rows in increasing order within each column,
/// without costs: what `by_column(links, false)` gives, from the links by row.
inline Columns columns_of(const Rows& rows, index_t m) {
  Columns c;
  c.start.assign(static_cast<std::size_t>(m + 1), 0);
  for (auto j : rows.col) ++c.start[static_cast<std::size_t>(j) + 1];
  for (index_t j = 0; j < m; ++j) c.start[static_cast<std::size_t>(j + 1)] += c.start[static_cast<std::size_t>(j)];
  c.row.resize(rows.col.size());
  std::vector<std::int64_t> next(c.start.begin(), c.start.end() - 1);
  for (std::size_t i = 0; i + 1 < rows.start.size(); ++i) {
    for (auto l = rows.start[i]; l < rows.start[i + 1]; ++l) {
      const auto pos = static_cast<std::size_t>(next[static_cast<std::size_t>(rows.col[static_cast<std::size_t>(l)])]++);
      c.row[pos] = static_cast<std::int32_t>(i);
    }
  }
  return c;
}

}  // namespace edplan::coverage::detail
