// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Kindergarten places by sector and the shares planners answer for (DESIGN §2.5): demand per
/// region and year fills public places first, then recognised inclusive private places, then
/// other private places (`Fill::public_first`), or all sectors in proportion to their places
/// (`Fill::proportional`). `public_share = public pupils / placed` (公办率), `inclusive_share
/// = (public + inclusive) / placed` (普惠率); demand beyond all places is unplaced. Places
/// needed for target shares x: `max(0, ceil(x · demand) − public places)` and `max(0,
/// ceil(x · demand) − public − inclusive places)`, with ceil the shared rate → count rule
/// `edplan::ceil_count`. Empty kindergarten classrooms may host nursery classes for under-3s,
/// set against a norm of places per 1,000 residents.

#include "edplan/core/count.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/validate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace edplan::capacity {

/// Sectors, in the order of the places and pupils axes.
enum Sector : index_t { public_sector = 0, inclusive_sector = 1, private_sector = 2 };

/// How demand fills the sectors' places.
enum class Fill {
  /// Public places first, then inclusive private, then other private (DESIGN default).
  public_first,
  /// Every sector in proportion to its places.
  proportional,
};

/// Target shares.
struct ShareTargets {
  /// 公办率 target (county standard 0.5).
  double public_share = 0.5;
  /// 普惠率 target (Quanzhou standard 0.9).
  double inclusive_share = 0.9;
};

/// The nursery norm and how empty kindergarten places convert to nursery places.
struct NurseryNorm {
  /// Nursery places for under-3s per 1,000 residents (4.5: the 14th five-year public-services plan).
  double per_1000 = 4.5;
  /// Kindergarten places per classroom (the class-size norm, 30).
  double class_size = 30.0;
  /// Nursery children per converted classroom (20: the 2–3-year-old class limit of the national
  /// childcare-institution standard).
  double nursery_class_size = 20.0;
};

/// Pupils per sector when `demand` fills `places` (public, inclusive, private) by `fill`.
inline std::array<double, 3> fill_places(double demand, const std::array<double, 3>& places, Fill fill) {
  std::array<double, 3> pupils{};
  const double total = places[0] + places[1] + places[2];
  if (fill == Fill::proportional) {
    const double placed = std::min(demand, total);
    for (std::size_t s = 0; s < 3; ++s) pupils[s] = total > 0 ? placed * (places[s] / total) : 0.0;
    return pupils;
  }
  double left = demand;
  for (std::size_t s = 0; s < 3; ++s) {
    pupils[s] = std::min(left, places[s]);
    left -= pupils[s];
  }
  return pupils;
}

/// The preschool table's numbers, all (R, T) except `pupils`.
struct PreschoolShares {
  /// (R, T, 3) placed pupils by sector.
  NdArray<double, 3> pupils;
  /// Demand beyond all places.
  NdArray<double, 2> unplaced;
  /// Public pupils / placed pupils; NaN where none is placed.
  NdArray<double, 2> public_share;
  /// (Public + inclusive) pupils / placed pupils; NaN where none is placed.
  NdArray<double, 2> inclusive_share;
  /// max(0, ceil(target public share · demand) − public places).
  NdArray<double, 2> public_places_needed;
  /// max(0, ceil(target inclusive share · demand) − public − inclusive places).
  NdArray<double, 2> inclusive_places_needed;
  /// Nursery places in empty kindergarten classrooms: floor(max(0, all places − placed) /
  /// class_size) · nursery_class_size.
  NdArray<double, 2> nursery_convertible;
  /// per_1000 · population / 1000; NaN without a population.
  NdArray<double, 2> nursery_demand;
};

/// Fills kindergarten places by sector and derives the shares, the places needed for the
/// targets and the nursery places that empty classrooms could host.
/// @param demand (R, T) kindergarten pupils.
/// @param places (R, T, 3) places by sector (public, inclusive, private) in each year.
/// @param population (R, T) residents, for the nursery norm (optional).
/// @param observed (R, 3) pupils by sector observed in year 0 (optional): that year is then
/// reported as observed, not as filled — its pupils are these, nothing is unplaced and the
/// shares and convertible places follow from them (its demand should be their total).
/// @throws InputError on mismatched shapes, negative or non-finite values, shares outside
/// [0, 1], or a nursery norm that is negative or has class sizes <= 0.
inline PreschoolShares preschool_shares(const View<const double, 2>& demand, const View<const double, 3>& places,
                                        Fill fill, const ShareTargets& targets = {}, const NurseryNorm& norm = {},
                                        const std::optional<View<const double, 2>>& population = std::nullopt,
                                        const std::optional<View<const double, 2>>& observed = std::nullopt) {
  Problems problems;
  const index_t R = demand.shape(0), T = demand.shape(1);
  const Field<3> pl{"places", {"region", "year", "sector"}};
  check_extent(problems, pl, places, 0, R, false, "regions, as demand");
  check_extent(problems, pl, places, 1, T, false, "years, as demand");
  check_extent(problems, pl, places, 2, 3, false, "public, inclusive, private");
  check_values(problems, Field<2>{"demand", {"region", "year"}}, demand, is_count, "pupils >= 0");
  check_values(problems, pl, places, is_count, "places >= 0");
  if (population) {
    const Field<2> pop{"population", {"region", "year"}};
    check_extent(problems, pop, *population, 0, R, false, "regions, as demand");
    check_extent(problems, pop, *population, 1, T, false, "years, as demand");
    check_values(problems, pop, *population, is_count, "residents >= 0");
  }
  if (observed) {
    const Field<2> seen{"observed", {"region", "sector"}};
    check_extent(problems, seen, *observed, 0, R, false, "regions, as demand");
    check_extent(problems, seen, *observed, 1, 3, false, "public, inclusive, private");
    check_values(problems, seen, *observed, is_count, "pupils >= 0");
    if (T < 1) problems.add("observed", "given without a year to report it in; expected demand of at least one year");
  }
  check_scalar(problems, "targets.public_share", targets.public_share, is_probability, "a share in [0, 1]");
  check_scalar(problems, "targets.inclusive_share", targets.inclusive_share, is_probability, "a share in [0, 1]");
  check_scalar(problems, "nursery_per_1000", norm.per_1000, is_count, "places per 1,000 residents >= 0");
  const auto positive = [](double x) { return std::isfinite(x) && x > 0; };
  check_scalar(problems, "class_size", norm.class_size, positive, "places per classroom > 0");
  check_scalar(problems, "nursery_class_size", norm.nursery_class_size, positive, "nursery places per classroom > 0");
  problems.throw_if_any();

  const double nan = std::numeric_limits<double>::quiet_NaN();
  PreschoolShares out{NdArray<double, 3>({R, T, 3}), NdArray<double, 2>({R, T}), NdArray<double, 2>({R, T}),
                      NdArray<double, 2>({R, T}),    NdArray<double, 2>({R, T}), NdArray<double, 2>({R, T}),
                      NdArray<double, 2>({R, T}),    NdArray<double, 2>({R, T}, nan)};
  for (index_t r = 0; r < R; ++r)
    for (index_t t = 0; t < T; ++t) {
      const std::array<double, 3> p{places(r, t, 0), places(r, t, 1), places(r, t, 2)};
      const double d = demand(r, t);
      const auto pupils = fill_places(d, p, fill);
      // min(demand, places) rather than the sum of the sectors' pupils, which rounding (or
      // underflow, for proportional shares of a tiny demand) may leave a little off
      const double placed = std::min(d, p[0] + p[1] + p[2]);
      for (index_t s = 0; s < 3; ++s) out.pupils(r, t, s) = pupils[static_cast<std::size_t>(s)];
      out.unplaced(r, t) = std::max(0.0, d - placed);
      out.public_share(r, t) = placed > 0 ? pupils[0] / placed : nan;
      out.inclusive_share(r, t) = placed > 0 ? (pupils[0] + pupils[1]) / placed : nan;
      out.public_places_needed(r, t) = std::max(0.0, ceil_count(targets.public_share * d) - p[0]);
      out.inclusive_places_needed(r, t) = std::max(0.0, ceil_count(targets.inclusive_share * d) - p[0] - p[1]);
      const double empty = std::max(0.0, p[0] + p[1] + p[2] - placed);
      out.nursery_convertible(r, t) = std::floor(empty / norm.class_size + 1e-9) * norm.nursery_class_size;
      if (population) out.nursery_demand(r, t) = norm.per_1000 * (*population)(r, t) / 1000.0;
    }
  if (observed) {
    for (index_t r = 0; r < R; ++r) {
      const auto& seen = *observed;
      for (index_t s = 0; s < 3; ++s) out.pupils(r, 0, s) = seen(r, s);
      out.unplaced(r, 0) = 0.0;
      const double total = seen(r, 0) + seen(r, 1) + seen(r, 2);
      out.public_share(r, 0) = total > 0 ? seen(r, 0) / total : nan;
      out.inclusive_share(r, 0) = total > 0 ? (seen(r, 0) + seen(r, 1)) / total : nan;
      const double empty = std::max(0.0, places(r, 0, 0) + places(r, 0, 1) + places(r, 0, 2) - total);
      out.nursery_convertible(r, 0) = std::floor(empty / norm.class_size + 1e-9) * norm.nursery_class_size;
    }
  }
  return out;
}

}  // namespace edplan::capacity
