# SPDX-License-Identifier: MIT
"""The balance (DESIGN §2.3): per region, level and year, demand against the places of the
capacity ledger — surplus, deficit, utilisation, classes needed by the class-size norm, large
classes — and the peak year of demand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems
from ..enrolment.levels import Level, default_levels
from .demand import Demand, read_demand
from .timeline import timeline

__all__ = ["BalanceResult", "balance", "balance_tables"]


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
    names = [lv.name for lv in levels]
    problems = TableProblems()
    dem = read_demand(demand, names, problems)
    problems.raise_if_any()
    assert dem is not None  # None only with a problem recorded
    regions, first, d = dem.regions, dem.first_year, dem.values
    R, T, L = d.shape
    cap, cls = timeline(capacity, projects, regions=regions, levels=levels, first_year=first, years=T)
    b = _core.capacity.balance(d, cap, class_size=[lv.class_size for lv in levels], classes=cls)
    return balance_tables(dem, names, cap, cls, b, _core.capacity.peak_year(d))


def balance_tables(dem: Demand, names: Sequence[str], cap: np.ndarray, cls: Optional[np.ndarray], b: Any,
                   peak: np.ndarray) -> BalanceResult:
    """The engine's balance ``b`` of ``dem`` against places ``cap`` (and classes ``cls``), with
    the peak years ``peak`` (R, L), as the tables of :class:`BalanceResult`."""
    regions, first, d = dem.regions, dem.first_year, dem.values
    R, T, L = d.shape
    # The (region, level) pairs that have demand rows (dem.present), each to be given its years:
    # joined and sorted as pairs, R·L rows, then each pair's T rows gathered from the arrays
    # laid out (region, level, year) — the table of every (region, year, level) row joined with
    # the pairs and sorted by region, level and year, without joining or sorting R·T·L rows.
    pairs = pd.DataFrame({
        "region": np.repeat(np.asarray(regions, dtype=object), L),
        "level": np.tile(np.asarray(names, dtype=object), R),
        "pair": np.arange(R * L),
    }).merge(dem.present, on=["region", "level"])
    by_name = pairs.sort_values(["region", "level"], ignore_index=True)
    rows = by_name["pair"].to_numpy()

    def by_pair(x: np.ndarray) -> np.ndarray:
        return np.asarray(x).reshape(R, T, L).transpose(0, 2, 1).reshape(R * L, T)[rows].reshape(-1)

    table = pd.DataFrame({
        "region": by_name["region"].array.repeat(T),
        "year": np.tile(first + np.arange(T, dtype=np.int64), len(rows)),
        "level": by_name["level"].array.repeat(T),
        "demand": by_pair(d),
        "capacity": by_pair(cap),
        "surplus": by_pair(b.surplus),
        "deficit": by_pair(b.deficit),
        "utilisation": by_pair(b.utilisation),
        "classes_needed": by_pair(b.classes_needed),
    })
    if cls is not None:
        table["classes"] = by_pair(cls)
        table["large_classes"] = by_pair(b.large_classes)
    r, l = np.divmod(pairs["pair"].to_numpy(), L)
    t_peak = np.asarray(peak).reshape(-1)[pairs["pair"].to_numpy()]
    peaks = pd.DataFrame({
        "region": pairs["region"].array,
        "level": pairs["level"].array,
        "peak_year": first + t_peak,
        "peak_demand": d[r, t_peak, l],
        "capacity_at_peak": cap[r, t_peak, l],
        "deficit_at_peak": b.deficit[r, t_peak, l],
    })
    return BalanceResult(table, peaks)
