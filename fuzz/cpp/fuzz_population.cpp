// SPDX-License-Identifier: MIT
// libFuzzer harness: edplan::population::project (validation, then the cohort-component
// kernel) on fuzzed shapes (zero, broadcast, wrong) and values (NaN, inf, negative, huge).
#include "fuzz_input.hpp"

#include <edplan/population.hpp>

#include <cstdint>
#include <optional>

namespace {
using edplan::index_t;

// The extent the validator wants, 1 (broadcast), or a wrong small one.
index_t dim(edplan_fuzz::Input& in, index_t want) {
  const auto k = in.byte() % 8;
  if (k < 5) return want;
  if (k < 7) return 1;
  return in.extent(4);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  edplan_fuzz::Input in(data, size);
  static const index_t age_choices[] = {51, 51, 52, 56, 50, 0, 1, 101};
  const index_t R = in.extent(3);
  const index_t ages = age_choices[in.byte() % 8];
  const index_t T = static_cast<index_t>(in.byte() % 8) - 1;  // -1 .. 6
  const index_t Tw = T < 0 ? 0 : T;

  const std::array<index_t, 3> base_shape{R, dim(in, 2), ages};
  const std::array<index_t, 4> surv_shape{dim(in, R), dim(in, Tw), dim(in, 2), dim(in, ages)};
  const std::array<index_t, 3> fert_shape{dim(in, R), dim(in, Tw), dim(in, 35)};
  const bool has_migration = in.flag(), has_births = in.flag();
  const std::array<index_t, 4> mig_shape{dim(in, R), dim(in, Tw), dim(in, 2), dim(in, ages)};
  const std::array<index_t, 2> births_shape{dim(in, R), dim(in, Tw)};

  edplan::population::ProjectionOptions opt;
  opt.years = T;
  opt.threads = 1;
  if (in.flag()) opt.srb = in.number();
  if (in.flag()) opt.birth_survival = {in.number(), in.number()};

  // Values: a fill value per array (so the validator's fast path is exercised), then a
  // few fuzzed cells.
  const auto fill = [&](edplan::NdArray<double, 4>& a, double v) {
    for (auto& x : a.storage()) x = v;
    const int edits = in.byte() % 4;
    for (int e = 0; e < edits && a.size() > 0; ++e) a.data()[in.u32() % a.size()] = in.number();
  };
  const auto count = [](const auto& shape) {
    index_t n = 1;
    for (auto e : shape) n *= e;
    return n;
  };
  edplan::NdArray<double, 4> base({1, 1, 1, count(base_shape)});
  edplan::NdArray<double, 4> survival({1, 1, 1, count(surv_shape)});
  edplan::NdArray<double, 4> fertility({1, 1, 1, count(fert_shape)});
  edplan::NdArray<double, 4> migration({1, 1, 1, count(mig_shape)});
  edplan::NdArray<double, 4> births({1, 1, 1, count(births_shape)});
  fill(base, in.flag() ? 1000.0 : in.number());
  fill(survival, in.flag() ? 0.99 : in.number());
  fill(fertility, in.flag() ? 0.05 : in.number());
  fill(migration, in.flag() ? -3.0 : in.number());
  fill(births, in.flag() ? std::numeric_limits<double>::quiet_NaN() : in.number());

  edplan::population::ProjectionInputs inputs;
  inputs.base = edplan::View<const double, 3>(base.data(), base_shape);
  inputs.survival = edplan::View<const double, 4>(survival.data(), surv_shape);
  inputs.fertility = edplan::View<const double, 3>(fertility.data(), fert_shape);
  if (has_migration) inputs.migration = edplan::View<const double, 4>(migration.data(), mig_shape);
  if (has_births) inputs.births = edplan::View<const double, 2>(births.data(), births_shape);

  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS({
    const auto p = edplan::population::project(inputs, opt);
    (void)p.total_clamped_cells();
    (void)p.warnings();
  });
  return 0;
}
