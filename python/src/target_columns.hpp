// SPDX-License-Identifier: MIT
#pragma once

// Assessments and plan-item states as named numpy columns (one array per field), for
// edplan.targets and the scenario chain: one row per series or item, read by name.

#include "bindings.hpp"

#include <edplan/targets/assess.hpp>
#include <edplan/targets/workplan.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace edplan::python {

/// One column per field of the assessments: category and notes (int32 codes), the rest float64.
inline py::dict assessment_columns(const std::vector<targets::Assessment>& result) {
  const auto G = static_cast<index_t>(result.size());
  auto [category, category_v] = new_array<std::int32_t, 1>({G});
  auto [notes, notes_v] = new_array<std::int32_t, 1>({G});
  constexpr std::array<const char*, 12> names{"ratio",       "cagr_observed", "cagr_required", "scaling",
                                              "baseline_year", "baseline_value", "latest_year", "latest_value",
                                              "projected",   "year_reached",  "annual_change_needed", "score"};
  std::vector<py::array_t<double>> arrays;
  std::vector<View<double, 1>> views;
  for (std::size_t k = 0; k < names.size(); ++k) {
    auto [a, v] = new_array<double, 1>({G});
    arrays.push_back(a);
    views.push_back(v);
  }
  for (index_t g = 0; g < G; ++g) {
    const auto& a = result[static_cast<std::size_t>(g)];
    category_v(g) = static_cast<std::int32_t>(a.category);
    notes_v(g) = a.notes;
    const std::array<double, 12> row{a.ratio,       a.cagr_observed, a.cagr_required, a.scaling,
                                     a.baseline_year, a.baseline_value, a.latest_year, a.latest_value,
                                     a.projected,   a.year_reached,  a.annual_change_needed, a.score};
    for (std::size_t k = 0; k < row.size(); ++k) views[k](g) = row[k];
  }
  py::dict out;
  out["category"] = category;
  out["notes"] = notes;
  for (std::size_t k = 0; k < names.size(); ++k) out[names[k]] = arrays[k];
  return out;
}

/// One column per field of the plan items' states: status (int32 code), the rest float64.
inline py::dict progress_columns(const std::vector<targets::ItemProgress>& result) {
  const auto K = static_cast<index_t>(result.size());
  auto [status, status_v] = new_array<std::int32_t, 1>({K});
  constexpr std::array<const char*, 10> names{"achieved",         "share",         "elapsed_days",       "total_days",
                                              "days_left",        "pace_per_day",  "required_per_day",   "required_per_month",
                                              "projected",        "last_report"};
  std::vector<py::array_t<double>> arrays;
  std::vector<View<double, 1>> views;
  for (std::size_t k = 0; k < names.size(); ++k) {
    auto [a, v] = new_array<double, 1>({K});
    arrays.push_back(a);
    views.push_back(v);
  }
  for (index_t k = 0; k < K; ++k) {
    const auto& r = result[static_cast<std::size_t>(k)];
    status_v(k) = static_cast<std::int32_t>(r.status);
    const std::array<double, 10> row{r.achieved,     r.share,         r.elapsed_days,     r.total_days,
                                     r.days_left,    r.pace_per_day,  r.required_per_day, r.required_per_month,
                                     r.projected,    r.last_report};
    for (std::size_t j = 0; j < row.size(); ++j) views[j](k) = row[j];
  }
  py::dict out;
  out["status"] = status;
  for (std::size_t k = 0; k < names.size(); ++k) out[names[k]] = arrays[k];
  return out;
}

}  // namespace edplan::python
