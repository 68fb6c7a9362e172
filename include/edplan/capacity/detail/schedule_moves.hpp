// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: greedy construction and the local-search moves (drop, add,
/// re-time, swap; compound moves and refills for binding budgets and caps; exchanges of two
/// years' land batches), each keeping the schedule feasible.

#include "edplan/capacity/detail/schedule_state.hpp"

#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

// Greedy construction: by change of objective per unit of cost (`per_cost`) or in absolute terms.
inline void construct(const ValidatedProgramme& v, ScheduleState& s, bool per_cost, double tol) {
  const auto& cs = v.candidates();
  for (;;) {
    Move best{0.0, 0, -1};
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (s.chosen(k)) continue;
      for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) {
        const double d = s.delta_add(k, y);  // remembered by the state until k's pair changes
        if (!(d < -tol) || !s.can_add(k, y)) continue;
        const double score = per_cost ? (cs[k].cost > 0 ? -d / cs[k].cost : std::numeric_limits<double>::infinity()) : -d;
        if (score > best_score || (score == best_score && d < best.delta)) {
          best_score = score;
          best = {d, k, y};
        }
      }
    }
    if (best.y < 0) return;
    s.add(best.k, best.y);
  }
}

// The best feasible land year for k (not chosen) and its change of objective, if below `bound`.
inline Move best_insertion(const ValidatedProgramme& v, const ScheduleState& s, std::size_t k, double bound) {
  Move best{bound, k, -1};
  for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) {
    if (!s.can_add(k, y)) continue;
    const double d = s.delta_add(k, y);
    if (d < best.delta) best = {d, k, y};
  }
  return best;
}

// True when j at land year index y would use what taking k out of land year k0 freed: places
// of k's district and level, or k's land, start or open batch (and so its start-year budget).
inline bool uses_freed(const ValidatedProgramme& v, std::size_t k, index_t k0, std::size_t j, index_t y) {
  const auto& cs = v.candidates();
  return (cs[j].region == cs[k].region && cs[j].level == cs[k].level) || y == k0 ||
         y + v.stages(j).land_to_start == k0 + v.stages(k).land_to_start ||
         y + v.stages(j).total() == k0 + v.stages(k).total();
}

// With a candidate just taken out (change of objective `d_out`), adds the best insertion over
// all candidates again and again while it lowers the objective, so that the freed budget or
// batch places can go to two cheaper candidates. Keeps the result and returns true if the
// whole lowers the objective by more than tol; else undoes the additions and returns false.
inline bool refill(const ValidatedProgramme& v, ScheduleState& s, double d_out, double tol) {
  std::vector<std::size_t> added;
  double total = d_out;
  for (;;) {
    Move best{-tol, 0, -1};
    for (std::size_t j = 0; j < v.candidates().size(); ++j) {
      if (s.chosen(j)) continue;
      const Move m = best_insertion(v, s, j, best.delta);
      if (m.y >= 0) best = m;
    }
    if (best.y < 0) break;
    s.add(best.k, best.y);
    added.push_back(best.k);
    total += best.delta;
  }
  if (total < -tol) return true;
  for (const auto j : added) s.remove(j);
  return false;
}

// Compound moves, for when the budget or a cap binds: take a chosen k out, put some j in at
// year y where it uses what k freed (j unchosen, or chosen and re-timed), then put k back at
// its best year or leave it out. Applies the first move per k that lowers the objective by
// more than tol.
inline bool compound_moves(const ValidatedProgramme& v, ScheduleState& s, double tol) {
  const auto& cs = v.candidates();
  const std::size_t K = cs.size();
  bool improved = false;
  for (std::size_t k = 0; k < K; ++k) {
    if (!s.chosen(k)) continue;
    const index_t k0 = s.land(k);
    const double d_out = s.delta_remove(k);
    s.remove(k);
    bool done = false;
    for (std::size_t j = 0; j < K && !done; ++j) {
      if (j == k || v.first_land(j) > v.last_land(j)) continue;
      const index_t j0 = s.land(j);
      const double d_j_out = j0 >= 0 ? s.delta_remove(j) : 0.0;
      if (j0 >= 0) s.remove(j);
      for (index_t y = v.first_land(j); y <= v.last_land(j) && !done; ++y) {
        if (y == j0 || !uses_freed(v, k, k0, j, y) || !s.can_add(j, y)) continue;
        const double d_j_in = s.delta_add(j, y);
        s.add(j, y);
        const Move back = best_insertion(v, s, k, 0.0);  // y < 0: k is best left out
        if (d_out + d_j_out + d_j_in + (back.y >= 0 ? back.delta : 0.0) < -tol) {
          if (back.y >= 0) s.add(k, back.y);
          done = improved = true;
        } else {
          s.remove(j);
        }
      }
      if (!done && j0 >= 0) s.add(j, j0);
    }
    if (!done) done = improved = refill(v, s, d_out, tol);
    if (!done) s.add(k, k0);
  }
  return improved;
}

// Exchanges the land years of two groups: every chosen candidate landing in year a moves to b
// and every one landing in b moves to a, where their windows allow (a budget or a cap that
// binds in both years blocks moving one candidate at a time). Applies the exchanges that lower
// the objective by more than tol.
inline bool exchange_years(const ValidatedProgramme& v, ScheduleState& s, double tol) {
  const std::size_t K = v.candidates().size();
  bool improved = false;
  for (index_t a = 0; a < v.years(); ++a)
    for (index_t b = a + 1; b < v.years(); ++b) {
      std::vector<std::pair<std::size_t, index_t>> moved;  // (candidate, new year)
      bool possible = true;
      for (std::size_t k = 0; k < K && possible; ++k) {
        if (s.land(k) != a && s.land(k) != b) continue;
        const index_t to = s.land(k) == a ? b : a;
        possible = to >= v.first_land(k) && to <= v.last_land(k);
        moved.emplace_back(k, to);
      }
      if (!possible || moved.size() < 2) continue;
      double delta = 0.0;
      for (const auto& [k, to] : moved) {
        delta += s.delta_remove(k);
        s.remove(k);
      }
      std::size_t placed = 0;
      for (; placed < moved.size() && s.can_add(moved[placed].first, moved[placed].second); ++placed) {
        delta += s.delta_add(moved[placed].first, moved[placed].second);
        s.add(moved[placed].first, moved[placed].second);
      }
      if (placed == moved.size() && delta < -tol) {
        improved = true;
        continue;
      }
      for (std::size_t i = 0; i < placed; ++i) s.remove(moved[i].first);
      for (const auto& [k, to] : moved) s.add(k, to == a ? b : a);
    }
  return improved;
}

// Local search: drop, add, re-time and swap while any move lowers the objective by more than
// tol; when none does, the compound moves and the exchanges of years.
inline void improve(const ValidatedProgramme& v, ScheduleState& s, double tol, int max_passes, bool compound = true) {
  const std::size_t K = v.candidates().size();
  for (int pass = 0; pass < max_passes; ++pass) {
    bool improved = false;
    for (std::size_t k = 0; k < K; ++k) {
      if (s.chosen(k) && s.delta_remove(k) < -tol) {
        s.remove(k);
        improved = true;
      }
    }
    for (std::size_t k = 0; k < K; ++k) {
      if (s.chosen(k)) continue;
      const Move m = best_insertion(v, s, k, -tol);
      if (m.y >= 0) {
        s.add(k, m.y);
        improved = true;
      }
    }
    for (std::size_t k = 0; k < K; ++k) {
      if (!s.chosen(k)) continue;
      const index_t y0 = s.land(k);
      const double out = s.delta_remove(k);
      s.remove(k);
      // Re-adding k at y0 undoes the removal exactly (total change 0): a move must beat that.
      // Another candidate j gains from k's removal only where it uses what k freed: elsewhere
      // the swap is no better than the two single moves the passes above already tried.
      Move best{-out - tol, k, y0};
      for (std::size_t j = 0; j < K; ++j) {
        if (j != k && s.chosen(j)) continue;
        for (index_t y = v.first_land(j); y <= v.last_land(j); ++y) {
          if ((j == k && y == y0) || (j != k && !uses_freed(v, k, y0, j, y)) || !s.can_add(j, y)) continue;
          const double d = s.delta_add(j, y);
          if (d < best.delta) best = {d, j, y};
        }
      }
      s.add(best.k, best.y);
      if (best.k != k || best.y != y0) improved = true;
    }
    if (!improved && !(compound && compound_moves(v, s, tol)) && !exchange_years(v, s, tol)) return;
  }
}

}  // namespace edplan::capacity::detail
