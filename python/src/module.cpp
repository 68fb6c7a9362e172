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
  auto enrolment = m.def_submodule("enrolment", "School-place demand by level and grade (DESIGN §2.2).");
  register_enrolment(enrolment);
  auto capacity = m.def_submodule("capacity", "Capacity ledger and balance, the 1+3 programme, preschool shares, teachers (DESIGN §2.3-2.5).");
  register_capacity(capacity);
  register_programme(capacity);
  register_teachers(capacity);
  auto targets = m.def_submodule("targets", "Target assessment, rate→count and the work-plan tracker (DESIGN §2.7).");
  register_targets(targets);
  auto coverage = m.def_submodule("coverage", "Decays, floating catchments and facility siting (DESIGN §2.6).");
  register_coverage(coverage);
  register_capacitated(coverage);
  auto scenario = m.def_submodule("scenario", "The whole chain of a scenario on arrays (DESIGN §3).");
  register_scenario(scenario);
}
