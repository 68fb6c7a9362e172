// SPDX-License-Identifier: MIT
// The pieces of the p-median at scale, each against a plain construction of the same thing:
// the links by column (threaded, and tiled for full rows), the rows' heads and tails, a full
// dense matrix read in place, the lazy greedy by columns, and the swap state built at once
// from its sites.
#include <doctest/doctest.h>

#include <edplan/coverage.hpp>

#include "lcg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;
namespace cd = edplan::coverage::detail;

namespace {
const double inf = std::numeric_limits<double>::infinity();

/// An n x m dense matrix of whole costs 0..19 (many ties), inf where `holes` says.
std::vector<double> tied_costs(index_t n, index_t m, std::uint64_t seed, double holes) {
  testing::Lcg r{seed};
  std::vector<double> c(static_cast<std::size_t>(n * m));
  for (auto& x : c) x = r.uniform() < holes ? inf : std::floor(20.0 * r.uniform());
  return c;
}

/// The catchment of an n x m dense `cost` (every finite entry a link), built on one thread.
Links links_of(const std::vector<double>& cost, index_t n, index_t m) {
  return catchment(CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m})), inf, nullptr, 1);
}

/// n whole demands offset + floor(span u), u uniform from an Lcg seeded with `seed`.
std::vector<double> whole_demands(index_t n, std::uint64_t seed, double offset, double span) {
  testing::Lcg r{seed};
  std::vector<double> P(static_cast<std::size_t>(n));
  for (auto& x : P) x = offset + std::floor(span * r.uniform());
  return P;
}

/// The links by column as the plain transposition builds them: rows in increasing order.
Columns plain_columns(const Links& links) {
  Columns c;
  c.start.assign(static_cast<std::size_t>(links.cols + 1), 0);
  std::vector<std::vector<std::pair<std::int32_t, double>>> per(static_cast<std::size_t>(links.cols));
  for (const auto& b : links.blocks) {
    for (index_t i = b.first_row; i < b.end_row; ++i) {
      for (auto l = b.start[static_cast<std::size_t>(i - b.first_row)]; l < b.start[static_cast<std::size_t>(i - b.first_row + 1)]; ++l) {
        per[static_cast<std::size_t>(b.col[static_cast<std::size_t>(l)])].emplace_back(static_cast<std::int32_t>(i), b.value[static_cast<std::size_t>(l)]);
      }
    }
  }
  for (std::size_t j = 0; j < per.size(); ++j) {
    c.start[j + 1] = c.start[j] + static_cast<std::int64_t>(per[j].size());
    for (auto [i, v] : per[j]) {
      c.row.push_back(i);
      c.cost.push_back(v);
    }
  }
  return c;
}

/// The exact greedy by enumeration: each step the site saving most, ties to the lower column.
std::vector<index_t> plain_greedy(const std::vector<double>& cost, const std::vector<double>& P, index_t n, index_t m,
                                  index_t count, double far) {
  std::vector<double> d1(static_cast<std::size_t>(n), far);
  std::vector<char> chosen(static_cast<std::size_t>(m), 0);
  std::vector<index_t> order;
  for (index_t step = 0; step < count; ++step) {
    index_t best = -1;
    double best_saving = -1.0;
    for (index_t j = 0; j < m; ++j) {
      if (chosen[static_cast<std::size_t>(j)]) continue;
      double s = 0.0;
      for (index_t i = 0; i < n; ++i) {
        const double c = cost[static_cast<std::size_t>(i * m + j)];
        if (c < d1[static_cast<std::size_t>(i)]) s += P[static_cast<std::size_t>(i)] * (d1[static_cast<std::size_t>(i)] - c);
      }
      if (s > best_saving) {
        best_saving = s;
        best = j;
      }
    }
    chosen[static_cast<std::size_t>(best)] = 1;
    order.push_back(best);
    for (index_t i = 0; i < n; ++i) {
      d1[static_cast<std::size_t>(i)] = std::min(d1[static_cast<std::size_t>(i)], cost[static_cast<std::size_t>(i * m + best)]);
    }
  }
  return order;
}
}  // namespace

TEST_CASE("links by column: threaded and tiled, the same as the plain transposition") {
  for (double holes : {0.0, 0.3}) {  // full rows (the tiled path), and rows with gaps
    const index_t n = 700, m = 37;   // three blocks of rows; m not a multiple of the tile
    const auto cost = tied_costs(n, m, 11, holes);
    const auto links = links_of(cost, n, m);
    REQUIRE(links.blocks.size() == 2);
    const auto want = plain_columns(links);
    for (int threads : {1, 2, 3}) {
      const auto got = by_column(links, true, threads);
      CHECK(got.start == want.start);
      CHECK(got.row == want.row);
      CHECK(got.cost == want.cost);
      const auto bare = by_column(links, false, threads);
      CHECK(bare.row == want.row);
      CHECK(bare.cost.empty());
    }
  }
}

TEST_CASE("rows: heads are the least links by (cost, column), tails the rest, read in place") {
  // Whole costs 0..19 over 300 columns: every head ends inside a run of ties, which the
  // sampled guess must keep whole; rows of 300 links take the sampled path (h = 20 <= 75).
  const index_t n = 260, m = 300;
  for (double holes : {0.0, 0.5}) {
    const auto cost = tied_costs(n, m, 5, holes);
    const auto links = links_of(cost, n, m);
    for (int threads : {1, 2}) {
      const auto rows = cd::by_row(links, true, 20, threads);
      for (index_t i = 0; i < n; ++i) {
        const auto is = static_cast<std::size_t>(i);
        std::vector<std::pair<double, std::int32_t>> all;
        for (index_t j = 0; j < m; ++j) {
          const double c = cost[static_cast<std::size_t>(i * m + j)];
          if (c < inf) all.emplace_back(c, static_cast<std::int32_t>(j));
        }
        std::sort(all.begin(), all.end());
        const auto h = static_cast<std::size_t>(std::min<index_t>(20, static_cast<index_t>(all.size())));
        REQUIRE(rows.start[is + 1] - rows.start[is] == static_cast<std::int64_t>(h));
        for (std::size_t k = 0; k < h; ++k) {
          CHECK(rows.cost[static_cast<std::size_t>(rows.start[is]) + k] == all[k].first);
          CHECK(rows.col[static_cast<std::size_t>(rows.start[is]) + k] == all[k].second);
        }
        std::vector<std::pair<double, std::int32_t>> tail;
        rows.each_tail(is, [&](std::int32_t j, double c) { tail.emplace_back(c, j); });
        CHECK(std::is_sorted(tail.begin(), tail.end(), [](const auto& a, const auto& b) { return a.second < b.second; }));
        std::sort(tail.begin(), tail.end());
        CHECK(tail == std::vector<std::pair<double, std::int32_t>>(all.begin() + static_cast<std::ptrdiff_t>(h), all.end()));
        CHECK(rows.has_tail(is) == !tail.empty());
        const auto ties = std::count_if(tail.begin(), tail.end(), [&](const auto& t) { return h > 0 && t.first == all[h - 1].first; });
        CHECK(rows.tail_ties[is] == ties);
      }
    }
  }
}

TEST_CASE("rows: a CSR row that repeats its head's last link keeps the copy in its tail") {
  // Row 0 lists column 2 at cost 1 twice (scipy keeps duplicates in non-canonical matrices):
  // with a head of 2 links, (0, col 1) and one (1, col 2) are the head, the other copy of
  // (1, col 2) and (5, col 0) the tail.
  std::vector<std::int64_t> indptr{0, 4};
  std::vector<std::int32_t> indices{0, 1, 2, 2};
  std::vector<double> data{5.0, 0.0, 1.0, 1.0};
  const auto C = CostMatrix::from_csr(1, 3, View<const std::int64_t, 1>(indptr.data(), {2}),
                                      View<const std::int32_t, 1>(indices.data(), {4}), View<const double, 1>(data.data(), {4}));
  const auto links = catchment(C, inf, nullptr, 1);
  const auto rows = cd::by_row(links, true, 2, 1);
  CHECK(rows.col == Buffer<std::int32_t>{1, 2});
  CHECK(rows.cost == Buffer<double>{0.0, 1.0});
  std::vector<std::pair<std::int32_t, double>> tail;
  rows.each_tail(0, [&](std::int32_t j, double c) { tail.emplace_back(j, c); });
  CHECK(tail == std::vector<std::pair<std::int32_t, double>>{{0, 5.0}, {2, 1.0}});
  CHECK(rows.tail_ties[0] == 1);
}

TEST_CASE("head selection: the least links by (cost, column) and the ties left out, for any costs") {
  // Rows of 300 (the sampled guess and buckets) and 40 (every link a candidate), costs all 0,
  // subnormal (the buckets' scale would overflow), near the largest double, two values only,
  // and real ones; heads of 1, 20 and 75 links (the whole row of 40); the columns given or implied.
  const double tiny = std::numeric_limits<double>::denorm_min();
  const double huge = std::numeric_limits<double>::max();
  testing::Lcg r{17};
  cd::HeadScratch scratch;
  for (std::size_t len : {std::size_t{300}, std::size_t{40}}) {
    for (int kind = 0; kind < 5; ++kind) {
      std::vector<double> cost(len);
      for (auto& c : cost) {
        const double u = r.uniform();
        c = kind == 0 ? 0.0 : kind == 1 ? tiny * std::floor(8 * u) : kind == 2 ? huge * u : kind == 3 ? (u < 0.5 ? 1.0 : 2.0) : 100 * u;
      }
      std::vector<std::int32_t> col(len);
      for (std::size_t k = 0; k < len; ++k) col[k] = static_cast<std::int32_t>(3 * k + 1);
      for (std::size_t want : {std::size_t{1}, std::size_t{20}, std::size_t{75}}) {
        const std::size_t h = std::min(want, len);  // a head is at most the row
        for (const std::int32_t* given : std::vector<const std::int32_t*>{nullptr, col.data()}) {
          std::vector<std::pair<double, std::int32_t>> all;
          for (std::size_t k = 0; k < len; ++k) all.emplace_back(cost[k], given ? given[k] : static_cast<std::int32_t>(k));
          std::sort(all.begin(), all.end());
          std::vector<double> hc(h);
          std::vector<std::int32_t> hj(h);
          const auto ties = cd::select_head(cost.data(), given, len, h, scratch, hc.data(), hj.data());
          for (std::size_t q = 0; q < h; ++q) {
            CHECK(hc[q] == all[q].first);
            CHECK(hj[q] == all[q].second);
          }
          CHECK(ties == std::count_if(all.begin() + static_cast<std::ptrdiff_t>(h), all.end(),
                                      [&](const auto& a) { return a.first == all[h - 1].first; }));
        }
      }
    }
  }
}

TEST_CASE("a dense matrix every entry of which is a link: its columns and rows read in place, as the catchment's") {
  // Whole costs 0..19 (heads end inside runs of ties); 130 columns: two full tiles and a part,
  // rows long enough for the sampled head (h = 20) and a head of every link (h = 200).
  const index_t n = 300, m = 130;
  auto cost = tied_costs(n, m, 7, 0.0);
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m}));
  const auto links = catchment(C, inf, nullptr, 1);
  for (int threads : {1, 2, 3}) {
    Columns got;
    double top = -1.0;
    REQUIRE(cd::dense_columns(C, threads, got, top));
    const auto want = by_column(links, true, 1);
    CHECK(got.start == want.start);
    CHECK(got.row == want.row);
    CHECK(got.cost == want.cost);
    CHECK(top == *std::max_element(cost.begin(), cost.end()));
    for (index_t keep : {20, 200}) {
      const auto dense = cd::dense_rows(C, keep, threads);
      const auto rows = cd::by_row(links, true, keep, 1);
      CHECK(dense.start == rows.start);
      CHECK(dense.col == rows.col);
      CHECK(dense.cost == rows.cost);
      CHECK(dense.tail_ties == rows.tail_ties);
      for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        CHECK(dense.has_tail(i) == rows.has_tail(i));
        std::vector<std::pair<std::int32_t, double>> a, b;
        dense.each_tail(i, [&](std::int32_t j, double c) { a.emplace_back(j, c); });
        rows.each_tail(i, [&](std::int32_t j, double c) { b.emplace_back(j, c); });
        CHECK(a == b);
      }
    }
  }
  // Anything that is not a link stops it (the caller then builds the catchment): inf, NaN, a
  // negative cost, in the last tile and the last row.
  for (double bad : {inf, std::nan(""), -1.0}) {
    auto holed = cost;
    holed.back() = bad;
    Columns got;
    double top = 0.0;
    CHECK_FALSE(cd::dense_columns(CostMatrix::from_dense(View<const double, 2>(holed.data(), {n, m})), 2, got, top));
  }
}

TEST_CASE("lazy greedy: the exact greedy's picks, for any thread count") {
  // Whole costs and demands give exact sums, so ties are real and go to the lower column.
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    for (double holes : {0.0, 0.4}) {  // full columns (the four-lane sums) and columns with gaps
      const index_t n = 300, m = 80, count = 12;
      const auto cost = tied_costs(n, m, seed, holes);
      const auto P = whole_demands(n, seed + 100, 0.0, 10.0);
      const View<const double, 1> demand(P.data(), {n});
      const auto links = links_of(cost, n, m);
      const auto cols = by_column(links);
      const double far = 41.0;
      const auto want = plain_greedy(cost, P, n, m, count, far);
      for (int threads : {1, 2}) {
        std::vector<char> chosen(static_cast<std::size_t>(m), 0);
        std::vector<double> d1(static_cast<std::size_t>(n), far);
        CHECK(cd::lazy_greedy(cols, demand, chosen, d1, count, threads) == want);
        CHECK(std::count(chosen.begin(), chosen.end(), 1) == count);
        CHECK(d1 == cd::nearest_cost(cols, chosen, n, far));
      }
    }
  }
}

TEST_CASE("swap state built from its sites: the state adding them one by one reaches") {
  const index_t n = 400, m = 60, p = 9;
  const auto cost = tied_costs(n, m, 9, 0.2);
  const auto P = whole_demands(n, 77, 1.0, 50.0);
  const View<const double, 1> demand(P.data(), {n});
  const auto links = links_of(cost, n, m);
  const auto cols = by_column(links);
  const auto rows = cd::by_row(links, true, 6, 1);  // short heads: some points read their tails
  const double far = 41.0;
  const std::vector<index_t> fixed{3}, sites{10, 2, 44, 31, 7, 58, 19, 25};
  cd::Assignment<false> one(rows, cols, demand, far, p - 1);
  one.add(3, false);
  for (auto j : sites) one.add(j, true);
  cd::Assignment<false> all(rows, cols, demand, far, p - 1, fixed, sites);
  CHECK(all.chosen() == one.chosen());
  CHECK(all.nearest() == one.nearest());
  CHECK(all.cost() == one.cost());
  for (index_t k = 0; k < m; ++k) {
    if (!one.chosen()[static_cast<std::size_t>(k)]) CHECK(all.gain()[static_cast<std::size_t>(k)] == doctest::Approx(one.gain()[static_cast<std::size_t>(k)]).epsilon(1e-12));
  }
  // The same swaps follow from either.
  all.keep_extra(true);
  one.keep_extra(true);
  const auto a = all.best_swap();
  const auto b = one.best_swap();
  CHECK(a.second == b.second);
  CHECK(a.first == doctest::Approx(b.first).epsilon(1e-12));
}

TEST_CASE("the heads' packed prefix reads the heads' links, in their order") {
  const index_t n = 300, m = 50;
  const auto cost = tied_costs(n, m, 21, 0.1);
  const auto links = links_of(cost, n, m);
  // Heads shorter than the prefix's 32 links (16), longer (40), and whole rows (0).
  for (index_t keep : {16, 40, 0}) {
    const auto rows = cd::by_row(links, true, keep, 1);
    std::vector<double> weight(rows.cost.size());
    for (std::size_t l = 0; l < weight.size(); ++l) weight[l] = 3.0 * rows.cost[l];
    const cd::HeadPrefix prefix(rows, weight);
    CHECK(prefix.width == std::min<std::size_t>(32, static_cast<std::size_t>(keep > 0 ? keep : m)));
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      const auto len = rows.start[i + 1] - rows.start[i];
      std::vector<std::int32_t> cols;
      prefix.each_col(rows, i, len, [&](std::int32_t j) { cols.push_back(j); });
      CHECK(cols == std::vector<std::int32_t>(rows.col.begin() + rows.start[i], rows.col.begin() + rows.start[i + 1]));
      for (std::int64_t k = 0; k < len; ++k) CHECK(prefix.weight_at(rows, weight, i, k) == weight[static_cast<std::size_t>(rows.start[i] + k)]);
      // Below each weight and just above it: the links a plain walk of the head finds.
      for (double lam : {0.0, 9.0, 30.0, 45.5, 57.0, 1e9}) {
        std::vector<std::pair<std::int32_t, double>> got, want;
        prefix.each_below(rows, weight, i, lam, [&](std::int32_t j, double d) { got.emplace_back(j, d); });
        for (auto l = rows.start[i]; l < rows.start[i + 1] && weight[static_cast<std::size_t>(l)] < lam; ++l) {
          want.emplace_back(rows.col[static_cast<std::size_t>(l)], weight[static_cast<std::size_t>(l)] - lam);
        }
        CHECK(got == want);
      }
    }
  }
}

TEST_CASE("the p-median bound from its start past the packed prefix: valid, at least the start, the same on any thread count") {
  const index_t n = 600, m = 70, p = 4;
  const auto cost = tied_costs(n, m, 31, 0.05);
  const auto P = whole_demands(n, 3, 0.0, 9.0);
  const View<const double, 1> demand(P.data(), {n});
  const auto links = links_of(cost, n, m);
  const auto cols = by_column(links);
  const double far = 39.0;
  std::vector<char> chosen(static_cast<std::size_t>(m), 0);
  for (index_t j : {5, 22, 40, 61}) chosen[static_cast<std::size_t>(j)] = 1;
  const auto nearest = cd::nearest_cost(cols, chosen, n, far);
  double upper = 0.0;
  for (index_t i = 0; i < n; ++i) upper += P[static_cast<std::size_t>(i)] * nearest[static_cast<std::size_t>(i)];
  // Heads of 24 links (tails with ties to their last) and of 60 (past the packed 32).
  for (index_t keep : {24, 60}) {
    const auto rows = cd::by_row(links, true, keep, 1);
    const auto start = cd::ascent_start(rows, demand, far, m, p, {}, upper / static_cast<double>(p), 2);
    CHECK(start.value <= upper);
    CHECK(start.prefix.width == std::min<std::size_t>(32, static_cast<std::size_t>(keep)));
    const double one = cd::lagrangian_bound<false>(rows, cols, demand, far, p, {}, nearest, upper, 60, 1);
    const double two = cd::lagrangian_bound<false>(rows, cols, demand, far, p, {}, nearest, upper, 60, 2);
    CHECK(one == two);
    CHECK(one >= start.value - 1e-9 * upper);  // the steps keep the best L, the start's included (summed in chunks)
    CHECK(one <= upper);
  }
}
