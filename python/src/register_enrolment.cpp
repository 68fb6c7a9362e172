// SPDX-License-Identifier: MIT
// Bindings of edplan::enrolment: arrays in, arrays out; the Python layer owns the tables.
#include "bindings.hpp"

#include <edplan/enrolment.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace edplan::python {
namespace {

using enrolment::Kind;
using enrolment::Level;

// (name, kind, first, last, entry_age, class_size, yield, ger points or None)
using LevelSpec = std::tuple<std::string, std::string, int, int, int, double, double,
                             std::optional<std::vector<std::pair<int, double>>>>;

enrolment::GradeAxis axis_of(const std::vector<LevelSpec>& specs) {
  std::vector<Level> levels;
  Problems problems;
  for (const auto& [name, kind, first, last, entry_age, class_size, yield, ger] : specs) {
    Level v{name, kind == "rate" ? Kind::rate : Kind::progression, first, last, entry_age, class_size, yield, {}};
    if (kind != "rate" && kind != "progression") {
      problems.add("levels." + name + ".kind", "got \"" + kind + "\"; expected \"rate\" or \"progression\"");
    }
    if (ger) {
      try {
        v.ger = YearPath(*ger, "levels." + name + ".ger");
      } catch (const InputError& e) {
        for (const auto& p : e.problems()) problems.add(p.where, p.message);
      }
    }
    levels.push_back(std::move(v));
  }
  problems.throw_if_any();
  return enrolment::GradeAxis(std::move(levels));
}

// Keeps the numpy arrays alive while the views into them are used.
struct Arrays {
  DoubleArray history, births;
  std::optional<DoubleArray> projected_births, population, dwellings;
  enrolment::EnrolmentInputs in;
  enrolment::EnrolmentOptions opt;
};

void load(Arrays& a, const py::object& history, int base_year, int horizon, const py::object& births,
          int births_first_year, const py::object& projected_births, const py::object& population,
          const py::object& dwellings, int dwellings_first_year, std::vector<std::string> regions,
          const std::string& method, int k, double alpha, double ramp, int threads) {
  Problems problems;
  a.history = as_double_array(history, "history", problems);
  a.births = as_double_array(births, "births", problems);
  if (!projected_births.is_none()) a.projected_births = as_double_array(projected_births, "projected_births", problems);
  if (!population.is_none()) a.population = as_double_array(population, "population", problems);
  if (!dwellings.is_none()) a.dwellings = as_double_array(dwellings, "dwellings", problems);
  if (method != "mean" && method != "ses") {
    problems.add("method", "got \"" + method + "\"; expected \"mean\" or \"ses\"");
  }
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
  a.opt.method = {method == "ses" ? enrolment::RatioMethod::ses : enrolment::RatioMethod::mean, k, alpha};
  a.opt.ramp = ramp;
  a.opt.threads = threads;
}

py::tuple project(const std::vector<LevelSpec>& levels, const py::object& history, int base_year, int horizon,
                  const py::object& births, int births_first_year, const py::object& projected_births,
                  const py::object& population, const py::object& dwellings, int dwellings_first_year,
                  std::vector<std::string> regions, const std::string& method, int k, double alpha, double ramp,
                  int threads) {
  const auto axis = axis_of(levels);
  Arrays a;
  load(a, history, base_year, horizon, births, births_first_year, projected_births, population, dwellings,
       dwellings_first_year, std::move(regions), method, k, alpha, ramp, threads);
  std::optional<enrolment::EnrolmentProjection> p;
  {
    const py::gil_scoped_release release;
    p = enrolment::project(axis, a.in, a.opt);
  }
  return py::make_tuple(to_numpy(std::move(p->pupils)), to_numpy(std::move(p->housing)), to_numpy(std::move(p->ratios)),
                        to_numpy(std::move(p->observed)));
}

// The population chain each draw re-projects: (base, survival, fertility, migration, births, srb, birth_survival).
using ChainSpec = std::tuple<py::object, py::object, py::object, py::object, py::object, double, std::array<double, 2>>;

py::tuple simulate(const std::vector<LevelSpec>& levels, const py::object& history, int base_year, int horizon,
                   const py::object& births, int births_first_year, const py::object& projected_births,
                   const py::object& population, const py::object& dwellings, int dwellings_first_year,
                   std::vector<std::string> regions, const std::string& method, int k, double alpha, double ramp,
                   int threads, index_t draws, std::uint64_t seed, std::vector<double> quantiles, double tfr_sd,
                   double migration_sd, const std::optional<ChainSpec>& chain, std::uint64_t first_region) {
  const auto axis = axis_of(levels);
  Arrays a;
  load(a, history, base_year, horizon, births, births_first_year, projected_births, population, dwellings,
       dwellings_first_year, std::move(regions), method, k, alpha, ramp, threads);
  enrolment::DrawOptions d{draws, seed, std::move(quantiles), tfr_sd, migration_sd, first_region};
  std::optional<enrolment::PopulationChain> pc;
  DoubleArray base, survival, fertility;
  std::optional<DoubleArray> migration, observed;
  if (chain) {
    Problems problems;
    const auto& [b, s, f, m, o, srb, sb] = *chain;
    base = as_double_array(b, "chain.base", problems);
    survival = as_double_array(s, "chain.survival", problems);
    fertility = as_double_array(f, "chain.fertility", problems);
    if (!m.is_none()) migration = as_double_array(m, "chain.migration", problems);
    if (!o.is_none()) observed = as_double_array(o, "chain.births", problems);
    problems.throw_if_any();
    pc.emplace();
    pc->inputs.base = view_of<3>(base, {"chain.base", {"region", "sex", "age"}}, problems);
    pc->inputs.survival = view_of<4>(survival, {"chain.survival", {"region", "year", "sex", "age"}}, problems);
    pc->inputs.fertility = view_of<3>(fertility, {"chain.fertility", {"region", "year", "age"}}, problems);
    if (migration) pc->inputs.migration = view_of<4>(*migration, {"chain.migration", {"region", "year", "sex", "age"}}, problems);
    if (observed) pc->inputs.births = view_of<2>(*observed, {"chain.births", {"region", "year"}}, problems);
    problems.throw_if_any();
    pc->options.years = horizon - base_year;
    pc->options.srb = srb;
    pc->options.birth_survival = sb;
  }
  std::optional<enrolment::EnrolmentIntervals> out;
  {
    const py::gil_scoped_release release;
    out = enrolment::simulate(axis, a.in, a.opt, d, pc);
  }
  return py::make_tuple(to_numpy(std::move(out->grades)), to_numpy(std::move(out->levels)));
}

}  // namespace

void register_enrolment(py::module_& m) {
  m.def("check_levels", [](const std::vector<LevelSpec>& levels) { (void)axis_of(levels); }, py::arg("levels"),
        "Raises InputError listing every inconsistency of the levels (see GradeAxis).");
  const auto common = [](auto&&... more) {
    return std::make_tuple(py::arg("levels"), py::arg("history"), py::kw_only(), py::arg("base_year"),
                           py::arg("horizon"), py::arg("births"), py::arg("births_first_year"),
                           py::arg("projected_births") = py::none(), py::arg("population") = py::none(),
                           py::arg("dwellings") = py::none(), py::arg("dwellings_first_year") = 0,
                           py::arg("regions") = std::vector<std::string>{}, py::arg("method") = "mean",
                           py::arg("k") = 3, py::arg("alpha") = 0.4, py::arg("ramp") = 3.0, py::arg("threads") = 0,
                           more...);
  };
  std::apply([&](auto&&... args) {
    m.def("project", &project, args...,
          "Enrolment projection on arrays; returns (pupils (R,T,G), housing (R,T,L), ratios (R,G), observed (R,G,H)).");
  }, common());
  std::apply([&](auto&&... args) {
    m.def("simulate", &simulate, args...,
          "Monte Carlo quantiles; returns (grades (R,T,G,Q), levels (R,T,L,Q)).");
  }, common(py::arg("draws"), py::arg("seed") = 1, py::arg("quantiles") = std::vector<double>{0.1, 0.5, 0.9},
            py::arg("tfr_sd") = 0.1, py::arg("migration_sd") = 0.2, py::arg("chain") = py::none(),
            py::arg("first_region") = 0));
}

}  // namespace edplan::python
