// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The p-center problem (Hakimi 1965; spopt's PCenter): p sites, fixed ones included,
/// minimising the largest cost from a demand point to its nearest chosen site.
///
/// Heuristic: the optimum is one of the link costs, and p sites reach every point within a
/// radius r exactly when the set cover of the links within r needs at most p sites; so a
/// binary search over the distinct costs, each radius tried with the LSCP heuristic, finds the
/// smallest radius it can cover with p sites. Sites are then added, lowest column first, until
/// there are p (more sites never raise the objective).

#include "edplan/core/error.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/lscp.hpp"
#include "edplan/coverage/siting_common.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace edplan::coverage {

namespace detail {

/// The links of `all` with cost <= r, by column.
inline Columns within(const Columns& all, double r) {
  Columns c;
  const auto m = all.start.size() - 1;
  c.start.assign(m + 1, 0);
  for (std::size_t j = 0; j < m; ++j) {
    for (auto l = all.start[j]; l < all.start[j + 1]; ++l) {
      const auto k = static_cast<std::size_t>(l);
      if (all.cost[k] <= r) {
        c.row.push_back(all.row[k]);
        c.cost.push_back(all.cost[k]);
      }
    }
    c.start[j + 1] = static_cast<std::int64_t>(c.row.size());
  }
  return c;
}

/// The largest cost from a demand point to its nearest site among `sites` (inf when one is
/// out of reach).
inline double largest_nearest(const Columns& all, index_t n, const std::vector<index_t>& sites) {
  std::vector<double> nearest(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  for (auto j : sites) {
    for (auto l = all.start[static_cast<std::size_t>(j)]; l < all.start[static_cast<std::size_t>(j + 1)]; ++l) {
      auto& d = nearest[static_cast<std::size_t>(all.row[static_cast<std::size_t>(l)])];
      d = std::min(d, all.cost[static_cast<std::size_t>(l)]);
    }
  }
  return nearest.empty() ? 0.0 : *std::max_element(nearest.begin(), nearest.end());
}

/// `sites` completed to `p` with the lowest columns not yet chosen, in increasing order.
inline std::vector<index_t> fill_to(std::vector<index_t> sites, index_t p, index_t m) {
  std::vector<char> chosen(static_cast<std::size_t>(m), 0);
  for (auto j : sites) chosen[static_cast<std::size_t>(j)] = 1;
  for (index_t j = 0; j < m && static_cast<index_t>(sites.size()) < p; ++j) {
    if (!chosen[static_cast<std::size_t>(j)]) sites.push_back(j);
  }
  std::sort(sites.begin(), sites.end());
  return sites;
}

}  // namespace detail

/// Heuristic p-center on a catchment's links (every finite cost; every demand point reachable):
/// `objective` is the largest cost from a demand point to its nearest chosen site.
/// `opt.rounds` rounds of iterated local search for each radius tried. Requires validated inputs.
/// @throws InputError (under `p`) when the heuristic finds no p sites reaching every point.
inline SitingResult p_center_heuristic(const Links& links, index_t p, const std::vector<index_t>& fixed,
                                       const SitingOptions& opt = {}) {
  const Columns all = by_column(links);
  const index_t n = links.rows;
  const index_t m = links.cols;
  // No radius below the largest cost from a point to its nearest candidate can cover it.
  std::vector<double> nearest(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  for (std::size_t l = 0; l < all.row.size(); ++l) {
    auto& d = nearest[static_cast<std::size_t>(all.row[l])];
    d = std::min(d, all.cost[l]);
  }
  const double lower = nearest.empty() ? 0.0 : *std::max_element(nearest.begin(), nearest.end());
  std::vector<double> radii;
  for (double c : all.cost) {
    if (c >= lower) radii.push_back(c);
  }
  std::sort(radii.begin(), radii.end());
  radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
  SitingResult best;
  bool found = false;
  index_t needed = 0;
  // Binary search for the smallest radius that p sites cover (the heuristic's answer).
  std::size_t lo = 0, hi = radii.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    auto cover = lscp_heuristic(detail::within(all, radii[mid]), n, fixed, opt);
    if (static_cast<index_t>(cover.sites.size()) <= p) {
      best = std::move(cover);
      found = true;
      hi = mid;
    } else {
      needed = static_cast<index_t>(cover.sites.size());
      lo = mid + 1;
    }
  }
  if (!found) {
    throw InputError("p", "got " + std::to_string(p) + "; found no " + std::to_string(p) +
                              " sites reaching every demand point (the set cover of every link needs " + std::to_string(needed) + ")");
  }
  best.sites = detail::fill_to(std::move(best.sites), p, m);
  best.objective = detail::largest_nearest(all, n, best.sites);
  best.unserved = 0.0;
  return best;
}

/// p-center from a cost matrix (every finite cost is a link).
/// @throws InputError listing every problem (costs, p, fixed sites, demand points out of reach).
inline SitingResult p_center(const CostMatrix& cost, index_t p, const std::vector<index_t>& fixed,
                             const SitingOptions& opt = {}) {
  const double inf = std::numeric_limits<double>::infinity();
  return p_center_heuristic(covering_links(cost, inf, p, fixed, true, opt), p, fixed, opt);
}

}  // namespace edplan::coverage
