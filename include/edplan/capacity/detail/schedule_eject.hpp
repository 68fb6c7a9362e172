// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: forced insertions, for small programmes only. Some optima of a
/// programme whose budget and batch cap bind in several years lie five or more changes away
/// from the local search's best plan (a dear school brought in early, the cheaper one of its
/// district pushed a year on, a third dropped and two others re-timed to make room): no single,
/// compound or rotation move lowers the objective on the way, and a kick (one candidate out,
/// the search rerun) never puts the dear school in, since adding it is what the limits forbid.
/// A forced insertion does: a candidate that would pay in a year where a limit keeps it out is
/// put in there, the chosen candidates that share its batches or start year taken out (the
/// cheapest losses first) until it fits; the local search then runs with it held in, and again
/// with it free, and the result is kept where it beats the best plan. Every blocked (candidate,
/// year) that would pay is tried, in index order, up to `eject_max_tries`: deterministic, and
/// bounded so that its cost is a small multiple of the search's where it runs at all.

#include "edplan/capacity/detail/schedule_moves.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

/// Forced insertions run only where the candidates' land windows hold at most this many
/// (candidate, year) pairs: family 0 of `benchmarks/bench_programme.py` (about 31 candidates
/// × 12 years), where the search costs well under a millisecond. Larger programmes skip them,
/// so their cost is unchanged.
inline constexpr std::size_t eject_max_pairs = 600;

/// At most this many forced insertions per search.
inline constexpr int eject_max_tries = 200;

// Tries forced insertions from `best` (its objective `best_objective` by `judge`), keeping the
// best plan found in both; returns true if one beat it. After each success the scan restarts
// from the new best plan.
template <class Judge>
bool eject(const ValidatedProgramme& v, const Background& bg, double tol, int max_passes, std::vector<int>& best,
           double& best_objective, const Judge& judge) {
  const std::size_t K = v.candidates().size();
  std::size_t pairs = 0;
  for (std::size_t k = 0; k < K; ++k)
    pairs += static_cast<std::size_t>(std::max<index_t>(0, v.last_land(k) - v.first_land(k) + 1));
  if (pairs > eject_max_pairs) return false;
  bool any = false;
  int tries = 0;
  std::vector<std::size_t> others;
  std::vector<std::pair<double, std::size_t>> blockers;
  for (bool again = true; again && tries < eject_max_tries;) {
    again = false;
    const ScheduleState base(v, best, bg);
    for (std::size_t k = 0; k < K && !again && tries < eject_max_tries; ++k) {
      if (base.chosen(k)) continue;
      for (index_t y = v.first_land(k); y <= v.last_land(k) && !again && tries < eject_max_tries; ++y) {
        if (base.can_add(k, y) || !(base.delta_add(k, y) < -tol)) continue;
        ++tries;
        ScheduleState s(v, best, bg);
        blockers.clear();
        for (std::size_t j = 0; j < K; ++j)
          if (s.chosen(j) && shares_batch(v, k, y, j, s.land(j))) blockers.emplace_back(s.delta_remove(j), j);
        std::sort(blockers.begin(), blockers.end());
        for (const auto& [loss, j] : blockers) {
          if (s.can_add(k, y)) break;
          s.remove(j);
        }
        if (!s.can_add(k, y)) continue;
        s.add(k, y);
        others.clear();
        for (std::size_t j = 0; j < K; ++j)
          if (j != k) others.push_back(j);
        improve(v, s, tol, max_passes, true, others, true);
        improve(v, s, tol, max_passes);
        const auto land = s.land_years();
        const double objective = judge(land);
        if (objective < best_objective - tol) {
          best = land;
          best_objective = objective;
          any = again = true;
        }
      }
    }
  }
  return any;
}

}  // namespace edplan::capacity::detail
