# SPDX-License-Identifier: MIT
"""Rate targets as counts (DESIGN §2.5, §2.7): the numerator still needed for a share x of a
modelled denominator D is ``max(0, ceil(x·D) − current)``, per region and year."""

from __future__ import annotations

from typing import Union

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError, Problem

__all__ = ["count_needed", "kindergarten_places_needed", "learner_seats_needed"]

Amount = Union[float, int, pd.DataFrame, pd.Series]


def _column(frame: pd.DataFrame, name: str, preferred: tuple[str, ...]) -> str:
    for c in (*preferred, "value"):
        if c in frame.columns:
            return c
    raise InputError(f"has columns {', '.join(map(str, frame.columns))}; expected a value column "
                     f"({' or '.join(repr(c) for c in (*preferred, 'value'))})", name)


def _grid(frame: pd.DataFrame, name: str, preferred: tuple[str, ...]):
    """(regions, years, (R, T) values) of a long (region, year, value) table."""
    missing = [c for c in ("region", "year") if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected region, year and a value column", name)
    col = _column(frame, name, preferred)
    dup = frame.duplicated(["region", "year"])
    if dup.any():
        rows = ", ".join(f"{r} {y}" for r, y in frame.loc[dup, ["region", "year"]].head(5).itertuples(index=False))
        raise InputError(f"region and year given twice ({rows}); expected one value each", name)
    wide = frame.pivot(index="region", columns="year", values=col)
    regions = list(pd.unique(frame["region"]))
    years = sorted(pd.unique(frame["year"]))
    wide = wide.reindex(index=regions, columns=years)
    holes = np.argwhere(wide.isna().to_numpy())
    if len(holes):
        cells = ", ".join(f"{regions[r]} {years[t]}" for r, t in holes[:5])
        raise InputError(f"no value for {len(holes)} region-years ({cells}); expected every region in every year", name)
    return regions, years, wide.to_numpy(dtype=np.float64)


def _align(amount: Amount, name: str, regions: list, years: list, preferred: tuple[str, ...]) -> np.ndarray:
    """``amount`` as an (R|1, T|1) array aligned to the denominator's regions and years: a number,
    a Series indexed by region, or a DataFrame with region and/or year columns."""
    if isinstance(amount, pd.Series):
        amount = amount.rename("value").rename_axis("region").reset_index()
    if not isinstance(amount, pd.DataFrame):
        try:
            return np.full((1, 1), float(amount))
        except (TypeError, ValueError):
            raise InputError(f"got {amount!r}; expected a number or a table", name) from None
    col = _column(amount, name, preferred)
    by = [c for c in ("region", "year") if c in amount.columns]
    if not by:
        raise InputError("has neither a region nor a year column; expected one or both", name)
    if amount.duplicated(by).any():
        raise InputError(f"has a {' and '.join(by)} given twice; expected one value each", name)
    series = amount.set_index(by)[col]
    index = pd.MultiIndex.from_product([regions if "region" in by else [None], years if "year" in by else [None]])
    keys = [tuple(k for k, b in zip(key, ("region", "year")) if b in by) for key in index]
    keys = [k[0] if len(k) == 1 else k for k in keys]
    values = series.reindex(keys).to_numpy(dtype=np.float64)
    if np.isnan(values).any():
        missing = [k for k, v in zip(keys, values) if np.isnan(v)][:5]
        raise InputError(f"has no value for {', '.join(map(str, missing))}; expected one for every "
                         f"{' and '.join(by)} of the denominator", name)
    return values.reshape(len(regions) if "region" in by else 1, len(years) if "year" in by else 1)


def count_needed(denominator: pd.DataFrame, rate: Amount, current: Amount = 0.0) -> pd.DataFrame:
    """The numerator still needed for a target share: ``max(0, ceil(rate · denominator) − current)``.

    A product within 1e-12 (relative) of a whole number counts as that number, so that
    0.7 × 100 (70.00000000000001 in binary floating point) needs 70, not 71.

    Args:
        denominator: DataFrame region, year, value: the projected denominators (pupils
            demanding a place, residents aged 60+), from the enrolment or population modules.
        rate: the target share in [0, 1]: a number, or a DataFrame with region and/or year
            columns and a value (or ``rate``) column.
        current: the numerator in place (places, learners): a number, a Series indexed by
            region, or a DataFrame with region and/or year columns and a value (or
            ``current``) column; without a year it holds in every year.

    Returns:
        DataFrame region, year, denominator, rate, current, needed (one row per region-year).
    """
    regions, years, d = _grid(denominator, "denominator", ("denominator",))
    x = _align(rate, "rate", regions, years, ("rate",))
    c = _align(current, "current", regions, years, ("current",))
    needed = _core.targets.counts_needed(x, d, c)
    R, T = d.shape
    return pd.DataFrame({
        "region": np.repeat(np.asarray(regions, dtype=object), T),
        "year": np.tile(np.asarray(years), R),
        "denominator": d.ravel(),
        "rate": np.broadcast_to(x, (R, T)).ravel(),
        "current": np.broadcast_to(c, (R, T)).ravel(),
        "needed": needed.ravel(),
    })


def kindergarten_places_needed(demand: pd.DataFrame, places: pd.DataFrame, *, public_share: Amount = 0.5,
                               inclusive_share: Amount = 0.9) -> pd.DataFrame:
    """Kindergarten places needed for the 公办率 and 普惠率 targets (DESIGN §2.5).

    ``public_places_needed = max(0, ceil(x_pub · demand) − public places)`` and
    ``inclusive_places_needed = max(0, ceil(x_inc · demand) − public places − inclusive places)``,
    for every region and year against that year's demand.

    Args:
        demand: DataFrame region, year, demand (or value): projected kindergarten demand.
        places: DataFrame region, sector (public / inclusive / private), places, and optionally
            year (without it the places hold in every year): the kindergartens table of DESIGN §3.
        public_share, inclusive_share: the target shares (number or table, as in :func:`count_needed`).

    Returns:
        DataFrame region, year, demand, public_places, inclusive_places, public_places_needed,
        inclusive_places_needed.
    """
    missing = [c for c in ("region", "sector", "places") if c not in places.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected region, sector, places", "places")
    problems = [Problem(f"places[row={i}].sector", f"got {s!r}; expected public, inclusive or private")
                for i, s in zip(places.index, places["sector"]) if s not in ("public", "inclusive", "private")]
    if problems:
        raise InputError(problems)
    by = ["region", "year"] if "year" in places.columns else ["region"]
    try:
        places = places.assign(places=places["places"].astype(np.float64))
    except (TypeError, ValueError):
        raise InputError("has values that are not numbers; expected counts of places", "places.places") from None
    sums = places.pivot_table(index=by, columns="sector", values="places", aggfunc="sum", fill_value=0.0)
    sums = sums.reindex(columns=["public", "inclusive", "private"], fill_value=0.0)
    public = sums["public"].rename("value").reset_index()
    both = (sums["public"] + sums["inclusive"]).rename("value").reset_index()
    pub = count_needed(demand.rename(columns={"demand": "denominator"}), public_share, public)
    inc = count_needed(demand.rename(columns={"demand": "denominator"}), inclusive_share, both)
    return pd.DataFrame({
        "region": pub["region"], "year": pub["year"], "demand": pub["denominator"],
        "public_places": pub["current"], "inclusive_places": inc["current"] - pub["current"],
        "public_places_needed": pub["needed"], "inclusive_places_needed": inc["needed"],
    })


def learner_seats_needed(population: pd.DataFrame, learners: Amount, *, participation: Amount = 0.20) -> pd.DataFrame:
    """Elder-education seats needed for a participation target: ``max(0, ceil(x · P60+) − learners)``.

    Args:
        population: DataFrame region, year, population (or value): projected residents aged 60+.
        learners: learners (or seats) in place: a number, a Series by region, or a DataFrame
            with region and/or year and learners (or value).
        participation: the target share of the older population (default 0.20).

    Returns:
        DataFrame region, year, population, learners, participation, seats_needed.
    """
    if isinstance(learners, pd.DataFrame) and "learners" in learners.columns:
        learners = learners.rename(columns={"learners": "current"})
    out = count_needed(population.rename(columns={"population": "denominator"}), participation, learners)
    return out.rename(columns={"denominator": "population", "current": "learners", "rate": "participation",
                               "needed": "seats_needed"})[
        ["region", "year", "population", "learners", "participation", "seats_needed"]]
