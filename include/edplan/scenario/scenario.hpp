// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A scenario in memory (DESIGN §3), for the chain of `run.hpp`: the population inputs, the
/// levels and enrolment history, and each optional part — places, the expansion programme,
/// kindergarten sectors, elder-education coverage, targets and the work plan — as arrays.
/// The file form (TOML and CSV) is read by the Python package into exactly these arrays.
/// Views do not own their data: the caller keeps it alive while `run` works.

#include "edplan/capacity/ledger.hpp"
#include "edplan/capacity/preschool.hpp"
#include "edplan/capacity/programme.hpp"
#include "edplan/capacity/scheduler.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/coverage/metrics.hpp"
#include "edplan/coverage/recommend.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/enrolment/inputs.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/population/projection.hpp"
#include "edplan/targets/assess.hpp"
#include "edplan/targets/assess_many.hpp"
#include "edplan/targets/workplan.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edplan::scenario {

/// Places per region and level in the base year and how they change (DESIGN §2.3).
struct Places {
  /// (R, L) places in the base year.
  View<const double, 2> base;
  /// (R, L) classes in the base year, for large classes; none when unknown.
  std::optional<View<const double, 2>> classes;
  /// Planned projects (places > 0) and closures (places < 0) from their opening year.
  std::vector<capacity::PlaceChange> changes;
};

/// The expansion programme's candidates and rules (DESIGN §2.4); existing capacity and demand
/// come from the chain.
struct Programme {
  /// Candidate projects the scheduler may choose and time.
  std::vector<capacity::Candidate> candidates;
  /// Stage years, one per level.
  std::vector<capacity::StageYears> stages;
  /// Budget per start year: one value for every year, or one per projection year.
  std::vector<double> budget{std::numeric_limits<double>::infinity()};
  /// Candidates per land, start and open batch; negative for no cap.
  index_t max_per_batch = -1;
  /// The objective's weights.
  capacity::Weights weights;
  /// Settings of the heuristic.
  capacity::HeuristicOptions heuristic;
  /// Conversions, temporary places and crowding (DESIGN §2.4b); none: building alone.
  capacity::Levers levers;
};

/// Kindergarten places by sector (DESIGN §2.5).
struct Preschool {
  /// The level whose demand the kindergartens meet (an index into the levels).
  index_t level = 0;
  /// (R, 3) places in the base year: public, inclusive private, other private.
  View<const double, 2> places;
  /// (R, 3) pupils observed in the base year, reported as the table's first year; none when unknown.
  std::optional<View<const double, 2>> pupils;
  /// Planned public kindergarten places (places > 0) and closures (< 0), by region, from their
  /// opening year (the `level` of each change is not read); the programme's are added by the chain.
  std::vector<capacity::PlaceChange> changes;
  /// How demand fills the sectors.
  capacity::Fill fill = capacity::Fill::public_first;
  /// The target shares.
  capacity::ShareTargets targets;
  /// The nursery norm and classroom conversion.
  capacity::NurseryNorm norm;
};

/// New elder-education sites to recommend (DESIGN §2.6): the MCLP over candidates with the
/// existing sites that have spare places fixed, ranked by the people each brings within reach.
struct Recommendation {
  /// (n, m') travel costs from the areas to the existing sites and the candidates.
  coverage::CostMatrix cost;
  /// (m') 1 for a candidate, 0 for an existing site.
  View<const std::uint8_t, 1> candidate;
  /// (m') places of each site (inf for a candidate of no set size).
  View<const double, 1> capacity;
  /// (m') today's learners (0 for candidates).
  View<const double, 1> learners;
  /// How many new sites to recommend.
  index_t new_sites = 10;
  /// The year whose older population the sites are chosen for; 0 for the horizon.
  int year = 0;
  /// Settings of the MCLP heuristic.
  coverage::SitingOptions siting;
};

/// Elder-education coverage (DESIGN §2.6) as the older population grows: the areas, sites and
/// catchment of `coverage_metrics`, whose population by year the chain derives from the
/// projection.
struct Coverage {
  /// The inputs of `coverage::coverage_metrics`; `years` and `population` are left empty and
  /// filled by the chain (base_year .. horizon). Their `area_region` groups the areas into the
  /// coverage's own regions (counties), numbered as the caller reports them.
  coverage::CoverageInputs metrics;
  /// (n) each area's region in the scenario's regions: its older population grows as that
  /// region's does.
  View<const index_t, 1> area_home;
  /// (n) each area's people aged `older_age`+ in the base year.
  View<const double, 1> area_population;
  /// The first age counted as older.
  index_t older_age = 60;
  /// How the regions' older populations are summed over sex and age (see `older_by_region`).
  GroupSum older_sum = GroupSum::kahan;
  /// New sites to recommend, when wanted.
  std::optional<Recommendation> recommend;
};

/// The policy targets: indicator series and their targets (DESIGN §2.7), assessed by the chain.
struct Targets {
  /// The series, one after another, with their targets.
  targets::SeriesTable series;
  /// Method and thresholds.
  targets::AssessOptions options;
};

/// The year's work plan and its progress reports.
struct WorkPlan {
  /// The plan's items.
  targets::PlanItems items;
  /// Progress reports.
  targets::ProgressRows progress;
  /// The day to look from and how counts are reported.
  targets::TrackOptions options;
};

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

  /// The population chain from the base year (`run` sets the number of years).
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

  /// Places: the balance runs when given.
  std::optional<Places> places;
  /// The expansion programme: scheduled when given (needs places).
  std::optional<Programme> programme;
  /// Kindergarten sectors: shares when given.
  std::optional<Preschool> preschool;
  /// Elder-education coverage: measured when given.
  std::optional<Coverage> coverage;
  /// Indicators and targets: assessed when given.
  std::optional<Targets> targets;
  /// The work plan: tracked when given.
  std::optional<WorkPlan> workplan;
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
  /// A schedule chosen elsewhere (e.g. by the exact MILP): candidate k's land year or
  /// `capacity::not_chosen`. The chain then judges it instead of searching one.
  std::optional<std::vector<int>> land_years;
  /// The levers of that schedule (none: it pulls none).
  std::optional<capacity::LeverPlan> levers;
  /// Threads; 0 = default. Results do not depend on it.
  int threads = 0;
};

}  // namespace edplan::scenario
