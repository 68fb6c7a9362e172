# SPDX-License-Identifier: MIT
"""A ranked list of new elder-education sites (DESIGN §2.6): MCLP over candidate sites with
the existing sites that have spare capacity kept fixed, ranked by the older population each
new site brings within reach, given the fixed sites and the better-ranked new ones.

The choice and the ranking run in the C++ engine (``edplan::coverage::recommend_sites``); with
``method="exact"`` the MCLP is solved here with HiGHS and the engine ranks its sites."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError
from ._costs import cost_arg, dense_budget
from .siting import check_method, mclp
from .tables import CoverageInputs, read_inputs

__all__ = ["CANDIDATE_DEFAULTS", "recommend_sites", "recommendation_arrays", "recommendation_table",
           "sites_and_candidates"]


def recommend_sites(
    areas: pd.DataFrame,
    sites: pd.DataFrame,
    candidates: pd.DataFrame,
    costs: Optional[pd.DataFrame] = None,
    *,
    new_sites: int,
    max_cost: float,
    population: Any = None,
    year: Optional[int] = None,
    method: str = "heuristic",
) -> pd.DataFrame:
    """The best ``new_sites`` candidate sites for reaching older people, ranked.

    Existing ``sites`` with spare capacity (capacity > learners) stay fixed and cover what
    they reach; the MCLP then chooses ``new_sites`` ``candidates`` (same columns as sites;
    learners may be 0) maximising the people aged 60+ within ``max_cost`` of a site with
    spare capacity, in ``year`` (a year of ``population``; default the last).

    Returns one row per chosen candidate, best first: rank, site, area, region, tier,
    capacity, ``added`` (people newly within reach, given the sites ranked above it),
    ``reached`` (cumulative people within reach, existing sites included) and
    ``reached_share`` (of all people aged 60+ that year). Sites that would reach nobody new
    are left out, so there are fewer than ``new_sites`` rows when fewer are worth building.
    """
    inp = read_inputs(areas, sites_and_candidates(sites, candidates), costs, population=population, max_cost=max_cost)
    years = list(inp.years)
    if year is None:
        t = len(years) - 1
    elif year in years:
        t = years.index(year)
    else:
        raise InputError(f"got {year}; expected a year of the population ({years[0]}..{years[-1]})", "year")
    P = inp.population[t]
    new = inp.sites["_new"].to_numpy(bool)
    capacity = inp.sites["capacity"].to_numpy(float)
    learners = inp.sites["learners"].to_numpy(float)
    chosen: Optional[list[int]] = None
    if method != "heuristic":  # the exact MCLP runs in Python (HiGHS); the engine ranks its sites
        check_method(method)
        fixed = np.flatnonzero(~new & (capacity > learners))
        usable = fixed.tolist() + np.flatnonzero(new).tolist()  # full existing sites reach nobody new
        n_fixed = len(fixed)
        if new_sites < 0:
            raise InputError(f"got {new_sites}; expected a number of new sites >= 0", "new_sites")
        k = min(int(new_sites), len(usable) - n_fixed)
        result = mclp(P, inp.cost[:, usable], max_cost=max_cost, p=n_fixed + k, fixed=range(n_fixed), method=method)
        chosen = [usable[j] for j in result.sites if j >= n_fixed]
    ranked = _core.coverage.recommend_sites(
        demand=P, cost=cost_arg(inp.cost), candidate=new.astype(np.uint8), capacity=capacity, learners=learners,
        new_sites=int(new_sites), max_cost=float(max_cost), chosen=chosen, dense_budget=dense_budget())
    return recommendation_table(ranked, inp)


CANDIDATE_DEFAULTS = {"capacity": np.inf, "learners": 0.0, "tier": "point"}
"""What a candidate without these columns is taken to be: of no set size, with nobody learning
there yet, a learning point."""


def sites_and_candidates(sites: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """The existing sites, then the candidates (their missing columns filled with
    :data:`CANDIDATE_DEFAULTS`), with ``_new`` marking the candidates."""
    overlap = set(sites["site"]) & set(candidates["site"]) if "site" in candidates.columns and "site" in sites.columns else set()
    if overlap:
        raise InputError(f"candidate id(s) {sorted(overlap)[:10]} are also existing sites; expected new ids", "candidates")
    filled = candidates.assign(**{k: v for k, v in CANDIDATE_DEFAULTS.items() if k not in candidates.columns})
    return pd.concat([sites.assign(_new=False), filled.assign(_new=True)], ignore_index=True)


def recommendation_arrays(inp: CoverageInputs, links: Any = None) -> dict[str, Any]:
    """The engine's arguments for the areas, existing sites and candidates of ``inp`` (a table of
    :func:`sites_and_candidates`): the costs, which columns are candidates, places and learners.
    ``links``: a matrix read instead of ``inp.cost``, of its shape and of the same links to the
    columns the engine uses (candidates, existing sites with spare places), at any cost within
    ``max_cost`` (``ScenarioCoverage.reach``: zeros)."""
    return dict(cost=cost_arg(inp.cost if links is None else links),
                candidate=inp.sites["_new"].to_numpy(bool).astype(np.uint8),
                capacity=inp.sites["capacity"].to_numpy(float), learners=inp.sites["learners"].to_numpy(float))


def recommendation_table(ranked: Sequence[Any], inp: CoverageInputs) -> pd.DataFrame:
    """The engine's ranked sites (``RankedSite``: site column, added, reached, reached_share) as
    the table of :func:`recommend_sites`, the sites named from ``inp``."""
    rows: list[dict[str, Any]] = []
    for s in ranked:
        site = inp.sites.iloc[s.site]
        rows.append({
            "rank": len(rows) + 1,
            "site": site["site"],
            "area": site["area"],
            "region": inp.areas["region"].iloc[inp.site_area[s.site]],
            "tier": site["tier"],
            "capacity": site["capacity"],
            "added": s.added,
            "reached": s.reached,
            "reached_share": s.reached_share,
        })
    columns = ["rank", "site", "area", "region", "tier", "capacity", "added", "reached", "reached_share"]
    return pd.DataFrame(rows, columns=columns)
