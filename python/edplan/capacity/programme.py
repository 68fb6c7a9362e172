# SPDX-License-Identifier: MIT
"""The "1+3" expansion programme (DESIGN §2.4): which candidate projects to build and when.

Quanzhou moves one list of school-building projects in three batches a year — one gets its
land, one starts building, one opens. :func:`schedule` chooses and times the candidates to
minimise ``w_unmet · Σ unmet place-years + w_cost · Σ cost + w_stranded · Σ surplus
place-years after the demand peak``, under a budget per year (counted in the start year) and
a cap on candidates per batch, and reports each year's three batches (``programme.csv``),
the deficit of every district and level before and after, its peak year and the places left
standing empty. ``method="heuristic"`` runs the C++ scheduler (greedy + local search);
``method="exact"`` solves the same problem as a MILP with HiGHS (:mod:`edplan.capacity.milp`).
With ``conversions``, ``temporary`` or ``crowding`` (DESIGN §2.4b, :mod:`edplan.capacity.levers`)
it weighs those levers too, under the same budget, and compares the plan with building alone.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems
from ..enrolment.levels import Level, default_levels
from ..errors import InputError, Problem
from .batches import batches_table
from .demand import Demand, read_demand
from .districts import Judged, district_tables
from .levers import level_comparison, lever_tables, read_levers
from .projects import Projects, read_projects
from .timeline import timeline

__all__ = ["DEFAULT_STAGE_YEARS", "DEFAULT_WEIGHTS", "Rules", "ScheduleResult", "check_settings", "schedule",
           "schedule_result"]

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
class ScheduleResult:
    """A schedule, its objective and the tables a planner reads."""

    objective: float
    """w_unmet · unmet + w_cost · cost + w_stranded · stranded."""
    unmet: float
    """Σ unmet place-years over all districts, levels and years (unweighted)."""
    cost: float
    """Σ cost of the chosen candidates."""
    stranded: float
    """Σ place-years of new places beyond need after each district and level's demand peak."""
    programme: pd.DataFrame
    """The chosen candidates: id, region, level, places, cost, land_year, start_year, open_year, lever
    (``build``: the lever of §2.4b that builds)."""
    batches: pd.DataFrame
    """programme.csv (DESIGN §3): year, batch (land / start / open), id, region, level, places,
    cost, status (planned / candidate) — planned projects included — for every projection year."""
    summary: pd.DataFrame
    """One row per district and level: peak_year, peak_demand, deficit_before and deficit_after
    (place-years), unavoidable (place-years no schedule can meet), worst-year deficits before
    and after, projects, new_places, cost, stranded (place-years), stranded_at_horizon and
    surplus_at_horizon (places), and a note saying why any deficit remains."""
    balance: pd.DataFrame
    """region, year, level, demand, existing, new_places, capacity, deficit_before,
    deficit_after, stranded: capacity before and after the programme, year by year."""
    shortfalls: pd.DataFrame
    """The summary rows whose deficit the schedule leaves (region, level, deficit_after,
    unavoidable, first_unmet_year, note): infeasible settings, not hidden."""
    method: str
    """"heuristic" or "exact"."""
    optimal: Optional[bool]
    """exact: whether HiGHS proved the schedule optimal; heuristic: None."""
    status: str
    """The solver's status: "heuristic", or HiGHS's model status."""
    seconds: float
    """Time spent choosing the schedule."""
    crowded: float = 0.0
    """Σ crowded pupil-years (pupils taught above the class-size norm, DESIGN §2.4b)."""
    ledger: pd.DataFrame = field(default_factory=pd.DataFrame)
    """region, level, year, demand, existing, new, temporary, converted_in, converted_out,
    capacity, crowded, unmet, stranded: capacity by lever, year by year (capacity = the sum of
    its parts)."""
    conversions: pd.DataFrame = field(default_factory=pd.DataFrame)
    """region, from_level, to_level, year, places, places_gained, cost: the conversions."""
    temporary: pd.DataFrame = field(default_factory=pd.DataFrame)
    """region, level, year, places, until_year, cost: the temporary places installed."""
    comparison: Optional[pd.DataFrame] = None
    """With levers: per level, unmet, crowded, stranded place-years and cost of the plan
    (``plan_*``) and of building alone (``alone_*``); None without levers."""


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
        if self.method == "exact":
            from .milp import solve

            land, optimal, status, plan = solve(prog, self.stages, time_limit=self.time_limit,
                                                mip_rel_gap=self.mip_rel_gap)
            return np.asarray(land, dtype=int), optimal, status, plan
        s = prog.schedule()
        return np.asarray(s.land_year, dtype=int), None, "heuristic", s.levers


def schedule(
    demand: pd.DataFrame,
    capacity: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    base_year: int,
    horizon: int,
    budget_per_year: Union[float, Mapping[int, float]],
    max_per_batch: Optional[int],
    stage_years: Union[None, Sequence[int], Mapping[str, Sequence[int]]] = None,
    weights: Optional[Mapping[str, float]] = None,
    method: str = "heuristic",
    levels: Optional[Sequence[Union[Level, str]]] = None,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
    conversions: Optional[pd.DataFrame] = None,
    temporary: Optional[Mapping[str, Mapping[str, Any]]] = None,
    crowding: Optional[Mapping[str, float]] = None,
) -> ScheduleResult:
    """Chooses and times candidate projects (DESIGN §2.4).

    Args:
        demand: region, level, year, ``demand`` (or ``pupils``, as in
            :attr:`edplan.enrolment.EnrolmentResult.totals`); every (region, level) that has
            rows needs every year ``base_year + 1 .. horizon`` (other years are ignored).
        capacity: region, level, places — the base year.
        projects: id, name, region, level, places, cost, status, [land_year], [start_year],
            [open_year]. ``planned`` projects and ``closure`` rows change existing capacity from
            ``open_year``; ``candidate`` rows are the scheduler's choice, each with a cost and,
            in ``land_year``, the earliest year it can get land (default ``base_year + 1``).
        base_year, horizon: candidates get land from ``base_year + 1`` and must open by ``horizon``.
        budget_per_year: the most the candidates starting in one year may cost, the same every
            year or ``{year: budget}`` for every projection year; ``float("inf")`` for none.
        max_per_batch: at most this many candidates get land, start and open in any year
            (planned projects do not count); None for no cap.
        stage_years: years land → start and start → open, ``{level: (L, B)}`` (levels not
            named get (1, 2)) or one ``(L, B)`` for all.
        weights: ``{"unmet": , "cost": , "stranded": , "crowd": }``; missing keys take
            :data:`DEFAULT_WEIGHTS` (``crowd``: half of ``unmet``).
        method: ``"heuristic"`` (C++) or ``"exact"`` (MILP, needs ``highspy``).
        levels: level names (or :class:`~edplan.enrolment.Level`) allowed in the tables; default
            kindergarten, primary, junior, senior.
        time_limit, mip_rel_gap: ``method="exact"`` only: HiGHS's time limit (s) and relative gap.
        conversions: from_level, to_level, [ratio], cost_per_place, [region]: places of one level
            that may become places of another (ratio blank: class_size(to) / class_size(from)),
            in a region or (region blank) in every region (DESIGN §2.4b).
        temporary: ``{level: {"cost_per_place_year": , "lifetime": 3, "max_share": 0.1}}``.
        crowding: ``{level: φ}``: pupils above the class-size norm, up to φ · existing places.

    Raises:
        InputError: every problem in the tables and settings at once.
    """
    known = {lv.name: lv for lv in default_levels(senior=True)}
    objs = [lv if isinstance(lv, Level) else known.get(str(lv), Level(str(lv))) for lv in
            (levels or default_levels(senior=True))]
    names = [lv.name for lv in objs]
    problems = TableProblems()
    whole = (int, np.integer)
    if not (isinstance(base_year, whole) and isinstance(horizon, whole) and horizon > base_year):
        problems.add("horizon", f"got base_year {base_year!r} and horizon {horizon!r}; expected whole years with "
                     "horizon > base_year")
        problems.raise_if_any()
    T = int(horizon) - int(base_year)
    rules = Rules.settings(problems, names, int(base_year), int(horizon), budget_per_year=budget_per_year,
                           max_per_batch=max_per_batch, stage_years=stage_years, weights=weights, method=method,
                           time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    dem = read_demand(demand, names, problems, years=(int(base_year) + 1, int(horizon)))
    problems.raise_if_any()
    assert dem is not None  # None only with a problem recorded
    rules.read_candidates(projects, dem.regions, names, int(base_year), problems)
    rules.read_levers(conversions, temporary, crowding, dem.regions, objs, problems)
    problems.raise_if_any()
    existing, _ = timeline(capacity, projects, regions=dem.regions, levels=names, first_year=int(base_year) + 1,
                           years=T)
    stages, candidates = rules.stages, rules.candidates
    prog = _core.capacity.Programme(dem.values, existing, candidates, stages, base_year=int(base_year),
                                    budget=rules.budget, max_per_batch=rules.max_per_batch, weights=rules.weights,
                                    levers=rules.levers)
    t0 = time.perf_counter()
    land, optimal, status, plan = rules.choose(prog)
    seconds = time.perf_counter() - t0
    judged = Judged(candidates, land, prog.evaluate([int(y) for y in land], plan), prog.need, prog.peak,
                    prog.unmet_floor(), prog.windows)
    assert rules.projects is not None  # read with the candidates
    result = schedule_result(dem, names, existing, judged, rules.projects, stages, int(base_year), int(horizon),
                             method=method, optimal=optimal, status=status, seconds=seconds, levers=rules.levers,
                             plan=plan)
    if has_levers(rules.levers):
        alone = schedule(demand, capacity, projects, base_year=base_year, horizon=horizon,
                         budget_per_year=budget_per_year, max_per_batch=max_per_batch, stage_years=stage_years,
                         weights=weights, method=method, levels=objs, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
        result.comparison = compare_with_building(result, alone)
    return result


def has_levers(levers: _core.capacity.Levers) -> bool:
    """True when the levers are more than building alone."""
    return bool(levers.conversions) or any(t is not None for t in levers.temporary) or any(levers.crowding)


def compare_with_building(plan: ScheduleResult, alone: ScheduleResult) -> pd.DataFrame:
    """Per level, the plan against building alone (see :attr:`ScheduleResult.comparison`)."""
    def parts(r: ScheduleResult) -> dict[str, pd.DataFrame]:
        return {"ledger": r.ledger, "programme": r.programme, "conversions": r.conversions, "temporary": r.temporary}
    return level_comparison(parts(plan), parts(alone))


def schedule_result(dem: Demand, names: Sequence[str], existing: np.ndarray, judged: Judged, projects: Projects,
                    stages: Sequence[_core.capacity.StageYears], base_year: int, horizon: int, *, method: str,
                    optimal: Optional[bool], status: str, seconds: float,
                    levers: Optional[_core.capacity.Levers] = None, plan: Any = None) -> ScheduleResult:
    """A plan the engine judged, as the tables a planner reads: the chosen candidates, the
    batches of every year (with ``projects``' planned ones), the districts before and after and,
    from ``plan`` (a ``LeverPlan``) and ``levers``, the ledger, conversions and temporary places."""
    land = np.asarray(judged.land_years)
    chosen = [judged.candidates[int(k)] for k in np.flatnonzero(land >= 0)]
    programme = pd.DataFrame({
        "id": [c.id for c in chosen],
        "region": [dem.regions[c.region] for c in chosen],
        "level": [names[c.level] for c in chosen],
        "places": [c.places for c in chosen],
        "cost": [c.cost for c in chosen],
        "land_year": land[land >= 0].astype(int),
    })
    programme["start_year"] = programme["land_year"] + np.array([stages[c.level].land_to_start for c in chosen],
                                                                dtype=int)
    programme["open_year"] = programme["start_year"] + np.array([stages[c.level].start_to_open for c in chosen],
                                                                dtype=int)
    programme["lever"] = "build"
    programme = programme.sort_values(["land_year", "region", "level", "id"], ignore_index=True)
    batches = batches_table(programme, projects, dem.regions, names, stages, base_year, horizon)
    summary, balance, shortfalls = district_tables(dem, names, existing, judged, programme)
    totals = judged.outcome.totals
    levers = levers if levers is not None else _core.capacity.Levers()
    if plan is None:
        R, T, L = dem.values.shape
        plan = _core.capacity.LeverPlan(np.zeros((R, len(levers.conversions), T)), np.zeros((R, T, L)))
    r_pos = {r: i for i, r in enumerate(dem.regions)}
    present = sorted((r_pos[r], names.index(lv)) for r, lv in dem.present.itertuples(index=False))
    ledger, conversions, temporary = lever_tables(dem.regions, names, dem.first_year, dem.values, existing, levers,
                                                  plan, judged.outcome, present)
    return ScheduleResult(totals.objective, totals.unmet, totals.cost, totals.stranded, programme, batches, summary,
                          balance, shortfalls, method, optimal, status, seconds, totals.crowded, ledger, conversions,
                          temporary)


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
