// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The two passes every floating-catchment measure is made of, over the links of a
/// catchment for T demand vectors at once: the supply-side sum D[j] = sum_i P[i] w1[i,j]
/// (a scatter, reduced block by block in order so that the result does not depend on the
/// thread count) and the demand-side sum A[i] = sum_j R[j] w2[i,j] (a gather).

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/links.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace edplan::coverage::detail {

/// Per-block pointers to one value per link (weights), aligned with `Links::blocks`.
using BlockValues = std::vector<const double*>;

/// The values stored in the links themselves.
inline BlockValues values_of(const Links& links) {
  BlockValues v;
  for (const auto& b : links.blocks) v.push_back(b.value.data());
  return v;
}

/// Pointers into per-block weight vectors.
inline BlockValues values_of(const std::vector<std::vector<double>>& w) {
  BlockValues v;
  for (const auto& b : w) v.push_back(b.data());
  return v;
}

/// The largest per-block scatter buffer, in doubles, before years are taken in slices.
inline constexpr index_t scatter_budget = index_t{32} * 1024 * 1024;

/// D[j*T + t] = sum_i demand(t, i) w[i,j] for T = demand.shape(0).
inline std::vector<double> supply_side_sums(const Links& links, const BlockValues& w, View<const double, 2> demand,
                                            int threads) {
  const index_t T = demand.shape(0);
  const index_t m = links.cols;
  const index_t B = static_cast<index_t>(links.blocks.size());
  std::vector<double> D(static_cast<std::size_t>(m * T), 0.0);
  // Years in slices so that B partial arrays of m x slice stay within the budget.
  const index_t slice = std::max<index_t>(1, std::min<index_t>(T, scatter_budget / std::max<index_t>(1, B * m)));
  std::vector<double> partial;
  for (index_t t0 = 0; t0 < T; t0 += slice) {
    const index_t Ts = std::min(slice, T - t0);
    partial.assign(static_cast<std::size_t>(B * m * Ts), 0.0);
    parallel_for(
        B,
        [&](index_t b) {
          const auto& block = links.blocks[static_cast<std::size_t>(b)];
          const double* wb = w[static_cast<std::size_t>(b)];
          double* acc = partial.data() + b * m * Ts;
          for (index_t i = block.first_row; i < block.end_row; ++i) {
            const index_t r = i - block.first_row;
            const auto l0 = block.start[static_cast<std::size_t>(r)];
            const auto l1 = block.start[static_cast<std::size_t>(r + 1)];
            if (Ts == 1) {
              const double p = demand(t0, i);
              for (auto l = l0; l < l1; ++l) acc[block.col[static_cast<std::size_t>(l)]] += p * wb[l];
              continue;
            }
            for (auto l = l0; l < l1; ++l) {
              double* a = acc + static_cast<index_t>(block.col[static_cast<std::size_t>(l)]) * Ts;
              const double wl = wb[l];
              for (index_t t = 0; t < Ts; ++t) a[t] += demand(t0 + t, i) * wl;
            }
          }
        },
        threads);
    for (index_t b = 0; b < B; ++b) {
      const double* acc = partial.data() + b * m * Ts;
      for (index_t j = 0; j < m; ++j) {
        for (index_t t = 0; t < Ts; ++t) D[static_cast<std::size_t>(j * T + t0 + t)] += acc[j * Ts + t];
      }
    }
  }
  return D;
}

/// R[j*T + t] = supply(t or 0, j) / D[j*T + t], and 0 where no demand reaches j (D = 0).
inline std::vector<double> supply_ratio(View<const double, 2> supply, const std::vector<double>& D, index_t T) {
  const index_t m = supply.shape(1);
  std::vector<double> R(static_cast<std::size_t>(m * T));
  for (index_t j = 0; j < m; ++j) {
    for (index_t t = 0; t < T; ++t) {
      const double d = D[static_cast<std::size_t>(j * T + t)];
      const double s = supply(supply.shape(0) == 1 ? 0 : t, j);
      R[static_cast<std::size_t>(j * T + t)] = d > 0.0 ? s / d : 0.0;
    }
  }
  return R;
}

/// out(t, i) = sum_j R[j*T + t] w[i,j].
inline void demand_side_sums(const Links& links, const BlockValues& w, const std::vector<double>& R, index_t T,
                             View<double, 2> out, int threads) {
  parallel_for(
      static_cast<index_t>(links.blocks.size()),
      [&](index_t b) {
        const auto& block = links.blocks[static_cast<std::size_t>(b)];
        const double* wb = w[static_cast<std::size_t>(b)];
        std::vector<double> acc(static_cast<std::size_t>(T));
        for (index_t i = block.first_row; i < block.end_row; ++i) {
          const index_t r = i - block.first_row;
          const auto l0 = block.start[static_cast<std::size_t>(r)];
          const auto l1 = block.start[static_cast<std::size_t>(r + 1)];
          if (T == 1) {
            double a = 0.0;
            for (auto l = l0; l < l1; ++l) a += R[static_cast<std::size_t>(block.col[static_cast<std::size_t>(l)])] * wb[l];
            out(0, i) = a;
            continue;
          }
          std::fill(acc.begin(), acc.end(), 0.0);
          for (auto l = l0; l < l1; ++l) {
            const double* Rj = R.data() + static_cast<index_t>(block.col[static_cast<std::size_t>(l)]) * T;
            const double wl = wb[l];
            for (index_t t = 0; t < T; ++t) acc[static_cast<std::size_t>(t)] += Rj[t] * wl;
          }
          for (index_t t = 0; t < T; ++t) out(t, i) = acc[static_cast<std::size_t>(t)];
        }
      },
      threads);
}

/// Sums of link weights per row (per demand point) and per column (per supply point).
inline void weight_margins(const Links& links, const BlockValues& w, std::vector<double>& row_sum,
                           std::vector<double>& col_sum) {
  row_sum.assign(static_cast<std::size_t>(links.rows), 0.0);
  col_sum.assign(static_cast<std::size_t>(links.cols), 0.0);
  for (std::size_t b = 0; b < links.blocks.size(); ++b) {
    const auto& block = links.blocks[b];
    for (index_t i = block.first_row; i < block.end_row; ++i) {
      const index_t r = i - block.first_row;
      double s = 0.0;
      for (auto l = block.start[static_cast<std::size_t>(r)]; l < block.start[static_cast<std::size_t>(r + 1)]; ++l) {
        s += w[b][l];
        col_sum[static_cast<std::size_t>(block.col[static_cast<std::size_t>(l)])] += w[b][l];
      }
      row_sum[static_cast<std::size_t>(i)] = s;
    }
  }
}

}  // namespace edplan::coverage::detail
