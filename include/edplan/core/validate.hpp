// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Validation at the boundary: shape and value checks over array arguments that record every
/// problem with the argument name and the labelled index of the offending cell, e.g.
/// `survival[region=0, year=2, sex=M, age=45] = 1.2: expected a probability in [0, 1]`.
/// Kernels run only after these pass, and trust their inputs.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

namespace edplan {

/// An array argument's name and axis labels, used to locate a cell in messages.
template <std::size_t N>
struct Field {
  /// The type of the axis labels.
  using axes_type = std::array<std::string, N>;
  /// The argument name, as the caller spelled it (`survival`, `population.csv`).
  std::string name;
  /// One label per axis (`region`, `year`, `sex`, `age`); an axis labelled `sex` prints F/M.
  std::array<std::string, N> axes;
  /// Added to an index before printing it, so that fertility column 0 prints as age 15.
  std::array<index_t, N> offsets{};

  /// `name[axis=i, ...]` for the cell at `idx`.
  [[nodiscard]] std::string at(const std::array<index_t, N>& idx) const {
    std::string s = name + "[";
    for (std::size_t d = 0; d < N; ++d) {
      if (d) s += ", ";
      s += axes[d] + "=";
      if (axes[d] == "sex" && (idx[d] == 0 || idx[d] == 1)) {
        s += idx[d] == 0 ? "F" : "M";
      } else {
        s += std::to_string(idx[d] + offsets[d]);
      }
    }
    return s + "]";
  }
};

/// Checks that axis `d` of `v` has extent `expected`, or 1 when `broadcast` allows it.
/// `meaning` says where the expected extent comes from, e.g. `the number of regions in base`.
template <class T, std::size_t N>
void check_extent(Problems& problems, const Field<N>& field, const View<T, N>& v, std::size_t d,
                  index_t expected, bool broadcast, const std::string& meaning) {
  const index_t got = v.shape(d);
  if (got == expected || (broadcast && got == 1)) return;
  std::string want = std::to_string(expected) + " (" + meaning + ")";
  if (broadcast) want += " or 1 (the same for all)";
  problems.add(field.name, "axis " + std::to_string(d) + " (" + field.axes[d] + ") has length " +
                               std::to_string(got) + "; expected " + want);
}

namespace detail {
template <class T, std::size_t N>
bool is_c_contiguous(const View<T, N>& v) {
  index_t stride = 1;
  for (std::size_t d = N; d-- > 0;) {
    if (v.shape(d) != 1 && v.stride(d) != stride) return false;
    stride *= v.shape(d);
  }
  return true;
}

/// The number of values among the n at p that fail `ok`: the fast path of `check_values`. The
/// count is a double (exact below 2⁵³) because that is the form GCC vectorises under the default
/// -ftrapping-math: a flag or integer count of comparisons stayed scalar, one comparison and one
/// stack round trip an element, and the validation of a projection's inputs took longer than the
/// projection itself (bench_kernels BM_project_full). Four counts, not one: without
/// -ffast-math the additions of one count run in order, each waiting for the one before, and
/// that chain, not the comparisons, set the pace; four counts are four chains side by side.
template <class T, class Pred>
index_t count_failing(const T* p, index_t n, Pred&& ok) {
  std::array<double, 4> failing{};
  index_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t k = 0; k < 4; ++k) {
      failing[k] += ok(static_cast<double>(p[i + static_cast<index_t>(k)])) ? 0.0 : 1.0;
    }
  }
  for (; i < n; ++i) failing[0] += ok(static_cast<double>(p[i])) ? 0.0 : 1.0;
  return static_cast<index_t>(failing[0] + failing[1] + failing[2] + failing[3]);
}

template <class T, std::size_t N, class F>
void for_each_index(const View<T, N>& v, F&& f) {
  if (v.size() == 0) return;
  std::array<index_t, N> idx{};
  for (;;) {
    f(idx);
    std::size_t d = N;
    while (d > 0) {
      --d;
      if (++idx[d] < v.shape(d)) break;
      idx[d] = 0;
      if (d == 0) return;
    }
  }
}
}  // namespace detail

/// Records a problem for every cell of `v` for which `ok(value)` is false, listing at most
/// `max_listed` cells and then a count of the rest, so a wholly wrong column gives a readable
/// message instead of a million lines. `expected` completes "expected ...".
/// @returns the number of offending cells.
template <class T, std::size_t N, class Pred>
std::size_t check_values(Problems& problems, const Field<N>& field, const View<T, N>& v, Pred&& ok,
                         const std::string& expected, std::size_t max_listed = 10) {
  // Fast path: one tight pass over contiguous data, and the indexed walk only to name cells.
  if (v.row_contiguous() && detail::is_c_contiguous(v)) {
    if (detail::count_failing(v.data(), v.size(), ok) == 0) return 0;
  }
  std::size_t bad = 0;
  detail::for_each_index(v, [&](const std::array<index_t, N>& idx) {
    const double x = static_cast<double>(std::apply([&](auto... i) -> T& { return v(i...); }, idx));
    if (ok(x)) return;
    if (++bad <= max_listed) problems.add(field.at(idx), "got " + format_number(x) + "; expected " + expected);
  });
  if (bad > max_listed) {
    problems.add(field.name, std::to_string(bad - max_listed) + " more cells not listed; expected " + expected);
  }
  return bad;
}

// Predicates are function objects, not functions, so that check_values inlines them; they use
// `&` and `x - x == 0` (false for NaN and ±inf) so that the scan over valid data vectorises.

/// Predicate: a finite number.
inline constexpr auto is_finite = [](double x) { return x - x == 0.0; };
/// Predicate: a finite number >= 0.
inline constexpr auto is_count = [](double x) { return (x - x == 0.0) & (x >= 0.0); };
/// Predicate: a number in [0, 1].
inline constexpr auto is_probability = [](double x) { return (x >= 0.0) & (x <= 1.0); };

/// Records a problem when the scalar argument `name` fails `ok`.
template <class Pred>
void check_scalar(Problems& problems, const std::string& name, double value, Pred&& ok,
                  const std::string& expected) {
  if (!ok(value)) problems.add(name, "got " + format_number(value) + "; expected " + expected);
}

/// Records a problem for every entry of the index array `v` (named `name`) outside [0, bound),
/// listing at most ten, e.g. `site_area[3]: got 9; expected an area index in [0, 5)`; `what`
/// names the index (`an area index`).
inline void check_indices(Problems& problems, const std::string& name, View<const index_t, 1> v, index_t bound,
                          const std::string& what) {
  index_t listed = 0;
  for (index_t i = 0; i < v.shape(0) && listed < 10; ++i) {
    if (v(i) >= 0 && v(i) < bound) continue;
    problems.add(name + "[" + std::to_string(i) + "]",
                 "got " + std::to_string(v(i)) + "; expected " + what + " in [0, " + std::to_string(bound) + ")");
    ++listed;
  }
}

}  // namespace edplan
