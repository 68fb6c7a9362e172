// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A team of threads kept for the life of a loop of many short parallel steps (the
/// subgradient steps of a bound, each a fraction of a millisecond), where starting threads
/// at every step, as `parallel_for` does, would cost as much as the step. The items of a step
/// are split as `parallel_chunks` splits them, so that results are the same as with it.

#include "edplan/core/parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace edplan {

/// Threads that wait between steps; `run` hands each its share of a step's items.
class Team {
 public:
  /// A team of `threads` threads, the caller's included (0 = `default_threads()`), and no more
  /// than `most` (the items of a step: more threads would have nothing to do).
  explicit Team(int threads, std::ptrdiff_t most) {
    const std::ptrdiff_t t = std::min<std::ptrdiff_t>(threads > 0 ? threads : default_threads(), std::max<std::ptrdiff_t>(1, most));
    size_ = static_cast<int>(t);
    workers_.reserve(static_cast<std::size_t>(size_ - 1));
    for (int w = 0; w + 1 < size_; ++w) workers_.emplace_back([this, w] { work(w); });
  }
  ~Team() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& th : workers_) th.join();
  }
  Team(const Team&) = delete;
  Team& operator=(const Team&) = delete;

  /// The number of threads, the caller's included.
  [[nodiscard]] int size() const { return size_; }

  /// Calls `body(i)` for every i in [0, n), in contiguous ranges over the team (the caller
  /// takes the last); returns when all are done, rethrowing the first exception.
  template <class Body>
  void run(std::ptrdiff_t n, Body&& body) {
    const std::function<void(int)> range = [&](int w) {
      const std::ptrdiff_t t = size_;
      const std::ptrdiff_t begin = n / t * w + std::min<std::ptrdiff_t>(w, n % t);
      const std::ptrdiff_t end = begin + n / t + (w < n % t ? 1 : 0);
      for (std::ptrdiff_t i = begin; i < end; ++i) body(i);
    };
    if (size_ == 1) {
      range(0);
      return;
    }
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      job_ = &range;
      pending_ = size_ - 1;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    std::exception_ptr mine;
    try {
      range(size_ - 1);
    } catch (...) {
      mine = std::current_exception();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    if (error_) std::rethrow_exception(error_);
    if (mine) std::rethrow_exception(mine);
  }

 private:
  void work(int w) {
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      const auto* job = job_;  // `run` keeps it alive until every thread has finished
      lock.unlock();
      std::exception_ptr failed;
      try {
        (*job)(w);
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      if (failed && !error_) error_ = failed;
      if (--pending_ == 0) done_.notify_one();
    }
  }

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::exception_ptr error_;
  std::uint64_t generation_ = 0;
  int pending_ = 0;
  bool stop_ = false;
};

}  // namespace edplan
