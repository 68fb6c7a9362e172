# SPDX-License-Identifier: MIT
"""Rolling-origin back-tests of the enrolment projection (DESIGN §2.2 "Back-test").

From each origin year the history is cut at the origin, the ratios refitted and pupils
projected 1..H years ahead; level totals per region (and their sum, level ``all``) are compared
with what was then observed. The same harness runs the baselines a planner might otherwise use:
``last_value`` (the origin's value carried forward), ``average_change`` (the origin's value plus
lead × the mean yearly change over the last 5 years) and ``cohort_mean3`` (plain
cohort-survival, the mean of the last 3 ratios). Rate levels are back-tested where a population
history is given: their rate is projected and applied to the actual population.
"""

from __future__ import annotations

import sys
import types
import warnings
from collections.abc import Mapping, Sequence
from typing import Optional

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems
from ..errors import InputError
from ..population.tables import population_history
from .levels import Level, default_levels
from .projection import IntervalWarning, project
from .shares import project_schools
from .tables import quantile_name

__all__ = ["ALL", "ANC_WINDOW", "COLUMNS", "INTERVALS", "backtest", "calibration", "default_origins", "summarise"]

_METHOD = _core.enrolment.RatioMethod()
_DRAWS = _core.enrolment.DrawOptions()

ANC_WINDOW = 5
"""Years of yearly changes averaged by the ``average_change`` baseline."""
ALL = "all"
"""The level of the sum of a region's levels."""
COLUMNS = ["origin", "lead", "region", "level", "method", "actual", "forecast", "ape", "p10", "p90"]
"""The columns of backtest.csv (DESIGN §2.2); the 50% and 95% bounds follow them."""
INTERVALS = {0.5: (0.25, 0.75), 0.8: (0.1, 0.9), 0.95: (0.025, 0.975)}
"""The central intervals whose coverage a back-test reports, by nominal level: (lower, upper) quantile."""
_QUANTILES = sorted({q for pair in INTERVALS.values() for q in pair})


def default_origins(history: pd.DataFrame) -> range:
    """From the fifth history year to the year before the last (DESIGN §2.2)."""
    years = sorted(history["year"].unique())
    return range(int(years[0]) + 4, int(years[-1]))


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """MAPE (%) by method, level and lead, with the number of forecasts and, where intervals
    exist, the share of actuals inside the 80% interval [p10, p90] (``coverage80``)."""
    keys = ["method", "level", "lead"]
    out = table.groupby(keys, sort=True).agg(mape=("ape", "mean"), n=("ape", "size")).reset_index()
    if "p10" in table.columns:
        cov = calibration(table, keys).query("nominal == 0.8").set_index(keys)["coverage"]
        out["coverage80"] = cov.reindex(pd.MultiIndex.from_frame(out[keys])).to_numpy()
    return out


def calibration(table: pd.DataFrame, by: Sequence[str] = ("lead",)) -> pd.DataFrame:
    """The share of actuals inside each central interval of :data:`INTERVALS` (``coverage``)
    against its ``nominal`` level, by ``by``, over the rows whose interval is given (``n``)."""
    rows = []
    for nominal, (lo, hi) in INTERVALS.items():
        low, high = quantile_name(lo), quantile_name(hi)
        if low not in table.columns:
            continue
        given = table[table[low].notna() & table[high].notna()]
        inside = (given["actual"] >= given[low]) & (given["actual"] <= given[high])
        g = inside.groupby([given[c] for c in by])
        rows.append(pd.DataFrame({"coverage": g.mean(), "n": g.size()}).reset_index().assign(nominal=nominal))
    if not rows:
        return pd.DataFrame(columns=[*by, "nominal", "coverage", "n"])
    return pd.concat(rows, ignore_index=True)[[*by, "nominal", "coverage", "n"]]


def _level_totals(history: pd.DataFrame, levels: Sequence[Level]) -> pd.DataFrame:
    """Observed level totals per region and year where every grade of the level was observed,
    and their sum (level ``all``) where every level was."""
    n_grades = {lv.name: len(lv.grade_numbers) for lv in levels}
    totals = history.groupby(["region", "year", "level"], sort=False)["pupils"].agg(["sum", "size"]).reset_index()
    totals = totals[totals["size"] == totals["level"].map(n_grades)].rename(columns={"sum": "actual"})
    return pd.concat([totals.drop(columns="size"), _sum_levels(totals, "actual", len(levels))], ignore_index=True)


def _sum_levels(frame: pd.DataFrame, column: str, count: int, keys: Sequence[str] = ("region", "year")) -> pd.DataFrame:
    """Level ``all``: the sum of ``column`` over the levels, where all ``count`` of them are present."""
    g = frame.groupby(list(keys), sort=False)[column].agg(["sum", "size"]).reset_index()
    g = g[g["size"] == count].drop(columns="size").rename(columns={"sum": column})
    return g.assign(level=ALL)


def backtest(
    history: pd.DataFrame,
    births: Optional[pd.DataFrame] = None,
    *,
    origins: Optional[Sequence[int]] = None,
    max_lead: int = 5,
    horizon: Optional[int] = None,
    levels: Optional[Sequence[Level]] = None,
    method: str = "auto",
    k: int = _METHOD.k,
    alpha: float = _METHOD.alpha,
    draws: int = 0,
    seed: int = _DRAWS.seed,
    baselines: bool = True,
    districts: Optional[Mapping] = None,
    population: Optional[pd.DataFrame] = None,
) -> pd.DataFrame:
    """Project from every origin up to ``max_lead`` years ahead and compare with the history.

    Args:
        history, births: the enrolment history and births, as for :func:`~edplan.enrolment.project`.
        origins: the origin years (default :func:`default_origins`).
        max_lead: years projected from each origin (where actuals exist).
        horizon: the last year projected from any origin (``--holdout``: the base year).
        levels: the levels (default :func:`default_levels`). Rate levels are back-tested only with
            ``population``; without it they are left out and ``attrs["notes"]`` says so.
        method, k, alpha: the scenario's ratio method (rows ``cohort``); ``cohort_mean3`` is
            always the mean of the last 3.
        draws, seed: Monte Carlo intervals of the ``cohort`` rows (p2.5, p10, p25, p75, p90, p97.5).
        baselines: add the rows of ``last_value``, ``average_change`` and ``cohort_mean3``.
        districts: school → district, when the regions of ``history`` are schools: the ``cohort``
            rows are then each school's share of its district's cohort projection
            (:func:`~edplan.enrolment.project_schools`, no intervals); ``cohort_mean3`` stays the
            school's own cohort projection. Rate levels are then left out.
        population: the population of past years — region, year, age, count, [sex] (summed) —
            covering the history years and the target years, for the rate levels: their observed
            rates ``pupils / population of the level's ages`` up to the origin are projected by
            the ratio method (``cohort``: the scenario's, with its intervals; ``cohort_mean3``: the
            mean of the last 3) and multiplied by the *actual* population of the target year, so
            that the error measured is the rate's alone, not the population projection's.

    Returns:
        One row per origin, lead, region, level (and ``all``) and method, with the columns of
        :data:`COLUMNS` (p10, p90 NaN without draws, or where fewer than 5 past errors exist at
        the lead) and the 50% and 95% bounds. ``attrs["skipped"]`` lists the (origin, region,
        reason) that could not be projected; ``attrs["notes"]`` the levels left out, and why.

    Raises:
        InputError: no level to back-test, no origin inside the history, or a problem in
            ``population`` (bad numbers or sexes, repeated rows, a region-year missing an age
            of a rate level), every one at once.
    """
    given = list(levels or default_levels())
    rate = [lv for lv in given if lv.kind == "rate"]
    notes: list[str] = []
    people = None
    if rate:
        names = ", ".join(lv.name for lv in rate)
        if districts is not None:
            notes.append(f"rate level {names} not back-tested: its population history is by region, not by school")
            rate = []
        elif population is None:
            notes.append(f"rate level {names} not back-tested: no population history (the people of its ages in "
                         "past years) to divide its pupils by")
            rate = []
        else:
            people = _rate_population(population, rate)
    levels = [lv for lv in given if lv.kind != "rate" or lv in rate]
    cohort_levels = [lv for lv in levels if lv.kind != "rate"]
    if not levels:
        raise InputError("no level to back-test: no progression or transition level, and rate levels need a "
                         "population history", "levels")
    history = history[history["level"].isin({lv.name for lv in levels})]
    origins = list(default_origins(history) if origins is None else origins)
    actual = _level_totals(history, levels)
    last_year = int(history["year"].max()) if horizon is None else min(int(horizon), int(history["year"].max()))
    methods = {"cohort": (method, k, alpha, draws)}
    if baselines:
        methods["cohort_mean3"] = ("mean", 3, alpha, 0)
    rows: list[pd.DataFrame] = []
    skipped: list[tuple] = []
    for origin in origins:
        end = min(origin + max_lead, last_year)
        if end <= origin:
            continue
        cut = history[history["year"] <= origin]
        regions = sorted(cut.loc[cut["year"] == origin, "region"].unique(), key=str)
        cut = cut[cut["level"].isin({lv.name for lv in cohort_levels})]  # the rate levels' rows go by population
        for name, (rule, kk, aa, dd) in methods.items():
            parts: list[pd.DataFrame] = []
            listed = skipped if name == "cohort" else []
            if cohort_levels and name == "cohort" and districts is not None:
                shares = project_schools(cut[cut["region"].isin(regions)], births, districts=districts,
                                         base_year=origin, horizon=end, levels=cohort_levels, method=rule, k=kk,
                                         alpha=aa)
                parts.append(shares.rename(columns={"pupils": "forecast"})[["region", "year", "level", "forecast"]])
            elif cohort_levels:
                parts.extend(part for part, _ in _projectable(cut, births, regions, origin, end, cohort_levels, rule,
                                                               kk, aa, dd, seed, listed))
            if rate and people is not None:
                parts.extend(_rate_forecasts(actual, people, rate, origin, end, rule, kk, aa, dd, seed, listed))
            if parts:
                rows.append(_with_all(parts, len(levels)).assign(origin=origin, method=name))
        if baselines:
            rows.extend(_baselines(actual[actual["region"].isin(regions)], origin, end))
    if not rows:
        raise InputError("no origin could be projected; expected origins inside the history", "origins")
    forecasts = pd.concat(rows, ignore_index=True)
    table = forecasts.merge(actual, on=["region", "year", "level"], how="inner")
    table["lead"] = table["year"] - table["origin"]
    table["ape"] = 100.0 * (table["forecast"] - table["actual"]).abs() / table["actual"]
    bounds = [quantile_name(q) for q in _QUANTILES if q != 0.5]
    for column in bounds:
        if column not in table.columns:
            table[column] = np.nan
    extra = [c for c in bounds if c not in COLUMNS]
    table = table[COLUMNS + extra].sort_values(["method", "origin", "lead", "region", "level"], ignore_index=True)
    table.attrs["skipped"] = pd.DataFrame(skipped, columns=["origin", "region", "reason"])
    table.attrs["notes"] = notes
    return table


def _with_all(parts: list[pd.DataFrame], count: int) -> pd.DataFrame:
    """Level totals with their sum, level ``all``, where all ``count`` levels are projected."""
    t = pd.concat(parts, ignore_index=True)
    whole = _sum_levels(t, "forecast", count)
    if count == 1:  # the sum of one level is that level, intervals included
        whole = t.assign(level=ALL)
    return pd.concat([t, whole], ignore_index=True)


def _rate_population(population: pd.DataFrame, rate: Sequence[Level]) -> pd.DataFrame:
    """region, year, level, people: the population of each rate level's ages, checked."""
    found = TableProblems()
    name = str(population.attrs.get("path", "population")) if isinstance(population, pd.DataFrame) else "population"
    people = population_history(population, name, None, {lv.name: (lv.first, lv.last) for lv in rate}, found)
    found.raise_if_any()
    assert people is not None  # every reason for None is a recorded problem
    return people


def _rate_forecasts(actual, people, rate, origin, end, rule, k, alpha, draws, seed, skipped):
    """The forecasts of the rate levels from ``origin``: the rate ``pupils / people`` projected by
    the ratio method times the actual people of the target year, with intervals from the rate's
    own rolling-origin errors. The engine does this as it projects an entry grade from observed
    births: each rate level is run as a one-grade level entered at age 0 from "births" that are
    the people of its ages, so the method choice ("auto"), the pooling of short histories and
    the intervals are those of every other ratio. Regions are projected as far as the population
    history reaches (to ``end`` at most)."""
    out = []
    for lv in rate:
        observed = actual[(actual["level"] == lv.name) & (actual["year"] <= origin)]
        regions = sorted(observed.loc[observed["year"] == origin, "region"].unique(), key=str)
        pop = people[(people["level"] == lv.name) & (people["year"] <= end)]
        history = observed.assign(grade=1).rename(columns={"actual": "pupils"})[
            ["region", "year", "level", "grade", "pupils"]]
        births = pop.rename(columns={"people": "births"})[["region", "year", "births"]]
        years = births.groupby("region")["year"].agg(set).to_dict()
        reach: dict[int, list] = {}
        for region in regions:
            y = origin
            while y < end and y + 1 in years.get(region, ()):
                y += 1
            reach.setdefault(y, []).append(region)
        one = [Level.progression(lv.name, (1, 1), entry_age=0)]
        for last, group in sorted(reach.items()):
            if last == origin:
                skipped.extend((origin, region, f"{lv.name}: no population history for {origin + 1}; expected the "
                                "people of its ages in the target years") for region in group)
                continue
            out.extend(part for part, _ in _projectable(
                history, births, group, origin, last, one, rule, k, alpha, draws, seed, skipped,
                describe=lambda error, lv=lv: f"{lv.name}: no observed rate (pupils over the people of ages "
                                              f"{lv.first}..{lv.last}) up to {origin}"))
    return out


def _projectable(cut, births, regions, origin, end, levels, rule, k, alpha, draws, seed, skipped, describe=None):
    """Yields (level totals, regions) from ``origin`` to ``end``: all regions in one projection
    (so that "auto" may pool short histories), or, when that is refused, region by region,
    listing in ``skipped`` the regions that cannot be projected and why (``describe(error)``,
    default the error's first line)."""
    def run(names):
        b = births
        if births is not None and "region" in births.columns:
            b = births[births["region"].isin(names)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IntervalWarning)  # NaN intervals are counted in the summary
            res = project(cut[cut["region"].isin(names)], b, base_year=origin, horizon=end, levels=levels,
                          method=rule, k=k, alpha=alpha, draws=draws, seed=seed, regions=names,
                          quantiles=_QUANTILES)
        return res.totals.rename(columns={"pupils": "forecast"})

    try:
        yield run(regions), regions
        return
    except InputError:
        pass
    for region in regions:
        try:
            yield run([region]), [region]
        except InputError as error:
            skipped.append((origin, region, describe(error) if describe else str(error).splitlines()[0]))


def _baselines(actual: pd.DataFrame, origin: int, end: int) -> list[pd.DataFrame]:
    """``last_value`` and ``average_change`` (the origin value plus lead × the mean of the last
    :data:`ANC_WINDOW` yearly changes) for every region and level observed at ``origin``."""
    out = []
    for (region, level), series in actual[actual["year"] <= origin].groupby(["region", "level"]):
        series = series.set_index("year")["actual"].sort_index()
        if origin not in series.index:
            continue
        last = series.loc[origin]
        window = series.loc[origin - ANC_WINDOW:]
        step = (last - window.iloc[0]) / (origin - window.index[0]) if window.index[0] < origin else 0.0
        years = np.arange(origin + 1, end + 1)
        common = dict(region=region, level=level, year=years, origin=origin)
        out.append(pd.DataFrame({**common, "forecast": np.full(len(years), last), "method": "last_value"}))
        out.append(pd.DataFrame({**common, "forecast": last + step * (years - origin), "method": "average_change"}))
    return out


class _CallableModule(types.ModuleType):
    """``edplan.enrolment.backtest(...)`` is :func:`backtest`, while ``from edplan.enrolment.backtest
    import summarise`` keeps working: the module is callable."""

    def __call__(self, *args, **kwargs) -> pd.DataFrame:
        return backtest(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
