// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The compressed residual network of the capacitated assignment (assignment_flow.hpp): one node
/// per slot (0: unassigned, then the open sites), arc a -> b the cheapest move of one person
/// from slot a to slot b and the point that makes it, and the cheapest chains of moves to a
/// set of end slots (successive shortest paths, Ahuja, Magnanti & Orlin 1993, ch. 9).

#include "edplan/core/ndarray.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace edplan::coverage {

/// Arcs between q slots and shortest chains over them; the assignment owns which point sits
/// where and tells the graph about moves (`offer`) and departures (`drop`).
class MoveGraph {
 public:
  /// No arcs between `q` slots.
  explicit MoveGraph(index_t q)
      : q_(q),
        words_((q + 63) / 64),
        arc_(static_cast<std::size_t>(q * q), inf),
        who_(static_cast<std::size_t>(q * q), -1),
        into_(static_cast<std::size_t>(q * words_), 0) {}

  /// Offers the move of point i from slot a to slot b at cost d per person; kept when cheaper.
  void offer(index_t i, index_t a, index_t b, double d) {
    if (d < arc_[key(a, b)]) set(a, b, d, i);
  }

  /// The cost of the move a -> b (inf: no arc).
  double arc(index_t a, index_t b) const { return arc_[key(a, b)]; }

  /// The point making the move a -> b (-1: no arc).
  index_t who(index_t a, index_t b) const { return who_[key(a, b)]; }

  /// Removes the arc a -> b (its point left a).
  void drop(index_t a, index_t b) {
    if (who_[key(a, b)] >= 0) set(a, b, inf, -1);
  }

  /// Removes every arc into and out of slot a (its site closed).
  void isolate(index_t a) {
    for (index_t b = 0; b < q_; ++b) {
      drop(a, b);
      drop(b, a);
    }
  }

  /// While on, arc changes are logged so that `rollback` can undo them (the assignment's
  /// marks, assignment.hpp).
  void record(bool on) { recording_ = on; }
  /// Arc changes logged so far: a mark for `rollback`.
  std::size_t logged() const { return log_.size(); }
  /// Undoes the arc changes logged after mark `to`, last first. Chains are scratch:
  /// recomputed before use.
  void rollback(std::size_t to) {
    while (log_.size() > to) {
      const auto& c = log_.back();
      const auto k = key(c.a, c.b);
      arc_[k] = c.arc;
      who_[k] = c.who;
      mark_arc(c.a, c.b, c.who >= 0);
      log_.pop_back();
    }
  }

  /// Starts a shortest-chain computation: no slot reaches an end yet.
  void clear_chains() {
    dist_.assign(static_cast<std::size_t>(q_), inf);
    next_.assign(static_cast<std::size_t>(q_), -1);
  }

  /// Makes slot a an end of the chains (distance 0).
  void set_end(index_t a) { dist_[static_cast<std::size_t>(a)] = 0.0; }

  /// dist(a): the cheapest chain of moves from slot a to an end, next(a) its first hop (-1
  /// at an end). Label-correcting on the reversed arcs (a queue of the slots whose distance
  /// fell, so a settled graph costs one sweep, not Bellman-Ford's q passes; no negative cycle
  /// at an optimum, and the pop cap, Bellman-Ford's bound, is a guard only); a change below
  /// `eps` is no change.
  void chains(double eps) {
    queue_.clear();
    queued_.assign(static_cast<std::size_t>(q_), 0);
    for (index_t b = 0; b < q_; ++b) {
      if (dist_[static_cast<std::size_t>(b)] < inf) {
        queue_.push_back(b);
        queued_[static_cast<std::size_t>(b)] = 1;
      }
    }
    const std::size_t cap = static_cast<std::size_t>(q_ * q_ + q_);
    for (std::size_t head = 0; head < queue_.size() && head < cap; ++head) {
      const index_t b = queue_[head];
      queued_[static_cast<std::size_t>(b)] = 0;
      const double db = dist_[static_cast<std::size_t>(b)];
      // the arcs into b from its bit mask, lowest slot first: a few of the q slots have one
      for (index_t w = 0; w < words_; ++w) {
        for (std::uint64_t bits = into_[static_cast<std::size_t>(b * words_ + w)]; bits != 0; bits &= bits - 1) {
          const index_t a = w * 64 + lowest_bit(bits);
          const double d = arc_[key(a, b)] + db;
          if (d < dist_[static_cast<std::size_t>(a)] - eps) {
            dist_[static_cast<std::size_t>(a)] = d;
            next_[static_cast<std::size_t>(a)] = b;
            if (!queued_[static_cast<std::size_t>(a)]) {
              queued_[static_cast<std::size_t>(a)] = 1;
              queue_.push_back(a);
            }
          }
        }
      }
    }
  }

  /// After `chains`: the cheapest chain's cost from slot a (inf: none reaches an end).
  double dist(index_t a) const { return dist_[static_cast<std::size_t>(a)]; }
  /// After `chains`: the first hop of a's chain (-1 at an end or with no chain).
  index_t next(index_t a) const { return next_[static_cast<std::size_t>(a)]; }

 private:
  static constexpr double inf = std::numeric_limits<double>::infinity();
  std::size_t key(index_t a, index_t b) const { return static_cast<std::size_t>(a * q_ + b); }
  /// Index of the lowest set bit of a non-zero word (a portable count of trailing zeros).
  static index_t lowest_bit(std::uint64_t bits) {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<index_t>(__builtin_ctzll(bits));
#else
    index_t n = 0;
    while (!(bits & 1U)) {
      bits >>= 1;
      ++n;
    }
    return n;
#endif
  }

  /// Sets or clears a's bit in b's mask.
  void mark_arc(index_t a, index_t b, bool present) {
    auto& word = into_[static_cast<std::size_t>(b * words_ + a / 64)];
    const std::uint64_t bit = std::uint64_t{1} << (a % 64);
    word = present ? (word | bit) : (word & ~bit);
  }

  /// Sets arc a -> b to cost d made by point i (i < 0: no arc), with b's mask bit; logged
  /// while recording.
  void set(index_t a, index_t b, double d, index_t i) {
    const auto k = key(a, b);
    if (recording_) log_.push_back({a, b, arc_[k], who_[k]});
    arc_[k] = d;
    who_[k] = i;
    mark_arc(a, b, i >= 0);
  }

  index_t q_, words_;
  std::vector<double> arc_, dist_;
  std::vector<index_t> who_, next_, queue_;
  /// Bit a of b's words: an arc a -> b exists (the chains read only those).
  std::vector<std::uint64_t> into_;
  std::vector<char> queued_;
  /// An arc as it was before a logged change.
  struct Change {
    index_t a, b;
    double arc;
    index_t who;
  };
  bool recording_ = false;
  std::vector<Change> log_;
};

}  // namespace edplan::coverage
