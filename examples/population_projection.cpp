// SPDX-License-Identifier: MIT
// A minimal cohort-component projection through the C++ API: one stylised region (not real
// data) whose mothers' cohorts are shrinking, fertility at a TFR of 1.1, ten years ahead.
#include <edplan/edplan.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  using namespace edplan;
  constexpr index_t A = 100;  // open age group 100+
  constexpr index_t ages = A + 1;

  // Base population per sex and single year: small recent birth cohorts, large cohorts aged
  // 25-59, thinning after 60.
  const auto people_at = [](index_t a) {
    if (a < 7) return 350.0;
    if (a < 15) return 450.0;
    if (a < 25) return 400.0;
    if (a < 60) return 600.0;
    return 600.0 * std::exp(-0.06 * static_cast<double>(a - 60));
  };
  std::vector<double> base(2 * ages);
  for (index_t s = 0; s < 2; ++s)
    for (index_t a = 0; a <= A; ++a) base[static_cast<std::size_t>(s * ages + a)] = people_at(a);

  // Survival from a Gompertz hazard; the open group keeps 60% a year.
  std::vector<double> survival(2 * ages);
  for (index_t s = 0; s < 2; ++s)
    for (index_t a = 0; a <= A; ++a)
      survival[static_cast<std::size_t>(s * ages + a)] =
          a == A ? 0.6 : std::exp(-0.00005 * std::exp(0.095 * static_cast<double>(a)) * (s == 1 ? 1.3 : 1.0));

  // A bell-shaped age pattern scaled to TFR 1.1, the same every year.
  std::vector<double> shape(population::fertile_ages);
  for (index_t i = 0; i < population::fertile_ages; ++i)
    shape[static_cast<std::size_t>(i)] = std::exp(-0.5 * std::pow((15.0 + static_cast<double>(i) - 29.0) / 5.0, 2));
  const YearPath tfr({{2023, 1.1}}, "tfr");
  const auto fertility =
      population::fertility_from_tfr(View<const double, 2>(shape.data(), {1, population::fertile_ages}), tfr, 2023, 10);

  population::ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {1, 2, ages});
  in.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
  in.fertility = fertility.view();
  population::ProjectionOptions opt;
  opt.years = 10;
  opt.srb = 1.06;
  const auto p = population::project(in, opt);

  std::printf("year   births  population  aged 60+\n");
  for (index_t t = 0; t <= opt.years; ++t) {
    double total = 0, older = 0;
    for (index_t s = 0; s < 2; ++s)
      for (index_t a = 0; a <= A; ++a) {
        total += p.population(0, t, s, a);
        if (a >= 60) older += p.population(0, t, s, a);
      }
    const double births = t < opt.years ? p.births(0, t) : std::nan("");
    std::printf("%d %8.0f %11.0f %8.1f%%\n", 2023 + static_cast<int>(t), births, total, 100.0 * older / total);
  }
  std::printf("births fell by %.0f%% over the decade as the cohorts of mothers shrank\n",
              100.0 * (1.0 - p.births(0, opt.years - 1) / p.births(0, 0)));
  return 0;
}
