// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: the chosen candidates filed by level, land year and each other
/// year they could move to, ordered by what that re-timing changes (limits aside), so that a
/// compound move finds the few chosen candidates whose re-timing could pay without a pass over
/// all of them.

#include "edplan/core/ndarray.hpp"

#include <cstddef>
#include <set>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

/// Chosen candidates by (level, land year, year moved to), each ordered by the change of
/// objective of that re-timing. The owner files a candidate's entries anew (`file`) whenever
/// its district and level change; `below` lists those of one (level, land year, year) whose
/// change is below a bound, in O(log n + found).
class RetimeIndex {
 public:
  /// A re-timing of a candidate: to year index `to`, changing the objective by `delta`.
  struct Entry {
    /// The year index moved to.
    index_t to;
    /// The change of objective, limits aside.
    double delta;
    /// Exactly equal: a re-filing that changes nothing is skipped.
    bool operator==(const Entry& o) const noexcept { return to == o.to && delta == o.delta; }
  };

  /// Empty, for `levels` levels, `years` year indices and `candidates` candidates.
  RetimeIndex(index_t levels, index_t years, std::size_t candidates)
      : T_(years), sets_(static_cast<std::size_t>(levels * years * years)), filed_(candidates), from_(candidates, -1) {}

  /// Files candidate j of `level`, landing in year index `from`, with its re-timings `to`
  /// (empty, or from < 0: not chosen, filed nowhere), replacing what was filed for it.
  void file(std::size_t j, index_t level, index_t from, const std::vector<Entry>& to) {
    if (from_[j] == from && filed_[j] == to) return;
    for (const Entry& e : filed_[j]) sets_[key(level, from_[j], e.to)].erase({e.delta, j});
    from_[j] = from;
    filed_[j] = to;
    if (from < 0) filed_[j].clear();
    for (const Entry& e : filed_[j]) sets_[key(level, from, e.to)].insert({e.delta, j});
  }

  /// Calls f(j) for each candidate of `level` landing in year index `from` whose re-timing to
  /// year index `to` changes the objective by less than `bound`, lowest change first.
  template <class F>
  void below(index_t level, index_t from, index_t to, double bound, F&& f) const {
    for (const auto& [delta, j] : sets_[key(level, from, to)]) {
      if (delta >= bound) break;
      f(j);
    }
  }

 private:
  [[nodiscard]] std::size_t key(index_t level, index_t from, index_t to) const {
    return static_cast<std::size_t>((level * T_ + from) * T_ + to);
  }

  index_t T_;
  std::vector<std::set<std::pair<double, std::size_t>>> sets_;
  std::vector<std::vector<Entry>> filed_;  // what is filed per candidate
  std::vector<index_t> from_;              // the land year it is filed under (-1: none)
};

}  // namespace edplan::capacity::detail
