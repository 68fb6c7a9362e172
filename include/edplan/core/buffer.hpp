// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// `Buffer<T>`: a std::vector whose resize leaves new elements of a trivial type unset, for
/// large arrays that are filled in full right after, often on several threads. A plain
/// vector zeroes them first on one thread: on the dense 10,000 x 1,000 p-median, zeroing
/// the 120 MB of links by column (and faulting its pages in, all on one thread) took as
/// long as the parallel transposition that then overwrote them.

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace edplan {

/// The allocator of `Buffer`: `std::allocator`, except that an element constructed without
/// arguments is default-initialised (left unset for a trivial type), not value-initialised.
template <class T>
struct UnsetAllocator : std::allocator<T> {
  /// The same allocator for another element type.
  template <class U>
  struct rebind {
    /// The rebound allocator.
    using other = UnsetAllocator<U>;
  };
  UnsetAllocator() noexcept = default;
  /// Converts from the allocator of another element type (stateless).
  template <class U>
  UnsetAllocator(const UnsetAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)

  /// Default-initialises *p.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  /// Constructs *p from `args`.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// A vector whose `resize` leaves new elements of a trivial type unset: every element must be
/// written before it is read.
template <class T>
using Buffer = std::vector<T, UnsetAllocator<T>>;

}  // namespace edplan
