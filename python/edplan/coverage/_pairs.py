# SPDX-License-Identifier: MIT
"""Every pair of points (an area, a site) within a radius of each other, found on a grid of
square cells as wide as the radius: a pair within the radius lies in the same or a neighbouring
cell, so each area is compared with the sites of its 3 × 3 cells only. The engine does it
(``edplan::coverage::PairGrid``, threaded, two passes writing the CSR arrays in place); the numpy
version below, a chunk of areas at a time, is its reference in the tests. The distance is
computed as scipy's k-d tree computes it (the root of dx² + dy², a pair kept when
dx² + dy² <= radius²), so that all three give the same links and the same costs to the last
bit; the grid needs no tree and no per-pair records (the k-d tree's pairs cost 24 bytes each on
the way, and its sparse output is the slowest part of reading a city-region's layer)."""

from __future__ import annotations

import numpy as np

__all__ = ["pairs_by_row", "pairs_within"]

AREAS_PER_CHUNK = 4096
"""Areas compared at once: their candidate pairs (about 2.9 times the pairs kept, 3 × 3 cells
against a circle) are the chunk's transient memory, some 100 MB at 300 sites within reach."""

MAX_CELLS = 2**62
"""Grids of more cells than this (coordinates far apart at a tiny radius) overflow the int64
cell keys: such layers go to the k-d tree."""


def pairs_by_row(xy: np.ndarray, site_xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of :func:`pairs_within` as CSR arrays: (the start of each area's pairs, n + 1
    int64; site row, int32; distance), found by the engine, each area's pairs ordered by site."""
    from .. import _core

    n, m = len(xy), len(site_xy)
    if n and m:
        found = _core.coverage.pairs_within(xy[:, 0], xy[:, 1], site_xy[:, 0], site_xy[:, 1], float(radius))
        if found is not None:
            return found
    i, j, d = _kdtree_pairs(xy, site_xy, radius) if n and m else (np.zeros(0, np.int32),) * 2 + (np.zeros(0),)
    starts = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(i, minlength=n), out=starts[1:])
    return starts, j, d


def pairs_within(xy: np.ndarray, site_xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(area row, site row, distance) of every pair at most ``radius`` apart, ordered by area,
    then site; rows as int32. ``xy`` (n, 2) and ``site_xy`` (m, 2) finite; ``radius`` >= 0.
    In numpy: the reference of :func:`pairs_by_row`."""
    n, m = len(xy), len(site_xy)
    empty = (np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))
    if n == 0 or m == 0:
        return empty
    # a cell a little wider than the radius: points within it are in neighbouring cells even
    # after the rounding of (x - low) / cell (radius 0: pairs at the same point, in one cell)
    cell = radius * (1 + 1e-6) if radius > 0 else 1.0
    low = np.minimum(xy.min(axis=0), site_xy.min(axis=0))
    cells_a = np.floor((xy - low) / cell).astype(np.int64)
    cells_s = np.floor((site_xy - low) / cell).astype(np.int64)
    height = int(max(cells_a[:, 1].max(), cells_s[:, 1].max())) + 3  # a margin row on each side
    width = int(max(cells_a[:, 0].max(), cells_s[:, 0].max())) + 3
    if not np.isfinite(cell) or width * float(height) >= MAX_CELLS:
        return _kdtree_pairs(xy, site_xy, radius)
    key_s = (cells_s[:, 0] + 1) * height + (cells_s[:, 1] + 1)
    by_cell = np.argsort(key_s, kind="stable")  # within a cell, sites in row order
    sorted_keys = key_s[by_cell]
    # coordinates as contiguous columns, the sites' in cell order: the candidates' gathers are
    # then plain takes from 1-D arrays
    ax, ay = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    sx, sy = site_xy[by_cell, 0], site_xy[by_cell, 1]
    steps = np.array([-height - 1, -height, -height + 1, -1, 0, 1, height - 1, height, height + 1])
    limit = radius * radius
    parts = []
    for first in range(0, n, AREAS_PER_CHUNK):
        rows = np.arange(first, min(n, first + AREAS_PER_CHUNK))
        centre = (cells_a[rows, 0] + 1) * height + (cells_a[rows, 1] + 1)
        wanted = (steps[:, None] + centre[None, :]).ravel()  # the 3 x 3 cells of each area, a step at a time
        start = np.searchsorted(sorted_keys, wanted, side="left")
        count = np.searchsorted(sorted_keys, wanted, side="right") - start
        total = int(count.sum())
        if total == 0:
            continue
        # the k-th candidate of a (cell, area): the cell's first site (in cell order) plus k
        i = np.repeat(np.tile(rows, len(steps)), count)
        at = np.arange(total) + np.repeat(start - (np.cumsum(count) - count), count)
        dx = ax[i] - sx[at]
        dy = ay[i] - sy[at]
        keep = dx * dx + dy * dy <= limit
        # the pairs kept, ordered by area then site: a stable sort of the key area x m + site
        # (the candidates come in nine runs already ordered by area: timsort merges them), their
        # distances computed again in that order by the same formula, to the same bits
        key = i[keep] * m + by_cell[at[keep]]
        key.sort(kind="stable")
        i, j = np.divmod(key, m)
        dx = ax[i] - site_xy[j, 0]
        dy = ay[i] - site_xy[j, 1]
        parts.append((i.astype(np.int32), j.astype(np.int32), np.sqrt(dx * dx + dy * dy)))
    if not parts:
        return empty
    return tuple(np.concatenate(column) for column in zip(*parts))  # type: ignore[return-value]


def _kdtree_pairs(xy: np.ndarray, site_xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same pairs by scipy's k-d tree, for grids too large to number their cells."""
    from scipy.spatial import cKDTree

    # output_type="ndarray" keeps pairs at distance 0 (a site in its own area); "coo_matrix" drops them
    pairs = cKDTree(xy).sparse_distance_matrix(cKDTree(site_xy), radius, output_type="ndarray")
    order = np.lexsort((pairs["j"], pairs["i"]))
    return pairs["i"][order].astype(np.int32), pairs["j"][order].astype(np.int32), pairs["v"][order]
