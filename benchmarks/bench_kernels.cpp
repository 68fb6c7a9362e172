// SPDX-License-Identifier: MIT
// Throughput of the C++ kernels alone (no Python): cells projected per second and the
// memory bandwidth that implies. The comparisons against what users would use instead
// (numpy, PySAL) are the Python benchmarks beside this file.
#include <benchmark/benchmark.h>

#include <edplan/core/memory_pass.hpp>
#include <edplan/edplan.hpp>

#include <cstdint>
#include <vector>

namespace {
void BM_project(benchmark::State& state) {
  using namespace edplan;
  const index_t R = state.range(0), T = 30, A = 100, ages = A + 1;
  const int threads = static_cast<int>(state.range(1));
  std::vector<double> base(static_cast<std::size_t>(R * 2 * ages), 100.0);
  std::vector<double> survival(static_cast<std::size_t>(2 * ages), 0.99);
  std::vector<double> fertility(population::fertile_ages, 0.03);
  std::vector<double> out(static_cast<std::size_t>(R * (T + 1) * 2 * ages));
  std::vector<double> births(static_cast<std::size_t>(R * T)), people(births.size());
  std::vector<std::int64_t> cells(births.size());
  population::ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, ages});
  in.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
  in.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  population::ProjectionOptions opt;
  opt.years = T;
  opt.threads = threads;
  const population::ProjectionOutputs o{View<double, 4>(out.data(), {R, T + 1, 2, ages}),
                                        View<double, 2>(births.data(), {R, T}),
                                        View<std::int64_t, 2>(cells.data(), {R, T}),
                                        View<double, 2>(people.data(), {R, T})};
  for (auto _ : state) {
    population::project_into(in, opt, o);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * R * T * 2 * ages);
  state.SetBytesProcessed(state.iterations() * R * (T + 1) * 2 * ages * static_cast<std::int64_t>(sizeof(double)));
}
BENCHMARK(BM_project)->Args({100, 1})->Args({3000, 1})->Args({3000, 2})->Unit(benchmark::kMillisecond);

// The floor for any kernel that reads a dense cost matrix: every element read once (their sum),
// in 64 blocks over `threads` threads, as bench_coverage.py's matrices (n x m doubles).
void BM_memory_pass(benchmark::State& state) {
  using namespace edplan;
  const index_t n = state.range(0) * state.range(1);
  const int threads = static_cast<int>(state.range(2));
  const std::vector<double> a(static_cast<std::size_t>(n), 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(memory_pass(a.data(), n, threads));
  state.SetBytesProcessed(state.iterations() * n * static_cast<std::int64_t>(sizeof(double)));
}
BENCHMARK(BM_memory_pass)->Args({20000, 2000, 1})->Args({20000, 2000, 0})->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
