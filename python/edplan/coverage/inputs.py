# SPDX-License-Identifier: MIT
"""The scenario's coverage tables: travel costs from coordinates when the scenario gives a
``travel`` setting instead of a costs file, and the areas, sites, costs and candidates read once,
every problem located in the scenario's files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from .._io import location
from ..errors import InputError, Problem
from ._scenario_links import ScenarioLinks, all_sites, scenario_links, travel_matrix, travel_speed
from .recommend import CANDIDATE_DEFAULTS
from .tables import CoverageInputs

__all__ = ["ScenarioCoverage", "all_sites", "read_coverage", "scenario_links", "travel_matrix", "travel_table"]



def travel_table(tables: dict[str, pd.DataFrame], settings: Any) -> Optional[pd.DataFrame]:
    """Minutes between areas and sites (and candidates) from the areas' x, y, or None without
    a ``travel`` setting."""
    from .travel import travel_costs

    travel = travel_speed(settings)
    if travel is None:
        return None
    max_cost = settings.get("max_cost")
    sites = all_sites(tables)
    sites = sites[sites["area"].isin(set(tables["coverage.areas"]["area"]))]  # the others are reported by read_inputs
    return travel_costs(tables["coverage.areas"], sites, speed_kmh=travel[0], detour=travel[1], max_cost=max_cost)


@dataclass
class ScenarioCoverage:
    """A scenario's coverage tables and ``[coverage]`` settings, read and checked once."""

    inputs: CoverageInputs
    """The areas, the existing sites and their links (the people aged 60+ of the base year)."""
    targets: dict[str, Optional[float]]
    max_cost: float
    decay: Any
    """The ``Decay`` of the 2SFCA places per person."""
    older_age: int
    area_home: np.ndarray
    """(n) each area's region among the scenario's regions."""
    recommend: Optional[CoverageInputs] = None
    """The areas with the existing sites and the candidates (``sites["_new"]``), when candidates are given."""
    new_sites: int = 0
    recommend_year: int = 0
    reach: Any = None
    """With a ``travel`` setting, what the recommendation's engine reads instead of
    ``recommend.cost``: a :class:`~._costs.Rebuildable` CSR matrix of ``recommend.cost``'s links
    to the sites it may use (the candidates and the existing sites with spare places) and to no
    others, whose costs are zeros, not minutes (:meth:`~._scenario_links.ScenarioLinks.reach`).
    None otherwise: the engine reads ``recommend.cost``."""

    def release_links(self) -> None:
        """Lets the travel links go where they can be built again (a ``travel`` setting: see
        :class:`~._costs.Rebuildable`); the next reading of ``inputs.cost``, ``recommend.cost``
        or ``reach`` builds them again, the same."""
        for cost in (getattr(self.inputs, "cost", None), getattr(self.recommend, "cost", None), self.reach):
            release = getattr(cost, "release", None)
            if release is not None:
                release()


def read_coverage(tables: dict[str, pd.DataFrame], section: dict[str, Any], *,
                  regions: Sequence, base_year: int, horizon: int, max_cost: float, older_age: int,
                  new_sites: int, links: Any = None) -> ScenarioCoverage:
    """The scenario's areas, sites, costs and candidates with its ``[coverage]`` settings (the
    defaults given by the caller), every problem raised at once, located in the scenario's files.
    ``links``: the costs already as the CSR matrix of :func:`travel_matrix` (or as
    :func:`scenario_links`), instead of a costs table."""
    from ._costs import LeadingColumns, Rebuildable, cost_matrix, leading_columns, within
    from .fca import decay_from
    from .metrics import DEFAULT_TARGETS
    from .recommend import sites_and_candidates
    from .tables import read_inputs

    problems: list[Problem] = []

    def attempt(read) -> Any:
        try:
            return read()
        except InputError as error:
            problems.extend(error.problems)
            return None

    areas, sites = tables["coverage.areas"], tables["coverage.sites"]
    costs = tables.get("coverage.costs")
    # Every link read once, to every site and candidate (their columns in that order); the
    # existing sites' links are its first columns. A table with problems is read as before,
    # part by part, so that each problem is reported where it was.
    split = links if isinstance(links, ScenarioLinks) else None  # minutes kept for the existing sites only
    source: Any = None if split is not None else links  # read through where rebuildable
    full: Any = links.matrix if isinstance(links, Rebuildable) else source
    full_problems: list[Problem] = []
    if costs is not None and full is None and split is None:
        try:
            full = cost_matrix(costs, areas["area"], all_sites(tables)["site"])
        except InputError as error:
            full_problems = error.problems
        source = full
    if split is not None:
        inputs = attempt(lambda: read_inputs(areas, sites, None, links=LeadingColumns(split.existing, len(sites))))
    elif full is not None:
        inputs = attempt(lambda: read_inputs(areas, sites, None, links=leading_columns(source, len(sites), max_cost)))
    else:
        existing = None if costs is None else costs[costs["destination"].isin(set(sites["site"]))]
        inputs = attempt(lambda: read_inputs(areas, sites, existing, max_cost=max_cost))
    recommend = reach = None
    if "coverage.candidates" in tables:
        candidates = tables["coverage.candidates"]
        filled = candidates.assign(**{k: v for k, v in CANDIDATE_DEFAULTS.items() if k not in candidates.columns})
        alone = attempt(lambda: read_inputs(areas, filled, None))  # problems by the candidates' rows
        both = attempt(lambda: sites_and_candidates(sites, candidates))
        if inputs is not None and alone is not None and both is not None:
            if split is not None:  # sites_and_candidates keeps all_sites' order: sites, then candidates
                every = LeadingColumns(split.every, split.shape[1], rows=split.shape[0])
                recommend = attempt(lambda: read_inputs(areas, both, None, links=every))
                if recommend is not None:
                    s = recommend.sites  # the columns the engine's recommendation reads (recommend.hpp)
                    spare = s["capacity"].to_numpy(float) > s["learners"].to_numpy(float)
                    usable = s["_new"].to_numpy(bool) | spare
                    reach = split.reach(np.flatnonzero(usable))
            elif full is not None:  # sites_and_candidates keeps all_sites' order: sites, then candidates
                kept = within(full, max_cost)
                if kept is full and isinstance(source, Rebuildable) and full.has_canonical_format:
                    kept = LeadingColumns(source, full.shape[1])  # every link, read through the source
                recommend = attempt(lambda: read_inputs(areas, both, None, links=kept))
            else:
                recommend = attempt(lambda: read_inputs(areas, both, costs, max_cost=max_cost))
    if costs is not None and full is None:
        problems.extend(full_problems)
    targets = dict(DEFAULT_TARGETS)
    for key, value in dict(section.get("targets", {})).items():
        if key not in targets:
            problems.append(Problem("coverage.targets", f"unknown target {key!r}; expected one of {', '.join(targets)}"))
        targets[key] = value
    decay = attempt(lambda: decay_from(section.get("decay")))
    home = pd.Index(list(regions)).get_indexer(areas["region"])
    for row in np.flatnonzero(home < 0)[:10]:
        problems.append(Problem(location(areas, "areas", int(row), "region"),
                                f"unknown region {areas['region'].iloc[row]!r}; expected a region of the population"))
    year = int(section.get("recommend_year", horizon))
    if not base_year <= year <= horizon:
        problems.append(Problem("coverage.recommend_year", f"got {year}; expected a year {base_year}..{horizon}"))
    if new_sites < 0:
        problems.append(Problem("coverage.new_sites", f"got {new_sites}; expected a number of new sites >= 0"))
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    return ScenarioCoverage(inputs, targets, float(max_cost), decay, int(older_age), home.astype(np.int64), recommend,
                            int(new_sites), year, reach)
