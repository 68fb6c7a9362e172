// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// `method = "auto"` (DESIGN §2.2): per region and level, the ratio method with the lowest mean
/// absolute percentage error in a rolling-origin back-test of the level's own ratio series. From
/// every history year j the candidate projects each ratio from the values up to j and is scored
/// at every later observed year j + h (h ≤ `choice_leads`): `|x[j+h] − f_h(x[0..j])| / x[j+h]`,
/// pooled over the level's grades. Scoring the ratios, not the level totals, gives each origin as
/// many errors as the level has grades, which steadies the choice on short histories. A region
/// with fewer than `min_choice_origins` origins takes the choice pooled over the regions of the
/// call that share its level.

#include "edplan/core/ndarray.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/enrolment/ratios.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace edplan::enrolment {

/// Leads (years ahead) at which candidates are scored.
inline constexpr int choice_leads = 5;
/// Origins a region needs to choose on its own history (DESIGN §2.2: fewer, and it is pooled).
inline constexpr index_t min_choice_origins = 4;

/// The candidates of "auto", in their order of preference on a tie: the mean of the last k for
/// k = 1..5, SES with α in {0.2, 0.4, 0.6, 0.8}, and the damped trend of the last 5 ratios.
inline std::vector<RatioMethod> candidate_methods() {
  std::vector<RatioMethod> out;
  for (int k = 1; k <= 5; ++k) out.push_back({RatioMethod::mean, k, 0.4});
  for (double alpha : {0.2, 0.4, 0.6, 0.8}) out.push_back({RatioMethod::ses, 3, alpha});
  out.push_back({RatioMethod::damped, 5, 0.4});
  return out;
}

/// The values of a ratio series up to and including history position `last`.
inline View<const double, 1> series_until(const View<const double, 1>& values, index_t last) {
  return View<const double, 1>(values.data(), {last + 1}, {values.stride(0)});
}

/// Absolute percentage errors of one method, summed: the score behind a choice.
struct ChoiceScore {
  /// Σ |x[j+h] − f_h(x[0..j])| / x[j+h].
  double sum = 0.0;
  /// Errors summed.
  index_t count = 0;
  /// Mean absolute percentage error (a fraction); +inf with no error.
  [[nodiscard]] double mape() const { return count ? sum / static_cast<double>(count) : std::numeric_limits<double>::infinity(); }
};

/// Adds the rolling-origin errors of `m` over `values` (oldest first, NaN = not observed) to
/// `score`, and marks in `origins` (one flag per position) every origin that gave an error.
inline void add_choice_errors(ChoiceScore& score, std::vector<char>& origins, const View<const double, 1>& values,
                              const RatioMethod& m) {
  const index_t n = values.shape(0);
  for (index_t j = 0; j + 1 < n; ++j) {
    const View<const double, 1> past = series_until(values, j);
    for (int h = 1; h <= choice_leads && j + h < n; ++h) {
      const double actual = values(j + h);
      if (!(actual > 0.0)) continue;
      const double forecast = project_ratio(past, m, h);
      if (std::isnan(forecast)) continue;
      score.sum += std::abs(actual - forecast) / actual;
      ++score.count;
      origins[static_cast<std::size_t>(j)] = 1;
    }
  }
}

/// True when grade g's ratio is estimated from its own observed series (not a rate, a path or
/// another level's share).
inline bool ratio_estimated(const GradeAxis& axis, index_t g) {
  const Level& v = axis.level(g);
  return !axis.is_rate(g) && axis.complement_source(g) < 0 && !(axis.is_share(g) && !v.share.empty());
}

/// The method of each region and level, (R × L, region-major): `method` itself unless its rule
/// is `automatic`, else the candidate with the lowest score (see the file comment); the default
/// `RatioMethod{}` for a level none of whose grades is estimated, or where nothing was scored.
/// @param observed (R, G, H) observed ratios (`observed_ratios`).
inline std::vector<RatioMethod> choose_methods(const GradeAxis& axis, const View<const double, 3>& observed,
                                               const RatioMethod& method) {
  const index_t R = observed.shape(0), H = observed.shape(2);
  const auto L = static_cast<index_t>(axis.levels().size());
  std::vector<RatioMethod> out(static_cast<std::size_t>(R * L), method);
  if (method.rule != RatioMethod::automatic) return out;
  const std::vector<RatioMethod> candidates = candidate_methods();
  const auto C = static_cast<index_t>(candidates.size());
  const auto best_of = [&](const std::vector<ChoiceScore>& scores) {
    index_t best = -1;
    for (index_t c = 0; c < C; ++c) {
      const double s = scores[static_cast<std::size_t>(c)].mape();
      if (std::isfinite(s) && (best < 0 || s < scores[static_cast<std::size_t>(best)].mape())) best = c;
    }
    return best < 0 ? RatioMethod{} : candidates[static_cast<std::size_t>(best)];
  };
  for (index_t l = 0; l < L; ++l) {
    const index_t g0 = axis.first_index(static_cast<int>(l));
    const index_t n = axis.levels()[static_cast<std::size_t>(l)].grades();
    std::vector<ChoiceScore> pooled(static_cast<std::size_t>(C));
    std::vector<index_t> short_history;
    for (index_t r = 0; r < R; ++r) {
      std::vector<ChoiceScore> own(static_cast<std::size_t>(C));
      std::vector<char> origins(static_cast<std::size_t>(H), 0);
      for (index_t c = 0; c < C; ++c) {
        for (index_t g = g0; g < g0 + n; ++g) {
          if (ratio_estimated(axis, g)) {
            add_choice_errors(own[static_cast<std::size_t>(c)], origins, observed[r][g], candidates[static_cast<std::size_t>(c)]);
          }
        }
        pooled[static_cast<std::size_t>(c)].sum += own[static_cast<std::size_t>(c)].sum;
        pooled[static_cast<std::size_t>(c)].count += own[static_cast<std::size_t>(c)].count;
      }
      index_t used = 0;
      for (char o : origins) used += o;
      if (used >= min_choice_origins) {
        out[static_cast<std::size_t>(r * L + l)] = best_of(own);
      } else {
        short_history.push_back(r);
      }
    }
    const RatioMethod shared = best_of(pooled);
    for (index_t r : short_history) out[static_cast<std::size_t>(r * L + l)] = shared;
  }
  return out;
}

}  // namespace edplan::enrolment
