// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Input errors that name where each problem is and what was expected, collected so that a
/// user sees every problem in an input at once instead of fixing them one run at a time.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edplan {

/// One problem in an input.
struct Problem {
  /// Where: a field path such as `survival[region=0, year=2, sex=F, age=45]`, a scenario key
  /// such as `levels.primary.class_size`, or a location such as `population.csv:12:3`.
  std::string where;
  /// What is wrong and what was expected, e.g. `-3 is negative; expected a count >= 0`.
  std::string message;

  /// `where: message`, or just the message when there is no location.
  [[nodiscard]] std::string str() const { return where.empty() ? message : where + ": " + message; }
};

/// Bad input: thrown by every validating entry point, carrying all problems found.
///
/// `what()` is one line per problem (`where: message`), ready to print. Python sees it as
/// `edplan.InputError`, a subclass of `ValueError` with a `problems` attribute.
class InputError : public std::invalid_argument {
 public:
  /// An error carrying `problems` (which should not be empty).
  explicit InputError(std::vector<Problem> problems)
      : std::invalid_argument(join(problems)), problems_(std::move(problems)) {}

  /// An error with a single problem.
  InputError(std::string where, std::string message)
      : InputError(std::vector<Problem>{Problem{std::move(where), std::move(message)}}) {}

  /// Every problem found, in the order found.
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  static std::string join(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
      if (!out.empty()) out += '\n';
      out += p.str();
    }
    return out;
  }

  std::vector<Problem> problems_;
};

/// A collector of problems: validators add to it and the caller throws once, at the end.
class Problems {
 public:
  /// Records one problem.
  void add(std::string where, std::string message) {
    list_.push_back(Problem{std::move(where), std::move(message)});
  }

  /// Appends every problem of `other`.
  void merge(const Problems& other) { list_.insert(list_.end(), other.list_.begin(), other.list_.end()); }

  /// True when nothing has been recorded.
  [[nodiscard]] bool empty() const noexcept { return list_.empty(); }

  /// The number of problems recorded.
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }

  /// The problems recorded so far.
  [[nodiscard]] const std::vector<Problem>& list() const noexcept { return list_; }

  /// Throws an `InputError` with every problem recorded, if there is any.
  void throw_if_any() const {
    if (!list_.empty()) throw InputError(list_);
  }

 private:
  std::vector<Problem> list_;
};

}  // namespace edplan
