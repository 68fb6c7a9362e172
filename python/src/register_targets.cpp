// SPDX-License-Identifier: MIT
// Bindings of edplan::targets: numpy columns in, numpy columns out, the GIL released while
// assessing. The Python package (edplan.targets) builds the columns from DataFrames.
#include "bindings.hpp"
#include "target_columns.hpp"

#include <edplan/targets.hpp>

#include <pybind11/stl.h>

#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace edplan::python {
namespace {


View<const double, 1> column(const DoubleArray& a, const std::string& name, Problems& problems) {
  return view_of<1>(a, Field<1>{name, {"row"}}, problems);
}

View<const std::int64_t, 1> int_column(const Int64Array& a, const std::string& name, Problems& problems) {
  if (a.ndim() != 1) {
    problems.add(name, "got an array with " + std::to_string(a.ndim()) + " dimensions; expected 1");
    return {};
  }
  return View<const std::int64_t, 1>(a.data(), {static_cast<index_t>(a.shape(0))});
}

const Choices<targets::Method> methods{{"linear", targets::Method::linear},
                                       {"time_weighted", targets::Method::time_weighted},
                                       {"logistic", targets::Method::logistic}};
const Choices<targets::Counts> counts_kinds{{"cumulative", targets::Counts::cumulative},
                                            {"increments", targets::Counts::increments}};

targets::SeriesTable series_of(const DoubleArray& years, const DoubleArray& values, const Int64Array& offsets,
                               const DoubleArray& target, const DoubleArray& target_year,
                               const DoubleArray& baseline_year, const DoubleArray& direction,
                               const DoubleArray& limit) {
  Problems problems;
  targets::SeriesTable s;
  s.years = column(years, "years", problems);
  s.values = column(values, "values", problems);
  s.offsets = int_column(offsets, "offsets", problems);
  s.target = column(target, "target", problems);
  s.target_year = column(target_year, "target_year", problems);
  s.baseline_year = column(baseline_year, "baseline_year", problems);
  s.direction = column(direction, "direction", problems);
  s.limit = column(limit, "limit", problems);
  problems.throw_if_any();
  return s;
}

py::dict assess_many(const DoubleArray& years, const DoubleArray& values, const Int64Array& offsets,
                     const DoubleArray& target, const DoubleArray& target_year, const DoubleArray& baseline_year,
                     const DoubleArray& direction, const DoubleArray& limit, const targets::AssessOptions& opt) {
  const auto s = series_of(years, values, offsets, target, target_year, baseline_year, direction, limit);
  std::vector<targets::Assessment> result;
  {
    const py::gil_scoped_release release;
    result = targets::assess_many(s, opt);
  }
  return assessment_columns(result);
}

py::array_t<double> scores(const DoubleArray& value, const DoubleArray& scaling, const DoubleArray& achieved,
                           bool with_target, const targets::AssessOptions& opt) {
  Problems problems;
  const auto v = column(value, "value", problems);
  const auto c = column(scaling, "scaling", problems);
  const auto a = column(achieved, "achieved", problems);
  problems.throw_if_any();
  for (const auto& [name, n] : {std::pair{"scaling", c.shape(0)}, std::pair{"achieved", a.shape(0)}}) {
    if (n != v.shape(0)) {
      problems.add(name, "has length " + std::to_string(n) + "; expected the length of value, " + std::to_string(v.shape(0)));
    }
  }
  validate_options(problems, opt);
  problems.throw_if_any();
  auto [out, out_v] = new_array<double, 1>({v.shape(0)});
  for (index_t i = 0; i < v.shape(0); ++i) {
    out_v(i) = a(i) != 0.0 ? targets::score_max  // whatever the trend (Open SDG)
               : with_target ? targets::ratio_score(v(i), opt.ratio)
                             : targets::growth_score(v(i), c(i), opt.growth);
  }
  return out;
}

py::array_t<std::int32_t> score_categories(const DoubleArray& score, const DoubleArray& achieved) {
  Problems problems;
  const auto s = column(score, "score", problems);
  const auto a = column(achieved, "achieved", problems);
  problems.throw_if_any();
  if (a.shape(0) != s.shape(0)) {
    problems.add("achieved", "has length " + std::to_string(a.shape(0)) + "; expected the length of score, " +
                                 std::to_string(s.shape(0)));
  }
  problems.throw_if_any();
  auto [out, out_v] = new_array<std::int32_t, 1>({s.shape(0)});
  for (index_t i = 0; i < s.shape(0); ++i) out_v(i) = static_cast<std::int32_t>(targets::score_category(s(i), a(i) != 0.0));
  return out;
}

void check_series(const DoubleArray& years, const DoubleArray& values, const Int64Array& offsets,
                  const DoubleArray& target, const DoubleArray& target_year, const DoubleArray& baseline_year,
                  const DoubleArray& direction, const DoubleArray& limit, const targets::AssessOptions& opt) {
  targets::validate(series_of(years, values, offsets, target, target_year, baseline_year, direction, limit), opt);
}

py::array_t<double> counts_needed(const py::object& rate_obj, const py::object& denominator_obj,
                                  const py::object& current_obj) {
  Problems problems;
  const auto rate_a = as_double_array(rate_obj, "rate", problems);
  const auto denominator_a = as_double_array(denominator_obj, "denominator", problems);
  const auto current_a = as_double_array(current_obj, "current", problems);
  problems.throw_if_any();
  targets::CountInputs in;
  in.rate = view_of<2>(rate_a, {"rate", {"region", "year"}}, problems);
  in.denominator = view_of<2>(denominator_a, {"denominator", {"region", "year"}}, problems);
  in.current = view_of<2>(current_a, {"current", {"region", "year"}}, problems);
  problems.throw_if_any();
  auto [out, out_v] = new_array<double, 2>({in.denominator.shape(0), in.denominator.shape(1)});
  {
    const py::gil_scoped_release release;
    targets::counts_needed_into(in, out_v);
  }
  return out;
}

/// A plan's items and its progress reports, viewing the arrays the caller keeps alive.
struct Tracking {
  targets::PlanItems plan;
  targets::ProgressRows progress;
};

Tracking tracking_of(const DoubleArray& target, const Int64Array& start, const Int64Array& deadline,
                     const Int64Array& item, const Int64Array& day, const DoubleArray& count,
                     std::vector<std::string> labels) {
  Problems problems;
  Tracking t{{column(target, "target", problems), int_column(start, "start", problems),
              int_column(deadline, "deadline", problems), std::move(labels)},
             {int_column(item, "item", problems), int_column(day, "day", problems), column(count, "count", problems)}};
  problems.throw_if_any();
  return t;
}

py::dict track(const DoubleArray& target, const Int64Array& start, const Int64Array& deadline, const Int64Array& item,
               const Int64Array& day, const DoubleArray& count, const targets::TrackOptions& opt,
               std::vector<std::string> labels) {
  const auto t = tracking_of(target, start, deadline, item, day, count, std::move(labels));
  std::vector<targets::ItemProgress> result;
  {
    const py::gil_scoped_release release;
    result = targets::track(t.plan, t.progress, opt);
  }
  return progress_columns(result);
}

void check_track(const DoubleArray& target, const Int64Array& start, const Int64Array& deadline, const Int64Array& item,
                 const Int64Array& day, const DoubleArray& count, const targets::TrackOptions& opt,
                 std::vector<std::string> labels) {
  const auto t = tracking_of(target, start, deadline, item, day, count, std::move(labels));
  targets::validate(t.plan, t.progress, opt);
}

void bind_options(py::module_& m) {
  using targets::RatioThresholds;
  value_class(m, "RatioThresholds", "Lower bounds on R (with a target) of the categories.",
              member("on_track", &RatioThresholds::on_track, "R >= on_track is \"on track\"."),
              member("acceleration", &RatioThresholds::acceleration,
                     "on_track > R >= acceleration is \"acceleration needed\"."),
              member("limited", &RatioThresholds::limited,
                     "acceleration > R >= limited is \"limited progress\"; below it, \"deterioration\"."));
  using targets::GrowthThresholds;
  value_class(m, "GrowthThresholds", "Lower bounds on the growth rate (without a target) and the scaling exponent.",
              member("on_track", &GrowthThresholds::on_track, "growth >= on_track * C is \"on track\"."),
              member("acceleration", &GrowthThresholds::acceleration,
                     "growth >= acceleration * C is \"acceleration needed\"."),
              member("limited", &GrowthThresholds::limited, "growth >= limited is \"limited progress\" (never scaled)."),
              member("exponent", &GrowthThresholds::exponent, "The exponent of the scaling factor C (Open SDG: 4.44)."));

  using targets::AssessOptions;
  const AssessOptions da{};
  py::class_<AssessOptions> assess(m, "AssessOptions", "Settings of an assessment (DESIGN §2.7).");
  assess
      .def(py::init([](const std::string& method, double upper, const RatioThresholds& ratio_t,
                       const GrowthThresholds& growth_t, double zero_replacement, int threads) {
             return AssessOptions{choice("method", method, methods), upper, ratio_t, growth_t, zero_replacement,
                                  threads};
           }),
           py::kw_only(), py::arg("method") = name_of(da.method, methods), py::arg("upper") = da.upper,
           py::arg("ratio") = da.ratio, py::arg("growth") = da.growth, py::arg("zero_replacement") = da.zero_replacement,
           py::arg("threads") = da.threads,
           "Raises InputError naming `method` for a method other than \"linear\", \"time_weighted\" or "
           "\"logistic\".")
      .def_property_readonly("method", [](const AssessOptions& o) { return name_of(o.method, methods); },
                             "How the value at the target year is projected.")
      .def_readonly("upper", &AssessOptions::upper, "The upper bound of a logistic projection.")
      .def_readonly("ratio", &AssessOptions::ratio, "Thresholds on R (with a target).")
      .def_readonly("growth", &AssessOptions::growth, "Thresholds on the growth rate (without a target).")
      .def_readonly("zero_replacement", &AssessOptions::zero_replacement,
                    "What a base value or target of 0 becomes in the growth rates (Open SDG: 0.001).")
      .def_readonly("threads", &AssessOptions::threads, "Threads for assess_many; 0 = default_threads().");
  value_struct(assess, {"method", "upper", "ratio", "growth", "zero_replacement", "threads"});

  using targets::TrackOptions;
  const TrackOptions dt{};
  py::class_<TrackOptions> track_options(m, "TrackOptions", "Settings of the work-plan tracker.");
  track_options
      .def(py::init([](std::int64_t as_of, const std::string& counts, double at_risk) {
             return TrackOptions{as_of, choice("counts", counts, counts_kinds), at_risk};
           }),
           py::kw_only(), py::arg("as_of") = dt.as_of, py::arg("counts") = name_of(dt.counts, counts_kinds),
           py::arg("at_risk") = dt.at_risk,
           "Raises InputError naming `counts` for counts other than \"cumulative\" or \"increments\".")
      .def_readonly("as_of", &TrackOptions::as_of, "The day (number) the tracker looks from.")
      .def_property_readonly("counts", [](const TrackOptions& o) { return name_of(o.counts, counts_kinds); },
                             "How the counts are reported: \"cumulative\" or \"increments\".")
      .def_readonly("at_risk", &TrackOptions::at_risk,
                    "The share of the target below which a projected year-end value is \"off track\".");
  value_struct(track_options, {"as_of", "counts", "at_risk"});
}

}  // namespace

void register_targets(py::module_& m) {
  py::list categories, statuses;
  for (int c = 0; c < targets::category_count; ++c) {
    categories.append(std::string(targets::category_name(static_cast<targets::Category>(c))));
  }
  for (int s = 0; s < targets::status_count; ++s) statuses.append(std::string(targets::status_name(static_cast<targets::Status>(s))));
  m.attr("CATEGORIES") = py::tuple(categories);
  m.attr("STATUSES") = py::tuple(statuses);
  m.attr("METHODS") = names_of(methods);
  m.attr("DAYS_PER_MONTH") = targets::days_per_month;
  bind_options(m);
  m.def("note_text", &targets::note_text, py::arg("flags"), "The notes of an assessment's flag bits, as text.");
  m.def("assess_many", &assess_many, py::arg("years"), py::arg("values"), py::arg("offsets"), py::arg("target"),
        py::arg("target_year"), py::arg("baseline_year"), py::arg("direction"), py::arg("limit"), py::kw_only(),
        py::arg("options") = targets::AssessOptions{},
        "Assesses G series stored one after another (offsets (G+1)); returns a dict of (G,) arrays, one per column.\n"
        "See edplan.targets.assess_table for the meaning of each column.");
  m.def("scores", &scores, py::arg("value"), py::arg("scaling"), py::arg("achieved"), py::kw_only(),
        py::arg("with_target"), py::arg("options") = targets::AssessOptions{},
        "The -5..5 progress scores of growth-rate ratios (with_target) or of signed growth rates with their\n"
        "scaling factors C (without), 5 where achieved is non-zero; NaN stays NaN. See\n"
        "edplan.targets.progress_score.");
  m.def("score_categories", &score_categories, py::arg("score"), py::arg("achieved"),
        "The category codes of scores by the ranges [2.5, 5] on track, [0, 2.5[ acceleration needed,\n"
        "[-2.5, 0[ limited progress, below deterioration; achieved (non-zero) wins, NaN is insufficient data.");
  m.def("check_series", &check_series, py::arg("years"), py::arg("values"), py::arg("offsets"), py::arg("target"),
        py::arg("target_year"), py::arg("baseline_year"), py::arg("direction"), py::arg("limit"), py::kw_only(),
        py::arg("options") = targets::AssessOptions{},
        "Raises InputError with every problem assess_many would raise for these series, assessing nothing.");
  m.def("counts_needed", &counts_needed, py::arg("rate"), py::arg("denominator"), py::arg("current"),
        "max(0, ceil(rate·denominator) − current) over (R, T), rate and current broadcasting.");
  m.def("track", &track, py::arg("target"), py::arg("start"), py::arg("deadline"), py::arg("item"), py::arg("day"),
        py::arg("count"), py::kw_only(), py::arg("options") = targets::TrackOptions{},
        py::arg("labels") = std::vector<std::string>{},
        "The work-plan tracker over day numbers; returns a dict of (K,) arrays, one per column. See "
        "edplan.targets.track.");
  m.def("check_track", &check_track, py::arg("target"), py::arg("start"), py::arg("deadline"), py::arg("item"),
        py::arg("day"), py::arg("count"), py::kw_only(), py::arg("options") = targets::TrackOptions{},
        py::arg("labels") = std::vector<std::string>{},
        "Raises InputError with every problem track would raise for this plan and its reports, tracking nothing.");
}

}  // namespace edplan::python
