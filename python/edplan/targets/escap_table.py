# SPDX-License-Identifier: MIT
"""The ESCAP indices of a whole indicator table (:func:`escap_table`) and their aggregation
from series to indicators to goals (:func:`escap_by_goal`)."""

from __future__ import annotations

import math
from typing import Optional, Sequence, Union

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .._io import PathLike, columns_present, located, texts
from .assess_table import read_series
from .escap import API_CLASSES, CSI_CLASSES, SNAPSHOT_CLASSES, anticipation, elapsed, engine_columns, snapshot, status

__all__ = ["ESCAP_COLUMNS", "GOAL_COLUMNS", "escap_by_goal", "escap_table"]

ESCAP_COLUMNS: tuple[str, ...] = (
    "indicator", "region", "target", "target_year", "direction", "baseline_year", "baseline_value", "latest_year",
    "latest_value", "csi", "csi_class", "projected", "api_gap", "api_class")
"""The columns of :func:`escap_table`'s result, in order."""

GOAL_COLUMNS: tuple[str, ...] = (
    "goal", "region", "indicators", "csi", "expected_to_date", "snapshot", "progress_made", "regression",
    "progress_needed", "api_gap",
    *(f"api {c}" for c in API_CLASSES))
"""The columns of :func:`escap_by_goal`'s result, in order."""


def escap_table(
    indicators: Union[pd.DataFrame, PathLike],
    targets: Union[pd.DataFrame, PathLike],
    *,
    baseline_year: Optional[float] = None,
    fit_from: Optional[float] = None,
    default_direction: str = "increase",
    threads: int = 0,
) -> pd.DataFrame:
    """ESCAP's Current Status Index and Anticipated Progress Index of every (indicator, region)
    series (see :func:`~edplan.targets.current_status_index` and
    :func:`~edplan.targets.anticipated_progress_index`), read from the same tables as
    :func:`~edplan.targets.assess_table` and checked by the same reader.

    Args:
        indicators: DataFrame or CSV path with columns indicator, region, year, value.
        targets: DataFrame or CSV path with columns indicator, region, target, target_year,
            direction, and optionally baseline_year (the indices' base year, ESCAP's 2015).
            Series without a target come out as "insufficient data" with NaN indices.
        baseline_year: the base year for rows that leave it empty (None: the first observation).
        fit_from: the first year the time-weighted line is fitted to (None: every observation;
            UNECE fits 2000 onwards).
        threads: threads over series (0 = ``$EDPLAN_NUM_THREADS`` or all cores).

    Returns:
        one row per series, columns :data:`ESCAP_COLUMNS`.

    Raises:
        InputError: every problem at once, located as ``file:line:column`` (or
            ``targets[row=i].column``): the tables' own problems, and a target equal to the
            value its series observed in the base year.
    """
    series = read_series(indicators, targets, baseline_year=baseline_year, default_direction=default_direction)
    G = len(series.indicator)
    start = np.full(G, math.nan if fit_from is None else float(fit_from))
    try:
        out = engine_columns(series.years, series.values, series.offsets, series.target, series.target_year,
                             series.baseline_year, series.direction, start, threads)
    except InputError as e:
        raise series.relocate(e) from None
    has_target = ~np.isnan(series.target)
    enough = has_target & (out["from_base"] >= 2)
    flat = [g for g in np.flatnonzero(enough & (out["baseline_value"] == series.target))]
    if flat:
        assert series.targets is not None  # a target comes from a targets row
        raise InputError([Problem(series.targets.where(int(series.row_of[g]), "target"),
                                  f"got {series.target[g]:g}, the value {series.indicator[g]}, "
                                  f"{series.region[g] or '(no region)'} observed in the base year "
                                  f"{out['baseline_year'][g]:g}; expected a target different from the base value")
                          for g in flat[:10]])
    csi, csi_code = status(out["baseline_value"], out["latest_value"], series.target, series.direction, enough)
    fitted = has_target & np.isfinite(out["projected"]) & ~np.isnan(out["baseline_value"])
    gap, api_code = anticipation(out["baseline_value"], out["projected"], series.target, series.direction, fitted)
    result = pd.DataFrame({
        "indicator": series.indicator, "region": series.region, "target": series.target,
        "target_year": series.target_year, "direction": np.where(series.direction > 0, "increase", "decrease"),
        **{k: out[k] for k in ("baseline_year", "baseline_value", "latest_year", "latest_value")},
        "csi": csi, "csi_class": np.asarray(CSI_CLASSES, dtype=object)[csi_code],
        "projected": np.where(has_target, out["projected"], math.nan), "api_gap": gap,
        "api_class": np.asarray(API_CLASSES, dtype=object)[api_code],
    }, columns=list(ESCAP_COLUMNS))
    for c in ("target_year", "baseline_year", "latest_year"):
        result[c] = pd.array(np.where(np.isfinite(result[c]), np.round(result[c]), np.nan), dtype="Int64")
    return result


def escap_by_goal(indices: pd.DataFrame, goals: Union[pd.DataFrame, PathLike],
                  levels: Sequence[str] = ("goal",), year: Optional[float] = None) -> pd.DataFrame:
    """The indices of :func:`escap_table` averaged up ESCAP's hierarchy, per region: each
    indicator's series (one per region here) is its value; then every level of ``levels``, finest
    first, is the simple mean of the level below it (ESCAP: sub-indicator → indicator → target →
    goal, simple averages), NaN (insufficient data) left out.

    The goal's CSI is split as ESCAP's snapshot draws it: ``progress_made`` is the mean of
    max(CSI, 0), ``regression`` the mean of min(CSI, 0) (the "regressed since" bar), so that
    ``csi = progress_made + regression`` at the indicator level, and ``progress_needed =
    1 − progress_made``. The API columns count the indicators in each dashboard class.

    ``expected_to_date`` is where the snapshot draws the line of the year assessed: each
    indicator's share of its base-to-target period elapsed by ``year`` (see
    :func:`~edplan.targets.escap.elapsed`), averaged like the CSI; ``snapshot`` classes the
    goal's CSI against it (:data:`~edplan.targets.SNAPSHOT_CLASSES`).

    Args:
        indices: the result of :func:`escap_table`.
        goals: DataFrame or CSV path with column indicator and one column per name in ``levels``
            (e.g. ``sdg_target`` and ``goal``), one row per indicator.
        levels: the grouping columns, finest first; the last one names the result's ``goal``.
        year: the year assessed, the snapshot's line (None: each indicator's latest observation
            year, the year its CSI describes).

    Raises:
        InputError: a missing column, an indicator given twice, an indicator of ``indices``
            that ``goals`` does not place, or a ``year`` that is not a finite number.
    """
    if year is not None and (isinstance(year, bool) or not (isinstance(year, (int, float, np.integer, np.floating))
                                                            and math.isfinite(year))):
        raise InputError(f"got {year!r}; expected a finite year or None", "year")
    t = located(goals, "goals")
    problems: list[Problem] = []
    if not columns_present(t, ("indicator", *levels), problems):
        raise InputError(problems)
    name = texts(t, "indicator")
    for i in np.flatnonzero(pd.Series(name).duplicated().to_numpy())[:10]:
        problems.append(Problem(t.where(int(i), "indicator"),
                                f"{name[i]} a second time; expected one row per indicator"))
    placed = set(name)
    for ind in dict.fromkeys(indices["indicator"]):
        if ind not in placed:
            problems.append(Problem(t.where(None, "indicator"), f"has no row for {ind}; expected every indicator"))
    if problems:
        raise InputError(problems)
    table = pd.DataFrame({"indicator": name, **{c: texts(t, c) for c in levels}})
    frame = indices.merge(table, on="indicator", how="left")
    csi = frame["csi"].to_numpy(dtype=float)
    when = (frame["latest_year"].to_numpy(dtype=float, na_value=np.nan) if year is None
            else np.full(len(frame), float(year)))
    share = elapsed(when, frame["baseline_year"].to_numpy(dtype=float, na_value=np.nan),
                    frame["target_year"].to_numpy(dtype=float, na_value=np.nan))
    frame = frame.assign(expected_to_date=np.where(np.isnan(csi), np.nan, share),
                         progress_made=np.where(np.isnan(csi), np.nan, np.maximum(csi, 0.0)),
                         regression=np.where(np.isnan(csi), np.nan, np.minimum(csi, 0.0)),
                         indicators=(~np.isnan(csi) | ~np.isnan(frame["api_gap"].to_numpy(float))).astype(float),
                         **{f"api {c}": (frame["api_class"] == c).astype(float) for c in API_CLASSES})
    means = ["csi", "expected_to_date", "progress_made", "regression", "api_gap"]
    counts = ["indicators", *(f"api {c}" for c in API_CLASSES)]
    for depth in range(len(levels)):
        by = ["region", *levels[depth:]]  # the finest level left is averaged away
        frame = frame.groupby(by, sort=False, dropna=False).agg({**{c: "mean" for c in means},
                                                                 **{c: "sum" for c in counts}}).reset_index()
    frame = frame.rename(columns={levels[-1]: "goal"})
    frame["progress_needed"] = 1.0 - frame["progress_made"]
    frame["snapshot"] = np.asarray(SNAPSHOT_CLASSES, dtype=object)[
        snapshot(frame["csi"].to_numpy(float), frame["expected_to_date"].to_numpy(float))]
    for c in counts:
        frame[c] = frame[c].astype(np.int64)
    return frame[list(GOAL_COLUMNS)]
