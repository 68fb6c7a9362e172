// SPDX-License-Identifier: MIT
// Coverage metrics, the older population and the ranking of new sites, on cases small enough
// to check by hand.
#include <doctest/doctest.h>
#include "lcg.hpp"

#include <edplan/coverage.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Three areas in two regions: A = {a0 township, a1 village}, B = {a2 village}; people aged 60+
// 1000, 500, 1500 in 2024 and 1200, 600, 1800 in 2030. Sites: s0 an elder school in a0 (300
// places, 250 learners), s1 a learning point in a2 (100 places, full), s2 an elder university
// planned in a1 for 2030 (50 places). Costs within 30 reach: a0-s0, a1-s0, a1-s1, a1-s2, a2-s1
// (a2-s0 is 40).
struct Case {
  std::vector<index_t> area_region{0, 0, 1};
  std::vector<AreaKind> area_kind{AreaKind::township, AreaKind::village, AreaKind::village};
  std::vector<index_t> site_area{0, 2, 1};
  std::vector<double> capacity{300, 100, 50};
  std::vector<double> learners{250, 100, 0};
  std::vector<Tier> tier{Tier::school, Tier::point, Tier::university};
  std::vector<double> open_year{not_a_number, not_a_number, 2030};
  std::vector<double> years{2024, 2030};
  std::vector<double> population{1000, 500, 1500, 1200, 600, 1800};
  std::vector<double> cost{0, inf, inf, 20, 25, 0, 40, 0, inf};

  CoverageInputs inputs() const {
    CoverageInputs in;
    in.regions = 2;
    in.area_region = View<const index_t, 1>(area_region.data(), {3});
    in.area_kind = View<const AreaKind, 1>(area_kind.data(), {3});
    in.site_area = View<const index_t, 1>(site_area.data(), {3});
    in.capacity = View<const double, 1>(capacity.data(), {3});
    in.learners = View<const double, 1>(learners.data(), {3});
    in.tier = View<const Tier, 1>(tier.data(), {3});
    in.open_year = View<const double, 1>(open_year.data(), {3});
    in.years = View<const double, 1>(years.data(), {2});
    in.population = View<const double, 2>(population.data(), {2, 3});
    in.cost = CostMatrix::from_dense(View<const double, 2>(cost.data(), {3, 3}));
    in.max_cost = 30;
    return in;
  }
};
}  // namespace

TEST_CASE("coverage metrics by area, region and year, by hand") {
  const Case c;
  auto in = c.inputs();
  const auto r = coverage_metrics(in);

  SUBCASE("areas: 2SFCA places per person and the flags") {
    // 2024: R(s0) = 300 / (1000 + 500) = 0.2, R(s1) = 100 / (500 + 1500) = 0.05 (s2 not open).
    CHECK(r.areas.places_per_person(0, 0) == doctest::Approx(0.2));
    CHECK(r.areas.places_per_person(0, 1) == doctest::Approx(0.25));
    CHECK(r.areas.places_per_person(0, 2) == doctest::Approx(0.05));
    // 2030: R(s0) = 300/1800, R(s1) = 100/2400, R(s2) = 50/600 (a1 only).
    CHECK(r.areas.places_per_person(1, 1) == doctest::Approx(300.0 / 1800 + 100.0 / 2400 + 50.0 / 600));
    // s1 is full, so a2 (whose only link within 30 is s1) is out of reach; s0 has places to spare.
    CHECK(r.areas.within_reach(0, 0) == 1);
    CHECK(r.areas.within_reach(0, 1) == 1);
    CHECK(r.areas.within_reach(0, 2) == 0);
    CHECK(r.areas.has_school(0, 0) == 1);
    CHECK(r.areas.has_point(0, 1) == 0);
    CHECK(r.areas.has_point(1, 1) == 1);       // s2 opens in 2030
    CHECK(r.areas.has_school(1, 1) == 1);      // a university is a school too
    CHECK(r.areas.has_university(1, 1) == 1);
  }

  SUBCASE("regions: participation, learners needed, reach, shares and their gaps") {
    // A 2024: 250 learners of 1,500: 1/6; target 0.2 → gap 0.2 − 1/6; 300 learners needed − 250.
    CHECK(r.regions.population(0, 0) == 1500);
    CHECK(r.regions.learners(0, 0) == 250);
    CHECK(r.regions.capacity(0, 0) == 300);
    CHECK(r.regions.participation(0, 0) == doctest::Approx(1.0 / 6));
    CHECK(r.regions.participation_gap(0, 0) == doctest::Approx(0.2 - 1.0 / 6));
    CHECK(r.regions.learners_needed(0, 0) == 50);
    CHECK(r.regions.within_reach(0, 0) == 1.0);
    CHECK(std::isnan(r.regions.within_reach_gap(0, 0)));  // no target by default
    CHECK(r.regions.townships(0, 0) == 1);
    CHECK(r.regions.township_school(0, 0) == 1.0);
    CHECK(r.regions.township_school_gap(0, 0) == 0.0);
    CHECK(r.regions.village_point(0, 0) == 0.0);  // a1 has no site until 2030
    CHECK(r.regions.village_point_gap(0, 0) == doctest::Approx(0.6));
    CHECK(r.regions.village_point(0, 1) == 1.0);
    // B 2024: 100 of 1,500, 300 needed − 100 = 200; nobody within reach of a site with places;
    // no township: its share and gap are NaN.
    CHECK(r.regions.participation(1, 0) == doctest::Approx(1.0 / 15));
    CHECK(r.regions.learners_needed(1, 0) == 200);
    CHECK(r.regions.within_reach(1, 0) == 0.0);
    CHECK(r.regions.townships(1, 0) == 0);
    CHECK(std::isnan(r.regions.township_school(1, 0)));
    CHECK(std::isnan(r.regions.township_school_gap(1, 0)));
    // 2030: A has 1,800 people and the same 250 learners: 360 needed − 250 = 110.
    CHECK(r.regions.learners_needed(0, 1) == 110);
    CHECK(r.has_university(0, 0) == 0.0);
    CHECK(r.has_university(0, 1) == 1.0);
    CHECK(r.has_university(1, 1) == 0.0);
  }

  SUBCASE("total over both regions, and the county university share") {
    CHECK(r.total.population(0, 0) == 3000);
    CHECK(r.total.learners(0, 0) == 350);
    CHECK(r.total.learners_needed(0, 0) == 600 - 350);
    CHECK(r.total.within_reach(0, 0) == 0.5);  // 1,500 of 3,000
    CHECK(r.total.villages(0, 0) == 2);
    CHECK(r.total.village_point(0, 0) == 0.5);
    CHECK(r.total.village_point_gap(0, 0) == doctest::Approx(0.1));
    CHECK(r.counties == 2);
    CHECK(r.county_university(0) == 0.0);
    CHECK(r.county_university_gap(0) == 1.0);
    CHECK(r.county_university(1) == 0.5);
    CHECK(r.county_university_gap(1) == 0.5);
  }

  SUBCASE("learners needed when the target lands on a whole number") {
    // 0.55 × 1,500 is 825.0000000000001 in binary: 825 learners meet it, not 826.
    in.targets.participation = 0.55;
    in.targets.within_reach = 0.8;
    const auto t = coverage_metrics(in);
    CHECK(t.regions.learners_needed(0, 0) == 825 - 250);
    CHECK(t.total.within_reach_gap(0, 0) == doctest::Approx(0.3));
    in.targets.participation.reset();
    CHECK(std::isnan(coverage_metrics(in).regions.learners_needed(0, 0)));
    CHECK(std::isnan(coverage_metrics(in).regions.participation_gap(0, 0)));
  }

  SUBCASE("unknown learners: participation NaN, every place spare") {
    in.learners.reset();
    const auto u = coverage_metrics(in);
    CHECK(std::isnan(u.regions.learners(0, 0)));
    CHECK(std::isnan(u.regions.participation(0, 0)));
    CHECK(std::isnan(u.total.learners_needed(0, 0)));
    CHECK(u.regions.capacity(1, 0) == 100);
    CHECK(u.regions.within_reach(1, 0) == 1.0);  // s1 counts as having places now
  }

  SUBCASE("unknown tiers: school and university measures NaN, village points still known") {
    in.tier.reset();
    const auto u = coverage_metrics(in);
    CHECK(std::isnan(u.regions.township_school(0, 0)));
    CHECK(std::isnan(u.has_university(0, 1)));
    CHECK(std::isnan(u.county_university(1)));
    CHECK(std::isnan(u.county_university_gap(1)));
    CHECK(u.regions.village_point(0, 1) == 1.0);
  }
}

TEST_CASE("coverage metrics name every bad input") {
  Case c;
  c.area_region[2] = 5;
  c.capacity[1] = -1;
  c.years[1] = 2024;
  auto in = c.inputs();
  in.max_cost = not_a_number;
  try {
    coverage_metrics(in);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    std::vector<std::string> where;
    for (const auto& p : e.problems()) where.push_back(p.where);
    CHECK(where == std::vector<std::string>{"area_region[2]", "capacity[site=1]", "years[1]", "max_cost"});
  }
}

TEST_CASE("older population grows with its region's people aged min_age+") {
  // Two regions, ages 0..3, min_age 2: region 0 has 10 + 20 (F) + 30 + 40 (M) = 100 people aged
  // 2+ in the base year and 15 + 25 + 35 + 45 = 120 a year on; region 1 has nobody that old.
  std::vector<double> projection(2 * 2 * 2 * 4, 0.0);
  const auto at = [&](index_t r, index_t t, index_t s, index_t a) -> double& {
    return projection[static_cast<std::size_t>(((r * 2 + t) * 2 + s) * 4 + a)];
  };
  at(0, 0, 0, 2) = 10, at(0, 0, 0, 3) = 20, at(0, 0, 1, 2) = 30, at(0, 0, 1, 3) = 40;
  at(0, 1, 0, 2) = 15, at(0, 1, 0, 3) = 25, at(0, 1, 1, 2) = 35, at(0, 1, 1, 3) = 45;
  at(0, 0, 0, 1) = 999;  // too young
  at(1, 1, 0, 3) = 7;    // but none in the base year: the growth is 0
  const View<const double, 4> view(projection.data(), {2, 2, 2, 4});
  const auto older = older_by_region(view, 2);
  CHECK(older(0, 0) == 100);
  CHECK(older(0, 1) == 120);
  CHECK(older(1, 1) == 7);
  const std::vector<index_t> region{0, 0, 1};
  const std::vector<double> base{50, 80, 60};
  const auto P =
      older_population(view, View<const index_t, 1>(region.data(), {3}), View<const double, 1>(base.data(), {3}), 2);
  CHECK(P(0, 0) == 50);
  CHECK(P(0, 1) == 60);  // 50 · 120 / 100
  CHECK(P(1, 1) == doctest::Approx(96));
  CHECK(P(2, 0) == 0);
  CHECK(P(2, 1) == 0);

  // The same from the rows of the long table, in any order.
  std::vector<index_t> rr, tt;
  std::vector<double> age, count;
  for (index_t r = 0; r < 2; ++r)
    for (index_t t = 0; t < 2; ++t)
      for (index_t s = 0; s < 2; ++s)
        for (index_t a = 3; a >= 0; --a) {
          rr.push_back(r), tt.push_back(t), age.push_back(static_cast<double>(a)), count.push_back(at(r, t, s, a));
        }
  const auto n = static_cast<index_t>(rr.size());
  const PopulationRows rows{View<const index_t, 1>(rr.data(), {n}), View<const index_t, 1>(tt.data(), {n}),
                            View<const double, 1>(age.data(), {n}), View<const double, 1>(count.data(), {n}), 2, 2};
  const auto from_rows = older_by_region(rows, 2.0);
  for (index_t r = 0; r < 2; ++r)
    for (index_t t = 0; t < 2; ++t) CHECK(from_rows(r, t) == older(r, t));

  count[0] = -1;
  CHECK_THROWS_AS(older_by_region(rows, 2.0), InputError);
}

TEST_CASE("recommended sites: MCLP with spare sites fixed, then ranked by people newly reached") {
  // Four areas with 100, 200, 300, 400 people aged 60+. e0 (spare places) reaches a0 and stays
  // fixed; e1 is full and reaches nobody new. Candidates: c2 reaches a0, a1; c3 a2, a3; c4 a2.
  const std::vector<double> demand{100, 200, 300, 400};
  std::vector<double> cost(4 * 5, inf);
  const auto link = [&](index_t i, index_t j) { cost[static_cast<std::size_t>(i * 5 + j)] = 10; };
  link(0, 0), link(1, 1), link(0, 2), link(1, 2), link(2, 3), link(3, 3), link(2, 4);
  const std::vector<std::uint8_t> candidate{0, 0, 1, 1, 1};
  const std::vector<double> capacity{10, 10, inf, inf, inf};
  const std::vector<double> learners{5, 10, 0, 0, 0};
  RecommendInputs in;
  in.demand = View<const double, 1>(demand.data(), {4});
  in.cost = CostMatrix::from_dense(View<const double, 2>(cost.data(), {4, 5}));
  in.candidate = View<const std::uint8_t, 1>(candidate.data(), {5});
  in.capacity = View<const double, 1>(capacity.data(), {5});
  in.learners = View<const double, 1>(learners.data(), {5});
  in.max_cost = 30;

  SUBCASE("two new sites: c3 first (700 new people), then c2 (200)") {
    in.new_sites = 2;
    const auto ranked = recommend_sites(in);
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0].site == 3);
    CHECK(ranked[0].added == 700);
    CHECK(ranked[0].reached == 800);
    CHECK(ranked[0].reached_share == 0.8);
    CHECK(ranked[1].site == 2);
    CHECK(ranked[1].added == 200);
    CHECK(ranked[1].reached == 1000);
    CHECK(ranked[1].reached_share == 1.0);
  }
  SUBCASE("three asked, two worth building: c4 adds nobody after c3") {
    in.new_sites = 3;
    const auto ranked = recommend_sites(in);
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0].site == 3);
    CHECK(ranked[1].site == 2);
  }
  SUBCASE("sites chosen elsewhere are ranked as given") {
    in.chosen = std::vector<index_t>{4, 2};
    const auto ranked = recommend_sites(in);
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0].site == 4);  // 300 new people against c2's 200
    CHECK(ranked[0].reached == 400);
    CHECK(ranked[1].site == 2);
    CHECK(ranked[1].reached_share == 0.6);
    in.chosen = std::vector<index_t>{0};
    CHECK_THROWS_AS(recommend_sites(in), InputError);  // an existing site is not a candidate
  }
  SUBCASE("a negative number of new sites") {
    in.new_sites = -1;
    CHECK_THROWS_WITH_AS(recommend_sites(in), "new_sites: got -1; expected a number of new sites >= 0", InputError);
  }
}

TEST_CASE("recommended sites from the first columns of a larger CSR matrix, read in place by row ends") {
  // The matrix of the test above as the first five columns of a seven-column CSR matrix: each
  // row's links to columns 5 and 6 lie past its end and count for nothing (not even the NaN).
  const std::vector<double> demand{100, 200, 300, 400};
  const std::vector<std::int64_t> indptr{0, 4, 6, 9, 10};
  const std::vector<std::int32_t> indices{0, 2, 5, 6, /**/ 1, 2, /**/ 3, 4, 6, /**/ 3};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> data{10, 10, 1, nan, /**/ 10, 10, /**/ 10, 10, 1, /**/ 10};
  const std::vector<std::int64_t> row_end{2, 6, 8, 10};
  const std::vector<std::uint8_t> candidate{0, 0, 1, 1, 1};
  const std::vector<double> capacity{10, 10, inf, inf, inf};
  const std::vector<double> learners{5, 10, 0, 0, 0};
  RecommendInputs in;
  in.demand = View<const double, 1>(demand.data(), {4});
  in.cost = CostMatrix::from_csr(4, 5, View<const std::int64_t, 1>(indptr.data(), {5}),
                                 View<const std::int32_t, 1>(indices.data(), {10}), View<const double, 1>(data.data(), {10}),
                                 View<const std::int64_t, 1>(row_end.data(), {4}));
  in.candidate = View<const std::uint8_t, 1>(candidate.data(), {5});
  in.capacity = View<const double, 1>(capacity.data(), {5});
  in.learners = View<const double, 1>(learners.data(), {5});
  in.max_cost = 30;
  in.new_sites = 2;
  const auto ranked = recommend_sites(in);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].site == 3);
  CHECK(ranked[0].reached == 800);
  CHECK(ranked[1].site == 2);
  CHECK(ranked[1].reached == 1000);
  CHECK(catchment(in.cost, 30).size() == 7);

  data[1] = nan;  // within row 0's end: named
  CHECK_THROWS_WITH_AS(recommend_sites(in), "cost[demand=0, supply=2]: got nan; expected a cost >= 0 (inf for no link)",
                       InputError);
  data[1] = 10;
  std::vector<std::int64_t> past{2, 7, 8, 10};  // row 1 ends inside row 2
  in.cost.row_end = View<const std::int64_t, 1>(past.data(), {4});
  CHECK_THROWS_WITH_AS(recommend_sites(in), "cost.row_end[1]: got 7; expected an end within the row's entries [4, 6]",
                       InputError);
}

TEST_CASE("recommended sites: a CSR matrix of links only, read in place, ranks as its dense copy") {
  // Random instances: 300 areas, 30 existing sites (a third full), 60 candidates. The CSR
  // matrix holds only links within max_cost, so that its rows are read in place; the dense
  // matrix (inf = no link) and a CSR with a link beyond max_cost go through the copied rows.
  const index_t n = 300, sites = 30, m = 90;
  edplan::testing::Lcg rng{7};
  const auto next = [&] { return rng.uniform(); };
  for (int round = 0; round < 5; ++round) {
    std::vector<double> dense(static_cast<std::size_t>(n * m), inf), demand(static_cast<std::size_t>(n));
    std::vector<std::int64_t> indptr{0};
    std::vector<std::int32_t> indices;
    std::vector<double> data;
    for (index_t i = 0; i < n; ++i) {
      demand[static_cast<std::size_t>(i)] = std::floor(1000.0 * next());
      for (index_t j = 0; j < m; ++j) {
        if (next() < 0.05) {
          const double c = std::floor(30.0 * next());
          dense[static_cast<std::size_t>(i * m + j)] = c;
          indices.push_back(static_cast<std::int32_t>(j));
          data.push_back(c);
        }
      }
      indptr.push_back(static_cast<std::int64_t>(indices.size()));
    }
    std::vector<std::uint8_t> candidate(static_cast<std::size_t>(m), 1);
    std::vector<double> capacity(static_cast<std::size_t>(m), inf), learners(static_cast<std::size_t>(m), 0.0);
    for (index_t j = 0; j < sites; ++j) {
      candidate[static_cast<std::size_t>(j)] = 0;
      capacity[static_cast<std::size_t>(j)] = 100;
      learners[static_cast<std::size_t>(j)] = j % 3 == 0 ? 100 : 50;  // a third full: left out
    }
    const auto nnz = static_cast<index_t>(indices.size());
    RecommendInputs in;
    in.demand = View<const double, 1>(demand.data(), {n});
    in.candidate = View<const std::uint8_t, 1>(candidate.data(), {m});
    in.capacity = View<const double, 1>(capacity.data(), {m});
    in.learners = View<const double, 1>(learners.data(), {m});
    in.max_cost = 30;
    in.new_sites = 6;
    in.cost = CostMatrix::from_dense(View<const double, 2>(dense.data(), {n, m}));
    const auto copied = recommend_sites(in);
    in.cost = CostMatrix::from_csr(n, m, View<const std::int64_t, 1>(indptr.data(), {n + 1}),
                                   View<const std::int32_t, 1>(indices.data(), {nnz}),
                                   View<const double, 1>(data.data(), {nnz}));
    const auto in_place = recommend_sites(in);
    REQUIRE(copied.size() >= 3);
    REQUIRE(in_place.size() == copied.size());
    for (std::size_t k = 0; k < copied.size(); ++k) {
      CHECK(in_place[k].site == copied[k].site);
      CHECK(in_place[k].added == copied[k].added);
      CHECK(in_place[k].reached == copied[k].reached);
    }
    data[0] = 45;  // one link beyond max_cost: the rows copied without it, as the dense matrix's
    dense[static_cast<std::size_t>(indices[0])] = inf;
    in.cost = CostMatrix::from_dense(View<const double, 2>(dense.data(), {n, m}));
    const auto dense_without = recommend_sites(in);
    in.cost = CostMatrix::from_csr(n, m, View<const std::int64_t, 1>(indptr.data(), {n + 1}),
                                   View<const std::int32_t, 1>(indices.data(), {nnz}),
                                   View<const double, 1>(data.data(), {nnz}));
    const auto csr_without = recommend_sites(in);
    REQUIRE(csr_without.size() == dense_without.size());
    for (std::size_t k = 0; k < csr_without.size(); ++k) CHECK(csr_without[k].site == dense_without[k].site);
  }
}
