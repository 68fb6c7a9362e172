// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A scenario in memory, for applications that embed the engine (the file form, TOML and CSV,
/// is read by the Python package): the population inputs, the levels and enrolment history,
/// and the places. Views do not own their data; the application keeps it alive during `run`.

#include "edplan/capacity/ledger.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/enrolment/inputs.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/population/projection.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edplan::scenario {

/// Everything one run needs.
struct Scenario {
  /// A name for messages and reports.
  std::string name;
  /// The year of the base population and the last history year.
  int base_year = 0;
  /// The last projected year.
  int horizon = 0;
  /// Region names, in the order of every array's region axis.
  std::vector<std::string> regions;

  /// The population chain from the base year (`years` is set by `run`: horizon − base_year).
  population::ProjectionInputs population;
  /// Sex ratio at birth and survival to the end of the birth year.
  population::StepParams birth;

  /// School levels (default: kindergarten, primary, junior).
  std::vector<enrolment::Level> levels = enrolment::default_levels();
  /// (R, H, G) pupils by region, history year (ending at base_year) and grade; NaN = not observed.
  View<const double, 3> history;
  /// Calendar year of `births` column 0.
  int births_first_year = 0;
  /// (R|1, NB) observed births by calendar year; NaN = not observed.
  View<const double, 2> births;
  /// Calendar year of `dwellings` column 0.
  int dwellings_first_year = 0;
  /// (R|1, ND) dwellings completed by year, for housing yield; none for no housing.
  std::optional<View<const double, 2>> dwellings;
  /// Ratio method and housing ramp.
  enrolment::EnrolmentOptions enrolment;

  /// (R, L) places in the base year by region and level, or empty for no balance.
  std::optional<View<const double, 2>> places;
  /// Projects opened (planned) and closures, as place changes from a year.
  std::vector<capacity::PlaceChange> projects;
};

/// How to run.
struct RunOptions {
  /// Monte Carlo draws for intervals; 0 for none.
  index_t draws = 0;
  /// Draw i uses random stream (seed, i).
  std::uint64_t seed = 1;
  /// Quantiles of the intervals.
  std::vector<double> quantiles{0.1, 0.5, 0.9};
  /// Standard deviation of the log fertility factor of a draw.
  double tfr_sd = 0.1;
  /// Standard deviation of the log migration factor of a draw.
  double migration_sd = 0.2;
  /// Threads; 0 = default. Results do not depend on it.
  int threads = 0;
};

}  // namespace edplan::scenario
