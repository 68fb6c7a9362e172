// SPDX-License-Identifier: MIT
// The extension module edplan._core: one submodule per C++ module, nothing else.
#include "bindings.hpp"

#include <edplan/version.hpp>

PYBIND11_MODULE(_core, m, pybind11::mod_gil_not_used()) {
  using namespace edplan::python;
  m.doc() = "edplan's compiled engine; use the edplan package, which wraps it.";
  m.attr("__version__") = edplan::version;
  register_core(m);
  auto population = m.def_submodule("population", "Cohort-component population projection (DESIGN §2.1).");
  register_population(population);
  auto coverage = m.def_submodule("coverage", "Decays, floating catchments and facility siting (DESIGN §2.6).");
  register_coverage(coverage);
}
