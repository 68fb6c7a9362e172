// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A Lagrangian bound on the p-median and the MCLP, reported beside the heuristic answer so
/// that its gap is measured, not assumed.
///
/// Both are  min sum_i P_i (sum_j c_ij x_ij + far u_i)  s.t.  sum_j x_ij + u_i = 1,
/// x_ij <= y_j, sum_j y_j = p, fixed y_j = 1 (MCLP: every link costs 0 and far = 1, so the
/// minimum is the uncovered demand). Relaxing the assignment rows with multipliers lambda_i
/// leaves a problem solved exactly in one pass over the links:
///   L(lambda) = sum_i lambda_i + sum_i min(0, P_i far - lambda_i) + sum_{p sites} rho_j,
///   rho_j = sum_i min(0, P_i c_ij - lambda_i),
/// the p sites being the fixed ones and the others of least rho. Every L(lambda) is a lower
/// bound: for any feasible (x, u, y), sum_i lambda_i (1 - sum_j x_ij - u_i) = 0, so its cost
/// equals its Lagrangian cost, which is at least the Lagrangian cost of the relaxed problem's
/// minimiser; and that minimiser is exact: with the y fixed, each x_ij independently takes 1
/// when its reduced cost P_i c_ij - lambda_i is negative and y_j = 1, each u_i when
/// P_i far - lambda_i is, and the best y opens the fixed sites and the p - |fixed| others of
/// least rho. Subgradient steps (Polyak's rule towards the heuristic's cost, the step halved
/// when the bound stalls; Beasley 1993) raise it towards the LP relaxation's value. The MCLP
/// starts from lambda_i = P_i d1_i for the heuristic's nearest cost d1 (the bound of
/// submodularity: the cost less the p largest savings of single additions, as in CELF) and
/// steps along the subgradient. The p-median starts from the better of that and a dual
/// ascent (`siting_ascent.hpp`) at a few site prices, and steps along a deflected
/// subgradient (Camerini, Fratta & Maffioli 1975: d = g + beta d_prev, beta =
/// max(0, -1.5 g.d_prev / |d_prev|^2)), which cuts the zigzag of plain steps: on the
/// 5,000 x 500 headline instance 200 steps then prove 1.20% where 300 plain ones proved
/// 1.28% (docs/benchmarks.md, "A bound that starts near its end"). Whatever the start and the
/// steps, the value kept is an L(lambda), so it stays a lower bound.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/team.hpp"
#include "edplan/coverage/siting_ascent.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_swap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The best Lagrangian lower bound found in at most `iterations` subgradient steps, from the
/// multipliers P_i `nearest_i` (the heuristic's nearest costs; with costs, from the better of
/// those and the dual ascents); stops early once within a relative 1e-7 of `upper`, the
/// heuristic's cost. `Binary`: every link costs 0 (MCLP).
/// `cols` holds the same links as `rows`, by column.
///
/// With costs, lambda_i is kept <= P_i cap_i, cap_i the cost of the last link of row i's
/// sorted head (inf when the head is the whole row; `by_row`): any multipliers give a valid
/// bound, the optimal ones stay near the nearest and second-nearest costs, so a cap well above
/// them loses little, and every link with P_i c_ij < lambda_i is then in the head, in
/// increasing cost: each step reads, per point, only its links cheaper than lambda_i / P_i.
///
/// Each step's passes over the points run on up to `threads` threads, over a fixed number of
/// chunks of rows (set by n, not by the thread count) whose sums are added in chunk order:
/// the bound does not depend on `threads`.
///
/// With costs, `start` is the start of `ascent_start`, made here when empty (a caller may make
/// it beforehand, beside other work: its scale need not be `upper`).
template <bool Binary>
double lagrangian_bound(const Rows& rows, const Columns& cols, View<const double, 1> demand, double far, index_t p,
                        const std::vector<index_t>& fixed, const std::vector<double>& nearest, double upper,
                        index_t iterations, int threads = 1, AscentStart start = {}) {
  // Nothing to bound when the heuristic's cost is 0 (every point covered, or at a site of cost
  // 0): costs are >= 0, so 0 is the optimum, the value the first step would find.
  if (!(upper > 0.0)) return 0.0;
  const index_t n = demand.shape(0);
  const auto m = static_cast<index_t>(cols.start.size()) - 1;
  const auto ms = static_cast<std::size_t>(m);
  std::vector<double> lambda(static_cast<std::size_t>(n)), rho(ms), g(static_cast<std::size_t>(n));
  const std::vector<double> top = multiplier_caps(rows, demand, far, !Binary);
  const double inf = std::numeric_limits<double>::infinity();
  for (index_t i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    lambda[is] = std::min(top[is], demand(i) * nearest[is]);
  }
  // Chunks of about 1,024 points (at most 8), each with its own rho.
  const index_t K = std::clamp<index_t>(n / 1024, 1, 8);
  const auto first = [&](index_t c) { return n * c / K; };
  std::vector<double> rho_part(static_cast<std::size_t>(K) * ms), value_part(static_cast<std::size_t>(K)),
      norm_part(static_cast<std::size_t>(K));
  Team team(threads, K);  // kept for every step: starting threads at each would cost as much as the step
  const auto chunks = [&](auto&& body) { team.run(K, [&](index_t c) { body(c, first(c), first(c + 1)); }); };
  // With costs, the start (dual ascents at site prices scaled by upper / p) comes with the
  // heads' weights P_i c_ij and their packed prefix, which the steps read too.
  if constexpr (!Binary) {
    if (start.weight.empty()) start = ascent_start(rows, demand, far, m, p, fixed, upper / static_cast<double>(std::max<index_t>(1, p)), threads);
  }
  const std::vector<double>& weight = start.weight;
  // With costs, the links a subgradient can count (P_i c_ij <= lambda_i <= P_i cap_i: the
  // heads, and any tail link as cheap as its head's last) split in two: those of the heads'
  // packed prefixes by column (`near`), read at every step for the open sites; and the rest,
  // read by row for the few points whose lambda_i reaches them (`deep`, the weight of each
  // row's first link beyond its prefix; inf when none).
  const HeadPrefix& prefix = start.prefix;
  Columns near;
  std::vector<double> deep;
  if constexpr (!Binary) {
    deep.assign(static_cast<std::size_t>(n), inf);
    for (index_t i = 0; i < n; ++i) {
      const auto is = static_cast<std::size_t>(i);
      const auto len = static_cast<std::size_t>(rows.start[is + 1] - rows.start[is]);
      if (len > prefix.width) {
        deep[is] = weight[static_cast<std::size_t>(rows.start[is]) + prefix.width];
      } else if (len > 0 && rows.has_tail(is) && rows.tail_ties[is] > 0) {
        deep[is] = weight[static_cast<std::size_t>(rows.start[is + 1] - 1)];
      }
    }
    const auto each_near = [&](auto&& visit) {
      for (index_t i = 0; i < n; ++i) {
        const auto is = static_cast<std::size_t>(i);
        const auto end = std::min(rows.start[is + 1], rows.start[is] + static_cast<std::int64_t>(prefix.width));
        for (auto l = rows.start[is]; l < end; ++l) visit(i, rows.col[static_cast<std::size_t>(l)], weight[static_cast<std::size_t>(l)]);
      }
    };
    near.start.assign(ms + 1, 0);
    each_near([&](index_t, std::int32_t j, double) { ++near.start[static_cast<std::size_t>(j) + 1]; });
    for (std::size_t j = 0; j < ms; ++j) near.start[j + 1] += near.start[j];
    near.row.resize(static_cast<std::size_t>(near.start.back()));
    near.cost.resize(near.row.size());
    std::vector<std::int64_t> next(near.start.begin(), near.start.end() - 1);
    each_near([&](index_t i, std::int32_t j, double w) {
      const auto pos = static_cast<std::size_t>(next[static_cast<std::size_t>(j)]++);
      near.row[pos] = static_cast<std::int32_t>(i);
      near.cost[pos] = w;
    });
  }
  const Columns& by_col = Binary ? cols : near;
  // Where each chunk's rows begin in each column (rows run in increasing order there), so
  // that a chunk's subgradient reads and writes its own points only.
  std::vector<std::int64_t> col_at(static_cast<std::size_t>(K + 1) * ms);
  for (std::size_t j = 0; j < ms; ++j) {
    auto l = by_col.start[j];
    for (index_t c = 0; c <= K; ++c) {
      const index_t a = c == K ? n : first(c);
      while (l < by_col.start[j + 1] && by_col.row[static_cast<std::size_t>(l)] < a) ++l;
      col_at[static_cast<std::size_t>(c) * ms + j] = l;
    }
  }
  std::vector<char> is_fixed(ms, 0), open(ms, 0);
  for (auto j : fixed) is_fixed[static_cast<std::size_t>(j)] = 1;
  std::vector<index_t> free_sites;
  for (index_t j = 0; j < m; ++j) {
    if (!is_fixed[static_cast<std::size_t>(j)]) free_sites.push_back(j);
  }
  const auto pick = static_cast<std::size_t>(p - static_cast<index_t>(fixed.size()));
  const double tolerance = 1e-7 * std::max(1.0, std::abs(upper));
  // With costs (the p-median), the start: the better of the nearest costs and the dual
  // ascents' best, each valued by its exact L.
  if constexpr (!Binary) {
    if (start.value > lagrangian_value(rows, weight, prefix, demand, far, m, p, fixed, lambda)) lambda = start.lambda;
  }
  double best = -inf;
  double step = Binary ? 2.0 : 1.5;
  const index_t patience = Binary ? 20 : 15;  // stalled steps before the step is halved
  double t = 0.0;  // the last step's length along g (with costs, along d); 0: no step yet
  index_t stalled = 0;
  // With costs, the deflected direction dir = g + beta dir_prev, and dd = |dir_prev|^2.
  std::vector<double> dir;
  std::vector<double> gd_part(static_cast<std::size_t>(K));
  double beta = 0.0, dd = 0.0;
  if constexpr (!Binary) dir.assign(static_cast<std::size_t>(n), 0.0);
  for (index_t it = 0; it <= iterations; ++it) {
    // The relaxed problem: rho per site (the last step's move of the multipliers first), then
    // the p sites of least rho.
    chunks([&](index_t c, index_t a, index_t e) {
      double* r = rho_part.data() + static_cast<std::size_t>(c) * ms;
      std::fill(r, r + m, 0.0);
      double value = 0.0;
      for (index_t i = a; i < e; ++i) {
        const auto is = static_cast<std::size_t>(i);
        const double P = demand(i);
        if constexpr (Binary) {
          if (t != 0.0 && P > 0.0) lambda[is] = std::clamp(lambda[is] + t * g[is], 0.0, top[is]);
        } else if (t != 0.0 && P > 0.0) {
          dir[is] = g[is] + beta * dir[is];
          lambda[is] = std::clamp(lambda[is] + t * dir[is], 0.0, top[is]);
        }
        const double lam = lambda[is];
        value += lam + std::min(0.0, P * far - lam);
        if (lam <= 0.0 || P == 0.0) continue;
        if constexpr (Binary) {
          for (auto l = rows.start[is]; l < rows.start[is + 1]; ++l) r[rows.col[static_cast<std::size_t>(l)]] -= lam;
        } else {
          // The head runs in increasing cost, and lambda_i <= P_i cap_i: its links below lambda_i.
          prefix.each_below(rows, weight, is, lam, [&](std::int32_t j, double d) { r[j] += d; });
        }
      }
      value_part[static_cast<std::size_t>(c)] = value;
    });
    double value = 0.0;
    for (auto v : value_part) value += v;
    std::copy(rho_part.begin(), rho_part.begin() + m, rho.begin());
    for (index_t c = 1; c < K; ++c) {
      const double* r = rho_part.data() + static_cast<std::size_t>(c) * ms;
      for (std::size_t j = 0; j < ms; ++j) rho[j] += r[j];
    }
    std::fill(open.begin(), open.end(), 0);
    for (auto j : fixed) {
      open[static_cast<std::size_t>(j)] = 1;
      value += rho[static_cast<std::size_t>(j)];
    }
    if (pick > 0) {
      std::nth_element(free_sites.begin(), free_sites.begin() + static_cast<std::ptrdiff_t>(pick - 1), free_sites.end(),
                       [&](index_t a, index_t b) { return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)]; });
      for (std::size_t k = 0; k < pick; ++k) {
        open[static_cast<std::size_t>(free_sites[k])] = 1;
        value += rho[static_cast<std::size_t>(free_sites[k])];
      }
    }
    if (value > best + tolerance * 1e-3) {
      best = value;
      stalled = 0;
    } else if (++stalled >= patience) {
      step /= 2.0;
      stalled = 0;
    }
    if (upper - best <= tolerance || it == iterations || step < 1e-6) break;
    // Subgradient of the relaxed rows: 1 - u_i - sum_j x_ij, x_ij over the open sites only;
    // at a kink (P_i c_ij = lambda_i, P_i far = lambda_i) the link counts as used: that keeps
    // the multipliers of points two open sites cover at 0 and brings down those of points
    // at their cap, instead of leaving both where they are. Its entries are whole numbers, so
    // their squares sum exactly in any order.
    chunks([&](index_t c, index_t a, index_t e) {
      for (index_t i = a; i < e; ++i) {
        const auto is = static_cast<std::size_t>(i);
        g[is] = demand(i) * far <= lambda[is] ? 0.0 : 1.0;
      }
      const std::int64_t* from = col_at.data() + static_cast<std::size_t>(c) * ms;
      const std::int64_t* to = from + ms;
      for (std::size_t j = 0; j < ms; ++j) {
        if (!open[j]) continue;
        for (auto l = from[j]; l < to[j]; ++l) {
          const auto is = static_cast<std::size_t>(by_col.row[static_cast<std::size_t>(l)]);
          double w = 0.0;  // P_i c_ij
          if constexpr (!Binary) w = by_col.cost[static_cast<std::size_t>(l)];
          if (w <= lambda[is]) g[is] -= 1.0;
        }
      }
      if constexpr (!Binary) {
        for (index_t i = a; i < e; ++i) {
          const auto is = static_cast<std::size_t>(i);
          if (!(deep[is] <= lambda[is])) continue;
          for (auto l = rows.start[is] + static_cast<std::int64_t>(prefix.width); l < rows.start[is + 1]; ++l) {
            if (!(weight[static_cast<std::size_t>(l)] <= lambda[is])) break;
            if (open[static_cast<std::size_t>(rows.col[static_cast<std::size_t>(l)])]) g[is] -= 1.0;
          }
          if (!rows.has_tail(is) || rows.tail_ties[is] == 0) continue;  // tails cost more than the cap
          const double cap = rows.cost[static_cast<std::size_t>(rows.start[is + 1] - 1)];
          rows.each_tail(is, [&](std::int32_t j, double cost) {
            if (cost <= cap && demand(i) * cost <= lambda[is] && open[static_cast<std::size_t>(j)]) g[is] -= 1.0;
          });
        }
      }
      double norm = 0.0;
      for (index_t i = a; i < e; ++i) {
        if (demand(i) > 0.0) norm += g[static_cast<std::size_t>(i)] * g[static_cast<std::size_t>(i)];
      }
      norm_part[static_cast<std::size_t>(c)] = norm;
      if constexpr (!Binary) {
        double gd = 0.0;  // g . d_prev
        for (index_t i = a; i < e; ++i) {
          if (demand(i) > 0.0) gd += g[static_cast<std::size_t>(i)] * dir[static_cast<std::size_t>(i)];
        }
        gd_part[static_cast<std::size_t>(c)] = gd;
      }
    });
    double norm = 0.0;
    for (auto v : norm_part) norm += v;
    if (norm == 0.0) break;  // the relaxed solution is feasible: L is the optimum
    if constexpr (Binary) {
      t = step * (upper - value) / norm;
    } else {
      // Deflect only when the new subgradient turns back against the last direction.
      double gd = 0.0;
      for (auto v : gd_part) gd += v;
      beta = dd > 0.0 && gd < 0.0 ? -1.5 * gd / dd : 0.0;
      dd = norm + beta * (2.0 * gd + beta * dd);  // |g + beta d_prev|^2
      if (!(dd > 0.0)) break;
      t = step * (upper - value) / dd;
    }
  }
  return best;
}

}  // namespace edplan::coverage::detail
