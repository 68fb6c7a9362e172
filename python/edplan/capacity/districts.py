# SPDX-License-Identifier: MIT
"""A schedule per district and level: the deficit before and after, the peak year, the places
left standing empty, and why any deficit remains (schedule.csv)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from .demand import Demand

TOLERANCE = 1e-6  # place-years below this count as none


@dataclass(frozen=True)
class Judged:
    """A schedule as the engine judged it, by region, year and level."""

    candidates: Sequence[_core.capacity.Candidate]
    land_years: np.ndarray
    """(K) each candidate's land year, -1 when not chosen."""
    outcome: Any
    """The engine's ``Outcome`` (new_places, unmet, stranded, totals), or arrays of those names."""
    need: np.ndarray
    """(R, T, L) max(0, demand − existing places)."""
    peak: np.ndarray
    """(R, L) year index of the first year of peak demand."""
    floor: np.ndarray
    """(R, L) unmet place-years no schedule can avoid."""
    windows: np.ndarray
    """(K, 2) first and last land year of each candidate."""


def district_tables(dem: Demand, names: Sequence[str], existing: np.ndarray, judged: Judged,
                    programme: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(summary, balance, shortfalls) for the (region, level) pairs that have demand."""
    d, need, new = dem.values, judged.need, judged.outcome.new_places
    unmet, stranded = judged.outcome.unmet, judged.outcome.stranded
    peak, floor, windows, candidates = judged.peak, judged.floor, judged.windows, judged.candidates
    R, T, L = d.shape
    years = dem.first_year + np.arange(T)
    horizon = int(years[-1])
    r_pos = {r: i for i, r in enumerate(dem.regions)}
    pairs = sorted(((r_pos[r], names.index(lv)) for r, lv in dem.present.itertuples(index=False)))

    if pairs:
        # one block of T years per pair, all pairs at once: (P, T) slices of the (R, T, L) arrays
        rs, ls = (np.array(axis) for axis in zip(*pairs))

        def each(values: np.ndarray) -> np.ndarray:
            return np.asarray(values)[rs, :, ls].ravel()

        balance = pd.DataFrame({
            "region": pd.Series([dem.regions[r] for r in rs]).repeat(T).reset_index(drop=True),
            "year": np.tile(years, len(pairs)),
            "level": pd.Series([names[lv] for lv in ls]).repeat(T).reset_index(drop=True),
            "demand": each(d), "existing": each(existing), "new_places": each(new),
            "capacity": each(existing) + each(new), "deficit_before": each(need), "deficit_after": each(unmet),
            "stranded": each(stranded)})
    else:
        balance = pd.DataFrame(columns=["region", "year", "level", "demand", "existing", "new_places", "capacity",
                                        "deficit_before", "deficit_after", "stranded"])

    # the programme's rows and the candidates of each (region, level), found in one pass each
    built: dict[tuple, list[int]] = {}
    places = costs = np.zeros(0)
    if len(programme):
        for i, key in enumerate(zip(programme["region"].tolist(), programme["level"].tolist())):
            built.setdefault(key, []).append(i)
        places, costs = programme["places"].to_numpy(dtype=float), programme["cost"].to_numpy(dtype=float)
    of_pair: dict[tuple[int, int], list[int]] = {}
    for k, c in enumerate(candidates):
        of_pair.setdefault((c.region, c.level), []).append(k)
    rows = []
    for r, lv in pairs:
        mine = built.get((dem.regions[r], names[lv]), [])
        cands = of_pair.get((r, lv), [])
        after = float(unmet[r, :, lv].sum())
        unmet_years = np.flatnonzero(unmet[r, :, lv] > TOLERANCE)
        rows.append({
            "region": dem.regions[r], "level": names[lv],
            "peak_year": int(years[peak[r, lv]]), "peak_demand": float(d[r, peak[r, lv], lv]),
            "deficit_before": float(need[r, :, lv].sum()), "deficit_after": after,
            "unavoidable": float(floor[r, lv]),
            "worst_deficit_before": float(need[r, :, lv].max()), "worst_deficit_after": float(unmet[r, :, lv].max()),
            "projects": len(mine), "new_places": float(np.nansum(places[mine])), "cost": float(np.nansum(costs[mine])),
            "stranded": float(stranded[r, :, lv].sum()), "stranded_at_horizon": float(stranded[r, -1, lv]),
            "surplus_at_horizon": float(max(0.0, existing[r, -1, lv] + new[r, -1, lv] - d[r, -1, lv])),
            "first_unmet_year": int(years[unmet_years[0]]) if len(unmet_years) else pd.NA,
            "note": _note(after, float(floor[r, lv]), [windows[k] for k in cands], horizon),
        })
    summary = pd.DataFrame(rows)
    if not len(summary):
        return summary, balance, summary
    shortfalls = summary.loc[summary.deficit_after > TOLERANCE,
                             ["region", "level", "deficit_after", "unavoidable", "first_unmet_year", "note"]]
    return summary.drop(columns="first_unmet_year"), balance, shortfalls.reset_index(drop=True)


def _note(after: float, floor: float, windows: list, horizon: int) -> str:
    """Why a deficit remains, in a planner's words; ``windows`` the land-year windows of the pair's candidates."""
    if after <= TOLERANCE:
        return ""
    left = f"{after:,.0f} place-years unmet"
    if not windows:
        return f"{left}: no candidate project here"
    if all(w[0] > w[1] for w in windows):
        return f"{left}: no candidate here can open by {horizon}"
    if floor >= after - TOLERANCE:
        return f"{left}: even every candidate here at its earliest leaves them (candidates too few or too late)"
    return (f"{left}, {floor:,.0f} of them even with every candidate here at its earliest; the rest is left by "
            "the budget, the batch cap or the weights")
