// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Teachers needed per region, level and year (DESIGN §2.3b): the staffing norm's pupils per
/// teacher (编制标准: senior 12.5, junior 13.5, primary 19), and a class-based minimum for small
/// schools, `needed = max(pupils / ratio, ceil(pupils / class_size) · per_class)`.

#include "edplan/core/count.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace edplan::capacity {

/// One level's staffing norm.
struct TeacherNorm {
  /// Pupils per teacher (> 0); infinity drops the ratio term (a level staffed by class only,
  /// as kindergartens are).
  double ratio = std::numeric_limits<double>::infinity();
  /// Teachers per class, the minimum that binds in small schools (>= 0; 0: no minimum).
  double per_class = 0.0;
  /// Pupils per class (> 0), for the number of classes.
  double class_size = 45.0;
};

/// Records a problem for every norm that is not a usable one, named `norms[l]`.
inline void check_norms(Problems& problems, const std::vector<TeacherNorm>& norms) {
  for (std::size_t l = 0; l < norms.size(); ++l) {
    const std::string at = "norms[" + std::to_string(l) + "]";
    const auto& n = norms[l];
    check_scalar(problems, at + ".ratio", n.ratio, [](double x) { return x > 0; }, "pupils per teacher > 0");
    check_scalar(problems, at + ".per_class", n.per_class, is_count, "teachers per class >= 0");
    check_scalar(problems, at + ".class_size", n.class_size, [](double x) { return is_finite(x) && x > 0; },
                 "pupils per class > 0");
    if (std::isinf(n.ratio) && n.per_class == 0) problems.add(at, "neither a ratio nor teachers per class; expected one");
  }
}

/// Teachers one level needs for `pupils`: `max(pupils / ratio, ceil(pupils / class_size) · per_class)`.
inline double teachers_needed(double pupils, const TeacherNorm& norm) {
  const double classes = ceil_count(pupils / norm.class_size);
  return std::max(pupils / norm.ratio, classes * norm.per_class);
}

/// Teachers needed, (R, T, L), for `pupils` (R, T, L) under one norm per level.
/// @throws InputError on a norm that is not usable, a count of norms other than L, or pupils
/// that are negative or not finite.
inline NdArray<double, 3> teachers_needed(const View<const double, 3>& pupils, const std::vector<TeacherNorm>& norms) {
  Problems problems;
  const index_t R = pupils.shape(0), T = pupils.shape(1), L = pupils.shape(2);
  if (static_cast<index_t>(norms.size()) != L) {
    problems.add("norms", "got " + std::to_string(norms.size()) + "; expected one per level (" + std::to_string(L) + ")");
  }
  check_norms(problems, norms);
  check_values(problems, Field<3>{"pupils", {"region", "year", "level"}}, pupils, is_count, "pupils >= 0");
  problems.throw_if_any();
  NdArray<double, 3> out({R, T, L});
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) out(r, t, l) = teachers_needed(pupils(r, t, l), norms[static_cast<std::size_t>(l)]);
  return out;
}

}  // namespace edplan::capacity
