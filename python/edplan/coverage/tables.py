# SPDX-License-Identifier: MIT
"""Reading the coverage tables of DESIGN §3 (areas, sites, costs) into checked arrays.

- areas: ``area`` (id), ``region``, [``kind``] (``township``, ``village``, or anything else,
  e.g. ``community``), and ``population`` (people aged 60+) unless the population is given
  separately;
- sites: ``site`` (id), ``area`` (where it is), ``capacity`` (places), [``learners``],
  [``tier``] (``university``, ``school`` or ``point`` — a learning point; ``learning point`` is
  accepted), [``open_year``] (blank = open now);
- costs: ``origin`` (area id), ``destination`` (site id), ``cost``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems, duplicates, location, numeric, require_columns, show
from ..errors import InputError
from ._costs import cost_matrix

TIERS = ("university", "school", "point")
_TIER_ALIASES = {"learning point": "point", "learning_point": "point", "learning-point": "point"}


@dataclass(frozen=True)
class CoverageInputs:
    """Areas, sites and costs as aligned arrays."""

    areas: pd.DataFrame
    """area, region, kind (index 0..n-1 = matrix rows)."""
    sites: pd.DataFrame
    """site, area, capacity, learners, tier, open_year (index 0..m-1 = matrix columns)."""
    site_area: np.ndarray
    """(m,) row of each site's area."""
    years: np.ndarray
    """(T,) year labels."""
    population: np.ndarray
    """(T, n) people aged 60+."""
    cost: Any
    """(n, m) scipy.sparse links, or a scenario's existing sites' links read in place from its
    matrix to every site and candidate (:class:`~._costs.LeadingColumns`)."""
    tiers_known: bool = True
    """False when the sites table has no tier column."""
    learners_known: bool = True
    """False when the sites table has no learners column."""


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` indexed 0..n-1, its rows still located in its file (``attrs["lines"]``)."""
    out = frame.reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    if frame.attrs.get("index_is_line"):
        out.attrs.update(index_is_line=False, lines=frame.index.to_numpy())
    return out


def _numbers(frame: pd.DataFrame, name: str, column: str, problems: TableProblems, allow_nan: bool = False,
             infinite_ok: bool = False) -> np.ndarray:
    return numeric(frame, name, column, problems, minimum=0, allow_missing=allow_nan, infinite_ok=infinite_ok,
                   expected="a number >= 0" + (" (inf: no limit)" if infinite_ok else ""))


def _population(areas: pd.DataFrame, population: Any, years: Optional[Sequence[int]], problems: TableProblems):
    n = len(areas)
    if population is None:
        if "population" not in areas.columns:
            problems.add(location(areas, "areas", None, "population"),
                         "missing column population (people aged 60+); or pass population=")
            return np.zeros(1), np.zeros((1, n))
        P = _numbers(areas, "areas", "population", problems)[None, :]
        labels = np.asarray(list(years) if years is not None else [0])
        return labels, P
    if isinstance(population, pd.DataFrame):
        if not require_columns(population, "population", ["area", "year", "population"], problems):
            return np.zeros(1), np.zeros((1, n))
        wide = population.pivot_table(index="year", columns="area", values="population", aggfunc="sum")
        absent = [a for a in areas["area"] if a not in wide.columns]
        if absent:
            problems.add("population", f"no population for area(s) {absent[:10]}; expected every area in every year")
        wide = wide.reindex(columns=areas["area"])
        if wide.isna().to_numpy().any() and not absent:
            problems.add("population", "some (area, year) is missing; expected every area in every year")
        return wide.index.to_numpy(), wide.to_numpy(dtype=float)
    P = np.asarray(population, dtype=float)
    if P.ndim == 1:
        P = P[None, :]
    if P.ndim != 2 or P.shape[1] != n:
        problems.add("population", f"got shape {np.shape(population)}; expected ({n},) or (years, {n}) areas")
        return np.zeros(1), np.zeros((1, n))
    labels = np.asarray(list(years) if years is not None else range(P.shape[0]))
    if len(labels) != P.shape[0]:
        problems.add("years", f"got {len(labels)} labels for {P.shape[0]} population rows")
    return labels, P


def read_inputs(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    costs: Optional[pd.DataFrame],
    *,
    population: Any = None,
    years: Optional[Sequence[int]] = None,
    max_cost: Optional[float] = None,
    links: Any = None,
) -> CoverageInputs:
    """Checks and aligns the three tables; raises one InputError with every problem.

    Without ``costs`` each area reaches the sites located in it, at cost 0 — unless ``links``
    gives the (areas, sites) CSR matrix of the costs already read (a scenario reads its costs
    table once for the existing sites and the candidates)."""
    problems = TableProblems()
    ok = require_columns(areas, "areas", ["area", "region"], problems, optional=["kind", "population"])
    ok &= require_columns(sites, "sites", ["site", "area", "capacity"], problems,
                          optional=["learners", "tier", "open_year"])
    problems.raise_if_any()
    areas = _numbered(areas)
    sites = _numbered(sites)
    # Optional columns: without kind no area is a township or village (their shares are NaN);
    # without learners participation is unknown (NaN) and every place counts as spare; without
    # tier every site is a learning point of unknown level (school and university shares NaN).
    if "kind" not in areas.columns:
        areas["kind"] = ""
    tiers_known = "tier" in sites.columns
    if not tiers_known:
        sites["tier"] = "point"
    learners_known = "learners" in sites.columns
    if not learners_known:
        sites["learners"] = np.nan
    duplicates(areas, "areas", ["area"], problems)
    duplicates(sites, "sites", ["site"], problems)
    site_area = pd.Index(areas["area"]).get_indexer(sites["area"])
    for r in np.flatnonzero(site_area < 0)[:10]:
        problems.at(sites, "sites", int(r), "area", f"got {show(sites['area'].iloc[r])}; expected an area id of the "
                    "areas table")
    tier = sites["tier"].astype(str).str.strip().str.lower().replace(_TIER_ALIASES)
    for r in np.flatnonzero(~tier.isin(TIERS).to_numpy())[:10]:
        problems.at(sites, "sites", int(r), "tier", f"got {show(sites['tier'].iloc[r])}; expected university, school "
                    "or point")
    sites["tier"] = tier
    sites["capacity"] = _numbers(sites, "sites", "capacity", problems, infinite_ok=True)
    if learners_known:
        sites["learners"] = _numbers(sites, "sites", "learners", problems)
    if "open_year" in sites.columns:
        sites["open_year"] = _numbers(sites, "sites", "open_year", problems, allow_nan=True)
    else:
        sites["open_year"] = np.nan
    labels, P = _population(areas, population, years, problems)
    if P.size and not np.all(np.isfinite(P) & (P >= 0)):
        problems.add("population", "some values are missing or negative; expected people aged 60+ >= 0")
    problems.raise_if_any()
    if links is not None:
        cost = links
    elif costs is None:
        import scipy.sparse as sp

        cost = sp.csr_array((np.zeros(len(sites)), (site_area, np.arange(len(sites)))), shape=(len(areas), len(sites)))
    else:
        cost = cost_matrix(costs, areas["area"], sites["site"], max_cost=max_cost)
    return CoverageInputs(areas[["area", "region", "kind"]].copy(), sites, site_area, labels, P, cost, tiers_known,
                          learners_known)


def older_population(areas: pd.DataFrame, projection: pd.DataFrame, *, min_age: int = 60) -> pd.DataFrame:
    """People aged ``min_age``+ by area and year from a regional projection.

    ``projection`` is :func:`edplan.population.to_frame`'s table (region, year, sex, age,
    count); each area's ``population`` (its older population in the projection's first year)
    grows as its region's population aged ``min_age``+ does:
    ``P[area, t] = P[area, base] · O[region, t] / O[region, base]``. Returns the long table
    (area, year, population) that :func:`coverage_table` takes as ``population``.

    The engine (``edplan::coverage::older_population``) sums O over the table's rows in their
    order. Counts must be numbers >= 0, and so must the areas' populations."""
    problems = TableProblems()
    require_columns(areas, "areas", ["area", "region", "population"], problems)
    require_columns(projection, "projection", ["region", "year", "age", "count"], problems)
    problems.raise_if_any()
    rows = projection[projection["age"] >= min_age]
    # Regions and years numbered in sorted order, as pandas numbers the groups of a table.
    region_code, regions = pd.factorize(rows["region"], sort=True)
    year_code, years = pd.factorize(rows["year"], sort=True)
    missing = sorted(set(areas["region"]) - set(regions), key=str)
    if missing:
        raise InputError(f"no projection for region(s) {missing[:10]}; expected every region of the areas", "projection")
    P = _core.coverage.older_population(
        region=region_code.astype(np.int64), year=year_code.astype(np.int64), age=rows["age"].to_numpy(float),
        count=rows["count"].to_numpy(float), regions=len(regions), years=len(years),
        area_region=pd.Index(regions).get_indexer(areas["region"]).astype(np.int64),
        base=pd.to_numeric(areas["population"], errors="coerce").to_numpy(dtype=float), min_age=float(min_age))
    labels = np.asarray(years)
    return pd.DataFrame({
        "area": np.repeat(areas["area"].to_numpy(), len(labels)),
        "year": np.tile(labels, len(areas)),
        "population": P.ravel(),
    })
