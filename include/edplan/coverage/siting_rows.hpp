// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The links of a catchment by demand point as the siting heuristics read them: `Rows` (each
/// row's sorted head apart from its unsorted tail, copied from the links) and `RowsInPlace`
/// (a CSR matrix's rows read where they are), with the accessors `Assignment` reads both
/// through, and the links by column made from `Rows`.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/detail/scan.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The links of a catchment by demand point. With costs, each row is split in two: its head,
/// its cheapest links in increasing (cost, column) order, copied, and its tail, the rest,
/// read in place in the catchment (`Links`) or the dense matrix (`siting_dense.hpp`), which
/// must outlive the rows, in column order. A point's nearest and second-nearest chosen sites
/// are almost always in its head, so a re-statement stops there instead of reading the whole
/// row; only the heads are sorted,
/// and they lie together, so that the passes that read only heads (the bound's) read memory
/// close together. Tails are read rarely (a point with fewer than two chosen sites in its
/// head), so they are not copied: on the 10,000 x 1,000 p-median, copying them (84% of the
/// 10 M links) and the page faults on the copy were most of the rows' cost.
struct Rows {
  /// (n + 1) offsets of the heads: row i's head is [start[i], start[i+1]) of `col` and `cost`.
  std::vector<std::int64_t> start;
  /// The candidate of each head link.
  Buffer<std::int32_t> col;
  /// The cost of each head link (empty when only coverage matters: every link then costs the
  /// same, the head is the whole row, in column order, and there are no tails).
  Buffer<double> cost;
  /// (n) Where row i's whole list of links begins in the catchment (its candidates, in
  /// column order; empty without costs); null when the row links every column once, in
  /// order (a row of a dense matrix without inf, read in place: `siting_dense.hpp`).
  std::vector<const std::int32_t*> whole_col;
  /// (n) The costs of row i's whole list of links in the catchment.
  std::vector<const double*> whole_cost;
  /// (n) The number of links in row i's whole list.
  std::vector<std::int32_t> whole_len;
  /// (n) The links of row i's tail that cost as much as its head's last (ties left out of
  /// the head; empty without costs).
  std::vector<std::int32_t> tail_ties;

  /// Whether row i has links beyond its head.
  [[nodiscard]] bool has_tail(std::size_t i) const {
    return !whole_len.empty() && whole_len[i] > start[i + 1] - start[i];
  }

  /// Calls `visit(column, cost)` for each link of row i's tail, in column order: the row's
  /// links after the head's last in (cost, column) order (a repeated column, as a CSR matrix
  /// may hold, counted as often as it appears).
  template <class Visit>
  void each_tail(std::size_t i, Visit&& visit) const {
    if (!has_tail(i)) return;
    const auto last = start[i + 1] - 1;
    const double cap = cost[static_cast<std::size_t>(last)];
    const std::int32_t kcap = col[static_cast<std::size_t>(last)];
    std::int64_t same = 0;  // copies of the head's last link in the head
    for (auto l = last; l >= start[i] && cost[static_cast<std::size_t>(l)] == cap && col[static_cast<std::size_t>(l)] == kcap; --l) ++same;
    const std::int32_t* cols = whole_col[i];
    const double* costs = whole_cost[i];
    for (std::int32_t k = 0; k < whole_len[i]; ++k) {
      const double c = costs[k];
      const std::int32_t j = cols != nullptr ? cols[k] : k;
      if (c < cap || (c == cap && j < kcap)) continue;  // in the head
      if (c == cap && j == kcap && same > 0) {
        --same;
        continue;
      }
      visit(j, c);
    }
  }
};

/// Scratch space of `select_head`, kept across rows.
struct HeadScratch {
  /// The candidates (cost, column), in column order.
  std::vector<std::pair<double, std::int32_t>> cand;
  /// The candidates by bucket of cost.
  std::vector<std::pair<double, std::int32_t>> sorted;
  /// Where each bucket begins in `sorted`.
  std::vector<std::uint32_t> at;
};

/// A row's head: the `h` least of its `len` links by (cost, column), in that order, into
/// `head_cost` and `head_col`; `col` null means the row's columns are 0, 1, ... (a dense
/// row). Returns the number of links left out that cost as much as the head's last (0 when
/// the head is the whole row).
///
/// The candidates are the links up to a guess g from 32 costs spread over the row, set well
/// above the head's share (about 1.7 h of the links where h is 16% of the row), found 64
/// costs at a time by the scan of a dense row (`scan_row`): every head link is among them,
/// and they are far fewer than the row; when fewer than h fall below g, every link is. They
/// are then spread over about K / 4 buckets of equal width in cost (floor(c B / g), which
/// never decreases with c, so the buckets run in cost order), in column order within each,
/// and only the buckets up to the head's last are sorted, each by (cost, column): on the
/// dense 10,000 x 1,000 instance, half the time of selecting the head and sorting it.
inline std::int32_t select_head(const double* cost, const std::int32_t* col, std::size_t len, std::size_t h,
                                HeadScratch& scratch, double* head_cost, std::int32_t* head_col) {
  const auto column = [&](std::size_t k) { return col != nullptr ? col[k] : static_cast<std::int32_t>(k); };
  auto& cand = scratch.cand;
  cand.clear();
  double g = 0.0;
  if (h < len && len >= 64 && 4 * h <= len) {
    double sample[32];
    for (std::size_t q = 0; q < 32; ++q) sample[q] = cost[q * len / 32];
    std::sort(sample, sample + 32);
    g = sample[std::min<std::size_t>(31, 48 * h / len + 2)];
    scan_row(cost, static_cast<index_t>(len), g, [&](index_t k) {
      cand.emplace_back(cost[k], column(static_cast<std::size_t>(k)));
    });
  }
  if (cand.size() < h) {
    cand.resize(len);
    g = 0.0;
    for (std::size_t k = 0; k < len; ++k) {
      cand[k] = {cost[k], column(k)};
      g = std::max(g, cost[k]);
    }
  }
  const std::size_t B = std::max<std::size_t>(1, cand.size() / 4);
  const double per = static_cast<double>(B) / g;  // inf or NaN for g 0 or subnormal: one bucket
  const double scale = std::isfinite(per) ? per : 0.0;
  const auto bucket = [&](double c) { return std::min(B - 1, static_cast<std::size_t>(c * scale)); };
  auto& at = scratch.at;
  at.assign(B + 1, 0);
  for (const auto& c : cand) ++at[bucket(c.first) + 1];
  for (std::size_t b = 0; b < B; ++b) at[b + 1] += at[b];
  auto& sorted = scratch.sorted;
  sorted.resize(cand.size());
  for (const auto& c : cand) sorted[at[bucket(c.first)]++] = c;  // at[b]: now the end of bucket b
  for (std::size_t b = B; b > 0; --b) at[b] = at[b - 1];
  at[0] = 0;
  for (std::size_t b = 0; b < B && at[b] < h; ++b) {
    std::sort(sorted.begin() + at[b], sorted.begin() + at[b + 1]);
  }
  std::int32_t ties = 0;
  if (h > 0 && h < len) {
    // Every link at the head's last cost is a candidate (it is <= g), in the same bucket.
    const double v = sorted[h - 1].first;
    for (auto q = h; q < at[bucket(v) + 1]; ++q) ties += static_cast<std::int32_t>(sorted[q].first == v);
  }
  for (std::size_t q = 0; q < h; ++q) {
    head_cost[q] = sorted[q].first;
    head_col[q] = sorted[q].second;
  }
  return ties;
}

/// The catchment's links row by row, in column order; with their costs when `with_cost`,
/// each row's `keep` cheapest links (every link when `keep` <= 0) form its head, in
/// increasing (cost, column) order, the others its tail (read in place in `links`). One
/// parallel pass over the blocks of rows (`threads`); the result does not depend on it.
inline Rows by_row(const Links& links, bool with_cost, index_t keep = 0, int threads = 1) {
  Rows r;
  const auto n = static_cast<std::size_t>(links.rows);
  const auto head_of = [&](std::int64_t len) {
    return with_cost && keep > 0 ? std::min<std::int64_t>(len, keep) : len;
  };
  r.start.assign(n + 1, 0);
  if (with_cost) {
    r.whole_col.resize(n);
    r.whole_cost.resize(n);
    r.whole_len.resize(n);
    r.tail_ties.assign(n, 0);
  }
  for (const auto& b : links.blocks) {
    for (index_t i = b.first_row; i < b.end_row; ++i) {
      const auto k = static_cast<std::size_t>(i - b.first_row);
      const auto len = b.start[k + 1] - b.start[k];
      r.start[static_cast<std::size_t>(i) + 1] = r.start[static_cast<std::size_t>(i)] + head_of(len);
      if (with_cost) {
        r.whole_col[static_cast<std::size_t>(i)] = b.col.data() + b.start[k];
        r.whole_cost[static_cast<std::size_t>(i)] = b.value.data() + b.start[k];
        r.whole_len[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(len);
      }
    }
  }
  r.col.resize(static_cast<std::size_t>(r.start[n]));
  if (with_cost) r.cost.resize(r.col.size());
  parallel_for(
      static_cast<std::ptrdiff_t>(links.blocks.size()),
      [&](std::ptrdiff_t bi) {
        const auto& b = links.blocks[static_cast<std::size_t>(bi)];
        if (b.end_row <= b.first_row) return;
        if (!with_cost) {
          std::copy(b.col.begin(), b.col.end(), r.col.begin() + r.start[static_cast<std::size_t>(b.first_row)]);
          return;
        }
        HeadScratch scratch;
        for (index_t i = b.first_row; i < b.end_row; ++i) {
          const auto is = static_cast<std::size_t>(i);
          const auto a = static_cast<std::size_t>(b.start[is - static_cast<std::size_t>(b.first_row)]);
          const auto e = static_cast<std::size_t>(b.start[is - static_cast<std::size_t>(b.first_row) + 1]);
          r.tail_ties[is] = select_head(b.value.data() + a, b.col.data() + a, e - a,
                                        static_cast<std::size_t>(r.start[is + 1] - r.start[is]), scratch,
                                        r.cost.data() + r.start[is], r.col.data() + r.start[is]);
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
