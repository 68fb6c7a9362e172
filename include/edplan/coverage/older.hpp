// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The older population of each area over the projection years (DESIGN §2.6): areas know
/// their people aged 60+ in the base year only, so each grows as its region's population aged
/// `min_age`+ does in the population projection,
/// `P[area, t] = P[area, base] · O[region, t] / O[region, base]`.
///
/// O is summed over the projection's cells in the order of the population table's rows
/// (region, year, sex F then M, age ascending), by the rule pandas used when the tables were
/// computed in Python (see `GroupSum`), so that the two agree to the last bit.

#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/sum.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace edplan::coverage {

/// O[r, t]: people aged `min_age` and over in region r at the start of year t, from a
/// projection (R, Y, 2, A+1) (Y = T+1 years from the base year; sex F, M; single ages 0..A),
/// summed over (sex, age) in table-row order by `how`. `GroupSum::kahan` is what pandas'
/// `groupby(["region", "year"]).sum()` did for the population table when the region names
/// are not in sorted order (their row order), `GroupSum::reduceat` when they are. Returns
/// (R, Y); a `min_age` above A gives zeros.
/// @throws InputError naming the cells whose count is negative or not finite.
inline NdArray<double, 2> older_by_region(View<const double, 4> projection, index_t min_age,
                                          GroupSum how = GroupSum::kahan) {
  Problems problems;
  check_values(problems, Field<4>{"projection", {"region", "year", "sex", "age"}}, projection, is_count,
               "a count of people >= 0");
  problems.throw_if_any();
  const index_t R = projection.shape(0), Y = projection.shape(1), A1 = projection.shape(3);
  const index_t first = std::max<index_t>(0, min_age);
  NdArray<double, 2> older({R, Y});
  std::vector<double> cells;
  for (index_t r = 0; r < R; ++r) {
    for (index_t t = 0; t < Y; ++t) {
      cells.clear();
      for (index_t s = 0; s < 2; ++s) {
        for (index_t a = first; a < A1; ++a) cells.push_back(projection(r, t, s, a));
      }
      const auto n = static_cast<index_t>(cells.size());
      if (how == GroupSum::reduceat) {
        older(r, t) = reduceat_sum(cells.data(), n);
      } else {
        KahanSum k;
        for (double c : cells) k.add(c);
        older(r, t) = k.value();
      }
    }
  }
  return older;
}

/// The rows of a long population table (region, year, age, count), in the table's order.
struct PopulationRows {
  /// (N) region index of each row, in [0, regions).
  View<const index_t, 1> region;
  /// (N) year index of each row, in [0, years).
  View<const index_t, 1> year;
  /// (N) age in whole years.
  View<const double, 1> age;
  /// (N) people, >= 0.
  View<const double, 1> count;
  /// R, the number of regions.
  index_t regions = 0;
  /// Y, the number of years.
  index_t years = 0;
};

/// O[r, t] from the rows of a long population table: the count of every row with age >=
/// `min_age`, by (region, year), in row order. `how` nullopt sums as pandas'
/// `groupby(["region", "year"]).sum()` chose for such a table (`pandas_group_sum` with the
/// rows' ids r·Y + t: `reduceat` when the rows come in increasing (region, year) order,
/// `kahan` otherwise), for region and year indices numbered in sorted order of their labels,
/// as pandas numbers its groups. Returns (R, Y); a (region, year) without rows is 0.
/// @throws InputError naming every problem: lengths, indices out of range, negative or
/// non-finite counts, an age that is NaN; std::invalid_argument for `how` = reduceat with the
/// rows out of (region, year) order.
inline NdArray<double, 2> older_by_region(const PopulationRows& rows, double min_age,
                                          std::optional<GroupSum> how = std::nullopt) {
  Problems problems;
  const index_t N = rows.count.shape(0);
  const auto same_length = [&](index_t got, const std::string& name) {
    if (got != N) {
      problems.add(name, "has " + std::to_string(got) + " rows; expected " + std::to_string(N) + " (as count)");
    }
  };
  same_length(rows.region.shape(0), "region");
  same_length(rows.year.shape(0), "year");
  same_length(rows.age.shape(0), "age");
  problems.throw_if_any();
  check_indices(problems, "region", rows.region, rows.regions, "a region index");
  check_indices(problems, "year", rows.year, rows.years, "a year index");
  const auto is_number = [](double a) { return !std::isnan(a); };
  check_values(problems, Field<1>{"age", {"row"}}, rows.age, is_number, "an age in years");
  check_values(problems, Field<1>{"count", {"row"}}, rows.count, is_count, "a count of people >= 0");
  problems.throw_if_any();
  std::vector<index_t> ids;
  std::vector<double> values;
  for (index_t i = 0; i < N; ++i) {
    if (!(rows.age(i) >= min_age)) continue;
    ids.push_back(rows.region(i) * rows.years + rows.year(i));
    values.push_back(rows.count(i));
  }
  const auto n = static_cast<index_t>(ids.size());
  const View<const index_t, 1> id_view(ids.data(), {n});
  const auto sums = group_sums(id_view, View<const double, 1>(values.data(), {n}), rows.regions * rows.years,
                               how ? *how : pandas_group_sum(id_view, false));
  NdArray<double, 2> older({rows.regions, rows.years});
  for (index_t g = 0; g < rows.regions * rows.years; ++g) older.data()[g] = sums[static_cast<std::size_t>(g)];
  return older;
}

/// P[area, t] = base[area] · g[region, t], with the growth g = O[r, t] / O[r, 0] where
/// O[r, 0] > 0 and 0 where the region had nobody that old in the first year (pandas'
/// `older.div(older.iloc[:, 0].where(> 0)).fillna(0)`). `older` (R, Y) from
/// `older_by_region`; `area_region` (n) region index of each area; `base` (n) the areas'
/// people aged 60+ in the first year. Returns (n, Y).
/// @throws InputError naming every problem: lengths, region indices out of range, negative or
/// non-finite populations.
inline NdArray<double, 2> older_population(View<const double, 2> older, View<const index_t, 1> area_region,
                                           View<const double, 1> base) {
  Problems problems;
  const index_t R = older.shape(0), Y = older.shape(1), n = area_region.shape(0);
  check_extent(problems, Field<1>{"base", {"area"}}, base, 0, n, false, "areas in area_region");
  check_values(problems, Field<1>{"base", {"area"}}, base, is_count, "people aged 60+ >= 0");
  check_values(problems, Field<2>{"older", {"region", "year"}}, older, is_count, "a count of people >= 0");
  check_indices(problems, "area_region", area_region, R, "a region index");
  problems.throw_if_any();
  NdArray<double, 2> out({n, Y});
  for (index_t i = 0; i < n; ++i) {
    const index_t r = area_region(i);
    const double first = older(r, 0);
    for (index_t t = 0; t < Y; ++t) out(i, t) = base(i) * (first > 0.0 ? older(r, t) / first : 0.0);
  }
  return out;
}

/// `older_population` with O from a projection (R, Y, 2, A+1) (`older_by_region`).
/// @throws InputError listing every problem of the inputs.
inline NdArray<double, 2> older_population(View<const double, 4> projection, View<const index_t, 1> area_region,
                                           View<const double, 1> base, index_t min_age, GroupSum how = GroupSum::kahan) {
  const auto older = older_by_region(projection, min_age, how);
  return older_population(older.view(), area_region, base);
}

/// `older_population` with O from the rows of a long population table (`older_by_region`).
/// @throws InputError listing every problem of the inputs.
inline NdArray<double, 2> older_population(const PopulationRows& rows, View<const index_t, 1> area_region,
                                           View<const double, 1> base, double min_age,
                                           std::optional<GroupSum> how = std::nullopt) {
  const auto older = older_by_region(rows, min_age, how);
  return older_population(older.view(), area_region, base);
}

}  // namespace edplan::coverage
