// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/population.hpp>

#include "lcg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace edplan;
using namespace edplan::population;

namespace {
constexpr index_t A = 50;  // the smallest open age the model accepts
constexpr index_t ages = A + 1;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A (sex, age) table filled with `fill`, cells set by {sex, age, value}.
struct Cell {
  index_t sex, age;
  double value;
};
std::vector<double> table(double fill_f, double fill_m, std::initializer_list<Cell> cells) {
  std::vector<double> t(2 * ages);
  for (index_t a = 0; a < ages; ++a) {
    t[static_cast<std::size_t>(a)] = fill_f;
    t[static_cast<std::size_t>(ages + a)] = fill_m;
  }
  for (const auto& c : cells) t[static_cast<std::size_t>(c.sex * ages + c.age)] = c.value;
  return t;
}
std::vector<double> schedule(std::initializer_list<std::pair<index_t, double>> rates) {
  std::vector<double> f(fertile_ages, 0.0);
  for (const auto& [age, rate] : rates) f[static_cast<std::size_t>(age - first_fertile_age)] = rate;
  return f;
}
View<const double, 2> sa(const std::vector<double>& t) { return View<const double, 2>(t.data(), {2, ages}); }

// The hand-computed case: F has 100 at age 0, 1000 at 20, 500 at 49, 200 in the open group 50+;
// M has 110 at 0, 400 at 49, 150 at 50+. Survival 0.9 (F) and 0.8 (M), 0.5 and 0.4 in the open
// group. Women aged 20 and 21 bear 0.1 children per year. srb 1.05, birth survival 0.99 / 0.98.
const auto P0 = table(0, 0, {{0, 0, 100}, {0, 20, 1000}, {0, 49, 500}, {0, 50, 200}, {1, 0, 110}, {1, 49, 400}, {1, 50, 150}});
const auto S = table(0.9, 0.8, {{0, 50, 0.5}, {1, 50, 0.4}});
const auto f = schedule({{20, 0.1}, {21, 0.1}});
const StepParams params{1.05, {0.99, 0.98}};
}  // namespace

TEST_CASE("step: survivors, the open age group, births from averaged women, newborns") {
  std::vector<double> next(2 * ages, -1.0);
  const View<double, 2> out(next.data(), {2, ages});
  const auto r = step(sa(P0), sa(S), View<const double, 1>(f.data(), {fertile_ages}), {}, NaN, params, out);

  CHECK(out(0, 1) == doctest::Approx(90.0));   // 100 · 0.9
  CHECK(out(0, 21) == doctest::Approx(900.0));  // 1000 · 0.9
  CHECK(out(0, 20) == 0.0);
  CHECK(out(0, 50) == doctest::Approx(550.0));  // 500 · 0.9 + 200 · 0.5
  CHECK(out(1, 1) == doctest::Approx(88.0));    // 110 · 0.8
  CHECK(out(1, 50) == doctest::Approx(380.0));  // 400 · 0.8 + 150 · 0.4
  // B = 0.1 · ½(1000 + 0) + 0.1 · ½(0 + 900) = 95
  CHECK(r.births == doctest::Approx(95.0).epsilon(1e-14));
  CHECK(out(0, 0) == doctest::Approx(95.0 / 2.05 * 0.99).epsilon(1e-14));          // 45.878...
  CHECK(out(1, 0) == doctest::Approx(95.0 * 1.05 / 2.05 * 0.98).epsilon(1e-14));   // 47.685...
  CHECK(r.clamped_cells == 0);
  double total = 0;
  for (double x : next) total += x;
  CHECK(total == doctest::Approx(90 + 900 + 550 + 88 + 380 + 95.0 / 2.05 * 0.99 + 95.0 * 1.05 / 2.05 * 0.98));
}

TEST_CASE("step: migration is added at the end of the year, negative cells clamp before births") {
  // -100 at F age 1 leaves 90 - 100 < 0; +50 at F 21 enters the birth average; -60 at M 0
  // exceeds the male newborns.
  const auto M = table(0, 0, {{0, 1, -100}, {0, 21, 50}, {1, 0, -60}});
  std::vector<double> next(2 * ages);
  const View<double, 2> out(next.data(), {2, ages});
  const auto r = step(sa(P0), sa(S), View<const double, 1>(f.data(), {fertile_ages}), sa(M), NaN, params, out);

  CHECK(out(0, 1) == 0.0);
  CHECK(out(0, 21) == doctest::Approx(950.0));
  // B = 0.1 · ½(1000 + 0) + 0.1 · ½(0 + 950) = 97.5
  CHECK(r.births == doctest::Approx(97.5).epsilon(1e-14));
  CHECK(out(0, 0) == doctest::Approx(97.5 / 2.05 * 0.99).epsilon(1e-14));
  const double male_short = 60.0 - 97.5 * 1.05 / 2.05 * 0.98;  // 11.0597...
  CHECK(out(1, 0) == 0.0);
  CHECK(r.clamped_cells == 2);
  CHECK(r.clamped_people == doctest::Approx(10.0 + male_short).epsilon(1e-14));
}

TEST_CASE("step: observed births replace projected ones") {
  std::vector<double> next(2 * ages);
  const View<double, 2> out(next.data(), {2, ages});
  const auto r = step(sa(P0), sa(S), View<const double, 1>(f.data(), {fertile_ages}), {}, 200.0, params, out);
  CHECK(r.births == 200.0);
  CHECK(out(0, 0) == doctest::Approx(200.0 / 2.05 * 0.99).epsilon(1e-14));
  CHECK(out(1, 0) == doctest::Approx(200.0 * 1.05 / 2.05 * 0.98).epsilon(1e-14));
}

TEST_CASE("project: two regions, two years, broadcast inputs, observed births") {
  // Region 1 is region 0 doubled; its year-0 births are observed (300).
  std::vector<double> base = P0;
  for (double x : P0) base.push_back(2 * x);
  std::vector<double> births{NaN, NaN, 300.0, NaN};
  ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {2, 2, ages});
  in.survival = View<const double, 4>(S.data(), {1, 1, 2, ages});
  in.fertility = View<const double, 3>(f.data(), {1, 1, fertile_ages});
  in.births = View<const double, 2>(births.data(), {2, 2});
  ProjectionOptions opt;
  opt.years = 2;
  opt.srb = params.srb;
  opt.birth_survival = params.birth_survival;
  const auto p = project(in, opt);

  REQUIRE(p.population.shape() == std::array<index_t, 4>{2, 3, 2, ages});
  CHECK(p.population(0, 0, 0, 20) == 1000.0);  // [:, 0] is the base
  CHECK(p.births(0, 0) == doctest::Approx(95.0));
  CHECK(p.births(1, 0) == 300.0);
  // Year 2, region 0: women 20 → 0 (none), women 21 → 900 → 22 (rate 0): B = 0.1·½(0+0) + 0.1·½(900+0) = 45
  CHECK(p.births(0, 1) == doctest::Approx(45.0));
  CHECK(p.births(1, 1) == doctest::Approx(90.0));
  CHECK(p.population(0, 2, 0, 2) == doctest::Approx(100 * 0.9 * 0.9));
  CHECK(p.population(0, 2, 0, 50) == doctest::Approx(550 * 0.5));
  CHECK(p.population(0, 2, 1, 1) == doctest::Approx(95.0 * 1.05 / 2.05 * 0.98 * 0.8));
  CHECK(p.total_clamped_cells() == 0);
  CHECK(p.warnings().empty());

  SUBCASE("the thread count does not change a single bit") {
    opt.threads = 1;
    const auto one = project(in, opt);
    opt.threads = 2;
    const auto two = project(in, opt);
    for (index_t i = 0; i < one.population.size(); ++i) CHECK(one.population.data()[i] == two.population.data()[i]);
  }
}

TEST_CASE("project: clamped cells are counted and reported as warnings") {
  const auto M = table(0, 0, {{0, 1, -100}, {1, 0, -60}});
  ProjectionInputs in;
  in.base = View<const double, 3>(P0.data(), {1, 2, ages});
  in.survival = View<const double, 4>(S.data(), {1, 1, 2, ages});
  in.fertility = View<const double, 3>(f.data(), {1, 1, fertile_ages});
  in.migration = View<const double, 4>(M.data(), {1, 1, 2, ages});
  ProjectionOptions opt;
  opt.years = 1;
  const auto p = project(in, opt);
  CHECK(p.clamped_cells(0, 0) == 2);
  REQUIRE(p.warnings().size() == 1);
  CHECK(p.warnings()[0].rfind("region 0, step 0: 2 cells made negative by net out-migration set to 0 (", 0) == 0);
}

TEST_CASE("validate lists every problem with argument, index and value") {
  auto bad_base = P0;
  bad_base[3] = -5;  // F age 3
  auto bad_survival = S;
  bad_survival[ages + 45] = 1.2;  // M age 45
  auto bad_fertility = f;
  bad_fertility[0] = 95.0;  // a rate per 1,000 women
  std::vector<double> births{std::numeric_limits<double>::infinity()};
  ProjectionInputs in;
  in.base = View<const double, 3>(bad_base.data(), {1, 2, ages});
  in.survival = View<const double, 4>(bad_survival.data(), {1, 1, 2, ages});
  in.fertility = View<const double, 3>(bad_fertility.data(), {1, 1, fertile_ages});
  in.births = View<const double, 2>(births.data(), {1, 1});
  ProjectionOptions opt;
  opt.years = 3;
  opt.srb = 0;
  try {
    (void)project(in, opt);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("srb: got 0; expected males per female birth") != std::string::npos);
    CHECK(what.find("base[region=0, sex=F, age=3]: got -5; expected a count >= 0") != std::string::npos);
    CHECK(what.find("survival[region=0, year=0, sex=M, age=45]: got 1.2; expected a probability in [0, 1]") !=
          std::string::npos);
    CHECK(what.find("fertility[region=0, year=0, age=15]: got 95; expected births per woman per year in [0, 1]") !=
          std::string::npos);
    CHECK(what.find("births[region=0, year=0]: got inf; expected a count >= 0, or NaN") != std::string::npos);
    CHECK(e.problems().size() == 5);
  }
}

TEST_CASE("validate rejects wrong lengths without stopping at the first") {
  std::vector<double> base(2 * 2 * 30);
  std::vector<double> survival(3 * 2 * 2 * 30, 0.9);
  std::vector<double> fertility(34, 0.0);
  ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {2, 2, 30});
  in.survival = View<const double, 4>(survival.data(), {3, 1, 2, 30});
  in.fertility = View<const double, 3>(fertility.data(), {1, 1, 34});
  ProjectionOptions opt;
  opt.years = 1;
  try {
    (void)project(in, opt);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 3);
    CHECK(e.problems()[0].str() ==
          "base: axis 2 (age) has length 30; expected at least 51 (ages 0..A with open age A >= 50)");
    CHECK(e.problems()[1].str() ==
          "survival: axis 0 (region) has length 3; expected 2 (regions in base) or 1 (the same for all)");
    CHECK(e.problems()[2].str() == "fertility: axis 2 (age) has length 34; expected 35 (ages 15..49)");
  }
}

TEST_CASE("fertility_from_tfr keeps the age pattern and follows the path") {
  std::vector<double> shape(fertile_ages, 0.0);
  shape[10] = 3.0;  // age 25
  shape[15] = 1.0;  // age 30
  const YearPath tfr({{2023, 1.0}, {2033, 1.5}}, "tfr");
  const auto fx = fertility_from_tfr(View<const double, 2>(shape.data(), {1, fertile_ages}), tfr, 2023, 12);
  REQUIRE(fx.shape() == std::array<index_t, 3>{1, 12, fertile_ages});
  CHECK(fx(0, 0, 10) == doctest::Approx(0.75));
  CHECK(fx(0, 0, 15) == doctest::Approx(0.25));
  CHECK(total_fertility(fx.view()[0][5]) == doctest::Approx(1.25));  // 2028: halfway
  CHECK(total_fertility(fx.view()[0][11]) == doctest::Approx(1.5));  // 2034: held flat
  std::vector<double> zero(fertile_ages, 0.0);
  CHECK_THROWS_WITH_AS(
      (void)fertility_from_tfr(View<const double, 2>(zero.data(), {1, fertile_ages}), tfr, 2023, 2),
      "fertility shape[region=0]: sums to 0; expected a positive age pattern", InputError);
}

TEST_CASE("an output buffer that overlaps an input is refused, naming both") {
  std::vector<double> buffer(4 * 2 * 51, 0.0), survival(2 * 51, 0.99), fertility(population::fertile_ages, 0.04);
  population::ProjectionInputs in;
  in.base = View<const double, 3>(buffer.data(), {1, 2, 51});  // the base year's slot of the output
  in.survival = View<const double, 4>(survival.data(), {1, 1, 2, 51});
  in.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  population::ProjectionOptions opt;
  opt.years = 3;
  std::vector<double> births(3), people(3);
  std::vector<std::int64_t> cells(3);
  const population::ProjectionOutputs out{View<double, 4>(buffer.data(), {1, 4, 2, 51}), View<double, 2>(births.data(), {1, 3}),
                                          View<std::int64_t, 2>(cells.data(), {1, 3}), View<double, 2>(people.data(), {1, 3})};
  try {
    population::project_into(in, opt, out);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].where == "out");
    CHECK(e.problems()[0].message == "shares memory with the input base; expected a separate array");
  }
  std::vector<double> separate(4 * 2 * 51);
  const population::ProjectionOutputs fine{View<double, 4>(separate.data(), {1, 4, 2, 51}), out.births, out.clamped_cells,
                                           out.clamped_people};
  CHECK_NOTHROW(population::project_into(in, opt, fine));
}

TEST_CASE("project tests each value as the kernel reads it: validate's error, and no partial result") {
  // 3 regions × 4 years: survival by region and year, migration by year, fertility by region,
  // observed births by year (NaN: projected), so that every input has a broadcast or a full axis.
  constexpr index_t R = 3, T = 4;
  std::vector<double> base, survival, migration, fertility, births(T, NaN);
  for (index_t r = 0; r < R; ++r) base.insert(base.end(), P0.begin(), P0.end());
  for (index_t i = 0; i < R * T; ++i) survival.insert(survival.end(), S.begin(), S.end());
  for (index_t t = 0; t < T; ++t) {
    const auto m = table(2.0 * static_cast<double>(t), -1.0, {});
    migration.insert(migration.end(), m.begin(), m.end());
  }
  for (index_t r = 0; r < R; ++r) fertility.insert(fertility.end(), f.begin(), f.end());
  births[1] = 250.0;
  ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, ages});
  in.survival = View<const double, 4>(survival.data(), {R, T, 2, ages});
  in.migration = View<const double, 4>(migration.data(), {1, T, 2, ages});
  in.fertility = View<const double, 3>(fertility.data(), {R, 1, fertile_ages});
  in.births = View<const double, 2>(births.data(), {1, T});
  ProjectionOptions opt;
  opt.years = T;
  std::vector<double> population(static_cast<std::size_t>(R * (T + 1) * 2 * ages), 7.0), born(R * T, 7.0),
      people(R * T, 7.0);
  std::vector<std::int64_t> cells(R * T, 7);
  const ProjectionOutputs out{View<double, 4>(population.data(), {R, T + 1, 2, ages}), View<double, 2>(born.data(), {R, T}),
                              View<std::int64_t, 2>(cells.data(), {R, T}), View<double, 2>(people.data(), {R, T})};

  SUBCASE("valid inputs: the same bits as the projection of validated inputs") {
    for (int threads : {1, 2}) {
      opt.threads = threads;
      project_into(in, opt, out);
      const auto trusted = validate(in, opt);
      Projection p{NdArray<double, 4>({R, T + 1, 2, ages}), NdArray<double, 2>({R, T}), NdArray<std::int64_t, 2>({R, T}),
                   NdArray<double, 2>({R, T})};
      project_into(trusted, {p.population.view(), p.births.view(), p.clamped_cells.view(), p.clamped_people.view()});
      for (index_t i = 0; i < p.population.size(); ++i) REQUIRE(population[static_cast<std::size_t>(i)] == p.population.data()[i]);
      for (index_t i = 0; i < p.births.size(); ++i) REQUIRE(born[static_cast<std::size_t>(i)] == p.births.data()[i]);
      CHECK(born[1] == 250.0);  // region 0, year 1: observed
      CHECK(p.population(2, 4, 0, 50) > 0.0);
    }
  }

  SUBCASE("a bad value anywhere: validate's error, every buffer filled with NaN (cells with 0)") {
    struct Bad {
      std::vector<double>* array;
      std::size_t at;
      double value;
      const char* where;
    };
    const std::size_t row = 2 * ages;
    const std::vector<Bad> bad{
        {&base, 2 * row + ages + 7, -1.0, "base[region=2, sex=M, age=7]"},
        {&survival, (2 * T + 3) * row + 50, 1.5, "survival[region=2, year=3, sex=F, age=50]"},
        {&survival, 0, NaN, "survival[region=0, year=0, sex=F, age=0]"},
        {&migration, 3 * row + ages, std::numeric_limits<double>::infinity(), "migration[region=0, year=3, sex=M, age=0]"},
        {&fertility, 2 * fertile_ages + 34, -0.1, "fertility[region=2, year=0, age=49]"},
        {&births, 3, -4.0, "births[region=0, year=3]"},
    };
    for (int threads : {1, 2}) {
      opt.threads = threads;
      for (const auto& b : bad) {
        CAPTURE(b.where);
        const double good = (*b.array)[b.at];
        (*b.array)[b.at] = b.value;
        std::string expected;
        try {
          (void)validate(in, opt);
        } catch (const InputError& e) {
          expected = e.what();
        }
        CHECK(expected.rfind(b.where, 0) == 0);
        std::fill(population.begin(), population.end(), 7.0);
        try {
          project_into(in, opt, out);
          FAIL("expected an InputError");
        } catch (const InputError& e) {
          CHECK(std::string(e.what()) == expected);
        }
        CHECK(std::all_of(population.begin(), population.end(), [](double x) { return std::isnan(x); }));
        CHECK(std::all_of(born.begin(), born.end(), [](double x) { return std::isnan(x); }));
        CHECK(std::all_of(people.begin(), people.end(), [](double x) { return std::isnan(x); }));
        CHECK(std::all_of(cells.begin(), cells.end(), [](std::int64_t x) { return x == 0; }));
        try {
          (void)project(in, opt);
          FAIL("expected an InputError");
        } catch (const InputError& e) {
          CHECK(std::string(e.what()) == expected);
        }
        (*b.array)[b.at] = good;
      }
    }
  }

  SUBCASE("bad values and a wrong output buffer: the values are reported first, the buffers untouched") {
    survival[5] = 2.0;
    const ProjectionOutputs short_out{View<double, 4>(population.data(), {R, T, 2, ages}), out.births, out.clamped_cells,
                                      out.clamped_people};
    try {
      project_into(in, opt, short_out);
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).rfind("survival[region=0, year=0, sex=F, age=5]: got 2", 0) == 0);
    }
    CHECK(population[0] == 7.0);
    survival[5] = S[5];
    CHECK_THROWS_WITH_AS(project_into(in, opt, short_out), "population: output buffer has the wrong shape or layout",
                         InputError);
  }
}

TEST_CASE("survivors: every vector width writes the bits of p·s + f·m and finds the least cell") {
  // Rows of every length around the vector widths (2, 4, 8 doubles), values of both signs,
  // f = 1 and a draw's factor; one guard cell on each side of the written range.
  testing::Lcg rng{11};
  std::vector<double> P(40), S(40), M(40);
  for (std::size_t i = 0; i < P.size(); ++i) {
    P[i] = 1000.0 * rng.uniform();
    S[i] = rng.uniform();
    M[i] = 300.0 * (rng.uniform() - 0.7);
  }
  for (const int simd : {0, 1, 2}) {
    if (simd > edplan::detail::simd_level()) break;
    for (const double factor : {1.0, 0.8}) {
      for (index_t n = 0; n <= 37; ++n) {
        CAPTURE(simd);
        CAPTURE(n);
        std::vector<double> Q(static_cast<std::size_t>(n) + 2, 7.0);
        const double lo = population::detail::survivors(P.data(), S.data(), M.data(), factor, Q.data() + 1, n, simd);
        double least = std::numeric_limits<double>::infinity();
        for (index_t i = 0; i < n; ++i) {
          const auto k = static_cast<std::size_t>(i);
          const double survivors = P[k] * S[k], migrants = factor * M[k];  // two roundings, then the sum's
          REQUIRE(Q[k + 1] == survivors + migrants);
          least = std::min(least, Q[k + 1]);
        }
        CHECK(lo == least);
        CHECK(Q.front() == 7.0);
        CHECK(Q.back() == 7.0);
      }
    }
  }
}

TEST_CASE("project: a result written with streaming stores has the bits of one written with ordinary ones") {
  // More regions than fit under population::detail::stream_result_bytes (streamed), projected whole and in
  // pieces of 100 regions (each under it: ordinary stores), with clamping out-migration by region.
  constexpr index_t T = 4;
  const index_t per_region = (T + 1) * 2 * ages * static_cast<index_t>(sizeof(double));
  const index_t R = static_cast<index_t>(population::detail::stream_result_bytes) / per_region + 50;
  testing::Lcg rng{5};
  std::vector<double> base(static_cast<std::size_t>(R * 2 * ages)), migration(base.size());
  for (auto& x : base) x = 2000.0 * rng.uniform();
  for (auto& x : migration) x = 400.0 * (rng.uniform() - 0.75);
  ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, ages});
  in.survival = View<const double, 4>(S.data(), {1, 1, 2, ages});
  in.fertility = View<const double, 3>(f.data(), {1, 1, fertile_ages});
  in.migration = View<const double, 4>(migration.data(), {R, 1, 2, ages});
  ProjectionOptions opt;
  opt.years = T;
  opt.threads = 2;
  const auto whole = project(in, opt);
  REQUIRE(static_cast<std::size_t>(whole.population.size()) * sizeof(double) > population::detail::stream_result_bytes);
  CHECK(whole.total_clamped_cells() > 0);
  for (index_t r0 = 0; r0 < R; r0 += 100) {
    const index_t n = std::min<index_t>(100, R - r0);
    ProjectionInputs piece = in;
    piece.base = View<const double, 3>(base.data() + r0 * 2 * ages, {n, 2, ages});
    piece.migration = View<const double, 4>(migration.data() + r0 * 2 * ages, {n, 1, 2, ages});
    const auto p = project(piece, opt);
    const double* w = &whole.population(r0, 0, 0, 0);
    for (index_t i = 0; i < p.population.size(); ++i) REQUIRE(p.population.data()[i] == w[i]);
    for (index_t k = 0; k < n * T; ++k) {
      REQUIRE(p.births.data()[k] == whole.births.data()[r0 * T + k]);
      REQUIRE(p.clamped_cells.data()[k] == whole.clamped_cells.data()[r0 * T + k]);
      REQUIRE(p.clamped_people.data()[k] == whole.clamped_people.data()[r0 * T + k]);
    }
  }

  SUBCASE("into a buffer 8 bytes off a 16-byte boundary, ages 0..49 of women and 0..20 of men") {
    // The other ages of years 1..T are left as they were (7), as with ordinary stores.
    std::vector<double> buffer(static_cast<std::size_t>(whole.population.size()) + 2, 7.0);
    double* at = buffer.data() + ((reinterpret_cast<std::uintptr_t>(buffer.data()) & 15u) == 0 ? 1 : 0);
    std::vector<double> born(static_cast<std::size_t>(R * T)), people(born.size());
    std::vector<std::int64_t> cells(born.size());
    const ProjectionOutputs out{View<double, 4>(at, {R, T + 1, 2, ages}), View<double, 2>(born.data(), {R, T}),
                                View<std::int64_t, 2>(cells.data(), {R, T}), View<double, 2>(people.data(), {R, T})};
    project_into(validate(in, opt), out, {49, 20});
    for (index_t r = 0; r < R; ++r) {
      for (index_t t = 0; t <= T; ++t) {
        for (index_t s = 0; s < 2; ++s) {
          const index_t last = t == 0 ? A : (s == 0 ? 49 : 20);
          for (index_t a = 0; a < ages; ++a) {
            const double got = out.population(r, t, s, a);
            if (a <= last) {
              REQUIRE(got == whole.population(r, t, s, a));
            } else {
              REQUIRE(got == 7.0);
            }
          }
        }
      }
    }
    for (index_t k = 0; k < R * T; ++k) REQUIRE(born[static_cast<std::size_t>(k)] == whole.births.data()[k]);
  }

  SUBCASE("a bad value in the last region: validate's error, and NaN in the whole streamed result") {
    migration.back() = NaN;
    std::vector<double> population(static_cast<std::size_t>(whole.population.size()), 7.0), born(static_cast<std::size_t>(R * T)),
        people(born.size());
    std::vector<std::int64_t> cells(born.size());
    const ProjectionOutputs out{View<double, 4>(population.data(), {R, T + 1, 2, ages}), View<double, 2>(born.data(), {R, T}),
                                View<std::int64_t, 2>(cells.data(), {R, T}), View<double, 2>(people.data(), {R, T})};
    const std::string where = "migration[region=" + std::to_string(R - 1) + ", year=0, sex=M, age=50]: got ";
    CHECK_THROWS_WITH_AS(project_into(in, opt, out), doctest::Contains(where.c_str()), InputError);
    CHECK(std::all_of(population.begin(), population.end(), [](double x) { return std::isnan(x); }));
    CHECK(std::all_of(born.begin(), born.end(), [](double x) { return std::isnan(x); }));
  }
}

TEST_CASE("clamping a row: the count of negative cells, and std::max(x, 0) on every cell") {
  // Rows of every length around the SSE2 width, negatives anywhere, −0 kept as −0 (as
  // std::max(−0.0, 0.0) keeps it).
  for (index_t n = 0; n <= 9; ++n) {
    for (index_t pattern = 0; pattern < (index_t{1} << n); ++pattern) {
      std::vector<double> q(static_cast<std::size_t>(n) + 1, -7.0);  // the guard after the row stays
      index_t want = 0;
      for (index_t i = 0; i < n; ++i) {
        const bool negative = (pattern >> i) & 1;
        q[static_cast<std::size_t>(i)] = negative ? -1.5 - static_cast<double>(i) : (i % 3 == 0 ? -0.0 : 2.0 * static_cast<double>(i));
        want += negative ? 1 : 0;
      }
      const std::vector<double> before = q;
      CHECK(population::detail::count_negative(q.data(), n) == want);
      population::detail::clamp_negative(q.data(), n);
      for (index_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        const double expected = std::max(before[k], 0.0);
        REQUIRE(q[k] == expected);
        REQUIRE(std::signbit(q[k]) == std::signbit(expected));
      }
      CHECK(q.back() == -7.0);
    }
  }
}
