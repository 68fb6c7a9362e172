// SPDX-License-Identifier: MIT
// Core bindings: InputError becomes edplan.InputError (a ValueError defined in Python, so that
// Python loaders raise the same class) with every problem as (where, message) pairs.
#include "bindings.hpp"

#include <edplan/core/parallel.hpp>

namespace edplan::python {

void register_core(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::list problems;
      for (const auto& problem : e.problems()) problems.append(py::make_tuple(problem.where, problem.message));
      const py::object type = py::module_::import("edplan.errors").attr("InputError");
      const py::object error = type(problems);
      PyErr_SetObject(type.ptr(), error.ptr());
    }
  });
  m.def("default_threads", &default_threads,
        "Threads used when a function is given threads=0: $EDPLAN_NUM_THREADS, else the core count.");
}

}  // namespace edplan::python
