// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: the exact optimum of a small programme building alone, by
/// enumeration after the heuristic. Some optima of the property test's generator lie where no
/// move of the search leads (an exchange of two schools of one district that loses alone, with a
/// school of the other district re-timed into the year it frees): where a programme has few
/// plans, trying them all costs less than the search itself and closes that tail.
///
/// A depth-first search gives each candidate, in index order, "not built" and then each land
/// year of its window, judged incrementally by `ScheduleState` (the same change of objective
/// and the same limits as every move): a partial plan that breaks the budget or a cap is never
/// extended, and neither is one whose bound cannot beat the incumbent.

#include "edplan/capacity/detail/schedule_state.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace edplan::capacity::detail {

/// Programmes building alone with at most this many plans (the product over the candidates of
/// their land windows' years + 1, for "not built") are solved exactly by `enumerate`. The
/// property test's generator has at most 5^4 = 625 (7^4 = 2,401 were every year a land year).
/// Measured (docs/programme.md): about 55 ns a plan where the bound prunes nothing, so at most
/// 0.5-0.7 ms at this limit; larger programmes skip it, their plans and times unchanged. 9,800
/// rather than 10,000 so that both it (2^3 5^2 7^2) and one plan more (3^4 11^2) are counts of
/// plans a test can build from land windows.
inline constexpr std::size_t enumerate_max_plans = 9800;

/// The number of plans of `v`'s candidates (∏ (window years + 1)), or `enumerate_max_plans` + 1
/// where it is larger (the product stops there, so it never overflows).
[[nodiscard]] inline std::size_t plan_count(const ValidatedProgramme& v) {
  std::size_t plans = 1;
  for (std::size_t k = 0; k < v.candidates().size() && plans <= enumerate_max_plans; ++k)
    plans *= static_cast<std::size_t>(std::max<index_t>(0, v.last_land(k) - v.first_land(k) + 1)) + 1;
  return std::min(plans, enumerate_max_plans + 1);
}

/// The depth-first search of `enumerate`: candidates are decided in index order; `change` is the
/// partial plan's objective less the empty plan's, summed from `delta_add` as the plan grows.
class Enumeration {
 public:
  /// No candidate decided yet; `incumbent_change`: the plan to beat, as its objective less the
  /// empty plan's.
  Enumeration(const ValidatedProgramme& v, double tol, double incumbent_change)
      : v_(v), s_(v), tol_(tol), incumbent_(incumbent_change), rest_(v.candidates().size() + 1, 0.0) {
    // The bound: each undecided candidate gains at most its best addition to the empty plan.
    // Every pair-year's penalty is convex in its places (weights >= 0), so a candidate gains no
    // more beside others' places than alone, and several together no more than the sum of each.
    for (std::size_t k = rest_.size() - 1; k-- > 0;) {
      double gain = 0.0;
      for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) gain = std::min(gain, s_.delta_add(k, y));
      rest_[k] = rest_[k + 1] + gain;
    }
  }

  /// Searches the plans below the decisions so far; the plans beating the incumbent by more than
  /// the tolerance, each in turn, become it (`found`).
  void search(std::size_t k, double change) {
    if (change + rest_[k] >= incumbent_ - tol_) return;
    if (k == rest_.size() - 1) {
      incumbent_ = change;
      found_ = s_.land_years();
      return;
    }
    search(k + 1, change);
    for (index_t y = v_.first_land(k); y <= v_.last_land(k); ++y) {
      if (!s_.can_add(k, y)) continue;
      const double d = s_.delta_add(k, y);
      s_.add(k, y);
      search(k + 1, change + d);
      s_.remove(k);
    }
  }

  /// The last plan that beat the incumbent (empty: none did).
  [[nodiscard]] const std::vector<int>& found() const noexcept { return found_; }

 private:
  const ValidatedProgramme& v_;
  ScheduleState s_;
  double tol_;
  double incumbent_;          // the best plan's change of objective from the empty plan
  std::vector<double> rest_;  // rest_[k]: the bound on what candidates k.. can still gain
  std::vector<int> found_;
};

/// Replaces `best` (building alone; its objective `best_objective` by `judge`) with the
/// optimum where the programme has at most `enumerate_max_plans` plans and the optimum beats it
/// by more than `tol`; returns true if it did. Ties keep `best`, and among plans equal within
/// `tol` the first in the search's order (lower index first, "not built" before the earlier
/// year) wins.
template <class Judge>
bool enumerate(const ValidatedProgramme& v, double tol, std::vector<int>& best, double& best_objective,
               const Judge& judge) {
  if (plan_count(v) > enumerate_max_plans) return false;
  const double empty = judge(std::vector<int>(v.candidates().size(), not_chosen));
  Enumeration e(v, tol, best_objective - empty);
  e.search(0, 0.0);
  if (e.found().empty()) return false;
  // The incremental sums chose it; the objective kept is `judge`'s, as for every other plan.
  const double objective = judge(e.found());
  if (!(objective < best_objective - tol)) return false;
  best = e.found();
  best_objective = objective;
  return true;
}

}  // namespace edplan::capacity::detail
