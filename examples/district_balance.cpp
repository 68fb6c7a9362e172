// SPDX-License-Identifier: MIT
// A district place balance through edplan::scenario::run, as a planning platform embeds it:
// two stylised districts (not real data) whose birth cohorts halved after 2017, primary and
// junior levels, places fixed at today's classes plus one new junior school in 2027.
#include <edplan/edplan.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  using namespace edplan;
  constexpr index_t R = 2, A = 100, ages = A + 1;
  constexpr int base_year = 2023, horizon = 2033;

  // Births 2005..2023 per district: a peak in 2016-17, then halving by 2023.
  std::vector<double> births;
  for (index_t r = 0; r < R; ++r)
    for (int y = 2005; y <= 2023; ++y) {
      const double wave = y <= 2017 ? 1000.0 + 40.0 * (y - 2005) : 1480.0 - 110.0 * (y - 2017);
      births.push_back(wave * (r == 0 ? 1.0 : 0.5));
    }
  // History 2021-2023: grade g in year t is the cohort born in t - 5 - g (universal enrolment).
  std::vector<double> history;
  for (index_t r = 0; r < R; ++r)
    for (int t = 2021; t <= base_year; ++t)
      for (int g = 1; g <= 9; ++g) history.push_back(births[static_cast<std::size_t>(r * 19 + (t - 5 - g - 2005))]);

  // Population: flat 600 per age and sex (district 1 half), survival 0.999, TFR 1.0.
  std::vector<double> base(static_cast<std::size_t>(R * 2 * ages));
  for (index_t i = 0; i < R * 2 * ages; ++i) base[static_cast<std::size_t>(i)] = i < 2 * ages ? 600.0 : 300.0;
  std::vector<double> survival(2 * ages, 0.999), fertility(population::fertile_ages, 1.0 / 35);
  // Places (R, L): primary and junior classes for 1,400 (North) and 700 (South) pupils a grade.
  std::vector<double> places{6 * 1400.0, 3 * 1400.0, 6 * 700.0, 3 * 700.0};

  scenario::Scenario s;
  s.name = "two districts";
  s.base_year = base_year;
  s.horizon = horizon;
  s.regions = {"North", "South"};
  s.population.base = View<const double, 3>(base.data(), {R, 2, ages});
  s.population.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
  s.population.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  s.levels = {enrolment::default_levels()[1], enrolment::default_levels()[2]};  // primary, junior
  s.history = View<const double, 3>(history.data(), {R, 3, 9});
  s.births_first_year = 2005;
  s.births = View<const double, 2>(births.data(), {R, 19});
  s.places = scenario::Places{View<const double, 2>(places.data(), {R, 2}), std::nullopt,
                              {capacity::PlaceChange{"N-J1", 0, 1, 1200.0, 2027}}};

  const auto res = scenario::run(s, scenario::RunOptions{});
  std::printf("%-6s %-8s %5s %8s %8s %8s %6s\n", "region", "level", "year", "pupils", "places", "deficit", "util");
  for (index_t r = 0; r < R; ++r)
    for (index_t l = 0; l < 2; ++l)
      for (index_t t = 0; t < horizon - base_year; t += 3) {
        std::printf("%-6s %-8s %5d %8.0f %8.0f %8.0f %6.2f\n", s.regions[static_cast<std::size_t>(r)].c_str(),
                    s.levels[static_cast<std::size_t>(l)].name.c_str(), base_year + 1 + static_cast<int>(t),
                    res.regions.totals(r, t, l), res.places->capacity(r, t, l), res.places->balance.deficit(r, t, l),
                    res.places->balance.utilisation(r, t, l));
      }
  for (index_t r = 0; r < R; ++r)
    std::printf("%s: junior demand peaks in %d\n", s.regions[static_cast<std::size_t>(r)].c_str(),
                base_year + 1 + static_cast<int>(res.places->peaks(r, 1)));
  return 0;
}
