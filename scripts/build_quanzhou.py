# SPDX-License-Identifier: MIT
"""Build the built-in Quanzhou scenario (python/edplan/data/quanzhou) from published figures.

    python scripts/build_quanzhou.py

The published figures are in python/edplan/data/quanzhou/published/ (facts.csv names the source
of each). Where no figure was published, an assumption is derived from those that were; every
table written here says, row by row or in provenance.csv, which of its numbers are published,
derived or assumed. Base year 2023 (the population at the start of 2023, i.e. at the end of
2022); 11 county-level divisions and the two functional zones (Kinmen, nominal, carries no
data), named by their official Simplified names (divisions.csv ``name_zh``), with the
Traditional forms as aliases (aliases.csv).

The chain of derivations:
1. population: the 2020 census by broad age group (0-14, 15-59, 60-64, 65+; Jinjiang its own),
   spread over single ages by the birth cohorts (China's births scaled to Quanzhou) times a
   smooth multiplier that reproduces the census groups exactly, then carried forward two years
   (census night 1 November 2020 taken as the start of 2021) with the scenario's own survival,
   the observed births and the scenario's migration, whose level per division is what makes the
   published 2021 and 2022 totals;
2. enrolment 2020-2023: births times enrolment per birth by grade as the 2011 statistical
   bulletin shows it (primary entrants and pupils, junior entrants and pupils), general senior
   high (普高) a share of junior graduates, secondary vocational (中职) the rest;
3. places: 2020 pupils in places, plus the projects completed in 2021-2023 at the published pace;
4. teachers: 2023 pupils at Fujian's published pupil–teacher ratios, ages assumed
   (scripts/quanzhou_teachers.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from edplan import population as pop
from quanzhou_coverage import coverage_layer
from quanzhou_teachers import teacher_layer

OUT = Path(__file__).resolve().parents[1] / "python" / "edplan" / "data" / "quanzhou"
PUB = OUT / "published"
BASE_YEAR, HORIZON, A = 2023, 2040, 100
CENSUS_START = 2021  # census night 1 Nov 2020, taken as the start of 2021 (two months early)
SRB = 1.12
SRB_OLD = 1.06  # boys per girl among the births of the cohorts now old (assumed, the natural ratio)
BIRTH_SURVIVAL = (0.995, 0.994)
E0_GAP = 5.8  # assumed female advantage in life expectancy, years (not published in the data)
KG_GER_2023 = 0.95
COST_PER_PLACE = 440e6 / 5400  # 2020 public kindergartens: ¥440m for about 5,400 places
CONVERSION_SHARE = 0.10  # assumed: refitting a classroom for another level, a tenth of a new place
TEMPORARY_SHARE = 0.10  # assumed: a modular classroom place, a tenth of a new place per year in use
TEMPORARY_LEVELS = ("junior", "senior")
KNOTS = (7.0, 32.0, 57.0, 75.0)  # ages of the smooth multiplier's knots (one per census group)
GPR_SENIOR, GPR_VOCATIONAL = 0.99, 0.92  # assumed grade progression within 普高 and 中职
UTILISATION_2020 = {"kindergarten": 0.95, "primary": 1.0, "junior": 1.0, "senior": 1.0, "vocational": 1.0}
LEVELS = ("kindergarten", "primary", "junior", "senior", "vocational")
CLASS_SIZE = {"kindergarten": 30, "primary": 45, "junior": 50, "senior": 50, "vocational": 50}
STANDARD_PLACES = {"kindergarten": 540, "primary": 1080, "junior": 1200, "senior": 1500, "vocational": 1143}

provenance: list[tuple[str, str, str, str]] = []


def note(table: str, item: str, status: str, how: str) -> None:
    provenance.append((table, item, status, how))


def facts() -> dict[str, float]:
    f = pd.read_csv(PUB / "facts.csv")
    return dict(zip(f["item"], f["value"].astype(float)))


# --- survival: Gompertz-Makeham matched to life expectancy -------------------------------------

def gompertz_survival(e0: float) -> np.ndarray:
    """One-year survival at ages 0..A (A: staying alive in the open group) from a Gompertz-Makeham
    hazard a + b·exp(c·x), with c = 0.095 and a = 3e-4, b solved so that life expectancy is e0."""
    a, c = 3e-4, 0.095
    ages = np.arange(A + 1)

    def survival(b):
        cum = a + b * np.exp(c * ages) * (math.exp(c) - 1) / c
        s = np.exp(-cum)
        s[A] = math.exp(-(a + b * math.exp(c * (A + 0.5))))
        return s

    def life_expectancy(b):
        s = survival(b)
        lx = np.concatenate([[1.0], np.cumprod(s[:A])])
        return float((lx[:-1] + lx[1:]).sum() / 2 + lx[-1] / (1 - s[A]))

    lo, hi = 1e-7, 1e-3
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if life_expectancy(mid) > e0 else (lo, mid)
    return survival(math.sqrt(lo * hi))


# --- births -------------------------------------------------------------------------------------

def city_births() -> pd.Series:
    """Resident births by year 1900-2023. 2005-2023: population × resident birth rate where both
    were published, other years China's births × the interpolated ratio of Quanzhou's to
    China's; before 2005 China's births (NBS, from 1949) × the 2005 ratio (the cohorts of today's
    adults, used for the shape of the age pyramid and the 2011 enrolment ratios only); before
    1949 the 1949-1953 mean."""
    city = pd.read_csv(PUB / "city_series.csv").dropna(subset=["birth_rate_resident_permille"])
    china = pd.read_csv(PUB / "china_births.csv").set_index("year")["births_10k"] * 1e4
    known = (city.set_index("year")["resident_pop_10k"] * 1e4 * city.set_index("year")["birth_rate_resident_permille"]
             / 1000)
    ratio = (known / china.loc[known.index]).reindex(range(2005, BASE_YEAR + 1)).interpolate().ffill().bfill()
    births = (ratio * china.reindex(ratio.index)).round()
    births.loc[known.index] = known.round()
    early = china.loc[:2004] * ratio.loc[2005]
    before = pd.Series(china.loc[1949:1953].mean() * ratio.loc[2005], index=range(1900, 1949))
    note("births.csv", "city resident births 2010, 2015, 2018-2021", "derived",
         "resident population × resident birth rate (city_series.csv, published)")
    note("births.csv", "city resident births, other years 2005-2023", "derived",
         "China's births (NBS, china_births.csv) × the ratio of Quanzhou's to China's births, interpolated between "
         "published years and held at the 2021 ratio after 2021")
    note("population.csv", "birth cohorts before 2005", "derived",
         f"China's births 1949-2004 (NBS, china_births.csv) × Quanzhou's 2005 share {ratio.loc[2005]:.5f}; before 1949 "
         "the 1949-1953 mean: the shape of the adult age pyramid (the 1962-1975 boom cohorts reach 60 over the horizon)")
    return pd.concat([before, early, births]).astype(float)


# --- population ---------------------------------------------------------------------------------

def hat_basis(ages: np.ndarray) -> np.ndarray:
    """(ages, knots) piecewise-linear interpolation weights through KNOTS, flat outside them."""
    basis = np.zeros((len(ages), len(KNOTS)))
    for k in range(len(KNOTS)):
        values = np.zeros(len(KNOTS))
        values[k] = 1.0
        basis[:, k] = np.interp(ages, KNOTS, values)
    return basis


GROUPS = ((0, 15), (15, 60), (60, 65), (65, A + 1))


def census_ages(shape: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """People by single age whose sums over GROUPS are ``groups``: ``shape`` (the surviving birth
    cohorts) times a multiplier piecewise linear in age through KNOTS, solved exactly."""
    ages = np.arange(A + 1)
    basis = hat_basis(ages)
    system = np.array([[(shape[lo:hi] * basis[lo:hi, k]).sum() for k in range(len(KNOTS))] for lo, hi in GROUPS])
    knots = np.linalg.solve(system, groups)
    multiplier = basis @ knots
    assert (multiplier > 0).all(), f"the census groups need a negative multiplier: {knots}"
    return shape * multiplier, knots


def migration_profile() -> np.ndarray:
    """(2, A+1) the age-sex pattern of net migration, summing to 1: the Rogers-Castro model
    schedule with the 'fundamental' parameters (a1 = 0.02, α1 = 0.1; a2 = 0.06, α2 = 0.1,
    μ2 = 20, λ2 = 0.4) without its constant term, nothing after 65, men and women alike."""
    x = np.arange(A + 1, dtype=float)
    m = 0.02 * np.exp(-0.1 * x) + 0.06 * np.exp(-0.1 * (x - 20) - np.exp(-0.4 * (x - 20)))
    m[x > 65] = 0.0
    m /= 2 * m.sum()
    return np.stack([m, m])


def main() -> None:
    f = facts()
    div = pd.read_csv(PUB / "divisions.csv").dropna(subset=["resident_2021_10k"])
    regions = div["name_zh"].tolist()
    R = len(regions)
    jinjiang = regions.index("晋江市")
    city = pd.read_csv(PUB / "city_series.csv").set_index("year")["resident_pop_10k"]
    pop2021 = div["resident_2021_10k"].to_numpy() * 1e4  # end of 2021
    target2023 = pop2021 * city.loc[2022] / city.loc[2021]  # start of 2023 = end of 2022
    note("population.csv", "division totals 2023", "derived",
         "the start of 2023 (end of 2022): 2021 resident population (yearbook 2022 table 3-5, published) × the city's "
         "2021→2022 growth (885 → 887.9 ten thousand, published), reached by the calibrated net migration")

    births_city = city_births()
    births2021 = pop2021 * div["birth_rate_2021_permille"].to_numpy() / 1000
    share = births2021 / births2021.sum()
    years = np.arange(2005, BASE_YEAR + 1)
    births = np.outer(share, births_city.loc[years].to_numpy())  # (R, years 2005..2023)
    note("births.csv", "division births", "derived",
         "city births × each division's share of 2021 births (2021 population × 2021 birth rate, published)")

    def division_births(r: int, year: int) -> float:
        return float(share[r] * births_city.loc[year])

    # Survival by sex.
    e0 = f["china_life_expectancy_2021"]
    surv = np.stack([gompertz_survival(e0 + E0_GAP / 2), gompertz_survival(e0 - E0_GAP / 2)])
    note("survival.csv", "survival by sex and age", "assumed",
         f"Gompertz-Makeham hazard matched to China's life expectancy {e0} (2021, published) with an assumed "
         f"female advantage of {E0_GAP} years; the same for every division and year")
    lx = np.concatenate([np.ones((2, 1)), np.cumprod(surv[:, :A], axis=1)], axis=1)  # survival to age a

    # --- the census population (start of 2021) by division, sex and single age ---------------
    total = f["census_2020_city_total"]
    known = div["census_2020"].notna().to_numpy()
    census = div["census_2020"].to_numpy(dtype=float, copy=True)
    rest = (total - census[known].sum()) / pop2021[~known].sum()
    census[~known] = pop2021[~known] * rest
    note("population.csv", "division totals at the 2020 census", "derived",
         "published for Jinjiang, Nan'an and Hui'an; the other divisions' 2021 population × the factor that makes the "
         f"city's census total {total:,.0f}")
    shares = {key: np.array([f[f"{key}age_share_0_14_2020"], f[f"{key}age_share_15_59_2020"],
                             f[f"{key}age_share_60plus_2020"] - f[f"{key}age_share_65plus_2020"],
                             f[f"{key}age_share_65plus_2020"]]) / 100 for key in ("", "jinjiang_")}
    city_groups = shares[""] * total
    jj_groups = shares["jinjiang_"] * census[jinjiang]
    rest_groups = (city_groups - jj_groups) / (total - census[jinjiang])  # shares of the other divisions
    ages = np.arange(A + 1)
    both_lx = (lx[0] + SRB * lx[1]) / (1 + SRB)
    cohort = np.array([births_city.loc[CENSUS_START - 1 - a] for a in ages]) * both_lx
    people, knots_city = census_ages(cohort, city_groups)  # city-wide, for the note
    note("population.csv", "single ages at the 2020 census", "derived",
         "birth cohorts × survival × a multiplier piecewise linear in age through ages "
         f"{', '.join(f'{k:g}' for k in KNOTS)} (city values {', '.join(f'{v:.2f}' for v in knots_city)}) that "
         "reproduces the census counts 0-14, 15-59, 60-64 and 65+ (2020 census shares, published; Jinjiang its own, "
         "the other divisions the rest of the city's): children and migrant workers above the cohorts, "
         "older people below them")
    male_share = f["male_share_2019"] / 100
    base2021 = np.zeros((R, 2, A + 1))
    for r in range(R):
        groups = jj_groups if r == jinjiang else rest_groups * census[r]
        n, _ = census_ages(cohort, groups)
        boys = SRB / (1 + SRB) * lx[1] / ((1 * lx[0] + SRB * lx[1]) / (1 + SRB))  # share of boys among the young
        old = SRB_OLD * lx[1] / (lx[0] + SRB_OLD * lx[1])
        male = np.where(ages < 15, boys, np.where(ages >= 65, old, np.nan))
        base2021[r, 1] = np.where(np.isnan(male), 0.0, male) * n
        working = (ages >= 15) & (ages < 65)
        # men 15-64 make the city's published male share (50.8% at the end of 2019)
        base2021[r, 1, working] = 0.0
        base2021[r, 0] = n - base2021[r, 1]
        base2021[r, 0, working] = 0.0
        need = male_share * n.sum() - base2021[r, 1].sum()
        base2021[r, 1, working] = n[working] * need / n[working].sum()
        base2021[r, 0, working] = n[working] - base2021[r, 1, working]
    note("population.csv", "sex", "derived",
         f"boys per girl = srb {SRB} under 15 and {SRB_OLD} (assumed) among the old, times survival; men 15-64 so that "
         f"men are {male_share:.1%} of each division (the city at the end of 2019, published)")

    # --- carried forward to the start of 2023 with the scenario's survival and migration ------
    profile = migration_profile()
    zero_fertility = np.zeros((R, 1, 35))
    observed = np.stack([[division_births(r, y) for y in (2021, 2022)] for r in range(R)])

    def carried(level: np.ndarray) -> np.ndarray:
        migration = level[:, None, None, None] * profile[None, None]
        return pop.project(base2021, surv[None, None], zero_fertility, migration, years=BASE_YEAR - CENSUS_START,
                           srb=SRB, birth_survival=BIRTH_SURVIVAL, births=observed)[:, -1]

    without = carried(np.zeros(R)).sum(axis=(1, 2))
    unit = carried(np.full(R, 1000.0)).sum(axis=(1, 2))
    level = 1000.0 * (target2023 - without) / (unit - without)
    base = carried(level)
    assert np.allclose(base.sum(axis=(1, 2)), target2023, rtol=1e-6), "migration calibration"
    note("migration.csv", "net migration by age and sex", "assumed",
         "the Rogers-Castro model schedule ('fundamental' parameters, no constant term, none after 65), half men")
    note("migration.csv", "net migration by division", "derived",
         f"the yearly level that carries each division's census population to its 2023 total (city {level.sum():,.0f} "
         "a year in 2021-2022); held for every projection year (assumed)")
    note("population.csv", "ages 0-100 at the start of 2023", "derived",
         "the census population (start of 2021) projected two years with the scenario's survival and migration and the "
         "observed births of 2021 and 2022: the census groups carried forward, no jump between single ages")

    # Fertility: a gamma-shaped schedule (mean age 29.5) with each division's TFR calibrated so that
    # its 2023 births are reproduced.
    fert_ages = np.arange(15, 50)
    shape = (fert_ages - 14.0) ** 7 * np.exp(-(fert_ages - 14.0) / 1.94)
    shape /= shape.sum()
    migration = level[:, None, None, None] * profile[None, None]
    one = pop.project_detailed(base, surv[None, None], np.broadcast_to(shape, (R, 1, 35)), migration, years=1,
                               srb=SRB, birth_survival=BIRTH_SURVIVAL)
    tfr = births[:, -1] / one.births[:, 0]
    note("fertility.csv", "age pattern", "assumed", "gamma-shaped schedule over ages 15-49, mean age 29.5")
    note("fertility.csv", "level (TFR) by division", "derived",
         "calibrated so that each division's projected 2023 births equal its derived 2023 births; held "
         "constant (China's 2022 TFR was 1.05, published)")

    out = {}
    out["population.csv"] = pd.DataFrame([(name, sex, a, round(base[r, s, a], 2)) for r, name in enumerate(regions)
                                          for s, sex in enumerate("FM") for a in range(A + 1)],
                                         columns=["region", "sex", "age", "count"])
    out["survival.csv"] = pd.DataFrame([(sex, a, round(surv[s, a], 8)) for s, sex in enumerate("FM")
                                        for a in range(A + 1)], columns=["sex", "age", "survival"])
    out["migration.csv"] = pd.DataFrame([(name, sex, a, round(level[r] * profile[s, a], 3))
                                         for r, name in enumerate(regions) for s, sex in enumerate("FM")
                                         for a in range(A + 1)], columns=["region", "sex", "age", "net"])
    out["fertility.csv"] = pd.DataFrame([(int(age), round(shape[i] * tfr[r], 8), name) for r, name in enumerate(regions)
                                         for i, age in enumerate(fert_ages)], columns=["age", "rate", "region"])
    out["births.csv"] = pd.DataFrame([(name, int(y), round(births[r, i])) for r, name in enumerate(regions)
                                      for i, y in enumerate(years) if y >= 2009], columns=["region", "year", "births"])

    # --- enrolment 2020-2023 --------------------------------------------------------------------
    # Enrolment per birth by grade, as the 2011 bulletin shows it: grade 1 = primary entrants per
    # birth, grades 2-6 falling at the one rate that makes the primary pupils; junior the same.
    B = births_city
    e = {1: f["bulletin_2011_primary_entrants"] / B.loc[2005]}
    rate_p = brentq(lambda x: sum(B.loc[2006 - g] * e[1] * x ** (g - 1) for g in range(1, 7))
                    - f["bulletin_2011_primary_pupils"], 0.5, 1.5)
    e.update({g: e[1] * rate_p ** (g - 1) for g in range(2, 7)})
    e[7] = f["bulletin_2011_junior_entrants"] / B.loc[1999]
    rate_j = brentq(lambda x: sum(B.loc[2006 - g] * e[7] * x ** (g - 7) for g in range(7, 10))
                    - f["bulletin_2011_junior_pupils"], 0.3, 1.5)
    e.update({g: e[7] * rate_j ** (g - 7) for g in (8, 9)})
    per_birth = {lvl: f[f"bulletin_2011_{lvl}_pupils"] / sum(B.loc[2006 - g] for g in grades)
                 for lvl, grades in (("primary", range(1, 7)), ("junior", range(7, 10)))}
    note("enrolment.csv", "primary and junior pupils per birth by grade", "derived",
         f"the 2011 statistical bulletin (published): grade 1 = 107,500 entrants / 2005 births = {e[1]:.3f}, grades 2-6 "
         f"× {rate_p:.3f} a grade so that the primary pupils are 568,300; grade 7 = 71,800 entrants / 1999 births = "
         f"{e[7]:.3f}, grades 8-9 × {rate_j:.3f} so that the junior pupils are 212,600. Junior pupils per birth "
         f"{per_birth['junior']:.3f} = {per_birth['junior'] / per_birth['primary']:.2f} of primary's "
         f"{per_birth['primary']:.3f}: children of migrant workers return to their home provinces for secondary school "
         "(where they must sit the entrance examinations), more of them with every grade")
    note("enrolment.csv", "primary and junior pupils 2020-2023", "derived",
         "each division's births 5 + grade years earlier × enrolment per birth by grade (the 2011 pattern, held: no "
         "counts by grade were published since). Resident children aged 5-14 per birth (1.24 in the 2019 survey and "
         "the 2020 census) exceed the 2011 primary enrolment per birth (1.00): replace enrolment.csv with the bureau's "
         "counts where they exist")
    share_anchor = {2012: f["plan_2012_general_senior_entrants"] / (f["bulletin_2011_junior_pupils"] / 3),
                    2023: f["china_2023_general_senior_entrants"] / f["china_2023_junior_graduates"]}

    def general_share(year: int) -> float:
        return float(np.interp(year, list(share_anchor), list(share_anchor.values())))

    def junior9(r: int, year: int) -> float:
        return division_births(r, year - 14) * e[9]

    rows = []
    for r, name in enumerate(regions):
        for t in range(2020, BASE_YEAR + 1):
            for g in range(1, 10):
                rows.append((name, t, "primary" if g <= 6 else "junior", g, round(division_births(r, t - 5 - g) * e[g])))
            for k, g in enumerate(range(10, 13)):
                entrants = junior9(r, t - k - 1)
                rows.append((name, t, "senior", g, round(general_share(t - k) * entrants * GPR_SENIOR ** k)))
                rows.append((name, t, "vocational", g, round((1 - general_share(t - k)) * entrants * GPR_VOCATIONAL ** k)))
        for grade, a in enumerate(range(3, 6), start=1):
            rows.append((name, BASE_YEAR, "kindergarten", grade, round(KG_GER_2023 * base[r, :, a].sum())))
    enrol = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    out["enrolment.csv"] = enrol
    note("enrolment.csv", "senior secondary 2020-2023", "derived",
         f"general senior high (普高) grade 10 = a share of last year's junior grade 9: {share_anchor[2012]:.3f} in 2012 "
         "(the 2012 plan's 38,000 general places for about 70,900 junior graduates, published), "
         f"{share_anchor[2023]:.3f} in 2023 (China: 9.678 million general senior entrants for 16.236 million junior "
         "graduates, published), linear between; secondary vocational (中职) the rest; grades 11-12 "
         f"× {GPR_SENIOR} (普高) and × {GPR_VOCATIONAL} (中职) a grade (assumed). Vocational places taken by students "
         "from outside the city are not modelled (the 2011 bulletin's 278,700 senior secondary pupils exceed the "
         "city's own junior graduates)")
    note("enrolment.csv", "kindergarten pupils 2023", "assumed",
         f"gross enrolment rate {KG_GER_2023} of ages 3-5 (93.6% in 2011; Taiwanese Investment Zone 98.9% in 2020; "
         "county standard 85%; national > 90% by 2025, published)")

    # --- places: 2020 pupils in places, plus the projects completed at the published pace -----
    by_level = enrol.groupby(["year", "region", "level"])["pupils"].sum()
    pupils2023 = {lvl: np.array([by_level.get((BASE_YEAR, name, lvl), 0.0) for name in regions]) for lvl in LEVELS}
    pupils2020 = {lvl: np.array([by_level.get((2020, name, lvl), 0.0) for name in regions]) for lvl in LEVELS}
    pupils2020["kindergarten"] = KG_GER_2023 * base2021[:, :, 3:6].sum(axis=(1, 2))  # autumn 2020: the census
    pace = built_pace(f, pupils2023)
    places = {lvl: pupils2020[lvl] / UTILISATION_2020[lvl] for lvl in LEVELS}
    # Fengze's published 2024 places first, then the completed record and the candidates
    project_rows = [
        ("FZ24-K", "丰泽区 2024 kindergarten places", "丰泽区", "kindergarten", 360, round(360 * COST_PER_PLACE),
         "planned", 2023, 2023, 2024),
        ("FZ24-P", "丰泽区 2024 primary places", "丰泽区", "primary", 675, round(675 * COST_PER_PLACE), "planned", 2022,
         2022, 2024),
        ("FZ24-J", "丰泽区 2024 junior places", "丰泽区", "junior", 1250, round(1250 * COST_PER_PLACE), "planned", 2022,
         2022, 2024)]
    rows = []
    for lvl in LEVELS:
        by_region = pupils2023[lvl] / pupils2023[lvl].sum()
        for year, city_places in pace[lvl].items():
            added = np.round(city_places * by_region / 10) * 10
            if year <= BASE_YEAR:
                places[lvl] = places[lvl] + added  # in the base places; listed as the record
            status = "completed" if year <= BASE_YEAR else "planned"
            project_rows += [(f"{div['name_en'].iloc[r][:3].upper()}-{lvl[0].upper()}{year}",
                              f"{name} {lvl} places opened {year}", name, lvl, int(added[r]),
                              round(added[r] * COST_PER_PLACE), status, year - 3, year - 2, year)
                             for r, name in enumerate(regions) if added[r] > 0]
        for r, name in enumerate(regions):
            classes = math.ceil(places[lvl][r] / CLASS_SIZE[lvl])
            rows.append((name, lvl, classes * CLASS_SIZE[lvl], classes))
    order = {lvl: i for i, lvl in enumerate(("primary", "junior", "kindergarten", "senior", "vocational"))}
    rows.sort(key=lambda row: (regions.index(row[0]), order[row[1]]))
    out["capacity.csv"] = pd.DataFrame(rows, columns=["region", "level", "places", "classes"])
    note("capacity.csv", "places 2023", "derived",
         "2020 places (primary, junior, senior and vocational pupils of 2020 at the norm, i.e. full, as large classes "
         "remained until 2022; kindergarten places 5% above 2020 pupils; assumed) plus the places of the projects "
         "completed in 2021-2023 (projects.csv), in whole classes")

    pop2023 = base.sum(axis=(1, 2))
    for r, name in enumerate(regions):
        sites = max(3, round(pop2023[r] / 200_000))  # reserved sites grow with the division
        for lvl in LEVELS:
            n = sites if lvl in ("kindergarten", "primary", "junior") else max(1, round(sites / 2))
            for k in range(1, n + 1):
                places_k = STANDARD_PLACES[lvl]
                project_rows.append((f"{div['name_en'].iloc[r][:3].upper()}-{lvl[0].upper()}{k}",
                                     f"{name} candidate {lvl} school {k}", name, lvl, places_k,
                                     round(places_k * COST_PER_PLACE), "candidate", 2024, None, None))
    out["projects.csv"] = pd.DataFrame(project_rows, columns=["id", "name", "region", "level", "places", "cost", "status",
                                                              "land_year", "start_year", "open_year"])
    note("projects.csv", "completed 2021-2023", "derived",
         "the published building pace: kindergarten places 9,000 (2021, derived from 2022's +33%), 12,000 (2022, "
         "published), 12,000 (2023, assumed: 2022's pace); primary and secondary places 15,000 (2021, derived from "
         "2022's +80%), 27,000 (2022, published), 38,000 (2023: 80,000 in 2021 to July 2023, published, less 2021-22), "
         "shared among primary, junior and general senior high by their 2023 pupils; vocational 16,000 places in 14 "
         "projects over 2021-2023 (published, even over the years); each division by its 2023 pupils; land and start "
         "3 and 2 years before opening (assumed)")
    note("projects.csv", "planned 2024 (opened by March 2024)", "derived",
         "the 14th five-year plan's 140,000 basic-education places to March 2024 (published) less those of 2021-2023: "
         "opened in the 2023/24 school year, in use from 2024, shared among levels and divisions as above")
    note("projects.csv", "Fengze 2024 projects", "published",
         "new places in 2024: kindergarten 360, primary 675, junior 1,250 (land and start years assumed)")
    note("projects.csv", "candidates", "assumed",
         "one candidate school site per division and level for every 200,000 residents (at least three; half as many "
         "for senior and vocational), at published standard sizes (kindergarten 18 classes = 540, primary 24 classes = "
         "1,080, junior 24 classes × 50 = 1,200, vocational 1,143 = the 14 vocational projects' mean), senior 30 "
         "classes × 50 = 1,500 (assumed), land from 2024")
    note("projects.csv", "cost", "derived", f"¥{COST_PER_PLACE:,.0f} per place: the 2020 public kindergarten "
         "programme (¥440m for about 5,400 places, published), applied to every level")

    # The levers beyond building (DESIGN §2.4b): primary classrooms to junior and junior to senior
    # as the wave moves up (ratio blank: the class sizes, 50/45 and 50/50), temporary places, and
    # junior classes of up to 55 before they count as 大班额.
    conversion_cost = round(COST_PER_PLACE * CONVERSION_SHARE)
    out["conversions.csv"] = pd.DataFrame({"from_level": ["primary", "junior"], "to_level": ["junior", "senior"],
                                           "ratio": [None, None], "cost_per_place": [conversion_cost] * 2,
                                           "region": [None, None]})
    note("conversions.csv", "pairs and ratio", "assumed", "primary → junior and junior → senior in every division, "
         "a classroom changing hands: ratio = class size of the level gaining / of the level giving (50/45, 50/50)")
    note("conversions.csv", "cost_per_place", "assumed", f"¥{conversion_cost:,} per converted place: a tenth of "
         f"a new place's ¥{COST_PER_PLACE:,.0f} (the 2020 public kindergarten programme, ¥440m for about 5,400 "
         "places, published) for refitting a classroom with no land or building")
    temporary_cost = round(COST_PER_PLACE * TEMPORARY_SHARE)
    note("scenario.toml", "[programme.temporary]", "assumed", f"junior and senior: ¥{temporary_cost:,} per place "
         "a year in use (a tenth of a new place's cost, as above: three years cost 30% of a permanent place), 3 "
         "years, at most 10% of a division's existing places on its sites")
    note("scenario.toml", "[programme] crowding", "published", "junior φ = 0.1: classes of 50 (the norm) may "
         "hold 55 before they count as 大班额 (large classes), the national limit on class size")
    _write_temporary_cost(temporary_cost)

    # Kindergartens by sector: the Taiwanese Investment Zone's 2020 shares for every division.
    public, inclusive = f["tiz_public_share_2020"] / 100, f["tiz_inclusive_share_2020"] / 100
    cap = out["capacity.csv"].set_index(["region", "level"])["places"]
    rows = []
    for r, name in enumerate(regions):
        kg_places = int(cap[(name, "kindergarten")])
        kg_pupils = int(pupils2023["kindergarten"][r])
        for sector, w in (("public", public), ("inclusive", inclusive - public), ("private", 1 - inclusive)):
            rows.append((name, sector, round(kg_places * w), round(kg_pupils * w)))
    out["kindergartens.csv"] = pd.DataFrame(rows, columns=["region", "sector", "places", "pupils"])
    note("kindergartens.csv", "sector shares", "assumed",
         "the Taiwanese Investment Zone's 2020 shares (public 51.2%, inclusive 91.5%, published) for every division "
         "(the city kept 公办率 above 50% and 普惠率 above 90% in 2023, published)")

    # Indicators: the published observations (an empty region is the whole city); targets: the
    # published standards.
    out["indicators.csv"] = pd.DataFrame([
        ("elder participation", "", 2019, f["elder_participation_2019"] / 100),
        ("elder participation", "石狮市", 2023, f["shishi_elder_participation_2023"] / 100),
        ("public kindergarten share", "泉州台商投资区", 2020, f["tiz_public_share_2020"] / 100),
        ("inclusive kindergarten share", "泉州台商投资区", 2020, f["tiz_inclusive_share_2020"] / 100),
        ("kindergarten gross enrolment", "", 2011, f["bulletin_2011_kindergarten_ger"] / 100),
        ("kindergarten gross enrolment", "泉州台商投资区", 2020, f["tiz_kindergarten_ger_2020"] / 100),
    ], columns=["indicator", "region", "year", "value"])
    out["targets.csv"] = pd.DataFrame([
        ("elder participation", "", f["standard_elder_participation"], 2025, "increase"),
        ("public kindergarten share", "", f["standard_public_share"], 2025, "increase"),
        ("inclusive kindergarten share", "", f["standard_inclusive_share"], 2025, "increase"),
        ("kindergarten gross enrolment", "", f["standard_kindergarten_ger"], 2025, "increase"),
    ], columns=["indicator", "region", "target", "target_year", "direction"])
    note("indicators.csv", "observations", "published", "elder participation (city 2019, Shishi 2023); kindergarten "
         "gross enrolment (city 2011); the Taiwanese Investment Zone's 2020 kindergarten shares and enrolment rate "
         "(facts.csv). One observation per series: assessed as insufficient data")
    note("targets.csv", "targets", "published", "national and provincial standards (facts.csv); target year "
         "2025 (the 14th five-year plan's end) assumed for all")
    note("workplan_2024.csv", "the 2024 work plan", "published", "the 16 counted targets of the municipal "
         "education bureau's 2024 work plan, tracked as of 2024-12-31: no progress reported until a progress table "
         "([targets] progress) is given")

    out["aliases.csv"] = pd.DataFrame({"alias": div["name_zh_hant"], "region": div["name_zh"]})
    out["aliases.csv"] = out["aliases.csv"][out["aliases.csv"]["alias"] != out["aliases.csv"]["region"]]
    note("aliases.csv", "Traditional names", "published", "the divisions' Traditional forms (divisions.csv "
         "name_zh_hant), accepted wherever a table names a region; the official Simplified names are used throughout")

    older = base[:, :, 60:].sum(axis=(1, 2))
    out.update(coverage_layer(regions, older, pop2023, f, note))
    out.update(teacher_layer(regions, pupils2023, f, note))

    for name, frame in out.items():
        frame.to_csv(OUT / name, index=False)
    pd.DataFrame(provenance, columns=["table", "item", "status", "how"]).to_csv(OUT / "provenance.csv", index=False)
    print(f"wrote {', '.join(out)} and provenance.csv to {OUT}")
    print("TFR by division:", dict(zip(regions, np.round(tfr, 3))))
    print("net migration a year:", dict(zip(regions, np.round(level))))
    print("enrolment per birth by grade:", {g: round(v, 3) for g, v in e.items()})
    city_base = base.sum(axis=0)
    print(f"2023: total {city_base.sum():,.0f}, 60+ {city_base[:, 60:].sum():,.0f}, 65+ {city_base[:, 65:].sum():,.0f}")
    cap = out["capacity.csv"].groupby("level")["places"].sum()
    for lvl in LEVELS:
        print(f"{lvl}: pupils 2023 {pupils2023[lvl].sum():,.0f}, places {cap[lvl]:,.0f}, "
              f"utilisation {pupils2023[lvl].sum() / cap[lvl]:.2f}")


def _write_temporary_cost(cost: float) -> None:
    """The temporary places' cost in scenario.toml's [programme.temporary.<level>] tables, so that
    this script stays the one source of the figure."""
    import re

    path = OUT / "scenario.toml"
    text = path.read_text(encoding="utf-8")
    for level in TEMPORARY_LEVELS:
        text, n = re.subn(rf"(\[programme\.temporary\.{level}\][^\[]*?cost_per_place_year = )[0-9.e+]+",
                          rf"\g<1>{cost:g}", text)
        assert n == 1, f"scenario.toml has no [programme.temporary.{level}] cost_per_place_year"
    path.write_text(text, encoding="utf-8")


def built_pace(f: dict[str, float], pupils2023: dict[str, np.ndarray]) -> dict[str, dict[int, float]]:
    """Places opened per level and year, 2021-2024 (2024: opened by March 2024, in use from the
    2024 school year): the published pace, shared among the levels as provenance.csv says."""
    kg22, ps22 = f["new_places_2022_kindergarten"], f["new_places_2022_primary_secondary"]
    kg = {2021: kg22 / (1 + f["growth_2022_kindergarten_places"] / 100), 2022: kg22, 2023: kg22}
    ps21 = ps22 / (1 + f["growth_2022_primary_secondary_places"] / 100)
    ps = {2021: ps21, 2022: ps22, 2023: f["new_places_2021_to_2023_07_primary_secondary"] - ps21 - ps22}
    rest = f["fyp14_places_to_2024_03"] - sum(kg.values()) - sum(ps.values())
    school = {lvl: pupils2023[lvl].sum() for lvl in ("primary", "junior", "senior")}
    kg_share = sum(kg.values()) / (sum(kg.values()) + sum(ps.values()))
    pace = {"kindergarten": {**kg, 2024: rest * kg_share}}
    for lvl, n in school.items():
        w = n / sum(school.values())
        pace[lvl] = {**{y: v * w for y, v in ps.items()}, 2024: rest * (1 - kg_share) * w}
    vocational = f["fyp14_vocational_places_to_2024_03"] / 3
    pace["vocational"] = {2021: vocational, 2022: vocational, 2023: vocational}
    return pace


if __name__ == "__main__":
    main()
