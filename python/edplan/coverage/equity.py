# SPDX-License-Identifier: MIT
"""Equity of the projected coverage, for the report: the inequality of places per older person
across areas by year, and how far older people live from their nearest elder-education site."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from .inequality import inequality

__all__ = ["DISTANCE_BANDS", "inequality_by_year", "nearest_cost", "nearest_distance_shares"]

DISTANCE_BANDS: tuple[float, ...] = (10.0, 20.0, 30.0)
"""Upper ends of the distance bands (in the cost unit, minutes in the built-in scenario);
the last band is everything beyond, and people with no site at all are counted apart."""


def inequality_by_year(areas: pd.DataFrame, value: str = "places_per_person") -> pd.DataFrame:
    """Gini and Theil T of ``value`` across areas, weighted by their older population, for each
    year of a ``coverage_areas`` table (columns year, population, ``value``)."""
    rows = []
    for year, group in areas.groupby("year", sort=True):
        w = group["population"].to_numpy(float)
        if w.sum() <= 0:
            continue
        result = inequality(group[value].to_numpy(float), w)
        rows.append({"year": int(year), "gini": result.gini, "theil_t": result.theil_t})
    return pd.DataFrame(rows, columns=["year", "gini", "theil_t"])


def nearest_cost(cost: Any, columns: Any) -> np.ndarray:
    """(n,) the cost from each demand point to its nearest site among ``columns`` (integers) of a sparse
    (n, m) cost matrix whose stored entries are the links (inf where none links), or of a
    :class:`~edplan.coverage._costs.LeadingColumns`; read in place, rows a few million links at a time."""
    import scipy.sparse as sp

    from ._costs import LeadingColumns, row_blocks

    if isinstance(cost, LeadingColumns):  # its links to the other columns are never wanted
        links, ends = cost.links, cost.row_end
    else:
        links = sp.csr_array(cost)
        ends = links.indptr[1:]
    n = links.shape[0]
    wanted = np.zeros(links.shape[1], dtype=bool)
    wanted[np.asarray(columns, dtype=np.int64)] = True
    starts = np.asarray(links.indptr, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    out = np.full(n, np.inf)
    for first, last in row_blocks(starts):
        lo, hi = starts[first], ends[last - 1]
        if hi <= lo:
            continue
        cost_of = np.where(wanted[links.indices[lo:hi]], links.data[lo:hi], np.inf)
        row_start, row_end = starts[first:last] - lo, ends[first:last] - lo
        # a row's links past its end (to columns a LeadingColumns leaves out) count for nothing
        past = np.zeros(hi - lo + 1, dtype=np.int64)
        np.add.at(past, row_end, 1)
        np.add.at(past, row_start[1:], -1)
        cost_of[np.cumsum(past[:-1]) > 0] = np.inf
        linked = row_end > row_start
        out[first:last][linked] = np.minimum.reduceat(cost_of, row_start[linked])
    return out


def nearest_distance_shares(cost: Any, open_year: np.ndarray, population: np.ndarray, years: Sequence[int],
                            bands: Sequence[float] = DISTANCE_BANDS) -> pd.DataFrame:
    """The share of the older population by distance to the nearest open site, for each of
    ``years``: ``open_year`` (m,) is each site's opening year (nan: open already), ``population``
    (len(years), n) the older people by area in those years. Columns: year, one per band
    ("≤ 10", "10–20", ...,  "> 30") and "no site" (no link to any open site)."""
    edges = [0.0, *bands]
    labels = [f"≤ {edges[1]:g}"] + [f"{a:g}–{b:g}" for a, b in zip(edges[1:-1], edges[2:])] + [f"> {edges[-1]:g}"]
    rows = []
    for year, people in zip(years, np.asarray(population, float)):
        open_sites = np.flatnonzero(~(np.asarray(open_year, float) > year))  # nan counts as open
        d = nearest_cost(cost, open_sites)
        band = np.searchsorted(np.asarray(bands, float), d, side="left")  # right-closed bands
        total = people.sum()
        shares = np.bincount(np.where(np.isfinite(d), band, len(bands) + 1), weights=people,
                             minlength=len(bands) + 2) / total
        rows.append({"year": int(year), **dict(zip(labels + ["no site"], shares))})
    return pd.DataFrame(rows)
