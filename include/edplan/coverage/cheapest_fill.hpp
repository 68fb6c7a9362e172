// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The fractional knapsack behind the capacitated assignment's opening bounds
/// (assignment.hpp): how much a candidate of given capacity could lower the value at most.

#include <algorithm>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// min sum rc y  s.t.  sum y <= cap, 0 <= y <= d over `items` (rc, d), the fractional
/// knapsack: the most negative rc first. Quickselect halves instead of a sort (linear
/// expected time; a bound per candidate per trial made the sort a fifth of the search).
/// Reorders `items`.
inline double cheapest_fill(std::vector<std::pair<double, double>>& items, double cap) {
  double change = 0.0;
  if (items.empty() || cap <= 0.0) return 0.0;
  // one rc for all (an MCLP's links all cost 0, so rc = -v_i = -1) or all fitting: no selection
  double total = 0.0, low = items.front().first, high = low;
  for (const auto& [rc, d] : items) {
    total += d;
    low = std::min(low, rc);
    high = std::max(high, rc);
  }
  if (low == high) return low * std::min(cap, total);
  if (total <= cap) {
    for (const auto& [rc, d] : items) change += rc * d;
    return change;
  }
  auto lo = items.begin(), hi = items.end();
  while (lo != hi && cap > 0.0) {
    if (hi - lo <= 16) {
      std::sort(lo, hi);
      for (auto it = lo; it != hi && cap > 0.0; ++it) {
        const double take = std::min(cap, it->second);
        change += it->first * take;
        cap -= take;
      }
      break;
    }
    const auto mid = lo + (hi - lo) / 2;
    std::nth_element(lo, mid, hi);
    double persons = 0.0, cost = 0.0;
    for (auto it = lo; it != mid; ++it) {
      persons += it->second;
      cost += it->first * it->second;
    }
    if (persons <= cap) {  // the cheaper half fits whole: take it, go on with the rest
      change += cost;
      cap -= persons;
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return change;
}

}  // namespace edplan::coverage
