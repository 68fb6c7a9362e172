// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: greedy construction and the local-search moves (drop, add,
/// re-time, swap; compound moves and refills for binding budgets and caps; exchanges of two
/// years' land batches; rotations of three candidates' land years in `schedule_rotations.hpp`,
/// replacements of one by several of its district in `schedule_replace.hpp`), each keeping the
/// schedule feasible.

#include "edplan/capacity/detail/schedule_replace.hpp"
#include "edplan/capacity/detail/schedule_rotations.hpp"
#include "edplan/capacity/detail/schedule_state.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

// Greedy construction: by change of objective per unit of cost (`per_cost`) or in absolute terms.
// Lazy: the penalty is convex in a pair's places, so adding places to a pair only raises the
// change of adding any of its candidates, and every addition only tightens the budget and the
// caps. A (candidate, year) whose remembered change is still current and best is therefore the
// best of all; a stale one is judged again and queued anew, an infeasible one is dropped for
// good. Ties go, as in a full scan, to the lower candidate and the earlier year.
inline void construct(const ValidatedProgramme& v, ScheduleState& s, bool per_cost, double tol) {
  const auto& cs = v.candidates();
  struct Entry {
    double score, delta;
    std::size_t k;
    index_t y;
    std::uint64_t version;
  };
  // the top of the heap is the highest score, then the lowest delta, candidate and year
  const auto below = [](const Entry& a, const Entry& b) {
    if (a.score != b.score) return a.score < b.score;
    if (a.delta != b.delta) return a.delta > b.delta;
    if (a.k != b.k) return a.k > b.k;
    return a.y > b.y;
  };
  const auto score = [&](std::size_t k, double d) {
    return per_cost ? (cs[k].cost > 0 ? -d / cs[k].cost : std::numeric_limits<double>::infinity()) : -d;
  };
  std::vector<Entry> heap;
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (s.chosen(k)) continue;
    for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) {
      const double d = s.delta_add(k, y);
      if (d < -tol && s.can_add(k, y)) heap.push_back({score(k, d), d, k, y, s.version(k)});
    }
  }
  std::make_heap(heap.begin(), heap.end(), below);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), below);
    const Entry e = heap.back();
    heap.pop_back();
    if (s.chosen(e.k) || !s.can_add(e.k, e.y)) continue;
    if (e.version != s.version(e.k)) {
      const double d = s.delta_add(e.k, e.y);
      if (d < -tol) {
        heap.push_back({score(e.k, d), d, e.k, e.y, s.version(e.k)});
        std::push_heap(heap.begin(), heap.end(), below);
      }
      continue;
    }
    s.add(e.k, e.y);
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

// With candidate k just taken out of land year index k0 (change of objective `d_out`), adds the
// best insertion over its partners (`ScheduleState::partners`) again and again while it lowers
// the objective, so that the freed budget or batch places can go to two cheaper candidates.
// Keeps the result and returns true if the whole lowers the objective by more than tol; else
// undoes the additions and returns false.
inline bool refill(const ValidatedProgramme& v, ScheduleState& s, std::size_t k, index_t k0, double d_out, double tol) {
  std::vector<std::size_t> added;
  double total = d_out;
  // a copy: refill asks again. Only those not chosen are put in, and it only puts in.
  const std::vector<std::size_t> partners = s.open_partners(k, k0);
  for (;;) {
    Move best{-tol, 0, -1};
    for (const std::size_t j : partners) {
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

// The change of putting k (just taken out) back at its best year, or 0 where leaving it out is
// better, were j moved to year index y (from its land year, if chosen): what `best_insertion`
// would find after the move, k's district and level being apart from j's.
inline double back_beside(const ValidatedProgramme& v, const ScheduleState& s, std::size_t k, std::size_t j, index_t y) {
  double back = 0.0;
  for (index_t yk = v.first_land(k); yk <= v.last_land(k); ++yk)
    if (s.delta_add(k, yk) < back && s.can_add_beside(k, yk, j, y)) back = s.delta_add(k, yk);
  return back;
}

// Whether re-timing chosen j (outside k's district and level; k just taken out of k0, which
// changed the objective by d_out) to a year that uses what k freed could pay, k put back at its
// best year where it then fits: the move's change, from j's re-timing with limits aside
// (`ScheduleState::retime_to`, exact to rounding: k's and j's penalties are apart) and k's
// return beside it (`ScheduleState::can_add_beside`), judged without making it. Where a cap or
// the budget binds, most re-timings of a chosen candidate gain by themselves and take k's
// place, but leave k nowhere as good to go: this spares taking j out and back, O(years) of
// penalties, for each of them. Half of tol is spared for rounding, so that only moves the
// trial would reject are skipped.
inline bool retime_pays(const ValidatedProgramme& v, const ScheduleState& s, std::size_t k, index_t k0, double d_out,
                        std::size_t j, double tol) {
  const index_t j0 = s.land(j);
  for (index_t y = v.first_land(j); y <= v.last_land(j); ++y) {
    if (y == j0 || !s.coupled(k, k0, j, y) || !s.can_add(j, y)) continue;
    if (d_out + s.retime_to(j, y) + back_beside(v, s, k, j, y) < -0.5 * tol) return true;
  }
  return false;
}

// The chosen candidates outside k's district and level whose re-timing may pay with k just
// taken out of k0, in index order, for a programme with a shortlist: found in
// `ScheduleState::retime_index`, not by a pass over every chosen one; `retime_pays` judges
// them (in order, up to the first move that pays: where k is badly placed, hundreds may). A
// chosen j moving from j0 to y (a year that uses what k freed: k0, or the year of j's level
// that shares k's start or open batch) pays only if its re-timing beats −d_out − back, where
// k's best return `back` is a year where k fits now that j's arrival does not block
// (`ScheduleState::arrival_blocks`), or one j's leaving j0 may free: bounded per (level, y)
// and per (level, j0), so each (level, j0, y) of the index is read only below its bound.
inline void chosen_partners(const ValidatedProgramme& v, ScheduleState& s, std::size_t k, index_t k0, double d_out,
                            double tol, std::vector<std::size_t>& found) {
  found.clear();
  const RetimeIndex& index = s.retime_index();
  const auto sk = v.stages(k);
  const index_t T = v.years(), f = v.first_land(k), n = v.last_land(k) - f + 1;
  std::vector<double> in(static_cast<std::size_t>(std::max<index_t>(0, n)));  // k's return at each year of its window
  std::vector<bool> fits(in.size());
  for (index_t yk = f; yk < f + n; ++yk) {
    in[static_cast<std::size_t>(yk - f)] = s.delta_add(k, yk);
    fits[static_cast<std::size_t>(yk - f)] = s.can_add(k, yk);
  }
  const auto back_at = [&](index_t yk) { return yk >= f && yk < f + n ? in[static_cast<std::size_t>(yk - f)] : 0.0; };
  const std::size_t own = s.same_pair(k).front();
  for (index_t level = 0; level < v.levels(); ++level) {
    const std::size_t rep = s.level_first(level);
    if (rep == v.candidates().size()) continue;
    const auto sj = v.stages(rep);
    const index_t targets[] = {k0, k0 + sk.total() - sj.total(), k0 + sk.land_to_start - sj.land_to_start};
    for (std::size_t i = 0; i < 3; ++i) {
      const index_t y = targets[i];
      if (y < 0 || y >= T || (i == 1 && y == targets[0]) || (i == 2 && (y == targets[0] || y == targets[1]))) continue;
      double fit = 0.0;  // k's best return where it fits beside j's arrival at y (0: left out)
      for (index_t yk = f; yk < f + n; ++yk)
        if (fits[static_cast<std::size_t>(yk - f)] && back_at(yk) < fit && !s.arrival_blocks(level, y, k, yk)) fit = back_at(yk);
      for (index_t j0 = 0; j0 < T; ++j0) {
        if (j0 == y) continue;
        // the years j's leaving j0 may free for k: its land, start or open batch there
        const double freed = std::min({back_at(j0), back_at(j0 + sj.total() - sk.total()),
                                       back_at(j0 + sj.land_to_start - sk.land_to_start)});
        index.below(level, j0, y, -d_out - std::min(fit, freed) - 0.5 * tol, [&](std::size_t j) {
          if (s.listed(j) && s.same_pair(j).front() != own) found.push_back(j);
        });
      }
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
}

// Compound moves, for when the budget or a cap binds: take a chosen k out, put some j in at
// year y where it uses what k freed (j unchosen, or chosen and re-timed), then put k back at
// its best year or leave it out. Applies the first move per k that lowers the objective by
// more than tol.
inline bool compound_moves(const ValidatedProgramme& v, ScheduleState& s, double tol,
                           const std::vector<std::size_t>& scope) {
  bool improved = false;
  std::vector<std::size_t> found;
  for (const std::size_t k : scope) {
    if (!s.chosen(k)) continue;
    const index_t k0 = s.land(k);
    const double d_out = s.delta_remove(k);
    s.remove(k);
    bool done = false;
    // a copy: refill asks again. With a shortlist, every chosen candidate is a partner where k
    // left a limit tight: those outside k's district and level come from the index instead.
    std::vector<std::size_t> partners;
    const bool indexed = !s.searched_in_full() && s.tight(k, k0);
    if (indexed) {
      chosen_partners(v, s, k, k0, d_out, tol, found);
      const auto& open = s.open_partners(k, k0);
      std::merge(open.begin(), open.end(), found.begin(), found.end(), std::back_inserter(partners));
    } else {
      partners = s.partners(k, k0);
    }
    // What the move gains at most besides re-timing j: k out, then back at its best year
    // limits aside (k's district and level are j's only when j is in the same pair).
    double back_best = 0.0;
    for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) back_best = std::min(back_best, s.delta_add(k, y));
    const double k_gain = d_out + back_best;
    for (std::size_t i = 0; i < partners.size() && !done; ++i) {
      const std::size_t j = partners[i];
      if (j == k || v.first_land(j) > v.last_land(j)) continue;
      const index_t j0 = s.land(j);
      // A chosen j is taken out (and its gains judged) only when the move could pay and some
      // year qualifies: taking each out and back costs O(years) of penalties per k. Elsewhere
      // than k's district and level, re-timing j gains `retime_gain(j)` at most whatever the
      // year, and k's return `k_gain` at most: when the two cannot beat tol (half of it spared
      // for rounding), no year of j can. Most chosen partners fail so, cheaply (remembered).
      // Then j's own batches and spending are at j0, which it leaves: whether it may move to
      // another year, and whether that year meets what k freed, is the same with it in or out.
      if (j0 >= 0 && s.same_pair(k).front() != s.same_pair(j).front()) {
        if ((!indexed && k_gain + s.retime_gain(j) >= -0.5 * tol) || !retime_pays(v, s, k, k0, d_out, j, tol)) continue;
      } else if (j0 >= 0 && !s.retimable(k, k0, j)) {
        continue;
      }
      const double d_j_out = j0 >= 0 ? s.delta_remove(j) : 0.0;
      if (j0 >= 0) s.remove(j);
      // An unchosen j of another district or level: the move's change is known without
      // making it (the same sum as below), which spares putting j in and out for each year.
      const bool judged = j0 < 0 && s.same_pair(k).front() != s.same_pair(j).front();
      for (index_t y = v.first_land(j); y <= v.last_land(j) && !done; ++y) {
        if (y == j0 || !s.coupled(k, k0, j, y) || !s.can_add(j, y)) continue;
        if (judged && !(d_out + d_j_out + s.delta_add(j, y) + back_beside(v, s, k, j, y) < -tol)) continue;
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
    if (!done) done = improved = refill(v, s, k, k0, d_out, tol);
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

// Local search over the candidates of `scope`: drop, add, re-time and swap while any move lowers
// the objective by more than tol; when none does, the compound moves and (`exchange`) the
// exchanges of years, then the rotations of three candidates' years and the replacements of one
// by several of its district (the costliest, tried last). `refresh`: the shortlist made anew each pass (O(candidates × years)).
inline void improve(const ValidatedProgramme& v, ScheduleState& s, double tol, int max_passes, bool compound,
                    const std::vector<std::size_t>& scope, bool exchange, bool refresh = true) {
  for (int pass = 0; pass < max_passes; ++pass) {
    bool improved = false;
    if (refresh) s.shortlist();
    for (const std::size_t k : scope) {
      if (s.chosen(k) && s.delta_remove(k) < -tol) {
        s.remove(k);
        improved = true;
      }
    }
    for (const std::size_t k : scope) {
      if (s.chosen(k)) continue;
      const Move m = best_insertion(v, s, k, -tol);
      if (m.y >= 0) {
        s.add(k, m.y);
        improved = true;
      }
    }
    for (const std::size_t k : scope) {
      if (!s.chosen(k)) continue;
      const index_t y0 = s.land(k);
      const double out = s.delta_remove(k);
      s.remove(k);
      // Re-adding k at y0 undoes the removal exactly (total change 0): a move must beat that.
      // Another candidate j gains from k's removal only where it competes with k (its district
      // and level, or a limit k's return would leave too small): elsewhere the swap is no
      // better than the two single moves the passes above already tried.
      Move best{-out - tol, k, y0};
      for (const std::size_t j : s.open_partners(k, y0)) {
        if (j != k && s.chosen(j)) continue;
        for (index_t y = v.first_land(j); y <= v.last_land(j); ++y) {
          if ((j == k && y == y0) || (j != k && !s.coupled(k, y0, j, y)) || !s.can_add(j, y)) continue;
          const double d = s.delta_add(j, y);
          if (d < best.delta) best = {d, j, y};
        }
      }
      s.add(best.k, best.y);
      if (best.k != k || best.y != y0) improved = true;
    }
    if (!improved && !(compound && compound_moves(v, s, tol, scope)) && !(exchange && exchange_years(v, s, tol)) &&
        !(exchange && rotate_years(v, s, tol, scope)) && !(exchange && replace_in_pair(v, s, tol, scope)))
      return;
  }
}

// Local search over every candidate (see above), the exchanges, rotations and replacements included.
inline void improve(const ValidatedProgramme& v, ScheduleState& s, double tol, int max_passes, bool compound = true) {
  improve(v, s, tol, max_passes, compound, s.all(), true);
}

}  // namespace edplan::capacity::detail
