// SPDX-License-Identifier: MIT
// edplan::targets: the growth-rate ratio, its categories at the exact boundaries, the no-target
// variant with its scaling factor, the projections and the assessment of series, all computed
// by hand below.
#include <doctest/doctest.h>

#include <edplan/targets.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace edplan;
using namespace edplan::targets;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

Assessment run(const std::vector<double>& t, const std::vector<double>& y, const TargetSpec& spec,
               const AssessOptions& opt = {}) {
  return assess(View<const double, 1>(t.data(), {static_cast<index_t>(t.size())}),
                View<const double, 1>(y.data(), {static_cast<index_t>(y.size())}), spec, opt);
}

TargetSpec target(double value, double year, Direction d = Direction::increase, double baseline = NaN) {
  TargetSpec s;
  s.value = value;
  s.year = year;
  s.direction = d;
  s.baseline_year = baseline;
  return s;
}

std::string messages(const InputError& e) {
  std::string s;
  for (const auto& p : e.problems()) s += p.str() + "\n";
  return s;
}
}  // namespace

TEST_CASE("cagr and the growth-rate ratio") {
  CHECK(cagr(0, 1, 2, 4) == 1.0);                                     // 4^(1/2) − 1
  CHECK(cagr(2015, 100, 2017, 121) == doctest::Approx(0.1).epsilon(1e-13));  // 1.21^(1/2) − 1
  // 100 (2015) → 121 (2017), target 200 in 2025: R = 0.1 / (2^(1/10) − 1) = 1.39326...
  const double r = growth_ratio(2015, 100, 2017, 121, 2025, 200, Direction::increase);
  CHECK(r == doctest::Approx(0.1 / (std::pow(2.0, 0.1) - 1.0)).epsilon(1e-13));
  CHECK(r == doctest::Approx(1.393272).epsilon(1e-6));
  // Decrease: 1 → 0.5 in 1 year towards 0.25 in 2 years: CAGR_obs = −0.5, CAGR_req = 0.25^(1/2) − 1
  // = −0.5, so R = −1·(−0.5)/0.5 = 1: halving once a year is exactly the pace required.
  CHECK(growth_ratio(0, 1, 1, 0.5, 2, 0.25, Direction::decrease) == 1.0);
  // All values negative: the sign flips (−2 → −1 is progress when the aim is to increase).
  CHECK(growth_ratio(0, -2, 1, -1, 2, -0.5, Direction::increase) > 0);
  // The base value already beyond the target: |CAGR_req| keeps R's sign that of progress.
  CHECK(growth_ratio(0, 10, 1, 11, 5, 8, Direction::increase) > 0);
  // Target equal to the base value: R is ±inf by the sign of progress.
  CHECK(growth_ratio(0, 10, 1, 9, 5, 10, Direction::increase) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("classify_ratio: boundaries exactly at 0.95, 0.6 and 0 belong to the better category") {
  CHECK(classify_ratio(0.95) == Category::on_track);
  CHECK(classify_ratio(std::nextafter(0.95, 0.0)) == Category::acceleration_needed);
  CHECK(classify_ratio(0.6) == Category::acceleration_needed);
  CHECK(classify_ratio(std::nextafter(0.6, 0.0)) == Category::limited_progress);
  CHECK(classify_ratio(0.0) == Category::limited_progress);
  CHECK(classify_ratio(-0.0) == Category::limited_progress);
  CHECK(classify_ratio(-std::numeric_limits<double>::denorm_min()) == Category::deterioration);
  CHECK(classify_ratio(std::numeric_limits<double>::infinity()) == Category::on_track);
  CHECK(classify_ratio(NaN) == Category::insufficient_data);
  CHECK(category_name(Category::acceleration_needed) == "acceleration needed");
  CHECK(category_name(Category::insufficient_data) == "insufficient data");
}

TEST_CASE("assess: R exactly at the boundaries through real series") {
  // One-year spans make CAGR = y1/y0 − 1 exact; 0.59375/0.625 and 0.375/0.625 round to the
  // doubles 0.95 and 0.6, since IEEE division rounds correctly.
  const auto at = [](double latest, double goal, Direction d = Direction::increase) {
    return run({2023, 2024}, {1.0, latest}, target(goal, 2024, d));
  };
  auto a = at(1.59375, 1.625);
  CHECK(a.ratio == 0.95);
  CHECK(a.category == Category::on_track);
  CHECK(a.cagr_observed == 0.59375);
  CHECK(a.cagr_required == 0.625);
  a = at(1.375, 1.625);
  CHECK(a.ratio == 0.6);
  CHECK(a.category == Category::acceleration_needed);
  a = at(1.0, 1.625);
  CHECK(a.ratio == 0.0);
  CHECK(a.category == Category::limited_progress);
  a = at(0.9375, 1.625);
  CHECK(a.ratio == -0.1);  // −0.0625 / 0.625
  CHECK(a.category == Category::deterioration);
  // Decrease: 1 → 0.40625 towards 0.375: R = −1·(−0.59375)/0.625 = 0.95.
  a = at(0.40625, 0.375, Direction::decrease);
  CHECK(a.ratio == 0.95);
  CHECK(a.category == Category::on_track);
  a = at(0.625, 0.375, Direction::decrease);
  CHECK(a.ratio == 0.6);
  CHECK(a.category == Category::acceleration_needed);
  CHECK(at(1.0625, 0.375, Direction::decrease).category == Category::deterioration);
}

TEST_CASE("no-target variant: thresholds 1.5%·C, 0.5%·C, 0 and the scaling factor C") {
  CHECK(classify_growth(0.015) == Category::on_track);
  CHECK(classify_growth(std::nextafter(0.015, 0.0)) == Category::acceleration_needed);
  CHECK(classify_growth(0.005) == Category::acceleration_needed);
  CHECK(classify_growth(std::nextafter(0.005, 0.0)) == Category::limited_progress);
  CHECK(classify_growth(0.0) == Category::limited_progress);
  CHECK(classify_growth(-1e-300) == Category::deterioration);
  // C = 1 − (b/L)^4.44 below a limit, 1 − ((2L − b)/L)^4.44 between L and 2L, 1 beyond.
  const double c_half = 1.0 - std::pow(0.5, 4.44);  // 0.95393...
  CHECK(scaling_factor(0.5, 1.0) == doctest::Approx(c_half).epsilon(1e-15));
  CHECK(c_half == doctest::Approx(0.953929).epsilon(1e-6));
  CHECK(scaling_factor(1.5, 1.0) == doctest::Approx(c_half).epsilon(1e-15));  // symmetric about the limit
  CHECK(scaling_factor(2.5, 1.0) == 1.0);
  CHECK(scaling_factor(1.0, 1.0) == 0.0);
  CHECK(scaling_factor(0.0, 0.0) == 1.0);
  CHECK(scaling_factor(0.7, NaN) == 1.0);
  CHECK(scaling_factor(-0.5, -1.0) == doctest::Approx(c_half).epsilon(1e-15));  // absolute values
  // Scaled thresholds: with C = 0.5, 1% is on track (>= 0.75%) and 0.3% needs acceleration (>= 0.25%).
  CHECK(classify_growth(0.01, 0.5) == Category::on_track);
  CHECK(classify_growth(0.0075, 0.5) == Category::on_track);
  CHECK(classify_growth(0.003, 0.5) == Category::acceleration_needed);
  CHECK(classify_growth(0.002, 0.5) == Category::limited_progress);
  // C = 0: the base value sits on the limit, and holding it (g >= 0) is on track.
  CHECK(classify_growth(0.0, 0.0) == Category::on_track);
  CHECK(classify_growth(-0.001, 0.0) == Category::deterioration);

  TargetSpec none;
  none.limit = 1.0;
  auto a = run({2020, 2021}, {0.5, 0.51}, none);  // growth 2% >= 1.5%·0.954
  CHECK(a.category == Category::on_track);
  CHECK(a.scaling == doctest::Approx(c_half).epsilon(1e-15));
  CHECK(a.cagr_observed == doctest::Approx(0.02).epsilon(1e-12));
  CHECK(std::isnan(a.ratio));
  CHECK((a.notes & note_no_target) != 0);
  CHECK(run({2020, 2021}, {0.5, 0.505}, none).category == Category::acceleration_needed);  // 1%
  CHECK(run({2020, 2021}, {0.5, 0.501}, none).category == Category::limited_progress);     // 0.2%
  none.direction = Direction::decrease;
  CHECK(run({2020, 2021}, {0.5, 0.49}, none).category == Category::on_track);
  CHECK(run({2020, 2021}, {0.5, 0.51}, none).category == Category::deterioration);
}

TEST_CASE("fit_trend: linear, time-weighted and logistic by hand") {
  const std::vector<double> t{2020, 2021, 2022};
  const std::vector<double> y{10, 12, 13};
  // OLS: t̄ = 2021, ȳ = 35/3, slope = (1·(5/3) + 1·(4/3)) / 2 = 1.5.
  const Trend lin = fit_trend(t.data(), y.data(), 3, Method::linear);
  CHECK(lin.slope == doctest::Approx(1.5).epsilon(1e-13));
  CHECK(lin.at(2025) == doctest::Approx(53.0 / 3.0).epsilon(1e-13));
  CHECK(lin.crossing(16) == doctest::Approx(2021 + 26.0 / 9.0).epsilon(1e-13));
  CHECK(year_reached(lin, 16, Direction::increase, 2022) == 2024.0);
  CHECK(std::isnan(year_reached(lin, 9, Direction::decrease, 2022)));  // moving away
  // Weights 1, 2, 3: t̄ = 2021 1/3, ȳ = 73/6, Stt = 10/3, Stz = 14/3, slope = 1.4.
  const Trend tw = fit_trend(t.data(), y.data(), 3, Method::time_weighted);
  CHECK(tw.slope == doctest::Approx(1.4).epsilon(1e-12));
  CHECK(tw.t_ref == doctest::Approx(2021 + 1.0 / 3.0).epsilon(1e-14));
  CHECK(tw.at(2025) == doctest::Approx(17.3).epsilon(1e-12));
  CHECK(year_reached(tw, 16, Direction::increase, 2022) == 2025.0);  // crossing at 2024.07
  // Logistic: logit 0, ln 4, ln 16 lie on a line of slope ln 4; at 2023 the share is 64/65.
  const std::vector<double> s{0.5, 0.8, 16.0 / 17.0};
  const Trend lg = fit_trend(t.data(), s.data(), 3, Method::logistic);
  CHECK(lg.slope == doctest::Approx(std::log(4.0)).epsilon(1e-12));
  CHECK(lg.at(2023) == doctest::Approx(64.0 / 65.0).epsilon(1e-12));
  CHECK(lg.crossing(0.95) == doctest::Approx(2020 + std::log(19.0) / std::log(4.0)).epsilon(1e-12));
  CHECK(year_reached(lg, 0.95, Direction::increase, 2022) == 2023.0);
  CHECK(std::isnan(year_reached(lg, 1.0, Direction::increase, 2022)));  // a logistic never reaches its bound
  const std::vector<double> pct{50, 80, 1600.0 / 17.0};
  CHECK(fit_trend(t.data(), pct.data(), 3, Method::logistic, 100).at(2023) == doctest::Approx(6400.0 / 65.0).epsilon(1e-12));
  // Not fitted: one point, one year, a share on its bound.
  CHECK_FALSE(fit_trend(t.data(), y.data(), 1, Method::linear).valid());
  const std::vector<double> same{2020, 2020};
  CHECK_FALSE(fit_trend(same.data(), y.data(), 2, Method::linear).valid());
  const std::vector<double> edge{0.5, 1.0, 0.9};
  CHECK_FALSE(fit_trend(t.data(), edge.data(), 3, Method::logistic).valid());
}

TEST_CASE("assess: projection, year reached and annual change needed") {
  auto a = run({2020, 2021, 2022}, {10, 12, 13}, target(16, 2025));
  CHECK(a.projected == doctest::Approx(53.0 / 3.0).epsilon(1e-13));
  CHECK(a.year_reached == 2024.0);
  CHECK(a.annual_change_needed == doctest::Approx(1.0).epsilon(1e-15));  // (16 − 13) / 3
  CHECK(a.baseline_year == 2020);
  CHECK(a.latest_value == 13);
  // R = (1.3^(1/2) − 1) / (1.6^(1/5) − 1)
  CHECK(a.ratio == doctest::Approx((std::sqrt(1.3) - 1) / (std::pow(1.6, 0.2) - 1)).epsilon(1e-13));
  CHECK(a.category == Category::on_track);
  AssessOptions tw;
  tw.method = Method::time_weighted;
  a = run({2020, 2021, 2022}, {10, 12, 13}, target(16, 2025), tw);
  CHECK(a.projected == doctest::Approx(17.3).epsilon(1e-12));
  CHECK(a.year_reached == 2025.0);
  // The baseline year drops earlier observations from the ratio and the fit.
  a = run({2018, 2020, 2021, 2022}, {30, 10, 12, 13}, target(16, 2025, Direction::increase, 2019));
  CHECK(a.baseline_year == 2020);
  CHECK(a.projected == doctest::Approx(53.0 / 3.0).epsilon(1e-13));
  // Order of input does not matter; NaN values are missing.
  a = run({2022, 2019, 2020, 2021}, {13, NaN, 10, 12}, target(16, 2025));
  CHECK(a.projected == doctest::Approx(53.0 / 3.0).epsilon(1e-13));
}

TEST_CASE("assess: achieved, insufficient data and the special cases") {
  auto a = run({2019, 2020, 2021, 2022}, {40, 52, 48, 55}, target(50, 2025));
  CHECK(a.category == Category::achieved);
  CHECK(a.year_reached == 2022);  // met in 2020, lost in 2021, met again since 2022
  CHECK(a.annual_change_needed == 0.0);
  a = run({2019, 2020, 2021, 2022}, {40, 48, 52, 55}, target(50, 2025));
  CHECK(a.year_reached == 2021);
  a = run({2022}, {55}, target(50, 2025));  // one point that meets it is not yet a record (Open SDG)
  CHECK(a.category == Category::insufficient_data);
  CHECK(a.annual_change_needed == 0.0);
  CHECK(run({2021, 2022}, {0.3, 0.25}, target(0.25, 2025, Direction::decrease)).category == Category::achieved);

  a = run({2022}, {45}, target(50, 2025));
  CHECK(a.category == Category::insufficient_data);
  CHECK(std::isnan(a.ratio));
  CHECK(a.annual_change_needed == doctest::Approx(5.0 / 3.0));
  CHECK((a.notes & note_no_projection) != 0);
  CHECK(run({}, {}, target(50, 2025)).category == Category::insufficient_data);
  CHECK(run({2019, 2020}, {40, NaN}, target(50, 2025)).category == Category::insufficient_data);
  a = run({2016, 2018, 2021}, {30, 35, 40}, target(50, 2025, Direction::increase, 2019));
  CHECK(a.category == Category::insufficient_data);  // one observation from the baseline year on
  CHECK(a.baseline_year == 2021);

  a = run({2020, 2021}, {-1, 2}, target(5, 2025));
  CHECK(a.category == Category::insufficient_data);
  CHECK((a.notes & note_mixed_signs) != 0);
  // A zero base is replaced by 0.001 (Open SDG): growth from 0.001 to 0.5 in a year is on track.
  a = run({2020, 2021}, {0, 0.5}, target(1, 2025));
  CHECK((a.notes & note_zero_replaced) != 0);
  CHECK(a.cagr_observed == doctest::Approx(499.0));
  CHECK(a.category == Category::on_track);
  // The target year has passed unmet: R still classifies, no annual change can be asked for.
  a = run({2020, 2024}, {10, 12}, target(20, 2023));
  CHECK(a.category == Category::limited_progress);
  CHECK(std::isnan(a.annual_change_needed));
  CHECK((a.notes & note_target_year_passed) != 0);
  // Without a target year, nothing is projected.
  TargetSpec none;
  a = run({2020, 2021, 2022}, {10, 12, 13}, none);
  CHECK(std::isnan(a.projected));
  CHECK(a.category == Category::on_track);
}

TEST_CASE("assess: bad input lists every problem") {
  TargetSpec bad = target(50, NaN);
  bad.direction = static_cast<Direction>(0);
  AssessOptions opt;
  opt.method = Method::logistic;
  try {
    run({2020, 2020, std::numeric_limits<double>::infinity()}, {0.4, 1.5, 0.3}, bad, opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.problems().size() == 2);  // target checks come first; the series is read afterwards
    const auto text = messages(e);
    CHECK(text.find("series.target_year: got nan; expected the year the target is due") != std::string::npos);
    CHECK(text.find("series.direction") != std::string::npos);
  }
  try {
    run({2020, 2020, std::numeric_limits<double>::infinity()}, {0.4, 1.5, 0.3}, target(0.5, 2025), opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("year 2020 given twice") != std::string::npos);
    CHECK(text.find("got 1.5; expected a share in [0, 1] for the logistic method") != std::string::npos);
    CHECK(text.find(".year: got inf; expected a year") != std::string::npos);
  }
  CHECK_THROWS_AS(run({2020}, {1}, target(5, 2019, Direction::increase, 2020)), InputError);
}
