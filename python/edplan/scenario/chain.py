# SPDX-License-Identifier: MIT
"""The chain of a scenario run: population → enrolment (+ intervals) → capacity, then the
optional parts the scenario configures. Each step is the public API of its module."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from .. import capacity, enrolment
from ..capacity import preschool, programme
from ..population import to_frame
from .results import Results

if TYPE_CHECKING:
    from ..capacity.programme import ScheduleResult
    from .load import Scenario


def run(scenario: "Scenario", *, draws: Optional[int], seed: Optional[int], threads: int,
        progress: Optional[Callable[[str], None]]) -> "Results":
    say = progress or (lambda stage: None)
    u = scenario.section("uncertainty")
    draws = int(u.get("draws", 0)) if draws is None else int(draws)
    seed = int(u.get("seed", 1)) if seed is None else int(seed)
    quantiles = tuple(u.get("quantiles", (0.1, 0.5, 0.9)))
    T = scenario.horizon - scenario.base_year
    tables: dict[str, pd.DataFrame] = {}

    say("population")
    projection = scenario.chain.project(T, threads=threads)
    tables["population"] = to_frame(projection.population, base_year=scenario.base_year, regions=scenario.regions)
    observed = scenario.chain.births
    tables["births"] = pd.DataFrame({
        "region": np.repeat(np.asarray(scenario.regions, dtype=object), T),
        "year": np.tile(np.arange(scenario.base_year, scenario.horizon), len(scenario.regions)),
        "births": projection.births.reshape(-1),
        "observed": (~np.isnan(observed)).reshape(-1) if observed is not None else False,
    })
    warnings = [w.replace(f"region {i},", f"{name},") for i, name in enumerate(scenario.regions)
                for w in projection.warnings if w.startswith(f"region {i},")]

    say("enrolment" + (f" ({draws} draws)" if draws else ""))
    e = scenario.section("enrolment")
    births_table = scenario.tables.get("population.births")
    result = enrolment.project(
        scenario.tables["enrolment.history"], births_table, base_year=scenario.base_year, horizon=scenario.horizon,
        levels=scenario.levels, population=scenario.chain if draws else projection, regions=scenario.regions,
        housing=scenario.tables.get("enrolment.housing"), method=e.get("method", "mean"), k=int(e.get("k", 3)),
        alpha=float(e.get("alpha", 0.4)), ramp=float(e.get("ramp", 3.0)), draws=draws, seed=seed,
        quantiles=quantiles, tfr_sd=float(u.get("tfr_sd", 0.1)), migration_sd=float(u.get("migration_sd", 0.2)),
        threads=threads)
    tables["demand"] = result.demand
    tables["totals"] = result.totals
    tables["ratios"] = result.ratios

    extras = finish(scenario, result.totals, tables, say)

    say("done")
    return Results(scenario=scenario, tables=tables, draws=draws, seed=seed, warnings=warnings, extras=extras)


def finish(scenario: "Scenario", totals: pd.DataFrame, tables: dict[str, pd.DataFrame],
           say: Callable[[str], None]) -> dict[str, object]:
    """The steps after enrolment — capacity balance and the optional parts — on the level
    totals; adds their tables to ``tables`` and returns the extras. Shared with
    :mod:`edplan.distributed`, which merges the workers' totals first."""
    if "capacity.places" in scenario.tables:
        say("capacity")
        bal = capacity.balance(totals, scenario.tables["capacity.places"],
                               scenario.tables.get("capacity.projects"), levels=scenario.levels)
        tables["balance"] = bal.table
        tables["peaks"] = bal.peaks

    extras: dict[str, Any] = {}
    if "programme" in scenario.settings and "capacity.places" in scenario.tables:
        say("programme")
        extras["schedule"] = _programme(scenario, totals, tables)
    if "preschool.kindergartens" in scenario.tables:
        say("preschool")
        _preschool(scenario, totals, extras.get("schedule"), tables)
    if "coverage.areas" in scenario.tables:
        say("coverage")
        _coverage(scenario, tables)

    files = scenario.files
    if "targets.indicators" in files and "targets.targets" in files:
        say("targets")
        from .. import targets
        tg = scenario.section("targets")
        tables["targets"] = targets.assess_table(files["targets.indicators"], files["targets.targets"],
                                                 method=tg.get("method", "linear"))
        if "targets.workplan" in files and "targets.progress" in files:
            import datetime
            tables["workplan"] = targets.track(files["targets.workplan"], files["targets.progress"],
                                               as_of=tg.get("as_of", datetime.date.today().isoformat()))
    return extras


def _programme(scenario: "Scenario", totals: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> "ScheduleResult":
    """The scheduler on the projected demand; programme.csv is its batches, schedule.csv its
    per-district summary (deficits before and after, stranded places, why any deficit remains)."""
    pg = dict(scenario.section("programme"))
    projects = scenario.tables.get("capacity.projects")
    if projects is None:
        projects = pd.DataFrame(columns=["id", "name", "region", "level", "places", "cost", "status"])
    result = programme.schedule(
        totals, scenario.tables["capacity.places"], projects, base_year=scenario.base_year,
        horizon=scenario.horizon, budget_per_year=programme.year_keys(pg.pop("budget_per_year", float("inf"))),
        max_per_batch=pg.pop("max_per_batch", None), levels=scenario.levels, **pg)
    tables["programme"] = result.batches
    tables["schedule"] = result.summary
    tables["programme_balance"] = result.balance
    return result


def _preschool(scenario: "Scenario", totals: pd.DataFrame, schedule: Optional["ScheduleResult"],
               tables: dict[str, pd.DataFrame]) -> None:
    """Kindergarten sector shares with the programme's new public kindergartens."""
    ps = dict(scenario.section("preschool"))
    ps.pop("kindergartens", None)
    result = preschool.shares(
        totals, scenario.tables["preschool.kindergartens"], scenario.tables.get("capacity.projects"),
        schedule, population=tables["population"], base_year=scenario.base_year, **ps)
    tables["preschool"] = result.table
    tables["preschool_total"] = result.total
    tables["preschool_targets"] = result.targets


def _coverage(scenario: "Scenario", tables: dict[str, pd.DataFrame]) -> None:
    """Elder-education coverage by county and year as the older population grows."""
    from .. import coverage

    cv = dict(scenario.section("coverage"))
    areas = scenario.tables["coverage.areas"]
    sites = scenario.tables["coverage.sites"]
    costs = scenario.tables.get("coverage.costs")
    # links to candidates are for recommend_sites only
    existing = None if costs is None else costs[costs["destination"].isin(set(sites["site"]))]
    max_cost = float(cv.get("max_cost", 30.0))
    older = coverage.older_population(areas, tables["population"], min_age=int(cv.get("older_age", 60)))
    result = coverage.coverage_table(
        areas, sites, existing, max_cost=max_cost, population=older, decay=coverage.decay_from(cv.get("decay")),
        targets=cv.get("targets"))
    tables["coverage"] = result.regions
    tables["coverage_total"] = result.total
    tables["coverage_areas"] = result.areas
    if "coverage.candidates" in scenario.tables:
        tables["recommended_sites"] = coverage.recommend_sites(
            areas, sites, scenario.tables["coverage.candidates"], costs, new_sites=int(cv.get("new_sites", 10)),
            max_cost=max_cost, population=older, year=int(cv.get("recommend_year", scenario.horizon)))
