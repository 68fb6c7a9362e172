// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Summation algorithms whose every rounding is specified, so that a total computed here is
/// the same double as the one the Python tables were first computed with (pandas and numpy):
///
/// - compensated (Kahan) summation, as pandas' Cython `groupby(...).sum()` runs it;
/// - numpy's pairwise summation, the kernel of `np.sum` on float64 arrays (rounding error
///   O(ε log n) instead of the O(ε n) of a plain loop), seeded as `np.sum` seeds it (with 0)
///   or as `np.add.reduceat` seeds each segment (with its first value);
/// - `group_sums`, per-group totals by either rule, and `pandas_group_sum`, the rule pandas
///   picks for a given grouping.
///
/// All are accurate summations in their own right; which one a total uses is fixed by the
/// reference it must reproduce, and each caller says which and why.

#include "edplan/core/ndarray.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace edplan {

/// Kahan's compensated summation, one value at a time, exactly as pandas' `group_sum` runs it
/// for each group: `y = v − c; t = s + y; c = (t − s) − y; s = t`, where a NaN compensation
/// (an infinite value was added) is reset to 0 so that the total is ±inf rather than NaN, and
/// a NaN value is skipped (pandas' `skipna`). The error bound is 2ε·Σ|v| + O(nε²), independent
/// of the number of values.
class KahanSum {
 public:
  /// Adds `v` (NaN is skipped).
  void add(double v) noexcept {
    if (std::isnan(v)) return;
    const double y = v - compensation_;
    const double t = sum_ + y;
    compensation_ = (t - sum_) - y;
    if (std::isnan(compensation_)) compensation_ = 0.0;
    sum_ = t;
  }
  /// The total so far (0 before any value).
  [[nodiscard]] double value() const noexcept { return sum_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

/// The Kahan sum of n contiguous values in order (`KahanSum`), NaN skipped.
inline double kahan_sum(const double* x, index_t n) noexcept {
  KahanSum k;
  for (index_t i = 0; i < n; ++i) k.add(x[i]);
  return k.value();
}

namespace detail {

/// numpy's pairwise summation kernel (`pairwise_sum_DOUBLE`, loops_utils.h.src) over n
/// contiguous values: below 8 values a plain loop from 0; up to 128 (PW_BLOCKSIZE) eight
/// interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the
/// remainder one by one; above, the two halves recursively, the split n2 = n/2 rounded down to
/// a multiple of 8.
inline double numpy_pairwise(const double* x, index_t n) noexcept {
  if (n < 8) {
    double res = 0.0;
    for (index_t i = 0; i < n; ++i) res += x[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = x[j];
    index_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += x[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += x[i];
    return res;
  }
  index_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise(x, n2) + numpy_pairwise(x + n2, n - n2);
}

}  // namespace detail

/// The sum of n contiguous values as numpy's `np.sum` (or `ndarray.sum()`) of a 1-D float64
/// array computes it: the reduction starts from the add identity 0.0 and adds the pairwise
/// sum of all n values (`detail::numpy_pairwise`). 0 for n = 0.
inline double pairwise_sum(const double* x, index_t n) noexcept { return 0.0 + detail::numpy_pairwise(x, n); }

/// The sum of n contiguous values as one segment of `np.add.reduceat` computes it: the
/// segment's first value (copied, so a lone −0.0 stays −0.0), plus the pairwise sum of the
/// others when there are any. 0 for n = 0.
inline double reduceat_sum(const double* x, index_t n) noexcept {
  if (n == 0) return 0.0;
  return n == 1 ? x[0] : x[0] + detail::numpy_pairwise(x + 1, n - 1);
}

/// How `group_sums` adds the values of each group.
enum class GroupSum {
  /// `KahanSum` over the group's values in row order, NaN skipped: pandas' Cython groupby sum.
  kahan,
  /// `reduceat_sum` over each group's run of rows: `np.add.reduceat` with one segment per
  /// group, which needs every group's rows to be contiguous and groups in increasing order.
  reduceat,
};

/// The rule pandas (3.1) uses for `groupby(...).sum()` of float64 values: with the group ids
/// of the rows non-decreasing (each group one contiguous run, in group order) and no NaN in
/// the summed block of columns, it calls `np.add.reduceat` (`GroupSum::reduceat`); otherwise
/// its Cython Kahan loop (`GroupSum::kahan`). `ids` are pandas' group codes: in order of first
/// appearance for `sort=False`, in sorted key order for `sort=True`.
inline GroupSum pandas_group_sum(View<const index_t, 1> ids, bool nan_in_block) noexcept {
  if (nan_in_block) return GroupSum::kahan;
  for (index_t i = 1; i < ids.shape(0); ++i) {
    if (ids(i) < ids(i - 1)) return GroupSum::kahan;
  }
  return GroupSum::reduceat;
}

/// Per-group totals: out[g] = the sum of values[i] over the rows i with ids[i] == g, by rule
/// `how` (rows in row order); 0 for a group without rows.
/// @throws std::invalid_argument (a caller's bug, not bad input) for ids outside [0, groups),
/// ids and values of different lengths, or `GroupSum::reduceat` with decreasing ids (reduceat
/// sums contiguous runs only).
inline std::vector<double> group_sums(View<const index_t, 1> ids, View<const double, 1> values, index_t groups,
                                      GroupSum how) {
  const index_t n = ids.shape(0);
  if (values.shape(0) != n) throw std::invalid_argument("edplan::group_sums: ids and values differ in length");
  for (index_t i = 0; i < n; ++i) {
    if (ids(i) < 0 || ids(i) >= groups) throw std::invalid_argument("edplan::group_sums: a group id out of range");
  }
  std::vector<double> out(static_cast<std::size_t>(groups), 0.0);
  if (how == GroupSum::kahan) {
    std::vector<KahanSum> acc(static_cast<std::size_t>(groups));
    for (index_t i = 0; i < n; ++i) acc[static_cast<std::size_t>(ids(i))].add(values(i));
    for (index_t g = 0; g < groups; ++g) out[static_cast<std::size_t>(g)] = acc[static_cast<std::size_t>(g)].value();
    return out;
  }
  std::vector<double> run;
  for (index_t start = 0; start < n;) {
    index_t end = start + 1;
    while (end < n && ids(end) == ids(start)) ++end;
    if (end < n && ids(end) < ids(start)) {
      throw std::invalid_argument("edplan::group_sums: reduceat needs non-decreasing group ids");
    }
    run.resize(static_cast<std::size_t>(end - start));
    for (index_t i = start; i < end; ++i) run[static_cast<std::size_t>(i - start)] = values(i);
    out[static_cast<std::size_t>(ids(start))] = reduceat_sum(run.data(), end - start);
    start = end;
  }
  return out;
}

}  // namespace edplan
