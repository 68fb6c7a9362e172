// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Small process-wide pools of workspaces for computations whose links are temporaries.

#include "edplan/coverage/detail/compact_links.hpp"

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace edplan::coverage {

namespace detail {
/// Temporary links and buffers kept between calls. Fresh memory costs a page fault per 4 KB
/// on first touch (slow on virtual machines), more than filling it: a measure whose links
/// are temporaries reuses one of these, as numpy's `out=` reuses an array.
struct Workspace {
  CompactLinks links;
  std::vector<double> buffer;
};

/// A `T` taken from a small process-wide pool (one per type, at most two kept) and given back
/// when destroyed, its buffers' memory kept for the next call.
template <class T>
class Pooled {
 public:
  Pooled() {
    const std::lock_guard<std::mutex> lock(pool_mutex());
    auto& pool = pool_list();
    if (!pool.empty()) {
      ws_ = std::move(pool.back());
      pool.pop_back();
    } else {
      ws_ = std::make_unique<T>();
    }
  }
  ~Pooled() {
    const std::lock_guard<std::mutex> lock(pool_mutex());
    if (pool_list().size() < 2) pool_list().push_back(std::move(ws_));
  }
  Pooled(const Pooled&) = delete;
  Pooled& operator=(const Pooled&) = delete;
  T& operator*() { return *ws_; }
  T* operator->() { return ws_.get(); }

 private:
  static std::mutex& pool_mutex() {
    static std::mutex m;
    return m;
  }
  static std::vector<std::unique_ptr<T>>& pool_list() {
    static std::vector<std::unique_ptr<T>> pool;
    return pool;
  }
  std::unique_ptr<T> ws_;
};

/// The pooled links and buffer of the floating catchments.
using PooledWorkspace = Pooled<Workspace>;
}  // namespace detail

}  // namespace edplan::coverage
