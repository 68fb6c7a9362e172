# SPDX-License-Identifier: MIT
"""The scenario's coverage tables: travel costs from coordinates when the scenario gives a
``travel`` setting instead of a costs file, and the checks run at load, with problems named by
the scenario's file names rather than the API's argument names."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

CANDIDATE_DEFAULTS = {"capacity": np.inf, "learners": 0.0, "tier": "point"}
"""What recommend_sites assumes for candidate columns a table leaves out."""


def all_sites(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Existing sites and candidates (if any): every destination a costs table may name."""
    frames = [tables["coverage.sites"][["site", "area"]]]
    if "coverage.candidates" in tables:
        frames.append(tables["coverage.candidates"][["site", "area"]])
    return pd.concat(frames, ignore_index=True)


def travel_table(tables: dict[str, pd.DataFrame], settings: Any, files: dict[str, Path]) -> Optional[pd.DataFrame]:
    """Minutes between areas and sites (and candidates) from the areas' x, y, or None without
    a ``travel`` setting."""
    from .travel import travel_costs

    travel = settings.get("travel") if isinstance(settings, dict) else None
    if not isinstance(travel, dict):
        return None
    unknown = sorted(set(travel) - {"speed_kmh", "detour"})
    if unknown or "speed_kmh" not in travel:
        raise InputError(f"got keys {sorted(travel)}; expected speed_kmh (and optionally detour)", "coverage.travel")
    max_cost = settings.get("max_cost")
    try:
        return travel_costs(tables["coverage.areas"], all_sites(tables), speed_kmh=float(travel["speed_kmh"]),
                            detour=float(travel.get("detour", 1.0)), max_cost=max_cost)
    except InputError as error:
        raise InputError([Problem(_rename(p.where, files, "sites"), p.message) for p in error.problems]) from None


def _rename(where: str, files: dict[str, Path], sites_as: str) -> str:
    names = {key.split(".")[1]: str(files[key]) for key in files if key.startswith("coverage.")}
    head, _, rest = where.partition(":")
    head = sites_as if head == "sites" else head
    return f"{names.get(head, head)}:{rest}" if rest else names.get(head, head)


def check_coverage(tables: dict[str, pd.DataFrame], files: dict[str, Path]) -> None:
    """Areas with sites and with candidates (ids, tiers, numbers), and every cost link against
    the areas and the sites or candidates it names; all problems at once."""
    from ._costs import cost_matrix
    from .tables import read_inputs

    problems: list[Problem] = []

    def attempt(read, sites_as: str) -> None:
        try:
            read()
        except InputError as error:
            problems.extend(Problem(_rename(p.where, files, sites_as), p.message) for p in error.problems)

    areas = tables["coverage.areas"]
    attempt(lambda: read_inputs(areas, tables["coverage.sites"], None), "sites")
    if "coverage.candidates" in tables:
        candidates = tables["coverage.candidates"]
        filled = candidates.assign(**{k: v for k, v in CANDIDATE_DEFAULTS.items() if k not in candidates.columns})
        attempt(lambda: read_inputs(areas, filled, None), "candidates")
    if "coverage.costs" in tables:
        attempt(lambda: cost_matrix(tables["coverage.costs"], areas["area"], all_sites(tables)["site"]), "sites")
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
