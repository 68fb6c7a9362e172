# SPDX-License-Identifier: MIT
"""The levers beyond building (DESIGN §2.4b): conversions between levels, temporary places and
crowding, read from a planner's settings into the engine's ``Levers``, and a plan's tables —
``ledger`` (capacity by lever, year by year), ``conversions`` and ``temporary``.

Births halved, so demand rises and falls level by level: the primary schools that empty can
take the junior pupils that follow (a classroom changes hands: ρ = class_size(b) /
class_size(a)), temporary classrooms bridge a peak without stranding places after it, and
classes may run a little above their norm (φ) before they count as 大班额."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems

__all__ = ["DEFAULT_TEMPORARY", "TEMPORARY_KEYS", "read_levers", "lever_tables", "level_comparison"]

_TMP = _core.capacity.Temporary()
DEFAULT_TEMPORARY = {"cost_per_place_year": _TMP.cost_per_place_year, "lifetime": _TMP.lifetime,
                     "max_share": _TMP.max_share}
"""The engine's defaults of temporary places of a level: lifetime 3 years, max_share 0.1."""
TEMPORARY_KEYS = tuple(DEFAULT_TEMPORARY)
TOLERANCE = 1e-6  # places below this count as none


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float, np.number)) and bool(np.isfinite(value))


def read_levers(conversions: Optional[pd.DataFrame], temporary: Optional[Mapping[str, Any]],
                crowding: Optional[Mapping[str, Any]], regions: Sequence, names: Sequence[str],
                class_sizes: Mapping[str, float], problems: TableProblems, prefix: str = "") -> _core.capacity.Levers:
    """The engine's ``Levers`` of :func:`edplan.capacity.schedule`'s ``conversions`` (from_level,
    to_level, [ratio], cost_per_place, [region]), ``temporary`` ({level: {cost_per_place_year,
    lifetime, max_share}}) and ``crowding`` ({level: φ}); regions and levels as positions in
    ``regions`` and ``names``; a missing ratio is class_size(to) / class_size(from). Every
    problem is recorded in ``problems``: a cell as file:line:column, a setting by its key
    (after ``prefix``)."""
    pairs = _conversions(conversions, regions, names, class_sizes, problems) if conversions is not None else []
    temp: list = [None] * len(names)
    for level, spec in _items(temporary, f"{prefix}temporary", names, problems):
        if not isinstance(spec, Mapping):
            problems.add(f"{prefix}temporary.{level}", f"got {spec!r}; expected {{cost_per_place_year, lifetime, max_share}}")
            continue
        values = dict(DEFAULT_TEMPORARY)
        for key, value in spec.items():
            where = f"{prefix}temporary.{level}.{key}"
            if key not in values:
                problems.add(where, f"unknown setting; expected {', '.join(TEMPORARY_KEYS)}")
            elif key == "lifetime" and not (isinstance(value, (int, np.integer)) and not isinstance(value, bool)
                                            and value >= 1):
                problems.add(where, f"got {value!r}; expected whole years >= 1")
            elif key == "max_share" and not (_number(value) and 0 <= value <= 1):
                problems.add(where, f"got {value!r}; expected a share in [0, 1]")
            elif key == "cost_per_place_year" and not (_number(value) and value >= 0):
                problems.add(where, f"got {value!r}; expected a cost >= 0")
            else:
                values[key] = value
        temp[names.index(level)] = _core.capacity.Temporary(**values)
    phi = [0.0] * len(names)
    for level, value in _items(crowding, f"{prefix}crowding", names, problems):
        if _number(value) and value >= 0:
            phi[names.index(level)] = float(value)
        else:
            problems.add(f"{prefix}crowding.{level}", f"got {value!r}; expected a share >= 0 (0.1: a class of 50 may hold 55)")
    return _core.capacity.Levers(conversions=pairs, temporary=temp if any(t is not None for t in temp) else [],
                                 crowding=phi if any(phi) else [])


def _items(settings: Optional[Mapping[str, Any]], key: str, names: Sequence[str], problems: TableProblems) -> list:
    if settings is None:
        return []
    if not isinstance(settings, Mapping):
        problems.add(key, f"got {settings!r}; expected a table of levels")
        return []
    out = []
    for level, value in settings.items():
        if level not in names:
            problems.add(f"{key}.{level}", f"unknown level {level!r}; expected one of {', '.join(names)}")
        else:
            out.append((level, value))
    return out


def _conversions(df: pd.DataFrame, regions: Sequence, names: Sequence[str], class_sizes: Mapping[str, float],
                 problems: TableProblems) -> list:
    if not isinstance(df, pd.DataFrame):
        problems.add("conversions", f"got {type(df).__name__}; expected a table (from_level, to_level, ratio, "
                     "cost_per_place, [region])")
        return []
    missing = [c for c in ("from_level", "to_level", "cost_per_place") if c not in df.columns]
    for c in missing:
        problems.at(df, "conversions", None, c, "missing column; expected from_level, to_level, [ratio], "
                    "cost_per_place, [region]")
    if missing:
        return []
    region_pos = {str(r): i for i, r in enumerate(regions)}
    out = []
    for i in range(len(df)):
        row = df.iloc[i]
        ok = True
        levels = []
        for col in ("from_level", "to_level"):
            name = str(row[col]).strip()
            if name not in names:
                problems.at(df, "conversions", i, col, f"unknown level {name!r}; expected one of {', '.join(names)}")
                ok = False
            levels.append(name)
        if ok and levels[0] == levels[1]:
            problems.at(df, "conversions", i, "to_level", "the same level as from_level; expected two levels")
            ok = False
        raw = row["ratio"] if "ratio" in df.columns else None
        blank = raw is None or (isinstance(raw, str) and not raw.strip()) or (not isinstance(raw, str) and pd.isna(raw))
        ratio = np.nan if blank else pd.to_numeric(raw, errors="coerce")
        if not blank and not (np.isfinite(ratio) and ratio > 0):
            problems.at(df, "conversions", i, "ratio", f"got {raw!r}; expected a ratio > 0 (blank: class sizes)")
            ok = False
        cost = pd.to_numeric(row["cost_per_place"], errors="coerce")
        if not (np.isfinite(cost) and cost >= 0):
            problems.at(df, "conversions", i, "cost_per_place", f"got {row['cost_per_place']!r}; expected a cost >= 0")
            ok = False
        region = -1
        if "region" in df.columns and not pd.isna(row["region"]) and str(row["region"]).strip():
            name = str(row["region"]).strip()
            if name not in region_pos:
                problems.at(df, "conversions", i, "region", f"unknown region {name!r}")
                ok = False
            else:
                region = region_pos[name]
        if ok:
            a, b = names.index(levels[0]), names.index(levels[1])
            if pd.isna(ratio):
                ratio = class_sizes[levels[1]] / class_sizes[levels[0]]
            out.append(_core.capacity.Conversion(from_level=a, to_level=b, ratio=float(ratio),
                                                 cost_per_place=float(cost), region=region))
    return out


def lever_tables(regions: Sequence, names: Sequence[str], first_year: int, demand: np.ndarray, existing: np.ndarray,
                 levers: _core.capacity.Levers, plan: Any, outcome: Any, present: Sequence[tuple[int, int]]
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(ledger, conversions, temporary) of a plan: ``plan`` the ``LeverPlan``, ``outcome`` the
    engine's ``Outcome`` of it, ``present`` the (region, level) positions with demand. The ledger's
    capacity is existing + new + temporary + converted_in − converted_out."""
    R, T, L = demand.shape
    years = first_year + np.arange(T)
    new, tmp = np.asarray(outcome.new_places), np.asarray(outcome.temporary)
    cin, cout = np.asarray(outcome.converted_in), np.asarray(outcome.converted_out)
    if len(present):
        # one block of T years per (region, level), all at once: (P, T) slices of the (R, T, L) arrays
        rs, ls = (np.array(axis) for axis in zip(*present))

        def each(values: Any) -> np.ndarray:
            return np.asarray(values)[rs, :, ls].ravel()

        ledger = pd.DataFrame({
            "region": pd.Series([regions[r] for r in rs]).repeat(T).reset_index(drop=True),
            "level": pd.Series([names[lv] for lv in ls]).repeat(T).reset_index(drop=True),
            "year": np.tile(years, len(rs)), "demand": each(demand), "existing": each(existing), "new": each(new),
            "temporary": each(tmp), "converted_in": each(cin), "converted_out": each(cout),
            "capacity": each(existing) + each(new) + each(tmp) + each(cin) - each(cout),
            "crowded": each(outcome.crowded), "unmet": each(outcome.unmet), "stranded": each(outcome.stranded)})
    else:
        ledger = pd.DataFrame(columns=["region", "level", "year", "demand", "existing", "new", "temporary",
                                       "converted_in", "converted_out", "capacity", "crowded", "unmet", "stranded"])
    x = np.asarray(plan.converted)
    rows = [{"region": regions[r], "from_level": names[c.from_level], "to_level": names[c.to_level],
             "year": int(years[t]), "places": float(x[r, p, t]), "places_gained": float(c.ratio * x[r, p, t]),
             "cost": float(c.cost_per_place * x[r, p, t])}
            for r in range(R) for p, c in enumerate(levers.conversions) for t in range(T) if x[r, p, t] > TOLERANCE]
    conversions = pd.DataFrame(rows, columns=["region", "from_level", "to_level", "year", "places", "places_gained",
                                              "cost"])
    z = np.asarray(plan.temporary)
    rows = []
    for r in range(R):
        for lv, spec in enumerate(levers.temporary):
            for t in range(T):
                if spec is not None and z[r, t, lv] > TOLERANCE:
                    until = min(T - 1, t + spec.lifetime - 1)
                    rows.append({"region": regions[r], "level": names[lv], "year": int(years[t]),
                                 "places": float(z[r, t, lv]), "until_year": int(years[until]),
                                 "cost": float(spec.cost_per_place_year * z[r, t, lv] * (until - t + 1))})
    temporary = pd.DataFrame(rows, columns=["region", "level", "year", "places", "until_year", "cost"])
    return ledger, conversions, temporary


def level_comparison(plan: dict[str, pd.DataFrame], alone: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per level, the plan with levers against building alone: unmet, crowded and stranded
    place-years and cost. ``plan`` and ``alone`` hold ``ledger``, ``programme`` (builds),
    ``conversions`` and ``temporary`` tables (empty ones for building alone)."""
    def per_level(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
        sums = t["ledger"].groupby("level", sort=False)[["unmet", "crowded", "stranded"]].sum()
        cost = (t["programme"].groupby("level")["cost"].sum()
                .add(t["conversions"].groupby("to_level")["cost"].sum(), fill_value=0.0)
                .add(t["temporary"].groupby("level")["cost"].sum(), fill_value=0.0))
        return sums.assign(cost=cost.reindex(sums.index).fillna(0.0))
    a, b = per_level(plan), per_level(alone)
    out = a.add_prefix("plan_").join(b.add_prefix("alone_")).reset_index()
    return out[["level", "plan_unmet", "alone_unmet", "plan_crowded", "alone_crowded", "plan_stranded",
                "alone_stranded", "plan_cost", "alone_cost"]]
