// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What a plan of the levers (DESIGN §2.4b) gives and spends: temporary places in use and
/// places converted in and out by region, year and level, and the spending of each year.

#include "edplan/capacity/programme_inputs.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace edplan::capacity {

/// The places the levers of a plan give, per (R, T, L).
struct LeverPlaces {
  /// Temporary places in use.
  NdArray<double, 3> temporary;
  /// Σ_a ρ(a→l)·X_{a→l}[t].
  NdArray<double, 3> converted_in;
  /// Σ_b X_{l→b}[t].
  NdArray<double, 3> converted_out;
};

/// The places of a lever plan by region, year and level (the plan's shapes must fit `v`).
inline LeverPlaces lever_places(const ValidatedProgramme& v, const LeverPlan& plan) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  LeverPlaces out{NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L})};
  const auto& pairs = v.levers().conversions;
  for (index_t r = 0; r < R; ++r) {
    for (index_t l = 0; l < L; ++l) {
      const auto tmp = v.temporary(l);
      if (!tmp) continue;
      for (index_t y = 0; y < T; ++y) {
        const double z = plan.temporary(r, y, l);
        for (index_t t = y; z != 0 && t < std::min<index_t>(T, y + tmp->lifetime); ++t) out.temporary(r, t, l) += z;
      }
    }
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      double x = 0.0;
      for (index_t t = 0; t < T; ++t) {
        x += plan.converted(r, static_cast<index_t>(p), t);
        out.converted_out(r, t, pairs[p].from_level) += x;
        out.converted_in(r, t, pairs[p].to_level) += pairs[p].ratio * x;
      }
    }
  }
  return out;
}

/// The lever spending of each year index: conversion costs in their year plus the cost of the
/// temporary places in use that year.
inline std::vector<double> lever_spend(const ValidatedProgramme& v, const LeverPlan& plan, const LeverPlaces& places) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  std::vector<double> out(static_cast<std::size_t>(T), 0.0);
  const auto& pairs = v.levers().conversions;
  for (index_t t = 0; t < T; ++t) {
    auto& spend = out[static_cast<std::size_t>(t)];
    for (index_t r = 0; r < R; ++r) {
      for (std::size_t p = 0; p < pairs.size(); ++p) spend += pairs[p].cost_per_place * plan.converted(r, static_cast<index_t>(p), t);
      for (index_t l = 0; l < L; ++l) {
        if (const auto tmp = v.temporary(l)) spend += tmp->cost_per_place_year * places.temporary(r, t, l);
      }
    }
  }
  return out;
}

/// The lever plan that pulls nothing, shaped for `v`.
inline LeverPlan no_levers(const ValidatedProgramme& v) {
  return no_levers(v.regions(), static_cast<index_t>(v.levers().conversions.size()), v.years(), v.levels());
}

}  // namespace edplan::capacity
