// SPDX-License-Identifier: MIT
// Bindings of the "1+3" programme (edplan::capacity programme, scheduler) and preschool shares.
#include "bindings.hpp"

#include <edplan/capacity/preschool.hpp>
#include <edplan/capacity/programme.hpp>
#include <edplan/capacity/scheduler.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

// (id, region index, level index, places, cost, earliest land year)
using CandidateSpec = std::tuple<std::string, index_t, index_t, double, double, int>;

capacity::ValidatedProgramme make_programme(const py::object& demand_obj, const py::object& existing_obj,
                                            const std::vector<CandidateSpec>& specs,
                                            const std::vector<std::pair<int, int>>& stages, int base_year,
                                            const std::vector<double>& budget, index_t max_per_batch,
                                            const std::tuple<double, double, double>& weights) {
  Problems problems;
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto existing_a = as_double_array(existing_obj, "existing", problems);
  problems.throw_if_any();
  const Field<3>::axes_type axes{"region", "year", "level"};
  capacity::ProgrammeInputs in;
  in.demand = view_of<3>(demand_a, {"demand", axes}, problems);
  in.existing = view_of<3>(existing_a, {"existing", axes}, problems);
  problems.throw_if_any();
  for (const auto& [id, region, level, places, cost, earliest] : specs) {
    in.candidates.push_back({id, region, level, places, cost, earliest});
  }
  for (const auto& [land, build] : stages) in.stages.push_back({land, build});
  in.base_year = base_year;
  in.budget = budget;
  in.max_per_batch = max_per_batch;
  in.weights = {std::get<0>(weights), std::get<1>(weights), std::get<2>(weights)};
  py::gil_scoped_release release;
  return capacity::validate(in);  // copies what it keeps: the arrays may go
}

py::array_t<int> as_land_array(const std::vector<int>& land) {
  py::array_t<int> out(static_cast<py::ssize_t>(land.size()));
  for (std::size_t k = 0; k < land.size(); ++k) out.mutable_at(static_cast<py::ssize_t>(k)) = land[k];
  return out;
}

py::dict outcome_dict(capacity::Outcome&& o) {
  py::dict d;
  d["objective"] = o.totals.objective;
  d["unmet"] = o.totals.unmet;
  d["cost"] = o.totals.cost;
  d["stranded"] = o.totals.stranded;
  d["new_places"] = to_numpy(std::move(o.new_places));
  d["unmet_by_year"] = to_numpy(std::move(o.unmet));
  d["stranded_by_year"] = to_numpy(std::move(o.stranded));
  return d;
}

py::tuple preschool(const py::object& demand_obj, const py::object& places_obj, const std::string& fill,
                    double public_share, double inclusive_share, double per_1000, double class_size,
                    double nursery_class_size, const py::object& population_obj) {
  Problems problems;
  if (fill != "public_first" && fill != "proportional") {
    problems.add("fill", "got '" + fill + "'; expected \"public_first\" or \"proportional\"");
  }
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto places_a = as_double_array(places_obj, "places", problems);
  std::optional<DoubleArray> population_a;
  if (!population_obj.is_none()) population_a = as_double_array(population_obj, "population", problems);
  problems.throw_if_any();
  const auto demand = view_of<2>(demand_a, {"demand", {"region", "year"}}, problems);
  const auto places = view_of<3>(places_a, {"places", {"region", "year", "sector"}}, problems);
  std::optional<View<const double, 2>> population;
  if (population_a) population = view_of<2>(*population_a, {"population", {"region", "year"}}, problems);
  problems.throw_if_any();
  const auto how = fill == "proportional" ? capacity::Fill::proportional : capacity::Fill::public_first;
  auto s = [&] {
    py::gil_scoped_release release;
    return capacity::preschool_shares(demand, places, how, {public_share, inclusive_share},
                                      {per_1000, class_size, nursery_class_size}, population);
  }();
  return py::make_tuple(to_numpy(std::move(s.pupils)), to_numpy(std::move(s.unplaced)),
                        to_numpy(std::move(s.public_share)), to_numpy(std::move(s.inclusive_share)),
                        to_numpy(std::move(s.public_places_needed)), to_numpy(std::move(s.inclusive_places_needed)),
                        to_numpy(std::move(s.nursery_convertible)), to_numpy(std::move(s.nursery_demand)));
}

}  // namespace

void register_programme(py::module_& m) {
  using capacity::ValidatedProgramme;
  py::class_<ValidatedProgramme>(m, "Programme",
                                 "A validated programme: need, peak years, land-year windows; schedule and evaluate.")
      .def(py::init(&make_programme), py::arg("demand"), py::arg("existing"), py::arg("candidates"),
           py::arg("stages"), py::kw_only(), py::arg("base_year"), py::arg("budget"), py::arg("max_per_batch"),
           py::arg("weights"),
           "demand, existing (R, T, L); candidates [(id, region, level, places, cost, earliest land year)]; "
           "stages [(land→start, start→open)] per level; budget per year (1 or T values); weights (unmet, cost, "
           "stranded); max_per_batch < 0 for no cap.")
      .def_property_readonly("need", [](const ValidatedProgramme& v) { return to_numpy(NdArray<double, 3>(v.need())); })
      .def_property_readonly("peak", [](const ValidatedProgramme& v) { return to_numpy(NdArray<index_t, 2>(v.peak())); })
      .def_property_readonly("windows", [](const ValidatedProgramme& v) {
        // (K, 2) first and last land year (first > last: it cannot open by the horizon)
        const auto K = static_cast<index_t>(v.candidates().size());
        NdArray<index_t, 2> w({K, 2});
        for (std::size_t k = 0; k < v.candidates().size(); ++k) {
          w(static_cast<index_t>(k), 0) = v.base_year() + 1 + v.first_land(k);
          w(static_cast<index_t>(k), 1) = v.base_year() + 1 + v.last_land(k);
        }
        return to_numpy(std::move(w));
      })
      .def_property_readonly("budget", [](const ValidatedProgramme& v) {
        std::vector<double> b;
        for (index_t t = 0; t < v.years(); ++t) b.push_back(v.budget(t));
        return b;
      })
      .def_property_readonly("max_per_batch", &ValidatedProgramme::max_per_batch)
      .def_property_readonly("base_year", &ValidatedProgramme::base_year)
      .def("unmet_floor", [](const ValidatedProgramme& v) { return to_numpy(capacity::unmet_floor(v)); },
           "(R, L) unmet place-years left with every candidate at its earliest, ignoring budget and caps.")
      .def(
          "schedule",
          [](const ValidatedProgramme& v, bool improve, int max_passes, int kick_rounds) {
            capacity::Schedule s;
            {
              py::gil_scoped_release release;
              s = capacity::schedule(v, {improve, max_passes, kick_rounds});
            }
            return as_land_array(s.land_year);
          },
          py::arg("improve") = true, py::arg("max_passes") = 200, py::arg("kick_rounds") = 2,
          "The heuristic's land years per candidate (-1: not chosen).")
      .def(
          "evaluate",
          [](const ValidatedProgramme& v, const std::vector<int>& land) {
            capacity::Outcome o;
            {
              py::gil_scoped_release release;
              o = capacity::evaluate(v, land);
            }
            return outcome_dict(std::move(o));
          },
          py::arg("land_years"), "The objective, its terms and (R, T, L) new places, unmet and stranded by year.")
      .def("violations", &capacity::violations, py::arg("land_years"),
           "Every broken window, budget or cap of a schedule, one line each.");
  m.def("preschool", &preschool, py::arg("demand"), py::arg("places"), py::kw_only(), py::arg("fill"),
        py::arg("public_share"), py::arg("inclusive_share"), py::arg("per_1000"), py::arg("class_size"),
        py::arg("nursery_class_size"), py::arg("population") = py::none(),
        "Kindergarten shares: (pupils (R,T,3), unplaced, public_share, inclusive_share, public_places_needed, "
        "inclusive_places_needed, nursery_convertible, nursery_demand).");
}

}  // namespace edplan::python
