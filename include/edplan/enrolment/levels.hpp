// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// School levels and the grade axis (DESIGN §2.2). A level is a rate level (pupils are an
/// enrolment rate times the population of its single ages; kindergarten by default), a
/// progression level (grades fed by an entry ratio on lagged births or by the grade before,
/// across level boundaries: grade 7 follows grade 6) or a transition level (its first grade
/// takes a policy share of the grade before's pupils a year earlier: general senior high, 普高;
/// a complement level on the same grades takes the rest: secondary vocational, 中职). All
/// levels' grades form one axis.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/path.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace edplan::enrolment {

/// How a level's pupils are projected.
enum class Kind {
  rate,         ///< pupils = enrolment rate × population of the level's ages
  progression,  ///< entry ratio on lagged births, then grade-progression ratios
  transition,   ///< a share of the grade before's pupils a year earlier, then grade-progression ratios
};

/// One school level.
struct Level {
  /// Name, unique among levels (`kindergarten`, `primary`, ...).
  std::string name;
  /// Rate, progression or transition.
  Kind kind = Kind::progression;
  /// First grade number (progression, transition) or first single age (rate).
  int first = 1;
  /// Last grade number (progression, transition) or last single age (rate).
  int last = 6;
  /// Progression: age at entry to grade `first` (entry pupils = ratio × births `entry_age`
  /// years earlier); -1 when grade `first` follows grade `first - 1` of another level.
  int entry_age = -1;
  /// Pupils per class by the norm (kindergarten 30, primary 45, junior and senior 50).
  double class_size = 45.0;
  /// Pupils per completed dwelling, added with a ramp (housing yield); 0 for none.
  double yield = 0.0;
  /// Rate levels: the enrolment-rate path (year → rate); empty = the last observed ratio.
  YearPath ger;
  /// Transition levels: the share path (year → share in [0, 1] of grade `first − 1`'s pupils a
  /// year earlier that enter grade `first`); empty = estimated from the history as a
  /// progression ratio is.
  YearPath share;
  /// Transition levels: the name of another transition level on the same grades whose first
  /// grade takes the rest, `1 − share(t)` of the same pupils (secondary vocational, 中职); empty
  /// for none. The complement level has its own progression ratios and class size, and no
  /// share of its own.
  std::string complement;

  /// The number of grades (progression, transition) or ages (rate).
  [[nodiscard]] int grades() const noexcept { return last - first + 1; }
};

/// The default levels: kindergarten ages 3–5 by rate (class size 30), primary grades 1–6
/// entered at age 6 (45) and junior grades 7–9 following grade 6 (50).
inline std::vector<Level> default_levels() {
  return {Level{"kindergarten", Kind::rate, 3, 5, -1, 30.0, 0.0, {}, {}, {}},
          Level{"primary", Kind::progression, 1, 6, 6, 45.0, 0.0, {}, {}, {}},
          Level{"junior", Kind::progression, 7, 9, -1, 50.0, 0.0, {}, {}, {}}};
}

/// The optional senior secondary level: grades 10–12 following grade 9 (class size 50).
inline Level senior_level() { return Level{"senior", Kind::progression, 10, 12, -1, 50.0, 0.0, {}, {}, {}}; }

/// All grades of all levels on one axis, levels in the order given, grades in order within.
/// The largest age or grade number (in absolute value) a level may span: far beyond any school
/// system, and small enough that grade arithmetic cannot overflow an int.
inline constexpr int max_level_number = 1000;

/// The largest gross enrolment ratio accepted: pupils outside the level's ages can lift a ratio
/// above 1, but a value of 2 or more is a percentage typed as a ratio.
inline constexpr double max_gross_ratio = 2.0;

class GradeAxis {
 public:
  /// The axis of `levels`.
  /// @throws InputError listing every inconsistency: empty or repeated names, empty ranges or
  /// ranges beyond +-max_level_number,
  /// class sizes <= 0, negative yields, a grade in two progression or transition levels (a
  /// transition level and its complement share theirs), a progression level with neither an
  /// entry age nor a level ending with the grade before it, a transition level with an entry
  /// age, no level ending with the grade before it or a share outside [0, 1], a share path or
  /// complement on another kind of level, and a complement that is unknown, not a transition
  /// level on the same first grade, named twice, or has a share or complement of its own.
  explicit GradeAxis(std::vector<Level> levels) : levels_(std::move(levels)) {
    Problems problems;
    std::map<std::string, int> names;
    std::map<int, index_t> progression_grade;  // grade number → axis index
    std::vector<index_t> first_of(levels_.size(), -1);  // axis index of each usable level's first grade
    complement_of_.assign(levels_.size(), -1);
    check_transitions(problems);
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const Level& v = levels_[l];
      const std::string where = "levels." + (v.name.empty() ? "[" + std::to_string(l) + "]" : v.name);
      if (v.name.empty()) problems.add(where, "the level has no name; expected a unique name");
      if (!names.emplace(v.name, static_cast<int>(l)).second) problems.add(where, "the name is used twice");
      if (v.last < v.first) {
        problems.add(where, "the range " + std::to_string(v.first) + ".." + std::to_string(v.last) +
                                " is empty; expected first <= last");
        continue;
      }
      if (v.first < -max_level_number || v.last > max_level_number) {
        // A typo such as grades = [1, 2000000000] would otherwise allocate and loop for minutes.
        problems.add(where, "the range " + std::to_string(v.first) + ".." + std::to_string(v.last) +
                                " goes beyond +-" + std::to_string(max_level_number) +
                                "; expected ages or grade numbers within it");
        continue;
      }
      if (!(v.class_size > 0.0) || !std::isfinite(v.class_size)) {
        problems.add(where + ".class_size", "expected a number of pupils per class > 0");
      }
      if (!(v.yield >= 0.0) || !std::isfinite(v.yield)) problems.add(where + ".yield", "expected pupils per dwelling >= 0");
      if (v.kind == Kind::rate && v.first < 0) problems.add(where + ".ages", "expected ages >= 0");
      for (const auto& [year, rate] : v.ger.points()) {
        // A gross ratio may pass 1 (pupils older or younger than the ages), never 2: that is a percentage.
        if (!(rate >= 0.0 && rate <= max_gross_ratio)) {
          problems.add(where + ".ger[" + std::to_string(year) + "]",
                       "got " + format_number(rate) + "; expected a gross enrolment ratio 0.." + format_number(max_gross_ratio) +
                           " (1 = every child of the ages enrolled; divide percentages by 100)");
        }
      }
      if (v.kind == Kind::progression && v.entry_age < -1) {
        problems.add(where + ".entry_age", "expected an age >= 0, or none to follow the grade before");
      }
      first_of[l] = static_cast<index_t>(level_.size());
      // A complement level repeats its partner's grade numbers: only the partner's count.
      const bool counted = v.kind != Kind::rate && complement_of_[l] < 0;
      for (int n = v.first; n <= v.last; ++n) {
        const auto g = static_cast<index_t>(level_.size());
        level_.push_back(static_cast<int>(l));
        number_.push_back(v.kind == Kind::rate ? n - v.first + 1 : n);
        if (counted && !progression_grade.emplace(n, g).second) {
          problems.add(where, "grade " + std::to_string(n) + " is also in another level; expected each grade once");
        }
      }
    }
    predecessor_.assign(level_.size(), -1);
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const Level& v = levels_[l];
      // Levels with an unusable range have no grades on the axis (and a problem recorded).
      if (v.kind == Kind::rate || first_of[l] < 0) continue;
      const index_t first = first_of[l];
      for (index_t g = first + 1; g < first + v.grades(); ++g) predecessor_[static_cast<std::size_t>(g)] = g - 1;
      if (v.kind == Kind::progression && v.entry_age >= 0) continue;
      const auto before = progression_grade.find(v.first - 1);
      if (before == progression_grade.end()) {
        problems.add("levels." + v.name,
                     v.kind == Kind::transition
                         ? "a transition level takes pupils of grade " + std::to_string(v.first - 1) +
                               ", which no progression or transition level has; expected one"
                         : "grade " + std::to_string(v.first) + " has no entry_age and no level has grade " +
                               std::to_string(v.first - 1) + "; expected one or the other");
      } else {
        predecessor_[static_cast<std::size_t>(first)] = before->second;
      }
    }
    problems.throw_if_any();
  }

  /// The levels, as given.
  [[nodiscard]] const std::vector<Level>& levels() const noexcept { return levels_; }
  /// G, the number of grades on the axis.
  [[nodiscard]] index_t size() const noexcept { return static_cast<index_t>(level_.size()); }
  /// The index in `levels()` of grade g's level.
  [[nodiscard]] int level_of(index_t g) const { return level_[static_cast<std::size_t>(g)]; }
  /// Grade g's level.
  [[nodiscard]] const Level& level(index_t g) const { return levels_[static_cast<std::size_t>(level_of(g))]; }
  /// The grade number of g: its grade (progression) or age − first age + 1 (rate).
  [[nodiscard]] int number(index_t g) const { return number_[static_cast<std::size_t>(g)]; }
  /// The single age of a rate grade.
  [[nodiscard]] int age(index_t g) const { return level(g).first + number(g) - 1; }
  /// True for a grade of a rate level.
  [[nodiscard]] bool is_rate(index_t g) const { return level(g).kind == Kind::rate; }
  /// True for the first grade of a progression level entered from births.
  [[nodiscard]] bool is_entry(index_t g) const { return !is_rate(g) && predecessor(g) < 0; }
  /// True for the first grade of a transition level that is not a complement: its ratio is
  /// the share of the grade before's pupils a year earlier.
  [[nodiscard]] bool is_share(index_t g) const {
    const int l = level_of(g);
    return level(g).kind == Kind::transition && complement_of_[static_cast<std::size_t>(l)] < 0 &&
           g == first_index(l);
  }
  /// For the first grade of a complement level, the axis index of the first grade of the
  /// level it complements (its ratio is 1 − that grade's share); −1 for every other grade.
  [[nodiscard]] index_t complement_source(index_t g) const {
    const int l = level_of(g);
    const int partner = complement_of_[static_cast<std::size_t>(l)];
    return partner >= 0 && g == first_index(l) ? first_index(partner) : -1;
  }
  /// The axis index of the grade that feeds g (g − 1 across levels), or −1.
  [[nodiscard]] index_t predecessor(index_t g) const { return predecessor_[static_cast<std::size_t>(g)]; }
  /// The axis index of level l's first grade.
  [[nodiscard]] index_t first_index(int l) const {
    index_t g = 0;
    for (int i = 0; i < l; ++i) g += levels_[static_cast<std::size_t>(i)].grades();
    return g;
  }
  /// The axis index of grade `number` of level l, or −1 if the level has no such grade.
  [[nodiscard]] index_t find(int l, int number) const {
    const Level& v = levels_[static_cast<std::size_t>(l)];
    if (number < 1 || (v.kind != Kind::rate && (number < v.first || number > v.last)) ||
        (v.kind == Kind::rate && number > v.grades())) {
      return -1;
    }
    return first_index(l) + (v.kind == Kind::rate ? number - 1 : number - v.first);
  }
  /// The index in `levels()` of the level named `name`, or −1.
  [[nodiscard]] int find_level(const std::string& name) const {
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      if (levels_[l].name == name) return static_cast<int>(l);
    }
    return -1;
  }
  /// A readable name of grade g for messages: `grade 3 of primary`, `age 4 of kindergarten`.
  [[nodiscard]] std::string describe(index_t g) const {
    return (is_rate(g) ? "age " + std::to_string(age(g)) : "grade " + std::to_string(number(g))) + " of " +
           level(g).name;
  }

 private:
  // Records every problem of the transition settings and fills complement_of_ for the usable
  // complements.
  void check_transitions(Problems& problems) {
    std::map<std::string, int> index;
    for (std::size_t l = 0; l < levels_.size(); ++l) index.emplace(levels_[l].name, static_cast<int>(l));
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const Level& v = levels_[l];
      const std::string where = "levels." + v.name;
      if (v.kind != Kind::transition) {
        if (!v.share.empty()) problems.add(where + ".share", "only a transition level has a share path");
        if (!v.complement.empty()) problems.add(where + ".complement", "only a transition level has a complement");
        continue;
      }
      if (v.entry_age >= 0) {
        problems.add(where + ".entry_age", "a transition level follows the grade before; expected no entry_age");
      }
      for (const auto& [year, share] : v.share.points()) {
        if (!(share >= 0.0 && share <= 1.0)) {
          problems.add(where + ".share[" + std::to_string(year) + "]",
                       "got " + format_number(share) + "; expected a share in [0, 1]");
        }
      }
      if (v.complement.empty()) continue;
      const auto found = index.find(v.complement);
      const std::string key = where + ".complement";
      if (found == index.end()) {
        problems.add(key, "unknown level " + v.complement + "; expected the name of another level");
        continue;
      }
      const auto c = static_cast<std::size_t>(found->second);
      const Level& w = levels_[c];
      if (c == l) {
        problems.add(key, "names the level itself; expected another level");
      } else if (w.kind != Kind::transition) {
        problems.add(key, "level " + w.name + " is not a transition level; expected one on grades " +
                              std::to_string(v.first) + "..");
      } else if (w.first != v.first) {
        problems.add(key, "level " + w.name + " starts at grade " + std::to_string(w.first) + "; expected grade " +
                              std::to_string(v.first) + ", as " + v.name + " does");
      } else if (!w.share.empty() || !w.complement.empty()) {
        problems.add(key, "level " + w.name + " has a share or complement of its own; expected it to take 1 - the "
                              "share of " + v.name);
      } else if (complement_of_[c] >= 0) {
        problems.add(key, "level " + w.name + " is already the complement of " +
                              levels_[static_cast<std::size_t>(complement_of_[c])].name + "; expected one level each");
      } else {
        complement_of_[c] = static_cast<int>(l);
      }
    }
  }

  std::vector<Level> levels_;
  std::vector<int> level_;
  std::vector<int> number_;
  std::vector<index_t> predecessor_;
  std::vector<int> complement_of_;  // per level: the level whose share it complements, or -1
};

}  // namespace edplan::enrolment
