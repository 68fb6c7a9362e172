// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The whole chain for one scenario (DESIGN §3): population → enrolment (and its intervals) →
/// capacity, as the Python runner does it, for C++ applications.

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/ledger.hpp"
#include "edplan/enrolment/projection.hpp"
#include "edplan/enrolment/simulate.hpp"
#include "edplan/population/projection.hpp"
#include "edplan/scenario/scenario.hpp"

#include <optional>
#include <vector>

namespace edplan::scenario {

/// What `run` computes. Year axes: population from the base year (T+1 years), everything else
/// from base_year + 1 (T years).
struct Results {
  /// The population projection: (R, T+1, 2, A+1), births (R, T), clamping record.
  population::Projection population;
  /// Pupils (R, T, G), ratios and their observations.
  enrolment::EnrolmentProjection enrolment;
  /// (R, T, L) level totals.
  NdArray<double, 3> totals;
  /// Quantiles of grades and level totals, when draws were asked for.
  std::optional<enrolment::EnrolmentIntervals> intervals;
  /// (R, T, L) places, when the scenario has places.
  std::optional<NdArray<double, 3>> capacity;
  /// Demand against places, when the scenario has places.
  std::optional<capacity::Balance> balance;
  /// (R, L) index of the first peak year of demand.
  NdArray<index_t, 2> peaks;
};

/// Runs the chain. @throws InputError listing every problem of the inputs of each step.
inline Results run(const Scenario& s, const RunOptions& options) {
  population::ProjectionOptions popt;
  popt.years = s.horizon - s.base_year;
  popt.srb = s.birth.srb;
  popt.birth_survival = s.birth.birth_survival;
  popt.threads = options.threads;
  Results out;
  out.population = population::project(s.population, popt);

  const enrolment::GradeAxis axis(s.levels);
  enrolment::EnrolmentInputs in;
  in.base_year = s.base_year;
  in.horizon = s.horizon;
  in.history = s.history;
  in.births_first_year = s.births_first_year;
  in.births = s.births;
  in.projected_births = View<const double, 2>(out.population.births.view());
  in.population = View<const double, 4>(out.population.population.view());
  in.dwellings_first_year = s.dwellings_first_year;
  in.dwellings = s.dwellings;
  in.regions = s.regions;
  enrolment::EnrolmentOptions eopt = s.enrolment;
  eopt.threads = options.threads;
  out.enrolment = enrolment::project(axis, in, eopt);
  out.totals = enrolment::level_totals(axis, out.enrolment.pupils.view());
  out.peaks = capacity::peak_year(out.totals.view());
  if (options.draws > 0) {
    enrolment::DrawOptions d{options.draws, options.seed, options.quantiles, options.tfr_sd, options.migration_sd};
    out.intervals = enrolment::simulate(axis, in, eopt, d, enrolment::PopulationChain{s.population, popt});
  }
  if (s.places) {
    out.capacity = capacity::capacity_timeline(*s.places, s.projects, s.base_year + 1, popt.years);
    std::vector<double> sizes;
    for (const auto& level : s.levels) sizes.push_back(level.class_size);
    out.balance = capacity::balance(out.totals.view(), out.capacity->view(), sizes);
  }
  return out;
}

}  // namespace edplan::scenario
