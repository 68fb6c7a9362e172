// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What the chain of `run.hpp` computes, as plain arrays. Year axes: the population from the
/// base year (T+1 years); demand, places and the programme from base_year + 1 (T years); the
/// kindergarten table from its `first_year`.

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/preschool.hpp"
#include "edplan/capacity/programme.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/metrics.hpp"
#include "edplan/coverage/recommend.hpp"
#include "edplan/enrolment/projection.hpp"
#include "edplan/enrolment/simulate.hpp"
#include "edplan/population/projection.hpp"
#include "edplan/targets/assess.hpp"
#include "edplan/targets/workplan.hpp"

#include <optional>
#include <vector>

namespace edplan::scenario {

/// What depends on each region alone: its population, its pupils and their intervals. A run
/// over a slice of the regions (one worker's chunk) gives exactly the whole run's rows for them.
struct RegionResults {
  /// The population projection: (R, T+1, 2, A+1), births (R, T) and the clamping record.
  population::Projection population;
  /// Pupils (R, T, G), ratios and the observations they rest on.
  enrolment::EnrolmentProjection enrolment;
  /// (R, T, L) level totals.
  NdArray<double, 3> totals;
  /// Quantiles of grades and level totals, when draws were asked for.
  std::optional<enrolment::EnrolmentIntervals> intervals;
};

/// Places against demand (DESIGN §2.3).
struct PlacesResults {
  /// (R, T, L) places by year: base places, planned projects and closures.
  NdArray<double, 3> capacity;
  /// (R, T, L) classes by year, when the base classes are known.
  std::optional<NdArray<double, 3>> classes;
  /// Surplus, deficit, utilisation, classes needed and large classes.
  capacity::Balance balance;
  /// (R, L) the year index of the first year of peak demand.
  NdArray<index_t, 2> peaks;
};

/// The expansion programme's schedule and how it is judged (DESIGN §2.4).
struct ProgrammeResults {
  /// Candidate k's land year, or `capacity::not_chosen`.
  std::vector<int> land_years;
  /// The conversions and temporary places (zero without levers).
  capacity::LeverPlan levers;
  /// The schedule's objective and its terms by region, year and level.
  capacity::Outcome outcome;
  /// (R, T, L) need left by existing capacity: max(0, demand − existing).
  NdArray<double, 3> need;
  /// (R, L) unmet place-years no schedule can avoid (every candidate at its earliest).
  NdArray<double, 2> floor;
  /// (K, 2) each candidate's first and last land year (first > last: it cannot open in time).
  NdArray<index_t, 2> windows;
};

/// Kindergarten places, pupils and shares by region and year (DESIGN §2.5).
struct PreschoolResults {
  /// The calendar year of column 0: the base year when observed pupils were given, else base_year + 1.
  int first_year = 0;
  /// (R, T') kindergarten demand (the base year: the observed pupils).
  NdArray<double, 2> demand;
  /// (R, T', 3) places by sector, with planned and programme public places.
  NdArray<double, 3> places;
  /// (R, T') residents, for the nursery norm.
  NdArray<double, 2> residents;
  /// Pupils by sector, shares, places needed, nursery places (the base year as observed).
  capacity::PreschoolShares shares;
};

/// Elder-education coverage by area, region and year (DESIGN §2.6), and the sites to add.
struct CoverageResults {
  /// (n, T+1) people aged 60+ by area from the base year.
  NdArray<double, 2> older;
  /// The coverage metrics of every projection year (base_year .. horizon).
  coverage::CoverageResult metrics;
  /// The recommended new sites, best first, when asked for.
  std::optional<std::vector<coverage::RankedSite>> recommended;
};

/// Everything `run` computes.
struct Results {
  /// Population, pupils and intervals, region by region.
  RegionResults regions;
  /// The balance, when the scenario has places.
  std::optional<PlacesResults> places;
  /// The schedule, when the scenario has a programme.
  std::optional<ProgrammeResults> programme;
  /// Kindergarten shares, when the scenario has kindergartens.
  std::optional<PreschoolResults> preschool;
  /// Coverage, when the scenario has areas and sites.
  std::optional<CoverageResults> coverage;
  /// One assessment per series, when the scenario has targets.
  std::optional<std::vector<targets::Assessment>> targets;
  /// One state per plan item, when the scenario has a work plan.
  std::optional<std::vector<targets::ItemProgress>> workplan;
};

}  // namespace edplan::scenario
