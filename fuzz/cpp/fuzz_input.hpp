// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Decodes libFuzzer bytes into the shapes and numbers the harnesses pass to edplan: small
/// extents (zero included), and doubles biased towards the values that break numeric code
/// (NaN, ±inf, -0, huge, tiny, negative) as well as ordinary ones and raw bit patterns.
/// Running out of bytes yields zeros, so every input decodes to something.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace edplan_fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  [[nodiscard]] bool empty() const noexcept { return p_ == end_; }

  std::uint8_t byte() noexcept { return p_ == end_ ? 0 : *p_++; }

  std::uint32_t u32() noexcept {
    std::uint32_t x = 0;
    for (int i = 0; i < 4; ++i) x = (x << 8) | byte();
    return x;
  }

  /// An integer in [0, max].
  std::ptrdiff_t extent(std::ptrdiff_t max) noexcept { return static_cast<std::ptrdiff_t>(byte() % (max + 1)); }

  /// A boolean.
  bool flag() noexcept { return (byte() & 1U) != 0; }

  /// An int in [lo, hi].
  int between(int lo, int hi) noexcept {
    const auto span = static_cast<std::uint32_t>(static_cast<std::int64_t>(hi) - lo + 1);
    return static_cast<int>(lo + static_cast<std::int64_t>(u32() % span));
  }

  /// Any int, extremes included.
  int any_int() noexcept {
    const std::uint8_t k = byte();
    switch (k % 8) {
      case 0: return std::numeric_limits<int>::min();
      case 1: return std::numeric_limits<int>::max();
      case 2: return -1;
      case 3: return 0;
      default: return static_cast<int>(u32());
    }
  }

  /// A double: mostly plausible values (in [0, 2] or small counts), often special ones.
  double number() noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    static const double special[] = {0.0,  -0.0, 1.0,    -1.0,    0.5,   nan,    inf,   -inf,
                                     1e15, 1e16, 1e300, -1e300,  1e-310, 5e-324, 2.0,   1000.0,
                                     std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                                     std::numeric_limits<double>::min(), 0.999999999, 1.0000001, 45.0, 2020.0, 1e9};
    const std::uint8_t k = byte();
    if (k < 96) return static_cast<double>(byte()) / 128.0;       // [0, 2)
    if (k < 160) return static_cast<double>(u32() % 100000);      // counts
    if (k < 240) return special[k % (sizeof special / sizeof special[0])];
    std::uint64_t bits = (static_cast<std::uint64_t>(u32()) << 32) | u32();  // raw bit pattern
    double x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
  }

  /// `n` numbers.
  std::vector<double> numbers(std::ptrdiff_t n) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = number();
    return v;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace edplan_fuzz

/// Runs `body`, accepting `edplan::InputError` (the documented validation error) and nothing
/// else: any other exception escapes to libFuzzer, which reports it as a crash.
#define EDPLAN_FUZZ_EXPECT_INPUT_ERRORS(body) \
  try {                                       \
    body;                                     \
  } catch (const edplan::InputError&) {       \
  }
