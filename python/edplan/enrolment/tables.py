# SPDX-License-Identifier: MIT
"""The enrolment, births and housing tables (DESIGN §3) as the engine's arrays, checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from .._io import TableProblems, duplicates, numeric, require_columns, unknown
from .levels import Level


@dataclass
class Arrays:
    regions: list
    history: np.ndarray  # (R, H, G), NaN where not observed; H years ending at the base year
    births: np.ndarray  # (R|1, NB)
    births_first_year: int
    dwellings: Optional[np.ndarray]  # (R, ND)
    dwellings_first_year: int


def quantile_name(q: float) -> str:
    """Column name of a quantile: 0.1 → p10, 0.5 → p50, 0.975 → p97.5."""
    return f"p{q * 100:g}"


RULES = ("mean", "ses", "damped")
"""The engine's ratio rules by number (``RatioMethod::Rule``), as in ``EnrolmentProjection.methods``."""

MIN_LEAD_ERRORS = 5
"""Rolling-origin errors a lead needs before it has an interval (DESIGN §2.2)."""


def method_name(rule: float, k: float, alpha: float) -> str:
    """A ratio method as reported in ratios.csv: "mean k=3", "ses alpha=0.2", "damped k=5"; "" for NaN."""
    if np.isnan(rule):
        return ""
    name = RULES[int(rule)]
    return f"{name} alpha={alpha:g}" if name == "ses" else f"{name} k={int(k)}"


def interval_warnings(regions: Sequence, levels: Sequence[Level], years: Sequence[int],
                      errors: np.ndarray) -> list[str]:
    """One line per region and level whose intervals are NaN at some lead because fewer than
    :data:`MIN_LEAD_ERRORS` rolling-origin errors exist there; ``errors`` is (R, T, L)."""
    out = []
    errors = np.asarray(errors)
    for li, lv in enumerate(levels):
        if lv.kind == "rate" or not errors.size:
            continue
        few = errors[:, :, li] < MIN_LEAD_ERRORS
        first = few.argmax(axis=1)  # the first short lead of each region
        at_first = errors[np.arange(len(few)), first, li]
        said: dict[tuple[bytes, int], str] = {}  # regions of one history share their short leads: each said once
        for ri in np.flatnonzero(few.any(axis=1)).tolist():
            key = (few[ri].tobytes(), int(at_first[ri]))
            what = said.get(key)
            if what is None:
                short = [y for y, is_short in zip(years, few[ri].tolist()) if is_short]
                span = f"{short[0]}" if len(short) == 1 else f"{short[0]}..{short[-1]}"
                what = said[key] = (f"{lv.name}: no interval (NaN) for {span}: fewer than {MIN_LEAD_ERRORS} "
                                    f"rolling-origin errors at those leads in the history (lead "
                                    f"{short[0] - years[0] + 1}: {key[1]}); a longer history gives them")
            out.append(f"{regions[ri]}, {what}")
    return out


def grade_index(levels: Sequence[Level]) -> dict:
    """(level name, grade label) → position on the grade axis."""
    index, g = {}, 0
    for lv in levels:
        for number in lv.grade_numbers:
            index[(lv.name, number)] = g
            g += 1
    return index


def arrays_from_tables(
    history: pd.DataFrame,
    births: Optional[pd.DataFrame],
    housing: Optional[pd.DataFrame],
    *,
    levels: Sequence[Level],
    base_year: int,
    regions: Optional[Sequence] = None,
) -> Arrays:
    problems = TableProblems()
    ok = require_columns(history, "enrolment", ["region", "year", "level", "grade", "pupils"], problems)
    if births is not None:
        ok &= require_columns(births, "births", ["year", "births"], problems, optional=["region"])
    if housing is not None:
        ok &= require_columns(housing, "housing", ["region", "year", "dwellings"], problems)
    problems.raise_if_any()

    if regions is None:
        regions = sorted(pd.unique(history["region"]).tolist(), key=str)
    regions = list(regions)
    position = {r: i for i, r in enumerate(regions)}
    index = grade_index(levels)
    G = len(index)

    year = numeric(history, "enrolment", "year", problems, integer=True, expected="a year")
    pupils = numeric(history, "enrolment", "pupils", problems, minimum=0, expected="a number of pupils >= 0")
    grade = numeric(history, "enrolment", "grade", problems, integer=True, expected="a grade number")
    known_level = unknown(history, "enrolment", "level", [lv.name for lv in levels], problems, "level")
    unknown(history, "enrolment", "region", regions, problems, "region")
    late = np.flatnonzero(year > base_year)
    if len(late):
        problems.at(history, "enrolment", int(late[0]), "year",
                    f"year {int(year[late[0]])} is after the base year {base_year} ({len(late)} rows); "
                    "expected the history to end at the base year")
    keys = list(zip(history["level"], grade))
    g_of = np.array([index.get((lv, int(g)) if np.isfinite(g) else None, -1) for lv, g in keys], dtype=int)
    for row in np.flatnonzero(known_level & np.isfinite(grade) & (g_of < 0))[:10]:
        lv = next(v for v in levels if v.name == history["level"].iloc[row])
        what = "ages as grades" if lv.kind == "rate" else "grades"
        problems.at(history, "enrolment", int(row), "grade",
                    f"got {int(grade[row])}; level {lv.name} has {what} {lv.grade_numbers[0]}..{lv.grade_numbers[-1]}")
    duplicates(history, "enrolment", ["region", "year", "level", "grade"], problems)
    has_births = births is not None and len(births) > 0
    if births is not None and has_births:
        b_year = numeric(births, "births", "year", problems, integer=True, expected="a year")
        b_val = numeric(births, "births", "births", problems, minimum=0, expected="a number of births >= 0")
        has_region = "region" in births.columns
        if has_region:
            unknown(births, "births", "region", regions, problems, "region")
        duplicates(births, "births", (["region"] if has_region else []) + ["year"], problems)
    problems.raise_if_any()

    first = int(np.nanmin(year)) if len(year) else base_year
    H = base_year - first + 1
    hist = np.full((len(regions), H, G), np.nan)
    r_of = np.array([position[r] for r in history["region"]], dtype=int)
    hist[r_of, year.astype(int) - first, g_of] = pupils

    birth_arr, births_first = np.full((1, 1), np.nan), base_year
    if births is not None and has_births:
        births_first = int(b_year.min())
        NB = int(b_year.max()) - births_first + 1
        birth_arr = np.full((len(regions) if has_region else 1, NB), np.nan)
        rows = np.array([position[r] for r in births["region"]], dtype=int) if has_region else 0
        birth_arr[rows, b_year.astype(int) - births_first] = b_val

    dwell, dwell_first = None, 0
    if housing is not None and len(housing):
        h_year = numeric(housing, "housing", "year", problems, integer=True, expected="a year")
        h_val = numeric(housing, "housing", "dwellings", problems, minimum=0, expected="a number of dwellings >= 0")
        unknown(housing, "housing", "region", regions, problems, "region")
        duplicates(housing, "housing", ["region", "year"], problems)
        problems.raise_if_any()
        dwell_first = int(h_year.min())
        dwell = np.zeros((len(regions), int(h_year.max()) - dwell_first + 1))
        dwell[np.array([position[r] for r in housing["region"]]), h_year.astype(int) - dwell_first] = h_val
    return Arrays(regions, hist, birth_arr, births_first, dwell, dwell_first)
