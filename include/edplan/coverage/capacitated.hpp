// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The capacitated siting heuristic (capacitated MCLP and p-median, and the capacitated LSCP
/// built on them): choose p sites (fixed ones included) minimising the value of the
/// capacitated assignment (assignment.hpp). Three parts, all judged by exact incremental
/// assignments:
/// - a lazy greedy start: candidates are tried in the order of their Lagrangian opening
///   bound and the scan stops once no bound can beat the best candidate found;
/// - best-improvement swaps (close one open site, open one closed candidate), pruned the
///   same way with the bounds computed after closing;
/// - up to `rounds` rounds of iterated local search: close 1 to 3 random movable sites,
///   refill greedily without them, swap to a local optimum, keep the result when it is
///   better; stopped after `patience` rounds in a row without improvement.
/// The search also starts from `start` (the uncapacitated heuristic's sites) when given,
/// and keeps the better of the two local optima.

#include "edplan/coverage/assignment.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace edplan::coverage {

/// Settings of the capacitated search.
struct CapacitatedOptions {
  /// Rounds of iterated local search after the first local optimum.
  index_t rounds = 20;
  /// Seed of the perturbations (deterministic for a seed).
  std::uint64_t seed = 20240601;
  /// At most this many improving swaps per descent.
  index_t max_swaps = 1000;
  /// Stop the iterated local search after this many rounds in a row without improvement
  /// (0: run all `rounds`). Most rounds after the first few find nothing: on the benchmark's
  /// instances 4 kept every gap found with all 20 rounds and cut the trials by two thirds.
  index_t patience = 4;
};

/// The sites chosen by the capacitated search and how much work it took.
struct CapacitatedSearch {
  /// Chosen candidates, fixed ones included, increasing.
  std::vector<index_t> sites;
  /// The assignment's value (sum c x + u x unassigned).
  double value = 0.0;
  /// Improving swaps applied over all descents.
  index_t swaps = 0;
  /// Assignments evaluated (a site opened on a copy to judge a move).
  std::int64_t evaluations = 0;
};

namespace detail {

/// Relative tolerance under which a change of value is not an improvement.
inline double improvement_tol(double value) { return 1e-9 * std::max(1.0, std::abs(value)); }

inline std::uint64_t cap_random(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// What a search counts across its descents.
struct SearchWorkspace {
  /// Trials so far.
  std::int64_t evaluations = 0;
};

/// The closed candidate whose opening lowers `state`'s value most (not in `barred`), tried in
/// bound order until no bound can beat the best; -1 when every candidate is open or barred.
inline index_t best_opening(Assignment& state, const std::vector<char>& barred, SearchWorkspace& ws, double& best_value) {
  auto bound = state.opening_bounds();
  std::vector<index_t> order;
  for (index_t k = 0; k < static_cast<index_t>(bound.size()); ++k) {
    if (!barred[static_cast<std::size_t>(k)] && !state.is_open(k)) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&](index_t a, index_t b) {
    return bound[static_cast<std::size_t>(a)] < bound[static_cast<std::size_t>(b)] ||
           (bound[static_cast<std::size_t>(a)] == bound[static_cast<std::size_t>(b)] && a < b);
  });
  index_t best = -1;
  best_value = std::numeric_limits<double>::infinity();
  for (auto k : order) {
    if (best >= 0 && bound[static_cast<std::size_t>(k)] >= best_value - improvement_tol(best_value)) break;
    ++ws.evaluations;
    const auto before = state.mark();
    const bool done = state.open(k, best < 0 ? std::numeric_limits<double>::infinity() : best_value);
    const double v = state.value();
    state.rollback(before);
    if (!done) continue;
    if (best < 0 || v < best_value - improvement_tol(best_value)) {
      best_value = v;
      best = k;
    }
  }
  return best;
}

/// Opens sites greedily (best_opening) until `p` are open.
inline void greedy_fill(Assignment& state, index_t p, const std::vector<char>& barred, SearchWorkspace& ws) {
  while (static_cast<index_t>(state.open_sites().size()) < p) {
    double v = 0.0;
    const index_t k = best_opening(state, barred, ws, v);
    if (k < 0) break;
    state.open(k);
  }
}

/// Best-improvement swaps until none improves; returns the swaps applied.
inline index_t descend(Assignment& state, const std::vector<char>& is_fixed, index_t max_swaps, SearchWorkspace& ws) {
  index_t swaps = 0;
  std::vector<char> none(is_fixed.size(), 0);
  for (; swaps < max_swaps; ++swaps) {
    const double now = state.value();
    double best_value = now - improvement_tol(now);
    index_t out = -1, in = -1;
    auto open = state.open_sites();
    std::sort(open.begin(), open.end());
    for (auto j : open) {
      if (is_fixed[static_cast<std::size_t>(j)]) continue;
      const auto before = state.mark();
      state.close(j);
      auto bound = state.opening_bounds();
      bound[static_cast<std::size_t>(j)] = std::numeric_limits<double>::infinity();
      std::vector<index_t> order;
      for (index_t k = 0; k < static_cast<index_t>(bound.size()); ++k) {
        if (bound[static_cast<std::size_t>(k)] < best_value) order.push_back(k);
      }
      std::sort(order.begin(), order.end(), [&](index_t a, index_t b) {
        return bound[static_cast<std::size_t>(a)] < bound[static_cast<std::size_t>(b)] ||
               (bound[static_cast<std::size_t>(a)] == bound[static_cast<std::size_t>(b)] && a < b);
      });
      for (auto k : order) {
        if (bound[static_cast<std::size_t>(k)] >= best_value) break;  // sorted: none later can beat it
        ++ws.evaluations;
        const auto closed = state.mark();
        const bool done = state.open(k, best_value);
        const double v = state.value();
        state.rollback(closed);
        if (done && v < best_value) {
          best_value = v;
          out = j;
          in = k;
        }
      }
      state.rollback(before);
    }
    if (out < 0) break;
    state.close(out);
    state.open(in);
  }
  return swaps;
}

}  // namespace detail

/// The capacitated search of the file comment over `links`, for p sites with `fixed` ones
/// and an optional `start`. Requires validated inputs (p between max(1, |fixed|) and m,
/// demand and capacity >= 0 and finite).
inline CapacitatedSearch capacitated_search(const LinkColumns& links, const std::vector<double>& demand,
                                            const std::vector<double>& capacity, double unassigned_cost, index_t p,
                                            const std::vector<index_t>& fixed, const std::vector<index_t>& start,
                                            const CapacitatedOptions& opt = {}) {
  const auto m = static_cast<index_t>(capacity.size());
  CapacitatedSearch out;
  std::vector<char> is_fixed(static_cast<std::size_t>(m), 0), none(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) is_fixed[static_cast<std::size_t>(j)] = 1;
  Assignment base(&links, demand, capacity, unassigned_cost, p);
  for (auto j : fixed) base.open(j);
  detail::SearchWorkspace ws;
  Assignment best = base;
  detail::greedy_fill(best, p, none, ws);
  out.swaps += detail::descend(best, is_fixed, opt.max_swaps, ws);
  if (!start.empty()) {
    Assignment other = base;
    for (auto j : start) {
      if (!is_fixed[static_cast<std::size_t>(j)]) other.open(j);
    }
    detail::greedy_fill(other, p, none, ws);  // in case start held fewer than p
    out.swaps += detail::descend(other, is_fixed, opt.max_swaps, ws);
    if (other.value() < best.value() - detail::improvement_tol(best.value())) best = other;
  }
  std::uint64_t rng = opt.seed;
  std::vector<index_t> movable;
  Assignment trial = base;
  index_t idle = 0;
  for (index_t round = 0; round < opt.rounds && (opt.patience <= 0 || idle < opt.patience); ++round) {
    ++idle;
    movable.clear();
    for (auto j : best.open_sites()) {
      if (!is_fixed[static_cast<std::size_t>(j)]) movable.push_back(j);
    }
    std::sort(movable.begin(), movable.end());
    if (movable.empty()) break;
    const auto drop = std::min(movable.size(), 1 + static_cast<std::size_t>(detail::cap_random(rng) % 3));
    trial = best;
    std::vector<char> barred(static_cast<std::size_t>(m), 0);
    for (std::size_t d = 0; d < drop; ++d) {
      const auto k = d + static_cast<std::size_t>(detail::cap_random(rng) % (movable.size() - d));
      std::swap(movable[d], movable[k]);
      trial.close(movable[d]);
      barred[static_cast<std::size_t>(movable[d])] = 1;
    }
    detail::greedy_fill(trial, p, barred, ws);
    detail::greedy_fill(trial, p, none, ws);  // if the barred ones were the only room
    out.swaps += detail::descend(trial, is_fixed, opt.max_swaps, ws);
    if (trial.value() < best.value() - detail::improvement_tol(best.value())) {
      best = trial;
      idle = 0;
    }
  }
  out.evaluations = ws.evaluations;
  out.sites = best.open_sites();
  std::sort(out.sites.begin(), out.sites.end());
  out.value = best.value();
  return out;
}

}  // namespace edplan::coverage
