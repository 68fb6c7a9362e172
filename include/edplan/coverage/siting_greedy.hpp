// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The p-median's greedy by columns: the lazy greedy of Minoux (1978), as CELF (Leskovec et
/// al. 2007) runs it. The saving of a site, sum_i P_i (d1_i - c_ij)+ over its column, only
/// falls as others are added (the objective is supermodular), so a saving computed earlier is
/// an upper bound: the heap's top is re-valued, and added only when it still beats the next.
/// On a dense 10,000 x 1,000 instance with p = 50 that is about 3 column passes per site
/// after the first pass over all, against re-stating every point's row around each addition
/// (as `Assignment::add` does), which read whole rows while few sites were chosen.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/team.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The nearest chosen site's cost per demand point (`far` where none reaches).
inline std::vector<double> nearest_cost(const Columns& cols, const std::vector<char>& chosen, index_t n, double far) {
  std::vector<double> d1(static_cast<std::size_t>(n), far);
  for (std::size_t j = 0; j + 1 < cols.start.size(); ++j) {
    if (!chosen[j]) continue;
    for (auto l = cols.start[j]; l < cols.start[j + 1]; ++l) {
      auto& d = d1[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])];
      d = std::min(d, cols.cost[static_cast<std::size_t>(l)]);
    }
  }
  return d1;
}

/// Lazy greedy: adds `count` sites not yet chosen, each the one saving most (ties: the lower
/// column), and returns them in order; updates `chosen` and `d1` (the nearest chosen cost per
/// point, `far` where none). While the heap's top is stale, the stale entries at its top are
/// re-valued in batches of 1, 2, 4, ... 64 (doubling within a pick) on up to `threads`
/// threads, so that the first picks, after which almost every saving is stale (on the dense
/// 10,000 x 1,000 instance the second pick re-values all 1,000 columns), use both cores. A
/// pick is a fresh top: every other entry's value is a bound its true saving does not pass,
/// so the picks are the exact greedy's, whatever the batches and the thread count (each
/// column is summed alone, in a fixed order).
inline std::vector<index_t> lazy_greedy(const Columns& cols, View<const double, 1> demand, std::vector<char>& chosen,
                                        std::vector<double>& d1, index_t count, int threads = 1) {
  const auto n = static_cast<std::size_t>(demand.shape(0));
  std::vector<double> P(n);
  for (std::size_t i = 0; i < n; ++i) P[i] = demand(static_cast<index_t>(i));
  // A column that links every point once (a dense matrix's) is summed without its row
  // numbers, in four interleaved partial sums that the compiler keeps in one vector register:
  // a third less memory read and no dependency chain (half the time on the dense instance).
  const auto m = static_cast<index_t>(chosen.size());
  std::vector<char> full(static_cast<std::size_t>(m), 0);
  const auto saving = [&](index_t j) {
    const auto a = cols.start[static_cast<std::size_t>(j)];
    const auto e = cols.start[static_cast<std::size_t>(j + 1)];
    if (full[static_cast<std::size_t>(j)]) {
      const double* c = cols.cost.data() + a;
      double s[4] = {0.0, 0.0, 0.0, 0.0};
      std::size_t i = 0;
      for (; i + 4 <= n; i += 4) {
        for (std::size_t q = 0; q < 4; ++q) s[q] += P[i + q] * std::max(0.0, d1[i + q] - c[i + q]);
      }
      for (; i < n; ++i) s[0] += P[i] * std::max(0.0, d1[i] - c[i]);
      return (s[0] + s[1]) + (s[2] + s[3]);
    }
    double s = 0.0;
    for (auto l = a; l < e; ++l) {
      const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
      s += P[i] * std::max(0.0, d1[i] - cols.cost[static_cast<std::size_t>(l)]);
    }
    return s;
  };
  struct Entry {
    double value;
    index_t site;
    index_t valued;  // the number of picks made when `value` was computed
  };
  const auto worse = [](const Entry& a, const Entry& b) {
    return a.value < b.value || (a.value == b.value && a.site > b.site);
  };
  std::vector<Entry> entries;
  entries.reserve(static_cast<std::size_t>(m));
  for (index_t j = 0; j < m; ++j) {
    if (!chosen[static_cast<std::size_t>(j)]) entries.push_back({0.0, j, 0});
  }
  constexpr std::size_t most = 64;
  Team team(threads, static_cast<std::ptrdiff_t>(most));
  const auto value_all = [&](std::vector<Entry>& batch, index_t now) {
    const auto one = [&](std::ptrdiff_t k) {
      auto& e = batch[static_cast<std::size_t>(k)];
      if (now == 0) {  // the first valuation also marks the full columns
        const auto js = static_cast<std::size_t>(e.site);
        bool all = cols.start[js + 1] - cols.start[js] == static_cast<std::int64_t>(n);
        for (std::size_t l = 0; l < n && all; ++l) all = cols.row[static_cast<std::size_t>(cols.start[js]) + l] == static_cast<std::int32_t>(l);
        full[js] = all ? 1 : 0;
      }
      if (e.valued != now || now == 0) e.value = saving(e.site);
      e.valued = now;
    };
    if (batch.size() < 4) {
      for (std::size_t k = 0; k < batch.size(); ++k) one(static_cast<std::ptrdiff_t>(k));
    } else {
      team.run(static_cast<std::ptrdiff_t>(batch.size()), one);
    }
  };
  value_all(entries, 0);
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> heap(worse, std::move(entries));
  std::vector<index_t> order;
  std::vector<Entry> batch;
  while (static_cast<index_t>(order.size()) < count && !heap.empty()) {
    const auto now = static_cast<index_t>(order.size());
    std::size_t size = 1;
    while (heap.top().valued != now) {
      batch.clear();
      while (batch.size() < size && !heap.empty()) {
        batch.push_back(heap.top());
        heap.pop();
      }
      value_all(batch, now);
      for (const auto& e : batch) heap.push(e);
      size = std::min(2 * size, most);
    }
    const index_t j = heap.top().site;
    heap.pop();
    chosen[static_cast<std::size_t>(j)] = 1;
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
      auto& d = d1[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])];
      d = std::min(d, cols.cost[static_cast<std::size_t>(l)]);
    }
    order.push_back(j);
  }
  return order;
}

}  // namespace edplan::coverage::detail
