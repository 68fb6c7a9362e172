// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The compressed residual network of the capacitated assignment (assignment.hpp): one node
/// per slot (0: unassigned, then the open sites), arc a -> b the cheapest move of one person
/// from slot a to slot b and the point that makes it, and the cheapest chains of moves to a
/// set of end slots (successive shortest paths, Ahuja, Magnanti & Orlin 1993, ch. 9).

#include "edplan/core/ndarray.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace edplan::coverage {

/// Arcs between q slots and shortest chains over them; the assignment owns which point sits
/// where and tells the graph about moves (`offer`) and departures (`drop`).
class MoveGraph {
 public:
  /// No arcs between `q` slots.
  explicit MoveGraph(index_t q)
      : q_(q), arc_(static_cast<std::size_t>(q * q), inf), who_(static_cast<std::size_t>(q * q), -1) {}

  /// Offers the move of point i from slot a to slot b at cost d per person; kept when cheaper.
  void offer(index_t i, index_t a, index_t b, double d) {
    const auto k = key(a, b);
    if (d < arc_[k]) {
      arc_[k] = d;
      who_[k] = i;
    }
  }

  /// The point making the move a -> b (-1: no arc).
  index_t who(index_t a, index_t b) const { return who_[key(a, b)]; }

  /// Removes the arc a -> b (its point left a).
  void drop(index_t a, index_t b) {
    arc_[key(a, b)] = inf;
    who_[key(a, b)] = -1;
  }

  /// Removes every arc into and out of slot a (its site closed).
  void isolate(index_t a) {
    for (index_t b = 0; b < q_; ++b) {
      drop(a, b);
      drop(b, a);
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
      for (index_t a = 0; a < q_; ++a) {
        const double w = arc_[key(a, b)];
        if (w == inf) continue;
        const double d = w + db;
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

  /// After `chains`: the cheapest chain's cost from slot a (inf: none reaches an end).
  double dist(index_t a) const { return dist_[static_cast<std::size_t>(a)]; }
  /// After `chains`: the first hop of a's chain (-1 at an end or with no chain).
  index_t next(index_t a) const { return next_[static_cast<std::size_t>(a)]; }

 private:
  static constexpr double inf = std::numeric_limits<double>::infinity();
  std::size_t key(index_t a, index_t b) const { return static_cast<std::size_t>(a * q_ + b); }

  index_t q_;
  std::vector<double> arc_, dist_;
  std::vector<index_t> who_, next_, queue_;
  std::vector<char> queued_;
};

}  // namespace edplan::coverage
