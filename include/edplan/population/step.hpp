// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// One year of the cohort-component method for one region (DESIGN §2.1), the kernel that
/// `project` runs for every region and year.

#include "edplan/core/ndarray.hpp"
#include "edplan/core/simd.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace edplan::population {

/// The first age of the fertility schedule.
inline constexpr index_t first_fertile_age = 15;
/// The last age of the fertility schedule.
inline constexpr index_t last_fertile_age = 49;
/// The number of ages in a fertility schedule (15..49).
inline constexpr index_t fertile_ages = last_fertile_age - first_fertile_age + 1;
/// The smallest open age group the model accepts: the fertile ages must be single years.
inline constexpr index_t min_open_age = 50;

/// Constants of a projection that are the same for every region and year.
struct StepParams {
  /// Sex ratio at birth: males per female birth (1.06 = 106 boys per 100 girls).
  double srb = 1.06;
  /// Survival from birth to the end of the year, {female, male}.
  std::array<double, 2> birth_survival{1.0, 1.0};
};

/// What one step produced besides the new population.
struct StepOutcome {
  /// Births during the year (observed where given, else projected).
  double births = 0.0;
  /// Cells that net out-migration made negative and that were set to 0.
  std::int64_t clamped_cells = 0;
  /// The people those cells were short: out-migration that exceeded the population.
  double clamped_people = 0.0;
};

namespace detail {
/// Rows of one region for one year: `row[s]` points at age 0 of sex s (0 = F), ages contiguous.
template <class T>
using SexRows = std::array<T*, 2>;

#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
/// Where the vector form of `survivors` is compiled: GCC and Clang on x86 (vector extensions,
/// and the `x` register constraint of its `asm`); elsewhere a scalar loop.
#define EDPLAN_SURVIVORS_VECTORS 1
/// `W` doubles in one vector register (a GCC/Clang vector extension type).
template <int W>
struct Doubles;
template <>
struct Doubles<2> {
  typedef double type __attribute__((vector_size(16)));
};
template <>
struct Doubles<4> {
  typedef double type __attribute__((vector_size(32)));
};
template <>
struct Doubles<8> {
  typedef double type __attribute__((vector_size(64)));
};

/// `Q[i] = P[i]·S[i] + f·M[i]` for i in [0, n), returning the least `Q[i]` (+inf for n = 0):
/// the survivors and migrants of one sex's row, and the test for cells made negative by
/// out-migration in the same pass (the minimum of the row as it is written, in two chains of
/// vector minima so that their latency hides behind the loads and stores), `W` doubles a
/// vector (GCC/Clang vector extensions: the instructions are those of the caller's target).
/// `f·M` is `M` exactly when f = 1. Each product is kept apart from the sum (GCC: an empty
/// `asm` it cannot see through; Clang: its pragma): where the target has FMA (every AVX-512
/// CPU) the compiler would otherwise fuse them, and the cells would differ in their last bit
/// between CPUs.
template <int W>
EDPLAN_ALWAYS_INLINE double survivors_with(const double* P, const double* S, const double* M, double f, double* Q,
                                           index_t n) {
#if defined(__clang__)
#pragma clang fp contract(off)
#define EDPLAN_KEEP_APART(a, b)
#else
#define EDPLAN_KEEP_APART(a, b) asm("" : "+x"(a), "+x"(b))
#endif
  using V = typename Doubles<W>::type;
  // Cells i..i+W−1 written, and their minimum taken into `lo` (vectors by reference only: no
  // vector crosses a call, whose ABI would depend on the target).
  const auto cells = [&](index_t i, V& lo) {
    V p, s, m;
    std::memcpy(&p, P + i, sizeof p);
    std::memcpy(&s, S + i, sizeof s);
    std::memcpy(&m, M + i, sizeof m);
    V survivors = p * s;
    V migrants = f * m;
    EDPLAN_KEEP_APART(survivors, migrants);
    const V q = survivors + migrants;
    std::memcpy(Q + i, &q, sizeof q);
    lo = q < lo ? q : lo;
  };
  V lo0 = V{} + std::numeric_limits<double>::infinity(), lo1 = lo0;
  index_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    cells(i, lo0);
    cells(i + W, lo1);
  }
  for (; i + W <= n; i += W) cells(i, lo0);
  if (i < n && n >= W) cells(n - W, lo1);  // the last cells again, ending at n: the same bits
  lo0 = lo1 < lo0 ? lo1 : lo0;
  double lo = lo0[0];
  for (int k = 1; k < W; ++k) lo = std::min(lo, lo0[k]);
  if (n < W) {
    for (; i < n; ++i) {
      double survivors = P[i] * S[i], migrants = f * M[i];
      EDPLAN_KEEP_APART(survivors, migrants);
      Q[i] = survivors + migrants;
      lo = std::min(lo, Q[i]);
    }
  }
  return lo;
#undef EDPLAN_KEEP_APART
}
#endif

/// The number of cells of `q[0..n)` below 0 (the cells out-migration made negative).
inline index_t count_negative(const double* q, index_t n) {
  index_t i = 0, count = 0;
#if defined(EDPLAN_SURVIVORS_VECTORS)
  using V = Doubles<2>::type;
  decltype(V{} < V{}) negative{};  // -1 in each lane for each negative cell
  for (; i + 2 <= n; i += 2) {
    V v;
    std::memcpy(&v, q + i, sizeof v);
    negative += v < V{};
  }
  count = -(negative[0] + negative[1]);
#endif
  for (; i < n; ++i) count += q[i] < 0.0 ? 1 : 0;
  return count;
}

/// Sets the cells of `q[0..n)` below 0 to 0 (`std::max(x, 0.0)`: −0 stays −0).
inline void clamp_negative(double* q, index_t n) {
  index_t i = 0;
#if defined(EDPLAN_SURVIVORS_VECTORS)
  using V = Doubles<2>::type;
  for (; i + 2 <= n; i += 2) {
    V v;
    std::memcpy(&v, q + i, sizeof v);
    v = v < V{} ? V{} : v;
    std::memcpy(q + i, &v, sizeof v);
  }
#endif
  for (; i < n; ++i) q[i] = q[i] < 0.0 ? 0.0 : q[i];
}

#if defined(EDPLAN_X86_DISPATCH)
__attribute__((target("avx512f"))) inline double survivors_avx512(const double* P, const double* S, const double* M,
                                                                  double f, double* Q, index_t n) {
  return survivors_with<8>(P, S, M, f, Q, n);
}
__attribute__((target("avx2"))) inline double survivors_avx2(const double* P, const double* S, const double* M, double f,
                                                             double* Q, index_t n) {
  return survivors_with<4>(P, S, M, f, Q, n);
}
#endif

/// `survivors_with` with the widest vectors of this CPU (`simd_level`); the same bits whichever
/// runs. `Q` must not overlap `P`, `S` or `M`.
inline double survivors(const double* P, const double* S, const double* M, double f, double* Q, index_t n,
                        int simd = edplan::detail::simd_level()) {
#if defined(EDPLAN_X86_DISPATCH)
  if (simd == 2) return survivors_avx512(P, S, M, f, Q, n);
  if (simd == 1) return survivors_avx2(P, S, M, f, Q, n);
#endif
  (void)simd;
#if defined(EDPLAN_SURVIVORS_VECTORS)
  return survivors_with<2>(P, S, M, f, Q, n);
#else
  double lo = std::numeric_limits<double>::infinity();
  for (index_t i = 0; i < n; ++i) {
    Q[i] = P[i] * S[i] + f * M[i];
    lo = std::min(lo, Q[i]);
  }
  return lo;
#endif
}

/// The kernel of `step` on raw rows, ages 0..last[s] of sex s only (last[s] = A for the whole
/// schedule). Cell (s, a) of year t+1 reads only (s, a−1) and, at the open age, (s, A) of year
/// t, so a prefix of ages is exact on its own: the Monte Carlo chain, which reads the women of
/// ages 15..49 and the ages enrolment needs, projects no further (the clamping record then
/// covers the projected ages only). `migration` rows may be null (none); `last[0]` >= 49.
/// `factors` {fertility, migration} multiply each rate and each migrant as read (a draw's shock).
/// Each output cell is written once and then only read back from L1 (births, and the rare
/// clamping): the step costs one pass over its inputs and one over its output.
inline StepOutcome step_rows(const SexRows<const double>& current, const SexRows<const double>& survival,
                             const double* fertility, const SexRows<const double>& migration, double observed_births,
                             const StepParams& params, const SexRows<double>& next, index_t A,
                             const std::array<index_t, 2>& last, const std::array<double, 2>& factors = {1.0, 1.0}) {
  using Row = Eigen::Array<double, Eigen::Dynamic, 1>;
  using In = Eigen::Map<const Row>;
  StepOutcome out;
  const double fm = factors[1];  // x·1 = x exactly: unscaled rows get the bits of P·S + M
  for (std::size_t s = 0; s < 2; ++s) {
    const index_t top = last[s];
    if (top < 1) continue;
    const double* P = current[s];
    const double* S = survival[s];
    const double* M = migration[s];
    double* Q = next[s];
    const index_t plain = std::min(top, A - 1);  // ages 1..plain come from age − 1 alone
    if (M) {
      double lo = survivors(P, S, M + 1, fm, Q + 1, plain);
      if (top == A) {
        Q[A] = P[A - 1] * S[A - 1] + P[A] * S[A] + fm * M[A];
        lo = std::min(lo, Q[A]);
      }
      if (lo < 0.0) {  // out-migration exceeded the population somewhere
        const index_t negative = count_negative(Q + 1, top);
        // With one negative cell the people short are that cell, `lo`, exactly (zeros added in
        // any order change nothing); with more, Eigen's sum, in the order that sets their bits.
        out.clamped_people -= negative == 1 ? lo : Eigen::Map<Row>(Q + 1, top).min(0.0).sum();
        out.clamped_cells += negative;
        clamp_negative(Q + 1, top);
      }
    } else {
      Eigen::Map<Row>(Q + 1, plain) = In(P, plain) * In(S, plain);
      if (top == A) Q[A] = P[A - 1] * S[A - 1] + P[A] * S[A];
    }
  }

  if (std::isnan(observed_births)) {
    const In f(fertility, fertile_ages);
    const In before(current[0] + first_fertile_age, fertile_ages);
    const In after(next[0] + first_fertile_age, fertile_ages);
    out.births = factors[0] == 1.0 ? (f * 0.5 * (before + after)).sum() : (factors[0] * f * 0.5 * (before + after)).sum();
  } else {
    out.births = observed_births;
  }

  const double srb = params.srb;
  const std::array<double, 2> share{1.0 / (1.0 + srb), srb / (1.0 + srb)};
  for (std::size_t s = 0; s < 2; ++s) {
    if (last[s] < 0) continue;
    double& newborns = next[s][0];
    newborns = out.births * share[s] * params.birth_survival[s];
    if (migration[s]) newborns += fm * migration[s][0];
    if (newborns < 0.0) {
      out.clamped_people -= newborns;
      ++out.clamped_cells;
      newborns = 0.0;
    }
  }
  return out;
}
}  // namespace detail

/// Projects one region one year ahead, t → t+1 (DESIGN §2.1, with A the open age):
///
/// 1. survivors `P[s,a,t+1] = P[s,a-1,t]·S[s,a-1,t]` for a = 1..A-1 and
///    `P[s,A,t+1] = P[s,A-1,t]·S[s,A-1,t] + P[s,A,t]·S[s,A,t]`;
/// 2. net migration `P[s,a,t+1] += M[s,a,t]` for a = 1..A, then negative cells are set to 0;
/// 3. births `B = Σ_{a=15..49} f[a]·½(P[0,a,t] + P[0,a,t+1])`, or the observed births when
///    `observed_births` is not NaN;
/// 4. newborns `P[0,0,t+1] = B/(1+srb)·Sb[0] + M[0,0]`, `P[1,0,t+1] = B·srb/(1+srb)·Sb[1] + M[1,0]`,
///    each set to 0 if negative.
///
/// @param current    (sex, age) population at the start of year t; rows contiguous.
/// @param survival   (sex, age) probability of surviving from age a in year t to a+1 in t+1.
/// @param fertility  (35) births per woman aged 15..49 during year t.
/// @param migration  (sex, age) net migrants by age at the end of the year, or null data for none.
/// @param observed_births births during year t, or NaN to project them.
/// @param next       (sex, age) output: the population at the start of year t+1.
/// Inputs are trusted: `project` validates them once for all regions and years.
inline StepOutcome step(const View<const double, 2>& current, const View<const double, 2>& survival,
                        const View<const double, 1>& fertility, const View<const double, 2>& migration,
                        double observed_births, const StepParams& params, const View<double, 2>& next) {
  const index_t A = current.shape(1) - 1;
  const bool migrate = migration.data() != nullptr;
  return detail::step_rows({&current(0, 0), &current(1, 0)}, {&survival(0, 0), &survival(1, 0)}, fertility.data(),
                           {migrate ? &migration(0, 0) : nullptr, migrate ? &migration(1, 0) : nullptr},
                           observed_births, params, {&next(0, 0), &next(1, 0)}, A, {A, A});
}

}  // namespace edplan::population
