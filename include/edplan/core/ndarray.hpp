// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Dense N-dimensional arrays: a non-owning strided `View` (what kernels take, so that numpy
/// buffers pass in without a copy) and an owning, C-ordered `NdArray`. The last axis of
/// arrays that kernels read is contiguous, so one age schedule or one grade vector maps
/// straight onto an Eigen array.

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace edplan {

/// Index and extent type of arrays (signed, as Eigen's and numpy's are).
using index_t = std::ptrdiff_t;

/// A non-owning view of an N-dimensional array of `T` with element strides.
///
/// A stride of 0 repeats one slice along that axis: this is how an input given for one
/// region or one year broadcasts to all (see `broadcast_to`).
template <class T, std::size_t N>
class View {
  static_assert(N >= 1, "a View has at least one dimension");

 public:
  /// The extents, outermost first.
  using shape_type = std::array<index_t, N>;

  View() = default;

  /// A C-contiguous view of `data` with the given shape.
  View(T* data, const shape_type& shape) : data_(data), shape_(shape) {
    index_t stride = 1;
    for (std::size_t d = N; d-- > 0;) {
      strides_[d] = stride;
      stride *= shape_[d];
    }
  }

  /// A view with explicit element strides (not byte strides).
  View(T* data, const shape_type& shape, const shape_type& strides)
      : data_(data), shape_(shape), strides_(strides) {}

  /// A read-only view of the same elements.
  // NOLINTNEXTLINE(google-explicit-constructor): as `T*` converts to `const T*`.
  operator View<const T, N>() const { return View<const T, N>(data_, shape_, strides_); }

  /// The first element (may be null for an empty view).
  [[nodiscard]] T* data() const noexcept { return data_; }
  /// All extents.
  [[nodiscard]] const shape_type& shape() const noexcept { return shape_; }
  /// The extent of axis `d`.
  [[nodiscard]] index_t shape(std::size_t d) const noexcept { return shape_[d]; }
  /// All element strides.
  [[nodiscard]] const shape_type& strides() const noexcept { return strides_; }
  /// The element stride of axis `d`.
  [[nodiscard]] index_t stride(std::size_t d) const noexcept { return strides_[d]; }
  /// The number of elements viewed (the product of the extents).
  [[nodiscard]] index_t size() const noexcept {
    index_t n = 1;
    for (auto e : shape_) n *= e;
    return n;
  }
  /// The number of dimensions.
  static constexpr std::size_t rank() noexcept { return N; }

  /// The element at the given indices (unchecked).
  template <class... I, class = std::enable_if_t<sizeof...(I) == N>>
  T& operator()(I... idx) const noexcept {
    const std::array<index_t, N> i{static_cast<index_t>(idx)...};
    index_t off = 0;
    for (std::size_t d = 0; d < N; ++d) off += i[d] * strides_[d];
    return data_[off];
  }

  /// The slice at index `i` of the first axis (unchecked); for a 1-D view, see `operator()`.
  template <std::size_t M = N, class = std::enable_if_t<(M > 1)>>
  View<T, N - 1> operator[](index_t i) const noexcept {
    std::array<index_t, N - 1> shape{};
    std::array<index_t, N - 1> strides{};
    for (std::size_t d = 1; d < N; ++d) {
      shape[d - 1] = shape_[d];
      strides[d - 1] = strides_[d];
    }
    return View<T, N - 1>(data_ + i * strides_[0], shape, strides);
  }

  /// The slice at index `i` of the first axis, keeping that axis with length 1 (unchecked).
  [[nodiscard]] View narrow(index_t i) const noexcept {
    shape_type shape = shape_;
    shape[0] = 1;
    return View(data_ + i * strides_[0], shape, strides_);
  }

  /// The slices `first .. first + count − 1` of the first axis (unchecked): one worker's
  /// regions of an array over all regions.
  [[nodiscard]] View rows(index_t first, index_t count) const noexcept {
    shape_type shape = shape_;
    shape[0] = count;
    return View(data_ + first * strides_[0], shape, strides_);
  }

  /// This view repeated along every axis whose extent is 1 to reach `target`.
  /// @throws std::invalid_argument when an axis is neither 1 nor the target extent (callers
  /// validate shapes first, so this signals a bug rather than bad input).
  [[nodiscard]] View broadcast_to(const shape_type& target) const {
    shape_type strides = strides_;
    for (std::size_t d = 0; d < N; ++d) {
      if (shape_[d] == target[d]) continue;
      if (shape_[d] != 1) {
        throw std::invalid_argument("edplan::View::broadcast_to: axis " + std::to_string(d) +
                                    " has extent " + std::to_string(shape_[d]) +
                                    ", cannot broadcast to " + std::to_string(target[d]));
      }
      strides[d] = 0;
    }
    return View(data_, target, strides);
  }

  /// True when the last axis is contiguous, which kernels reading whole rows require.
  [[nodiscard]] bool row_contiguous() const noexcept { return shape_[N - 1] <= 1 || strides_[N - 1] == 1; }

 private:
  T* data_ = nullptr;
  shape_type shape_{};
  shape_type strides_{};
};

/// The elements of a contiguous 1-D view as an Eigen array (no copy).
template <class T>
auto as_eigen(const View<T, 1>& v) {
  using Scalar = std::remove_const_t<T>;
  using Array = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
  using MapType = std::conditional_t<std::is_const_v<T>, Eigen::Map<const Array>, Eigen::Map<Array>>;
  if (!v.row_contiguous()) throw std::invalid_argument("edplan::as_eigen: the view is not contiguous");
  return MapType(v.data(), v.shape(0));
}

/// An owning, C-ordered N-dimensional array of `T`, zero-initialised.
template <class T, std::size_t N>
class NdArray {
 public:
  /// The extents, outermost first.
  using shape_type = std::array<index_t, N>;

  NdArray() = default;

  /// An array of the given shape filled with `fill`.
  explicit NdArray(const shape_type& shape, T fill = T{}) : shape_(shape), data_(count(shape), fill) {}

  /// A mutable view of the whole array.
  [[nodiscard]] View<T, N> view() noexcept { return View<T, N>(data_.data(), shape_); }
  /// A read-only view of the whole array.
  [[nodiscard]] View<const T, N> view() const noexcept { return View<const T, N>(data_.data(), shape_); }

  /// The element at the given indices (unchecked).
  template <class... I>
  T& operator()(I... idx) noexcept {
    return view()(idx...);
  }
  /// The element at the given indices (unchecked).
  template <class... I>
  const T& operator()(I... idx) const noexcept {
    return view()(idx...);
  }

  /// All extents.
  [[nodiscard]] const shape_type& shape() const noexcept { return shape_; }
  /// The extent of axis `d`.
  [[nodiscard]] index_t shape(std::size_t d) const noexcept { return shape_[d]; }
  /// The number of elements.
  [[nodiscard]] index_t size() const noexcept { return static_cast<index_t>(data_.size()); }
  /// The elements in C order.
  [[nodiscard]] T* data() noexcept { return data_.data(); }
  /// The elements in C order.
  [[nodiscard]] const T* data() const noexcept { return data_.data(); }
  /// The underlying storage, e.g. to move it into another owner.
  [[nodiscard]] std::vector<T>& storage() noexcept { return data_; }
  /// The underlying storage, read-only.
  [[nodiscard]] const std::vector<T>& storage() const noexcept { return data_; }

 private:
  static std::size_t count(const shape_type& shape) {
    std::size_t n = 1;
    for (auto e : shape) {
      if (e < 0) throw std::invalid_argument("edplan::NdArray: negative extent");
      n *= static_cast<std::size_t>(e);
    }
    return n;
  }

  shape_type shape_{};
  std::vector<T> data_;
};

/// True when two views can touch the same memory: their address ranges (from the first to the
/// last element each can reach) intersect. An output that overlaps an input would be read after
/// it is written.
template <class A, std::size_t N, class B, std::size_t M>
bool overlaps(const View<A, N>& a, const View<B, M>& b) noexcept {
  const auto range = [](const auto& v) {
    const auto* first = reinterpret_cast<const unsigned char*>(v.data());
    if (v.size() == 0 || first == nullptr) return std::pair<const unsigned char*, const unsigned char*>{first, first};
    index_t last = 0;
    for (std::size_t d = 0; d < v.rank(); ++d) last += v.stride(d) * (v.shape(d) - 1);
    using E = std::remove_pointer_t<decltype(v.data())>;
    return std::pair<const unsigned char*, const unsigned char*>{first, first + (last + 1) * static_cast<index_t>(sizeof(E))};
  };
  const auto [a0, a1] = range(a);
  const auto [b0, b1] = range(b);
  return a0 < b1 && b0 < a1;
}

/// The arrays of `parts` stacked along their first axis, in order (every other extent equal):
/// the regions of several slices joined into one array over all of them.
/// @throws std::invalid_argument when the other extents differ (a caller's bug).
template <class T, std::size_t N>
NdArray<T, N> concat_rows(const std::vector<const NdArray<T, N>*>& parts) {
  typename NdArray<T, N>::shape_type shape{};
  for (std::size_t k = 0; k < parts.size(); ++k) {
    for (std::size_t d = 1; d < N; ++d) {
      if (k > 0 && parts[k]->shape(d) != shape[d]) throw std::invalid_argument("edplan::concat_rows: extents differ");
      shape[d] = parts[k]->shape(d);
    }
    shape[0] += parts[k]->shape(0);
  }
  NdArray<T, N> out(shape);
  T* to = out.data();
  for (const auto* part : parts) to = std::copy(part->data(), part->data() + part->size(), to);
  return out;
}

}  // namespace edplan
