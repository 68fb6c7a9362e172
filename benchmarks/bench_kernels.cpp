// SPDX-License-Identifier: MIT
// Throughput of the C++ kernels alone (no Python): cells projected per second and the
// memory bandwidth that implies. The comparisons against what users would use instead
// (numpy, PySAL) are the Python benchmarks beside this file.
#include <benchmark/benchmark.h>

#include <edplan/core/memory_pass.hpp>
#include <edplan/edplan.hpp>

#include <edplan/core/quantile.hpp>
#include <edplan/core/stream_store.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
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

// The projection with region- and year-specific survival and migration (R x 30 x 2 x 101 each,
// read from memory, as bench_national.py's bandwidth figure), one thread: the whole call
// (arg 1) against `validate` alone (arg 0), the pass over every input that the call makes before
// the kernel. Their difference is the kernel; the bytes are 4 x 8 a projected cell (population,
// survival, migration read, population written), as bench_national.py counts them.
void BM_project_full(benchmark::State& state) {
  using namespace edplan;
  const index_t R = 3000, T = 30, A = 100, ages = A + 1;
  const bool whole = state.range(0) == 1;
  std::vector<double> base(static_cast<std::size_t>(R * 2 * ages), 100.0);
  std::vector<double> survival(static_cast<std::size_t>(R * T * 2 * ages), 0.99);
  std::vector<double> migration(survival.size(), 0.5);
  std::vector<double> fertility(population::fertile_ages, 0.03);
  std::vector<double> out(static_cast<std::size_t>(R * (T + 1) * 2 * ages));
  std::vector<double> births(static_cast<std::size_t>(R * T)), people(births.size());
  std::vector<std::int64_t> cells(births.size());
  population::ProjectionInputs in;
  in.base = View<const double, 3>(base.data(), {R, 2, ages});
  in.survival = View<const double, 4>(survival.data(), {R, T, 2, ages});
  in.migration = View<const double, 4>(migration.data(), {R, T, 2, ages});
  in.fertility = View<const double, 3>(fertility.data(), {1, 1, population::fertile_ages});
  population::ProjectionOptions opt;
  opt.years = T;
  opt.threads = 1;
  const population::ProjectionOutputs o{View<double, 4>(out.data(), {R, T + 1, 2, ages}),
                                        View<double, 2>(births.data(), {R, T}),
                                        View<std::int64_t, 2>(cells.data(), {R, T}),
                                        View<double, 2>(people.data(), {R, T})};
  for (auto _ : state) {
    if (whole) {
      population::project_into(in, opt, o);
    } else {
      benchmark::DoNotOptimize(population::validate(in, opt));
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * R * T * 2 * ages * 4 * static_cast<std::int64_t>(sizeof(double)));
}
BENCHMARK(BM_project_full)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// p10/p50/p90 of each cell's 1,000 draws, as a Monte Carlo run selects them (1,000 cells of
// normal draws, copied back before each pass; the copy is timed too and is the same for both):
// quantiles_inplace (branch-free quickselect, middle rank first) against the std::nth_element
// path it replaced (arg 0) — the same bits, checked in tests/cpp/test_quantile.cpp.
void BM_quantiles(benchmark::State& state) {
  const bool fast = state.range(0) == 1;
  const std::size_t D = 1000, cells = 1000;
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal(1000.0, 50.0);
  std::vector<double> draws(D * cells), work(D * cells), out(3 * cells);
  for (auto& x : draws) x = normal(rng);
  const std::vector<double> qs{0.1, 0.5, 0.9};
  for (auto _ : state) {
    std::copy(draws.begin(), draws.end(), work.begin());
    for (std::size_t c = 0; c < cells; ++c) {
      double* cell = work.data() + c * D;
      if (fast) {
        edplan::quantiles_inplace(cell, cell + D, qs, out.data() + 3 * c);
      } else {
        edplan::detail::quantiles_by_nth_element(cell, cell + D, qs, out.data() + 3 * c);
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cells));
}
BENCHMARK(BM_quantiles)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The floors of the projection on one thread, over arrays of its result's size (R regions x 31
// years x 2 sexes x 101 ages doubles): writing every element once (the least any projection
// does), and STREAM's copy a = b and triad a = b + s*c (the one-thread memory bandwidth).
void BM_write_once(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0) * 31 * 2 * 101);
  std::vector<double> a(n, 0.0);
  for (auto _ : state) {
    std::fill(a.begin(), a.end(), 1.5);
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
}
BENCHMARK(BM_write_once)->Arg(3000)->Unit(benchmark::kMillisecond);

// The same array written once with streaming (non-temporal) stores, which skip reading each
// line before writing it: the floor of a writer that streams (the projection does above
// population::detail::stream_result_bytes). On x86-64 only; elsewhere ordinary stores again.
void BM_write_once_streaming(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0) * 31 * 2 * 101);
  std::vector<double> a(n, 0.0);
  const std::vector<double> row(2 * 101, 1.5);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; i += row.size()) {
      edplan::detail::stream_copy(a.data() + i, row.data(), static_cast<edplan::index_t>(row.size()));
    }
    edplan::detail::stream_fence();
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
}
BENCHMARK(BM_write_once_streaming)->Arg(3000)->Unit(benchmark::kMillisecond);

void BM_stream_copy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0) * 31 * 2 * 101);
  std::vector<double> a(n, 0.0), b(n, 1.0);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * n * sizeof(double)));
}
BENCHMARK(BM_stream_copy)->Arg(3000)->Unit(benchmark::kMillisecond);

void BM_stream_triad(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0) * 31 * 2 * 101);
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  const double s = 3.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(3 * n * sizeof(double)));
}
BENCHMARK(BM_stream_triad)->Arg(3000)->Unit(benchmark::kMillisecond);

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
BENCHMARK(BM_memory_pass)
    ->Args({20000, 2000, 1})
    ->Args({20000, 2000, 0})
    ->Args({10000, 2000, 1})
    ->Args({10000, 2000, 0})
    ->Unit(benchmark::kMillisecond);

// One 2SFCA over a dense 10,000 x 2,000 matrix as bench_coverage.py's (points uniform in a
// 100 km square, 1.95 minutes a km, max_cost 30: about 6.5% of pairs linked), no decay (arg 0)
// or the step decay (arg 1), on `threads` threads: its time over BM_memory_pass/10000/2000 of
// the same thread count is the ratio issue 20 targets (<= 1.3).
void BM_two_step_fca_dense(benchmark::State& state) {
  using namespace edplan;
  using namespace edplan::coverage;
  const index_t n = 10000, m = 2000;
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 100.0);
  std::vector<double> x(static_cast<std::size_t>(n + m)), y(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    x[k] = u(rng);
    y[k] = u(rng);
  }
  std::vector<double> cost(static_cast<std::size_t>(n * m)), demand(static_cast<std::size_t>(n)), supply(static_cast<std::size_t>(m));
  for (index_t i = 0; i < n; ++i) {
    demand[static_cast<std::size_t>(i)] = 50.0 + u(rng);
    for (index_t j = 0; j < m; ++j) {
      const auto a = static_cast<std::size_t>(i), b = static_cast<std::size_t>(n + j);
      cost[static_cast<std::size_t>(i * m + j)] = 1.95 * std::hypot(x[a] - x[b], y[a] - y[b]);
    }
  }
  for (auto& s : supply) s = 20.0 + 4.0 * u(rng);
  const std::vector<Decay> decay{state.range(0) == 0 ? Decay::none() : Decay::step({10, 20, 30}, {1.0, 0.68, 0.22})};
  FcaOptions opt;
  opt.max_cost = 30.0;
  opt.threads = static_cast<int>(state.range(1));
  const auto C = CostMatrix::from_dense(View<const double, 2>(cost.data(), {n, m}));
  const View<const double, 2> P(demand.data(), {1, n}), S(supply.data(), {1, m});
  for (auto _ : state) benchmark::DoNotOptimize(two_step_fca(P, S, C, decay, opt));
  state.SetBytesProcessed(state.iterations() * n * m * static_cast<std::int64_t>(sizeof(double)));
}
BENCHMARK(BM_two_step_fca_dense)->Args({0, 1})->Args({1, 1})->Args({0, 0})->Args({1, 0})->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
