# SPDX-License-Identifier: MIT
"""A demand table (region, year, level, demand or pupils) checked and arranged as a
(region, year, level) array, for the balance and the scheduler."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from .._io import TableProblems, duplicates, numeric, require_columns, unknown

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
