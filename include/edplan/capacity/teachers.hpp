// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Teachers for the wave (DESIGN §2.3b): per region, level and year, the teachers needed under
/// the staffing norms (teachers_need.hpp), those still available from the ageing staff profile
/// and planned hires (teachers_supply.hpp), those moved from a shrinking level to a growing one
/// (teachers_redeploy.hpp), and what remains to hire:
/// `hires_needed = max(0, needed − available − moved_in + moved_out)`,
/// `surplus = max(0, available + moved_in − moved_out − needed)`. Hires needed are not fed back
/// into later years' supply: planned hires are an input.

#include "edplan/capacity/teachers_need.hpp"
#include "edplan/capacity/teachers_redeploy.hpp"
#include "edplan/capacity/teachers_supply.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace edplan::capacity {

/// The teacher table's numbers, all (R, T, L) except `flows`.
struct Teachers {
  /// Teachers needed under the norms.
  NdArray<double, 3> needed;
  /// Teachers available from the staff profile and planned hires.
  NdArray<double, 3> available;
  /// Teachers received from other levels of the region.
  NdArray<double, 3> moved_in;
  /// Teachers given to other levels of the region.
  NdArray<double, 3> moved_out;
  /// What remains short after redeployment: to hire.
  NdArray<double, 3> hires_needed;
  /// What remains spare after redeployment.
  NdArray<double, 3> surplus;
  /// (R, T, L, L) teachers of level `from` (third axis) teaching level `to` (fourth axis).
  NdArray<double, 4> flows;
};

/// Teachers needed, available, moved and to hire for the years `first_year .. first_year + T − 1`.
/// @param pupils (R, T, L) pupils by region, year and level.
/// @param norms one TeacherNorm per level.
/// @param staff (R, L, 2, staff_ages) teachers by region, level, sex and age 18..70 in the year
/// before `first_year` (the base year).
/// @param rules retirement ages and attrition.
/// @param hires planned hires.
/// @param pairs allowed redeployments (none: no teacher moves).
/// @throws InputError on every problem of any argument, all at once.
inline Teachers teachers(const View<const double, 3>& pupils, const std::vector<TeacherNorm>& norms,
                         const View<const double, 4>& staff, const StaffRules& rules, const std::vector<Hire>& hires,
                         const std::vector<Redeploy>& pairs, int first_year) {
  Problems problems;
  const index_t R = pupils.shape(0), T = pupils.shape(1), L = pupils.shape(2);
  const Field<4> field{"staff", {"region", "level", "sex", "age"}, {0, 0, 0, min_staff_age}};
  check_extent(problems, field, staff, 0, R, false, "regions, as pupils");
  check_extent(problems, field, staff, 1, L, false, "levels, as pupils");
  check_redeploy(problems, pairs, L);
  // each part's own checks, gathered so that one call reports every problem
  const auto gather = [&problems](auto&& part) {
    try {
      return part();
    } catch (const InputError& e) {
      for (const auto& p : e.problems()) problems.add(p.where, p.message);
      return decltype(part()){};
    }
  };
  auto needed = gather([&] { return teachers_needed(pupils, norms); });
  auto available = gather([&] { return teachers_available(staff, rules, hires, first_year, T); });
  problems.throw_if_any();

  const View<const double, 3> need(needed.data(), needed.shape()), have(available.data(), available.shape());
  auto moved = redeploy(need, have, pairs);
  Teachers out{std::move(needed), std::move(available), std::move(moved.moved_in), std::move(moved.moved_out),
               NdArray<double, 3>({R, T, L}), NdArray<double, 3>({R, T, L}), std::move(moved.flows)};
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t)
      for (index_t l = 0; l < L; ++l) {
        const double balance = out.available(r, t, l) + out.moved_in(r, t, l) - out.moved_out(r, t, l) -
                               out.needed(r, t, l);
        out.hires_needed(r, t, l) = std::max(0.0, -balance);
        out.surplus(r, t, l) = std::max(0.0, balance);
      }
  return out;
}

}  // namespace edplan::capacity
