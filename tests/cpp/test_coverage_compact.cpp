// SPDX-License-Identifier: MIT
// The fused 2SFCA over compact links (detail/compact_links.hpp) and the packed row scan that
// feeds it: the same links, steps and doubles as the catchment's `Links` and their sums.
#include <doctest/doctest.h>
#include "lcg.hpp"

#include <edplan/coverage.hpp>
#include <edplan/coverage/detail/compact_links.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// A dense (n, m) matrix of costs in [0, 40) with about `share` of them inf (no link).
std::vector<double> dense_costs(index_t n, index_t m, double share, std::uint64_t seed) {
  edplan::testing::Lcg rng{seed};
  std::vector<double> c(static_cast<std::size_t>(n * m));
  for (auto& x : c) x = rng.uniform() < share ? inf : 40.0 * rng.uniform();
  return c;
}

/// 2SFCA as the fused pass computed it before the compact links: `build_links` with the
/// weights, then the supply-side and demand-side sums over them.
NdArray<double, 2> on_links(View<const double, 2> P, View<const double, 2> S, const CostMatrix& cost,
                            const Decay& decay, double max_cost) {
  const index_t T = P.shape(0);
  index_t invalid = 0;
  const auto links = build_links(
      cost, max_cost, &decay, 2, [](index_t, index_t, const std::int32_t*, const double*, index_t) {}, invalid);
  const auto D = coverage::detail::supply_side_sums(links, coverage::detail::values_of(links), P, 2);
  NdArray<double, 2> out({T, cost.rows});
  coverage::detail::demand_side_sums(links, coverage::detail::values_of(links), coverage::detail::supply_ratio(S, D, T),
                                     T, out.view(), 2);
  return out;
}

/// The fused pass on compact links with `Index` columns, on `threads` threads.
template <class Index>
NdArray<double, 2> compact(View<const double, 2> P, View<const double, 2> S, const CostMatrix& cost,
                           const Decay& decay, double max_cost, int threads) {
  const index_t T = P.shape(0), m = cost.cols;
  const index_t B = block_count(cost.rows);
  std::vector<double> partial(static_cast<std::size_t>(B * m * T), 0.0);
  coverage::detail::CompactLinks links;
  index_t invalid = 0;
  coverage::detail::build_compact<Index>(links, cost, max_cost, decay, P, partial.data(), threads, invalid);
  CHECK(invalid == 0);
  std::vector<double> D(static_cast<std::size_t>(m * T), 0.0);
  for (index_t b = 0; b < B; ++b) {
    for (index_t x = 0; x < m * T; ++x) D[static_cast<std::size_t>(x)] += partial[static_cast<std::size_t>(b * m * T + x)];
  }
  NdArray<double, 2> out({T, cost.rows});
  coverage::detail::gather_compact<Index>(links, coverage::detail::supply_ratio(S, D, T), T, out.view(), threads);
  return out;
}

index_t differing(const NdArray<double, 2>& a, const double* b) {
  index_t d = 0;
  for (index_t x = 0; x < a.size(); ++x) d += a.data()[x] != b[x];
  return d;
}

index_t positive(const NdArray<double, 2>& a) {
  index_t p = 0;
  for (index_t x = 0; x < a.size(); ++x) p += a.data()[x] > 0.0;
  return p;
}
}  // namespace

TEST_CASE("packed row scan: the links of the bit-mask scan, with every kernel and column width") {
  // Rows of every length up to 70 and a long one, with the costs that sit on an edge: NaN,
  // negative, inf, exactly max_cost, 0, and -0.
  edplan::testing::Lcg rng{7};
  const double specials[] = {not_a_number, -1.0, -0.0, 0.0, inf, 30.0, std::nextafter(30.0, inf), 1e308};
  std::vector<index_t> lengths;
  for (index_t len = 0; len <= 70; ++len) lengths.push_back(len);
  lengths.push_back(2003);
  for (const double max_cost : {30.0, inf, 0.0}) {
    for (const index_t len : lengths) {
      std::vector<double> row(static_cast<std::size_t>(len));
      for (auto& c : row) {
        const double u = rng.uniform();
        c = u < 0.15 ? specials[static_cast<std::size_t>(8 * rng.uniform())] : 60.0 * u;
      }
      const auto cost = CostMatrix::from_dense(View<const double, 2>(row.data(), {1, len}));
      std::vector<std::int32_t> cols(static_cast<std::size_t>(len + 1));
      std::vector<double> vals(static_cast<std::size_t>(len + 1));
      index_t bad = 0;
      const index_t k = coverage::detail::row_links(cost, 0, max_cost, cols.data(), vals.data(), bad);
      for (const int simd : {0, coverage::detail::simd_level()}) {
        std::vector<std::uint16_t> c16(static_cast<std::size_t>(len + coverage::detail::packed_slack));
        std::vector<std::uint32_t> c32(c16.size());
        std::vector<double> v16(c16.size()), v32(c16.size());
        index_t bad16 = 0, bad32 = 0;
        const index_t k16 =
            coverage::detail::row_links_packed(row.data(), len, max_cost, c16.data(), v16.data(), bad16, simd);
        const index_t k32 =
            coverage::detail::row_links_packed(row.data(), len, max_cost, c32.data(), v32.data(), bad32, simd);
        REQUIRE(k16 == k);
        REQUIRE(k32 == k);
        CHECK(bad16 == bad);
        CHECK(bad32 == bad);
        index_t differ = 0;
        for (index_t l = 0; l < k; ++l) {
          const auto u = static_cast<std::size_t>(l);
          differ += c16[u] != static_cast<std::uint16_t>(cols[u]) || c32[u] != static_cast<std::uint32_t>(cols[u]) ||
                    v16[u] != vals[u] || v32[u] != vals[u];
        }
        CHECK(differ == 0);
        // without the costs, the same columns
        index_t bad0 = 0;
        CHECK(coverage::detail::row_links_packed(row.data(), len, max_cost, c16.data(), nullptr, bad0, simd) == k);
        CHECK(bad0 == bad);
      }
    }
  }
  // a hand-checked row: links at 0, 2 and 4 (0, 30 and -0 are links; NaN and -1 are bad)
  const double row[] = {0.0, not_a_number, 30.0, 31.0, -0.0, -1.0, inf};
  for (const int simd : {0, coverage::detail::simd_level()}) {
    std::uint16_t col[7 + coverage::detail::packed_slack];
    index_t bad = 0;
    REQUIRE(coverage::detail::row_links_packed(row, 7, 30.0, col, nullptr, bad, simd) == 3);
    CHECK(col[0] == 0);
    CHECK(col[1] == 2);
    CHECK(col[2] == 4);
    CHECK(bad == 2);
  }
}

TEST_CASE("step classes: a step's weight is the decay's own weight, with every kernel") {
  // Costs on, just below and just above every threshold, and between them.
  const auto step = Decay::step({10, 20, 30}, {1.0, 0.68, 0.22});
  const auto stepped = Decay::stepped({5, 15}, {0.5, 0.25});
  std::vector<double> costs;
  for (const double t : {0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0}) {
    costs.insert(costs.end(), {std::nextafter(t, -inf), t, std::nextafter(t, inf), t + 2.5});
  }
  costs[0] = 0.0;  // no negative cost reaches the classes
  const auto count = static_cast<index_t>(costs.size());
  for (const auto& decay : {step, stepped}) {
    std::vector<double> table;
    REQUIRE(coverage::detail::weight_form(decay, table) == coverage::detail::WeightForm::step);
    std::vector<double> w(costs.size());
    decay.apply(costs.data(), w.data(), count);
    for (const int simd : {0, coverage::detail::simd_level()}) {
      std::vector<std::uint8_t> s(costs.size(), 99);
      coverage::detail::step_classes(decay, costs.data(), s.data(), count, simd);
      index_t differ = 0;
      for (std::size_t l = 0; l < costs.size(); ++l) differ += table[s[l]] != w[l];
      CHECK(differ == 0);
    }
  }
  // by hand: right-closed steps put 10 in the first step, lower-boundary ones 5 in the second
  std::uint8_t s[2];
  const double c[] = {10.0, 5.0};
  coverage::detail::step_classes(step, c, s, 1);
  CHECK(s[0] == 0);
  coverage::detail::step_classes(stepped, c + 1, s + 1, 1);
  CHECK(s[1] == 1);
  std::vector<double> table;
  CHECK(coverage::detail::weight_form(Decay::none(), table) == coverage::detail::WeightForm::one);
  CHECK(coverage::detail::weight_form(Decay::gaussian(12.0), table) == coverage::detail::WeightForm::value);
  CHECK(table.empty());
}

TEST_CASE("fused 2SFCA on compact links: the doubles of the catchment's links, 16- and 32-bit columns") {
  // Dense and CSR, one and three years, each form of weight (none, both step families, a
  // computed decay), one and two threads: the same doubles everywhere.
  const index_t n = 700, m = 40;
  auto c = dense_costs(n, m, 0.3, 99);
  c[17] = 0.0;  // a link of cost 0
  const auto dense = CostMatrix::from_dense(View<const double, 2>(c.data(), {n, m}));
  std::vector<std::int64_t> indptr{0};
  std::vector<std::int32_t> indices;
  std::vector<double> data;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < m; ++j) {
      const double x = c[static_cast<std::size_t>(i * m + j)];
      if (x < inf) {
        indices.push_back(static_cast<std::int32_t>(j));
        data.push_back(x);
      }
    }
    indptr.push_back(static_cast<std::int64_t>(indices.size()));
  }
  const auto nnz = static_cast<index_t>(indices.size());
  const auto sparse =
      CostMatrix::from_csr(n, m, View<const std::int64_t, 1>(indptr.data(), {n + 1}),
                           View<const std::int32_t, 1>(indices.data(), {nnz}), View<const double, 1>(data.data(), {nnz}));
  edplan::testing::Lcg rng{5};
  for (const index_t T : {index_t{1}, index_t{3}}) {
    std::vector<double> demand(static_cast<std::size_t>(T * n)), supply(static_cast<std::size_t>(T * m));
    for (auto& p : demand) p = rng.uniform() < 0.1 ? 0.0 : 1000.0 * rng.uniform();
    for (auto& s : supply) s = 100.0 * rng.uniform();
    const View<const double, 2> P(demand.data(), {T, n}), S(supply.data(), {T, m});
    for (const auto& decay : {Decay::none(), Decay::step({10, 20, 30}, {1.0, 0.68, 0.22}),
                              Decay::stepped({5, 15}, {0.5, 0.25}), Decay::gaussian(12.0)}) {
      CAPTURE(T);
      CAPTURE(decay.describe());
      for (const auto* cost : {&dense, &sparse}) {
        const auto ref = on_links(P, S, *cost, decay, 30.0);
        REQUIRE(positive(ref) > n / 2);  // the comparison is not of zeros
        FcaOptions opt;
        opt.max_cost = 30.0;
        opt.threads = 2;
        const auto fused = two_step_fca(P, S, *cost, {decay}, opt);
        CHECK(differing(ref, fused.data()) == 0);
        for (const int threads : {1, 2}) {
          CHECK(differing(ref, compact<std::uint16_t>(P, S, *cost, decay, 30.0, threads).data()) == 0);
          CHECK(differing(ref, compact<std::uint32_t>(P, S, *cost, decay, 30.0, threads).data()) == 0);
        }
      }
    }
  }
}

TEST_CASE("more than 65,536 sites: 32-bit columns, the same doubles as the catchment's links") {
  const index_t n = 12, m = 70000;
  const auto c = dense_costs(n, m, 0.5, 3);
  const auto cost = CostMatrix::from_dense(View<const double, 2>(c.data(), {n, m}));
  std::vector<double> demand(static_cast<std::size_t>(n)), supply(static_cast<std::size_t>(m));
  edplan::testing::Lcg rng{11};
  for (auto& p : demand) p = 1000.0 * rng.uniform();
  for (auto& s : supply) s = 100.0 * rng.uniform();
  const View<const double, 2> P(demand.data(), {1, n}), S(supply.data(), {1, m});
  for (const auto& decay : {Decay::none(), Decay::step({10, 20, 30}, {1.0, 0.68, 0.22})}) {
    const auto ref = on_links(P, S, cost, decay, 30.0);
    REQUIRE(positive(ref) == n);
    FcaOptions opt;
    opt.max_cost = 30.0;
    const auto fused = two_step_fca(P, S, cost, {decay}, opt);
    CHECK(differing(ref, fused.data()) == 0);
    CHECK(differing(ref, compact<std::uint32_t>(P, S, cost, decay, 30.0, 2).data()) == 0);
  }
}
