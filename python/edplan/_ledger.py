# SPDX-License-Identifier: MIT
"""The projects table (DESIGN §3) checked once for every user, and the capacity ledger from it.

:func:`read_projects` is shared by :func:`edplan.capacity.timeline` (planned projects and
closures) and :func:`edplan.capacity.schedule` (candidates too), so that a projects table is
judged by the same rules, with the same messages, wherever it is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._tables import TableProblems, duplicates, numeric, require_columns, unknown
from .levels import Level

PROJECT_STATUSES = ("planned", "candidate", "closure")
PROJECT_COLUMNS = ["id", "region", "level", "places", "status"]
OPTIONAL_PROJECT_COLUMNS = ["name", "cost", "land_year", "start_year", "open_year"]


@dataclass
class Projects:
    """A checked projects table as arrays, one entry per row (positions into regions and levels)."""

    table: pd.DataFrame
    ids: list
    region: np.ndarray
    level: np.ndarray
    places: np.ndarray
    cost: np.ndarray
    """NaN where the table gives none."""
    status: np.ndarray
    """planned, candidate or closure (lower case)."""
    land_year: np.ndarray
    start_year: np.ndarray
    open_year: np.ndarray
    """Years as floats, NaN where the table gives none."""

    def rows(self, status: str) -> np.ndarray:
        return np.flatnonzero(self.status == status)


def _years(projects: pd.DataFrame, column: str, problems: TableProblems, expected: str) -> np.ndarray:
    if column not in projects.columns:
        return np.full(len(projects), np.nan)
    return numeric(projects, "projects", column, problems, integer=True, allow_missing=True, expected=expected)


def read_projects(
    projects: pd.DataFrame, regions: Sequence, level_names: Sequence[str], problems: TableProblems, *,
    candidates: bool = False,
) -> Optional[Projects]:
    """Checks the projects table, recording every problem; None when it cannot be read at all.

    Every row: a known status, region and level, places >= 0, a unique id. Planned projects and
    closures need ``open_year``. With ``candidates=True`` (the scheduler), candidates also need
    places > 0 and a cost >= 0; their ``land_year`` is the earliest year they can get land.
    """
    if not require_columns(projects, "projects", PROJECT_COLUMNS, problems, optional=OPTIONAL_PROJECT_COLUMNS):
        return None
    places = numeric(projects, "projects", "places", problems, minimum=0, expected="a number of places >= 0")
    status = projects["status"].astype(str).str.strip().str.lower()
    unknown(projects.assign(status=status), "projects", "status", PROJECT_STATUSES, problems, "status")
    region_ok = unknown(projects, "projects", "region", regions, problems, "region")
    level_ok = unknown(projects, "projects", "level", level_names, problems, "level")
    duplicates(projects, "projects", ["id"], problems)
    opens = _years(projects, "open_year", problems, "the year the project opens")
    lands = _years(projects, "land_year", problems, "the year the project gets its land")
    starts = _years(projects, "start_year", problems, "the year building starts")
    status = status.to_numpy()
    dated = (status == "planned") | (status == "closure")
    for row in np.flatnonzero(dated & np.isnan(opens))[:10]:
        problems.at(projects, "projects", int(row), "open_year",
                    f"project {projects['id'].iloc[row]} is {status[row]} but has no open_year; expected a year")
    # stages run land → start → open: a later stage dated before an earlier one is a typo
    no_start = np.isnan(starts)
    for (a, a_name), (b, b_name), rows in (((lands, "land_year"), (starts, "start_year"), True),
                                           ((starts, "start_year"), (opens, "open_year"), True),
                                           ((lands, "land_year"), (opens, "open_year"), no_start)):
        for row in np.flatnonzero((b < a) & rows)[:10]:
            problems.at(projects, "projects", int(row), b_name,
                        f"project {projects['id'].iloc[row]}: {b_name} {int(b[row])} is before {a_name} "
                        f"{int(a[row])}; expected land, then start, then opening")
    cost = np.full(len(projects), np.nan)
    if "cost" in projects.columns:
        cost = numeric(projects, "projects", "cost", problems, minimum=0, allow_missing=True,
                       expected="a cost >= 0")
    if candidates:
        is_candidate = status == "candidate"
        for row in np.flatnonzero(is_candidate & (places <= 0))[:10]:
            problems.at(projects, "projects", int(row), "places",
                        f"candidate {projects['id'].iloc[row]} adds no places; expected places > 0")
        for row in np.flatnonzero(is_candidate & np.isnan(cost))[:10]:
            problems.at(projects, "projects", int(row), "cost",
                        f"candidate {projects['id'].iloc[row]} has no cost; expected a cost >= 0")
    r_pos = {r: i for i, r in enumerate(regions)}
    l_pos = {n: i for i, n in enumerate(level_names)}
    region = np.array([r_pos.get(v, -1) if ok else -1 for v, ok in zip(projects["region"], region_ok)], dtype=int)
    level = np.array([l_pos.get(v, -1) if ok else -1 for v, ok in zip(projects["level"], level_ok)], dtype=int)
    return Projects(projects, projects["id"].tolist(), region, level, places, cost, status, lands, starts, opens)


def timeline(
    capacity: pd.DataFrame,
    projects: Optional[pd.DataFrame] = None,
    *,
    regions: Sequence,
    levels: Sequence[Union[Level, str]],
    first_year: int,
    years: int,
) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """Places and classes (R, years, L) by region, year and level.

    ``capacity``: region, level, places, [classes] in the base year. ``projects``: id, name,
    region, level, places, cost, status, [land_year], [start_year], [open_year]; ``planned``
    projects add their places from ``open_year``, ``closure`` rows remove theirs from
    ``open_year``, ``candidate`` projects are left to the scheduler. Classes grow with project
    places divided by the level's class size. Returns (places, classes or None).
    """
    names = [lv.name if isinstance(lv, Level) else str(lv) for lv in levels]
    sizes = [lv.class_size if isinstance(lv, Level) else np.nan for lv in levels]
    problems = TableProblems()
    require_columns(capacity, "capacity", ["region", "level", "places"], problems, optional=["classes"])
    if projects is not None:
        require_columns(projects, "projects", PROJECT_COLUMNS, problems, optional=OPTIONAL_PROJECT_COLUMNS)
    problems.raise_if_any()
    r_pos = {r: i for i, r in enumerate(regions)}
    l_pos = {n: i for i, n in enumerate(names)}

    places = numeric(capacity, "capacity", "places", problems, minimum=0, expected="a number of places >= 0")
    has_classes = "classes" in capacity.columns
    classes = (numeric(capacity, "capacity", "classes", problems, minimum=0, expected="a number of classes >= 0")
               if has_classes else None)
    unknown(capacity, "capacity", "region", regions, problems, "region")
    unknown(capacity, "capacity", "level", names, problems, "level")
    duplicates(capacity, "capacity", ["region", "level"], problems)
    changes = []
    extra_classes = []
    if projects is not None and len(projects):
        p = read_projects(projects, regions, names, problems)
        problems.raise_if_any()
        assert p is not None  # None only with a problem recorded
        for row in np.flatnonzero((p.status == "planned") | (p.status == "closure")):
            sign = -1.0 if p.status[row] == "closure" else 1.0
            r, lv, year = int(p.region[row]), int(p.level[row]), int(p.open_year[row])
            changes.append((str(p.ids[row]), r, lv, sign * p.places[row], year))
            extra_classes.append((r, lv, sign * p.places[row] / sizes[lv], year))
    problems.raise_if_any()

    base = np.zeros((len(regions), len(names)))
    rows_r = np.array([r_pos[v] for v in capacity["region"]], dtype=int)
    rows_l = np.array([l_pos[v] for v in capacity["level"]], dtype=int)
    base[rows_r, rows_l] = places
    cap = _core.capacity.timeline(base, changes, first_year=first_year, years=years)
    cls = None
    if has_classes:
        base_classes = np.zeros_like(base)
        base_classes[rows_r, rows_l] = classes
        cls = np.repeat(base_classes[:, None, :], years, axis=1)
        for r, lv, n, year in extra_classes:
            cls[r, max(0, year - first_year):, lv] += n
    return cap, cls


@dataclass
class Demand:
    """A checked demand table as a (R, T, L) array over consecutive years from ``first_year``."""

    regions: list
    first_year: int
    values: np.ndarray
    present: pd.DataFrame
    """The (region, level) pairs that have rows."""


def read_demand(
    demand: pd.DataFrame, level_names: Sequence[str], problems: TableProblems, *,
    years: Optional[tuple[int, int]] = None,
) -> Optional[Demand]:
    """Checks a demand table — region, year, level and ``demand`` (or ``pupils``, as in
    :attr:`edplan.enrolment.EnrolmentResult.totals`) — and arranges it by region (sorted), year
    and level; years missing inside the span count as 0. With ``years = (first, last)`` rows
    outside are ignored and every (region, level) with rows must have every year. None (with
    the problems recorded) when the table is bad."""
    before = len(problems.problems)
    column = "demand" if isinstance(demand, pd.DataFrame) and "demand" in demand.columns else "pupils"
    if not require_columns(demand, "demand", ["region", "year", "level", column], problems):
        return None
    unknown(demand, "demand", "level", level_names, problems, "level")
    values = numeric(demand, "demand", column, problems, minimum=0, expected="pupils >= 0")
    year = numeric(demand, "demand", "year", problems, integer=True, expected="a year")
    duplicates(demand, "demand", ["region", "year", "level"], problems)
    if len(problems.problems) > before:
        return None
    if years is not None:
        keep = (year >= years[0]) & (year <= years[1])
        demand, values, year = demand[keep], values[keep], year[keep]
        span = set(range(years[0], years[1] + 1))
        for (region, level), group in demand.groupby(["region", "level"], sort=False):
            missing = sorted(span - set(group["year"].astype(int)))
            if missing:
                shown = ", ".join(map(str, missing[:6])) + (", ..." if len(missing) > 6 else "")
                problems.add("demand", f"region {region}, level {level} has no rows for {shown}; expected every "
                             f"year {years[0]}..{years[1]}")
        if not len(demand):
            problems.add("demand", f"no rows for the years {years[0]}..{years[1]}; expected demand in every "
                         "projection year")
        if len(problems.problems) > before:
            return None
    regions = sorted(pd.unique(demand["region"]).tolist(), key=str)
    first, last = (years if years is not None else (int(year.min()), int(year.max())))
    d = np.zeros((len(regions), last - first + 1, len(level_names)))
    r_pos = {r: i for i, r in enumerate(regions)}
    l_pos = {n: i for i, n in enumerate(level_names)}
    d[[r_pos[r] for r in demand["region"]], year.astype(int) - first, [l_pos[v] for v in demand["level"]]] = values
    return Demand(regions, first, d, demand[["region", "level"]].drop_duplicates())
