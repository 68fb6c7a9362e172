// SPDX-License-Identifier: MIT
// The capacitated assignment (assignment.hpp) and search (capacitated.hpp): hand-computed
// values, the warm state against a fresh solve after every open and close, the value kept by
// the moves against the flows, and the search against brute force. (The assignment against
// HiGHS: tests/python/test_coverage_capacitated_options.py.)
#include <doctest/doctest.h>
#include "lcg.hpp"

#include <edplan/coverage/assignment.hpp>
#include <edplan/coverage/capacitated.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

using namespace edplan;
using namespace edplan::coverage;

namespace {

using edplan::testing::Lcg;

struct Instance {
  LinkColumns links;
  std::vector<double> demand, capacity;
  double u = 0.0;
};

/// n points, m candidates, each link present with probability 0.6, costs in [0, 10),
/// u above any chain (as edplan.coverage.capacitated.penalty sets it); with `mclp` every
/// link costs 0 and u = 1 (most people assigned, as the capacitated MCLP).
Instance random_instance(index_t n, index_t m, index_t p, std::uint64_t seed, bool mclp = false) {
  Lcg rng{seed};
  Instance x;
  std::vector<std::int64_t> rows, cols;
  std::vector<double> costs;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < m; ++j) {
      if (rng.uniform() < 0.6) {
        rows.push_back(i);
        cols.push_back(j);
        const double c = 10.0 * rng.uniform();  // drawn either way: the same links for both kinds
        costs.push_back(mclp ? 0.0 : c);
      }
    }
    x.demand.push_back(static_cast<double>(1 + static_cast<int>(20 * rng.uniform())));
  }
  for (index_t j = 0; j < m; ++j) x.capacity.push_back(static_cast<double>(5 + static_cast<int>(40 * rng.uniform())));
  x.links = link_columns(rows, cols, costs, m);
  x.u = mclp ? 1.0 : static_cast<double>(p + 1) * 10.0 + 1.0;
  return x;
}

/// The positive flows (point, site, persons), sorted: equal lists mean equal states.
std::vector<std::tuple<index_t, index_t, double>> flows(const Assignment& a) {
  std::vector<std::tuple<index_t, index_t, double>> f;
  a.for_each_flow([&](index_t i, index_t j, double persons) { f.emplace_back(i, j, persons); });
  std::sort(f.begin(), f.end());
  return f;
}

/// The value of a fresh assignment to `sites`.
double fresh_value(const Instance& x, const std::vector<index_t>& sites, index_t max_open) {
  Assignment a(&x.links, x.demand, x.capacity, x.u, max_open);
  for (auto j : sites) a.open(j);
  return a.value();
}

/// sum c x + u x unassigned recomputed from the flows.
double value_from_flows(const Instance& x, const Assignment& a) {
  double cost = 0.0, assigned = 0.0, total = 0.0;
  a.for_each_flow([&](index_t i, index_t j, double persons) {
    for (auto l = x.links.start[static_cast<std::size_t>(j)]; l < x.links.start[static_cast<std::size_t>(j + 1)]; ++l) {
      if (x.links.row[static_cast<std::size_t>(l)] == i) cost += persons * x.links.cost[static_cast<std::size_t>(l)];
    }
    assigned += persons;
  });
  for (auto d : x.demand) total += d;
  return cost + x.u * (total - assigned);
}

}  // namespace

TEST_CASE("cheapest_fill: the most negative first, up to the capacity") {
  std::vector<std::pair<double, double>> items{{-3.0, 2.0}, {-1.0, 5.0}, {-2.0, 4.0}};
  auto copy = items;
  CHECK(cheapest_fill(copy, 5.0) == doctest::Approx(-3.0 * 2 - 2.0 * 3));  // 2 at -3, then 3 of 4 at -2
  copy = items;
  CHECK(cheapest_fill(copy, 100.0) == doctest::Approx(-6.0 - 8.0 - 5.0));  // all fit
  copy = items;
  CHECK(cheapest_fill(copy, 0.0) == 0.0);
  // past the small-range sort: quickselect halves against a full sort
  Lcg rng{7};
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<std::pair<double, double>> many;
    for (int k = 0; k < 200; ++k) many.emplace_back(-10.0 * rng.uniform(), 1.0 + static_cast<int>(9 * rng.uniform()));
    const double cap = 400.0 * rng.uniform();
    auto sorted = many;
    std::sort(sorted.begin(), sorted.end());
    double left = cap, expected = 0.0;
    for (auto [rc, d] : sorted) {
      const double take = std::min(left, d);
      expected += rc * take;
      left -= take;
    }
    CHECK(cheapest_fill(many, cap) == doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("capacitated assignment: a two-site case by hand, warm through open and close") {
  // point 0: 10 people, cost 1 to site 0, 4 to site 1; point 1: 5 people, cost 2 and 3.
  // Site 0 takes 8, site 1 takes 10; an unassigned person costs 100.
  Instance x;
  x.links = link_columns({0, 0, 1, 1}, {0, 1, 0, 1}, {1.0, 4.0, 2.0, 3.0}, 2);
  x.demand = {10.0, 5.0};
  x.capacity = {8.0, 10.0};
  x.u = 100.0;
  Assignment a(&x.links, x.demand, x.capacity, x.u, 2);
  CHECK(a.value() == doctest::Approx(15 * 100.0));
  a.open(0);  // 8 of point 0 at cost 1 (point 1's would cost 2), 7 left out
  CHECK(a.value() == doctest::Approx(8 * 1.0 + 7 * 100.0));
  a.open(1);  // point 1 moves to site 1 (+1 each), point 0 fills site 0 and sends 2 to site 1
  CHECK(a.value() == doctest::Approx(8 * 1.0 + 2 * 4.0 + 5 * 3.0));
  CHECK(a.assigned() == doctest::Approx(15.0));
  CHECK(a.assigned_cost() == doctest::Approx(31.0));
  a.close(0);  // site 1 alone: point 1 (3 each) and 5 of point 0 (4 each), 5 left out
  CHECK(a.value() == doctest::Approx(5 * 3.0 + 5 * 4.0 + 5 * 100.0));
  CHECK(a.value() == doctest::Approx(fresh_value(x, {1}, 2)));
}

TEST_CASE("capacitated assignment: warm open/close sequences equal a fresh solve, and the kept value the flows") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const index_t n = 25, m = 8, p = 4;
    const auto x = random_instance(n, m, p, seed);
    Assignment a(&x.links, x.demand, x.capacity, x.u, p);
    Lcg rng{seed + 100};
    for (int step = 0; step < 30; ++step) {
      const auto open = a.open_sites();
      const auto j = static_cast<index_t>(m * rng.uniform());
      if (a.is_open(j)) {
        a.close(j);
      } else if (static_cast<index_t>(open.size()) < p) {
        a.open(j);
      } else {
        continue;
      }
      const auto sites = a.open_sites();
      CHECK(a.value() == doctest::Approx(fresh_value(x, sites, p)).epsilon(1e-9));
      CHECK(a.value() == doctest::Approx(value_from_flows(x, a)).epsilon(1e-9));
    }
  }
}

TEST_CASE("capacitated search: never below brute force, its value that of its sites, patience only saves rounds") {
  for (const bool mclp : {false, true}) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const index_t n = 30, m = 9, p = 3;
    const auto x = random_instance(n, m, p, seed, mclp);
    double best = std::numeric_limits<double>::infinity();
    for (index_t a = 0; a < m; ++a) {
      for (index_t b = a + 1; b < m; ++b) {
        for (index_t c = b + 1; c < m; ++c) best = std::min(best, fresh_value(x, {a, b, c}, p));
      }
    }
    CapacitatedOptions all;
    all.patience = 0;
    CapacitatedOptions early;
    early.patience = 1;
    const auto full = capacitated_search(x.links, x.demand, x.capacity, x.u, p, {}, {}, all);
    const auto quick = capacitated_search(x.links, x.demand, x.capacity, x.u, p, {}, {}, early);
    for (const auto* r : {&full, &quick}) {
      CHECK(r->sites.size() == static_cast<std::size_t>(p));
      CHECK(r->value >= best * (1 - 1e-12));
      CHECK(r->value == doctest::Approx(fresh_value(x, r->sites, p)).epsilon(1e-9));
    }
    CHECK(quick.evaluations <= full.evaluations);
    CHECK(full.value == doctest::Approx(best).epsilon(1e-9));  // 84 subsets: the search finds the best
  }
  }
}

TEST_CASE("capacitated assignment: a trial under marks equals a fresh solve, and its rollback leaves no trace") {
  // the searches try every swap as mark, close, mark, open, read, rollback, rollback: the
  // trial's value must be the fresh optimum of its sites, and after the rollbacks the state
  // must go on exactly (bit for bit) as a twin that never tried anything
  for (const bool mclp : {false, true}) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      const index_t n = 40, m = 10, p = 4;
      const auto x = random_instance(n, m, p, seed, mclp);
      Assignment a(&x.links, x.demand, x.capacity, x.u, p), twin(&x.links, x.demand, x.capacity, x.u, p);
      Lcg rng{seed + 300};
      for (int step = 0; step < 25; ++step) {
        const double before = a.value();
        const auto flows_before = flows(a);
        const auto open = a.open_sites();
        const auto outer = a.mark();
        if (!open.empty()) a.close(open[static_cast<std::size_t>(static_cast<double>(open.size()) * rng.uniform())]);
        const double closed = a.value();
        const auto inner = a.mark();
        for (int tries = 0; tries < 3 && static_cast<index_t>(a.open_sites().size()) < p; ++tries) {
          const auto k = static_cast<index_t>(m * rng.uniform());
          if (!a.is_open(k)) a.open(k);
        }
        CHECK(a.value() == doctest::Approx(fresh_value(x, a.open_sites(), p)).epsilon(1e-9));
        CHECK(a.value() == doctest::Approx(value_from_flows(x, a)).epsilon(1e-9));
        a.rollback(inner);
        CHECK(a.value() == closed);
        CHECK(a.value() == doctest::Approx(fresh_value(x, a.open_sites(), p)).epsilon(1e-9));
        a.rollback(outer);
        CHECK(a.value() == before);
        CHECK(flows(a) == flows_before);
        // then a real step on both
        const auto j = static_cast<index_t>(m * rng.uniform());
        if (a.is_open(j)) {
          a.close(j);
          twin.close(j);
        } else if (static_cast<index_t>(open.size()) < p) {
          a.open(j);
          twin.open(j);
        }
        CHECK(a.value() == twin.value());
        CHECK(flows(a) == flows(twin));
        CHECK(a.opening_bounds() == twin.opening_bounds());
      }
    }
  }
}
