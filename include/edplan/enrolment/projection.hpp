// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The enrolment projection (DESIGN §2.2): rate levels `pupils[a,t] = GER[l,t] · P[a,t]`;
/// progression levels `E[g1,t] = ER · B[t − entry_age]` and `E[g,t] = GPR[g] · E[g−1,t−1]`
/// across level boundaries; transition levels `E[g1,t] = share(t) · E[g1−1,t−1]` (a complement
/// level `(1 − share(t)) · E[g1−1,t−1]`), later grades by GPR; plus housing yield, spread
/// evenly over a level's grades.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/enrolment/housing.hpp"
#include "edplan/enrolment/choice.hpp"
#include "edplan/enrolment/inputs.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/enrolment/ratios.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace edplan::enrolment {

/// The result of `project`.
struct EnrolmentProjection {
  /// (R, T, G) pupils by region, projected year (base_year+1 ..) and grade, housing included.
  NdArray<double, 3> pupils;
  /// (R, T, L) the housing additions included in `pupils`, by level.
  NdArray<double, 3> housing;
  /// (R, G) the projected ratio of each grade: ER, GPR, a transition level's share, a
  /// complement's 1 − share, or for rate grades the level's enrolment rate observed in the
  /// base year (NaN when a GER or share path replaces it).
  NdArray<double, 2> ratios;
  /// (R, G, H) the observed ratios they were estimated from (NaN where not observed).
  NdArray<double, 3> observed;
  /// (R, L, 3) the ratio method of each region and level as (rule, k, alpha), the rule numbered
  /// as `RatioMethod::Rule`: the scenario's method, or the choice of "auto" (`choose_methods`).
  NdArray<double, 3> methods;
};

/// (R, L, 3) `methods` (R × L, region-major) as rows (rule, k, alpha).
inline NdArray<double, 3> method_table(const std::vector<RatioMethod>& methods, index_t R, index_t L) {
  NdArray<double, 3> out({R, L, 3});
  for (index_t i = 0; i < R * L; ++i) {
    const RatioMethod& m = methods[static_cast<std::size_t>(i)];
    out(i / L, i % L, 0) = m.rule;
    out(i / L, i % L, 1) = m.k;
    out(i / L, i % L, 2) = m.alpha;
  }
  return out;
}

/// The methods of an (R, L, 3) `method_table`, R × L region-major.
inline std::vector<RatioMethod> method_list(const View<const double, 3>& table) {
  const index_t R = table.shape(0), L = table.shape(1);
  std::vector<RatioMethod> out(static_cast<std::size_t>(R * L));
  for (index_t i = 0; i < R * L; ++i) {
    auto& m = out[static_cast<std::size_t>(i)];
    m.rule = static_cast<RatioMethod::Rule>(static_cast<int>(table(i / L, i % L, 0)));
    m.k = static_cast<int>(table(i / L, i % L, 1));
    m.alpha = table(i / L, i % L, 2);
  }
  return out;
}

/// (R, T, G) the estimated ratio of every grade at each lead 1..T: `project_ratio` of the grade's
/// observed values with its level's method (NaN for grades not estimated, see `ratio_estimated`).
inline NdArray<double, 3> ratio_paths(const GradeAxis& axis, const View<const double, 3>& observed,
                                      const std::vector<RatioMethod>& methods, index_t T) {
  const index_t R = observed.shape(0), G = axis.size();
  const auto L = static_cast<index_t>(axis.levels().size());
  NdArray<double, 3> out({R, T, G}, std::numeric_limits<double>::quiet_NaN());
  for (index_t r = 0; r < R; ++r)
    for (index_t g = 0; g < G; ++g) {
      if (!ratio_estimated(axis, g)) continue;
      const RatioMethod& m = methods[static_cast<std::size_t>(r * L + axis.level_of(g))];
      for (index_t t = 0; t < T; ++t) out(r, t, g) = project_ratio(observed[r][g], m, static_cast<int>(t + 1));
    }
  return out;
}

/// (R, T, L) level totals of (R, T, G) pupils.
inline NdArray<double, 3> level_totals(const GradeAxis& axis, const View<const double, 3>& pupils) {
  const auto L = static_cast<index_t>(axis.levels().size());
  NdArray<double, 3> out({pupils.shape(0), pupils.shape(1), L});
  for (index_t r = 0; r < pupils.shape(0); ++r)
    for (index_t t = 0; t < pupils.shape(1); ++t)
      for (index_t g = 0; g < axis.size(); ++g) out(r, t, axis.level_of(g)) += pupils(r, t, g);
  return out;
}

/// The enrolment rate of a rate level observed in the base year: its pupils over the
/// population of its ages (both sexes); NaN when unknown.
inline double base_rate(const GradeAxis& axis, const EnrolmentInputs& in, index_t r, int level) {
  const Level& v = axis.levels()[static_cast<std::size_t>(level)];
  if (!in.population) return std::numeric_limits<double>::quiet_NaN();
  const index_t g0 = axis.first_index(level), last = in.history.shape(1) - 1;
  double pupils = 0.0, people = 0.0;
  for (int a = v.first; a <= v.last; ++a) {
    pupils += in.history(r, last, g0 + a - v.first);
    people += (*in.population)(r, 0, 0, a) + (*in.population)(r, 0, 1, a);
  }
  return people > 0.0 ? pupils / people : std::numeric_limits<double>::quiet_NaN();
}

/// `1 − share`, the complement's ratio: 0 for a share above 1 (more entrants than the grade
/// before had pupils), NaN for NaN.
inline double complement_ratio(double share) { return share > 1.0 ? 0.0 : 1.0 - share; }

/// The ratio applied to grade g in `year` (DESIGN §2.2): a rate level's GER path or a
/// transition level's share path where given; for a complement level's first grade
/// `1 − share(year)` of the level it complements (0 when that share is above 1); else
/// `estimated(g)`, the ratio estimated from the history (a rate level's base-year rate).
template <class Estimated>
double applied_ratio(const GradeAxis& axis, index_t g, double year, Estimated&& estimated) {
  const Level& v = axis.level(g);
  if (axis.is_rate(g)) return v.ger.empty() ? estimated(g) : v.ger.at(year);
  if (const index_t source = axis.complement_source(g); source >= 0) {
    return complement_ratio(applied_ratio(axis, source, year, estimated));
  }
  if (axis.is_share(g) && !v.share.empty()) return v.share.at(year);
  return estimated(g);
}

/// True when grade g's ratio is given by a path (GER, share) or by another grade's (a
/// complement), so that it needs no observed ratio of its own.
inline bool ratio_given(const GradeAxis& axis, index_t g) {
  const Level& v = axis.level(g);
  return (axis.is_rate(g) && !v.ger.empty()) || axis.complement_source(g) >= 0 || (axis.is_share(g) && !v.share.empty());
}

namespace detail {
// Projects one region T years from `base_year` with start(g) the pupils of grade g in the base
// year, ratio(g, t) for grade g in projected year index t (year base+1+t), births(y) for
// calendar year y and people(t, age) the population of both sexes at the start of year index t
// (0 = base year). Writes chain pupils (no housing) to out (T × G).
template <class Start, class Ratio, class Births, class People>
void project_region(const GradeAxis& axis, int base_year, index_t T, Start&& start, Ratio&& ratio, Births&& births,
                    People&& people, double* out) {
  const index_t G = axis.size();
  for (index_t t = 0; t < T; ++t) {
    const int year = base_year + 1 + static_cast<int>(t);
    double* now = out + t * G;
    const double* before = t > 0 ? out + (t - 1) * G : nullptr;
    for (index_t g = 0; g < G; ++g) {
      if (axis.is_rate(g)) {
        now[g] = ratio(g, t) * people(t + 1, axis.age(g));
      } else if (axis.is_entry(g)) {
        now[g] = ratio(g, t) * births(year - axis.level(g).entry_age);
      } else {
        const index_t p = axis.predecessor(g);
        now[g] = ratio(g, t) * (before ? before[p] : start(p));
      }
    }
  }
}
}  // namespace detail

/// Projects pupils by region, year and grade for base_year+1 .. horizon (DESIGN §2.2), each
/// estimated ratio by its level's method (`choose_methods`) at its lead.
/// @throws InputError listing every problem: see `validate`, and every grade of every region
/// with no observed ratio to project from.
inline EnrolmentProjection project(const GradeAxis& axis, const EnrolmentInputs& in, const EnrolmentOptions& opt) {
  validate(axis, in, opt);
  const index_t R = in.region_count(), T = in.years(), G = axis.size();
  const auto L = static_cast<index_t>(axis.levels().size());
  EnrolmentProjection p{NdArray<double, 3>({R, T, G}), NdArray<double, 3>({R, T, L}), NdArray<double, 2>({R, G}),
                        observed_ratios(axis, in.history, in.history_first_year(),
                                        in.births.broadcast_to({R, in.births.shape(1)}), in.births_first_year),
                        {}};
  const std::vector<RatioMethod> methods =
      opt.methods.empty() ? choose_methods(axis, p.observed.view(), opt.method) : opt.methods;
  p.methods = method_table(methods, R, L);
  const NdArray<double, 3> paths = ratio_paths(axis, p.observed.view(), methods, T);
  Problems problems;
  for (index_t r = 0; r < R; ++r) {
    for (index_t g = 0; g < G; ++g) {
      if (axis.is_rate(g)) {
        p.ratios(r, g) = base_rate(axis, in, r, axis.level_of(g));
        continue;
      }
      if (axis.complement_source(g) >= 0) continue;  // 1 − the share, below
      p.ratios(r, g) = axis.is_share(g) && !axis.level(g).share.empty()
                           ? std::numeric_limits<double>::quiet_NaN()
                           : project_ratio(p.observed.view()[r][g], methods[static_cast<std::size_t>(r * L + axis.level_of(g))]);
      if (std::isnan(p.ratios(r, g)) && !ratio_given(axis, g) && problems.size() < 50) {
        problems.add("history", in.region_name(r) + ", " + axis.describe(g) + ": no observed " +
                                    (axis.is_entry(g) ? "entry ratio" : axis.is_share(g) ? "share" : "progression ratio") +
                                    "; expected pupils in two consecutive years (or with births) to estimate it from");
      }
    }
    for (index_t g = 0; g < G; ++g) {
      const index_t source = axis.complement_source(g);
      if (source >= 0) p.ratios(r, g) = complement_ratio(p.ratios(r, source));  // NaN under a share path
    }
  }
  problems.throw_if_any();

  parallel_for(
      R,
      [&](index_t r) {
        const auto ratio = [&](index_t g, index_t t) {
          return applied_ratio(axis, g, in.base_year + 1 + static_cast<double>(t), [&](index_t k) {
            return ratio_estimated(axis, k) ? paths(r, t, k) : p.ratios(r, k);
          });
        };
        const auto births = [&](int y) { return in.births_at(r, y); };
        const auto people = [&](index_t t, int age) {
          return (*in.population)(r, t, 0, age) + (*in.population)(r, t, 1, age);
        };
        double* out = p.pupils.data() + r * T * G;  // no reference into an empty (T = 0) array
        const index_t last = in.history.shape(1) - 1;
        detail::project_region(axis, in.base_year, T, [&](index_t g) { return in.history(r, last, g); }, ratio, births,
                               people, out);
        if (!in.dwellings) return;
        const auto dwellings = (*in.dwellings)[in.dwellings->shape(0) == 1 ? 0 : r];
        for (index_t l = 0; l < L; ++l) {
          const Level& v = axis.levels()[static_cast<std::size_t>(l)];
          const index_t g0 = axis.first_index(static_cast<int>(l));
          for (index_t t = 0; t < T; ++t) {
            const double extra = housing_pupils(dwellings, in.dwellings_first_year, v.yield, opt.ramp,
                                                in.base_year + 1 + static_cast<int>(t));
            p.housing(r, t, l) = extra;
            for (index_t g = g0; g < g0 + v.grades(); ++g) out[t * G + g] += extra / v.grades();
          }
        }
      },
      opt.threads);
  return p;
}

}  // namespace edplan::enrolment
