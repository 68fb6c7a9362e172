// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// A double as Python's `repr` writes it (and numpy's `str`, and so pandas' CSV writer): the
/// shortest digits that read back the same number (`std::to_chars`), laid out as Python lays
/// them out — positional when the decimal point falls between 10^-4 and 10^16, else with an
/// exponent of at least two digits; a whole number keeps ".0"; "nan", "inf", "-inf".

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>

namespace edplan {

/// The most characters `python_repr` writes ("-1.2345678901234567e-308").
inline constexpr int python_repr_width = 24;

/// Writes `x` as Python's `repr(x)` at `out` (room for `python_repr_width` characters, no
/// terminating NUL) and returns the number of characters written.
inline int python_repr(double x, char* out) {
  char* o = out;
  if (std::isnan(x)) {
    std::memcpy(o, "nan", 3);
    return 3;
  }
  if (std::signbit(x)) *o++ = '-';
  if (std::isinf(x)) {
    std::memcpy(o, "inf", 3);
    return static_cast<int>(o - out) + 3;
  }
  char buf[40];
  const auto done = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  // buf: d[.ddd]e±XX — the digits without the point, and the decimal exponent
  char digits[20];
  int nd = 0;
  const char* p = buf;
  for (; p < done.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[nd++] = *p;
  }
  const bool negative_exponent = p + 1 < done.ptr && p[1] == '-';
  int exponent = 0;
  for (const char* q = p + 2; q < done.ptr; ++q) exponent = exponent * 10 + (*q - '0');
  if (negative_exponent) exponent = -exponent;
  const int point = exponent + 1;  // digits[0 .. point) before the decimal point
  if (point <= -4 || point > 16) {
    *o++ = digits[0];
    if (nd > 1) {
      *o++ = '.';
      std::memcpy(o, digits + 1, static_cast<std::size_t>(nd - 1));
      o += nd - 1;
    }
    *o++ = 'e';
    *o++ = exponent < 0 ? '-' : '+';
    const int e = std::abs(exponent);
    if (e >= 100) *o++ = static_cast<char>('0' + e / 100);
    *o++ = static_cast<char>('0' + e / 10 % 10);
    *o++ = static_cast<char>('0' + e % 10);
  } else if (point <= 0) {
    *o++ = '0';
    *o++ = '.';
    for (int k = 0; k < -point; ++k) *o++ = '0';
    std::memcpy(o, digits, static_cast<std::size_t>(nd));
    o += nd;
  } else if (point < nd) {
    std::memcpy(o, digits, static_cast<std::size_t>(point));
    o += point;
    *o++ = '.';
    std::memcpy(o, digits + point, static_cast<std::size_t>(nd - point));
    o += nd - point;
  } else {
    std::memcpy(o, digits, static_cast<std::size_t>(nd));
    o += nd;
    for (int k = nd; k < point; ++k) *o++ = '0';
    *o++ = '.';
    *o++ = '0';
  }
  return static_cast<int>(o - out);
}

}  // namespace edplan
