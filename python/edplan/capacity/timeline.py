# SPDX-License-Identifier: MIT
"""The capacity ledger (DESIGN §2.3): places and classes by region, year and level from the
base-year places, planned projects and closures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems, duplicates, numeric, require_columns, unknown
from ..enrolment.levels import Level
from .projects import OPTIONAL_PROJECT_COLUMNS, PROJECT_COLUMNS, read_projects

@dataclass
class Places:
    """The places table (and the projects that change it) as the engine's arrays."""

    base: np.ndarray
    """(R, L) places in the base year."""
    classes: Optional[np.ndarray]
    """(R, L) classes in the base year; None when the table has no classes column."""
    changes: list
    """``_core.capacity.PlaceChange`` of every planned project (+) and closure (−)."""


def read_places(capacity: pd.DataFrame, projects: Optional[pd.DataFrame], *, regions: Sequence,
                levels: Sequence[Union[Level, str]], base_year: Optional[int] = None) -> Places:
    """The capacity table (region, level, places, [classes]) and the planned projects and
    closures of the projects table, checked (with ``base_year``, completed projects too): every
    problem of both raised at once."""
    names = [lv.name if isinstance(lv, Level) else str(lv) for lv in levels]
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
    if projects is not None and len(projects):
        p = read_projects(projects, regions, names, problems, base_year=base_year)
        problems.raise_if_any()
        assert p is not None  # None only with a problem recorded
        for row in np.flatnonzero((p.status == "planned") | (p.status == "closure")):
            sign = -1.0 if p.status[row] == "closure" else 1.0
            changes.append(_core.capacity.PlaceChange(id=str(p.ids[row]), region=int(p.region[row]),
                                                      level=int(p.level[row]), places=sign * p.places[row],
                                                      year=int(p.open_year[row])))
    problems.raise_if_any()
    base = np.zeros((len(regions), len(names)))
    rows_r = np.array([r_pos[v] for v in capacity["region"]], dtype=int)
    rows_l = np.array([l_pos[v] for v in capacity["level"]], dtype=int)
    base[rows_r, rows_l] = places
    base_classes = None
    if classes is not None:
        base_classes = np.zeros_like(base)
        base_classes[rows_r, rows_l] = classes
    return Places(base, base_classes, changes)


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
    places divided by the level's class size (known when ``levels`` are :class:`Level` objects).
    Returns (places, classes or None).
    """
    p = read_places(capacity, projects, regions=regions, levels=levels)
    cap = _core.capacity.timeline(p.base, p.changes, first_year=first_year, years=years)
    cls = None
    if p.classes is not None and all(isinstance(lv, Level) for lv in levels):
        sizes = [lv.class_size for lv in levels if isinstance(lv, Level)]
        cls = _core.capacity.class_timeline(p.classes, p.changes, class_size=sizes, first_year=first_year,
                                            years=years)
    return cap, cls
