// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The widest vector instructions this CPU has, decided once at run time: kernels compile an
/// AVX-512 and an AVX2 version beside the baseline (`__attribute__((target(...)))`) and pick
/// one with `simd_level()`, so that the header-only library needs no compiler flags from users.

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#include <immintrin.h>
/// Defined where functions can be compiled for wider instructions than the build's baseline.
#define EDPLAN_X86_DISPATCH 1
#endif
#if defined(__GNUC__) || defined(__clang__)
/// Inlined whatever the optimiser thinks: the vector helpers of a dispatched kernel must be
/// compiled inside its target-specific caller, not as baseline functions of their own.
#define EDPLAN_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define EDPLAN_ALWAYS_INLINE inline
#endif

namespace edplan::detail {

/// The widest vector instructions of this CPU: 2 = AVX-512 (F), 1 = AVX2, 0 = the baseline
/// (SSE2 on x86-64). Decided once per process.
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

}  // namespace edplan::detail
