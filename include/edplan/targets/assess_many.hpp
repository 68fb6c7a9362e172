// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Assessment of a whole indicator table at once: G series stored one after another (the
/// long table of DESIGN §3 sorted by indicator, region and year), each with its own target,
/// validated once and assessed in parallel.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/targets/assess.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace edplan::targets {

/// G indicator series and their targets. Series g holds the observations
/// `offsets[g] .. offsets[g+1]−1` of `years` and `values`, years strictly ascending within it.
struct SeriesTable {
  /// (n) observation years.
  View<const double, 1> years;
  /// (n) observed values; NaN = missing (skipped).
  View<const double, 1> values;
  /// (G+1) where each series starts; offsets[0] = 0 and offsets[G] = n.
  View<const std::int64_t, 1> offsets;
  /// (G) target values; NaN = no target.
  View<const double, 1> target;
  /// (G) target years; NaN allowed only without a target.
  View<const double, 1> target_year;
  /// (G) baseline years; NaN = the series' first observation.
  View<const double, 1> baseline_year;
  /// (G) +1 to increase, −1 to decrease.
  View<const double, 1> direction;
  /// (G) natural limits for the no-target scaling factor; NaN = none.
  View<const double, 1> limit;
  /// Optional names of the series for messages (e.g. `indicator=公办率, region=鲤城区`); empty or G.
  std::vector<std::string> labels;
};

namespace detail {
inline std::string series_where(const SeriesTable& s, index_t g) {
  const auto i = static_cast<std::size_t>(g);
  return "series[" + (i < s.labels.size() ? s.labels[i] : std::to_string(g)) + "]";
}

inline TargetSpec spec_of(const SeriesTable& s, index_t g) {
  TargetSpec spec;
  spec.value = s.target(g);
  spec.year = s.target_year(g);
  spec.baseline_year = s.baseline_year(g);
  spec.direction = s.direction(g) < 0 ? Direction::decrease : Direction::increase;
  spec.limit = s.limit(g);
  return spec;
}
}  // namespace detail

/// Checks a series table and the options, and throws one `InputError` listing all problems:
/// lengths, offsets that are not a partition of the observations, years that are not finite
/// or not strictly ascending within a series, infinite values, logistic values outside
/// [0, upper], directions other than ±1, and bad targets (see `validate_target`).
inline void validate(const SeriesTable& s, const AssessOptions& opt) {
  Problems problems;
  validate_options(problems, opt);
  const index_t n = s.years.shape(0);
  const index_t G = s.offsets.shape(0) - 1;
  if (s.values.shape(0) != n) problems.add("values", "has length " + std::to_string(s.values.shape(0)) + "; expected " + std::to_string(n) + " (the length of years)");
  if (G < 0) problems.add("offsets", "is empty; expected G+1 offsets for G series");
  const auto per_series = [&](const char* name, const View<const double, 1>& v) {
    if (v.shape(0) != std::max<index_t>(G, 0)) problems.add(name, "has length " + std::to_string(v.shape(0)) + "; expected one per series (" + std::to_string(G) + ")");
  };
  per_series("target", s.target);
  per_series("target_year", s.target_year);
  per_series("baseline_year", s.baseline_year);
  per_series("direction", s.direction);
  per_series("limit", s.limit);
  if (!s.labels.empty() && static_cast<index_t>(s.labels.size()) != G) problems.add("labels", "expected none or one per series");
  if (G >= 0 && (s.offsets(0) != 0 || s.offsets(G) != n)) problems.add("offsets", "expected offsets[0] = 0 and offsets[G] = the number of observations");
  problems.throw_if_any();

  std::size_t listed = 0;
  const auto add = [&](const std::string& where, const std::string& message) {
    if (++listed <= 50) problems.add(where, message);
  };
  for (index_t g = 0; g < G; ++g) {
    const std::string where = detail::series_where(s, g);
    const std::int64_t b = s.offsets(g), e = s.offsets(g + 1);
    if (e < b) {
      add("offsets", "offsets[" + std::to_string(g + 1) + "] < offsets[" + std::to_string(g) + "]; expected them ascending");
      continue;
    }
    Problems local;
    validate_target(local, where, detail::spec_of(s, g));
    if (s.direction(g) != 1.0 && s.direction(g) != -1.0) local.add(where + ".direction", "got " + format_number(s.direction(g)) + "; expected +1 (increase) or -1 (decrease)");
    for (const auto& p : local.list()) add(p.where, p.message);
    for (std::int64_t i = b; i < e; ++i) {
      const double t = s.years(i), v = s.values(i);
      if (!std::isfinite(t)) add(where, "year got " + format_number(t) + "; expected a year");
      if (i > b && !(t > s.years(i - 1))) add(where, "year " + format_number(t) + " follows " + format_number(s.years(i - 1)) + "; expected each year once, ascending");
      if (std::isinf(v)) add(where, "value in " + format_number(t) + " got " + format_number(v) + "; expected a finite number, or NaN for missing");
      if (opt.method == Method::logistic && !std::isnan(v) && !(v >= 0.0 && v <= opt.upper)) {
        add(where, "value in " + format_number(t) + " got " + format_number(v) + "; expected a share in [0, " + format_number(opt.upper) + "] for the logistic method");
      }
    }
  }
  if (listed > 50) problems.add("series", std::to_string(listed - 50) + " more problems not listed");
  problems.throw_if_any();
}

/// Assesses every series of `s` (DESIGN §2.7; see `assess` for one series), in parallel.
/// @returns one assessment per series, in order.
/// @throws InputError listing every problem in the table (see `validate`).
inline std::vector<Assessment> assess_many(const SeriesTable& s, const AssessOptions& opt = {}) {
  validate(s, opt);
  const index_t G = s.offsets.shape(0) - 1;
  std::vector<Assessment> out(static_cast<std::size_t>(G));
  parallel_chunks(
      G,
      [&](index_t begin, index_t end) {
        std::vector<double> t, y;  // one scratch pair per chunk: missing values dropped
        for (index_t g = begin; g < end; ++g) {
          t.clear();
          y.clear();
          for (std::int64_t i = s.offsets(g); i < s.offsets(g + 1); ++i) {
            if (std::isnan(s.values(i))) continue;
            t.push_back(s.years(i));
            y.push_back(s.values(i));
          }
          out[static_cast<std::size_t>(g)] =
              detail::assess_sorted(t.data(), y.data(), static_cast<index_t>(t.size()), detail::spec_of(s, g), opt);
        }
      },
      opt.threads, 2048);
  return out;
}

}  // namespace edplan::targets
