// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/scenario.hpp>

#include <vector>

using namespace edplan;

TEST_CASE("scenario::run chains the modules exactly as calling them one by one") {
  constexpr index_t R = 1, ages = 51;
  std::vector<double> base(2 * ages, 100.0), survival(2 * ages, 0.99), fertility(population::fertile_ages, 0.04);
  const auto born = [](int y) { return 1000.0 - 20.0 * (y - 2010); };
  std::vector<double> births;
  for (int y = 2010; y <= 2023; ++y) births.push_back(born(y));
  // Grade g in year t was born in t - 5 - g, which for the upper grades is before 2010, the
  // first observed birth year (indexing `births` there read before the vector: ASan).
  std::vector<double> history;
  for (int t = 2021; t <= 2023; ++t)
    for (int g = 1; g <= 9; ++g) history.push_back(0.98 * born(t - 5 - g));
  std::vector<double> places{5500.0, 2800.0};

  scenario::Scenario s;
  s.base_year = 2023;
  s.horizon = 2030;
  s.regions = {"A"};
  s.population.base = View<const double, 3>(base.data(), {R, 2, ages});
  s.population.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
  s.population.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  s.levels = {enrolment::default_levels()[1], enrolment::default_levels()[2]};
  s.history = View<const double, 3>(history.data(), {R, 3, 9});
  s.births_first_year = 2010;
  s.births = View<const double, 2>(births.data(), {R, 14});
  s.places = View<const double, 2>(places.data(), {R, 2});
  s.projects = {capacity::PlaceChange{"J", 0, 1, 500.0, 2026}};
  scenario::RunOptions options;
  options.draws = 50;
  const auto res = scenario::run(s, options);

  // Entry ratio 0.98 on births of 2018 for grade 1 in 2024.
  CHECK(res.enrolment.pupils(0, 0, 0) == doctest::Approx(0.98 * births[8]));
  // Grade 1 in 2030 needs births of 2024: projected by the population step 2024 → 2025.
  CHECK(res.enrolment.pupils(0, 6, 0) == doctest::Approx(0.98 * res.population.births(0, 1)));
  CHECK((*res.capacity)(0, 1, 1) == 2800.0);  // 2025
  CHECK((*res.capacity)(0, 2, 1) == 3300.0);  // the junior project opens in 2026
  CHECK(res.balance->surplus(0, 2, 1) == doctest::Approx(3300.0 - res.totals(0, 2, 1)));
  REQUIRE(res.intervals);
  CHECK(res.intervals->levels.shape(3) == 3);
}
