// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The levers beyond building (DESIGN §2.4b): conversions of places between levels, temporary
/// places and crowding, and a plan of the continuous ones. The objective and the checks that
/// use them live with the programme (`programme.hpp`).

#include "edplan/core/ndarray.hpp"

#include <optional>
#include <vector>

namespace edplan::capacity {

/// A pair of levels whose places may be converted: x places of `from_level` converted in year
/// y become `ratio · x` places of `to_level` from year y on, at `cost_per_place · x` counted in y.
struct Conversion {
  /// a: the level that gives places.
  index_t from_level = 0;
  /// b: the level that gains them.
  index_t to_level = 0;
  /// ρ(a→b) > 0: places of b per converted place of a (class_size(b) / class_size(a) when a
  /// classroom changes hands).
  double ratio = 1.0;
  /// c(a→b) >= 0: cost per converted place of a.
  double cost_per_place = 0.0;
  /// The one region the pair applies to, or -1 for every region.
  index_t region = -1;
};

/// Temporary places of one level: installed in year y, in use in years y .. y + lifetime − 1
/// (clipped at the horizon), at most `max_share` of the existing places in use in any year.
struct Temporary {
  /// c_l >= 0 per place per year in use, counted in each such year.
  double cost_per_place_year = 0.0;
  /// m_l >= 1 years in use.
  int lifetime = 3;
  /// τ_l in [0, 1]: room on existing sites as a share of existing places.
  double max_share = 0.1;
};

/// The levers a programme may pull besides building. Empty: building alone (DESIGN §2.4).
struct Levers {
  /// The allowed conversion pairs.
  std::vector<Conversion> conversions;
  /// Temporary places per level (empty, or one entry per level; nullopt: none for that level).
  std::vector<std::optional<Temporary>> temporary;
  /// φ_l >= 0 per level (empty: 0 everywhere): pupils taught above the class-size norm in
  /// existing schools, as a share of existing places.
  std::vector<double> crowding;
};

/// A plan of the continuous levers.
struct LeverPlan {
  /// (R, P, T) x: places of pair p's from-level converted in year index t.
  NdArray<double, 3> converted;
  /// (R, T, L) z: temporary places installed in year index t.
  NdArray<double, 3> temporary;
};

/// The plan that pulls no lever, for R regions, P pairs, T years and L levels.
inline LeverPlan no_levers(index_t R, index_t P, index_t T, index_t L) {
  return {NdArray<double, 3>({R, P, T}), NdArray<double, 3>({R, T, L})};
}

}  // namespace edplan::capacity
