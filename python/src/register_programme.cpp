// SPDX-License-Identifier: MIT
// Bindings of the "1+3" programme (edplan::capacity programme, scheduler) and preschool shares:
// candidates, stage years, weights, options and results as bound classes with named fields.
#include "bindings.hpp"

#include <edplan/capacity/levers.hpp>
#include <edplan/capacity/preschool.hpp>
#include <edplan/capacity/programme.hpp>
#include <edplan/capacity/scheduler.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

using capacity::Candidate;
using capacity::LeverPlan;
using capacity::Levers;
using capacity::StageYears;
using capacity::ValidatedProgramme;
using capacity::Weights;

ValidatedProgramme make_programme(const py::object& demand_obj, const py::object& existing_obj,
                                  std::vector<Candidate> candidates, std::vector<StageYears> stages, int base_year,
                                  std::vector<double> budget, index_t max_per_batch, const Weights& weights,
                                  const Levers& levers) {
  Problems problems;
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto existing_a = as_double_array(existing_obj, "existing", problems);
  problems.throw_if_any();
  const Field<3>::axes_type axes{"region", "year", "level"};
  capacity::ProgrammeInputs in;
  in.demand = view_of<3>(demand_a, {"demand", axes}, problems);
  in.existing = view_of<3>(existing_a, {"existing", axes}, problems);
  problems.throw_if_any();
  in.candidates = std::move(candidates);
  in.stages = std::move(stages);
  in.base_year = base_year;
  in.budget = std::move(budget);
  in.max_per_batch = max_per_batch;
  in.weights = weights;
  in.levers = levers;
  py::gil_scoped_release release;
  return capacity::validate(in);  // copies what it keeps: the arrays may go
}

capacity::PreschoolShares preschool(const py::object& demand_obj, const py::object& places_obj, const std::string& fill,
                                    const capacity::ShareTargets& targets, const capacity::NurseryNorm& norm,
                                    const py::object& population_obj, const py::object& observed_obj) {
  Problems problems;
  const Choices<capacity::Fill> fills{{"public_first", capacity::Fill::public_first},
                                      {"proportional", capacity::Fill::proportional}};
  const auto how = choice("fill", fill, fills);
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto places_a = as_double_array(places_obj, "places", problems);
  std::optional<DoubleArray> population_a;
  if (!population_obj.is_none()) population_a = as_double_array(population_obj, "population", problems);
  std::optional<DoubleArray> observed_a;
  if (!observed_obj.is_none()) observed_a = as_double_array(observed_obj, "observed", problems);
  problems.throw_if_any();
  const auto demand = view_of<2>(demand_a, {"demand", {"region", "year"}}, problems);
  const auto places = view_of<3>(places_a, {"places", {"region", "year", "sector"}}, problems);
  std::optional<View<const double, 2>> population;
  if (population_a) population = view_of<2>(*population_a, {"population", {"region", "year"}}, problems);
  std::optional<View<const double, 2>> observed;
  if (observed_a) observed = view_of<2>(*observed_a, {"observed", {"region", "sector"}}, problems);
  problems.throw_if_any();
  py::gil_scoped_release release;
  return capacity::preschool_shares(demand, places, how, targets, norm, population, observed);
}

void bind_programme_values(py::module_& m) {
  value_class(m, "StageYears", "Stage durations of a level in whole years (DESIGN §2.4).",
              member("land_to_start", &StageYears::land_to_start, "L: years from getting the land to starting to build."),
              member("start_to_open", &StageYears::start_to_open, "B: years from starting to build to opening."))
      .def_property_readonly("total", &StageYears::total, "L + B.");
  value_class(m, "Weights", "Weights of the objective's three terms.",
              member("unmet", &Weights::unmet, "Per unmet place-year."),
              member("cost", &Weights::cost, "Per unit of cost (1e-6: one million yuan weighs as one unmet place-year)."),
              member("stranded", &Weights::stranded, "Per stranded place-year after the demand peak."),
              member("crowd", &Weights::crowd, "Per crowded pupil-year (DESIGN §2.4b); None: half of unmet."));
  using capacity::Conversion;
  value_class(m, "Conversion", "A pair of levels whose places may be converted (DESIGN §2.4b).",
              member("from_level", &Conversion::from_level, "a: the level that gives places (index)."),
              member("to_level", &Conversion::to_level, "b: the level that gains them (index)."),
              member("ratio", &Conversion::ratio, "Places of b per converted place of a (> 0)."),
              member("cost_per_place", &Conversion::cost_per_place, "Cost per converted place of a (>= 0)."),
              member("region", &Conversion::region, "The one region (index) the pair applies to; -1: every region."));
  using capacity::Temporary;
  value_class(m, "Temporary", "Temporary places of one level (DESIGN §2.4b).",
              member("cost_per_place_year", &Temporary::cost_per_place_year, "Cost per place per year in use."),
              member("lifetime", &Temporary::lifetime, "Years in use (>= 1), clipped at the horizon."),
              member("max_share", &Temporary::max_share, "Most in use as a share of existing places, in [0, 1]."));
  value_class(m, "Levers", "The levers besides building; all empty: building alone (DESIGN §2.4).",
              member("conversions", &Levers::conversions, "Allowed conversion pairs."),
              member("temporary", &Levers::temporary, "Temporary places per level (empty, or one per level; None: none)."),
              member("crowding", &Levers::crowding, "phi per level (empty: 0): most crowded pupils per existing place."));
  py::class_<LeverPlan> plan(m, "LeverPlan", "A plan of the continuous levers.");
  plan.def(py::init([](const py::object& converted, const py::object& temporary) {
             Problems problems;
             const auto c = as_double_array(converted, "converted", problems);
             const auto t = as_double_array(temporary, "temporary", problems);
             problems.throw_if_any();
             const auto cv = view_of<3>(c, {"converted", {"region", "pair", "year"}}, problems);
             const auto tv = view_of<3>(t, {"temporary", {"region", "year", "level"}}, problems);
             problems.throw_if_any();
             LeverPlan p{NdArray<double, 3>(cv.shape()), NdArray<double, 3>(tv.shape())};
             std::copy(c.data(), c.data() + p.converted.size(), p.converted.data());
             std::copy(t.data(), t.data() + p.temporary.size(), p.temporary.data());
             return p;
           }),
           py::arg("converted"), py::arg("temporary"), "From (R, P, T) converted and (R, T, L) temporary places.");
  array_property(plan, "converted", &LeverPlan::converted, "(R, P, T) places of pair p's from-level converted in year t.");
  array_property(plan, "temporary", &LeverPlan::temporary, "(R, T, L) temporary places installed in year t.");
  plan.def(py::pickle(
      [](const py::object& self) -> py::tuple { return py::make_tuple(self.attr("converted"), self.attr("temporary")); },
      [](const py::tuple& state) {
        return py::module_::import("edplan._core.capacity").attr("LeverPlan")(state[0], state[1]).cast<LeverPlan>();
      }));
  value_class(m, "Candidate", "A candidate project the scheduler may choose and time.",
              member("id", &Candidate::id, "The project's id, for messages and tables."),
              member("region", &Candidate::region, "Region index."), member("level", &Candidate::level, "Level index."),
              member("places", &Candidate::places, "Places it adds when it opens (> 0)."),
              member("cost", &Candidate::cost, "Its cost (>= 0), counted against the budget of its start year."),
              member("earliest_land_year", &Candidate::earliest_land_year,
                     "The earliest year it can get its land (no year before base_year + 1 is used)."));
  using capacity::HeuristicOptions;
  value_class(m, "HeuristicOptions", "Settings of the scheduling heuristic.",
              member("improve", &HeuristicOptions::improve, "Run the local search after construction."),
              member("max_passes", &HeuristicOptions::max_passes, "At most this many passes of the local search."),
              member("kick_rounds", &HeuristicOptions::kick_rounds, "Rounds of kicks (iterated local search); 0 for none."),
              member("kick_patience", &HeuristicOptions::kick_patience,
                     "A round of kicks ends after this many kicks in a row found nothing better; 0: no limit."),
              member("lever_rounds", &HeuristicOptions::lever_rounds,
                     "With levers: alternations of levers for fixed builds and builds for fixed levers per start."),
              member("max_lever_solves", &HeuristicOptions::max_lever_solves,
                     "With levers: at most this many solves of one district's levers while the builds are changed "
                     "one candidate at a time."));

  using capacity::Totals;
  py::class_<Totals> totals(m, "Totals", "The objective of a schedule, term by term.");
  totals.def_readonly("objective", &Totals::objective, "w_unmet * unmet + w_cost * cost + w_stranded * stranded.")
      .def_readonly("unmet", &Totals::unmet, "Sum of unmet place-years.")
      .def_readonly("cost", &Totals::cost, "Sum of the cost of chosen candidates.")
      .def_readonly("stranded", &Totals::stranded, "Sum of stranded place-years after each pair's first peak year.")
      .def_readonly("crowded", &Totals::crowded, "Sum of crowded pupil-years.");
  value_struct(totals, {"objective", "unmet", "cost", "stranded", "crowded"});

  using capacity::Schedule;
  py::class_<Schedule> schedule(m, "Schedule", "A schedule: a land year per candidate and its totals.");
  array_property(schedule, "land_year", &Schedule::land_year, "(K,) candidate k's land year, or -1 when it is not chosen.");
  schedule.def_readonly("totals", &Schedule::totals, "The objective and its terms, as evaluate computes them.")
      .def_readonly("levers", &Schedule::levers, "The conversions and temporary places.");

  using capacity::Outcome;
  py::class_<Outcome> outcome(m, "Outcome", "A schedule judged: the totals and their parts by region, year and level.");
  outcome.def_readonly("totals", &Outcome::totals, "The objective and its unweighted terms.");
  array_property(outcome, "new_places", &Outcome::new_places, "(R, T, L) N[t], places of chosen candidates open by t.");
  array_property(outcome, "unmet", &Outcome::unmet, "(R, T, L) unmet[t].");
  array_property(outcome, "stranded", &Outcome::stranded, "(R, T, L) stranded[t] (0 up to the peak year).");
  array_property(outcome, "temporary", &Outcome::temporary, "(R, T, L) temporary places in use.");
  array_property(outcome, "converted_in", &Outcome::converted_in, "(R, T, L) places gained by conversion by t.");
  array_property(outcome, "converted_out", &Outcome::converted_out, "(R, T, L) places converted away by t.");
  array_property(outcome, "crowded", &Outcome::crowded, "(R, T, L) pupils taught above the class-size norm.");
}

void bind_preschool(py::module_& m) {
  using capacity::ShareTargets;
  value_class(m, "ShareTargets", "Target shares of kindergarten pupils (DESIGN §2.5).",
              member("public_share", &ShareTargets::public_share, "公办率 target (county standard 0.5)."),
              member("inclusive_share", &ShareTargets::inclusive_share, "普惠率 target (Quanzhou standard 0.9)."));
  using capacity::NurseryNorm;
  value_class(m, "NurseryNorm", "The nursery norm and how empty kindergarten places convert to nursery places.",
              member("per_1000", &NurseryNorm::per_1000, "Nursery places for under-3s per 1,000 residents."),
              member("class_size", &NurseryNorm::class_size, "Kindergarten places per classroom."),
              member("nursery_class_size", &NurseryNorm::nursery_class_size, "Nursery children per converted classroom."));

  using capacity::PreschoolShares;
  py::class_<PreschoolShares> shares(m, "PreschoolShares", "The preschool table's numbers, all (R, T) except pupils.");
  array_property(shares, "pupils", &PreschoolShares::pupils, "(R, T, 3) placed pupils by sector.");
  array_property(shares, "unplaced", &PreschoolShares::unplaced, "Demand beyond all places.");
  array_property(shares, "public_share", &PreschoolShares::public_share,
                 "Public pupils / placed pupils; NaN where none is placed.");
  array_property(shares, "inclusive_share", &PreschoolShares::inclusive_share,
                 "(Public + inclusive) pupils / placed pupils; NaN where none is placed.");
  array_property(shares, "public_places_needed", &PreschoolShares::public_places_needed,
                 "max(0, ceil(target public share * demand) - public places).");
  array_property(shares, "inclusive_places_needed", &PreschoolShares::inclusive_places_needed,
                 "max(0, ceil(target inclusive share * demand) - public - inclusive places).");
  array_property(shares, "nursery_convertible", &PreschoolShares::nursery_convertible,
                 "Nursery places in empty kindergarten classrooms.");
  array_property(shares, "nursery_demand", &PreschoolShares::nursery_demand,
                 "per_1000 * population / 1000; NaN without a population.");

  m.def("preschool", &preschool, py::arg("demand"), py::arg("places"), py::kw_only(),
        py::arg("fill") = "public_first", py::arg("targets") = capacity::ShareTargets{},
        py::arg("norm") = capacity::NurseryNorm{},
        py::arg("population") = py::none(), py::arg("observed") = py::none(),
        "Kindergarten sector shares of (R, T) demand over (R, T, 3) places (public, inclusive, private); "
        "fill \"public_first\" or \"proportional\"; population (R, T) for the nursery norm; observed (R, 3) "
        "pupils by sector in year 0, reported as observed.");
}

}  // namespace

void register_programme(py::module_& m) {
  bind_programme_values(m);
  const capacity::ProgrammeInputs d{};
  py::class_<ValidatedProgramme>(m, "Programme",
                                 "A validated programme: need, peak years, land-year windows; schedule and evaluate.")
      .def(py::init(&make_programme), py::arg("demand"), py::arg("existing"), py::arg("candidates"),
           py::arg("stages"), py::kw_only(), py::arg("base_year"), py::arg("budget") = d.budget,
           py::arg("max_per_batch") = d.max_per_batch, py::arg("weights") = d.weights, py::arg("levers") = d.levers,
           "demand, existing (R, T, L); Candidates; StageYears per level; budget per year (1 or T values); "
           "max_per_batch < 0 for no cap; Levers besides building.")
      .def_property_readonly("existing", [](const ValidatedProgramme& v) { return to_numpy(NdArray<double, 3>(v.existing())); },
                             "(R, T, L) existing places.")
      .def_property_readonly("levers", &ValidatedProgramme::levers, "The levers as given.")
      .def_property_readonly("gap", [](const ValidatedProgramme& v) { return to_numpy(NdArray<double, 3>(v.gap())); },
                             "(R, T, L) demand - existing (negative where places exceed demand).")
      .def_property_readonly("room", [](const ValidatedProgramme& v) { return to_numpy(NdArray<double, 3>(v.room())); },
                             "(R, T, L) the most pupils that may be crowded: phi * existing.")
      .def_property_readonly("need", [](const ValidatedProgramme& v) { return to_numpy(NdArray<double, 3>(v.need())); },
                             "(R, T, L) need[t] = max(0, demand[t] - existing[t]).")
      .def_property_readonly("peak", [](const ValidatedProgramme& v) { return to_numpy(NdArray<index_t, 2>(v.peak())); },
                             "(R, L) year index of the first year of peak demand.")
      .def_property_readonly("windows", [](const ValidatedProgramme& v) {
        // (K, 2) first and last land year (first > last: it cannot open by the horizon)
        const auto K = static_cast<index_t>(v.candidates().size());
        NdArray<index_t, 2> w({K, 2});
        for (std::size_t k = 0; k < v.candidates().size(); ++k) {
          w(static_cast<index_t>(k), 0) = v.base_year() + 1 + v.first_land(k);
          w(static_cast<index_t>(k), 1) = v.base_year() + 1 + v.last_land(k);
        }
        return to_numpy(std::move(w));
      }, "(K, 2) each candidate's first and last land year (first > last: it cannot open by the horizon).")
      .def_property_readonly("budget", [](const ValidatedProgramme& v) {
        std::vector<double> b;
        for (index_t t = 0; t < v.years(); ++t) b.push_back(v.budget(t));
        return b;
      }, "The budget of each projection year.")
      .def_property_readonly("candidates", &ValidatedProgramme::candidates, "The candidates, as given.")
      .def_property_readonly("weights", &ValidatedProgramme::weights, "The objective's weights.")
      .def_property_readonly("max_per_batch", &ValidatedProgramme::max_per_batch,
                             "The batch cap; a number >= the candidate count when there is none.")
      .def_property_readonly("base_year", &ValidatedProgramme::base_year)
      .def("unmet_floor", [](const ValidatedProgramme& v) { return to_numpy(capacity::unmet_floor(v)); },
           "(R, L) unmet place-years left with every candidate at its earliest, ignoring budget and caps.")
      .def(
          "schedule",
          [](const ValidatedProgramme& v, const capacity::HeuristicOptions& options) {
            py::gil_scoped_release release;
            return capacity::schedule(v, options);
          },
          py::arg("options") = capacity::HeuristicOptions{}, "The heuristic's Schedule.")
      .def(
          "evaluate",
          [](const ValidatedProgramme& v, const std::vector<int>& land, const std::optional<LeverPlan>& levers) {
            py::gil_scoped_release release;
            return capacity::evaluate(v, land, levers ? *levers : capacity::no_levers(v));
          },
          py::arg("land_years"), py::arg("levers") = py::none(),
          "The Outcome of a plan (land year per candidate, -1: not chosen; a LeverPlan or None).")
      .def(
          "violations",
          [](const ValidatedProgramme& v, const std::vector<int>& land, const std::optional<LeverPlan>& levers) {
            return capacity::violations(v, land, levers ? *levers : capacity::no_levers(v));
          },
          py::arg("land_years"), py::arg("levers") = py::none(),
          "Every broken window, budget, cap or lever bound of a plan, one line each.");
  bind_preschool(m);
}

}  // namespace edplan::python
