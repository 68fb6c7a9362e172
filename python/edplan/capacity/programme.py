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
from .batches import batches_table
from .demand import Demand, read_demand
from .districts import Judged, district_tables
from .levers import level_comparison, lever_tables
from .projects import Projects
from .rules import DEFAULT_STAGE_YEARS, DEFAULT_WEIGHTS, Rules, check_settings
from .timeline import timeline

__all__ = ["DEFAULT_STAGE_YEARS", "DEFAULT_WEIGHTS", "Rules", "ScheduleResult", "check_settings", "schedule",
           "schedule_result"]


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
    bound: Optional[float] = None
    """exact: the lower bound on the objective HiGHS proved (its MIP dual bound, within
    ``mip_rel_gap`` of the objective when optimal), so that a plan stopped by the time limit
    says how far it may be from the optimum; None for the heuristic or without a bound."""


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
    land, optimal, status, plan, bound = rules.solve(prog)
    seconds = time.perf_counter() - t0
    judged = Judged(candidates, land, prog.evaluate([int(y) for y in land], plan), prog.need, prog.peak,
                    prog.unmet_floor(), prog.windows)
    assert rules.projects is not None  # read with the candidates
    result = schedule_result(dem, names, existing, judged, rules.projects, stages, int(base_year), int(horizon),
                             method=method, optimal=optimal, status=status, seconds=seconds, levers=rules.levers,
                             plan=plan)
    result.bound = bound
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
