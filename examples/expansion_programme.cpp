// SPDX-License-Identifier: MIT
// The "1+3" programme through the C++ API: two stylised districts (not real data) whose primary
// demand peaks in 2029 and then falls, five candidate schools, a budget and a batch cap; the
// scheduler's three batches per year and each district's deficit before and after. Then the
// kindergarten shares of one district as its demand falls.
#include <edplan/edplan.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

int main() {
  using namespace edplan;
  using namespace edplan::capacity;
  constexpr index_t R = 2, T = 12;  // 2024..2035
  const char* names[R] = {"North", "South"};
  std::vector<double> demand(R * T), existing(R * T);
  for (index_t t = 0; t < T; ++t) {
    const double from_peak = static_cast<double>(t - 5);  // peak in 2029
    demand[static_cast<std::size_t>(t)] = 12000 - (from_peak < 0 ? 300 : 700) * (from_peak < 0 ? -from_peak : from_peak);
    demand[static_cast<std::size_t>(T + t)] = 9000 - (from_peak < 0 ? 150 : 500) * (from_peak < 0 ? -from_peak : from_peak);
    existing[static_cast<std::size_t>(t)] = 10000;
    existing[static_cast<std::size_t>(T + t)] = 8200;
  }
  ProgrammeInputs in;
  in.demand = View<const double, 3>(demand.data(), {R, T, 1});
  in.existing = View<const double, 3>(existing.data(), {R, T, 1});
  in.candidates = {{"N1", 0, 0, 1080, 9.7e7, 2024}, {"N2", 0, 0, 1620, 1.4e8, 2024}, {"N3", 0, 0, 1080, 9.5e7, 2026},
                   {"S1", 1, 0, 1080, 9.9e7, 2024}, {"S2", 1, 0, 540, 5.5e7, 2025}};
  in.stages = {{1, 2}};  // land → start 1 year, start → open 2 years
  in.base_year = 2023;
  in.budget = {1.5e8};
  in.max_per_batch = 1;
  const auto v = validate(in);
  const auto s = schedule(v);
  const auto outcome = evaluate(v, s.land_year);
  std::printf("objective %.1f: %.0f unmet place-years, cost %.0f, %.0f stranded place-years\n", s.totals.objective,
              s.totals.unmet, s.totals.cost, s.totals.stranded);
  for (int year = 2024; year <= 2035; ++year) {
    std::string line;
    for (std::size_t k = 0; k < s.land_year.size(); ++k) {
      if (s.land_year[k] == not_chosen) continue;
      const int land = s.land_year[k];
      const auto& id = in.candidates[k].id;
      if (land == year) line += " land " + id;
      if (land + 1 == year) line += " start " + id;
      if (land + 3 == year) line += " open " + id;
    }
    if (!line.empty()) std::printf("%d:%s\n", year, line.c_str());
  }
  for (index_t r = 0; r < R; ++r) {
    double before = 0, after = 0;
    for (index_t t = 0; t < T; ++t) {
      before += v.need()(r, t, 0);
      after += outcome.unmet(r, t, 0);
    }
    std::printf("%s: deficit %.0f place-years before, %.0f after; peak %d\n", names[r], before, after,
                2024 + static_cast<int>(v.peak()(r, 0)));
  }

  // Kindergarten: 3,000 public, 2,400 inclusive, 1,200 private places; demand falls 8% a year.
  std::vector<double> kg(T), places(T * 3), population(T, 450000);
  for (index_t t = 0; t < T; ++t) {
    kg[static_cast<std::size_t>(t)] = 6800 * std::pow(0.92, static_cast<double>(t));
    places[static_cast<std::size_t>(3 * t)] = 3000;
    places[static_cast<std::size_t>(3 * t + 1)] = 2400;
    places[static_cast<std::size_t>(3 * t + 2)] = 1200;
  }
  const auto shares = preschool_shares(View<const double, 2>(kg.data(), {1, T}), View<const double, 3>(places.data(), {1, T, 3}),
                                       Fill::public_first, {}, {}, View<const double, 2>(population.data(), {1, T}));
  for (index_t t = 0; t < T; t += 4) {
    std::printf("%d kindergarten: %.0f pupils, public share %.1f%%, inclusive %.1f%%, nursery places convertible %.0f of %.0f\n",
                2024 + static_cast<int>(t), kg[static_cast<std::size_t>(t)], 100 * shares.public_share(0, t),
                100 * shares.inclusive_share(0, t), shares.nursery_convertible(0, t), shares.nursery_demand(0, t));
  }
  return 0;
}
