# SPDX-License-Identifier: MIT
"""The −5..5 progress scores of the Open SDG / Statistics Canada progress measure and their
aggregation up a hierarchy of groups: :func:`progress_score`, :func:`aggregate_scores`.

Source: Open SDG, "Progress Measurement Methodology for the Sustainable Development Goals",
section "Aggregated progress status" (open-sdg/open-sdg, docs/progress-methodology.md), and
its implementation in open-sdg/sdg-build (sdg/ProgressMeasure.py at 139fede7:
``SeriesProgress.get_score``, ``IndicatorProgress.get_indicator_progress``,
``get_progress_status_from_score``). The formulas live in the C++ engine
(``edplan/targets/score.hpp``); this module turns arrays and tables into its calls.
"""

from __future__ import annotations

from typing import Sequence, Union

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import _core
from ..errors import InputError, Problem
from .._io import PathLike, blank, columns_present, located, texts
from .assess import CATEGORIES, GROWTH_THRESHOLDS, RATIO_THRESHOLDS, assess_options

__all__ = ["SCORE_COLUMNS", "aggregate_scores", "progress_score"]

SCORE_COLUMNS: tuple[str, ...] = ("score", "status", "series")
"""The columns :func:`aggregate_scores` adds after the kept and top-level grouping columns:
the mean score, its status (one of :data:`~edplan.targets.CATEGORIES`) and the number of
series with a score under the group."""


def progress_score(
    value: npt.ArrayLike,
    *,
    target: bool = True,
    scaling: npt.ArrayLike = 1.0,
    achieved: npt.ArrayLike = False,
    ratio_thresholds: Sequence[float] = RATIO_THRESHOLDS,
    growth_thresholds: Sequence[float] = GROWTH_THRESHOLDS,
) -> Union[float, np.ndarray]:
    """The −5..5 progress score of progress values (Open SDG's "Aggregated progress status").

    With a target (``target=True``) ``value`` is the growth-rate ratio R: −5 at R <= −60%,
    linear to 0 at R = 60% (through −2.5 at R = 0), linear to +5 at R = 130% (through 2.5 at
    R = 95%), +5 above. Without a target it is the signed growth ``s·d·CAGR``: −5 at <= −2%,
    linear to −2.5 at 0, to 0 at 0.5%·C, to 2.5 at 1.5%·C, to +5 at 2%·C, +5 above, where the
    scaling factor C (``scaling``; see :func:`~edplan.targets.assess`) lowers only the
    thresholds above 0; with C = 0 every growth >= 0 scores +5. A series that ``achieved`` its
    target scores +5 whatever its trend. NaN (insufficient data) stays NaN.

    The knots are the category thresholds, so a score falls in its value's category's quarter:
    [2.5, 5] on track, [0, 2.5[ acceleration needed, [−2.5, 0[ limited progress, [−5, −2.5[
    deterioration. Other ``ratio_thresholds`` / ``growth_thresholds`` move the knots with them.

    Args:
        value: R (with a target) or the signed growth (without); any shape.
        target: whether ``value`` is R (True) or a growth rate (False).
        scaling: C per value (broadcast); used without a target only.
        achieved: per value (broadcast), True where the target is achieved.
        ratio_thresholds, growth_thresholds: as in :func:`~edplan.targets.assess`.

    Returns:
        a float for a scalar ``value``, else an array of ``value``'s shape (broadcast).

    Raises:
        InputError: naming ``value``, ``scaling`` or ``achieved`` when it is not numeric or the
            shapes do not broadcast, and bad thresholds.
    """
    arrays = []
    for name, given in (("value", value), ("scaling", scaling), ("achieved", achieved)):
        try:
            arrays.append(np.asarray(given, dtype=np.float64))
        except (TypeError, ValueError):
            raise InputError(f"got {given!r}; expected numbers", name) from None
    try:
        v, c, a = np.broadcast_arrays(*arrays)
    except ValueError:
        raise InputError(f"shapes {[x.shape for x in arrays]} do not broadcast; expected compatible shapes",
                         "value") from None
    options = assess_options("linear", 1.0, 0.001, ratio_thresholds, growth_thresholds, threads=1)
    out = _core.targets.scores(np.ascontiguousarray(v).ravel(), np.ascontiguousarray(c).ravel(),
                               np.ascontiguousarray(a).ravel(), with_target=bool(target), options=options)
    out = out.reshape(v.shape)
    return float(out) if out.ndim == 0 else out


def _series_frame(table: pd.DataFrame, levels: Sequence[str], keep: Sequence[str],
                  groups: Union[pd.DataFrame, PathLike, None]) -> pd.DataFrame:
    """The table's keep, level, score and achieved columns, every problem raised at once."""
    problems: list[Problem] = []
    if isinstance(levels, str) or not len(levels):
        raise InputError(f"got {levels!r}; expected a sequence of grouping column names, finest first", "levels")
    if isinstance(keep, str):
        raise InputError(f"got {keep!r}; expected a sequence of column names", "keep")
    for name, given in (("levels", list(levels)), ("keep", [*keep, *levels])):
        twice = sorted({c for c in given if given.count(c) > 1})
        if twice:
            raise InputError(f"names {', '.join(map(str, twice))} twice; expected each column once", name)
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"got {type(table).__name__}; expected a DataFrame (the result of assess_table)", "table")
    missing = [c for c in ("score", *keep) if c not in table.columns]
    frame = table.copy()
    if groups is not None:
        g = located(groups, "groups")
        own = [c for c in levels if c not in table.columns]
        if "indicator" not in table.columns:
            missing.append("indicator")
        if columns_present(g, ("indicator", *own), problems):
            named = texts(g, "indicator")
            for i in np.flatnonzero(pd.Series(named).duplicated().to_numpy())[:10]:
                problems.append(Problem(g.where(int(i), "indicator"),
                                        f"{named[i]} a second time; expected one row per indicator"))
            if "indicator" in table.columns:
                placed = set(named)
                for ind in dict.fromkeys(table["indicator"]):
                    if ind not in placed:
                        problems.append(Problem(g.where(None, "indicator"),
                                                f"has no row for {ind}; expected every indicator of the table"))
            if not problems and "indicator" in table.columns:
                frame = frame.merge(pd.DataFrame({"indicator": named, **{c: texts(g, c) for c in own}}),
                                    on="indicator", how="left")
    else:
        missing += [c for c in levels if c not in table.columns]
    for c in missing:
        problems.append(Problem(f"table.{c}", "is missing; expected a column named so"
                                + (" (or name the groups table that adds it)" if c in levels else "")))
    if problems:
        raise InputError(problems)

    score = pd.to_numeric(frame["score"], errors="coerce").to_numpy(dtype=np.float64)
    given_blank = frame["score"].map(blank).to_numpy(dtype=bool)
    bad = (np.isnan(score) & ~given_blank) | (~np.isnan(score) & ~((score >= -5.0) & (score <= 5.0)))
    for i in np.flatnonzero(bad)[:10]:
        problems.append(Problem(f"table[row={i}].score", f"got {frame['score'].iloc[i]!r}; "
                                                         "expected a score in [-5, 5], or empty for insufficient data"))
    if "achieved" in frame.columns:
        flags = frame["achieved"]
        ok = flags.isin([True, False]).to_numpy()
        for i in np.flatnonzero(~ok)[:10]:
            problems.append(Problem(f"table[row={i}].achieved", f"got {flags.iloc[i]!r}; expected True or False"))
        achieved = np.where(ok, flags.to_numpy(dtype=object), False).astype(bool)
    elif "category" in frame.columns:
        achieved = (frame["category"] == CATEGORIES[0]).to_numpy()
    else:
        achieved = np.zeros(len(frame), dtype=bool)
    top = levels[-1]
    for i in np.flatnonzero(frame[top].map(blank).to_numpy(dtype=bool))[:10]:
        problems.append(Problem(f"table[row={i}].{top}", "is empty; expected the name of the top-level group"))
    if problems:
        raise InputError(problems)
    out = pd.DataFrame({c: frame[c].to_numpy() for c in keep})
    for c in levels:
        values = frame[c].astype(object).to_numpy()
        empty = frame[c].map(blank).to_numpy(dtype=bool)
        # a series with no group at this level counts on its own there: a name of its own
        out[c] = np.where(empty, [f"\0series {i}" for i in range(len(frame))], values.astype(str))
    out["score"] = score
    out["series"] = (~np.isnan(score)).astype(np.int64)
    out["achieved"] = (achieved & ~np.isnan(score)).astype(np.int64)
    return out


def aggregate_scores(
    table: pd.DataFrame,
    levels: Sequence[str] = ("indicator",),
    groups: Union[pd.DataFrame, PathLike, None] = None,
    *,
    keep: Sequence[str] = ("region",),
) -> pd.DataFrame:
    """Series scores averaged up a hierarchy of groups, as Open SDG's "Aggregated progress
    status" does (sources: see this module).

    Each row of ``table`` is a series with its −5..5 ``score`` (:func:`assess_table`'s
    column; NaN = insufficient data, left out). ``levels`` names the grouping columns, finest
    first, e.g. ``("sub_indicator", "indicator")`` or ``("indicator", "sdg_target", "goal")``:
    the series sharing every level are averaged first, then each level's group means are
    averaged at the next level, each group counting once whatever its number of series (the
    text's sub-indicator grouping: "the progress scores from each series grouped within the
    sub-indicator are determined and averaged together before passing along the group's mean
    score"; any depth). An empty group name below the top level makes the series a group of
    its own there (a sub-indicator reported by one series needs no name). Columns in ``keep``
    (by default ``region``) stay apart: one result per region.

    The status of a group is "achieved" when every series with a score achieved its target
    (``category`` "achieved", or a boolean ``achieved`` column), else it follows the mean
    score: [2.5, 5] on track, [0, 2.5[ acceleration needed, [−2.5, 0[ limited progress,
    [−5, −2.5[ deterioration; "insufficient data" when no series has a score.

    Args:
        table: the result of :func:`assess_table` (or any DataFrame with ``score`` and the
            ``keep`` and ``levels`` columns).
        levels: the grouping columns, finest first; the result has one row per value of the
            last (and of ``keep``).
        groups: optional DataFrame or CSV path with column ``indicator`` and the ``levels``
            columns the table lacks, one row per indicator (as :func:`escap_by_goal`'s goals).
        keep: columns kept apart, not averaged over.

    Returns:
        one row per group of ``keep`` and ``levels[-1]``, in order of first appearance, with
        columns ``keep``, ``levels[-1]`` and :data:`SCORE_COLUMNS`.

    Raises:
        InputError: every problem at once: a missing column, a score outside [−5, 5] or not a
            number, an empty top-level name, an ``achieved`` value that is not True/False, and
            for ``groups`` a missing column, an indicator given twice or not placed.
    """
    frame = _series_frame(table, levels, keep, groups)
    keep = list(keep)
    for depth in range(len(levels)):
        by = [*keep, *levels[depth:]]  # the finest level left is averaged away
        frame = frame.groupby(by, sort=False, dropna=False).agg(
            score=("score", "mean"), series=("series", "sum"), achieved=("achieved", "sum")).reset_index()
    score = frame["score"].to_numpy(dtype=np.float64)
    everyone = ((frame["achieved"] == frame["series"]) & (frame["series"] > 0)).to_numpy(dtype=np.float64)
    codes = _core.targets.score_categories(np.ascontiguousarray(score), everyone)
    frame["status"] = np.asarray(CATEGORIES, dtype=object)[codes]
    frame["series"] = frame["series"].astype(np.int64)
    return frame[[*keep, levels[-1], *SCORE_COLUMNS]]

