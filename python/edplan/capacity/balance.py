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
    idx = pd.MultiIndex.from_product([range(R), range(T), range(L)], names=["r", "t", "l"]).to_frame(index=False)
    table = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[idx.r],
        "year": first + idx.t.to_numpy(),
        "level": np.asarray(names, dtype=object)[idx.l],
        "demand": d.reshape(-1),
        "capacity": cap.reshape(-1),
        "surplus": b.surplus.reshape(-1),
        "deficit": b.deficit.reshape(-1),
        "utilisation": b.utilisation.reshape(-1),
        "classes_needed": b.classes_needed.reshape(-1),
    })
    if cls is not None:
        table["classes"] = cls.reshape(-1)
        table["large_classes"] = b.large_classes.reshape(-1)
    # Keep only the (region, level) pairs that have demand rows.
    present = dem.present
    table = table.merge(present, on=["region", "level"]).sort_values(["region", "level", "year"], ignore_index=True)
    pidx = pd.MultiIndex.from_product([range(R), range(L)], names=["r", "l"]).to_frame(index=False)
    t_peak = np.asarray(peak).reshape(-1)
    peaks = pd.DataFrame({
        "region": np.asarray(regions, dtype=object)[pidx.r],
        "level": np.asarray(names, dtype=object)[pidx.l],
        "peak_year": first + t_peak,
        "peak_demand": d[pidx.r, t_peak, pidx.l],
        "capacity_at_peak": cap[pidx.r, t_peak, pidx.l],
        "deficit_at_peak": b.deficit[pidx.r, t_peak, pidx.l],
    }).merge(present, on=["region", "level"])
    return BalanceResult(table, peaks)
