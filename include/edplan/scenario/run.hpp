// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The whole chain of a scenario (DESIGN §3): population → enrolment (and its intervals) →
/// balance → expansion programme → kindergarten shares → elder-education coverage → targets
/// and the work plan. It is
/// what `edplan run` computes; the Python package reads the files into a `Scenario`, calls
/// this, and turns the arrays into tables.
///
/// The chain has two steps. `project_regions` depends on each region alone (population,
/// pupils, intervals), so it may run on a slice of the regions — one worker's chunk — and
/// gives exactly the whole run's rows for them; `finish` joins the regions (the programme's
/// budget is the city's) and computes the rest. `run` is both over all regions.

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/ledger.hpp"
#include "edplan/capacity/preschool.hpp"
#include "edplan/capacity/programme.hpp"
#include "edplan/capacity/scheduler.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/sum.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/metrics.hpp"
#include "edplan/coverage/older.hpp"
#include "edplan/coverage/recommend.hpp"
#include "edplan/enrolment/projection.hpp"
#include "edplan/enrolment/simulate.hpp"
#include "edplan/population/projection.hpp"
#include "edplan/scenario/results.hpp"
#include "edplan/scenario/scenario.hpp"
#include "edplan/targets/assess_many.hpp"
#include "edplan/targets/workplan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace edplan::scenario {

namespace detail {

/// The rows of regions `first .. first + count − 1` of an array over R regions; an axis of
/// length 1 (the same for every region) stays as it is.
/// @throws InputError when the first axis is neither 1 nor R.
template <class T, std::size_t N>
View<T, N> region_rows(const View<T, N>& v, const char* name, index_t R, index_t first, index_t count) {
  if (v.shape(0) == 1 && R != 1) return v;
  if (v.shape(0) != R) {
    throw InputError(name, "got " + std::to_string(v.shape(0)) + " regions; expected " + std::to_string(R) + " or 1");
  }
  return v.rows(first, count);
}

template <class T, std::size_t N>
std::optional<View<T, N>> region_rows(const std::optional<View<T, N>>& v, const char* name, index_t R, index_t first,
                                      index_t count) {
  if (!v) return std::nullopt;
  return region_rows(*v, name, R, first, count);
}

inline population::ProjectionOptions projection_options(const Scenario& s, int threads) {
  population::ProjectionOptions p;
  p.years = s.horizon - s.base_year;
  p.srb = s.birth.srb;
  p.birth_survival = s.birth.birth_survival;
  p.threads = threads;
  return p;
}

}  // namespace detail

/// Population, pupils and their intervals for regions `first .. first + count − 1` (all
/// regions with the defaults). Region r of the slice draws its Monte Carlo numbers from the
/// streams of region `first + r` of the whole run.
/// @throws InputError listing every problem of the population and enrolment inputs.
inline RegionResults project_regions(const Scenario& s, const RunOptions& o, index_t first = 0, index_t count = -1) {
  const index_t R = s.population.base.shape(0);
  if (count < 0) count = R - first;
  if (first < 0 || count < 0 || first + count > R) {
    throw InputError("regions", "got the slice " + std::to_string(first) + " + " + std::to_string(count) +
                                    "; expected regions within 0.." + std::to_string(R));
  }
  if (!s.regions.empty() && static_cast<index_t>(s.regions.size()) != R) {
    throw InputError("regions", "got " + std::to_string(s.regions.size()) + " names; expected one per region of the "
                                "base population (" + std::to_string(R) + ")");
  }
  population::ProjectionInputs pin = s.population;
  pin.base = s.population.base.rows(first, count);
  pin.survival = detail::region_rows(s.population.survival, "survival", R, first, count);
  pin.fertility = detail::region_rows(s.population.fertility, "fertility", R, first, count);
  pin.migration = detail::region_rows(s.population.migration, "migration", R, first, count);
  pin.births = detail::region_rows(s.population.births, "births", R, first, count);
  const auto popt = detail::projection_options(s, o.threads);

  RegionResults out;
  out.population = population::project(pin, popt);

  const enrolment::GradeAxis axis(s.levels);
  enrolment::EnrolmentInputs in;
  in.base_year = s.base_year;
  in.horizon = s.horizon;
  in.history = detail::region_rows(s.history, "history", R, first, count);
  in.births_first_year = s.births_first_year;
  in.births = detail::region_rows(s.births, "births", R, first, count);
  in.projected_births = View<const double, 2>(out.population.births.view());
  in.population = View<const double, 4>(out.population.population.view());
  in.dwellings_first_year = s.dwellings_first_year;
  in.dwellings = detail::region_rows(s.dwellings, "dwellings", R, first, count);
  if (!s.regions.empty()) {
    in.regions.assign(s.regions.begin() + first, s.regions.begin() + first + count);
  }
  enrolment::EnrolmentOptions eopt = s.enrolment;
  eopt.threads = o.threads;
  // "auto" lets a region short of history borrow the choice, and intervals the errors, of all
  // regions: both are taken over the whole run, so that a slice projects as the whole run does.
  enrolment::validate(axis, in, eopt);
  enrolment::EnrolmentInputs all;
  all.base_year = s.base_year;
  all.horizon = s.horizon;
  all.history = s.history;
  all.births_first_year = s.births_first_year;
  all.births = s.births;
  const auto observed = enrolment::observed_ratios(axis, all.history, all.history_first_year(),
                                                   all.births.broadcast_to({R, all.births.shape(1)}), all.births_first_year);
  const auto methods = enrolment::choose_methods(axis, observed.view(), eopt.method);
  const auto L = static_cast<index_t>(s.levels.size());
  eopt.methods.assign(methods.begin() + first * L, methods.begin() + (first + count) * L);
  out.enrolment = enrolment::project(axis, in, eopt);
  out.totals = enrolment::level_totals(axis, out.enrolment.pupils.view());
  if (o.draws > 0) {
    const enrolment::DrawOptions d{o.draws,  o.seed, o.quantiles, o.tfr_sd, o.migration_sd,
                                   static_cast<std::uint64_t>(first),
                                   enrolment::lead_errors(axis, all, observed.view(), methods, in.years()).pooled};
    out.intervals = enrolment::simulate(axis, in, eopt, d, enrolment::PopulationChain{pin, popt});
  }
  return out;
}

/// The results of consecutive slices of the regions, in order, as one (the rows of `*parts[0]`,
/// then of `*parts[1]`, ...): what the workers of a distributed run computed, joined before
/// `finish`. The parts are read where they are: each array is copied once, into the joined one.
/// @throws InputError when the parts disagree on years, grades, levels or intervals.
inline RegionResults join_regions(const std::vector<const RegionResults*>& parts) {
  if (parts.empty()) throw InputError("parts", "got none; expected the results of at least one slice of regions");
  const auto rows = [&](auto member) {
    using A = std::remove_cv_t<std::remove_reference_t<decltype(member(*parts[0]))>>;
    std::vector<const A*> arrays;
    for (const auto* p : parts) arrays.push_back(&member(*p));
    for (const auto* a : arrays) {
      for (std::size_t d = 1; d < a->shape().size(); ++d) {
        if (a->shape(d) != arrays[0]->shape(d)) {
          throw InputError("parts", "the slices differ in axis " + std::to_string(d) + "; expected slices of one run");
        }
      }
    }
    return concat_rows(arrays);
  };
  RegionResults out;
  out.population.population = rows([](const RegionResults& p) -> const auto& { return p.population.population; });
  out.population.births = rows([](const RegionResults& p) -> const auto& { return p.population.births; });
  out.population.clamped_cells = rows([](const RegionResults& p) -> const auto& { return p.population.clamped_cells; });
  out.population.clamped_people = rows([](const RegionResults& p) -> const auto& { return p.population.clamped_people; });
  out.enrolment.pupils = rows([](const RegionResults& p) -> const auto& { return p.enrolment.pupils; });
  out.enrolment.housing = rows([](const RegionResults& p) -> const auto& { return p.enrolment.housing; });
  out.enrolment.ratios = rows([](const RegionResults& p) -> const auto& { return p.enrolment.ratios; });
  out.enrolment.observed = rows([](const RegionResults& p) -> const auto& { return p.enrolment.observed; });
  out.enrolment.methods = rows([](const RegionResults& p) -> const auto& { return p.enrolment.methods; });
  out.totals = rows([](const RegionResults& p) -> const auto& { return p.totals; });
  const bool drawn = parts[0]->intervals.has_value();
  for (const auto* p : parts) {
    if (p->intervals.has_value() != drawn) throw InputError("parts", "some slices have intervals and some not");
  }
  if (drawn) {
    out.intervals = enrolment::EnrolmentIntervals{
        rows([](const RegionResults& p) -> const auto& { return p.intervals->grades; }),
        rows([](const RegionResults& p) -> const auto& { return p.intervals->levels; }),
        rows([](const RegionResults& p) -> const auto& { return p.intervals->errors; })};
  }
  return out;
}

/// The results of consecutive slices of the regions, in order, as one (see the overload above).
inline RegionResults join_regions(const std::vector<RegionResults>& parts) {
  std::vector<const RegionResults*> pointers;
  for (const auto& p : parts) pointers.push_back(&p);
  return join_regions(pointers);
}

/// Places against demand: the capacity ledger, classes and the balance (DESIGN §2.3).
/// @throws InputError for bad places, projects or class sizes.
inline PlacesResults balance_places(const Scenario& s, const Places& p, const View<const double, 3>& totals) {
  const index_t T = totals.shape(1);
  std::vector<double> sizes;
  for (const auto& level : s.levels) sizes.push_back(level.class_size);
  PlacesResults out{capacity::capacity_timeline(p.base, p.changes, s.base_year + 1, T), std::nullopt, {}, {}};
  std::optional<View<const double, 3>> classes;
  if (p.classes) {
    out.classes = capacity::class_timeline(*p.classes, p.changes, sizes, s.base_year + 1, T);
    classes = View<const double, 3>(out.classes->view());
  }
  out.balance = capacity::balance(totals, out.capacity.view(), sizes, classes);
  out.peaks = capacity::peak_year(totals);
  return out;
}

/// The programme scheduled on projected demand against existing places (DESIGN §2.4): the
/// heuristic, or the judgement of `land_years` and `levers` when a plan was chosen elsewhere.
/// @throws InputError for bad candidates or rules, or an infeasible given schedule.
inline ProgrammeResults schedule_programme(const Scenario& s, const Programme& p, const View<const double, 3>& totals,
                                           const View<const double, 3>& existing,
                                           const std::optional<std::vector<int>>& land_years,
                                           const std::optional<capacity::LeverPlan>& levers = std::nullopt) {
  capacity::ProgrammeInputs in;
  in.demand = totals;
  in.existing = existing;
  in.candidates = p.candidates;
  in.stages = p.stages;
  in.base_year = s.base_year;
  in.budget = p.budget;
  in.max_per_batch = p.max_per_batch;
  in.weights = p.weights;
  in.levers = p.levers;
  const auto v = capacity::validate(in);
  ProgrammeResults out;
  if (land_years) {
    out.land_years = *land_years;
    out.levers = levers ? *levers : capacity::no_levers(v);
  } else {
    auto chosen = capacity::schedule(v, p.heuristic);
    out.land_years = std::move(chosen.land_year);
    out.levers = std::move(chosen.levers);
  }
  out.outcome = capacity::evaluate(v, out.land_years, out.levers);
  out.need = v.need();
  out.floor = capacity::unmet_floor(v);
  const auto K = static_cast<index_t>(v.candidates().size());
  out.windows = NdArray<index_t, 2>({K, 2});
  for (std::size_t k = 0; k < v.candidates().size(); ++k) {
    out.windows(static_cast<index_t>(k), 0) = v.base_year() + 1 + v.first_land(k);
    out.windows(static_cast<index_t>(k), 1) = v.base_year() + 1 + v.last_land(k);
  }
  return out;
}

/// Kindergarten shares by region and year (DESIGN §2.5), with the public places of planned
/// projects and of the programme's chosen kindergartens. With observed pupils the base year
/// comes first, as observed rather than as filled.
/// @throws InputError for bad places, a closure leaving negative places, or bad settings.
inline PreschoolResults preschool_shares(const Scenario& s, const Preschool& k, const RegionResults& regions,
                                         const std::optional<ProgrammeResults>& programme) {
  const auto& pop = regions.population.population;
  const index_t R = regions.totals.shape(0), T = regions.totals.shape(1), L = regions.totals.shape(2);
  Problems problems;
  if (k.level < 0 || k.level >= L) problems.add("preschool.level", "got " + std::to_string(k.level) + "; expected a level index");
  const Field<2> pl{"kindergartens.places", {"region", "sector"}};
  check_extent(problems, pl, k.places, 0, R, false, "regions");
  check_extent(problems, pl, k.places, 1, 3, false, "public, inclusive, private");
  if (k.pupils) {
    const Field<2> pu{"kindergartens.pupils", {"region", "sector"}};
    check_extent(problems, pu, *k.pupils, 0, R, false, "regions");
    check_extent(problems, pu, *k.pupils, 1, 3, false, "public, inclusive, private");
    check_values(problems, pu, *k.pupils, is_count, "pupils >= 0");
  }
  for (const auto& c : k.changes) {
    if (c.region < 0 || c.region >= R) problems.add("preschool.changes", "unknown region index " + std::to_string(c.region));
    if (!std::isfinite(c.places)) problems.add("preschool.changes", "got " + format_number(c.places) + " places; expected a number");
  }
  problems.throw_if_any();
  const bool observed = k.pupils.has_value();
  const index_t shift = observed ? 1 : 0, Tk = T + shift;
  PreschoolResults out;
  out.first_year = s.base_year + 1 - static_cast<int>(shift);
  out.demand = NdArray<double, 2>({R, Tk});
  out.places = NdArray<double, 3>({R, Tk, 3});
  out.residents = NdArray<double, 2>({R, Tk});
  // Residents per region and year, summed over sex and age as pandas' groupby of the population
  // table by (region, year) did: by np.add.reduceat when the regions are in name order (each
  // group one run of rows, groups in key order), else by Kahan's loop.
  const GroupSum residents_sum = std::is_sorted(s.regions.begin(), s.regions.end()) ? GroupSum::reduceat : GroupSum::kahan;
  std::vector<double> cells;
  for (index_t r = 0; r < R; ++r) {
    for (index_t t = 0; t < Tk; ++t) {
      for (index_t q = 0; q < 3; ++q) out.places(r, t, q) = k.places(r, q);
      if (t >= shift) out.demand(r, t) = regions.totals(r, t - shift, k.level);
      // residents at the start of the year (population year index: base year = 0)
      const index_t y = t + 1 - shift;
      const index_t ages = pop.shape(3);
      cells.clear();
      for (index_t q = 0; q < 2; ++q)
        for (index_t a = 0; a < ages; ++a) cells.push_back(pop(r, y, q, a));
      out.residents(r, t) = residents_sum == GroupSum::kahan ? kahan_sum(cells.data(), 2 * ages)
                                                             : reduceat_sum(cells.data(), 2 * ages);
    }
    if (observed) out.demand(r, 0) = (*k.pupils)(r, 0) + (*k.pupils)(r, 1) + (*k.pupils)(r, 2);
  }
  const auto add_public = [&](index_t r, double places, int year) {
    for (index_t t = std::max<index_t>(0, year - out.first_year); t < Tk; ++t) out.places(r, t, 0) += places;
  };
  for (const auto& c : k.changes) add_public(c.region, c.places, c.year);
  if (programme && s.programme) {
    const auto& cs = s.programme->candidates;
    for (std::size_t i = 0; i < cs.size(); ++i) {
      if (programme->land_years[i] == capacity::not_chosen || cs[i].level != k.level) continue;
      const auto st = s.programme->stages[static_cast<std::size_t>(cs[i].level)];
      add_public(cs[i].region, cs[i].places, programme->land_years[i] + st.total());
    }
  }
  for (index_t r = 0; r < R; ++r) {
    for (index_t t = 0; t < Tk; ++t) {
      if (out.places(r, t, 0) < -1e-9) {
        const std::string name = r < static_cast<index_t>(s.regions.size()) ? s.regions[static_cast<std::size_t>(r)]
                                                                            : std::to_string(r);
        problems.add("projects", "region " + name + ": closures leave " + format_number(out.places(r, t, 0)) +
                                     " public places in " + std::to_string(out.first_year + t) + "; expected places >= 0");
        break;
      }
    }
  }
  problems.throw_if_any();
  out.shares = capacity::preschool_shares(out.demand.view(), out.places.view(), k.fill, k.targets, k.norm,
                                          View<const double, 2>(out.residents.view()), k.pupils);
  return out;
}

/// Elder-education coverage in every year from the base year (DESIGN §2.6): each area's
/// older population grows as its region's does in the projection; then, when asked for, the
/// recommended new sites for the year planned for, and the coverage metrics (the
/// recommendation first, so that its links by column and the metrics' results are never held
/// together).
/// @throws InputError for bad areas, sites, costs or settings.
inline CoverageResults measure_coverage(const Scenario& s, const Coverage& c, const population::Projection& projection) {
  CoverageResults out;
  const View<const double, 4> pop(projection.population.view());
  out.older = coverage::older_population(pop, c.area_home, c.area_population, c.older_age, c.older_sum);
  const index_t n = out.older.shape(0), Y = out.older.shape(1);
  if (c.recommend) {
    const auto& rc = *c.recommend;
    const int year = rc.year == 0 ? s.horizon : rc.year;
    if (year < s.base_year || year > s.horizon) {
      throw InputError("coverage.recommend_year", "got " + std::to_string(year) + "; expected a year " +
                                                      std::to_string(s.base_year) + ".." + std::to_string(s.horizon));
    }
    NdArray<double, 1> demand({n});
    for (index_t i = 0; i < n; ++i) demand(i) = out.older(i, year - s.base_year);
    coverage::RecommendInputs r;
    r.demand = View<const double, 1>(demand.view());
    r.cost = rc.cost;
    r.candidate = rc.candidate;
    r.capacity = rc.capacity;
    r.learners = rc.learners;
    r.new_sites = rc.new_sites;
    r.max_cost = c.metrics.max_cost;
    out.recommended = coverage::recommend_sites(r, rc.siting);
  }
  NdArray<double, 2> by_year({Y, n});
  NdArray<double, 1> years({Y});
  for (index_t t = 0; t < Y; ++t) {
    years(t) = s.base_year + static_cast<double>(t);
    for (index_t i = 0; i < n; ++i) by_year(t, i) = out.older(i, t);
  }
  auto in = c.metrics;
  in.years = View<const double, 1>(years.view());
  in.population = View<const double, 2>(by_year.view());
  out.metrics = coverage::coverage_metrics(in);
  return out;
}

/// The steps that join the regions: balance, programme, kindergarten shares, coverage,
/// targets and the work plan, each when the scenario has it.
/// @throws InputError listing the problems of the first step whose inputs are bad.
inline Results finish(const Scenario& s, const RunOptions& o, RegionResults regions) {
  Results out;
  out.regions = std::move(regions);
  const View<const double, 3> totals(out.regions.totals.view());
  if (s.places) {
    out.places = balance_places(s, *s.places, totals);
    if (s.programme) {
      out.programme = schedule_programme(s, *s.programme, totals, out.places->capacity.view(), o.land_years, o.levers);
    }
  }
  if (s.preschool) out.preschool = preschool_shares(s, *s.preschool, out.regions, out.programme);
  if (s.coverage) out.coverage = measure_coverage(s, *s.coverage, out.regions.population);
  if (s.targets) {
    auto options = s.targets->options;
    options.threads = o.threads;
    out.targets = targets::assess_many(s.targets->series, options);
  }
  if (s.workplan) out.workplan = targets::track(s.workplan->items, s.workplan->progress, s.workplan->options);
  return out;
}

/// The whole chain over all regions.
/// @throws InputError listing every problem of the inputs of the first step that fails.
inline Results run(const Scenario& s, const RunOptions& o = {}) { return finish(s, o, project_regions(s, o)); }

}  // namespace edplan::scenario
