// SPDX-License-Identifier: MIT
// libFuzzer harness: edplan::coverage::floating_catchment (2SFCA, 3SFCA, weighted catchment,
// BFCA, spatial availability) on fuzzed dense or CSR cost matrices, decays and values,
// through validate_structure / validate_fca, link building and the catchment sums.
#include "fuzz_input.hpp"

#include <edplan/coverage.hpp>

#include <cstdint>
#include <vector>

namespace {
using edplan::index_t;
using namespace edplan::coverage;

index_t dim(edplan_fuzz::Input& in, index_t want) {
  const auto k = in.byte() % 8;
  if (k < 5) return want;
  if (k < 7) return 1;
  return in.extent(4);
}

Decay decay(edplan_fuzz::Input& in) {
  switch (in.byte() % 7) {
    case 0: return Decay::none();
    case 1: {
      std::vector<double> t, v;
      const int n = in.byte() % 4;
      for (int i = 0; i < n; ++i) t.push_back(in.flag() ? 10.0 * (i + 1) : in.number());
      const int m = in.flag() ? n : in.byte() % 4;
      for (int i = 0; i < m; ++i) v.push_back(in.number());
      return Decay::step(t, v);
    }
    case 2: return Decay::linear(in.number());
    case 3: return Decay::gaussian(in.number());
    case 4: return Decay::gravity(in.number(), in.number(), in.number());
    case 5: return Decay::exponential(in.number());
    default: return Decay::logistic(in.number(), in.number());
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  edplan_fuzz::Input in(data, size);
  const auto measure = static_cast<Measure>(in.byte() % 5);
  const index_t n = in.extent(6), m = in.extent(6), T = in.extent(3);

  // Costs: dense (n, m), or CSR with fuzzed pointers and indices.
  const bool sparse = in.flag();
  std::vector<double> dense(static_cast<std::size_t>(n * m));
  for (auto& c : dense) c = in.flag() ? static_cast<double>(in.byte()) : in.number();
  const index_t ptr_len = in.byte() % 8 == 0 ? in.extent(8) : n + 1;
  std::vector<std::int64_t> indptr(static_cast<std::size_t>(ptr_len));
  const index_t nnz = in.extent(12);
  for (index_t i = 0; i < ptr_len; ++i) {
    if (in.byte() % 8 == 0) {
      indptr[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(static_cast<std::int32_t>(in.u32()));
    } else {
      indptr[static_cast<std::size_t>(i)] = ptr_len > 1 ? nnz * i / (ptr_len - 1) : 0;
    }
  }
  const index_t idx_len = in.byte() % 8 == 0 ? in.extent(12) : nnz;
  std::vector<std::int32_t> indices(static_cast<std::size_t>(idx_len));
  for (auto& j : indices) j = in.byte() % 8 == 0 ? static_cast<std::int32_t>(in.u32()) : static_cast<std::int32_t>(in.extent(m > 0 ? m - 1 : 0));
  std::vector<double> values(static_cast<std::size_t>(nnz));
  for (auto& c : values) c = in.flag() ? static_cast<double>(in.byte()) : in.number();
  const CostMatrix cost =
      sparse ? CostMatrix::from_csr(n, m, edplan::View<const std::int64_t, 1>(indptr.data(), {ptr_len}),
                                    edplan::View<const std::int32_t, 1>(indices.data(), {idx_len}),
                                    edplan::View<const double, 1>(values.data(), {nnz}))
             : CostMatrix::from_dense(edplan::View<const double, 2>(dense.data(), {n, m}));

  const std::array<index_t, 2> dshape{T, dim(in, n)};
  const std::array<index_t, 2> sshape{dim(in, T), dim(in, m)};
  std::vector<double> demand(static_cast<std::size_t>(dshape[0] * dshape[1]));
  std::vector<double> supply(static_cast<std::size_t>(sshape[0] * sshape[1]));
  for (auto& x : demand) x = in.flag() ? static_cast<double>(in.byte()) : in.number();
  for (auto& x : supply) x = in.flag() ? static_cast<double>(in.byte()) : in.number();

  std::vector<Decay> decays;
  const int k = in.byte() % 8 == 0 ? 0 : 1 + in.byte() % 2;
  for (int i = 0; i < k; ++i) decays.push_back(decay(in));

  FcaOptions opt;
  opt.threads = 1;
  if (in.flag()) opt.max_cost = in.number();
  if (in.byte() % 4 == 0) opt.alpha = in.number();
  if (in.byte() % 16 == 0) opt.dense_budget = 64;

  EDPLAN_FUZZ_EXPECT_INPUT_ERRORS({
    const auto out = floating_catchment(measure, edplan::View<const double, 2>(demand.data(), dshape),
                                        edplan::View<const double, 2>(supply.data(), sshape), cost, decays, opt);
    (void)out;
  });
  return 0;
}
