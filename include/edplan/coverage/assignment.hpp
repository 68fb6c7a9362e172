// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The capacitated assignment behind capacitated siting: sites open and close on the flow of
/// `assignment_flow.hpp` (the transportation problem of the open sites, with unassigned people
/// at a cost u each), which stays optimal. The state is warm: opening a site pulls people into
/// it along the cheapest chains while they gain; closing one re-inserts its people along
/// shortest paths to sites with room. Each step keeps the flow optimal (no negative cycle),
/// so a swap costs two incremental updates, not a new solve. The duals (site prices beta, the
/// distance to a site with room, and v_i = min_a c_ia + beta_a) bound what opening a closed
/// candidate can gain (`opening_bounds`), which prunes the siting searches.

#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/assignment_flow.hpp"
#include "edplan/coverage/cheapest_fill.hpp"
#include "edplan/coverage/link_columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// The transportation problem of `assignment_flow.hpp`, kept optimal while sites open and
/// close. At most `max_open` sites are open at once. A search tries a move on the state itself
/// between `mark` and `rollback`, which put back every place the move wrote.
class Assignment : public detail::AssignmentFlow {
 public:
  /// `links` by candidate, `demand` (n) and `capacity` (m) >= 0 and finite; `unassigned_cost`
  /// u > every reassignment chain's cost; at most `max_open` sites open at once.
  using AssignmentFlow::AssignmentFlow;

  /// Whether candidate j is open.
  bool is_open(index_t j) const { return slot_[static_cast<std::size_t>(j)] >= 0; }

  /// The open candidates, in no particular order.
  std::vector<index_t> open_sites() const {
    std::vector<index_t> s;
    for (index_t a = 1; a < q_; ++a) {
      if (site_[static_cast<std::size_t>(a)] >= 0) s.push_back(site_[static_cast<std::size_t>(a)]);
    }
    return s;
  }

  /// Opens candidate j and pulls people into it along every chain that lowers the value.
  /// With a finite `cutoff` it stops early, returning false, once the value provably cannot
  /// end below it (successive shortest chains only get dearer: the final value is at least
  /// the present one + room left x the last chain's cost); the state is then not optimal and
  /// only fit to be dropped.
  bool open(index_t j, double cutoff = inf) {
    index_t a = 1;
    while (a < q_ && site_[static_cast<std::size_t>(a)] >= 0) ++a;
    if (a == q_ || is_open(j)) return true;  // callers never exceed max_open nor reopen
    site_[static_cast<std::size_t>(a)] = j;
    put(slot_[static_cast<std::size_t>(j)], a);
    cap_[static_cast<std::size_t>(a)] = capacity_[static_cast<std::size_t>(j)];
    load_[static_cast<std::size_t>(a)] = 0.0;
    auto column = std::make_shared<std::vector<double>>(static_cast<std::size_t>(n_), inf);
    for (auto l = links_->start[static_cast<std::size_t>(j)]; l < links_->start[static_cast<std::size_t>(j + 1)]; ++l) {
      (*column)[static_cast<std::size_t>(links_->row[static_cast<std::size_t>(l)])] = links_->cost[static_cast<std::size_t>(l)];
    }
    set_column(a, std::move(column));
    for (auto l = links_->start[static_cast<std::size_t>(j)]; l < links_->start[static_cast<std::size_t>(j + 1)]; ++l) {
      const index_t i = links_->row[static_cast<std::size_t>(l)];
      for (index_t b = 0; b < q_; ++b) {  // the moves into the new site
        if (b != a && x_[idx(i, b)] > 0.0) offer(i, b, a);
      }
    }
    // Successive shortest chains into slot a: from any slot holding people, the cheapest
    // sequence of moves ending in a; stop when none gains or a is full.
    while (room(a) > eps_) {
      refresh_arcs();
      graph_.clear_chains();
      graph_.set_end(a);
      graph_.chains(eps_cost_);
      index_t from = -1;
      double best = -eps_cost_;
      for (index_t b = 0; b < q_; ++b) {
        if (b == a || load_[static_cast<std::size_t>(b)] <= eps_) continue;
        if (graph_.dist(b) < best) {
          best = graph_.dist(b);
          from = b;
        }
      }
      if (from < 0) break;
      if (cutoff < inf && value_ + room(a) * best >= cutoff) return false;
      augment(from, room(a), -1);
    }
    return true;
  }

  /// Closes candidate j and re-inserts its people along shortest paths.
  void close(index_t j) {
    const index_t a = slot_[static_cast<std::size_t>(j)];
    if (a < 0) return;
    std::vector<std::pair<index_t, double>> freed;
    for (auto i : members_[static_cast<std::size_t>(a)]) {
      double& x = x_[idx(i, a)];
      if (x > 0.0) {
        freed.emplace_back(i, x);
        value_ -= x * cost(i, a);
        put(x, 0.0);
      }
      put(listed_[idx(i, a)], char{0});
    }
    if (depth_ > 0) {
      save_members(a);
      members_[static_cast<std::size_t>(a)].clear();
    } else {
      members_[static_cast<std::size_t>(a)].clear();
    }
    set_column(a, closed_);
    site_[static_cast<std::size_t>(a)] = -1;
    put(slot_[static_cast<std::size_t>(j)], index_t{-1});
    cap_[static_cast<std::size_t>(a)] = 0.0;
    load_[static_cast<std::size_t>(a)] = 0.0;
    graph_.isolate(a);  // no moves into or out of the closed slot
    dirty_[static_cast<std::size_t>(a)] = 0;
    for (auto [i, amount] : freed) insert(i, amount);
  }

  /// People assigned to open sites.
  double assigned() const {
    double total = 0.0;
    for (index_t a = 1; a < q_; ++a) total += load_[static_cast<std::size_t>(a)];
    return total;
  }

  /// sum c x over the assigned people only.
  double assigned_cost() const {
    double v = 0.0;
    for (index_t i = 0; i < n_; ++i) {
      for (index_t a = 1; a < q_; ++a) {
        const double x = x_[idx(i, a)];
        if (x > 0.0) v += x * cost(i, a);
      }
    }
    return v;
  }

  /// For every candidate, a lower bound on the value after opening it alone (inf for open
  /// ones): value + the fractional knapsack min sum (c_ik - v_i) y_i, sum y <= S_k,
  /// 0 <= y_i <= d_i, with v_i the point's dual (Lagrangian relaxation of the demand rows;
  /// the open sites' terms equal the present value by LP duality).
  std::vector<double> opening_bounds() {
    const auto m = static_cast<index_t>(capacity_.size());
    std::vector<double> bound(static_cast<std::size_t>(m), inf);
    refresh_arcs();
    prices();
    // v_i = min_a c_ia + beta_a over the unassigned slot and the open sites' links (a point
    // without a link to a slot has no term there), O(n + open links), not O(n q)
    std::vector<double> v(static_cast<std::size_t>(n_), u_ + graph_.dist(0));
    for (index_t a = 1; a < q_; ++a) {
      const index_t j = site_[static_cast<std::size_t>(a)];
      if (j < 0) continue;
      const double beta = graph_.dist(a);
      for (auto l = links_->start[static_cast<std::size_t>(j)]; l < links_->start[static_cast<std::size_t>(j + 1)]; ++l) {
        auto& vi = v[static_cast<std::size_t>(links_->row[static_cast<std::size_t>(l)])];
        vi = std::min(vi, links_->cost[static_cast<std::size_t>(l)] + beta);
      }
    }
    const double now = value();
    std::vector<std::pair<double, double>> gains;
    for (index_t k = 0; k < m; ++k) {
      if (is_open(k)) continue;
      gains.clear();
      for (auto l = links_->start[static_cast<std::size_t>(k)]; l < links_->start[static_cast<std::size_t>(k + 1)]; ++l) {
        const auto i = static_cast<std::size_t>(links_->row[static_cast<std::size_t>(l)]);
        const double rc = links_->cost[static_cast<std::size_t>(l)] - v[i];
        if (rc < 0.0 && demand_[i] > 0.0) gains.emplace_back(rc, demand_[i]);
      }
      bound[static_cast<std::size_t>(k)] = now + cheapest_fill(gains, capacity_[static_cast<std::size_t>(k)]);
    }
    return bound;
  }

  /// Calls f(i, j, persons) for every positive flow to an open site.
  template <class F>
  void for_each_flow(F&& f) const {
    for (index_t i = 0; i < n_; ++i) {
      for (index_t a = 1; a < q_; ++a) {
        const double x = x_[idx(i, a)];
        if (x > 0.0 && site_[static_cast<std::size_t>(a)] >= 0) f(i, site_[static_cast<std::size_t>(a)], x);
      }
    }
  }
};

}  // namespace edplan::coverage
