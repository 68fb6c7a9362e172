// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/core.hpp>
#include <edplan/core/quantile.hpp>
#include <edplan/core/random.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace edplan;

TEST_CASE("InputError carries every problem, one line each") {
  Problems problems;
  CHECK(problems.empty());
  CHECK_NOTHROW(problems.throw_if_any());
  problems.add("population.csv:3:2", "got \"X\"; expected F or M");
  problems.add("years", "got -1; expected a number of years >= 0");
  problems.add("", "no location");
  REQUIRE(problems.size() == 3);
  try {
    problems.throw_if_any();
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "population.csv:3:2: got \"X\"; expected F or M\nyears: got -1; expected a number of years >= 0\nno location");
    CHECK(e.problems().size() == 3);
    CHECK(e.problems()[1].where == "years");
  }
  // InputError is an invalid_argument, so generic handlers catch it too.
  CHECK_THROWS_AS(throw InputError("x", "y"), std::invalid_argument);
}

TEST_CASE("format_number spells non-finite values as numpy does") {
  CHECK(format_number(1.5) == "1.5");
  CHECK(format_number(0.1 + 0.2) == "0.3");
  CHECK(format_number(1e20) == "1e+20");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("View indexes C-ordered data, slices and broadcasts") {
  std::vector<double> data(2 * 3 * 4);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<double>(i);
  const View<const double, 3> v(data.data(), {2, 3, 4});
  CHECK(v.size() == 24);
  CHECK(v.stride(0) == 12);
  CHECK(v.stride(2) == 1);
  CHECK(v(1, 2, 3) == 23.0);
  CHECK(v(0, 1, 2) == 6.0);
  CHECK(v[1](0, 1) == 13.0);
  CHECK(v[1][2](3) == 23.0);
  CHECK(as_eigen(v[0][1]).sum() == doctest::Approx(4 + 5 + 6 + 7));

  SUBCASE("broadcast repeats an axis of length 1") {
    const View<const double, 3> one(data.data(), {1, 3, 4});
    const auto b = one.broadcast_to({5, 3, 4});
    CHECK(b.shape(0) == 5);
    CHECK(b.stride(0) == 0);
    CHECK(b(4, 2, 1) == 9.0);
    CHECK_THROWS_AS((void)v.broadcast_to({5, 3, 4}), std::invalid_argument);
  }
  SUBCASE("a strided view is not row-contiguous") {
    const View<const double, 1> every_other(data.data(), {12}, {2});
    CHECK_FALSE(every_other.row_contiguous());
    CHECK_THROWS_AS((void)as_eigen(every_other), std::invalid_argument);
  }
}

TEST_CASE("NdArray owns zero-initialised C-ordered storage") {
  NdArray<double, 2> a({2, 3});
  CHECK(a.size() == 6);
  CHECK(a(1, 2) == 0.0);
  a(1, 2) = 7.0;
  CHECK(a.data()[5] == 7.0);
  CHECK(a.view()(1, 2) == 7.0);
  NdArray<int, 1> filled({4}, 3);
  CHECK(filled(3) == 3);
}

TEST_CASE("check_values names each offending cell and caps the list") {
  std::vector<double> s{0.5, 1.2, -0.1, std::numeric_limits<double>::quiet_NaN()};
  const View<const double, 2> v(s.data(), {2, 2});
  Problems problems;
  const Field<2> field{"survival", {"sex", "age"}};
  CHECK(check_values(problems, field, v, is_probability, "a probability in [0, 1]") == 3);
  REQUIRE(problems.size() == 3);
  CHECK(problems.list()[0].str() == "survival[sex=F, age=1]: got 1.2; expected a probability in [0, 1]");
  CHECK(problems.list()[1].str() == "survival[sex=M, age=0]: got -0.1; expected a probability in [0, 1]");
  CHECK(problems.list()[2].str() == "survival[sex=M, age=1]: got nan; expected a probability in [0, 1]");

  Problems capped;
  CHECK(check_values(capped, field, v, is_probability, "a probability in [0, 1]", 1) == 3);
  REQUIRE(capped.size() == 2);
  CHECK(capped.list()[1].str() == "survival: 2 more cells not listed; expected a probability in [0, 1]");
}

TEST_CASE("count_failing counts what each predicate refuses, NaN and infinities included") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // A length that is not a multiple of the vector width, so the loop's tail is covered too.
  const std::vector<double> x{0.0, 1.0, 0.5, -0.0, -1e-300, 1.0000000000000002, nan, inf, -inf, 7.0, 3.0};
  const auto n = static_cast<index_t>(x.size());
  CHECK(detail::count_failing(x.data(), n, is_probability) == 7);  // -1e-300, 1 + ε, nan, ±inf, 7, 3
  CHECK(detail::count_failing(x.data(), n, is_finite) == 3);        // nan, inf, -inf
  CHECK(detail::count_failing(x.data(), n, is_count) == 4);         // -1e-300, nan, inf, -inf
  CHECK(detail::count_failing(x.data(), 0, is_count) == 0);
  for (index_t m = 0; m <= n; ++m) {  // every split of a prefix between the four counts and the tail
    index_t failing = 0;
    for (index_t i = 0; i < m; ++i) failing += is_probability(x[static_cast<std::size_t>(i)]) ? 0 : 1;
    CHECK(detail::count_failing(x.data(), m, is_probability) == failing);
  }
}

TEST_CASE("check_extent accepts the expected length or 1 when broadcasting") {
  std::vector<double> d(6);
  const View<const double, 2> v(d.data(), {3, 2});
  const Field<2> field{"births", {"region", "year"}};
  Problems problems;
  check_extent(problems, field, v, 0, 3, false, "regions in base");
  check_extent(problems, field, v, 1, 2, true, "years");
  CHECK(problems.empty());
  check_extent(problems, field, v, 1, 5, true, "years");
  REQUIRE(problems.size() == 1);
  CHECK(problems.list()[0].str() == "births: axis 1 (year) has length 2; expected 5 (years) or 1 (the same for all)");
}

TEST_CASE("Field offsets print ages from the start of their range") {
  Field<2> f{"fertility", {"year", "age"}};
  f.offsets = {2023, 15};
  CHECK(f.at({1, 0}) == "fertility[year=2024, age=15]");
}

TEST_CASE("YearPath: linear between given years, flat outside") {
  const YearPath p({{2035, 1.2}, {2023, 1.0}}, "tfr");
  CHECK(p.at(2020) == 1.0);
  CHECK(p.at(2023) == 1.0);
  CHECK(p.at(2029) == doctest::Approx(1.1).epsilon(1e-15));
  CHECK(p.at(2035) == 1.2);
  CHECK(p.at(2050) == 1.2);
  CHECK(p.points().front().first == 2023);

  const YearPath single({{2030, 0.95}}, "ger");
  CHECK(single.at(2000) == 0.95);

  // Years more than INT_MAX apart overflowed the int difference (found by fuzzing).
  const YearPath wide({{std::numeric_limits<int>::min(), 0.0}, {std::numeric_limits<int>::max(), 1.0}}, "ger");
  CHECK(wide.at(0) == doctest::Approx(0.5));

  try {
    YearPath bad({{2030, 1.0}, {2030, 2.0}, {2040, std::numeric_limits<double>::infinity()}}, "tfr");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].str() == "tfr[2030]: year given twice; expected each year once");
    CHECK(e.problems()[1].str() == "tfr[2040]: got inf; expected a finite number");
  }
  CHECK_THROWS_AS(YearPath({}, "tfr"), InputError);
}

TEST_CASE("parallel_for visits every index once and rethrows") {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> seen(101, 0);
    parallel_for(101, [&](index_t i) { seen[static_cast<std::size_t>(i)] += 1; }, threads);
    for (int s : seen) CHECK(s == 1);
  }
  std::atomic<int> calls{0};
  CHECK_THROWS_WITH_AS(parallel_for(
                           10,
                           [&](index_t i) {
                             ++calls;
                             if (i == 7) throw std::runtime_error("boom");
                           },
                           2),
                       "boom", std::runtime_error);
  parallel_for(0, [](index_t) { FAIL("no items, no calls"); });
}

TEST_CASE("Team runs many steps on the same threads, each item once, splitting as parallel_for") {
  for (int threads : {1, 2, 3, 8}) {
    Team team(threads, 5);
    CHECK(team.size() == std::min(threads, 5));
    std::vector<int> seen(101, 0);
    for (int step = 0; step < 50; ++step) team.run(101, [&](std::ptrdiff_t i) { seen[static_cast<std::size_t>(i)] += 1; });
    for (int s : seen) CHECK(s == 50);
    team.run(0, [](std::ptrdiff_t) { FAIL("no items, no calls"); });
  }
  // A step's items in contiguous ranges, the first ones longer: 10 over 3 threads are 4, 3, 3.
  Team team(3, 10);
  std::vector<std::thread::id> who(10);
  team.run(10, [&](std::ptrdiff_t i) { who[static_cast<std::size_t>(i)] = std::this_thread::get_id(); });
  CHECK(who[0] == who[3]);
  CHECK(who[3] != who[4]);
  CHECK(who[4] == who[6]);
  CHECK(who[6] != who[7]);
  CHECK(who[9] == std::this_thread::get_id());  // the caller takes the last range
  // The first exception is rethrown once every thread has finished, and the team goes on.
  CHECK_THROWS_WITH_AS(team.run(10,
                                [&](std::ptrdiff_t i) {
                                  if (i == 2) throw std::runtime_error("boom");
                                }),
                       "boom", std::runtime_error);
  int after = 0;
  team.run(1, [&](std::ptrdiff_t) { ++after; });
  CHECK(after == 1);
}

TEST_CASE("quantiles_inplace agrees with numpy's default (linear) rule") {
  // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.1, 0.5, 0.9, 0, 1]) = 1, 3.5, 6.9, 1, 9
  std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6};
  double out[5];
  quantiles_inplace(v, {0.9, 0.1, 0.5, 0.0, 1.0}, out);
  CHECK(out[0] == doctest::Approx(6.9));
  CHECK(out[1] == doctest::Approx(1.0));
  CHECK(out[2] == doctest::Approx(3.5));
  CHECK(out[3] == 1.0);
  CHECK(out[4] == 9.0);
  std::vector<double> empty;
  quantiles_inplace(empty, {0.5}, out);
  CHECK(std::isnan(out[0]));
}

TEST_CASE("RandomStream: reproducible by key, distinct between keys") {
  RandomStream a(1, 7, 3), b(1, 7, 3), c(1, 8, 3);
  const auto x = a.next();
  CHECK(x == b.next());
  CHECK(x != c.next());
  double sum = 0, sq = 0;
  RandomStream n(42, 0);
  for (int i = 0; i < 20000; ++i) {
    const double z = n.normal();
    sum += z;
    sq += z * z;
  }
  CHECK(std::abs(sum / 20000) < 0.03);
  CHECK(std::abs(sq / 20000 - 1.0) < 0.05);
  RandomStream u(5, 5);
  for (int i = 0; i < 1000; ++i) {
    const auto k = u.below(7);
    CHECK(k < 7);
  }
}

TEST_CASE("ceil_count: a count within rounding of a whole number is that number") {
  CHECK(ceil_count(0.55 * 1500) == 825.0);  // 825.0000000000001 in binary: 825 learners meet 55% of 1,500
  CHECK(ceil_count(0.9 * 30) == 27.0);      // 27.000000000000004
  CHECK(ceil_count(824.5) == 825.0);
  CHECK(ceil_count(825.000001) == 826.0);   // a millionth of a person is a real shortfall at this size
  CHECK(ceil_count(0.0) == 0.0);
  CHECK(std::isnan(ceil_count(std::nan(""))));
}

TEST_CASE("sums: Kahan as pandas, pairwise as np.sum, first + pairwise as np.add.reduceat") {
  // Exactly 5; a plain loop loses both 1s against 1e16 and gives 3.
  const std::vector<double> k{1e16, 1.0, 1.0, -1e16, 3.0};
  CHECK(kahan_sum(k.data(), 5) == 5.0);
  KahanSum acc;
  for (double v : {1.0, std::nan(""), 2.0}) acc.add(v);
  CHECK(acc.value() == 3.0);  // NaN is skipped
  acc.add(std::numeric_limits<double>::infinity());
  acc.add(1.0);
  CHECK(acc.value() == std::numeric_limits<double>::infinity());  // not NaN: the compensation is reset

  // Ten values, exactly 8. np.sum adds 0 + ((x0+x1)+(x2+x3)) + ((x4+x5)+(x6+x7)), then x8, x9: each
  // 1 beside 1e16 pairs up first, 7 survive; a plain loop gives 1. reduceat keeps x0 apart and sums
  // the other nine pairwise: 8.
  const std::vector<double> x{1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1};
  CHECK(pairwise_sum(x.data(), 10) == 7.0);
  CHECK(reduceat_sum(x.data(), 10) == 8.0);
  CHECK(pairwise_sum(x.data(), 0) == 0.0);
  const double minus_zero = -0.0;
  CHECK(!std::signbit(pairwise_sum(&minus_zero, 1)));  // 0.0 + -0.0
  CHECK(std::signbit(reduceat_sum(&minus_zero, 1)));   // a lone segment value is copied

  // Above 128 values the halves split at n2 = 100 − 100 % 8 = 96: in the first half, 1e16's
  // accumulator takes eleven 1s one at a time and loses each (ties to even); the other seven hold
  // 12 each, so it is 1e16 + 84; the second half is 105; 1e16 + 189 rounds to even, 1e16 + 188
  // (np.sum gives the same; a plain loop loses all 200).
  std::vector<double> many(201, 1.0);
  many[0] = 1e16;
  CHECK(pairwise_sum(many.data(), 201) == 1e16 + 188);

  // Per group, by rule: contiguous groups by reduceat, any order by Kahan; pandas' choice.
  const std::vector<index_t> ids{0, 0, 0, 1, 1};
  const std::vector<double> values{1e16, 1.0, 1.0, 2.0, 3.0};
  const View<const index_t, 1> id_view(ids.data(), {5});
  const View<const double, 1> value_view(values.data(), {5});
  CHECK(pandas_group_sum(id_view, false) == GroupSum::reduceat);
  CHECK(pandas_group_sum(id_view, true) == GroupSum::kahan);
  const auto by_reduceat = group_sums(id_view, value_view, 3, GroupSum::reduceat);
  CHECK(by_reduceat == std::vector<double>{1e16 + 2, 5.0, 0.0});  // 1e16 + (0 + 1 + 1)
  const auto by_kahan = group_sums(id_view, value_view, 3, GroupSum::kahan);
  CHECK(by_kahan == std::vector<double>{1e16 + 2, 5.0, 0.0});
  const std::vector<index_t> shuffled{1, 0, 1};
  CHECK(pandas_group_sum(View<const index_t, 1>(shuffled.data(), {3}), false) == GroupSum::kahan);
  CHECK_THROWS_AS(group_sums(View<const index_t, 1>(shuffled.data(), {3}), View<const double, 1>(values.data(), {3}), 2,
                             GroupSum::reduceat),
                  std::invalid_argument);
}

TEST_CASE("python_repr writes a double as Python's repr does") {
  const auto text = [](double x) {
    char buf[edplan::python_repr_width];
    return std::string(buf, static_cast<std::size_t>(edplan::python_repr(x, buf)));
  };
  CHECK(text(0.0) == "0.0");
  CHECK(text(-0.0) == "-0.0");
  CHECK(text(0.1) == "0.1");
  CHECK(text(100.0) == "100.0");
  CHECK(text(1.5) == "1.5");
  CHECK(text(1e16) == "1e+16");            // the decimal point past 16 digits: an exponent
  CHECK(text(9999999999999998.0) == "9999999999999998.0");
  CHECK(text(1e-4) == "0.0001");           // down to 10^-4 positional
  CHECK(text(1e-5) == "1e-05");            // two exponent digits at least
  CHECK(text(-2.5e-7) == "-2.5e-07");
  CHECK(text(1e100) == "1e+100");
  CHECK(text(5e-324) == "5e-324");
  CHECK(text(-1.2345678901234567e-308) == "-1.2345678901234567e-308");  // the widest
  CHECK(text(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(text(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(text(std::numeric_limits<double>::quiet_NaN()) == "nan");
}
