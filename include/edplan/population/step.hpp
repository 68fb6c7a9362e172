// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// One year of the cohort-component method for one region (DESIGN §2.1), the kernel that
/// `project` runs for every region and year.

#include "edplan/core/ndarray.hpp"

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstdint>

namespace edplan::population {

/// The first age of the fertility schedule.
inline constexpr index_t first_fertile_age = 15;
/// The last age of the fertility schedule.
inline constexpr index_t last_fertile_age = 49;
/// The number of ages in a fertility schedule (15..49).
inline constexpr index_t fertile_ages = last_fertile_age - first_fertile_age + 1;
/// The smallest open age group the model accepts: the fertile ages must be single years.
inline constexpr index_t min_open_age = 50;

/// Constants of a projection that are the same for every region and year.
struct StepParams {
  /// Sex ratio at birth: males per female birth (1.06 = 106 boys per 100 girls).
  double srb = 1.06;
  /// Survival from birth to the end of the year, {female, male}.
  std::array<double, 2> birth_survival{1.0, 1.0};
};

/// What one step produced besides the new population.
struct StepOutcome {
  /// Births during the year (observed where given, else projected).
  double births = 0.0;
  /// Cells that net out-migration made negative and that were set to 0.
  std::int64_t clamped_cells = 0;
  /// The people those cells were short: out-migration that exceeded the population.
  double clamped_people = 0.0;
};

/// Projects one region one year ahead, t → t+1 (DESIGN §2.1, with A the open age):
///
/// 1. survivors `P[s,a,t+1] = P[s,a-1,t]·S[s,a-1,t]` for a = 1..A-1 and
///    `P[s,A,t+1] = P[s,A-1,t]·S[s,A-1,t] + P[s,A,t]·S[s,A,t]`;
/// 2. net migration `P[s,a,t+1] += M[s,a,t]` for a = 1..A, then negative cells are set to 0;
/// 3. births `B = Σ_{a=15..49} f[a]·½(P[0,a,t] + P[0,a,t+1])`, or the observed births when
///    `observed_births` is not NaN;
/// 4. newborns `P[0,0,t+1] = B/(1+srb)·Sb[0] + M[0,0]`, `P[1,0,t+1] = B·srb/(1+srb)·Sb[1] + M[1,0]`,
///    each set to 0 if negative.
///
/// @param current    (sex, age) population at the start of year t; rows contiguous.
/// @param survival   (sex, age) probability of surviving from age a in year t to a+1 in t+1.
/// @param fertility  (35) births per woman aged 15..49 during year t.
/// @param migration  (sex, age) net migrants by age at the end of the year, or null data for none.
/// @param observed_births births during year t, or NaN to project them.
/// @param next       (sex, age) output: the population at the start of year t+1.
/// Inputs are trusted: `project` validates them once for all regions and years.
inline StepOutcome step(const View<const double, 2>& current, const View<const double, 2>& survival,
                        const View<const double, 1>& fertility, const View<const double, 2>& migration,
                        double observed_births, const StepParams& params, const View<double, 2>& next) {
  const index_t A = current.shape(1) - 1;
  const bool migrate = migration.data() != nullptr;
  StepOutcome out;
  for (index_t s = 0; s < 2; ++s) {
    const auto P = as_eigen(current[s]);
    const auto S = as_eigen(survival[s]);
    auto Q = as_eigen(next[s]);
    if (migrate) {  // survivors and migrants in one pass over the output: the kernel is bound by memory
      const auto M = as_eigen(migration[s]);
      Q.segment(1, A - 1) = P.head(A - 1) * S.head(A - 1) + M.segment(1, A - 1);
      Q(A) = P(A - 1) * S(A - 1) + P(A) * S(A) + M(A);
      auto older = Q.tail(A);
      const double shortfall = older.min(0.0).sum();  // read back from L1; clamping is rare
      if (shortfall < 0.0) {
        out.clamped_people -= shortfall;
        out.clamped_cells += (older < 0.0).count();
        older = older.max(0.0);
      }
    } else {
      Q.segment(1, A - 1) = P.head(A - 1) * S.head(A - 1);
      Q(A) = P(A - 1) * S(A - 1) + P(A) * S(A);
    }
  }

  if (std::isnan(observed_births)) {
    const auto f = as_eigen(fertility);
    const auto before = as_eigen(current[0]).segment(first_fertile_age, fertile_ages);
    const auto after = as_eigen(next[0]).segment(first_fertile_age, fertile_ages);
    out.births = (f * 0.5 * (before + after)).sum();
  } else {
    out.births = observed_births;
  }

  const double srb = params.srb;
  const std::array<double, 2> share{1.0 / (1.0 + srb), srb / (1.0 + srb)};
  for (index_t s = 0; s < 2; ++s) {
    double& newborns = next(s, 0);
    newborns = out.births * share[static_cast<std::size_t>(s)] * params.birth_survival[static_cast<std::size_t>(s)];
    if (migrate) newborns += migration(s, 0);
    if (newborns < 0.0) {
      out.clamped_people -= newborns;
      ++out.clamped_cells;
      newborns = 0.0;
    }
  }
  return out;
}

}  // namespace edplan::population
