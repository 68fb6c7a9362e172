// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The checks of a projection's inputs (DESIGN §2.1): `validate`, which lists every problem at
/// once, and `scaled_region`, a Monte Carlo draw's view of a validated region. The predicates
/// here are also the ones the kernel's fused pass tests each row with (`projection.hpp`).

#include "edplan/core/error.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/population/projection_inputs.hpp"
#include "edplan/population/step.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace edplan::population {

namespace detail {
inline Field<4> by_region_year_sex_age(const std::string& name) { return {name, {"region", "year", "sex", "age"}}; }
}  // namespace detail

namespace detail {
// The checks of `validate` on shapes and options, in its order: the part that reads no array.
inline void check_extents_and_options(Problems& problems, const ProjectionInputs& in, const ProjectionOptions& opt) {
  const index_t R = in.base.shape(0);
  const index_t T = opt.years;
  const index_t ages = in.base.shape(2);

  if (T < 0) problems.add("years", "got " + std::to_string(T) + "; expected a number of years >= 0");
  const Field<3> base{"base", {"region", "sex", "age"}};
  check_extent(problems, base, in.base, 1, 2, false, "sexes F, M");
  if (ages < min_open_age + 1) {
    problems.add("base", "axis 2 (age) has length " + std::to_string(ages) + "; expected at least " +
                             std::to_string(min_open_age + 1) + " (ages 0..A with open age A >= 50)");
  }
  const index_t Tx = std::max<index_t>(T, 0);

  const auto survival = by_region_year_sex_age("survival");
  check_extent(problems, survival, in.survival, 0, R, true, "regions in base");
  check_extent(problems, survival, in.survival, 1, Tx, true, "years");
  check_extent(problems, survival, in.survival, 2, 2, false, "sexes F, M");
  check_extent(problems, survival, in.survival, 3, ages, false, "ages in base");

  Field<3> fertility{"fertility", {"region", "year", "age"}};
  fertility.offsets = {0, 0, first_fertile_age};
  check_extent(problems, fertility, in.fertility, 0, R, true, "regions in base");
  check_extent(problems, fertility, in.fertility, 1, Tx, true, "years");
  check_extent(problems, fertility, in.fertility, 2, fertile_ages, false, "ages 15..49");

  const auto migration = by_region_year_sex_age("migration");
  if (in.migration) {
    check_extent(problems, migration, *in.migration, 0, R, true, "regions in base");
    check_extent(problems, migration, *in.migration, 1, Tx, true, "years");
    check_extent(problems, migration, *in.migration, 2, 2, false, "sexes F, M");
    check_extent(problems, migration, *in.migration, 3, ages, false, "ages in base");
  }
  const Field<2> births{"births", {"region", "year"}};
  if (in.births) {
    check_extent(problems, births, *in.births, 0, R, true, "regions in base");
    check_extent(problems, births, *in.births, 1, Tx, true, "years");
  }

  check_scalar(problems, "srb", opt.srb, [](double x) { return std::isfinite(x) && x > 0.0; },
               "males per female birth, a finite number > 0 (e.g. 1.06)");
  check_scalar(problems, "birth_survival[F]", opt.birth_survival[0], is_probability, "a probability in [0, 1]");
  check_scalar(problems, "birth_survival[M]", opt.birth_survival[1], is_probability, "a probability in [0, 1]");
}

// The layout checks of `validate`, which come after its checks of the values.
inline void check_layout(Problems& problems, const ProjectionInputs& in) {
  const auto contiguous = [&](const std::string& name, bool ok) {
    if (!ok) problems.add(name, "the last axis is not contiguous; expected C-ordered rows");
  };
  contiguous("base", in.base.row_contiguous());
  contiguous("survival", in.survival.row_contiguous());
  contiguous("fertility", in.fertility.row_contiguous());
  if (in.migration) contiguous("migration", in.migration->row_contiguous());
}

// Fertility's test, one function for `validate` and the kernel's own check (`project_into`).
inline constexpr auto is_fertility_rate = [](double x) { return (x >= 0.0) & (x <= 1.0); };
// Observed births' test: a count, or NaN where births are to be projected.
inline constexpr auto is_observed_births = [](double x) { return std::isnan(x) || is_count(x); };
}  // namespace detail

/// Checks every input of a projection and throws one `InputError` listing all problems:
/// wrong ranks or lengths, non-finite values, negative counts, survival outside [0, 1],
/// negative fertility or rates above 1 birth per woman per year, bad srb or birth survival.
/// The views must outlive the returned object.
inline ValidatedProjection validate(const ProjectionInputs& in, const ProjectionOptions& opt) {
  Problems problems;
  detail::check_extents_and_options(problems, in, opt);
  // Values are checked even when shapes are wrong, so one run reports everything.
  check_values(problems, Field<3>{"base", {"region", "sex", "age"}}, in.base, is_count, "a count >= 0");
  check_values(problems, detail::by_region_year_sex_age("survival"), in.survival, is_probability,
               "a probability in [0, 1]");
  Field<3> fertility{"fertility", {"region", "year", "age"}};
  fertility.offsets = {0, 0, first_fertile_age};
  check_values(problems, fertility, in.fertility, detail::is_fertility_rate,
               "births per woman per year in [0, 1] (divide rates per 1,000 women by 1,000)");
  if (in.migration) {
    check_values(problems, detail::by_region_year_sex_age("migration"), *in.migration, is_finite,
                 "a finite number of net migrants");
  }
  if (in.births) {
    check_values(problems, Field<2>{"births", {"region", "year"}}, *in.births, detail::is_observed_births,
                 "a count >= 0, or NaN to project births");
  }
  detail::check_layout(problems, in);
  problems.throw_if_any();
  return ValidatedProjection(in, opt);
}

/// Region `r` of a validated projection, on one thread, with its fertility and net migration
/// multiplied by finite factors > 0 (a Monte Carlo draw's shocks) as the kernel reads them: the
/// same numbers as projecting rows scaled beforehand (`factor·f` is the one product either way),
/// without copying the rows for each draw. Scaled rows keep what the step needs (finite,
/// fertility >= 0), so the thousand draws of a region are not checked a thousand times; a factor
/// may lift a rate above 1 birth per woman, which `validate` refuses only as a likely unit error
/// in user input.
inline ValidatedProjection scaled_region(const ValidatedProjection& v, index_t r, double fertility_factor,
                                         double migration_factor) {
  const ProjectionInputs& in = v.inputs();
  ProjectionInputs one;
  one.base = in.base.narrow(r);
  one.survival = in.survival.narrow(in.survival.shape(0) == 1 ? 0 : r);
  one.fertility = in.fertility.narrow(in.fertility.shape(0) == 1 ? 0 : r);
  if (in.migration) one.migration = in.migration->narrow(in.migration->shape(0) == 1 ? 0 : r);
  if (in.births) one.births = in.births->narrow(in.births->shape(0) == 1 ? 0 : r);
  ProjectionOptions opt = v.options();
  opt.threads = 1;
  ValidatedProjection scaled(one, opt);
  scaled.factors_ = {fertility_factor, migration_factor};
  return scaled;
}

}  // namespace edplan::population
