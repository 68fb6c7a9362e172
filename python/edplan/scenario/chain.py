# SPDX-License-Identifier: MIT
"""The one chain of a scenario run: the scenario's arrays through the engine's
``edplan::scenario`` (population → enrolment and its intervals → balance → expansion programme
→ kindergarten shares → elder-education coverage → targets and the work plan), the exact
programme chosen here with HiGHS when the scenario asks for it. A local run and each Dask chunk
call the same two steps: :func:`project_regions` (any slice of the regions) and :func:`finish`."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from .. import _core
from ..enrolment.levels import Level
from ..errors import InputError
from ..enrolment.tables import Arrays, interval_warnings
from ..population import ProjectionInputs
from .results import Results
from .settings import MAX_DRAWS
from .tables import Alone, Schedule, building_alone, name_positions, tables

if TYPE_CHECKING:
    from .load import Scenario

__all__ = ["RegionInputs", "engine_inputs", "finish", "project_regions", "run", "run_options"]


def run_options(scenario: "Scenario", *, draws: Optional[int] = None, seed: Optional[int] = None,
                threads: int = 0) -> Any:
    """The engine's ``RunOptions``: draws and seed as given, else the scenario's ``[uncertainty]``."""
    def setting(key: str) -> Any:
        return scenario.setting("uncertainty", key)

    problems = []
    if draws is not None and not (isinstance(draws, int) and 0 <= draws <= MAX_DRAWS):
        problems.append(("draws", f"got {draws!r}; expected a number of draws 0..{MAX_DRAWS:,}"))
    if seed is not None and not (isinstance(seed, int) and 0 <= seed < 2**64):
        problems.append(("seed", f"got {seed!r}; expected a whole number 0 .. 2**64 - 1"))
    if problems:
        raise InputError(problems)
    return _core.scenario.RunOptions(
        draws=int(setting("draws") if draws is None else draws), seed=int(setting("seed") if seed is None else seed),
        quantiles=[float(q) for q in setting("quantiles")], tfr_sd=float(setting("tfr_sd")),
        migration_sd=float(setting("migration_sd")), threads=int(threads))


@dataclass(frozen=True)
class RegionInputs:
    """What :func:`project_regions` reads — population and enrolment arrays by region — as plain
    data that a Dask worker can be sent; :meth:`engine` makes the engine's ``Scenario`` of it."""

    name: str
    base_year: int
    horizon: int
    regions: list[str]
    chain: ProjectionInputs
    levels: list[Level]
    enrolment: Arrays
    ratio: tuple[str, int, float]
    """The ratio method: rule, k, alpha."""
    ramp: float

    @classmethod
    def of(cls, scenario: "Scenario") -> "RegionInputs":
        """The region-by-region inputs of a loaded scenario."""
        assert scenario.parts is not None  # a loaded scenario has its parts
        setting = scenario.setting
        return cls(scenario.name, scenario.base_year, scenario.horizon, [str(r) for r in scenario.regions],
                   scenario.chain, list(scenario.levels), scenario.parts.enrolment,
                   (str(setting("enrolment", "method")), int(setting("enrolment", "k")),
                    float(setting("enrolment", "alpha"))), float(setting("enrolment", "ramp")))

    def engine(self, **parts: Any) -> Any:
        """The engine's ``Scenario`` of these inputs and the optional ``parts`` (places, programme, ...)."""
        c, a = self.chain, self.enrolment
        rule, k, alpha = self.ratio
        return _core.scenario.Scenario(
            name=self.name, base_year=self.base_year, horizon=self.horizon, regions=self.regions,
            population=_core.population.ProjectionInputs(base=c.base, survival=c.survival, fertility=c.fertility,
                                                         migration=c.migration, births=c.births),
            srb=float(c.srb), birth_survival=tuple(c.birth_survival), levels=[level.spec() for level in self.levels],
            history=a.history, births_first_year=a.births_first_year, births=a.births,
            dwellings_first_year=a.dwellings_first_year, dwellings=a.dwellings,
            enrolment=_core.enrolment.EnrolmentOptions(
                method=_core.enrolment.RatioMethod(rule=rule, k=k, alpha=alpha), ramp=self.ramp),
            **parts)


def engine_inputs(scenario: "Scenario") -> Any:
    """The whole scenario as the engine's ``Scenario``: its arrays, read at load."""
    parts = scenario.parts
    assert parts is not None  # a loaded scenario has its parts
    return RegionInputs.of(scenario).engine(
        places=_places(parts), programme=_programme(parts), preschool=_preschool(scenario),
        coverage=_coverage(parts), targets=_targets(scenario), workplan=_workplan(scenario))


def _places(parts: Any) -> Any:
    p = parts.places
    return None if p is None else _core.scenario.Places(base=p.base, classes=p.classes, changes=p.changes)


def _programme(parts: Any) -> Any:
    r = parts.rules
    if r is None or parts.places is None:
        return None
    return _core.scenario.Programme(candidates=r.candidates, stages=r.stages, budget=r.budget,
                                    max_per_batch=r.max_per_batch, weights=r.weights, levers=r.levers)


def _preschool(scenario: "Scenario") -> Any:
    k = scenario.parts.kindergartens if scenario.parts is not None else None
    if k is None:
        return None
    goal = k.goal
    return _core.scenario.Preschool(
        level=[lv.name for lv in scenario.levels].index("kindergarten"), places=k.places, pupils=k.pupils,
        changes=k.changes, fill=k.fill,
        targets=_core.capacity.ShareTargets(public_share=float(goal["public_share"]),
                                            inclusive_share=float(goal["inclusive_share"])),
        norm=k.norm)


def _coverage(parts: Any) -> Any:
    from ..coverage.metrics import metric_arrays
    from ..coverage.recommend import recommendation_arrays

    cv = parts.coverage
    if cv is None:
        return None
    recommend = None
    if cv.recommend is not None:
        links = None if cv.reach is None else cv.reach.matrix  # the links without the candidates' minutes
        recommend = _core.scenario.Recommendation(**recommendation_arrays(cv.recommend, links), new_sites=cv.new_sites,
                                                  year=cv.recommend_year)
    arrays = metric_arrays(cv.inputs, max_cost=cv.max_cost, decay=cv.decay, targets=cv.targets)
    regions_sorted = list(parts.enrolment.regions) == sorted(parts.enrolment.regions, key=str)
    return _core.scenario.Coverage(
        **arrays, area_home=cv.area_home, area_population=cv.inputs.population[0], older_age=cv.older_age,
        # pandas summed the population table by (region, year) with np.add.reduceat when the
        # regions are in name order (each group one run of rows), else with Kahan's loop
        older_sum="reduceat" if regions_sorted else "kahan", recommend=recommend)


def _targets(scenario: "Scenario") -> Any:
    s = scenario.parts.series if scenario.parts is not None else None
    if s is None:
        return None
    return _core.scenario.Targets(
        years=s.years, values=s.values, offsets=s.offsets, target=s.target, target_year=s.target_year,
        baseline_year=s.baseline_year, direction=s.direction, limit=s.limit,
        options=_core.targets.AssessOptions(method=str(scenario.setting("targets", "method"))))


def _workplan(scenario: "Scenario") -> Any:
    from ..targets.workplan import tracking_options
    from .settings import as_of as day_of

    t = scenario.parts.tracking if scenario.parts is not None else None
    if t is None:
        return None
    target, start, deadline, item, day, count = t.columns()
    as_of = day_of(scenario.settings)
    return _core.scenario.WorkPlan(target=target, start=start, deadline=deadline, labels=list(t.plan["id"]),
                                   item=item, day=day, count=count,
                                   options=tracking_options(as_of, "cumulative", _core.targets.TrackOptions().at_risk))


def project_regions(engine: Any, options: Any, first: int = 0, count: int = -1) -> Any:
    """Population, pupils and intervals of regions ``first .. first + count − 1`` (all by default):
    the step a local run takes over all regions and a Dask worker over its chunk."""
    return _core.scenario.project_regions(engine, options, first, count)


def run(scenario: "Scenario", *, draws: Optional[int], seed: Optional[int], threads: int,
        progress: Optional[Callable[[str], None]]) -> Results:
    """The whole chain over all regions (see :meth:`edplan.Scenario.run`)."""
    say = progress or (lambda stage: None)
    options = run_options(scenario, draws=draws, seed=seed, threads=threads)
    say("population, enrolment" + (f" ({options.draws} draws)" if options.draws else ""))
    # the engine's inputs made again by finish, so that none is held here once it has run and
    # the scenario's travel links can go before the tables are made (see finish)
    regions = project_regions(engine_inputs(scenario), options)
    return finish(scenario, options, regions, say)


def finish(scenario: "Scenario", options: Any, regions: Any, say: Callable[[str], None],
           engine: Any = None) -> Results:
    """The steps that join the regions — balance, programme, kindergarten shares, coverage,
    targets — on the regions' results, then the tables. Once the engine has run, a scenario's
    travel links are let go (built again when read again: ``ScenarioCoverage.release_links``),
    the report's distances to the nearest site taken from them first (extras
    ``nearest_distance_shares``): the tables and the files are made without them in memory."""
    engine = engine if engine is not None else engine_inputs(scenario)
    rules = scenario.parts.rules if scenario.parts is not None else None
    schedule = None
    if rules is not None and scenario.parts is not None and scenario.parts.places is not None:
        say("programme")
        t0 = time.perf_counter()
        if rules.method == "exact":
            land, optimal, status, plan = rules.choose(_programme_problem(scenario, regions))
            position = _name_positions(scenario)
            options = _core.scenario.RunOptions(
                draws=options.draws, seed=options.seed, quantiles=options.quantiles, tfr_sd=options.tfr_sd,
                migration_sd=options.migration_sd, land_years=[int(y) for y in land], threads=options.threads,
                levers=_core.capacity.LeverPlan(np.asarray(plan.converted)[position],
                                                np.asarray(plan.temporary)[position]))
            schedule = Schedule("exact", optimal, status, time.perf_counter() - t0)
    say("balance, programme, kindergartens, coverage, targets")
    with ThreadPoolExecutor(max_workers=1) as pool:
        alone = _begin_building_alone(scenario, regions, pool)
        t0 = time.perf_counter()
        out = _core.scenario.finish(engine, options, regions)
        del engine  # it refers to the links
        if rules is not None and schedule is None:
            schedule = Schedule("heuristic", None, "heuristic", time.perf_counter() - t0)
        nearest = _nearest_distance_shares(scenario, out)
        if scenario.parts is not None and scenario.parts.coverage is not None:
            scenario.parts.coverage.release_links()
        say("tables")
        built, extras = tables(scenario, out, tuple(options.quantiles), schedule, alone)
        if nearest is not None:
            extras["nearest_distance_shares"] = nearest
    names = [str(r) for r in scenario.regions]
    warnings = list(scenario.warnings) + _named(regions.warnings, names)
    if out.regions.intervals is not None:
        warnings += interval_warnings(names, scenario.levels, list(range(scenario.base_year + 1, scenario.horizon + 1)),
                                      np.asarray(out.regions.intervals.errors))
    say("done")
    return Results(scenario=scenario, tables=built, draws=int(options.draws), seed=int(options.seed),
                   warnings=warnings, extras=extras, engine=out)


def _named(lines: list[str], names: list[str]) -> list[str]:
    """The engine's warnings about regions by index ("region 3, step 2: ...") with each region's
    name in place of its index, in region order; lines about no region are left out."""
    by_region: dict[str, list[str]] = {}
    for line in lines:
        by_region.setdefault(line.partition(",")[0], []).append(line)
    return [line.replace(f"region {i},", f"{name},") for i, name in enumerate(names)
            for line in by_region.get(f"region {i}", ())]


def _nearest_distance_shares(scenario: "Scenario", out: Any) -> Any:
    """The older population by distance to the nearest open site in the first and last years
    (:func:`~edplan.coverage.equity.nearest_distance_shares`), as the report shows it, or None
    without coverage."""
    from ..coverage.equity import nearest_distance_shares

    cv = scenario.parts.coverage if scenario.parts is not None else None
    if cv is None or out.coverage is None:
        return None
    older = np.asarray(out.coverage.older)  # (areas, years from the base year)
    last = older.shape[1] - 1
    people = older[:, [0, last]].T
    # as the report took them from the per-area table: a pivot, whose missing cells are 0
    people = np.where(np.isnan(people), 0.0, people)
    years = [scenario.base_year, scenario.base_year + last]
    return nearest_distance_shares(cv.inputs.cost, cv.inputs.sites["open_year"].to_numpy(float), people, years)


def _programme_problem(scenario: "Scenario", regions: Any) -> Any:
    """The engine's ``Programme`` of the projected demand against existing places, for the MILP:
    the regions in name order, as :func:`edplan.capacity.schedule` poses it, so that HiGHS solves
    the very same model (the land years are per candidate, whatever the regions' order)."""
    parts = scenario.parts
    assert parts is not None and parts.places is not None and parts.rules is not None
    r, p = parts.rules, parts.places
    T = scenario.horizon - scenario.base_year
    position = _name_positions(scenario)
    order = np.argsort(position)
    existing = _core.capacity.timeline(p.base, p.changes, first_year=scenario.base_year + 1, years=T)
    candidates = [_core.capacity.Candidate(id=c.id, region=int(position[c.region]), level=c.level, places=c.places,
                                           cost=c.cost, earliest_land_year=c.earliest_land_year) for c in r.candidates]
    return _core.capacity.Programme(np.asarray(regions.totals)[order], np.asarray(existing)[order], candidates,
                                    r.stages, base_year=scenario.base_year, budget=r.budget,
                                    max_per_batch=r.max_per_batch, weights=r.weights,
                                    levers=_core.capacity.Levers(
                                        conversions=[_core.capacity.Conversion(
                                            from_level=c.from_level, to_level=c.to_level, ratio=c.ratio,
                                            cost_per_place=c.cost_per_place,
                                            region=int(position[c.region]) if c.region >= 0 else -1)
                                            for c in r.levers.conversions],
                                        temporary=r.levers.temporary, crowding=r.levers.crowding))


def _name_positions(scenario: "Scenario") -> Any:
    """Each region's position in name order (the order :func:`edplan.capacity.schedule` uses)."""
    return name_positions([str(x) for x in scenario.regions])


def _begin_building_alone(scenario: "Scenario", regions: Any, pool: ThreadPoolExecutor) -> "Optional[Future[Alone]]":
    """Building alone's plan, begun on ``pool`` beside the engine's run when the programme has
    levers to compare with it (None otherwise): on the projected demand and the places without
    programme, as the tables will pose it — :func:`~.tables.building_alone` checks that they do."""
    from ..capacity.programme import has_levers

    parts = scenario.parts
    if parts is None or parts.rules is None or parts.places is None or not has_levers(parts.rules.levers):
        return None
    order = np.argsort(_name_positions(scenario))
    p = parts.places
    existing = _core.capacity.timeline(p.base, p.changes, first_year=scenario.base_year + 1,
                                       years=scenario.horizon - scenario.base_year)
    return pool.submit(building_alone, scenario, np.asarray(regions.totals)[order], np.asarray(existing)[order])
