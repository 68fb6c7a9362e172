// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The undo log behind the capacitated assignment's trial moves (assignment_flow.hpp,
/// move_graph.hpp): a search opens or closes a site on the state itself, reads the value and
/// puts every written place back, instead of copying the state per trial (the copies were a
/// third of an MCLP search's instructions).

#include <cstddef>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// Places written since a mark and their old values, put back last first by `rollback`.
/// The entries point into the object that owns the log, so a copy of that object starts with
/// an empty log (copying an object with a mark open is a caller's error).
template <class T>
class UndoLog {
 public:
  UndoLog() = default;
  UndoLog(const UndoLog&) {}
  UndoLog& operator=(const UndoLog&) {
    entries_.clear();
    return *this;
  }
  UndoLog(UndoLog&&) noexcept = default;
  UndoLog& operator=(UndoLog&&) noexcept = default;
  ~UndoLog() = default;

  /// Writes `value` to `place`, remembering the old value.
  void write(T& place, T value) {
    entries_.emplace_back(&place, place);
    place = value;
  }

  /// Entries so far: a mark to roll back to.
  std::size_t size() const { return entries_.size(); }

  /// Puts back the old values of the writes after mark `to`, last first, and forgets them.
  void rollback(std::size_t to) {
    while (entries_.size() > to) {
      *entries_.back().first = entries_.back().second;
      entries_.pop_back();
    }
  }

 private:
  std::vector<std::pair<T*, T>> entries_;
};

}  // namespace edplan::coverage
