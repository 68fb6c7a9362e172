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
/// any year) while any such move lowers the objective, and when none does, tries compound
/// moves for binding budgets and caps (take one out, put another in or re-time it, put the
/// first back at its best year; exchange the land years of two groups). Kicks then take each chosen candidate out in turn, improve
/// without it, let it back and improve again (iterated local search), keeping the best. Both starts are improved and the
/// better result is kept. Everything is deterministic: ties go to the lower candidate index
/// and the earlier year.

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

namespace detail {

/// New places per pair and year, the batch counts and spending of a partial schedule, and the
/// change of objective of adding or removing a candidate, each in O(T).
class ScheduleState {
 public:
  explicit ScheduleState(const ValidatedProgramme& v)
      : v_(v),
        T_(v.years()),
        L_(v.levels()),
        n_(static_cast<std::size_t>(v.regions() * v.levels() * v.years()), 0.0),
        land_count_(static_cast<std::size_t>(T_), 0),
        start_count_(land_count_),
        open_count_(land_count_),
        spend_(static_cast<std::size_t>(T_), 0.0),
        land_(v.candidates().size(), -1),
        banned_(v.candidates().size(), false) {}

  /// The state of a schedule given as land years.
  ScheduleState(const ValidatedProgramme& v, const std::vector<int>& land_year) : ScheduleState(v) {
    for (std::size_t k = 0; k < land_year.size(); ++k) {
      if (land_year[k] != not_chosen) add(k, land_year[k] - v.base_year() - 1);
    }
  }

  /// Year index of candidate k's land year, or -1.
  [[nodiscard]] index_t land(std::size_t k) const { return land_[k]; }
  [[nodiscard]] bool chosen(std::size_t k) const { return land_[k] >= 0; }

  /// Keeps k out of every move until allowed again (a kick of the iterated local search).
  void ban(std::size_t k, bool banned) { banned_[k] = banned; }

  /// True when k can get land in year index y without breaking its window, the budget or a cap.
  [[nodiscard]] bool can_add(std::size_t k, index_t y) const {
    if (banned_[k] || y < v_.first_land(k) || y > v_.last_land(k)) return false;
    const auto s = v_.stages(k);
    const auto st = static_cast<std::size_t>(y + s.land_to_start);
    const index_t cap = v_.max_per_batch();
    return land_count_[static_cast<std::size_t>(y)] < cap && start_count_[st] < cap &&
           open_count_[static_cast<std::size_t>(y + s.total())] < cap &&
           spend_[st] + v_.candidates()[k].cost <= v_.budget(y + s.land_to_start) * (1 + 1e-12);
  }

  /// The change of objective if k (not chosen) got land in year index y.
  [[nodiscard]] double delta_add(std::size_t k, index_t y) const {
    const auto& c = v_.candidates()[k];
    return v_.weights().cost * c.cost + shift(c, y + v_.stages(k).total(), c.places);
  }

  /// The change of objective if k (chosen) were dropped.
  [[nodiscard]] double delta_remove(std::size_t k) const {
    const auto& c = v_.candidates()[k];
    return -v_.weights().cost * c.cost + shift(c, land_[k] + v_.stages(k).total(), -c.places);
  }

  void add(std::size_t k, index_t y) { apply(k, y, +1); }
  void remove(std::size_t k) { apply(k, land_[k], -1); }

  /// The schedule as land years.
  [[nodiscard]] std::vector<int> land_years() const {
    std::vector<int> out(land_.size(), not_chosen);
    for (std::size_t k = 0; k < land_.size(); ++k) {
      if (land_[k] >= 0) out[k] = v_.base_year() + 1 + static_cast<int>(land_[k]);
    }
    return out;
  }

 private:
  [[nodiscard]] std::size_t at(const Candidate& c, index_t t) const {
    return static_cast<std::size_t>((c.region * L_ + c.level) * T_ + t);
  }

  // The change of the pair's penalty when its new places change by `q` from year index `open`.
  [[nodiscard]] double shift(const Candidate& c, index_t open, double q) const {
    const index_t peak = v_.peak()(c.region, c.level);
    const auto& w = v_.weights();
    double d = 0.0;
    for (index_t t = open; t < T_; ++t) {
      const double need = v_.need()(c.region, t, c.level), n = n_[at(c, t)];
      d += year_penalty(need, n + q, t > peak, w) - year_penalty(need, n, t > peak, w);
    }
    return d;
  }

  void apply(std::size_t k, index_t y, int sign) {
    const auto& c = v_.candidates()[k];
    const auto s = v_.stages(k);
    for (index_t t = y + s.total(); t < T_; ++t) n_[at(c, t)] += sign * c.places;
    land_count_[static_cast<std::size_t>(y)] += sign;
    start_count_[static_cast<std::size_t>(y + s.land_to_start)] += sign;
    open_count_[static_cast<std::size_t>(y + s.total())] += sign;
    spend_[static_cast<std::size_t>(y + s.land_to_start)] += sign * c.cost;
    land_[k] = sign > 0 ? y : -1;
  }

  const ValidatedProgramme& v_;
  index_t T_, L_;
  std::vector<double> n_;  // (R, L, T): new places by pair and year
  std::vector<index_t> land_count_, start_count_, open_count_;
  std::vector<double> spend_;
  std::vector<index_t> land_;
  std::vector<bool> banned_;
};

// A move's change of objective and what it does: put `k` in at `y` (after removing `out`, if any).
struct Move {
  double delta = 0.0;
  std::size_t k = 0;
  index_t y = -1;
};

// The tolerance below which a change of objective counts as no change.
inline double tolerance(const ValidatedProgramme& v) {
  return 1e-9 * (1.0 + evaluate(v, std::vector<int>(v.candidates().size(), not_chosen)).totals.objective);
}

// Greedy construction: by change of objective per unit of cost (`per_cost`) or in absolute terms.
inline void construct(const ValidatedProgramme& v, ScheduleState& s, bool per_cost, double tol) {
  const auto& cs = v.candidates();
  // Changes of objective of every (candidate, year), recomputed only for the pair just changed.
  std::vector<std::vector<double>> delta(cs.size());
  std::vector<bool> stale(cs.size(), true);
  for (;;) {
    Move best{0.0, 0, -1};
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (s.chosen(k) || v.first_land(k) > v.last_land(k)) continue;
      if (stale[k]) {
        delta[k].clear();
        for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) delta[k].push_back(s.delta_add(k, y));
        stale[k] = false;
      }
      for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) {
        const double d = delta[k][static_cast<std::size_t>(y - v.first_land(k))];
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
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (cs[k].region == cs[best.k].region && cs[k].level == cs[best.k].level) stale[k] = true;
    }
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
      const bool same_pair = cs[j].region == cs[k].region && cs[j].level == cs[k].level;
      for (index_t y = v.first_land(j); y <= v.last_land(j) && !done; ++y) {
        // Only where j takes what k freed: the pair's places, or k's land, start or open batch.
        const bool uses_freed = same_pair || y == k0 || y + v.stages(j).land_to_start == k0 + v.stages(k).land_to_start ||
                                y + v.stages(j).total() == k0 + v.stages(k).total();
        if (y == j0 || !uses_freed || !s.can_add(j, y)) continue;
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
      Move best{-out - tol, k, y0};
      for (std::size_t j = 0; j < K; ++j) {
        if (j != k && s.chosen(j)) continue;
        const Move m = best_insertion(v, s, j, best.delta);
        if (m.y >= 0 && !(j == k && m.y == y0)) best = m;
      }
      s.add(best.k, best.y);
      if (best.k != k || best.y != y0) improved = true;
    }
    if (!improved && !(compound && compound_moves(v, s, tol)) && !exchange_years(v, s, tol)) return;
  }
}

}  // namespace detail

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
