# SPDX-License-Identifier: MIT
"""Kindergarten sector shares (DESIGN §2.5): 公办率 and 普惠率 as demand falls.

Kindergarten demand per district and year fills public places first, then recognised
inclusive private places, then other private places (``fill="public_first"``), or all sectors
in proportion to their places (``"proportional"``). Places come from the kindergartens table
(base year) plus kindergarten projects opened by the year, which are public. The table gives
the shares against the county standards (public ≥ 50%, inclusive ≥ 90% by default), the
places still needed to reach them, and the nursery places for under-3s that empty kindergarten
classrooms could host against the norm of 4.5 per 1,000 residents.

``nursery_convertible`` counts whole classrooms: the empty places of all sectors (places −
placed pupils) divided by the kindergarten class size (30), rounded down, times the children
a nursery class may hold (20, the limit for 2–3-year-olds in the national childcare-institution
standard). It is a capacity that could be converted, not a forecast that it will be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems, numeric, require_columns, unknown
from ..errors import InputError, Problem
from .projects import read_projects

__all__ = ["PRESCHOOL_COLUMNS", "PreschoolResult", "SECTORS", "preschool_result", "shares"]

SECTORS = ("public", "inclusive", "private")
PRESCHOOL_COLUMNS = ["region", "year", "demand", "public_places", "inclusive_places", "private_places",
                     "public_pupils", "inclusive_pupils", "private_pupils", "unplaced", "public_share",
                     "inclusive_share", "public_places_needed", "inclusive_places_needed", "nursery_convertible",
                     "nursery_demand"]
_TARGETS = _core.capacity.ShareTargets()
_NORM = _core.capacity.NurseryNorm()
DEFAULT_TARGETS = {"public_share": _TARGETS.public_share, "inclusive_share": _TARGETS.inclusive_share, "year": None}
FILLS = ("public_first", "proportional")


@dataclass
class PreschoolResult:
    """Sector shares by district and year, the city total and the targets."""

    table: pd.DataFrame
    """preschool.csv (DESIGN §3), one row per district and year (the base year from observed
    pupils, where the kindergartens table has them)."""
    total: pd.DataFrame
    """The same columns summed over districts for each year (region "total"), shares recomputed
    from the sums and places needed as the sum of the districts' needs."""
    targets: pd.DataFrame
    """Per district in the target year: shares, whether each target is met, places needed."""


def check_settings(section: Mapping[str, Any]) -> None:
    """The scenario's ``[preschool]`` settings (fill rule, targets, nursery norm), checked at load;
    problems are named ``preschool.<key>``."""
    problems: list[Problem] = []
    fill = section.get("fill", "public_first")
    if fill not in FILLS:
        problems.append(Problem("preschool.fill", f"got {fill!r}; expected one of {', '.join(FILLS)}"))
    goal = section.get("targets", {})
    for key, value in (goal.items() if isinstance(goal, Mapping) else []):
        if key not in DEFAULT_TARGETS:
            problems.append(Problem(f"preschool.targets.{key}", "unknown setting; expected public_share, "
                                    "inclusive_share or year"))
        elif key != "year" and not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1):
            problems.append(Problem(f"preschool.targets.{key}", f"got {value!r}; expected a share in [0, 1]"))
    norm = section.get("nursery_per_1000", _NORM.per_1000)
    if not (isinstance(norm, (int, float)) and not isinstance(norm, bool) and norm >= 0):
        problems.append(Problem("preschool.nursery_per_1000", f"got {norm!r}; expected places per 1,000 residents >= 0"))
    if problems:
        raise InputError(problems)


def shares(
    demand: pd.DataFrame,
    kindergartens: pd.DataFrame,
    projects: Optional[pd.DataFrame] = None,
    programme: Any = None,
    *,
    population: Union[None, pd.DataFrame, np.ndarray] = None,
    base_year: Optional[int] = None,
    fill: str = "public_first",
    targets: Optional[Mapping[str, Any]] = None,
    nursery_per_1000: float = _NORM.per_1000,
    class_size: float = _NORM.class_size,
    nursery_class_size: float = _NORM.nursery_class_size,
    level: str = "kindergarten",
) -> PreschoolResult:
    """Kindergarten pupils by sector, 公办率 and 普惠率, places needed and nursery places.

    Args:
        demand: region, year, [level], ``demand`` or ``pupils`` (the enrolment totals; only rows of
            ``level`` are used when there is a level column).
        kindergartens: region, sector (public / inclusive / private), places, [pupils] in the base
            year; several rows per district and sector are added up.
        projects: the projects table; ``planned`` kindergarten projects add public places from
            ``open_year`` and kindergarten ``closure`` rows remove public places.
        programme: a :class:`~edplan.capacity.ScheduleResult` or its ``programme`` table (region,
            level, places, open_year): the chosen kindergarten candidates add public places.
        population: residents for the nursery norm — region, year, population (or a population
            table region, year, sex, age, count, summed), or an (R, T) array in the order of the
            output's regions and years.
        base_year: with pupils in the kindergartens table, the observed year added as a first row.
        fill: ``"public_first"`` or ``"proportional"``.
        targets: ``{"public_share": 0.5, "inclusive_share": 0.9, "year": ...}`` (year: the last year
            by default).
        nursery_per_1000, class_size, nursery_class_size: the nursery norm and the conversion of
            empty classrooms (see the module docstring).
    """
    problems = TableProblems()
    goal: dict[str, Any] = dict(DEFAULT_TARGETS)
    for key, value in dict(targets or {}).items():
        if key not in goal:
            problems.add(f"targets.{key}", "unknown setting; expected public_share, inclusive_share or year")
        else:
            goal[key] = value
    column = "demand" if isinstance(demand, pd.DataFrame) and "demand" in demand.columns else "pupils"
    ok = require_columns(demand, "demand", ["region", "year", column], problems, optional=["level"])
    ok &= require_columns(kindergartens, "kindergartens", ["region", "sector", "places"], problems, optional=["pupils"])
    if not ok:
        problems.raise_if_any()
    if "level" in demand.columns:
        demand = demand[demand["level"] == level]
    values = numeric(demand, "demand", column, problems, minimum=0, expected="pupils >= 0")
    year = numeric(demand, "demand", "year", problems, integer=True, expected="a year")
    if not len(demand):
        problems.add("demand", f"no rows for level {level!r}; expected kindergarten demand by region and year")
    if not len(demand) or np.isnan(year).any():
        problems.raise_if_any()
    regions = sorted(pd.unique(demand["region"]).tolist(), key=str)
    years = list(range(int(year.min()), int(year.max()) + 1))
    for key in ("public_share", "inclusive_share"):
        if isinstance(goal[key], bool) or not isinstance(goal[key], (int, float, np.number)):
            problems.add(f"targets.{key}", f"got {goal[key]!r}; expected a share in [0, 1]")
            goal[key] = 0.0
    if goal["year"] is not None and goal["year"] not in years:
        problems.add("targets.year", f"got {goal['year']!r}; expected a year of the demand, {years[0]}..{years[-1]}")
    sector_ok = unknown(kindergartens, "kindergartens", "sector", SECTORS, problems, "sector")
    region_ok = unknown(kindergartens, "kindergartens", "region", regions, problems, "region")
    places = numeric(kindergartens, "kindergartens", "places", problems, minimum=0, expected="places >= 0")
    has_pupils = "pupils" in kindergartens.columns
    pupils = (numeric(kindergartens, "kindergartens", "pupils", problems, minimum=0, expected="pupils >= 0")
              if has_pupils else None)
    changes = _public_changes(projects, programme, regions, level, problems)
    problems.raise_if_any()

    R, T = len(regions), len(years)
    r_pos = {r: i for i, r in enumerate(regions)}
    base, observed = _by_sector(kindergartens, regions, sector_ok & region_ok, places, pupils)
    observe = has_pupils and base_year is not None and int(base_year) < years[0]
    if observe:
        assert base_year is not None  # observe implies it
        years = [int(base_year)] + years
        T += 1
    cube = np.repeat(base[:, None, :], T, axis=1)
    for r, places_added, opens in changes:
        cube[r, max(0, opens - years[0]):, 0] += places_added
    for r, t in zip(*np.nonzero(cube[:, :, 0] < -1e-9)):
        problems.add("projects", f"region {regions[r]}: closures leave {cube[r, t, 0]:g} public places in "
                     f"{years[t]}; expected places >= 0")
        break
    d = np.zeros((R, T))
    d[[r_pos[v] for v in demand["region"]], year.astype(int) - years[0]] = values
    if observe:
        d[:, 0] = observed.sum(axis=1)
    pop = _population(population, regions, years, problems)
    problems.raise_if_any()

    out = _core.capacity.preschool(
        d, cube, fill=fill,
        targets=_core.capacity.ShareTargets(public_share=float(goal["public_share"]),
                                            inclusive_share=float(goal["inclusive_share"])),
        norm=_core.capacity.NurseryNorm(per_1000=float(nursery_per_1000), class_size=float(class_size),
                                        nursery_class_size=float(nursery_class_size)),
        population=pop, observed=observed if observe else None)
    return preschool_result(regions, years, d, cube, out, goal)


def preschool_result(regions: Sequence, years: Sequence[int], demand: np.ndarray, places: np.ndarray, out: Any,
                     goal: Mapping[str, Any]) -> PreschoolResult:
    """The engine's shares ``out`` of ``demand`` (R, T) over ``places`` (R, T, 3) by region and
    year, with the targets ``goal`` (public_share, inclusive_share, year), as the tables of
    :class:`PreschoolResult`."""
    R, T = demand.shape
    table = pd.DataFrame({
        "region": np.repeat(np.asarray(regions, dtype=object), T), "year": np.tile(list(years), R),
        "demand": demand.reshape(-1),
        **{f"{s}_places": places[:, :, i].reshape(-1) for i, s in enumerate(SECTORS)},
        **{f"{s}_pupils": out.pupils[:, :, i].reshape(-1) for i, s in enumerate(SECTORS)},
        "unplaced": out.unplaced.reshape(-1), "public_share": out.public_share.reshape(-1),
        "inclusive_share": out.inclusive_share.reshape(-1), "public_places_needed": out.public_places_needed.reshape(-1),
        "inclusive_places_needed": out.inclusive_places_needed.reshape(-1),
        "nursery_convertible": out.nursery_convertible.reshape(-1), "nursery_demand": out.nursery_demand.reshape(-1)})
    return PreschoolResult(table, _total(table), _targets(table, goal, list(years)))


def _by_sector(kindergartens: pd.DataFrame, regions: Sequence, ok: np.ndarray, places: np.ndarray,
               pupils: Optional[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(R, 3) places and pupils by region and sector (public, inclusive, private), rows added up."""
    r_pos = {r: i for i, r in enumerate(regions)}
    base = np.zeros((len(regions), 3))
    observed = np.zeros((len(regions), 3))
    rr = np.array([r_pos[v] for v in kindergartens["region"][ok]], dtype=int)
    ss = np.array([SECTORS.index(v) for v in kindergartens["sector"][ok]], dtype=int)
    np.add.at(base, (rr, ss), places[ok])
    if pupils is not None:
        np.add.at(observed, (rr, ss), pupils[ok])
    return base, observed


@dataclass
class Kindergartens:
    """A scenario's kindergartens table and ``[preschool]`` settings, read and checked once."""

    places: np.ndarray
    """(R, 3) places in the base year by region and sector (public, inclusive, private)."""
    pupils: Optional[np.ndarray]
    """(R, 3) pupils observed in the base year; None when the table has no pupils column."""
    changes: list
    """``_core.capacity.PlaceChange`` of the planned public kindergarten places and closures."""
    fill: str
    goal: dict[str, Any]
    """public_share, inclusive_share and year (None: the horizon)."""
    norm: Any
    """The ``_core.capacity.NurseryNorm``."""


def read_kindergartens(section: Mapping[str, Any], kindergartens: pd.DataFrame, projects: Optional[pd.DataFrame], *,
                       regions: Sequence, level: str, base_year: int, horizon: int) -> Kindergartens:
    """The kindergartens table (regions in the scenario's order), the planned public places of
    ``level`` in the projects table and the ``[preschool]`` settings, every problem raised at once."""
    check_settings(section)
    problems = TableProblems()
    name = kindergartens.attrs.get("path", "kindergartens")
    sector_ok = unknown(kindergartens, name, "sector", SECTORS, problems, "sector")
    region_ok = unknown(kindergartens, name, "region", regions, problems, "region")
    places = numeric(kindergartens, name, "places", problems, minimum=0, expected="places >= 0")
    pupils = None
    if "pupils" in kindergartens.columns:
        pupils = numeric(kindergartens, name, "pupils", problems, minimum=0, expected="pupils >= 0")
    goal: dict[str, Any] = dict(DEFAULT_TARGETS)
    goal.update(section.get("targets", {}))
    years = range(base_year + (0 if pupils is not None else 1), horizon + 1)
    if goal["year"] is not None and goal["year"] not in years:
        problems.add("preschool.targets.year", f"got {goal['year']!r}; expected a year {years[0]}..{years[-1]}")
    changes = [_core.capacity.PlaceChange(id="", region=r, level=0, places=q, year=y)
               for r, q, y in _public_changes(projects, None, list(regions), level, problems)]
    problems.raise_if_any()
    base, observed = _by_sector(kindergartens, regions, sector_ok & region_ok, places, pupils)
    return Kindergartens(base, observed if pupils is not None else None, changes,
                         str(section.get("fill", "public_first")), goal,
                         _core.capacity.NurseryNorm(per_1000=float(section.get("nursery_per_1000", _NORM.per_1000))))


def _public_changes(projects, programme, regions, level, problems) -> list[tuple[int, float, int]]:
    """(region index, public places added, first year) from planned projects, closures and the programme."""
    changes = []
    r_pos = {r: i for i, r in enumerate(regions)}
    if projects is not None and len(projects):
        names = sorted(set(map(str, projects["level"]))) if "level" in projects.columns else [level]
        p = read_projects(projects, regions, names, problems)
        if p is not None:
            for i in np.flatnonzero(((p.status == "planned") | (p.status == "closure")) & ~np.isnan(p.open_year)):
                if names[p.level[i]] == level and p.region[i] >= 0:
                    sign = -1.0 if p.status[i] == "closure" else 1.0
                    changes.append((int(p.region[i]), sign * float(p.places[i]), int(p.open_year[i])))
    if programme is not None:
        table = getattr(programme, "programme", programme)
        if require_columns(table, "programme", ["region", "level", "places", "open_year"], problems):
            table = table[table["level"] == level]
            unknown(table, "programme", "region", regions, problems, "region")
            changes += [(r_pos[r], float(q), int(y)) for r, q, y in
                        zip(table["region"], table["places"], table["open_year"]) if r in r_pos]
    return changes


def _population(population, regions, years, problems) -> Optional[np.ndarray]:
    if population is None:
        return None
    if isinstance(population, np.ndarray):
        if population.shape != (len(regions), len(years)):
            problems.add("population", f"got an array of shape {population.shape}; expected ({len(regions)}, "
                         f"{len(years)}): regions {', '.join(map(str, regions))} × years {years[0]}..{years[-1]}")
        return np.asarray(population, dtype=float)
    column = "population" if isinstance(population, pd.DataFrame) and "population" in population.columns else "count"
    if not require_columns(population, "population", ["region", "year", column], problems):
        return None
    values = numeric(population, "population", column, problems, minimum=0, expected="residents >= 0")
    frame = population.assign(_value=values).groupby(["region", "year"])["_value"].sum()
    wanted = pd.MultiIndex.from_product([regions, years], names=["region", "year"])
    missing = wanted.difference(frame.index)
    if len(missing):
        shown = ", ".join(f"{r} {y}" for r, y in list(missing)[:6]) + (", ..." if len(missing) > 6 else "")
        problems.add("population", f"no residents for {shown}; expected every region and year of the demand")
        return None
    return frame.reindex(wanted).to_numpy().reshape(len(regions), len(years))


def _total(table: pd.DataFrame) -> pd.DataFrame:
    sums = [c for c in PRESCHOOL_COLUMNS if c not in ("region", "year", "public_share", "inclusive_share")]
    total = table.groupby("year", as_index=False)[sums].sum(min_count=1)
    placed = total[[f"{s}_pupils" for s in SECTORS]].sum(axis=1)
    total["public_share"] = total["public_pupils"] / placed.where(placed > 0)
    total["inclusive_share"] = (total["public_pupils"] + total["inclusive_pupils"]) / placed.where(placed > 0)
    total["region"] = "total"
    return total[PRESCHOOL_COLUMNS]


def _targets(table: pd.DataFrame, goal: Mapping[str, Any], years: list[int]) -> pd.DataFrame:
    at = table[table.year == (int(goal["year"]) if goal["year"] is not None else years[-1])]
    return pd.DataFrame({
        "region": at.region, "year": at.year, "demand": at.demand,
        "public_share": at.public_share, "public_target": float(goal["public_share"]),
        "public_met": at.public_share >= float(goal["public_share"]) - 1e-12,
        "public_places_needed": at.public_places_needed,
        "inclusive_share": at.inclusive_share, "inclusive_target": float(goal["inclusive_share"]),
        "inclusive_met": at.inclusive_share >= float(goal["inclusive_share"]) - 1e-12,
        "inclusive_places_needed": at.inclusive_places_needed,
    }).reset_index(drop=True)
