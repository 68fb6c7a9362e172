# SPDX-License-Identifier: MIT
"""coverage_table, older_population and recommend_sites, now wrappers over the C++ engine, give
the same tables as the pandas implementations they replaced (coverage_tables_reference.py) to
the last bit: same columns, dtypes, row order and doubles, on random inputs that reach every
path (regions contiguous or interleaved and named in or out of sorted order, unknown learners or
tiers, planned sites, no costs table, decays, targets unset, tables in any row order)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import coverage_tables_reference as ref
import edplan
from edplan import coverage as cv

YEARS = [2024, 2027, 2030, 2035]


def _same(want: pd.DataFrame, got: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(want, got, check_exact=True)
    for column in want.columns:
        if want[column].dtype == np.float64:  # assert_frame_equal takes -0.0 for 0.0
            a = want[column].to_numpy().view(np.int64)
            b = got[column].to_numpy().view(np.int64)
            nan = np.isnan(want[column].to_numpy())
            assert np.array_equal(a[~nan], b[~nan]), column


def _same_or_same_error(want, got) -> None:
    """Calls both; the same tables, or InputErrors with the same problems."""
    try:
        expected = want()
    except edplan.InputError as error:
        with pytest.raises(edplan.InputError) as raised:
            got()
        assert [(p.where, p.message) for p in raised.value.problems] == [(p.where, p.message) for p in error.problems]
        return
    _same(expected, got())


def _case(seed: int):
    rng = np.random.default_rng(seed)
    R = int(rng.integers(1, 6))
    names = [f"{'ZYXWV'[r]}{r}" for r in range(R)] if seed % 3 == 0 else [f"r{r}" for r in range(R)]
    n = int(rng.integers(1, 40))
    region = np.sort(rng.integers(0, R, n)) if seed % 2 == 0 else rng.integers(0, R, n)
    areas = pd.DataFrame({
        "area": [f"A{i}" for i in range(n)],
        "region": [names[r] for r in region],
        "kind": rng.choice(["township", "village", "community"], n, p=[0.3, 0.5, 0.2]),
        "population": np.round(rng.uniform(0, 5000, n) * 10.0 ** rng.integers(0, 3, n), 1),
    })
    m = int(rng.integers(0, 16))
    capacity = np.round(rng.uniform(0, 400, m))
    sites = pd.DataFrame({
        "site": [f"S{j}" for j in range(m)],
        "area": rng.choice(areas["area"], m) if n else [],
        "capacity": capacity,
        "learners": np.minimum(capacity, np.round(rng.uniform(0, 450, m))),
        "tier": rng.choice(["university", "school", "point", "learning point"], m),
        "open_year": np.where(rng.uniform(size=m) < 0.3, rng.choice(YEARS, m), np.nan),
    })
    links = [(a, s, float(np.round(rng.uniform(0, 60), 2))) for a in areas["area"] for s in sites["site"]
             if rng.uniform() < 0.4]
    costs = pd.DataFrame(links, columns=["origin", "destination", "cost"])
    growth = rng.uniform(0.8, 1.6, (len(YEARS), n)) * np.linspace(1, 1.5, len(YEARS))[:, None]
    population = areas["population"].to_numpy() * growth
    return rng, areas, sites, costs, population


DECAYS = [None, cv.Decay.step({10: 1.0, 20: 0.68, 30: 0.22}), cv.Decay.gaussian(15), cv.Decay.linear(30)]


@pytest.mark.parametrize("seed", range(40))
def test_coverage_table_is_the_pandas_one(seed):
    rng, areas, sites, costs, population = _case(seed)
    decay = DECAYS[seed % len(DECAYS)]
    targets = [None, {"within_reach": 0.8}, {"participation": None, "village_point": None},
               {"participation": 0.3, "county_university": None}][seed % 4]
    variants = [dict(areas=areas, sites=sites, costs=costs)]
    variants.append(dict(areas=areas.drop(columns=["kind"]), sites=sites.drop(columns=["learners"]), costs=costs))
    variants.append(dict(areas=areas, sites=sites.drop(columns=["tier", "open_year"]), costs=None))
    for v in variants:
        kw = dict(max_cost=30, population=population, years=YEARS, decay=decay, targets=targets)
        want = ref.coverage_table(v["areas"], v["sites"], v["costs"], **kw)
        got = cv.coverage_table(v["areas"], v["sites"], v["costs"], **kw)
        for name in ("areas", "regions", "total"):
            _same(getattr(want, name), getattr(got, name))
        assert dict(want.targets) == dict(got.targets)


def test_coverage_table_from_a_long_population_table():
    _, areas, sites, costs, population = _case(7)
    long = pd.DataFrame([(a, y, population[t, i]) for t, y in enumerate(YEARS) for i, a in enumerate(areas["area"])],
                        columns=["area", "year", "population"]).sample(frac=1.0, random_state=3)
    want = ref.coverage_table(areas, sites, costs, max_cost=25, population=long)
    got = cv.coverage_table(areas, sites, costs, max_cost=25, population=long)
    for name in ("areas", "regions", "total"):
        _same(getattr(want, name), getattr(got, name))


@pytest.mark.parametrize("seed", range(24))
def test_older_population_is_the_pandas_one(seed):
    """Counts with every rounding in play, regions named in or out of sorted order (pandas then
    sums by reduceat or by Kahan), float or integer counts, tables shuffled or not."""
    rng = np.random.default_rng(100 + seed)
    R = int(rng.integers(1, 5))
    names = [f"r{r}" for r in range(R)] if seed % 2 == 0 else [f"r{R - r}" for r in range(R)]
    P = rng.uniform(0, 3000, (R, 5, 2, 101)) * 10.0 ** rng.integers(-2, 3, (R, 5, 2, 101))
    if seed % 4 == 1:
        P = np.round(P)
    frame = edplan.population.to_frame(P, base_year=2023, regions=names)
    if seed % 3 == 2:
        frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    if seed % 4 == 1:
        frame["count"] = frame["count"].astype(np.int64)
    areas = pd.DataFrame({"area": [f"A{i}" for i in range(9)], "region": rng.choice(names, 9),
                          "population": np.round(rng.uniform(0, 4000, 9), 1)})
    if seed % 5 == 0:
        P[0, 0, :, 60:] = 0.0  # a region with nobody aged 60+ in the first year grows as 0
        frame = edplan.population.to_frame(P, base_year=2023, regions=names)
    min_age = [60, 65, 0, 100, 120][seed % 5]
    _same_or_same_error(lambda: ref.older_population(areas, frame, min_age=min_age),
                        lambda: cv.older_population(areas, frame, min_age=min_age))


def test_older_population_names_missing_regions():
    frame = edplan.population.to_frame(np.ones((1, 2, 2, 101)), base_year=2023, regions=["A"])
    areas = pd.DataFrame({"area": ["x", "y"], "region": ["A", "B"], "population": [1.0, 2.0]})
    with pytest.raises(edplan.InputError, match=r"no projection for region\(s\) \['B'\]"):
        cv.older_population(areas, frame)


@pytest.mark.parametrize("seed", range(30))
def test_recommend_sites_is_the_pandas_one(seed):
    rng, areas, sites, costs, population = _case(200 + seed)
    k = int(rng.integers(0, 8))
    candidates = pd.DataFrame({"site": [f"N{j}" for j in range(k)], "area": rng.choice(areas["area"], k),
                               "capacity": np.round(rng.uniform(10, 200, k)), "tier": rng.choice(["school", "point"], k)})
    if seed % 3 == 0:
        candidates = candidates.drop(columns=["capacity", "tier"])
    links = [(a, s, float(np.round(rng.uniform(0, 50), 1))) for a in areas["area"] for s in candidates["site"]
             if rng.uniform() < 0.3]
    all_costs = pd.concat([costs, pd.DataFrame(links, columns=["origin", "destination", "cost"])], ignore_index=True)
    kw = dict(new_sites=int(rng.integers(0, 6)), max_cost=30, population=population)
    for year in (None, 0):  # rows of an array population are years 0..T-1
        want = ref.recommend_sites(areas, sites, candidates, all_costs, year=year, **kw)
        got = cv.recommend_sites(areas, sites, candidates, all_costs, year=year, **kw)
        _same(want, got)


def test_recommend_sites_exact_method_ranks_the_same_sites():
    rng, areas, sites, costs, population = _case(321)
    candidates = pd.DataFrame({"site": ["N0", "N1", "N2", "N3"], "area": rng.choice(areas["area"], 4)})
    links = [(a, s, 5.0) for a in areas["area"][::3] for s in candidates["site"] if rng.uniform() < 0.5]
    all_costs = pd.concat([costs, pd.DataFrame(links, columns=["origin", "destination", "cost"])], ignore_index=True)
    kw = dict(new_sites=2, max_cost=30, population=population, method="exact")
    _same(ref.recommend_sites(areas, sites, candidates, all_costs, **kw),
          cv.recommend_sites(areas, sites, candidates, all_costs, **kw))
    with pytest.raises(edplan.InputError, match="expected a number of new sites >= 0"):
        cv.recommend_sites(areas, sites, candidates, all_costs, new_sites=-1, max_cost=30, population=population)
