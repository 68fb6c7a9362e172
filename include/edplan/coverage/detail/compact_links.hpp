// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The compact catchment of the fused 2SFCA (one decay, a matrix narrow enough to scatter
/// per block): each link as its column in 16 bits (32 above 65,536 sites) and its weight only
/// where the decay needs one — none without a decay (w = 1), one byte for a step decay (the
/// index of its step), a double otherwise. A 10,000 x 2,000 matrix with 1.3 million links
/// keeps 2.6 MB of them (3.9 MB with a step decay) instead of 16 MB of `Links`, cache-resident
/// between the scan that writes them and the gather that reads them.
///
/// The sums are those of `supply_side_sums` and `demand_side_sums` on `build_links`'s links,
/// term by term in the same order (the same blocks, each block's column sums in row order,
/// each row's links in column order), and each product is the same double (p * 1 = p; a step's
/// weight is the decay's own value), so the results are bit-identical to them.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/detail/scan.hpp"
#include "edplan/coverage/links.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace edplan::coverage::detail {

/// How a compact catchment holds a link's weight w(c).
enum class WeightForm {
  /// Not at all: no decay, w = 1.
  one,
  /// As the index of its step (a byte): w = `CompactLinks::table[step]`.
  step,
  /// As the double w(c).
  value,
};

/// The links of a contiguous range of rows. The vectors' sizes are capacities (grown, never
/// shrunk, so that a pooled workspace writes into memory it has touched before); `start`
/// says how many entries are links.
struct CompactBlock {
  /// The first row of the block.
  index_t first_row = 0;
  /// One past the last row of the block.
  index_t end_row = 0;
  /// (rows in block + 1) offsets: row `first_row + r` owns entries [start[r], start[r+1]).
  std::vector<std::int64_t> start;
  /// The column of each link, when the catchment is narrow (at most 65,536 sites).
  std::vector<std::uint16_t> col16;
  /// The column of each link, when it is wide.
  std::vector<std::uint32_t> col32;
  /// The step of each link (`WeightForm::step`).
  std::vector<std::uint8_t> step;
  /// The weight of each link (`WeightForm::value`).
  std::vector<double> value;
};

/// A compact catchment: blocks of rows as `block_count` makes them for `Links`.
struct CompactLinks {
  /// n, the number of demand points.
  index_t rows = 0;
  /// m, the number of supply points.
  index_t cols = 0;
  /// True when columns are held in 32 bits.
  bool wide = false;
  /// How weights are held.
  WeightForm form = WeightForm::one;
  /// The weight of each step (`WeightForm::step`): the decay's values, and 0 (right-closed
  /// steps, beyond the last threshold) or 1 (lower-boundary steps, below the first) at the end
  /// or the start.
  std::vector<double> table;
  /// The blocks, covering rows 0..n-1 in order.
  std::vector<CompactBlock> blocks;
};

/// The most sites a narrow (16-bit) catchment holds.
inline constexpr index_t narrow_cols = index_t{1} << 16;

/// How `decay` is held, and the weights of its steps in `table` (cleared otherwise). A step
/// decay with more than 255 thresholds is held as values.
inline WeightForm weight_form(const Decay& decay, std::vector<double>& table) {
  table.clear();
  if (decay.kind == DecayKind::none) return WeightForm::one;
  if ((decay.kind != DecayKind::step && decay.kind != DecayKind::stepped) || decay.thresholds.size() > 255) {
    return WeightForm::value;
  }
  // Right-closed: w = v[k] for the first threshold >= c, the number of thresholds below c;
  // 0 beyond the last. Lower-boundary: w = v[k-1] for the k steps <= c; 1 below the first.
  if (decay.kind == DecayKind::stepped) table.push_back(1.0);
  table.insert(table.end(), decay.values.begin(), decay.values.end());
  if (decay.kind == DecayKind::step) table.push_back(0.0);
  return WeightForm::step;
}

#if defined(EDPLAN_X86_DISPATCH)
/// `step_classes` 8 links at a time (AVX-512).
__attribute__((target("avx512f"))) inline void step_classes_avx512(const double* t, std::size_t K, bool closed,
                                                                   const double* cost, std::uint8_t* step,
                                                                   index_t count) {
  const __m512i one = _mm512_set1_epi64(1);
  for (index_t l = 0; l < count; l += 8) {
    const index_t left = count - l;
    const auto in = static_cast<__mmask8>(left >= 8 ? 0xff : (1u << left) - 1);
    const __m512d c = _mm512_maskz_loadu_pd(in, cost + l);
    __m512i s = _mm512_setzero_si512();
    for (std::size_t k = 0; k < K; ++k) {
      const __m512d tk = _mm512_set1_pd(t[k]);
      const __mmask8 above = closed ? _mm512_cmp_pd_mask(c, tk, _CMP_GT_OQ) : _mm512_cmp_pd_mask(c, tk, _CMP_GE_OQ);
      s = _mm512_mask_add_epi64(s, above, s, one);
    }
    _mm512_mask_cvtepi64_storeu_epi8(step + l, in, s);
  }
}
#endif

/// The step of each of `count` costs (finite, >= 0): how many thresholds lie below it
/// (right-closed steps) or at or below it (lower-boundary steps), with no branch per link.
inline void step_classes(const Decay& decay, const double* cost, std::uint8_t* step, index_t count,
                         int simd = simd_level()) {
  const double* t = decay.thresholds.data();
  const std::size_t K = decay.thresholds.size();
  const bool closed = decay.kind == DecayKind::step;
#if defined(EDPLAN_X86_DISPATCH)
  if (simd == 2) return step_classes_avx512(t, K, closed, cost, step, count);
#endif
  (void)simd;
  for (index_t l = 0; l < count; ++l) {
    unsigned s = 0;
    for (std::size_t k = 0; k < K; ++k) s += static_cast<unsigned>(closed ? cost[l] > t[k] : cost[l] >= t[k]);
    step[l] = static_cast<std::uint8_t>(s);
  }
}

/// Grows `v` to at least `need` elements (doubling), keeping its contents.
template <class V>
void ensure_size(V& v, std::int64_t need) {
  if (static_cast<std::int64_t>(v.size()) < need) v.resize(static_cast<std::size_t>(std::max<std::int64_t>(need, 2 * static_cast<std::int64_t>(v.size()))));
}

/// The column array of a block in the catchment's width.
template <class Index>
std::vector<Index>& columns(CompactBlock& block) {
  if constexpr (sizeof(Index) == 2) {
    return block.col16;
  } else {
    return block.col32;
  }
}
template <class Index>
const std::vector<Index>& columns(const CompactBlock& block) {
  if constexpr (sizeof(Index) == 2) {
    return block.col16;
  } else {
    return block.col32;
  }
}

/// Calls `body(weight)` with the catchment's weight of a link as a function of its position
/// in its block, so that each form compiles to its own loop (w = 1 folds away).
template <class Body>
void with_weight(const CompactLinks& links, const CompactBlock& block, Body&& body) {
  switch (links.form) {
    case WeightForm::one: body([](std::int64_t) { return 1.0; }); break;
    case WeightForm::step: {
      const double* table = links.table.data();
      const std::uint8_t* step = block.step.data();
      body([=](std::int64_t l) { return table[step[l]]; });
      break;
    }
    case WeightForm::value: {
      const double* value = block.value.data();
      body([=](std::int64_t l) { return value[l]; });
      break;
    }
  }
}

/// Builds `links` from `cost` within `max_cost` under `decay`, and adds each block's
/// supply-side sums sum_i demand(t, i) w_ij to `partial` (blocks x m x T, zeroed by the caller)
/// as its rows are read. Counts NaN or negative costs in `invalid`. Requires
/// `validate_structure`, and m <= `narrow_cols` for 16-bit columns.
template <class Index>
void build_compact(CompactLinks& links, const CostMatrix& cost, double max_cost, const Decay& decay,
                   View<const double, 2> demand, double* partial, int threads, index_t& invalid) {
  const index_t n = cost.rows, m = cost.cols, T = demand.shape(0);
  const index_t B = block_count(n);
  links.rows = n;
  links.cols = m;
  links.wide = sizeof(Index) > 2;
  links.form = weight_form(decay, links.table);
  links.blocks.resize(static_cast<std::size_t>(B));
  const index_t width = detail::row_width(cost) + packed_slack;
  const bool need_cost = links.form != WeightForm::one;
  std::vector<index_t> bad(static_cast<std::size_t>(B), 0);
  parallel_for(
      B,
      [&](index_t b) {
        auto& block = links.blocks[static_cast<std::size_t>(b)];
        auto& col = columns<Index>(block);
        block.first_row = n * b / B;
        block.end_row = n * (b + 1) / B;
        block.start.assign(1, 0);
        block.start.reserve(static_cast<std::size_t>(block.end_row - block.first_row + 1));
        std::vector<double> costs(need_cost || cost.sparse ? static_cast<std::size_t>(width) : 0);
        std::vector<std::int32_t> cols32(cost.sparse ? static_cast<std::size_t>(width) : 0);
        double* acc = partial + b * m * T;
        std::int64_t size = 0;
        index_t nbad = 0;
        for (index_t i = block.first_row; i < block.end_row; ++i) {
          ensure_size(col, size + width);
          Index* c = col.data() + size;
          index_t k = 0;
          if (!cost.sparse) {
            k = row_links_packed(cost.dense.data() + i * cost.dense.stride(0), m, max_cost, c,
                                 need_cost ? costs.data() : nullptr, nbad);
          } else {
            // the CSR row's links (a column may repeat), as `build_links` takes them
            k = row_links(cost, i, max_cost, cols32.data(), costs.data(), nbad);
            for (index_t l = 0; l < k; ++l) c[l] = static_cast<Index>(cols32[static_cast<std::size_t>(l)]);
          }
          if (links.form == WeightForm::step) {
            ensure_size(block.step, size + width);
            step_classes(decay, costs.data(), block.step.data() + size, k);
          } else if (links.form == WeightForm::value) {
            // weighed in the row buffer, as `build_links` weighs them (a vectorised decay
            // then treats each link as it did there)
            decay.apply(costs.data(), costs.data(), k);
            ensure_size(block.value, size + width);
            std::copy(costs.begin(), costs.begin() + k, block.value.begin() + size);
          }
          with_weight(links, block, [&](auto w) {
            if (T == 1) {
              const double p = demand(0, i);
              for (index_t l = 0; l < k; ++l) acc[c[l]] += p * w(size + l);
              return;
            }
            for (index_t t = 0; t < T; ++t) {
              const double p = demand(t, i);
              for (index_t l = 0; l < k; ++l) acc[static_cast<index_t>(c[l]) * T + t] += p * w(size + l);
            }
          });
          size += k;
          block.start.push_back(size);
        }
        bad[static_cast<std::size_t>(b)] = nbad;
      },
      threads);
  invalid = 0;
  for (auto x : bad) invalid += x;
}

/// out(t, i) = sum_j R[j*T + t] w_ij over the links of `links`.
template <class Index>
void gather_compact(const CompactLinks& links, const std::vector<double>& R, index_t T, View<double, 2> out,
                    int threads) {
  parallel_for(
      static_cast<index_t>(links.blocks.size()),
      [&](index_t b) {
        const auto& block = links.blocks[static_cast<std::size_t>(b)];
        const Index* col = columns<Index>(block).data();
        const std::int64_t* start = block.start.data();
        const double* Rp = R.data();
        std::vector<double> acc(static_cast<std::size_t>(T));
        with_weight(links, block, [&](auto w) {
          const auto row_sum = [&](std::int64_t l0, std::int64_t l1, double a) {
            for (auto l = l0; l < l1; ++l) a += Rp[col[l]] * w(l);
            return a;
          };
          index_t i = block.first_row;
          if (T == 1) {
            // Four rows at a time, each its own chain of additions in its own order: a single
            // chain waits on the latency of every addition.
            for (; i + 4 <= block.end_row; i += 4) {
              const std::int64_t* s = start + (i - block.first_row);
              const std::int64_t len = std::min(std::min(s[1] - s[0], s[2] - s[1]), std::min(s[3] - s[2], s[4] - s[3]));
              double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
              for (std::int64_t q = 0; q < len; ++q) {
                a0 += Rp[col[s[0] + q]] * w(s[0] + q);
                a1 += Rp[col[s[1] + q]] * w(s[1] + q);
                a2 += Rp[col[s[2] + q]] * w(s[2] + q);
                a3 += Rp[col[s[3] + q]] * w(s[3] + q);
              }
              out(0, i) = row_sum(s[0] + len, s[1], a0);
              out(0, i + 1) = row_sum(s[1] + len, s[2], a1);
              out(0, i + 2) = row_sum(s[2] + len, s[3], a2);
              out(0, i + 3) = row_sum(s[3] + len, s[4], a3);
            }
          }
          for (; i < block.end_row; ++i) {
            const index_t r = i - block.first_row;
            const std::int64_t l0 = start[r], l1 = start[r + 1];
            if (T == 1) {
              out(0, i) = row_sum(l0, l1, 0.0);
              continue;
            }
            std::fill(acc.begin(), acc.end(), 0.0);
            for (auto l = l0; l < l1; ++l) {
              const double* Rj = Rp + static_cast<index_t>(col[l]) * T;
              const double wl = w(l);
              for (index_t t = 0; t < T; ++t) acc[static_cast<std::size_t>(t)] += Rj[t] * wl;
            }
            for (index_t t = 0; t < T; ++t) out(t, i) = acc[static_cast<std::size_t>(t)];
          }
        });
      },
      threads);
}

}  // namespace edplan::coverage::detail
