# SPDX-License-Identifier: MIT
"""The pandas implementations of ``coverage_table``, ``older_population`` and the ranking of
``recommend_sites`` as they were before the computations moved into the C++ headers
(edplan/coverage/metrics.hpp, older.hpp, recommend.hpp), kept verbatim as the yardstick: the
tests hold the new wrappers to these, value for value and bit for bit."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from edplan.coverage import mclp, two_step_fca
from edplan.coverage.metrics import DEFAULT_TARGETS, CoverageResult
from edplan.coverage.tables import CoverageInputs, read_inputs
from edplan.errors import InputError


def _need(frame: pd.DataFrame, name: str, columns: Sequence[str], problems: list) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        problems.append((name, f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"))


def open_mask(sites: pd.DataFrame, years: np.ndarray) -> np.ndarray:
    """(T, m): site j is open in year t (no open_year, or open_year <= t)."""
    oy = sites["open_year"].to_numpy(dtype=float)
    y = np.asarray(years, dtype=float)[:, None]
    return np.isnan(oy)[None, :] | (oy[None, :] <= y)


def older_population(areas: pd.DataFrame, projection: pd.DataFrame, *, min_age: int = 60) -> pd.DataFrame:
    """The pandas version of edplan.coverage.older_population."""
    problems: list[tuple[str, str]] = []
    _need(areas, "areas", ["area", "region", "population"], problems)
    _need(projection, "projection", ["region", "year", "age", "count"], problems)
    if problems:
        raise InputError(problems)
    older = projection[projection["age"] >= min_age].groupby(["region", "year"])["count"].sum().unstack("year")
    missing = sorted(set(areas["region"]) - set(older.index), key=str)
    if missing:
        raise InputError(f"no projection for region(s) {missing[:10]}; expected every region of the areas", "projection")
    growth = older.div(older.iloc[:, 0].where(older.iloc[:, 0] > 0), axis=0).fillna(0.0)
    base = pd.to_numeric(areas["population"], errors="coerce").to_numpy(dtype=float)
    factors = growth.reindex(areas["region"]).to_numpy()
    years = growth.columns.to_numpy()
    return pd.DataFrame({
        "area": np.repeat(areas["area"].to_numpy(), len(years)),
        "year": np.tile(years, len(areas)),
        "population": (base[:, None] * factors).ravel(),
    })


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
    """The pandas version of edplan.coverage.coverage_table."""
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
    """The pandas version of edplan.coverage.recommend_sites."""
    overlap = set(sites["site"]) & set(candidates["site"]) if "site" in candidates.columns and "site" in sites.columns else set()
    if overlap:
        raise InputError(f"candidate id(s) {sorted(overlap)[:10]} are also existing sites; expected new ids", "candidates")
    cand = candidates.copy()
    if "learners" not in cand.columns:
        cand["learners"] = 0.0
    if "capacity" not in cand.columns:
        cand["capacity"] = np.inf
    if "tier" not in cand.columns:
        cand["tier"] = "point"
    both = pd.concat([sites.assign(_new=False), cand.assign(_new=True)], ignore_index=True)
    inp = read_inputs(areas, both, costs, population=population, max_cost=max_cost)
    years = list(inp.years)
    if year is None:
        t = len(years) - 1
    elif year in years:
        t = years.index(year)
    else:
        raise InputError(f"got {year}; expected a year of the population ({years[0]}..{years[-1]})", "year")
    P = inp.population[t]
    new = both["_new"].to_numpy(bool)
    spare = inp.sites["capacity"].to_numpy() > inp.sites["learners"].to_numpy()
    fixed = np.flatnonzero(~new & spare)
    usable = fixed.tolist() + np.flatnonzero(new).tolist()
    cost = inp.cost[:, usable]  # full existing sites reach nobody new: leave them out
    n_fixed = len(fixed)
    k = min(int(new_sites), len(usable) - n_fixed)
    if new_sites < 0:
        raise InputError(f"got {new_sites}; expected a number of new sites >= 0", "new_sites")
    # no site to keep and none to add: nothing to site (mclp refuses p = 0)
    sites = mclp(P, cost, max_cost=max_cost, p=n_fixed + k, fixed=range(n_fixed), method=method).sites \
        if n_fixed + k > 0 else []
    chosen = [j for j in sites if j >= n_fixed]
    reach = cost.copy()
    reach.data = (reach.data <= max_cost).astype(float)
    reach = reach.tocsc()
    covered = np.zeros(len(P), bool)
    for j in range(n_fixed):
        covered[reach[:, [j]].nonzero()[0]] = True
    rows: list[dict[str, Any]] = []
    remaining = list(chosen)
    total = float(P.sum())
    while remaining:
        gains = [float(P[reach[:, [j]].nonzero()[0]][~covered[reach[:, [j]].nonzero()[0]]].sum()) for j in remaining]
        best = int(np.argmax(gains))
        if gains[best] <= 0:  # everyone the rest could reach is reached already: not worth a site
            break
        j = remaining.pop(best)
        covered[reach[:, [j]].nonzero()[0]] = True
        site = inp.sites.iloc[usable[j]]
        rows.append({
            "rank": len(rows) + 1,
            "site": site["site"],
            "area": site["area"],
            "region": inp.areas["region"].iloc[inp.site_area[usable[j]]],
            "tier": site["tier"],
            "capacity": site["capacity"],
            "added": gains[best],
            "reached": float(P[covered].sum()),
            "reached_share": float(P[covered].sum()) / total if total > 0 else np.nan,
        })
    columns = ["rank", "site", "area", "region", "tier", "capacity", "added", "reached", "reached_share"]
    return pd.DataFrame(rows, columns=columns)
