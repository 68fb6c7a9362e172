// SPDX-License-Identifier: MIT
// Bindings of edplan::enrolment: levels, options and results as bound classes with named
// fields; arrays in, arrays out; the Python layer owns the tables.
#include "bindings.hpp"

#include <edplan/enrolment.hpp>

#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {

using enrolment::Kind;
using enrolment::Level;
using enrolment::RatioMethod;

const Choices<Kind> kinds{{"rate", Kind::rate}, {"progression", Kind::progression}, {"transition", Kind::transition}};
const Choices<RatioMethod::Rule> rules{{"mean", RatioMethod::mean},
                                       {"ses", RatioMethod::ses},
                                       {"damped", RatioMethod::damped},
                                       {"auto", RatioMethod::automatic}};

std::string kind_name(Kind k) { return name_of(k, kinds); }

std::string rule_name(RatioMethod::Rule r) { return name_of(r, rules); }

/// -1 (none) as None.
std::optional<int> optional_age(int age) { return age < 0 ? std::nullopt : std::optional<int>(age); }

/// A {year: value} map as a YearPath named `where` (empty for None).
YearPath year_path(const std::optional<std::map<int, double>>& points, const std::string& where) {
  return points ? YearPath(std::vector<YearPath::Point>(points->begin(), points->end()), where) : YearPath{};
}

/// A YearPath as {year: value}, None when empty.
std::optional<std::map<int, double>> path_points(const YearPath& path) {
  if (path.empty()) return std::nullopt;
  return std::map<int, double>(path.points().begin(), path.points().end());
}

Level make_level(std::string name, const std::string& kind, int first, int last, std::optional<int> entry_age,
                 double class_size, double yield, const std::optional<std::map<int, double>>& ger,
                 const std::optional<std::map<int, double>>& share, const std::optional<std::string>& complement) {
  const std::string where = "levels." + name;
  const Kind k = choice(where + ".kind", kind, kinds);
  return Level{std::move(name), k,   first, last, entry_age.value_or(-1), class_size, yield, year_path(ger, where + ".ger"),
               year_path(share, where + ".share"), complement.value_or("")};
}

RatioMethod make_method(const std::string& rule, int k, double alpha) {
  return {choice("method", rule, rules), k, alpha};
}

/// enrolment::PopulationChain with the arrays its views read.
struct Chain {
  PopulationInputs inputs;
  population::ProjectionOptions options;
};

// Keeps the numpy arrays alive while the views into them are used.
struct Arrays {
  DoubleArray history, births;
  std::optional<DoubleArray> projected_births, population, dwellings;
  enrolment::EnrolmentInputs in;
};

void load(Arrays& a, const py::object& history, int base_year, int horizon, const py::object& births,
          int births_first_year, const py::object& projected_births, const py::object& population,
          const py::object& dwellings, int dwellings_first_year, std::vector<std::string> regions) {
  Problems problems;
  a.history = as_double_array(history, "history", problems);
  a.births = as_double_array(births, "births", problems);
  if (!projected_births.is_none()) a.projected_births = as_double_array(projected_births, "projected_births", problems);
  if (!population.is_none()) a.population = as_double_array(population, "population", problems);
  if (!dwellings.is_none()) a.dwellings = as_double_array(dwellings, "dwellings", problems);
  problems.throw_if_any();
  auto& in = a.in;
  in.base_year = base_year;
  in.horizon = horizon;
  in.history = view_of<3>(a.history, {"history", {"region", "year", "grade"}}, problems);
  in.births_first_year = births_first_year;
  in.births = view_of<2>(a.births, {"births", {"region", "year"}}, problems);
  if (a.projected_births) in.projected_births = view_of<2>(*a.projected_births, {"projected_births", {"region", "year"}}, problems);
  if (a.population) in.population = view_of<4>(*a.population, {"population", {"region", "year", "sex", "age"}}, problems);
  if (a.dwellings) in.dwellings = view_of<2>(*a.dwellings, {"dwellings", {"region", "year"}}, problems);
  in.dwellings_first_year = dwellings_first_year;
  in.regions = std::move(regions);
  problems.throw_if_any();
}

enrolment::EnrolmentProjection project(std::vector<Level> levels, const py::object& history, int base_year,
                                       int horizon, const py::object& births, int births_first_year,
                                       const py::object& projected_births, const py::object& population,
                                       const py::object& dwellings, int dwellings_first_year,
                                       std::vector<std::string> regions, const enrolment::EnrolmentOptions& options) {
  const enrolment::GradeAxis axis(std::move(levels));
  Arrays a;
  load(a, history, base_year, horizon, births, births_first_year, projected_births, population, dwellings,
       dwellings_first_year, std::move(regions));
  const py::gil_scoped_release release;
  return enrolment::project(axis, a.in, options);
}

enrolment::EnrolmentIntervals simulate(std::vector<Level> levels, const py::object& history, int base_year, int horizon,
                                       const py::object& births, int births_first_year,
                                       const py::object& projected_births, const py::object& population,
                                       const py::object& dwellings, int dwellings_first_year,
                                       std::vector<std::string> regions, const enrolment::EnrolmentOptions& options,
                                       const enrolment::DrawOptions& draws, const std::optional<Chain>& chain) {
  const enrolment::GradeAxis axis(std::move(levels));
  Arrays a;
  load(a, history, base_year, horizon, births, births_first_year, projected_births, population, dwellings,
       dwellings_first_year, std::move(regions));
  std::optional<enrolment::PopulationChain> pc;
  if (chain) pc = enrolment::PopulationChain{chain->inputs.views, chain->options};
  const py::gil_scoped_release release;
  return enrolment::simulate(axis, a.in, options, draws, pc);
}

void bind_level(py::module_& m) {
  const Level d{};
  py::class_<Level> level(m, "Level",
                          "One school level (DESIGN §2.2): a rate level (pupils = enrolment rate x population of "
                          "its single ages first..last), a progression level (grades first..last entered from "
                          "births entry_age years earlier, or following grade first - 1 of another level) or a "
                          "transition level (grade first takes share(t) of grade first - 1's pupils a year "
                          "earlier; the level named by complement takes 1 - share(t)).");
  level
      .def(py::init(&make_level), py::kw_only(), py::arg("name"), py::arg("kind") = kind_name(d.kind),
           py::arg("first") = d.first, py::arg("last") = d.last, py::arg("entry_age") = optional_age(d.entry_age),
           py::arg("class_size") = d.class_size, py::arg("yield_") = d.yield, py::arg("ger") = py::none(),
           py::arg("share") = py::none(), py::arg("complement") = py::none(),
           "Raises InputError naming levels.<name>.kind for a kind other than \"rate\", \"progression\" or "
           "\"transition\" and levels.<name>.ger[year] or .share[year] for a bad point of a path; the rest is "
           "checked with all levels together (check_levels).")
      .def_readonly("name", &Level::name, "Name, unique among levels.")
      .def_property_readonly("kind", [](const Level& v) { return kind_name(v.kind); },
                             "\"rate\", \"progression\" or \"transition\".")
      .def_readonly("first", &Level::first, "First grade number (progression, transition) or first single age (rate).")
      .def_readonly("last", &Level::last, "Last grade number (progression, transition) or last single age (rate).")
      .def_property_readonly(
          "entry_age", [](const Level& v) { return optional_age(v.entry_age); },
          "Progression: the age at entry to grade `first`; None when it follows grade first - 1 of another level.")
      .def_readonly("class_size", &Level::class_size, "Pupils per class by the norm.")
      .def_readonly("yield_", &Level::yield, "Pupils per completed dwelling (housing yield).")
      .def_property_readonly("ger", [](const Level& v) { return path_points(v.ger); },
                             "Rate levels: the enrolment-rate path {year: rate}; None for the base-year ratio.")
      .def_property_readonly("share", [](const Level& v) { return path_points(v.share); },
                             "Transition levels: the share path {year: share of grade first - 1's pupils a year "
                             "earlier}; None to estimate it from the history.")
      .def_property_readonly(
          "complement", [](const Level& v) { return v.complement.empty() ? std::nullopt : std::optional<std::string>(v.complement); },
          "Transition levels: the level whose first grade takes 1 - share(t) of the same pupils; None for none.")
      .def_property_readonly("grades", &Level::grades, "The number of grades (progression, transition) or ages (rate).");
  value_struct(level, {"name", "kind", "first", "last", "entry_age", "class_size", "yield_", "ger", "share", "complement"});

  m.def("default_levels", &enrolment::default_levels,
        "Kindergarten ages 3-5 by rate (class size 30), primary grades 1-6 entered at age 6 (45), junior grades "
        "7-9 (50).");
  m.def("senior_level", &enrolment::senior_level, "Senior secondary grades 10-12 following grade 9 (class size 50).");
  m.def("check_levels", [](std::vector<Level> levels) { (void)enrolment::GradeAxis(std::move(levels)); },
        py::arg("levels"), "Raises InputError listing every inconsistency of the levels (see GradeAxis).");
}

void bind_options(py::module_& m) {
  const RatioMethod dm{};
  py::class_<RatioMethod> ratio_method(m, "RatioMethod", "How observed ratios become the projected ratio.");
  ratio_method
      .def(py::init(&make_method), py::kw_only(), py::arg("rule") = rule_name(dm.rule), py::arg("k") = dm.k,
           py::arg("alpha") = dm.alpha,
           "Raises InputError naming `method` for a rule other than \"mean\", \"ses\", \"damped\" or \"auto\".")
      .def_property_readonly("rule", [](const RatioMethod& r) { return rule_name(r.rule); },
                             "\"mean\" of the last k observed values, \"ses\" (simple exponential smoothing), "
                             "\"damped\" (damped trend of the last k) or \"auto\" (the best of these per region "
                             "and level on the history).")
      .def_readonly("k", &RatioMethod::k, "Values averaged by \"mean\" or fitted by \"damped\".")
      .def_readonly("alpha", &RatioMethod::alpha, "Smoothing weight of \"ses\" on the newest value, in (0, 1].");
  value_struct(ratio_method, {"rule", "k", "alpha"});

  using enrolment::EnrolmentOptions;
  value_class(m, "EnrolmentOptions", "Settings of an enrolment projection.",
              member("method", &EnrolmentOptions::method, "How observed ratios become projected ones."),
              member("ramp", &EnrolmentOptions::ramp, "Years until a completed dwelling yields fully."),
              member("threads", &EnrolmentOptions::threads, "Threads over regions; 0 = default. Results do not depend on it."));
  using enrolment::DrawOptions;
  value_class(m, "DrawOptions", "Settings of the Monte Carlo intervals.",
              member("draws", &DrawOptions::draws, "The number of draws (> 0)."),
              member("seed", &DrawOptions::seed, "The seed: draw i uses random stream (seed, i)."),
              member("quantiles", &DrawOptions::quantiles, "The quantiles reported, each in [0, 1]."),
              member("tfr_sd", &DrawOptions::tfr_sd, "Standard deviation of the log of a draw's fertility factor."),
              member("migration_sd", &DrawOptions::migration_sd,
                     "Standard deviation of the log of a draw's migration factor."),
              member("first_region", &DrawOptions::first_region,
                     "The position of region 0 among the whole run's regions (region r draws from stream "
                     "(seed, i, 1 + first_region + r))."));

  py::class_<Chain>(m, "PopulationChain",
                    "The population projection every draw re-runs with its fertility and migration scaled; its "
                    "births and population replace the ones given to simulate. options.years must be horizon - "
                    "base_year.")
      .def(py::init([](const PopulationInputs& inputs, const population::ProjectionOptions& options) {
             return Chain{inputs, options};
           }),
           py::kw_only(), py::arg("inputs"), py::arg("options"))
      .def_readonly("inputs", &Chain::inputs)
      .def_readonly("options", &Chain::options);
}

void bind_results(py::module_& m) {
  using enrolment::EnrolmentProjection;
  py::class_<EnrolmentProjection> p(m, "EnrolmentProjection", "The result of project.");
  array_property(p, "pupils", &EnrolmentProjection::pupils,
                 "(R, T, G) pupils by region, projected year (base_year+1 ..) and grade, housing included.");
  array_property(p, "housing", &EnrolmentProjection::housing,
                 "(R, T, L) the housing additions included in pupils, by level.");
  array_property(p, "ratios", &EnrolmentProjection::ratios,
                 "(R, G) the projected ratio of each grade: ER, GPR, or for rate grades the enrolment rate observed "
                 "in the base year.");
  array_property(p, "observed", &EnrolmentProjection::observed,
                 "(R, G, H) the observed ratios they were estimated from (NaN where not observed).");
  array_property(p, "methods", &EnrolmentProjection::methods,
                 "(R, L, 3) each region and level's ratio method as (rule, k, alpha), the rule numbered 0 mean, "
                 "1 ses, 2 damped: the method given, or what \"auto\" chose.");

  using enrolment::EnrolmentIntervals;
  py::class_<EnrolmentIntervals> q(m, "EnrolmentIntervals", "The result of simulate: quantiles of the draws.");
  array_property(q, "grades", &EnrolmentIntervals::grades, "(R, T, G, Q) quantiles of pupils by grade.");
  array_property(q, "levels", &EnrolmentIntervals::levels,
                 "(R, T, L, Q) quantiles of level totals (quantiles of sums, not sums of quantiles).");
  array_property(q, "errors", &EnrolmentIntervals::errors,
                 "(R, T, L) rolling-origin errors behind each level's interval at each lead; below 5 the quantiles "
                 "are NaN. 0 for rate levels (population draws only).");
}

}  // namespace

void register_enrolment(py::module_& m) {
  bind_level(m);
  bind_options(m);
  bind_results(m);
  const auto common = [](auto&&... more) {
    return std::make_tuple(py::arg("levels"), py::arg("history"), py::kw_only(), py::arg("base_year"),
                           py::arg("horizon"), py::arg("births"), py::arg("births_first_year"),
                           py::arg("projected_births") = py::none(), py::arg("population") = py::none(),
                           py::arg("dwellings") = py::none(), py::arg("dwellings_first_year") = 0,
                           py::arg("regions") = std::vector<std::string>{},
                           py::arg("options") = enrolment::EnrolmentOptions{}, more...);
  };
  std::apply([&](auto&&... args) {
    m.def("project", &project, args...,
          "Enrolment projection on arrays: history (R, H, G), births (R|1, NB), projected_births (R|1, T), "
          "population (R, T+1, 2, A+1), dwellings (R|1, ND).");
  }, common());
  m.def(
      "project_series",
      [](const py::object& values, const RatioMethod& method, int lead) {
        Problems problems;
        const DoubleArray a = as_double_array(values, "values", problems);
        const auto v = view_of<1>(a, {"values", {"year"}}, problems);
        enrolment::check_method(problems, method, "method.resolved");
        problems.throw_if_any();
        return enrolment::project_ratio(v, method, lead);
      },
      py::arg("values"), py::kw_only(), py::arg("method"), py::arg("lead") = 1,
      "The value `lead` years after the last of `values` (oldest first, NaN = not observed) by a "
      "resolved method (not \"auto\"): what project does with each ratio series.");
  m.def(
      "choose_methods",
      [](const py::object& series, const RatioMethod& method) {
        Problems problems;
        const DoubleArray a = as_double_array(series, "series", problems);
        const auto v = view_of<2>(a, {"series", {"region", "year"}}, problems);
        problems.throw_if_any();
        // Each series is the one grade of a one-grade level: the choice project makes per region and level.
        Level one;
        one.name = "series";
        one.kind = Kind::progression;
        one.first = one.last = 1;
        one.entry_age = 0;
        const enrolment::GradeAxis axis({one});
        NdArray<double, 3> observed({v.shape(0), 1, v.shape(1)});
        for (index_t r = 0; r < v.shape(0); ++r)
          for (index_t h = 0; h < v.shape(1); ++h) observed(r, 0, h) = v(r, h);
        return to_numpy(enrolment::method_table(enrolment::choose_methods(axis, observed.view(), method), v.shape(0), 1));
      },
      py::arg("series"), py::kw_only(), py::arg("method") = RatioMethod{RatioMethod::automatic, 3, 0.4},
      "The method of each row of `series` (S, H) as (S, 1, 3) (rule, k, alpha): for \"auto\", the candidate "
      "with the lowest rolling-origin error on the row's own values (pooled over rows with fewer than 4 "
      "origins), as project chooses ratio methods.");
  std::apply([&](auto&&... args) {
    m.def("simulate", &simulate, args..., "Monte Carlo quantiles of the projection of project.");
  }, common(py::arg("draws"), py::arg("chain") = py::none()));
}

}  // namespace edplan::python
