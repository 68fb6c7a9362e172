// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: changes of the builds judged with their levers. The search of
/// `search_builds` holds a lever plan fixed, and a build the levers made unnecessary, or one
/// that would let them do more, looks no better there: taking out a large school costs its
/// unmet pupils unless the conversions grow at once, and a smaller one in its place gains only
/// with them. Here every change of the builds re-solves the levers of the districts it
/// touches (`region_levers`) before it is judged: one candidate in, out or re-timed, a swap of
/// a chosen candidate for another of its district at any year, and an exchange of two chosen
/// candidates' land years.

#include "edplan/capacity/detail/lever_lp.hpp"
#include "edplan/capacity/programme.hpp"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

// A plan of the scheduler: land years, the levers and the totals `evaluate` gives them.
struct LeverState {
  std::vector<int> land;
  LeverPlan levers;
  Totals totals;
};

// Judges builds `land` that differ from `best`'s in the districts `regions`: their levers solved
// again, one district after the other. nullopt when not solved or infeasible.
inline std::optional<LeverState> judge_with_levers(const ValidatedProgramme& v, const LeverState& best,
                                                   std::vector<int> land, std::initializer_list<index_t> regions) {
  std::optional<LeverPlan> plan = best.levers;
  for (const index_t r : regions) {
    plan = region_levers(v, land, *plan, r);
    if (!plan) return std::nullopt;
  }
  auto totals = evaluate(v, land, *plan).totals;
  return LeverState{std::move(land), std::move(*plan), totals};
}

// Improves `best` by the changes of builds of the file comment while any lowers the objective
// by more than tol, within `max_solves` lever solves: first every single change of a
// candidate (the best per candidate applied); only when none is left the swaps within a
// district, and only when none of those either the exchanges of land years (the best per
// chosen candidate applied).
inline void improve_with_levers(const ValidatedProgramme& v, LeverState& best, double tol, int max_solves) {
  const auto& cs = v.candidates();
  const auto K = cs.size();
  int solves = 0;
  const auto year_of = [&](index_t y) { return v.base_year() + 1 + static_cast<int>(y); };
  // Keeps `found` the better of itself and the builds `land`, whose districts `regions` changed.
  const auto attempt = [&](LeverState& found, std::vector<int> land, std::initializer_list<index_t> regions) {
    if (solves >= max_solves || !violations(v, land).empty()) return;  // over a cap or the budget even without levers
    ++solves;
    auto next = judge_with_levers(v, best, std::move(land), regions);
    if (next && next->totals.objective < found.totals.objective - tol) found = std::move(*next);
  };
  // One sweep over the candidates: `tries(k, found)` attempts k's changes of one kind; the best
  // per candidate is applied. True when any was.
  const auto sweep = [&](const auto& tries) {
    bool better = false;
    for (std::size_t k = 0; k < K && solves < max_solves; ++k) {
      LeverState found = best;
      tries(k, found);
      if (found.totals.objective < best.totals.objective - tol) {
        best = std::move(found);
        better = true;
      }
    }
    return better;
  };
  const auto single = [&](std::size_t k, LeverState& found) {
    for (index_t y = v.first_land(k) - 1; y <= v.last_land(k); ++y) {
      const int year = y < v.first_land(k) ? not_chosen : year_of(y);
      if (year == best.land[k]) continue;
      std::vector<int> land = best.land;
      land[k] = year;
      attempt(found, std::move(land), {cs[k].region});
    }
  };
  const auto swap = [&](std::size_t k, LeverState& found) {
    if (best.land[k] == not_chosen) return;
    for (std::size_t j = 0; j < K; ++j) {
      if (best.land[j] != not_chosen || cs[j].region != cs[k].region) continue;
      for (index_t y = v.first_land(j); y <= v.last_land(j); ++y) {
        std::vector<int> land = best.land;
        land[k] = not_chosen;
        land[j] = year_of(y);
        attempt(found, std::move(land), {cs[k].region});
      }
    }
  };
  // Exchanges of two chosen candidates' land years, in any districts: where the budget or a
  // cap keeps them from sharing a year, which goes first matters, and neither can move alone.
  const auto exchange = [&](std::size_t k, LeverState& found) {
    if (best.land[k] == not_chosen) return;
    for (std::size_t j = k + 1; j < K; ++j) {
      const int a = best.land[k], b = best.land[j];
      if (b == not_chosen || a == b) continue;
      const index_t ya = a - v.base_year() - 1, yb = b - v.base_year() - 1;
      if (yb < v.first_land(k) || yb > v.last_land(k) || ya < v.first_land(j) || ya > v.last_land(j)) continue;
      std::vector<int> land = best.land;
      land[k] = b;
      land[j] = a;
      if (cs[j].region == cs[k].region) attempt(found, std::move(land), {cs[k].region});
      else attempt(found, std::move(land), {cs[k].region, cs[j].region});
    }
  };
  while (solves < max_solves && (sweep(single) || sweep(swap) || sweep(exchange))) {
  }
}

}  // namespace edplan::capacity::detail
