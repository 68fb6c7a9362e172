# SPDX-License-Identifier: MIT
"""The edge of the chain: the engine's arrays (``_core.scenario.Results``) become the tables of
a run, once, each by the builder of the module that owns it — the same builders its public
functions use, so that a run's tables equal those of calling the modules one by one.

Tables by region and year follow the scenario's region order (population, births, demand);
the balance, the programme, kindergarten and coverage tables are by region name, as their
modules order them: their arrays are put in name order here first."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from ..capacity.balance import balance_tables
from ..capacity.demand import Demand
from ..capacity.districts import Judged
from ..capacity.preschool import preschool_result
from ..capacity.programme import ScheduleResult, compare_with_building, has_levers, schedule_result
from ..capacity.teachers import teacher_tables
from ..coverage.metrics import coverage_result
from ..coverage.recommend import recommendation_table
from ..enrolment.projection import enrolment_result
from ..population import births_frame, to_frame
from ..targets.assess_table import assessment_table
from ..targets.workplan import workplan_table

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .load import Scenario

__all__ = ["Schedule", "tables"]


@dataclasses.dataclass(frozen=True)
class Schedule:
    """How the programme's schedule was chosen (the engine only judges it)."""

    method: str
    """"heuristic" or "exact"."""
    optimal: Optional[bool]
    status: str
    seconds: float


def _permuted(obj: Any, names: tuple[str, ...], order: np.ndarray) -> SimpleNamespace:
    """The (R, ...) arrays ``names`` of ``obj`` with their regions in ``order``."""
    return SimpleNamespace(**{name: np.asarray(getattr(obj, name))[order] for name in names})


def tables(scenario: "Scenario", engine: Any, quantiles: tuple[float, ...],
           schedule: Optional[Schedule], alone: "Optional[Future[Alone]]" = None
           ) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Every table of a run (by output name) and the extras (``schedule``: the
    :class:`~edplan.capacity.ScheduleResult`) from the engine's results (``alone``: building
    alone's plan, begun beside the engine by :func:`building_alone`, where it was)."""
    parts = scenario.parts
    assert parts is not None  # a loaded scenario has its parts
    regions, levels, names = list(scenario.regions), scenario.levels, [lv.name for lv in scenario.levels]
    base_year, horizon = scenario.base_year, scenario.horizon
    r = engine.regions
    out: dict[str, pd.DataFrame] = {}
    extras: dict[str, Any] = {}
    out["population"] = to_frame(r.population, base_year=base_year, regions=regions)
    out["births"] = births_frame(r.births, scenario.chain.births, base_year=base_year, regions=regions)
    intervals = r.intervals
    e = r.enrolment
    result = enrolment_result(parts.enrolment, levels, e.pupils, e.ratios, e.observed,
                              None if intervals is None else intervals.grades,
                              None if intervals is None else intervals.levels, base_year, horizon, quantiles,
                              e.methods)
    out["demand"], out["totals"], out["ratios"] = result.demand, result.totals, result.ratios

    # the tables by region name
    order = np.array(sorted(range(len(regions)), key=lambda i: str(regions[i])), dtype=np.int64)
    position = np.empty(len(regions), dtype=np.int64)
    position[order] = np.arange(len(regions))
    by_name = [regions[i] for i in order]
    totals = np.asarray(r.totals)[order]
    pairs = pd.DataFrame({"region": np.repeat(np.asarray(regions, dtype=object), len(names)),
                          "level": np.tile(np.asarray(names, dtype=object), len(regions))})
    demand = Demand(by_name, base_year + 1, totals, pairs)
    places = engine.places
    if places is not None:
        capacity = np.asarray(places.capacity)[order]
        classes = None if places.classes is None else np.asarray(places.classes)[order]
        b = _permuted(places.balance, ("surplus", "deficit", "utilisation", "classes_needed", "large_classes"), order)
        peaks = np.asarray(places.peaks)[order]
        bal = balance_tables(demand, names, capacity, classes, b, peaks)
        out["balance"], out["peaks"] = bal.table, bal.peaks
        if engine.programme is not None and parts.rules is not None and schedule is not None:
            extras["schedule"] = _schedule(scenario, engine.programme, demand, capacity, peaks, order, position,
                                           schedule, alone)
            s = extras["schedule"]
            out["programme"], out["schedule"], out["programme_balance"] = s.batches, s.summary, s.balance
            if s.comparison is not None:
                out["ledger"], out["conversions"], out["temporary"] = s.ledger, s.conversions, s.temporary
                out["levers"] = s.comparison
    k = engine.preschool
    if k is not None and parts.kindergartens is not None:
        Tk = np.asarray(k.demand).shape[1]
        shares = _permuted(k.shares, ("pupils", "unplaced", "public_share", "inclusive_share", "public_places_needed",
                                      "inclusive_places_needed", "nursery_convertible", "nursery_demand"), order)
        pre = preschool_result(by_name, list(range(k.first_year, k.first_year + Tk)), np.asarray(k.demand)[order],
                               np.asarray(k.places)[order], shares, parts.kindergartens.goal)
        out["preschool"], out["preschool_total"], out["preschool_targets"] = pre.table, pre.total, pre.targets
    c = engine.coverage
    if c is not None and parts.coverage is not None:
        cv = parts.coverage
        older = np.asarray(c.older)
        years = np.arange(base_year, base_year + older.shape[1])
        cov = coverage_result(cv.inputs, years, np.ascontiguousarray(older.T), c.metrics, cv.targets)
        out["coverage"], out["coverage_total"], out["coverage_areas"] = cov.regions, cov.total, cov.areas
        if c.recommended is not None and cv.recommend is not None:
            out["recommended_sites"] = recommendation_table(c.recommended, cv.recommend)
    if parts.teachers is not None:
        plan = teacher_tables(parts.teachers, regions, np.asarray(r.totals), base_year)
        out["teachers"], out["teacher_flows"] = plan.table, plan.flows
    if engine.targets is not None and parts.series is not None:
        out["targets"] = assessment_table(parts.series, engine.targets, str(scenario.setting("targets", "method")))
    if engine.workplan is not None and parts.tracking is not None:
        out["workplan"] = workplan_table(parts.tracking.plan, engine.workplan)
    return out, extras


@dataclasses.dataclass(frozen=True)
class Alone:
    """Building alone's plan: the ``Programme`` it was chosen on (its demand and existing places
    kept to check that they are the run's), the land years, optimality, status and (empty) lever plan."""

    demand: np.ndarray
    existing: np.ndarray
    programme: Any
    land: np.ndarray
    optimal: Optional[bool]
    status: str
    levers: Any

    def fits(self, demand: np.ndarray, existing: np.ndarray) -> bool:
        """Whether this plan was chosen on ``demand`` and ``existing`` places."""
        return np.array_equal(self.demand, demand) and np.array_equal(self.existing, existing)


def building_alone(scenario: "Scenario", demand: np.ndarray, existing: np.ndarray) -> Alone:
    """The plan of building alone — the programme without its levers, by the scenario's method —
    on ``demand`` and ``existing`` places, (R, T, L) with the regions in name order: what the
    levers are compared against. The engine's scheduler releases the GIL, so that a run
    computes this on a second thread while the engine schedules the plan with levers."""
    parts = scenario.parts
    assert parts is not None and parts.rules is not None  # a programme has its rules
    rules = parts.rules
    position = name_positions([str(r) for r in scenario.regions])
    candidates = [_core.capacity.Candidate(id=c.id, region=int(position[c.region]), level=c.level, places=c.places,
                                           cost=c.cost, earliest_land_year=c.earliest_land_year)
                  for c in rules.candidates]
    prog = _core.capacity.Programme(demand, existing, candidates, rules.stages, base_year=scenario.base_year,
                                    budget=rules.budget, max_per_batch=rules.max_per_batch, weights=rules.weights)
    land, optimal, status, none = dataclasses.replace(rules, levers=_core.capacity.Levers()).choose(prog)
    return Alone(demand, existing, prog, land, optimal, status, none)


def name_positions(names: list[str]) -> np.ndarray:
    """Each region's position in name order (the order the balance and the programme use)."""
    order = np.array(sorted(range(len(names)), key=lambda i: names[i]), dtype=np.int64)
    position = np.empty(len(names), dtype=np.int64)
    position[order] = np.arange(len(names))
    return position


def _schedule(scenario: "Scenario", judged: Any, demand: Demand, existing: np.ndarray, peaks: np.ndarray,
              order: np.ndarray, position: np.ndarray, schedule: Schedule,
              alone: "Optional[Future[Alone]]" = None) -> ScheduleResult:
    """The programme's tables, its arrays in name order and its candidates' regions renumbered;
    ``alone``: building alone's plan, when it was begun beside the engine's run (chosen here
    when it was not, or on other arrays than the run's)."""
    rules = scenario.parts.rules if scenario.parts is not None else None
    assert rules is not None and rules.projects is not None  # a programme has its rules
    candidates = [_core.capacity.Candidate(id=c.id, region=int(position[c.region]), level=c.level, places=c.places,
                                           cost=c.cost, earliest_land_year=c.earliest_land_year)
                  for c in rules.candidates]
    outcome = _permuted(judged.outcome, ("new_places", "unmet", "stranded", "temporary", "converted_in",
                                         "converted_out", "crowded"), order)
    outcome.totals = judged.outcome.totals
    plan = _permuted(judged.levers, ("converted", "temporary"), order)
    valid = rules.projects.region >= 0
    projects = dataclasses.replace(rules.projects, region=np.where(valid, position[np.where(valid, rules.projects.region,
                                                                                               0)], -1))
    names = [lv.name for lv in scenario.levels]
    result = schedule_result(demand, names, existing,
                             Judged(candidates, np.asarray(judged.land_years), outcome,
                                    np.asarray(judged.need)[order], peaks, np.asarray(judged.floor)[order],
                                    np.asarray(judged.windows)),
                             projects, rules.stages, scenario.base_year, scenario.horizon, method=schedule.method,
                             optimal=schedule.optimal, status=schedule.status, seconds=schedule.seconds,
                             levers=rules.levers, plan=plan)
    if has_levers(rules.levers):
        # building alone, on the same demand, places and candidates, by the same method (begun
        # while the engine ran, when the chain could start it: see :func:`building_alone`)
        begun = alone.result() if alone is not None else None
        a = begun if begun is not None and begun.fits(demand.values, existing) else \
            building_alone(scenario, demand.values, existing)
        prog = a.programme
        alone_result = schedule_result(demand, names, existing,
                                       Judged(candidates, a.land, prog.evaluate([int(y) for y in a.land], a.levers),
                                              prog.need, prog.peak, prog.unmet_floor(), prog.windows),
                                       projects, rules.stages, scenario.base_year, scenario.horizon,
                                       method=schedule.method, optimal=a.optimal, status=a.status, seconds=0.0)
        result.comparison = compare_with_building(result, alone_result)
    return result
