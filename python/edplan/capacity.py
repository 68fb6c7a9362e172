# SPDX-License-Identifier: MIT
"""Places against pupils (DESIGN §2.3): the capacity ledger and the balance.

Capacity per region and level is the base-year places plus every project open by the year
(``open_year <= t``), minus closures; the balance gives surplus, deficit, utilisation,
classes needed by the class-size norm, large classes, and the peak year of demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._tables import TableProblems, duplicates, numeric, require_columns, unknown
from .levels import Level, default_levels

__all__ = ["BalanceResult", "balance", "timeline"]

PROJECT_STATUSES = ("planned", "candidate", "closure")


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
        require_columns(projects, "projects", ["id", "region", "level", "places", "status"], problems,
                        optional=["name", "cost", "land_year", "start_year", "open_year"])
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
        p_places = numeric(projects, "projects", "places", problems, minimum=0, expected="a number of places >= 0")
        status = projects["status"].astype(str).str.strip().str.lower()
        unknown(projects.assign(status=status), "projects", "status", PROJECT_STATUSES, problems, "status")
        unknown(projects, "projects", "region", regions, problems, "region")
        unknown(projects, "projects", "level", names, problems, "level")
        duplicates(projects, "projects", ["id"], problems)
        dated = (status == "planned") | (status == "closure")
        opens = (numeric(projects, "projects", "open_year", problems, integer=True, allow_missing=True,
                         expected="the year the project opens")
                 if "open_year" in projects.columns else np.full(len(projects), np.nan))
        for row in np.flatnonzero(dated.to_numpy() & np.isnan(opens))[:10]:
            problems.at(projects, "projects", int(row), "open_year",
                        f"project {projects['id'].iloc[row]} is {status.iloc[row]} but has no open_year; expected a year")
        problems.raise_if_any()
        for row in np.flatnonzero(dated.to_numpy()):
            sign = -1.0 if status.iloc[row] == "closure" else 1.0
            r, lv = r_pos[projects["region"].iloc[row]], l_pos[projects["level"].iloc[row]]
            changes.append((str(projects["id"].iloc[row]), r, lv, sign * p_places[row], int(opens[row])))
            extra_classes.append((r, lv, sign * p_places[row] / sizes[lv], int(opens[row])))
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
class BalanceResult:
    """The balance as tables."""

    table: pd.DataFrame
    """region, year, level, demand, capacity, surplus, deficit, utilisation, classes_needed
    (DESIGN §3 balance.csv), then classes and large_classes where class counts are known."""
    peaks: pd.DataFrame
    """region, level, peak_year, peak_demand, capacity_at_peak, deficit_at_peak: the first year
    of the highest demand per region and level."""


def balance(
    demand: pd.DataFrame,
    capacity: pd.DataFrame,
    projects: Optional[pd.DataFrame] = None,
    *,
    levels: Optional[Sequence[Level]] = None,
) -> BalanceResult:
    """Demand against capacity per region, level and year.

    ``demand``: region, year, level and ``demand`` (or ``pupils``, as in
    :attr:`edplan.enrolment.EnrolmentResult.totals`); ``capacity`` and ``projects`` as in
    :func:`timeline`; ``levels`` gives the class-size norms (default :func:`default_levels`).
    """
    levels = list(levels) if levels is not None else default_levels()
    problems = TableProblems()
    column = "demand" if isinstance(demand, pd.DataFrame) and "demand" in demand.columns else "pupils"
    require_columns(demand, "demand", ["region", "year", "level", column], problems)
    problems.raise_if_any()
    names = [lv.name for lv in levels]
    unknown(demand, "demand", "level", names, problems, "level")
    values = numeric(demand, "demand", column, problems, minimum=0, expected="pupils >= 0")
    year = numeric(demand, "demand", "year", problems, integer=True, expected="a year")
    duplicates(demand, "demand", ["region", "year", "level"], problems)
    problems.raise_if_any()

    regions = sorted(pd.unique(demand["region"]).tolist(), key=str)
    first, last = int(year.min()), int(year.max())
    T, R, L = last - first + 1, len(regions), len(levels)
    d = np.zeros((R, T, L))
    r_pos = {r: i for i, r in enumerate(regions)}
    l_pos = {n: i for i, n in enumerate(names)}
    d[[r_pos[r] for r in demand["region"]], year.astype(int) - first, [l_pos[v] for v in demand["level"]]] = values
    cap, cls = timeline(capacity, projects, regions=regions, levels=levels, first_year=first, years=T)
    surplus, deficit, util, needed, large, peak = _core.capacity.balance(
        d, cap, class_size=[lv.class_size for lv in levels], classes=cls)

    idx = pd.MultiIndex.from_product([range(R), range(T), range(L)], names=["r", "t", "l"]).to_frame(index=False)
    table = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[idx.r],
        "year": first + idx.t.to_numpy(),
        "level": np.asarray(names, dtype=object)[idx.l],
        "demand": d.reshape(-1),
        "capacity": cap.reshape(-1),
        "surplus": surplus.reshape(-1),
        "deficit": deficit.reshape(-1),
        "utilisation": util.reshape(-1),
        "classes_needed": needed.reshape(-1),
    })
    if cls is not None:
        table["classes"] = cls.reshape(-1)
        table["large_classes"] = large.reshape(-1)
    # Keep only the (region, level) pairs that have demand rows.
    present = demand[["region", "level"]].drop_duplicates()
    table = table.merge(present, on=["region", "level"]).sort_values(["region", "level", "year"], ignore_index=True)
    pidx = pd.MultiIndex.from_product([range(R), range(L)], names=["r", "l"]).to_frame(index=False)
    t_peak = peak.reshape(-1)
    peaks = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[pidx.r],
        "level": np.asarray(names, dtype=object)[pidx.l],
        "peak_year": first + t_peak,
        "peak_demand": d[pidx.r, t_peak, pidx.l],
        "capacity_at_peak": cap[pidx.r, t_peak, pidx.l],
        "deficit_at_peak": deficit[pidx.r, t_peak, pidx.l],
    }).merge(present, on=["region", "level"])
    return BalanceResult(table, peaks)
