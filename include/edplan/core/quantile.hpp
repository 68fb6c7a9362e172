// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Exact sample quantiles with numpy's default rule (linear interpolation between order
/// statistics, Hyndman & Fan type 7), so results agree with `numpy.quantile`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace edplan {

namespace detail {
/// The interpolated quantile between the order statistics a (rank lo) and b (rank lo + 1) at
/// h = q·(n − 1): numpy's lerp, from the nearer end, so that q = 1 gives the maximum exactly.
inline double lerp_quantile(double a, double b, double h, std::size_t lo) {
  const double t = h - static_cast<double>(lo);
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

/// The rank of the lower order statistic of quantile q among n values: ⌊q·(n − 1)⌋.
inline std::size_t lower_rank(double q, std::size_t n) {
  return static_cast<std::size_t>(std::floor(q * static_cast<double>(n - 1)));
}

/// `quantiles_inplace` by std::nth_element, one selection per quantile in ascending order.
/// The reference of the faster selection below, and its path for samples holding NaN or −0
/// (whose place among equal values std::nth_element decides).
inline void quantiles_by_nth_element(double* first, double* last, const std::vector<double>& qs, double* out) {
  const auto n = static_cast<std::size_t>(last - first);
  std::vector<std::size_t> order(qs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return qs[a] < qs[b]; });
  double* from = first;
  for (const std::size_t i : order) {
    const std::size_t lo = lower_rank(qs[i], n);
    double* at_lo = first + lo;
    if (at_lo >= from) std::nth_element(from, at_lo, last);
    from = at_lo;
    const double a = *at_lo;
    const double b = lo + 1 < n ? *std::min_element(at_lo + 1, last) : a;
    out[i] = lerp_quantile(a, b, qs[i] * static_cast<double>(n - 1), lo);
  }
}

/// Moves the value of rank k of [first, last) to first + k, no larger ones before it and no
/// smaller ones after (std::nth_element's contract), for values without NaN. Quickselect with a
/// branch-free partition: std::nth_element's partition branches on every comparison, which a
/// CPU mispredicts half the time on random draws, and that made selection the largest share
/// of a Monte Carlo run. Equal values are gathered beside the pivot when a partition leaves
/// almost everything on one side (a cell whose draws are all 0), and after 2·log₂ n rounds
/// std::nth_element finishes, so no input takes quadratic time.
inline void select_rank(double* first, double* last, std::ptrdiff_t k) {
  int rounds = 0;
  for (std::ptrdiff_t m = last - first; m > 1; m >>= 1) rounds += 2;
  while (last - first > 16) {
    if (rounds-- == 0) {
      std::nth_element(first, first + k, last);
      return;
    }
    const std::ptrdiff_t n = last - first;
    // Median of three as the pivot, moved to the end.
    double* mid = first + n / 2;
    double* end = last - 1;
    if (*mid < *first) std::swap(*mid, *first);
    if (*end < *mid) std::swap(*end, *mid);
    if (*mid < *first) std::swap(*mid, *first);
    std::swap(*mid, *end);
    const double pivot = *end;
    // [0, i) < pivot <= [i, j): every value is swapped, only the count depends on the comparison.
    std::ptrdiff_t i = 0;
    for (std::ptrdiff_t j = 0; j < n - 1; ++j) {
      const double v = first[j];
      first[j] = first[i];
      first[i] = v;
      i += static_cast<std::ptrdiff_t>(v < pivot);
    }
    std::swap(first[i], *end);
    if (k == i) return;
    if (k < i) {
      last = first + i;
      continue;
    }
    std::ptrdiff_t e = i + 1;  // values equal to the pivot follow it when the split was poor
    if (i < n / 16) {
      for (std::ptrdiff_t j = i + 1; j < n; ++j) {
        const double v = first[j];
        first[j] = first[e];
        first[e] = v;
        e += static_cast<std::ptrdiff_t>(!(pivot < v));
      }
      if (k < e) return;  // ranks i..e−1 all hold the pivot's value
    }
    first += e;
    k -= e;
  }
  // Insertion sort of the last few values.
  for (double* p = first + 1; p < last; ++p) {
    const double v = *p;
    double* q = p;
    for (; q > first && v < q[-1]; --q) *q = q[-1];
    *q = v;
  }
}

/// Selects the ascending ranks [rank, rank_end) of [first, last) (ranks counted from `first`):
/// the middle one over the whole range, then the lower and upper ranks in the halves it leaves.
inline void select_ranks(double* first, double* last, const std::size_t* rank, const std::size_t* rank_end,
                         std::size_t offset) {
  while (rank < rank_end) {
    const std::size_t* middle = rank + (rank_end - rank) / 2;
    const auto k = static_cast<std::ptrdiff_t>(*middle - offset);
    select_rank(first, last, k);
    select_ranks(first, first + k, rank, middle, offset);
    first += k + 1;
    offset = *middle + 1;
    rank = middle + 1;
  }
}
}  // namespace detail

/// The q-quantiles (each q in [0, 1]) of the values in [first, last), which are reordered in the
/// process. `out[i]` receives the quantile for `qs[i]`; NaN for an empty sample. Selection, not a
/// full sort, O(n) per quantile, which matters when every cell of a projection needs its
/// quantiles: the lower order statistic of every quantile is selected (the middle one first, the
/// others in the halves it leaves), and the upper one is the least value between it and the next
/// selected rank. Exact order statistics, so the result is the same as sorting (bit for bit:
/// samples with NaN or −0, where equal values differ in their bits, take std::nth_element's path).
inline void quantiles_inplace(double* first, double* last, const std::vector<double>& qs, double* out) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n == 0) {
    for (std::size_t i = 0; i < qs.size(); ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  bool plain = true;  // no NaN, no −0 (a branch-free scan: the compiler vectorises it)
  for (const double* p = first; p < last; ++p) plain &= !(std::isnan(*p) | (*p == 0.0 && std::signbit(*p)));
  if (!plain) {
    detail::quantiles_by_nth_element(first, last, qs, out);
    return;
  }
  constexpr std::size_t small = 8;  // ranks on the stack for the usual few quantiles
  std::size_t stack[small];
  std::vector<std::size_t> heap(qs.size() > small ? qs.size() : 0);
  std::size_t* ranks = qs.size() > small ? heap.data() : stack;
  for (std::size_t i = 0; i < qs.size(); ++i) ranks[i] = detail::lower_rank(qs[i], n);
  std::sort(ranks, ranks + qs.size());
  const std::size_t count = static_cast<std::size_t>(std::unique(ranks, ranks + qs.size()) - ranks);
  detail::select_ranks(first, last, ranks, ranks + count, 0);
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const std::size_t lo = detail::lower_rank(qs[i], n);
    double b = first[lo];
    if (lo + 1 < n) {
      // Rank lo + 1 is the least value after lo up to the next selected rank (inclusive).
      const std::size_t* next = std::upper_bound(ranks, ranks + count, lo);
      double* stop = next == ranks + count ? last : first + *next + 1;
      b = *std::min_element(first + lo + 1, stop);
    }
    out[i] = detail::lerp_quantile(first[lo], b, qs[i] * static_cast<double>(n - 1), lo);
  }
}

/// The q-quantiles of `values` (reordered in the process), as the range overload.
inline void quantiles_inplace(std::vector<double>& values, const std::vector<double>& qs, double* out) {
  quantiles_inplace(values.data(), values.data() + values.size(), qs, out);
}

}  // namespace edplan
