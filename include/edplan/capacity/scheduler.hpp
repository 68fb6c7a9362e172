// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The fast scheduler of the "1+3" programme (DESIGN §2.4): which candidates to build and
/// when, by a greedy construction and local search over the exact objective of
/// `programme.hpp`. It is a heuristic; the MILP in Python (`method="exact"`) is its yardstick.
///
/// Construction adds, one at a time, the feasible (candidate, land year) that lowers the
/// objective most per unit of cost (and, as a second start, most in absolute terms). Local
/// search then removes, adds, re-times and swaps candidates (take one out, put another in at
/// any year) while any such move lowers the objective; when none does, it tries compound moves
/// for binding budgets and caps (take one out, put another in or re-time it, put the first
/// back at its best year; take one out and refill) and exchanges of two years' land batches.
/// Both starts are improved and the better kept; kicks then take each chosen candidate out in
/// turn, improve without it, let it back and improve again (iterated local search), keeping
/// the best. Everything is deterministic: ties go to the lower candidate index and the earlier
/// year. The moves are in `detail/schedule_moves.hpp`.

#include "edplan/capacity/detail/schedule_moves.hpp"
#include "edplan/capacity/programme.hpp"

#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::capacity {

/// A schedule: a land year per candidate (`not_chosen` for those left out) and its totals.
struct Schedule {
  /// Candidate k's land year, or `not_chosen`.
  std::vector<int> land_year;
  /// The objective and its terms, as `evaluate` computes them.
  Totals totals;
};

/// Settings of the heuristic.
struct HeuristicOptions {
  /// Run the local search after construction.
  bool improve = true;
  /// At most this many passes of the local search over all moves.
  int max_passes = 200;
  /// Rounds of kicks: each chosen candidate in turn is taken out and kept out while the local
  /// search runs, then allowed back and the search runs again; the best result is kept. A
  /// round that finds nothing better ends them. 0 for none.
  int kick_rounds = 2;
};

/// Chooses and times candidates to minimise the programme's objective under the budget, the
/// batch cap and the stage durations (see the file comment for the method). Always feasible:
/// the empty schedule is, and every move keeps feasibility.
inline Schedule schedule(const ValidatedProgramme& v, const HeuristicOptions& opt = {}) {
  const double tol = detail::tolerance(v);
  Schedule best;
  bool first = true;
  for (const bool per_cost : {true, false}) {
    detail::ScheduleState s(v);
    detail::construct(v, s, per_cost, tol);
    if (opt.improve) detail::improve(v, s, tol, opt.max_passes);
    Schedule candidate{s.land_years(), evaluate(v, s.land_years()).totals};
    if (first || candidate.totals.objective < best.totals.objective - tol) best = std::move(candidate);
    first = false;
  }
  for (int round = 0; opt.improve && round < opt.kick_rounds; ++round) {
    bool better = false;
    const std::vector<int> start = best.land_year;
    for (std::size_t k = 0; k < start.size(); ++k) {
      if (start[k] == not_chosen) continue;
      detail::ScheduleState s(v, start);
      s.remove(k);
      s.ban(k, true);
      detail::improve(v, s, tol, opt.max_passes, false);
      s.ban(k, false);
      detail::improve(v, s, tol, opt.max_passes);
      Schedule candidate{s.land_years(), evaluate(v, s.land_years()).totals};
      if (candidate.totals.objective < best.totals.objective - tol) {
        best = std::move(candidate);
        better = true;
      }
    }
    if (!better) break;
    // The kicks search without the (costlier) compound moves: finish the new best with them.
    detail::ScheduleState s(v, best.land_year);
    detail::improve(v, s, tol, opt.max_passes);
    best = Schedule{s.land_years(), evaluate(v, s.land_years()).totals};
  }
  return best;
}

}  // namespace edplan::capacity
