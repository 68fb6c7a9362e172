// SPDX-License-Identifier: MIT
// The levers beyond building (DESIGN §2.4b): hand-computed cases for the heuristic and the
// objective, the checks of the levers, and the bounds a plan must keep.
#include <doctest/doctest.h>

#include <edplan/capacity.hpp>

#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace edplan;
using namespace edplan::capacity;

namespace {

// demand and existing as (1, T, L) arrays, year by year then level by level.
struct Case {
  std::vector<double> demand, existing;
  index_t T, L;
  ProgrammeInputs inputs() const {
    ProgrammeInputs in;
    in.demand = View<const double, 3>(demand.data(), {1, T, L});
    in.existing = View<const double, 3>(existing.data(), {1, T, L});
    in.stages.assign(static_cast<std::size_t>(L), StageYears{0, 1});
    in.base_year = 2023;
    return in;
  }
};

bool has(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& line : lines)
    if (line.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a conversion closes a deficit with no build") {
  // Primary 80 pupils in 100 places, junior 110 in 100, 2024..2026; a primary place becomes 1.25
  // junior places for 1,000 yuan. Converting 8 in 2024 meets junior exactly (100 + 10) and leaves
  // primary 92 >= 80; more would strand junior places after its (first) peak year, 2024.
  Case c{{80, 110, 80, 110, 80, 110}, {100, 100, 100, 100, 100, 100}, 3, 2};
  auto in = c.inputs();
  in.candidates = {{"J", 0, 1, 100, 1e8, 2024}};
  in.levers.conversions = {{0, 1, 1.25, 1000.0, -1}};
  const auto v = validate(in);
  const auto s = schedule(v);
  CHECK(s.land_year[0] == not_chosen);
  CHECK(s.levers.converted(0, 0, 0) == doctest::Approx(8.0));
  CHECK(s.levers.converted(0, 0, 1) == doctest::Approx(0.0));
  CHECK(s.totals.unmet == doctest::Approx(0.0));
  CHECK(s.totals.stranded == doctest::Approx(0.0));
  CHECK(s.totals.cost == doctest::Approx(8000.0));
  CHECK(s.totals.objective == doctest::Approx(0.008));
  const auto o = evaluate(v, s.land_year, s.levers);
  CHECK(o.converted_in(0, 2, 1) == doctest::Approx(10.0));
  CHECK(o.converted_out(0, 2, 0) == doctest::Approx(8.0));
}

TEST_CASE("temporary places bridge the peak and expire before the trough") {
  // Demand 100, 130, 130, 100, 80, 80 in 100 places, 2024..2029; temporary places last 2 years at
  // 100 a place-year, up to half the existing places. 30 installed in 2025 serve 2025 and 2026
  // and are gone by 2027: cost 6,000, nothing unmet or stranded. The 30-place school (1e7) would
  // open in 2025 and strand its 30 places in 2027, 2028 and 2029 (existing places beyond demand
  // are not stranded: they existed anyway).
  Case c{{100, 130, 130, 100, 80, 80}, std::vector<double>(6, 100.0), 6, 1};
  auto in = c.inputs();
  in.candidates = {{"S", 0, 0, 30, 1e7, 2024}};
  in.levers.temporary = {Temporary{100.0, 2, 0.5}};
  const auto v = validate(in);
  const auto s = schedule(v);
  CHECK(s.land_year[0] == not_chosen);
  CHECK(s.levers.temporary(0, 1, 0) == doctest::Approx(30.0));
  CHECK(s.levers.temporary(0, 0, 0) == doctest::Approx(0.0));
  CHECK(s.totals.cost == doctest::Approx(6000.0));
  CHECK(s.totals.objective == doctest::Approx(0.006));
  const auto o = evaluate(v, s.land_year, s.levers);
  CHECK(o.temporary(0, 2, 0) == doctest::Approx(30.0));
  CHECK(o.temporary(0, 3, 0) == 0.0);
  // Building alone: the school, 90 stranded place-years · 0.2 + 10 (¥1e7).
  const auto built = evaluate(v, {2024});
  CHECK(built.totals.stranded == doctest::Approx(90.0));
  CHECK(built.totals.objective == doctest::Approx(28.0));
}

TEST_CASE("crowding is used only when its weight is below unmet's") {
  // 110 pupils in 100 places for two years, φ = 0.1: 10 may be crowded each year.
  Case c{{110, 110}, {100, 100}, 2, 1};
  auto in = c.inputs();
  in.levers.crowding = {0.1};
  const auto cheap = evaluate(validate(in), {});
  CHECK(cheap.totals.crowded == doctest::Approx(20.0));
  CHECK(cheap.totals.unmet == doctest::Approx(0.0));
  CHECK(cheap.totals.objective == doctest::Approx(10.0));  // w_crowd = 0.5 · w_unmet by default
  in.weights.crowd = 1.5;
  const auto dear = evaluate(validate(in), {});
  CHECK(dear.totals.crowded == 0.0);
  CHECK(dear.totals.unmet == doctest::Approx(20.0));
  CHECK(dear.totals.objective == doctest::Approx(20.0));
}

TEST_CASE("bad levers are refused, every one at once") {
  Case c{{1, 1}, {1, 1}, 1, 2};
  auto in = c.inputs();
  in.levers.conversions = {{0, 5, 0.0, -1.0, -1}};
  in.levers.temporary = {Temporary{-1.0, 0, 1.5}, std::nullopt};
  in.levers.crowding = {0.1};
  try {
    (void)validate(in);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("conversions[0].to_level") != std::string::npos);
    CHECK(what.find("conversions[0].ratio") != std::string::npos);
    CHECK(what.find("conversions[0].cost_per_place") != std::string::npos);
    CHECK(what.find("temporary[0].cost_per_place_year") != std::string::npos);
    CHECK(what.find("temporary[0].lifetime") != std::string::npos);
    CHECK(what.find("temporary[0].max_share") != std::string::npos);
    CHECK(what.find("crowding") != std::string::npos);
  }
}

TEST_CASE("a plan may not convert more than existed, overfill sites or overspend") {
  Case c{{80, 110, 80, 110}, {100, 100, 100, 100}, 2, 2};
  auto in = c.inputs();
  in.levers.conversions = {{0, 1, 1.0, 10.0, -1}};
  in.levers.temporary = {std::nullopt, Temporary{5.0, 1, 0.1}};
  in.budget = {1000.0};
  const auto v = validate(in);
  auto plan = no_levers(v);
  plan.converted(0, 0, 0) = 60;
  plan.converted(0, 0, 1) = 50;   // 110 converted by 2025 of 100 primary places
  plan.temporary(0, 0, 1) = 20;   // room for 10
  const auto bad = violations(v, {}, plan);
  CHECK(has(bad, "110 places converted away; 100 existed"));
  CHECK(has(bad, "20 temporary places in use; room for 10"));
  plan.converted(0, 0, 1) = 0;
  plan.temporary(0, 0, 1) = 10;
  plan.converted(0, 0, 0) = 99.0;  // 990 + 50 > 1,000
  CHECK(has(violations(v, {}, plan), "2024: spending"));
  plan.temporary(0, 0, 0) = 1;  // level 0 has no temporary places
  CHECK(has(violations(v, {}, plan), "has no temporary places"));
}

TEST_CASE("the levers for fixed builds are solved exactly: a chain primary -> junior -> senior") {
  // Primary 90 pupils in 100 places, junior 100 in 100, senior 110 in 100, 2024..2026; both pairs
  // convert a place into one for 1,000 yuan. Neither conversion helps alone (junior → senior
  // moves the shortfall down a level; primary → junior strands junior places), together they
  // meet senior for 20,000: 10 primary places to junior and 10 junior places to senior in 2024.
  Case c{{90, 100, 110, 90, 100, 110, 90, 100, 110}, std::vector<double>(9, 100.0), 3, 3};
  auto in = c.inputs();
  in.levers.conversions = {{0, 1, 1.0, 1000.0, -1}, {1, 2, 1.0, 1000.0, -1}};
  const auto v = validate(in);
  const auto s = schedule(v);
  CHECK(s.levers.converted(0, 0, 0) == doctest::Approx(10.0));
  CHECK(s.levers.converted(0, 1, 0) == doctest::Approx(10.0));
  CHECK(s.totals.unmet == doctest::Approx(0.0));
  CHECK(s.totals.stranded == doctest::Approx(0.0));
  CHECK(s.totals.cost == doctest::Approx(20000.0));
  CHECK(s.totals.objective == doctest::Approx(0.02));
}

TEST_CASE("the budget is shared between districts") {
  // Two districts as in the first case (primary 80 in 100, junior 110 in 100, ratio 1.25, 1,000
  // yuan a place): each needs 8 places converted in 2024, 16,000 in all, but the budget is
  // 12,000 a year. 12 places in 2024 give 15 of the 20 junior places; the other 4 follow in 2025:
  // 5 unmet pupil-years, cost 16,000, objective 5.016.
  std::vector<double> demand, existing;
  for (int r = 0; r < 2; ++r)
    for (int t = 0; t < 3; ++t) {
      demand.insert(demand.end(), {80, 110});
      existing.insert(existing.end(), {100, 100});
    }
  ProgrammeInputs in;
  in.demand = View<const double, 3>(demand.data(), {2, 3, 2});
  in.existing = View<const double, 3>(existing.data(), {2, 3, 2});
  in.stages.assign(2, StageYears{0, 1});
  in.base_year = 2023;
  in.budget = {12000.0};
  in.levers.conversions = {{0, 1, 1.25, 1000.0, -1}};
  const auto v = validate(in);
  const auto s = schedule(v);
  CHECK(violations(v, s.land_year, s.levers).empty());
  CHECK(s.levers.converted(0, 0, 0) + s.levers.converted(1, 0, 0) == doctest::Approx(12.0));
  CHECK(s.levers.converted(0, 0, 1) + s.levers.converted(1, 0, 1) == doctest::Approx(4.0));
  CHECK(s.totals.unmet == doctest::Approx(5.0));
  CHECK(s.totals.cost == doctest::Approx(16000.0));
  CHECK(s.totals.objective == doctest::Approx(5.016));
}

TEST_CASE("a build and the levers chosen together: a small school and conversions, not a large one") {
  // edplan.synthetic.wave_instance(60): districts A and B, primary (level 0) falling and junior
  // (level 1) peaking in 2029, 2024..2031; junior candidates A0 (450 places), B0 (450), B1 (300),
  // B2 (150). The MILP's proven optimum (HiGHS, `method="exact"`) is 59.5957039658: B2 alone,
  // with B's primary places converted as they empty. B0 with B's levers solved again is
  // 104.999: taking B0 out or putting B2 in, one at a time, each judged with its levers, is worse
  // than B0 (unmet without it, stranded with both), so only the swap of the two, judged with B's
  // levers solved again, reaches the optimum.
  const std::vector<double> demand{
      929.71352508051064, 508.14391756850137, 873.93071357567999, 569.12118767672155, 821.49487076113917,
      630.09845778494173, 772.20517851547072, 691.0757278931618,  725.87286780454247, 752.05299800138198,
      682.32049573626978, 813.03026810960228, 641.38126599209363, 762.21587635275205, 602.89839003256793,
      711.40148459590193, 1020.2120673812949, 790.45537977214929, 958.99934333841713, 885.31002534480729,
      901.45938273811214, 980.16467091746506, 847.37181977382534, 1075.0193164901229, 796.52951058739575,
      1169.8739620627809, 748.73773995215186, 1264.7286076354389, 703.81347555502271, 1185.683069658224,
      661.58466702172143, 1106.637531681009};
  std::vector<double> existing;
  for (int r = 0; r < 2; ++r)
    for (int t = 0; t < 8; ++t) {
      if (r == 0) existing.insert(existing.end(), {930, 510});
      else existing.insert(existing.end(), {1020, 790});
    }
  ProgrammeInputs in;
  in.demand = View<const double, 3>(demand.data(), {2, 8, 2});
  in.existing = View<const double, 3>(existing.data(), {2, 8, 2});
  in.stages.assign(2, StageYears{1, 1});
  in.base_year = 2023;
  in.budget = {106784084.21623212};
  in.max_per_batch = 2;
  in.candidates = {{"A0", 0, 1, 450, 71797397.541054726, 2024},
                   {"B0", 1, 1, 450, 43595269.937787168, 2024},
                   {"B1", 1, 1, 300, 60742574.123924635, 2024},
                   {"B2", 1, 1, 150, 21237532.425323792, 2024}};
  in.levers.conversions = {{0, 1, 50.0 / 45.0, 24487.76197062746, -1}};
  in.levers.temporary = {std::nullopt, Temporary{6825.6574745756971, 1, 0.1}};
  in.levers.crowding = {0.0, 0.1};
  const auto v = validate(in);
  const auto s = schedule(v);
  CHECK(violations(v, s.land_year, s.levers).empty());
  CHECK(s.land_year == std::vector<int>{not_chosen, not_chosen, not_chosen, 2024});
  CHECK(s.totals.objective == doctest::Approx(59.5957039658).epsilon(1e-8));
  // the large school with its district's levers solved again
  std::vector<int> large{not_chosen, 2024, not_chosen, not_chosen};
  const auto plan = capacity::detail::exact_levers(v, large);
  REQUIRE(plan);
  CHECK(evaluate(v, large, *plan).totals.objective == doctest::Approx(104.999397).epsilon(1e-6));
}

TEST_CASE("the simplex: a bound reached, then a pivot") {
  // min −x1 − 2·x2 with x1 + x2 <= 4, x1 <= 3, x2 <= 2: x2 = 2 (its bound), x1 = 2.
  capacity::detail::LinearProgram lp;
  const index_t row = lp.add_row(4.0);
  lp.basis[0] = lp.add_column(0.0, std::numeric_limits<double>::infinity(), {{row, 1.0}});
  lp.add_column(-1.0, 3.0, {{row, 1.0}});
  lp.add_column(-2.0, 2.0, {{row, 1.0}});
  const auto x = capacity::detail::solve_lp(lp);
  REQUIRE(x);
  CHECK((*x)[1] == doctest::Approx(2.0));
  CHECK((*x)[2] == doctest::Approx(2.0));
  CHECK((*x)[0] == doctest::Approx(0.0));
}
