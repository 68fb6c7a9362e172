// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The p-median problem (Hakimi 1964; ReVelle & Swain 1970): choose p sites (fixed ones
/// included) minimising sum_i P_i min_{j chosen} c_ij. Heuristic: lazy greedy (the saving of
/// a site only falls as others are added), then best-improvement swaps with Whitaker's fast
/// interchange (nearest and second-nearest chosen site per demand point; one pass over the
/// links per swap), and rounds of iterated local search as for the MCLP. Links are the
/// finite costs; a demand point with no chosen site in reach is unassigned and makes the
/// objective inf.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/siting_bound.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_dense.hpp"
#include "edplan/coverage/siting_greedy.hpp"
#include "edplan/coverage/siting_search.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage {

namespace detail {

/// Fast interchange (Whitaker): best-improvement swaps until none improves. With f1/d1/d2 the
/// nearest chosen site and the nearest and second-nearest costs, swapping `in` for `out`
/// saves gain[in] - loss[out] + extra[in][out], where gain[in] = sum_i P_i (d1_i - c_i,in)+,
/// loss[out] = sum_{i: f1_i = out} P_i (d2_i - d1_i) and
/// extra[in][out] = sum_{i: f1_i = out, c_i,in < d2_i} P_i (d2_i - max(c_i,in, d1_i)).
inline index_t p_median_swaps(const Columns& cols, View<const double, 1> demand, std::vector<char>& chosen,
                              const std::vector<char>& is_fixed, double far, double eps, index_t max_swaps) {
  const auto n = demand.shape(0);
  const auto m = static_cast<index_t>(chosen.size());
  std::vector<double> d1(static_cast<std::size_t>(n)), d2(static_cast<std::size_t>(n)), loss, extra;
  std::vector<index_t> f1(static_cast<std::size_t>(n)), slot(static_cast<std::size_t>(m)), movable, touched;
  index_t swaps = 0;
  while (swaps < max_swaps) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      slot[static_cast<std::size_t>(j)] = -1;
      if (chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) {
        slot[static_cast<std::size_t>(j)] = static_cast<index_t>(movable.size());
        movable.push_back(j);
      }
    }
    if (movable.empty()) break;
    std::fill(d1.begin(), d1.end(), far);
    std::fill(d2.begin(), d2.end(), far);
    std::fill(f1.begin(), f1.end(), -1);
    for (index_t j = 0; j < m; ++j) {
      if (!chosen[static_cast<std::size_t>(j)]) continue;
      for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
        const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
        const double c = cols.cost[static_cast<std::size_t>(l)];
        if (c < d1[i]) {
          d2[i] = d1[i];
          d1[i] = c;
          f1[i] = j;
        } else if (c < d2[i]) {
          d2[i] = c;
        }
      }
    }
    loss.assign(movable.size(), 0.0);
    for (index_t i = 0; i < n; ++i) {
      const auto f = f1[static_cast<std::size_t>(i)];
      if (f >= 0 && slot[static_cast<std::size_t>(f)] >= 0) {
        loss[static_cast<std::size_t>(slot[static_cast<std::size_t>(f)])] +=
            demand(i) * (d2[static_cast<std::size_t>(i)] - d1[static_cast<std::size_t>(i)]);
      }
    }
    std::size_t min_slot = 0;
    for (std::size_t s = 1; s < loss.size(); ++s) {
      if (loss[s] < loss[min_slot]) min_slot = s;
    }
    extra.assign(movable.size(), 0.0);
    std::vector<char> seen(movable.size(), 0);
    double best = eps;
    index_t best_in = -1, best_out = -1;
    for (index_t in = 0; in < m; ++in) {
      if (chosen[static_cast<std::size_t>(in)]) continue;
      double gain = 0.0;
      touched.clear();
      for (auto l = cols.start[static_cast<std::size_t>(in)]; l < cols.start[static_cast<std::size_t>(in + 1)]; ++l) {
        const auto i = static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]);
        const double c = cols.cost[static_cast<std::size_t>(l)];
        const double P = demand(static_cast<index_t>(i));
        if (c < d1[i]) gain += P * (d1[i] - c);
        const auto f = f1[i];
        if (c < d2[i] && f >= 0 && slot[static_cast<std::size_t>(f)] >= 0) {
          const auto s = static_cast<std::size_t>(slot[static_cast<std::size_t>(f)]);
          if (!seen[s]) {
            seen[s] = 1;
            touched.push_back(static_cast<index_t>(s));
          }
          extra[s] += P * (d2[i] - std::max(c, d1[i]));
        }
      }
      const auto [profit, out] = best_drop(gain, min_slot, touched, loss, extra, seen);
      if (profit > best) {
        best = profit;
        best_in = in;
        best_out = movable[static_cast<std::size_t>(out)];
      }
    }
    if (best_in < 0) break;
    chosen[static_cast<std::size_t>(best_out)] = 0;
    chosen[static_cast<std::size_t>(best_in)] = 1;
    ++swaps;
  }
  return swaps;
}

/// Sum of demand x nearest cost, unassigned demand costing `far`.
inline double p_median_cost(const Columns& cols, View<const double, 1> demand, const std::vector<char>& chosen, double far) {
  const auto d1 = nearest_cost(cols, chosen, demand.shape(0), far);
  double s = 0.0;
  for (index_t i = 0; i < demand.shape(0); ++i) s += demand(i) * d1[static_cast<std::size_t>(i)];
  return s;
}

/// The p-median heuristic with one pass over the links per swap (no swap table): for
/// instances whose swap table (candidates x movable sites) would pass `SitingOptions::swap_table_budget`.
inline SitingResult p_median_passes(const Columns& cols, View<const double, 1> demand, index_t p,
                                    const std::vector<index_t>& fixed, double far, const SitingOptions& opt = {}) {
  const index_t n = demand.shape(0);
  const auto m = static_cast<index_t>(cols.start.size()) - 1;
  std::vector<char> chosen(static_cast<std::size_t>(m), 0), is_fixed(static_cast<std::size_t>(m), 0);
  for (auto j : fixed) chosen[static_cast<std::size_t>(j)] = is_fixed[static_cast<std::size_t>(j)] = 1;
  SitingResult result;
  auto d1 = detail::nearest_cost(cols, chosen, n, far);
  result.greedy_order = detail::lazy_greedy(cols, demand, chosen, d1, p - static_cast<index_t>(fixed.size()));
  double total = 0.0;
  for (index_t i = 0; i < n; ++i) total += demand(i);
  const double eps = 1e-12 * std::max(1.0, total * far);
  result.swaps = detail::p_median_swaps(cols, demand, chosen, is_fixed, far, eps, opt.max_swaps);

  std::vector<char> best_chosen = chosen;
  double best_cost = detail::p_median_cost(cols, demand, chosen, far);
  std::uint64_t rng = opt.seed;
  std::vector<index_t> movable;
  for (index_t round = 0; round < opt.rounds; ++round) {
    movable.clear();
    for (index_t j = 0; j < m; ++j) {
      if (chosen[static_cast<std::size_t>(j)] && !is_fixed[static_cast<std::size_t>(j)]) movable.push_back(j);
    }
    const auto room = static_cast<std::size_t>(m - p);
    const auto drop = std::min({movable.size(), room, 1 + static_cast<std::size_t>(detail::next_random(rng) % 3)});
    if (drop == 0) break;
    for (std::size_t d = 0; d < drop; ++d) {
      const auto k = d + static_cast<std::size_t>(detail::next_random(rng) % (movable.size() - d));
      std::swap(movable[d], movable[k]);
      chosen[static_cast<std::size_t>(movable[d])] = 0;
    }
    d1 = detail::nearest_cost(cols, chosen, n, far);
    for (std::size_t d = 0; d < drop; ++d) chosen[static_cast<std::size_t>(movable[d])] = 1;  // barred from the refill
    detail::lazy_greedy(cols, demand, chosen, d1, static_cast<index_t>(drop));
    for (std::size_t d = 0; d < drop; ++d) chosen[static_cast<std::size_t>(movable[d])] = 0;
    result.swaps += detail::p_median_swaps(cols, demand, chosen, is_fixed, far, eps, opt.max_swaps);
    const double cost = detail::p_median_cost(cols, demand, chosen, far);
    if (cost <= best_cost + eps) {
      best_cost = std::min(best_cost, cost);
      best_chosen = chosen;
    } else {
      chosen = best_chosen;
    }
  }
  chosen = best_chosen;
  // The objective from scratch: nearest chosen site per demand point.
  const double inf = std::numeric_limits<double>::infinity();
  d1 = detail::nearest_cost(cols, chosen, n, inf);
  for (index_t j = 0; j < m; ++j) {
    if (chosen[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  double objective = 0.0;
  for (index_t i = 0; i < n; ++i) {
    const double P = demand(i);
    if (P == 0.0) continue;
    if (std::isinf(d1[static_cast<std::size_t>(i)])) {
      result.unserved += P;
    } else {
      objective += P * d1[static_cast<std::size_t>(i)];
    }
  }
  result.objective = result.unserved > 0.0 ? inf : objective;
  return result;
}

/// The p-median heuristic on the links by row (`rows`, each row's sorted head) and by column
/// (`cols`), unassigned demand costing `far` (see `p_median_heuristic`).
inline SitingResult p_median_on(const Rows& rows, const Columns& cols, View<const double, 1> demand, index_t p,
                                const std::vector<index_t>& fixed, double far, const SitingOptions& opt) {
  const index_t n = demand.shape(0);
  const auto m = static_cast<index_t>(cols.start.size()) - 1;
  const index_t slots = p - static_cast<index_t>(fixed.size());
  double total = 0.0;
  for (index_t i = 0; i < n; ++i) total += demand(i);
  const double eps = 1e-12 * std::max(1.0, total * far);
  SitingResult result;
  std::vector<double> nearest;
  AscentStart start;  // the bound's start, made beside the local search
  if (m * slots > opt.swap_table_budget) {
    result = p_median_passes(cols, demand, p, fixed, far, opt);
    std::vector<char> chosen(static_cast<std::size_t>(m), 0);
    for (auto j : result.sites) chosen[static_cast<std::size_t>(j)] = 1;
    nearest = nearest_cost(cols, chosen, n, far);
  } else {
    std::vector<char> chosen(static_cast<std::size_t>(m), 0);
    for (auto j : fixed) chosen[static_cast<std::size_t>(j)] = 1;
    auto d1 = nearest_cost(cols, chosen, n, far);
    result.greedy_order = lazy_greedy(cols, demand, chosen, d1, slots, opt.threads);
    // The local search runs on one thread, and so do the bound's dual ascents, which need only
    // the heads and a scale for their site prices (the greedy's cost per site does; the final
    // cost is at most a few % below it): on two threads they run side by side. The answer
    // and the bound do not depend on the thread count.
    double greedy_cost = 0.0;
    for (index_t i = 0; i < n; ++i) greedy_cost += demand(i) * d1[static_cast<std::size_t>(i)];
    const bool bound = opt.bound_iterations >= 0;
    parallel_for(
        bound ? 2 : 1,
        [&](std::ptrdiff_t task) {
          if (task == 1) {
            start = ascent_start(rows, demand, far, m, p, fixed, greedy_cost / static_cast<double>(std::max<index_t>(1, p)));
            return;
          }
          Assignment<false> state(rows, cols, demand, far, slots, fixed, result.greedy_order);
          local_search(state, m, p, fixed, eps, 3, opt, result, false, true);
          for (index_t j = 0; j < m; ++j) {
            if (state.chosen()[static_cast<std::size_t>(j)]) result.sites.push_back(j);
          }
          nearest = state.nearest();
        },
        opt.threads);
    // The objective from scratch: nearest chosen site per demand point.
    double objective = 0.0;
    for (index_t i = 0; i < n; ++i) {
      const double P = demand(i);
      if (P == 0.0) continue;
      if (nearest[static_cast<std::size_t>(i)] == far) {
        result.unserved += P;
      } else {
        objective += P * nearest[static_cast<std::size_t>(i)];
      }
    }
    result.objective = result.unserved > 0.0 ? std::numeric_limits<double>::infinity() : objective;
  }
  if (opt.bound_iterations >= 0) {
    double upper = 0.0;
    for (index_t i = 0; i < n; ++i) upper += demand(i) * nearest[static_cast<std::size_t>(i)];
    const double lower =
        lagrangian_bound<false>(rows, cols, demand, far, p, fixed, nearest, upper, opt.bound_iterations, opt.threads,
                                std::move(start));
    result.bound = std::min(lower, result.objective);
    result.gap = relative_gap(result.objective, result.bound);
  }
  return result;
}

/// The cost of unassigned demand: more than any assignment (`max_cost` the largest link
/// cost), so that reaching demand comes first.
inline double unassigned_cost(double max_cost) { return 2.0 * max_cost + 1.0; }

/// Each row's head for the p-median: its 8 m / p cheapest links (at least 16), far beyond the
/// nearest and second-nearest chosen sites (about 2 m / p links in) where re-statements stop,
/// and the bound's cap on its multipliers.
inline index_t p_median_head(index_t m, index_t p) { return std::max<index_t>(16, 8 * m / std::max<index_t>(1, p)); }

}  // namespace detail

/// Heuristic p-median on a catchment's links (costs): exact greedy (ties to the lower
/// column; lazy, by columns, `siting_greedy.hpp`), best-improvement swaps on the incremental
/// state of `siting_swap.hpp` (built once from the greedy's sites), then
/// `opt.rounds` rounds of iterated local search (drop 1 to 3 random non-fixed sites, refill
/// greedily without them, swap again, keep the result unless it costs more); `bound` is a
/// lower bound on the optimum's cost (Lagrangian, `siting_bound.hpp`) and `gap` the relative
/// distance to it. Requires validated inputs.
inline SitingResult p_median_heuristic(const Links& links, View<const double, 1> demand, index_t p,
                                       const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  const Columns cols = by_column(links, true, opt.threads);
  // The largest cost, block by block, on the threads that built the links.
  std::vector<double> block_max(links.blocks.size(), 0.0);
  parallel_for(
      static_cast<std::ptrdiff_t>(links.blocks.size()),
      [&](std::ptrdiff_t b) {
        double x = 0.0;
        for (double c : links.blocks[static_cast<std::size_t>(b)].value) x = std::max(x, c);
        block_max[static_cast<std::size_t>(b)] = x;
      },
      opt.threads);
  double max_cost = 0.0;
  for (double x : block_max) max_cost = std::max(max_cost, x);
  const auto rows = detail::by_row(links, true, detail::p_median_head(links.cols, p), opt.threads);
  return detail::p_median_on(rows, cols, demand, p, fixed, detail::unassigned_cost(max_cost), opt);
}

/// p-median from a cost matrix (every finite cost is a possible assignment).
/// @throws InputError listing every problem (costs, demand, p, fixed sites).
inline SitingResult p_median(const CostMatrix& cost, View<const double, 1> demand, index_t p,
                             const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_siting(problems, demand, cost.rows, cost.cols, p, fixed);
  problems.throw_if_any();
  if (!cost.sparse) {
    // A dense matrix without inf (every demand point can use every site) is read as it
    // stands; with inf its catchment is built.
    Columns cols;
    double max_cost = 0.0;
    if (detail::dense_columns(cost, opt.threads, cols, max_cost)) {
      const auto rows = detail::dense_rows(cost, detail::p_median_head(cost.cols, p), opt.threads);
      return detail::p_median_on(rows, cols, demand, p, fixed, detail::unassigned_cost(max_cost), opt);
    }
  }
  const auto links = catchment(cost, std::numeric_limits<double>::infinity(), nullptr, opt.threads, opt.dense_budget);
  return p_median_heuristic(links, demand, p, fixed, opt);
}

}  // namespace edplan::coverage
