// SPDX-License-Identifier: MIT
// Bindings of edplan::capacity's teachers (DESIGN §2.3b): norms, staff rules, hires and
// redeployment pairs as value classes, the teacher table's arrays as a bound result.
#include "bindings.hpp"

#include <edplan/capacity/teachers.hpp>

#include <pybind11/stl.h>

#include <vector>

namespace edplan::python {
namespace {

capacity::Teachers teachers(const py::object& pupils_obj, const std::vector<capacity::TeacherNorm>& norms,
                            const py::object& staff_obj, const capacity::StaffRules& rules,
                            const std::vector<capacity::Hire>& hires, const std::vector<capacity::Redeploy>& pairs,
                            int first_year) {
  Problems problems;
  const auto pupils_a = as_double_array(pupils_obj, "pupils", problems);
  const auto staff_a = as_double_array(staff_obj, "staff", problems);
  problems.throw_if_any();
  const auto pupils = view_of<3>(pupils_a, {"pupils", {"region", "year", "level"}}, problems);
  const auto staff = view_of<4>(staff_a, {"staff", {"region", "level", "sex", "age"}}, problems);
  problems.throw_if_any();
  const py::gil_scoped_release release;
  return capacity::teachers(pupils, norms, staff, rules, hires, pairs, first_year);
}

py::array_t<double> needed(const py::object& pupils_obj, const std::vector<capacity::TeacherNorm>& norms) {
  Problems problems;
  const auto pupils_a = as_double_array(pupils_obj, "pupils", problems);
  problems.throw_if_any();
  const auto pupils = view_of<3>(pupils_a, {"pupils", {"region", "year", "level"}}, problems);
  problems.throw_if_any();
  return to_numpy(capacity::teachers_needed(pupils, norms));
}

}  // namespace

void register_teachers(py::module_& m) {
  using capacity::Hire, capacity::Redeploy, capacity::StaffRules, capacity::TeacherNorm, capacity::Teachers;
  value_class(m, "TeacherNorm", "One level's staffing norm (DESIGN §2.3b).",
              member("ratio", &TeacherNorm::ratio, "Pupils per teacher (> 0); inf: staffed by class only."),
              member("per_class", &TeacherNorm::per_class, "Teachers per class, the small-school minimum (0: none)."),
              member("class_size", &TeacherNorm::class_size, "Pupils per class, for the number of classes."));
  value_class(m, "StaffRules", "How the staff age: retirement ages by sex (F, M) and yearly attrition per level.",
              member("retirement_age", &StaffRules::retirement_age, "(F, M) the age at which teachers leave."),
              member("attrition", &StaffRules::attrition, "Yearly share leaving before retirement, one per level."));
  value_class(m, "Hire", "Planned hires into a region and level, counted from their year.",
              member("region", &Hire::region, "Region index."), member("level", &Hire::level, "Level index."),
              member("year", &Hire::year, "The year they start."), member("sex", &Hire::sex, "0 = F, 1 = M."),
              member("age", &Hire::age, "Their age in that year (18..70)."),
              member("count", &Hire::count, "How many."));
  value_class(m, "Redeploy", "An allowed move of surplus teachers from one level to another within a region.",
              member("from_level", &Redeploy::from_level, "The giving level (index)."),
              member("to_level", &Redeploy::to_level, "The receiving level (index)."),
              member("share", &Redeploy::share, "The share of the giving level's surplus that may move a year."));

  py::class_<Teachers> t(m, "Teachers", "The teacher table's numbers, all (R, T, L) except flows (DESIGN §2.3b).");
  array_property(t, "needed", &Teachers::needed, "max(pupils / ratio, ceil(pupils / class_size) * per_class).");
  array_property(t, "available", &Teachers::available, "The staff profile aged, retired and attrited, plus hires.");
  array_property(t, "moved_in", &Teachers::moved_in, "Teachers received from other levels of the region.");
  array_property(t, "moved_out", &Teachers::moved_out, "Teachers given to other levels of the region.");
  array_property(t, "hires_needed", &Teachers::hires_needed, "max(0, needed - available - moved_in + moved_out).");
  array_property(t, "surplus", &Teachers::surplus, "max(0, available + moved_in - moved_out - needed).");
  array_property(t, "flows", &Teachers::flows, "(R, T, L, L) teachers of level from (axis 2) teaching level to (axis 3).");

  m.attr("MIN_STAFF_AGE") = capacity::min_staff_age;
  m.attr("MAX_STAFF_AGE") = capacity::max_staff_age;
  m.def("teachers", &teachers, py::arg("pupils"), py::arg("norms"), py::arg("staff"), py::kw_only(),
        py::arg("rules") = StaffRules{}, py::arg("hires") = std::vector<Hire>{},
        py::arg("redeploy") = std::vector<Redeploy>{}, py::arg("first_year"),
        "Teachers needed, available, moved and to hire for (R, T, L) pupils from year first_year, with one "
        "TeacherNorm per level and the (R, L, 2, 53) staff profile of the year before (ages 18..70).");
  m.def("teachers_needed", &needed, py::arg("pupils"), py::arg("norms"),
        "Teachers needed (R, T, L) for (R, T, L) pupils under one TeacherNorm per level.");
}

}  // namespace edplan::python
