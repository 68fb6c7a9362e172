// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A small process-wide pool of workspaces for measures whose links are temporaries.

#include "edplan/coverage/links.hpp"

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
  Links links;
  std::vector<double> buffer;
};

/// A workspace taken from a small process-wide pool and given back when destroyed.
class PooledWorkspace {
 public:
  PooledWorkspace() {
    const std::lock_guard<std::mutex> lock(pool_mutex());
    auto& pool = pool_list();
    if (!pool.empty()) {
      ws_ = std::move(pool.back());
      pool.pop_back();
    } else {
      ws_ = std::make_unique<Workspace>();
    }
  }
  ~PooledWorkspace() {
    const std::lock_guard<std::mutex> lock(pool_mutex());
    if (pool_list().size() < 2) pool_list().push_back(std::move(ws_));
  }
  PooledWorkspace(const PooledWorkspace&) = delete;
  PooledWorkspace& operator=(const PooledWorkspace&) = delete;
  Workspace& operator*() { return *ws_; }
  Workspace* operator->() { return ws_.get(); }

 private:
  static std::mutex& pool_mutex() {
    static std::mutex m;
    return m;
  }
  static std::vector<std::unique_ptr<Workspace>>& pool_list() {
    static std::vector<std::unique_ptr<Workspace>> pool;
    return pool;
  }
  std::unique_ptr<Workspace> ws_;
};
}  // namespace detail

}  // namespace edplan::coverage
