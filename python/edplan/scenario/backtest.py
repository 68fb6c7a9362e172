# SPDX-License-Identifier: MIT
"""``edplan backtest``: the rolling-origin back-test of a scenario's enrolment history (DESIGN §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import pandas as pd

from ..enrolment.backtest import backtest, default_origins
from ..errors import InputError

if TYPE_CHECKING:
    from .load import Scenario


def backtest_scenario(scenario: "Scenario", *, origins: Optional[tuple[int, int]] = None, max_lead: int = 5,
                      holdout: Optional[int] = None, draws: int = 0, seed: int = 1) -> pd.DataFrame:
    """Back-test the progression and transition levels of ``scenario`` with its ratio method.

    ``origins`` (first, last) default to the fifth history year .. the year before the last;
    ``holdout`` H instead takes origins base_year − H .. base_year − 1, projected to the base year.
    Rate levels need a population history, which a scenario does not have, so they are left out.
    """
    history = scenario.tables["enrolment.history"].copy()
    for column in ("year", "grade", "pupils"):
        history[column] = history[column].astype(float)
    history["year"] = history["year"].astype(int)
    history["grade"] = history["grade"].astype(int)
    first = int(history["year"].min())
    horizon = None
    if holdout is not None:
        if holdout < 1 or scenario.base_year - holdout <= first:
            raise InputError(f"got {holdout}; expected 1 .. {scenario.base_year - first - 1} (the history starts in "
                             f"{first}, and each origin needs at least one earlier year)", "--holdout")
        chosen = range(scenario.base_year - holdout, scenario.base_year)
        max_lead, horizon = holdout, scenario.base_year
    elif origins is not None:
        chosen = range(origins[0], origins[1] + 1)
    else:
        chosen = default_origins(history)
    if not len(chosen) or chosen[0] <= first or chosen[-1] >= int(history["year"].max()):
        raise InputError(f"got {chosen[0] if len(chosen) else '?'}..{chosen[-1] if len(chosen) else '?'}; expected "
                         f"origins within {first + 1} .. {int(history['year'].max()) - 1} (the history runs "
                         f"{first}..{int(history['year'].max())})", "--origins")
    if max_lead < 1:
        raise InputError(f"got {max_lead}; expected at least 1 year", "--max-lead")
    births = scenario.tables.get("population.births")
    if births is not None:
        births = births.assign(year=births["year"].astype(int), births=births["births"].astype(float))
    return backtest(history, births, origins=chosen, max_lead=max_lead, horizon=horizon, levels=scenario.levels,
                    method=str(scenario.setting("enrolment", "method")), k=int(scenario.setting("enrolment", "k")),
                    alpha=float(scenario.setting("enrolment", "alpha")), draws=draws, seed=seed)
