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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from .fca import Decay, two_step_fca
from .tables import CoverageInputs, open_mask, read_inputs

__all__ = ["DEFAULT_TARGETS", "CoverageResult", "coverage_table"]

DEFAULT_TARGETS: Mapping[str, Optional[float]] = {
    "participation": 0.20,
    "township_school": 0.90,
    "village_point": 0.60,
    "county_university": 1.0,
    "within_reach": None,
}
"""Fujian's targets (DESIGN §3's scenario example): at least 20% of older people learning,
elder schools in 90% of townships, learning points in 60% of villages, a university in every
county. No default for ``within_reach``: set one to get its gap."""


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


def _gap(target: Optional[float], value: Any) -> Any:
    if target is None:
        return np.full(np.shape(value), np.nan) if np.ndim(value) else np.nan
    return np.maximum(0.0, target - np.asarray(value, dtype=float))


def _share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    return np.divide(numerator, denominator, out=np.full(np.shape(numerator), np.nan), where=denominator > 0)


def _area_flags(inp: CoverageInputs, is_open: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(T, n) has an elder school, has any site, (T, R') and per-year region has a university."""
    n = len(inp.areas)
    T = len(inp.years)
    tier = inp.sites["tier"].to_numpy()
    school = np.zeros((T, n), bool)
    point = np.zeros((T, n), bool)
    uni = np.zeros((T, n), bool)
    for t in range(T):
        o = is_open[t]
        np.logical_or.at(point[t], inp.site_area[o], True)
        np.logical_or.at(school[t], inp.site_area[o & np.isin(tier, ("school", "university"))], True)
        np.logical_or.at(uni[t], inp.site_area[o & (tier == "university")], True)
    return school, point, uni


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
        years: labels of the population rows (for an array or the areas column).
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
    inp = read_inputs(areas, sites, costs, population=population, years=years, max_cost=max_cost)
    T, n = inp.population.shape
    is_open = open_mask(inp.sites, inp.years)
    capacity = inp.sites["capacity"].to_numpy()
    learners = inp.sites["learners"].to_numpy()
    spare = capacity > learners if inp.learners_known else capacity > 0
    supply = np.where(is_open, capacity, 0.0)
    ppp = two_step_fca(inp.population, supply, inp.cost, max_cost=max_cost, decay=decay)
    links = inp.cost.copy()
    links.data = (links.data <= max_cost).astype(float)
    within = (links @ (is_open & spare[None, :]).T.astype(float)).T > 0  # (T, n)
    school, point, uni = _area_flags(inp, is_open)

    area_rows = pd.DataFrame({
        "area": np.tile(inp.areas["area"].to_numpy(), T),
        "region": np.tile(inp.areas["region"].to_numpy(), T),
        "kind": np.tile(inp.areas["kind"].to_numpy(), T),
        "year": np.repeat(inp.years, n),
        "population": inp.population.ravel(),
        "places_per_person": ppp.ravel(),
        "within_reach": within.ravel(),
        "has_school": school.ravel(),
        "has_point": point.ravel(),
        "has_university": uni.ravel(),
    })
    site_rows = pd.DataFrame({
        "region": np.tile(inp.areas["region"].to_numpy()[inp.site_area], T),
        "year": np.repeat(inp.years, len(capacity)),
        "learners": np.where(is_open, learners[None, :], 0.0).ravel(),
        "capacity": supply.ravel(),
    })

    def summarise(frame: pd.DataFrame, sites_frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        frame = frame.assign(
            reach_pop=frame["population"] * frame["within_reach"],
            township=frame["kind"] == "township",
            village=frame["kind"] == "village",
        )
        frame = frame.assign(
            township_with_school=frame["township"] & frame["has_school"],
            village_with_point=frame["village"] & frame["has_point"],
        )
        g = frame.groupby(keys, sort=False).agg(
            population=("population", "sum"), reach_pop=("reach_pop", "sum"), townships=("township", "sum"),
            township_with_school=("township_with_school", "sum"), villages=("village", "sum"),
            village_with_point=("village_with_point", "sum"), has_university=("has_university", "any"),
        )
        s = sites_frame.groupby(keys, sort=False)[["learners", "capacity"]].sum()
        g = g.join(s, how="left").fillna({"learners": 0.0, "capacity": 0.0})
        out = g.reset_index()
        pop = out["population"].to_numpy(dtype=float)
        out["participation"] = _share(out["learners"].to_numpy(float), pop)
        out["participation_gap"] = _gap(tg["participation"], out["participation"])
        if tg["participation"] is not None:
            out["learners_needed"] = np.maximum(0.0, np.ceil(tg["participation"] * pop - 1e-9) - out["learners"])
        else:
            out["learners_needed"] = np.nan
        out["within_reach"] = _share(out.pop("reach_pop").to_numpy(float), pop)
        out["within_reach_gap"] = _gap(tg["within_reach"], out["within_reach"])
        out["township_school"] = _share(out.pop("township_with_school").to_numpy(float), out["townships"].to_numpy(float))
        out["township_school_gap"] = _gap(tg["township_school"], out["township_school"])
        out["village_point"] = _share(out.pop("village_with_point").to_numpy(float), out["villages"].to_numpy(float))
        out["village_point_gap"] = _gap(tg["village_point"], out["village_point"])
        return out

    regions = summarise(area_rows, site_rows, ["region", "year"])
    if not inp.learners_known:  # NaN learners sum to 0 in pandas: say unknown instead
        regions[["learners", "participation", "participation_gap", "learners_needed"]] = np.nan
    total = summarise(area_rows.assign(all=0), site_rows.assign(all=0), ["all", "year"]).drop(columns=["all"])
    per_year = regions.groupby("year", sort=False).agg(counties=("region", "size"), with_uni=("has_university", "sum"))
    total = total.drop(columns=["has_university"]).merge(per_year.reset_index(), on="year")
    total["county_university"] = total.pop("with_uni") / total["counties"]
    total["county_university_gap"] = _gap(tg["county_university"], total["county_university"])
    if not inp.learners_known:
        total[["learners", "participation", "participation_gap", "learners_needed"]] = np.nan
    if not inp.tiers_known:  # which sites are schools or universities is not known
        unknown = ["township_school", "township_school_gap"]
        regions[unknown + ["has_university"]] = np.nan
        total[unknown + ["county_university", "county_university_gap"]] = np.nan
    regions = regions.sort_values(["region", "year"], kind="stable").reset_index(drop=True)
    return CoverageResult(area_rows.drop(columns=["has_university"]), regions, total.reset_index(drop=True), tg)
