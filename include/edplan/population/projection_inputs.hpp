// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What a cohort-component projection takes and gives (DESIGN §2.1): its inputs, options, the
/// caller's output buffers, the result, and `ValidatedProjection`, the inputs `validate`
/// accepted (`projection_validate.hpp`), the only way into the kernel (`projection.hpp`).

#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edplan::population {
/// The inputs of a projection over R regions, T years and ages 0..A (A = open age group).
///
/// Every region or year axis may have length 1, meaning "the same for all" (broadcast).
/// All views must have a contiguous last axis.
struct ProjectionInputs {
  /// (R, 2, A+1) population at the start of the base year, by region, sex (0 = F) and age.
  View<const double, 3> base;
  /// (R|1, T|1, 2, A+1) probability of surviving from age a in year t to age a+1 in t+1;
  /// at A, the probability of staying alive in the open group.
  View<const double, 4> survival;
  /// (R|1, T|1, 35) births per woman during the year, by single age 15..49.
  View<const double, 3> fertility;
  /// (R|1, T|1, 2, A+1) net migrants by age at the end of the year; none when empty.
  std::optional<View<const double, 4>> migration;
  /// (R|1, T|1) observed births; NaN where they are to be projected; none when empty.
  std::optional<View<const double, 2>> births;
};

/// Settings of a projection.
struct ProjectionOptions {
  /// T, the number of one-year steps.
  index_t years = 0;
  /// Sex ratio at birth, males per female birth.
  double srb = 1.06;
  /// Survival from birth to the end of the year, {female, male}.
  std::array<double, 2> birth_survival{1.0, 1.0};
  /// Threads over regions; 0 = `default_threads()`. Results do not depend on it.
  int threads = 0;
};

/// Caller-owned output buffers of `project_into` (e.g. numpy arrays from the bindings).
struct ProjectionOutputs {
  /// (R, T+1, 2, A+1) population at the start of each year; [:, 0] is the base.
  View<double, 4> population;
  /// (R, T) births during each projected year.
  View<double, 2> births;
  /// (R, T) cells set to 0 because out-migration exceeded the population.
  View<std::int64_t, 2> clamped_cells;
  /// (R, T) the people those cells were short.
  View<double, 2> clamped_people;
};

/// The result of `project`: the population path, births and the clamping record.
struct Projection {
  /// (R, T+1, 2, A+1) population at the start of each year; [:, 0] is the base.
  NdArray<double, 4> population;
  /// (R, T) births during each projected year (observed where given).
  NdArray<double, 2> births;
  /// (R, T) cells set to 0 because out-migration exceeded the population.
  NdArray<std::int64_t, 2> clamped_cells;
  /// (R, T) the people those cells were short.
  NdArray<double, 2> clamped_people;

  /// The total number of clamped cells over all regions and years.
  [[nodiscard]] std::int64_t total_clamped_cells() const {
    std::int64_t n = 0;
    for (index_t i = 0; i < clamped_cells.size(); ++i) n += clamped_cells.data()[i];
    return n;
  }

  /// One line per (region, year step) with clamped cells: what was set to 0 and how many people
  /// the out-migration exceeded the population by (indices, not names: callers add names).
  [[nodiscard]] std::vector<std::string> warnings() const {
    std::vector<std::string> out;
    for (index_t r = 0; r < clamped_cells.shape(0); ++r) {
      for (index_t t = 0; t < clamped_cells.shape(1); ++t) {
        const auto n = clamped_cells(r, t);
        if (n == 0) continue;
        out.push_back("region " + std::to_string(r) + ", step " + std::to_string(t) + ": " + std::to_string(n) +
                      " cells made negative by net out-migration set to 0 (" + format_number(clamped_people(r, t)) +
                      " people short)");
      }
    }
    return out;
  }
};

class ValidatedProjection;
inline ValidatedProjection validate(const ProjectionInputs& in, const ProjectionOptions& opt);
inline ValidatedProjection scaled_region(const ValidatedProjection& v, index_t r, double fertility_factor,
                                         double migration_factor);

/// Inputs and options that `validate` accepted, with their dimensions: the only way into the
/// unchecked kernel, so that no caller can skip validation and none has to repeat it.
class ValidatedProjection {
 public:
  /// The inputs, as given to `validate`.
  [[nodiscard]] const ProjectionInputs& inputs() const noexcept { return in_; }
  /// The options, as given to `validate`.
  [[nodiscard]] const ProjectionOptions& options() const noexcept { return opt_; }
  /// R, the number of regions.
  [[nodiscard]] index_t regions() const noexcept { return in_.base.shape(0); }
  /// T, the number of projected years.
  [[nodiscard]] index_t years() const noexcept { return opt_.years; }
  /// A+1, the number of single ages including the open group.
  [[nodiscard]] index_t ages() const noexcept { return in_.base.shape(2); }

 private:
  friend ValidatedProjection validate(const ProjectionInputs& in, const ProjectionOptions& opt);
  friend ValidatedProjection scaled_region(const ValidatedProjection& v, index_t r, double fertility_factor,
                                           double migration_factor);
  ValidatedProjection(const ProjectionInputs& in, const ProjectionOptions& opt) : in_(in), opt_(opt) {}
  ProjectionInputs in_;
  ProjectionOptions opt_;
  std::array<double, 2> factors_{1.0, 1.0};  // fertility, migration: see `scaled_region`

 public:
  /// The factors {fertility, migration} that every rate of fertility and every net migrant is
  /// multiplied by as it is read: {1, 1} but for `scaled_region`.
  [[nodiscard]] const std::array<double, 2>& factors() const noexcept { return factors_; }
};

}  // namespace edplan::population
