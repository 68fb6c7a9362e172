// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The floating-catchment family (DESIGN §2.6) for demand points i with population P_i,
/// supply points j with capacity S_j and link weights w_ij = w(c_ij) for c_ij <= max_cost:
///
/// - two-step (2SFCA; E2SFCA with a step decay, G2SFCA with a gravity or gaussian one):
///   R_j = S_j / sum_i P_i w_ij, A_i = sum_j R_j w_ij;
/// - three-step (3SFCA, PySAL access): selection weights G_ij = w_ij / sum_k w_ik over every
///   link of i (also those beyond max_cost), then the two steps with weights G_ij w_ij;
/// - weighted catchment (PySAL access): A_i = sum_j S_j w_ij;
/// - balanced (BFCA, R accessibility): R_j = S_j / sum_i P_i w_ij / sum_k w_ik and
///   A_i = sum_j R_j w_ij / sum_k w_kj;
/// - spatial availability (Soukhov et al. 2023, R accessibility):
///   A_i = sum_j S_j P_i^alpha w_ij / sum_k P_k^alpha w_kj.
///
/// A supply point that no demand reaches has R_j = 0 (the reference packages give inf or NaN).
/// Every function takes T demand vectors and K decays at once and reads the catchment's
/// links once per decay, whatever T.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/detail/sums.hpp"
#include "edplan/coverage/detail/workspace.hpp"
#include "edplan/coverage/links.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace edplan::coverage {

/// A floating-catchment measure.
enum class Measure { two_step, three_step, weighted_catchment, bfca, spatial_availability };

/// Settings shared by the measures.
struct FcaOptions {
  /// Links with a cost above it do not count (inf: every finite link).
  double max_cost = std::numeric_limits<double>::infinity();
  /// The exponent of demand in spatial availability.
  double alpha = 1.0;
  /// Threads; 0 = `default_threads()`. Results do not depend on it.
  int threads = 0;
  /// The largest dense cost matrix accepted, in bytes.
  std::int64_t dense_budget = default_dense_budget();
};

/// Records every problem with the demand (T, n) and supply (T|1, m) arrays and the decays.
inline void validate_fca(Problems& problems, View<const double, 2> demand, View<const double, 2> supply, index_t n,
                         index_t m, const std::vector<Decay>& decays, const FcaOptions& opt) {
  const Field<2> d{"demand", {"year", "demand"}};
  const Field<2> s{"supply", {"year", "supply"}};
  check_extent(problems, d, demand, 1, n, false, "rows of the cost matrix");
  check_extent(problems, s, supply, 0, demand.shape(0), true, "years of demand");
  check_extent(problems, s, supply, 1, m, false, "columns of the cost matrix");
  check_values(problems, d, demand, is_count, "a population >= 0");
  check_values(problems, s, supply, is_count, "a capacity >= 0");
  if (std::isnan(opt.max_cost) || opt.max_cost < 0.0) {
    problems.add("max_cost", "got " + format_number(opt.max_cost) + "; expected a cost >= 0 (inf for every link)");
  }
  if (!(std::isfinite(opt.alpha) && opt.alpha >= 0.0)) {
    problems.add("alpha", "got " + format_number(opt.alpha) + "; expected a finite exponent >= 0");
  }
  if (decays.empty()) problems.add("decay", "no decay given; expected at least one");
  for (std::size_t k = 0; k < decays.size(); ++k) {
    validate(problems, decays[k], decays.size() == 1 ? "decay" : "decay[" + std::to_string(k) + "]");
  }
}

namespace detail {

/// Per-block weight vectors, each multiplied elementwise by f(block, link).
template <class F>
std::vector<std::vector<double>> scaled(const Links& links, const std::vector<std::vector<double>>& w, F&& f) {
  std::vector<std::vector<double>> out(w.size());
  for (std::size_t b = 0; b < w.size(); ++b) {
    const auto& block = links.blocks[b];
    out[b].resize(w[b].size());
    for (index_t i = block.first_row; i < block.end_row; ++i) {
      const index_t r = i - block.first_row;
      for (auto l = block.start[static_cast<std::size_t>(r)]; l < block.start[static_cast<std::size_t>(r + 1)]; ++l) {
        out[b][static_cast<std::size_t>(l)] = w[b][static_cast<std::size_t>(l)] * f(i, block.col[static_cast<std::size_t>(l)], l, b);
      }
    }
  }
  return out;
}

/// 2SFCA on a sparse `cost` in two passes over its rows, each link weighed in both, no link
/// stored: what `supply_side_sums` and `demand_side_sums` compute on the links `build_links`
/// makes of it, in the same order (rows in blocks of `block_count(n)`, each block's column sums
/// in row order from 0, the blocks added in order), so that the doubles are the same. A block
/// holds its sums for every year (m x T); `threads` blocks are in flight at a time.
/// @throws InputError naming every NaN or negative cost.
inline void two_step_streamed(View<const double, 2> demand, View<const double, 2> supply, const CostMatrix& cost,
                              const Decay& decay, const FcaOptions& opt, View<double, 2> out) {
  const index_t T = demand.shape(0), n = cost.rows, m = cost.cols;
  const index_t B = block_count(n);
  const auto width = static_cast<std::size_t>(detail::row_width(cost)) + 1;
  const auto first_row = [&](index_t b) { return n * b / B; };
  const index_t W = std::min<index_t>(B, opt.threads > 0 ? opt.threads : default_threads());
  std::vector<index_t> bad(static_cast<std::size_t>(B), 0);
  std::vector<double> D(static_cast<std::size_t>(m * T), 0.0);
  std::vector<double> partial;
  for (index_t b0 = 0; b0 < B; b0 += W) {
    const index_t w = std::min(W, B - b0);
    partial.assign(static_cast<std::size_t>(w * m * T), 0.0);
    parallel_for(
        w,
        [&](index_t k) {
          const index_t b = b0 + k;
          double* acc = partial.data() + k * m * T;
          std::vector<std::int32_t> cols(width);
          std::vector<double> vals(width);
          index_t nbad = 0;
          for (index_t i = first_row(b); i < first_row(b + 1); ++i) {
            const index_t len = detail::row_links(cost, i, opt.max_cost, cols.data(), vals.data(), nbad);
            decay.apply(vals.data(), vals.data(), len);
            for (index_t l = 0; l < len; ++l) {
              double* a = acc + static_cast<index_t>(cols[static_cast<std::size_t>(l)]) * T;
              const double wl = vals[static_cast<std::size_t>(l)];
              for (index_t t = 0; t < T; ++t) a[t] += demand(t, i) * wl;
            }
          }
          bad[static_cast<std::size_t>(b)] = nbad;
        },
        static_cast<int>(w));
    for (index_t k = 0; k < w; ++k) {
      const double* acc = partial.data() + k * m * T;
      for (index_t x = 0; x < m * T; ++x) D[static_cast<std::size_t>(x)] += acc[x];
    }
  }
  partial = std::vector<double>();
  index_t invalid = 0;
  for (auto x : bad) invalid += x;
  if (invalid > 0) throw_invalid_costs(cost, "cost");
  const auto R = supply_ratio(supply, D, T);
  parallel_for(
      B,
      [&](index_t b) {
        std::vector<std::int32_t> cols(width);
        std::vector<double> vals(width);
        std::vector<double> acc(static_cast<std::size_t>(T));
        index_t nbad = 0;
        for (index_t i = first_row(b); i < first_row(b + 1); ++i) {
          const index_t len = detail::row_links(cost, i, opt.max_cost, cols.data(), vals.data(), nbad);
          decay.apply(vals.data(), vals.data(), len);
          std::fill(acc.begin(), acc.end(), 0.0);
          for (index_t l = 0; l < len; ++l) {
            const double* Rj = R.data() + static_cast<index_t>(cols[static_cast<std::size_t>(l)]) * T;
            const double wl = vals[static_cast<std::size_t>(l)];
            for (index_t t = 0; t < T; ++t) acc[static_cast<std::size_t>(t)] += Rj[t] * wl;
          }
          for (index_t t = 0; t < T; ++t) out(t, i) = acc[static_cast<std::size_t>(t)];
        }
      },
      opt.threads);
}

}  // namespace detail

/// Computes `measure` for T demand vectors and K decays over the links of a catchment built
/// with costs (`catchment(...)` without a decay), writing `out` (K, T, n). Links with a cost
/// above `opt.max_cost` do not count (three-step still counts them in G's denominator).
/// Inputs must have passed `validate_fca`.
inline void floating_catchment_into(Measure measure, View<const double, 2> demand, View<const double, 2> supply,
                                    const Links& costs, const std::vector<Decay>& decays, const FcaOptions& opt,
                                    View<double, 3> out) {
  using detail::BlockValues;
  using detail::values_of;
  const index_t T = demand.shape(0);
  const index_t n = costs.rows;
  std::vector<double> P;  // demand^alpha for spatial availability
  View<const double, 2> weighted_demand = demand;
  if (measure == Measure::spatial_availability) {
    P.resize(static_cast<std::size_t>(T * n));
    for (index_t t = 0; t < T; ++t) {
      for (index_t i = 0; i < n; ++i) P[static_cast<std::size_t>(t * n + i)] = std::pow(demand(t, i), opt.alpha);
    }
    weighted_demand = View<const double, 2>(P.data(), {T, n});
  }
  const double max_cost = opt.max_cost;
  for (std::size_t k = 0; k < decays.size(); ++k) {
    const auto w_all = link_weights(costs, decays[k], opt.threads);
    const auto w = detail::scaled(costs, w_all, [&](index_t, std::int32_t, std::int64_t l, std::size_t b) {
      return costs.blocks[b].value[static_cast<std::size_t>(l)] <= max_cost ? 1.0 : 0.0;
    });
    View<double, 2> A = out[static_cast<index_t>(k)];
    switch (measure) {
      case Measure::two_step:
      case Measure::spatial_availability: {
        const auto D = detail::supply_side_sums(costs, values_of(w), weighted_demand, opt.threads);
        const auto R = detail::supply_ratio(supply, D, T);
        detail::demand_side_sums(costs, values_of(w), R, T, A, opt.threads);
        if (measure == Measure::spatial_availability) {
          for (index_t t = 0; t < T; ++t) {
            for (index_t i = 0; i < n; ++i) A(t, i) *= weighted_demand(t, i);
          }
        }
        break;
      }
      case Measure::three_step: {
        std::vector<double> row_all, col_unused;
        detail::weight_margins(costs, values_of(w_all), row_all, col_unused);
        const auto wg = detail::scaled(costs, w, [&](index_t i, std::int32_t, std::int64_t l, std::size_t b) {
          const double tot = row_all[static_cast<std::size_t>(i)];
          return tot > 0.0 ? w_all[b][static_cast<std::size_t>(l)] / tot : 0.0;
        });
        const auto D = detail::supply_side_sums(costs, values_of(wg), demand, opt.threads);
        const auto R = detail::supply_ratio(supply, D, T);
        detail::demand_side_sums(costs, values_of(wg), R, T, A, opt.threads);
        break;
      }
      case Measure::weighted_catchment: {
        // R = S: the supply itself, laid out as R[j*T + t].
        const index_t m = costs.cols;
        std::vector<double> R(static_cast<std::size_t>(m * T));
        for (index_t j = 0; j < m; ++j) {
          for (index_t t = 0; t < T; ++t) R[static_cast<std::size_t>(j * T + t)] = supply(supply.shape(0) == 1 ? 0 : t, j);
        }
        detail::demand_side_sums(costs, values_of(w), R, T, A, opt.threads);
        break;
      }
      case Measure::bfca: {
        std::vector<double> row_sum, col_sum;
        detail::weight_margins(costs, values_of(w), row_sum, col_sum);
        const auto wi = detail::scaled(costs, w, [&](index_t i, std::int32_t, std::int64_t, std::size_t) {
          const double s = row_sum[static_cast<std::size_t>(i)];
          return s > 0.0 ? 1.0 / s : 0.0;
        });
        const auto wj = detail::scaled(costs, w, [&](index_t, std::int32_t j, std::int64_t, std::size_t) {
          const double s = col_sum[static_cast<std::size_t>(j)];
          return s > 0.0 ? 1.0 / s : 0.0;
        });
        const auto D = detail::supply_side_sums(costs, values_of(wi), demand, opt.threads);
        const auto R = detail::supply_ratio(supply, D, T);
        detail::demand_side_sums(costs, values_of(wj), R, T, A, opt.threads);
        break;
      }
    }
  }
}

/// Computes `measure` from a cost matrix: (K, T, n) for demand (T, n), supply (T|1, m) and K
/// decays. A single two-step measure reads a dense matrix exactly once: the supply-side sums
/// are taken while the links are built, and the second step reads the links only.
/// @throws InputError listing every problem with the inputs.
inline NdArray<double, 3> floating_catchment(Measure measure, View<const double, 2> demand, View<const double, 2> supply,
                                             const CostMatrix& cost, const std::vector<Decay>& decays,
                                             const FcaOptions& opt) {
  Problems problems;
  validate_structure(problems, cost, "cost", opt.dense_budget);
  validate_fca(problems, demand, supply, cost.rows, cost.cols, decays, opt);
  problems.throw_if_any();
  const index_t T = demand.shape(0);
  const index_t n = cost.rows;
  const index_t m = cost.cols;
  NdArray<double, 3> out({static_cast<index_t>(decays.size()), T, n});
  const index_t B = block_count(n);
  index_t invalid = 0;
  if (measure == Measure::two_step && decays.size() == 1 && B * m * T <= detail::scatter_budget) {
    // Fused: weights and the supply-side sums in the one pass that builds the links, which
    // are temporaries here, compact (detail/compact_links.hpp) and in a reused workspace.
    detail::PooledWorkspace ws;
    auto& partial = ws->buffer;
    partial.assign(static_cast<std::size_t>(B * m * T), 0.0);
    const bool wide = m > detail::narrow_cols;
    if (wide) {
      detail::build_compact<std::uint32_t>(ws->links, cost, opt.max_cost, decays[0], demand, partial.data(), opt.threads, invalid);
    } else {
      detail::build_compact<std::uint16_t>(ws->links, cost, opt.max_cost, decays[0], demand, partial.data(), opt.threads, invalid);
    }
    if (invalid > 0) throw_invalid_costs(cost, "cost");
    std::vector<double> D(static_cast<std::size_t>(m * T), 0.0);
    for (index_t b = 0; b < B; ++b) {
      for (index_t x = 0; x < m * T; ++x) D[static_cast<std::size_t>(x)] += partial[static_cast<std::size_t>(b * m * T + x)];
    }
    const auto R = detail::supply_ratio(supply, D, T);
    if (wide) {
      detail::gather_compact<std::uint32_t>(ws->links, R, T, out.view()[0], opt.threads);
    } else {
      detail::gather_compact<std::uint16_t>(ws->links, R, T, out.view()[0], opt.threads);
    }
    return out;
  }
  if (measure == Measure::two_step && decays.size() == 1 && cost.sparse) {
    // Too many columns to scatter per block, and the matrix is its links already: read it
    // twice in place rather than copy its links with their weights.
    detail::two_step_streamed(demand, supply, cost, decays[0], opt, out.view()[0]);
    return out;
  }
  if (measure == Measure::two_step && decays.size() == 1) {
    // Too many columns to scatter per block: the links are kept with their weights, as the
    // fused pass weighs them (one vector instead of costs, weights and masked weights).
    const auto links = build_links(
        cost, opt.max_cost, &decays[0], opt.threads, [](index_t, index_t, const std::int32_t*, const double*, index_t) {},
        invalid);
    if (invalid > 0) throw_invalid_costs(cost, "cost");
    const auto D = detail::supply_side_sums(links, detail::values_of(links), demand, opt.threads);
    const auto R = detail::supply_ratio(supply, D, T);
    detail::demand_side_sums(links, detail::values_of(links), R, T, out.view()[0], opt.threads);
    return out;
  }
  // Three-step needs every link of a row for its selection weights.
  const double build_max = measure == Measure::three_step ? std::numeric_limits<double>::infinity() : opt.max_cost;
  const auto links = build_links(
      cost, build_max, nullptr, opt.threads, [](index_t, index_t, const std::int32_t*, const double*, index_t) {}, invalid);
  if (invalid > 0) throw_invalid_costs(cost, "cost");
  floating_catchment_into(measure, demand, supply, links, decays, opt, out.view());
  return out;
}

/// 2SFCA (E2SFCA, G2SFCA with other decays): (K, T, n), see `floating_catchment`.
inline NdArray<double, 3> two_step_fca(View<const double, 2> demand, View<const double, 2> supply, const CostMatrix& cost,
                                       const std::vector<Decay>& decays, const FcaOptions& opt = {}) {
  return floating_catchment(Measure::two_step, demand, supply, cost, decays, opt);
}
/// 3SFCA as PySAL access defines it: (K, T, n), see `floating_catchment`.
inline NdArray<double, 3> three_step_fca(View<const double, 2> demand, View<const double, 2> supply, const CostMatrix& cost,
                                         const std::vector<Decay>& decays, const FcaOptions& opt = {}) {
  return floating_catchment(Measure::three_step, demand, supply, cost, decays, opt);
}
/// Weighted catchment, sum_j S_j w_ij: (K, T, n), see `floating_catchment`.
inline NdArray<double, 3> weighted_catchment(View<const double, 2> demand, View<const double, 2> supply,
                                             const CostMatrix& cost, const std::vector<Decay>& decays,
                                             const FcaOptions& opt = {}) {
  return floating_catchment(Measure::weighted_catchment, demand, supply, cost, decays, opt);
}
/// Balanced FCA as R accessibility defines it: (K, T, n), see `floating_catchment`.
inline NdArray<double, 3> bfca(View<const double, 2> demand, View<const double, 2> supply, const CostMatrix& cost,
                               const std::vector<Decay>& decays, const FcaOptions& opt = {}) {
  return floating_catchment(Measure::bfca, demand, supply, cost, decays, opt);
}
/// Spatial availability (exponent `opt.alpha`): (K, T, n), see `floating_catchment`.
inline NdArray<double, 3> spatial_availability(View<const double, 2> demand, View<const double, 2> supply,
                                               const CostMatrix& cost, const std::vector<Decay>& decays,
                                               const FcaOptions& opt = {}) {
  return floating_catchment(Measure::spatial_availability, demand, supply, cost, decays, opt);
}

}  // namespace edplan::coverage
