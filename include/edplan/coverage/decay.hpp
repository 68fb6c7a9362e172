// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Distance decays w(c): the weight a link of cost c (metres, minutes) carries in a floating
/// catchment. The definitions follow PySAL `access` (step, gaussian, gravity) and the R
/// package `accessibility` (linear, exponential, logistic), so results agree with theirs.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace edplan::coverage {

/// The family of a decay.
enum class DecayKind { none, step, linear, gaussian, gravity, exponential, logistic, stepped };

/// A decay function w(c) >= 0 of a link's cost c >= 0; a small value type, cheap to copy.
///
/// - `none`: w = 1 (plain catchment: every link within `max_cost` counts fully);
/// - `step(t, v)`: right-closed steps as in PySAL access: w = v[k] for the first threshold
///   with c <= t[k], and 0 beyond the last threshold;
/// - `linear(d0)`: w = max(0, 1 - c/d0);
/// - `gaussian(sigma)`: w = exp(-c^2 / (2 sigma^2)) (PySAL access; w(0) = 1);
/// - `gravity(scale, alpha, min_cost)`: w = (max(c, min_cost)/scale)^alpha (PySAL access;
///   alpha < 0 for a decay);
/// - `exponential(beta)`: w = exp(-beta c);
/// - `logistic(d0, k)`: w = (1 + exp(-k d0)) / (1 + exp(k (c - d0))), the logistic CDF
///   complement scaled so that w(0) = 1 (R accessibility's `decay_logistic(cutoff = d0,
///   sd)` is k = pi / (sd sqrt 3));
/// - `stepped(s, v)`: lower-boundary steps as in R accessibility's `decay_stepped`: w = 1 for
///   c < s[0], w = v[k] for s[k] <= c < s[k+1], and w = v[last] for every c >= s[last] (a
///   non-zero last weight is a tail that never ends; give 0 to cut it).
struct Decay {
  /// The family.
  DecayKind kind = DecayKind::none;
  /// The first parameter: d0, sigma, scale or beta.
  double a = 0.0;
  /// The second parameter: alpha or k.
  double b = 0.0;
  /// The third parameter: min_cost of a gravity decay.
  double c = 0.0;
  /// Step thresholds, strictly increasing.
  std::vector<double> thresholds;
  /// Step weights, one per threshold.
  std::vector<double> values;

  /// w = 1.
  static Decay none() { return {}; }
  /// Right-closed steps: `thresholds[k]` (increasing) carries `values[k]`.
  static Decay step(std::vector<double> thresholds, std::vector<double> values) {
    Decay d;
    d.kind = DecayKind::step;
    d.thresholds = std::move(thresholds);
    d.values = std::move(values);
    return d;
  }
  /// Lower-boundary steps: w = 1 below `steps[0]`, `weights[k]` from `steps[k]` (increasing)
  /// up to the next step, `weights.back()` from the last step on.
  static Decay stepped(std::vector<double> steps, std::vector<double> weights) {
    Decay d;
    d.kind = DecayKind::stepped;
    d.thresholds = std::move(steps);
    d.values = std::move(weights);
    return d;
  }
  /// w = max(0, 1 - c/d0).
  static Decay linear(double d0) { return make(DecayKind::linear, d0); }
  /// w = exp(-c^2 / (2 sigma^2)).
  static Decay gaussian(double sigma) { return make(DecayKind::gaussian, sigma); }
  /// w = (max(c, min_cost)/scale)^alpha.
  static Decay gravity(double scale, double alpha, double min_cost = 0.0) {
    return make(DecayKind::gravity, scale, alpha, min_cost);
  }
  /// w = exp(-beta c).
  static Decay exponential(double beta) { return make(DecayKind::exponential, beta); }
  /// w = (1 + exp(-k d0)) / (1 + exp(k (c - d0))).
  static Decay logistic(double d0, double k) { return make(DecayKind::logistic, d0, k); }

  /// The weight of one link of cost `cost` (unchecked: call `validate` first).
  [[nodiscard]] double operator()(double cost) const {
    double w = 0.0;
    apply(&cost, &w, 1);
    return w;
  }

  /// `w[l] = w(cost[l])` for l < count (`w` may be `cost`); vectorised with Eigen where the family allows.
  void apply(const double* cost, double* w, index_t count) const {
    using Map = Eigen::Map<const Eigen::ArrayXd>;
    using Out = Eigen::Map<Eigen::ArrayXd>;
    const Map x(cost, count);
    Out y(w, count);
    switch (kind) {
      case DecayKind::none: y.setOnes(); break;
      case DecayKind::step:
      case DecayKind::stepped: apply_steps(cost, w, count); break;
      case DecayKind::linear: y = (1.0 - x / a).max(0.0); break;
      case DecayKind::gaussian: y = (-(x * x) / (2.0 * a * a)).exp(); break;
      case DecayKind::gravity: y = (x.max(c) / a).pow(b); break;
      case DecayKind::exponential: y = (-a * x).exp(); break;
      case DecayKind::logistic: y = (1.0 + std::exp(-b * a)) / (1.0 + (b * (x - a)).exp()); break;
    }
  }

  /// The step families, branch-free so that they vectorise (costs fall on either side of a
  /// threshold at random, and a branch per threshold mispredicts). Weights are formed in
  /// chunks and written after the chunk's costs are read (`w` may be `cost`).
  void apply_steps(const double* cost, double* w, index_t count) const {
    constexpr index_t chunk = 256;
    double v[chunk];
    const auto K = thresholds.size();
    const double* t = thresholds.data();
    const double* val = values.data();
    for (index_t l0 = 0; l0 < count; l0 += chunk) {
      const index_t len = std::min(chunk, count - l0);
      const double* x = cost + l0;
      if (kind == DecayKind::step) {
        // From the last step back to the first, so the first threshold >= c wins; 0 beyond.
        for (index_t l = 0; l < len; ++l) v[l] = 0.0;
        for (std::size_t k = K; k-- > 0;) {
          const double tk = t[k], vk = val[k];
          for (index_t l = 0; l < len; ++l) v[l] = x[l] <= tk ? vk : v[l];
        }
      } else {
        // From the first step on, so the last step <= c wins; 1 below the first step.
        for (index_t l = 0; l < len; ++l) v[l] = 1.0;
        for (std::size_t k = 0; k < K; ++k) {
          const double tk = t[k], vk = val[k];
          for (index_t l = 0; l < len; ++l) v[l] = x[l] >= tk ? vk : v[l];
        }
      }
      for (index_t l = 0; l < len; ++l) w[l0 + l] = v[l];
    }
  }

  /// A short description for messages and tables, e.g. `gaussian(sigma=20)`.
  [[nodiscard]] std::string describe() const {
    const auto f = [](double x) { return format_number(x); };
    switch (kind) {
      case DecayKind::none: return "none";
      case DecayKind::step: {
        std::string s = "step(";
        for (std::size_t k = 0; k < thresholds.size(); ++k) {
          s += (k ? ", " : "") + f(thresholds[k]) + ": " + (k < values.size() ? f(values[k]) : "?");
        }
        return s + ")";
      }
      case DecayKind::stepped: {
        std::string s = "stepped(";
        for (std::size_t k = 0; k < thresholds.size(); ++k) {
          s += (k ? ", " : "") + f(thresholds[k]) + ": " + (k < values.size() ? f(values[k]) : "?");
        }
        return s + ")";
      }
      case DecayKind::linear: return "linear(d0=" + f(a) + ")";
      case DecayKind::gaussian: return "gaussian(sigma=" + f(a) + ")";
      case DecayKind::gravity: return "gravity(scale=" + f(a) + ", alpha=" + f(b) + ", min_cost=" + f(c) + ")";
      case DecayKind::exponential: return "exponential(beta=" + f(a) + ")";
      case DecayKind::logistic: return "logistic(d0=" + f(a) + ", k=" + f(b) + ")";
    }
    return "?";
  }

 private:
  static Decay make(DecayKind kind, double a, double b = 0.0, double c = 0.0) {
    Decay d;
    d.kind = kind;
    d.a = a;
    d.b = b;
    d.c = c;
    return d;
  }
};

/// Records every problem with the parameters of `d`, named `name` (e.g. `decay[2]`): steps
/// not strictly increasing or of unequal lengths, negative or non-finite weights, scales
/// that are not > 0. A gravity decay with alpha < 0 and min_cost = 0 is accepted: a link
/// of cost 0 then weighs inf, as in PySAL access; give min_cost > 0 to avoid it.
inline void validate(Problems& problems, const Decay& d, const std::string& name) {
  const auto positive = [&](const std::string& what, double x) {
    if (!(std::isfinite(x) && x > 0.0)) problems.add(name + "." + what, "got " + format_number(x) + "; expected a finite number > 0");
  };
  switch (d.kind) {
    case DecayKind::none: break;
    case DecayKind::step:
    case DecayKind::stepped:
      if (d.thresholds.empty()) problems.add(name, "a step decay needs at least one {threshold: weight}");
      if (d.thresholds.size() != d.values.size()) {
        problems.add(name, std::to_string(d.thresholds.size()) + " thresholds and " + std::to_string(d.values.size()) +
                               " weights; expected one weight per threshold");
      }
      for (std::size_t k = 0; k < d.thresholds.size(); ++k) {
        const double t = d.thresholds[k];
        if (d.kind == DecayKind::stepped) {
          if (!(std::isfinite(t) && t > 0.0)) problems.add(name + ".steps[" + std::to_string(k) + "]", "got " + format_number(t) + "; expected a finite cost > 0");
        } else if (!(t >= 0.0) || std::isnan(t)) {
          problems.add(name + ".thresholds[" + std::to_string(k) + "]", "got " + format_number(t) + "; expected a cost >= 0");
        }
        if (k > 0 && !(t > d.thresholds[k - 1])) {
          problems.add(name + ".thresholds[" + std::to_string(k) + "]", "got " + format_number(t) + " after " +
                                                                          format_number(d.thresholds[k - 1]) + "; expected increasing thresholds");
        }
      }
      for (std::size_t k = 0; k < d.values.size(); ++k) {
        const double v = d.values[k];
        if (!(std::isfinite(v) && v >= 0.0)) problems.add(name + ".values[" + std::to_string(k) + "]", "got " + format_number(v) + "; expected a weight >= 0");
      }
      break;
    case DecayKind::linear: positive("d0", d.a); break;
    case DecayKind::gaussian: positive("sigma", d.a); break;
    case DecayKind::gravity:
      positive("scale", d.a);
      if (!std::isfinite(d.b)) problems.add(name + ".alpha", "got " + format_number(d.b) + "; expected a finite exponent");
      if (!(std::isfinite(d.c) && d.c >= 0.0)) problems.add(name + ".min_cost", "got " + format_number(d.c) + "; expected a cost >= 0");
      break;
    case DecayKind::exponential:
      if (!(std::isfinite(d.a) && d.a >= 0.0)) problems.add(name + ".beta", "got " + format_number(d.a) + "; expected a rate >= 0");
      break;
    case DecayKind::logistic:
      if (!std::isfinite(d.a)) problems.add(name + ".d0", "got " + format_number(d.a) + "; expected a finite cost");
      positive("k", d.b);
      break;
  }
}

}  // namespace edplan::coverage
