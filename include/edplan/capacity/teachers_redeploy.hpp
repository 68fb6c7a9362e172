// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Redeployment of teachers between levels within a region (县管校聘, DESIGN §2.3b): in each
/// region and year, the surplus of level a (`max(0, available − needed)`) may fill the gap of
/// level b (`max(0, needed − available)`) where the pair is allowed, at most `share` of a's
/// surplus through each pair. Gaps are filled greedily from the largest (ties: the lower level
/// index), each from its allowed sources with the most surplus left first. Moves are yearly
/// postings, not fed back into later years: each year redeploys that year's surplus.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

namespace edplan::capacity {

/// An allowed move of teachers from one level to another.
struct Redeploy {
  /// The level that gives teachers (index).
  index_t from_level = 0;
  /// The level that receives them (index).
  index_t to_level = 0;
  /// The share of the giving level's surplus that may move through this pair in a year, [0, 1].
  double share = 1.0;
};

/// Teachers moved between levels, by region and year.
struct Redeployment {
  /// (R, T, L, L) teachers of level `from` (third axis) teaching level `to` (fourth axis).
  NdArray<double, 4> flows;
  /// (R, T, L) teachers received from other levels.
  NdArray<double, 3> moved_in;
  /// (R, T, L) teachers given to other levels.
  NdArray<double, 3> moved_out;
};

/// Records a problem for every pair that is not usable with L levels, or given twice.
inline void check_redeploy(Problems& problems, const std::vector<Redeploy>& pairs, index_t L) {
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    const std::string at = "redeploy[" + std::to_string(i) + "]";
    if (p.from_level < 0 || p.from_level >= L) problems.add(at, "unknown level index " + std::to_string(p.from_level));
    if (p.to_level < 0 || p.to_level >= L) problems.add(at, "unknown level index " + std::to_string(p.to_level));
    if (p.from_level == p.to_level) problems.add(at, "moves a level to itself; expected two different levels");
    check_scalar(problems, at + ".share", p.share, is_probability, "a yearly share in [0, 1]");
    for (std::size_t j = 0; j < i; ++j) {
      if (pairs[j].from_level == p.from_level && pairs[j].to_level == p.to_level) {
        problems.add(at, "repeats redeploy[" + std::to_string(j) + "]; expected each pair once");
      }
    }
  }
}

/// Moves surplus teachers into gaps, per region and year, under the allowed `pairs`.
/// @param needed (R, T, L) teachers needed.
/// @param available (R, T, L) teachers available, same shape.
/// @throws InputError on mismatched shapes or unusable pairs.
inline Redeployment redeploy(const View<const double, 3>& needed, const View<const double, 3>& available,
                             const std::vector<Redeploy>& pairs) {
  Problems problems;
  const index_t R = needed.shape(0), T = needed.shape(1), L = needed.shape(2);
  const Field<3> field{"available", {"region", "year", "level"}};
  check_extent(problems, field, available, 0, R, false, "regions, as needed");
  check_extent(problems, field, available, 1, T, false, "years, as needed");
  check_extent(problems, field, available, 2, L, false, "levels, as needed");
  check_redeploy(problems, pairs, L);
  problems.throw_if_any();

  Redeployment out{NdArray<double, 4>({R, T, L, L}), NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L})};
  std::vector<double> gap(static_cast<std::size_t>(L)), spare(static_cast<std::size_t>(L));
  std::vector<double> allowance(pairs.size());
  std::vector<index_t> order(static_cast<std::size_t>(L));
  std::vector<std::size_t> sources;
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t) {
      for (index_t l = 0; l < L; ++l) {
        const double d = needed(r, t, l) - available(r, t, l);
        gap[static_cast<std::size_t>(l)] = std::max(0.0, d);
        spare[static_cast<std::size_t>(l)] = std::max(0.0, -d);
      }
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        allowance[i] = pairs[i].share * spare[static_cast<std::size_t>(pairs[i].from_level)];
      }
      std::iota(order.begin(), order.end(), index_t{0});
      std::stable_sort(order.begin(), order.end(), [&](index_t a, index_t b) {
        return gap[static_cast<std::size_t>(a)] > gap[static_cast<std::size_t>(b)];
      });
      for (const index_t b : order) {
        double& want = gap[static_cast<std::size_t>(b)];
        if (want <= 0) break;
        sources.clear();
        for (std::size_t i = 0; i < pairs.size(); ++i) {
          if (pairs[i].to_level == b) sources.push_back(i);
        }
        std::stable_sort(sources.begin(), sources.end(), [&](std::size_t i, std::size_t j) {
          return spare[static_cast<std::size_t>(pairs[i].from_level)] >
                 spare[static_cast<std::size_t>(pairs[j].from_level)];
        });
        for (const std::size_t i : sources) {
          const index_t a = pairs[i].from_level;
          double& left = spare[static_cast<std::size_t>(a)];
          const double move = std::min({want, allowance[i], left});
          if (move <= 0) continue;
          want -= move;
          left -= move;
          allowance[i] -= move;
          out.flows(r, t, a, b) += move;
          out.moved_out(r, t, a) += move;
          out.moved_in(r, t, b) += move;
        }
      }
    }
  return out;
}

}  // namespace edplan::capacity
