// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The scan of a dense cost row: every column whose cost is not above max_cost, found 64
/// costs at a time through a bit mask with the widest compare the CPU has (AVX-512, AVX2 or
/// SSE2, chosen once at run time so that the header-only library needs no compiler flags);
/// and its packed form, which writes a row's links (columns, costs) with no branch per link.

#include "edplan/core/ndarray.hpp"

#include "edplan/core/simd.hpp"

#include <cstdint>
#include <limits>

namespace edplan::coverage {

namespace detail {
/// Bit q set where !(x[q] > limit), for q < 64 (SSE2 where available).
inline std::uint64_t not_greater_mask64(const double* x, double limit) {
  std::uint64_t mask = 0;
#if defined(__SSE2__) || defined(_M_X64)
  const __m128d lim = _mm_set1_pd(limit);
  for (unsigned q = 0; q < 64; q += 2) {
    const auto bits = static_cast<unsigned>(_mm_movemask_pd(_mm_cmpngt_pd(_mm_loadu_pd(x + q), lim)));
    mask |= static_cast<std::uint64_t>(bits) << q;
  }
#else
  for (unsigned q = 0; q < 64; ++q) mask |= static_cast<std::uint64_t>(!(x[q] > limit)) << q;
#endif
  return mask;
}

/// How far ahead of a scan the matrix is prefetched, in doubles (2 KB: enough lines in flight
/// to keep memory busy while the scan works on the links it has found).
inline constexpr index_t prefetch_distance = 256;

/// Prefetches the cache lines `prefetch_distance` doubles after [x, x + count) (count a
/// multiple of 8). Prefetches never fault, so the lines past the end of a matrix are harmless.
EDPLAN_ALWAYS_INLINE void prefetch_ahead(const double* x, index_t count) {
#if defined(__SSE2__) || defined(_M_X64)
  // addresses as integers: the pointer past the end of the matrix is never formed
  const auto base = reinterpret_cast<std::uintptr_t>(x) + static_cast<std::uintptr_t>(prefetch_distance) * sizeof(double);
  for (index_t q = 0; q < count; q += 8) {
    _mm_prefetch(reinterpret_cast<const char*>(base + static_cast<std::uintptr_t>(q) * sizeof(double)), _MM_HINT_T0);
  }
#else
  (void)x;
  (void)count;
#endif
}

/// The index of the lowest set bit of a non-zero mask.
inline unsigned lowest_bit(std::uint64_t mask) {
#if defined(__GNUC__) || defined(__clang__)
  return static_cast<unsigned>(__builtin_ctzll(mask));
#else
  unsigned q = 0;
  while (!(mask & 1u)) {
    mask >>= 1;
    ++q;
  }
  return q;
#endif
}

/// Calls `take(j)` for every column j of `row` (length `cols`) with !(row[j] > limit), in
/// order: the costs 64 at a time into a bit mask, then only the set bits visited. `Mask`
/// computes the mask of 64 costs; the scan and the visits interleave word by word, so that
/// the work on the links overlaps the stream of the matrix from memory. The costs 2 KB ahead
/// (into the next row) are prefetched: the branches of the visits stall the loads the
/// hardware prefetcher waits for, and the scan of a 160 MB matrix took 1.10 the time of a
/// plain read with the prefetch, 1.26-1.31 without (one thread, docs/benchmarks.md, issue 20).
template <class Mask, class Take>
EDPLAN_ALWAYS_INLINE void scan_row_with(const double* row, index_t cols, double limit, Mask&& mask64,
                                                         Take&& take) {
  index_t j0 = 0;
  for (; j0 + 64 <= cols; j0 += 64) {
    prefetch_ahead(row + j0, 64);
    std::uint64_t mask = mask64(row + j0, limit);
    while (mask != 0) {
      const unsigned q = lowest_bit(mask);
      mask &= mask - 1;
      take(j0 + static_cast<index_t>(q));
    }
  }
  for (; j0 < cols; ++j0) {
    if (!(row[j0] > limit)) take(j0);
  }
}

#if defined(EDPLAN_X86_DISPATCH)
/// `scan_row_with` 8 costs per compare (AVX-512).
template <class Take>
__attribute__((target("avx512f"))) void scan_row_avx512(const double* row, index_t cols, double limit, Take&& take) {
  scan_row_with(row, cols, limit, [](const double* x, double lim_) __attribute__((target("avx512f"))) {
    const __m512d lim = _mm512_set1_pd(lim_);
    std::uint64_t mask = 0;
    for (unsigned q = 0; q < 64; q += 8) {
      mask |= static_cast<std::uint64_t>(_mm512_cmp_pd_mask(_mm512_loadu_pd(x + q), lim, _CMP_NGT_UQ)) << q;
    }
    return mask;
  }, take);
}
/// `scan_row_with` 4 costs per compare (AVX2).
template <class Take>
__attribute__((target("avx2"))) void scan_row_avx2(const double* row, index_t cols, double limit, Take&& take) {
  scan_row_with(row, cols, limit, [](const double* x, double lim_) __attribute__((target("avx2"))) {
    const __m256d lim = _mm256_set1_pd(lim_);
    std::uint64_t mask = 0;
    for (unsigned q = 0; q < 64; q += 4) {
      const auto bits = static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(x + q), lim, _CMP_NGT_UQ)));
      mask |= static_cast<std::uint64_t>(bits) << q;
    }
    return mask;
  }, take);
}
#endif

using edplan::detail::simd_level;

/// Calls `take(j)` for every column j of a dense row with !(row[j] > limit) (a link, or NaN or
/// a negative cost for the caller to count), in column order, with the widest compare the CPU
/// has, chosen at run time so that the library needs no compiler flags. Which one runs does
/// not change what `take` sees.
template <class Take>
void scan_row(const double* row, index_t cols, double limit, Take&& take) {
#if defined(EDPLAN_X86_DISPATCH)
  const int level = simd_level();
  if (level == 2) return scan_row_avx512(row, cols, limit, take);
  if (level == 1) return scan_row_avx2(row, cols, limit, take);
#endif
  scan_row_with(row, cols, limit, [](const double* x, double lim) { return not_greater_mask64(x, lim); }, take);
}
#if defined(EDPLAN_X86_DISPATCH)
/// `row_links_packed` with AVX-512: 16 costs per step compared into masks, the link columns
/// compressed into consecutive lanes and stored whole (16 at a time, hence the slack), and
/// the matrix prefetched 2 KB ahead (into the next row): without it the scan of a large
/// matrix ran at 0.93 of a plain read's speed on the test machine, with it 1.23 (the hardware
/// prefetcher alone keeps too few lines in flight; docs/benchmarks.md, issue 20).
template <class Index>
__attribute__((target("avx512f"))) index_t row_links_packed_avx512(const double* row, index_t cols, double max_cost,
                                                                    Index* col, double* cost, index_t& bad) {
  const double largest = std::numeric_limits<double>::max();
  // c <= lim is false for NaN and, with a finite lim, for inf: a link is c <= lim and c >= 0.
  const __m512d lim = _mm512_set1_pd(max_cost < largest ? max_cost : largest);
  const __m512d zero = _mm512_setzero_pd();
  __m512i j16 = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i step = _mm512_set1_epi32(16);
  index_t k = 0, nbad = 0;
  for (index_t j = 0; j < cols; j += 16) {
    prefetch_ahead(row + j, 16);
    const index_t left = cols - j;
    // the last step of a row loads only its columns (masked lanes are neither read nor links)
    const auto in_a = static_cast<__mmask8>(left >= 8 ? 0xff : (1u << left) - 1);
    const auto in_b = static_cast<__mmask8>(left >= 16 ? 0xff : left <= 8 ? 0 : (1u << (left - 8)) - 1);
    const __m512d a = _mm512_maskz_loadu_pd(in_a, row + j);
    const __m512d b = _mm512_maskz_loadu_pd(in_b, row + j + 8);
    const auto bad_a = static_cast<unsigned>(_mm512_mask_cmp_pd_mask(in_a, a, zero, _CMP_NGE_UQ));
    const auto bad_b = static_cast<unsigned>(_mm512_mask_cmp_pd_mask(in_b, b, zero, _CMP_NGE_UQ));
    const auto ok_a = static_cast<unsigned>(_mm512_mask_cmp_pd_mask(in_a, a, lim, _CMP_LE_OQ)) & ~bad_a;
    const auto ok_b = static_cast<unsigned>(_mm512_mask_cmp_pd_mask(in_b, b, lim, _CMP_LE_OQ)) & ~bad_b;
    const auto ok = static_cast<__mmask16>(ok_a | (ok_b << 8));
    const __m512i js = _mm512_maskz_compress_epi32(ok, j16);
    if constexpr (sizeof(Index) == 2) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(col + k), _mm512_maskz_cvtepi32_epi16(0xffff, js));
    } else {
      _mm512_storeu_si512(reinterpret_cast<void*>(col + k), js);
    }
    if (cost != nullptr) {
      const auto na = static_cast<index_t>(__builtin_popcount(ok_a));
      _mm512_storeu_pd(cost + k, _mm512_maskz_compress_pd(static_cast<__mmask8>(ok_a), a));
      _mm512_storeu_pd(cost + k + na, _mm512_maskz_compress_pd(static_cast<__mmask8>(ok_b), b));
    }
    k += __builtin_popcount(ok);
    nbad += __builtin_popcount(bad_a | (bad_b << 8));
    j16 = _mm512_add_epi32(j16, step);
  }
  bad += nbad;
  return k;
}
#endif

/// The slack `row_links_packed` needs beyond a row's columns in `col` and `cost`.
inline constexpr index_t packed_slack = 16;

/// The links of a dense row (length `cols`, at most 2^(8 sizeof(Index)) columns): the columns
/// j with a finite cost 0 <= row[j] <= max_cost into `col`, in order, and their costs into
/// `cost` unless it is null; returns their number and counts the NaN or negative costs in
/// `bad`. Both outputs need room for `cols + packed_slack`. `simd` (as `simd_level()`) picks
/// the kernel; every kernel writes the same links.
template <class Index>
index_t row_links_packed(const double* row, index_t cols, double max_cost, Index* col, double* cost, index_t& bad,
                         int simd = simd_level()) {
#if defined(EDPLAN_X86_DISPATCH)
  if (simd == 2) return row_links_packed_avx512(row, cols, max_cost, col, cost, bad);
#endif
  (void)simd;
  constexpr double inf = std::numeric_limits<double>::infinity();
  index_t k = 0;
  scan_row(row, cols, max_cost, [&](index_t j) {
    const double c = row[j];
    if ((c >= 0.0) & (c < inf)) {
      if (cost != nullptr) cost[k] = c;
      col[k++] = static_cast<Index>(j);
    } else {
      bad += static_cast<index_t>(!(c >= 0.0));
    }
  });
  return k;
}

}  // namespace detail

}  // namespace edplan::coverage
