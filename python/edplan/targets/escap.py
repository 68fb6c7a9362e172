# SPDX-License-Identifier: MIT
"""The UN ESCAP progress indices (DESIGN §2.7): the Current Status Index and the Anticipated
Progress Index of one series, :func:`current_status_index` and
:func:`anticipated_progress_index`, and the arithmetic the table version shares with them.

What ESCAP's and UNECE's published notes say, and what they leave out, is in docs/targets.md
("ESCAP progress indices"); every choice edplan had to make where the reachable text is silent
is named there and in the docstrings below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
import numpy.typing as npt

from .. import _core
from ..errors import InputError
from .._io import relocate
from .assess import GROWTH_THRESHOLDS, RATIO_THRESHOLDS, assess_options, direction_sign

__all__ = ["API_CLASSES", "CSI_CLASSES", "SNAPSHOT_CLASSES", "AnticipatedProgress", "CurrentStatus",
           "anticipated_progress_index", "current_status_index"]

CSI_CLASSES: tuple[str, ...] = ("achieved", "progress", "regression", "insufficient data")
"""The Current Status Index classes, best first: the latest value meets the target (the index
is capped at 1); some progress since the base year (0 <= CSI < 1); worse than in the base
year (CSI < 0, ESCAP's "regressed since" bar); fewer than two observations from the base year."""

API_CLASSES: tuple[str, ...] = ("maintain progress", "accelerate progress", "reverse trend", "insufficient data")
"""The Anticipated Progress Index classes of ESCAP's dashboard, best first: the projection meets
the target (gap 0); it moves towards the target but falls short (0 < gap < 1); it is no better
than the base value (gap >= 1: the trend must be reversed); too few observations to fit."""

SNAPSHOT_CLASSES: tuple[str, ...] = ("expected progress made", "behind expected progress", "no progress", "regressed",
                                     "insufficient data")
"""The classes of a goal on ESCAP's snapshot, as the Philippine Statistics Authority words them
when it applies ESCAP's Current Status Index (docs/targets.md): the goal's bar reaches or crosses
the line of the year assessed (CSI >= the share of the base-to-target period elapsed by then,
"the expected progress to date"); it is "behind but towards" that line (0 < CSI below it); no
progress since the base year (CSI = 0, only "progress needed" is drawn); "regressed since" the
base year (CSI < 0); no indicator with a CSI."""

_OPTIONS = _core.targets.AssessOptions()

_ENOUGH = 2
"""Observations needed for either index: two from the base year for the CSI (a base and a
latest value), two for the regression line of the API."""


def _meets(value: np.ndarray, target: np.ndarray, sign: np.ndarray) -> np.ndarray:
    return sign * (value - target) >= 0


def status(base: np.ndarray, latest: np.ndarray, target: np.ndarray, sign: np.ndarray,
           enough: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(CSI, class code into :data:`CSI_CLASSES`) per series: ``(latest − base) / (target − base)``,
    the progress made since the base year over the progress needed to reach the target, 1 once
    the latest value meets the target. NaN when the base value already met the target and the
    latest does not (no progress was needed), or without ``enough`` observations."""
    needed = sign * (target - base) > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = (latest - base) / (target - base)
    met = _meets(latest, target, sign)
    csi = np.where(met, 1.0, np.where(needed, raw, math.nan))
    code = np.where(met, 0, np.where(needed & (raw >= 0), 1, 2))
    return np.where(enough, csi, math.nan), np.where(enough, code, 3)


def elapsed(year: np.ndarray, baseline_year: np.ndarray, target_year: np.ndarray) -> np.ndarray:
    """The share of the base-to-target period elapsed by ``year``, clipped to [0, 1]: where the
    snapshot draws the year's line on an axis that runs from the base year (no progress) to the
    target year (all the progress needed)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip((year - baseline_year) / (target_year - baseline_year), 0.0, 1.0)


def snapshot(csi: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Class codes into :data:`SNAPSHOT_CLASSES` of CSI values against the expected share
    ``expected`` (see :func:`elapsed`); NaN CSI is "insufficient data"."""
    code = np.select([csi >= expected, csi > 0, csi == 0, csi < 0], [0, 1, 2, 3], default=4)
    return np.where(np.isnan(csi), 4, code)


def anticipation(base: np.ndarray, projected: np.ndarray, target: np.ndarray, sign: np.ndarray,
                 fitted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(API gap, class code into :data:`API_CLASSES`) per series: ``(target − projected) /
    (target − base)``, the anticipated shortfall at the target year as a share of the progress
    required from the base year, 0 when the projection meets the target; NaN when the base value
    already met the target and the projection does not, or without a ``fitted`` line."""
    needed = sign * (target - base) > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = (target - projected) / (target - base)
    met = _meets(projected, target, sign)
    gap = np.where(met, 0.0, np.where(needed, raw, math.nan))
    code = np.where(met, 0, np.where(needed & (raw < 1), 1, 2))
    return np.where(fitted, gap, math.nan), np.where(fitted, code, 3)


def engine_columns(years: np.ndarray, values: np.ndarray, offsets: np.ndarray, target: np.ndarray,
                   target_year: np.ndarray, baseline_year: np.ndarray, sign: np.ndarray,
                   fit_from: np.ndarray, threads: int) -> dict[str, np.ndarray]:
    """The engine's numbers behind both indices, series after series: base and latest
    observations (from ``baseline_year``), and the time-weighted line's value at the target year
    fitted to the observations from ``fit_from`` on (``observations``: how many it used).

    Raises:
        InputError: the engine's ``series[g].field`` problems (non-finite targets, a target
            without a target year, a target year not after the base year, infinite values).
    """
    options = assess_options("time_weighted", _OPTIONS.upper, _OPTIONS.zero_replacement, RATIO_THRESHOLDS,
                             GROWTH_THRESHOLDS, threads)
    limit = np.full(len(target), math.nan)
    base = _core.targets.assess_many(years, values, offsets, target, target_year, baseline_year, sign, limit,
                                     options=options)
    fit = _core.targets.assess_many(years, values, offsets, target, target_year, fit_from, sign, limit,
                                    options=options)
    sizes = np.diff(offsets)
    start = np.repeat(baseline_year, sizes)
    counted = ~np.isnan(values) & ~(years < start)  # a NaN base year counts every observation
    from_base = np.bincount(np.repeat(np.arange(len(sizes)), sizes), weights=counted, minlength=len(sizes))
    return {"baseline_year": base["baseline_year"], "baseline_value": base["baseline_value"],
            "latest_year": base["latest_year"], "latest_value": base["latest_value"],
            "projected": fit["projected"], "from_base": from_base.astype(np.int64)}


@dataclass(frozen=True)
class CurrentStatus:
    """The Current Status Index of one series (see :func:`current_status_index`)."""

    csi: float
    """``(latest − base)/(target − base)``, capped at 1 once the latest value meets the target."""
    category: str
    """One of :data:`CSI_CLASSES`."""
    baseline_year: float
    baseline_value: float
    latest_year: float
    latest_value: float


@dataclass(frozen=True)
class AnticipatedProgress:
    """The Anticipated Progress Index of one series (see :func:`anticipated_progress_index`)."""

    gap: float
    """``(target − projected)/(target − base)``, 0 once the projection meets the target."""
    category: str
    """One of :data:`API_CLASSES`."""
    projected: float
    """The time-weighted line's value at the target year."""
    baseline_year: float
    baseline_value: float


def _one(years: npt.ArrayLike, values: npt.ArrayLike, target: float, target_year: float,
         baseline_year: Optional[float], direction: Union[str, int], fit_from: Optional[float]):
    t = np.asarray(years, dtype=np.float64).ravel()
    y = np.asarray(values, dtype=np.float64).ravel()
    if t.shape != y.shape:
        raise InputError(f"has {y.size} values for {t.size} years; expected one value per year", "values")
    if not math.isfinite(float(target)):
        raise InputError(f"got {target!r}; expected a finite target value", "target")
    order = np.argsort(t, kind="stable")
    sign = direction_sign(direction)
    nan = math.nan
    try:
        out = engine_columns(t[order], y[order], np.array([0, t.size], dtype=np.int64), np.array([float(target)]),
                             np.array([float(target_year)]),
                             np.array([nan if baseline_year is None else float(baseline_year)]), np.array([sign]),
                             np.array([nan if fit_from is None else float(fit_from)]), threads=1)
    except InputError as e:
        raise relocate(e, r"series\[0\](?:\.(\w+))?", lambda m: m.group(1) or "years") from None
    if out["from_base"][0] < _ENOUGH:
        raise InputError(f"has {int(out['from_base'][0])} observation(s) from the base year on; expected at least "
                         f"{_ENOUGH}", "values")
    if out["baseline_value"][0] == target:
        raise InputError(f"got {target:g}, the value observed in the base year {out['baseline_year'][0]:g}; expected "
                         "a target different from the base value (no progress would be needed)", "target")
    return {k: float(v[0]) for k, v in out.items()}, sign


def current_status_index(
    years: npt.ArrayLike,
    values: npt.ArrayLike,
    *,
    target: float,
    target_year: float,
    baseline_year: Optional[float] = None,
    direction: Union[str, int] = "increase",
) -> CurrentStatus:
    """ESCAP's Current Status Index of one series: the progress made since the base year
    against the progress needed to reach the target (docs/targets.md, "ESCAP progress indices").

    ``CSI = (y_latest − y_0) / (target − y_0)`` with y_0 the first observation in or after
    ``baseline_year`` (ESCAP: 2015; None = the first observation); 1 once the latest value
    meets the target in its ``direction`` (capped at the target), negative after regression.

    Raises:
        InputError: naming ``target`` (not finite, or equal to the base value), ``values``
            (fewer than two observations from the base year on, or not one per year),
            ``target_year`` (not after the base year) or ``direction``.
    """
    out, sign = _one(years, values, target, target_year, baseline_year, direction, fit_from=None)
    csi, code = status(np.array([out["baseline_value"]]), np.array([out["latest_value"]]), np.array([float(target)]),
                       np.array([sign]), np.array([True]))
    return CurrentStatus(float(csi[0]), CSI_CLASSES[int(code[0])], out["baseline_year"], out["baseline_value"],
                         out["latest_year"], out["latest_value"])


def anticipated_progress_index(
    years: npt.ArrayLike,
    values: npt.ArrayLike,
    *,
    target: float,
    target_year: float,
    baseline_year: Optional[float] = None,
    direction: Union[str, int] = "increase",
    fit_from: Optional[float] = None,
) -> AnticipatedProgress:
    """ESCAP's Anticipated Progress Index of one series: the gap between the value projected
    for the target year and the target, relative to the progress required from the base year
    (docs/targets.md, "ESCAP progress indices").

    The projection is the time-weighted least squares line through the observations from
    ``fit_from`` on (None = all; UNECE fits 2000 onwards), weights ``t − t_first + 1`` (edplan's
    choice: the published notes say only that recent years weigh more; see
    :func:`~edplan.targets.assess`, ``method="time_weighted"``), evaluated at ``target_year``.
    ``gap = (target − projected) / (target − y_0)`` with y_0 the base-year value as in
    :func:`current_status_index`; 0 when the projection meets the target.

    Raises:
        InputError: as :func:`current_status_index`.
    """
    out, sign = _one(years, values, target, target_year, baseline_year, direction, fit_from)
    gap, code = anticipation(np.array([out["baseline_value"]]), np.array([out["projected"]]),
                             np.array([float(target)]), np.array([sign]), np.array([math.isfinite(out["projected"])]))
    return AnticipatedProgress(float(gap[0]), API_CLASSES[int(code[0])], out["projected"], out["baseline_year"],
                               out["baseline_value"])
