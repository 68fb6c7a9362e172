// SPDX-License-Identifier: MIT
// Bindings of edplan::scenario's results: read-only array properties that their object keeps
// alive, and RegionResults as a tuple of arrays and back (what a worker returns to the client).
#include "bindings.hpp"
#include "target_columns.hpp"

#include <edplan/scenario.hpp>

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

using namespace edplan::scenario;

/// An NdArray from a numpy array of its type (a copy: the array owns its elements).
template <class T, std::size_t N>
NdArray<T, N> from_numpy(const py::handle& obj, const char* name) {
  const auto a = CArray<T>::ensure(obj);
  if (!a || a.ndim() != static_cast<py::ssize_t>(N)) {
    throw InputError(name, "expected an array of " + std::to_string(N) + " dimensions");
  }
  typename NdArray<T, N>::shape_type shape{};
  for (std::size_t d = 0; d < N; ++d) shape[d] = static_cast<index_t>(a.shape(static_cast<py::ssize_t>(d)));
  NdArray<T, N> out(shape);
  std::copy(a.data(), a.data() + out.size(), out.data());
  return out;
}

/// RegionResults as a tuple of arrays and back: what a worker returns to the client.
py::tuple region_state(const py::object& self) {
  const auto& r = self.cast<const RegionResults&>();
  py::object intervals = py::none();
  if (r.intervals) {
    intervals = py::make_tuple(view_numpy(r.intervals->grades, self), view_numpy(r.intervals->levels, self),
                               view_numpy(r.intervals->errors, self));
  }
  return py::make_tuple(view_numpy(r.population.population, self), view_numpy(r.population.births, self),
                        view_numpy(r.population.clamped_cells, self), view_numpy(r.population.clamped_people, self),
                        view_numpy(r.enrolment.pupils, self), view_numpy(r.enrolment.housing, self),
                        view_numpy(r.enrolment.ratios, self), view_numpy(r.enrolment.observed, self),
                        view_numpy(r.enrolment.methods, self), view_numpy(r.totals, self), intervals);
}

RegionResults region_from_state(const py::tuple& t) {
  if (t.size() != 11) throw InputError("state", "expected the 11 parts of a RegionResults");
  RegionResults r;
  r.population.population = from_numpy<double, 4>(t[0], "population");
  r.population.births = from_numpy<double, 2>(t[1], "births");
  r.population.clamped_cells = from_numpy<std::int64_t, 2>(t[2], "clamped_cells");
  r.population.clamped_people = from_numpy<double, 2>(t[3], "clamped_people");
  r.enrolment.pupils = from_numpy<double, 3>(t[4], "pupils");
  r.enrolment.housing = from_numpy<double, 3>(t[5], "housing");
  r.enrolment.ratios = from_numpy<double, 2>(t[6], "ratios");
  r.enrolment.observed = from_numpy<double, 3>(t[7], "observed");
  r.enrolment.methods = from_numpy<double, 3>(t[8], "methods");
  r.totals = from_numpy<double, 3>(t[9], "totals");
  if (!t[10].is_none()) {
    const auto q = t[10].cast<py::tuple>();
    r.intervals = enrolment::EnrolmentIntervals{from_numpy<double, 4>(q[0], "grades"), from_numpy<double, 4>(q[1], "levels"),
                                                from_numpy<double, 3>(q[2], "errors")};
  }
  return r;
}

/// A read-only property giving an optional member, or None.
template <class C, class M>
void optional_property(py::class_<C>& c, const char* name, std::optional<M> C::*member, const char* doc) {
  c.def_property_readonly(
      name,
      [member](const py::object& self) -> py::object {
        const auto& value = self.cast<const C&>().*member;
        if (!value) return py::none();
        return py::cast(&*value, py::return_value_policy::reference_internal, self);
      },
      doc);
}

/// A read-only property giving a member object that the result keeps alive.
template <class C, class M>
void member_property(py::class_<C>& c, const char* name, M C::*member, const char* doc) {
  c.def_property_readonly(
      name, [member](const py::object& self) { return py::cast(&(self.cast<const C&>().*member), py::return_value_policy::reference_internal, self); },
      doc);
}

}  // namespace

void register_scenario_results(py::module_& m) {
  py::class_<RegionResults> r(m, "RegionResults", "Population, pupils and intervals, region by region.");
  array_property(r, "totals", &RegionResults::totals, "(R, T, L) level totals.");
  r.def_property_readonly("population", [](const py::object& self) { return view_numpy(self.cast<const RegionResults&>().population.population, self); },
                          "(R, T+1, 2, A+1) population at the start of each year from the base year.")
      .def_property_readonly("births", [](const py::object& self) { return view_numpy(self.cast<const RegionResults&>().population.births, self); },
                             "(R, T) births during each projected year.")
      .def_property_readonly("clamped_cells", [](const py::object& self) { return view_numpy(self.cast<const RegionResults&>().population.clamped_cells, self); },
                             "(R, T) cells set to 0 because out-migration exceeded the population.")
      .def_property_readonly("clamped_people", [](const py::object& self) { return view_numpy(self.cast<const RegionResults&>().population.clamped_people, self); },
                             "(R, T) the people those cells were short.")
      .def_property_readonly("warnings", [](const RegionResults& self) { return self.population.warnings(); },
                             "One line per region and step with clamped cells (regions by index).");
  member_property(r, "enrolment", &RegionResults::enrolment, "Pupils, housing additions, ratios and observations.");
  optional_property(r, "intervals", &RegionResults::intervals, "Quantiles of grades and level totals, or None.");
  r.def(py::pickle([](const py::object& self) { return region_state(self); }, &region_from_state));

  py::class_<PlacesResults> p(m, "PlacesResults", "Places against demand (DESIGN §2.3).");
  array_property(p, "capacity", &PlacesResults::capacity, "(R, T, L) places by year.");
  p.def_property_readonly("classes", [](const py::object& self) -> py::object {
    const auto& classes = self.cast<const PlacesResults&>().classes;
    if (!classes) return py::none();
    return view_numpy(*classes, self);
  }, "(R, T, L) classes by year, or None when the base classes are not known.");
  member_property(p, "balance", &PlacesResults::balance, "Surplus, deficit, utilisation, classes needed, large classes.");
  array_property(p, "peaks", &PlacesResults::peaks, "(R, L) year index of the first year of peak demand.");

  py::class_<ProgrammeResults> g(m, "ProgrammeResults", "The programme's schedule and how it is judged (DESIGN §2.4).");
  array_property(g, "land_years", &ProgrammeResults::land_years, "Candidate k's land year, or -1.");
  member_property(g, "outcome", &ProgrammeResults::outcome, "The objective and its terms by region, year and level.");
  member_property(g, "levers", &ProgrammeResults::levers, "The conversions and temporary places (a LeverPlan).");
  array_property(g, "need", &ProgrammeResults::need, "(R, T, L) max(0, demand - existing).");
  array_property(g, "floor", &ProgrammeResults::floor, "(R, L) unmet place-years no schedule can avoid.");
  array_property(g, "windows", &ProgrammeResults::windows, "(K, 2) first and last land year of each candidate.");

  py::class_<PreschoolResults> k(m, "PreschoolResults", "Kindergarten places, pupils and shares (DESIGN §2.5).");
  k.def_readonly("first_year", &PreschoolResults::first_year, "The calendar year of column 0.");
  array_property(k, "demand", &PreschoolResults::demand, "(R, T') kindergarten demand.");
  array_property(k, "places", &PreschoolResults::places, "(R, T', 3) places by sector.");
  array_property(k, "residents", &PreschoolResults::residents, "(R, T') residents.");
  member_property(k, "shares", &PreschoolResults::shares, "Pupils by sector, shares, places needed, nursery places.");

  py::class_<CoverageResults> c(m, "CoverageResults", "Elder-education coverage and the sites to add (DESIGN §2.6).");
  array_property(c, "older", &CoverageResults::older, "(n, T+1) people aged 60+ by area from the base year.");
  member_property(c, "metrics", &CoverageResults::metrics, "The coverage metrics of every year.");
  c.def_property_readonly("recommended", [](const CoverageResults& self) -> py::object {
    if (!self.recommended) return py::none();
    return py::cast(*self.recommended);
  }, "The recommended new sites, best first, or None.");

  py::class_<Results> res(m, "Results", "Everything the chain computes.");
  member_property(res, "regions", &Results::regions, "Population, pupils and intervals, region by region.");
  optional_property(res, "places", &Results::places, "The balance, or None.");
  optional_property(res, "programme", &Results::programme, "The schedule, or None.");
  optional_property(res, "preschool", &Results::preschool, "Kindergarten shares, or None.");
  optional_property(res, "coverage", &Results::coverage, "Coverage, or None.");
  res.def_property_readonly("targets", [](const Results& self) -> py::object {
    if (!self.targets) return py::none();
    return assessment_columns(*self.targets);
  }, "The assessments as columns (as assess_many), or None.")
      .def_property_readonly("workplan", [](const Results& self) -> py::object {
        if (!self.workplan) return py::none();
        return progress_columns(*self.workplan);
      }, "The plan items' states as columns (as track), or None.");
}

}  // namespace edplan::python
