// SPDX-License-Identifier: MIT
// Bindings of edplan::population: the inputs, options and result of a projection as bound
// classes with named fields; numpy in, numpy out, the GIL released while projecting.
#include "bindings.hpp"

#include <edplan/population.hpp>

#include <pybind11/stl.h>

#include <array>
#include <map>
#include <optional>
#include <vector>

namespace edplan::python {
namespace {

/// population::Projection, with its population in the numpy array `out` (the caller's `out=`
/// array, or a fresh one); the population member stays empty.
struct ProjectionResult : population::Projection {
  py::object out;
};

PopulationInputs make_inputs(const py::object& base, const py::object& survival, const py::object& fertility,
                             const py::object& migration, const py::object& births) {
  Problems problems;
  PopulationInputs in;
  in.base = as_double_array(base, "base", problems);
  in.survival = as_double_array(survival, "survival", problems);
  in.fertility = as_double_array(fertility, "fertility", problems);
  if (!migration.is_none()) in.migration = as_double_array(migration, "migration", problems);
  if (!births.is_none()) in.births = as_double_array(births, "births", problems);
  problems.throw_if_any();
  auto& v = in.views;
  v.base = view_of<3>(in.base, {"base", {"region", "sex", "age"}}, problems);
  v.survival = view_of<4>(in.survival, {"survival", {"region", "year", "sex", "age"}}, problems);
  v.fertility = view_of<3>(in.fertility, {"fertility", {"region", "year", "age"}}, problems);
  if (in.migration) v.migration = view_of<4>(*in.migration, {"migration", {"region", "year", "sex", "age"}}, problems);
  if (in.births) v.births = view_of<2>(*in.births, {"births", {"region", "year"}}, problems);
  problems.throw_if_any();
  return in;
}

ProjectionResult project(const PopulationInputs& in, const population::ProjectionOptions& opt, const py::object& out) {
  // Inputs of valid shapes have their values tested by the kernel as it reads them (one pass
  // over them, see population::project_into); others are validated first, which reports the
  // shapes' problems with the values'. The inputs' problems come before the outputs', either way.
  const bool checkable = population::detail::checkable(in.views, opt);
  const std::optional<population::ValidatedProjection> valid =
      checkable ? std::nullopt : std::optional(population::validate(in.views, opt));
  const auto inputs_first = [&] {
    if (checkable) population::validate(in.views, opt);
  };
  const index_t R = in.views.base.shape(0), T = opt.years, ages = in.views.base.shape(2);
  ProjectionResult p;
  // Without out=, a fresh numpy array: uninitialised (the kernel writes every cell once, so a
  // zero fill would be a second pass over it) and allocated by numpy, which asks Linux for huge
  // pages above 4 MB, so that first touching the result costs 1/512 of the page faults. Its
  // pages are zeroed by Linux as the kernel first writes them and so are in the cache then: the
  // kernel writes a fresh array with ordinary stores, not streaming ones (`fresh`).
  const std::array<index_t, 4> shape{R, T + 1, 2, ages};
  const py::object target = out.is_none() ? py::array_t<double>(std::vector<py::ssize_t>(shape.begin(), shape.end())) : out;
  const auto [array, population] = [&] {
    try {
      return output_array<4>(target, shape);
    } catch (const InputError&) {
      inputs_first();
      throw;
    }
  }();
  p.out = array;
  p.births = NdArray<double, 2>({R, T});
  p.clamped_cells = NdArray<std::int64_t, 2>({R, T});
  p.clamped_people = NdArray<double, 2>({R, T});
  const population::ProjectionOutputs outputs{population, p.births.view(), p.clamped_cells.view(),
                                              p.clamped_people.view()};
  Problems problems;
  population::check_separate(problems, in.views, outputs);
  if (!problems.empty()) inputs_first();
  problems.throw_if_any();
  {
    const py::gil_scoped_release release;
    if (valid) {
      population::project_into(*valid, outputs);
    } else {
      population::detail::project_checked(in.views, opt, outputs, out.is_none());
    }
  }
  return p;
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

  using population::ProjectionOptions;
  value_class(m, "ProjectionOptions", "Settings of a projection (DESIGN §2.1).",
              member("years", &ProjectionOptions::years, "T, the number of one-year steps."),
              member("srb", &ProjectionOptions::srb, "Sex ratio at birth, males per female birth."),
              member("birth_survival", &ProjectionOptions::birth_survival,
                     "Survival from birth to the end of the year, (female, male)."),
              member("threads", &ProjectionOptions::threads,
                     "Threads over regions; 0 = default_threads(). Results do not depend on it."))
      .def_property_readonly(
          "birth_survival",
          [](const ProjectionOptions& o) { return py::make_tuple(o.birth_survival[0], o.birth_survival[1]); },
          "Survival from birth to the end of the year, (female, male).");

  py::class_<PopulationInputs>(m, "ProjectionInputs",
                               "The arrays of a projection, converted once to float64 C order and read in place. "
                               "A region or year axis of length 1 applies to all.")
      .def(py::init(&make_inputs), py::kw_only(), py::arg("base"), py::arg("survival"), py::arg("fertility"),
           py::arg("migration") = py::none(), py::arg("births") = py::none())
      .def_readonly("base", &PopulationInputs::base, "(R, 2, A+1) population at the start of the base year.")
      .def_readonly("survival", &PopulationInputs::survival,
                    "(R|1, T|1, 2, A+1) probabilities of surviving from age a to a+1 during the year.")
      .def_readonly("fertility", &PopulationInputs::fertility, "(R|1, T|1, 35) births per woman, ages 15..49.")
      .def_readonly("migration", &PopulationInputs::migration,
                    "(R|1, T|1, 2, A+1) net migrants by age at the end of the year, or None.")
      .def_readonly("births", &PopulationInputs::births, "(R|1, T|1) observed births (NaN: projected), or None.");

  py::class_<ProjectionResult> result(m, "Projection",
                                      "The result of project: the population path, births and the clamping record.");
  result.def_property_readonly(
      "population",
      [](const py::object& self) {
        const auto& p = self.cast<const ProjectionResult&>();
        return py::reinterpret_borrow<py::array_t<double>>(p.out);
      },
      "(R, T+1, 2, A+1) population at the start of each year; [:, 0] is the base (the out= array when given).");
  array_property(result, "births", &population::Projection::births, "(R, T) births during each projected year.");
  array_property(result, "clamped_cells", &population::Projection::clamped_cells,
                 "(R, T) cells set to 0 because out-migration exceeded the population.");
  array_property(result, "clamped_people", &population::Projection::clamped_people,
                 "(R, T) the people those cells were short.");

  m.def("project", &project, py::arg("inputs"), py::arg("options"), py::kw_only(), py::arg("out") = py::none(),
        "Cohort-component projection of `inputs` `options.years` years ahead; `out`: a float64 C-ordered "
        "(R, T+1, 2, A+1) array to write the population into. See edplan.population.project.");
  m.def("fertility_from_tfr", &fertility_from_tfr, py::arg("shape"), py::arg("tfr"), py::kw_only(),
        py::arg("first_year"), py::arg("years"),
        "Age schedules scaled to a TFR path: (R|1, years, 35) from a (35,) or (R, 35) age pattern.");
}

}  // namespace edplan::python
