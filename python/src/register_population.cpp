// SPDX-License-Identifier: MIT
// Bindings of edplan::population: numpy in, numpy out, the GIL released while projecting.
#include "bindings.hpp"

#include <edplan/population.hpp>

#include <pybind11/stl.h>

#include <map>
#include <optional>

namespace edplan::python {
namespace {

using population::fertile_ages;

py::tuple project(const py::object& base_obj, const py::object& survival_obj, const py::object& fertility_obj,
                  const py::object& migration_obj, index_t years, double srb, std::array<double, 2> birth_survival,
                  const py::object& births_obj, int threads, const py::object& out_obj) {
  Problems problems;
  const auto base_a = as_double_array(base_obj, "base", problems);
  const auto survival_a = as_double_array(survival_obj, "survival", problems);
  const auto fertility_a = as_double_array(fertility_obj, "fertility", problems);
  std::optional<DoubleArray> migration_a, births_a;
  if (!migration_obj.is_none()) migration_a = as_double_array(migration_obj, "migration", problems);
  if (!births_obj.is_none()) births_a = as_double_array(births_obj, "births", problems);
  problems.throw_if_any();

  population::ProjectionInputs in;
  in.base = view_of<3>(base_a, {"base", {"region", "sex", "age"}}, problems);
  in.survival = view_of<4>(survival_a, {"survival", {"region", "year", "sex", "age"}}, problems);
  in.fertility = view_of<3>(fertility_a, {"fertility", {"region", "year", "age"}}, problems);
  if (migration_a) in.migration = view_of<4>(*migration_a, {"migration", {"region", "year", "sex", "age"}}, problems);
  if (births_a) in.births = view_of<2>(*births_a, {"births", {"region", "year"}}, problems);
  problems.throw_if_any();

  population::ProjectionOptions opt;
  opt.years = years;
  opt.srb = srb;
  opt.birth_survival = birth_survival;
  opt.threads = threads;
  const auto valid = population::validate(in, opt);
  const index_t R = valid.regions();
  const index_t ages = valid.ages();
  const std::array<index_t, 4> shape{R, years + 1, 2, ages};
  auto [population, population_v] = out_obj.is_none() ? new_array<double, 4>(shape) : output_array<4>(out_obj, shape);
  auto [births, births_v] = new_array<double, 2>({R, years});
  auto [cells, cells_v] = new_array<std::int64_t, 2>({R, years});
  auto [people, people_v] = new_array<double, 2>({R, years});
  {
    const py::gil_scoped_release release;
    population::project_into(valid, {population_v, births_v, cells_v, people_v});
  }
  return py::make_tuple(population, births, cells, people);
}

py::array_t<double> fertility_from_tfr(const py::object& shape_obj, const py::object& tfr, int first_year,
                                       index_t years) {
  Problems problems;
  const auto shape_a = as_double_array(shape_obj, "shape", problems);
  problems.throw_if_any();
  View<const double, 2> shape;
  if (shape_a.ndim() == 1) {
    shape = View<const double, 2>(shape_a.data(), {1, static_cast<index_t>(shape_a.shape(0))});
  } else {
    shape = view_of<2>(shape_a, {"shape", {"region", "age"}}, problems);
  }
  problems.throw_if_any();
  std::vector<YearPath::Point> points;
  try {
    if (py::isinstance<py::dict>(tfr)) {
      for (const auto& [year, value] : tfr.cast<py::dict>()) points.emplace_back(year.cast<int>(), value.cast<double>());
    } else {
      points.emplace_back(first_year, tfr.cast<double>());
    }
  } catch (const py::cast_error&) {
    throw InputError("tfr", "got " + std::string(py::str(tfr)) + "; expected a TFR or a path {year: TFR}");
  }
  const YearPath path(std::move(points), "tfr");
  return to_numpy(population::fertility_from_tfr(shape, path, first_year, years));
}

}  // namespace

void register_population(py::module_& m) {
  m.attr("FIRST_FERTILE_AGE") = population::first_fertile_age;
  m.attr("LAST_FERTILE_AGE") = population::last_fertile_age;
  m.attr("MIN_OPEN_AGE") = population::min_open_age;
  m.def("project", &project, py::arg("base"), py::arg("survival"), py::arg("fertility"),
        py::arg("migration") = py::none(), py::kw_only(), py::arg("years"), py::arg("srb") = 1.06,
        py::arg("birth_survival") = std::array<double, 2>{1.0, 1.0}, py::arg("births") = py::none(),
        py::arg("threads") = 0, py::arg("out") = py::none(),
        "Cohort-component projection; returns (population, births, clamped_cells, clamped_people).\n"
        "See edplan.population.project for the meaning of each argument.");
  m.def("fertility_from_tfr", &fertility_from_tfr, py::arg("shape"), py::arg("tfr"), py::kw_only(),
        py::arg("first_year"), py::arg("years"),
        "Age schedules scaled to a TFR path: (R|1, years, 35) from a (35,) or (R, 35) age pattern.");
}

}  // namespace edplan::python
