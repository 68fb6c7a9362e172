// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The search the MCLP and p-median heuristics run on the incremental state of
/// `siting_swap.hpp`: the greedy fill, best-improvement swaps to a local optimum, and rounds of
/// iterated local search (drop a few random sites, refill, swap again).

#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_swap.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace edplan::coverage::detail {

/// Best-improvement swaps until none saves more than `eps` (or `max_swaps`); returns the swaps.
template <bool Binary, class R>
index_t descend(Assignment<Binary, R>& state, double eps, index_t max_swaps) {
  state.keep_extra(true);
  index_t swaps = 0;
  while (swaps < max_swaps) {
    const auto [save, move] = state.best_swap();
    if (move.first < 0 || !(save > eps)) break;
    state.remove(move.second);
    state.add(move.first, true);
    ++swaps;
  }
  return swaps;
}

/// Adds the best non-barred sites until `count` sites are chosen; returns them in order.
/// With `settle` (Binary), once every point is covered the rest are chosen by `settle`, in
/// the order `add` would take them (the gains no longer change), and the state is left
/// settled (see `Assignment::settle`).
template <bool Binary, class R>
std::vector<index_t> fill(Assignment<Binary, R>& state, const std::vector<char>& barred, index_t count,
                          bool settle = false) {
  std::vector<index_t> order;
  index_t have = 0;
  for (char c : state.chosen()) have += c;
  while (have < count) {
    const index_t k = state.best_addition(barred);
    if (k < 0) break;
    bool settled = false;
    if constexpr (Binary) settled = settle && state.covers_all();
    if (settled) {
      if constexpr (Binary) state.settle(k);
    } else {
      state.add(k, true);
    }
    order.push_back(k);
    ++have;
  }
  return order;
}

/// Greedy, swaps to a local optimum, then `opt.rounds` rounds of iterated local search: drop
/// 1 to `max_drop` random movable sites, refill greedily without them, swap again; keep the
/// result unless it costs more (equal cost is kept too, to move along plateaus). Leaves
/// `state` at the best choice found; fills `greedy_order` and `swaps` of `result`. Binary,
/// with `stop_when_covered`: stops after the greedy when it covers everyone (optimal: the
/// swaps and rounds would only walk among equally good choices), the state then settled
/// (`Assignment::settle`). With `greedy_done`, `state` already holds the fixed sites and
/// the greedy's (in `result.greedy_order`; the p-median's lazy greedy by columns).
template <bool Binary, class R>
void local_search(Assignment<Binary, R>& state, index_t m, index_t p, const std::vector<index_t>& fixed, double eps,
                  std::size_t max_drop, const SitingOptions& opt, SitingResult& result, bool stop_when_covered = false,
                  bool greedy_done = false) {
  std::vector<char> is_fixed(static_cast<std::size_t>(m), 0), barred(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) {
    is_fixed[static_cast<std::size_t>(j)] = 1;
    if (!greedy_done) state.add(j, false);
  }
  if (!greedy_done) result.greedy_order = fill(state, barred, p, stop_when_covered);
  if constexpr (Binary) {
    // Everyone covered: no choice of sites covers more, so the swaps and the search rounds,
    // which only look for more coverage, would find nothing better (and the state is settled).
    if (stop_when_covered && state.covers_all()) return;
  }
  result.swaps = descend(state, eps, opt.max_swaps);
  std::vector<char> best = state.chosen();
  double best_cost = state.cost();
  std::uint64_t rng = opt.seed;
  std::vector<index_t> movable;
  const auto room = static_cast<std::size_t>(m - p);
  for (index_t round = 0; round < opt.rounds; ++round) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      if (state.chosen()[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) movable.push_back(j);
    }
    const auto drop = std::min({movable.size(), room, 1 + static_cast<std::size_t>(next_random(rng) % max_drop)});
    if (drop == 0) break;
    for (std::size_t d = 0; d < drop; ++d) {
      const auto k = d + static_cast<std::size_t>(next_random(rng) % (movable.size() - d));
      std::swap(movable[d], movable[k]);
      state.remove(movable[d]);
      barred[static_cast<std::size_t>(movable[d])] = 1;  // not straight back in the refill; the swaps may restore it
    }
    fill(state, barred, p);
    for (std::size_t d = 0; d < drop; ++d) barred[static_cast<std::size_t>(movable[d])] = 0;
    result.swaps += descend(state, eps, opt.max_swaps);
    const double cost = state.cost();
    if (cost <= best_cost + eps) {
      best_cost = std::min(best_cost, cost);
      best = state.chosen();
    } else {
      for (index_t j = 0; j < m; ++j) {
        if (state.chosen()[static_cast<std::size_t>(j)] && !best[static_cast<std::size_t>(j)]) state.remove(j);
      }
      for (index_t j = 0; j < m; ++j) {
        if (!state.chosen()[static_cast<std::size_t>(j)] && best[static_cast<std::size_t>(j)]) state.add(j, true);
      }
    }
  }
}

}  // namespace edplan::coverage::detail
