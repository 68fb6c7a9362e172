# SPDX-License-Identifier: MIT
"""Travel costs from coordinates, for when no origin-destination table exists: a planner often
has only where villages and sites are. Straight-line distance times a detour factor over a
speed gives minutes; only pairs within ``max_cost`` are kept, found on a grid (:mod:`._pairs`)
so that the dense matrix is never built."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .._io import TableProblems, numeric, require_columns, show
from ._pairs import pairs_by_row

__all__ = ["travel_costs", "travel_geometry", "travel_links"]


def travel_costs(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    speed_kmh: float,
    detour: float = 1.0,
    max_cost: Optional[float] = None,
    x: str = "x",
    y: str = "y",
) -> pd.DataFrame:
    """Minutes from each area to each site, as the long costs table (origin, destination, cost).

    Args:
        areas: ``area`` and planar coordinates ``x``, ``y`` in km (a local projection).
        sites: ``site`` and ``area`` (where it is: it takes that area's coordinates).
        speed_kmh: travel speed; detour: road distance / straight-line distance (>= 1).
        max_cost: keep pairs up to this many minutes (None: all pairs).

    Raises:
        InputError: missing columns, coordinates that are not numbers, sites in unknown areas,
            or a speed or detour out of range, all at once.
    """
    starts, j, cost = travel_links(areas, sites, speed_kmh=speed_kmh, detour=detour, max_cost=max_cost, x=x, y=y)
    i = np.repeat(np.arange(len(starts) - 1, dtype=np.int32), np.diff(starts))
    return pd.DataFrame({"origin": _labels(areas["area"], i), "destination": _labels(sites["site"], j), "cost": cost})


def travel_links(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    speed_kmh: float,
    detour: float = 1.0,
    max_cost: Optional[float] = None,
    x: str = "x",
    y: str = "y",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links of :func:`travel_costs` as CSR arrays — the start of each area's links (n + 1,
    int64), site row (int32), minutes — ordered by area, then site: what a scenario reads into
    its cost matrix without a table of labels (the same costs, to the bit). Raises as
    :func:`travel_costs`."""
    xy, site_xy, km_per_minute = travel_geometry(areas, sites, speed_kmh=speed_kmh, detour=detour, x=x, y=y)
    radius = np.inf if max_cost is None else float(max_cost) * km_per_minute
    if np.isinf(radius):
        i, j = np.indices((len(xy), len(site_xy))).reshape(2, -1)
        d = np.hypot(*(xy[i] - site_xy[j]).T)
        starts = np.arange(0, len(i) + 1, max(len(site_xy), 1), dtype=np.int64)[:len(xy) + 1]
        j = j.astype(np.int32)
    else:
        starts, j, d = pairs_by_row(xy, site_xy, radius)
    return starts, j, np.divide(d, km_per_minute, out=d)  # in place: d is this call's own


def travel_geometry(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    speed_kmh: float,
    detour: float = 1.0,
    x: str = "x",
    y: str = "y",
) -> tuple[np.ndarray, np.ndarray, float]:
    """What :func:`travel_links` computes the links from: the areas' coordinates (n, 2), each
    site's (its area's, (m, 2)) and the km travelled a minute; a link's minutes are the pair's
    distance over the latter. Raises as :func:`travel_costs`."""
    problems = TableProblems()
    require_columns(areas, "areas", ["area", x, y], problems)
    require_columns(sites, "sites", ["site", "area"], problems)
    if not (np.isfinite(speed_kmh) and speed_kmh > 0):
        problems.add("speed_kmh", f"got {speed_kmh!r}; expected a speed > 0")
    if not (np.isfinite(detour) and detour >= 1):
        problems.add("detour", f"got {detour!r}; expected a factor >= 1")
    problems.raise_if_any()
    xy = np.column_stack([numeric(areas, "areas", c, problems, expected="a coordinate in km") for c in (x, y)])
    at = pd.Index(areas["area"]).get_indexer(sites["area"])
    for r in np.flatnonzero(at < 0)[:10]:
        problems.at(sites, "sites", int(r), "area", f"got {show(sites['area'].iloc[r])}; expected an area id of the "
                    "areas table")
    problems.raise_if_any()
    return xy, xy[at], speed_kmh / 60.0 / detour


def _labels(ids: pd.Series, rows: np.ndarray) -> "pd.Series | pd.Categorical | np.ndarray":
    """``ids[rows]``: categorical (an int32 code per link, the ids once) when the ids are unique,
    so that a table of millions of links holds no string per link; else the ids themselves."""
    values = ids.to_numpy()
    if pd.Index(values).is_unique:
        return pd.Categorical.from_codes(rows, categories=pd.Index(values))
    return values[rows]
