// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <edplan/coverage.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;

namespace {
/// Demand and sites on an integer lattice, so that many costs equal max_cost exactly.
struct Lattice {
  std::vector<double> xy, sxy, P, S, C;
  index_t n, m;
  Lattice(index_t n_, index_t m_, unsigned seed, double scale) : n(n_), m(m_) {
    std::mt19937 g(seed);
    std::uniform_int_distribution<int> u(0, 15);
    for (index_t i = 0; i < 2 * n; ++i) xy.push_back(u(g));
    for (index_t j = 0; j < 2 * m; ++j) sxy.push_back(u(g));
    for (index_t i = 0; i < n; ++i) P.push_back(u(g) % 4 == 0 ? 0.0 : 10.0 * u(g));
    for (index_t j = 0; j < m; ++j) S.push_back(u(g) % 4 == 0 ? 0.0 : 3.0 * u(g));
    for (index_t i = 0; i < n; ++i) {
      for (index_t j = 0; j < m; ++j) {
        const double dx = xy[2 * i] - sxy[2 * j], dy = xy[2 * i + 1] - sxy[2 * j + 1];
        C.push_back(scale * std::sqrt(dx * dx + dy * dy));
      }
    }
  }
};
}  // namespace

TEST_CASE("coordinates: every measure equals the dense matrix of the same costs, ties included") {
  for (const double scale : {1.0, 2.5}) {
    for (const double radius : {0.0, 5.0, 7.0, 30.0}) {
      const Lattice L(120, 70, 11, scale);
      const PointCosts pc{View<const double, 2>(L.xy.data(), {L.n, 2}), View<const double, 2>(L.sxy.data(), {L.m, 2}), scale};
      const auto dense = CostMatrix::from_dense(View<const double, 2>(L.C.data(), {L.n, L.m}));
      FcaOptions opt;
      opt.max_cost = radius * scale;
      opt.threads = 2;
      const std::vector<Decay> decays{Decay::none(), Decay::step({3 * scale, 5 * scale}, {1.0, 0.4})};
      const View<const double, 2> P(L.P.data(), {1, L.n}), S(L.S.data(), {1, L.m});
      for (const auto measure : {Measure::two_step, Measure::three_step, Measure::bfca, Measure::weighted_catchment,
                                 Measure::spatial_availability}) {
        const auto a = floating_catchment(measure, P, S, pc, decays, opt);
        const auto b = floating_catchment(measure, P, S, dense, decays, opt);
        for (index_t k = 0; k < 2; ++k) {
          for (index_t i = 0; i < L.n; ++i) CHECK(a(k, 0, i) == doctest::Approx(b(k, 0, i)).epsilon(1e-12));
        }
      }
      const auto la = catchment(pc, opt.max_cost);
      const auto lb = catchment(dense, opt.max_cost);
      REQUIRE(la.size() == lb.size());
      for (std::size_t blk = 0; blk < la.blocks.size(); ++blk) {
        CHECK(la.blocks[blk].col == lb.blocks[blk].col);
        CHECK(la.blocks[blk].value == lb.blocks[blk].value);
      }
    }
  }
}

TEST_CASE("coordinates: a site far outside the others' extent and a point far away") {
  // The grid caps its cells per side; the far site lands in the last cell and is still found.
  std::vector<double> xy{0.0, 0.0, 1e6, 1e6, 5.0, 0.0};
  std::vector<double> sxy{1.0, 0.0, 2.0, 0.0, 1e6 + 3.0, 1e6 + 4.0};
  const PointCosts pc{View<const double, 2>(xy.data(), {3, 2}), View<const double, 2>(sxy.data(), {3, 2}), 1.0};
  const auto links = catchment(pc, 5.0);
  CHECK(links.size() == 5);  // (0,0)->s0,s1; far point->s2 at exactly 5; (5,0)->s0 (4), s1 (3)
  std::vector<double> bad{0.0, std::nan("")};
  const PointCosts nan_pc{View<const double, 2>(bad.data(), {1, 2}), View<const double, 2>(sxy.data(), {3, 2}), 1.0};
  CHECK_THROWS_AS(catchment(nan_pc, 5.0), InputError);
}
