// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The location set covering problem (LSCP, Toregas et al. 1971): the fewest sites (fixed
/// ones included) such that every demand point has a chosen site within max_cost. Heuristic: lazy greedy set cover, dropping redundant sites (latest first), then
/// rounds of iterated local search (drop a few sites, cover again, drop redundant ones).
/// A demand point that no candidate reaches makes the model infeasible: `lscp` refuses it,
/// naming every such point (`check_reach`).

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace edplan::coverage {

/// The demand points listed one by one in a reach error before the rest are counted.
inline constexpr index_t max_unreached_listed = 20;

/// Records, under `cost[i]`, each demand point i that no candidate reaches within `max_cost`
/// (every point must be covered: LSCP, LSCP-B, p-center), the first `max_unreached_listed`
/// one by one and the rest counted.
inline void check_reach(Problems& problems, const Links& links, double max_cost) {
  std::vector<char> reached(static_cast<std::size_t>(links.rows), 0);
  for (const auto& b : links.blocks) {
    for (index_t i = b.first_row; i < b.end_row; ++i) {
      const index_t r = i - b.first_row;
      reached[static_cast<std::size_t>(i)] = b.start[static_cast<std::size_t>(r + 1)] > b.start[static_cast<std::size_t>(r)];
    }
  }
  index_t missing = 0;
  for (index_t i = 0; i < links.rows; ++i) {
    if (reached[static_cast<std::size_t>(i)]) continue;
    if (++missing <= max_unreached_listed) {
      problems.add("cost[" + std::to_string(i) + "]", "demand point " + std::to_string(i) + " reaches no candidate within max_cost " +
                                                           format_number(max_cost) + "; expected every demand point within reach of some candidate");
    }
  }
  if (missing > max_unreached_listed) {
    problems.add("cost", std::to_string(missing - max_unreached_listed) + " more demand points not listed reach no candidate within max_cost " +
                             format_number(max_cost));
  }
}

/// Heuristic LSCP on the links by column (`cols`, n demand points, every one reachable),
/// with `opt.rounds` rounds of iterated local search (cheap here: edplan's Python `lscp` runs
/// 200). Requires validated inputs. p-center and LSCP-B start from it.
inline SitingResult lscp_heuristic(const Columns& cols, index_t n, const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  const auto m = static_cast<index_t>(cols.start.size()) - 1;
  // Each coverable demand point counts 1; points no candidate reaches count 0.
  std::vector<double> weight(static_cast<std::size_t>(n), 0.0);
  for (auto i : cols.row) weight[static_cast<std::size_t>(i)] = 1.0;
  const View<const double, 1> w(weight.data(), {n});
  detail::CoverState state;
  state.count.assign(static_cast<std::size_t>(n), 0);
  state.chosen.assign(static_cast<std::size_t>(m), 0);
  std::vector<char> is_fixed(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) {
    is_fixed[static_cast<std::size_t>(j)] = 1;
    state.add(cols, w, j);
  }
  double coverable = 0.0;
  for (double x : weight) coverable += x;
  SitingResult result;
  // Greedy until nothing coverable is left uncovered (no site adds coverage any more).
  result.greedy_order = detail::lazy_greedy_cover(cols, w, state, m, static_cast<index_t>(fixed.size()), true);
  // Drop sites whose every point another chosen site also covers, latest added first.
  const auto drop_redundant = [&](const std::vector<index_t>& order) {
    index_t dropped = 0;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const index_t j = *it;
      if (!state.chosen[static_cast<std::size_t>(j)] || is_fixed[static_cast<std::size_t>(j)]) continue;
      bool redundant = true;
      for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)] && redundant; ++l) {
        redundant = state.count[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])] >= 2;
      }
      if (redundant) {
        state.remove(cols, w, j);
        ++dropped;
      }
    }
    return dropped;
  };
  result.swaps = drop_redundant(result.greedy_order);
  // Iterated local search: drop 2 to 4 random sites, cover again greedily without them, drop
  // redundant sites; keep the result when it needs no more sites.
  std::uint64_t rng = opt.seed;
  std::vector<index_t> movable, order;
  std::vector<char> best = state.chosen;
  auto count_chosen = [&](const std::vector<char>& c) { return std::count(c.begin(), c.end(), char{1}); };
  for (index_t round = 0; round < opt.rounds; ++round) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      if (state.chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) movable.push_back(j);
    }
    const auto drop = std::min(movable.size(), 2 + static_cast<std::size_t>(detail::next_random(rng) % 3));
    if (drop == 0) break;
    for (std::size_t d = 0; d < drop; ++d) {
      const auto k = d + static_cast<std::size_t>(detail::next_random(rng) % (movable.size() - d));
      std::swap(movable[d], movable[k]);
      state.remove(cols, w, movable[d]);
      state.chosen[static_cast<std::size_t>(movable[d])] = 1;  // barred from the refill
    }
    order = detail::lazy_greedy_cover(cols, w, state, m, 0, true);
    for (std::size_t d = 0; d < drop; ++d) state.chosen[static_cast<std::size_t>(movable[d])] = 0;
    if (state.covered < coverable) {  // the barred sites were needed: add them back greedily
      const auto more = detail::lazy_greedy_cover(cols, w, state, m, 0, true);
      order.insert(order.end(), more.begin(), more.end());
    }
    for (auto j : movable) order.insert(order.begin(), j);  // older sites are dropped last
    result.swaps += drop_redundant(order);
    if (count_chosen(state.chosen) <= count_chosen(best)) {
      best = state.chosen;
    } else {
      state.restore(cols, w, best);
    }
  }
  for (index_t j = 0; j < m; ++j) {
    if (state.chosen[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  result.objective = static_cast<double>(result.sites.size());
  result.unserved = static_cast<double>(n) - coverable;
  return result;
}

/// Heuristic LSCP on a catchment's links (see the overload on columns).
inline SitingResult lscp_heuristic(const Links& links, const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  return lscp_heuristic(by_column(links), links.rows, fixed, opt);
}

/// The links within `max_cost` of a cost matrix, after validating it with the fixed sites,
/// p (when `has_p`) and `max_cost`, and checking that every demand point is within reach.
/// @throws InputError listing every problem.
inline Links covering_links(const CostMatrix& cost, double max_cost, index_t p, const std::vector<index_t>& fixed, bool has_p,
                            const SitingOptions& opt) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_siting(problems, View<const double, 1>(), cost.rows, cost.cols, p, fixed, has_p, false);
  if (std::isnan(max_cost) || max_cost < 0.0) problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0");
  problems.throw_if_any();
  auto links = catchment(cost, max_cost, nullptr, opt.threads, opt.dense_budget);
  check_reach(problems, links, max_cost);
  problems.throw_if_any();
  return links;
}

/// LSCP from a cost matrix: links within `max_cost` cover.
/// @throws InputError listing every problem (costs, fixed sites, demand points out of reach).
inline SitingResult lscp(const CostMatrix& cost, double max_cost, const std::vector<index_t>& fixed,
                         const SitingOptions& opt = {}) {
  return lscp_heuristic(covering_links(cost, max_cost, 0, fixed, false, opt), fixed, opt);
}

}  // namespace edplan::coverage
