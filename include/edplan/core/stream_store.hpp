// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Copies with streaming (non-temporal) stores, for results far larger than the caches that
/// are written once and not read back soon. An ordinary store to a line that is not cached
/// first reads the line from memory (a read for ownership), so writing an array with ordinary
/// stores moves its bytes twice; a streaming store sends them once, through write-combining
/// buffers, and leaves no copy in the cache. On the 2-core VM of docs/benchmarks.md
/// ("Population") a 150 MB fill took 6.4 ms of CPU with streaming stores and 14.5-18 ms with
/// ordinary ones (memset, `rep stosq`, an AVX-512 loop: all ordinary).

#include "edplan/core/ndarray.hpp"
#include "edplan/core/simd.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace edplan::detail {

/// Copies `n` doubles from `src` to `dst` (not overlapping) with streaming stores where the
/// CPU has them (x86-64: SSE2 `movntpd`, `movnti` for an unaligned first or last double),
/// else (and into a `dst` not aligned to 8 bytes) with ordinary ones. The stores are weakly ordered: call `stream_fence` before another
/// thread may read `dst`.
inline void stream_copy(double* dst, const double* src, index_t n) {
#if defined(__SSE2__) && defined(__x86_64__)
  const auto one = [&](index_t i) {
    long long bits = 0;
    std::memcpy(&bits, src + i, sizeof bits);
    _mm_stream_si64(reinterpret_cast<long long*>(dst + i), bits);
  };
  const auto address = reinterpret_cast<std::uintptr_t>(dst);
  if ((address & 7u) != 0) {  // a misaligned buffer (numpy allows one): movntpd would fault
    std::copy_n(src, n, dst);
    return;
  }
  index_t i = 0;
  if (n > 0 && (address & 15u) != 0) one(i++);
  for (; i + 2 <= n; i += 2) _mm_stream_pd(dst + i, _mm_loadu_pd(src + i));
  if (i < n) one(i);
#else
  std::copy_n(src, n, dst);
#endif
}

/// Orders every streaming store issued so far by this thread before its later stores (and so
/// before another thread is told that the data are ready).
inline void stream_fence() {
#if defined(__SSE2__) && defined(__x86_64__)
  _mm_sfence();
#endif
}

}  // namespace edplan::detail
