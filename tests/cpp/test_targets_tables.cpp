// SPDX-License-Identifier: MIT
// edplan::targets over tables: assess_many against assess, rate targets as counts, and the
// work-plan tracker on the 2024 calendar, all computed by hand below.
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
template <class T>
View<const T, 1> v1(const std::vector<T>& x) {
  return View<const T, 1>(x.data(), {static_cast<index_t>(x.size())});
}
std::string messages(const InputError& e) {
  std::string s;
  for (const auto& p : e.problems()) s += p.str() + "\n";
  return s;
}
constexpr std::int64_t jan1 = 19723;  // 2024-01-01 as days since 1970-01-01
constexpr std::int64_t dec31 = jan1 + 365;
constexpr std::int64_t mar31 = jan1 + 90;
constexpr std::int64_t jun30 = jan1 + 181;
}  // namespace

TEST_CASE("assess_many agrees with assess, series by series, and names series in errors") {
  const std::vector<double> years{2020, 2021, 2022, 2019, 2020, 2021, 2022, 2023, 2022};
  const std::vector<double> values{10, 12, 13, 40, 52, 48, 55, NaN, 0.3};
  const std::vector<std::int64_t> offsets{0, 3, 8, 9};
  const std::vector<double> target{16, 50, NaN};
  const std::vector<double> target_year{2025, 2025, NaN};
  const std::vector<double> baseline{NaN, 2020, NaN};
  const std::vector<double> direction{1, 1, -1};
  const std::vector<double> limit{NaN, NaN, 0};
  SeriesTable s{v1(years), v1(values), v1(offsets), v1(target), v1(target_year), v1(baseline), v1(direction), v1(limit), {}};
  AssessOptions opt;
  opt.threads = 2;
  const auto all = assess_many(s, opt);
  REQUIRE(all.size() == 3);
  for (index_t g = 0; g < 3; ++g) {
    const auto b = static_cast<std::size_t>(offsets[static_cast<std::size_t>(g)]);
    const auto e = static_cast<std::size_t>(offsets[static_cast<std::size_t>(g) + 1]);
    const std::vector<double> t(years.begin() + static_cast<std::ptrdiff_t>(b), years.begin() + static_cast<std::ptrdiff_t>(e));
    const std::vector<double> y(values.begin() + static_cast<std::ptrdiff_t>(b), values.begin() + static_cast<std::ptrdiff_t>(e));
    TargetSpec spec;
    spec.value = target[static_cast<std::size_t>(g)];
    spec.year = target_year[static_cast<std::size_t>(g)];
    spec.baseline_year = baseline[static_cast<std::size_t>(g)];
    spec.direction = direction[static_cast<std::size_t>(g)] < 0 ? Direction::decrease : Direction::increase;
    spec.limit = limit[static_cast<std::size_t>(g)];
    const auto one = assess(v1(t), v1(y), spec, opt);
    const auto& many = all[static_cast<std::size_t>(g)];
    CHECK(many.category == one.category);
    CHECK(many.notes == one.notes);
    const auto same = [](double p, double q) { return (std::isnan(p) && std::isnan(q)) || p == q; };
    CHECK(same(many.ratio, one.ratio));
    CHECK(same(many.projected, one.projected));
    CHECK(same(many.year_reached, one.year_reached));
    CHECK(same(many.annual_change_needed, one.annual_change_needed));
  }
  CHECK(all[0].category == Category::on_track);
  CHECK(all[1].category == Category::achieved);
  CHECK(all[1].year_reached == 2022);  // 2023 is missing, so 2022 is the latest observation
  CHECK(all[2].category == Category::insufficient_data);

  const std::vector<double> bad_years{2020, 2020, 2021};
  const std::vector<double> bad_direction{1, 0, -1};
  SeriesTable bad{v1(bad_years), View<const double, 1>(values.data(), {3}), View<const std::int64_t, 1>(offsets.data(), {3}),
                  View<const double, 1>(target.data(), {2}), View<const double, 1>(target_year.data(), {2}),
                  View<const double, 1>(baseline.data(), {2}), View<const double, 1>(bad_direction.data(), {2}),
                  View<const double, 1>(limit.data(), {2}), {"indicator=公办率, region=鲤城区", "indicator=普惠率, region=丰泽区"}};
  try {
    assess_many(bad, opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("offsets: expected offsets[0] = 0 and offsets[G] = the number of observations") != std::string::npos);
  }
  const std::vector<std::int64_t> two{0, 2, 3};
  bad.offsets = v1(two);
  try {
    assess_many(bad, opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("series[indicator=公办率, region=鲤城区]: year 2020 follows 2020; expected each year once, ascending") != std::string::npos);
    CHECK(text.find("series[indicator=普惠率, region=丰泽区].direction: got 0; expected +1 (increase) or -1 (decrease)") != std::string::npos);
  }
}

TEST_CASE("rate targets as counts: ceil(x·D) − current, clipped at 0") {
  CHECK(ceil_count(0.7 * 100) == 70.0);  // 70.00000000000001 in binary
  CHECK(ceil_count(500.5) == 501.0);
  CHECK(ceil_count(12.0000001) == 13.0);
  CHECK(count_needed(0.5, 1001, 300) == 201.0);  // ceil(500.5) − 300
  CHECK(count_needed(0.5, 100, 80) == 0.0);      // already above the share
  CHECK(count_needed(0.9, 1000, 0) == 900.0);
  CHECK(count_needed(0.2, 12345, 1000) == 1469.0);  // ceil(2469) − 1000

  // Two regions × three years; rate per year (broadcast over regions), current per region.
  const std::vector<double> rate{0.5, 0.5, 0.9};
  const std::vector<double> demand{1000, 1001, 998, 200, 250, 300};
  const std::vector<double> current{450, 120};
  CountInputs in{View<const double, 2>(rate.data(), {1, 3}), View<const double, 2>(demand.data(), {2, 3}),
                 View<const double, 2>(current.data(), {2, 1})};
  const auto need = counts_needed(in);
  CHECK(need(0, 0) == 50.0);   // 500 − 450
  CHECK(need(0, 1) == 51.0);   // 501 − 450
  CHECK(need(0, 2) == 449.0);  // ceil(898.2) − 450
  CHECK(need(1, 0) == 0.0);    // 100 − 120 < 0
  CHECK(need(1, 1) == 5.0);    // 125 − 120
  CHECK(need(1, 2) == 150.0);  // 270 − 120

  const std::vector<double> bad_rate{50};
  const std::vector<double> bad_demand{-1, 10};
  CountInputs bad{View<const double, 2>(bad_rate.data(), {1, 1}), View<const double, 2>(bad_demand.data(), {1, 2}),
                  View<const double, 2>(current.data(), {2, 1})};
  try {
    counts_needed(bad);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("current: axis 0 (region) has length 2; expected 1 (regions in denominator) or 1") != std::string::npos);
    CHECK(text.find("rate[region=0, year=0]: got 50; expected a share in [0, 1] (divide percentages by 100)") != std::string::npos);
    CHECK(text.find("denominator[region=0, year=0]: got -1; expected a count >= 0") != std::string::npos);
  }
}

TEST_CASE("work plan: achieved, paces, the year-end projection and the status thresholds") {
  // Five items of a 2024 plan (366 days); on 30 June 182 days have elapsed and 184 are left.
  const std::vector<double> target{200, 50, 2500, 2500, 45};
  const std::vector<std::int64_t> start(5, jan1), deadline(5, dec31);
  const std::vector<std::int64_t> item{0, 0, 1, 2, 3, 4, 0};
  const std::vector<std::int64_t> day{mar31, jun30, jun30, jun30, jun30, mar31, dec31 + 5};
  const std::vector<double> count{40, 91, 30, 1000, 900, 45, 500};
  PlanItems plan{v1(target), v1(start), v1(deadline), {}};
  ProgressRows progress{v1(item), v1(day), v1(count)};
  TrackOptions opt;
  opt.as_of = jun30;
  const auto r = track(plan, progress, opt);
  REQUIRE(r.size() == 5);
  CHECK(r[0].achieved == 91.0);
  CHECK(r[0].elapsed_days == 182.0);
  CHECK(r[0].total_days == 366.0);
  CHECK(r[0].days_left == 184.0);
  CHECK(r[0].share == doctest::Approx(0.455));
  CHECK(r[0].projected == doctest::Approx(183.0).epsilon(1e-14));  // 91 · 366/182
  CHECK(r[0].required_per_day == doctest::Approx(109.0 / 184.0).epsilon(1e-14));
  CHECK(r[0].required_per_month == doctest::Approx(109.0 / 184.0 * 30.436875).epsilon(1e-14));
  CHECK(r[0].pace_per_day == doctest::Approx(0.5).epsilon(1e-14));
  CHECK(r[0].last_report == static_cast<double>(jun30));
  CHECK(r[0].status == Status::at_risk);                         // 183/200 = 0.915
  CHECK(r[1].status == Status::on_track);                        // 30 → 60.3 >= 50
  CHECK(r[2].projected == doctest::Approx(1000.0 * 366 / 182));  // 2010.99: 0.804 of 2500
  CHECK(r[2].status == Status::at_risk);
  CHECK(r[3].status == Status::off_track);  // 1809.9: 0.724 of 2500
  CHECK(r[4].status == Status::achieved);
  CHECK(r[4].required_per_day == 0.0);
  CHECK(status_name(Status::at_risk) == "at risk");

  // The boundaries: halfway through the year (183 of 366 days), 100 of 200 projects to exactly
  // 200 (on track) and 80 to exactly 160 = 0.8·200 (at risk); 79.9 projects below it (off track).
  const std::vector<double> t1{200};
  const std::vector<std::int64_t> s1{jan1}, d1{dec31}, i1{0}, day1{jan1 + 182};
  const std::vector<double> c80{80}, c100{100}, c79{79.9};
  TrackOptions half;
  half.as_of = jan1 + 182;  // 183 of 366 days elapsed
  PlanItems p1{v1(t1), v1(s1), v1(d1), {}};
  CHECK(track(p1, {v1(i1), v1(day1), v1(c100)}, half)[0].status == Status::on_track);
  CHECK(track(p1, {v1(i1), v1(day1), v1(c80)}, half)[0].status == Status::at_risk);
  CHECK(track(p1, {v1(i1), v1(day1), v1(c79)}, half)[0].status == Status::off_track);

  // Increments are summed; reports after as_of or after the deadline do not count.
  opt.counts = Counts::increments;
  const auto inc = track(plan, progress, opt);
  CHECK(inc[0].achieved == 131.0);  // 40 + 91
  // Past the deadline: the year is over and item 0 was not met; the late report is ignored.
  opt.counts = Counts::cumulative;
  opt.as_of = dec31 + 10;
  const auto late = track(plan, progress, opt);
  CHECK(late[0].achieved == 91.0);
  CHECK(late[0].days_left == 0.0);
  CHECK(std::isnan(late[0].required_per_day));
  CHECK(late[0].projected == 91.0);
  CHECK(late[0].status == Status::off_track);
  CHECK(late[4].status == Status::achieved);
  // Before the plan starts nothing is due yet.
  opt.as_of = jan1 - 1;
  const auto early = track(plan, ProgressRows{v1(std::vector<std::int64_t>{}), v1(std::vector<std::int64_t>{}), v1(std::vector<double>{})}, opt);
  CHECK(early[0].elapsed_days == 0.0);
  CHECK(std::isnan(early[0].projected));
  CHECK(early[0].status == Status::on_track);
}

TEST_CASE("work plan: bad progress lists every problem") {
  const std::vector<double> target{200, 0};
  const std::vector<std::int64_t> start{jan1, jan1}, deadline{dec31, jan1 - 3};
  const std::vector<std::int64_t> item{0, 0, 0, 5, 0};
  const std::vector<std::int64_t> day{mar31, jun30, jun30, jun30, jan1 - 1};
  const std::vector<double> count{40, 30, 35, 1, -2};
  PlanItems plan{v1(target), v1(start), v1(deadline), {"warm_campus", "standards"}};
  TrackOptions opt;
  opt.as_of = jun30;
  try {
    track(plan, {v1(item), v1(day), v1(count)}, opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("plan[standards].target: got 0; expected a count > 0") != std::string::npos);
    CHECK(text.find("plan[standards].deadline: is before the start") != std::string::npos);
    CHECK(text.find("progress[row=3].item: got 5; expected an item index in [0, 2)") != std::string::npos);
    CHECK(text.find("progress[row=4].count: got -2; expected a count >= 0") != std::string::npos);
    CHECK(text.find("progress[row=4].date: is before plan[warm_campus] starts") != std::string::npos);
  }
  const std::vector<std::int64_t> ok_item{0, 0, 0};
  const std::vector<std::int64_t> ok_day{mar31, jun30, jun30};
  const std::vector<double> ok_count{40, 30, 35};
  const std::vector<double> ok_target{200, 10};
  const std::vector<std::int64_t> ok_deadline{dec31, dec31};
  plan = PlanItems{v1(ok_target), v1(start), v1(ok_deadline), {}};
  try {
    track(plan, {v1(ok_item), v1(ok_day), v1(ok_count)}, opt);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto text = messages(e);
    CHECK(text.find("progress[row=1].count: got 30, below the 40 reported earlier; expected cumulative counts that never fall") != std::string::npos);
    CHECK(text.find("progress[row=2].date: a second count for the same item and date") != std::string::npos);
  }
  opt.counts = Counts::increments;
  CHECK(track(plan, {v1(ok_item), v1(ok_day), v1(ok_count)}, opt)[0].achieved == 105.0);
}
