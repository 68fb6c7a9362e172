// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// What the siting models share: the result type, the column-wise (per candidate site) view
/// of a catchment's links, and the validation of demand, p and fixed sites.

#include "edplan/core/buffer.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/validate.hpp"
#include "edplan/coverage/links.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// A set of chosen sites and its objective.
struct SitingResult {
  /// Chosen candidate columns, fixed sites included, in increasing order.
  std::vector<index_t> sites;
  /// Population covered (MCLP), sum of demand x cost to the nearest chosen site (p-median;
  /// inf when some demand reaches no chosen site), or the number of sites (LSCP).
  double objective = 0.0;
  /// The order in which the heuristic's greedy step added non-fixed sites (before swaps).
  std::vector<index_t> greedy_order;
  /// Improving swaps applied after the greedy step.
  index_t swaps = 0;
  /// Demand that no chosen site serves: uncovered (MCLP), unassigned (p-median), or the
  /// number of demand points that no candidate can cover (LSCP).
  double unserved = 0.0;
  /// LSCP-B only: the demand points that at least two chosen sites cover.
  double backup = 0.0;
  /// MCLP and p-median: a bound on the optimum (an upper bound on the population covered, a
  /// lower bound on the p-median's cost), from the Lagrangian relaxation (`siting_bound.hpp`);
  /// NaN when not computed (other models, or `SitingOptions::bound_iterations` < 0).
  double bound = std::numeric_limits<double>::quiet_NaN();
  /// |bound - objective| / max(|bound|, |objective|): the heuristic is at most this far from
  /// the optimum (0 when proven optimal; NaN without a bound or when the objective is inf).
  double gap = std::numeric_limits<double>::quiet_NaN();
};

/// The relative gap between an objective and a bound (see `SitingResult::gap`).
inline double relative_gap(double objective, double bound) {
  if (std::isnan(bound) || std::isinf(objective)) return std::numeric_limits<double>::quiet_NaN();
  const double scale = std::max(std::abs(objective), std::abs(bound));
  return scale > 0.0 ? std::abs(bound - objective) / scale : 0.0;
}

/// Settings of the siting heuristics.
struct SitingOptions {
  /// At most this many improving swaps per descent (a safeguard; local optima come far sooner).
  index_t max_swaps = 10000;
  /// Rounds of iterated local search after the first local optimum (MCLP): each drops a few
  /// random sites, refills greedily and swaps again, keeping improvements. 0 = greedy + swaps.
  index_t rounds = 10;
  /// Seed of the perturbations; results are deterministic for a given seed.
  std::uint64_t seed = 20240601;
  /// The largest dense cost matrix accepted, in bytes.
  std::int64_t dense_budget = default_dense_budget();
  /// Threads for building the catchment and for the bound's passes (0 = `default_threads()`); the
  /// answers and bounds do not depend on it.
  int threads = 0;
  /// Subgradient steps of the Lagrangian bound reported beside the MCLP and p-median answers
  /// (each about one pass over the links); 0 keeps the start (the bound of submodularity; for
  /// the p-median the better of it and six dual ascents, `siting_ascent.hpp`), < 0 computes none.
  index_t bound_iterations = 300;
  /// The largest swap table (candidates x movable sites) the MCLP and p-median keep, in
  /// entries of 8 bytes (default 2^26, 512 MB); above it they take one pass over the links
  /// per swap instead of updating the table around each swap.
  std::int64_t swap_table_budget = std::int64_t{1} << 26;
};

/// The links of a catchment by candidate site: site j owns entries [start[j], start[j+1]) of
/// `row` (demand points) and `cost`.
struct Columns {
  /// (m + 1) offsets.
  std::vector<std::int64_t> start;
  /// The demand point of each link (filled in full once sized: `Buffer`).
  Buffer<std::int32_t> row;
  /// The cost of each link.
  Buffer<double> cost;
};

/// The links grouped by column, rows in increasing order within each column; without their
/// costs unless `with_cost` (coverage needs none). The blocks of rows are counted and then
/// scattered on up to `threads` threads, each block into its own range of every column (the
/// blocks before it first), so the result does not depend on `threads`: on the 10,000 x
/// 1,000 p-median this transposition of 10 M links was a sixth of the CPU time on one thread.
inline Columns by_column(const Links& links, bool with_cost = true, int threads = 1) {
  Columns c;
  const index_t m = links.cols;
  const auto ms = static_cast<std::size_t>(m);
  const auto B = links.blocks.size();
  // next[b * m + j]: where block b's first link of column j goes. full[b]: every row of block
  // b links to every column once, in column order (a dense matrix without inf).
  std::vector<std::int64_t> next(B * ms, 0);
  std::vector<char> full(B, 0);
  parallel_for(
      static_cast<std::ptrdiff_t>(B),
      [&](std::ptrdiff_t bi) {
        const auto& b = links.blocks[static_cast<std::size_t>(bi)];
        std::int64_t* count = next.data() + static_cast<std::size_t>(bi) * ms;
        for (auto j : b.col) ++count[static_cast<std::size_t>(j)];
        bool all = true;
        for (index_t r = 0; r < b.end_row - b.first_row && all; ++r) {
          const auto a = b.start[static_cast<std::size_t>(r)];
          all = b.start[static_cast<std::size_t>(r + 1)] - a == m;
          for (index_t j = 0; j < m && all; ++j) all = b.col[static_cast<std::size_t>(a + j)] == j;
        }
        full[static_cast<std::size_t>(bi)] = all ? 1 : 0;
      },
      threads);
  c.start.assign(ms + 1, 0);
  std::int64_t at = 0;
  for (std::size_t j = 0; j < ms; ++j) {
    c.start[j] = at;
    for (std::size_t b = 0; b < B; ++b) {
      const auto k = next[b * ms + j];
      next[b * ms + j] = at;
      at += k;
    }
  }
  c.start[ms] = at;
  const auto nnz = static_cast<std::size_t>(at);
  c.row.resize(nnz);
  if (with_cost) c.cost.resize(nnz);
  parallel_for(
      static_cast<std::ptrdiff_t>(B),
      [&](std::ptrdiff_t bi) {
        const auto& b = links.blocks[static_cast<std::size_t>(bi)];
        std::int64_t* to = next.data() + static_cast<std::size_t>(bi) * ms;
        if (full[static_cast<std::size_t>(bi)]) {
          // A tiled transposition: 16 columns at a time, so that the writes run down 16
          // columns, not all m (scattering each row over all 1,000 columns of the 10,000 x
          // 1,000 instance took 16 ns a link; the tiles cut the pass by a third).
          constexpr index_t tile = 16;
          for (index_t j0 = 0; j0 < m; j0 += tile) {
            const index_t j1 = std::min(m, j0 + tile);
            for (index_t i = b.first_row; i < b.end_row; ++i) {
              const index_t r = i - b.first_row;
              const auto a = b.start[static_cast<std::size_t>(r)];
              for (index_t j = j0; j < j1; ++j) {
                const auto pos = static_cast<std::size_t>(to[static_cast<std::size_t>(j)] + r);
                c.row[pos] = static_cast<std::int32_t>(i);
                if (with_cost) c.cost[pos] = b.value[static_cast<std::size_t>(a + j)];
              }
            }
          }
          return;
        }
        for (index_t i = b.first_row; i < b.end_row; ++i) {
          const index_t r = i - b.first_row;
          for (auto l = b.start[static_cast<std::size_t>(r)]; l < b.start[static_cast<std::size_t>(r + 1)]; ++l) {
            const auto pos = static_cast<std::size_t>(to[static_cast<std::size_t>(b.col[static_cast<std::size_t>(l)])]++);
            c.row[pos] = static_cast<std::int32_t>(i);
            if (with_cost) c.cost[pos] = b.value[static_cast<std::size_t>(l)];
          }
        }
      },
      threads);
  return c;
}

/// Records problems with demand (n), p and the fixed sites for m candidates; `has_p` false
/// skips p and `has_demand` false skips demand (LSCP has neither).
inline void validate_siting(Problems& problems, View<const double, 1> demand, index_t n, index_t m, index_t p,
                            const std::vector<index_t>& fixed, bool has_p = true, bool has_demand = true) {
  if (has_demand) {
    const Field<1> d{"demand", {"demand"}};
    check_extent(problems, d, demand, 0, n, false, "rows of the cost matrix");
    check_values(problems, d, demand, is_count, "a population >= 0");
  }
  std::vector<char> seen(static_cast<std::size_t>(m), 0);
  for (std::size_t k = 0; k < fixed.size(); ++k) {
    const index_t j = fixed[k];
    const std::string where = "fixed[" + std::to_string(k) + "]";
    if (j < 0 || j >= m) {
      problems.add(where, "got " + std::to_string(j) + "; expected a candidate column in [0, " + std::to_string(m) + ")");
    } else if (seen[static_cast<std::size_t>(j)]++) {
      problems.add(where, "site " + std::to_string(j) + " is listed twice; expected each fixed site once");
    }
  }
  if (has_p) {
    // At least one site: p = 0 has no nearest site (spopt returns an objective of inf).
    const index_t least = std::max<index_t>(1, static_cast<index_t>(fixed.size()));
    if (p < least || p > m) {
      problems.add("p", "got " + std::to_string(p) + "; expected the total number of sites, fixed ones included, between " +
                            std::to_string(least) + " (at least one, and the fixed sites) and " + std::to_string(m) + " (the candidates)");
    }
  }
}

namespace detail {

/// A small deterministic generator (splitmix64) for the perturbations.
inline std::uint64_t next_random(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}


/// The swap move shared by the MCLP and p-median local searches: with an incoming site worth
/// `gain`, the movable slot whose removal costs least (`loss[s]`, less what the incoming site
/// takes over from it, `extra[s]`). Starts from `min_slot` (the cheapest slot with no overlap)
/// and prefers the lower slot on ties, so results do not depend on the order of `touched`;
/// clears `extra` and `seen` for the touched slots, ready for the next incoming site.
/// Returns (the change of objective, the slot to drop).
inline std::pair<double, index_t> best_drop(double gain, std::size_t min_slot, const std::vector<index_t>& touched,
                                            const std::vector<double>& loss, std::vector<double>& extra,
                                            std::vector<char>& seen) {
  double best = gain - loss[min_slot];
  auto out = static_cast<index_t>(min_slot);
  for (auto s : touched) {
    const auto ss = static_cast<std::size_t>(s);
    const double v = gain + extra[ss] - loss[ss];
    if (v > best || (v == best && s < out)) {
      best = v;
      out = s;
    }
    extra[ss] = 0.0;
    seen[ss] = 0;
  }
  return {best, out};
}

}  // namespace detail

}  // namespace edplan::coverage
