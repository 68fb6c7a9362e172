// SPDX-License-Identifier: MIT
// edplan::targets score.hpp: the −5..5 progress score of Open SDG's "Aggregated progress
// status" at and between every breakpoint, computed by hand from the published lines
// (−5 at R = −60%, 0 at 60%, +5 at 130%; −5 at −2%, −2.5 at 0, 0 at 0.5%·C, 2.5 at 1.5%·C,
// +5 at 2%·C), the scaling factor, C = 0 and NaN.
#include <doctest/doctest.h>

#include <edplan/targets.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace edplan;
using namespace edplan::targets;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("ratio_score: the published breakpoints and the lines between them") {
  CHECK(ratio_score(-0.6) == -5.0);
  CHECK(ratio_score(-2.0) == -5.0);
  CHECK(ratio_score(-inf) == -5.0);
  CHECK(ratio_score(0.0) == -2.5);  // R = 0: limited progress / deterioration boundary
  CHECK(ratio_score(0.6) == 0.0);   // R = 60%: acceleration needed starts at score 0
  CHECK(ratio_score(0.95) == 2.5);  // R = 95%: on track starts at 2.5
  CHECK(ratio_score(1.3) == 5.0);
  CHECK(ratio_score(7.0) == 5.0);
  CHECK(ratio_score(inf) == 5.0);
  // between: slope 5/1.2 on [−60%, 60%], 5/0.7 on [60%, 130%]
  CHECK(ratio_score(-0.3) == doctest::Approx(-5.0 + 0.3 * 5.0 / 1.2).epsilon(1e-15));  // −3.75
  CHECK(ratio_score(0.3) == doctest::Approx(-1.25).epsilon(1e-15));
  CHECK(ratio_score(0.8) == doctest::Approx(0.2 * 5.0 / 0.7).epsilon(1e-15));  // 1.428571...
  CHECK(ratio_score(1.1) == doctest::Approx(0.5 * 5.0 / 0.7).epsilon(1e-15));  // 3.571428...
  CHECK(std::isnan(ratio_score(NaN)));
  // just below a threshold stays in the lower category's score range
  CHECK(ratio_score(std::nextafter(0.95, 0.0)) < 2.5);
  CHECK(ratio_score(std::nextafter(0.6, 0.0)) < 0.0);
  CHECK(ratio_score(std::nextafter(0.0, -1.0)) < -2.5);
}

TEST_CASE("ratio_score: other thresholds move the knots, the score still matches the category") {
  RatioThresholds th;
  th.on_track = 1.0;
  th.acceleration = 0.5;
  th.limited = 0.1;
  CHECK(ratio_score(1.0, th) == 2.5);
  CHECK(ratio_score(0.5, th) == 0.0);
  CHECK(ratio_score(0.1, th) == -2.5);
  CHECK(ratio_score(1.15, th) == doctest::Approx(3.75).epsilon(1e-15));  // halfway from 1.0 to 1.3
  // a threshold beyond a cutoff: the cutoff yields (on track from 1.5, +5 from 1.5 too)
  th.on_track = 1.5;
  CHECK(ratio_score(1.4, th) < 2.5);
  CHECK(ratio_score(1.5, th) == 5.0);
}

TEST_CASE("growth_score: the published breakpoints, with and without the scaling factor C") {
  CHECK(growth_score(-0.02) == -5.0);
  CHECK(growth_score(-0.5) == -5.0);
  CHECK(growth_score(-0.01) == -3.75);
  CHECK(growth_score(0.0) == -2.5);
  CHECK(growth_score(0.0025) == doctest::Approx(-1.25).epsilon(1e-15));
  CHECK(growth_score(0.005) == 0.0);
  CHECK(growth_score(0.01) == doctest::Approx(1.25).epsilon(1e-15));
  CHECK(growth_score(0.015) == 2.5);
  CHECK(growth_score(0.0175) == doctest::Approx(3.75).epsilon(1e-15));
  CHECK(growth_score(0.02) == 5.0);
  CHECK(growth_score(0.3) == 5.0);
  CHECK(std::isnan(growth_score(NaN)));
  CHECK(std::isnan(growth_score(NaN, 0.0)));
  // C = 0.5 halves the thresholds above 0 only: 0.25%, 0.75%, 1%; the −2% cutoff stays
  CHECK(growth_score(0.0025, 0.5) == 0.0);
  CHECK(growth_score(0.0075, 0.5) == 2.5);
  CHECK(growth_score(0.01, 0.5) == 5.0);
  CHECK(growth_score(0.005, 0.5) == doctest::Approx(1.25).epsilon(1e-15));
  CHECK(growth_score(0.00125, 0.5) == doctest::Approx(-1.25).epsilon(1e-15));
  CHECK(growth_score(-0.01, 0.5) == -3.75);
  CHECK(growth_score(-0.02, 0.5) == -5.0);
  // C = 0 (base value on the limit): any growth >= 0 is on track and scores +5; below 0 as usual
  CHECK(growth_score(0.0, 0.0) == 5.0);
  CHECK(growth_score(1e-9, 0.0) == 5.0);
  CHECK(growth_score(-0.01, 0.0) == -3.75);
  CHECK(classify_growth(0.0, 0.0) == Category::on_track);
}

TEST_CASE("growth_score: Statistics Canada's published scores (cif-data-donnees-cic, indicator_calculation_components.yml)") {
  // 1-3-1: no target, no limit, signed growth 0.003119490847657058 -> −0.9402545761714709
  CHECK(growth_score(0.003119490847657058) == doctest::Approx(-0.9402545761714709).epsilon(1e-14));
  // 1-2-1: no target, limit 100, base 66.6, growth 0.009991483690946268 -> 1.739752850099936
  const double c = scaling_factor(66.6, 100.0);
  CHECK(growth_score(0.009991483690946268, c) == doctest::Approx(1.739752850099936).epsilon(1e-14));
}

TEST_CASE("score_category: the four equal quarters, achieved and insufficient data") {
  CHECK(score_category(5.0, false) == Category::on_track);
  CHECK(score_category(2.5, false) == Category::on_track);
  CHECK(score_category(std::nextafter(2.5, 0.0), false) == Category::acceleration_needed);
  CHECK(score_category(1.0, false) == Category::acceleration_needed);  // the text's example: +1
  CHECK(score_category(0.0, false) == Category::acceleration_needed);
  CHECK(score_category(-1e-12, false) == Category::limited_progress);
  CHECK(score_category(-2.5, false) == Category::limited_progress);
  CHECK(score_category(-2.6, false) == Category::deterioration);
  CHECK(score_category(-5.0, false) == Category::deterioration);
  CHECK(score_category(5.0, true) == Category::achieved);
  CHECK(score_category(NaN, false) == Category::insufficient_data);
}

TEST_CASE("score and category agree on a dense grid of R and growth") {
  for (int i = -2000; i <= 4000; ++i) {
    const double r = i / 1000.0;
    CHECK(score_category(ratio_score(r), false) == classify_ratio(r));
    const double g = i / 100000.0;
    for (const double c : {1.0, 0.7, 0.2, 0.0}) CHECK(score_category(growth_score(g, c), false) == classify_growth(g, c));
  }
}

TEST_CASE("assess: the score of achieved, ratio, no-target and insufficient-data series") {
  const std::vector<double> t{2015, 2020};
  const auto run = [&](const std::vector<double>& y, const TargetSpec& spec) {
    return assess(View<const double, 1>(t.data(), {2}), View<const double, 1>(y.data(), {2}), spec);
  };
  TargetSpec spec;
  spec.value = 200.0;
  spec.year = 2025.0;
  // 100 -> 150 in 5 years, 100 -> 200 needed in 10: R = (1.5^(1/5) − 1) / (2^(1/10) − 1)
  const Assessment a = run({100.0, 150.0}, spec);
  const double r = (std::pow(1.5, 0.2) - 1.0) / (std::pow(2.0, 0.1) - 1.0);
  CHECK(a.ratio == doctest::Approx(r).epsilon(1e-15));
  CHECK(a.score == doctest::Approx(std::min(5.0, (r - 0.6) * 5.0 / 0.7)).epsilon(1e-15));
  CHECK(run({100.0, 210.0}, spec).score == 5.0);  // achieved, whatever the trend
  CHECK(run({100.0, 210.0}, spec).category == Category::achieved);
  CHECK(std::isnan(run({100.0, NaN}, spec).score));  // one observation: insufficient data
  spec.value = NaN;
  spec.year = NaN;
  // 100 -> 100·1.01^5: growth 1%, score 1.25
  const Assessment b = run({100.0, 100.0 * std::pow(1.01, 5)}, spec);
  CHECK(b.score == doctest::Approx(1.25).epsilon(1e-12));
}
