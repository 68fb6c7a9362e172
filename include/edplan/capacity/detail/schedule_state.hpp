// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: a partial schedule's new places, batch counts and spending, and
/// the change of objective of adding or removing one candidate, each in O(T).

#include "edplan/capacity/detail/schedule_retime_index.hpp"
#include "edplan/capacity/programme.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

/// What the levers of a fixed lever plan leave to the builds: places they add per pair and
/// year (laid out as (R, L, T), negative where converted away) and what they spend per year.
/// Empty: building alone.
struct Background {
  std::vector<double> places;
  std::vector<double> spend;
};

/// New places per pair and year, the batch counts and spending of a partial schedule, and the
/// change of objective of adding or removing a candidate, each in O(T). The change of adding
/// is remembered per (candidate, year) until the candidate's district and level change, since
/// the local search asks for the same ones again and again.
class ScheduleState {
 public:
  explicit ScheduleState(const ValidatedProgramme& v, Background bg = {})
      : v_(v),
        T_(v.years()),
        L_(v.levels()),
        n_(static_cast<std::size_t>(v.regions() * v.levels() * v.years()), 0.0),
        land_count_(static_cast<std::size_t>(T_), 0),
        start_count_(land_count_),
        open_count_(land_count_),
        spend_(static_cast<std::size_t>(T_), 0.0),
        land_(v.candidates().size(), -1),
        banned_(v.candidates().size(), false),
        pair_version_(static_cast<std::size_t>(v.regions() * v.levels()), 1),
        cached_(v.candidates().size()),
        stamp_(v.candidates().size()),
        retime_gain_(v.candidates().size(), 0.0),
        retime_(v.candidates().size()),
        retime_stamp_(v.candidates().size(), 0),
        bg_(std::move(bg)),
        by_pair_(static_cast<std::size_t>(v.regions() * v.levels())),
        level_first_(static_cast<std::size_t>(v.levels()), v.candidates().size()),
        level_min_cost_(static_cast<std::size_t>(v.levels()), std::numeric_limits<double>::infinity()) {
    if (bg_.places.empty()) bg_.places.assign(n_.size(), 0.0);
    if (bg_.spend.empty()) bg_.spend.assign(spend_.size(), 0.0);
    for (std::size_t k = 0; k < land_.size(); ++k) {
      const auto& c = v.candidates()[k];
      by_pair_[pair(c)].push_back(k);
      all_.push_back(k);
      const auto l = static_cast<std::size_t>(c.level);
      level_first_[l] = std::min(level_first_[l], k);
      level_min_cost_[l] = std::min(level_min_cost_[l], c.cost);
      min_cost_ = std::min(min_cost_, c.cost);
      const auto years = static_cast<std::size_t>(std::max<index_t>(0, v.last_land(k) - v.first_land(k) + 1));
      cached_[k].assign(years, 0.0);
      stamp_[k].assign(years, 0);
    }
  }

  /// The state of a schedule given as land years.
  ScheduleState(const ValidatedProgramme& v, const std::vector<int>& land_year, Background bg = {})
      : ScheduleState(v, std::move(bg)) {
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
           spend_[st] + bg_.spend[st] + v_.candidates()[k].cost <= v_.budget(y + s.land_to_start) * (1 + 1e-12);
  }

  /// The change of objective if k (not chosen) got land in year index y (in its window).
  [[nodiscard]] double delta_add(std::size_t k, index_t y) const {
    const auto& c = v_.candidates()[k];
    const auto i = static_cast<std::size_t>(y - v_.first_land(k));
    const auto version = pair_version_[pair(c)];
    if (stamp_[k][i] != version) {
      cached_[k][i] = v_.weights().cost * c.cost + shift(c, y + v_.stages(k).total(), c.places);
      stamp_[k][i] = version;
    }
    return cached_[k][i];
  }

  /// The lowest change of objective of moving chosen k to another land year of its window,
  /// limits aside (+infinity when its window has no other year): delta_remove(k) plus the
  /// change of adding it again elsewhere. It depends only on k's district and level, so a
  /// compound move that frees a limit elsewhere gains at most this much from re-timing k;
  /// remembered until they change, like `delta_add`.
  [[nodiscard]] double retime_gain(std::size_t k) const {
    retimes(k);
    return retime_gain_[k];
  }

  /// The change of objective of moving chosen k to land year index y of its window (not its
  /// own), limits aside: delta_remove(k) plus the change of adding it at y with k out.
  /// Remembered with `retime_gain`, one value per year of k's window.
  [[nodiscard]] double retime_to(std::size_t k, index_t y) const {
    retimes(k);
    return retime_[k][static_cast<std::size_t>(y - v_.first_land(k))];
  }

  /// True when k (not chosen) could get land in year index yk were j moved from its land year
  /// (if chosen) to year index y (in its window): `can_add` on the counts and spending that
  /// move would leave, computed as `remove` and `add` would store them, without making it.
  [[nodiscard]] bool can_add_beside(std::size_t k, index_t yk, std::size_t j, index_t y) const {
    if (banned_[k] || yk < v_.first_land(k) || yk > v_.last_land(k)) return false;
    const auto sk = v_.stages(k), sj = v_.stages(j);
    const index_t j0 = land_[j], cap = v_.max_per_batch();
    const bool leaves = j0 >= 0;
    const auto moved = [&](const std::vector<index_t>& count, index_t at, index_t from, index_t to) {
      return count[static_cast<std::size_t>(at)] - (leaves && at == from ? 1 : 0) + (at == to ? 1 : 0);
    };
    const index_t st = yk + sk.land_to_start;
    if (moved(land_count_, yk, j0, y) >= cap || moved(start_count_, st, j0 + sj.land_to_start, y + sj.land_to_start) >= cap ||
        moved(open_count_, yk + sk.total(), j0 + sj.total(), y + sj.total()) >= cap)
      return false;
    const double cj = v_.candidates()[j].cost;
    double spent = spend_[static_cast<std::size_t>(st)];
    if (leaves && st == j0 + sj.land_to_start) spent -= cj;
    else if (st == y + sj.land_to_start) spent += cj;
    return spent + bg_.spend[static_cast<std::size_t>(st)] + v_.candidates()[k].cost <= v_.budget(st) * (1 + 1e-12);
  }

  /// A number that changes whenever the new places of k's district and level change.
  [[nodiscard]] std::uint64_t version(std::size_t k) const { return pair_version_[pair(v_.candidates()[k])]; }

  /// The change of objective if k (chosen) were dropped.
  [[nodiscard]] double delta_remove(std::size_t k) const {
    const auto& c = v_.candidates()[k];
    return -v_.weights().cost * c.cost + shift(c, land_[k] + v_.stages(k).total(), -c.places);
  }

  /// The candidates of k's district and level, k included, in index order.
  [[nodiscard]] const std::vector<std::size_t>& same_pair(std::size_t k) const { return by_pair_[pair(v_.candidates()[k])]; }

  /// Every candidate, in index order.
  [[nodiscard]] const std::vector<std::size_t>& all() const noexcept { return all_; }

  /// True when k (just taken out of land year index k0) left a shared limit that another
  /// candidate could use: its land, start or open batch one short of the cap, or its start
  /// year's budget too short for the cheapest candidate with k in.
  [[nodiscard]] bool tight(std::size_t k, index_t k0) const {
    const auto s = v_.stages(k);
    const auto st = static_cast<std::size_t>(k0 + s.land_to_start);
    const index_t cap = v_.max_per_batch();
    return land_count_[static_cast<std::size_t>(k0)] + 1 >= cap || start_count_[st] + 1 >= cap ||
           open_count_[static_cast<std::size_t>(k0 + s.total())] + 1 >= cap ||
           spend_[st] + bg_.spend[st] + v_.candidates()[k].cost + min_cost_ > v_.budget(k0 + s.land_to_start) * (1 + 1e-12);
  }

  /// The candidates whose moves may gain from k's leaving land year index k0 (k just taken
  /// out): those of its district and level, whose objective it changes, and, only when it
  /// left a shared limit `tight`, the others too — all of them while they are few, else the
  /// shortlist (`shortlist`). Elsewhere a move of another candidate is worth the same with k in
  /// or out, and the single moves have tried it: this keeps compound moves to the districts
  /// they touch.
  [[nodiscard]] const std::vector<std::size_t>& partners(std::size_t k, index_t k0) const {
    if (!tight(k, k0)) return same_pair(k);
    if (shortlist_.empty()) return all_;
    merged_.clear();
    const auto& own = same_pair(k);
    std::set_union(own.begin(), own.end(), shortlist_.begin(), shortlist_.end(), std::back_inserter(merged_));
    return merged_;
  }

  /// Of `partners(k, k0)`, those not chosen, and k (just taken out), in index order, and
  /// possibly chosen ones of k's district and level: what a move that puts one candidate in
  /// looks at, without a pass over every chosen candidate of the shortlist.
  [[nodiscard]] const std::vector<std::size_t>& open_partners(std::size_t k, index_t k0) const {
    if (!tight(k, k0)) return same_pair(k);
    if (shortlist_.empty()) return all_;
    merged_.clear();
    const auto& own = same_pair(k);
    std::set_union(own.begin(), own.end(), open_listed_.begin(), open_listed_.end(), std::back_inserter(merged_));
    return merged_;
  }

  /// True when k is in the shortlist (`shortlist`; false while there is none).
  [[nodiscard]] bool listed(std::size_t k) const { return !listed_.empty() && listed_[k]; }

  /// A candidate of `level` (the lowest index), or the candidate count when it has none.
  [[nodiscard]] std::size_t level_first(index_t level) const { return level_first_[static_cast<std::size_t>(level)]; }

  /// True when a candidate of `level` landing in year index y would keep k (not chosen) out of
  /// land year index yk: a batch they would share is one short of the cap, or their start
  /// year's spending leaves too little for k beside the level's cheapest candidate.
  [[nodiscard]] bool arrival_blocks(index_t level, index_t y, std::size_t k, index_t yk) const {
    const auto sk = v_.stages(k), sj = v_.stages(level_first(level));
    const index_t cap = v_.max_per_batch(), st = yk + sk.land_to_start;
    if (yk == y && land_count_[static_cast<std::size_t>(y)] + 1 >= cap) return true;
    if (yk + sk.total() == y + sj.total() && open_count_[static_cast<std::size_t>(yk + sk.total())] + 1 >= cap) return true;
    if (st != y + sj.land_to_start) return false;
    const auto i = static_cast<std::size_t>(st);
    return start_count_[i] + 1 >= cap ||
           spend_[i] + bg_.spend[i] + v_.candidates()[k].cost + level_min_cost_[static_cast<std::size_t>(level)] >
               v_.budget(st) * (1 + 1e-9);  // beyond `can_add`'s margin: rounding never blocks
  }

  /// The chosen candidates filed by level, land year and each other year of their window,
  /// ordered by `retime_to` (`RetimeIndex`), brought up to date with the districts and levels
  /// changed since last asked (the first call files every chosen candidate).
  [[nodiscard]] const RetimeIndex& retime_index() {
    if (!index_) {
      index_.emplace(L_, T_, land_.size());
      touched_flag_.assign(by_pair_.size(), true);
      touched_.resize(by_pair_.size());
      for (std::size_t p = 0; p < by_pair_.size(); ++p) touched_[p] = p;
    }
    std::vector<RetimeIndex::Entry> to;
    for (const std::size_t p : touched_) {
      touched_flag_[p] = false;
      for (const std::size_t j : by_pair_[p]) {
        to.clear();
        if (chosen(j))
          for (index_t y = v_.first_land(j); y <= v_.last_land(j); ++y)
            if (y != land_[j]) to.push_back({y, retime_to(j, y)});
        index_->file(j, v_.candidates()[j].level, land_[j], to);
      }
    }
    touched_.clear();
    return *index_;
  }

  /// Every candidate added or removed from now on is appended to `log` (nullptr: none).
  void journal(std::vector<std::size_t>* log) noexcept { journal_ = log; }

  /// True when the shortlist holds every candidate (a small programme, searched in full).
  [[nodiscard]] bool searched_in_full() const noexcept { return shortlist_.empty(); }

  /// Candidates kept per land year by `shortlist`.
  static constexpr std::size_t shortlist_per_year = 16;

  /// Refreshes the shortlist of candidates that another's leaving a binding limit lets in: per
  /// land year, the `shortlist_per_year` unchosen candidates whose addition that year lowers
  /// the objective most (limits aside), and every chosen one (it may move into the freed
  /// place). Left empty — every candidate is a partner — while there are no more candidates
  /// than the shortlists would hold, so small programmes are searched in full.
  void shortlist() {
    shortlist_.clear();
    open_listed_.clear();
    listed_.assign(land_.size(), false);
    const auto K = land_.size();
    if (K <= shortlist_per_year * static_cast<std::size_t>(T_)) return;
    std::vector<std::pair<double, std::size_t>> best;
    std::vector<bool> in(K, false);
    for (std::size_t k = 0; k < K; ++k) in[k] = chosen(k);
    for (index_t y = 0; y < T_; ++y) {
      best.clear();
      for (std::size_t k = 0; k < K; ++k) {
        if (chosen(k) || banned_[k] || y < v_.first_land(k) || y > v_.last_land(k)) continue;
        best.emplace_back(delta_add(k, y), k);
      }
      const auto n = std::min(best.size(), shortlist_per_year);
      std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(n), best.end());
      for (std::size_t i = 0; i < n; ++i) in[best[i].second] = true;
    }
    for (std::size_t k = 0; k < K; ++k) {
      if (!in[k]) continue;
      shortlist_.push_back(k);
      listed_[k] = true;
      if (!chosen(k)) open_listed_.insert(open_listed_.end(), k);
    }
  }

  /// True when j at land year index y competes with k at k0 (k just taken out) for something:
  /// k's district and level, or a batch or start-year budget that k's return would leave too
  /// small for j.
  [[nodiscard]] bool coupled(std::size_t k, index_t k0, std::size_t j, index_t y) const {
    const auto& cs = v_.candidates();
    if (cs[j].region == cs[k].region && cs[j].level == cs[k].level) return true;
    const auto sk = v_.stages(k), sj = v_.stages(j);
    const index_t cap = v_.max_per_batch();
    const index_t start = y + sj.land_to_start;
    if (y == k0 && land_count_[static_cast<std::size_t>(y)] + 1 >= cap) return true;
    if (y + sj.total() == k0 + sk.total() && open_count_[static_cast<std::size_t>(y + sj.total())] + 1 >= cap) return true;
    if (start != k0 + sk.land_to_start) return false;
    const auto st = static_cast<std::size_t>(start);
    return start_count_[st] + 1 >= cap ||
           spend_[st] + bg_.spend[st] + cs[k].cost + cs[j].cost > v_.budget(start) * (1 + 1e-12);
  }

  /// True when chosen j could move to another land year of its window that is `coupled` with
  /// k at k0 (k just taken out) without breaking a limit. Neither test looks at j's own year,
  /// so the answer is the same with j in or taken out.
  [[nodiscard]] bool retimable(std::size_t k, index_t k0, std::size_t j) const {
    for (index_t y = v_.first_land(j); y <= v_.last_land(j); ++y) {
      if (y != land_[j] && coupled(k, k0, j, y) && can_add(j, y)) return true;
    }
    return false;
  }

  /// The change of objective since the state was made, summed over its moves.
  [[nodiscard]] double change() const noexcept { return change_; }

  void add(std::size_t k, index_t y) {
    change_ += delta_add(k, y);
    apply(k, y, +1);
  }
  void remove(std::size_t k) {
    change_ += delta_remove(k);
    apply(k, land_[k], -1);
  }

  /// The schedule as land years.
  [[nodiscard]] std::vector<int> land_years() const {
    std::vector<int> out(land_.size(), not_chosen);
    for (std::size_t k = 0; k < land_.size(); ++k) {
      if (land_[k] >= 0) out[k] = v_.base_year() + 1 + static_cast<int>(land_[k]);
    }
    return out;
  }

 private:
  [[nodiscard]] std::size_t pair(const Candidate& c) const { return static_cast<std::size_t>(c.region * L_ + c.level); }
  [[nodiscard]] std::size_t at(const Candidate& c, index_t t) const { return pair(c) * static_cast<std::size_t>(T_) + static_cast<std::size_t>(t); }

  // Fills chosen k's re-timing changes per window year and their best (`retime_to`,
  // `retime_gain`) unless remembered for its district and level's current version.
  void retimes(std::size_t k) const {
    const auto& c = v_.candidates()[k];
    if (retime_stamp_[k] == pair_version_[pair(c)]) return;
    const index_t total = v_.stages(k).total(), open0 = land_[k] + total, peak = v_.peak()(c.region, c.level);
    const auto& w = v_.weights();
    auto& to = retime_[k];
    to.assign(static_cast<std::size_t>(std::max<index_t>(0, v_.last_land(k) - v_.first_land(k) + 1)), 0.0);
    // sum: the change of adding k's places from year t on, with k taken out; summed from the end
    double sum = 0.0, best = std::numeric_limits<double>::infinity(), from_open0 = 0.0;
    for (index_t t = T_ - 1; t >= v_.first_land(k) + total; --t) {
      const double gap = v_.gap()(c.region, t, c.level), room = v_.room()(c.region, t, c.level);
      const double n = bg_.places[at(c, t)] + n_[at(c, t)] - (t >= open0 ? c.places : 0.0);
      sum += year_penalty(gap, n + c.places, room, t > peak, w) - year_penalty(gap, n, room, t > peak, w);
      if (t == open0) from_open0 = sum;
      const index_t y = t - total;
      if (y <= v_.last_land(k)) to[static_cast<std::size_t>(y - v_.first_land(k))] = sum;
      if (y != land_[k] && y <= v_.last_land(k)) best = std::min(best, sum);
    }
    for (double& d : to) d -= from_open0;
    retime_gain_[k] = best - from_open0;
    retime_stamp_[k] = pair_version_[pair(c)];
  }

  // The change of the pair's penalty when its new places change by `q` from year index `open`.
  [[nodiscard]] double shift(const Candidate& c, index_t open, double q) const {
    const index_t peak = v_.peak()(c.region, c.level);
    const auto& w = v_.weights();
    double d = 0.0;
    for (index_t t = open; t < T_; ++t) {
      const double gap = v_.gap()(c.region, t, c.level), room = v_.room()(c.region, t, c.level);
      const double n = bg_.places[at(c, t)] + n_[at(c, t)];
      d += year_penalty(gap, n + q, room, t > peak, w) - year_penalty(gap, n, room, t > peak, w);
    }
    return d;
  }

  void apply(std::size_t k, index_t y, int sign) {
    const auto& c = v_.candidates()[k];
    const auto s = v_.stages(k);
    for (index_t t = y + s.total(); t < T_; ++t) n_[at(c, t)] += sign * c.places;
    ++pair_version_[pair(c)];
    if (index_ && !touched_flag_[pair(c)]) {
      touched_flag_[pair(c)] = true;
      touched_.push_back(pair(c));
    }
    land_count_[static_cast<std::size_t>(y)] += sign;
    start_count_[static_cast<std::size_t>(y + s.land_to_start)] += sign;
    open_count_[static_cast<std::size_t>(y + s.total())] += sign;
    spend_[static_cast<std::size_t>(y + s.land_to_start)] += sign * c.cost;
    land_[k] = sign > 0 ? y : -1;
    if (journal_ != nullptr) journal_->push_back(k);
    if (!listed_.empty() && listed_[k]) {
      if (sign > 0) open_listed_.erase(k);
      else open_listed_.insert(k);
    }
  }

  const ValidatedProgramme& v_;
  index_t T_, L_;
  std::vector<double> n_;  // (R, L, T): new places by pair and year
  std::vector<index_t> land_count_, start_count_, open_count_;
  std::vector<double> spend_;
  std::vector<index_t> land_;
  std::vector<bool> banned_;
  std::vector<std::uint64_t> pair_version_;                // bumped when a pair's new places change
  mutable std::vector<std::vector<double>> cached_;        // delta_add per candidate and window year
  mutable std::vector<std::vector<std::uint64_t>> stamp_;  // the pair version each was computed at
  mutable std::vector<double> retime_gain_;                // retime_gain per chosen candidate
  mutable std::vector<std::vector<double>> retime_;        // retime_to per chosen candidate and window year
  mutable std::vector<std::uint64_t> retime_stamp_;        // the pair version each was computed at (0: never)
  Background bg_;
  std::vector<std::vector<std::size_t>> by_pair_;  // candidates per (region, level)
  std::vector<std::size_t> all_;
  double change_ = 0.0;
  std::vector<std::size_t> shortlist_;        // empty: every candidate
  mutable std::vector<std::size_t> merged_;   // the last `partners` with a shortlist
  std::vector<bool> listed_;                  // in the shortlist
  std::set<std::size_t> open_listed_;         // in the shortlist and not chosen
  std::vector<std::size_t>* journal_ = nullptr;  // see `journal`
  double min_cost_ = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> level_first_;   // see `level_first`
  std::vector<double> level_min_cost_;     // the cheapest candidate's cost per level
  std::optional<RetimeIndex> index_;       // see `retime_index`; made when first asked
  std::vector<std::size_t> touched_;       // pairs changed since `retime_index` was last asked
  std::vector<bool> touched_flag_;         // in touched_
};

// A move: put candidate `k` in at year index `y` (-1: no move), changing the objective by `delta`.
struct Move {
  double delta = 0.0;
  std::size_t k = 0;
  index_t y = -1;
};

// The tolerance below which a change of objective counts as no change.
inline double tolerance(const ValidatedProgramme& v) {
  return 1e-9 * (1.0 + evaluate(v, std::vector<int>(v.candidates().size(), not_chosen)).totals.objective);
}

}  // namespace edplan::capacity::detail
