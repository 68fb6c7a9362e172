# SPDX-License-Identifier: MIT
"""A scenario's travel links from coordinates (its ``travel`` setting), held as its run reads
them. The coverage metrics and the distances to the nearest site read the existing sites'
links with their minutes; the recommendation's MCLP reads only which links there are, to the
sites it may use (the existing sites with spare places, kept fixed, and the candidates). The
candidates' minutes, which nothing in a run reads (49 million links, 0.37 GiB at 100 times the
built-in scenario), are therefore never kept: the recommendation's links are a matrix whose
costs are zeros never written (pages the kernel maps to its zero page, so that they take no
memory), and the matrix of every link with its minutes is built only when asked for
(``ScenarioCoverage.recommend.cost``). Each is a :class:`~._costs.Rebuildable` matrix: a run
lets them go once its engine has read them, and they are built again, the same, when read."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from ..errors import InputError
from ._costs import Rebuildable, within
from ._pairs import pairs_by_row

__all__ = ["AREAS_PER_BLOCK", "ScenarioLinks", "all_sites", "scenario_links", "travel_matrix", "travel_speed"]

AREAS_PER_BLOCK = 40_000
"""Areas whose links to the recommendation's sites are found at once: the minutes of a block's
links (some 12 million at 100 times the built-in scenario, 100 MB) are its transient memory."""


def all_sites(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Existing sites and candidates (if any): every destination a costs table may name."""
    frames = [tables["coverage.sites"][["site", "area"]]]
    if "coverage.candidates" in tables:
        frames.append(tables["coverage.candidates"][["site", "area"]])
    return pd.concat(frames, ignore_index=True)


def travel_speed(settings: Any) -> Optional[tuple[float, float]]:
    """(speed_kmh, detour) of a ``travel`` setting, or None without one; a bad one raises."""
    travel = settings.get("travel") if isinstance(settings, dict) else None
    if not isinstance(travel, dict):
        return None
    unknown = sorted(set(travel) - {"speed_kmh", "detour"})
    if unknown or "speed_kmh" not in travel:
        raise InputError(f"got keys {sorted(travel)}; expected speed_kmh (and optionally detour)", "coverage.travel")
    return float(travel["speed_kmh"]), float(travel.get("detour", 1.0))


def _matrix_readable(tables: dict[str, pd.DataFrame], settings: Any) -> bool:
    """Whether :func:`travel_matrix` makes a matrix: a ``travel`` setting (a bad one raises) and a
    ``max_cost``, and ids that the table's reading would not report (missing or repeated ids,
    sites in unknown areas)."""
    travel = travel_speed(settings)
    max_cost = settings.get("max_cost") if travel is not None else None
    if travel is None or isinstance(max_cost, bool) or not isinstance(max_cost, (int, float)):
        return False
    areas, sites = tables["coverage.areas"], all_sites(tables)
    if not ({"area", "x", "y"} <= set(areas.columns) and {"site", "area"} <= set(sites.columns)):
        return False
    area_ids, site_ids = pd.Index(areas["area"]), pd.Index(sites["site"])
    return bool(area_ids.is_unique and site_ids.is_unique and not area_ids.hasnans and not site_ids.hasnans
                and bool(sites["area"].isin(area_ids).all()))


def travel_matrix(tables: dict[str, pd.DataFrame], settings: Any, sites: Optional[pd.DataFrame] = None) -> Any:
    """The CSR matrix of :func:`~.inputs.travel_table`'s links (a row per area, a column per site of
    :func:`all_sites`, or of ``sites``, a table of some of them), built from the links' integer
    rows without the table of labels, or None where that table is needed: no ``travel`` setting
    or no ``max_cost`` (every pair), or ids that the table's reading reports (missing or repeated
    ids, sites in unknown areas)."""
    from .travel import travel_links

    if not _matrix_readable(tables, settings):
        return None
    import scipy.sparse as sp

    travel = travel_speed(settings)
    assert travel is not None
    areas = tables["coverage.areas"]
    sites = all_sites(tables) if sites is None else sites
    starts, j, cost = travel_links(areas, sites, speed_kmh=travel[0], detour=travel[1], max_cost=settings["max_cost"])
    if len(cost) < 2**31 - 1:  # int32 row starts where they fit, as scipy chooses them
        starts = starts.astype(np.int32)
    return sp.csr_array((cost, j, starts), shape=(len(areas), len(sites)))


def scenario_links(tables: dict[str, pd.DataFrame], settings: Any) -> Any:
    """The scenario's travel links as its run reads them (:class:`ScenarioLinks`:
    the existing sites' built now, the others when needed), or None where :func:`travel_matrix`
    is None."""
    return ScenarioLinks(tables, settings) if _matrix_readable(tables, settings) else None


class ScenarioLinks:
    """The travel links of a scenario's ``tables`` with the ``[coverage]`` ``settings`` (its
    ``travel`` setting, its ``max_cost``): ``existing`` (built now) and ``every`` (built when
    read) are :class:`~._costs.Rebuildable` CSR matrices of minutes from each area, within
    ``max_cost``; :meth:`reach` makes the recommendation's. Made by :func:`scenario_links`, which
    checks that the tables can be read this way."""

    def __init__(self, tables: dict[str, pd.DataFrame], settings: dict[str, Any]) -> None:
        self._tables, self._settings = tables, settings
        self.max_cost = float(settings["max_cost"])
        """Links of more minutes are no links."""
        sites = tables["coverage.sites"]
        self.shape = (len(tables["coverage.areas"]), len(all_sites(tables)))
        """(areas, existing sites and candidates)."""
        self.existing = Rebuildable(lambda: within(travel_matrix(tables, settings, sites), self.max_cost))
        """The links to the existing sites with their minutes: (areas, sites)."""
        self.existing.matrix  # built now, so that the load measures and reports what it costs
        self.every = Rebuildable(lambda: within(travel_matrix(tables, settings), self.max_cost))
        """The links to every site and candidate (their columns in that order) with their minutes,
        built when read: nothing in a run reads it."""

    def reach(self, usable: np.ndarray) -> Rebuildable:
        """The links of :attr:`every` to the columns ``usable`` (increasing) and no others, their
        costs zeros (the matrix's ``data`` is never written and takes no memory): what the
        recommendation's engine reads, which sites each area reaches. Built now."""
        usable = np.asarray(usable, dtype=np.int32)
        return Rebuildable(lambda: self._reach(usable), self._reach(usable))

    def _reach(self, usable: np.ndarray) -> Any:
        import scipy.sparse as sp

        from .travel import travel_geometry

        travel = travel_speed(self._settings)
        assert travel is not None  # checked by scenario_links
        speed_kmh, detour = travel
        xy, site_xy, km_per_minute = travel_geometry(self._tables["coverage.areas"], all_sites(self._tables),
                                                     speed_kmh=speed_kmh, detour=detour)
        usable_xy = site_xy[usable]
        radius = self.max_cost * km_per_minute
        counts = np.zeros(len(xy), dtype=np.int64)
        blocks = []
        # a block of areas at a time, so that only a block's minutes are ever held: the same
        # pairs and minutes as travel_links, to the bit, and the same cut as within()
        for first in range(0, len(xy), AREAS_PER_BLOCK):
            last = min(len(xy), first + AREAS_PER_BLOCK)
            starts, j, d = pairs_by_row(xy[first:last], usable_xy, radius)
            kept = np.divide(d, km_per_minute, out=d) <= self.max_cost
            del d
            if kept.all():
                counts[first:last] = np.diff(starts)
            else:
                kept_before = np.zeros(len(kept) + 1, dtype=np.int64)
                np.cumsum(kept, out=kept_before[1:])
                counts[first:last] = np.diff(kept_before[starts])
                j = j[kept]
            blocks.append(usable[j])
            del starts, j, kept
        nnz = int(counts.sum())
        index = np.int32 if max(nnz, *self.shape) < 2**31 - 1 else np.int64  # as scipy chooses them
        indices = np.empty(nnz, dtype=index)
        at = 0
        for k in range(len(blocks)):  # each block let go once copied: the links are held once
            part = blocks[k]
            blocks[k] = None
            indices[at:at + len(part)] = part
            at += len(part)
            del part
        starts = np.zeros(len(xy) + 1, dtype=index)
        np.cumsum(counts, out=starts[1:])
        return sp.csr_array((np.zeros(nnz), indices, starts), shape=self.shape)
