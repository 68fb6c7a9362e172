// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/enrolment.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace edplan;
using namespace edplan::enrolment;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A small hand-computed system: kindergarten "k" by rate on ages 3-4, primary "p" grades 1-2
// entered at age 6, junior "j" grade 3 following grade 2.
std::vector<Level> small_levels() {
  return {Level{"k", Kind::rate, 3, 4, -1, 30.0, 0.0, {}, {}, {}}, Level{"p", Kind::progression, 1, 2, 6, 45.0, 0.12, {}, {}, {}},
          Level{"j", Kind::progression, 3, 3, -1, 50.0, 0.0, {}, {}, {}}};
}

struct Case {
  // history 2021..2023 by grade (k3, k4, p1, p2, j3)
  std::vector<double> history{NaN, NaN, 95, 90, 80,  //
                              NaN, NaN, 99, 95, 81,  //
                              50,  60,  120, 99, 95};
  std::vector<double> births{100, 110, 120, 90, 80};  // 2015..2019
  // population (1 region, 2023..2025, 2 sexes, ages 0..5)
  std::vector<double> population = [] {
    std::vector<double> p(3 * 2 * 6, 0.0);
    auto at = [&](int t, int s, int a) -> double& { return p[static_cast<std::size_t>((t * 2 + s) * 6 + a)]; };
    at(0, 0, 3) = 30, at(0, 1, 3) = 30, at(0, 0, 4) = 30, at(0, 1, 4) = 40;  // 2023: 60 aged 3, 70 aged 4
    at(1, 0, 3) = 25, at(1, 1, 3) = 25, at(1, 0, 4) = 30, at(1, 1, 4) = 35;  // 2024: 50 and 65
    at(2, 0, 3) = 20, at(2, 1, 3) = 20, at(2, 0, 4) = 25, at(2, 1, 4) = 25;  // 2025: 40 and 50
    return p;
  }();
  std::vector<double> dwellings{100};  // 2024

  EnrolmentInputs inputs() const {
    EnrolmentInputs in;
    in.base_year = 2023;
    in.horizon = 2025;
    in.history = View<const double, 3>(history.data(), {1, 3, 5});
    in.births_first_year = 2015;
    in.births = View<const double, 2>(births.data(), {1, 5});
    in.population = View<const double, 4>(population.data(), {1, 3, 2, 6});
    return in;
  }
};
}  // namespace

TEST_CASE("GradeAxis lays levels on one axis and links grade 3 to grade 2") {
  const GradeAxis axis(small_levels());
  REQUIRE(axis.size() == 5);
  CHECK(axis.is_rate(1));
  CHECK(axis.age(1) == 4);
  CHECK(axis.number(1) == 2);
  CHECK(axis.is_entry(2));
  CHECK(axis.predecessor(3) == 2);
  CHECK(axis.predecessor(4) == 3);
  CHECK(axis.find(2, 3) == 4);
  CHECK(axis.find(1, 3) == -1);
  CHECK(axis.describe(4) == "grade 3 of j");
  const GradeAxis defaults(default_levels());
  CHECK(defaults.size() == 12);
  CHECK(defaults.predecessor(defaults.find(2, 7)) == defaults.find(1, 6));
}

TEST_CASE("GradeAxis reports every inconsistency") {
  std::vector<Level> levels{Level{"p", Kind::progression, 1, 6, -1, 45.0, 0.0, {}, {}, {}},
                            Level{"p", Kind::progression, 6, 5, 6, 0.0, 0.0, {}, {}, {}},
                            Level{"j", Kind::progression, 5, 9, -1, -1.0, -2.0, {}, {}, {}}};
  try {
    GradeAxis axis(levels);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("levels.p: the name is used twice") != std::string::npos);
    CHECK(what.find("levels.p: the range 6..5 is empty") != std::string::npos);
    CHECK(what.find("levels.j.class_size: expected a number of pupils per class > 0") != std::string::npos);
    CHECK(what.find("levels.j.yield") != std::string::npos);
    CHECK(what.find("levels.j: grade 5 is also in another level") != std::string::npos);
    CHECK(what.find("levels.p: grade 1 has no entry_age and no level has grade 0") != std::string::npos);
  }
}

TEST_CASE("GradeAxis refuses huge ranges instead of looping over them (found by fuzzing)") {
  // grades = [1, 2147483647] looped 2^31 times and overflowed the grade counter; an empty
  // range shifted the axis index used for the levels after it (grades() of 5..3 is -1).
  const std::vector<std::vector<Level>> cases{
      {Level{"p", Kind::progression, 1, std::numeric_limits<int>::max(), 6, 45.0, 0.0, {}, {}, {}}},
      {Level{"k", Kind::rate, std::numeric_limits<int>::max(), std::numeric_limits<int>::max(), -1, 30.0, 0.0, {}, {}, {}}},
      {Level{"p", Kind::progression, std::numeric_limits<int>::min(), 3, 6, 45.0, 0.0, {}, {}, {}}},
      {Level{"e", Kind::progression, 5, 3, 6, 45.0, 0.0, {}, {}, {}}, Level{"j", Kind::progression, 7, 8, -1, 45.0, 0.0, {}, {}, {}}},
  };
  for (const auto& levels : cases) CHECK_THROWS_AS(GradeAxis{levels}, InputError);
  CHECK_THROWS_WITH_AS(GradeAxis({Level{"p", Kind::progression, 1, 1001, 6, 45.0, 0.0, {}, {}, {}}}),
                       doctest::Contains("levels.p: the range 1..1001 goes beyond +-1000"), InputError);
  CHECK(GradeAxis({Level{"p", Kind::progression, 1, max_level_number, 6, 45.0, 0.0, {}, {}, {}}}).size() == max_level_number);
}

TEST_CASE("project refuses years that would overflow the year arithmetic (found by fuzzing)") {
  // base_year = INT_MAX made base_year - H + 1 and horizon - base_year overflow an int.
  const GradeAxis axis(default_levels());
  const std::vector<double> history(1 * 1 * static_cast<std::size_t>(axis.size()), 10.0), births(1, 100.0);
  EnrolmentInputs in;
  in.base_year = std::numeric_limits<int>::max();
  in.horizon = std::numeric_limits<int>::min();
  in.history = View<const double, 3>(history.data(), {1, 1, axis.size()});
  in.births = View<const double, 2>(births.data(), {1, 1});
  CHECK_THROWS_WITH_AS((void)project(axis, in, EnrolmentOptions{}), doctest::Contains("base_year: got 2147483647"),
                       InputError);
}

TEST_CASE("project with horizon = base_year projects no year (found by fuzzing)") {
  // The region loop took a reference to pupils(r, 0, 0) of an empty (R, 0, G) array.
  const GradeAxis axis({Level{"p", Kind::progression, 1, 2, 6, 45.0, 0.0, {}, {}, {}}});
  const std::vector<double> history{10.0, 9.0}, births(1, 100.0);
  EnrolmentInputs in;
  in.base_year = in.horizon = 2023;
  in.history = View<const double, 3>(history.data(), {1, 1, 2});
  in.births_first_year = 2017;
  in.births = View<const double, 2>(births.data(), {1, 1});
  try {
    const auto p = project(axis, in, EnrolmentOptions{});
    CHECK(p.pupils.size() == 0);
  } catch (const InputError&) {
    // no observed ratio to estimate from is a fine answer too; what matters is no UB
  }
}

TEST_CASE("project_ratio: mean of the last k and simple exponential smoothing") {
  const std::vector<double> x{0.95, NaN, 0.9, 1.0};
  const View<const double, 1> v(x.data(), {4});
  CHECK(project_ratio(v, RatioMethod{RatioMethod::mean, 3, 0.4}) == doctest::Approx(0.95));
  CHECK(project_ratio(v, RatioMethod{RatioMethod::mean, 2, 0.4}) == doctest::Approx(0.95));
  CHECK(project_ratio(v, RatioMethod{RatioMethod::mean, 1, 0.4}) == doctest::Approx(1.0));
  // s = 0.95; 0.4·0.9 + 0.6·0.95 = 0.93; 0.4·1.0 + 0.6·0.93 = 0.958
  CHECK(project_ratio(v, RatioMethod{RatioMethod::ses, 3, 0.4}) == doctest::Approx(0.958).epsilon(1e-14));
  const std::vector<double> none{NaN, NaN};
  CHECK(std::isnan(project_ratio(View<const double, 1>(none.data(), {2}), RatioMethod{})));
  // the damped trend of the last 3 observed (0.95 at position −3, 0.9 at −1, 1.0 at 0): mean
  // position −4/3, mean 0.95; Σ(i−ī)(x−x̄) = 0.05, Σ(i−ī)² = 42/9 → slope 0.05·9/42 = 3/280; the
  // line at 0: 0.95 + (3/280)·(4/3) = 0.95 + 1/70; lead 1 adds 0.8 slopes, lead 2 0.8 + 0.64.
  const RatioMethod damped{RatioMethod::damped, 3, 0.4};
  CHECK(project_ratio(v, damped, 1) == doctest::Approx(0.95 + 1.0 / 70 + 0.8 * 3.0 / 280).epsilon(1e-12));
  CHECK(project_ratio(v, damped, 2) == doctest::Approx(0.95 + 1.0 / 70 + 1.44 * 3.0 / 280).epsilon(1e-12));
  CHECK(project_ratio(v, RatioMethod{RatioMethod::damped, 1, 0.4}, 3) == doctest::Approx(1.0));  // one value: flat
}

TEST_CASE("choose_methods: auto picks the candidate with the lowest rolling-origin error") {
  // One progression level of one grade; series 0 trends linearly (the damped trend wins over
  // every mean and SES); series 1 is 2 then 1 ever after (the last value is exact from origin 1
  // on, every other candidate remembers the 2 or, the damped trend, extends its fall).
  Level one;
  one.name = "p";
  one.kind = Kind::progression;
  one.first = one.last = 1;
  one.entry_age = 6;
  const GradeAxis axis({one});
  NdArray<double, 3> obs({2, 1, 10});
  for (index_t h = 0; h < 10; ++h) {
    obs(0, 0, h) = 1.0 + 0.1 * static_cast<double>(h);
    obs(1, 0, h) = h == 0 ? 2.0 : 1.0;
  }
  const auto m = choose_methods(axis, obs.view(), RatioMethod{RatioMethod::automatic, 3, 0.4});
  REQUIRE(m.size() == 2);
  CHECK(m[0].rule == RatioMethod::damped);
  CHECK(m[1].rule == RatioMethod::mean);
  CHECK(m[1].k == 1);
  // a method given is used as it is
  CHECK(choose_methods(axis, obs.view(), RatioMethod{RatioMethod::ses, 3, 0.6})[1].alpha == 0.6);
}

TEST_CASE("project: the hand-computed chain, rate level and housing") {
  const GradeAxis axis(small_levels());
  const Case c;
  auto in = c.inputs();
  const auto p = project(axis, in, EnrolmentOptions{});
  // ER: 95/100, 99/110, 120/120 → 0.95; GPR p2: 95/95, 99/99 → 1; GPR j3: 81/90, 95/95 → 0.95
  CHECK(p.ratios(0, 2) == doctest::Approx(0.95));
  CHECK(p.ratios(0, 3) == doctest::Approx(1.0));
  CHECK(p.ratios(0, 4) == doctest::Approx(0.95));
  CHECK(p.ratios(0, 0) == doctest::Approx(110.0 / 130.0));  // kindergarten: 110 pupils / 130 aged 3-4
  CHECK(std::isnan(p.observed(0, 3, 0)));
  CHECK(p.observed(0, 4, 1) == doctest::Approx(0.9));

  CHECK(p.pupils(0, 0, 2) == doctest::Approx(0.95 * 90));   // 2024 grade 1 from births 2018
  CHECK(p.pupils(0, 0, 3) == doctest::Approx(120.0));       // 2024 grade 2 = 1 · 120
  CHECK(p.pupils(0, 0, 4) == doctest::Approx(0.95 * 99));   // 2024 grade 3 = 0.95 · 99
  CHECK(p.pupils(0, 1, 2) == doctest::Approx(0.95 * 80));   // 2025 grade 1 from births 2019
  CHECK(p.pupils(0, 1, 3) == doctest::Approx(0.95 * 90));   // 2025 grade 2 = 2024 grade 1
  CHECK(p.pupils(0, 1, 4) == doctest::Approx(0.95 * 120));  // 2025 grade 3 = 0.95 · 2024 grade 2
  CHECK(p.pupils(0, 0, 0) == doctest::Approx(110.0 / 130.0 * 50));
  CHECK(p.pupils(0, 1, 1) == doctest::Approx(110.0 / 130.0 * 50));

  SUBCASE("a GER path replaces the observed rate") {
    std::vector<Level> levels = small_levels();
    levels[0].ger = YearPath({{2024, 0.9}, {2026, 1.0}}, "ger");
    const auto q = project(GradeAxis(levels), in, EnrolmentOptions{});
    CHECK(q.pupils(0, 0, 0) == doctest::Approx(0.9 * 50));
    CHECK(q.pupils(0, 1, 1) == doctest::Approx(0.95 * 50));
  }
  SUBCASE("dwellings add yield · dwellings · min(1, (t − y + 1)/ramp), spread over the level") {
    in.dwellings = View<const double, 2>(c.dwellings.data(), {1, 1});
    in.dwellings_first_year = 2024;
    const auto q = project(axis, in, EnrolmentOptions{});
    CHECK(q.housing(0, 0, 1) == doctest::Approx(4.0));  // 0.12 · 100 · 1/3
    CHECK(q.housing(0, 1, 1) == doctest::Approx(8.0));  // 0.12 · 100 · 2/3
    CHECK(q.housing(0, 1, 0) == 0.0);
    CHECK(q.pupils(0, 0, 2) == doctest::Approx(0.95 * 90 + 2.0));
    CHECK(q.pupils(0, 1, 3) == doctest::Approx(0.95 * 90 + 4.0));  // housing does not enter the chain
    const auto totals = level_totals(axis, q.pupils.view());
    CHECK(totals(0, 1, 1) == doctest::Approx(0.95 * 80 + 0.95 * 90 + 8.0));
  }
  SUBCASE("ses smoothing") {
    EnrolmentOptions opt;
    opt.method = RatioMethod{RatioMethod::ses, 3, 0.4};
    const auto q = project(axis, in, opt);
    CHECK(q.ratios(0, 2) == doctest::Approx(0.958).epsilon(1e-14));  // ER 0.95, 0.9, 1.0
  }
}

TEST_CASE("project: projected births fill the years observed births leave open") {
  const GradeAxis axis(small_levels());
  Case c;
  c.births = {100, 110, 120, 90, NaN};  // 2019 unknown
  auto in = c.inputs();
  CHECK_THROWS_WITH_AS((void)project(axis, in, EnrolmentOptions{}),
                       "births: region 0, grade 1 of p needs births of 2019; expected observed or projected births "
                       "for those years",
                       InputError);
  in.horizon = 2030;  // with the population chain ending in 2025 the check reports the range
  in.population.reset();
  try {
    (void)project(axis, in, EnrolmentOptions{});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("needs births of 2019..2024") != std::string::npos);
    CHECK(what.find("levels.k: a rate level needs the projected population") != std::string::npos);
  }
}

TEST_CASE("project: errors name what is missing") {
  const GradeAxis axis(small_levels());
  Case c;
  c.history[13] = NaN;  // 2023 grade 2 unknown: grade 3 cannot be projected
  c.history[5] = -4;    // 2022 kindergarten age 3
  const auto in = c.inputs();
  try {
    (void)project(axis, in, EnrolmentOptions{});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].str() ==
          "history[region=0, year=2022, grade=0]: got -4; expected a count of pupils >= 0, or NaN when not observed");
  }
  c.history[5] = NaN;
  try {
    (void)project(axis, c.inputs(), EnrolmentOptions{});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "history: region 0, grade 3 of j follows grade 2 of p, which has no pupils in 2023; expected base-year pupils");
  }
}

namespace {
// Primary "p" grades 1-2 entered at age 6; general senior high "s" grades 3-4 taking a share of
// grade 2 a year earlier, its complement vocational "v" on the same grades taking the rest.
std::vector<Level> transition_levels(bool path) {
  Level s{"s", Kind::transition, 3, 4, -1, 50.0, 0.0, {}, {}, "v"};
  if (path) s.share = YearPath({{2024, 0.6}, {2026, 0.8}}, "share");
  return {Level{"p", Kind::progression, 1, 2, 6, 45.0, 0.0, {}, {}, {}}, s,
          Level{"v", Kind::transition, 3, 4, -1, 40.0, 0.0, {}, {}, {}}};
}

struct TransitionCase {
  // 2022, 2023 by grade (p1, p2, s3, s4, v3, v4)
  std::vector<double> history{100, 90, 50, 45, 40, 36,  //
                              110, 98, 54, 49, 36, 34};
  std::vector<double> births{100, 110, 120, 90};  // 2016..2019
  EnrolmentInputs inputs() const {
    EnrolmentInputs in;
    in.base_year = 2023;
    in.horizon = 2025;
    in.history = View<const double, 3>(history.data(), {1, 2, 6});
    in.births_first_year = 2016;
    in.births = View<const double, 2>(births.data(), {1, 4});
    return in;
  }
};
}  // namespace

TEST_CASE("GradeAxis: a transition level follows the grade before, its complement shares its grades") {
  const GradeAxis axis(transition_levels(true));
  REQUIRE(axis.size() == 6);
  CHECK(axis.predecessor(2) == 1);  // s grade 3 takes pupils of p grade 2
  CHECK(axis.predecessor(4) == 1);  // so does v grade 3
  CHECK(axis.predecessor(5) == 4);
  CHECK(axis.is_share(2));
  CHECK_FALSE(axis.is_share(4));
  CHECK(axis.complement_source(4) == 2);
  CHECK(axis.complement_source(5) == -1);
  CHECK_FALSE(axis.is_entry(2));
  CHECK(axis.find(2, 4) == 5);
  CHECK(axis.find(2, 5) == -1);
}

TEST_CASE("GradeAxis reports every inconsistency of transition levels") {
  Level bad_share{"s", Kind::transition, 3, 4, 15, 50.0, 0.0, {}, YearPath({{2024, 1.2}}, "share"), "nowhere"};
  Level on_progression{"q", Kind::progression, 5, 5, -1, 50.0, 0.0, {}, YearPath({{2024, 0.5}}, "share"), "s"};
  Level twice{"t", Kind::transition, 3, 4, -1, 50.0, 0.0, {}, {}, {}};
  try {
    GradeAxis axis({Level{"p", Kind::progression, 1, 2, 6, 45.0, 0.0, {}, {}, {}}, bad_share, on_progression, twice});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("levels.s.entry_age: a transition level follows the grade before; expected no entry_age") !=
          std::string::npos);
    CHECK(what.find("levels.s.share[2024]: got 1.2; expected a share in [0, 1]") != std::string::npos);
    CHECK(what.find("levels.s.complement: unknown level nowhere") != std::string::npos);
    CHECK(what.find("levels.q.share: only a transition level has a share path") != std::string::npos);
    CHECK(what.find("levels.q.complement: only a transition level has a complement") != std::string::npos);
    CHECK(what.find("levels.t: grade 3 is also in another level") != std::string::npos);
  }
  Level s{"s", Kind::transition, 3, 4, -1, 50.0, 0.0, {}, {}, "j"};
  CHECK_THROWS_WITH_AS(GradeAxis({Level{"p", Kind::progression, 1, 2, 6, 45.0, 0.0, {}, {}, {}}, s,
                                  Level{"j", Kind::progression, 5, 5, -1, 50.0, 0.0, {}, {}, {}}}),
                       doctest::Contains("levels.s.complement: level j is not a transition level"), InputError);
  CHECK_THROWS_WITH_AS(GradeAxis({Level{"s", Kind::transition, 3, 4, -1, 50.0, 0.0, {}, {}, {}}}),
                       doctest::Contains("levels.s: a transition level takes pupils of grade 2, which no progression "
                                         "or transition level has"),
                       InputError);
}

TEST_CASE("project: a transition level takes share(t) of the grade before, its complement 1 - share(t)") {
  const TransitionCase c;
  SUBCASE("with a share path") {
    const GradeAxis axis(transition_levels(true));
    const auto p = project(axis, c.inputs(), EnrolmentOptions{});
    // ER 1.0 (100/100, 110/110); GPR p2 98/100; s4 49/50; v4 34/40; share 0.6 in 2024, 0.7 in 2025
    CHECK(p.pupils(0, 0, 2) == doctest::Approx(0.6 * 98));   // s3 2024
    CHECK(p.pupils(0, 0, 4) == doctest::Approx(0.4 * 98));   // v3 2024
    CHECK(p.pupils(0, 0, 3) == doctest::Approx(0.98 * 54));  // s4 2024
    CHECK(p.pupils(0, 0, 5) == doctest::Approx(0.85 * 36));  // v4 2024
    CHECK(p.pupils(0, 1, 2) == doctest::Approx(0.7 * 0.98 * 110));
    CHECK(p.pupils(0, 1, 4) == doctest::Approx(0.3 * 0.98 * 110));
    CHECK(p.pupils(0, 1, 3) == doctest::Approx(0.98 * 0.6 * 98));
    CHECK(std::isnan(p.ratios(0, 2)));  // the path replaces the estimate
    CHECK(std::isnan(p.ratios(0, 4)));
    CHECK(p.observed(0, 2, 1) == doctest::Approx(54.0 / 90));  // observed all the same
  }
  SUBCASE("without a path the share is estimated from the history") {
    const GradeAxis axis(transition_levels(false));
    const auto p = project(axis, c.inputs(), EnrolmentOptions{});
    CHECK(p.ratios(0, 2) == doctest::Approx(0.6));
    CHECK(p.ratios(0, 4) == doctest::Approx(0.4));  // 1 - share, not v's own 36/90
    CHECK(p.pupils(0, 1, 2) == doctest::Approx(0.6 * 0.98 * 110));
    CHECK(p.pupils(0, 1, 4) == doctest::Approx(0.4 * 0.98 * 110));
  }
  SUBCASE("a history too short for 5 rolling-origin errors gives no interval") {
    const GradeAxis axis(transition_levels(false));
    DrawOptions d;
    d.draws = 50;
    d.quantiles = {0.5};
    const auto q = simulate(axis, c.inputs(), EnrolmentOptions{}, d);
    CHECK(q.errors(0, 0, 1) < 5);
    CHECK(std::isnan(q.grades(0, 0, 2, 0)));
    CHECK(std::isnan(q.levels(0, 0, 1, 0)));
  }
}

TEST_CASE("simulate: intervals from the projection's own rolling-origin errors at each lead") {
  // One grade entered from constant births of 100 with entry ratios alternating 1.0, 1.1 over 8
  // years (2010..2017), projected by the last value. From origin j the forecast is 100·ER_j, so
  // the relative errors are: lead 1 (origins 2010..2016) 4 × (1.1/1.0 − 1 = +0.1) and
  // 3 × (1.0/1.1 − 1 = −1/11); lead 2 six zeros; lead 3 three +0.1, two −1/11; lead 4 only 4.
  Level one;
  one.name = "p";
  one.kind = Kind::progression;
  one.first = one.last = 1;
  one.entry_age = 6;
  const GradeAxis axis({one});
  std::vector<double> history(8), births(20, 100.0);
  for (std::size_t h = 0; h < 8; ++h) history[h] = h % 2 ? 110.0 : 100.0;
  EnrolmentInputs in;
  in.base_year = 2017;
  in.horizon = 2021;
  in.history = View<const double, 3>(history.data(), {1, 8, 1});
  in.births = View<const double, 2>(births.data(), {1, 20});
  in.births_first_year = 2000;
  EnrolmentOptions opt;
  opt.method = RatioMethod{RatioMethod::mean, 1, 0.4};
  DrawOptions d;
  d.draws = 1000;
  d.quantiles = {0.1, 0.9};
  const auto point = project(axis, in, opt);
  CHECK(point.pupils(0, 0, 0) == doctest::Approx(110.0));  // ER 1.1 in 2017, carried forward
  const auto q = simulate(axis, in, opt, d);
  CHECK(q.errors(0, 0, 0) == 7);
  CHECK(q.errors(0, 1, 0) == 6);
  CHECK(q.errors(0, 2, 0) == 5);
  CHECK(q.errors(0, 3, 0) == 4);
  // Lead 1: a draw is 110 · (1 + e + h·z), e = −1/11 or +0.1 drawn 3 : 4, z standard normal and
  // h = s/√7 with s the errors' standard deviation: deviations from their mean 0.0181818 are
  // +0.0818182 (4×) and −0.1090909 (3×), s² = 0.0624793 / 6, h = 0.0385700. The quantiles of
  // the draws are those of this mixture (within the sampling error of 1,000 draws).
  const double h1 = 0.0385700;
  CHECK(smoothing({0.1, 0.1, 0.1, 0.1, -1.0 / 11, -1.0 / 11, -1.0 / 11}) == doctest::Approx(h1).epsilon(1e-5));
  const auto mixture = [&](double x) {  // P(draw <= x)
    const auto phi = [](double v) { return 0.5 * std::erfc(-v / std::sqrt(2.0)); };
    const double e = x / 110.0 - 1.0;
    return 3.0 / 7.0 * phi((e + 1.0 / 11) / h1) + 4.0 / 7.0 * phi((e - 0.1) / h1);
  };
  CHECK(mixture(q.levels(0, 0, 0, 0)) == doctest::Approx(0.1).epsilon(0.03 / 0.1));
  CHECK(mixture(q.levels(0, 0, 0, 1)) == doctest::Approx(0.9).epsilon(0.03 / 0.9));
  CHECK(q.levels(0, 0, 0, 0) < 100.0);  // beyond the observed errors: 110 · (1 − 1/11) = 100
  CHECK(q.levels(0, 0, 0, 1) > 121.0);  // and 110 · 1.1
  // lead 2: every error was 0, so no spread (and 6 errors: an interval, not NaN)
  CHECK(q.levels(0, 1, 0, 0) == doctest::Approx(110.0));
  CHECK(q.levels(0, 1, 0, 1) == doctest::Approx(110.0));
  // lead 3: three +0.1 and two −1/11, the same mixture's kind around 110
  CHECK(q.levels(0, 2, 0, 0) < 100.0);
  CHECK(q.levels(0, 2, 0, 1) > 121.0);
  // leads 4 and 5: fewer than 5 errors, no interval
  CHECK(std::isnan(q.levels(0, 3, 0, 0)));
  CHECK(std::isnan(q.grades(0, 3, 0, 1)));
  // thread-independent and reproducible
  EnrolmentOptions two = opt;
  two.threads = 2;
  const auto again = simulate(axis, in, two, d);
  for (index_t i = 0; i < q.grades.size(); ++i) {
    CHECK((q.grades.data()[i] == again.grades.data()[i] || (std::isnan(q.grades.data()[i]) && std::isnan(again.grades.data()[i]))));
  }
  d.draws = 0;
  CHECK_THROWS_AS((void)simulate(axis, in, opt, d), InputError);
}
