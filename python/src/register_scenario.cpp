// SPDX-License-Identifier: MIT
// Bindings of edplan::scenario: the whole chain on arrays. Each input part is bound with the
// numpy arrays its views read (kept alive with it); the results are bound in
// register_scenario_results.cpp. edplan.scenario builds the parts from the files.
#include "bindings.hpp"
#include "cost_arg.hpp"

#include <edplan/scenario.hpp>

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

using namespace edplan::scenario;

/// A part of the inputs and the numpy arrays (and other Python objects) it reads.
template <class Part>
struct Held {
  Part part;
  std::vector<py::object> keep;
};

/// The array `obj` as an N-dimensional view named by `field`, kept alive in `keep`.
template <class T, std::size_t N>
View<const T, N> array_view(std::vector<py::object>& keep, const py::object& obj, const Field<N>& field,
                            Problems& problems) {
  auto a = as_array<T>(obj, field.name, problems);
  if (!a) return {};
  keep.push_back(a);
  return view_of<N>(a, field, problems);
}

/// `array_view`, or none for None.
template <class T, std::size_t N>
std::optional<View<const T, N>> optional_view(std::vector<py::object>& keep, const py::object& obj,
                                              const Field<N>& field, Problems& problems) {
  if (obj.is_none()) return std::nullopt;
  return array_view<T, N>(keep, obj, field, problems);
}

Held<Places> make_places(const py::object& base, const py::object& classes, std::vector<capacity::PlaceChange> changes) {
  Held<Places> h;
  Problems problems;
  h.part.base = array_view<double, 2>(h.keep, base, {"capacity.places", {"region", "level"}}, problems);
  h.part.classes = optional_view<double, 2>(h.keep, classes, {"capacity.classes", {"region", "level"}}, problems);
  h.part.changes = std::move(changes);
  problems.throw_if_any();
  return h;
}

/// Takes a part (a bound Held<Part> or None) into the scenario; the part's Python object, and so
/// everything its views read, lives as long as the scenario.
template <class Held, class Part>
void take(std::optional<Part>& into, std::vector<py::object>& keep, const py::object& part, const char* name) {
  if (part.is_none()) return;
  if (!py::isinstance<Held>(part)) {
    throw InputError(name, "got " + std::string(py::str(py::type::of(part).attr("__name__"))) + "; expected the part or None");
  }
  into = part.cast<const Held&>().part;
  keep.push_back(part);
}

const Choices<capacity::Fill> fills{{"public_first", capacity::Fill::public_first},
                                    {"proportional", capacity::Fill::proportional}};
const Choices<GroupSum> group_sums{{"kahan", GroupSum::kahan}, {"reduceat", GroupSum::reduceat}};

Held<Preschool> make_preschool(index_t level, const py::object& places, const py::object& pupils,
                               std::vector<capacity::PlaceChange> changes, const std::string& fill,
                               const capacity::ShareTargets& targets, const capacity::NurseryNorm& norm) {
  Held<Preschool> h;
  Problems problems;
  h.part.level = level;
  h.part.places = array_view<double, 2>(h.keep, places, {"kindergartens.places", {"region", "sector"}}, problems);
  h.part.pupils = optional_view<double, 2>(h.keep, pupils, {"kindergartens.pupils", {"region", "sector"}}, problems);
  h.part.changes = std::move(changes);
  h.part.fill = choice("preschool.fill", fill, fills);
  h.part.targets = targets;
  h.part.norm = norm;
  problems.throw_if_any();
  return h;
}

/// Codes 0..limit of a one-byte enum, copied out of `codes` into `out`.
template <class E>
View<const E, 1> enum_view(std::vector<E>& out, std::vector<py::object>& keep, const py::object& codes,
                           std::uint8_t limit, const std::string& name, const std::string& expected, Problems& problems) {
  const auto v = array_view<std::uint8_t, 1>(keep, codes, {name, {"row"}}, problems);
  out.resize(static_cast<std::size_t>(v.shape(0)));
  for (index_t i = 0; i < v.shape(0); ++i) {
    if (v(i) > limit) problems.add(name + "[" + std::to_string(i) + "]", "got " + std::to_string(v(i)) + "; expected " + expected);
    out[static_cast<std::size_t>(i)] = static_cast<E>(v(i));
  }
  return View<const E, 1>(out.data(), {v.shape(0)});
}

Held<Recommendation> make_recommendation(const py::object& cost, const py::object& candidate,
                                         const py::object& capacity, const py::object& learners, index_t new_sites,
                                         int year, const coverage::SitingOptions& siting) {
  Held<Recommendation> h;
  Problems problems;
  auto c = cost_arg(cost);
  h.part.cost = c.matrix;
  h.keep = std::move(c.keep);
  h.part.candidate = array_view<std::uint8_t, 1>(h.keep, candidate, {"recommend.candidate", {"site"}}, problems);
  h.part.capacity = array_view<double, 1>(h.keep, capacity, {"recommend.capacity", {"site"}}, problems);
  h.part.learners = array_view<double, 1>(h.keep, learners, {"recommend.learners", {"site"}}, problems);
  h.part.new_sites = new_sites;
  h.part.year = year;
  h.part.siting = siting;
  problems.throw_if_any();
  return h;
}

/// The coverage part with the enum codes it views.
struct HeldCoverage : Held<Coverage> {
  std::vector<coverage::AreaKind> kinds;
  std::vector<coverage::Tier> tiers;
};

HeldCoverage make_coverage(index_t regions, const py::object& area_region, const py::object& area_kind,
                           const py::object& site_area, const py::object& capacity, const py::object& learners,
                           const py::object& tier, const py::object& open_year, const py::object& cost,
                           double max_cost, const coverage::Decay& decay, const coverage::CoverageTargets& targets,
                           const py::object& area_home, const py::object& area_population, index_t older_age,
                           const std::string& older_sum, const py::object& recommend) {
  HeldCoverage h;
  Problems problems;
  auto& m = h.part.metrics;
  m.regions = regions;
  m.area_region = array_view<index_t, 1>(h.keep, area_region, {"coverage.area_region", {"area"}}, problems);
  m.area_kind = enum_view(h.kinds, h.keep, area_kind, 2, "coverage.area_kind", "0 (other), 1 (township) or 2 (village)",
                          problems);
  m.site_area = array_view<index_t, 1>(h.keep, site_area, {"coverage.site_area", {"site"}}, problems);
  m.capacity = array_view<double, 1>(h.keep, capacity, {"coverage.capacity", {"site"}}, problems);
  m.learners = optional_view<double, 1>(h.keep, learners, {"coverage.learners", {"site"}}, problems);
  if (!tier.is_none()) {
    m.tier = enum_view(h.tiers, h.keep, tier, 2, "coverage.tier", "0 (point), 1 (school) or 2 (university)", problems);
  }
  m.open_year = array_view<double, 1>(h.keep, open_year, {"coverage.open_year", {"site"}}, problems);
  auto c = cost_arg(cost);
  m.cost = c.matrix;
  h.keep.insert(h.keep.end(), c.keep.begin(), c.keep.end());
  m.max_cost = max_cost;
  m.decay = decay;
  m.targets = targets;
  h.part.area_home = array_view<index_t, 1>(h.keep, area_home, {"coverage.area_home", {"area"}}, problems);
  h.part.area_population = array_view<double, 1>(h.keep, area_population, {"coverage.area_population", {"area"}}, problems);
  h.part.older_age = older_age;
  h.part.older_sum = choice("coverage.older_sum", older_sum, group_sums);
  take<Held<Recommendation>>(h.part.recommend, h.keep, recommend, "coverage.recommend");
  problems.throw_if_any();
  return h;
}

Held<Targets> make_targets(const py::object& years, const py::object& values, const py::object& offsets,
                           const py::object& target, const py::object& target_year, const py::object& baseline_year,
                           const py::object& direction, const py::object& limit, std::vector<std::string> labels,
                           const targets::AssessOptions& options) {
  Held<Targets> h;
  Problems problems;
  auto& s = h.part.series;
  s.years = array_view<double, 1>(h.keep, years, {"targets.years", {"row"}}, problems);
  s.values = array_view<double, 1>(h.keep, values, {"targets.values", {"row"}}, problems);
  s.offsets = array_view<std::int64_t, 1>(h.keep, offsets, {"targets.offsets", {"series"}}, problems);
  s.target = array_view<double, 1>(h.keep, target, {"targets.target", {"series"}}, problems);
  s.target_year = array_view<double, 1>(h.keep, target_year, {"targets.target_year", {"series"}}, problems);
  s.baseline_year = array_view<double, 1>(h.keep, baseline_year, {"targets.baseline_year", {"series"}}, problems);
  s.direction = array_view<double, 1>(h.keep, direction, {"targets.direction", {"series"}}, problems);
  s.limit = array_view<double, 1>(h.keep, limit, {"targets.limit", {"series"}}, problems);
  s.labels = std::move(labels);
  h.part.options = options;
  problems.throw_if_any();
  return h;
}

Held<WorkPlan> make_workplan(const py::object& target, const py::object& start, const py::object& deadline,
                             std::vector<std::string> labels, const py::object& item, const py::object& day,
                             const py::object& count, const targets::TrackOptions& options) {
  Held<WorkPlan> h;
  Problems problems;
  h.part.items.target = array_view<double, 1>(h.keep, target, {"workplan.target", {"item"}}, problems);
  h.part.items.start = array_view<std::int64_t, 1>(h.keep, start, {"workplan.start", {"item"}}, problems);
  h.part.items.deadline = array_view<std::int64_t, 1>(h.keep, deadline, {"workplan.deadline", {"item"}}, problems);
  h.part.items.labels = std::move(labels);
  h.part.progress.item = array_view<std::int64_t, 1>(h.keep, item, {"progress.item", {"row"}}, problems);
  h.part.progress.day = array_view<std::int64_t, 1>(h.keep, day, {"progress.day", {"row"}}, problems);
  h.part.progress.count = array_view<double, 1>(h.keep, count, {"progress.count", {"row"}}, problems);
  h.part.options = options;
  problems.throw_if_any();
  return h;
}

Held<Scenario> make_scenario(std::string name, int base_year, int horizon, std::vector<std::string> regions,
                             const PopulationInputs& population, double srb, std::array<double, 2> birth_survival,
                             std::vector<enrolment::Level> levels, const py::object& history, int births_first_year,
                             const py::object& births, int dwellings_first_year, const py::object& dwellings,
                             const enrolment::EnrolmentOptions& enrolment, const py::object& places,
                             const std::optional<Programme>& programme, const py::object& preschool,
                             const py::object& coverage, const py::object& targets, const py::object& workplan) {
  Held<Scenario> h;
  Problems problems;
  auto& s = h.part;
  s.name = std::move(name);
  s.base_year = base_year;
  s.horizon = horizon;
  s.regions = std::move(regions);
  s.population = population.views;
  h.keep.insert(h.keep.end(), {population.base, population.survival, population.fertility});
  if (population.migration) h.keep.push_back(*population.migration);
  if (population.births) h.keep.push_back(*population.births);
  s.birth.srb = srb;
  s.birth.birth_survival = birth_survival;
  s.levels = std::move(levels);
  s.history = array_view<double, 3>(h.keep, history, {"history", {"region", "year", "grade"}}, problems);
  s.births_first_year = births_first_year;
  s.births = array_view<double, 2>(h.keep, births, {"births", {"region", "year"}}, problems);
  s.dwellings_first_year = dwellings_first_year;
  s.dwellings = optional_view<double, 2>(h.keep, dwellings, {"dwellings", {"region", "year"}}, problems);
  s.enrolment = enrolment;
  problems.throw_if_any();
  take<Held<Places>>(s.places, h.keep, places, "places");
  s.programme = programme;
  take<Held<Preschool>>(s.preschool, h.keep, preschool, "preschool");
  take<HeldCoverage>(s.coverage, h.keep, coverage, "coverage");
  take<Held<Targets>>(s.targets, h.keep, targets, "targets");
  take<Held<WorkPlan>>(s.workplan, h.keep, workplan, "workplan");
  return h;
}


void bind_inputs(py::module_& m) {
  py::class_<Held<Places>>(m, "Places", "Places per region and level in the base year and how they change (DESIGN §2.3).")
      .def(py::init(&make_places), py::kw_only(), py::arg("base"), py::arg("classes") = py::none(),
           py::arg("changes") = std::vector<capacity::PlaceChange>{},
           "base, classes (R, L); changes: planned projects (places > 0) and closures (< 0).");
  value_class(m, "Programme", "The expansion programme's candidates and rules (DESIGN §2.4).",
              member("candidates", &Programme::candidates, "Candidate projects the scheduler may choose and time."),
              member("stages", &Programme::stages, "Stage years, one per level."),
              member("budget", &Programme::budget, "Budget per start year: one for every year, or one per year."),
              member("max_per_batch", &Programme::max_per_batch, "Candidates per batch; negative for no cap."),
              member("weights", &Programme::weights, "The objective's weights."),
              member("heuristic", &Programme::heuristic, "Settings of the heuristic."),
              member("levers", &Programme::levers, "Conversions, temporary places and crowding (DESIGN §2.4b)."));
  py::class_<Held<Preschool>>(m, "Preschool", "Kindergarten places by sector (DESIGN §2.5).")
      .def(py::init(&make_preschool), py::kw_only(), py::arg("level"), py::arg("places"), py::arg("pupils") = py::none(),
           py::arg("changes") = std::vector<capacity::PlaceChange>{}, py::arg("fill") = name_of(Preschool{}.fill, fills),
           py::arg("targets") = capacity::ShareTargets{}, py::arg("norm") = capacity::NurseryNorm{},
           "level: the kindergarten level's index; places, pupils (R, 3): public, inclusive, private in the base year; "
           "changes: planned public places and closures; fill \"public_first\" or \"proportional\".");
  py::class_<Held<Recommendation>>(m, "Recommendation", "New elder-education sites to recommend (DESIGN §2.6).")
      .def(py::init(&make_recommendation), py::kw_only(), py::arg("cost"), py::arg("candidate"), py::arg("capacity"),
           py::arg("learners"), py::arg("new_sites") = Recommendation{}.new_sites, py::arg("year") = 0,
           py::arg("siting") = coverage::SitingOptions{},
           "cost (n, m'): areas to existing sites and candidates; candidate (m') 1 for a candidate; year 0: the horizon.");
  py::class_<HeldCoverage>(m, "Coverage", "Elder-education coverage inputs (DESIGN §2.6).")
      .def(py::init(&make_coverage), py::kw_only(), py::arg("regions"), py::arg("area_region"), py::arg("area_kind"),
           py::arg("site_area"), py::arg("capacity"), py::arg("learners"), py::arg("tier"), py::arg("open_year"),
           py::arg("cost"), py::arg("max_cost"), py::arg("decay"), py::arg("targets"), py::arg("area_home"),
           py::arg("area_population"), py::arg("older_age") = Coverage{}.older_age,
           py::arg("older_sum") = name_of(Coverage{}.older_sum, group_sums), py::arg("recommend") = py::none(),
           "As coverage_metrics, with area_home (each area's scenario region) and area_population (its people aged "
           "older_age+ in the base year) instead of the population by year; older_sum \"kahan\" or \"reduceat\".");
  py::class_<Held<Targets>>(m, "Targets", "Indicator series and their targets (DESIGN §2.7).")
      .def(py::init(&make_targets), py::kw_only(), py::arg("years"), py::arg("values"), py::arg("offsets"),
           py::arg("target"), py::arg("target_year"), py::arg("baseline_year"), py::arg("direction"), py::arg("limit"),
           py::arg("labels") = std::vector<std::string>{}, py::arg("options") = targets::AssessOptions{},
           "The columns of assess_many and its options.");
  py::class_<Held<WorkPlan>>(m, "WorkPlan", "The year's work plan and its progress reports.")
      .def(py::init(&make_workplan), py::kw_only(), py::arg("target"), py::arg("start"), py::arg("deadline"),
           py::arg("labels"), py::arg("item"), py::arg("day"), py::arg("count"), py::arg("options"),
           "The columns of track and its options.");
  py::class_<Held<Scenario>>(m, "Scenario", "A scenario as arrays: what the chain reads (DESIGN §3).")
      .def(py::init(&make_scenario), py::kw_only(), py::arg("name"), py::arg("base_year"), py::arg("horizon"),
           py::arg("regions"), py::arg("population"), py::arg("srb") = population::StepParams{}.srb,
           py::arg("birth_survival") = population::StepParams{}.birth_survival, py::arg("levels"), py::arg("history"),
           py::arg("births_first_year"), py::arg("births"), py::arg("dwellings_first_year") = 0,
           py::arg("dwellings") = py::none(), py::arg("enrolment") = enrolment::EnrolmentOptions{},
           py::arg("places") = py::none(), py::arg("programme") = py::none(), py::arg("preschool") = py::none(),
           py::arg("coverage") = py::none(), py::arg("targets") = py::none(), py::arg("workplan") = py::none())
      .def_property_readonly("name", [](const Held<Scenario>& h) { return h.part.name; }, "The scenario's name.")
      .def_property_readonly("regions", [](const Held<Scenario>& h) { return h.part.regions; }, "Region names.");
  value_class(m, "RunOptions", "How to run the chain.",
              member("draws", &RunOptions::draws, "Monte Carlo draws for intervals; 0 for none."),
              member("seed", &RunOptions::seed, "Draw i uses random stream (seed, i)."),
              member("quantiles", &RunOptions::quantiles, "Quantiles of the intervals."),
              member("tfr_sd", &RunOptions::tfr_sd, "Standard deviation of the log fertility factor of a draw."),
              member("migration_sd", &RunOptions::migration_sd, "Standard deviation of the log migration factor."),
              member("land_years", &RunOptions::land_years,
                     "A schedule chosen elsewhere (the exact MILP): land year per candidate, -1 when not chosen."),
              member("levers", &RunOptions::levers, "The LeverPlan of that schedule, or None (no levers)."),
              member("threads", &RunOptions::threads, "Threads; 0 = default. Results do not depend on it."));
}


}  // namespace

void register_scenario(py::module_& m) {
  m.attr("DEFAULT_OLDER_AGE") = Coverage{}.older_age;
  m.attr("DEFAULT_NEW_SITES") = Recommendation{}.new_sites;
  bind_inputs(m);
  register_scenario_results(m);
  m.def(
      "project_regions",
      [](const Held<Scenario>& s, const RunOptions& o, index_t first, index_t count) {
        const py::gil_scoped_release release;
        return project_regions(s.part, o, first, count);
      },
      py::arg("scenario"), py::arg("options"), py::arg("first") = 0, py::arg("count") = -1,
      "Population, pupils and intervals of regions first .. first + count - 1 (all by default).");
  m.def(
      "join_regions",
      [](const std::vector<const RegionResults*>& parts) {
        // the list holds the parts for the call: read in place, not copied first
        const py::gil_scoped_release release;
        return join_regions(parts);
      },
      py::arg("parts"), "The results of consecutive slices of the regions, in order, as one.");
  m.def(
      "finish",
      [](const Held<Scenario>& s, const RunOptions& o, const RegionResults& regions) {
        RegionResults copy = regions;
        const py::gil_scoped_release release;
        return finish(s.part, o, std::move(copy));
      },
      py::arg("scenario"), py::arg("options"), py::arg("regions"),
      "Balance, programme, kindergarten shares, coverage, targets and the work plan on the regions' results.");
  m.def(
      "run",
      [](const Held<Scenario>& s, const RunOptions& o) {
        const py::gil_scoped_release release;
        return run(s.part, o);
      },
      py::arg("scenario"), py::arg("options"), "The whole chain over all regions.");
}

}  // namespace edplan::python
