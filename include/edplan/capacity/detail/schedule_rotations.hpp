// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: rotations of three chosen candidates' land years (ejection
/// chains of length three), for where a batch cap or the budget binds in several years at once.
///
/// When every year's batch is full, moving candidate k1 from year a to year b needs another,
/// k2, out of b's batch; if k2's better year c is full too, a third, k3, must leave c — and
/// the place k1 freed at a is where k3 can go. Exchanging two whole years
/// (`exchange_years`) does not reach such a plan, nor does a compound move (one out, one in
/// or re-timed, the first back), nor a kick (one taken out, the search rerun) where a window
/// keeps k3 from ever landing where the others could make room for it in one step. The
/// rotation is tried only at each step's blocked limit: k1 only into a year it cannot join
/// (else re-timing it alone, or a compound move, is the move), k2 only out of a batch or a
/// start year's spending that keeps k1 out, k3 likewise for k2 — so where no limit binds it
/// costs a look at each chosen candidate's window and nothing more. Where k2 fits at c the
/// chain stops at two steps, and a third chosen candidate may take k1's place at a if k1 freed
/// a limit that binds there: a compound move would find the two steps only where its partners
/// reach k2's district (`ScheduleState::partners` judges a start year's budget by the
/// cheapest candidate, so a dear one it keeps out does not count).

#include "edplan/capacity/detail/schedule_state.hpp"

#include <cstddef>
#include <vector>

namespace edplan::capacity::detail {

// True when j at land year index y shares k's land, start or open batch with k at k0 (its start
// year, and so its start year's budget, included).
inline bool shares_batch(const ValidatedProgramme& v, std::size_t k, index_t k0, std::size_t j, index_t y) {
  const auto sk = v.stages(k), sj = v.stages(j);
  return y == k0 || y + sj.land_to_start == k0 + sk.land_to_start || y + sj.total() == k0 + sk.total();
}

// Rotations k1: a -> b, k2: b' -> c, k3: c' -> a of three chosen candidates (b' and c' the
// years of k2 and k3, which share a batch or a start year with k1 at b and k2 at c), each step
// into a year the mover cannot join until the next one leaves; and chains of two, k1: a -> b,
// k2: b' -> c where k2 fits, with or without a third chosen candidate moved into a. For each
// chosen k1 of `scope` applies the first chain that lowers the objective by more than tol.
// Only where every candidate is searched (`ScheduleState::searched_in_full`): in a large
// programme the batches that bind hold many candidates and the chains would be cubic in them.
inline bool rotate_years(const ValidatedProgramme& v, ScheduleState& s, double tol, const std::vector<std::size_t>& scope) {
  if (!s.searched_in_full()) return false;
  // A rotation changes years, never which candidates are chosen: one list serves the call.
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < v.candidates().size(); ++k)
    if (s.chosen(k)) chosen.push_back(k);
  // The chosen candidates whose removal could let k into year y: those sharing one of its
  // batches (or its start year's spending) there, other than the ones the rotation has moved.
  const auto blockers = [&](std::size_t k, index_t y, std::size_t skip) {
    std::vector<std::size_t> out;
    for (const std::size_t j : chosen)
      if (j != k && j != skip && s.chosen(j) && shares_batch(v, k, y, j, s.land(j))) out.push_back(j);
    return out;
  };
  bool improved = false;
  for (const std::size_t k1 : scope) {
    if (!s.chosen(k1)) continue;
    const index_t a = s.land(k1);
    // The years k1 cannot join. Its own batches and spending at a lie in other years than at b,
    // so asking with k1 in gives the same answer and spares taking it out where none is full.
    std::vector<index_t> full;
    for (index_t b = v.first_land(k1); b <= v.last_land(k1); ++b)
      if (b != a && !s.can_add(k1, b)) full.push_back(b);
    if (full.empty()) continue;
    const double before = s.change();
    const double out = s.delta_remove(k1);
    s.remove(k1);
    // Whether k1's leaving a freed a limit there that binds (`ScheduleState::tight`): then a
    // third chosen candidate may take its place.
    const bool freed = s.tight(k1, a);
    const auto fill = [&](std::size_t k2) {
      for (const std::size_t j : chosen) {
        const index_t yj = s.land(j);
        if (j == k1 || j == k2 || yj == a || a < v.first_land(j) || a > v.last_land(j)) continue;
        s.remove(j);
        if (s.can_add(j, a)) {
          s.add(j, a);
          if (s.change() - before < -tol) return true;
          s.remove(j);
        }
        s.add(j, yj);
      }
      return false;
    };
    bool done = false;
    for (const index_t b : full) {
      if (done) break;
      // The chain starts from a re-timing that would pay by itself, were b not full: around a
      // cycle of three the changes add up where the candidates serve different districts, so
      // one of them gains, and each rotation is still tried from that one.
      if (out + s.delta_add(k1, b) >= -tol) continue;
      for (const std::size_t k2 : blockers(k1, b, k1)) {
        if (done) break;
        const index_t y2 = s.land(k2);
        s.remove(k2);
        if (s.can_add(k1, b)) {
          s.add(k1, b);
          for (index_t c = v.first_land(k2); c <= v.last_land(k2) && !done; ++c) {
            if (c == y2) continue;
            if (s.can_add(k2, c)) {
              // A chain of two: k2 fits at c, and a third may take k1's place at a.
              s.add(k2, c);
              done = s.change() - before < -tol || (freed && fill(k2));
              if (!done) s.remove(k2);
              continue;
            }
            for (const std::size_t k3 : blockers(k2, c, k1)) {
              const index_t y3 = s.land(k3);
              if (y3 == a || a < v.first_land(k3) || a > v.last_land(k3)) continue;
              s.remove(k3);
              if (s.can_add(k2, c)) {
                s.add(k2, c);
                if (s.can_add(k3, a)) {
                  s.add(k3, a);
                  if (s.change() - before < -tol) {
                    done = true;
                    break;
                  }
                  s.remove(k3);
                }
                s.remove(k2);
              }
              s.add(k3, y3);
            }
          }
          if (!done) s.remove(k1);
        }
        if (!done) s.add(k2, y2);
      }
    }
    if (!done) s.add(k1, a);
    improved = improved || done;
  }
  return improved;
}

}  // namespace edplan::capacity::detail
