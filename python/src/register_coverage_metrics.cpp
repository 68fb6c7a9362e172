// SPDX-License-Identifier: MIT
// Bindings of edplan::coverage's tables: the coverage metrics by area, region and year, the
// older population and the ranked recommendation of new sites; arrays are checked together so
// that every bad argument is named at once.
#include "bindings.hpp"
#include "cost_arg.hpp"

#include <edplan/coverage.hpp>

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edplan::python {
namespace {

using namespace edplan::coverage;

/// A 1-D array argument of `T` and its view (the array keeps the buffer alive).
template <class T>
struct Arg1 {
  CArray<T> array;
  View<const T, 1> view;
};

template <class T>
Arg1<T> arg1(const py::object& obj, const std::string& name, const std::string& axis, Problems& problems) {
  Arg1<T> a;
  a.array = as_array<T>(obj, name, problems);
  if (a.array) a.view = view_of<1>(a.array, Field<1>{name, {axis}}, problems);
  return a;
}

/// Codes 0..limit of an enum class with underlying std::uint8_t, copied out of `codes`.
template <class E>
std::vector<E> enum_codes(const Arg1<std::uint8_t>& codes, std::uint8_t limit, const std::string& name,
                          const std::string& expected, Problems& problems) {
  std::vector<E> out(static_cast<std::size_t>(codes.view.shape(0)));
  for (index_t i = 0; i < codes.view.shape(0); ++i) {
    const auto c = codes.view(i);
    if (c > limit) {
      problems.add(name + "[" + std::to_string(i) + "]", "got " + std::to_string(c) + "; expected " + expected);
    }
    out[static_cast<std::size_t>(i)] = static_cast<E>(c);
  }
  return out;
}

CoverageResult coverage_metrics_arrays(index_t regions, const py::object& area_region_obj,
                                       const py::object& area_kind_obj, const py::object& site_area_obj,
                                       const py::object& capacity_obj, const py::object& learners_obj,
                                       const py::object& tier_obj,
                                       const py::object& open_year_obj, const py::object& years_obj,
                                       const py::object& population_obj, const py::object& cost_obj, double max_cost,
                                       const Decay& decay, const CoverageTargets& targets, int threads,
                                       std::int64_t dense_budget) {
  Problems problems;
  const auto area_region = arg1<index_t>(area_region_obj, "area_region", "area", problems);
  const auto area_kind = arg1<std::uint8_t>(area_kind_obj, "area_kind", "area", problems);
  const auto site_area = arg1<index_t>(site_area_obj, "site_area", "site", problems);
  const auto capacity = arg1<double>(capacity_obj, "capacity", "site", problems);
  const auto open_year = arg1<double>(open_year_obj, "open_year", "site", problems);
  const auto years = arg1<double>(years_obj, "years", "year", problems);
  std::optional<Arg1<double>> learners;
  std::optional<Arg1<std::uint8_t>> tier;
  if (!learners_obj.is_none()) learners = arg1<double>(learners_obj, "learners", "site", problems);
  if (!tier_obj.is_none()) tier = arg1<std::uint8_t>(tier_obj, "tier", "site", problems);
  const auto population_a = as_double_array(population_obj, "population", problems);
  problems.throw_if_any();
  const auto kinds = enum_codes<AreaKind>(area_kind, 2, "area_kind", "0 (other), 1 (township) or 2 (village)", problems);
  std::vector<Tier> tiers;
  if (tier) tiers = enum_codes<Tier>(*tier, 2, "tier", "0 (point), 1 (school) or 2 (university)", problems);
  CoverageInputs in;
  in.regions = regions;
  in.area_region = area_region.view;
  in.area_kind = View<const AreaKind, 1>(kinds.data(), {static_cast<index_t>(kinds.size())});
  in.site_area = site_area.view;
  in.capacity = capacity.view;
  if (learners) in.learners = learners->view;
  if (tier) in.tier = View<const Tier, 1>(tiers.data(), {static_cast<index_t>(tiers.size())});
  in.open_year = open_year.view;
  in.years = years.view;
  in.population = view_of<2>(population_a, {"population", {"year", "area"}}, problems);
  problems.throw_if_any();
  const auto cost = cost_arg(cost_obj);
  in.cost = cost.matrix;
  in.max_cost = max_cost;
  in.decay = decay;
  in.targets = targets;
  CoverageOptions opt;
  opt.threads = threads;
  opt.dense_budget = dense_budget;
  const py::gil_scoped_release release;
  return coverage_metrics(in, opt);
}

py::array_t<double> older_population_rows(const py::object& region_obj, const py::object& year_obj,
                                          const py::object& age_obj, const py::object& count_obj, index_t regions,
                                          index_t years, const py::object& area_region_obj, const py::object& base_obj,
                                          double min_age) {
  Problems problems;
  const auto region = arg1<index_t>(region_obj, "region", "row", problems);
  const auto year = arg1<index_t>(year_obj, "year", "row", problems);
  const auto age = arg1<double>(age_obj, "age", "row", problems);
  const auto count = arg1<double>(count_obj, "count", "row", problems);
  const auto area_region = arg1<index_t>(area_region_obj, "area_region", "area", problems);
  const auto base = arg1<double>(base_obj, "base", "area", problems);
  problems.throw_if_any();
  const PopulationRows rows{region.view, year.view, age.view, count.view, regions, years};
  NdArray<double, 2> out;
  {
    const py::gil_scoped_release release;
    out = older_population(rows, area_region.view, base.view, min_age);
  }
  return to_numpy(std::move(out));
}

std::vector<RankedSite> recommend(const py::object& demand_obj, const py::object& cost_obj,
                                  const py::object& candidate_obj, const py::object& capacity_obj,
                                  const py::object& learners_obj, index_t new_sites, double max_cost,
                                  const std::optional<std::vector<index_t>>& chosen, int threads,
                                  std::int64_t dense_budget) {
  Problems problems;
  const auto demand = arg1<double>(demand_obj, "demand", "area", problems);
  const auto candidate = arg1<std::uint8_t>(candidate_obj, "candidate", "site", problems);
  const auto capacity = arg1<double>(capacity_obj, "capacity", "site", problems);
  const auto learners = arg1<double>(learners_obj, "learners", "site", problems);
  problems.throw_if_any();
  const auto cost = cost_arg(cost_obj);
  RecommendInputs in;
  in.demand = demand.view;
  in.cost = cost.matrix;
  in.candidate = candidate.view;
  in.capacity = capacity.view;
  in.learners = learners.view;
  in.new_sites = new_sites;
  in.max_cost = max_cost;
  in.chosen = chosen;
  SitingOptions opt;
  opt.threads = threads;
  opt.dense_budget = dense_budget;
  const py::gil_scoped_release release;
  return recommend_sites(in, opt);
}

/// Binds a 0/1 byte array as a read-only bool property.
template <class C, std::size_t N>
void flag_property(py::class_<C>& cls, const char* name, NdArray<std::uint8_t, N> C::*member, const char* doc) {
  cls.def_property_readonly(
      name,
      [member](const py::object& self) {
        return readonly_array<bool>(self.cast<const C&>().*member, self);
      },
      doc);
}

}  // namespace

void register_coverage_metrics(py::module_& m) {
  py::class_<CoverageTargets>(m, "CoverageTargets",
                              "Coverage targets as shares in [0, 1]; None sets no target (its gap is NaN).")
      .def(py::init([](std::optional<double> participation, std::optional<double> township_school,
                       std::optional<double> village_point, std::optional<double> county_university,
                       std::optional<double> within_reach) {
             return CoverageTargets{participation, township_school, village_point, county_university, within_reach};
           }),
           py::kw_only(), py::arg("participation") = CoverageTargets{}.participation,
           py::arg("township_school") = CoverageTargets{}.township_school,
           py::arg("village_point") = CoverageTargets{}.village_point,
           py::arg("county_university") = CoverageTargets{}.county_university,
           py::arg("within_reach") = CoverageTargets{}.within_reach)
      .def_readonly("participation", &CoverageTargets::participation, "Learners per person aged 60+.")
      .def_readonly("township_school", &CoverageTargets::township_school, "Share of townships with an elder school.")
      .def_readonly("village_point", &CoverageTargets::village_point, "Share of villages with a learning point.")
      .def_readonly("county_university", &CoverageTargets::county_university,
                    "Share of counties with an elder university.")
      .def_readonly("within_reach", &CoverageTargets::within_reach,
                    "Population-weighted share within reach of a site with spare places.");

  py::class_<AreaCoverage> areas(m, "AreaCoverage", "Coverage per area and year; every array is (T, n).");
  array_property(areas, "places_per_person", &AreaCoverage::places_per_person,
                 "2SFCA places within reach per person aged 60+.");
  flag_property(areas, "within_reach", &AreaCoverage::within_reach, "An open site with spare places within max_cost.");
  flag_property(areas, "has_school", &AreaCoverage::has_school, "An open elder school or university in the area.");
  flag_property(areas, "has_point", &AreaCoverage::has_point, "Any open site in the area.");
  flag_property(areas, "has_university", &AreaCoverage::has_university, "An open elder university in the area.");

  py::class_<CoverageSummary> summary(m, "CoverageSummary",
                                      "Coverage of groups of areas by year; every array is (G, T).");
  array_property(summary, "population", &CoverageSummary::population, "People aged 60+.");
  array_property(summary, "learners", &CoverageSummary::learners, "Learners at open sites (NaN: not known).");
  array_property(summary, "capacity", &CoverageSummary::capacity, "Places at open sites.");
  array_property(summary, "participation", &CoverageSummary::participation, "learners / population.");
  array_property(summary, "participation_gap", &CoverageSummary::participation_gap, "max(0, target - participation).");
  array_property(summary, "learners_needed", &CoverageSummary::learners_needed,
                 "max(0, ceil_count(target * population) - learners).");
  array_property(summary, "within_reach", &CoverageSummary::within_reach, "Population share within reach.");
  array_property(summary, "within_reach_gap", &CoverageSummary::within_reach_gap, "max(0, target - within_reach).");
  array_property(summary, "townships", &CoverageSummary::townships, "The number of townships.");
  array_property(summary, "township_school", &CoverageSummary::township_school, "Share of townships with a school.");
  array_property(summary, "township_school_gap", &CoverageSummary::township_school_gap,
                 "max(0, target - township_school).");
  array_property(summary, "villages", &CoverageSummary::villages, "The number of villages.");
  array_property(summary, "village_point", &CoverageSummary::village_point, "Share of villages with a site.");
  array_property(summary, "village_point_gap", &CoverageSummary::village_point_gap, "max(0, target - village_point).");

  py::class_<CoverageResult> result(m, "CoverageResult", "Everything coverage_metrics computes.");
  result
      .def_property_readonly("areas", [](const CoverageResult& r) -> const AreaCoverage& { return r.areas; },
                             py::return_value_policy::reference_internal, "Per area and year, (T, n).")
      .def_property_readonly("regions", [](const CoverageResult& r) -> const CoverageSummary& { return r.regions; },
                             py::return_value_policy::reference_internal, "Per region and year, (R, T).")
      .def_property_readonly("total", [](const CoverageResult& r) -> const CoverageSummary& { return r.total; },
                             py::return_value_policy::reference_internal, "Over all areas, (1, T).")
      .def_readonly("counties", &CoverageResult::counties, "Regions with at least one area.");
  array_property(result, "has_university", &CoverageResult::has_university,
                 "(R, T) 1 with an open elder university, 0 without, NaN when tiers are not known.");
  array_property(result, "county_university", &CoverageResult::county_university,
                 "(T) counties with an elder university / counties.");
  array_property(result, "county_university_gap", &CoverageResult::county_university_gap,
                 "(T) max(0, target - county_university).");

  py::class_<RankedSite>(m, "RankedSite", "One recommended site, in rank order.")
      .def_readonly("site", &RankedSite::site, "The site's column in the cost matrix.")
      .def_readonly("added", &RankedSite::added, "People newly within reach.")
      .def_readonly("reached", &RankedSite::reached, "People within reach so far, existing sites included.")
      .def_readonly("reached_share", &RankedSite::reached_share, "reached / all people (NaN when none).");

  m.def("coverage_metrics", &coverage_metrics_arrays, py::kw_only(), py::arg("regions"), py::arg("area_region"),
        py::arg("area_kind"), py::arg("site_area"), py::arg("capacity"), py::arg("learners"), py::arg("tier"),
        py::arg("open_year"), py::arg("years"), py::arg("population"), py::arg("cost"), py::arg("max_cost"),
        py::arg("decay"), py::arg("targets"), py::arg("threads") = 0, py::arg("dense_budget"),
        "Coverage by area, region and year with gaps to targets (edplan::coverage::coverage_metrics).\n"
        "area_kind: 0 other, 1 township, 2 village; tier: 0 point, 1 school, 2 university, or None (unknown);\n"
        "learners None: unknown; open_year NaN: open now; population (T, n); cost (n, m).");
  m.def("older_population", &older_population_rows, py::kw_only(), py::arg("region"), py::arg("year"), py::arg("age"),
        py::arg("count"), py::arg("regions"), py::arg("years"), py::arg("area_region"), py::arg("base"),
        py::arg("min_age"),
        "People aged min_age+ by area and year (n, Y) from the rows of a long population table (region and year\n"
        "indices numbered in sorted label order): base * O[r, t] / O[r, 0].");
  m.def("recommend_sites", &recommend, py::kw_only(), py::arg("demand"), py::arg("cost"), py::arg("candidate"),
        py::arg("capacity"), py::arg("learners"), py::arg("new_sites"), py::arg("max_cost"),
        py::arg("chosen") = py::none(), py::arg("threads") = 0, py::arg("dense_budget"),
        "New sites ranked by the people each brings within reach (edplan::coverage::recommend_sites);\n"
        "chosen: candidate columns already chosen (skips the MCLP heuristic).");
}

}  // namespace edplan::python
