// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Internals of the scheduler: the continuous levers (conversions, temporary places) for fixed
/// builds, by steepest descent on the objective, which is piecewise linear and convex in them.
/// Each step takes the lever move of one region (more or fewer places of one conversion or
/// temporary installation, a shift between years, converted places traded for temporary ones)
/// whose objective falls most per unit and moves it to the next kink or bound.

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
// A move changes one or two lever variables of one region in fixed proportion: more or fewer
// places of one conversion or temporary installation, a shift of places from one year to
// another (up to `shift_years` apart), or converted places given back for temporary places of
// the gaining level from the same year (and the reverse). Each move knows the pair-years whose
// capacity it changes and the bounds it uses, with their coefficients.
class LeverFill {
 public:
  static constexpr index_t shift_years = 4;

  LeverFill(const ValidatedProgramme& v, const std::vector<int>& land_year, LeverPlan plan)
      : v_(v), plan_(std::move(plan)), T_(v.years()), L_(v.levels()) {
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
    const auto P = static_cast<index_t>(v.levers().conversions.size());
    for (index_t r = 0; r < v.regions(); ++r) {
      std::vector<Var> vars;
      for (index_t p = 0; p < P; ++p)
        if (v.applies(static_cast<std::size_t>(p), r))
          for (index_t y = 0; y < T_; ++y) vars.push_back({true, p, y});
      for (index_t l = 0; l < L_; ++l)
        if (v.temporary(l))
          for (index_t y = 0; y < T_; ++y) vars.push_back({false, l, y});
      for (const auto& x : vars) {
        for (const double dir : {1.0, -1.0}) add_move(r, {{x, dir}});
        for (const auto& y : vars) {
          const bool shift = x.conversion == y.conversion && x.which == y.which && x.year != y.year &&
                             std::abs(x.year - y.year) <= shift_years;
          if (shift) add_move(r, {{x, -1.0}, {y, 1.0}});
          if (x.conversion && !y.conversion && y.year == x.year &&
              y.which == v.levers().conversions[static_cast<std::size_t>(x.which)].to_level) {
            const double rho = v.levers().conversions[static_cast<std::size_t>(x.which)].ratio;
            add_move(r, {{x, -1.0}, {y, rho}});
            add_move(r, {{x, 1.0}, {y, -rho}});
          }
        }
      }
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
      const index_t region = best->region;
      apply(*best, best_step);
      for (auto& m : moves_) {
        if (m.region == region) price(m);
      }
    }
  }

  [[nodiscard]] const LeverPlan& plan() const noexcept { return plan_; }

 private:
  struct Var {
    bool conversion;
    index_t which, year;  // the pair (conversion) or the level (temporary); the year index
  };
  struct Term {
    index_t level, t;
    double coef;
  };
  struct Move {
    index_t region;
    std::vector<std::pair<Var, double>> vars;  // variables and their change per unit of the move
    std::vector<Term> cells;                   // pair-years whose capacity changes
    std::vector<Term> out, in_use;             // converted-away and temporary-in-use bounds
    std::vector<std::pair<index_t, double>> spend;  // spending by year
    double cost = 0.0;                         // w_cost · cost per unit
    double marginal = 0.0, reach = 0.0;        // change of objective per unit; units until a kink
  };

  // Adds `coef` at (level, t) to a list of terms, merging.
  static void add_term(std::vector<Term>& terms, index_t level, index_t t, double coef) {
    for (auto& x : terms)
      if (x.level == level && x.t == t) {
        x.coef += coef;
        return;
      }
    terms.push_back({level, t, coef});
  }

  [[nodiscard]] index_t last(const Var& x) const {
    return x.conversion ? T_ : std::min<index_t>(T_, x.year + v_.temporary(x.which)->lifetime);
  }

  void add_move(index_t r, std::vector<std::pair<Var, double>> vars) {
    Move m{r, std::move(vars), {}, {}, {}, {}, 0.0, 0.0, 0.0};
    const auto& w = v_.weights();
    for (const auto& [x, c] : m.vars) {
      if (x.conversion) {
        const auto& pair = v_.levers().conversions[static_cast<std::size_t>(x.which)];
        m.cost += c * w.cost * pair.cost_per_place;
        m.spend.emplace_back(x.year, c * pair.cost_per_place);
        for (index_t t = x.year; t < T_; ++t) {
          add_term(m.cells, pair.to_level, t, c * pair.ratio);
          add_term(m.cells, pair.from_level, t, -c);
          add_term(m.out, pair.from_level, t, c);
        }
      } else {
        const auto tmp = *v_.temporary(x.which);
        for (index_t t = x.year; t < last(x); ++t) {
          m.cost += c * w.cost * tmp.cost_per_place_year;
          m.spend.emplace_back(t, c * tmp.cost_per_place_year);
          add_term(m.cells, x.which, t, c);
          add_term(m.in_use, x.which, t, c);
        }
      }
    }
    const auto tiny = [](const Term& x) { return std::abs(x.coef) < 1e-12; };
    for (auto* terms : {&m.cells, &m.out, &m.in_use}) terms->erase(std::remove_if(terms->begin(), terms->end(), tiny), terms->end());
    moves_.push_back(std::move(m));
  }

  // The marginal and reach of a move at the current plan.
  void price(Move& m) const {
    const auto& w = v_.weights();
    m.marginal = m.cost;
    m.reach = std::numeric_limits<double>::infinity();
    for (const auto& c : m.cells) {
      const auto s = directional(v_.gap()(m.region, c.t, c.level), q_(m.region, c.t, c.level), v_.room()(m.region, c.t, c.level),
                                 c.t > v_.peak()(m.region, c.level), w, c.coef > 0 ? 1 : -1);
      const double a = std::abs(c.coef);
      m.marginal += a * s.slope;
      m.reach = std::min(m.reach, s.reach / a);
    }
  }

  [[nodiscard]] double& value(const Move& m, const Var& x) {
    return x.conversion ? plan_.converted(m.region, x.which, x.year) : plan_.temporary(m.region, x.year, x.which);
  }

  // How far a move may go before a bound: what there is to take back, the existing places
  // left to convert, the room for temporary places, the budget.
  [[nodiscard]] double limit(const Move& m) {
    double out = std::numeric_limits<double>::infinity();
    for (const auto& [x, c] : m.vars)
      if (c < 0) out = std::min(out, value(m, x) / -c);
    for (const auto& b : m.out)
      if (b.coef > 0) out = std::min(out, (v_.existing()(m.region, b.t, b.level) - out_(m.region, b.t, b.level)) / b.coef);
    for (const auto& b : m.in_use)
      if (b.coef > 0) {
        const double room = v_.temporary(b.level)->max_share * v_.existing()(m.region, b.t, b.level);
        out = std::min(out, (room - in_use_(m.region, b.t, b.level)) / b.coef);
      }
    std::vector<double> net(static_cast<std::size_t>(T_), 0.0);
    for (const auto& [t, c] : m.spend) net[static_cast<std::size_t>(t)] += c;
    for (index_t t = 0; t < T_; ++t) {
      const double c = net[static_cast<std::size_t>(t)];
      if (c > 1e-12) out = std::min(out, std::max(0.0, v_.budget(t) - spend_[static_cast<std::size_t>(t)]) / c);
    }
    return out;
  }

  void apply(const Move& m, double step) {
    for (const auto& [x, c] : m.vars) value(m, x) = std::max(0.0, value(m, x) + c * step);
    for (const auto& c : m.cells) q_(m.region, c.t, c.level) += c.coef * step;
    for (const auto& b : m.out) out_(m.region, b.t, b.level) += b.coef * step;
    for (const auto& b : m.in_use) in_use_(m.region, b.t, b.level) += b.coef * step;
    for (const auto& [t, c] : m.spend) spend_[static_cast<std::size_t>(t)] += c * step;
  }

  const ValidatedProgramme& v_;
  LeverPlan plan_;
  index_t T_, L_;
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
