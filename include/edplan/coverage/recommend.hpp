// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A ranked list of new elder-education sites (DESIGN §2.6): the MCLP (mclp.hpp) chooses
/// new sites among candidates with the existing sites that have spare places (capacity >
/// learners) kept fixed, maximising the older population within `max_cost` of a site with
/// spare places; then the chosen sites are ranked greedily, each by the people it brings
/// within reach given the fixed sites and the better-ranked new ones. A site that would reach
/// nobody new is left out, so fewer sites than asked for may be recommended.
///
/// The sums of people (`added`, `reached`, the total) are numpy's pairwise sums over the
/// people of the areas concerned in area order (`pairwise_sum`), as the Python ranking took
/// them, so that the two agree to the last bit.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/sum.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_swap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace edplan::coverage {

/// One recommended site, in rank order.
struct RankedSite {
  /// The site's column in the cost matrix.
  index_t site = 0;
  /// People newly within reach, given the fixed sites and the sites ranked above it.
  double added = 0.0;
  /// People within reach of the fixed sites and the sites ranked so far, this one included.
  double reached = 0.0;
  /// reached / all people; NaN when there are none.
  double reached_share = 0.0;
};

/// What `recommend_sites` reads. Views do not own their data.
struct RecommendInputs {
  /// (n) people aged 60+ per area in the year planned for, >= 0.
  View<const double, 1> demand;
  /// (n, m) travel costs from areas to the existing sites and the candidates (see `CostMatrix`).
  CostMatrix cost;
  /// (m) 1 for a candidate (a new site that may be built), 0 for an existing site.
  View<const std::uint8_t, 1> candidate;
  /// (m) places of each site, >= 0 (inf for a candidate of no set size).
  View<const double, 1> capacity;
  /// (m) today's learners of each site, >= 0 (0 for candidates).
  View<const double, 1> learners;
  /// How many new sites to choose, >= 0 (fewer when there are fewer candidates).
  index_t new_sites = 0;
  /// The catchment: a site reaches the areas within max_cost.
  double max_cost = std::numeric_limits<double>::infinity();
  /// Candidate columns already chosen (by an exact MCLP, for instance); none = choose with the
  /// MCLP heuristic.
  std::optional<std::vector<index_t>> chosen;
};

/// The greedy ranking: starting from the demand points that the `fixed` columns of `reach`
/// cover, repeatedly takes the site of `chosen` that adds the most people not yet within
/// reach (ties to the lower column), until none is left or the best adds nobody (<= 0).
/// `reach` holds each column's covered rows in increasing order (`by_column`); `demand` (n).
/// `added`, `reached` and the total are `pairwise_sum`s over the areas concerned in area order.
inline std::vector<RankedSite> rank_sites(const Columns& reach, View<const double, 1> demand,
                                          const std::vector<index_t>& fixed, std::vector<index_t> chosen) {
  const index_t n = demand.shape(0);
  std::vector<char> covered(static_cast<std::size_t>(n), 0);
  const auto rows_of = [&](index_t j) {
    return std::make_pair(reach.start[static_cast<std::size_t>(j)], reach.start[static_cast<std::size_t>(j + 1)]);
  };
  for (index_t j : fixed) {
    const auto [l0, l1] = rows_of(j);
    for (auto l = l0; l < l1; ++l) covered[static_cast<std::size_t>(reach.row[static_cast<std::size_t>(l)])] = 1;
  }
  std::vector<double> people(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) people[static_cast<std::size_t>(i)] = demand(i);
  const double total = pairwise_sum(people.data(), n);
  std::sort(chosen.begin(), chosen.end());
  std::vector<RankedSite> ranked;
  std::vector<double> picked;
  while (!chosen.empty()) {
    std::size_t best = 0;
    double best_gain = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const auto [l0, l1] = rows_of(chosen[k]);
      picked.clear();
      for (auto l = l0; l < l1; ++l) {
        const auto i = static_cast<std::size_t>(reach.row[static_cast<std::size_t>(l)]);
        if (!covered[i]) picked.push_back(people[i]);
      }
      const double gain = pairwise_sum(picked.data(), static_cast<index_t>(picked.size()));
      if (gain > best_gain) {
        best_gain = gain;
        best = k;
      }
    }
    if (best_gain <= 0.0) break;  // everyone the rest could reach is reached already: not worth a site
    const index_t j = chosen[best];
    chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(best));
    const auto [l0, l1] = rows_of(j);
    for (auto l = l0; l < l1; ++l) covered[static_cast<std::size_t>(reach.row[static_cast<std::size_t>(l)])] = 1;
    picked.clear();
    for (index_t i = 0; i < n; ++i) {
      if (covered[static_cast<std::size_t>(i)]) picked.push_back(people[static_cast<std::size_t>(i)]);
    }
    RankedSite site;
    site.site = j;
    site.added = best_gain;
    site.reached = pairwise_sum(picked.data(), static_cast<index_t>(picked.size()));
    site.reached_share = total > 0 ? site.reached / total : std::numeric_limits<double>::quiet_NaN();
    ranked.push_back(site);
  }
  return ranked;
}

namespace detail {

/// The links within `max_cost` of `cost` to the columns `cols` only, renumbered 0..k-1 in that
/// order, row by row without their costs: what `by_row` gives on those columns of the
/// catchment, read in one pass over the matrix without building the catchment.
/// @throws InputError naming every NaN or negative cost.
inline Rows reach_rows(const CostMatrix& cost, double max_cost, const std::vector<index_t>& cols) {
  std::vector<std::int32_t> to(static_cast<std::size_t>(cost.cols), -1);
  for (std::size_t k = 0; k < cols.size(); ++k) to[static_cast<std::size_t>(cols[k])] = static_cast<std::int32_t>(k);
  Rows r;
  r.start.reserve(static_cast<std::size_t>(cost.rows + 1));
  r.start.push_back(0);
  if (cost.sparse) {
    // At most the stored entries: reserved once (pages never written are never resident)
    // instead of grown by doubling, which would hold twice the links while it copies.
    std::int64_t stored = 0;
    for (index_t i = 0; i < cost.rows; ++i) stored += cost.end_of(i) - cost.indptr(i);
    r.col.reserve(static_cast<std::size_t>(stored));
  }
  const index_t invalid = for_each_row_links(cost, max_cost, [&](index_t, const std::int32_t* c, const double*, index_t k) {
    for (index_t l = 0; l < k; ++l) {
      const auto j = to[static_cast<std::size_t>(c[l])];
      if (j >= 0) r.col.push_back(j);
    }
    r.start.push_back(static_cast<std::int64_t>(r.col.size()));
  });
  if (invalid > 0) throw_invalid_costs(cost, "cost");
  return r;
}

/// Whether every entry of `cost` is a link within `max_cost` (a sparse matrix, no NaN, no cost
/// < 0 or > max_cost): its rows can then be read in place (`RowsInPlace`).
inline bool all_links(const CostMatrix& cost, double max_cost) {
  if (!cost.sparse) return false;
  for (index_t i = 0; i < cost.rows; ++i) {
    for (auto l = cost.indptr(i); l < cost.end_of(i); ++l) {
      const double c = cost.data(l);
      if (!(c >= 0.0 && c <= max_cost && c < std::numeric_limits<double>::infinity())) return false;
    }
  }
  return true;
}

/// The links of `rows` by column (rows in increasing order within each column): what
/// `columns_of` gives on the rows the matrix's links to the kept columns would make.
inline Columns columns_of(const RowsInPlace& rows, index_t m) {
  Columns c;
  const index_t n = rows.cost.rows;
  c.start.assign(static_cast<std::size_t>(m + 1), 0);
  for (index_t i = 0; i < n; ++i) {
    for (auto l = row_first(rows, static_cast<std::size_t>(i)); l < row_last(rows, static_cast<std::size_t>(i)); ++l) {
      const auto j = link_column(rows, l);
      if (j >= 0) ++c.start[static_cast<std::size_t>(j) + 1];
    }
  }
  for (index_t j = 0; j < m; ++j) c.start[static_cast<std::size_t>(j + 1)] += c.start[static_cast<std::size_t>(j)];
  c.row.resize(static_cast<std::size_t>(c.start.back()));
  std::vector<std::int64_t> next(c.start.begin(), c.start.end() - 1);
  for (index_t i = 0; i < n; ++i) {
    for (auto l = row_first(rows, static_cast<std::size_t>(i)); l < row_last(rows, static_cast<std::size_t>(i)); ++l) {
      const auto j = link_column(rows, l);
      if (j >= 0) c.row[static_cast<std::size_t>(next[static_cast<std::size_t>(j)]++)] = static_cast<std::int32_t>(i);
    }
  }
  return c;
}

}  // namespace detail

/// The recommended new sites, best first (see the file comment). Existing sites with spare
/// places are fixed; existing sites that are full reach nobody new and are left out of the
/// MCLP; the heuristic MCLP (`mclp_heuristic` with `opt`) picks min(new_sites, candidates)
/// candidates on the columns [fixed sites..., candidates...] in column order, unless
/// `in.chosen` names them already.
/// @throws InputError listing every problem: lengths, negative or non-finite people, negative
/// places or learners, new_sites < 0, a chosen column that is not a candidate, a bad cost
/// matrix or max_cost.
inline std::vector<RankedSite> recommend_sites(const RecommendInputs& in, const SitingOptions& opt = {}) {
  Problems problems;
  const index_t n = in.cost.rows, m = in.cost.cols;
  validate_structure(problems, in.cost, "cost", opt.dense_budget);
  const Field<1> demand{"demand", {"area"}};
  check_extent(problems, demand, in.demand, 0, n, false, "rows of the cost matrix");
  check_values(problems, demand, in.demand, is_count, "people aged 60+ >= 0");
  check_extent(problems, Field<1>{"candidate", {"site"}}, in.candidate, 0, m, false, "columns of the cost matrix");
  const Field<1> capacity{"capacity", {"site"}};
  check_extent(problems, capacity, in.capacity, 0, m, false, "columns of the cost matrix");
  check_values(problems, capacity, in.capacity, [](double x) { return x >= 0.0; }, "places >= 0 (inf for no limit)");
  const Field<1> learners{"learners", {"site"}};
  check_extent(problems, learners, in.learners, 0, m, false, "columns of the cost matrix");
  check_values(problems, learners, in.learners, is_count, "learners >= 0");
  if (in.new_sites < 0) {
    problems.add("new_sites", "got " + std::to_string(in.new_sites) + "; expected a number of new sites >= 0");
  }
  if (std::isnan(in.max_cost) || in.max_cost < 0.0) {
    problems.add("max_cost", "got " + format_number(in.max_cost) + "; expected a cost >= 0 (inf for every link)");
  }
  problems.throw_if_any();
  if (in.chosen) {
    for (std::size_t k = 0; k < in.chosen->size(); ++k) {
      const index_t j = (*in.chosen)[k];
      if (j < 0 || j >= m || !in.candidate(j)) {
        problems.add("chosen[" + std::to_string(k) + "]", "got " + std::to_string(j) + "; expected a candidate's column");
      }
    }
    problems.throw_if_any();
  }
  std::vector<index_t> fixed, usable;
  for (index_t j = 0; j < m; ++j) {
    if (!in.candidate(j) && in.capacity(j) > in.learners(j)) fixed.push_back(j);
  }
  usable = fixed;
  for (index_t j = 0; j < m; ++j) {
    if (in.candidate(j)) usable.push_back(j);
  }
  // The MCLP and the ranking read the links of the usable columns only, numbered by their
  // place in `usable` (fixed sites first, then candidates in column order, so that ties still
  // go to the lower column), and read them from the cost matrix in place: the catchment of
  // every link, a copy of its usable columns and its transposition are never built.
  const auto n_fixed = static_cast<index_t>(fixed.size());
  const auto n_usable = static_cast<index_t>(usable.size());
  std::vector<index_t> fixed_columns(fixed.size());
  for (index_t j = 0; j < n_fixed; ++j) fixed_columns[static_cast<std::size_t>(j)] = j;
  std::vector<index_t> chosen;  // places in `usable`
  Columns reach;
  const auto choose_among = [&](const auto& rows) {
    if (in.chosen) {
      std::vector<index_t> place(static_cast<std::size_t>(m), -1);
      for (index_t k = 0; k < n_usable; ++k) place[static_cast<std::size_t>(usable[static_cast<std::size_t>(k)])] = k;
      for (index_t j : *in.chosen) chosen.push_back(place[static_cast<std::size_t>(j)]);
    } else {
      const index_t k = std::min(in.new_sites, n_usable - n_fixed);
      SitingOptions choose = opt;
      choose.bound_iterations = -1;  // the ranking needs the sites only
      const auto result = detail::mclp_search(reach, rows, n, n_usable, in.demand, n_fixed + k, fixed_columns, choose);
      for (index_t j : result.sites) {
        if (j >= n_fixed) chosen.push_back(j);
      }
    }
  };
  if (detail::all_links(in.cost, in.max_cost)) {
    // Every entry a link (a scenario's matrix): its rows read in place, the usable columns
    // renumbered on the way, so that only the links by column are a copy.
    std::vector<std::int32_t> to(static_cast<std::size_t>(m), -1);
    for (index_t k = 0; k < n_usable; ++k) to[static_cast<std::size_t>(usable[static_cast<std::size_t>(k)])] = static_cast<std::int32_t>(k);
    const detail::RowsInPlace rows{in.cost, to};
    reach = detail::columns_of(rows, n_usable);
    choose_among(rows);
  } else {
    const auto rows = detail::reach_rows(in.cost, in.max_cost, usable);
    reach = detail::columns_of(rows, n_usable);
    choose_among(rows);
  }
  auto ranked = rank_sites(reach, in.demand, fixed_columns, chosen);
  for (auto& site : ranked) site.site = usable[static_cast<std::size_t>(site.site)];
  return ranked;
}

}  // namespace edplan::coverage
