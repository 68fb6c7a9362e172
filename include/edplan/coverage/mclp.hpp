// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The maximal covering location problem (MCLP, Church & ReVelle 1974), population-weighted:
/// choose p sites (fixed ones included) maximising the demand within max_cost of a chosen
/// site. Heuristic: lazy greedy (coverage is submodular, so a gain only ever falls and a
/// stale gain is an upper bound), then best-improvement swaps evaluated in one pass over the
/// links per swap (Whitaker's fast interchange applied to coverage).

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/coverage_lists.hpp"
#include "edplan/coverage/detail/workspace.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_bound.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_search.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <type_traits>
#include <utility>
#include <vector>

namespace edplan::coverage {

namespace detail {

/// Coverage state: how many chosen sites cover each demand point.
struct CoverState {
  std::vector<std::int32_t> count;
  std::vector<char> chosen;
  double covered = 0.0;

  void add(const Columns& cols, View<const double, 1> demand, index_t j) {
    chosen[static_cast<std::size_t>(j)] = 1;
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
      const auto i = cols.row[static_cast<std::size_t>(l)];
      if (count[static_cast<std::size_t>(i)]++ == 0) covered += demand(i);
    }
  }
  void remove(const Columns& cols, View<const double, 1> demand, index_t j) {
    chosen[static_cast<std::size_t>(j)] = 0;
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
      const auto i = cols.row[static_cast<std::size_t>(l)];
      if (--count[static_cast<std::size_t>(i)] == 0) covered -= demand(i);
    }
  }
  /// Goes back to the chosen set `target` (a local search's best), moving only the sites that differ.
  void restore(const Columns& cols, View<const double, 1> demand, const std::vector<char>& target) {
    const auto m = static_cast<index_t>(chosen.size());
    for (index_t j = 0; j < m; ++j) {
      if (chosen[static_cast<std::size_t>(j)] && !target[static_cast<std::size_t>(j)]) remove(cols, demand, j);
    }
    for (index_t j = 0; j < m; ++j) {
      if (!chosen[static_cast<std::size_t>(j)] && target[static_cast<std::size_t>(j)]) add(cols, demand, j);
    }
  }
  [[nodiscard]] double gain(const Columns& cols, View<const double, 1> demand, index_t j) const {
    double g = 0.0;
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
      const auto i = cols.row[static_cast<std::size_t>(l)];
      if (count[static_cast<std::size_t>(i)] == 0) g += demand(i);
    }
    return g;
  }
};

/// Lazy greedy: adds sites until `p` are chosen (or, with `stop_at_zero`, until no site adds
/// coverage); gains ties go to the lower column.
inline std::vector<index_t> lazy_greedy_cover(const Columns& cols, View<const double, 1> demand, CoverState& state,
                                              index_t p, index_t already, bool stop_at_zero = false) {
  using Entry = std::pair<double, index_t>;
  const auto worse = [](const Entry& a, const Entry& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); };
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> heap(worse);
  const auto m = static_cast<index_t>(cols.start.size()) - 1;
  for (index_t j = 0; j < m; ++j) {
    if (!state.chosen[static_cast<std::size_t>(j)]) heap.emplace(state.gain(cols, demand, j), j);
  }
  std::vector<index_t> order;
  while (already + static_cast<index_t>(order.size()) < p && !heap.empty()) {
    auto [stale, j] = heap.top();
    heap.pop();
    const double g = state.gain(cols, demand, j);
    if (!heap.empty() && worse(Entry{g, j}, heap.top())) {
      heap.emplace(g, j);  // its gain fell below another's bound: look again later
      continue;
    }
    if (stop_at_zero && g <= 0.0) break;
    state.add(cols, demand, j);
    order.push_back(j);
  }
  return order;
}

/// Best-improvement swaps until none improves (or `max_swaps`): one pass over the links per
/// swap. With owner[i] the only chosen site covering i (count 1), swapping `in` for `out`
/// gains  g0[in] + M[in][out] - loss[out]: g0 sums the uncovered demand `in` covers, M the
/// demand owned by `out` that `in` also covers, and loss all demand owned by `out`.
inline index_t mclp_swaps(const Columns& cols, View<const double, 1> demand, CoverState& state,
                          const std::vector<char>& is_fixed, index_t max_swaps, double eps) {
  const auto n = static_cast<index_t>(state.count.size());
  const auto m = static_cast<index_t>(state.chosen.size());
  std::vector<index_t> movable, touched;
  std::vector<index_t> slot(static_cast<std::size_t>(m), -1);
  std::vector<std::int32_t> owner(static_cast<std::size_t>(n), -1);
  std::vector<double> loss, extra;
  index_t swaps = 0;
  while (swaps < max_swaps) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      slot[static_cast<std::size_t>(j)] = -1;
      if (state.chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) {
        slot[static_cast<std::size_t>(j)] = static_cast<index_t>(movable.size());
        movable.push_back(j);
      }
    }
    if (movable.empty()) break;
    std::fill(owner.begin(), owner.end(), -1);
    loss.assign(movable.size(), 0.0);
    for (index_t j : movable) {
      for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
        const auto i = cols.row[static_cast<std::size_t>(l)];
        if (state.count[static_cast<std::size_t>(i)] == 1) {
          owner[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(slot[static_cast<std::size_t>(j)]);
          loss[static_cast<std::size_t>(slot[static_cast<std::size_t>(j)])] += demand(i);
        }
      }
    }
    // The cheapest site to give up, for candidates that share no owned demand with it.
    std::size_t min_slot = 0;
    for (std::size_t s = 1; s < loss.size(); ++s) {
      if (loss[s] < loss[min_slot]) min_slot = s;
    }
    extra.assign(movable.size(), 0.0);
    std::vector<char> seen(movable.size(), 0);
    double best = eps;
    index_t best_in = -1, best_out = -1;
    for (index_t in = 0; in < m; ++in) {
      if (state.chosen[static_cast<std::size_t>(in)]) continue;
      double g0 = 0.0;
      touched.clear();
      for (auto l = cols.start[static_cast<std::size_t>(in)]; l < cols.start[static_cast<std::size_t>(in + 1)]; ++l) {
        const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
        if (state.count[i] == 0) {
          g0 += demand(static_cast<index_t>(i));
        } else if (owner[i] >= 0) {
          const auto s = static_cast<std::size_t>(owner[i]);
          if (!seen[s]) {
            seen[s] = 1;
            touched.push_back(static_cast<index_t>(s));
          }
          extra[s] += demand(static_cast<index_t>(i));
        }
      }
      const auto [delta, out] = best_drop(g0, min_slot, touched, loss, extra, seen);
      if (delta > best) {
        best = delta;
        best_in = in;
        best_out = movable[static_cast<std::size_t>(out)];
      }
    }
    if (best_in < 0) break;
    state.remove(cols, demand, best_out);
    state.add(cols, demand, best_in);
    ++swaps;
  }
  return swaps;
}

/// The MCLP heuristic with one pass over the links per swap (no swap table): for instances
/// whose swap table (candidates x movable sites) would pass `SitingOptions::swap_table_budget`.
/// `cols`: the links by column (their costs unused), n demand points, m candidates.
inline SitingResult mclp_passes(const Columns& cols, index_t n, index_t m, View<const double, 1> demand, index_t p,
                                const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  detail::CoverState state;
  state.count.assign(static_cast<std::size_t>(n), 0);
  state.chosen.assign(static_cast<std::size_t>(m), 0);
  std::vector<char> is_fixed(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) {
    is_fixed[static_cast<std::size_t>(j)] = 1;
    state.add(cols, demand, j);
  }
  SitingResult result;
  result.greedy_order = detail::lazy_greedy_cover(cols, demand, state, p, static_cast<index_t>(fixed.size()));
  double total = 0.0;
  for (index_t i = 0; i < n; ++i) total += demand(i);
  const double eps = 1e-12 * std::max(1.0, total);
  result.swaps = detail::mclp_swaps(cols, demand, state, is_fixed, opt.max_swaps, eps);

  std::vector<char> best_chosen = state.chosen;
  double best_covered = state.covered;
  std::uint64_t rng = opt.seed;
  std::vector<index_t> movable;
  for (index_t round = 0; round < opt.rounds; ++round) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      if (state.chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) movable.push_back(j);
    }
    if (movable.size() < 2 || static_cast<index_t>(movable.size()) >= m) break;
    // At most as many as there are other candidates to refill from, so that p sites remain.
    const auto room = static_cast<std::size_t>(m - static_cast<index_t>(result.greedy_order.size() + fixed.size()));
    const auto drop = std::min({movable.size(), room, 1 + static_cast<std::size_t>(detail::next_random(rng) % 4)});
    if (drop == 0) break;
    for (std::size_t d = 0; d < drop; ++d) {
      const auto k = d + static_cast<std::size_t>(detail::next_random(rng) % (movable.size() - d));
      std::swap(movable[d], movable[k]);
      state.remove(cols, demand, movable[d]);
    }
    // The dropped sites may not come straight back in the refill (the greedy would pick them
    // again); the swaps that follow may restore them.
    for (std::size_t d = 0; d < drop; ++d) state.chosen[static_cast<std::size_t>(movable[d])] = 1;
    detail::lazy_greedy_cover(cols, demand, state, p + static_cast<index_t>(drop), p);
    for (std::size_t d = 0; d < drop; ++d) state.chosen[static_cast<std::size_t>(movable[d])] = 0;
    result.swaps += detail::mclp_swaps(cols, demand, state, is_fixed, opt.max_swaps, eps);
    if (state.covered >= best_covered - eps) {
      // Equal coverage is accepted too: moving along plateaus of equal coverage lets later
      // perturbations start from new places.
      best_covered = std::max(best_covered, state.covered);
      best_chosen = state.chosen;
    } else if (state.chosen != best_chosen) {
      state.restore(cols, demand, best_chosen);
    }
  }
  for (index_t j = 0; j < m; ++j) {
    if (state.chosen[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  double covered = 0.0, total_demand = 0.0;  // recomputed exactly, free of incremental rounding
  for (index_t i = 0; i < n; ++i) {
    total_demand += demand(i);
    if (state.count[static_cast<std::size_t>(i)] > 0) covered += demand(i);
  }
  result.objective = covered;
  result.unserved = total_demand - covered;
  return result;
}

/// What the caller of `mclp_search` knows of its lists, to spare the heuristic work.
struct CoverHints {
  /// The demand each column covers, exact (`coverage_lists`); null or empty: unknown.
  std::vector<double>* column_demand = nullptr;
  /// No row lists a column twice (`Assignment::distinct_columns`).
  bool distinct = false;
  /// Stop after the greedy when it covers everyone (`local_search`): `mclp` does; the
  /// recommendation does not, so that its ranked sites, chosen among equally good ones by
  /// the search rounds, stay those of the recorded scenario outputs.
  bool stop_when_covered = false;
};

/// The MCLP heuristic of `mclp_heuristic` on the links by column and by row (no costs), for
/// n demand points and m candidates. `R`: `Rows`, or `RowsInPlace`, which gives no bound (the
/// bound reads rows as `Rows`): `opt.bound_iterations` is then taken as < 0.
template <class R>
SitingResult mclp_search(const Columns& cols, const R& rows, index_t n, index_t m, View<const double, 1> demand,
                         index_t p, const std::vector<index_t>& fixed, const SitingOptions& opt,
                         const CoverHints& hints = {}) {
  const index_t slots = p - static_cast<index_t>(fixed.size());
  double total = 0.0;
  for (index_t i = 0; i < n; ++i) total += demand(i);
  if (m * slots > opt.swap_table_budget) {
    auto result = mclp_passes(cols, n, m, demand, p, fixed, opt);
    if constexpr (!std::is_same_v<R, Rows>) {
      return result;
    } else if (opt.bound_iterations >= 0) {
      std::vector<double> uncovered(static_cast<std::size_t>(n), 1.0);
      for (auto j : result.sites) {
        for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
          uncovered[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])] = 0.0;
        }
      }
      const double lower = lagrangian_bound<true>(rows, cols, demand, 1.0, p, fixed, uncovered, result.unserved,
                                                  opt.bound_iterations, opt.threads);
      result.bound = std::max(result.objective, total - std::max(0.0, lower));
      result.gap = relative_gap(result.objective, result.bound);
    }
    return result;
  }
  auto state = hints.column_demand != nullptr && !hints.column_demand->empty()
                   ? Assignment<true, R>(rows, cols, demand, slots, std::move(*hints.column_demand))
                   : Assignment<true, R>(rows, cols, demand, 1.0, slots);
  state.distinct_columns(hints.distinct);
  SitingResult result;
  local_search(state, m, p, fixed, 1e-12 * std::max(1.0, total), 4, opt, result, hints.stop_when_covered);
  for (index_t j = 0; j < m; ++j) {
    if (state.chosen()[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  double covered = 0.0;  // recomputed exactly, free of incremental rounding
  for (index_t i = 0; i < n; ++i) {
    if (state.nearest()[static_cast<std::size_t>(i)] == 0.0) covered += demand(i);
  }
  result.objective = covered;
  result.unserved = total - covered;
  if constexpr (!std::is_same_v<R, Rows>) {
    return result;
  } else if (opt.bound_iterations >= 0) {
    const double lower = lagrangian_bound<true>(rows, cols, demand, 1.0, p, fixed, state.nearest(), result.unserved,
                                                opt.bound_iterations, opt.threads);
    result.bound = std::max(covered, total - std::max(0.0, lower));
    result.gap = relative_gap(covered, result.bound);
  }
  return result;
}

}  // namespace detail

/// Heuristic MCLP on a catchment's links (costs within max_cost): returns p sites, the fixed
/// ones included, the demand they cover, and an upper bound on the demand any p sites cover
/// (`bound`, `gap`). Greedy (exact, ties to the lower column), best-improvement swaps on the
/// incremental state of `siting_swap.hpp` (a swap costs the links around the two sites),
/// then `opt.rounds` rounds of iterated local search: drop 1 to 4 random non-fixed sites,
/// refill greedily without them, swap again, keep the result if it covers as much.
/// Deterministic for a given `opt.seed`. Requires validated inputs (`mclp` validates).
inline SitingResult mclp_heuristic(const Links& links, View<const double, 1> demand, index_t p,
                                   const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  const Columns cols = by_column(links, false);
  const auto rows = detail::by_row(links, false);
  return detail::mclp_search(cols, rows, links.rows, links.cols, demand, p, fixed, opt);
}

/// MCLP from a cost matrix: links within `max_cost` cover (read in one threaded pass into the
/// coverage lists, `coverage_lists.hpp`).
/// @throws InputError listing every problem (costs, demand, p, fixed sites).
inline SitingResult mclp(const CostMatrix& cost, View<const double, 1> demand, double max_cost, index_t p,
                         const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_siting(problems, demand, cost.rows, cost.cols, p, fixed);
  if (std::isnan(max_cost) || max_cost < 0.0) problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0");
  problems.throw_if_any();
  detail::Pooled<detail::CoverageLists> lists;
  if (detail::coverage_lists(cost, max_cost, opt.threads, *lists, demand) > 0) throw_invalid_costs(cost, "cost");
  auto result = detail::mclp_search(lists->cols, lists->rows, cost.rows, cost.cols, demand, p, fixed, opt,
                                    detail::CoverHints{&lists->covered, !cost.sparse, true});
  lists->trim(std::size_t{64} << 20);
  return result;
}

}  // namespace edplan::coverage
