// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Number formatting for messages: short, exact enough to find the cell, and `nan`/`inf`
/// spelled the way numpy and pandas print them.

#include <cmath>
#include <cstdio>
#include <string>

namespace edplan {

/// `x` with up to 12 significant digits; `nan`, `inf` and `-inf` for non-finite values.
inline std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", x);
  return buf;
}

}  // namespace edplan
