// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What `coverage_metrics` (coverage/metrics.hpp) reads: the areas, sites, older population,
/// catchment and targets, with the options of the run and the check that records every
/// problem of them (so that the inputs and their rules live apart from the arithmetic).

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/links.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>

namespace edplan::coverage {
/// What an area is, for the township and village shares.
enum class AreaKind : std::uint8_t {
  /// Neither (a community, a town centre): counts in the population shares only.
  other = 0,
  /// A township (乡镇): counts in `township_school`.
  township = 1,
  /// A village (村): counts in `village_point`.
  village = 2,
};

/// A site's tier: every site is a learning point; schools and universities are elder
/// schools; universities also count for `has_university`.
enum class Tier : std::uint8_t {
  /// A learning point (学习点).
  point = 0,
  /// An elder school (老年学校).
  school = 1,
  /// An elder university (老年大学).
  university = 2,
};

/// Coverage targets as shares in [0, 1]; an empty one sets no target and its gap is NaN.
/// The defaults are Fujian's: 20% of older people learning, elder schools in 90% of
/// townships, learning points in 60% of villages, a university in every county, and no
/// target for `within_reach`.
struct CoverageTargets {
  /// Learners per person aged 60+.
  std::optional<double> participation = 0.20;
  /// Share of townships with an elder school.
  std::optional<double> township_school = 0.90;
  /// Share of villages with a learning point (or any site).
  std::optional<double> village_point = 0.60;
  /// Share of counties (regions) with an elder university.
  std::optional<double> county_university = 1.0;
  /// Population-weighted share of older people within reach of a site with spare places.
  std::optional<double> within_reach;
};

/// The areas, sites, older population and catchment that `coverage_metrics` reads. Views do
/// not own their data; the caller keeps it alive during the call.
struct CoverageInputs {
  /// R, the number of regions (counties).
  index_t regions = 0;
  /// (n) region index of each area, in [0, R).
  View<const index_t, 1> area_region;
  /// (n) township, village or other.
  View<const AreaKind, 1> area_kind;
  /// (m) index of the area each site is in, in [0, n).
  View<const index_t, 1> site_area;
  /// (m) places of each site, >= 0.
  View<const double, 1> capacity;
  /// (m) today's learners of each site, >= 0; none when not known: participation is then
  /// NaN and every place counts as spare.
  std::optional<View<const double, 1>> learners;
  /// (m) tier of each site; none when not known: every site counts as a learning point, and
  /// `township_school`, `has_university` and `county_university` are NaN.
  std::optional<View<const Tier, 1>> tier;
  /// (m) the year each site opens (a planned or recommended site); NaN = open already.
  /// Site j is open in year t when `open_year[j] <= years[t]`.
  View<const double, 1> open_year;
  /// (T) the calendar years of the population rows, distinct.
  View<const double, 1> years;
  /// (T, n) people aged 60+ by year and area, >= 0.
  View<const double, 2> population;
  /// (n, m) travel costs from areas to sites (see `CostMatrix`).
  CostMatrix cost;
  /// The catchment: a site is within reach at a cost <= max_cost (same unit as the costs).
  double max_cost = std::numeric_limits<double>::infinity();
  /// The decay of the 2SFCA `places_per_person` (none: weight 1 within the catchment).
  Decay decay = Decay::none();
  /// The targets the gaps are measured against.
  CoverageTargets targets;
};

/// How `coverage_metrics` runs; results do not depend on it.
struct CoverageOptions {
  /// Threads for the catchment and the 2SFCA; 0 = `default_threads()`.
  int threads = 0;
  /// The largest dense cost matrix accepted, in bytes.
  std::int64_t dense_budget = default_dense_budget();
};

namespace detail {

/// Records every problem of the coverage inputs.
inline void validate_coverage(Problems& problems, const CoverageInputs& in) {
  const index_t n = in.area_region.shape(0);
  const index_t m = in.site_area.shape(0);
  const index_t T = in.years.shape(0);
  check_indices(problems, "area_region", in.area_region, in.regions, "a region index");
  check_indices(problems, "site_area", in.site_area, n, "an area index");
  check_extent(problems, Field<1>{"area_kind", {"area"}}, in.area_kind, 0, n, false, "areas in area_region");
  const Field<1> capacity{"capacity", {"site"}};
  check_extent(problems, capacity, in.capacity, 0, m, false, "sites in site_area");
  check_values(problems, capacity, in.capacity, is_count, "places >= 0");
  if (in.learners) {
    const Field<1> learners{"learners", {"site"}};
    check_extent(problems, learners, *in.learners, 0, m, false, "sites in site_area");
    check_values(problems, learners, *in.learners, is_count, "learners >= 0");
  }
  if (in.tier) check_extent(problems, Field<1>{"tier", {"site"}}, *in.tier, 0, m, false, "sites in site_area");
  const Field<1> open_year{"open_year", {"site"}};
  check_extent(problems, open_year, in.open_year, 0, m, false, "sites in site_area");
  check_values(problems, open_year, in.open_year, [](double y) { return !(y < 0); }, "a year, or NaN for open now");
  const Field<1> years{"years", {"year"}};
  check_values(problems, years, in.years, is_finite, "a calendar year");
  std::set<double> seen;
  for (index_t t = 0; t < T; ++t) {
    if (!seen.insert(in.years(t)).second) {
      problems.add("years[" + std::to_string(t) + "]",
                   "repeats " + format_number(in.years(t)) + "; expected distinct years");
    }
  }
  const Field<2> population{"population", {"year", "area"}};
  check_extent(problems, population, in.population, 0, T, false, "years");
  check_extent(problems, population, in.population, 1, n, false, "areas in area_region");
  check_values(problems, population, in.population, is_count, "people aged 60+ >= 0");
  if (in.cost.rows != n || in.cost.cols != m) {
    problems.add("cost", "is " + std::to_string(in.cost.rows) + " x " + std::to_string(in.cost.cols) + "; expected " +
                             std::to_string(n) + " x " + std::to_string(m) + " (areas x sites)");
  }
  if (std::isnan(in.max_cost) || in.max_cost < 0.0) {
    problems.add("max_cost", "got " + format_number(in.max_cost) + "; expected a cost >= 0 (inf for every link)");
  }
  const auto target = [&](const char* name, const std::optional<double>& x) {
    if (x && !std::isfinite(*x)) {
      problems.add(std::string("targets.") + name, "got " + format_number(*x) + "; expected a share");
    }
  };
  target("participation", in.targets.participation);
  target("township_school", in.targets.township_school);
  target("village_point", in.targets.village_point);
  target("county_university", in.targets.county_university);
  target("within_reach", in.targets.within_reach);
}

}  // namespace detail

}  // namespace edplan::coverage
