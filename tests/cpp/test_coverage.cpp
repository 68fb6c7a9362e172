// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>
#include "lcg.hpp"

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

NdArray<double, 3> fca(Measure measure, std::vector<double> demand, std::vector<double> supply, std::vector<double> cost,
                       std::vector<Decay> decays, double max_cost) {
  const auto n = static_cast<index_t>(demand.size());
  const auto m = static_cast<index_t>(supply.size());
  FcaOptions opt;
  opt.max_cost = max_cost;
  opt.threads = 2;
  return floating_catchment(measure, View<const double, 2>(demand.data(), {1, n}), View<const double, 2>(supply.data(), {1, m}),
                            CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m})), decays, opt);
}
}  // namespace

TEST_CASE("decays: right-closed steps and the closed forms") {
  const auto step = Decay::step({10, 20, 30}, {1.0, 0.68, 0.22});
  CHECK(step(0) == 1.0);
  CHECK(step(10) == 1.0);  // right-closed: 10 is in the first step
  CHECK(step(10.5) == 0.68);
  CHECK(step(30) == 0.22);
  CHECK(step(30.01) == 0.0);
  CHECK(Decay::linear(20)(5) == doctest::Approx(0.75));
  CHECK(Decay::linear(20)(25) == 0.0);
  CHECK(Decay::gaussian(20)(20) == doctest::Approx(std::exp(-0.5)));
  CHECK(Decay::gravity(20, -2, 1)(0) == doctest::Approx(400.0));  // PySAL access's docstring example
  CHECK(Decay::gravity(20, -2, 1)(40) == doctest::Approx(0.25));
  CHECK(Decay::exponential(0.1)(10) == doctest::Approx(std::exp(-1.0)));
  CHECK(Decay::logistic(30, 0.2)(0) == doctest::Approx(1.0));
  CHECK(Decay::logistic(30, 0.2)(30) == doctest::Approx((1 + std::exp(-6.0)) / 2));
  std::vector<double> in_place{0, 10, 10.5, 31};  // weights written over their costs
  step.apply(in_place.data(), in_place.data(), 4);
  CHECK(in_place == std::vector<double>{1.0, 1.0, 0.68, 0.0});
  Problems problems;
  validate(problems, Decay::step({20, 10}, {1.0, -1.0}), "decay");
  validate(problems, Decay::gaussian(0), "g");
  REQUIRE(problems.size() == 3);
  CHECK(problems.list()[0].where == "decay.thresholds[1]");
  CHECK(problems.list()[2].where == "g.sigma");
}

TEST_CASE("decays: lower-boundary steps with a tail (R accessibility's decay_stepped)") {
  // tests/testthat/test-decay_stepped.R: steps (10, 20, 30, 40), weights (0.75, 0.5, 0.25, 0).
  const auto four = Decay::stepped({10, 20, 30, 40}, {0.75, 0.5, 0.25, 0.0});
  std::vector<double> w{0, 10, 20, 30, 40};
  four.apply(w.data(), w.data(), 5);
  CHECK(w == std::vector<double>{1.0, 0.75, 0.5, 0.25, 0.0});
  const auto tail = Decay::stepped({25}, {0.4});
  CHECK(tail(24.999) == 1.0);
  CHECK(tail(25) == 0.4);
  CHECK(tail(1e9) == 0.4);  // a non-zero tail never ends
  CHECK(tail.describe() == "stepped(25: 0.4)");
  Problems problems;
  validate(problems, Decay::stepped({0, 10, 5}, {0.5, 0.2, 0.1}), "decay");
  REQUIRE(problems.size() == 2);
  CHECK(problems.list()[0].where == "decay.steps[0]");
  CHECK(problems.list()[1].where == "decay.thresholds[2]");
}

TEST_CASE("two-step FCA by hand, one pass and many decays agree") {
  // Demand 100 and 50; site 0 (10 places) reaches both, site 1 (30 places) only point 1.
  const std::vector<double> cost{5, inf, 10, 15};
  const auto a = fca(Measure::two_step, {100, 50}, {10, 30}, cost, {Decay::none()}, 20);
  CHECK(a(0, 0, 0) == doctest::Approx(10.0 / 150));
  CHECK(a(0, 0, 1) == doctest::Approx(10.0 / 150 + 30.0 / 50));
  // A catchment of 12 drops the link 1 -> 1 (cost 15): site 1 then serves nobody.
  const auto b = fca(Measure::two_step, {100, 50}, {10, 30}, cost, {Decay::none(), Decay::linear(20)}, 12);
  CHECK(b(0, 0, 1) == doctest::Approx(10.0 / 150));
  // Linear decay: w = 0.75 (cost 5) and 0.5 (cost 10); R_0 = 10 / (75 + 25).
  CHECK(b(1, 0, 0) == doctest::Approx(0.1 * 0.75));
  CHECK(b(1, 0, 1) == doctest::Approx(0.1 * 0.5));
  std::vector<double> P{100, 50}, S{10, 30};
  FcaOptions opt;
  opt.max_cost = 20;
  const auto direct = two_step_fca(View<const double, 2>(P.data(), {1, 2}), View<const double, 2>(S.data(), {1, 2}),
                                   CostMatrix::from_dense(View<const double, 2>(cost.data(), {2, 2})), {Decay::none()}, opt);
  CHECK(direct(0, 0, 1) == doctest::Approx(10.0 / 150 + 30.0 / 50));
  const auto wc = fca(Measure::weighted_catchment, {100, 50}, {10, 30}, cost, {Decay::none()}, 20);
  CHECK(wc(0, 0, 1) == doctest::Approx(40.0));
  // Spatial availability hands out all 40 places: 10·100/150 to point 0, the rest to point 1.
  const auto sa = fca(Measure::spatial_availability, {100, 50}, {10, 30}, cost, {Decay::none()}, 20);
  CHECK(sa(0, 0, 0) == doctest::Approx(10.0 * 100 / 150));
  CHECK(sa(0, 0, 0) + sa(0, 0, 1) == doctest::Approx(40.0));
}

TEST_CASE("a matrix with no sites gives zero access (found by fuzzing)") {
  // Rows of a 2 x 0 matrix were read through a reference to its (null) first cell.
  const std::vector<double> demand{100, 50};
  const std::vector<double> none;
  for (const auto measure : {Measure::two_step, Measure::three_step, Measure::bfca}) {
    const auto a = floating_catchment(measure, View<const double, 2>(demand.data(), {1, 2}),
                                      View<const double, 2>(none.data(), {1, 0}),
                                      CostMatrix::from_dense(View<const double, 2>(none.data(), {2, 0})), {Decay::none()},
                                      FcaOptions{});
    CHECK(a(0, 0, 0) == 0.0);
    CHECK(a(0, 0, 1) == 0.0);
  }
}

TEST_CASE("a CSR row that repeats a column more times than there are columns (found by fuzzing)") {
  // scipy keeps duplicates in a non-canonical CSR matrix; the row buffers were sized by the
  // number of columns, so a row of three links to the one site wrote past them.
  const std::vector<std::int64_t> indptr{0, 3};
  const std::vector<std::int32_t> indices{0, 0, 0};
  const std::vector<double> costs{1.0, 2.0, 3.0}, demand{10.0}, supply{5.0};
  for (const auto measure : {Measure::two_step, Measure::three_step, Measure::weighted_catchment}) {
    const auto a = floating_catchment(
        measure, View<const double, 2>(demand.data(), {1, 1}), View<const double, 2>(supply.data(), {1, 1}),
        CostMatrix::from_csr(1, 1, View<const std::int64_t, 1>(indptr.data(), {2}),
                             View<const std::int32_t, 1>(indices.data(), {3}), View<const double, 1>(costs.data(), {3})),
        {Decay::none()}, FcaOptions{});
    CHECK(std::isfinite(a(0, 0, 0)));
  }
}

TEST_CASE("bad costs are named, all at once") {
  const std::vector<double> cost{5, -1, std::nan(""), 15};
  try {
    (void)fca(Measure::two_step, {100, 50}, {10, 30}, cost, {Decay::none()}, 20);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].where == "cost[demand=0, supply=1]");
    CHECK(e.problems()[1].where == "cost[demand=1, supply=0]");
  }
  FcaOptions opt;
  opt.dense_budget = 16;  // bytes: a 2 x 2 matrix takes 32
  std::vector<double> d{1, 1}, s{1, 1}, c{1, 1, 1, 1};
  CHECK_THROWS_WITH_AS(floating_catchment(Measure::two_step, View<const double, 2>(d.data(), {1, 2}),
                                          View<const double, 2>(s.data(), {1, 2}),
                                          CostMatrix::from_dense(View<const double, 2>(c.data(), {2, 2})), {Decay::none()}, opt),
                       doctest::Contains("pass a sparse catchment"), InputError);
}

TEST_CASE("the dense budget is a constant the options carry, not read from the environment") {
  static_assert(default_dense_budget() == std::int64_t{4096} * 1024 * 1024, "4096 MB");
  CHECK(FcaOptions{}.dense_budget == default_dense_budget());
  CHECK(SitingOptions{}.dense_budget == default_dense_budget());
}

TEST_CASE("p-center and LSCP-B on a line, and the points out of reach named") {
  // Points at 0, 1, 5, 6, 10; candidates at 0.5, 5.5, 9.
  const std::vector<double> x{0, 1, 5, 6, 10}, y{0.5, 5.5, 9};
  std::vector<double> cost;
  for (double a : x) {
    for (double b : y) cost.push_back(std::abs(a - b));
  }
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {5, 3}));
  // One site: 5.5 leaves 0 at 5.5 (0.5 leaves 10 at 9.5, 9 leaves 0 at 9).
  CHECK(p_center(C, 1, {}).objective == 5.5);
  // Two: {0.5, 9} leaves 5 at 4; {0.5, 5.5} leaves 10 at 4.5; {5.5, 9} leaves 0 at 5.5.
  const auto two = p_center(C, 2, {});
  CHECK(two.sites == std::vector<index_t>{0, 2});
  CHECK(two.objective == 4.0);
  CHECK(p_center(C, 2, {1}).objective == 4.5);
  CHECK_THROWS_AS(p_center(C, 0, {}), InputError);
  // Within 4.5 two sites cover all; {0.5, 5.5} covers 1 and 5 twice, {0.5, 9} only 5.
  const auto backed = lscp_b(C, 4.5, {});
  CHECK(backed.sites == std::vector<index_t>{0, 1});
  CHECK(backed.objective == 2.0);
  CHECK(backed.backup == 2.0);
  // Within 0.4 no candidate reaches any point: every one is named.
  try {
    lscp(C, 0.4, {});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 5);
    CHECK(e.problems()[0].where == "cost[0]");
  }
}

TEST_CASE("2SFCA on a sparse matrix read twice in place: the same doubles as on its links") {
  // A random CSR matrix (some links beyond max_cost), 3 years, two decays: the streamed pass
  // (for matrices too wide to fuse) against the links built with their weights and summed, as
  // that pass took them before, and against the fused pass, compared exactly.
  const index_t n = 700, m = 40, T = 3;
  edplan::testing::Lcg rng{12345};
  const auto next = [&] { return rng.uniform(); };
  std::vector<std::int64_t> indptr{0};
  std::vector<std::int32_t> indices;
  std::vector<double> data;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < m; ++j) {
      if (next() < 0.2) {
        indices.push_back(static_cast<std::int32_t>(j));
        data.push_back(40.0 * next());
      }
    }
    indptr.push_back(static_cast<std::int64_t>(indices.size()));
  }
  std::vector<double> demand(static_cast<std::size_t>(T * n)), supply(static_cast<std::size_t>(T * m));
  for (auto& p : demand) p = next() < 0.1 ? 0.0 : 1000.0 * next();
  for (auto& s : supply) s = 100.0 * next();
  const auto nnz = static_cast<index_t>(indices.size());
  const auto cost = CostMatrix::from_csr(n, m, View<const std::int64_t, 1>(indptr.data(), {n + 1}),
                                         View<const std::int32_t, 1>(indices.data(), {nnz}),
                                         View<const double, 1>(data.data(), {nnz}));
  const View<const double, 2> P(demand.data(), {T, n}), S(supply.data(), {T, m});
  for (const auto& decay : {Decay::step({10, 20, 30}, {1.0, 0.68, 0.22}), Decay::gaussian(12.0)}) {
    FcaOptions opt;
    opt.max_cost = 30;
    opt.threads = 2;
    NdArray<double, 2> streamed({T, n});
    coverage::detail::two_step_streamed(P, S, cost, decay, opt, streamed.view());
    // the links built with their weights, as the pass for wide matrices took them before
    index_t invalid = 0;
    const auto links = build_links(
        cost, opt.max_cost, &decay, 2, [](index_t, index_t, const std::int32_t*, const double*, index_t) {}, invalid);
    const auto D = coverage::detail::supply_side_sums(links, coverage::detail::values_of(links), P, 2);
    NdArray<double, 2> on_links({T, n});
    coverage::detail::demand_side_sums(links, coverage::detail::values_of(links), coverage::detail::supply_ratio(S, D, T),
                                       T, on_links.view(), 2);
    const auto fused = two_step_fca(P, S, cost, {decay}, opt);  // small enough to fuse
    index_t differ = 0, positive = 0;
    for (index_t t = 0; t < T; ++t) {
      for (index_t i = 0; i < n; ++i) {
        differ += streamed(t, i) != on_links(t, i) || streamed(t, i) != fused(0, t, i);
        positive += streamed(t, i) > 0;
      }
    }
    CHECK(differ == 0);
    CHECK(positive > n);  // most areas reach a site: the comparison is not of zeros
    opt.threads = 1;  // the same doubles on one thread
    NdArray<double, 2> one({T, n});
    coverage::detail::two_step_streamed(P, S, cost, decay, opt, one.view());
    CHECK(std::equal(one.data(), one.data() + T * n, streamed.data()));
  }
  data[3] = -1.0;
  FcaOptions opt;
  opt.max_cost = 30;
  NdArray<double, 2> out({T, n});
  CHECK_THROWS_AS(coverage::detail::two_step_streamed(P, S, cost, Decay::none(), opt, out.view()), InputError);
}
