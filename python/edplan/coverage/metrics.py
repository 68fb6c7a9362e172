# SPDX-License-Identifier: MIT
"""Coverage metrics by area, region and year, each with its gap to the target (DESIGN §2.6).

Per region and year (and for all regions together):

- ``participation = learners / population`` (people aged 60+), holding today's learners in
  every year, so it shows where the current provision falls behind an ageing population;
  ``learners_needed = max(0, ceil(target · population) − learners)``;
- ``within_reach`` — the population-weighted share of older people living within
  ``max_cost`` of an open site with spare capacity (capacity > learners);
- ``township_school`` — the share of townships with an elder school (tier school or
  university) located in them; ``village_point`` — the share of villages with any site
  (a learning point or better); ``has_university`` — whether the region (county) has one,
  and for all regions the share of counties that do (``county_university``).

Each ``<metric>_gap = max(0, target − value)``; it is NaN where no target is set. Per area
and year: the 2SFCA access ``places_per_person`` (capacity within reach per older person,
under ``decay``) and the ``within_reach`` flag.

The numbers come from the C++ engine (``edplan::coverage::coverage_metrics``); this module
turns the tables into its arrays and its arrays into the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError
from ._costs import cost_arg, dense_budget
from .fca import Decay, decay_list
from .tables import CoverageInputs, read_inputs

__all__ = ["DEFAULT_TARGETS", "CoverageResult", "coverage_result", "coverage_table", "metric_arrays"]

_DEFAULTS = _core.coverage.CoverageTargets()
DEFAULT_TARGETS: Mapping[str, Optional[float]] = {
    "participation": _DEFAULTS.participation,
    "township_school": _DEFAULTS.township_school,
    "village_point": _DEFAULTS.village_point,
    "county_university": _DEFAULTS.county_university,
    "within_reach": _DEFAULTS.within_reach,
}
"""Fujian's targets (DESIGN §3's scenario example), as the engine's ``CoverageTargets``
defines them: at least 20% of older people learning, elder schools in 90% of townships,
learning points in 60% of villages, a university in every county. No default for
``within_reach``: set one to get its gap."""

_KINDS = {"township": 1, "village": 2}
_TIERS = {"point": 0, "school": 1, "university": 2}
_SUMMARY = ["population", "townships", "villages", "learners", "capacity", "participation", "participation_gap",
            "learners_needed", "within_reach", "within_reach_gap", "township_school", "township_school_gap",
            "village_point", "village_point_gap"]


@dataclass(frozen=True)
class CoverageResult:
    """Coverage tables; see :func:`coverage_table`."""

    areas: pd.DataFrame
    """area, region, kind, year, population, places_per_person, within_reach, has_school, has_point."""
    regions: pd.DataFrame
    """region, year, population, learners, capacity, participation, participation_gap,
    learners_needed, within_reach, within_reach_gap, townships, township_school,
    township_school_gap, villages, village_point, village_point_gap, has_university."""
    total: pd.DataFrame
    """year and the regional columns over all areas, plus counties, county_university and its gap."""
    targets: Mapping[str, Optional[float]] = field(default_factory=dict)
    """The targets used."""


def coverage_table(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    costs: Optional[pd.DataFrame] = None,
    *,
    max_cost: float,
    population: Any = None,
    years: Optional[Sequence[int]] = None,
    decay: Optional[Decay] = None,
    targets: Optional[Mapping[str, Optional[float]]] = None,
) -> CoverageResult:
    """Elder-education coverage by area, region and year with gaps to targets.

    Args:
        areas: ``area``, ``region`` (county), ``kind`` (township / village / other) and,
            unless ``population`` is given, ``population`` (people aged 60+). Without
            ``kind`` the township and village shares are NaN.
        sites: ``site``, ``area``, ``capacity``, ``learners``, ``tier`` (university / school /
            point) and optionally ``open_year`` (a planned or recommended site). Without
            ``learners`` participation is NaN and every place counts as spare; without
            ``tier`` the school and university measures are NaN.
        costs: ``origin`` (area), ``destination`` (site), ``cost``; None means each area
            reaches only the sites located in it.
        max_cost: the catchment (same unit as the costs).
        population: people aged 60+ by year: a long table (area, year, population), a
            (T, n) array with ``years``, or None for ``areas.population``.
        years: labels of the population rows (for an array or the areas column); distinct.
        decay: the decay of the 2SFCA ``places_per_person`` (default: none).
        targets: overrides of :data:`DEFAULT_TARGETS`.

    Raises:
        InputError: every problem in the tables at once, by file, row and column.
    """
    tg = dict(DEFAULT_TARGETS)
    for key, value in (targets or {}).items():
        if key not in tg:
            raise InputError(f"unknown target {key!r}; expected one of {', '.join(tg)}", "targets")
        tg[key] = value
    if isinstance(decay, (list, tuple)):
        raise InputError(f"got a list of {len(decay)} decays; expected one Decay", "decay")
    (one_decay,) = decay_list(decay)
    inp = read_inputs(areas, sites, costs, population=population, years=years, max_cost=max_cost)
    arrays = metric_arrays(inp, max_cost=max_cost, decay=one_decay, targets=tg)
    r = _core.coverage.coverage_metrics(years=np.asarray(inp.years, dtype=float), population=inp.population,
                                        dense_budget=dense_budget(), **arrays)
    return coverage_result(inp, inp.years, inp.population, r, tg)


def metric_arrays(inp: CoverageInputs, *, max_cost: float, decay: Decay,
                  targets: Mapping[str, Optional[float]]) -> dict[str, Any]:
    """The engine's arguments for the areas, sites and costs of ``inp`` (all but the years and the
    population by year): regions numbered in order of first appearance, the order of pandas'
    groups, kinds and tiers as codes."""
    region_code, regions = pd.factorize(inp.areas["region"])
    return dict(
        regions=len(regions),
        area_region=region_code.astype(np.int64),
        area_kind=inp.areas["kind"].map(_KINDS).fillna(0).to_numpy(np.uint8),
        site_area=np.asarray(inp.site_area, np.int64),
        capacity=inp.sites["capacity"].to_numpy(float),
        learners=inp.sites["learners"].to_numpy(float) if inp.learners_known else None,
        tier=inp.sites["tier"].map(_TIERS).to_numpy(np.uint8) if inp.tiers_known else None,
        open_year=inp.sites["open_year"].to_numpy(float),
        cost=cost_arg(inp.cost),
        max_cost=float(max_cost),
        decay=decay,
        targets=_core.coverage.CoverageTargets(**targets),
    )


def coverage_result(inp: CoverageInputs, years: Any, population: np.ndarray, r: Any,
                    targets: Mapping[str, Optional[float]]) -> CoverageResult:
    """The engine's coverage ``r`` of the areas and sites of ``inp`` for the people aged 60+
    ``population`` (T, n) in ``years`` as the tables of :class:`CoverageResult`."""
    T, n = population.shape
    years = np.asarray(years)
    region_code, regions = pd.factorize(inp.areas["region"])
    area_rows = pd.DataFrame({
        "area": np.tile(inp.areas["area"].to_numpy(), T),
        "region": np.tile(inp.areas["region"].to_numpy(), T),
        "kind": np.tile(inp.areas["kind"].to_numpy(), T),
        "year": np.repeat(years, n),
        "population": population.ravel(),
        "places_per_person": r.areas.places_per_person.ravel(),
        "within_reach": r.areas.within_reach.ravel(),
        "has_school": r.areas.has_school.ravel(),
        "has_point": r.areas.has_point.ravel(),
    })
    # Rows by year, then region in order of first appearance; then sorted by region name.
    R = len(regions)
    by_region = pd.DataFrame({"region": regions.take(np.tile(np.arange(R), T)), "year": np.repeat(years, R)})
    region_rows = _summary_frame(by_region, r.regions)
    has_university = r.has_university.T.ravel()  # where pandas' aggregation put it: after villages
    region_rows.insert(int(region_rows.columns.get_loc("villages")) + 1, "has_university",
                       has_university.astype(bool) if inp.tiers_known else has_university)
    region_rows = region_rows.sort_values(["region", "year"], kind="stable").reset_index(drop=True)
    total = _summary_frame(pd.DataFrame({"year": years}), r.total)
    total["counties"] = np.full(T, r.counties, dtype=np.int64)
    total["county_university"] = r.county_university
    total["county_university_gap"] = r.county_university_gap
    return CoverageResult(area_rows, region_rows, total, targets)


def _summary_frame(keys: pd.DataFrame, summary: Any) -> pd.DataFrame:
    """The key columns, then every measure of a (G, T) summary as rows by year, then group."""
    return keys.assign(**{name: np.asarray(getattr(summary, name)).T.ravel() for name in _SUMMARY})
