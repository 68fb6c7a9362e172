// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The annual work-plan tracker: quantified items of a year's plan ("200+ rural warm
/// campuses by 2024-12-31"), progress reported as dated counts, and per item the count to
/// date, the pace still required, the year-end value at the current pace and a status.
/// Dates are day numbers (days since 1970-01-01, as numpy's datetime64[D]).

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace edplan::targets {

/// How progress counts are reported.
enum class Counts : std::int32_t {
  cumulative = 0,  ///< each count is the total achieved so far (non-decreasing over dates)
  increments = 1,  ///< each count is what was achieved since the previous report (summed)
};

/// The status of a plan item.
enum class Status : std::int32_t {
  achieved = 0,   ///< the count to date meets the target
  on_track = 1,   ///< the year-end value at the current pace meets the target
  at_risk = 2,    ///< the year-end value at the current pace reaches `at_risk`·target but not the target
  off_track = 3,  ///< below `at_risk`·target at the current pace, or past the deadline unmet
  no_progress = 4,  ///< the plan has started and no report about the item counts yet: nothing to judge
};

/// The number of statuses.
inline constexpr int status_count = 5;

/// The name of a status as reports spell it ("on track", ...).
inline constexpr std::string_view status_name(Status s) noexcept {
  constexpr std::array<std::string_view, status_count> names{"achieved", "on track", "at risk", "off track",
                                                             "no progress reported"};
  const auto i = static_cast<std::int32_t>(s);
  return i >= 0 && i < status_count ? names[static_cast<std::size_t>(i)] : std::string_view("unknown");
}

/// The average Gregorian month in days (365.2425 / 12), for paces per month.
inline constexpr double days_per_month = 30.436875;

/// K plan items.
struct PlanItems {
  /// (K) target counts, > 0.
  View<const double, 1> target;
  /// (K) the first day of each item's plan period (day number).
  View<const std::int64_t, 1> start;
  /// (K) the last day of the period, inclusive (day number).
  View<const std::int64_t, 1> deadline;
  /// Item ids for messages; empty or K.
  std::vector<std::string> labels;
};

/// P progress reports.
struct ProgressRows {
  /// (P) the item each report is about (0..K−1).
  View<const std::int64_t, 1> item;
  /// (P) the day of the report (day number).
  View<const std::int64_t, 1> day;
  /// (P) the count reported, >= 0 (cumulative or an increment, see `Counts`).
  View<const double, 1> count;
};

/// Settings of `track`.
struct TrackOptions {
  /// The day the tracker looks from; reports after it are not counted.
  std::int64_t as_of = 0;
  /// How the counts are reported.
  Counts counts = Counts::cumulative;
  /// The share of the target below which a projected year-end value is "off track" (0.8).
  double at_risk = 0.8;
};

/// The state of one plan item on the `as_of` day.
struct ItemProgress {
  /// The count achieved by min(as_of, deadline).
  double achieved = 0.0;
  /// achieved / target.
  double share = 0.0;
  /// Days of the plan period elapsed, counting the start and the as_of day: clamp(as_of − start + 1, 0, total).
  double elapsed_days = 0.0;
  /// Days in the plan period: deadline − start + 1.
  double total_days = 0.0;
  /// total − elapsed.
  double days_left = 0.0;
  /// achieved / elapsed (NaN before the plan starts).
  double pace_per_day = std::numeric_limits<double>::quiet_NaN();
  /// max(0, target − achieved) / days_left: 0 once achieved, NaN when no days are left.
  double required_per_day = std::numeric_limits<double>::quiet_NaN();
  /// required_per_day · 30.436875.
  double required_per_month = std::numeric_limits<double>::quiet_NaN();
  /// The value at the deadline at the current pace, linear from the plan's start:
  /// achieved · total / elapsed (NaN before the plan starts).
  double projected = std::numeric_limits<double>::quiet_NaN();
  /// The day of the latest report counted; NaN when none.
  double last_report = std::numeric_limits<double>::quiet_NaN();
  /// no progress reported once the plan has started while no report counts; otherwise
  /// achieved if achieved >= target; otherwise off track once the deadline has passed;
  /// otherwise on track if projected >= target (also before the plan starts, when nothing is
  /// due yet), at risk if projected >= at_risk · target, off track below.
  Status status = Status::on_track;
};

/// Checks a plan, its progress reports and the options; throws one `InputError` listing every
/// problem: lengths, targets <= 0, deadlines before starts, reports about unknown items,
/// dated before their item's start or with negative counts, and, for cumulative counts, a
/// date given twice or a total that falls.
inline void validate(const PlanItems& plan, const ProgressRows& progress, const TrackOptions& opt) {
  Problems problems;
  const index_t K = plan.target.shape(0);
  const index_t P = progress.item.shape(0);
  if (plan.start.shape(0) != K || plan.deadline.shape(0) != K) problems.add("plan", "start and deadline need one entry per target");
  if (!plan.labels.empty() && static_cast<index_t>(plan.labels.size()) != K) problems.add("plan", "expected none or one label per item");
  if (progress.day.shape(0) != P || progress.count.shape(0) != P) problems.add("progress", "item, day and count need the same length");
  if (!(opt.at_risk >= 0.0 && opt.at_risk <= 1.0)) problems.add("at_risk", "got " + format_number(opt.at_risk) + "; expected a share of the target in [0, 1]");
  problems.throw_if_any();
  const auto item_name = [&](index_t k) {
    return "plan[" + (static_cast<std::size_t>(k) < plan.labels.size() ? plan.labels[static_cast<std::size_t>(k)] : std::to_string(k)) + "]";
  };
  for (index_t k = 0; k < K; ++k) {
    if (!(std::isfinite(plan.target(k)) && plan.target(k) > 0.0)) problems.add(item_name(k) + ".target", "got " + format_number(plan.target(k)) + "; expected a count > 0");
    if (plan.deadline(k) < plan.start(k)) problems.add(item_name(k) + ".deadline", "is before the start; expected a deadline on or after the start");
  }
  for (index_t i = 0; i < P; ++i) {
    const std::string where = "progress[row=" + std::to_string(i) + "]";
    const std::int64_t k = progress.item(i);
    if (k < 0 || k >= K) {
      problems.add(where + ".item", "got " + std::to_string(k) + "; expected an item index in [0, " + std::to_string(K) + ")");
      continue;
    }
    if (!(std::isfinite(progress.count(i)) && progress.count(i) >= 0.0)) problems.add(where + ".count", "got " + format_number(progress.count(i)) + "; expected a count >= 0");
    if (progress.day(i) < plan.start(k)) problems.add(where + ".date", "is before " + item_name(k) + " starts; expected a date in the plan period");
  }
  problems.throw_if_any();
  if (opt.counts != Counts::cumulative) return;
  std::vector<index_t> order(static_cast<std::size_t>(P));
  std::iota(order.begin(), order.end(), index_t{0});
  std::stable_sort(order.begin(), order.end(), [&](index_t a, index_t b) {
    return progress.item(a) != progress.item(b) ? progress.item(a) < progress.item(b) : progress.day(a) < progress.day(b);
  });
  for (std::size_t j = 1; j < order.size(); ++j) {
    const index_t a = order[j - 1], b = order[j];
    if (progress.item(a) != progress.item(b)) continue;
    const std::string where = "progress[row=" + std::to_string(b) + "]";
    if (progress.day(a) == progress.day(b)) {
      problems.add(where + ".date", "a second count for the same item and date; expected one cumulative count per date");
    } else if (progress.count(b) < progress.count(a)) {
      problems.add(where + ".count", "got " + format_number(progress.count(b)) + ", below the " + format_number(progress.count(a)) +
                                         " reported earlier; expected cumulative counts that never fall");
    }
  }
  problems.throw_if_any();
}

/// The state of every plan item on `opt.as_of` (see `ItemProgress` for each number).
/// @throws InputError listing every problem (see `validate`).
inline std::vector<ItemProgress> track(const PlanItems& plan, const ProgressRows& progress, const TrackOptions& opt) {
  validate(plan, progress, opt);
  const index_t K = plan.target.shape(0);
  std::vector<ItemProgress> out(static_cast<std::size_t>(K));
  std::vector<std::int64_t> last_day(static_cast<std::size_t>(K), std::numeric_limits<std::int64_t>::min());
  for (index_t i = 0; i < progress.item.shape(0); ++i) {
    const auto k = static_cast<std::size_t>(progress.item(i));
    const std::int64_t day = progress.day(i);
    if (day > std::min(opt.as_of, plan.deadline(static_cast<index_t>(k)))) continue;
    auto& item = out[k];
    if (opt.counts == Counts::increments) {
      item.achieved += progress.count(i);
    } else if (day > last_day[k]) {
      item.achieved = progress.count(i);  // the latest cumulative total counts
    }
    last_day[k] = std::max(last_day[k], day);
  }
  for (index_t k = 0; k < K; ++k) {
    auto& item = out[static_cast<std::size_t>(k)];
    const double target = plan.target(k);
    if (last_day[static_cast<std::size_t>(k)] != std::numeric_limits<std::int64_t>::min()) {
      item.last_report = static_cast<double>(last_day[static_cast<std::size_t>(k)]);
    }
    item.total_days = static_cast<double>(plan.deadline(k) - plan.start(k) + 1);
    item.elapsed_days = std::clamp(static_cast<double>(opt.as_of - plan.start(k) + 1), 0.0, item.total_days);
    item.days_left = item.total_days - item.elapsed_days;
    item.share = item.achieved / target;
    if (item.elapsed_days > 0.0) {
      item.pace_per_day = item.achieved / item.elapsed_days;
      item.projected = item.achieved * item.total_days / item.elapsed_days;
    }
    const double remaining = std::max(0.0, target - item.achieved);
    if (remaining == 0.0) {
      item.required_per_day = 0.0;
    } else if (item.days_left > 0.0) {
      item.required_per_day = remaining / item.days_left;
    }
    item.required_per_month = item.required_per_day * days_per_month;
    if (std::isnan(item.last_report) && item.elapsed_days > 0.0) {
      item.status = Status::no_progress;  // an item nobody reported on is neither achieved nor off track
    } else if (item.achieved >= target) {
      item.status = Status::achieved;
    } else if (item.days_left == 0.0) {
      item.status = Status::off_track;
    } else if (item.elapsed_days == 0.0 || item.projected >= target) {
      item.status = Status::on_track;
    } else {
      item.status = item.projected >= opt.at_risk * target ? Status::at_risk : Status::off_track;
    }
  }
  return out;
}

}  // namespace edplan::targets
