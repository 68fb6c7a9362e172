// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/capacity.hpp>

#include <string>
#include <vector>

using namespace edplan;
using namespace edplan::capacity;

namespace {
/// A (1, 1, 2, staff_ages) profile with `count` teachers of each (sex, age) listed.
std::vector<double> profile(const std::vector<std::pair<int, int>>& sex_age, const std::vector<double>& count) {
  std::vector<double> p(static_cast<std::size_t>(2 * staff_ages), 0.0);
  for (std::size_t i = 0; i < sex_age.size(); ++i) {
    p[static_cast<std::size_t>(sex_age[i].first * staff_ages + sex_age[i].second - min_staff_age)] += count[i];
  }
  return p;
}
}  // namespace

TEST_CASE("a cohort retiring: women leave at 55, men at 60, attrition on the rest, hires from their year") {
  // base year 2023: 10 women aged 54, 20 men aged 58, 5 women aged 30
  const auto p = profile({{0, 54}, {1, 58}, {0, 30}}, {10, 20, 5});
  const View<const double, 4> staff(p.data(), {1, 1, 2, staff_ages});
  const auto none = teachers_available(staff, StaffRules{}, {}, 2024, 3);
  CHECK(none(0, 0, 0) == 25);  // 2024: the women turn 55 and leave; the men are 59
  CHECK(none(0, 1, 0) == 5);   // 2025: the men turn 60 and leave
  CHECK(none(0, 2, 0) == 5);
  const auto leaving = teachers_available(staff, StaffRules{{55, 60}, {0.1}}, {}, 2024, 3);
  CHECK(leaving(0, 0, 0) == doctest::Approx(22.5));  // (20 + 5) · 0.9
  CHECK(leaving(0, 1, 0) == doctest::Approx(4.05));  // 5 · 0.9²
  const std::vector<Hire> hires{{0, 0, 2025, 0, 25, 3.0}, {0, 0, 2024, 1, 62, 1.0}};
  const auto hired = teachers_available(staff, StaffRules{}, hires, 2024, 3);
  CHECK(hired(0, 0, 0) == 26);  // a retired teacher re-hired for 2024 (银龄) ...
  CHECK(hired(0, 1, 0) == 8);   // ... gone in 2025, when three young teachers start
  CHECK(hired(0, 2, 0) == 8);
}

TEST_CASE("a class-based minimum binds in a small region, the ratio in a large one") {
  const std::vector<double> pupils{60, 900};  // 2 regions × 1 year × 1 level
  const auto need = teachers_needed(View<const double, 3>(pupils.data(), {2, 1, 1}), {TeacherNorm{19, 2, 45}});
  CHECK(need(0, 0, 0) == 4);                                  // 2 classes · 2 > 60 / 19 = 3.16
  CHECK(need(1, 0, 0) == doctest::Approx(900.0 / 19.0));      // 47.4 > 20 classes · 2
  CHECK(teachers_needed(0.0, TeacherNorm{19, 2, 45}) == 0);
  TeacherNorm kindergarten;  // staffed by class only: two teachers a class of 30
  kindergarten.per_class = 2;
  kindergarten.class_size = 30;
  CHECK(teachers_needed(31.0, kindergarten) == 4);
}

TEST_CASE("redeployment closes the junior gap from the primary surplus and leaves the senior gap to hire") {
  // one region, one year; levels primary, junior, senior
  const std::vector<double> needed{100, 120, 80}, available{130, 100, 60};
  const View<const double, 3> need(needed.data(), {1, 1, 3}), have(available.data(), {1, 1, 3});
  const auto moved = redeploy(need, have, {{0, 1, 1.0}, {1, 2, 1.0}});
  CHECK(moved.flows(0, 0, 0, 1) == 20);  // primary → junior closes its gap of 20
  CHECK(moved.flows(0, 0, 1, 2) == 0);   // junior has nothing spare for senior
  CHECK(moved.moved_out(0, 0, 0) == 20);
  CHECK(moved.moved_in(0, 0, 1) == 20);
  const auto halved = redeploy(need, have, {{0, 1, 0.5}});
  CHECK(halved.flows(0, 0, 0, 1) == 15);  // half of the surplus of 30 may move in a year

  const std::vector<double> pupils{1900, 1620, 1000};  // needs 100, 120, 80 at 19, 13.5, 12.5
  std::vector<double> s(static_cast<std::size_t>(3 * 2 * staff_ages), 0.0);
  for (std::size_t l = 0; l < 3; ++l) s[l * 2 * staff_ages + (40 - 1 - min_staff_age)] = available[l];
  const auto t = teachers(View<const double, 3>(pupils.data(), {1, 1, 3}),
                          {TeacherNorm{19, 0, 45}, TeacherNorm{13.5, 0, 50}, TeacherNorm{12.5, 0, 50}},
                          View<const double, 4>(s.data(), {1, 3, 2, staff_ages}), StaffRules{}, {},
                          {{0, 1, 1.0}, {1, 2, 1.0}}, 2024);
  CHECK(t.needed(0, 0, 1) == doctest::Approx(120));
  CHECK(t.hires_needed(0, 0, 1) == doctest::Approx(0).epsilon(1e-9));
  CHECK(t.hires_needed(0, 0, 2) == doctest::Approx(20));
  CHECK(t.surplus(0, 0, 0) == doctest::Approx(10));
  CHECK(t.hires_needed(0, 0, 0) == 0);
}

TEST_CASE("teachers refuses bad input, every problem at once") {
  const std::vector<double> pupils{100};
  std::vector<double> s(static_cast<std::size_t>(2 * staff_ages), 1.0);
  s[3] = -2;
  try {
    (void)teachers(View<const double, 3>(pupils.data(), {1, 1, 1}), {TeacherNorm{0, 0, 45}},
                   View<const double, 4>(s.data(), {1, 1, 2, staff_ages}), StaffRules{{17, 60}, {}}, {},
                   {{0, 0, 1.5}}, 2024);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("norms[0].ratio: got 0; expected pupils per teacher > 0") != std::string::npos);
    CHECK(what.find("staff[region=0, level=0, sex=F, age=21]: got -2; expected teachers >= 0") != std::string::npos);
    CHECK(what.find("retirement_age.F: got 17; expected an age 18..70") != std::string::npos);
    CHECK(what.find("redeploy[0].share: got 1.5; expected a yearly share in [0, 1]") != std::string::npos);
    CHECK(what.find("redeploy[0]: moves a level to itself") != std::string::npos);
  }
}
