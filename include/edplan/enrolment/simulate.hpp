// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Intervals by Monte Carlo (DESIGN §2.2): each draw, when the population chain is given,
/// multiplies fertility (the TFR) and net migration by lognormal factors and re-projects the
/// population, then scales every level total at lead h by one of the projection's own relative
/// errors at lead h plus a normal jitter of their spread (lead_errors.hpp, `smoothing`). Draw i uses random stream (seed, i) alone, so results are
/// identical for any thread count.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/quantile.hpp"
#include "edplan/core/random.hpp"
#include "edplan/enrolment/housing.hpp"
#include "edplan/enrolment/projection.hpp"
#include "edplan/enrolment/lead_errors.hpp"
#include "edplan/population/projection.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace edplan::enrolment {

/// Settings of the Monte Carlo intervals.
struct DrawOptions {
  /// The number of draws (> 0).
  index_t draws = 1000;
  /// The seed: draw i uses random stream (seed, i).
  std::uint64_t seed = 1;
  /// The quantiles reported, each in [0, 1].
  std::vector<double> quantiles{0.1, 0.5, 0.9};
  /// Standard deviation of the log of the fertility (TFR) factor of a draw.
  double tfr_sd = 0.1;
  /// Standard deviation of the log of the migration factor of a draw.
  double migration_sd = 0.2;
  /// The position of region 0 among the regions of the whole run: region r draws from stream
  /// (seed, i, 1 + first_region + r), so a run over a slice of the regions (one worker's
  /// share) draws exactly the numbers the whole run draws for them.
  std::uint64_t first_region = 0;
  /// When not empty, the errors of every region of the whole run by level and lead,
  /// [l·T + h − 1] (`LeadErrors::pooled`), used for regions with too few of their own in place of
  /// the pool of this call's regions: a slice then draws as the whole run does.
  std::vector<std::vector<double>> pooled_errors;
};

/// The population chain re-run by every draw: the projection inputs whose fertility and
/// migration the draw scales. Its births and population replace the EnrolmentInputs' ones.
struct PopulationChain {
  /// Inputs of the projection from the base year (views must outlive the call).
  population::ProjectionInputs inputs;
  /// Options; `years` must equal horizon − base_year.
  population::ProjectionOptions options;
};

/// Quantiles of the draws.
struct EnrolmentIntervals {
  /// (R, T, G, Q) quantiles of pupils by grade.
  NdArray<double, 4> grades;
  /// (R, T, L, Q) quantiles of level totals (quantiles of sums, not sums of quantiles).
  NdArray<double, 4> levels;
  /// (R, T, L) the number of rolling-origin errors the draws took level l's error at lead t + 1
  /// from (pooled over regions when a region had fewer than `min_lead_errors`); where it is below
  /// `min_lead_errors` the quantiles of the level and its grades are NaN. 0 for rate levels,
  /// whose spread is the population draws'.
  NdArray<double, 3> errors;
};

/// Draws `draws.draws` projections and returns their quantiles. A draw:
/// 1. factors `exp(tfr_sd·z₁)` and `exp(migration_sd·z₂)` (z standard normal, stream (seed, i, 0),
///    shared by all regions: a city-wide shock), applied to fertility and migration of the
///    population chain, if given (observed births stay as observed);
/// 2. the projection of `project` with the point ratios, housing included;
/// 3. for each region r, one uniform u from stream (seed, i, 1 + first_region + r): every
///    non-rate level's pupils at lead h are multiplied by `1 + e`, e the error at position
///    ⌊u·n⌋ of the n errors at lead h (`LeadErrors::at`, oldest origin first, so that levels and
///    leads draw from the same stretch of history and level sums keep their correlation).
/// @throws InputError as `project` does, and for bad draw settings.
inline EnrolmentIntervals simulate(const GradeAxis& axis, const EnrolmentInputs& in, const EnrolmentOptions& opt,
                                   const DrawOptions& draws, const std::optional<PopulationChain>& chain = std::nullopt) {
  Problems problems;
  if (draws.draws < 1) problems.add("draws", "got " + std::to_string(draws.draws) + "; expected at least 1 draw");
  for (double q : draws.quantiles) {
    if (!(q >= 0.0 && q <= 1.0)) problems.add("quantiles", "got " + format_number(q) + "; expected values in [0, 1]");
  }
  check_scalar(problems, "tfr_sd", draws.tfr_sd, is_count, "a standard deviation >= 0");
  check_scalar(problems, "migration_sd", draws.migration_sd, is_count, "a standard deviation >= 0");
  std::optional<population::ValidatedProjection> pop;
  if (chain) {
    if (chain->options.years != in.years()) {
      problems.add("population", "projects " + std::to_string(chain->options.years) + " years; expected " +
                                     std::to_string(in.years()) + " (base year to horizon)");
    }
    if (chain->inputs.base.shape(0) != in.region_count()) {
      problems.add("population", "has " + std::to_string(chain->inputs.base.shape(0)) + " regions; expected " +
                                     std::to_string(in.region_count()));
    }
    problems.throw_if_any();
    pop = population::validate(chain->inputs, chain->options);
  }
  problems.throw_if_any();
  const EnrolmentProjection point = project(axis, in, opt);  // validates; gives ratios and housing

  const index_t R = in.region_count(), T = in.years(), G = axis.size(), D = draws.draws;
  const auto L = static_cast<index_t>(axis.levels().size());
  const auto Q = static_cast<index_t>(draws.quantiles.size());
  EnrolmentIntervals out{NdArray<double, 4>({R, T, G, Q}), NdArray<double, 4>({R, T, L, Q}), NdArray<double, 3>({R, T, L})};
  const std::vector<RatioMethod> methods = method_list(point.methods.view());
  const NdArray<double, 3> paths = ratio_paths(axis, point.observed.view(), methods, T);
  LeadErrors errors = lead_errors(axis, in, point.observed.view(), methods, T);
  if (!draws.pooled_errors.empty()) errors.pooled = draws.pooled_errors;
  // A draw's enrolment reads the population at the ages of rate levels only, and the births:
  // its projection stops at the oldest of those ages (the mothers' 49 for women), exactly.
  index_t oldest = -1;
  for (index_t g = 0; g < G; ++g) {
    if (axis.is_rate(g)) oldest = std::max<index_t>(oldest, axis.age(g));
  }
  const index_t open_age = chain ? chain->inputs.base.shape(2) - 1 : 0;
  const std::array<index_t, 2> last_ages{std::min(std::max(oldest, population::last_fertile_age), open_age),
                                         std::min(oldest, open_age)};
  std::vector<double> tfr_factor(static_cast<std::size_t>(D)), migration_factor(static_cast<std::size_t>(D));
  for (index_t d = 0; d < D; ++d) {
    RandomStream shared(draws.seed, static_cast<std::uint64_t>(d), 0);
    tfr_factor[static_cast<std::size_t>(d)] = std::exp(draws.tfr_sd * shared.normal());
    migration_factor[static_cast<std::size_t>(d)] = std::exp(draws.migration_sd * shared.normal());
  }

  parallel_for(
      R,
      [&](index_t r) {
        // The draws by cell, a cell's D draws side by side so that its quantiles select in place:
        // pupils by grade [(t·G + g)·D + d], level totals [(t·L + l)·D + d].
        std::vector<double> grade_draws(static_cast<std::size_t>(T * G * D));
        std::vector<double> level_draws(static_cast<std::size_t>(T * L * D));
        std::vector<double> pupils(static_cast<std::size_t>(T * G));  // one draw's, t·G + g
        // The population of one draw (ages up to `last_ages`), reused by every draw.
        const index_t ages = chain ? chain->inputs.base.shape(2) : 0;
        NdArray<double, 4> path({1, chain ? T + 1 : 0, 2, ages});
        NdArray<double, 2> born({1, chain ? T : 0}), people_short({1, chain ? T : 0});
        NdArray<std::int64_t, 2> cells({1, chain ? T : 0});

        // What no draw changes, once per region: each grade's ratio and share of its level's
        // housing pupils by year, and each level's errors and jitter by lead.
        std::vector<double> ratio(static_cast<std::size_t>(T * G)), housing(ratio.size());
        for (index_t t = 0; t < T; ++t) {
          for (index_t g = 0; g < G; ++g) {
            const auto k = static_cast<std::size_t>(t * G + g);
            ratio[k] = applied_ratio(axis, g, in.base_year + 1 + static_cast<double>(t), [&](index_t e) {
              return ratio_estimated(axis, e) ? paths(r, t, e) : point.ratios(r, e);
            });
            housing[k] = point.housing(r, t, axis.level_of(g)) / axis.level(g).grades();
          }
        }
        std::vector<const std::vector<double>*> lead_error_sets(static_cast<std::size_t>(L * T));
        std::vector<double> jitter(lead_error_sets.size()), factor(lead_error_sets.size());
        for (index_t l = 0; l < L; ++l) {
          for (index_t t = 0; t < T; ++t) {
            const auto k = static_cast<std::size_t>(l * T + t);
            lead_error_sets[k] = &errors.at(r, l, t + 1);
            jitter[k] = smoothing(*lead_error_sets[k]);
          }
        }

        for (index_t d = 0; d < D; ++d) {
          RandomStream stream(draws.seed, static_cast<std::uint64_t>(d),
                              1 + draws.first_region + static_cast<std::uint64_t>(r));
          // One error (the origin at u) and one jitter z per draw for every lead and level: a
          // draw that misses high a year ahead misses high five years ahead too.
          const double u = stream.uniform();
          const double z = stream.normal();
          if (chain) {
            const auto k = static_cast<std::size_t>(d);
            population::project_into(population::scaled_region(*pop, r, tfr_factor[k], migration_factor[k]),
                                     {path.view(), born.view(), cells.view(), people_short.view()}, last_ages);
          }
          const auto births_at = [&](int y) {
            const index_t i = y - in.births_first_year;
            if (chain && y >= in.base_year && y < in.horizon) {
              const double observed = (i >= 0 && i < in.births.shape(1)) ? in.births(in.births.shape(0) == 1 ? 0 : r, i)
                                                                          : std::nan("");
              return std::isnan(observed) ? born(0, y - in.base_year) : observed;
            }
            return in.births_at(r, y);
          };
          const auto people = [&](index_t t, int age) {
            return chain ? path(0, t, 0, age) + path(0, t, 1, age)
                         : (*in.population)(r, t, 0, age) + (*in.population)(r, t, 1, age);
          };
          const index_t last = in.history.shape(1) - 1;
          detail::project_region(
              axis, in.base_year, T, [&](index_t g) { return in.history(r, last, g); },
              [&](index_t g, index_t t) { return ratio[static_cast<std::size_t>(t * G + g)]; }, births_at, people,
              pupils.data());
          for (std::size_t k = 0; k < factor.size(); ++k) {
            const std::vector<double>& e = *lead_error_sets[k];
            factor[k] = e.empty() ? 1.0 : 1.0 + e[static_cast<std::size_t>(u * static_cast<double>(e.size()))] + z * jitter[k];
          }
          for (index_t t = 0; t < T; ++t) {
            for (index_t g = 0; g < G; ++g) {
              const auto k = static_cast<std::size_t>(t * G + g);
              const double f = factor[static_cast<std::size_t>(axis.level_of(g) * T + t)];
              pupils[k] = std::max(0.0, f * (pupils[k] + housing[k]));
              grade_draws[k * static_cast<std::size_t>(D) + static_cast<std::size_t>(d)] = pupils[k];
            }
            for (index_t l = 0; l < L; ++l) {
              const index_t g0 = axis.first_index(static_cast<int>(l));
              double sum = 0.0;
              for (index_t g = g0; g < g0 + axis.levels()[static_cast<std::size_t>(l)].grades(); ++g) {
                sum += pupils[static_cast<std::size_t>(t * G + g)];
              }
              level_draws[static_cast<std::size_t>((t * L + l) * D + d)] = sum;
            }
          }
        }

        for (index_t t = 0; t < T; ++t) {
          for (index_t g = 0; g < G; ++g) {
            double* cell = grade_draws.data() + (t * G + g) * D;
            quantiles_inplace(cell, cell + D, draws.quantiles, &out.grades(r, t, g, 0));
          }
          for (index_t l = 0; l < L; ++l) {
            double* cell = level_draws.data() + (t * L + l) * D;
            quantiles_inplace(cell, cell + D, draws.quantiles, &out.levels(r, t, l, 0));
            const bool rate = axis.levels()[static_cast<std::size_t>(l)].kind == Kind::rate;
            const auto used = rate ? 0 : static_cast<index_t>(lead_error_sets[static_cast<std::size_t>(l * T + t)]->size());
            out.errors(r, t, l) = static_cast<double>(used);
            if (rate || used >= min_lead_errors) continue;
            const index_t g0 = axis.first_index(static_cast<int>(l));
            const index_t n = axis.levels()[static_cast<std::size_t>(l)].grades();
            for (index_t k = 0; k < Q; ++k) out.levels(r, t, l, k) = std::nan("");
            for (index_t g = g0; g < g0 + n; ++g)
              for (index_t k = 0; k < Q; ++k) out.grades(r, t, g, k) = std::nan("");
          }
        }
      },
      opt.threads);
  return out;
}

}  // namespace edplan::enrolment
