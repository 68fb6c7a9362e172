# SPDX-License-Identifier: MIT
"""``edplan backtest``: the back-test of a scenario's enrolment history (DESIGN §2.2): every
origin from base_year − H to base_year − 1 projected to the base year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..enrolment.backtest import BacktestResult, backtest
from ..errors import InputError

if TYPE_CHECKING:
    from .load import Scenario


def backtest_scenario(scenario: "Scenario", *, holdout: int, draws: int = 0, seed: int = 1) -> BacktestResult:
    """Back-test the progression levels of ``scenario`` with ``holdout`` years held out.

    Rate levels need a population history, which a scenario does not have, so they are left out.
    """
    history = scenario.tables["enrolment.history"].copy()
    first = int(history["year"].astype(float).min())
    if holdout < 1 or scenario.base_year - holdout <= first:
        raise InputError(f"got {holdout}; expected 1 .. {scenario.base_year - first - 1} (the history starts in "
                         f"{first}, and each origin needs at least one earlier year)", "--holdout")
    for column in ("year", "grade", "pupils"):
        history[column] = history[column].astype(float)
    history["year"] = history["year"].astype(int)
    history["grade"] = history["grade"].astype(int)
    births = scenario.tables.get("population.births")
    if births is not None:
        births = births.assign(year=births["year"].astype(int), births=births["births"].astype(float))
    origins = range(scenario.base_year - holdout, scenario.base_year)
    return backtest(history, births, origins=origins, max_lead=holdout, levels=scenario.levels,
                    method=str(scenario.setting("enrolment", "method")), k=int(scenario.setting("enrolment", "k")),
                    alpha=float(scenario.setting("enrolment", "alpha")), draws=draws, seed=seed)
