// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Parallel loops over independent items (regions, draws) with a static partition: item i
/// always computes the same thing whatever the thread count, so results are bit-identical
/// for 1 or many threads. Plain std::thread keeps the library header-only with no compiler
/// flags for users (OpenMP would need them).

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace edplan {

/// The number of threads used when a caller asks for 0 ("default"): the environment variable
/// `EDPLAN_NUM_THREADS` when it holds a positive integer, else the hardware concurrency.
inline int default_threads() {
  if (const char* env = std::getenv("EDPLAN_NUM_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<int>(std::min(n, 1024L));
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

/// Calls `body(begin, end)` on contiguous chunks covering [0, n), on up to `threads` threads
/// (0 = `default_threads()`). Chunks run in the calling thread when one thread suffices or
/// `n < min_per_thread * 2`. The first exception thrown by any chunk is rethrown here after
/// all threads have joined.
template <class Body>
void parallel_chunks(std::ptrdiff_t n, Body&& body, int threads = 0, std::ptrdiff_t min_per_thread = 1) {
  if (n <= 0) return;
  std::ptrdiff_t t = threads > 0 ? threads : default_threads();
  t = std::min(t, std::max<std::ptrdiff_t>(1, n / std::max<std::ptrdiff_t>(1, min_per_thread)));
  if (t <= 1) {
    body(std::ptrdiff_t{0}, n);
    return;
  }
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&](std::ptrdiff_t b, std::ptrdiff_t e) {
    try {
      body(b, e);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(t - 1));
  const std::ptrdiff_t chunk = n / t;
  const std::ptrdiff_t extra = n % t;
  std::ptrdiff_t begin = 0;
  for (std::ptrdiff_t i = 0; i < t; ++i) {
    const std::ptrdiff_t end = begin + chunk + (i < extra ? 1 : 0);
    if (i + 1 == t) {
      run(begin, end);  // the calling thread takes the last chunk
    } else {
      pool.emplace_back(run, begin, end);
    }
    begin = end;
  }
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

/// Calls `body(i)` for every i in [0, n) on up to `threads` threads (0 = default).
template <class Body>
void parallel_for(std::ptrdiff_t n, Body&& body, int threads = 0) {
  parallel_chunks(
      n,
      [&](std::ptrdiff_t b, std::ptrdiff_t e) {
        for (std::ptrdiff_t i = b; i < e; ++i) body(i);
      },
      threads);
}

}  // namespace edplan
