// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Random streams addressed by key: draw i of a run with seed s uses the stream (s, i), and a
/// part of that draw (a region, a ratio) a sub-stream (s, i, j). Every number a draw uses is a
/// function of its key alone, so results are identical for any thread or worker count and any
/// order of evaluation. The generator is SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable
/// pseudorandom number generators"), started from a hash of the key.

#include <cmath>
#include <cstdint>

namespace edplan {

/// A reproducible stream of random numbers identified by (seed, stream, substream).
class RandomStream {
 public:
  /// The stream for `seed`, draw `stream` and part `substream` of that draw.
  RandomStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t substream = 0) noexcept
      : state_(mix(mix(mix(seed ^ 0x6a09e667f3bcc909ULL) + stream) + substream)) {}

  /// The next 64 random bits.
  std::uint64_t next() noexcept { return mix(state_ += golden); }

  /// A uniform number in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// A uniform integer in [0, n) for 0 < n <= 2^32, by multiply-shift (Lemire 2019) on 32 bits.
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }

  /// A standard normal number (Box–Muller, one of the pair).
  double normal() noexcept {
    const double u1 = 1.0 - uniform();  // in (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static constexpr std::uint64_t golden = 0x9e3779b97f4a7c15ULL;
  static std::uint64_t mix(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

}  // namespace edplan
