// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The p-median problem (Hakimi 1964; ReVelle & Swain 1970): choose p sites (fixed ones
/// included) minimising sum_i P_i min_{j chosen} c_ij. Heuristic: lazy greedy (the saving of
/// a site only falls as others are added), then best-improvement swaps with Whitaker's fast
/// interchange (nearest and second-nearest chosen site per demand point; one pass over the
/// links per swap). Links are the finite costs; a demand point with no chosen site in reach
/// is unassigned and makes the objective inf.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// Heuristic p-median on a catchment's links (costs). Requires validated inputs.
inline SitingResult p_median_heuristic(const Links& links, View<const double, 1> demand, index_t p,
                                       const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  const Columns cols = by_column(links);
  const index_t n = links.rows;
  const index_t m = links.cols;
  // Unassigned demand costs `far`, more than any assignment, so that reaching demand comes first.
  double max_cost = 0.0;
  for (double c : cols.cost) max_cost = std::max(max_cost, c);
  const double far = 2.0 * max_cost + 1.0;
  std::vector<double> d1(static_cast<std::size_t>(n), far);
  std::vector<char> chosen(static_cast<std::size_t>(m), 0), is_fixed(static_cast<std::size_t>(m), 0);
  const auto col_range = [&](index_t j) {
    return std::pair<std::int64_t, std::int64_t>(cols.start[static_cast<std::size_t>(j)], cols.start[static_cast<std::size_t>(j + 1)]);
  };
  const auto add = [&](index_t j) {
    chosen[static_cast<std::size_t>(j)] = 1;
    const auto [l0, l1] = col_range(j);
    for (auto l = l0; l < l1; ++l) {
      auto& d = d1[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])];
      d = std::min(d, cols.cost[static_cast<std::size_t>(l)]);
    }
  };
  const auto saving = [&](index_t j) {
    double s = 0.0;
    const auto [l0, l1] = col_range(j);
    for (auto l = l0; l < l1; ++l) {
      const auto i = cols.row[static_cast<std::size_t>(l)];
      s += demand(i) * std::max(0.0, d1[static_cast<std::size_t>(i)] - cols.cost[static_cast<std::size_t>(l)]);
    }
    return s;
  };
  for (auto j : fixed) {
    is_fixed[static_cast<std::size_t>(j)] = 1;
    add(j);
  }
  SitingResult result;
  using Entry = std::pair<double, index_t>;
  const auto worse = [](const Entry& a, const Entry& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); };
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> heap(worse);
  for (index_t j = 0; j < m; ++j) {
    if (!chosen[static_cast<std::size_t>(j)]) heap.emplace(saving(j), j);
  }
  while (static_cast<index_t>(fixed.size() + result.greedy_order.size()) < p && !heap.empty()) {
    const index_t j = heap.top().second;
    heap.pop();
    const double s = saving(j);
    if (!heap.empty() && worse(Entry{s, j}, heap.top())) {
      heap.emplace(s, j);
      continue;
    }
    add(j);
    result.greedy_order.push_back(j);
  }

  // Fast interchange: profit(in, out) = gain[in] - loss[out] + extra[in][out], with
  // gain[in] = sum_i P_i (d1_i - c_i,in)+, loss[out] = sum_{i: f1_i = out} P_i (d2_i - d1_i),
  // extra[in][out] = sum_{i: f1_i = out, c_i,in < d2_i} P_i (d2_i - max(c_i,in, d1_i)).
  std::vector<double> d2(static_cast<std::size_t>(n));
  std::vector<index_t> f1(static_cast<std::size_t>(n)), slot(static_cast<std::size_t>(m)), movable, touched;
  std::vector<double> loss, extra;
  double total = 0.0;
  for (index_t i = 0; i < n; ++i) total += demand(i);
  while (result.swaps < opt.max_swaps) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      slot[static_cast<std::size_t>(j)] = -1;
      if (chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) {
        slot[static_cast<std::size_t>(j)] = static_cast<index_t>(movable.size());
        movable.push_back(j);
      }
    }
    if (movable.empty()) break;
    std::fill(d1.begin(), d1.end(), far);
    std::fill(d2.begin(), d2.end(), far);
    std::fill(f1.begin(), f1.end(), -1);
    for (index_t j = 0; j < m; ++j) {
      if (!chosen[static_cast<std::size_t>(j)]) continue;
      const auto [l0, l1] = col_range(j);
      for (auto l = l0; l < l1; ++l) {
        const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
        const double c = cols.cost[static_cast<std::size_t>(l)];
        if (c < d1[i]) {
          d2[i] = d1[i];
          d1[i] = c;
          f1[i] = j;
        } else if (c < d2[i]) {
          d2[i] = c;
        }
      }
    }
    loss.assign(movable.size(), 0.0);
    for (index_t i = 0; i < n; ++i) {
      const auto f = f1[static_cast<std::size_t>(i)];
      if (f >= 0 && slot[static_cast<std::size_t>(f)] >= 0) {
        loss[static_cast<std::size_t>(slot[static_cast<std::size_t>(f)])] += demand(i) * (d2[static_cast<std::size_t>(i)] - d1[static_cast<std::size_t>(i)]);
      }
    }
    std::size_t min_slot = 0;
    for (std::size_t s = 1; s < loss.size(); ++s) {
      if (loss[s] < loss[min_slot]) min_slot = s;
    }
    extra.assign(movable.size(), 0.0);
    const double eps = 1e-12 * std::max(1.0, total * far);
    double best = eps;
    index_t best_in = -1, best_out = -1;
    for (index_t in = 0; in < m; ++in) {
      if (chosen[static_cast<std::size_t>(in)]) continue;
      double gain = 0.0;
      touched.clear();
      const auto [l0, l1] = col_range(in);
      for (auto l = l0; l < l1; ++l) {
        const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
        const double c = cols.cost[static_cast<std::size_t>(l)];
        const double P = demand(static_cast<index_t>(i));
        if (c < d1[i]) gain += P * (d1[i] - c);
        const auto f = f1[i];
        if (c < d2[i] && f >= 0 && slot[static_cast<std::size_t>(f)] >= 0) {
          const auto s = static_cast<std::size_t>(slot[static_cast<std::size_t>(f)]);
          if (extra[s] == 0.0) touched.push_back(static_cast<index_t>(s));
          extra[s] += P * (d2[i] - std::max(c, d1[i]));
        }
      }
      double profit = gain - loss[min_slot];
      index_t out = static_cast<index_t>(min_slot);
      for (auto s : touched) {
        const double v = gain + extra[static_cast<std::size_t>(s)] - loss[static_cast<std::size_t>(s)];
        if (v > profit || (v == profit && s < out)) {
          profit = v;
          out = s;
        }
        extra[static_cast<std::size_t>(s)] = 0.0;
      }
      if (profit > best) {
        best = profit;
        best_in = in;
        best_out = movable[static_cast<std::size_t>(out)];
      }
    }
    if (best_in < 0) break;
    chosen[static_cast<std::size_t>(best_out)] = 0;
    chosen[static_cast<std::size_t>(best_in)] = 1;
    ++result.swaps;
  }
  // The objective from scratch: nearest chosen site per demand point.
  std::fill(d1.begin(), d1.end(), std::numeric_limits<double>::infinity());
  for (index_t j = 0; j < m; ++j) {
    if (!chosen[static_cast<std::size_t>(j)]) continue;
    result.sites.push_back(j);
    const auto [l0, l1] = col_range(j);
    for (auto l = l0; l < l1; ++l) {
      auto& d = d1[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])];
      d = std::min(d, cols.cost[static_cast<std::size_t>(l)]);
    }
  }
  double objective = 0.0;
  for (index_t i = 0; i < n; ++i) {
    const double P = demand(i);
    if (P == 0.0) continue;
    if (std::isinf(d1[static_cast<std::size_t>(i)])) {
      result.unserved += P;
    } else {
      objective += P * d1[static_cast<std::size_t>(i)];
    }
  }
  result.objective = result.unserved > 0.0 ? std::numeric_limits<double>::infinity() : objective;
  return result;
}

/// p-median from a cost matrix (every finite cost is a possible assignment).
/// @throws InputError listing every problem (costs, demand, p, fixed sites).
inline SitingResult p_median(const CostMatrix& cost, View<const double, 1> demand, index_t p,
                             const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_siting(problems, demand, cost.rows, cost.cols, p, fixed);
  problems.throw_if_any();
  const auto links = catchment(cost, std::numeric_limits<double>::infinity(), nullptr, opt.threads, opt.dense_budget);
  return p_median_heuristic(links, demand, p, fixed, opt);
}

}  // namespace edplan::coverage
