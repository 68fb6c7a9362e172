// SPDX-License-Identifier: MIT
// The branch-free selection of quantiles_inplace against std::sort and against the
// std::nth_element path it replaced, bit for bit, on samples shaped like Monte Carlo draws and
// on the ones that defeat a naive quickselect (all equal, sorted, few distinct values).
#include <doctest/doctest.h>

#include <edplan/core/quantile.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

using namespace edplan;

namespace {
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// The quantiles of `v` by both paths and by a full sort (numpy's rule written out), compared
/// bit for bit.
void check_agrees(const std::vector<double>& v, const std::vector<double>& qs) {
  std::vector<double> fast = v, reference = v, sorted = v;
  std::vector<double> a(qs.size()), b(qs.size());
  quantiles_inplace(fast, qs, a.data());
  detail::quantiles_by_nth_element(reference.data(), reference.data() + reference.size(), qs, b.data());
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const double h = qs[i] * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double upper = sorted[std::min(lo + 1, v.size() - 1)];
    const double expected = detail::lerp_quantile(sorted[lo], upper, h, lo);
    CHECK(same_bits(a[i], b[i]));
    CHECK(same_bits(a[i], expected));
  }
  std::sort(fast.begin(), fast.end());  // a permutation of the sample: nothing lost or duplicated
  CHECK(fast == sorted);
}
}  // namespace

TEST_CASE("quantiles_inplace: the same bits as sorting, on draws, ties and ordered samples") {
  std::mt19937_64 rng(20);
  std::normal_distribution<double> normal(1000.0, 50.0);
  std::uniform_int_distribution<int> few(0, 3);
  const std::vector<std::vector<double>> quantile_sets{
      {0.1, 0.5, 0.9}, {0.9, 0.1, 0.5}, {0.5}, {0.0, 1.0}, {0.025, 0.975, 0.5, 0.5}, {0.1, 0.1000001, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.99}};
  for (const std::size_t n : {1, 2, 3, 7, 16, 17, 33, 100, 999, 1000, 4097}) {
    std::vector<double> draws(n), ties(n), zeros(n, 0.0), ascending(n), descending(n);
    for (std::size_t i = 0; i < n; ++i) {
      draws[i] = normal(rng);
      ties[i] = 10.0 * few(rng);  // four distinct values: many equal to any pivot
      ascending[i] = static_cast<double>(i);
      descending[i] = static_cast<double>(n - i);
    }
    std::vector<double> pipe_organ = ascending;  // up then down: a median-of-three worst case
    std::reverse(pipe_organ.begin() + static_cast<std::ptrdiff_t>(n / 2), pipe_organ.end());
    for (const auto& qs : quantile_sets) {
      for (const auto* v : {&draws, &ties, &zeros, &ascending, &descending, &pipe_organ}) check_agrees(*v, qs);
    }
  }
}

TEST_CASE("quantiles_inplace: NaN and -0 take the std::nth_element path unchanged") {
  // −0 and +0 compare equal but differ in their bits: which one a selection returns is the
  // algorithm's choice, so such samples keep the old one's.
  const std::vector<double> signed_zeros{0.0, -0.0, 1.0, -0.0, 0.0, 2.0, -1.0};
  const std::vector<double> qs{0.1, 0.5, 0.9};
  std::vector<double> a = signed_zeros, b = signed_zeros, out_a(3), out_b(3);
  quantiles_inplace(a, qs, out_a.data());
  detail::quantiles_by_nth_element(b.data(), b.data() + b.size(), qs, out_b.data());
  for (std::size_t i = 0; i < 3; ++i) CHECK(same_bits(out_a[i], out_b[i]));
  CHECK(out_a[1] == 0.0);  // sorted: −1, 0, 0, 0, 0, 1, 2
}

TEST_CASE("select_rank: the value of rank k at k, none larger before it, none smaller after") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (const std::ptrdiff_t n : {20, 200, 1000}) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = std::round(uniform(rng) * 50.0);  // ties
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    for (const std::ptrdiff_t k : {std::ptrdiff_t{0}, n / 3, n / 2, n - 1}) {
      std::vector<double> w = v;
      detail::select_rank(w.data(), w.data() + n, k);
      CHECK(w[static_cast<std::size_t>(k)] == sorted[static_cast<std::size_t>(k)]);
      CHECK(*std::max_element(w.begin(), w.begin() + k + 1) == w[static_cast<std::size_t>(k)]);
      CHECK(*std::min_element(w.begin() + k, w.end()) == w[static_cast<std::size_t>(k)]);
    }
  }
}
