// SPDX-License-Identifier: MIT
// Bindings of edplan::coverage: decays, catchments, floating catchments and the siting
// heuristics (the metrics, the older population and the recommendation of new sites are in
// register_coverage_metrics.cpp, the capacitated search in register_capacitated.cpp).
// Cost matrices arrive as a float64 C-ordered (n, m) array or as the CSR triple that
// edplan.coverage builds from scipy.sparse; the GIL is released around every kernel.
#include "bindings.hpp"
#include "cost_arg.hpp"

#include <edplan/coverage.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edplan::python {
namespace {

using namespace edplan::coverage;

/// A catchment built once and reused: the links within max_cost with their costs.
struct Catchment {
  Links links;
  double max_cost = std::numeric_limits<double>::infinity();
};

/// Demand points and sites in the plane (cost = scale x distance), with the arrays it views.
struct Coordinates {
  DoubleArray demand_xy, supply_xy;
  PointCosts points;
};

Coordinates make_coordinates(const py::object& demand_obj, const py::object& supply_obj, double scale) {
  Problems problems;
  Coordinates c;
  c.demand_xy = as_double_array(demand_obj, "demand_xy", problems);
  c.supply_xy = as_double_array(supply_obj, "supply_xy", problems);
  problems.throw_if_any();
  c.points.demand_xy = view_of<2>(c.demand_xy, {"demand_xy", {"demand", "axis"}}, problems);
  c.points.supply_xy = view_of<2>(c.supply_xy, {"supply_xy", {"supply", "axis"}}, problems);
  c.points.scale = scale;
  problems.throw_if_any();
  validate(problems, c.points);
  problems.throw_if_any();
  return c;
}

Decay make_step(const py::object& steps) {
  std::vector<std::pair<double, double>> items;
  try {
    for (const auto& [k, v] : steps.cast<py::dict>()) items.emplace_back(k.cast<double>(), v.cast<double>());
  } catch (const py::cast_error&) {
    throw InputError("decay", "got " + std::string(py::str(steps)) + "; expected steps {cost threshold: weight}");
  }
  std::sort(items.begin(), items.end());
  std::vector<double> t, v;
  for (const auto& [a, b] : items) {
    t.push_back(a);
    v.push_back(b);
  }
  return Decay::step(std::move(t), std::move(v));
}

Decay make_stepped(const py::object& steps, const py::object& weights) {
  std::vector<double> s, w;
  try {
    s = steps.cast<std::vector<double>>();
  } catch (const py::cast_error&) {
    throw InputError("decay.steps", "got " + std::string(py::str(steps)) + "; expected a sequence of costs");
  }
  try {
    w = weights.cast<std::vector<double>>();
  } catch (const py::cast_error&) {
    throw InputError("decay.weights", "got " + std::string(py::str(weights)) + "; expected a sequence of weights");
  }
  return Decay::stepped(std::move(s), std::move(w));
}

Decay checked(Decay d) {
  Problems problems;
  validate(problems, d, "decay");
  problems.throw_if_any();
  return d;
}

std::string kind_name(DecayKind k) {
  static const std::map<DecayKind, std::string> names{{DecayKind::none, "none"},       {DecayKind::step, "step"},
                                                      {DecayKind::linear, "linear"},   {DecayKind::gaussian, "gaussian"},
                                                      {DecayKind::gravity, "gravity"}, {DecayKind::exponential, "exponential"},
                                                      {DecayKind::logistic, "logistic"}, {DecayKind::stepped, "stepped"}};
  return names.at(k);
}

Measure measure_of(const std::string& name) {
  static const Choices<Measure> measures{{"two_step", Measure::two_step},
                                         {"three_step", Measure::three_step},
                                         {"weighted_catchment", Measure::weighted_catchment},
                                         {"bfca", Measure::bfca},
                                         {"spatial_availability", Measure::spatial_availability}};
  return choice("measure", name, measures);
}

py::array_t<double> fca(const std::string& measure_name, const py::object& demand_obj, const py::object& supply_obj,
                        const py::object& cost_obj, const std::vector<Decay>& decays, const FcaOptions& opt) {
  const Measure measure = measure_of(measure_name);
  Problems problems;
  const auto demand_a = as_double_array(demand_obj, "demand", problems);
  const auto supply_a = as_double_array(supply_obj, "supply", problems);
  problems.throw_if_any();
  const auto demand = view_of<2>(demand_a, {"demand", {"year", "demand"}}, problems);
  const auto supply = view_of<2>(supply_a, {"supply", {"year", "supply"}}, problems);
  problems.throw_if_any();
  if (py::isinstance<Catchment>(cost_obj)) {
    const auto& c = cost_obj.cast<const Catchment&>();
    validate_fca(problems, demand, supply, c.links.rows, c.links.cols, decays, opt);
    problems.throw_if_any();
    auto [out, out_v] = new_array<double, 3>({static_cast<index_t>(decays.size()), demand.shape(0), c.links.rows});
    {
      const py::gil_scoped_release release;
      floating_catchment_into(measure, demand, supply, c.links, decays, opt, out_v);
    }
    return out;
  }
  NdArray<double, 3> result;
  if (py::isinstance<Coordinates>(cost_obj)) {
    const auto& c = cost_obj.cast<const Coordinates&>();
    const py::gil_scoped_release release;
    result = floating_catchment(measure, demand, supply, c.points, decays, opt);
  } else {
    const auto cost = cost_arg(cost_obj);
    const py::gil_scoped_release release;
    result = floating_catchment(measure, demand, supply, cost.matrix, decays, opt);
  }
  return to_numpy(std::move(result));
}

enum class Model { mclp, p_median, lscp, lscp_b, p_center };

SitingResult siting(const std::string& model_name, const py::object& cost_obj, const py::object& demand_obj,
                    double max_cost, index_t p, const std::vector<index_t>& fixed, const SitingOptions& opt) {
  static const Choices<Model> models{{"mclp", Model::mclp},     {"p_median", Model::p_median}, {"lscp", Model::lscp},
                                     {"lscp_b", Model::lscp_b}, {"p_center", Model::p_center}};
  const Model model = choice("model", model_name, models);
  Problems problems;
  DoubleArray demand_a;
  View<const double, 1> demand;
  if (!demand_obj.is_none()) {
    demand_a = as_double_array(demand_obj, "demand", problems);
    problems.throw_if_any();
    demand = view_of<1>(demand_a, {"demand", {"demand"}}, problems);
    problems.throw_if_any();
  }
  const auto cost = cost_arg(cost_obj);
  const py::gil_scoped_release release;
  if (model == Model::mclp) return mclp(cost.matrix, demand, max_cost, p, fixed, opt);
  if (model == Model::p_median) return p_median(cost.matrix, demand, p, fixed, opt);
  if (model == Model::lscp_b) return lscp_b(cost.matrix, max_cost, fixed, opt);
  if (model == Model::p_center) return p_center(cost.matrix, p, fixed, opt);
  return lscp(cost.matrix, max_cost, fixed, opt);
}


void bind_options(py::module_& m) {
  value_class(m, "FcaOptions", "Settings shared by the floating-catchment measures.",
              member("max_cost", &FcaOptions::max_cost, "Links with a cost above it do not count (inf: every finite link)."),
              member("alpha", &FcaOptions::alpha, "The exponent of demand in spatial availability."),
              member("threads", &FcaOptions::threads, "Threads; 0 = default_threads(). Results do not depend on it."),
              member("dense_budget", &FcaOptions::dense_budget, "The largest dense cost matrix accepted, in bytes."));
  value_class(m, "SitingOptions", "Settings of the siting heuristics.",
              member("max_swaps", &SitingOptions::max_swaps, "At most this many improving swaps per descent."),
              member("rounds", &SitingOptions::rounds, "Rounds of iterated local search after the first local optimum."),
              member("seed", &SitingOptions::seed, "Seed of the perturbations; results are deterministic for a seed."),
              member("dense_budget", &SitingOptions::dense_budget, "The largest dense cost matrix accepted, in bytes."),
              member("threads", &SitingOptions::threads,
                     "Threads for building the catchment and for the bound's passes (0 = default); results do not depend on it."),
              member("bound_iterations", &SitingOptions::bound_iterations,
                     "Subgradient steps of the Lagrangian bound (MCLP, p-median); 0: the start only, < 0: none."));

  py::class_<SitingResult> result(m, "SitingResult", "Chosen sites and the objective of one siting heuristic.");
  array_property(result, "sites", &SitingResult::sites, "Chosen candidate columns, fixed sites included, in increasing order.");
  result.def_readonly("objective", &SitingResult::objective,
                      "Population covered (MCLP), sum of demand x cost to the nearest chosen site (p-median), the "
                      "number of sites (LSCP, LSCP-B), or the largest cost to the nearest chosen site (p-center).");
  array_property(result, "greedy_order", &SitingResult::greedy_order,
                 "The order in which the greedy step added non-fixed sites (before swaps).");
  result.def_readonly("swaps", &SitingResult::swaps, "Improving swaps applied after the greedy step.")
      .def_readonly("unserved", &SitingResult::unserved,
                    "Demand no chosen site serves (MCLP, p-median), or the demand points no candidate covers (LSCP).")
      .def_readonly("backup", &SitingResult::backup, "LSCP-B only: the demand points that at least two chosen sites cover.")
      .def_readonly("bound", &SitingResult::bound,
                    "MCLP: an upper bound on the population any p sites cover; p-median: a lower bound on the optimum's "
                    "cost (Lagrangian relaxation); NaN when not computed.")
      .def_readonly("gap", &SitingResult::gap,
                    "|bound - objective| / max(|bound|, |objective|): at most this far from the optimum (NaN: no bound).");
}

}  // namespace

void register_coverage(py::module_& m) {
  bind_options(m);
  py::class_<Decay>(m, "Decay",
                    "A distance decay w(c); build one with Decay.step/stepped/linear/gaussian/gravity/exponential/logistic/none.")
      .def_static("none", [] { return Decay::none(); }, "w = 1 inside the catchment.")
      .def_static("step", [](const py::object& steps) { return checked(make_step(steps)); }, py::arg("steps"),
                  "Right-closed steps {threshold: weight} (PySAL access): w = weight of the first threshold >= c, 0 beyond.")
      .def_static("stepped", [](const py::object& steps, const py::object& weights) { return checked(make_stepped(steps, weights)); },
                  py::arg("steps"), py::arg("weights"),
                  "Lower-boundary steps (R accessibility's decay_stepped): w = 1 below steps[0], weights[k] from steps[k] "
                  "up to the next step, weights[-1] from the last step on (a non-zero tail).")
      .def_static("linear", [](double d0) { return checked(Decay::linear(d0)); }, py::arg("d0"), "w = max(0, 1 - c/d0).")
      .def_static("gaussian", [](double s) { return checked(Decay::gaussian(s)); }, py::arg("sigma"),
                  "w = exp(-c^2 / (2 sigma^2)).")
      .def_static("gravity", [](double s, double a, double mc) { return checked(Decay::gravity(s, a, mc)); },
                  py::arg("scale"), py::arg("alpha"), py::arg("min_cost") = 0.0, "w = (max(c, min_cost)/scale)^alpha.")
      .def_static("exponential", [](double b) { return checked(Decay::exponential(b)); }, py::arg("beta"), "w = exp(-beta c).")
      .def_static("logistic", [](double d0, double k) { return checked(Decay::logistic(d0, k)); }, py::arg("d0"),
                  py::arg("k"), "w = (1 + exp(-k d0)) / (1 + exp(k (c - d0))), so w(0) = 1.")
      .def_property_readonly("kind", [](const Decay& d) { return kind_name(d.kind); })
      .def_property_readonly("params", [](const Decay& d) -> py::object {
        switch (d.kind) {
          case DecayKind::none: return py::dict();
          case DecayKind::step: {
            py::dict steps;
            for (std::size_t k = 0; k < d.thresholds.size(); ++k) steps[py::float_(d.thresholds[k])] = d.values[k];
            return py::dict(py::arg("steps") = steps);
          }
          case DecayKind::stepped: return py::dict(py::arg("steps") = d.thresholds, py::arg("weights") = d.values);
          case DecayKind::linear: return py::dict(py::arg("d0") = d.a);
          case DecayKind::gaussian: return py::dict(py::arg("sigma") = d.a);
          case DecayKind::gravity: return py::dict(py::arg("scale") = d.a, py::arg("alpha") = d.b, py::arg("min_cost") = d.c);
          case DecayKind::exponential: return py::dict(py::arg("beta") = d.a);
          case DecayKind::logistic: return py::dict(py::arg("d0") = d.a, py::arg("k") = d.b);
        }
        return py::dict();
      })
      .def("__call__",
           [](const Decay& d, const DoubleArray& c) {
             py::array_t<double> out(std::vector<py::ssize_t>(c.shape(), c.shape() + c.ndim()));
             d.apply(c.data(), out.mutable_data(), static_cast<index_t>(c.size()));
             return out;
           },
           py::arg("cost"), "The weights of an array of costs.")
      .def("__repr__", [](const Decay& d) { return "Decay." + d.describe(); });

  m.def(
      "pairs_within",
      [](const DoubleArray& px, const DoubleArray& py_, const DoubleArray& sx, const DoubleArray& sy, double radius,
         int threads) -> py::object {
        if (px.ndim() != 1 || py_.ndim() != 1 || sx.ndim() != 1 || sy.ndim() != 1 || px.shape(0) != py_.shape(0) ||
            sx.shape(0) != sy.shape(0)) {
          throw InputError("pairs_within", "expected x and y of the points, then of the sites, as 1-D arrays of equal length");
        }
        if (!(radius >= 0.0) || !std::isfinite(radius)) {
          throw InputError("radius", "got " + format_number(radius) + "; expected a finite radius >= 0");
        }
        const auto n = static_cast<index_t>(px.shape(0));
        const auto view = [](const DoubleArray& a) { return View<const double, 1>(a.data(), {static_cast<index_t>(a.shape(0))}); };
        std::optional<coverage::PairGrid> grid;
        std::vector<std::int64_t> count;
        {
          const py::gil_scoped_release release;
          grid.emplace(view(px), view(py_), view(sx), view(sy), radius);
          if (grid->fits()) count = coverage::grid_pair_counts(*grid, n, threads);
        }
        if (!grid->fits()) return py::none();
        py::array_t<std::int64_t> indptr(static_cast<py::ssize_t>(n) + 1);
        auto* starts = indptr.mutable_data();
        starts[0] = 0;
        for (index_t i = 0; i < n; ++i) starts[i + 1] = starts[i] + count[static_cast<std::size_t>(i)];
        std::vector<std::int64_t>().swap(count);
        py::array_t<std::int32_t> cols(static_cast<py::ssize_t>(starts[n]));
        py::array_t<double> dist(static_cast<py::ssize_t>(starts[n]));
        {
          auto* c = cols.mutable_data();
          auto* d = dist.mutable_data();
          const py::gil_scoped_release release;
          coverage::grid_pairs_fill(*grid, n, starts, c, d, threads);
        }
        return py::make_tuple(indptr, cols, dist);
      },
      py::arg("point_x"), py::arg("point_y"), py::arg("site_x"), py::arg("site_y"), py::arg("radius"), py::kw_only(),
      py::arg("threads") = 0,
      "Every (point, site) pair at most radius apart as CSR arrays (indptr int64, site int32, distance), ordered by "
      "point, then site: kept when dx*dx + dy*dy <= radius*radius, distance sqrt(dx*dx + dy*dy), as numpy computes "
      "them. None when the grid's cells cannot be numbered (points too far apart for the radius).");

  py::class_<Coordinates>(m, "Coordinates",
                          "Demand points and sites in the plane: the cost of a link is scale * sqrt(dx*dx + dy*dy). "
                          "Passed as cost, no dense matrix is built (a grid over the sites finds the links).")
      .def(py::init(&make_coordinates), py::arg("demand_xy"), py::arg("supply_xy"), py::kw_only(), py::arg("scale") = 1.0)
      .def_property_readonly("shape", [](const Coordinates& c) { return py::make_tuple(c.points.rows(), c.points.cols()); })
      .def_property_readonly("scale", [](const Coordinates& c) { return c.points.scale; })
      .def_property_readonly("demand_xy", [](const Coordinates& c) { return c.demand_xy; })
      .def_property_readonly("supply_xy", [](const Coordinates& c) { return c.supply_xy; })
      .def(
          "reached",
          [](const Coordinates& c, double max_cost, int threads) {
            Problems problems;
            if (std::isnan(max_cost) || max_cost < 0.0) {
              problems.add("max_cost", "got " + format_number(max_cost) + "; expected a cost >= 0 (inf for every link)");
            }
            problems.throw_if_any();
            auto [out, out_v] = new_array<bool, 1>({c.points.rows()});
            {
              const py::gil_scoped_release release;
              const SiteGrid grid(c.points, max_cost);
              for_each_point_row(c.points, grid, threads, [&](index_t, index_t i, const std::int32_t*, const double*, index_t k) {
                out_v(i) = k > 0;
              });
            }
            return out;
          },
          py::arg("max_cost"), py::kw_only(), py::arg("threads") = 0,
          "(n,) bool: the demand points with at least one site within max_cost.");

  py::class_<Catchment>(m, "Catchment", "The links of a cost matrix within max_cost, built once and reused.")
      .def(py::init([](const py::object& cost_obj, double max_cost, int threads, std::int64_t dense_budget) {
             Catchment c;
             c.max_cost = max_cost;
             if (py::isinstance<Coordinates>(cost_obj)) {
               const auto& xy = cost_obj.cast<const Coordinates&>();
               const py::gil_scoped_release release;
               c.links = catchment(xy.points, max_cost, nullptr, threads);
               return c;
             }
             const auto cost = cost_arg(cost_obj);
             {
               const py::gil_scoped_release release;
               c.links = catchment(cost.matrix, max_cost, nullptr, threads, dense_budget);
             }
             return c;
           }),
           py::arg("cost"), py::kw_only(), py::arg("max_cost"), py::arg("threads") = 0, py::arg("dense_budget"))
      .def_property_readonly("shape", [](const Catchment& c) { return py::make_tuple(c.links.rows, c.links.cols); })
      .def_property_readonly("links", [](const Catchment& c) { return c.links.size(); })
      .def_readonly("max_cost", &Catchment::max_cost)
      .def(
          "check_reach",
          [](const Catchment& c) {
            Problems problems;
            check_reach(problems, c.links, c.max_cost);
            problems.throw_if_any();
          },
          "Raises InputError naming every demand point that no candidate reaches within max_cost (the covering "
          "models and p-center need each one reachable).")
      .def("to_coo",
           [](const Catchment& c) {
             const index_t nnz = c.links.size();
             auto [rows, rows_v] = new_array<std::int64_t, 1>({nnz});
             auto [cols, cols_v] = new_array<std::int64_t, 1>({nnz});
             auto [costs, costs_v] = new_array<double, 1>({nnz});
             index_t k = 0;
             for (const auto& b : c.links.blocks) {
               for (index_t i = b.first_row; i < b.end_row; ++i) {
                 for (auto l = b.start[static_cast<std::size_t>(i - b.first_row)]; l < b.start[static_cast<std::size_t>(i - b.first_row + 1)]; ++l) {
                   rows_v(k) = i;
                   cols_v(k) = b.col[static_cast<std::size_t>(l)];
                   costs_v(k++) = b.value[static_cast<std::size_t>(l)];
                 }
               }
             }
             return py::make_tuple(rows, cols, costs);
           },
           "The links as (rows, cols, costs) arrays, row by row: the catchment as a sparse COO matrix "
           "(edplan.coverage's exact and capacitated siting build their models from it).");

  m.def("fca", &fca, py::arg("measure"), py::arg("demand"), py::arg("supply"), py::arg("cost"), py::arg("decays"),
        py::kw_only(), py::arg("options") = FcaOptions{},
        "A floating-catchment measure (two_step, three_step, weighted_catchment, bfca or spatial_availability) for "
        "demand (T, n), supply (T|1, m) and K decays: (K, T, n).");
  m.def("siting", &siting, py::arg("model"), py::arg("cost"), py::arg("demand"), py::kw_only(), py::arg("max_cost"),
        py::arg("p"), py::arg("fixed"), py::arg("options") = SitingOptions{},
        "Heuristic siting: model \"mclp\", \"p_median\", \"lscp\", \"lscp_b\" or \"p_center\" (InputError naming "
        "`model` otherwise).");
  m.attr("DEFAULT_DENSE_BUDGET") = default_dense_budget();
  register_coverage_metrics(m);
}

}  // namespace edplan::python
