// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/capacity.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace edplan;
using namespace edplan::capacity;

namespace {

// One region and level, 2024..2029: need 0, 200, 400, 500, 300, 100 over 1,000 existing places,
// demand peaking in 2027; C1 (540 places, 1e8) and C2 (270 places, 3e7), stages 1 + 1.
struct HandCase {
  std::vector<double> demand{1000, 1200, 1400, 1500, 1300, 1100};
  std::vector<double> existing = std::vector<double>(6, 1000.0);
  ProgrammeInputs inputs() const {
    ProgrammeInputs in;
    in.demand = View<const double, 3>(demand.data(), {1, 6, 1});
    in.existing = View<const double, 3>(existing.data(), {1, 6, 1});
    in.candidates = {{"C1", 0, 0, 540, 1e8, 2024}, {"C2", 0, 0, 270, 3e7, 2024}};
    in.stages = {{1, 1}};
    in.base_year = 2023;
    return in;
  }
};

// Districts at `places` existing places each, demand given district after district over
// 2024..2029, one level, stages 1 + 1: what the hand-worked cases below share.
struct Districts {
  std::vector<double> demand;
  std::vector<double> existing;
  Districts(std::vector<double> d, double places) : demand(std::move(d)), existing(demand.size(), places) {}
  ProgrammeInputs inputs(std::vector<Candidate> candidates) const {
    const auto regions = static_cast<index_t>(demand.size() / 6);
    ProgrammeInputs in;
    in.demand = View<const double, 3>(demand.data(), {regions, 6, 1});
    in.existing = View<const double, 3>(existing.data(), {regions, 6, 1});
    in.candidates = std::move(candidates);
    in.stages = {{1, 1}};
    in.base_year = 2023;
    return in;
  }
  /// `inputs` with ¥150m a year to spend and stranded places weighing 1.
  ProgrammeInputs budgeted(std::vector<Candidate> candidates) const {
    ProgrammeInputs in = inputs(std::move(candidates));
    in.budget = {1.5e8};
    in.weights.stranded = 1.0;
    return in;
  }
};

}  // namespace

TEST_CASE("programme objective by hand") {
  HandCase h;
  const auto v = validate(h.inputs());
  CHECK(v.peak()(0, 0) == 3);
  CHECK(v.need()(0, 3, 0) == 500);
  CHECK(v.first_land(0) == 0);
  CHECK(v.last_land(0) == 3);  // land 2027 opens 2029, the horizon
  const auto none = evaluate(v, {not_chosen, not_chosen}).totals;
  CHECK(none.unmet == 1500);
  CHECK(none.objective == 1500);
  // C1 land 2024, open 2026: unmet 200 (2025); stranded 240 + 440 after the 2027 peak
  const auto c1 = evaluate(v, {2024, not_chosen});
  CHECK(c1.totals.unmet == 200);
  CHECK(c1.totals.stranded == 680);
  CHECK(c1.totals.cost == 1e8);
  CHECK(c1.totals.objective == doctest::Approx(200 + 100 + 0.2 * 680).epsilon(1e-12));
  CHECK(c1.new_places(0, 1, 0) == 0);
  CHECK(c1.new_places(0, 2, 0) == 540);
  CHECK(evaluate(v, {2027, not_chosen}).totals.objective == doctest::Approx(1400 + 100 + 88));
  CHECK(evaluate(v, {2025, 2024}).totals.objective == doctest::Approx(330 + 130 + 0.2 * 1220));
  CHECK(unmet_floor(v)(0, 0) == 200);  // 2024 and 2025 come before any candidate can open
}

TEST_CASE("heuristic finds the hand-computed optimum, under a budget and a cap") {
  HandCase h;
  auto in = h.inputs();
  auto s = schedule(validate(in));
  CHECK(s.land_year == std::vector<int>{2024, not_chosen});
  CHECK(s.totals.objective == doctest::Approx(436));
  in.budget = {5e7};  // C1 no longer fits: C2 as early as possible
  s = schedule(validate(in));
  CHECK(s.land_year == std::vector<int>{not_chosen, 2024});
  CHECK(s.totals.objective == doctest::Approx(590 + 30 + 34));
  in.budget = {std::numeric_limits<double>::infinity()};
  in.max_per_batch = 0;
  CHECK(schedule(validate(in)).totals.objective == 1500);
}

TEST_CASE("violations name the year and the constraint, evaluate refuses infeasible schedules") {
  HandCase h;
  auto in = h.inputs();
  in.budget = {1.2e8};
  in.max_per_batch = 1;
  const auto v = validate(in);
  const auto bad = violations(v, {2024, 2024});
  REQUIRE(bad.size() == 4);
  CHECK(bad[0] == "2024: 2 candidates in the land batch; cap 1");
  CHECK(bad[1] == "2025: spending 130000000; budget 120000000");
  CHECK(bad[2] == "2025: 2 candidates in the start batch; cap 1");
  CHECK(bad[3] == "2026: 2 candidates in the open batch; cap 1");
  CHECK(violations(v, {2028, not_chosen}) == std::vector<std::string>{"C1: land in 2028 is outside 2024..2027"});
  CHECK_THROWS_AS((void)evaluate(v, {2024, 2024}), InputError);
  CHECK(violations(v, {2024, 2025}).empty());
}

TEST_CASE("validate collects every problem") {
  HandCase h;
  auto in = h.inputs();
  in.candidates.push_back({"X", 3, 0, -5, -1, 2024});
  in.stages = {{-1, 1}};
  in.budget = {1, 2};
  in.weights.stranded = -0.2;
  try {
    (void)validate(in);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.problems().size() == 6);
    CHECK(e.problems()[0].str() == "stage_years[0]: got -1 years; expected 0..50");
    CHECK(e.problems()[1].str() == "candidates[X]: unknown region index 3");
    CHECK(e.problems()[4].str() == "budget_per_year: got 2 values; expected 1 or one per year (6)");
    CHECK(e.problems()[5].str() == "weights.stranded: got -0.2; expected a weight >= 0");
  }
}

TEST_CASE("heuristic against exhaustive search on small random instances") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int exact_hits = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const index_t R = 2, T = 8;
    std::vector<double> demand(static_cast<std::size_t>(R * T)), existing(demand.size(), 1000.0);
    for (index_t r = 0; r < R; ++r) {
      const double peak = 1300 + 600 * u(rng);
      const index_t at = 1 + static_cast<index_t>(4 * u(rng));
      for (index_t t = 0; t < T; ++t) demand[static_cast<std::size_t>(r * T + t)] = peak - 90.0 * static_cast<double>(std::abs(t - at));
    }
    ProgrammeInputs in;
    in.demand = View<const double, 3>(demand.data(), {R, T, 1});
    in.existing = View<const double, 3>(existing.data(), {R, T, 1});
    for (int k = 0; k < 4; ++k) {
      in.candidates.push_back({"K" + std::to_string(k), k % 2, 0, k < 2 ? 540.0 : 270.0, 2e7 + 8e7 * u(rng),
                               2024 + static_cast<int>(3 * u(rng))});
    }
    in.stages = {{1, 1}};
    in.base_year = 2023;
    in.budget = {1.2e8};
    in.max_per_batch = 1;
    const auto v = validate(in);
    const auto h = schedule(v);
    CHECK(violations(v, h.land_year).empty());
    // every assignment of {not chosen, 2024..2029} to the four candidates
    double best = std::numeric_limits<double>::infinity();
    std::vector<int> land(4);
    for (int code = 0; code < 7 * 7 * 7 * 7; ++code) {
      for (int k = 0, c = code; k < 4; ++k, c /= 7) land[static_cast<std::size_t>(k)] = c % 7 == 0 ? not_chosen : 2023 + c % 7;
      if (!violations(v, land).empty()) continue;
      best = std::min(best, evaluate(v, land).totals.objective);
    }
    CHECK(h.totals.objective >= best - 1e-9 * best);
    CHECK(h.totals.objective <= best * 1.02);
    exact_hits += h.totals.objective <= best * (1 + 1e-12) ? 1 : 0;
  }
  CHECK(exact_hits >= 36);
}

TEST_CASE("rotating three land years where the batch cap binds every year") {
  // Districts A and B at 800 places, 2024..2029, stages 1 + 1, batch cap 1, no budget, nothing
  // for stranded places; four candidates at 2e7, K0 unable to land before 2025.
  const Districts d({1851, 1791, 1731, 1671, 1611, 1551, 1190, 1250, 1190, 1370, 1430, 1370}, 800.0);
  ProgrammeInputs in = d.inputs({{"K0", 0, 0, 540, 2e7, 2025}, {"K1", 0, 0, 270, 2e7, 2024}, {"K2", 1, 0, 1080, 2e7, 2024},
                   {"K3", 0, 0, 540, 2e7, 2024}});
  in.max_per_batch = 1;
  in.weights.stranded = 0.0;
  const auto v = validate(in);
  const double tol = capacity::detail::tolerance(v);
  // K2 opens 2026, K0 2027, K3 2028: unmet 1051 + 991 + 931 + 331 in A, 390 + 450 in B, cost 60.
  const std::vector<int> start{2025, not_chosen, 2024, 2026};
  CHECK(evaluate(v, start).totals.objective == doctest::Approx(4204));
  capacity::detail::ScheduleState s(v, start);
  // Every year's batch is full and K0 cannot land in 2024: neither a compound move nor an
  // exchange of two years' batches gets anywhere from here ...
  CHECK_FALSE(capacity::detail::compound_moves(v, s, tol, s.all()));
  CHECK_FALSE(capacity::detail::exchange_years(v, s, tol));
  CHECK(s.land_years() == start);
  // ... the rotation K2 2024 -> 2025 (K0 out of the way), K0 2025 -> 2026 (K3 out), K3 -> 2024
  // does: unmet 1051 + 991 + 391 + 331 in A, 390 + 450 + 390 in B, and the same cost.
  CHECK(capacity::detail::rotate_years(v, s, tol, s.all()));
  CHECK(s.land_years() == std::vector<int>{2026, not_chosen, 2025, 2024});
  CHECK(evaluate(v, s.land_years()).totals.objective == doctest::Approx(4054));
  CHECK(schedule(v).totals.objective == doctest::Approx(4054));
  // Where no limit binds no step is blocked: the rotation is not tried (re-timing one at a time is).
  in.max_per_batch = 2;
  const auto loose = validate(in);
  capacity::detail::ScheduleState free(loose, start);
  CHECK_FALSE(capacity::detail::rotate_years(loose, free, capacity::detail::tolerance(loose), free.all()));
  CHECK(free.land_years() == start);
}

TEST_CASE("one large school replaced by two small ones of its district") {
  // One district at 800 places whose demand peaks in 2024 (stranded places weigh 1); K0 and K1:
  // 540 places from 2026 on, K2 and K3: 270 from 2024 on, all at 5e7; stages 1 + 1.
  const Districts d({1581, 1461, 1181, 981, 1341, 1281}, 800.0);
  const auto v = validate(d.budgeted({{"K0", 0, 0, 540, 5e7, 2026}, {"K1", 0, 0, 540, 5e7, 2026}, {"K2", 0, 0, 270, 5e7, 2024},
                   {"K3", 0, 0, 270, 5e7, 2024}}));
  const double tol = capacity::detail::tolerance(v);
  // K0 opens 2028: unmet 781 + 661 + 381 + 181 + 1, stranded 59, cost 50.
  const std::vector<int> start{2026, not_chosen, not_chosen, not_chosen};
  CHECK(evaluate(v, start).totals.objective == doctest::Approx(2114));
  capacity::detail::ScheduleState s(v, start);
  // The refill puts K0's twin K1 back first: no compound move helps, and no rotation either.
  CHECK_FALSE(capacity::detail::compound_moves(v, s, tol, s.all()));
  CHECK_FALSE(capacity::detail::rotate_years(v, s, tol, s.all()));
  CHECK(s.land_years() == start);
  // K2 first (its best year 2024), then K3 at 2026: unmet 781 + 661 + 111 + 1, stranded 89 + 59.
  CHECK(capacity::detail::replace_in_pair(v, s, tol, s.all()));
  CHECK(s.land_years() == std::vector<int>{not_chosen, not_chosen, 2024, 2026});
  CHECK(evaluate(v, s.land_years()).totals.objective == doctest::Approx(1554 + 148 + 100));
  CHECK(schedule(v).totals.objective == doctest::Approx(1802));
}

TEST_CASE("a small programme solved exactly by enumeration where no move reaches the optimum") {
  // Draw 42,597 of benchmarks/tail_programme.py: districts A and B at 1,200 places, stages 1 + 1,
  // ¥150m a year, stranded places weigh 1 (B's demand peaks in 2026, A's in 2029). K0 (270) and
  // K1 (1,080) in B at ¥20m, K2 (1,080) in B and K3 (1,080) in A at ¥100m.
  const Districts d({1105, 1305, 1505, 1865, 1985, 2105, 2053, 2233, 2293, 2233, 1893, 2113}, 1200.0);
  const auto v = validate(d.budgeted({{"K0", 1, 0, 270, 2e7, 2025}, {"K1", 1, 0, 1080, 2e7, 2026}, {"K2", 1, 0, 1080, 1e8, 2025},
                   {"K3", 0, 0, 1080, 1e8, 2025}}));
  const double tol = capacity::detail::tolerance(v);
  const auto judge = [&](const std::vector<int>& land) { return evaluate(v, land).totals.objective; };
  CHECK(capacity::detail::plan_count(v) == 4 * 3 * 4 * 4);
  // Where the moves stop: K3 opens 2027 (unmet 105 + 305 in A), K1 2028 (unmet 853 + 1033 + 1093
  // + 1033 in B, then 387 + 167 stranded), ¥120m.
  const std::vector<int> stuck{not_chosen, 2026, not_chosen, 2025};
  CHECK(judge(stuck) == doctest::Approx(410 + 4012 + 554 + 120));
  capacity::detail::ScheduleState s(v, stuck);
  capacity::detail::improve(v, s, tol, 200);
  CHECK(s.land_years() == stuck);
  std::vector<int> best = stuck;
  double objective = judge(stuck);
  CHECK_FALSE(capacity::detail::eject(v, {}, tol, 200, best, objective, judge));
  // The optimum exchanges K1 for K2 (which pays alone, but K3 holds 2026's budget) and re-times
  // K3 a year on (which loses alone): K2 opens 2027 (unmet 853 + 1033 + 1093 in B, stranded 47 +
  // 387 + 167), K3 2028 (unmet 105 + 305 + 665 in A), ¥200m.
  CHECK(capacity::detail::enumerate(v, tol, best, objective, judge));
  CHECK(best == std::vector<int>{not_chosen, not_chosen, 2025, 2026});
  CHECK(objective == doctest::Approx(2979 + 601 + 1075 + 200));
  CHECK(schedule(v).land_year == best);
  // The optimum as incumbent: nothing beats it, and it is kept.
  CHECK_FALSE(capacity::detail::enumerate(v, tol, best, objective, judge));
  CHECK(best == std::vector<int>{not_chosen, not_chosen, 2025, 2026});
}

TEST_CASE("enumeration runs up to enumerate_max_plans plans, not one more") {
  // One district over 2024..2035, stages 0 + 1: a land year opens the next year, the last 2034,
  // so a candidate whose earliest land year is 2035 - w has a window of w years (w + 1 plans).
  const index_t T = 12;
  std::vector<double> demand(T, 2000.0), existing(T, 1000.0);
  const auto programme = [&](const std::vector<int>& windows) {
    ProgrammeInputs in;
    in.demand = View<const double, 3>(demand.data(), {1, T, 1});
    in.existing = View<const double, 3>(existing.data(), {1, T, 1});
    for (const int w : windows) in.candidates.push_back({"K" + std::to_string(in.candidates.size()), 0, 0, 270, 2e7, 2035 - w});
    in.stages = {{0, 1}};
    in.base_year = 2023;
    return validate(in);
  };
  static_assert(capacity::detail::enumerate_max_plans == 9800, "the windows below make 9,800 and 9,801 plans");
  const auto at = programme({1, 1, 1, 4, 4, 6, 6});  // 2^3 5^2 7^2
  const auto over = programme({2, 2, 2, 2, 10, 10});  // 3^4 11^2
  CHECK(capacity::detail::plan_count(at) == capacity::detail::enumerate_max_plans);
  CHECK(capacity::detail::plan_count(over) == capacity::detail::enumerate_max_plans + 1);
  // From no builds, where every school pays (1,000 pupils short every year): enumerated at the
  // limit, left alone one plan over it.
  for (const auto* v : {&at, &over}) {
    const auto judge = [&](const std::vector<int>& land) { return evaluate(*v, land).totals.objective; };
    std::vector<int> best(v->candidates().size(), not_chosen);
    double objective = judge(best);
    const bool enumerated = capacity::detail::enumerate(*v, capacity::detail::tolerance(*v), best, objective, judge);
    CHECK(enumerated == (v == &at));
    CHECK((objective < 12000.0) == enumerated);
  }
}

TEST_CASE("preschool fill rules, shares and places needed by hand") {
  CHECK(fill_places(1000, {400, 450, 300}, Fill::public_first) == std::array<double, 3>{400, 450, 150});
  CHECK(fill_places(1200, {400, 450, 300}, Fill::public_first) == std::array<double, 3>{400, 450, 300});
  const auto prop = fill_places(1000, {400, 450, 300}, Fill::proportional);
  CHECK(prop[0] == doctest::Approx(1000.0 * 400 / 1150));
  CHECK(prop[2] == doctest::Approx(1000.0 * 300 / 1150));
  CHECK(ceil_count(0.9 * 30) == 27);  // 27.000000000000004 in binary
  CHECK(ceil_count(0.5 * 1001) == 501);

  const std::vector<double> demand{1000, 1200, 30};
  const std::vector<double> places{400, 450, 300, 400, 450, 300, 0, 0, 0};
  const std::vector<double> population{200000, 200000, 10000};
  const auto s = preschool_shares(View<const double, 2>(demand.data(), {1, 3}), View<const double, 3>(places.data(), {1, 3, 3}),
                                  Fill::public_first, {}, {}, View<const double, 2>(population.data(), {1, 3}));
  CHECK(s.public_share(0, 0) == doctest::Approx(0.4));
  CHECK(s.inclusive_share(0, 0) == doctest::Approx(0.85));
  CHECK(s.public_places_needed(0, 0) == 100);      // ceil(0.5 · 1000) − 400
  CHECK(s.inclusive_places_needed(0, 0) == 50);    // 900 − 850
  CHECK(s.nursery_convertible(0, 0) == 100);       // 150 empty places: 5 classrooms of 30 → 5 × 20
  CHECK(s.nursery_demand(0, 0) == doctest::Approx(900));
  CHECK(s.unplaced(0, 1) == 50);
  CHECK(s.public_share(0, 1) == doctest::Approx(400.0 / 1150));
  CHECK(s.nursery_convertible(0, 1) == 0);
  CHECK(std::isnan(s.public_share(0, 2)));         // nobody placed
  CHECK(s.public_places_needed(0, 2) == 15);
  CHECK(s.inclusive_places_needed(0, 2) == 27);
  CHECK_THROWS_AS((void)preschool_shares(View<const double, 2>(demand.data(), {1, 3}),
                                         View<const double, 3>(places.data(), {1, 3, 3}), Fill::public_first, {1.5, 0.9}),
                  InputError);
}

TEST_CASE("the programme's peak years are peak_year of the demand, ties to the first year") {
  // two regions, one level: region 0 peaks twice (2026 and 2028; the first counts), region 1 is flat
  std::vector<double> demand{100, 300, 200, 300, 100, 50, 50, 50, 50, 50};
  std::vector<double> existing(demand.size(), 0.0);
  ProgrammeInputs in;
  in.demand = View<const double, 3>(demand.data(), {2, 5, 1});
  in.existing = View<const double, 3>(existing.data(), {2, 5, 1});
  in.stages = {{1, 1}};
  in.base_year = 2024;
  const auto v = validate(in);
  const auto peak = peak_year(in.demand);
  CHECK(v.peak()(0, 0) == 1);
  CHECK(v.peak()(1, 0) == 0);
  CHECK(v.peak()(0, 0) == peak(0, 0));
  CHECK(v.peak()(1, 0) == peak(1, 0));
}

TEST_CASE("schedule state: open partners and re-timing gains against their definitions, with a shortlist") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const index_t R = 40, T = 8;  // 160 candidates: more than the shortlists hold (16 a year)
  std::vector<double> demand(static_cast<std::size_t>(R * T)), existing(demand.size(), 1000.0);
  for (index_t r = 0; r < R; ++r) {
    const double peak = 1300 + 900 * u(rng);
    const index_t at = 2 + static_cast<index_t>(4 * u(rng));
    for (index_t t = 0; t < T; ++t) demand[static_cast<std::size_t>(r * T + t)] = peak - 80.0 * static_cast<double>(std::abs(t - at));
  }
  ProgrammeInputs in;
  in.demand = View<const double, 3>(demand.data(), {R, T, 1});
  in.existing = View<const double, 3>(existing.data(), {R, T, 1});
  for (index_t k = 0; k < 4 * R; ++k) {
    in.candidates.push_back({"K" + std::to_string(k), k % R, 0, k < 2 * R ? 540.0 : 270.0, 2e7 + 8e7 * u(rng),
                             2024 + static_cast<int>(3 * u(rng))});
  }
  in.stages = {{1, 1}};
  in.base_year = 2023;
  in.budget = {8e8};
  in.max_per_batch = 6;
  const auto v = validate(in);
  capacity::detail::ScheduleState s(v);
  capacity::detail::construct(v, s, true, capacity::detail::tolerance(v));
  s.shortlist();
  REQUIRE_FALSE(s.searched_in_full());
  int tight = 0, retimed = 0;
  for (std::size_t k = 0; k < v.candidates().size(); ++k) {
    if (!s.chosen(k)) continue;
    const index_t k0 = s.land(k);
    // re-timing gain: the best of taking k out and putting it in at another year, limits aside
    double slow = std::numeric_limits<double>::infinity();
    const double gain = s.retime_gain(k), out = s.delta_remove(k);
    std::vector<double> to;  // re-timing to each year of k's window
    for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) to.push_back(y == k0 ? 0.0 : s.retime_to(k, y));
    s.remove(k);
    for (index_t y = v.first_land(k); y <= v.last_land(k); ++y) {
      if (y == k0) continue;
      slow = std::min(slow, out + s.delta_add(k, y));
      CHECK(to[static_cast<std::size_t>(y - v.first_land(k))] == doctest::Approx(out + s.delta_add(k, y)).epsilon(1e-9));
    }
    if (slow < std::numeric_limits<double>::infinity()) {
      CHECK(gain == doctest::Approx(slow).epsilon(1e-9));
      ++retimed;
    }
    // open partners: the partners not chosen, and k, in the same order
    tight += s.tight(k, k0) ? 1 : 0;
    const auto keep = [&](const std::vector<std::size_t>& js) {
      std::vector<std::size_t> out_;
      for (const std::size_t j : js)
        if (j == k || !s.chosen(j)) out_.push_back(j);
      return out_;
    };
    CHECK(keep(s.open_partners(k, k0)) == keep(s.partners(k, k0)));
    s.add(k, k0 == v.last_land(k) ? v.first_land(k) : k0);  // moved: the lists must follow
    s.remove(k);
    s.add(k, k0);
  }
  CHECK(tight > 0);
  CHECK(retimed > 0);
  // can_add_beside: whether k fits were j moved (or put in, if not chosen), against making the move
  int fits = 0, blocked = 0;
  for (std::size_t j = 0; j < v.candidates().size(); j += 3) {
    const index_t j0 = s.land(j);
    for (index_t y = v.first_land(j); y <= v.last_land(j); ++y) {
      if (y == j0) continue;
      const auto others = [&](auto&& f) {
        for (std::size_t k = 0; k < v.candidates().size(); ++k)
          for (index_t yk = v.first_land(k); k != j && !s.chosen(k) && yk <= v.last_land(k); ++yk) f(k, yk);
      };
      std::vector<bool> beside;
      others([&](std::size_t k, index_t yk) { beside.push_back(s.can_add_beside(k, yk, j, y)); });
      if (j0 >= 0) s.remove(j);
      s.add(j, y);
      std::size_t i = 0;
      others([&](std::size_t k, index_t yk) {
        CHECK(beside[i++] == s.can_add(k, yk));
        (s.can_add(k, yk) ? fits : blocked) += 1;
      });
      s.remove(j);
      if (j0 >= 0) s.add(j, j0);
    }
  }
  CHECK(fits > 0);
  CHECK(blocked > 0);
}
