// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The floating-catchment family from coordinates (`PointCosts`), with no dense matrix.
/// The two-step measure is streamed: each step visits every demand point's links through the
/// site grid and the links are never stored, so memory is O(n + m) whatever the number of
/// links (a million points with 200 sites each in reach: 2 x 10^8 links, 2.4 GB as `Links`).
/// The other measures build the catchment's links from the grid (`catchment(PointCosts,...)`)
/// and run as on any catchment.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/fca.hpp"
#include "edplan/coverage/points.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace edplan::coverage {

/// Computes `measure` from coordinates: (K, T, n) for demand (T, n), supply (T|1, m) and K
/// decays, equal (up to the order of summation) to the same measure over the dense matrix of
/// the same costs. When `reached` is given it receives, per demand point, 1 when a link
/// within `opt.max_cost` exists and 0 otherwise (for PySAL access's NaN). Three-step counts
/// every pair in its selection weights, as it counts every finite entry of a dense matrix.
/// @throws InputError listing every problem with the inputs.
inline NdArray<double, 3> floating_catchment(Measure measure, View<const double, 2> demand, View<const double, 2> supply,
                                             const PointCosts& points, const std::vector<Decay>& decays,
                                             const FcaOptions& opt, std::vector<std::uint8_t>* reached = nullptr) {
  Problems problems;
  validate(problems, points);
  if (problems.empty()) validate_fca(problems, demand, supply, points.rows(), points.cols(), decays, opt);
  problems.throw_if_any();
  const index_t T = demand.shape(0);
  const index_t n = points.rows();
  const index_t m = points.cols();
  NdArray<double, 3> out({static_cast<index_t>(decays.size()), T, n});
  if (reached != nullptr) reached->assign(static_cast<std::size_t>(n), 0);
  if (measure != Measure::two_step) {
    const double build_max = measure == Measure::three_step ? std::numeric_limits<double>::infinity() : opt.max_cost;
    const Links links = catchment(points, build_max, nullptr, opt.threads);
    floating_catchment_into(measure, demand, supply, links, decays, opt, out.view());
    if (reached != nullptr) {
      for (const auto& block : links.blocks) {
        for (index_t i = block.first_row; i < block.end_row; ++i) {
          for (auto l = block.start[static_cast<std::size_t>(i - block.first_row)];
               l < block.start[static_cast<std::size_t>(i - block.first_row + 1)]; ++l) {
            (*reached)[static_cast<std::size_t>(i)] |= static_cast<std::uint8_t>(block.value[static_cast<std::size_t>(l)] <= opt.max_cost);
          }
        }
      }
    }
    return out;
  }
  const SiteGrid grid(points, opt.max_cost);
  const index_t B = block_count(n);
  // Years in slices so that B partial sums of m x slice stay within the scatter budget.
  const index_t slice = std::max<index_t>(1, std::min<index_t>(T, detail::scatter_budget / std::max<index_t>(1, B * m)));
  std::vector<double> partial;
  for (std::size_t k = 0; k < decays.size(); ++k) {
    const Decay& decay = decays[k];
    // Step 1: D[j*T + t] = sum_i P(t, i) w_ij, per block, then the blocks added in order.
    std::vector<double> D(static_cast<std::size_t>(m * T), 0.0);
    for (index_t t0 = 0; t0 < T; t0 += slice) {
      const index_t Ts = std::min(slice, T - t0);
      partial.assign(static_cast<std::size_t>(B * m * Ts), 0.0);
      for_each_point_row(points, grid, opt.threads, [&](index_t b, index_t i, const std::int32_t* cols, double* w, index_t cnt) {
        decay.apply(w, w, cnt);
        double* acc = partial.data() + b * m * Ts;
        for (index_t t = 0; t < Ts; ++t) {
          const double p = demand(t0 + t, i);
          for (index_t l = 0; l < cnt; ++l) acc[static_cast<index_t>(cols[l]) * Ts + t] += p * w[l];
        }
      });
      for (index_t b = 0; b < B; ++b) {
        const double* acc = partial.data() + b * m * Ts;
        for (index_t j = 0; j < m; ++j) {
          for (index_t t = 0; t < Ts; ++t) D[static_cast<std::size_t>(j * T + t0 + t)] += acc[j * Ts + t];
        }
      }
    }
    const auto R = detail::supply_ratio(supply, D, T);
    // Step 2: A(t, i) = sum_j R[j*T + t] w_ij, the links found again rather than stored.
    View<double, 2> A = out.view()[static_cast<index_t>(k)];
    for_each_point_row(points, grid, opt.threads, [&](index_t, index_t i, const std::int32_t* cols, double* w, index_t cnt) {
      if (reached != nullptr && k == 0) (*reached)[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(cnt > 0);
      decay.apply(w, w, cnt);
      for (index_t t = 0; t < T; ++t) {
        double a = 0.0;
        for (index_t l = 0; l < cnt; ++l) a += R[static_cast<std::size_t>(static_cast<index_t>(cols[l]) * T + t)] * w[l];
        A(t, i) = a;
      }
    });
  }
  return out;
}

}  // namespace edplan::coverage
