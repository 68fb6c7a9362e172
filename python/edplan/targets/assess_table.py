# SPDX-License-Identifier: MIT
"""Assessment of a whole indicator table against a targets table (DESIGN §3 columns):
:func:`assess_table`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError, Problem
from .._io import Located, PathLike, blank, columns_present, keys, located, numbers, relocate, texts
from .assess import CATEGORIES, GROWTH_THRESHOLDS, RATIO_THRESHOLDS, assess_options, direction_sign

__all__ = ["COLUMNS", "Series", "assess_table", "assessment_table", "read_series"]

_OPTIONS = _core.targets.AssessOptions()

COLUMNS: tuple[str, ...] = (
    "indicator", "region", "category", "ratio", "score", "target", "target_year", "direction", "baseline_year",
    "baseline_value", "latest_year", "latest_value", "projected", "year_reached", "annual_change_needed",
    "cagr_observed", "cagr_required", "scaling", "method", "note")
"""The columns of :func:`assess_table`'s result, in order. ``score`` is the series' −5..5
progress score (Open SDG's "Aggregated progress status": +5 when achieved, else R or, without a
target, the signed growth mapped piecewise linearly so that each category takes a quarter of
[−5, 5]; NaN for insufficient data; see :func:`~edplan.targets.progress_score`), the number
:func:`~edplan.targets.aggregate_scores` averages up to indicators, targets and goals."""

_YEAR_COLUMNS = ("target_year", "baseline_year", "latest_year", "year_reached")


def _whole(v: np.ndarray) -> np.ndarray:
    return v == np.round(v)


def _observations(t: Located, problems: list[Problem]):
    if not columns_present(t, ("indicator", "year", "value"), problems):
        return None
    ic, inames = keys(t, "indicator")
    for i in np.flatnonzero(np.isin(ic, np.flatnonzero(inames == "")))[:10]:
        problems.append(Problem(t.where(i, "indicator"), "is empty; expected the indicator's name"))
    rc, rnames = keys(t, "region")
    year = numbers(t, "year", problems, expected="a whole year", ok=_whole)
    value = numbers(t, "value", problems, expected="a number, or empty for missing", optional=True)
    pair = ic * len(rnames) + rc  # one code per (indicator, region)
    order = np.lexsort((year, pair))
    sp, sy = pair[order], year[order]
    for k in np.flatnonzero((sp[1:] == sp[:-1]) & (sy[1:] == sy[:-1]))[:10]:
        i = order[k + 1]
        problems.append(Problem(t.where(i, "year"), f"{inames[ic[i]]}, {rnames[rc[i]] or '(no region)'}, {year[i]:g} "
                                                    "given twice; expected one value per indicator, region and year"))
    return inames, rnames, year, value, pair, order


def _targets(t: Located, default_baseline: float, default_limit: float, problems: list[Problem]):
    if not columns_present(t, ("indicator", "target", "target_year", "direction"), problems):
        return None
    n = len(t.frame)
    indicator = texts(t, "indicator")
    region = texts(t, "region")
    target = numbers(t, "target", problems, expected="a number, or empty for no target", optional=True)
    year = numbers(t, "target_year", problems, expected="a whole year", optional=True, ok=_whole)
    for i in np.flatnonzero(~np.isnan(target) & np.isnan(year)):
        if not blank(t.frame["target_year"].iloc[i]):
            continue  # already reported as not a number
        problems.append(Problem(t.where(i, "target_year"), "is empty; expected the year the target is due"))
    baseline = np.full(n, default_baseline)
    if "baseline_year" in t.frame.columns:
        given = numbers(t, "baseline_year", problems, expected="a whole year, or empty", optional=True, ok=_whole)
        baseline = np.where(np.isnan(given), baseline, given)
    limit = np.full(n, default_limit)
    if "limit" in t.frame.columns:
        given = numbers(t, "limit", problems, expected="a number, or empty", optional=True)
        limit = np.where(np.isnan(given), limit, given)
    codes, uniques = pd.factorize(t.frame["direction"], use_na_sentinel=True)
    signs = []
    for u in list(uniques) + [""]:
        try:
            signs.append(direction_sign(u))
        except InputError:
            signs.append(0.0)
    sign = np.asarray(signs)[codes]
    for i in np.flatnonzero(sign == 0):
        problems.append(Problem(t.where(i, "direction"), f"got {t.frame['direction'].iloc[i]!r}; "
                                                         "expected 'increase' or 'decrease'"))
    keys = pd.DataFrame({"indicator": indicator, "region": region})
    for i in np.flatnonzero(keys.duplicated().to_numpy())[:10]:
        problems.append(Problem(t.where(i, "region"), f"a second target for {indicator[i]}, "
                                                      f"{region[i] or '(every region)'}; expected one"))
    return indicator, region, target, year, baseline, sign, limit


@dataclass
class Series:
    """An indicator table and its targets read once as the engine's arrays: G series, each
    (indicator, region) with its observations ``offsets[g] .. offsets[g+1]`` and its target."""

    indicator: np.ndarray
    """(G) indicator names: the observed series grouped by indicator in order of first
    appearance, then series only the targets table names."""
    region: np.ndarray
    """(G) region names ('' for an indicator's city-wide series)."""
    years: np.ndarray
    """(n) observation years, series after series, ascending within each."""
    values: np.ndarray
    """(n) observed values (NaN = missing)."""
    offsets: np.ndarray
    """(G+1) where each series starts."""
    target: np.ndarray
    target_year: np.ndarray
    baseline_year: np.ndarray
    direction: np.ndarray
    """(G) +1 to increase, -1 to decrease."""
    limit: np.ndarray
    row_of: np.ndarray
    """(G) the targets row of each series, -1 for none."""
    indicators: Located
    targets: Optional[Located]

    def relocate(self, error: InputError) -> InputError:
        """The engine's ``series[g].field`` problems placed in the tables they come from."""
        def place(m) -> Optional[str]:
            g = int(m.group(1))
            if m.group(2) and self.row_of[g] >= 0:
                assert self.targets is not None  # a series has a target row only with a targets table
                return self.targets.where(int(self.row_of[g]), m.group(2))
            return f"indicators[indicator={self.indicator[g]}, region={self.region[g]}]"

        return relocate(error, r"series\[(\d+)\](?:\.(\w+))?", place)


def read_series(
    indicators: Union[pd.DataFrame, PathLike],
    targets: Union[pd.DataFrame, PathLike, None] = None,
    *,
    baseline_year: Optional[float] = None,
    limit: Optional[float] = None,
    default_direction: str = "increase",
) -> Series:
    """The indicator and targets tables (see :func:`assess_table`) as :class:`Series`, every
    problem of both tables raised at once."""
    default_sign = direction_sign(default_direction, "default_direction")
    base = math.nan if baseline_year is None else float(baseline_year)
    lim = math.nan if limit is None else float(limit)
    problems: list[Problem] = []
    obs_t = located(indicators, "indicators")
    obs = _observations(obs_t, problems)
    tgt_t = located(targets, "targets") if targets is not None else None
    tgt = _targets(tgt_t, base, lim, problems) if tgt_t is not None else None
    if problems:
        raise InputError(problems)
    assert obs is not None  # None only with a problem recorded
    inames, rnames, year, value, pair, order = obs
    t_ind, t_reg, t_target, t_year, t_base, t_sign, t_limit = tgt if tgt is not None else ([],) * 7
    t_ind, t_reg = np.asarray(t_ind, dtype=object), np.asarray(t_reg, dtype=object)

    # Series: every (indicator, region) observed, in order of first appearance, then those that
    # only the targets table names (with a region, or an indicator without any observation).
    sp = pair[order]
    starts = np.flatnonzero(np.r_[True, sp[1:] != sp[:-1]]) if len(sp) else np.zeros(0, dtype=np.int64)
    s_ind = inames[sp[starts] // len(rnames)]
    s_reg = rnames[sp[starts] % len(rnames)]
    offsets = np.r_[starts, len(sp)].astype(np.int64)
    observed = pd.MultiIndex.from_arrays([s_ind, s_reg])
    extra = (t_reg != "") & (observed.get_indexer(pd.MultiIndex.from_arrays([t_ind, t_reg])) < 0) \
        if len(t_ind) else np.zeros(0, dtype=bool)
    seen = set(s_ind)
    wild = [i for i in dict.fromkeys(t_ind[t_reg == ""]) if i not in seen]
    s_ind = np.concatenate([s_ind, t_ind[extra], np.asarray(wild, dtype=object)])
    s_reg = np.concatenate([s_reg, t_reg[extra], np.full(len(wild), "", dtype=object)])
    G = len(s_ind)
    offsets = np.r_[offsets, np.full(G + 1 - len(offsets), len(sp), dtype=np.int64)]
    key = pd.MultiIndex.from_arrays([s_ind, s_reg])

    # Each series' target row: its own, else its indicator's row with an empty region, else none.
    row_of = np.full(G, -1, dtype=np.int64)
    if tgt is not None and len(t_ind):
        rows = pd.MultiIndex.from_arrays([t_ind, t_reg])
        own = rows.get_indexer(key)
        every = rows.get_indexer(pd.MultiIndex.from_arrays([s_ind, np.full(G, "", dtype=object)]))
        row_of = np.where(own >= 0, own, every).astype(np.int64)
    has = row_of >= 0
    pick = np.where(has, row_of, 0)

    def per_series(column, default: float) -> np.ndarray:
        # a targets table with no rows gives no series a target
        return np.where(has, np.asarray(column, dtype=np.float64)[pick], default) if tgt is not None and len(t_ind) \
            else np.full(G, default)

    return Series(s_ind, s_reg, np.ascontiguousarray(year[order]), np.ascontiguousarray(value[order]), offsets,
                  per_series(t_target, math.nan), per_series(t_year, math.nan), per_series(t_base, base),
                  per_series(t_sign, default_sign), per_series(t_limit, lim), row_of, obs_t, tgt_t)


def assessment_table(series: Series, out: Mapping[str, np.ndarray], method: str) -> pd.DataFrame:
    """The assessment of ``series`` (the engine's columns ``out``: category, ratio, ...,
    notes) as the table of :data:`COLUMNS`."""
    notes = out["notes"]
    distinct = {int(n): _core.targets.note_text(int(n)) for n in np.unique(notes)}
    result = pd.DataFrame({
        "indicator": series.indicator, "region": series.region,
        "category": np.asarray(CATEGORIES, dtype=object)[out["category"]],
        "ratio": out["ratio"], "score": out["score"], "target": series.target, "target_year": series.target_year,
        "direction": np.where(series.direction > 0, "increase", "decrease"),
        **{k: out[k] for k in ("baseline_year", "baseline_value", "latest_year", "latest_value", "projected",
                               "year_reached", "annual_change_needed", "cagr_observed", "cagr_required", "scaling")},
        "method": method,
        "note": [distinct[int(n)] for n in notes],
    }, columns=list(COLUMNS))
    for c in _YEAR_COLUMNS:
        result[c] = pd.array(np.where(np.isfinite(result[c]), np.round(result[c]), np.nan), dtype="Int64")
    return result


def assess_table(
    indicators: Union[pd.DataFrame, PathLike],
    targets: Union[pd.DataFrame, PathLike, None] = None,
    *,
    method: str = _OPTIONS.method,
    baseline_year: Optional[float] = None,
    limit: Optional[float] = None,
    default_direction: str = "increase",
    upper: float = _OPTIONS.upper,
    zero_replacement: float = _OPTIONS.zero_replacement,
    ratio_thresholds: Sequence[float] = RATIO_THRESHOLDS,
    growth_thresholds: Sequence[float] = GROWTH_THRESHOLDS,
    threads: int = 0,
) -> pd.DataFrame:
    """Assess every (indicator, region) series of an indicator table (see :func:`assess`).

    Args:
        indicators: DataFrame or CSV path with columns indicator, region, year, value
            (DESIGN §3; region may be absent; an empty value is a missing observation).
        targets: DataFrame or CSV path with columns indicator, region, target, target_year,
            direction, and optionally baseline_year and limit. An empty region applies the
            row to every region of the indicator without a row of its own (公办率 ≥ 50% in
            every county); an empty target assesses the series without a target. Series with
            no targets row are assessed without a target in ``default_direction``; targets rows
            whose series has no observations come out as "insufficient data".
        method: the projection, 'linear', 'time_weighted' or 'logistic' (see :func:`assess`).
        baseline_year, limit: defaults for rows that leave them empty (None: the first
            observation; no limit).
        threads: threads over series (0 = ``$EDPLAN_NUM_THREADS`` or all cores).

    Returns:
        one row per series, columns :data:`COLUMNS`: the observed series grouped by indicator
        in order of first appearance, then series only the targets table names; years are
        nullable integers, ``note`` explains missing or adjusted numbers, ``score`` is the
        −5..5 progress score (see :data:`COLUMNS`).

    Raises:
        InputError: every problem at once, located as ``file:line:column`` for CSV files and
            ``indicators[row=i].column`` for DataFrames.
    """
    options = assess_options(method, upper, zero_replacement, ratio_thresholds, growth_thresholds, threads)
    series = read_series(indicators, targets, baseline_year=baseline_year, limit=limit,
                         default_direction=default_direction)
    try:
        out = _core.targets.assess_many(
            series.years, series.values, series.offsets, series.target, series.target_year, series.baseline_year,
            series.direction, series.limit, options=options)
    except InputError as e:
        raise series.relocate(e) from None
    return assessment_table(series, out, method)
