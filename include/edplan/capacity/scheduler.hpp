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
/// back at its best year; take one out and refill), exchanges of two years' land batches,
/// rotations of three candidates' land years where batches are full in several years and
/// replacements of one candidate by several of its district.
/// Both starts are improved and the better kept; kicks then take each chosen candidate out in
/// turn, improve without it, let it back and improve again (iterated local search), keeping
/// the best; a round of kicks ends early after `kick_patience` kicks in a row found nothing
/// better, so that their cost stops growing with the programme once they stop paying. A small
/// programme then gets forced insertions (`detail/schedule_eject.hpp`): a candidate put in where
/// a limit kept it out, its blockers taken out, the search rerun. Building alone, a programme
/// with few plans is last solved exactly by enumeration (`detail/schedule_enumerate.hpp`), the
/// search's plan kept unless the optimum beats it. Everything is deterministic: ties go to the
/// lower candidate index and the earlier year. The moves are in `detail/schedule_moves.hpp`,
/// `detail/schedule_rotations.hpp` and `detail/schedule_replace.hpp`; the compound moves of a
/// large programme find the chosen candidates whose re-timing could pay in
/// `detail/schedule_retime_index.hpp`.
///
/// With levers (DESIGN §2.4b) it alternates: the conversions and temporary places for fixed
/// builds (a linear program solved exactly, `detail/lever_lp.hpp`; the steepest descent of
/// `detail/lever_fill.hpp` only should the simplex fail), then the builds for fixed levers (the
/// search above, with the levers' places and spending as background), from two starts —
/// building alone's schedule and no builds — keeping the best plan (the rounds search without
/// kicks; the kicks run once, for the best plan's levers); then each candidate is tried
/// in, out and at every land year, swapped within its district and its land year exchanged with
/// another's, with the levers of the districts touched solved again (`detail/lever_moves.hpp`).
/// Crowding needs no decision: every judgement crowds what it may when that is cheaper than
/// leaving pupils unmet.

#include "edplan/capacity/detail/lever_fill.hpp"
#include "edplan/capacity/detail/lever_lp.hpp"
#include "edplan/capacity/detail/lever_moves.hpp"
#include "edplan/capacity/detail/schedule_eject.hpp"
#include "edplan/capacity/detail/schedule_enumerate.hpp"
#include "edplan/capacity/detail/schedule_moves.hpp"
#include "edplan/capacity/programme.hpp"

#include "edplan/core/error.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace edplan::capacity {

/// A schedule: a land year per candidate (`not_chosen` for those left out), the levers and its totals.
struct Schedule {
  /// Candidate k's land year, or `not_chosen`.
  std::vector<int> land_year;
  /// The objective and its terms, as `evaluate` computes them.
  Totals totals;
  /// The conversions and temporary places (all zero without levers).
  LeverPlan levers;
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
  /// A round of kicks also ends after this many kicks in a row found nothing better, so that
  /// their cost stops growing with the candidates once they stop paying (a large programme
  /// kicks about this many per round, a small one every chosen candidate). 0: no limit.
  int kick_patience = 16;
  /// With levers: at most this many alternations of levers for fixed builds and builds for
  /// fixed levers from each start.
  int lever_rounds = 3;
  /// With levers: at most this many solves of one district's levers while the builds are
  /// changed one candidate at a time, each judged with its district's levers solved again.
  int max_lever_solves = 120;
};

/// Records every problem of the heuristic's settings: a count below 0.
inline void check_options(Problems& problems, const HeuristicOptions& opt) {
  const std::pair<const char*, int> counts[] = {{"max_passes", opt.max_passes}, {"kick_rounds", opt.kick_rounds},
                                                {"kick_patience", opt.kick_patience},
                                                {"lever_rounds", opt.lever_rounds}, {"max_lever_solves", opt.max_lever_solves}};
  for (const auto& [name, n] : counts) {
    if (n < 0) problems.add(std::string("options.") + name, "got " + std::to_string(n) + "; expected a count >= 0");
  }
}

namespace detail {

// The builds for a fixed lever plan (`bg` its places and spending): greedy construction from
// two starts, local search and kicks, judged with the plan's levers.
inline std::vector<int> search_builds(const ValidatedProgramme& v, const HeuristicOptions& opt, const LeverPlan& plan,
                                      const Background& bg) {
  const double tol = tolerance(v);
  const auto judge = [&](const std::vector<int>& land) { return evaluate(v, land, plan).totals.objective; };
  std::vector<int> best;
  double best_objective = 0.0;
  for (const bool per_cost : {true, false}) {
    ScheduleState s(v, bg);
    construct(v, s, per_cost, tol);
    if (opt.improve) improve(v, s, tol, opt.max_passes);
    const double objective = judge(s.land_years());
    if (best.empty() || objective < best_objective - tol) {
      best = s.land_years();
      best_objective = objective;
    }
  }
  for (int round = 0; opt.improve && round < opt.kick_rounds; ++round) {
    bool better = false;
    const std::vector<int> start = best;
    // One state for every kick, put back after each: a kick searches from the candidates of its
    // scope, so it costs what its district (and, where limits bind, the shortlist) holds.
    ScheduleState s(v, start, bg);
    s.shortlist();
    const bool compound = s.searched_in_full();
    int fruitless = 0;  // kicks in a row that found nothing better
    std::vector<std::size_t> moved;  // the candidates a kick added or removed
    for (std::size_t k = 0; k < start.size(); ++k) {
      if (start[k] == not_chosen) continue;
      if (opt.kick_patience > 0 && fruitless >= opt.kick_patience) break;
      ++fruitless;
      const double before = s.change();
      const index_t k0 = s.land(k);
      // The kick reaches as far as k's leaving does: its district and level, and the shortlist
      // only where it freed a limit that binds (`partners`).
      moved.clear();
      s.journal(&moved);
      s.remove(k);
      // Of the chosen others, only those that shared one of k's batches move.
      std::vector<std::size_t> scope;
      for (const std::size_t j : s.partners(k, k0)) {
        if (!s.chosen(j) || s.same_pair(k).front() == s.same_pair(j).front() || shares_batch(v, k, k0, j, s.land(j))) {
          scope.push_back(j);
        }
      }
      s.ban(k, true);
      improve(v, s, tol, opt.max_passes, false, scope, false, false);
      s.ban(k, false);
      // Compound moves within a kick only where the programme is small: with a shortlist they
      // would be tried from every chosen candidate in every kick (cubic in the candidates).
      improve(v, s, tol, opt.max_passes, compound, scope, false, compound);
      if (s.change() - before < -tol) {
        const auto land = s.land_years();
        const double objective = judge(land);
        if (objective < best_objective - tol) {
          best = land;
          best_objective = objective;
          better = true;
          fruitless = 0;
        }
      }
      // Back to the start. Not only the scope's candidates moved: a compound move's refill adds
      // k's partners, whoever they are; all are taken out before any is put back, so that no
      // return breaks a limit another's return would free. Only those the kick moved can be
      // away from the start: they are taken in index order, as a pass over all would.
      s.journal(nullptr);
      std::sort(moved.begin(), moved.end());
      moved.erase(std::unique(moved.begin(), moved.end()), moved.end());
      const auto want = [&](std::size_t j) { return start[j] == not_chosen ? index_t{-1} : start[j] - v.base_year() - 1; };
      for (const std::size_t j : moved)
        if (s.chosen(j) && s.land(j) != want(j)) s.remove(j);
      for (const std::size_t j : moved)
        if (want(j) >= 0 && !s.chosen(j)) s.add(j, want(j));
    }
    if (!better) break;
    // The kicks search without the (costlier) compound moves: finish the new best with them.
    ScheduleState finish(v, best, bg);
    improve(v, finish, tol, opt.max_passes);
    best = finish.land_years();
    best_objective = judge(best);
  }
  // Small programmes only (`eject_max_pairs`): forced insertions reach optima the moves and
  // kicks above cannot.
  if (opt.improve && opt.kick_rounds > 0) eject(v, bg, tol, opt.max_passes, best, best_objective, judge);
  // Building alone with few plans (`enumerate_max_plans`): the optimum, which the moves miss
  // where it lies beyond every move that pays. Not with levers: the builds' optimum for one
  // lever plan is not the programme's.
  if (opt.improve && !v.has_levers()) enumerate(v, tol, best, best_objective, judge);
  return best;
}

}  // namespace detail

/// Chooses and times candidates, and with levers the conversions and temporary places, to
/// minimise the programme's objective under the budget, the batch cap and the stage durations
/// (see the file comment for the method). Always feasible: the empty plan is, and every move
/// keeps feasibility.
/// @throws InputError for a setting below 0 (see `check_options`).
inline Schedule schedule(const ValidatedProgramme& v, const HeuristicOptions& opt = {}) {
  Problems problems;
  check_options(problems, opt);
  problems.throw_if_any();
  const LeverPlan none = no_levers(v);
  Schedule best{detail::search_builds(v, opt, none, {}), {}, none};
  best.totals = evaluate(v, best.land_year, none).totals;
  if (!v.has_levers()) return best;
  const double tol = detail::tolerance(v);
  const auto consider = [&](const std::vector<int>& land, const LeverPlan& plan) {
    const auto totals = evaluate(v, land, plan).totals;
    if (totals.objective < best.totals.objective - tol) best = Schedule{land, totals, plan};
  };
  // Two starts: the builds of building alone, and no builds (the levers first). The rounds search
  // without kicks; the kicks run once, for the levers of the best plan the rounds found.
  HeuristicOptions quick = opt;
  quick.kick_rounds = 0;
  for (const bool builds_first : {true, false}) {
    std::vector<int> land = builds_first ? best.land_year : std::vector<int>(v.candidates().size(), not_chosen);
    LeverPlan plan = none;
    for (int round = 0; round < opt.lever_rounds; ++round) {
      if (auto exact = detail::exact_levers(v, land)) plan = std::move(*exact);
      else plan = detail::fill_levers(v, land, std::move(plan));
      consider(land, plan);
      auto next = detail::search_builds(v, quick, plan, detail::background(v, plan));
      consider(next, plan);
      if (next == land) break;
      land = std::move(next);
    }
  }
  if (opt.kick_rounds > 0) {
    const LeverPlan plan = best.levers;
    consider(detail::search_builds(v, opt, plan, detail::background(v, plan)), plan);
  }
  // Builds judged with their levers: one candidate in, out or re-timed, then swaps within a
  // district, each with its district's levers solved again.
  detail::LeverState state{std::move(best.land_year), std::move(best.levers), best.totals};
  detail::improve_with_levers(v, state, tol, opt.max_lever_solves);
  best = Schedule{std::move(state.land), state.totals, std::move(state.levers)};
  if (auto plan = detail::exact_levers(v, best.land_year)) consider(best.land_year, *plan);
  return best;
}

}  // namespace edplan::capacity
