// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The vocabulary of target assessment: the desired direction of an indicator, the progress
/// categories of the Open SDG / Eurostat growth-rate method (DESIGN §2.7), the projection
/// methods, and the notes that explain an unusual result.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace edplan::targets {

/// Which way an indicator should move: `increase` (公办率, participation) or `decrease`.
enum class Direction : int { increase = 1, decrease = -1 };

/// The progress category of one indicator series, in the order of DESIGN §2.7.
enum class Category : std::int32_t {
  achieved = 0,             ///< the latest observation already meets the target
  on_track = 1,             ///< R >= 0.95 (with a target) or growth >= 1.5%·C (without)
  acceleration_needed = 2,  ///< 0.6 <= R < 0.95, or 0.5%·C <= growth < 1.5%·C
  limited_progress = 3,     ///< 0 <= R < 0.6, or 0 <= growth < 0.5%·C
  deterioration = 4,        ///< R < 0, or growth < 0: moving away from the target
  insufficient_data = 5,    ///< fewer than two usable observations from the baseline year on
};

/// The number of categories.
inline constexpr int category_count = 6;

/// The name of a category as reports and DataFrames spell it ("on track", ...).
inline constexpr std::string_view category_name(Category c) noexcept {
  constexpr std::array<std::string_view, category_count> names{
      "achieved", "on track", "acceleration needed", "limited progress", "deterioration", "insufficient data"};
  const auto i = static_cast<std::int32_t>(c);
  return i >= 0 && i < category_count ? names[static_cast<std::size_t>(i)] : std::string_view("unknown");
}

/// How the value at the target year is projected from the observations.
enum class Method : std::int32_t {
  linear = 0,         ///< ordinary least squares line through (year, value)
  time_weighted = 1,  ///< weighted least squares line, weight t − t0 + 1 (see `fit_trend`)
  logistic = 2,       ///< least squares line through logit(value / upper): shares bounded in (0, upper)
};

/// The method named `name` ("linear", "time_weighted" or "logistic"); false when unknown.
inline bool parse_method(std::string_view name, Method& out) noexcept {
  if (name == "linear") {
    out = Method::linear;
  } else if (name == "time_weighted") {
    out = Method::time_weighted;
  } else if (name == "logistic") {
    out = Method::logistic;
  } else {
    return false;
  }
  return true;
}

/// Flags on an assessment explaining why a number is missing or was adjusted (a bit set).
enum Note : std::int32_t {
  note_none = 0,
  /// No target value: the growth rate was compared with the fixed thresholds instead of R.
  note_no_target = 1 << 0,
  /// The base value or the target was 0 and was replaced (Open SDG uses 0.001) for the CAGR.
  note_zero_replaced = 1 << 1,
  /// The base and latest values (or the target) have opposite signs: a growth rate is undefined.
  note_mixed_signs = 1 << 2,
  /// The target year is not after the latest observation: no annual change can be asked for.
  note_target_year_passed = 1 << 3,
  /// The projection could not be fitted (fewer than two points, all in one year, or, for the
  /// logistic method, a value on a bound of (0, upper)).
  note_no_projection = 1 << 4,
  /// The projection moves away from (or never reaches) the target.
  note_not_reached = 1 << 5,
  /// Fewer than two observations from the baseline year on.
  note_few_observations = 1 << 6,
};

/// The notes set in `flags`, as a `; `-separated English sentence list (empty for none).
inline std::string note_text(std::int32_t flags) {
  std::string out;
  const auto add = [&](Note n, const char* text) {
    if ((flags & n) == 0) return;
    if (!out.empty()) out += "; ";
    out += text;
  };
  add(note_few_observations, "fewer than two observations from the baseline year on");
  add(note_no_target, "no target: observed growth compared with fixed thresholds");
  add(note_zero_replaced, "a zero base value or target was replaced by the zero replacement for the growth rate");
  add(note_mixed_signs, "values of opposite sign: growth rate undefined");
  add(note_target_year_passed, "target year not after the latest observation");
  add(note_no_projection, "projection not fitted");
  add(note_not_reached, "the projection never reaches the target");
  return out;
}

}  // namespace edplan::targets
