// SPDX-License-Identifier: MIT
// Bindings of edplan::coverage's capacitated siting (assignment.hpp, capacitated.hpp): the
// search and the assignment of given sites, over COO links that edplan.coverage builds (and
// validates) from the cost matrix. Kept apart from register_coverage.cpp: one concept per file.
#include "bindings.hpp"

#include <edplan/coverage/assignment.hpp>
#include <edplan/coverage/capacitated.hpp>

#include <pybind11/stl.h>

#include <cstdint>
#include <vector>

namespace edplan::python {
namespace {

using namespace edplan::coverage;

/// The flows of a capacitated assignment, one entry per positive link flow.
struct Flows {
  std::vector<std::int64_t> rows, cols;
  std::vector<double> persons;
  /// sum c x + u x unassigned.
  double value = 0.0;
};

template <class T>
std::vector<T> to_vector(const CArray<T>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}

LinkColumns columns_of(const Int64Array& rows, const Int64Array& cols, const DoubleArray& costs, index_t m) {
  return link_columns(to_vector(rows), to_vector(cols), to_vector(costs), m);
}

CapacitatedSearch search(const Int64Array& rows, const Int64Array& cols, const DoubleArray& costs, const DoubleArray& demand,
                         const DoubleArray& capacity, double unassigned_cost, index_t p, const std::vector<index_t>& fixed,
                         const std::vector<index_t>& start, index_t rounds, std::uint64_t seed, index_t patience,
                         index_t max_swaps) {
  const auto links = columns_of(rows, cols, costs, static_cast<index_t>(capacity.size()));
  const auto d = to_vector(demand);
  const auto s = to_vector(capacity);
  const py::gil_scoped_release release;
  CapacitatedOptions opt;
  opt.rounds = rounds;
  opt.seed = seed;
  opt.patience = patience;
  opt.max_swaps = max_swaps;
  return capacitated_search(links, d, s, unassigned_cost, p, fixed, start, opt);
}

Flows assign(const Int64Array& rows, const Int64Array& cols, const DoubleArray& costs, const DoubleArray& demand,
             const DoubleArray& capacity, double unassigned_cost, const std::vector<index_t>& sites) {
  const auto links = columns_of(rows, cols, costs, static_cast<index_t>(capacity.size()));
  const py::gil_scoped_release release;
  Assignment a(&links, to_vector(demand), to_vector(capacity), unassigned_cost, static_cast<index_t>(sites.size()));
  for (auto j : sites) a.open(j);
  Flows f;
  a.for_each_flow([&](index_t i, index_t j, double x) {
    f.rows.push_back(i);
    f.cols.push_back(j);
    f.persons.push_back(x);
  });
  f.value = a.value();
  return f;
}

}  // namespace

void register_capacitated(py::module_& m) {
  py::class_<CapacitatedSearch> r(m, "CapacitatedSearch", "Sites chosen by the capacitated search and its work.");
  array_property(r, "sites", &CapacitatedSearch::sites, "Chosen candidates, fixed ones included, increasing.");
  r.def_readonly("value", &CapacitatedSearch::value, "The assignment's value: sum c x + unassigned_cost x unassigned.")
      .def_readonly("swaps", &CapacitatedSearch::swaps, "Improving swaps applied over all descents.")
      .def_readonly("evaluations", &CapacitatedSearch::evaluations, "Assignments evaluated to judge moves.");
  py::class_<Flows> f(m, "AssignmentFlows", "The flows of a capacitated assignment (positive link flows).");
  array_property(f, "rows", &Flows::rows, "Demand point of each flow.");
  array_property(f, "cols", &Flows::cols, "Site of each flow.");
  array_property(f, "persons", &Flows::persons, "Persons on each flow.");
  f.def_readonly("value", &Flows::value, "sum c x + unassigned_cost x unassigned.");
  m.def("capacitated_search", &search, py::arg("rows"), py::arg("cols"), py::arg("costs"), py::arg("demand"),
        py::arg("capacity"), py::kw_only(), py::arg("unassigned_cost"), py::arg("p"), py::arg("fixed"), py::arg("start"),
        py::arg("rounds"), py::arg("seed"), py::arg("patience") = CapacitatedOptions{}.patience,
        py::arg("max_swaps") = CapacitatedOptions{}.max_swaps,
        "Capacitated siting heuristic (greedy, pruned swaps, iterated local search) over validated COO links; "
        "capacities finite, p in [max(1, len(fixed)), m]; patience: rounds in a row without improvement before "
        "the iterated local search stops (0: all rounds); max_swaps: improving swaps per descent.");
  m.def("capacitated_assign", &assign, py::arg("rows"), py::arg("cols"), py::arg("costs"), py::arg("demand"),
        py::arg("capacity"), py::kw_only(), py::arg("unassigned_cost"), py::arg("sites"),
        "The optimal splittable assignment to the given open sites (successive shortest paths).");
}

}  // namespace edplan::python
