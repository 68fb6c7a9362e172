# SPDX-License-Identifier: MIT
"""The chain of a scenario run: population → enrolment (+ intervals) → capacity, then the
optional parts the scenario configures. Each step is the public API of its module."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from . import capacity, enrolment
from .population import to_frame

if TYPE_CHECKING:
    from .results import Results
    from .scenario import Scenario


def run(scenario: "Scenario", *, draws: Optional[int], seed: Optional[int], threads: int,
        progress: Optional[Callable[[str], None]]) -> "Results":
    from .results import Results

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

    if "capacity.places" in scenario.tables:
        say("capacity")
        bal = capacity.balance(result.totals, scenario.tables["capacity.places"],
                               scenario.tables.get("capacity.projects"), levels=scenario.levels)
        tables["balance"] = bal.table
        tables["peaks"] = bal.peaks

    say("done")
    return Results(scenario=scenario, tables=tables, draws=draws, seed=seed, warnings=warnings)
