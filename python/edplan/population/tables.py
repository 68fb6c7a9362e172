# SPDX-License-Identifier: MIT
"""The population, survival, fertility, migration and births tables (DESIGN §3) as the arrays of
:func:`edplan.population.project`, with every gap, repeat and bad value located in its file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np
import pandas as pd

from .._io import TableProblems, duplicates, location, numeric, require_columns, unknown
from ..errors import Problem

SEXES = ("F", "M")
FERTILE = range(15, 50)


def _sex_index(df: pd.DataFrame, table: str, problems: TableProblems) -> np.ndarray:
    sex = df["sex"].astype(str).str.strip().str.upper()
    ok = unknown(df.assign(sex=sex), table, "sex", SEXES, problems, "sex")
    return np.where(ok, (sex == "M").astype(int), -1)


def _ages(df: pd.DataFrame, table: str, problems: TableProblems, low: int, high: int) -> np.ndarray:
    age = numeric(df, table, "age", problems, integer=True, minimum=0, expected=f"an age in whole years {low}..{high}")
    beyond = np.flatnonzero(np.isfinite(age) & ((age > high) | (age < low)))
    for row in beyond[:10]:
        problems.at(df, table, int(row), "age", f"got {int(age[row])}; expected an age {low}..{high}"
                    + (" (the open age group)" if age[row] > high else ""))
    return age


def _outside(df: pd.DataFrame, table: str, problems: TableProblems, year: np.ndarray, years: Sequence[int],
             complete: bool) -> np.ndarray:
    """Rows whose year is outside the projection's; a problem when the table then lacks a year the
    run needs (a table shifted by a year), else a warning: such rows are never used silently."""
    outside = np.isfinite(year) & ((year < years[0]) | (year > years[-1]))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        message = (f"{int(outside.sum())} rows for years outside the projection's {years[0]}..{years[-1]} (the "
                   f"rates of year t apply to the step t → t+1), such as {int(year[row])}")
        if complete:
            problems.warnings.append(Problem(location(df, table, row, "year"), message + "; they are not used"))
        else:
            problems.add(location(df, table, row, "year"), message + "; expected the projection's years")
    return outside


def _gaps(df: pd.DataFrame, table: str, problems: TableProblems, filled: np.ndarray, labels: list[list[str]]) -> None:
    """Records the cells of ``filled`` (a boolean grid) that no row gave, a few at a time."""
    missing = np.argwhere(~filled)
    for cell in missing[:5]:
        what = ", ".join(f"{axis}" for axis in (labels[d][i] for d, i in enumerate(cell)))
        problems.at(df, table, None, None, f"no row for {what}; expected every combination")
    if len(missing) > 5:
        problems.at(df, table, None, None, f"{len(missing) - 5} more combinations missing")


def base_population(df: pd.DataFrame, table: str, regions: Sequence, open_age: int,
                    problems: TableProblems) -> np.ndarray:
    """(R, 2, A+1) from region, sex, age, count."""
    R = len(regions)
    out = np.zeros((R, 2, open_age + 1))
    filled = np.zeros(out.shape, dtype=bool)
    count = numeric(df, table, "count", problems, minimum=0, expected="a count of people >= 0")
    age = _ages(df, table, problems, 0, open_age)
    sex = _sex_index(df, table, problems)
    duplicates(df, table, ["region", "sex", "age"], problems)
    pos = {r: i for i, r in enumerate(regions)}
    r = df["region"].map(pos).to_numpy()
    ok = (sex >= 0) & np.isfinite(age) & (age <= open_age) & np.isfinite(count) & pd.notna(r)
    ri, si, ai = r[ok].astype(int), sex[ok], age[ok].astype(int)
    out[ri, si, ai] = count[ok]
    filled[ri, si, ai] = True
    if ok.all():
        _gaps(df, table, problems, filled, [[f"region {x}" for x in regions], [f"sex {s}" for s in SEXES],
                                             [f"age {a}" for a in range(open_age + 1)]])
    return out


def by_sex_age(df: pd.DataFrame, table: str, value: str, regions: Sequence, years: Sequence[int], open_age: int,
               problems: TableProblems, *, expected: str, minimum: Optional[float] = None,
               maximum: Optional[float] = None) -> np.ndarray:
    """(R|1, T|1, 2, A+1) from sex, age, value, [region], [year]; a missing region or year
    column means the same for all."""
    v = numeric(df, table, value, problems, minimum=minimum, expected=expected)
    if maximum is not None:
        for row in np.flatnonzero(v > maximum)[:10]:
            problems.at(df, table, int(row), value, f"got {v[row]:g}; expected {expected}")
    age = _ages(df, table, problems, 0, open_age)
    sex = _sex_index(df, table, problems)
    keys = ["sex", "age"] + [c for c in ("region", "year") if c in df.columns]
    duplicates(df, table, keys, problems)
    has_r, has_y = "region" in df.columns, "year" in df.columns
    rpos = {r: i for i, r in enumerate(regions)}
    if has_r:
        unknown(df, table, "region", regions, problems, "region")
    year = numeric(df, table, "year", problems, integer=True, expected="a year") if has_y else None
    out = np.zeros((len(regions) if has_r else 1, len(years) if has_y else 1, 2, open_age + 1))
    filled = np.zeros(out.shape, dtype=bool)
    ri = df["region"].map(rpos).to_numpy() if has_r else np.zeros(len(df))
    yi = (year - years[0]) if year is not None else np.zeros(len(df))
    ok = (sex >= 0) & np.isfinite(age) & (age <= open_age) & np.isfinite(v) & pd.notna(ri)
    outside = np.zeros(len(df), dtype=bool)
    if has_y:
        outside = np.isfinite(yi) & ((yi < 0) | (yi >= len(years)))
        ok &= np.isfinite(yi) & ~outside
    idx = (ri[ok].astype(int), yi[ok].astype(int), sex[ok], age[ok].astype(int))
    out[idx] = v[ok]
    filled[idx] = True
    labels = [[f"region {x}" for x in regions] if has_r else ["all regions"],
              [f"year {y}" for y in years] if has_y else ["all years"],
              [f"sex {s}" for s in SEXES], [f"age {a}" for a in range(open_age + 1)]]
    if (ok | outside).all():
        if year is not None:
            _outside(df, table, problems, year, years, bool(filled.all()))
        _gaps(df, table, problems, filled, labels)
    return out


def fertility_rates(df: pd.DataFrame, table: str, regions: Sequence, years: Sequence[int],
                    problems: TableProblems) -> np.ndarray:
    """(R|1, T|1, 35) from age (15..49), rate, [region], [year]."""
    rate = numeric(df, table, "rate", problems, minimum=0, expected="births per woman per year in [0, 1]")
    for row in np.flatnonzero(rate > 1)[:10]:
        problems.at(df, table, int(row), "rate", f"got {rate[row]:g}; expected births per woman per year in [0, 1] "
                    "(divide rates per 1,000 women by 1,000)")
    age = _ages(df, table, problems, 15, 49)
    keys = ["age"] + [c for c in ("region", "year") if c in df.columns]
    duplicates(df, table, keys, problems)
    has_r, has_y = "region" in df.columns, "year" in df.columns
    if has_r:
        unknown(df, table, "region", regions, problems, "region")
    year = numeric(df, table, "year", problems, integer=True, expected="a year") if has_y else None
    out = np.zeros((len(regions) if has_r else 1, len(years) if has_y else 1, 35))
    filled = np.zeros(out.shape, dtype=bool)
    ri = df["region"].map({r: i for i, r in enumerate(regions)}).to_numpy() if has_r else np.zeros(len(df))
    yi = (year - years[0]) if year is not None else np.zeros(len(df))
    ok = np.isfinite(age) & (age >= 15) & (age <= 49) & np.isfinite(rate) & pd.notna(ri)
    outside = np.zeros(len(df), dtype=bool)
    if has_y:
        outside = np.isfinite(yi) & ((yi < 0) | (yi >= len(years)))
        ok &= np.isfinite(yi) & ~outside
    idx = (ri[ok].astype(int), yi[ok].astype(int), age[ok].astype(int) - 15)
    out[idx] = rate[ok]
    filled[idx] = True
    if (ok | outside).all():
        if year is not None:
            _outside(df, table, problems, year, years, bool(filled.all()))
        _gaps(df, table, problems, filled, [[f"region {x}" for x in regions] if has_r else ["all regions"],
                                             [f"year {y}" for y in years] if has_y else ["all years"],
                                             [f"age {a}" for a in FERTILE]])
    return out


def observed_births(df: pd.DataFrame, table: str, regions: Sequence, years: Sequence[int],
                    problems: TableProblems) -> np.ndarray:
    """(R, T) observed births during the projection steps' years, NaN where not observed."""
    b = numeric(df, table, "births", problems, minimum=0, expected="a number of births >= 0")
    year = numeric(df, table, "year", problems, integer=True, expected="a year")
    out = np.full((len(regions), len(years)), np.nan)
    ri = df["region"].map({r: i for i, r in enumerate(regions)}).to_numpy()
    yi = year - (years[0] if len(years) else 0)
    ok = pd.notna(ri) & np.isfinite(yi) & (yi >= 0) & (yi < len(years)) & np.isfinite(b)
    out[ri[ok].astype(int), yi[ok].astype(int)] = b[ok]
    return out


POPULATION_HISTORY = (["region", "year", "age", "count"], ["sex"])
"""The columns of a population history (required, optional): the population of past years by
single age, for the back-test of rate levels (``[population] history``)."""


def population_history(df: pd.DataFrame, table: str, regions: Optional[Sequence], ages: dict[str, tuple[int, int]],
                       problems: TableProblems) -> Optional[pd.DataFrame]:
    """The people of each rate level's ages by region and year — columns region, year, level,
    people (both sexes, every age ``first..last`` of ``ages[level]``) — from a population
    history: region, year, age, count and an optional sex (F/M, summed).

    Records every bad number, unknown region (when ``regions`` is given) or sex, repeated row,
    and every region and year (and sex) whose rows miss an age of a rate level, the sum of
    which would be too small, all at once; None when there is any such problem.
    """
    required, optional = POPULATION_HISTORY
    if not require_columns(df, table, required, problems, optional=optional):
        return None
    before = len(problems.problems)
    year = numeric(df, table, "year", problems, integer=True, expected="a year")
    age = numeric(df, table, "age", problems, integer=True, minimum=0, expected="an age in whole years >= 0")
    count = numeric(df, table, "count", problems, minimum=0, expected="a count of people >= 0")
    readable = np.isfinite(year) & np.isfinite(age)  # rows whose place is known, for the gaps below
    if regions is not None:
        readable &= unknown(df, table, "region", list(regions), problems, "region")
    keys = ["region", "year", "age"]
    rows = pd.DataFrame({"region": df["region"].to_numpy(), "year": year, "age": age, "count": count,
                         "line": np.arange(len(df))})
    if "sex" in df.columns:
        readable &= _sex_index(df, table, problems) >= 0
        keys = ["region", "year", "sex", "age"]
        rows["sex"] = df["sex"].astype(str).str.strip().str.upper().to_numpy()
    duplicates(df.assign(year=year, age=age), table, keys, problems)
    rows = rows[readable].astype({"year": int, "age": int})
    groups = [k for k in keys if k != "age"]
    out = []
    gaps = 0
    for level, (first, last) in ages.items():
        wanted = rows[(rows["age"] >= first) & (rows["age"] <= last)]
        present = rows.groupby(groups, sort=False).agg(line=("line", "first")).join(
            wanted.groupby(groups, sort=False).agg(ages=("age", "nunique"), people=("count", "sum")))
        short = present[present["ages"].fillna(0) < last - first + 1]
        for key, group in short.iterrows():
            gaps += 1
            if gaps > 10:
                continue
            have = set(wanted.loc[(wanted[groups] == pd.Series(key, index=groups)).all(axis=1), "age"])
            missing = [a for a in range(first, last + 1) if a not in have]
            what = ", ".join(f"{k} {v}" for k, v in zip(groups, key))
            problems.at(df, table, int(group["line"]), "age",
                        f"{what}: no {'rows at ages' if len(missing) > 1 else 'row at age'} {', '.join(map(str, missing))}; "
                        f"expected every age {first}..{last} of rate level {level}")
        done = present.drop(index=short.index).reset_index().groupby(["region", "year"], sort=False)["people"].sum()
        out.append(done.reset_index().assign(level=level))
    if gaps > 10:
        problems.at(df, table, None, "age", f"{gaps - 10} more region-years missing ages of a rate level not listed")
    if len(problems.problems) > before:
        return None
    if not out:
        return pd.DataFrame(columns=["region", "year", "level", "people"])
    return pd.concat(out, ignore_index=True)[["region", "year", "level", "people"]]
