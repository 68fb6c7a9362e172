// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Deterministic pseudo-random numbers for the generated test instances: the same sequence on
/// every platform and standard library (std::uniform_real_distribution's is not specified).

#include <cstdint>

namespace edplan::testing {

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
struct Lcg {
  /// The state; the seed is the first state.
  std::uint64_t s;
  /// The next number, uniform on [0, 1) with 53 random bits.
  double uniform() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
};

}  // namespace edplan::testing
