// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The links of a capacitated assignment grouped by candidate (column), the layout in which
/// opening a candidate reads its links at once (assignment.hpp, capacitated.hpp).

#include "edplan/core/ndarray.hpp"

#include <cstdint>
#include <vector>

namespace edplan::coverage {

/// The links of a capacitated assignment by candidate: candidate j owns entries
/// [start[j], start[j+1]) of `row` and `cost` (cost 0 everywhere for the MCLP).
struct LinkColumns {
  /// (m + 1) offsets.
  std::vector<std::int64_t> start;
  /// Demand point of each link.
  std::vector<std::int32_t> row;
  /// Cost of each link.
  std::vector<double> cost;
};

/// Groups COO links (row, col, cost) by column.
inline LinkColumns link_columns(const std::vector<std::int64_t>& rows, const std::vector<std::int64_t>& cols,
                                const std::vector<double>& costs, index_t m) {
  LinkColumns c;
  c.start.assign(static_cast<std::size_t>(m + 1), 0);
  for (auto j : cols) ++c.start[static_cast<std::size_t>(j) + 1];
  for (index_t j = 0; j < m; ++j) c.start[static_cast<std::size_t>(j + 1)] += c.start[static_cast<std::size_t>(j)];
  c.row.resize(rows.size());
  c.cost.resize(rows.size());
  std::vector<std::int64_t> next(c.start.begin(), c.start.end() - 1);
  for (std::size_t l = 0; l < rows.size(); ++l) {
    const auto pos = static_cast<std::size_t>(next[static_cast<std::size_t>(cols[l])]++);
    c.row[pos] = static_cast<std::int32_t>(rows[l]);
    c.cost[pos] = costs[l];
  }
  return c;
}

}  // namespace edplan::coverage
