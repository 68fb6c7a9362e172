# SPDX-License-Identifier: MIT
"""On-track assessment of one indicator series (DESIGN §2.7): :func:`assess`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from .. import _core
from ..errors import InputError
from .._io import relocate

__all__ = ["CATEGORIES", "CATEGORY_COLOURS", "METHODS", "Assessment", "assess", "direction_sign"]

CATEGORIES: tuple[str, ...] = tuple(_core.targets.CATEGORIES)
"""The categories, best first: achieved, on track, acceleration needed, limited progress,
deterioration, insufficient data."""

CATEGORY_COLOURS: dict[str, str] = {
    "achieved": "#1a7837",
    "on track": "#5aae61",
    "acceleration needed": "#f6d743",
    "limited progress": "#f59a3b",
    "deterioration": "#d73027",
    "insufficient data": "#bdbdbd",
}
"""Traffic-light colours for reports: the green / yellow / orange / red of Open SDG's progress
gauges, a darker green for an achieved target and grey for too little data."""

METHODS: tuple[str, ...] = tuple(_core.targets.METHODS)
"""Projection methods: see :func:`assess`."""

_OPTIONS = _core.targets.AssessOptions()
"""The engine's default settings: linear, upper 1, zero replaced by 0.001, Open SDG's thresholds."""
RATIO_THRESHOLDS = (_OPTIONS.ratio.on_track, _OPTIONS.ratio.acceleration, _OPTIONS.ratio.limited)
"""Lower bounds on R of on track, acceleration needed and limited progress: (0.95, 0.6, 0)."""
GROWTH_THRESHOLDS = (_OPTIONS.growth.on_track, _OPTIONS.growth.acceleration, _OPTIONS.growth.limited,
                     _OPTIONS.growth.exponent)
"""The same bounds on growth without a target, and the exponent of C: (0.015, 0.005, 0, 4.44)."""


@dataclass(frozen=True)
class Assessment:
    """The assessment of one indicator series (see :func:`assess`)."""

    category: str
    """One of :data:`CATEGORIES`."""
    ratio: float
    """R = s·d·CAGR_obs / |CAGR_req| (NaN without a target or with too little data)."""
    projected: float
    """The projection's value at the target year (NaN without a target year or a fit)."""
    year_reached: float
    """The first whole year after the latest observation in which the projection meets the
    target (for an achieved target, the first observed year from which every observation
    meets it); NaN when the projection never does."""
    annual_change_needed: float
    """(target − latest value) / (target year − latest year); 0 when the latest value meets the
    target; NaN without a target or once the target year is not after the latest observation."""
    cagr_observed: float
    """CAGR from the baseline to the latest observation."""
    cagr_required: float
    """CAGR from the baseline to the target."""
    scaling: float
    """The scaling factor C of the no-target variant (NaN with a target)."""
    score: float
    """The −5..5 progress score (see :func:`~edplan.targets.progress_score`): 5 when achieved,
    NaN for insufficient data."""
    baseline_year: float
    baseline_value: float
    latest_year: float
    latest_value: float
    note: str
    """Why a number is missing or was adjusted ('' when nothing is unusual)."""

    @property
    def colour(self) -> str:
        """The traffic-light colour of the category (:data:`CATEGORY_COLOURS`)."""
        return CATEGORY_COLOURS[self.category]


def direction_sign(direction: Union[str, int, float], where: str = "direction") -> float:
    """+1.0 for 'increase' (or 'positive', '+', 1), −1.0 for 'decrease' (or 'negative', '-', −1)."""
    text = str(direction).strip().lower() if not isinstance(direction, (int, float)) else direction
    if text in ("increase", "positive", "+", "+1", "1", 1, 1.0):
        return 1.0
    if text in ("decrease", "negative", "-", "-1", -1, -1.0):
        return -1.0
    raise InputError(f"got {direction!r}; expected 'increase' or 'decrease'", where)


def _number(x: Optional[float], name: str) -> float:
    if x is None:
        return math.nan
    try:
        return float(x)
    except (TypeError, ValueError):
        raise InputError(f"got {x!r}; expected a number or None", name) from None


def assess_options(method: str, upper: float, zero_replacement: float, ratio_thresholds: Sequence[float],
                   growth_thresholds: Sequence[float], threads: int) -> _core.targets.AssessOptions:
    """The engine's ``AssessOptions`` from :func:`assess`'s arguments (thresholds as tuples).

    Raises:
        InputError: naming ``method`` for an unknown method, and a threshold tuple of the wrong length.
    """
    problems = []
    for name, given, fields in (("ratio_thresholds", ratio_thresholds, ("on_track", "acceleration", "limited")),
                                ("growth_thresholds", growth_thresholds,
                                 ("on_track", "acceleration", "limited", "exponent"))):
        if len(given) != len(fields):
            problems.append((name, f"got {len(given)} values; expected {len(fields)} ({', '.join(fields)})"))
    if problems:
        raise InputError(problems)
    return _core.targets.AssessOptions(
        method=method, upper=upper, zero_replacement=zero_replacement, threads=threads,
        ratio=_core.targets.RatioThresholds(on_track=ratio_thresholds[0], acceleration=ratio_thresholds[1],
                                            limited=ratio_thresholds[2]),
        growth=_core.targets.GrowthThresholds(on_track=growth_thresholds[0], acceleration=growth_thresholds[1],
                                              limited=growth_thresholds[2], exponent=growth_thresholds[3]))


def assess(
    years: npt.ArrayLike,
    values: npt.ArrayLike,
    *,
    target: Optional[float] = None,
    target_year: Optional[float] = None,
    baseline_year: Optional[float] = None,
    direction: Union[str, int] = "increase",
    method: str = _OPTIONS.method,
    limit: Optional[float] = None,
    upper: float = _OPTIONS.upper,
    zero_replacement: float = _OPTIONS.zero_replacement,
    ratio_thresholds: Sequence[float] = RATIO_THRESHOLDS,
    growth_thresholds: Sequence[float] = GROWTH_THRESHOLDS,
) -> Assessment:
    """Assess whether an indicator is on track to its target (DESIGN §2.7).

    The growth-rate ratio of the Open SDG progress measure (Statistics Canada's method, built
    on Eurostat's; sources: Open SDG "Progress Measurement Methodology", open-sdg/open-sdg
    docs/progress-methodology.md, and its implementation in open-sdg/sdg-build): with y_0 the
    value in the baseline year t_0 (the first observation in or after ``baseline_year``), y_i
    the latest observation (year t_i), y_T the target and t_T the target year,

    - ``CAGR_obs = (y_i/y_0)^(1/(t_i−t_0)) − 1`` and ``CAGR_req = (y_T/y_0)^(1/(t_T−t_0)) − 1``;
    - ``R = s·d·CAGR_obs / |CAGR_req|`` with d = +1 to increase, −1 to decrease, and s = −1
      when the values are negative;
    - "insufficient data" with fewer than two observations from the baseline year on (one
      observation meeting the target included), else "achieved" if the latest observation
      meets the target in its direction, else
      R >= 0.95 "on track", 0.6 <= R < 0.95 "acceleration needed", 0 <= R < 0.6 "limited
      progress", R < 0 "deterioration" (a boundary value belongs to the better category).

    Without a target (``target=None``) the signed growth ``s·d·CAGR_obs`` is compared with
    1.5%·C ("on track"), 0.5%·C ("acceleration needed") and 0 ("limited progress", below it
    "deterioration"), where Open SDG's scaling factor C = 1 − (y_0/limit)^4.44 (for
    y_0 <= limit; see edplan/targets/growth_ratio.hpp for the minimum-limit cases) lowers the
    thresholds for an indicator near its natural ``limit`` (e.g. 1 for a share); no limit, C = 1.
    A base value or target of 0 is replaced by ``zero_replacement`` (Open SDG: 0.001) in the
    growth rates, since a compound growth rate from or to 0 is undefined.

    The projection is fitted to the observations from the baseline year on:

    - ``"linear"``: least squares line;
    - ``"time_weighted"``: weighted least squares with weight t − t_first + 1, so the latest
      of n annual observations counts n times the first. The UN regional commissions'
      Anticipated Progress Index (ESCAP, UNECE, ECA) uses a "time-weighted linear regression"
      giving recent data more weight; its technical notes do not print the weight function,
      so edplan uses this linear-in-time weight, which has no tuning parameter and keeps
      every year in the fit;
    - ``"logistic"``: least squares line through logit(value/``upper``), for shares that
      cannot leave (0, upper); no projection when a value sits on a bound.

    Args:
        years, values: the observations, in any order; a NaN value is missing.
        target: y_T, or None for the no-target variant.
        target_year: t_T (required with a target).
        baseline_year: t_0 is the first observation in or after it; None = the first observation.
        direction: 'increase' or 'decrease'.
        method: 'linear', 'time_weighted' or 'logistic'.
        limit: natural limit for the no-target scaling factor C.
        upper: the bound of a logistic share (1 for fractions, 100 for percentages).
        zero_replacement: what a zero base value or target becomes in the growth rates
            (Open SDG's 0.001; choose it on the indicator's scale).
        ratio_thresholds: (on track, acceleration needed, limited progress) lower bounds on R.
        growth_thresholds: the no-target bounds on growth (1.5%, 0.5%, 0) and C's exponent 4.44.

    Returns:
        an :class:`Assessment` with ``category``, ``ratio``, ``score`` (the −5..5 progress
        score, see :func:`~edplan.targets.progress_score`), ``projected``, ``year_reached``,
        ``annual_change_needed`` and the numbers behind them.

    Raises:
        InputError: listing every problem (a year given twice, non-finite years, infinite
            values, a target without a target year, a target year not after the baseline
            year, a bad direction or method, logistic values outside [0, upper]).
    """
    t = np.asarray(years, dtype=np.float64).ravel()
    y = np.asarray(values, dtype=np.float64).ravel()
    if t.shape != y.shape:
        raise InputError(f"has {y.size} values for {t.size} years; expected one value per year", "values")
    order = np.argsort(t, kind="stable")
    sign = direction_sign(direction)
    options = assess_options(method, upper, zero_replacement, ratio_thresholds, growth_thresholds, threads=1)
    try:
        out = _core.targets.assess_many(
            t[order], y[order], np.array([0, t.size], dtype=np.int64),
            np.array([_number(target, "target")]), np.array([_number(target_year, "target_year")]),
            np.array([_number(baseline_year, "baseline_year")]), np.array([sign]),
            np.array([_number(limit, "limit")]), options=options)
    except InputError as e:
        raise relocate(e, r"series\[0\](?:\.(\w+))?", lambda m: m.group(1) or "years") from None
    return Assessment(
        category=CATEGORIES[int(out["category"][0])],
        note=_core.targets.note_text(int(out["notes"][0])),
        **{k: float(out[k][0]) for k in ("ratio", "projected", "year_reached", "annual_change_needed", "cagr_observed",
                                          "cagr_required", "scaling", "score", "baseline_year", "baseline_value",
                                          "latest_year", "latest_value")},
    )
