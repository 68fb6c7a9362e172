# SPDX-License-Identifier: MIT
"""``edplan backtest``: the rolling-origin back-test of a scenario's enrolment history (DESIGN §2.2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import pandas as pd

from .._io import TableProblems, load_toml, read_aliases, read_table, resolve_aliases
from ..enrolment.backtest import backtest, default_origins
from ..enrolment.levels import Level, parse_levels
from ..errors import InputError, Problem
from . import settings as _settings
from .load import TABLES, check_population_history, read_history

if TYPE_CHECKING:
    from .load import Scenario

HISTORY_TABLES = {"enrolment.history": TABLES["enrolment.history"], "scenario.aliases": TABLES["scenario.aliases"],
                  "population.births": (["year", "births"], ["region"]),
                  "population.history": TABLES["population.history"]}
"""The tables a back-test reads, with their columns (required, optional): births may be one
series for every region, as :func:`edplan.enrolment.backtest` takes them; the population
history (optional) is what rate levels are back-tested on."""


@dataclass
class History(_settings.SettingsView):
    """What a back-test reads of a scenario file: its settings, levels, enrolment history,
    births, aliases and population history — not the population tables of a run, which it does
    not use."""

    path: Path
    settings: dict[str, Any]
    levels: list[Level]
    tables: dict[str, pd.DataFrame]


def load_history(path: Union[str, Path]) -> History:
    """Read and check what :func:`backtest_scenario` needs of the scenario file ``path``: the
    settings of [scenario], [enrolment] and [levels] and the tables of ``HISTORY_TABLES``.

    Raises:
        InputError: every problem found, one per line as ``file:line:column: message``.
    """
    path = Path(path)
    toml = load_toml(path)
    problems = _settings.check(toml, sections=_settings.BACKTEST_SECTIONS, relaxed=("population",))
    levels: list[Level] = []
    if isinstance(toml.data.get("levels"), dict):
        levels, level_problems = parse_levels(toml.data["levels"])
        problems += [Problem(toml.where(p.where), p.message) for p in level_problems]
    found = TableProblems()
    tables: dict[str, pd.DataFrame] = {}
    for key, file in _settings.files(toml).items():
        if key in HISTORY_TABLES:
            df = read_table(file, *HISTORY_TABLES[key], problems=found, display=str(file))
            if df is not None:
                tables[key] = df
    if "scenario.aliases" in tables:
        tables = {key: resolve_aliases(df, read_aliases(tables["scenario.aliases"], found))
                  for key, df in tables.items()}
    problems += found.problems
    base_year = toml.data.get("scenario", {}).get("base_year")
    if isinstance(base_year, int):
        # With a table unreadable, its rows are not checked against the levels: only the levels are.
        _, in_history = read_history({} if found.problems else tables, levels, base_year)
        problems += [Problem(toml.where(p.where), p.message) if p.where.startswith("levels.") else p
                     for p in in_history]
    if "enrolment.history" in tables and "region" in tables["enrolment.history"].columns:
        regions = list(dict.fromkeys(tables["enrolment.history"]["region"]))
        problems += check_population_history(tables, levels, regions)
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    return History(path, toml.data, levels, tables)


def backtest_scenario(scenario: Union["Scenario", History], *, origins: Optional[tuple[int, int]] = None, max_lead: int = 5,
                      holdout: Optional[int] = None, draws: int = 0, seed: int = 1) -> pd.DataFrame:
    """Back-test the levels of ``scenario`` (a loaded scenario, or the :class:`History` of one)
    with its ratio method: progression and transition levels always, rate levels where the
    scenario gives a population history (``[population] history``; else ``attrs["notes"]`` says
    they are left out).

    ``origins`` (first, last) default to the fifth history year .. the year before the last;
    ``holdout`` H instead takes origins base_year − H .. base_year − 1, projected to the base year.
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
    population = scenario.tables.get("population.history")
    table = backtest(history, births, origins=chosen, max_lead=max_lead, horizon=horizon, levels=scenario.levels,
                     method=str(scenario.setting("enrolment", "method")), k=int(scenario.setting("enrolment", "k")),
                     alpha=float(scenario.setting("enrolment", "alpha")), draws=draws, seed=seed,
                     population=population)
    if population is None:
        table.attrs["notes"] = [f"{note}; [population] history = \"FILE.csv\" (region, year, age, count) gives it"
                                for note in table.attrs.get("notes", [])]
    return table
