# SPDX-License-Identifier: MIT
"""A programme's rules, read and checked once: stage years, budget, batch cap, weights, the
method, the candidates and the levers (DESIGN §2.4, §2.4b), as the engine takes them; and the
scenario's ``[programme]`` settings checked as :func:`edplan.capacity.schedule` reads them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems
from ..enrolment.levels import Level
from ..errors import InputError, Problem
from .levers import read_levers
from .projects import Projects, read_projects

__all__ = ["DEFAULT_STAGE_YEARS", "DEFAULT_WEIGHTS", "Rules", "check_settings", "year_keys"]

_STAGES = _core.capacity.StageYears()
_WEIGHTS = _core.capacity.Weights()
DEFAULT_STAGE_YEARS = (_STAGES.land_to_start, _STAGES.start_to_open)
"""Years from land to start and from start to opening when a level has none given (DESIGN §2.4):
(1, 2), the defaults of the engine's ``StageYears``."""
DEFAULT_WEIGHTS = {"unmet": _WEIGHTS.unmet, "cost": _WEIGHTS.cost, "stranded": _WEIGHTS.stranded,
                   "crowd": _WEIGHTS.crowd}
"""The engine's default ``Weights``: one unmet place-year weighs as much as ¥1 million of cost
or five stranded place-years; ``crowd`` None: a crowded pupil-year weighs half an unmet one."""


@dataclass
class Rules:
    """A programme's rules and candidates, read and checked once: the engine's arguments."""

    stages: list[_core.capacity.StageYears]
    """Stage years, one per level."""
    budget: list[float]
    """One budget for every year, or one per projection year."""
    max_per_batch: int
    """Candidates per batch; -1 for no cap."""
    weights: _core.capacity.Weights
    method: str = "heuristic"
    """"heuristic" (the engine) or "exact" (the MILP with HiGHS)."""
    time_limit: float = 60.0
    mip_rel_gap: float = 1e-6
    candidates: list[_core.capacity.Candidate] = field(default_factory=list)
    projects: Optional[Projects] = None
    """The projects table, for the planned projects of the batches."""
    levers: _core.capacity.Levers = field(default_factory=_core.capacity.Levers)
    """Conversions, temporary places and crowding (DESIGN §2.4b); empty: building alone."""

    @classmethod
    def settings(cls, problems: TableProblems, names: Sequence[str], base_year: int, horizon: int, *,
                 budget_per_year: Any, max_per_batch: Any, stage_years: Any = None, weights: Any = None,
                 method: Any = "heuristic", time_limit: float = 60.0, mip_rel_gap: float = 1e-6) -> "Rules":
        """The rules of :func:`schedule`'s arguments (or a scenario's ``[programme]``), every
        problem recorded in ``problems`` by the argument's name."""
        if method not in ("heuristic", "exact"):
            problems.add("method", f"got {method!r}; expected \"heuristic\" or \"exact\"")
        stages = _stage_years(stage_years, list(names), problems)
        w = _weights(weights, problems)
        budget = _budget(budget_per_year, base_year, horizon - base_year, problems)
        return cls(stages, budget, _cap(max_per_batch, problems), w, str(method), float(time_limit),
                   float(mip_rel_gap))

    def read_candidates(self, projects: pd.DataFrame, regions: Sequence, names: Sequence[str], base_year: int,
                        problems: TableProblems) -> None:
        """The candidates of the projects table (regions and levels as positions in ``regions``
        and ``names``), each from its earliest land year (default base_year + 1)."""
        p = read_projects(projects, regions, names, problems, candidates=True, base_year=base_year)
        if p is None:
            return
        rows = p.rows("candidate")
        land_min = np.where(np.isnan(p.land_year[rows]), base_year + 1, p.land_year[rows])
        self.projects = p
        self.candidates = [_core.capacity.Candidate(id=str(p.ids[i]), region=int(p.region[i]), level=int(p.level[i]),
                                                    places=float(p.places[i]), cost=float(p.cost[i]),
                                                    earliest_land_year=int(y))
                           for i, y in zip(rows, land_min) if p.region[i] >= 0 and p.level[i] >= 0]

    def read_levers(self, conversions: Optional[pd.DataFrame], temporary: Any, crowding: Any, regions: Sequence,
                    levels: Sequence[Level], problems: TableProblems, prefix: str = "") -> None:
        """The levers of :func:`schedule`'s arguments (or a scenario's ``[programme]``, with
        ``prefix="programme."`` before the settings' names)."""
        self.levers = read_levers(conversions, temporary, crowding, regions, [lv.name for lv in levels],
                                  {lv.name: lv.class_size for lv in levels}, problems, prefix)

    def choose(self, prog: _core.capacity.Programme
               ) -> tuple[np.ndarray, Optional[bool], str, _core.capacity.LeverPlan]:
        """The land years of the plan (-1: not chosen), whether it is proven optimal (None for
        the heuristic), the solver's status and the levers: the engine's heuristic, or the exact MILP."""
        return self.solve(prog)[:4]

    def solve(self, prog: _core.capacity.Programme
              ) -> tuple[np.ndarray, Optional[bool], str, _core.capacity.LeverPlan, Optional[float]]:
        """:meth:`choose`, with the lower bound on the objective HiGHS proved (exact; None for
        the heuristic, or when HiGHS had none within the time limit)."""
        if self.method == "exact":
            from .milp import solve_bounded

            s = solve_bounded(prog, self.stages, time_limit=self.time_limit, mip_rel_gap=self.mip_rel_gap)
            return np.asarray(s.land, dtype=int), s.optimal, s.status, s.plan, s.bound
        h = prog.schedule()
        return np.asarray(h.land_year, dtype=int), None, "heuristic", h.levers, None


def check_settings(section: Mapping[str, Any], level_names: Sequence[str], base_year: int, horizon: int) -> Rules:
    """The scenario's ``[programme]`` settings as :class:`Rules` (without candidates), checked as
    :func:`schedule` reads them; problems are named ``programme.<key>``."""
    problems = TableProblems()
    rules = Rules.settings(problems, level_names, base_year, horizon,
                           budget_per_year=year_keys(section.get("budget_per_year", float("inf"))),
                           max_per_batch=section.get("max_per_batch"), stage_years=section.get("stage_years"),
                           weights=section.get("weights"), method=section.get("method", "heuristic"))
    if problems.problems:
        raise InputError([Problem(f"programme.{p.where}", p.message) for p in problems.problems])
    return rules


def year_keys(budget: Any) -> Any:
    """A TOML budget table ``{ "2024" = ..., ... }`` with whole-year keys as ints."""
    if isinstance(budget, Mapping):
        return {int(k) if str(k).strip().isdigit() else k: v for k, v in budget.items()}
    return budget


def _stage_years(stage_years, names: Sequence[str], problems: TableProblems) -> list[_core.capacity.StageYears]:
    out = [_STAGES] * len(names)
    if stage_years is None:
        return out
    if isinstance(stage_years, Mapping):
        items = list(stage_years.items())
    else:
        items = [(name, stage_years) for name in names]
    for level, pair in items:
        key = f"stage_years.{level}" if isinstance(stage_years, Mapping) else "stage_years"
        if level not in names:
            problems.add(key, f"unknown level {level!r}; expected one of {', '.join(names)}")
            continue
        ok = (isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2
              and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and 0 <= v <= 50 for v in pair))
        if not ok:
            problems.add(key, f"got {pair!r}; expected [years land → start, years start → open] as whole years "
                         "0..50")
            if not isinstance(stage_years, Mapping):
                return out
            continue
        out[names.index(level)] = _core.capacity.StageYears(land_to_start=int(pair[0]), start_to_open=int(pair[1]))
    return out


def _weights(weights: Optional[Mapping[str, float]], problems: TableProblems) -> _core.capacity.Weights:
    out = dict(DEFAULT_WEIGHTS)
    if weights is None:
        return _WEIGHTS
    if not isinstance(weights, Mapping):
        problems.add("weights", f"got {weights!r}; expected {{\"unmet\": , \"cost\": , \"stranded\": , \"crowd\": }}")
        return _WEIGHTS
    for key, value in weights.items():
        if key not in out:
            problems.add(f"weights.{key}", "unknown weight; expected unmet, cost, stranded or crowd")
        elif key == "crowd" and value is None:
            continue
        elif isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not (0 <= value < np.inf):
            problems.add(f"weights.{key}", f"got {value!r}; expected a weight >= 0")
        else:
            out[key] = float(value)
    crowd = out.pop("crowd")
    return _core.capacity.Weights(**{k: float(v) for k, v in out.items() if v is not None},
                                  crowd=None if crowd is None else float(crowd))


def _budget(budget, base_year: int, T: int, problems: TableProblems) -> list[float]:
    years = range(base_year + 1, base_year + T + 1)
    if isinstance(budget, Mapping):
        missing = [y for y in years if y not in budget]
        if missing:
            problems.add("budget_per_year", f"no budget for {', '.join(map(str, missing[:6]))}"
                         f"{', ...' if len(missing) > 6 else ''}; expected one for every year {years[0]}..{years[-1]}")
        values = [budget.get(y, 0.0) for y in years]
    else:
        values = [budget]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not value >= 0:
            problems.add("budget_per_year", f"got {value!r}; expected a budget >= 0 (float('inf') for no limit)")
            return [0.0]
    return [float(v) for v in values]


def _cap(max_per_batch, problems: TableProblems) -> int:
    if max_per_batch is None:
        return -1
    if isinstance(max_per_batch, bool) or not isinstance(max_per_batch, (int, np.integer)) or max_per_batch < 0:
        problems.add("max_per_batch", f"got {max_per_batch!r}; expected a whole number of projects >= 0 (None: no cap)")
        return -1
    return int(max_per_batch)
