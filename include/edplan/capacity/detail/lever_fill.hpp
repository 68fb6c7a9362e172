// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: the continuous levers (conversions, temporary places) for fixed
/// builds, by steepest descent on the objective, which is piecewise linear and convex in them.
/// Each step takes the lever move (one region, pair or level, and year; more or fewer places)
/// whose objective falls most per place and moves it to the next kink or bound.

#include "edplan/capacity/detail/schedule_state.hpp"
#include "edplan/capacity/programme.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace edplan::capacity::detail {

// The slope of a pair-year's penalty (`year_penalty`) when q moves by one place in direction
// `dir` (+1 or -1), and how far q can move before the slope changes.
struct Slope {
  double slope = 0.0;
  double reach = 0.0;
};

inline Slope directional(double d, double q, double room, bool after_peak, const Weights& w, int dir) noexcept {
  const double inf = std::numeric_limits<double>::infinity();
  const bool crowds = *w.crowd < w.unmet;
  // Kinks, ascending, and the slope right of each: unmet, crowded, neither, stranded.
  const double kink[3] = {d - (crowds ? room : 0.0), d, std::max(0.0, d)};
  const double slope[4] = {-w.unmet, crowds ? -*w.crowd : -w.unmet, 0.0, after_peak ? w.stranded : 0.0};
  const double eps = 1e-9 * (1.0 + std::abs(d) + std::abs(q));
  int i = 0;
  if (dir > 0) {
    while (i < 3 && kink[i] <= q + eps) ++i;
    return {slope[i], i < 3 ? kink[i] - q : inf};
  }
  while (i < 3 && kink[i] < q - eps) ++i;
  return {-slope[i], i > 0 ? q - kink[i - 1] : inf};
}

// The levers of a plan for fixed builds: lever places, spending, and the steepest-descent moves.
class LeverFill {
 public:
  LeverFill(const ValidatedProgramme& v, const std::vector<int>& land_year, LeverPlan plan)
      : v_(v), plan_(std::move(plan)), R_(v.regions()), T_(v.years()), L_(v.levels()),
        P_(static_cast<index_t>(v.levers().conversions.size())) {
    const auto o = evaluate(v, land_year, plan_);
    q_ = o.new_places;
    in_use_ = o.temporary;
    out_ = o.converted_out;
    for (index_t i = 0; i < q_.size(); ++i) q_.data()[i] += o.temporary.data()[i] + o.converted_in.data()[i] - o.converted_out.data()[i];
    spend_ = lever_spend(v, plan_, lever_places(v, plan_));
    const auto& cs = v.candidates();
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (land_year[k] != not_chosen) spend_[static_cast<std::size_t>(land_year[k] - v.base_year() - 1 + v.stages(k).land_to_start)] += cs[k].cost;
    }
    for (index_t r = 0; r < R_; ++r) {
      for (index_t l = 0; l < L_; ++l)
        if (v.temporary(l))
          for (index_t y = 0; y < T_; ++y)
            for (const int dir : {1, -1}) moves_.push_back({r, l, y, dir, false, 0.0, 0.0});
      for (index_t p = 0; p < P_; ++p)
        if (v.applies(static_cast<std::size_t>(p), r))
          for (index_t y = 0; y < T_; ++y)
            for (const int dir : {1, -1}) moves_.push_back({r, p, y, dir, true, 0.0, 0.0});
    }
    for (auto& m : moves_) price(m);
  }

  // Steps while a move lowers the objective; at most max_steps.
  void run(int max_steps) {
    const auto& w = v_.weights();
    const double tol = 1e-9 * (1.0 + w.unmet + w.stranded + *w.crowd);
    for (int step = 0; step < max_steps; ++step) {
      Move* best = nullptr;
      double best_step = 0.0;
      for (auto& m : moves_) {
        if (!(m.marginal < -tol) || (best && m.marginal >= best->marginal)) continue;
        const double s = std::min(m.reach, limit(m));
        if (s > 1e-9) {
          best = &m;
          best_step = s;
        }
      }
      if (!best) return;
      apply(*best, best_step);
      for (auto& m : moves_) {
        if (m.region == best->region) price(m);
      }
    }
  }

  [[nodiscard]] const LeverPlan& plan() const noexcept { return plan_; }

 private:
  struct Move {
    index_t region, which, year;  // which: the level (temporary) or the pair (conversion)
    int dir;
    bool conversion;
    double marginal, reach;       // change of objective per place; places until a kink
  };

  [[nodiscard]] index_t last(const Move& m) const {
    return m.conversion ? T_ : std::min<index_t>(T_, m.year + v_.temporary(m.which)->lifetime);
  }

  // The marginal and reach of a move at the current plan.
  void price(Move& m) const {
    const auto& w = v_.weights();
    const auto cell = [&](index_t t, index_t l, double per, int dir) {
      const auto s = directional(v_.gap()(m.region, t, l), q_(m.region, t, l), v_.room()(m.region, t, l),
                                 t > v_.peak()(m.region, l), w, dir);
      m.marginal += per * s.slope;
      m.reach = std::min(m.reach, s.reach / per);
    };
    m.reach = std::numeric_limits<double>::infinity();
    if (m.conversion) {
      const auto& c = v_.levers().conversions[static_cast<std::size_t>(m.which)];
      m.marginal = m.dir * w.cost * c.cost_per_place;
      for (index_t t = m.year; t < T_; ++t) {
        cell(t, c.to_level, c.ratio, m.dir);
        cell(t, c.from_level, 1.0, -m.dir);
      }
    } else {
      const auto tmp = *v_.temporary(m.which);
      m.marginal = m.dir * w.cost * tmp.cost_per_place_year * static_cast<double>(last(m) - m.year);
      for (index_t t = m.year; t < last(m); ++t) cell(t, m.which, 1.0, m.dir);
    }
  }

  // How far a move may go before a bound: what there is to take back, the existing places
  // left to convert, the room for temporary places, the budget.
  [[nodiscard]] double limit(const Move& m) const {
    if (m.dir < 0) return m.conversion ? plan_.converted(m.region, m.which, m.year) : plan_.temporary(m.region, m.year, m.which);
    double out = std::numeric_limits<double>::infinity();
    const auto budget = [&](index_t t, double cost) {
      if (cost > 0) out = std::min(out, std::max(0.0, v_.budget(t) - spend_[static_cast<std::size_t>(t)]) / cost);
    };
    if (m.conversion) {
      const auto& c = v_.levers().conversions[static_cast<std::size_t>(m.which)];
      for (index_t t = m.year; t < T_; ++t) out = std::min(out, v_.existing()(m.region, t, c.from_level) - out_(m.region, t, c.from_level));
      budget(m.year, c.cost_per_place);
    } else {
      const auto tmp = *v_.temporary(m.which);
      for (index_t t = m.year; t < last(m); ++t) {
        out = std::min(out, tmp.max_share * v_.existing()(m.region, t, m.which) - in_use_(m.region, t, m.which));
        budget(t, tmp.cost_per_place_year);
      }
    }
    return out;
  }

  void apply(const Move& m, double step) {
    const double x = m.dir * step;
    if (m.conversion) {
      const auto& c = v_.levers().conversions[static_cast<std::size_t>(m.which)];
      plan_.converted(m.region, m.which, m.year) = std::max(0.0, plan_.converted(m.region, m.which, m.year) + x);
      spend_[static_cast<std::size_t>(m.year)] += c.cost_per_place * x;
      for (index_t t = m.year; t < T_; ++t) {
        q_(m.region, t, c.to_level) += c.ratio * x;
        q_(m.region, t, c.from_level) -= x;
        out_(m.region, t, c.from_level) += x;
      }
    } else {
      const auto tmp = *v_.temporary(m.which);
      plan_.temporary(m.region, m.year, m.which) = std::max(0.0, plan_.temporary(m.region, m.year, m.which) + x);
      for (index_t t = m.year; t < last(m); ++t) {
        q_(m.region, t, m.which) += x;
        in_use_(m.region, t, m.which) += x;
        spend_[static_cast<std::size_t>(t)] += tmp.cost_per_place_year * x;
      }
    }
  }

  const ValidatedProgramme& v_;
  LeverPlan plan_;
  index_t R_, T_, L_, P_;
  NdArray<double, 3> q_, in_use_, out_;  // (R, T, L): capacity beyond E, temporary in use, converted away
  std::vector<double> spend_;            // per year: builds and levers
  std::vector<Move> moves_;
};

// The levers for fixed builds, improved from `start` by steepest descent.
inline LeverPlan fill_levers(const ValidatedProgramme& v, const std::vector<int>& land_year, LeverPlan start) {
  LeverFill f(v, land_year, std::move(start));
  f.run(static_cast<int>(std::min<index_t>(200000, 20 * v.regions() * v.years() * (v.levels() + 2) + 1000)));
  return f.plan();
}

// What a lever plan leaves to the builds' search: its places per pair and year, its spending.
inline Background background(const ValidatedProgramme& v, const LeverPlan& plan) {
  const index_t R = v.regions(), T = v.years(), L = v.levels();
  const auto lp = lever_places(v, plan);
  Background bg{std::vector<double>(static_cast<std::size_t>(R * L * T), 0.0), lever_spend(v, plan, lp)};
  for (index_t r = 0; r < R; ++r)
    for (index_t l = 0; l < L; ++l)
      for (index_t t = 0; t < T; ++t) {
        bg.places[static_cast<std::size_t>((r * L + l) * T + t)] = lp.temporary(r, t, l) + lp.converted_in(r, t, l) - lp.converted_out(r, t, l);
      }
  return bg;
}

}  // namespace edplan::capacity::detail
