# SPDX-License-Identifier: MIT
"""School-place demand by region, level and grade (DESIGN §2.2).

Progression levels follow cohorts: entry ratios on lagged births, then grade-progression
ratios across level boundaries; rate levels apply an enrolment rate to the population of
their ages. Ratios are estimated from the enrolment history (mean of the last k, or simple
exponential smoothing); intervals come from Monte Carlo draws. The numbers come from the C++
engine; this module turns the DESIGN §3 tables into its arrays and back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional, Union

import warnings

import numpy as np
import pandas as pd

from .. import _core
from ..population import Projection, ProjectionInputs
from .levels import Level, default_levels, levels_from_config
from .tables import Arrays, arrays_from_tables, interval_warnings, method_name, quantile_name

__all__ = ["EnrolmentResult", "IntervalWarning", "enrolment_result", "population_chain", "project"]

_METHOD = _core.enrolment.RatioMethod()
_OPTIONS = _core.enrolment.EnrolmentOptions()
_DRAWS = _core.enrolment.DrawOptions()


@dataclass
class EnrolmentResult:
    """Projected pupils, as tables and as arrays."""

    demand: pd.DataFrame
    """region, year, level, grade, pupils[, p10, p50, p90]: one row per grade (rate levels: per age)."""
    totals: pd.DataFrame
    """region, year, level, pupils[, quantiles]: level totals (quantiles of totals, not sums of quantiles)."""
    ratios: pd.DataFrame
    """region, level, grade, kind (entry / progression / rate / share / complement), ratio, observed,
    method: the projected ratio of each grade (at lead 1), how many observed values it rests on,
    and the level's ratio method ("mean k=3", ...: the one given, or what "auto" chose)."""
    pupils: np.ndarray
    """(R, T, G) pupils by region, projected year and grade."""
    regions: list
    years: list
    levels: list


def project(
    history: pd.DataFrame,
    births: Optional[pd.DataFrame] = None,
    *,
    base_year: int,
    horizon: int,
    levels: Optional[Sequence[Level]] = None,
    population: Union[Projection, ProjectionInputs, None] = None,
    regions: Optional[Sequence] = None,
    housing: Optional[pd.DataFrame] = None,
    method: str = _METHOD.rule,
    k: int = _METHOD.k,
    alpha: float = _METHOD.alpha,
    ramp: float = _OPTIONS.ramp,
    draws: int = 0,
    seed: int = _DRAWS.seed,
    quantiles: Sequence[float] = tuple(_DRAWS.quantiles),
    tfr_sd: float = _DRAWS.tfr_sd,
    migration_sd: float = _DRAWS.migration_sd,
    threads: int = 0,
) -> EnrolmentResult:
    """Project pupils for ``base_year + 1 .. horizon`` from the enrolment history (DESIGN §2.2).

    Args:
        history: the enrolment table — region, year, level, grade, pupils — up to the base year.
            A rate level's grade is its age − first age + 1.
        births: observed births — [region], year, births; without a region column the same
            births apply to every region (e.g. a district's births for each of its schools).
        base_year, horizon: the last history year and the last projected year.
        levels: the levels (default :func:`default_levels`).
        population: the population chain from the base year, for rate levels and for births
            not observed: a :class:`~edplan.population.Projection` (already run), or
            :class:`~edplan.population.ProjectionInputs`, which is projected here and, with
            ``draws``, re-projected by every draw with its fertility and migration scaled.
            Its regions follow ``regions``.
        regions: the region order of the arrays (default: sorted region names of ``history``).
        housing: dwellings completed — region, year, dwellings; added with each level's yield.
        method, k, alpha: ratio projection: "mean" of the last ``k`` observed values, "ses"
            (simple exponential smoothing with weight ``alpha``), "damped" (the damped trend of
            the last ``k``) or "auto" (per region and level, the best of these in a rolling-origin
            back-test of the history; the choice is in ``ratios.method``).
        ramp: years until a completed dwelling yields fully.
        draws, seed, quantiles: Monte Carlo intervals; draw i uses random stream (seed, i). Each
            draw scales a level's point projection at lead h by one of the projection's own
            rolling-origin errors at lead h; where fewer than 5 exist the quantiles are NaN and an
            :class:`IntervalWarning` says so.
        tfr_sd, migration_sd: sd of the log factors on fertility and migration per draw.
        threads: threads over regions (0 = default); results do not depend on it.

    Raises:
        InputError: every problem in the tables (unknown levels, grades outside a level,
            repeated rows, bad numbers) and every grade that cannot be projected, and why.
    """
    levels = list(levels) if levels is not None else default_levels()
    a: Arrays = arrays_from_tables(history, births, housing, levels=levels, base_year=base_year, regions=regions)
    chain = None
    projection: Optional[Projection]
    if isinstance(population, ProjectionInputs):
        projection = population.project(horizon - base_year, threads=threads)
        chain = population_chain(population, horizon - base_year)
    else:
        projection = population
    kwargs: dict[str, Any] = dict(
        base_year=base_year, horizon=horizon, births=a.births, births_first_year=a.births_first_year,
        projected_births=None if projection is None else projection.births,
        population=None if projection is None else projection.population,
        dwellings=a.dwellings, dwellings_first_year=a.dwellings_first_year,
        regions=[str(r) for r in a.regions],
        options=_core.enrolment.EnrolmentOptions(
            method=_core.enrolment.RatioMethod(rule=method, k=k, alpha=alpha), ramp=ramp, threads=threads),
    )
    specs = [level.spec() for level in levels]
    p = _core.enrolment.project(specs, a.history, **kwargs)
    grade_q = level_q = None
    if draws:
        q = _core.enrolment.simulate(
            specs, a.history, draws=_core.enrolment.DrawOptions(
                draws=draws, seed=seed, quantiles=list(quantiles), tfr_sd=tfr_sd, migration_sd=migration_sd),
            chain=chain, **kwargs,
        )
        grade_q, level_q = q.grades, q.levels
        lines = interval_warnings(a.regions, levels, list(range(base_year + 1, horizon + 1)), np.asarray(q.errors))
        if lines:
            more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
            warnings.warn(IntervalWarning("; ".join(lines[:5]) + more), stacklevel=2)
    return enrolment_result(a, levels, p.pupils, p.ratios, p.observed, grade_q, level_q, base_year, horizon,
                            quantiles, p.methods)


class IntervalWarning(UserWarning):
    """Some intervals are NaN: fewer than 5 rolling-origin errors exist at their lead."""


def population_chain(inputs: ProjectionInputs, years: int) -> _core.enrolment.PopulationChain:
    """The engine's ``PopulationChain`` of ``inputs``: the projection ``years`` years ahead that every
    draw of the intervals re-runs with its fertility and migration scaled."""
    return _core.enrolment.PopulationChain(
        inputs=_core.population.ProjectionInputs(base=inputs.base, survival=inputs.survival, fertility=inputs.fertility,
                                                 migration=inputs.migration, births=inputs.births),
        options=_core.population.ProjectionOptions(years=years, srb=float(inputs.srb),
                                                   birth_survival=tuple(inputs.birth_survival)),
    )


def enrolment_result(a: Arrays, levels: Sequence[Level], pupils: np.ndarray, ratios: np.ndarray, observed: np.ndarray,
                     grade_q: Optional[np.ndarray], level_q: Optional[np.ndarray], base_year: int, horizon: int,
                     quantiles: Sequence[float], methods: np.ndarray) -> EnrolmentResult:
    """The engine's arrays (pupils, ratios, observations, quantiles, (R, L, 3) methods) as the
    tables of :class:`EnrolmentResult`."""
    years = list(range(base_year + 1, horizon + 1))
    R, T, G = pupils.shape
    L = len(levels)
    grade_level = np.asarray([lv.name for lv in levels for _ in lv.grade_numbers], dtype=object)
    grade_number = np.asarray([g for lv in levels for g in lv.grade_numbers])
    region = np.asarray(a.regions, dtype=object)
    year = np.asarray(years)
    # The key columns by repeating and tiling the few regions, years, levels and grades: the
    # rows of a product over (region, year, grade), region slowest, without building one.
    demand = pd.DataFrame({
        "region": np.repeat(region, T * G),
        "year": np.tile(np.repeat(year, G), R),
        "level": np.tile(grade_level, R * T),
        "grade": np.tile(grade_number, R * T),
        "pupils": pupils.reshape(-1),
    })
    totals_arr = np.zeros((R, T, L))
    offset = 0
    for li, lv in enumerate(levels):
        n = len(lv.grade_numbers)
        totals_arr[:, :, li] = pupils[:, :, offset:offset + n].sum(axis=2)
        offset += n
    totals = pd.DataFrame({
        "region": np.repeat(region, T * L),
        "year": np.tile(np.repeat(year, L), R),
        "level": np.tile(np.asarray([lv.name for lv in levels], dtype=object), R * T),
        "pupils": totals_arr.reshape(-1),
    })
    if grade_q is not None and level_q is not None:
        for qi, q in enumerate(quantiles):
            demand[quantile_name(q)] = grade_q[..., qi].reshape(-1)
            totals[quantile_name(q)] = level_q[..., qi].reshape(-1)
    kinds = []
    complements = {lv.complement for lv in levels if lv.complement}
    for lv in levels:
        first = "complement" if lv.name in complements else "share" if lv.kind == "transition" else \
            "entry" if lv.entry_age is not None else "progression"
        kinds += ["rate" if lv.kind == "rate" else first if i == 0 else "progression"
                  for i in range(len(lv.grade_numbers))]
    ratio_table = pd.DataFrame({
        "region": np.repeat(region, G),
        "level": np.tile(grade_level, R),
        "grade": np.tile(grade_number, R),
        "kind": np.tile(np.asarray(kinds, dtype=object), R),
        "ratio": ratios.reshape(-1),
        "observed": (~np.isnan(observed)).sum(axis=2).reshape(-1),
    })
    level_of_grade = np.asarray([li for li, lv in enumerate(levels) for _ in lv.grade_numbers], dtype=np.int64)
    # a few distinct methods over many regions: each named once
    named: dict[tuple[float, ...], str] = {}
    names = np.asarray([["" if lv.kind == "rate" else named.get(m) or named.setdefault(m, method_name(*m))
                         for lv, m in zip(levels, map(tuple, row))] for row in np.asarray(methods).tolist()],
                       dtype=object).reshape(R, L)
    ratio_table["method"] = names[np.repeat(np.arange(R), G), np.tile(level_of_grade, R)]
    return EnrolmentResult(demand, totals, ratio_table, pupils, list(a.regions), years, list(levels))
