// SPDX-License-Identifier: MIT
// Bindings of edplan::capacity: the ledger and the balance on arrays, with place changes and
// the balance as bound classes with named fields.
#include "bindings.hpp"

#include <edplan/capacity.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

py::array_t<double> timeline(const py::object& base_obj, const std::vector<capacity::PlaceChange>& changes,
                             int first_year, index_t years) {
  Problems problems;
  const auto base_a = as_double_array(base_obj, "capacity", problems);
  problems.throw_if_any();
  const auto base = view_of<2>(base_a, {"capacity", {"region", "level"}}, problems);
  problems.throw_if_any();
  return to_numpy(capacity::capacity_timeline(base, changes, first_year, years));
}

py::array_t<double> class_timeline(const py::object& base_obj, const std::vector<capacity::PlaceChange>& changes,
                                   const std::vector<double>& class_size, int first_year, index_t years) {
  Problems problems;
  const auto base_a = as_double_array(base_obj, "classes", problems);
  problems.throw_if_any();
  const auto base = view_of<2>(base_a, {"classes", {"region", "level"}}, problems);
  problems.throw_if_any();
  return to_numpy(capacity::class_timeline(base, changes, class_size, first_year, years));
}

capacity::Balance balance(const py::object& demand_obj, const py::object& capacity_obj,
                          const std::vector<double>& class_size, const py::object& classes_obj) {
  Problems problems;
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto capacity_a = as_double_array(capacity_obj, "capacity", problems);
  std::optional<DoubleArray> classes_a;
  if (!classes_obj.is_none()) classes_a = as_double_array(classes_obj, "classes", problems);
  problems.throw_if_any();
  const Field<3>::axes_type axes{"region", "year", "level"};
  const auto demand = view_of<3>(demand_a, {"demand", axes}, problems);
  const auto cap = view_of<3>(capacity_a, {"capacity", axes}, problems);
  std::optional<View<const double, 3>> classes;
  if (classes_a) classes = view_of<3>(*classes_a, {"classes", axes}, problems);
  problems.throw_if_any();
  return capacity::balance(demand, cap, class_size, classes);
}

py::array_t<index_t> peak_year(const py::object& demand_obj) {
  Problems problems;
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  problems.throw_if_any();
  const auto demand = view_of<3>(demand_a, {"demand", {"region", "year", "level"}}, problems);
  problems.throw_if_any();
  return to_numpy(capacity::peak_year(demand));
}

}  // namespace

void register_capacity(py::module_& m) {
  using capacity::PlaceChange;
  value_class(m, "PlaceChange",
              "A change of places in one region and level from a given year: an opened project (places > 0) or a "
              "closure (places < 0).",
              member("id", &PlaceChange::id, "The project's id, for messages."),
              member("region", &PlaceChange::region, "Region index."), member("level", &PlaceChange::level, "Level index."),
              member("places", &PlaceChange::places, "Places added (negative: removed)."),
              member("year", &PlaceChange::year, "The first year in which the change counts."));

  using capacity::Balance;
  py::class_<Balance> b(m, "Balance", "Demand against capacity, all (R, T, L) (DESIGN §2.3).");
  array_property(b, "surplus", &Balance::surplus, "capacity - demand (negative when short).");
  array_property(b, "deficit", &Balance::deficit, "max(0, demand - capacity).");
  array_property(b, "utilisation", &Balance::utilisation, "demand / capacity; NaN where capacity is 0.");
  array_property(b, "classes_needed", &Balance::classes_needed, "ceil(demand / class size).");
  array_property(b, "large_classes", &Balance::large_classes,
                 "Classes over the norm with pupils spread evenly over the classes; 0 without class counts.");

  m.def("timeline", &timeline, py::arg("capacity"), py::arg("changes"), py::kw_only(), py::arg("first_year"),
        py::arg("years"), "Places (R, years, L) from base places (R, L) and PlaceChanges.");
  m.def("class_timeline", &class_timeline, py::arg("classes"), py::arg("changes"), py::kw_only(), py::arg("class_size"),
        py::arg("first_year"), py::arg("years"),
        "Classes (R, years, L) from base classes (R, L) and PlaceChanges in classes of each level's class size.");
  m.def("balance", &balance, py::arg("demand"), py::arg("capacity"), py::kw_only(), py::arg("class_size"),
        py::arg("classes") = py::none(), "The Balance of (R, T, L) demand and capacity, one class size per level.");
  m.def("peak_year", &peak_year, py::arg("demand"),
        "(R, L) the index into the year axis of the first year of peak (R, T, L) demand.");
  m.def("count_large_classes", &capacity::count_large_classes, py::arg("pupils"), py::arg("classes"),
        py::arg("class_size"), "Classes over the norm when pupils are spread evenly over the classes.");
}

}  // namespace edplan::python
