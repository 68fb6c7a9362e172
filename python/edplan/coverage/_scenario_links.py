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

from typing import Any

import numpy as np
import pandas as pd

from ._costs import Rebuildable, within
from ._pairs import pairs_by_row

__all__ = ["AREAS_PER_BLOCK", "ScenarioLinks"]

AREAS_PER_BLOCK = 40_000
"""Areas whose links to the recommendation's sites are found at once: the minutes of a block's
links (some 12 million at 100 times the built-in scenario, 100 MB) are its transient memory."""


class ScenarioLinks:
    """The travel links of a scenario's ``tables`` with the ``[coverage]`` ``settings`` (its
    ``travel`` setting, its ``max_cost``): ``existing`` (built now) and ``every`` (built when
    read) are :class:`~._costs.Rebuildable` CSR matrices of minutes from each area, within
    ``max_cost``; :meth:`reach` makes the recommendation's. Made by
    :func:`~.inputs.scenario_links`, which checks that the tables can be read this way."""

    def __init__(self, tables: dict[str, pd.DataFrame], settings: dict[str, Any]) -> None:
        from .inputs import all_sites, travel_matrix

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

        from .inputs import all_sites, travel_speed
        from .travel import travel_geometry

        speed_kmh, detour = travel_speed(self._settings)
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
