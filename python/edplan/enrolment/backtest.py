# SPDX-License-Identifier: MIT
"""Rolling-origin back-tests of the enrolment projection (DESIGN §2.2 "Back-test").

From each origin year the history is cut at the origin, the ratios refitted and pupils
projected; level totals per region are compared with what was then observed. The same
harness runs two baselines a planner might otherwise use: the last value carried forward and
the average numerical change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError
from .levels import Level, default_levels
from .projection import project

__all__ = ["BacktestResult", "backtest", "summarise"]

_METHOD = _core.enrolment.RatioMethod()  # the engine's defaults
_DRAWS = _core.enrolment.DrawOptions()

ANC_WINDOW = 5
"""Years of annual changes averaged by the average-numerical-change baseline."""


@dataclass
class BacktestResult:
    """One row per (method, origin, lead, region, level) with an observed actual."""

    table: pd.DataFrame
    """method, origin, lead, region, level, actual, forecast, ape[, p10, p90] (DESIGN §3 backtest.csv
    plus the method column: "cohort" for edplan, "last value", "average change")."""
    skipped: pd.DataFrame
    """origin, region, reason: regions that could not be projected from an origin."""

    def summary(self) -> pd.DataFrame:
        """Mean absolute percentage error by method, level and lead (and 80% coverage)."""
        return summarise(self.table)


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """MAPE (%) and, where intervals exist, the share of actuals inside [p10, p90], by
    method, level and lead."""
    groups = table.groupby(["method", "level", "lead"], sort=True)
    out = groups.agg(mape=("ape", "mean"), n=("ape", "size")).reset_index()
    if "p10" in table.columns:
        inside = (table["actual"] >= table["p10"]) & (table["actual"] <= table["p90"])
        cov = inside.where(table["p10"].notna()).groupby([table["method"], table["level"], table["lead"]]).mean()
        out["coverage80"] = cov.reindex(pd.MultiIndex.from_frame(out[["method", "level", "lead"]])).to_numpy()
    return out


def _level_totals(history: pd.DataFrame, levels: Sequence[Level]) -> pd.DataFrame:
    """Observed level totals per region and year, only where every grade of the level was observed."""
    n_grades = {lv.name: len(lv.grade_numbers) for lv in levels}
    g = history.groupby(["region", "year", "level"], sort=False)
    totals = g["pupils"].agg(["sum", "size"]).reset_index()
    totals = totals[totals["size"] == totals["level"].map(n_grades)]
    return totals.rename(columns={"sum": "actual"}).drop(columns="size")


def backtest(
    history: pd.DataFrame,
    births: Optional[pd.DataFrame] = None,
    *,
    origins: Sequence[int],
    max_lead: int,
    levels: Optional[Sequence[Level]] = None,
    method: str = _METHOD.rule,
    k: int = _METHOD.k,
    alpha: float = _METHOD.alpha,
    draws: int = 0,
    seed: int = _DRAWS.seed,
    baselines: bool = True,
) -> BacktestResult:
    """Project from every origin up to ``max_lead`` years ahead and compare with the history.

    Only progression levels are tested (rate levels need a population history). A region is
    projected from an origin when it has pupils in the origin year; one that cannot be (too
    little history, say) is listed in ``skipped`` with the reason. Intervals (``draws``) give
    p10 and p90 of each level total.
    """
    levels = [lv for lv in (levels or default_levels()) if lv.kind == "progression"]
    if not levels:
        raise InputError("no progression level to back-test", "levels")
    names = {lv.name for lv in levels}
    history = history[history["level"].isin(names)]
    actual = _level_totals(history, levels)
    last_year = int(history["year"].max())
    rows, skipped = [], []
    for origin in origins:
        horizon = min(origin + max_lead, last_year)
        if horizon <= origin:
            continue
        cut = history[history["year"] <= origin]
        for region in sorted(cut.loc[cut["year"] == origin, "region"].unique(), key=str):
            past = cut[cut["region"] == region]
            b = births if births is None or "region" not in births.columns else births[births["region"] == region]
            try:
                res = project(past, b, base_year=origin, horizon=horizon, levels=levels, method=method, k=k,
                              alpha=alpha, draws=draws, seed=seed, regions=[region])
            except InputError as error:
                skipped.append((origin, region, str(error).splitlines()[0]))
                continue
            t = res.totals.assign(origin=origin, method="cohort").rename(columns={"pupils": "forecast"})
            rows.append(t)
            if baselines:
                rows.extend(_baselines(actual[actual["region"] == region], origin, horizon))
    if not rows:
        raise InputError("no origin could be projected; expected origins inside the history", "origins")
    forecasts = pd.concat(rows, ignore_index=True)
    table = forecasts.merge(actual, on=["region", "year", "level"], how="inner")
    table["lead"] = table["year"] - table["origin"]
    table["ape"] = 100.0 * (table["forecast"] - table["actual"]).abs() / table["actual"]
    columns = ["method", "origin", "lead", "region", "level", "actual", "forecast", "ape"]
    columns += [c for c in ("p10", "p90") if c in table.columns]
    table = table[columns].sort_values(["method", "origin", "lead", "region", "level"], ignore_index=True)
    return BacktestResult(table, pd.DataFrame(skipped, columns=["origin", "region", "reason"]))


def _baselines(actual: pd.DataFrame, origin: int, horizon: int) -> list[pd.DataFrame]:
    """Last value carried forward, and the origin value plus lead × the mean of the last
    ``ANC_WINDOW`` annual changes."""
    out = []
    for (region, level), series in actual[actual["year"] <= origin].groupby(["region", "level"]):
        series = series.set_index("year")["actual"].sort_index()
        if origin not in series.index:
            continue
        last = series.loc[origin]
        changes = series.diff().dropna().iloc[-ANC_WINDOW:]
        step = changes.mean() if len(changes) else 0.0
        years = np.arange(origin + 1, horizon + 1)
        common = dict(region=region, level=level, year=years, origin=origin)
        out.append(pd.DataFrame({**common, "forecast": np.full(len(years), last), "method": "last value"}))
        out.append(pd.DataFrame({**common, "forecast": last + step * (years - origin), "method": "average change"}))
    return out
