// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Cost matrices (dense with inf = no link, or CSR sparse whose stored entries are the links)
/// and `Links`, the catchment: every link i -> j with a finite cost <= max_cost, kept row by
/// row in fixed blocks of rows. Every measure reads the links, never the full matrix again,
/// so a dense matrix is read once and a wide catchment structure serves many decays and years.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/detail/scan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// The default cap on a dense cost matrix, in bytes: 4096 MB. Above it, callers must pass a
/// sparse catchment. The kernels take the cap as a parameter (`FcaOptions::dense_budget`,
/// `SitingOptions::dense_budget`) and read no environment: the Python package sets it from
/// `$EDPLAN_DENSE_BUDGET_MB` once, at import.
inline constexpr std::int64_t default_dense_budget() noexcept { return std::int64_t{4096} * 1024 * 1024; }

/// An (n, m) cost matrix from demand points (rows) to supply points (columns), read in place.
///
/// Dense: every finite entry is a link and inf means none. Sparse (CSR): the stored entries
/// are the links, and an explicitly stored 0 is a link of cost 0; a stored inf is no link.
/// Costs are >= 0; NaN is an error.
struct CostMatrix {
  /// n, the number of demand points.
  index_t rows = 0;
  /// m, the number of supply points (sites).
  index_t cols = 0;
  /// True for CSR storage.
  bool sparse = false;
  /// (n, m) row-major costs, when dense.
  View<const double, 2> dense;
  /// (n+1) CSR row pointers, when sparse.
  View<const std::int64_t, 1> indptr;
  /// (nnz) CSR column indices, when sparse.
  View<const std::int32_t, 1> indices;
  /// (nnz) CSR costs, when sparse.
  View<const double, 1> data;
  /// (n) CSR row ends, optional: when given, row i holds entries [indptr[i], row_end[i]) only
  /// (the four-array CSR of pointerB/pointerE), so that the first columns of a larger matrix
  /// whose rows are sorted by column are read in place, without a copy of their links.
  View<const std::int64_t, 1> row_end;

  /// One past the last entry of row i, when sparse.
  [[nodiscard]] std::int64_t end_of(index_t i) const { return row_end.data() != nullptr ? row_end(i) : indptr(i + 1); }

  /// A dense (n, m) matrix with a contiguous last axis.
  static CostMatrix from_dense(View<const double, 2> cost) {
    CostMatrix c;
    c.rows = cost.shape(0);
    c.cols = cost.shape(1);
    c.dense = cost;
    return c;
  }
  /// A CSR matrix of `rows` x `cols`; with `row_end`, each row's entries up to its end only.
  static CostMatrix from_csr(index_t rows, index_t cols, View<const std::int64_t, 1> indptr,
                             View<const std::int32_t, 1> indices, View<const double, 1> data,
                             View<const std::int64_t, 1> row_end = {}) {
    CostMatrix c;
    c.rows = rows;
    c.cols = cols;
    c.sparse = true;
    c.indptr = indptr;
    c.indices = indices;
    c.data = data;
    c.row_end = row_end;
    return c;
  }
};

/// Records every structural problem of `cost` (named `name`): a dense matrix above
/// `dense_budget` bytes (with the advice to pass a sparse catchment), a non-contiguous dense
/// row, CSR pointers or column indices out of range. Values are checked while links are
/// built, in the same pass (see `build_links`).
inline void validate_structure(Problems& problems, const CostMatrix& cost, const std::string& name,
                               std::int64_t dense_budget) {
  if (!cost.sparse) {
    const double bytes = 8.0 * static_cast<double>(cost.rows) * static_cast<double>(cost.cols);
    if (bytes > static_cast<double>(dense_budget)) {
      problems.add(name, "a dense " + std::to_string(cost.rows) + " x " + std::to_string(cost.cols) + " matrix takes " +
                             format_number(bytes / 1048576.0) + " MB, above the dense budget of " +
                             format_number(static_cast<double>(dense_budget) / 1048576.0) +
                             " MB; pass a sparse catchment instead (a scipy.sparse matrix, or an origin/destination/cost "
                             "table, holding only the links within max_cost), or raise the budget");
    }
    if (!cost.dense.row_contiguous() || (cost.rows > 1 && cost.dense.stride(0) != cost.cols)) {
      problems.add(name, "the dense matrix is not C-ordered; expected contiguous rows");
    }
    return;
  }
  if (cost.indptr.shape(0) != cost.rows + 1) {
    problems.add(name + ".indptr", "has length " + std::to_string(cost.indptr.shape(0)) + "; expected rows + 1 = " +
                                       std::to_string(cost.rows + 1));
    return;
  }
  const index_t nnz = cost.data.shape(0);
  if (cost.indices.shape(0) != nnz) {
    problems.add(name + ".indices", "has length " + std::to_string(cost.indices.shape(0)) + "; expected " +
                                        std::to_string(nnz) + " (the length of data)");
  }
  if (cost.indptr(0) != 0 || cost.indptr(cost.rows) != nnz) {
    problems.add(name + ".indptr", "runs from " + std::to_string(cost.indptr(0)) + " to " +
                                       std::to_string(cost.indptr(cost.rows)) + "; expected 0 to " + std::to_string(nnz));
  }
  for (index_t i = 0; i < cost.rows; ++i) {
    if (cost.indptr(i + 1) < cost.indptr(i)) {
      problems.add(name + ".indptr[" + std::to_string(i + 1) + "]", "decreases; expected non-decreasing row pointers");
      break;
    }
  }
  if (cost.row_end.data() != nullptr) {
    if (cost.row_end.shape(0) != cost.rows) {
      problems.add(name + ".row_end", "has length " + std::to_string(cost.row_end.shape(0)) + "; expected rows = " +
                                          std::to_string(cost.rows));
      return;
    }
    for (index_t i = 0; i < cost.rows && problems.empty(); ++i) {
      if (cost.row_end(i) < cost.indptr(i) || cost.row_end(i) > cost.indptr(i + 1)) {
        problems.add(name + ".row_end[" + std::to_string(i) + "]",
                     "got " + std::to_string(cost.row_end(i)) + "; expected an end within the row's entries [" +
                         std::to_string(cost.indptr(i)) + ", " + std::to_string(cost.indptr(i + 1)) + "]");
      }
    }
  }
  if (problems.empty()) {
    for (index_t i = 0; i < cost.rows; ++i) {
      for (auto l = cost.indptr(i); l < cost.end_of(i); ++l) {
        const auto j = cost.indices(l);
        if (j < 0 || j >= cost.cols) {
          problems.add(name + ".indices[" + std::to_string(l) + "]", "got " + std::to_string(j) +
                                                                         "; expected a column in [0, " +
                                                                         std::to_string(cost.cols) + ")");
          return;
        }
      }
    }
  }
}

/// The links of a contiguous range of rows, CSR-like: row `first_row + r` owns entries
/// [start[r], start[r+1]) of `col` and `value`.
struct LinkBlock {
  /// The first row of the block.
  index_t first_row = 0;
  /// One past the last row of the block.
  index_t end_row = 0;
  /// (rows in block + 1) offsets into col/value.
  std::vector<std::int64_t> start;
  /// The supply point of each link.
  std::vector<std::int32_t> col;
  /// The cost of each link, or its weight when built with a decay.
  std::vector<double> value;
};

/// The catchment: every link with a finite cost <= max_cost, in blocks of rows.
///
/// Blocks depend on n only (never on the thread count), and sums over rows are reduced
/// block by block in order, so results are bit-identical for any number of threads.
struct Links {
  /// n, the number of demand points.
  index_t rows = 0;
  /// m, the number of supply points.
  index_t cols = 0;
  /// The blocks, covering rows 0..n-1 in order.
  std::vector<LinkBlock> blocks;

  /// The number of links.
  [[nodiscard]] index_t size() const {
    index_t s = 0;
    for (const auto& b : blocks) s += static_cast<index_t>(b.col.size());
    return s;
  }
};


/// The number of row blocks for n rows: enough for parallel work, few enough that a per-block
/// column accumulator (blocks x m) stays small.
inline index_t block_count(index_t rows) { return std::clamp<index_t>(rows / 256, 1, 64); }

namespace detail {

/// The most links a row of `cost` may hold: `cols`, or more in a CSR row that repeats a
/// column (scipy keeps duplicates in non-canonical matrices).
inline index_t row_width(const CostMatrix& cost) {
  index_t width = cost.cols;
  if (cost.sparse) {
    for (index_t i = 0; i < cost.rows; ++i) width = std::max<index_t>(width, cost.end_of(i) - cost.indptr(i));
  }
  return width;
}

/// Row i's links within `max_cost` (finite costs >= 0 and <= max_cost) into `cols` and
/// `vals` (room for `row_width` + 1), in column order; returns their number and counts the NaN
/// or negative costs in `bad`.
inline index_t row_links(const CostMatrix& cost, index_t i, double max_cost, std::int32_t* cols, double* vals,
                         index_t& bad) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  index_t k = 0;
  if (!cost.sparse) {
    const double* row = cost.dense.data() + i * cost.dense.stride(0);  // no reference into a 0-column matrix
    // A realistic catchment keeps a small, unpredictable subset of each row: mark 64 costs at
    // a time in a bit mask (a link, NaN or a negative cost is anything not > max_cost), then
    // visit only the set bits. The scan runs near memory speed.
    detail::scan_row(row, cost.cols, max_cost, [&](index_t j) {
      const double c = row[j];
      if ((c >= 0.0) & (c < inf)) {
        cols[k] = static_cast<std::int32_t>(j);
        vals[k++] = c;
      } else {
        bad += static_cast<index_t>(!(c >= 0.0));
      }
    });
    return k;
  }
  for (auto l = cost.indptr(i); l < cost.end_of(i); ++l) {
    const double c = cost.data(l);
    cols[k] = cost.indices(l);
    vals[k] = c;
    k += static_cast<index_t>((c <= max_cost) & (c < inf) & (c >= 0.0));
    bad += static_cast<index_t>(!(c >= 0.0));
  }
  return k;
}

}  // namespace detail

/// Calls `visit(row, cols, costs, count)` with the links within `max_cost` of each row of
/// `cost` in turn, storing none: for a single pass that keeps only what it derives from them.
/// Returns the number of NaN or negative costs (left out; `throw_invalid_costs` names them).
/// Requires `validate_structure`.
template <class Visit>
index_t for_each_row_links(const CostMatrix& cost, double max_cost, Visit&& visit) {
  const auto width = static_cast<std::size_t>(detail::row_width(cost)) + 1;
  std::vector<std::int32_t> cols(width);
  std::vector<double> vals(width);
  index_t bad = 0;
  for (index_t i = 0; i < cost.rows; ++i) {
    const index_t k = detail::row_links(cost, i, max_cost, cols.data(), vals.data(), bad);
    visit(i, static_cast<const std::int32_t*>(cols.data()), static_cast<const double*>(vals.data()), k);
  }
  return bad;
}

/// Builds the links of `cost` within `max_cost` in one pass over the matrix, with their
/// costs (`decay` null) or their weights w(c). For each row, `row_hook(block, row, cols,
/// values, count)` sees the row's links as soon as they are built (the fused first step of a
/// floating catchment). Entries that are NaN or negative are counted in `invalid` and left
/// out; callers then name them (`throw_invalid_costs`). Requires `validate_structure`.
template <class RowHook>
void build_links_into(Links& links, const CostMatrix& cost, double max_cost, const Decay* decay, int threads,
                      RowHook&& row_hook, index_t& invalid) {
  links.rows = cost.rows;
  links.cols = cost.cols;
  const index_t B = block_count(cost.rows);
  links.blocks.resize(static_cast<std::size_t>(B));
  std::vector<index_t> bad(static_cast<std::size_t>(B), 0);
  const index_t width = detail::row_width(cost);
  parallel_for(
      B,
      [&](index_t b) {
        auto& block = links.blocks[static_cast<std::size_t>(b)];
        block.first_row = cost.rows * b / B;
        block.end_row = cost.rows * (b + 1) / B;
        block.start.assign(1, 0);
        block.start.reserve(static_cast<std::size_t>(block.end_row - block.first_row + 1));
        block.col.clear();  // keeps the capacity of a reused Links
        block.value.clear();
        std::vector<std::int32_t> cols(static_cast<std::size_t>(width) + 1);
        std::vector<double> vals(static_cast<std::size_t>(width) + 1);
        index_t nbad = 0;
        for (index_t i = block.first_row; i < block.end_row; ++i) {
          const index_t k = detail::row_links(cost, i, max_cost, cols.data(), vals.data(), nbad);
          if (decay != nullptr) decay->apply(vals.data(), vals.data(), k);
          row_hook(b, i, cols.data(), vals.data(), k);
          block.col.insert(block.col.end(), cols.begin(), cols.begin() + k);
          block.value.insert(block.value.end(), vals.begin(), vals.begin() + k);
          block.start.push_back(static_cast<std::int64_t>(block.col.size()));
        }
        bad[static_cast<std::size_t>(b)] = nbad;
      },
      threads);
  invalid = 0;
  for (auto x : bad) invalid += x;
}

/// `build_links_into` a new Links.
template <class RowHook>
Links build_links(const CostMatrix& cost, double max_cost, const Decay* decay, int threads, RowHook&& row_hook,
                  index_t& invalid) {
  Links links;
  build_links_into(links, cost, max_cost, decay, threads, std::forward<RowHook>(row_hook), invalid);
  return links;
}


/// Names every NaN or negative cost of `cost` (called when `build_links` counted some) and
/// throws one `InputError` listing them (the first ten, then a count).
[[noreturn]] inline void throw_invalid_costs(const CostMatrix& cost, const std::string& name) {
  Problems problems;
  const auto ok = [](double c) { return c >= 0.0; };
  const std::string expected = "a cost >= 0 (inf for no link)";
  if (!cost.sparse) {
    check_values(problems, Field<2>{name, {"demand", "supply"}}, cost.dense, ok, expected);
  } else {
    index_t listed = 0, more = 0;
    for (index_t i = 0; i < cost.rows; ++i) {
      for (auto l = cost.indptr(i); l < cost.end_of(i); ++l) {
        if (ok(cost.data(l))) continue;
        if (listed++ < 10) {
          problems.add(name + "[demand=" + std::to_string(i) + ", supply=" + std::to_string(cost.indices(l)) + "]",
                       "got " + format_number(cost.data(l)) + "; expected " + expected);
        } else {
          ++more;
        }
      }
    }
    if (more) problems.add(name, std::to_string(more) + " more entries not listed; expected " + expected);
  }
  problems.throw_if_any();
  throw InputError(name, "invalid costs");  // unreachable when the count was right
}

/// The catchment of `cost` within `max_cost` with link costs (or weights under `decay`).
/// @throws InputError naming every structural problem and every NaN or negative cost.
inline Links catchment(const CostMatrix& cost, double max_cost, const Decay* decay = nullptr, int threads = 0,
                       std::int64_t dense_budget = default_dense_budget(), const std::string& name = "cost") {
  Problems problems;
  validate_structure(problems, cost, name, dense_budget);
  if (std::isnan(max_cost) || max_cost < 0.0) {
    problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0 (inf for every link)");
  }
  if (decay != nullptr) validate(problems, *decay, "decay");
  problems.throw_if_any();
  index_t invalid = 0;
  auto links = build_links(cost, max_cost, decay, threads, [](index_t, index_t, const std::int32_t*, const double*, index_t) {}, invalid);
  if (invalid > 0) throw_invalid_costs(cost, name);
  return links;
}

/// Per-link weights w(c) of a catchment built with costs, block by block (the structure is
/// shared, not copied: one weight vector per block).
inline std::vector<std::vector<double>> link_weights(const Links& costs, const Decay& decay, int threads = 0) {
  std::vector<std::vector<double>> w(costs.blocks.size());
  parallel_for(
      static_cast<index_t>(costs.blocks.size()),
      [&](index_t b) {
        const auto& block = costs.blocks[static_cast<std::size_t>(b)];
        auto& out = w[static_cast<std::size_t>(b)];
        out.resize(block.value.size());
        decay.apply(block.value.data(), out.data(), static_cast<index_t>(out.size()));
      },
      threads);
  return w;
}

}  // namespace edplan::coverage
