// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The scan of a dense cost row: every column whose cost is not above max_cost, found 64
/// costs at a time through a bit mask with the widest compare the CPU has (AVX-512, AVX2 or
/// SSE2, chosen once at run time so that the header-only library needs no compiler flags).

#include "edplan/core/ndarray.hpp"

#include <cstdint>
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#include <immintrin.h>
#define EDPLAN_X86_DISPATCH 1
#endif
#if defined(__GNUC__) || defined(__clang__)
#define EDPLAN_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define EDPLAN_ALWAYS_INLINE inline
#endif

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
/// the work on the links overlaps the stream of the matrix from memory.
template <class Mask, class Take>
EDPLAN_ALWAYS_INLINE void scan_row_with(const double* row, index_t cols, double limit, Mask&& mask64,
                                                         Take&& take) {
  index_t j0 = 0;
  for (; j0 + 64 <= cols; j0 += 64) {
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

/// The widest compare this CPU has: 2 = AVX-512, 1 = AVX2, 0 = SSE2 (decided once).
inline int simd_level() {
  static const int level = [] {
#if defined(EDPLAN_X86_DISPATCH)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
  }();
  return level;
}

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
}  // namespace detail

}  // namespace edplan::coverage
