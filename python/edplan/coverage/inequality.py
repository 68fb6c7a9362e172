# SPDX-License-Identifier: MIT
"""Equity of access (DESIGN §2.6): inequality and poverty of an access measure over places
weighted by their population, as the R package ``accessibility`` (ipeaGIT) defines them —
``gini_index``, ``theil_t``, ``palma_ratio``, ``concentration_index`` and ``fgt_poverty``,
each for one group of places (R's ``group_by`` is a loop over groups here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..errors import InputError

__all__ = ["Inequality", "Poverty", "concentration_index", "fgt_poverty", "inequality"]


@dataclass(frozen=True)
class Inequality:
    """Inequality of an access measure across places (:func:`inequality`)."""

    gini: float
    """The Gini index: 1 − 2 × the area under the population-weighted Lorenz curve of the
    values sorted ascending, by trapezoids from (0, 0) (R ``gini_index``); nan when every value
    is 0."""
    theil_t: float
    """The Theil T index: the weighted mean of (x/μ)·ln(x/μ) over the places with x > 0, μ
    their weighted mean (R ``theil_t``'s total, which leaves out x = 0 where ln is undefined)."""
    palma: Optional[float]
    """With ``income``: the weighted mean value of the richest 10% of the population by income
    over that of the poorest 40% (R ``palma_ratio``); nan when either group is empty; None
    without ``income``."""


@dataclass(frozen=True)
class Poverty:
    """The Foster–Greer–Thorbecke poverty measures of an access measure (:func:`fgt_poverty`)."""

    fgt0: float
    """Headcount: the share of the population below the poverty line."""
    fgt1: float
    """Poverty gap: the population-weighted mean of the shortfall (line − x)/line (0 above it)."""
    fgt2: float
    """Severity: the population-weighted mean of the squared shortfall."""


def _arrays(values: Any, weights: Any, income: Any = None) -> tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]:
    """Values, weights (ones when None) and income as float arrays, checked all at once."""
    x = np.asarray(values, dtype=float)
    problems: list[tuple[str, str]] = []
    if x.ndim != 1 or len(x) == 0:
        raise InputError(f"got shape {x.shape}; expected a non-empty 1-D array of access values", "values")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    inc = None if income is None else np.asarray(income, dtype=float)
    for name, a, ok, expected in (("values", x, np.isfinite(x), "a finite value"),
                                  ("weights", w, None, "a population >= 0"),
                                  ("income", inc, None, "a finite income per person")):
        if a is None:
            continue
        if a.shape != x.shape:
            problems.append((name, f"got shape {a.shape}; expected {x.shape} (one per place, as values)"))
            continue
        if ok is None:
            ok = np.isfinite(a) & (a >= 0) if name == "weights" else np.isfinite(a)
        problems += [(f"{name}[{i}]", f"got {a[i]}; expected {expected}") for i in np.flatnonzero(~ok)[:10]]
    if not problems and w.sum() <= 0:
        problems.append(("weights", "every weight is 0; expected some population"))
    if problems:
        raise InputError(problems)
    return x, w, inc


def _weighted_mean(x: np.ndarray, w: np.ndarray) -> float:
    total = w.sum()
    return float(np.dot(w, x) / total) if total > 0 else float("nan")


def _gini(x: np.ndarray, w: np.ndarray) -> float:
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    share = w / w.sum()
    mass = w * x
    if mass.sum() == 0:
        return float("nan")
    cum = np.cumsum(mass) / mass.sum()
    previous = np.concatenate([[0.0], cum[:-1]])
    return float(1.0 - 2.0 * np.sum((previous + cum) * share / 2.0))


def _theil_t(x: np.ndarray, w: np.ndarray) -> float:
    keep = x > 0
    x, w = x[keep], w[keep]
    mu = _weighted_mean(x, w)
    if not np.isfinite(mu):
        return float("nan")
    r = x / mu
    return _weighted_mean(r * np.log(r), w)


def weighted_quantiles(x: np.ndarray, w: np.ndarray, probs: Any) -> np.ndarray:
    """Weighted quantiles as R's ``Hmisc::wtd.quantile`` (type "quantile", weights as
    frequencies) computes them, which R ``accessibility`` uses for the Palma groups: with the
    distinct values x_(k) and their cumulative weights W_k (total n), quantile p interpolates
    between the order statistics floor(o) and floor(o) + 1, o = 1 + (n − 1)·p, each the smallest
    x_(k) with W_k >= that order."""
    keep = w > 0
    ux, inverse = np.unique(x[keep], return_inverse=True)
    cum = np.cumsum(np.bincount(inverse, weights=w[keep]))
    n = cum[-1]
    order = 1.0 + (n - 1.0) * np.asarray(probs, dtype=float)
    low = np.maximum(np.floor(order), 1.0)
    high = np.minimum(low + 1.0, n)
    frac = order % 1.0

    def statistic(t: np.ndarray) -> np.ndarray:
        return ux[np.minimum(np.searchsorted(cum, t, side="left"), len(ux) - 1)]

    return (1.0 - frac) * statistic(low) + frac * statistic(high)


def _palma(x: np.ndarray, w: np.ndarray, income: np.ndarray) -> float:
    q40, q90 = weighted_quantiles(income, w, [0.4, 0.9])
    poorest, richest = income <= q40, income > q90
    if not poorest.any() or not richest.any():
        return float("nan")
    return _weighted_mean(x[richest], w[richest]) / _weighted_mean(x[poorest], w[poorest])


def inequality(values: Any, weights: Any = None, income: Any = None) -> Inequality:
    """The Gini index, Theil T index and (with ``income``) Palma ratio of access ``values``
    (n,) over places weighted by ``weights`` (n,) (their population; None: equal weights), as
    R ``accessibility``'s ``gini_index``, ``theil_t`` and ``palma_ratio`` compute them.
    ``income`` (n,) is income per person, which ranks the places for the Palma ratio.

    >>> round(inequality([1, 2, 3, 4]).gini, 4)
    0.25
    """
    x, w, inc = _arrays(values, weights, income)
    return Inequality(_gini(x, w), _theil_t(x, w), None if inc is None else _palma(x, w, inc))


def concentration_index(values: Any, income: Any, weights: Any = None, kind: str = "CIc") -> float:
    """The concentration index of access ``values`` by ``income`` (R ``accessibility``'s
    ``concentration_index``): places with population > 0 ranked by income (then population),
    fractional rank r_i = the population share before i plus half its own, and with shares
    s_i, μ the weighted mean value and r̄ the plain mean of the ranks,
    CI = 2 Σ s_i (x_i − μ)(r_i − r̄) / μ; ``kind="CIc"`` (the default) is Erreygers' (2009)
    correction CIc = 4 μ CI / (max x − min x). Positive values: access favours the rich."""
    if kind not in ("CI", "CIc"):
        raise InputError(f"got {kind!r}; expected 'CI' or 'CIc'", "kind")
    x, w, given = _arrays(values, weights, income)
    inc = np.asarray(given)
    keep = w > 0
    x, w, inc = x[keep], w[keep], inc[keep]
    order = np.lexsort((w, inc))
    x, w = x[order], w[order]
    share = w / w.sum()
    rank = np.concatenate([[0.0], np.cumsum(share)[:-1]]) + share / 2.0
    mu = _weighted_mean(x, w)
    ci = 2.0 * float(np.sum(share * (x - mu) * (rank - rank.mean()) / mu))
    if kind == "CI":
        return ci
    return 4.0 * ci * mu / float(x.max() - x.min())


def fgt_poverty(values: Any, poverty_line: float, weights: Any = None) -> Poverty:
    """The Foster–Greer–Thorbecke measures of access ``values`` below ``poverty_line`` (R
    ``accessibility``'s ``fgt_poverty``): with shortfall g_i = (line − x_i)/line where x_i <
    line (else 0), FGTα = the population-weighted mean of g_i^α over all places for α = 0, 1, 2
    (x_i < line counts 1 for α = 0)."""
    x, w, _ = _arrays(values, weights)
    line = float(poverty_line)
    if not (np.isfinite(line) and line >= 0):
        raise InputError(f"got {poverty_line!r}; expected a poverty line >= 0", "poverty_line")
    poor = x < line
    gap = np.where(poor, (line - x) / line if line > 0 else 0.0, 0.0)
    return Poverty(_weighted_mean(poor.astype(float), w), _weighted_mean(gap, w), _weighted_mean(gap ** 2, w))
