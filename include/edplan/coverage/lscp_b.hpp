// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// LSCP-B, the location set covering problem with backup coverage (Church and Murray 2018;
/// spopt's LSCPB): as many sites as the LSCP needs, covering every demand point, chosen so
/// that the most points are covered at least twice. Heuristic: the LSCP heuristic, then
/// best-improvement swaps that keep every point covered and raise the backup count.

#include "edplan/coverage/links.hpp"
#include "edplan/coverage/lscp.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <cstdint>
#include <vector>

namespace edplan::coverage {

/// Heuristic LSCP-B on a catchment's links (every demand point reachable): `objective` is the
/// number of sites, `backup` the points covered at least twice. Requires validated inputs.
inline SitingResult lscp_b_heuristic(const Links& links, const std::vector<index_t>& fixed, const SitingOptions& opt = {}) {
  const Columns cols = by_column(links);
  const index_t n = links.rows;
  const index_t m = links.cols;
  SitingResult result = lscp_heuristic(cols, n, fixed, opt);
  std::vector<char> chosen(static_cast<std::size_t>(m), 0), is_fixed(static_cast<std::size_t>(m), 0);
  for (auto j : result.sites) chosen[static_cast<std::size_t>(j)] = 1;
  for (auto j : fixed) is_fixed[static_cast<std::size_t>(j)] = 1;
  std::vector<std::int32_t> count(static_cast<std::size_t>(n), 0);
  const auto column = [&](index_t j, auto&& visit) {
    for (auto l = cols.start[static_cast<std::size_t>(j)]; l < cols.start[static_cast<std::size_t>(j + 1)]; ++l) {
      visit(static_cast<std::size_t>(cols.row[static_cast<std::size_t>(l)]));
    }
  };
  for (auto j : result.sites) column(j, [&](std::size_t i) { ++count[i]; });
  index_t backup = 0;
  for (auto c : count) backup += c >= 2;
  for (index_t swaps = 0; swaps < opt.max_swaps; ++swaps) {
    index_t best_gain = 0, best_out = -1, best_in = -1;
    for (index_t out = 0; out < m; ++out) {
      if (!chosen[static_cast<std::size_t>(out)] || is_fixed[static_cast<std::size_t>(out)]) continue;
      // Without `out`: the points it alone covered must all be covered by the incoming site.
      index_t alone = 0, lost = 0;
      column(out, [&](std::size_t i) {
        alone += count[i] == 1;
        lost += count[i] == 2;
        --count[i];
      });
      for (index_t in = 0; in < m; ++in) {
        if (chosen[static_cast<std::size_t>(in)] || in == out) continue;
        index_t recovered = 0, gained = 0;
        column(in, [&](std::size_t i) {
          recovered += count[i] == 0;
          gained += count[i] == 1;
        });
        if (recovered == alone && gained - lost > best_gain) {
          best_gain = gained - lost;
          best_out = out;
          best_in = in;
        }
      }
      column(out, [&](std::size_t i) { ++count[i]; });
    }
    if (best_out < 0) break;
    column(best_out, [&](std::size_t i) { --count[i]; });
    column(best_in, [&](std::size_t i) { ++count[i]; });
    chosen[static_cast<std::size_t>(best_out)] = 0;
    chosen[static_cast<std::size_t>(best_in)] = 1;
    backup += best_gain;
    ++result.swaps;
  }
  result.sites.clear();
  for (index_t j = 0; j < m; ++j) {
    if (chosen[static_cast<std::size_t>(j)]) result.sites.push_back(j);
  }
  result.backup = static_cast<double>(backup);
  return result;
}

/// LSCP-B from a cost matrix: links within `max_cost` cover.
/// @throws InputError listing every problem (costs, fixed sites, demand points out of reach).
inline SitingResult lscp_b(const CostMatrix& cost, double max_cost, const std::vector<index_t>& fixed,
                           const SitingOptions& opt = {}) {
  return lscp_b_heuristic(covering_links(cost, max_cost, 0, fixed, false, opt), fixed, opt);
}

}  // namespace edplan::coverage
