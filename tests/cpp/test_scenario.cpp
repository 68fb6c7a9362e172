// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/scenario.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace edplan;

namespace {

// A small city: R regions with base populations of different sizes, births falling by 20 a
// year, three years of history for grades 1–9 (primary entered at 6, junior 7–9), places.
struct City {
  static constexpr index_t ages = 51;
  index_t R;
  std::vector<double> base, survival, fertility, births, history, places, classes;

  explicit City(index_t regions) : R(regions) {
    for (index_t r = 0; r < R; ++r)
      for (index_t i = 0; i < 2 * ages; ++i) base.push_back(100.0 + 10.0 * static_cast<double>(r));
    survival.assign(2 * ages, 0.99);
    fertility.assign(population::fertile_ages, 0.04);
    for (index_t r = 0; r < R; ++r)
      for (int y = 2010; y <= 2023; ++y) births.push_back(born(r, y));
    // Grade g in year t was born in t - 5 - g, which for the upper grades is before 2010, the
    // first observed birth year (indexing `births` there read before the vector: ASan).
    for (index_t r = 0; r < R; ++r)
      for (int t = 2021; t <= 2023; ++t)
        for (int g = 1; g <= 9; ++g) history.push_back(0.98 * born(r, t - 5 - g));
    for (index_t r = 0; r < R; ++r) {
      places.insert(places.end(), {5500.0, 2800.0});
      classes.insert(classes.end(), {120.0, 56.0});
    }
  }
  static double born(index_t r, int y) { return 1000.0 + 50.0 * static_cast<double>(r) - 20.0 * (y - 2010); }

  [[nodiscard]] scenario::Scenario scenario() const {
    scenario::Scenario s;
    s.base_year = 2023;
    s.horizon = 2030;
    for (index_t r = 0; r < R; ++r) s.regions.push_back("R" + std::to_string(r));
    s.population.base = View<const double, 3>(base.data(), {R, 2, ages});
    s.population.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
    s.population.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
    s.levels = {enrolment::default_levels()[1], enrolment::default_levels()[2]};
    s.history = View<const double, 3>(history.data(), {R, 3, 9});
    s.births_first_year = 2010;
    s.births = View<const double, 2>(births.data(), {R, 14});
    s.places = scenario::Places{View<const double, 2>(places.data(), {R, 2}), std::nullopt, {}};
    return s;
  }
};

}  // namespace

TEST_CASE("scenario::run chains the modules exactly as calling them one by one") {
  const City city(1);
  auto s = city.scenario();
  s.places->changes = {capacity::PlaceChange{"J", 0, 1, 500.0, 2026}};
  scenario::RunOptions options;
  options.draws = 50;
  const auto res = scenario::run(s, options);
  const auto& pupils = res.regions.enrolment.pupils;

  // Entry ratio 0.98 on births of 2018 for grade 1 in 2024.
  CHECK(pupils(0, 0, 0) == doctest::Approx(0.98 * city.births[8]));
  // Grade 1 in 2030 needs births of 2024: projected by the population step 2024 → 2025.
  CHECK(pupils(0, 6, 0) == doctest::Approx(0.98 * res.regions.population.births(0, 1)));
  REQUIRE(res.places);
  CHECK(res.places->capacity(0, 1, 1) == 2800.0);  // 2025
  CHECK(res.places->capacity(0, 2, 1) == 3300.0);  // the junior project opens in 2026
  CHECK(res.places->balance.surplus(0, 2, 1) == doctest::Approx(3300.0 - res.regions.totals(0, 2, 1)));
  REQUIRE(res.regions.intervals);
  CHECK(res.regions.intervals->levels.shape(3) == 3);
  CHECK_FALSE(res.programme);
  CHECK_FALSE(res.preschool);
}

TEST_CASE("a run over a slice of the regions gives exactly the whole run's rows for them") {
  const City city(3);
  const auto s = city.scenario();
  scenario::RunOptions options;
  options.draws = 40;
  options.seed = 9;
  const auto whole = scenario::project_regions(s, options);
  const auto part = scenario::project_regions(s, options, 1, 2);
  REQUIRE(part.totals.shape(0) == 2);
  for (index_t r = 0; r < 2; ++r)
    for (index_t t = 0; t < whole.totals.shape(1); ++t)
      for (index_t l = 0; l < 2; ++l) {
        CHECK(part.totals(r, t, l) == whole.totals(r + 1, t, l));
        for (index_t q = 0; q < 3; ++q) {
          const double a = part.intervals->levels(r, t, l, q), b = whole.intervals->levels(r + 1, t, l, q);
          CHECK((a == b || (std::isnan(a) && std::isnan(b))));  // NaN: fewer than 5 errors at that lead
        }
      }
  CHECK(part.population.population(1, 5, 1, 20) == whole.population.population(2, 5, 1, 20));
  CHECK_THROWS_AS(scenario::project_regions(s, options, 2, 2), InputError);
}

TEST_CASE("the balance counts classes of the norm for every project and closure") {
  const City city(1);
  auto s = city.scenario();
  s.places->classes = View<const double, 2>(city.classes.data(), {1, 2});
  s.places->changes = {capacity::PlaceChange{"J", 0, 1, 500.0, 2026}, capacity::PlaceChange{"C", 0, 0, -900.0, 2025}};
  const auto res = scenario::run(s);
  REQUIRE(res.places->classes);
  const auto& classes = *res.places->classes;
  CHECK(classes(0, 0, 1) == 56.0);                // 2024
  CHECK(classes(0, 2, 1) == 56.0 + 500.0 / 50.0);  // junior classes of 50 from 2026
  CHECK(classes(0, 1, 0) == 120.0 - 900.0 / 45.0);  // a primary closure of 20 classes from 2025
  CHECK(res.places->capacity(0, 1, 0) == 4600.0);
  const double d = res.regions.totals(0, 3, 1);
  CHECK(res.places->balance.classes_needed(0, 3, 1) == std::ceil(d / 50.0));
}

TEST_CASE("the programme in the chain is the scheduler on projected demand and existing places") {
  const City city(2);
  auto s = city.scenario();
  s.places->changes = {capacity::PlaceChange{"P", 1, 1, 300.0, 2025}};
  scenario::Programme p;
  p.candidates = {{"A1", 0, 1, 400.0, 4e7, 2024}, {"A2", 0, 1, 600.0, 6e7, 2024}, {"B1", 1, 1, 500.0, 5e7, 2025}};
  p.stages = {{1, 2}, {1, 2}};
  p.budget = {8e7};
  p.max_per_batch = 2;
  s.programme = p;
  const auto res = scenario::run(s);
  REQUIRE(res.programme);

  // The same problem posed directly.
  capacity::ProgrammeInputs in;
  in.demand = res.regions.totals.view();
  in.existing = res.places->capacity.view();
  in.candidates = p.candidates;
  in.stages = p.stages;
  in.base_year = 2023;
  in.budget = p.budget;
  in.max_per_batch = 2;
  const auto v = capacity::validate(in);
  const auto direct = capacity::schedule(v);
  CHECK(res.programme->land_years == direct.land_year);
  CHECK(res.programme->outcome.totals.objective == direct.totals.objective);
  CHECK(res.programme->need(1, 3, 1) == std::max(0.0, res.regions.totals(1, 3, 1) - 3100.0));
  CHECK(res.programme->windows(2, 0) == 2025);  // B1's earliest land year
  CHECK(res.programme->windows(2, 1) == 2027);  // the last that opens by 2030 (1 + 2 years)

  // A schedule chosen elsewhere is judged, not searched: nothing chosen leaves all need unmet.
  scenario::RunOptions given;
  given.land_years = std::vector<int>{capacity::not_chosen, capacity::not_chosen, capacity::not_chosen};
  const auto none = scenario::run(s, given);
  double need = 0.0;
  for (index_t i = 0; i < none.programme->need.size(); ++i) need += none.programme->need.data()[i];
  CHECK(none.programme->outcome.totals.unmet == doctest::Approx(need));
  CHECK(none.programme->outcome.totals.cost == 0.0);
  // An infeasible given schedule (both region-0 candidates start in 2025, over the budget) is refused.
  given.land_years = std::vector<int>{2024, 2024, capacity::not_chosen};
  CHECK_THROWS_AS(scenario::run(s, given), InputError);
}

TEST_CASE("kindergarten shares: observed base year first, planned and programme public places added") {
  // One region; the kindergarten level is a rate level of ages 3..5 with a GER path.
  const City city(1);
  auto s = city.scenario();
  auto kg = enrolment::default_levels()[0];
  kg.ger = YearPath({{2023, 0.9}}, "ger");
  s.levels = {kg, enrolment::default_levels()[1], enrolment::default_levels()[2]};
  std::vector<double> history;  // (1, 3, 12): ages 3..5 then grades 1..9
  for (int t = 2021; t <= 2023; ++t) {
    for (int a = 0; a < 3; ++a) history.push_back(150.0);
    for (int g = 1; g <= 9; ++g) history.push_back(0.98 * City::born(0, t - 5 - g));
  }
  s.history = View<const double, 3>(history.data(), {1, 3, 12});
  std::vector<double> places{300.0, 5500.0, 2800.0};
  s.places = scenario::Places{View<const double, 2>(places.data(), {1, 3}), std::nullopt, {}};
  std::vector<double> sectors{200.0, 150.0, 100.0}, seen{180.0, 120.0, 60.0};
  scenario::Preschool k;
  k.level = 0;
  k.places = View<const double, 2>(sectors.data(), {1, 3});
  k.pupils = View<const double, 2>(seen.data(), {1, 3});
  k.changes = {capacity::PlaceChange{"K0", 0, 0, 60.0, 2026}};
  s.preschool = k;
  scenario::Programme p;
  p.candidates = {{"K1", 0, 0, 90.0, 1e6, 2024}};
  p.stages = {{1, 1}, {1, 2}, {1, 2}};
  p.weights.unmet = 1.0;
  p.weights.stranded = 0.0;
  s.programme = p;
  scenario::RunOptions given;
  given.land_years = std::vector<int>{2025};  // opens 2027
  const auto res = scenario::run(s, given);
  REQUIRE(res.preschool);
  const auto& ps = *res.preschool;
  CHECK(ps.first_year == 2023);
  CHECK(ps.demand.shape(1) == 8);  // 2023 (observed) .. 2030
  CHECK(ps.demand(0, 0) == 360.0);
  CHECK(ps.shares.public_share(0, 0) == doctest::Approx(0.5));
  CHECK(ps.shares.inclusive_share(0, 0) == doctest::Approx(300.0 / 360.0));
  CHECK(ps.shares.unplaced(0, 0) == 0.0);
  CHECK(ps.shares.nursery_convertible(0, 0) == std::floor(90.0 / 30.0 + 1e-9) * 20.0);
  CHECK(ps.places(0, 2, 0) == 200.0);               // 2025
  CHECK(ps.places(0, 3, 0) == 260.0);               // the planned 60 from 2026
  CHECK(ps.places(0, 4, 0) == 350.0);               // and the programme's 90 from 2027
  CHECK(ps.demand(0, 1) == res.regions.totals(0, 0, 0));  // 2024: the projection
  // residents: every cell of the base population, 2 sexes × 51 ages × 100
  CHECK(ps.residents(0, 0) == 2.0 * 51.0 * 100.0);
  CHECK(ps.shares.nursery_demand(0, 0) == doctest::Approx(4.5 * 10200.0 / 1000.0));
  // a closure that removes more public places than there are is refused
  s.preschool->changes.push_back({"C", 0, 0, -400.0, 2028});
  CHECK_THROWS_AS(scenario::run(s, given), InputError);
}

TEST_CASE("targets and the work plan are assessed in the chain as by their own modules") {
  const City city(1);
  auto s = city.scenario();
  std::vector<double> years{2019, 2021, 2023}, values{0.40, 0.44, 0.48};
  std::vector<std::int64_t> offsets{0, 3};
  std::vector<double> target{0.5}, target_year{2025}, baseline{std::nan("")}, direction{1.0}, limit{std::nan("")};
  scenario::Targets t;
  t.series = targets::SeriesTable{View<const double, 1>(years.data(), {3}),       View<const double, 1>(values.data(), {3}),
                                  View<const std::int64_t, 1>(offsets.data(), {2}), View<const double, 1>(target.data(), {1}),
                                  View<const double, 1>(target_year.data(), {1}),   View<const double, 1>(baseline.data(), {1}),
                                  View<const double, 1>(direction.data(), {1}),     View<const double, 1>(limit.data(), {1}),
                                  {}};
  s.targets = t;
  std::vector<double> goal{200};
  std::vector<std::int64_t> start{19723}, deadline{20088};  // 2024-01-01 .. 2024-12-31
  std::vector<std::int64_t> item{0}, day{19904};            // 2024-06-30
  std::vector<double> count{91};
  scenario::WorkPlan w;
  w.items = targets::PlanItems{View<const double, 1>(goal.data(), {1}), View<const std::int64_t, 1>(start.data(), {1}),
                               View<const std::int64_t, 1>(deadline.data(), {1}), {}};
  w.progress = targets::ProgressRows{View<const std::int64_t, 1>(item.data(), {1}), View<const std::int64_t, 1>(day.data(), {1}),
                                     View<const double, 1>(count.data(), {1})};
  w.options.as_of = 19904;
  s.workplan = w;
  const auto res = scenario::run(s);
  REQUIRE(res.targets);
  const auto direct = targets::assess_many(t.series);
  CHECK((*res.targets)[0].category == direct[0].category);
  CHECK((*res.targets)[0].ratio == direct[0].ratio);
  REQUIRE(res.workplan);
  CHECK((*res.workplan)[0].achieved == 91.0);
  CHECK((*res.workplan)[0].status == targets::track(w.items, w.progress, w.options)[0].status);
}

TEST_CASE("coverage in the chain: older people grow with their region, metrics and sites as by coverage") {
  const City city(2);
  auto s = city.scenario();
  // 3 areas (two in region 0, one in region 1), 2 sites and a candidate; costs in minutes.
  std::vector<index_t> area_region{0, 0, 1}, area_home{0, 0, 1}, site_area{0, 2};
  std::vector<coverage::AreaKind> kind{coverage::AreaKind::township, coverage::AreaKind::village,
                                       coverage::AreaKind::township};
  std::vector<double> capacity{50.0, 40.0}, learners{30.0, 40.0}, open_year{std::nan(""), std::nan("")};
  std::vector<coverage::Tier> tier{coverage::Tier::school, coverage::Tier::point};
  std::vector<double> area_population{600.0, 300.0, 800.0};
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> costs{5.0, inf, 20.0, inf, inf, 10.0};               // (3, 2)
  std::vector<double> all_costs{5.0, inf, 8.0, 20.0, inf, 40.0, inf, 10.0, 12.0};  // (3, 3): + candidate
  std::vector<std::uint8_t> candidate{0, 0, 1};
  std::vector<double> all_capacity{50.0, 40.0, 100.0}, all_learners{30.0, 40.0, 0.0};

  scenario::Coverage c;
  auto& m = c.metrics;
  m.regions = 2;
  m.area_region = View<const index_t, 1>(area_region.data(), {3});
  m.area_kind = View<const coverage::AreaKind, 1>(kind.data(), {3});
  m.site_area = View<const index_t, 1>(site_area.data(), {2});
  m.capacity = View<const double, 1>(capacity.data(), {2});
  m.learners = View<const double, 1>(learners.data(), {2});
  m.tier = View<const coverage::Tier, 1>(tier.data(), {2});
  m.open_year = View<const double, 1>(open_year.data(), {2});
  m.cost.rows = 3;
  m.cost.cols = 2;
  m.cost.dense = View<const double, 2>(costs.data(), {3, 2});
  m.max_cost = 30.0;
  c.area_home = View<const index_t, 1>(area_home.data(), {3});
  c.area_population = View<const double, 1>(area_population.data(), {3});
  c.older_age = 40;
  scenario::Recommendation rc;
  rc.cost.rows = 3;
  rc.cost.cols = 3;
  rc.cost.dense = View<const double, 2>(all_costs.data(), {3, 3});
  rc.candidate = View<const std::uint8_t, 1>(candidate.data(), {3});
  rc.capacity = View<const double, 1>(all_capacity.data(), {3});
  rc.learners = View<const double, 1>(all_learners.data(), {3});
  rc.new_sites = 1;
  c.recommend = rc;
  s.coverage = c;
  const auto res = scenario::run(s);
  REQUIRE(res.coverage);
  const auto& cv = *res.coverage;
  const index_t Y = 2030 - 2023 + 1;
  REQUIRE(cv.older.shape(1) == Y);
  // older people (40+) of region 0 from the projection, summed by hand
  const auto& P = res.regions.population.population;
  const auto older = [&](index_t r, index_t t) {
    double sum = 0.0;
    for (index_t q = 0; q < 2; ++q)
      for (index_t a = 40; a < City::ages; ++a) sum += P(r, t, q, a);
    return sum;
  };
  CHECK(cv.older(0, 0) == 600.0);
  CHECK(cv.older(1, Y - 1) == doctest::Approx(300.0 * older(0, Y - 1) / older(0, 0)).epsilon(1e-12));
  CHECK(cv.older(2, 3) == doctest::Approx(800.0 * older(1, 3) / older(1, 0)).epsilon(1e-12));
  // the metrics are coverage_metrics on those populations
  NdArray<double, 2> by_year({Y, 3});
  std::vector<double> years;
  for (index_t t = 0; t < Y; ++t) {
    years.push_back(2023.0 + static_cast<double>(t));
    for (index_t i = 0; i < 3; ++i) by_year(t, i) = cv.older(i, t);
  }
  auto direct_in = m;
  direct_in.years = View<const double, 1>(years.data(), {Y});
  direct_in.population = View<const double, 2>(by_year.view());
  const auto direct = coverage::coverage_metrics(direct_in);
  for (index_t t = 0; t < Y; ++t) {
    CHECK(cv.metrics.regions.participation(0, t) == direct.regions.participation(0, t));
    CHECK(cv.metrics.regions.learners_needed(1, t) == direct.regions.learners_needed(1, t));
  }
  CHECK(cv.metrics.regions.learners(0, 0) == 30.0);
  CHECK(cv.metrics.regions.township_school(0, 0) == 1.0);  // the school is in township 0
  // the candidate (column 2) reaches area 2 (12 min), which site 1 (full) leaves out of reach
  REQUIRE(cv.recommended);
  REQUIRE(cv.recommended->size() == 1);
  CHECK((*cv.recommended)[0].site == 2);
  CHECK((*cv.recommended)[0].added == doctest::Approx(cv.older(2, Y - 1)));
}

TEST_CASE("the slices of a distributed run join into the whole run's regions") {
  const City city(3);
  const auto s = city.scenario();
  scenario::RunOptions options;
  options.draws = 20;
  const auto whole = scenario::project_regions(s, options);
  const auto joined = scenario::join_regions({scenario::project_regions(s, options, 0, 1),
                                              scenario::project_regions(s, options, 1, 2)});
  const auto same = [](const auto& a, const auto& b) {  // bit for bit, NaN included
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), sizeof(*a.data()) * static_cast<std::size_t>(a.size())) == 0;
  };
  CHECK(same(joined.totals, whole.totals));
  CHECK(same(joined.population.population, whole.population.population));
  CHECK(same(joined.enrolment.observed, whole.enrolment.observed));
  CHECK(same(joined.intervals->levels, whole.intervals->levels));
  const auto finished = scenario::finish(s, options, joined);
  CHECK(finished.places->balance.deficit.storage() == scenario::run(s, options).places->balance.deficit.storage());
  CHECK_THROWS_AS(scenario::join_regions(std::vector<scenario::RegionResults>{}), InputError);
  CHECK_THROWS_AS(scenario::join_regions(std::vector<const scenario::RegionResults*>{}), InputError);
}
