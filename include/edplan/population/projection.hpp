// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The multi-year cohort-component projection for many regions at once (DESIGN §2.1):
/// every input value tested once, as the kernel reads it, and `step` per region and year, regions in parallel.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/stream_store.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/population/projection_validate.hpp"
#include "edplan/population/step.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::population {

namespace detail {
// Whether the input rows that region r reads in year t pass `validate`'s tests, each row tested
// by the one (r, t) that reads it first: a row shared by all regions (axis 0 of length 1) by
// region 0, one shared by all years by year 0. Every row of every input is read by some
// (r, t) when R, T >= 1, so this tests each value once, as the kernel reads it.
inline bool rows_pass(const ProjectionInputs& in, index_t r, index_t t) {
  const index_t ages = in.base.shape(2);
  const auto first = [&](index_t regions, index_t years) { return (regions != 1 || r == 0) && (years != 1 || t == 0); };
  const auto at = [&](index_t extent, index_t i) { return extent == 1 ? 0 : i; };
  index_t failing = 0;
  if (first(in.survival.shape(0), in.survival.shape(1))) {
    const index_t rs = at(in.survival.shape(0), r), ts = at(in.survival.shape(1), t);
    for (index_t s = 0; s < 2; ++s) failing += edplan::detail::count_failing(&in.survival(rs, ts, s, 0), ages, is_probability);
  }
  if (first(in.fertility.shape(0), in.fertility.shape(1))) {
    const index_t rf = at(in.fertility.shape(0), r), tf = at(in.fertility.shape(1), t);
    failing += edplan::detail::count_failing(&in.fertility(rf, tf, 0), fertile_ages, is_fertility_rate);
  }
  if (in.migration && first(in.migration->shape(0), in.migration->shape(1))) {
    const auto& m = *in.migration;
    const index_t rm = at(m.shape(0), r), tm = at(m.shape(1), t);
    for (index_t s = 0; s < 2; ++s) failing += edplan::detail::count_failing(&m(rm, tm, s, 0), ages, is_finite);
  }
  if (in.births && first(in.births->shape(0), in.births->shape(1))) {
    failing += is_observed_births((*in.births)(at(in.births->shape(0), r), at(in.births->shape(1), t))) ? 0 : 1;
  }
  return failing == 0;
}

// Results larger than this many bytes are written with streaming stores (`stream_copy`): far
// larger than the caches, so that nothing of them would be left there for the caller anyway,
// and written to memory once instead of read and then written (see core/stream_store.hpp).
// Smaller ones (a Monte Carlo draw's region, read by the enrolment chain right after) are
// written with ordinary stores and stay in the cache. So is a fresh buffer (never written,
// its pages not yet mapped): Linux zeroes each page at its first write, which leaves the page
// in the cache, where ordinary stores then land; streaming ones would first have to evict it
// (measured on 150 MB: 54 ms of CPU streamed against 33 ms, docs/benchmarks.md "Population").
inline constexpr std::size_t stream_result_bytes = std::size_t{16} << 20;

// The projection proper, on inputs of the right shapes and outputs of the right shape, ages
// 0..last[s] of sex s (see `step_rows`; {A, A} for the whole schedule). Each year is computed
// from the previous one, still in L1: in the output itself, or, for a result written with
// streaming stores, in two rows of scratch that each year is computed into and then streamed
// from (a streamed row leaves the cache, and the next year reads it). With `check`, the values
// are tested as `validate` tests them, each input row just before the kernel reads it (so from
// cache, not a second pass over memory); the first failing row stops the projection and the
// call returns false, with `out` partly written. Without, the inputs are trusted (`validate`
// accepted them). `fresh`: `out.population` was just allocated and never written.
inline bool run_projection(const ProjectionInputs& in, const ProjectionOptions& opt, const std::array<double, 2>& factors,
                           const ProjectionOutputs& out, const std::array<index_t, 2>& last, bool check,
                           bool fresh = false) {
  const index_t R = in.base.shape(0);
  const index_t T = opt.years;
  const index_t ages = in.base.shape(2);
  const auto survival = in.survival.broadcast_to({R, T, 2, ages});
  const auto fertility = in.fertility.broadcast_to({R, T, fertile_ages});
  const std::optional<View<const double, 4>> migration =
      in.migration ? std::optional(in.migration->broadcast_to({R, T, 2, ages})) : std::nullopt;
  const std::optional<View<const double, 2>> births =
      in.births ? std::optional(in.births->broadcast_to({R, T})) : std::nullopt;
  const StepParams params{opt.srb, opt.birth_survival};
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  using Rows = SexRows<const double>;
  const bool stream = !fresh && static_cast<std::size_t>(out.population.size()) * sizeof(double) > stream_result_bytes;
  std::atomic<bool> failed{false};

  // Region r into `out`; false when a row fails its check. `scratch`: 4 rows of `ages` doubles
  // (two years of two sexes) when streaming.
  const auto region = [&](index_t r, double* scratch) {
    const auto path = out.population[r];
    const auto base = in.base[r];
    if (check && edplan::detail::count_failing(&base(0, 0), ages, is_count) +
                         edplan::detail::count_failing(&base(1, 0), ages, is_count) != 0) {
      return false;
    }
    // The first `count[s]` ages of sex s of `rows` into year t of the output.
    const auto write = [&](index_t t, const Rows& rows, const std::array<index_t, 2>& count) {
      for (std::size_t s = 0; s < 2; ++s) {
        double* const to = &path(t, static_cast<index_t>(s), 0);
        if (stream) {
          edplan::detail::stream_copy(to, rows[s], count[s]);
        } else {
          std::copy_n(rows[s], count[s], to);
        }
      }
    };
    Rows now{&base(0, 0), &base(1, 0)};
    write(0, now, {ages, ages});
    for (index_t t = 0; t < T; ++t) {
      if (check && !rows_pass(in, r, t)) return false;
      double* const into = stream ? scratch + (t % 2) * 2 * ages : nullptr;
      const SexRows<double> next = stream ? SexRows<double>{into, into + ages} : SexRows<double>{&path(t + 1, 0, 0), &path(t + 1, 1, 0)};
      const Rows M = migration ? Rows{&(*migration)(r, t, 0, 0), &(*migration)(r, t, 1, 0)} : Rows{nullptr, nullptr};
      const auto outcome = step_rows(now, {&survival(r, t, 0, 0), &survival(r, t, 1, 0)}, &fertility(r, t, 0), M,
                                     births ? (*births)(r, t) : nan, params, next, ages - 1, last, factors);
      now = {next[0], next[1]};
      if (stream) write(t + 1, now, {last[0] + 1, last[1] + 1});
      out.births(r, t) = outcome.births;
      out.clamped_cells(r, t) = outcome.clamped_cells;
      out.clamped_people(r, t) = outcome.clamped_people;
    }
    return true;
  };

  parallel_chunks(
      R,
      [&](index_t begin, index_t end) {
        std::vector<double> scratch(stream ? static_cast<std::size_t>(4 * ages) : 0);
        for (index_t r = begin; r < end; ++r) {
          if (check && failed.load(std::memory_order_relaxed)) break;
          if (!region(r, scratch.data())) failed.store(true, std::memory_order_relaxed);
        }
        edplan::detail::stream_fence();  // the streamed rows are in memory before the threads join
      },
      opt.threads);
  return !failed.load();
}

// A validated projection: inputs trusted.
inline void run_projection(const ValidatedProjection& v, const ProjectionOutputs& out,
                           const std::array<index_t, 2>& last) {
  run_projection(v.inputs(), v.options(), v.factors(), out, last, false);
}

// The whole schedule: every age of both sexes.
inline void run_projection(const ValidatedProjection& v, const ProjectionOutputs& out) {
  const index_t A = v.ages() - 1;
  run_projection(v, out, {A, A});
}
}  // namespace detail

/// Records a problem for every output buffer that shares memory with an input (`out=` given one
/// of the inputs, or a view of it): the projection would read what it has overwritten.
inline void check_separate(Problems& problems, const ProjectionInputs& in, const ProjectionOutputs& out) {
  const auto check = [&](const std::string& output, const auto& buffer) {
    const auto against = [&](const char* input, const auto& view) {
      if (overlaps(buffer, view)) {
        problems.add(output, std::string("shares memory with the input ") + input + "; expected a separate array");
      }
    };
    against("base", in.base);
    against("survival", in.survival);
    against("fertility", in.fertility);
    if (in.migration) against("migration", *in.migration);
    if (in.births) against("births", *in.births);
  };
  check("out", out.population);
  check("births", out.births);
  check("clamped_people", out.clamped_people);
}

namespace detail {
// Records a problem for each output buffer whose shape is not that of a projection of R regions,
// T years and `ages` ages, or whose last axis is not contiguous.
inline void check_output_shapes(Problems& problems, index_t R, index_t T, index_t ages, const ProjectionOutputs& out) {
  const auto want = [&](const std::string& name, const auto& view, const auto& expected) {
    if (view.shape() != expected || !view.row_contiguous()) {
      problems.add(name, "output buffer has the wrong shape or layout");
    }
  };
  want("population", out.population, std::array<index_t, 4>{R, T + 1, 2, ages});
  want("births", out.births, std::array<index_t, 2>{R, T});
  want("clamped_cells", out.clamped_cells, std::array<index_t, 2>{R, T});
  want("clamped_people", out.clamped_people, std::array<index_t, 2>{R, T});
}
}  // namespace detail

/// Checks the shapes and layout of the output buffers of a validated projection.
/// @throws InputError naming each buffer of the wrong shape or with a non-contiguous last axis.
inline void check_outputs(const ValidatedProjection& v, const ProjectionOutputs& out) {
  Problems problems;
  detail::check_output_shapes(problems, v.regions(), v.years(), v.ages(), out);
  problems.throw_if_any();
}

/// Runs a validated projection into caller-owned buffers (shapes as in `ProjectionOutputs`).
/// Regions run in parallel; each region's result is independent of the thread count.
/// @throws InputError when a buffer has the wrong shape or a non-contiguous last axis.
inline void project_into(const ValidatedProjection& v, const ProjectionOutputs& out) {
  check_outputs(v, out);
  detail::run_projection(v, out);
}

/// Runs a validated projection of ages 0..last_ages[s] of sex s only (s = 0: F), each at most
/// A and `last_ages[0]` at least 49 (the mothers): cell (s, a) of a year reads only ages a−1 and,
/// at the open age A, A of the year before, so these ages come out exactly as in the whole
/// projection, and so do the births. Older ages of `out.population` are left as they were and
/// the clamping record covers the projected ages only. For callers that read a few ages (the
/// enrolment chain of a Monte Carlo draw: the school ages), at a fraction of the cost.
/// @throws InputError as `project_into`, and when `last_ages` is out of range.
inline void project_into(const ValidatedProjection& v, const ProjectionOutputs& out,
                         const std::array<index_t, 2>& last_ages) {
  const index_t A = v.ages() - 1;
  if (last_ages[0] < last_fertile_age || last_ages[0] > A || last_ages[1] < -1 || last_ages[1] > A) {
    throw InputError("last_ages", "got (" + std::to_string(last_ages[0]) + ", " + std::to_string(last_ages[1]) +
                                      "); expected ages in [49, A] for women and [-1, A] for men, A = " +
                                      std::to_string(A));
  }
  check_outputs(v, out);
  detail::run_projection(v, out, last_ages);
}

namespace detail {
// Whether `validate` accepts the shapes, options and layout of the inputs and there is at least
// one region and one year: then every input value is read by the kernel, which can test each as
// it reads it (`project_checked`) instead of `validate` reading them all from memory first.
inline bool checkable(const ProjectionInputs& in, const ProjectionOptions& opt) {
  Problems problems;
  check_extents_and_options(problems, in, opt);
  check_layout(problems, in);
  return problems.empty() && in.base.shape(0) > 0 && opt.years > 0;
}

// Projects `checkable` inputs into outputs of the right shapes, testing each input value as the
// kernel reads it, with `validate`'s tests: one pass over the inputs instead of two (the
// validation's, then the kernel's). When a value fails, the outputs — partly written by then —
// are filled with NaN (clamped cells with 0), so that no partial result is left, and `validate`
// throws its usual error, listing every problem. `fresh`: `out.population` was just allocated
// and never written (see `stream_result_bytes`).
inline void project_checked(const ProjectionInputs& in, const ProjectionOptions& opt, const ProjectionOutputs& out,
                            bool fresh = false) {
  const index_t A = in.base.shape(2) - 1;
  if (run_projection(in, opt, {1.0, 1.0}, out, {A, A}, true, fresh)) return;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const auto& P = out.population;
  for (index_t r = 0; r < P.shape(0); ++r) {
    for (index_t t = 0; t < P.shape(1); ++t) {
      for (index_t s = 0; s < 2; ++s) std::fill_n(&P(r, t, s, 0), P.shape(3), nan);
    }
    std::fill_n(&out.births(r, 0), out.births.shape(1), nan);
    std::fill_n(&out.clamped_cells(r, 0), out.clamped_cells.shape(1), std::int64_t{0});
    std::fill_n(&out.clamped_people(r, 0), out.clamped_people.shape(1), nan);
  }
  // The kernel's tests are validate's, on every value, so this throws; were they ever to
  // disagree, the projection of inputs validate accepts is run as before.
  const auto v = validate(in, opt);
  run_projection(v, out);
}
}  // namespace detail

/// Validates the inputs and runs the projection into caller-owned buffers. The values are
/// tested as the kernel reads them (one pass over the inputs, not a validation pass first):
/// when one is bad, the buffers are filled with NaN (clamped cells with 0) before the error is
/// thrown, so that they never hold part of a result.
/// @throws InputError listing every problem in the inputs (as `validate`), and any buffer that
/// overlaps an input or has the wrong shape (the buffers are then untouched).
inline void project_into(const ProjectionInputs& in, const ProjectionOptions& opt, const ProjectionOutputs& out) {
  if (!detail::checkable(in, opt)) {  // validate lists the shapes' problems with the values'
    const auto v = validate(in, opt);
    Problems problems;
    check_separate(problems, in, out);
    problems.throw_if_any();
    project_into(v, out);
    return;
  }
  // The inputs' problems are reported before the outputs', as when validate ran first.
  const auto inputs_first = [&](const Problems& problems) {
    if (problems.empty()) return;
    validate(in, opt);
    problems.throw_if_any();
  };
  Problems separate;
  check_separate(separate, in, out);
  inputs_first(separate);
  Problems shapes;
  detail::check_output_shapes(shapes, in.base.shape(0), opt.years, in.base.shape(2), out);
  inputs_first(shapes);
  detail::project_checked(in, opt, out);
}

/// Projects every region `opt.years` years ahead from `in.base` (DESIGN §2.1).
/// @throws InputError listing every problem in the inputs.
inline Projection project(const ProjectionInputs& in, const ProjectionOptions& opt) {
  const auto fresh = [](index_t R, index_t T, index_t ages) {
    return Projection{NdArray<double, 4>({R, T + 1, 2, ages}), NdArray<double, 2>({R, T}),
                      NdArray<std::int64_t, 2>({R, T}), NdArray<double, 2>({R, T})};
  };
  const auto outputs = [](Projection& p) {
    return ProjectionOutputs{p.population.view(), p.births.view(), p.clamped_cells.view(), p.clamped_people.view()};
  };
  if (!detail::checkable(in, opt)) {  // validate throws, or accepts a projection of no region or no year
    const auto v = validate(in, opt);
    Projection p = fresh(v.regions(), v.years(), v.ages());
    detail::run_projection(v, outputs(p));
    return p;
  }
  Projection p = fresh(in.base.shape(0), opt.years, in.base.shape(2));
  detail::project_checked(in, opt, outputs(p));
  return p;
}

}  // namespace edplan::population
