// SPDX-License-Identifier: MIT
// The siting heuristics, their coverage lists and their bounds, on cases small enough to check
// by hand or by enumeration.
#include <doctest/doctest.h>

#include <edplan/coverage.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;

namespace {
const double inf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("siting heuristics find the optimum of a small instance") {
  // 4 demand points on a line at 0, 1, 5, 6; candidates at 0.5, 5.5 and 3.
  const std::vector<double> x{0, 1, 5, 6}, y{0.5, 5.5, 3};
  std::vector<double> cost, demand{10, 20, 30, 5};
  for (double a : x) {
    for (double b : y) cost.push_back(std::abs(a - b));
  }
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {4, 3}));
  const View<const double, 1> P(demand.data(), {4});
  const auto one = mclp(C, P, 2.0, 1, {});
  CHECK(one.sites == std::vector<index_t>{2});  // the middle site reaches 1 and 5: 50 people
  CHECK(one.objective == doctest::Approx(50.0));
  const auto two = mclp(C, P, 1.0, 2, {});
  CHECK(two.sites == std::vector<index_t>{0, 1});
  CHECK(two.objective == doctest::Approx(65.0));
  const auto med = p_median(C, P, 2, {});
  CHECK(med.sites == std::vector<index_t>{0, 1});
  CHECK(med.objective == doctest::Approx(0.5 * 65));
  const auto kept = p_median(C, P, 2, {2});  // the middle site fixed
  // {0, 2} costs 10·0.5 + 20·0.5 + 30·2 + 5·3 = 90; {1, 2} costs 10·3 + 20·2 + 30·0.5 + 5·0.5 = 87.5.
  CHECK(kept.sites == std::vector<index_t>{1, 2});
  CHECK(kept.objective == doctest::Approx(87.5));
  // The bounds: all 65 people are covered, so the upper bound is 65 and the gap 0; the
  // p-median's lower bound lies below its optimum.
  CHECK(two.bound == doctest::Approx(65.0));
  CHECK(two.gap == doctest::Approx(0.0));
  CHECK(med.bound <= 0.5 * 65 + 1e-9);
  CHECK(med.bound >= 0.5 * 65 * (1 - 1e-6));
  CHECK(std::isnan(lscp(C, 1.0, {}).bound));
  // Without room for the swap table the heuristics take one pass over the links per swap,
  // with the same answers here.
  SitingOptions passes;
  passes.swap_table_budget = 0;
  CHECK(mclp(C, P, 1.0, 2, {}, passes).sites == two.sites);
  CHECK(p_median(C, P, 2, {2}, passes).objective == doctest::Approx(87.5));
  CHECK(p_median(C, P, 2, {2}, passes).bound <= 87.5 + 1e-9);
  // p = m - 1 leaves one candidate to refill from: iterated local search still keeps p sites.
  SitingOptions many_rounds;
  many_rounds.rounds = 50;
  CHECK(mclp(C, P, 1.0, 2, {}, many_rounds).sites.size() == 2);
  const auto cover = lscp(C, 1.0, {});
  CHECK(cover.sites == std::vector<index_t>{0, 1});
  CHECK_THROWS_AS(mclp(C, P, 1.0, 5, {}), InputError);
}

TEST_CASE("coverage lists: the links by row and by column in one threaded pass, as catchment then transposing") {
  // 700 x 37 costs (2 blocks of rows), about a third within reach.
  const index_t n = 700, m = 37;
  std::vector<double> cost(static_cast<std::size_t>(n * m));
  std::uint64_t s = 7;
  for (auto& c : cost) c = static_cast<double>(coverage::detail::next_random(s) % 1000) / 10.0;
  cost[5] = inf;
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m}));
  const auto links = catchment(C, 33.0);
  const auto want_rows = coverage::detail::by_row(links, false);
  const auto want_cols = by_column(links, false);
  REQUIRE(links.blocks.size() == 2);
  coverage::detail::CoverageLists lists;  // reused, as the pool reuses it
  auto& rows = lists.rows;
  auto& cols = lists.cols;
  for (int threads : {1, 2, 3}) {
    CHECK(coverage::detail::coverage_lists(C, 33.0, threads, lists) == 0);
    CHECK(rows.start == want_rows.start);
    CHECK(rows.col == want_rows.col);
    CHECK(rows.cost.empty());
    CHECK(rows.whole_len.empty());
    CHECK(cols.start == want_cols.start);
    CHECK(cols.row == want_cols.row);
    CHECK(cols.cost.empty());
  }
  // A sparse matrix gives the same lists (its stored entries are the candidate links).
  std::vector<std::int64_t> indptr{0};
  std::vector<std::int32_t> indices;
  std::vector<double> data;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < m; ++j) {
      if (cost[static_cast<std::size_t>(i * m + j)] <= 50.0) {
        indices.push_back(static_cast<std::int32_t>(j));
        data.push_back(cost[static_cast<std::size_t>(i * m + j)]);
      }
    }
    indptr.push_back(static_cast<std::int64_t>(data.size()));
  }
  const auto S = CostMatrix::from_csr(n, m, View<const std::int64_t, 1>(indptr.data(), {n + 1}),
                                      View<const std::int32_t, 1>(indices.data(), {static_cast<index_t>(indices.size())}),
                                      View<const double, 1>(data.data(), {static_cast<index_t>(data.size())}));
  CHECK(coverage::detail::coverage_lists(S, 33.0, 2, lists) == 0);
  CHECK(rows.col == want_rows.col);
  CHECK(cols.row == want_cols.row);
  // With whole-number demands, the demand each column covers (exact sums, in any order).
  std::vector<double> people(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) people[static_cast<std::size_t>(i)] = static_cast<double>((i * 7919) % 500);
  const View<const double, 1> P(people.data(), {n});
  for (int threads : {1, 2}) {
    CHECK(coverage::detail::coverage_lists(C, 33.0, threads, lists, P) == 0);
    REQUIRE(lists.covered.size() == static_cast<std::size_t>(m));
    for (index_t j = 0; j < m; ++j) {
      double sum = 0.0;
      for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j) + 1]; ++l) {
        sum += people[static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)])];
      }
      CHECK(lists.covered[static_cast<std::size_t>(j)] == sum);
    }
  }
  people[1] = 0.5;  // not whole: no sums (the MCLP sums the gains over the links instead)
  CHECK(coverage::detail::coverage_lists(C, 33.0, 2, lists, P) == 0);
  CHECK(lists.covered.empty());
  CHECK(rows.col == want_rows.col);
  CHECK(cols.row == want_cols.row);
  // NaN and negative costs are counted, and the MCLP names them.
  cost[3] = std::nan("");
  cost[m + 4] = -1.0;
  CHECK(coverage::detail::coverage_lists(C, 33.0, 2, lists) == 2);
  std::vector<double> demand(static_cast<std::size_t>(n), 1.0);
  try {
    mclp(C, View<const double, 1>(demand.data(), {n}), 33.0, 3, {});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].where == "cost[demand=0, supply=3]");
  }
}

TEST_CASE("siting bounds over chunks of points: valid, and the same for any thread count") {
  // 2,100 points and 40 candidates on a line of 100 (the bound's passes take 2 chunks).
  const index_t n = 2100, m = 40;
  std::vector<double> cost(static_cast<std::size_t>(n * m)), demand(static_cast<std::size_t>(n));
  std::uint64_t s = 11;
  for (index_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(coverage::detail::next_random(s) % 10000) / 100.0;
    demand[static_cast<std::size_t>(i)] = static_cast<double>(1 + coverage::detail::next_random(s) % 50);
    for (index_t j = 0; j < m; ++j) cost[static_cast<std::size_t>(i * m + j)] = std::abs(x - 2.5 * static_cast<double>(j));
  }
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m}));
  const View<const double, 1> P(demand.data(), {n});
  double people = 0.0;
  for (double d : demand) people += d;
  SitingOptions one, two;
  one.threads = 1;
  two.threads = 2;
  // 4 sites within 3 of a point cover at most 4 x 6 = 24 of the line's 100: a positive gap to bound.
  const auto a = mclp(C, P, 3.0, 4, {}, one), b = mclp(C, P, 3.0, 4, {}, two);
  CHECK(a.sites == b.sites);
  CHECK(a.bound == b.bound);
  CHECK(a.objective < people * 0.3);
  CHECK(a.bound >= a.objective);
  CHECK(a.bound <= people);
  const auto c = p_median(C, P, 5, {}, one), d = p_median(C, P, 5, {}, two);
  CHECK(c.sites == d.sites);
  CHECK(c.bound == d.bound);
  CHECK(c.bound <= c.objective);
  // Five sites at 10, 30, 50, 70, 90 leave each point at most 10 away, 5 on average: the
  // optimum is near 5 per person, and the bound proves the answer within a few percent of it.
  CHECK(c.objective <= 5.5 * people);
  CHECK(c.gap < 0.05);
}

TEST_CASE("p-median dual ascent and bound, by hand") {
  // Two people, two sites. A costs 1 to site 0 and 3 to site 1; B costs 2 and 1. Opening
  // site 0 costs 1 + 2 = 3, site 1 costs 3 + 1 = 4: with p = 1 the optimum is 3.
  const std::vector<double> cost{1, 3, 2, 1}, demand{1, 1};
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {2, 2}));
  const View<const double, 1> P(demand.data(), {2});
  const auto links = catchment(C, std::numeric_limits<double>::infinity(), nullptr, 1);
  const auto rows = coverage::detail::by_row(links, true, 16, 1);  // heads: the whole rows, by cost
  std::vector<double> weight(rows.cost.size());
  for (std::size_t l = 0; l < weight.size(); ++l) weight[l] = rows.cost[l];  // P = 1
  // At the price mu = 1.5 both start at their cheapest weight (1). Pass 1: A rises towards 3,
  // stopped at 2.5 by site 0's slack (1.5); B rises to its next breakpoint, 2, and site 1's
  // slack falls to 0.5. Pass 2: B now reaches site 0 too, whose slack is 0: blocked.
  const auto lambda = coverage::detail::dual_ascent(rows, weight, P, {7.0, 7.0}, 2, 1.5);
  CHECK(lambda == std::vector<double>{2.5, 2.0});
  // There L = 2.5 + 2 + min(rho_0, rho_1) = 4.5 + min(-1.5 + 0, 0 - 1) = 3: the optimum.
  const auto med = p_median(C, P, 1, {});
  CHECK(med.sites == std::vector<index_t>{0});
  CHECK(med.objective == 3.0);
  CHECK(med.bound == doctest::Approx(3.0).epsilon(1e-12));
  CHECK(med.bound <= 3.0);
  // At mu = 4.5, pass 1 takes A to 3 (site 0 charged 2, slack 2.5) and B to 2 (site 1
  // charged 1, slack 3.5); in pass 2 A, reaching both sites, rises by the lesser slack to
  // 5.5, spending site 0's, and B, which now reaches site 0, cannot move. The ascent's own
  // bound, sum lambda - p mu = 7.5 - 4.5, is the optimum again.
  CHECK(coverage::detail::dual_ascent(rows, weight, P, {7.0, 7.0}, 2, 4.5) == std::vector<double>{5.5, 2.0});
}
