// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Elder-education coverage metrics by area, region and year, each with its gap to a target
/// (DESIGN §2.6). Per region and year (and over all regions):
///
/// - `participation = learners / population` (people aged 60+), holding today's learners in
///   every year, so that it shows where provision falls behind an ageing population;
///   `learners_needed = max(0, ceil_count(target · population) − learners)`;
/// - `within_reach`: the population-weighted share of older people living within `max_cost`
///   of an open site with spare places (capacity > learners);
/// - `township_school`: the share of townships with an elder school (tier school or
///   university) in them; `village_point`: the share of villages with any site;
///   `has_university`: whether the region (county) has an elder university, and over all
///   regions the share of counties that do (`county_university`).
///
/// Each `<metric>_gap = max(0, target − value)`, NaN where no target is set; a share whose
/// denominator is 0 is NaN. Per area and year: the 2SFCA access `places_per_person` (places
/// within reach per older person, under a decay) and the flags behind the shares.
///
/// The sums over areas and sites are taken in the order the Python tables took them (rows by
/// year, then area or site) and by the rule pandas picked for each (`pandas_group_sum`), so
/// that these numbers are the same doubles as the tables edplan wrote before the metrics
/// moved here.

#include "edplan/core/count.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/sum.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/fca.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/metrics_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace edplan::coverage {

/// Per area and year, each (T, n).
struct AreaCoverage {
  /// 2SFCA: places within reach per person aged 60+ (R_j = S_j / Σ_i P_i w_ij over open
  /// sites, A_i = Σ_j R_j w_ij).
  NdArray<double, 2> places_per_person;
  /// 1 when an open site with spare places is within max_cost.
  NdArray<std::uint8_t, 2> within_reach;
  /// 1 when an open elder school or university is in the area.
  NdArray<std::uint8_t, 2> has_school;
  /// 1 when any open site is in the area.
  NdArray<std::uint8_t, 2> has_point;
  /// 1 when an open elder university is in the area.
  NdArray<std::uint8_t, 2> has_university;
};

/// The measures of groups of areas (the regions, or all areas as one group) by year; each
/// array is (G, T). A group without areas has population 0 and NaN shares.
struct CoverageSummary {
  /// People aged 60+.
  NdArray<double, 2> population;
  /// Learners at the open sites; NaN when learners are not known.
  NdArray<double, 2> learners;
  /// Places at the open sites.
  NdArray<double, 2> capacity;
  /// learners / population; NaN where population is 0 or learners are not known.
  NdArray<double, 2> participation;
  /// max(0, target − participation); NaN without a target.
  NdArray<double, 2> participation_gap;
  /// max(0, ceil_count(target · population) − learners); NaN without a target or learners.
  NdArray<double, 2> learners_needed;
  /// Population within reach of an open site with spare places / population.
  NdArray<double, 2> within_reach;
  /// max(0, target − within_reach); NaN without a target.
  NdArray<double, 2> within_reach_gap;
  /// The number of townships.
  NdArray<index_t, 2> townships;
  /// Townships with an elder school / townships; NaN without townships or tiers.
  NdArray<double, 2> township_school;
  /// max(0, target − township_school); NaN without a target.
  NdArray<double, 2> township_school_gap;
  /// The number of villages.
  NdArray<index_t, 2> villages;
  /// Villages with any site / villages; NaN without villages.
  NdArray<double, 2> village_point;
  /// max(0, target − village_point); NaN without a target.
  NdArray<double, 2> village_point_gap;
};

/// Everything `coverage_metrics` computes.
struct CoverageResult {
  /// Per area and year, (T, n).
  AreaCoverage areas;
  /// Per region and year, (R, T).
  CoverageSummary regions;
  /// (R, T) 1 when an open elder university is in the region, 0 when not, NaN when tiers are
  /// not known.
  NdArray<double, 2> has_university;
  /// Over all areas, (1, T).
  CoverageSummary total;
  /// The number of counties: regions with at least one area.
  index_t counties = 0;
  /// (T) counties with an elder university / counties; NaN when tiers are not known.
  NdArray<double, 1> county_university;
  /// (T) max(0, target − county_university); NaN without a target.
  NdArray<double, 1> county_university_gap;
};

namespace detail {

/// max(0, x) as numpy's `np.maximum(0.0, x)`: NaN propagates.
inline double max0(double x) noexcept { return std::isnan(x) ? x : std::max(0.0, x); }

/// `max0(target − value)`, or NaN without a target.
inline double gap(const std::optional<double>& target, double value) noexcept {
  return target ? max0(*target - value) : std::numeric_limits<double>::quiet_NaN();
}

/// numerator / denominator where denominator > 0, else NaN.
inline double share(double numerator, double denominator) noexcept {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

/// Sums of `values` (T·k, year-major: row t·k + i is item i in year t) by (group of the item,
/// year), as pandas' `groupby([group, year], sort=False).sum()` took them from such rows: its
/// group codes number (group, year) in order of first appearance, and `pandas_group_sum`
/// picks the rule from them and from `nan_in_block`. Returns (G·T) as [g·T + t]; 0 for a
/// group without items.
inline std::vector<double> sums_by_group_and_year(const std::vector<index_t>& group_of_item, index_t groups, index_t T,
                                                  const std::vector<double>& values, bool nan_in_block) {
  const auto k = static_cast<index_t>(group_of_item.size());
  std::vector<index_t> rank(static_cast<std::size_t>(groups), -1);
  index_t present = 0;
  for (auto g : group_of_item) {
    if (rank[static_cast<std::size_t>(g)] < 0) rank[static_cast<std::size_t>(g)] = present++;
  }
  std::vector<index_t> ids(static_cast<std::size_t>(T * k));
  for (index_t t = 0; t < T; ++t) {
    for (index_t i = 0; i < k; ++i) {
      const index_t g = group_of_item[static_cast<std::size_t>(i)];
      ids[static_cast<std::size_t>(t * k + i)] = t * present + rank[static_cast<std::size_t>(g)];
    }
  }
  const View<const index_t, 1> id_view(ids.data(), {T * k});
  const auto sums = group_sums(id_view, View<const double, 1>(values.data(), {T * k}), T * present,
                               pandas_group_sum(id_view, nan_in_block));
  std::vector<double> out(static_cast<std::size_t>(groups * T), 0.0);
  for (index_t g = 0; g < groups; ++g) {
    const index_t r = rank[static_cast<std::size_t>(g)];
    if (r < 0) continue;
    for (index_t t = 0; t < T; ++t) {
      out[static_cast<std::size_t>(g * T + t)] = sums[static_cast<std::size_t>(t * present + r)];
    }
  }
  return out;
}

/// What the summaries read: per-row values and flags of the areas (T, n) and sites (T, m).
struct CoverageRows {
  std::vector<double> population;  // (T·n) year-major
  std::vector<double> reach;       // population within reach, or 0
  std::vector<double> learners;    // (T·m) learners of open sites, 0 when closed, NaN when unknown and open
  std::vector<double> capacity;    // places of open sites, 0 when closed
  bool learners_known = true;
  bool tiers_known = true;
};

/// The measures of the groups `group_of_area` (n) / `group_of_site` (m) name, in [0, G).
inline CoverageSummary summarise(const CoverageInputs& in, const AreaCoverage& areas, const CoverageRows& rows,
                                 const std::vector<index_t>& group_of_area, const std::vector<index_t>& group_of_site,
                                 index_t G) {
  const index_t T = in.years.shape(0);
  const index_t n = in.area_region.shape(0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CoverageSummary s{NdArray<double, 2>({G, T}),  NdArray<double, 2>({G, T}), NdArray<double, 2>({G, T}),
                    NdArray<double, 2>({G, T}),  NdArray<double, 2>({G, T}), NdArray<double, 2>({G, T}),
                    NdArray<double, 2>({G, T}),  NdArray<double, 2>({G, T}), NdArray<index_t, 2>({G, T}),
                    NdArray<double, 2>({G, T}),  NdArray<double, 2>({G, T}), NdArray<index_t, 2>({G, T}),
                    NdArray<double, 2>({G, T}),  NdArray<double, 2>({G, T})};
  // population and reach are summed column by column (no NaN); learners and capacity as one
  // block, so that a NaN learner moves both to the Kahan rule, as it did in pandas.
  const auto population = sums_by_group_and_year(group_of_area, G, T, rows.population, false);
  const auto reach = sums_by_group_and_year(group_of_area, G, T, rows.reach, false);
  bool nan_in_sites = false;
  for (double x : rows.learners) nan_in_sites |= std::isnan(x);
  for (double x : rows.capacity) nan_in_sites |= std::isnan(x);
  const auto learners = sums_by_group_and_year(group_of_site, G, T, rows.learners, nan_in_sites);
  const auto capacity = sums_by_group_and_year(group_of_site, G, T, rows.capacity, nan_in_sites);
  NdArray<index_t, 2> with_school({G, T}), with_point({G, T});
  for (index_t t = 0; t < T; ++t) {
    for (index_t i = 0; i < n; ++i) {
      const index_t g = group_of_area[static_cast<std::size_t>(i)];
      const AreaKind kind = in.area_kind(i);
      s.townships(g, t) += kind == AreaKind::township;
      s.villages(g, t) += kind == AreaKind::village;
      with_school(g, t) += kind == AreaKind::township && areas.has_school(t, i);
      with_point(g, t) += kind == AreaKind::village && areas.has_point(t, i);
    }
  }
  const auto& tg = in.targets;
  for (index_t g = 0; g < G; ++g) {
    for (index_t t = 0; t < T; ++t) {
      const auto x = static_cast<std::size_t>(g * T + t);
      const double pop = population[x];
      s.population(g, t) = pop;
      s.capacity(g, t) = capacity[x];
      if (rows.learners_known) {
        s.learners(g, t) = learners[x];
        s.participation(g, t) = share(learners[x], pop);
        s.participation_gap(g, t) = gap(tg.participation, s.participation(g, t));
        s.learners_needed(g, t) = tg.participation ? max0(ceil_count(*tg.participation * pop) - learners[x]) : nan;
      } else {
        s.learners(g, t) = s.participation(g, t) = s.participation_gap(g, t) = s.learners_needed(g, t) = nan;
      }
      s.within_reach(g, t) = share(reach[x], pop);
      s.within_reach_gap(g, t) = gap(tg.within_reach, s.within_reach(g, t));
      s.township_school(g, t) =
          rows.tiers_known ? share(static_cast<double>(with_school(g, t)), static_cast<double>(s.townships(g, t))) : nan;
      s.township_school_gap(g, t) = rows.tiers_known ? gap(tg.township_school, s.township_school(g, t)) : nan;
      s.village_point(g, t) = share(static_cast<double>(with_point(g, t)), static_cast<double>(s.villages(g, t)));
      s.village_point_gap(g, t) = gap(tg.village_point, s.village_point(g, t));
    }
  }
  return s;
}

}  // namespace detail

/// Coverage by area, region and year with gaps to the targets (see the file comment).
/// @throws InputError listing every problem of the inputs: indices out of range, lengths
/// that disagree, negative or non-finite places, learners or populations, repeated years,
/// a cost matrix of the wrong shape or with invalid costs, a bad decay or max_cost.
inline CoverageResult coverage_metrics(const CoverageInputs& in, const CoverageOptions& opt = {}) {
  Problems problems;
  detail::validate_coverage(problems, in);
  problems.throw_if_any();
  const index_t R = in.regions;
  const index_t T = in.years.shape(0);
  const index_t n = in.area_region.shape(0);
  const index_t m = in.site_area.shape(0);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Site j in year t: open, and its places to spare.
  NdArray<std::uint8_t, 2> open({T, m});
  NdArray<double, 2> supply({T, m});
  std::vector<char> spare(static_cast<std::size_t>(m));
  for (index_t j = 0; j < m; ++j) {
    spare[static_cast<std::size_t>(j)] = in.learners ? in.capacity(j) > (*in.learners)(j) : in.capacity(j) > 0.0;
    for (index_t t = 0; t < T; ++t) {
      const double oy = in.open_year(j);
      open(t, j) = std::isnan(oy) || oy <= in.years(t);
      supply(t, j) = open(t, j) ? in.capacity(j) : 0.0;
    }
  }

  CoverageResult out;
  FcaOptions fopt;
  fopt.max_cost = in.max_cost;
  fopt.threads = opt.threads;
  fopt.dense_budget = opt.dense_budget;
  // Through the cost matrix, not a prebuilt catchment: for a closed-form decay the fused
  // two-step pass weighs links row by row, and its doubles are the reference ones.
  auto ppp = two_step_fca(in.population, View<const double, 2>(supply.view()), in.cost, {in.decay}, fopt);
  out.areas.places_per_person = NdArray<double, 2>({T, n});
  std::copy(ppp.data(), ppp.data() + T * n, out.areas.places_per_person.data());

  // Each area's links read from the cost matrix in place, row by row: no catchment is kept.
  out.areas.within_reach = NdArray<std::uint8_t, 2>({T, n});
  const index_t invalid = for_each_row_links(in.cost, in.max_cost, [&](index_t i, const std::int32_t* cols, const double*, index_t k) {
    for (index_t l = 0; l < k; ++l) {
      const index_t j = cols[l];
      if (!spare[static_cast<std::size_t>(j)]) continue;
      for (index_t t = 0; t < T; ++t) out.areas.within_reach(t, i) |= open(t, j);
    }
  });
  if (invalid > 0) throw_invalid_costs(in.cost, "cost");
  out.areas.has_school = NdArray<std::uint8_t, 2>({T, n});
  out.areas.has_point = NdArray<std::uint8_t, 2>({T, n});
  out.areas.has_university = NdArray<std::uint8_t, 2>({T, n});
  for (index_t t = 0; t < T; ++t) {
    for (index_t j = 0; j < m; ++j) {
      if (!open(t, j)) continue;
      const index_t a = in.site_area(j);
      const Tier tier = in.tier ? (*in.tier)(j) : Tier::point;
      out.areas.has_point(t, a) = 1;
      if (tier != Tier::point) out.areas.has_school(t, a) = 1;
      if (tier == Tier::university) out.areas.has_university(t, a) = 1;
    }
  }

  detail::CoverageRows rows;
  rows.learners_known = in.learners.has_value();
  rows.tiers_known = in.tier.has_value();
  rows.population.resize(static_cast<std::size_t>(T * n));
  rows.reach.resize(static_cast<std::size_t>(T * n));
  for (index_t t = 0; t < T; ++t) {
    for (index_t i = 0; i < n; ++i) {
      const double p = in.population(t, i);
      rows.population[static_cast<std::size_t>(t * n + i)] = p;
      rows.reach[static_cast<std::size_t>(t * n + i)] = p * static_cast<double>(out.areas.within_reach(t, i));
    }
  }
  rows.learners.resize(static_cast<std::size_t>(T * m));
  rows.capacity.resize(static_cast<std::size_t>(T * m));
  for (index_t t = 0; t < T; ++t) {
    for (index_t j = 0; j < m; ++j) {
      const auto x = static_cast<std::size_t>(t * m + j);
      rows.learners[x] = open(t, j) ? (in.learners ? (*in.learners)(j) : nan) : 0.0;
      rows.capacity[x] = supply(t, j);
    }
  }

  std::vector<index_t> region_of_area(static_cast<std::size_t>(n)), region_of_site(static_cast<std::size_t>(m));
  for (index_t i = 0; i < n; ++i) region_of_area[static_cast<std::size_t>(i)] = in.area_region(i);
  for (index_t j = 0; j < m; ++j) region_of_site[static_cast<std::size_t>(j)] = in.area_region(in.site_area(j));
  out.regions = detail::summarise(in, out.areas, rows, region_of_area, region_of_site, R);
  out.total = detail::summarise(in, out.areas, rows, std::vector<index_t>(static_cast<std::size_t>(n), 0),
                                std::vector<index_t>(static_cast<std::size_t>(m), 0), 1);

  std::vector<char> has_area(static_cast<std::size_t>(R), 0);
  for (auto r : region_of_area) has_area[static_cast<std::size_t>(r)] = 1;
  for (auto h : has_area) out.counties += h;
  NdArray<index_t, 2> university({R, T});
  for (index_t t = 0; t < T; ++t) {
    for (index_t i = 0; i < n; ++i) university(in.area_region(i), t) |= out.areas.has_university(t, i);
  }
  out.has_university = NdArray<double, 2>({R, T}, nan);
  out.county_university = NdArray<double, 1>({T}, nan);
  out.county_university_gap = NdArray<double, 1>({T}, nan);
  if (in.tier) {
    for (index_t t = 0; t < T; ++t) {
      index_t with = 0;
      for (index_t r = 0; r < R; ++r) {
        out.has_university(r, t) = static_cast<double>(university(r, t));
        with += university(r, t);
      }
      out.county_university(t) = detail::share(static_cast<double>(with), static_cast<double>(out.counties));
      out.county_university_gap(t) = detail::gap(in.targets.county_university, out.county_university(t));
    }
  }
  return out;
}

}  // namespace edplan::coverage
