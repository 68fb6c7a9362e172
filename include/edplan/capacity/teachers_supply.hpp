// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Teachers available per region, level and year (DESIGN §2.3b): the staff age profile of the
/// base year ages one year at a time, `T[a+1, t+1] = T[a, t] · (1 − attrition)`; those reaching
/// the retirement age of their sex leave (`T[a, t] = 0` for a >= retirement age), and planned
/// hires enter at their age in their year. `available[t] = Σ_a T[a, t]`.
///
/// A hire at or above the retirement age (a re-hired retired teacher, 银龄教师) counts in the
/// year of the hire and leaves at the next step: each such contract is one planned hire a year.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <array>
#include <string>
#include <vector>

namespace edplan::capacity {

/// The youngest age of a staff profile: its age axis starts here.
inline constexpr int min_staff_age = 18;
/// The oldest age of a staff profile.
inline constexpr int max_staff_age = 70;
/// The length of a staff profile's age axis (ages 18..70).
inline constexpr index_t staff_ages = max_staff_age - min_staff_age + 1;

/// How the staff age.
struct StaffRules {
  /// The age at which teachers leave, by sex (F, M): 55 and 60, the rule for teachers in China
  /// before the gradual rise that began in 2025.
  std::array<int, 2> retirement_age{55, 60};
  /// The share of teachers leaving each year before retirement (quits, deaths, moves out of
  /// the system), one per level; empty: none.
  std::vector<double> attrition{};
};

/// Teachers hired into a region and level in a year: they count from that year on.
struct Hire {
  /// Region index.
  index_t region = 0;
  /// Level index.
  index_t level = 0;
  /// The year they start.
  int year = 0;
  /// 0 = female, 1 = male.
  index_t sex = 0;
  /// Their age in that year (18..70).
  int age = 30;
  /// How many.
  double count = 0.0;
};

/// Records a problem for rules that are not usable with L levels.
inline void check_staff_rules(Problems& problems, const StaffRules& rules, index_t L) {
  for (std::size_t s = 0; s < 2; ++s) {
    const int a = rules.retirement_age[s];
    if (a < min_staff_age || a > max_staff_age) {
      problems.add(std::string("retirement_age.") + (s == 0 ? "F" : "M"),
                   "got " + std::to_string(a) + "; expected an age 18..70");
    }
  }
  if (!rules.attrition.empty() && static_cast<index_t>(rules.attrition.size()) != L) {
    problems.add("attrition", "got " + std::to_string(rules.attrition.size()) + " rates; expected one per level (" +
                                  std::to_string(L) + ")");
  }
  for (std::size_t l = 0; l < rules.attrition.size(); ++l) {
    check_scalar(problems, "attrition[" + std::to_string(l) + "]", rules.attrition[l], is_probability,
                 "a yearly share in [0, 1]");
  }
}

/// Records a problem for every hire outside the regions, levels, years or ages of the run.
inline void check_hires(Problems& problems, const std::vector<Hire>& hires, index_t R, index_t L, int first_year,
                        index_t years) {
  for (std::size_t i = 0; i < hires.size(); ++i) {
    const auto& h = hires[i];
    const std::string at = "hires[" + std::to_string(i) + "]";
    if (h.region < 0 || h.region >= R) problems.add(at, "unknown region index " + std::to_string(h.region));
    if (h.level < 0 || h.level >= L) problems.add(at, "unknown level index " + std::to_string(h.level));
    if (h.sex != 0 && h.sex != 1) problems.add(at, "sex " + std::to_string(h.sex) + "; expected 0 (F) or 1 (M)");
    if (h.age < min_staff_age || h.age > max_staff_age) {
      problems.add(at, "age " + std::to_string(h.age) + "; expected an age 18..70");
    }
    if (h.year < first_year || h.year >= first_year + years) {
      problems.add(at, "year " + std::to_string(h.year) + "; expected a projection year " + std::to_string(first_year) +
                           ".." + std::to_string(first_year + years - 1));
    }
    check_scalar(problems, at + ".count", h.count, is_count, "teachers >= 0");
  }
}

/// Teachers available, (R, T, L) for the years `first_year .. first_year + years − 1`, from the
/// staff profile of the year before `first_year`.
/// @param staff (R, L, 2, staff_ages) teachers by region, level, sex (F, M) and age 18..70.
/// @throws InputError on negative or non-finite counts, unusable rules or hires.
inline NdArray<double, 3> teachers_available(const View<const double, 4>& staff, const StaffRules& rules,
                                             const std::vector<Hire>& hires, int first_year, index_t years) {
  Problems problems;
  const index_t R = staff.shape(0), L = staff.shape(1);
  const Field<4> field{"staff", {"region", "level", "sex", "age"}, {0, 0, 0, min_staff_age}};
  check_extent(problems, field, staff, 2, 2, false, "F, M");
  check_extent(problems, field, staff, 3, staff_ages, false, "ages 18..70");
  if (years < 0) problems.add("years", "got " + std::to_string(years) + "; expected a number of years >= 0");
  problems.throw_if_any();
  check_values(problems, field, staff, is_count, "teachers >= 0");
  check_staff_rules(problems, rules, L);
  check_hires(problems, hires, R, L, first_year, years);
  problems.throw_if_any();

  // (R, L, 2, ages) this year's staff, stepped in place from the oldest age down
  NdArray<double, 4> now({R, L, 2, staff_ages});
  for (index_t r = 0; r < R; ++r)
    for (index_t l = 0; l < L; ++l)
      for (index_t s = 0; s < 2; ++s)
        for (index_t a = 0; a < staff_ages; ++a) now(r, l, s, a) = staff(r, l, s, a);
  NdArray<double, 3> out({R, years, L});
  for (index_t t = 0; t < years; ++t) {
    for (index_t r = 0; r < R; ++r)
      for (index_t l = 0; l < L; ++l) {
        const double stay = rules.attrition.empty() ? 1.0 : 1.0 - rules.attrition[static_cast<std::size_t>(l)];
        for (index_t s = 0; s < 2; ++s) {
          const index_t retire = rules.retirement_age[static_cast<std::size_t>(s)] - min_staff_age;
          for (index_t a = staff_ages - 1; a > 0; --a) now(r, l, s, a) = a >= retire ? 0.0 : now(r, l, s, a - 1) * stay;
          now(r, l, s, 0) = 0.0;
        }
      }
    for (const auto& h : hires) {
      if (h.year == first_year + t) now(h.region, h.level, h.sex, h.age - min_staff_age) += h.count;
    }
    for (index_t r = 0; r < R; ++r)
      for (index_t l = 0; l < L; ++l) {
        double sum = 0.0;
        for (index_t s = 0; s < 2; ++s)
          for (index_t a = 0; a < staff_ages; ++a) sum += now(r, l, s, a);
        out(r, t, l) = sum;
      }
  }
  return out;
}

}  // namespace edplan::capacity
