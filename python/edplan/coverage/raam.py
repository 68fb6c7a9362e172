# SPDX-License-Identifier: MIT
"""The Rational Agent Access Model (Saxon and Snow 2020) as PySAL ``access`` computes it:
:func:`raam`."""

from __future__ import annotations

from typing import Any, Optional, Union

import numpy as np

from ..errors import InputError
from ._costs import Catchment, shape_of
from .accessibility import checked_amounts, link_arrays

__all__ = ["raam"]


def raam(
    demand: Any,
    supply: Any,
    cost: Any,
    *,
    tau: float = 60.0,
    rho: Optional[float] = None,
    max_cycles: int = 150,
    initial_step: Union[float, int] = 0.2,
    min_step: float = 0.005,
    half_life: float = 50.0,
) -> np.ndarray:
    """RAAM: each demand point's mean total cost when people choose sites as rational agents,
    weighing travel ``c_ij / tau`` against congestion ``D_j / (rho S_j)`` (D_j the people
    assigned to site j, rho the region's people per place, ``Σ P / Σ S`` when None). Lower is
    better; 1 unit of cost is ``tau`` of travel or a site at 100% of the average load.

    The assignment starts with everyone at the nearest site and moves people, in whole numbers,
    from each point's costliest assigned site to its cheapest one towards the split that would
    equalise the two, the move capped by ``step · P_i`` where the step halves every ``half_life``
    cycles from ``initial_step`` down to ``min_step`` (an int ``initial_step`` caps moves in
    people instead), and in the first 20 cycles scaled down where a site would receive more than
    its capacity; after ``max_cycles`` cycles the result is ``Σ_j total_ij a_ij / Σ_j a_ij``,
    with the total costs of the last cycle — PySAL ``access``'s ``raam`` step by step.

    Points with no people, or with no link to a site with places, are NaN (``access`` leaves
    them out); sites with no places are ignored. ``cost`` as for the other measures."""
    if isinstance(cost, Catchment):
        n, m = (int(x) for x in cost.shape)
    else:
        n, m = shape_of(cost)
    links = link_arrays(cost, None)
    P = checked_amounts(demand, n, "demand", "row (demand point)")
    S = checked_amounts(supply, m, "supply", "column (site)")
    problems = []
    if not (np.isfinite(tau) and tau > 0):
        problems.append(("tau", f"got {tau}; expected a finite cost scale > 0"))
    if rho is not None and not (np.isfinite(rho) and rho > 0):
        problems.append(("rho", f"got {rho}; expected a finite ratio of people to places > 0, or None"))
    if not (isinstance(max_cycles, (int, np.integer)) and max_cycles >= 1):
        problems.append(("max_cycles", f"got {max_cycles!r}; expected a whole number >= 1"))
    for name, x in (("initial_step", initial_step), ("min_step", min_step), ("half_life", half_life)):
        if not (np.isfinite(x) and x > 0):
            problems.append((name, f"got {x}; expected a finite number > 0"))
    if not problems and S.sum() <= 0:
        problems.append(("supply", "every site has 0 places; expected some"))
    if problems:
        raise InputError(problems)
    if rho is None:
        rho = float(P.sum() / S.sum())
    sites = np.flatnonzero(S > 0)
    travel = np.full((n, m), np.inf)
    travel[links.rows, links.cols] = links.cost / tau
    travel = travel[:, sites]
    points = np.flatnonzero((P > 0) & np.isfinite(travel).any(axis=1))
    out = np.full(n, np.nan)
    if points.size == 0:
        return out
    travel = travel[points]
    places = S[sites] * rho
    people = P[points]
    rows = np.arange(points.size)
    assignment = np.zeros(travel.shape)
    assignment[rows, travel.argmin(axis=1)] = people
    total = travel
    for cycle in range(max_cycles):
        load = assignment.sum(axis=0)
        total = load / places + travel
        costliest = np.where(assignment == 0, -np.inf, total).argmax(axis=1)
        cheapest = total.argmin(axis=1)
        s_lo, s_hi = places[cheapest], places[costliest]
        a_lo, a_hi = assignment[rows, cheapest], assignment[rows, costliest]
        others_lo, others_hi = load[cheapest] - a_lo, load[costliest] - a_hi
        # The people at the cheaper site that equalise the two sites' total costs.
        balanced = (s_lo * s_hi / (s_lo + s_hi)) * (travel[rows, costliest] - travel[rows, cheapest]
                                                    + (a_lo + a_hi + others_hi) / s_hi - others_lo / s_lo)
        move = np.minimum(balanced - a_lo, a_hi)
        move = np.where(costliest == cheapest, 0.0, move)
        halved = 0.5 ** (cycle / half_life)
        if isinstance(initial_step, float):
            step = max(initial_step * halved, min_step)
            move = np.minimum(move, step * people).astype(int)
        else:
            step = max(int(np.round(initial_step * halved)), min_step)
            move = np.minimum(move, step).astype(int)
        if cycle < 20:
            # Early on, a popular site could receive more than its places: scale the moves down.
            into = np.zeros(travel.shape)
            into[rows, cheapest] += move
            scale = np.maximum(into.sum(axis=0) / places, 1.0)
            move = (into / scale).round().astype(int).sum(axis=1)
        assignment[rows, cheapest] += move
        assignment[rows, costliest] -= move
    out[points] = (np.where(assignment > 0, total, 0.0) * assignment).sum(axis=1) / assignment.sum(axis=1)
    return out
