// SPDX-License-Identifier: MIT
// Target assessment through the C++ API: a county's 公办率 series against 50% by 2025, the
// public places that share means against projected demand, and one work-plan item on 30 June
// 2024. Illustrative numbers, not Quanzhou's statistics.
#include <edplan/edplan.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

int main() {
  using namespace edplan;
  using namespace edplan::targets;

  const std::vector<double> years{2019, 2020, 2021, 2022, 2023};
  const std::vector<double> share{0.38, 0.41, 0.43, 0.44, 0.46};
  TargetSpec spec;
  spec.value = 0.50;
  spec.year = 2025;
  spec.baseline_year = 2019;
  AssessOptions opt;
  opt.method = Method::logistic;
  const Assessment a = assess(View<const double, 1>(years.data(), {5}), View<const double, 1>(share.data(), {5}), spec, opt);
  std::printf("公办率: %s, R = %.3f, projected 2025 %.4f, reached in %.0f\n", std::string(category_name(a.category)).c_str(),
              a.ratio, a.projected, a.year_reached);

  const std::vector<double> demand{52300, 50900};  // one county, 2024 and 2025
  const std::vector<double> rate{0.5}, public_places{18400};
  const auto need = counts_needed({View<const double, 2>(rate.data(), {1, 1}), View<const double, 2>(demand.data(), {1, 2}),
                                   View<const double, 2>(public_places.data(), {1, 1})});
  std::printf("public places needed: %.0f in 2024, %.0f in 2025\n", need(0, 0), need(0, 1));

  constexpr std::int64_t jan1 = 19723;  // 2024-01-01 as days since 1970-01-01
  const std::vector<double> target{200};
  const std::vector<std::int64_t> start{jan1}, deadline{jan1 + 365}, item{0, 0}, day{jan1 + 90, jan1 + 181};
  const std::vector<double> count{40, 91};
  TrackOptions track_opt;
  track_opt.as_of = jan1 + 181;
  const auto r = track({View<const double, 1>(target.data(), {1}), View<const std::int64_t, 1>(start.data(), {1}),
                        View<const std::int64_t, 1>(deadline.data(), {1}), {"warm_campus"}},
                       {View<const std::int64_t, 1>(item.data(), {2}), View<const std::int64_t, 1>(day.data(), {2}),
                        View<const double, 1>(count.data(), {2})},
                       track_opt);
  std::printf("warm campuses: %.0f of 200, %.1f a month needed, %.0f at this pace: %s\n", r[0].achieved,
              r[0].required_per_month, r[0].projected, std::string(status_name(r[0].status)).c_str());
}
