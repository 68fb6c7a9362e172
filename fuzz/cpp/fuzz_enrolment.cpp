// SPDX-License-Identifier: MIT
// libFuzzer harness: edplan::enrolment::GradeAxis (level validation) and
// edplan::enrolment::project (input validation, ratio estimation, projection, housing) on
// fuzzed levels, years, shapes and values.
#include "fuzz_input.hpp"

#include <edplan/enrolment.hpp>

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {
using edplan::index_t;
using edplan::enrolment::Kind;
using edplan::enrolment::Level;

index_t dim(edplan_fuzz::Input& in, index_t want) {
  const auto k = in.byte() % 8;
  if (k < 5) return want;
  if (k < 7) return 1;
  return in.extent(4);
}

// A year offset from another, clamped to int (the harness must not overflow itself).
int saturate(long long y) { return static_cast<int>(y < INT_MIN ? INT_MIN : y > INT_MAX ? INT_MAX : y); }

// A grade or age number: mostly small, sometimes an extreme int.
int grade_number(edplan_fuzz::Input& in) {
  const auto k = in.byte();
  if (k < 240) return static_cast<int>(k % 20) - 2;  // -2 .. 17
  return k % 2 ? INT_MAX : INT_MIN;
}

template <std::size_t N>
std::vector<double> values(edplan_fuzz::Input& in, const std::array<index_t, N>& shape, double plain) {
  index_t n = 1;
  for (auto e : shape) n *= e;
  const double fill = in.flag() ? plain : in.number();
  std::vector<double> v(static_cast<std::size_t>(n), fill);
  const int edits = in.byte() % 5;
  for (int e = 0; e < edits && n > 0; ++e) v[in.u32() % static_cast<std::uint32_t>(n)] = in.number();
  return v;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  edplan_fuzz::Input in(data, size);

  // Levels: the defaults, or 1..3 fuzzed ones.
  std::vector<Level> levels;
  if (in.flag()) {
    levels = edplan::enrolment::default_levels();
  } else {
    const int count = 1 + in.byte() % 3;
    for (int l = 0; l < count; ++l) {
      Level v;
      v.name = in.byte() % 8 == 0 ? std::string() : "L" + std::to_string(in.byte() % 4);
      v.kind = in.flag() ? Kind::rate : Kind::progression;
      v.first = grade_number(in);
      v.last = in.flag() ? saturate(static_cast<long long>(v.first) + in.byte() % 7 - 1) : grade_number(in);
      v.entry_age = in.flag() ? static_cast<int>(in.byte() % 10) - 2 : -1;
      if (in.flag()) v.class_size = in.number();
      if (in.flag()) v.yield = in.number();
      if (in.byte() % 4 == 0) {
        std::vector<edplan::YearPath::Point> pts;
        const int n = in.byte() % 3;
        for (int i = 0; i < n; ++i) pts.emplace_back(in.flag() ? 2020 + in.byte() % 10 : in.any_int(), in.number());
        try {
          v.ger = edplan::YearPath(pts, "ger");
        } catch (const edplan::InputError&) {
        }
      }
      levels.push_back(v);
    }
  }
  std::optional<edplan::enrolment::GradeAxis> axis;
  try {
    axis.emplace(levels);
  } catch (const edplan::InputError&) {
    return 0;
  }
  const index_t G = axis->size();
  if (G > 64) return 0;  // a valid but huge axis only costs time

  edplan::enrolment::EnrolmentInputs e;
  if (in.byte() % 16 == 0) {
    e.base_year = in.any_int();
    e.horizon = in.any_int();
    if (e.horizon > e.base_year && static_cast<long long>(e.horizon) - e.base_year > 12) e.horizon = e.base_year;
  } else {
    e.base_year = 2000 + in.byte() % 30;
    e.horizon = e.base_year + static_cast<int>(in.byte() % 10) - 2;
  }
  const index_t T = e.horizon >= e.base_year ? static_cast<index_t>(e.horizon) - e.base_year : 0;
  const index_t R = in.extent(3);
  const std::array<index_t, 3> hist_shape{R, in.extent(4), dim(in, G)};
  const auto history = values(in, hist_shape, 100.0);
  e.history = edplan::View<const double, 3>(history.data(), hist_shape);

  e.births_first_year = saturate(static_cast<long long>(e.base_year) - in.byte() % 20);
  const std::array<index_t, 2> births_shape{dim(in, R), in.extent(30)};
  const auto births = values(in, births_shape, 120.0);
  e.births = edplan::View<const double, 2>(births.data(), births_shape);

  const std::array<index_t, 2> pb_shape{dim(in, R), dim(in, T)};
  const auto projected = values(in, pb_shape, 110.0);
  if (in.flag()) e.projected_births = edplan::View<const double, 2>(projected.data(), pb_shape);

  const std::array<index_t, 4> pop_shape{dim(in, R), dim(in, T + 1), dim(in, 2), in.flag() ? 21 : in.extent(25)};
  const auto population = values(in, pop_shape, 50.0);
  if (in.flag()) e.population = edplan::View<const double, 4>(population.data(), pop_shape);

  e.dwellings_first_year = saturate(static_cast<long long>(e.base_year) - in.byte() % 10 + 3);
  const std::array<index_t, 2> dw_shape{dim(in, R), in.extent(12)};
  const auto dwellings = values(in, dw_shape, 10.0);
  if (in.flag()) e.dwellings = edplan::View<const double, 2>(dwellings.data(), dw_shape);
  if (in.flag()) e.regions = {"north", "south"};

  edplan::enrolment::EnrolmentOptions opt;
  opt.threads = 1;
  if (in.flag()) {
    opt.method.rule = edplan::enrolment::RatioMethod::ses;
    opt.method.alpha = in.number();
  } else {
    opt.method.k = static_cast<int>(in.byte() % 6) - 1;
  }
  if (in.flag()) opt.ramp = in.number();

  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS({
    const auto p = edplan::enrolment::project(*axis, e, opt);
    (void)edplan::enrolment::level_totals(*axis, p.pupils.view());
  });
  return 0;
}
