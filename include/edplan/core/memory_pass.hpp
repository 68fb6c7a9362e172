// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// One read of an array on every thread: the floor that a kernel streaming the same bytes
/// (the dense scan of a floating catchment) is measured against in the benchmarks.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"

#include <vector>

namespace edplan {

/// The sum of `x[0..n)`, read once in 64 fixed blocks on up to `threads` threads (0 =
/// default), four accumulators per block so that the loop is bound by memory, not by the
/// latency of one chain of additions.
inline double memory_pass(const double* x, index_t n, int threads = 0) {
  constexpr index_t B = 64;
  std::vector<double> part(static_cast<std::size_t>(B));
  parallel_for(
      B,
      [&](index_t b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        index_t i = n * b / B;
        const index_t e = n * (b + 1) / B;
        for (; i + 4 <= e; i += 4) {
          s0 += x[i];
          s1 += x[i + 1];
          s2 += x[i + 2];
          s3 += x[i + 3];
        }
        for (; i < e; ++i) s0 += x[i];
        part[static_cast<std::size_t>(b)] = (s0 + s1) + (s2 + s3);
      },
      threads);
  double s = 0.0;
  for (const double p : part) s += p;
  return s;
}

}  // namespace edplan
