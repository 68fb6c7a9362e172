// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/capacity.hpp>

#include <cmath>
#include <vector>

using namespace edplan;
using namespace edplan::capacity;

TEST_CASE("capacity_timeline adds opened projects and removes closures from their year") {
  const std::vector<double> base{1000, 500, 800, 0};  // 2 regions × 2 levels
  const std::vector<PlaceChange> changes{{"P1", 0, 1, 1080, 2025}, {"C1", 1, 0, -200, 2026}, {"P0", 1, 1, 540, 2020}};
  const auto cap = capacity_timeline(View<const double, 2>(base.data(), {2, 2}), changes, 2024, 4);
  CHECK(cap(0, 0, 1) == 500);
  CHECK(cap(0, 1, 1) == 1580);
  CHECK(cap(0, 3, 1) == 1580);
  CHECK(cap(1, 1, 0) == 800);
  CHECK(cap(1, 2, 0) == 600);
  CHECK(cap(1, 0, 1) == 540);  // opened before the first year: counted from the start
  const std::vector<PlaceChange> too_much{{"C2", 0, 0, -1200, 2025}, {"X", 5, 0, 10, 2025}};
  try {
    (void)capacity_timeline(View<const double, 2>(base.data(), {2, 2}), too_much, 2024, 4);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "projects[X]: unknown region index 5");
  }
  try {
    (void)capacity_timeline(View<const double, 2>(base.data(), {2, 2}), {too_much[0]}, 2024, 4);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "projects: region 0, level 0: closures leave -200 places in 2025; expected places >= 0");
  }
}

TEST_CASE("balance: surplus, deficit, utilisation and classes needed") {
  const std::vector<double> demand{900, 1200, 0, 46};
  const std::vector<double> capacity{1000, 1000, 0, 0};
  const auto b = balance(View<const double, 3>(demand.data(), {1, 2, 2}), View<const double, 3>(capacity.data(), {1, 2, 2}),
                         {45.0, 30.0});
  CHECK(b.surplus(0, 0, 0) == 100);
  CHECK(b.deficit(0, 0, 0) == 0);
  CHECK(b.utilisation(0, 0, 0) == doctest::Approx(0.9));
  CHECK(b.classes_needed(0, 0, 0) == 20);   // 900 / 45
  CHECK(b.classes_needed(0, 0, 1) == 40);   // 1200 / 30
  CHECK(b.deficit(0, 0, 1) == 200);
  CHECK(b.surplus(0, 0, 1) == -200);
  CHECK(std::isnan(b.utilisation(0, 1, 0)));  // no places
  CHECK(b.classes_needed(0, 1, 1) == 2);      // ceil(46 / 30)
  CHECK_THROWS_AS((void)balance(View<const double, 3>(demand.data(), {1, 2, 2}),
                                View<const double, 3>(capacity.data(), {1, 2, 2}), {45.0}),
                  InputError);
}

TEST_CASE("large classes: more pupils than the norm when spread evenly") {
  CHECK(count_large_classes(95, 2, 45) == 2);  // 47 + 48
  CHECK(count_large_classes(91, 2, 45) == 1);  // 45 + 46
  CHECK(count_large_classes(90, 2, 45) == 0);  // 45 + 45
  CHECK(count_large_classes(90.4, 2, 45) == 0);
  CHECK(count_large_classes(500, 0, 45) == 0);
}

TEST_CASE("peak_year is the first year of the highest demand") {
  const std::vector<double> demand{5, 9, 9, 3};
  const auto peak = peak_year(View<const double, 3>(demand.data(), {1, 4, 1}));
  CHECK(peak(0, 0) == 1);
}

TEST_CASE("balance counts large classes where class counts are given") {
  const std::vector<double> demand{95, 91};
  const std::vector<double> capacity{100, 100};
  const std::vector<double> classes{2, 2};
  const auto b = balance(View<const double, 3>(demand.data(), {1, 2, 1}), View<const double, 3>(capacity.data(), {1, 2, 1}),
                         {45.0}, View<const double, 3>(classes.data(), {1, 2, 1}));
  CHECK(b.large_classes(0, 0, 0) == 2);
  CHECK(b.large_classes(0, 1, 0) == 1);
}
