// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The incremental state shared by the MCLP and p-median heuristics (Whitaker's fast
/// interchange with the bookkeeping of Resende & Werneck 2003): per demand point the nearest
/// and second-nearest chosen sites, and per candidate the three quantities a swap needs,
///   gain[k]     = sum_i P_i (d1_i - c_ik)+                       (what adding k saves),
///   loss[s]     = sum_{i: f1_i = s} P_i (d2_i - d1_i)           (what removing slot s costs),
///   extra[k][s] = sum_{i: f1_i = s, c_ik < d2_i} P_i (d2_i - max(c_ik, d1_i)),
/// so that swapping k in for s saves gain[k] - loss[s] + extra[k][s]. Adding or removing a
/// site touches only the demand points it links to (a column), and each of those re-states
/// its contribution over its own links cheaper than d1_i or d2_i (the start of its row's
/// sorted head, `Rows`): a swap costs the links around it, not a pass over all links as in
/// the plain fast interchange.
///
/// The MCLP is the same problem with every link costing 0 and a point with no chosen site
/// costing 1 (`Binary`): sum_i P_i d1_i is then the uncovered demand, d2_i = 0 where two
/// chosen sites cover i, and the three quantities are the uncovered demand a site adds, the
/// demand only s covers, and the demand only s covers that k covers too.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/siting_common.hpp"
#include "edplan/coverage/siting_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::coverage::detail {

/// The incremental assignment state (see the file comment). `Binary`: every link costs 0 and
/// `far` is 1 (MCLP). A movable chosen site holds a slot in [0, slots); fixed sites hold none
/// and are never swapped out. `R`: the links by row, `Rows` or (Binary only) `RowsInPlace`.
template <bool Binary, class R = Rows>
class Assignment {
 public:
  /// State with no site chosen; `far` is the cost of a point no chosen site reaches.
  Assignment(const R& rows, const Columns& cols, View<const double, 1> demand, double far, index_t slots)
      : rows_(rows), cols_(cols), demand_(demand), far_(far), n_(demand.shape(0)),
        m_(static_cast<index_t>(cols.start.size()) - 1), slots_(slots) {
    clear_();
    gain_.assign(static_cast<std::size_t>(m_), 0.0);
    for (index_t i = 0; i < n_; ++i) {
      contribute(i, 1.0);
      if constexpr (Binary) unreached_ += demand_(i) > 0.0 ? 1 : 0;
    }
  }

  /// Binary: the state with no site chosen from `covered`, the demand each column covers
  /// summed in increasing row order (the gains the first constructor sums, bit for bit),
  /// without its pass over the rows.
  Assignment(const R& rows, const Columns& cols, View<const double, 1> demand, index_t slots, std::vector<double> covered)
      : rows_(rows), cols_(cols), demand_(demand), far_(1.0), n_(demand.shape(0)),
        m_(static_cast<index_t>(cols.start.size()) - 1), slots_(slots) {
    static_assert(Binary, "only the MCLP's gains are the demand each column covers");
    clear_();
    gain_ = std::move(covered);
    for (index_t i = 0; i < n_; ++i) unreached_ += demand_(i) > 0.0 ? 1 : 0;
  }

  /// The state with the sites `fixed` (no slot) and `movable` (slots 0, 1, ... in that order)
  /// chosen, in one pass over the points: what adding them one by one gives (up to the order
  /// of the sums), without re-stating every point its column reaches around each addition,
  /// which read whole rows while few sites were chosen.
  Assignment(const R& rows, const Columns& cols, View<const double, 1> demand, double far, index_t slots,
             const std::vector<index_t>& fixed, const std::vector<index_t>& movable)
      : rows_(rows), cols_(cols), demand_(demand), far_(far), n_(demand.shape(0)),
        m_(static_cast<index_t>(cols.start.size()) - 1), slots_(slots) {
    clear_();
    gain_.assign(static_cast<std::size_t>(m_), 0.0);
    for (auto j : fixed) chosen_[static_cast<std::size_t>(j)] = 1;
    for (std::size_t s = 0; s < movable.size(); ++s) {
      const auto js = static_cast<std::size_t>(movable[s]);
      chosen_[js] = 1;
      slot_of_[js] = static_cast<std::int32_t>(s);
      site_of_[s] = movable[s];
    }
    for (index_t i = 0; i < n_; ++i) {
      if constexpr (Binary) unreached_ += demand_(i) > 0.0 ? 1 : 0;
      restate(i);
      contribute(i, 1.0);
    }
  }

  /// Starts (or stops) keeping the swap table; starting builds it in one pass over the rows.
  void keep_extra(bool on) {
    if (on == with_extra_) return;
    with_extra_ = on;
    extra_.clear();
    if (!on) return;
    extra_.assign(static_cast<std::size_t>(m_ * slots_), 0.0);
    for (index_t i = 0; i < n_; ++i) contribute_extra(i, 1.0);
  }

  /// Chooses site j (movable sites take the lowest free slot).
  void add(index_t j, bool movable) {
    const auto js = static_cast<std::size_t>(j);
    touched_.clear();
    for (auto l = cols_.start[js]; l < cols_.start[js + 1]; ++l) {
      const auto i = cols_.row[static_cast<std::size_t>(l)];
      if (col_cost(l) < d2_[static_cast<std::size_t>(i)]) {
        touched_.push_back(i);
        contribute(i, -1.0);
      }
    }
    chosen_[js] = 1;
    if (movable) {
      const auto free = std::find(site_of_.begin(), site_of_.end(), -1);
      slot_of_[js] = static_cast<std::int32_t>(free - site_of_.begin());
      *free = j;
    }
    for (auto i : touched_) {
      if constexpr (Binary) {
        if (distinct_) {
          restate_added(i, j);
          contribute(i, 1.0);
          continue;
        }
      }
      restate(i);
      contribute(i, 1.0);
    }
  }

  /// Binary: declares that no row lists a column twice (a dense matrix's lists), so that
  /// adding a site re-states the points it covers without reading their rows.
  void distinct_columns(bool on) {
    static_assert(Binary, "only the MCLP re-states points without their rows");
    distinct_ = on;
  }

  /// Gives up site j.
  void remove(index_t j) {
    const auto js = static_cast<std::size_t>(j);
    touched_.clear();
    for (auto l = cols_.start[js]; l < cols_.start[js + 1]; ++l) {
      const auto i = cols_.row[static_cast<std::size_t>(l)];
      if (f1_[static_cast<std::size_t>(i)] == j || f2_[static_cast<std::size_t>(i)] == j) {
        touched_.push_back(i);
        contribute(i, -1.0);
      }
    }
    chosen_[js] = 0;
    const auto s = slot_of_[js];
    if (s >= 0) {
      // Every point it served has left it: clear the rounding residue of its slot.
      loss_[static_cast<std::size_t>(s)] = 0.0;
      if (with_extra_) {
        for (index_t k = 0; k < m_; ++k) extra_[static_cast<std::size_t>(k * slots_ + s)] = 0.0;
      }
      site_of_[static_cast<std::size_t>(s)] = -1;
      slot_of_[js] = -1;
    }
    for (auto i : touched_) {
      restate(i);
      contribute(i, 1.0);
    }
  }

  /// The non-chosen, non-barred site saving most (ties: the lowest column), or -1.
  [[nodiscard]] index_t best_addition(const std::vector<char>& barred) const {
    index_t best = -1;
    for (index_t k = 0; k < m_; ++k) {
      const auto ks = static_cast<std::size_t>(k);
      if (chosen_[ks] || barred[ks]) continue;
      if (best < 0 || gain_[ks] > gain_[static_cast<std::size_t>(best)]) best = k;
    }
    return best;
  }

  /// The best swap (in, out) and what it saves; ties go to the lower `in`, then the lower
  /// `out` column. Requires `keep_extra(true)`.
  [[nodiscard]] std::pair<double, std::pair<index_t, index_t>> best_swap() const {
    double best = -std::numeric_limits<double>::infinity();
    index_t best_in = -1, best_out = -1;
    for (index_t k = 0; k < m_; ++k) {
      if (chosen_[static_cast<std::size_t>(k)]) continue;
      const double g = gain_[static_cast<std::size_t>(k)];
      const double* row = extra_.data() + k * slots_;
      for (index_t s = 0; s < slots_; ++s) {
        const index_t out = site_of_[static_cast<std::size_t>(s)];
        if (out < 0) continue;
        const double v = g + row[s] - loss_[static_cast<std::size_t>(s)];
        if (v > best || (v == best && k == best_in && out < best_out)) {
          best = v;
          best_in = k;
          best_out = out;
        }
      }
    }
    return {best, {best_in, best_out}};
  }

  /// Σ P_i d1_i from scratch (free of incremental rounding).
  [[nodiscard]] double cost() const {
    double s = 0.0;
    for (index_t i = 0; i < n_; ++i) s += demand_(i) * d1_[static_cast<std::size_t>(i)];
    return s;
  }

  /// Binary: whether every point with demand is covered (the cost is 0: nothing can be
  /// saved, and no site's gain changes any more).
  [[nodiscard]] bool covers_all() const {
    static_assert(Binary, "only the MCLP counts the points no chosen site covers");
    return unreached_ == 0;
  }

  /// Binary, once `covers_all()`: chooses site j without the bookkeeping of `add` (every
  /// point's cost is 0 whatever else is chosen). Only `chosen()`, `nearest()`, `gain()` and
  /// `best_addition` may be read afterwards.
  void settle(index_t j) {
    static_assert(Binary, "only the MCLP settles");
    chosen_[static_cast<std::size_t>(j)] = 1;
  }

  /// The chosen flags.
  [[nodiscard]] const std::vector<char>& chosen() const { return chosen_; }
  /// The nearest chosen site's cost per demand point (`far` where none).
  [[nodiscard]] const std::vector<double>& nearest() const { return d1_; }
  /// The saving of adding each site (meaningless for chosen sites).
  [[nodiscard]] const std::vector<double>& gain() const { return gain_; }

 private:
  // No site chosen: every point at `far_`, every slot empty (both constructors start here).
  void clear_() {
    d1_.assign(static_cast<std::size_t>(n_), far_);
    d2_.assign(static_cast<std::size_t>(n_), far_);
    f1_.assign(static_cast<std::size_t>(n_), -1);
    f2_.assign(static_cast<std::size_t>(n_), -1);
    chosen_.assign(static_cast<std::size_t>(m_), 0);
    slot_of_.assign(static_cast<std::size_t>(m_), -1);
    site_of_.assign(static_cast<std::size_t>(slots_), -1);
    loss_.assign(static_cast<std::size_t>(slots_), 0.0);
  }
  [[nodiscard]] double row_cost(std::int64_t l) const {
    if constexpr (Binary) {
      return 0.0;
    } else {
      return rows_.cost[static_cast<std::size_t>(l)];
    }
  }
  [[nodiscard]] double col_cost(std::int64_t l) const {
    if constexpr (Binary) {
      return 0.0;
    } else {
      return cols_.cost[static_cast<std::size_t>(l)];
    }
  }

  /// Adds (sign 1) or takes back (sign -1) point i's share of gain, loss and extra.
  void contribute(index_t i, double sign) {
    const auto is = static_cast<std::size_t>(i);
    const double P = sign * demand_(i);
    if (P == 0.0) return;
    const double a = d1_[is];
    const auto f = f1_[is];
    const std::int32_t s = f >= 0 ? slot_of_[static_cast<std::size_t>(f)] : -1;
    if (s >= 0) loss_[static_cast<std::size_t>(s)] += P * (d2_[is] - a);
    cheaper_than(i, a, [&](std::int32_t k, double c) { gain_[static_cast<std::size_t>(k)] += P * (a - c); });
    if (with_extra_ && s >= 0) contribute_extra(i, sign);
  }

  void contribute_extra(index_t i, double sign) {
    const auto is = static_cast<std::size_t>(i);
    const auto f = f1_[is];
    const std::int32_t s = f >= 0 ? slot_of_[static_cast<std::size_t>(f)] : -1;
    const double P = sign * demand_(i);
    if (s < 0 || P == 0.0) return;
    const double a = d1_[is], b = d2_[is];
    cheaper_than(i, b, [&](std::int32_t k, double c) {
      extra_[static_cast<std::size_t>(k * slots_ + s)] += P * (b - std::max(c, a));
    });
  }

  /// Calls `visit(k, c)` for each link of point i cheaper than `limit`, in row order: the
  /// head up to the first link as dear as `limit`, then the tail only when the whole head is
  /// cheaper (its links all cost at least the head's last).
  template <class Visit>
  void cheaper_than(index_t i, double limit, Visit&& visit) const {
    const auto is = static_cast<std::size_t>(i);
    for (auto l = row_first(rows_, is); l < row_last(rows_, is); ++l) {
      const auto k = link_column(rows_, l);
      if (k < 0) continue;  // a column left out (RowsInPlace)
      const double c = row_cost(l);
      if (!(c < limit)) return;
      visit(k, c);
    }
    if constexpr (!Binary) {
      rows_.each_tail(is, [&](std::int32_t k, double c) {
        if (c < limit) visit(k, c);
      });
    }
  }

  /// Binary, rows without repeated columns: `restate` after site j was added to point i,
  /// which at most one other chosen site covered (`add` touches no other): j is its nearest
  /// and the other, if any, its second-nearest, the lower column first, as `restate` would
  /// find them in row order.
  void restate_added(index_t i, index_t j) {
    const auto is = static_cast<std::size_t>(i);
    const auto k = static_cast<std::int32_t>(j);
    const std::int32_t other = f1_[is];
    if (other < 0) {
      if (demand_(i) > 0.0) --unreached_;
      f1_[is] = k;
      d1_[is] = 0.0;
      return;
    }
    f1_[is] = std::min(other, k);
    f2_[is] = std::max(other, k);
    d1_[is] = 0.0;
    d2_[is] = 0.0;
  }

  /// Point i's nearest and second-nearest chosen sites, from its links (ties: the lower
  /// column, as if the whole row ran in increasing (cost, column) order).
  void restate(index_t i) {
    const auto is = static_cast<std::size_t>(i);
    double a = far_, b = far_;
    std::int32_t fa = -1, fb = -1;
    for (auto l = row_first(rows_, is); l < row_last(rows_, is); ++l) {
      const auto k = link_column(rows_, l);
      if (k < 0 || !chosen_[static_cast<std::size_t>(k)]) continue;
      const double c = row_cost(l);
      if (fa < 0) {
        a = c;
        fa = k;
      } else {
        b = c;
        fb = k;
        break;  // in increasing (cost, column), the second chosen site met is the second-nearest
      }
    }
    if constexpr (!Binary) {
      if (fb < 0 && rows_.has_tail(is)) {
        // Fewer than two chosen sites in the head: the tail's links cost at least the head's,
        // so the best of it (by cost, then column) comes after what the head found.
        const auto before = [](double c, std::int32_t k, double c0, std::int32_t k0) {
          return k0 < 0 || c < c0 || (c == c0 && k < k0);
        };
        rows_.each_tail(is, [&](std::int32_t k, double c) {
          if (!chosen_[static_cast<std::size_t>(k)]) return;
          if (before(c, k, a, fa)) {
            b = a;
            fb = fa;
            a = c;
            fa = k;
          } else if (before(c, k, b, fb)) {
            b = c;
            fb = k;
          }
        });
      }
    }
    if constexpr (Binary) {
      if (demand_(i) > 0.0) unreached_ += (fa < 0 ? 1 : 0) - (f1_[is] < 0 ? 1 : 0);
    }
    d1_[is] = a;
    d2_[is] = b;
    f1_[is] = fa;
    f2_[is] = fb;
  }

  const R& rows_;
  const Columns& cols_;
  View<const double, 1> demand_;
  double far_;
  index_t n_, m_, slots_;
  bool with_extra_ = false;
  index_t unreached_ = 0;  // Binary: points with demand that no chosen site covers
  bool distinct_ = false;  // Binary: no row lists a column twice (`distinct_columns`)
  std::vector<double> d1_, d2_, gain_, loss_, extra_;
  std::vector<std::int32_t> f1_, f2_, slot_of_;
  std::vector<index_t> site_of_;
  std::vector<char> chosen_;
  std::vector<index_t> touched_;
};

}  // namespace edplan::coverage::detail
