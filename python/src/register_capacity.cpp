// SPDX-License-Identifier: MIT
// Bindings of edplan::capacity: the ledger and the balance on arrays.
#include "bindings.hpp"

#include <edplan/capacity.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace edplan::python {
namespace {

// (id, region index, level index, places, first year)
using ChangeSpec = std::tuple<std::string, index_t, index_t, double, int>;

py::array_t<double> timeline(const py::object& base_obj, const std::vector<ChangeSpec>& specs, int first_year,
                             index_t years) {
  Problems problems;
  const auto base_a = as_double_array(base_obj, "capacity", problems);
  problems.throw_if_any();
  const auto base = view_of<2>(base_a, {"capacity", {"region", "level"}}, problems);
  problems.throw_if_any();
  std::vector<capacity::PlaceChange> changes;
  for (const auto& [id, region, level, places, year] : specs) changes.push_back({id, region, level, places, year});
  return to_numpy(capacity::capacity_timeline(base, changes, first_year, years));
}

py::tuple balance(const py::object& demand_obj, const py::object& capacity_obj, const std::vector<double>& class_size,
                  const py::object& classes_obj) {
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
  auto b = capacity::balance(demand, cap, class_size, classes);
  auto peak = capacity::peak_year(demand);
  return py::make_tuple(to_numpy(std::move(b.surplus)), to_numpy(std::move(b.deficit)),
                        to_numpy(std::move(b.utilisation)), to_numpy(std::move(b.classes_needed)),
                        to_numpy(std::move(b.large_classes)), to_numpy(std::move(peak)));
}

}  // namespace

void register_capacity(py::module_& m) {
  m.def("timeline", &timeline, py::arg("capacity"), py::arg("changes"), py::kw_only(), py::arg("first_year"),
        py::arg("years"), "Places (R, years, L) from base places (R, L) and (id, region, level, places, year) changes.");
  m.def("balance", &balance, py::arg("demand"), py::arg("capacity"), py::kw_only(), py::arg("class_size"),
        py::arg("classes") = py::none(),
        "Balance of (R,T,L) demand and capacity: (surplus, deficit, utilisation, classes_needed, large_classes, peak).");
  m.def("count_large_classes", &capacity::count_large_classes, py::arg("pupils"), py::arg("classes"),
        py::arg("class_size"), "Classes over the norm when pupils are spread evenly over the classes.");
}

}  // namespace edplan::python
