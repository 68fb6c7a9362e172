// SPDX-License-Identifier: MIT
// Projects two regions of 1,000 people one year ahead through the installed headers.
#include <edplan/edplan.hpp>

#include <cstdio>
#include <vector>

int main() {
  using namespace edplan;
  const index_t R = 2, A = 50;
  std::vector<double> base(static_cast<std::size_t>(R * 2 * (A + 1)), 1000.0 / (2 * (A + 1)));
  std::vector<double> survival(static_cast<std::size_t>(2 * (A + 1)), 0.9999);
  std::vector<double> fertility(population::fertile_ages, 0.0);
  population::ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, A + 1});
  in.survival = View<const double, 4>(survival.data(), {1, 1, 2, A + 1});
  in.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  population::ProjectionOptions opt;
  opt.years = 1;
  const auto p = population::project(in, opt);
  double total = 0;
  for (index_t r = 0; r < R; ++r)
    for (index_t s = 0; s < 2; ++s)
      for (index_t a = 0; a <= A; ++a) total += p.population(r, 1, s, a);
  std::printf("edplan %s: %d regions, total after 1 year %.1f\n", edplan::version, static_cast<int>(R), total);
  return 0;
}
