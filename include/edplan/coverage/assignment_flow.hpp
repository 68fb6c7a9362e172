// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The flow behind capacitated siting (`assignment.hpp`): for a set of open sites, the
/// splittable transportation problem
///
///     min sum c_ij x_ij + u sum_i r_i   s.t.  sum_j x_ij + r_i = d_i,  sum_i x_ij <= S_j,  x, r >= 0
///
/// over the links (i, j) to open sites, r_i the people of point i left unassigned at a cost
/// u each (u = 1 with zero link costs: most people assigned, the capacitated MCLP; u = M, a
/// penalty above any reassignment chain, for the p-median). "Unassigned" is a site of its own
/// (slot 0, never full), so every person always sits somewhere and any site set is feasible.
///
/// Kept optimal by successive shortest paths on the graph of the slots (Ahuja, Magnanti &
/// Orlin 1993, ch. 9, on a compressed residual network, move_graph.hpp): an arc a -> b costs
/// the cheapest move of one person from a to b, min over points i at a of c_ib - c_ia. Slots
/// are few (p + 1), so shortest chains over them are cheap. Here: the flows, the loads and the
/// members of each slot, the arcs' upkeep when points leave a slot (`refresh_arcs`), the
/// chains' costs to slots with room (`prices`, the duals), the moves along a chain
/// (`augment`) and the re-insertion of people along shortest paths (`insert`), every write
/// logged under a mark so that a trial move is undone bit for bit (`mark`, `rollback`).

#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/link_columns.hpp"
#include "edplan/coverage/move_graph.hpp"
#include "edplan/coverage/undo_log.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The flow of the file comment over `max_open` site slots and the unassigned one, with its
/// undo log; `Assignment` opens and closes sites on it.
class AssignmentFlow {
 public:
  /// A state to come back to (`rollback`): the lengths of the undo logs and the value.
  struct Mark {
    std::size_t doubles = 0, indices = 0, flags = 0, members = 0, columns = 0, arcs = 0;
    double value = 0.0;
  };

  /// `links` by candidate, `demand` (n) and `capacity` (m) >= 0 and finite; `unassigned_cost`
  /// u > every reassignment chain's cost.
  AssignmentFlow(const LinkColumns* links, std::vector<double> demand, std::vector<double> capacity,
                 double unassigned_cost, index_t max_open)
      : links_(links),
        demand_(std::move(demand)),
        capacity_(std::move(capacity)),
        u_(unassigned_cost),
        n_(static_cast<index_t>(demand_.size())),
        q_(max_open + 1),
        cols_(static_cast<std::size_t>(q_)),
        col_(static_cast<std::size_t>(q_), nullptr),
        x_(static_cast<std::size_t>(n_ * q_), 0.0),
        load_(static_cast<std::size_t>(q_), 0.0),
        cap_(static_cast<std::size_t>(q_), 0.0),
        site_(static_cast<std::size_t>(q_), -1),
        slot_(capacity_.size(), -1),
        graph_(max_open + 1),
        members_(static_cast<std::size_t>(q_)),
        listed_(static_cast<std::size_t>(n_ * q_), 0) {
    double big = 0.0;
    for (index_t i = 0; i < n_; ++i) {
      x_[idx(i, 0)] = demand_[static_cast<std::size_t>(i)];
      load_[0] += demand_[static_cast<std::size_t>(i)];
      value_ += u_ * demand_[static_cast<std::size_t>(i)];
      if (demand_[static_cast<std::size_t>(i)] > 0.0) {
        members_[0].push_back(i);
        listed_[idx(i, 0)] = 1;
      }
      big = std::max(big, demand_[static_cast<std::size_t>(i)]);
    }
    closed_ = std::make_shared<const std::vector<double>>(static_cast<std::size_t>(n_), inf);
    set_column(0, std::make_shared<const std::vector<double>>(static_cast<std::size_t>(n_), u_));
    for (index_t a = 1; a < q_; ++a) set_column(a, closed_);
    cap_[0] = inf;
    site_[0] = -2;
    dirty_.assign(static_cast<std::size_t>(q_), 0);
    eps_ = 1e-12 * std::max(1.0, big);
    eps_cost_ = 1e-12 * std::max(1.0, std::abs(u_));
  }

  /// Starts logging every write so that `rollback(mark)` restores the present state. Marks
  /// nest; each is rolled back, innermost first. Do not copy the assignment while one is open.
  Mark mark() {
    if (depth_ == 0) graph_.record(true);
    if (saved_.size() <= static_cast<std::size_t>(depth_)) saved_.emplace_back();
    auto& slots = saved_[static_cast<std::size_t>(depth_)];  // per-slot arrays: q entries, copied whole
    slots.load = load_;
    slots.cap = cap_;
    slots.site = site_;
    slots.dirty = dirty_;
    ++depth_;
    return {doubles_.size(), indices_.size(), flags_.size(), member_log_.size(), column_log_.size(), graph_.logged(),
            value_};
  }

  /// Undoes every change since `m` (its value and flows, bit for bit) and closes the mark.
  void rollback(const Mark& m) {
    doubles_.rollback(m.doubles);
    indices_.rollback(m.indices);
    flags_.rollback(m.flags);
    while (member_log_.size() > m.members) {
      auto& change = member_log_.back();
      auto& members = members_[static_cast<std::size_t>(change.slot)];
      if (change.pushed) {
        members.pop_back();
      } else {
        members.swap(change.cleared);
        spare_.push_back(std::move(change.cleared));  // its buffer serves the next saved list
      }
      member_log_.pop_back();
    }
    while (column_log_.size() > m.columns) {
      auto& [a, column] = column_log_.back();
      col_[static_cast<std::size_t>(a)] = column->data();
      cols_[static_cast<std::size_t>(a)] = std::move(column);
      column_log_.pop_back();
    }
    graph_.rollback(m.arcs);
    value_ = m.value;
    --depth_;
    const auto& slots = saved_[static_cast<std::size_t>(depth_)];
    load_ = slots.load;
    cap_ = slots.cap;
    site_ = slots.site;
    dirty_ = slots.dirty;
    if (depth_ == 0) graph_.record(false);
  }

  /// sum c x + u x unassigned, kept up to date by every move (the searches read it after
  /// each trial; summing the n x (max_open+1) flows each time was most of an MCLP trial).
  double value() const { return value_; }

 protected:
  static constexpr double inf = std::numeric_limits<double>::infinity();

  std::size_t idx(index_t i, index_t a) const { return static_cast<std::size_t>(i * q_ + a); }
  /// c for point i at slot a (inf: no link).
  double cost(index_t i, index_t a) const { return col_[static_cast<std::size_t>(a)][i]; }
  void set_column(index_t a, std::shared_ptr<const std::vector<double>> column) {
    if (depth_ > 0) column_log_.emplace_back(a, cols_[static_cast<std::size_t>(a)]);
    col_[static_cast<std::size_t>(a)] = column->data();
    cols_[static_cast<std::size_t>(a)] = std::move(column);
  }
  double room(index_t a) const { return cap_[static_cast<std::size_t>(a)] - load_[static_cast<std::size_t>(a)]; }
  bool has_room(index_t a) const { return a == 0 || (site_[static_cast<std::size_t>(a)] >= 0 && room(a) > eps_); }

  /// Keeps slot a's member list as it is, for a rollback (in a spare buffer when one is left).
  void save_members(index_t a) {
    std::vector<index_t> copy;
    if (!spare_.empty()) {
      copy = std::move(spare_.back());
      spare_.pop_back();
    }
    copy.assign(members_[static_cast<std::size_t>(a)].begin(), members_[static_cast<std::size_t>(a)].end());
    member_log_.push_back({a, false, std::move(copy)});
  }

  /// Writes `value` to `place`, logged under a mark.
  void put(double& place, double value) {
    if (depth_ > 0) {
      doubles_.write(place, value);
    } else {
      place = value;
    }
  }
  void put(index_t& place, index_t value) {
    if (depth_ > 0) {
      indices_.write(place, value);
    } else {
      place = value;
    }
  }
  void put(char& place, char value) {
    if (depth_ > 0) {
      flags_.write(place, value);
    } else {
      place = value;
    }
  }

  /// Offers the move of point i from slot a to slot b to the graph (when i links to b).
  void offer(index_t i, index_t a, index_t b) {
    const double cb = cost(i, b);
    if (cb != inf) graph_.offer(i, a, b, cb - cost(i, a));
  }

  /// Point i now has people at slot a: its moves out of a join the arcs.
  void joined(index_t i, index_t a) {
    for (index_t b = 0; b < q_; ++b) {
      if (b != a) offer(i, a, b);
    }
  }

  /// Point i's people arrived at slot a where it had none: its moves out of a join the arcs
  /// and it joins a's members.
  void arrived(index_t i, index_t a) {
    joined(i, a);
    if (!listed_[idx(i, a)]) {
      put(listed_[idx(i, a)], char{1});
      members_[static_cast<std::size_t>(a)].push_back(i);
      if (depth_ > 0) member_log_.push_back({a, true, {}});
    }
  }

  /// Recomputes the arcs out of a slot whose point has left it entirely: the other arcs'
  /// points are still there, so their minima stand. A stale arc a -> b is found again from
  /// the shorter of a's members and b's links (the unassigned slot holds most points in an
  /// MCLP, a site's links are a few dozen), so a step costs O(stale arcs x the shorter), not
  /// O(n p). Members that left are dropped when the members are read.
  void refresh_arcs() {
    for (index_t a = 0; a < q_; ++a) {
      if (!dirty_[static_cast<std::size_t>(a)]) continue;
      dirty_[static_cast<std::size_t>(a)] = 0;
      auto& members = members_[static_cast<std::size_t>(a)];
      stale_.clear();
      for (index_t b = 0; b < q_; ++b) {
        const index_t w = graph_.who(a, b);
        if (w >= 0 && x_[idx(w, a)] <= 0.0) {
          graph_.drop(a, b);
          const index_t j = site_[static_cast<std::size_t>(b)];
          const auto first = j >= 0 ? links_->start[static_cast<std::size_t>(j)] : 0;
          const auto last = j >= 0 ? links_->start[static_cast<std::size_t>(j + 1)] : 0;
          if (j >= 0 && static_cast<std::size_t>(last - first) < members.size()) {
            double best = inf;  // the cheapest move, set once (every set is logged under a mark)
            index_t who = -1;
            for (auto l = first; l < last; ++l) {
              const index_t i = links_->row[static_cast<std::size_t>(l)];
              if (x_[idx(i, a)] > 0.0) {
                const double d = links_->cost[static_cast<std::size_t>(l)] - cost(i, a);
                if (d < best) {
                  best = d;
                  who = i;
                }
              }
            }
            if (who >= 0) graph_.offer(who, a, b, best);
          } else {
            stale_.push_back(b);
          }
        }
      }
      if (stale_.empty()) continue;
      if (depth_ == 0) {  // drop the points that left (under a mark they stay, skipped below)
        std::size_t kept = 0;
        for (auto i : members) {
          if (x_[idx(i, a)] > 0.0) {
            members[kept++] = i;
          } else {
            listed_[idx(i, a)] = 0;
          }
        }
        members.resize(kept);
      }
      const double* from = col_[static_cast<std::size_t>(a)];
      for (auto b : stale_) {  // the cheapest move, offered once (each change is logged under a mark)
        const double* to = col_[static_cast<std::size_t>(b)];
        double best = inf;
        index_t who = -1;
        for (auto i : members) {
          const double d = to[i] - from[i];  // inf: no link to b
          if (d < best && x_[idx(i, a)] > 0.0) {
            best = d;
            who = i;
          }
        }
        if (who >= 0) graph_.offer(who, a, b, best);
      }
    }
  }

  /// graph_'s chains to any slot with room: their costs are the site prices beta.
  void prices() {
    graph_.clear_chains();
    for (index_t a = 0; a < q_; ++a) {
      if (has_room(a)) graph_.set_end(a);
    }
    graph_.chains(eps_cost_);
  }

  /// Moves up to `limit` persons along the chain from slot `from` (graph_'s next hops) to its
  /// end; with `entrant` >= 0, that point enters at `from` first (its people are outside the
  /// network). Returns the persons moved.
  double augment(index_t from, double limit, index_t entrant) {
    double delta = limit;
    for (index_t a = from; graph_.next(a) >= 0; a = graph_.next(a)) {
      const auto i = graph_.who(a, graph_.next(a));
      delta = std::min(delta, x_[idx(i, a)]);
    }
    index_t end = from;
    while (graph_.next(end) >= 0) end = graph_.next(end);
    if (end != 0) delta = std::min(delta, room(end));
    if (entrant >= 0) {
      const bool fresh = x_[idx(entrant, from)] <= 0.0;
      put(x_[idx(entrant, from)], x_[idx(entrant, from)] + delta);
      load_[static_cast<std::size_t>(from)] += delta;
      value_ += delta * cost(entrant, from);
      if (fresh) arrived(entrant, from);
    }
    for (index_t a = from; graph_.next(a) >= 0; a = graph_.next(a)) {
      const index_t b = graph_.next(a);
      const auto i = graph_.who(a, b);
      double left = x_[idx(i, a)] - delta;
      if (left < eps_) {
        value_ -= left * cost(i, a);  // a rounding remainder, dropped as the flows drop it
        left = 0.0;
        dirty_[static_cast<std::size_t>(a)] = 1;
      }
      put(x_[idx(i, a)], left);
      const bool fresh = x_[idx(i, b)] <= 0.0;
      put(x_[idx(i, b)], x_[idx(i, b)] + delta);
      if (fresh) arrived(i, b);
      value_ += delta * (cost(i, b) - cost(i, a));
      load_[static_cast<std::size_t>(a)] -= delta;
      load_[static_cast<std::size_t>(b)] += delta;
    }
    return delta;
  }

  /// Puts `amount` persons of point i (outside the network) back in, along shortest paths.
  void insert(index_t i, double amount) {
    while (amount > eps_) {
      refresh_arcs();
      prices();
      index_t best = 0;
      double best_cost = inf;
      for (index_t a = 0; a < q_; ++a) {
        const double c = cost(i, a) + graph_.dist(a);
        if (c < best_cost - eps_cost_) {
          best_cost = c;
          best = a;
        }
      }
      const double moved = augment(best, amount, i);
      if (moved <= 0.0) {  // a rounding corner: leave the rest unassigned rather than lose it
        const bool fresh = x_[idx(i, 0)] <= 0.0;
        put(x_[idx(i, 0)], x_[idx(i, 0)] + amount);
        if (fresh) arrived(i, 0);
        value_ += amount * cost(i, 0);
        load_[0] += amount;
        break;
      }
      amount -= moved;
    }
  }

  const LinkColumns* links_;
  std::vector<double> demand_, capacity_;
  double u_;
  index_t n_, q_;
  /// The cost column of each slot's site, shared by copies: a trial copies q pointers, not
  /// n x q costs, and builds only the column it opens (closed_: a closed slot's, all inf).
  std::vector<std::shared_ptr<const std::vector<double>>> cols_;
  std::vector<const double*> col_;
  std::shared_ptr<const std::vector<double>> closed_;
  std::vector<double> x_, load_, cap_;
  std::vector<index_t> site_, slot_;
  MoveGraph graph_;
  std::vector<char> dirty_;
  /// The points with people at each slot (listed_ marks them; refresh_arcs drops leavers).
  std::vector<std::vector<index_t>> members_;
  std::vector<char> listed_;
  std::vector<index_t> stale_;
  double eps_ = 0.0, eps_cost_ = 0.0, value_ = 0.0;
  /// A slot's member list grown by one point, or emptied by a close or compacted by
  /// refresh_arcs (`cleared`: the list before, put back by a rollback).
  struct MemberChange {
    index_t slot;
    bool pushed;
    std::vector<index_t> cleared;
  };
  /// The per-slot arrays at each open mark (copied whole: q entries each).
  struct SlotState {
    std::vector<double> load, cap;
    std::vector<index_t> site;
    std::vector<char> dirty;
  };
  /// Open marks, and the writes since the outermost (mark, rollback).
  int depth_ = 0;
  std::vector<SlotState> saved_;
  std::vector<std::vector<index_t>> spare_;
  UndoLog<double> doubles_;
  UndoLog<index_t> indices_;
  UndoLog<char> flags_;
  std::vector<MemberChange> member_log_;
  std::vector<std::pair<index_t, std::shared_ptr<const std::vector<double>>>> column_log_;
};

}  // namespace edplan::coverage::detail
