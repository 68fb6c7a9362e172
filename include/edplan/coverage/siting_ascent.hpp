// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A start for the p-median's Lagrangian multipliers by dual ascent (Erlenkotter's DUALOC
/// for the uncapacitated facility location, with every site priced at one scalar mu; the
/// p-median form is Galvao's 1980 dual bound): far closer to the Lagrangian dual's optimum
/// than the heuristic's nearest costs, so that the subgradient steps of `siting_bound.hpp`
/// start near their end (on the 5,000 x 500 headline instance the reported gap is 3.6% at
/// the ascent's multipliers against 36.6% at the nearest costs; on clustered instances about
/// 1% against 36-45%).
///
/// For a price mu, the dual of the facility location LP  min sum_i P_i c_ij x_ij + mu sum_j y_j
/// (x_ij <= y_j, sum_j x_ij = 1) is  max sum_i lambda_i  s.t.  sum_i max(0, lambda_i - P_i c_ij)
/// <= mu for every site j. The ascent keeps that feasible: it raises each lambda_i, from its
/// cheapest weight P_i c_ij, one breakpoint (its next link's weight) per pass, by no more
/// than the least slack mu - sum_i max(0, lambda_i - P_i c_ij) of the sites it already
/// reaches, until every point is blocked. Whatever it returns, the bound stays valid: the
/// caller evaluates the Lagrangian function exactly at these multipliers (any multipliers
/// give a lower bound), and the ascent only chooses where to start.
///
/// The ascents read the heads through their packed prefix (`head_prefix.hpp`): six of them
/// take about 35 ms on the dense 10,000 x 1,000 instance, 65 ms reading the heads in place.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/head_prefix.hpp"
#include "edplan/coverage/siting_rows.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// Multipliers by dual ascent at the site price `mu`: lambda_i in [0, top_i] (`top`, the
/// caller's caps), every site's slack mu - sum_i max(0, lambda_i - w_il) kept >= 0 (up to
/// rounding), w = `weight` the weights P_i c_ij of `rows`' heads (each head in increasing
/// cost; every link cheaper than top_i / P_i is in the head), read through their packed
/// prefix `prefix` (`head_prefix.hpp`). Deterministic: points in index order, one
/// breakpoint per point and pass, until no point can rise.
inline std::vector<double> dual_ascent(const Rows& rows, const std::vector<double>& weight, const HeadPrefix& prefix,
                                       View<const double, 1> demand, const std::vector<double>& top, index_t m,
                                       double mu) {
  const index_t n = demand.shape(0);
  std::vector<double> lambda(static_cast<std::size_t>(n), 0.0), slack(static_cast<std::size_t>(m), mu);
  std::vector<std::int64_t> reach(static_cast<std::size_t>(n));  // row i's first reach_i links have w <= lambda_i
  const auto w_at = [&](std::size_t i, std::int64_t k) { return prefix.weight_at(rows, weight, i, k); };
  std::vector<index_t> rising;
  for (index_t i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    const auto len = rows.start[is + 1] - rows.start[is];
    std::int64_t k = 0;
    if (demand(i) > 0.0 && len > 0) lambda[is] = std::min(w_at(is, 0), top[is]);
    while (k < len && w_at(is, k) <= lambda[is]) ++k;
    reach[is] = k;
    if (demand(i) > 0.0 && lambda[is] < top[is]) rising.push_back(i);
  }
  while (!rising.empty()) {
    std::size_t kept = 0;
    for (std::size_t q = 0; q < rising.size(); ++q) {
      const auto i = rising[q];
      const auto is = static_cast<std::size_t>(i);
#if defined(__GNUC__)
      // A pass reads a few links of each rising point, apart in the prefix when the points
      // between have stopped rising: fetch a later point's ahead of time.
      if (q + 8 < rising.size()) {
        const auto ahead = static_cast<std::size_t>(rising[q + 8]) * prefix.width;
        __builtin_prefetch(prefix.col.data() + ahead);
        __builtin_prefetch(prefix.weight.data() + ahead);
      }
#endif
      const auto len = rows.start[is + 1] - rows.start[is];
      const double target = reach[is] < len ? std::min(w_at(is, reach[is]), top[is]) : top[is];
      double rise = target - lambda[is];
      prefix.each_col(rows, is, reach[is], [&](std::int32_t j) { rise = std::min(rise, slack[static_cast<std::size_t>(j)]); });
      if (!(rise > 0.0)) continue;  // a site it reaches is tight: slacks only fall, so for good
      prefix.each_col(rows, is, reach[is], [&](std::int32_t j) { slack[static_cast<std::size_t>(j)] -= rise; });
      lambda[is] += rise;
      if (lambda[is] < target) continue;  // stopped by a slack now 0
      lambda[is] = target;
      while (reach[is] < len && w_at(is, reach[is]) <= lambda[is]) ++reach[is];
      if (lambda[is] < top[is]) rising[kept++] = i;
    }
    rising.resize(kept);
  }
  return lambda;
}

/// `dual_ascent` with the heads' packed prefix made here.
inline std::vector<double> dual_ascent(const Rows& rows, const std::vector<double>& weight,
                                       View<const double, 1> demand, const std::vector<double>& top, index_t m,
                                       double mu) {
  return dual_ascent(rows, weight, HeadPrefix(rows, weight), demand, top, m, mu);
}

/// Each point's cap on its multiplier, P_i min(far, cap_i), cap_i the cost of the last link
/// of its head when it has a tail (`with_cost`; otherwise every link is in the head and
/// cap_i = inf): with lambda_i <= P_i cap_i, every link with P_i c_ij < lambda_i is in the
/// head, so the passes of the bound and the ascent read heads only (`siting_bound.hpp`).
inline std::vector<double> multiplier_caps(const Rows& rows, View<const double, 1> demand, double far, bool with_cost) {
  const index_t n = demand.shape(0);
  std::vector<double> top(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    double cap = std::numeric_limits<double>::infinity();
    if (with_cost && rows.has_tail(is)) cap = rows.cost[static_cast<std::size_t>(rows.start[is + 1] - 1)];
    top[is] = demand(i) * std::min(far, cap);
  }
  return top;
}

/// L(lambda) of the p-median's relaxation (`siting_bound.hpp`), computed exactly on one
/// thread from the heads' weights w = P_i c_ij (and their packed prefix):
/// sum_i lambda_i + min(0, P_i far - lambda_i), plus the rho of the `fixed` sites and of the
/// p - |fixed| others of least rho. Requires lambda_i <= P_i cap_i (`multiplier_caps`);
/// `m_sites` sites.
inline double lagrangian_value(const Rows& rows, const std::vector<double>& weight, const HeadPrefix& prefix,
                               View<const double, 1> demand, double far, index_t m_sites, index_t p,
                               const std::vector<index_t>& fixed, const std::vector<double>& lambda) {
  const index_t n = demand.shape(0);
  const auto m = static_cast<std::size_t>(m_sites);
  std::vector<double> rho(m, 0.0);
  double v = 0.0;
  for (index_t i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    const double P = demand(i);
    v += lambda[is] + std::min(0.0, P * far - lambda[is]);
    if (lambda[is] <= 0.0 || P == 0.0) continue;
    prefix.each_below(rows, weight, is, lambda[is], [&](std::int32_t j, double d) { rho[static_cast<std::size_t>(j)] += d; });
  }
  std::vector<char> is_fixed(m, 0);
  for (auto j : fixed) {
    is_fixed[static_cast<std::size_t>(j)] = 1;
    v += rho[static_cast<std::size_t>(j)];
  }
  std::vector<double> free_rho;
  for (std::size_t j = 0; j < m; ++j) {
    if (!is_fixed[j]) free_rho.push_back(rho[j]);
  }
  const auto pick = std::min(free_rho.size(), static_cast<std::size_t>(std::max<index_t>(0, p - static_cast<index_t>(fixed.size()))));
  if (pick > 0) {
    std::nth_element(free_rho.begin(), free_rho.begin() + static_cast<std::ptrdiff_t>(pick - 1), free_rho.end());
    std::sort(free_rho.begin(), free_rho.begin() + static_cast<std::ptrdiff_t>(pick));  // a fixed order of the sum
    for (std::size_t k = 0; k < pick; ++k) v += free_rho[k];
  }
  return v;
}

/// Where the p-median's bound starts with costs: the heads' weights P_i c_ij and their packed
/// prefix (which the bound's steps read too), and the best multipliers of the dual ascents
/// with their L.
struct AscentStart {
  /// The weights P_i c_ij of the rows' heads, link by link as in `Rows::cost`.
  std::vector<double> weight;
  /// The first links of the heads with their weights, packed.
  HeadPrefix prefix;
  /// The best ascent's multipliers (empty when `value` is -inf).
  std::vector<double> lambda;
  /// Their L(lambda), exact (`lagrangian_value`).
  double value = -std::numeric_limits<double>::infinity();
};

/// The heads' weights and the best of six dual ascents at site prices mu = a x `unit`, a
/// golden-section search over a in [0.05, 1.25] (with `unit` a heuristic's cost per site, the
/// best a was 0.51-0.68 on every instance tried); each ascent valued by its exact L. The
/// weights are made on up to `threads` threads, the ascents on one; the result does not
/// depend on `threads`. `m` sites.
inline AscentStart ascent_start(const Rows& rows, View<const double, 1> demand, double far, index_t m, index_t p,
                                const std::vector<index_t>& fixed, double unit, int threads = 1) {
  const index_t n = demand.shape(0);
  AscentStart s;
  s.weight.resize(rows.cost.size());
  parallel_chunks(
      static_cast<std::ptrdiff_t>(n),
      [&](std::ptrdiff_t a, std::ptrdiff_t e) {
        for (auto i = a; i < e; ++i) {
          const auto is = static_cast<std::size_t>(i);
          for (auto l = rows.start[is]; l < rows.start[is + 1]; ++l) {
            s.weight[static_cast<std::size_t>(l)] = rows.cost[static_cast<std::size_t>(l)] * demand(i);
          }
        }
      },
      threads);
  s.prefix = HeadPrefix(rows, s.weight);
  const auto top = multiplier_caps(rows, demand, far, true);
  const auto ascent = [&](double a) {
    auto lam = dual_ascent(rows, s.weight, s.prefix, demand, top, m, a * unit);
    const double v = lagrangian_value(rows, s.weight, s.prefix, demand, far, m, p, fixed, lam);
    if (v > s.value) {
      s.value = v;
      s.lambda = std::move(lam);
    }
    return v;
  };
  const double golden = 0.6180339887498949;
  double lo = 0.05, hi = 1.25;
  double a1 = hi - golden * (hi - lo), a2 = lo + golden * (hi - lo);
  double v1 = ascent(a1), v2 = ascent(a2);
  for (int k = 2; k < 6; ++k) {
    if (v1 >= v2) {
      hi = a2;
      a2 = a1;
      v2 = v1;
      a1 = hi - golden * (hi - lo);
      v1 = ascent(a1);
    } else {
      lo = a1;
      a1 = a2;
      v1 = v2;
      a2 = lo + golden * (hi - lo);
      v2 = ascent(a2);
    }
  }
  return s;
}

}  // namespace edplan::coverage::detail
