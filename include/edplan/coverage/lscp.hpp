// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The location set covering problem (LSCP, Toregas et al. 1971): the fewest sites (fixed
/// ones included) such that every demand point that some candidate reaches within max_cost is
/// covered. Heuristic: lazy greedy set cover, then dropping redundant sites (latest first).
/// Demand points that no candidate reaches cannot be covered and are counted, not required.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <cstdint>
#include <vector>

namespace edplan::coverage {

/// Heuristic LSCP on a catchment's links. Requires validated inputs.
inline SitingResult lscp_heuristic(const Links& links, const std::vector<index_t>& fixed) {
  const Columns cols = by_column(links);
  const index_t n = links.rows;
  const index_t m = links.cols;
  // Each coverable demand point counts 1; points no candidate reaches count 0.
  std::vector<double> weight(static_cast<std::size_t>(n), 0.0);
  for (auto i : cols.row) weight[static_cast<std::size_t>(i)] = 1.0;
  const View<const double, 1> w(weight.data(), {n});
  detail::CoverState state;
  state.count.assign(static_cast<std::size_t>(n), 0);
  state.chosen.assign(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) state.add(cols, w, j);
  double coverable = 0.0;
  for (double x : weight) coverable += x;
  SitingResult result;
  // Greedy until nothing coverable is left uncovered (no site adds coverage any more).
  result.greedy_order = detail::lazy_greedy_cover(cols, w, state, m, static_cast<index_t>(fixed.size()), true);
  // Drop sites whose every point another chosen site also covers, latest added first.
  for (auto it = result.greedy_order.rbegin(); it != result.greedy_order.rend(); ++it) {
    const index_t j = *it;
    bool redundant = true;
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)] && redundant; ++l) {
      redundant = state.count[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])] >= 2;
    }
    if (redundant) {
      state.remove(cols, w, j);
      ++result.swaps;
    }
  }
  for (index_t j = 0; j < m; ++j) {
    if (state.chosen[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  result.objective = static_cast<double>(result.sites.size());
  result.unserved = static_cast<double>(n) - coverable;
  return result;
}

/// LSCP from a cost matrix: links within `max_cost` cover.
/// @throws InputError listing every problem (costs, fixed sites).
inline SitingResult lscp(const CostMatrix& cost, double max_cost, const std::vector<index_t>& fixed,
                         const SitingOptions& opt = {}) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_siting(problems, View<const double, 1>(), cost.rows, cost.cols, 0, fixed, false, false);
  if (std::isnan(max_cost) || max_cost < 0.0) problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0");
  problems.throw_if_any();
  const auto links = catchment(cost, max_cost, nullptr, opt.threads, opt.dense_budget);
  return lscp_heuristic(links, fixed);
}

}  // namespace edplan::coverage
