# SPDX-License-Identifier: MIT
"""The projects table (DESIGN §3) checked once for every user: the capacity timeline (planned
projects and closures), the scheduler (candidates too) and the kindergarten places judge it by
the same rules, with the same messages, wherever it is used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from .._io import TableProblems, duplicates, numeric, require_columns, unknown

PROJECT_STATUSES = ("planned", "candidate", "closure", "completed")
"""``planned``: opens in its open_year; ``candidate``: the scheduler's choice; ``closure``: removes
its places from its open_year; ``completed``: opened in or before the base year, so its places
are already in the base places (kept as the record of the building pace, never added again)."""
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
    """planned, candidate, closure or completed (lower case)."""
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
    candidates: bool = False, base_year: Optional[int] = None,
) -> Optional[Projects]:
    """Checks the projects table, recording every problem; None when it cannot be read at all.

    Every row: a known status, region and level, places >= 0, a unique id. Planned, completed
    projects and closures need ``open_year``; with ``base_year``, a completed project's is not
    after it. With ``candidates=True`` (the scheduler), candidates also need places > 0 and a
    cost >= 0; their ``land_year`` is the earliest year they can get land.
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
    dated = (status == "planned") | (status == "closure") | (status == "completed")
    for row in np.flatnonzero(dated & np.isnan(opens))[:10]:
        problems.at(projects, "projects", int(row), "open_year",
                    f"project {projects['id'].iloc[row]} is {status[row]} but has no open_year; expected a year")
    if base_year is not None:
        for row in np.flatnonzero((status == "completed") & (opens > base_year))[:10]:
            problems.at(projects, "projects", int(row), "open_year",
                        f"project {projects['id'].iloc[row]} is completed but opens in {int(opens[row])}, after the "
                        f"base year {base_year}; expected status planned for a project still to open")
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
