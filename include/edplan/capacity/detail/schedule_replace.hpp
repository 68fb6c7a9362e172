// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: one chosen candidate replaced by others of its district and
/// level, each in its best year, for where a large school is best undone by two smaller ones.

#include "edplan/capacity/detail/schedule_state.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace edplan::capacity::detail {

// Takes chosen k out and puts a candidate j of its district and level in at j's best year,
// whatever that costs alone, then adds the best insertions of the others of the pair while
// they lower the objective. The refill of a compound move adds the best insertion first,
// which is k again or its twin (the same places in the same window) where one large school
// beats each small one alone but two small ones, years apart, beat it: every j is tried
// first here. Applies, for each chosen k of `scope`, the first replacement that lowers the
// objective by more than tol. Only where every candidate is searched
// (`ScheduleState::searched_in_full`), like the rotations of years.
inline bool replace_in_pair(const ValidatedProgramme& v, ScheduleState& s, double tol, const std::vector<std::size_t>& scope) {
  if (!s.searched_in_full()) return false;
  const auto inf = std::numeric_limits<double>::infinity();
  bool improved = false;
  std::vector<std::size_t> added;
  for (const std::size_t k : scope) {
    if (!s.chosen(k) || s.same_pair(k).size() < 3) continue;  // k and at least two others
    const index_t k0 = s.land(k);
    const double before = s.change();
    s.remove(k);
    bool done = false;
    const std::vector<std::size_t> pair = s.same_pair(k);
    for (const std::size_t j : pair) {
      if (j == k || s.chosen(j)) continue;
      Move first{inf, j, -1};
      for (index_t y = v.first_land(j); y <= v.last_land(j); ++y)
        if (s.can_add(j, y) && s.delta_add(j, y) < first.delta) first = {s.delta_add(j, y), j, y};
      if (first.y < 0) continue;
      s.add(j, first.y);
      added.assign(1, j);
      for (;;) {
        Move best{-tol, 0, -1};
        for (const std::size_t i : pair) {
          if (i == k || s.chosen(i)) continue;
          for (index_t y = v.first_land(i); y <= v.last_land(i); ++y)
            if (s.can_add(i, y) && s.delta_add(i, y) < best.delta) best = {s.delta_add(i, y), i, y};
        }
        if (best.y < 0) break;
        s.add(best.k, best.y);
        added.push_back(best.k);
      }
      // k replaced by one candidate alone is a swap, which the search has tried.
      if (added.size() >= 2 && s.change() - before < -tol) {
        done = true;
        break;
      }
      for (const std::size_t i : added) s.remove(i);
    }
    if (!done) s.add(k, k0);
    improved = improved || done;
  }
  return improved;
}

}  // namespace edplan::capacity::detail
