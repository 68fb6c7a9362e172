// SPDX-License-Identifier: MIT
// The C++ quick start of docs/cpp.md (quoted there whole): two regions of 1,000 people a
// single year of age, projected 17 years at a TFR path 1.05 → 1.2; then a bad input, to show
// how every problem is reported at once.
#include <edplan/edplan.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  using namespace edplan;
  const index_t R = 2, A = 100;  // regions; ages 0..A, A the open age group
  std::vector<double> base(static_cast<std::size_t>(R * 2 * (A + 1)), 1000.0);  // (R, 2 sexes, A+1)
  std::vector<double> survival(static_cast<std::size_t>(2 * (A + 1)));           // (1, 1, 2, A+1): all regions and years
  for (index_t a = 0; a <= A; ++a)
    survival[static_cast<std::size_t>(a)] = survival[static_cast<std::size_t>(A + 1 + a)] =
        a == A ? 0.6 : std::exp(-4e-5 * std::exp(0.095 * static_cast<double>(a)));
  std::vector<double> shape(population::fertile_ages);  // an age pattern over ages 15..49
  for (index_t i = 0; i < population::fertile_ages; ++i)
    shape[static_cast<std::size_t>(i)] = std::exp(-0.5 * std::pow((static_cast<double>(i) - 14.0) / 5.5, 2));
  const auto fertility = population::fertility_from_tfr(View<const double, 2>(shape.data(), {1, population::fertile_ages}),
                                                        YearPath({{2023, 1.05}, {2035, 1.2}}, "tfr"), 2023, 17);

  population::ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, A + 1});
  in.survival = View<const double, 4>(survival.data(), {1, 1, 2, A + 1});
  in.fertility = fertility.view();  // (1, 17, 35)
  population::ProjectionOptions opt;
  opt.years = 17;
  const auto p = population::project(in, opt);  // p.population(r, t, s, a), p.births(r, t)
  std::printf("region 0: %.0f births in 2023, %.0f in 2039; %.0f aged 6 in 2040\n", p.births(0, 0), p.births(0, 16),
              p.population(0, 17, 0, 6) + p.population(0, 17, 1, 6));

  base[7] = -3;  // a negative count
  try {
    population::project(in, opt);
  } catch (const InputError& error) {  // an std::invalid_argument listing every problem
    for (const auto& problem : error.problems()) std::printf("%s\n", problem.str().c_str());
  }
  return 0;
}
