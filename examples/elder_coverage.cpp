// SPDX-License-Identifier: MIT
// Elder-education coverage of a small hand-made county (not real data): six townships and
// villages whose people aged 60+ grow about 1.6x from 2023 to 2035, three elder-school sites
// and three candidate sites. Places per older person by 2SFCA, the one new site (MCLP) that
// brings the most older people within 30 minutes, then the county's coverage metrics against
// its targets and the same choice as a ranked recommendation.
#include <edplan/coverage.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

int main() {
  using namespace edplan;
  using namespace edplan::coverage;
  constexpr index_t n = 6, m = 6, existing = 3;
  constexpr double no = std::numeric_limits<double>::infinity();  // no road link
  const char* areas[n] = {"Chengguan", "Dongshan", "Xiling", "Nanhu", "Beipo", "Shangyuan"};
  const char* sites[m] = {"county university", "Nanhu school", "Dongshan school", "Xiling", "Shangyuan", "Beipo"};
  // People aged 60+: 2023, then 2035 (villages age faster than the county town).
  const std::vector<double> old_2023{3000, 1200, 900, 1500, 600, 400};
  const std::vector<double> growth{1.50, 1.60, 1.70, 1.60, 1.65, 1.70};
  std::vector<double> demand(old_2023);
  for (index_t i = 0; i < n; ++i) demand.push_back(old_2023[static_cast<std::size_t>(i)] * growth[static_cast<std::size_t>(i)]);

  // Travel minutes, areas x sites; the first three columns exist, the last three are candidates.
  const std::vector<double> minutes{
      5,  25, 15, 35, no, 30,   // Chengguan
      15, no, 5,  40, no, no,   // Dongshan
      35, no, 32, 5,  35, no,   // Xiling
      20, 8,  no, no, no, 20,   // Nanhu
      30, 18, no, no, 35, 10,   // Beipo
      no, 40, no, 22, 5,  28};  // Shangyuan
  const auto cost = CostMatrix::from_dense(View<const double, 2>(minutes.data(), {n, m}));

  // Candidates hold no places yet, so they add nothing to the 2SFCA supply.
  std::vector<double> places{400, 150, 100, 0, 0, 0};
  const auto step = Decay::step({10, 20, 30}, {1.0, 0.68, 0.22});
  FcaOptions opt;
  opt.max_cost = 30;
  const auto fca = two_step_fca(View<const double, 2>(demand.data(), {2, n}), View<const double, 2>(places.data(), {1, m}),
                                cost, {step}, opt);
  // By hand for Nanhu in 2023: the university's ratio is 400 / (3000 + 0.68*1200 + 0.68*1500
  // + 0.22*600) = 400/4968, the Nanhu school's 150 / (0.22*3000 + 1500 + 0.68*600) =
  // 150/2568; Nanhu reaches them at 20 and 8 minutes: 0.68*400/4968 + 150/2568 = 0.1132.
  std::printf("%-10s %8s %8s %10s %10s\n", "area", "60+ 2023", "60+ 2035", "2SFCA 2023", "2SFCA 2035");
  for (index_t i = 0; i < n; ++i)
    std::printf("%-10s %8.0f %8.0f %10.4f %10.4f\n", areas[i], demand[static_cast<std::size_t>(i)],
                demand[static_cast<std::size_t>(n + i)], fca(0, 0, i), fca(0, 1, i));

  // MCLP on 2035 demand: keep the three sites, add one candidate, cover within 30 minutes.
  const View<const double, 1> d2035(demand.data() + n, {n});
  const std::vector<index_t> fixed{0, 1, 2};
  const auto before = mclp(cost, d2035, 30, existing, fixed);
  const auto after = mclp(cost, d2035, 30, existing + 1, fixed);
  // Only Xiling and Shangyuan lie beyond 30 minutes of the existing sites; the Xiling site reaches both: 1530 + 680.
  index_t added = -1;
  for (auto j : after.sites)
    if (j >= existing) added = j;
  std::printf("new site: %s, %.0f more people aged 60+ within 30 minutes in 2035 (%.0f of %.0f covered)\n", sites[added],
              after.objective - before.objective, after.objective, after.objective + after.unserved);

  // With 120 places at the new site, Xiling's 2035 ratio rises from nothing: 120 / (1530 + 0.22*680).
  places[static_cast<std::size_t>(added)] = 120;
  const auto with_new = two_step_fca(View<const double, 2>(demand.data() + n, {1, n}),
                                     View<const double, 2>(places.data(), {1, m}), cost, {step}, opt);
  std::printf("Xiling 2035 with 120 new places: %.4f places per older person\n", with_new(0, 0, 2));

  // Coverage metrics of the county (one region) with today's learners; the candidates never
  // open here. The Nanhu school is full, so only the university and the Dongshan school have
  // places to spare: Xiling (35 minutes) and Shangyuan lie beyond them.
  const std::vector<index_t> region(n, 0);
  const std::vector<AreaKind> kind{AreaKind::township, AreaKind::township, AreaKind::village,
                                   AreaKind::township, AreaKind::village,  AreaKind::village};
  const std::vector<index_t> site_area{0, 3, 1, 2, 5, 4};
  const std::vector<double> capacity{400, 150, 100, 0, 0, 0};
  const std::vector<double> learners{380, 150, 60, 0, 0, 0};
  const std::vector<Tier> tier{Tier::university, Tier::school, Tier::school, Tier::point, Tier::point, Tier::point};
  constexpr double now = std::numeric_limits<double>::quiet_NaN();  // open already; `no`: never opens
  const std::vector<double> opens{now, now, now, no, no, no};
  const std::vector<double> years{2023, 2035};
  CoverageInputs in;
  in.regions = 1;
  in.area_region = View<const index_t, 1>(region.data(), {n});
  in.area_kind = View<const AreaKind, 1>(kind.data(), {n});
  in.site_area = View<const index_t, 1>(site_area.data(), {m});
  in.capacity = View<const double, 1>(capacity.data(), {m});
  in.learners = View<const double, 1>(learners.data(), {m});
  in.tier = View<const Tier, 1>(tier.data(), {m});
  in.open_year = View<const double, 1>(opens.data(), {m});
  in.years = View<const double, 1>(years.data(), {2});
  in.population = View<const double, 2>(demand.data(), {2, n});
  in.cost = cost;
  in.max_cost = 30;
  in.decay = step;
  const auto metrics = coverage_metrics(in);
  // 590 learners of 12,020 people aged 60+; 20% is 2,404; 4,500 + 1,920 + 2,400 + 990 reached.
  std::printf("county 2035: participation %.1f%%, %.0f more learners for 20%%, %.1f%% within reach of spare places, "
              "%.0f%% of villages with a learning point\n",
              100 * metrics.regions.participation(0, 1), metrics.regions.learners_needed(0, 1),
              100 * metrics.regions.within_reach(0, 1), 100 * metrics.regions.village_point(0, 1));

  RecommendInputs rec;
  const std::vector<std::uint8_t> candidate{0, 0, 0, 1, 1, 1};
  const std::vector<double> candidate_places{400, 150, 100, no, no, no};
  rec.demand = d2035;
  rec.cost = cost;
  rec.candidate = View<const std::uint8_t, 1>(candidate.data(), {m});
  rec.capacity = View<const double, 1>(candidate_places.data(), {m});
  rec.learners = View<const double, 1>(learners.data(), {m});
  rec.new_sites = 1;
  rec.max_cost = 30;
  for (const auto& site : recommend_sites(rec))
    std::printf("recommended: %s, %.0f more people aged 60+ within reach of spare places (%.1f%% of all)\n",
                sites[site.site], site.added, 100 * site.reached_share);
  return 0;
}
