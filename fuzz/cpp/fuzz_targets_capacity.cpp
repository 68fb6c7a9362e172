// SPDX-License-Identifier: MIT
// libFuzzer harness: edplan::targets::assess (trend fit, growth ratios, categories),
// edplan::targets::counts_needed and edplan::capacity::balance / peak_year on fuzzed series,
// targets, options, shapes and values.
#include "fuzz_input.hpp"

#include <edplan/capacity.hpp>
#include <edplan/targets.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace {
using edplan::index_t;

index_t dim(edplan_fuzz::Input& in, index_t want) {
  const auto k = in.byte() % 8;
  if (k < 5) return want;
  if (k < 7) return 1;
  return in.extent(4);
}

double year(edplan_fuzz::Input& in) { return in.flag() ? 2000.0 + in.byte() % 40 : in.number(); }

void fuzz_assess(edplan_fuzz::Input& in) {
  namespace tg = edplan::targets;
  const index_t n = in.extent(8);
  const index_t nv = in.byte() % 8 == 0 ? in.extent(8) : n;
  std::vector<double> years(static_cast<std::size_t>(n)), values(static_cast<std::size_t>(nv));
  for (auto& y : years) y = year(in);
  for (auto& v : values) v = in.number();
  tg::TargetSpec spec;
  if (in.flag()) spec.value = in.number();
  if (in.flag()) spec.year = year(in);
  if (in.flag()) spec.baseline_year = year(in);
  const auto dir = in.byte() % 8;
  spec.direction = dir == 0 ? static_cast<tg::Direction>(7) : dir < 4 ? tg::Direction::increase : tg::Direction::decrease;
  if (in.flag()) spec.limit = in.number();
  tg::AssessOptions opt;
  opt.threads = 1;
  opt.method = static_cast<tg::Method>(in.byte() % 3);
  if (in.flag()) opt.upper = in.number();
  if (in.byte() % 4 == 0) opt.zero_replacement = in.number();
  if (in.byte() % 4 == 0) opt.ratio = {in.number(), in.number(), in.number()};
  if (in.byte() % 4 == 0) opt.growth = {in.number(), in.number(), in.number(), in.number()};
  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS({
    const auto a = tg::assess(edplan::View<const double, 1>(years.data(), {n}),
                              edplan::View<const double, 1>(values.data(), {nv}), spec, opt);
    (void)a;
  });
}

void fuzz_counts(edplan_fuzz::Input& in) {
  const index_t R = in.extent(4), T = in.extent(4);
  const std::array<index_t, 2> rs{dim(in, R), dim(in, T)}, cs{dim(in, R), dim(in, T)};
  std::vector<double> rate(static_cast<std::size_t>(rs[0] * rs[1])), den(static_cast<std::size_t>(R * T)),
      cur(static_cast<std::size_t>(cs[0] * cs[1]));
  for (auto& x : rate) x = in.number();
  for (auto& x : den) x = in.number();
  for (auto& x : cur) x = in.number();
  edplan::targets::CountInputs c;
  c.rate = edplan::View<const double, 2>(rate.data(), rs);
  c.denominator = edplan::View<const double, 2>(den.data(), {R, T});
  c.current = edplan::View<const double, 2>(cur.data(), cs);
  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS((void)edplan::targets::counts_needed(c));
}

void fuzz_balance(edplan_fuzz::Input& in) {
  const index_t R = in.extent(3), T = in.extent(4), L = in.extent(3);
  const std::array<index_t, 3> ds{R, T, L}, cs{dim(in, R), dim(in, T), dim(in, L)}, ks{dim(in, R), dim(in, T), dim(in, L)};
  std::vector<double> demand(static_cast<std::size_t>(R * T * L)), capacity(static_cast<std::size_t>(cs[0] * cs[1] * cs[2])),
      classes(static_cast<std::size_t>(ks[0] * ks[1] * ks[2]));
  for (auto& x : demand) x = in.number();
  for (auto& x : capacity) x = in.number();
  for (auto& x : classes) x = in.flag() ? static_cast<double>(in.byte() % 40) : in.number();
  std::vector<double> class_size(static_cast<std::size_t>(dim(in, L)));
  for (auto& x : class_size) x = in.flag() ? 45.0 : in.number();
  const edplan::View<const double, 3> d(demand.data(), ds);
  std::optional<edplan::View<const double, 3>> k;
  if (in.flag()) k = edplan::View<const double, 3>(classes.data(), ks);
  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS({
    const auto b = edplan::capacity::balance(d, edplan::View<const double, 3>(capacity.data(), cs), class_size, k);
    (void)b;
    (void)edplan::capacity::peak_year(d);
  });
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  edplan_fuzz::Input in(data, size);
  switch (in.byte() % 3) {
    case 0: fuzz_assess(in); break;
    case 1: fuzz_counts(in); break;
    default: fuzz_balance(in); break;
  }
  return 0;
}
