# SPDX-License-Identifier: MIT
"""Build the built-in Quanzhou scenario (python/edplan/data/quanzhou) from published figures.

    python scripts/build_quanzhou.py

The published figures are in python/edplan/data/quanzhou/published/ (with their sources).
Where no figure was published, an assumption is derived from those that were; every table
written here says, row by row or in provenance.csv, which of its numbers are published,
derived or assumed. Base year 2023; 11 county-level divisions and the two functional zones
(Kinmen, nominal, carries no data).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from edplan import population as pop
from quanzhou_coverage import coverage_layer

OUT = Path(__file__).resolve().parents[1] / "python" / "edplan" / "data" / "quanzhou"
PUB = OUT / "published"
BASE_YEAR, HORIZON, A = 2023, 2040, 100
SRB = 1.12
BIRTH_SURVIVAL = (0.995, 0.994)
E0_GAP = 5.8  # assumed female advantage in life expectancy, years (not published in the data)
KG_GER_2023 = 0.95
COST_PER_PLACE = 440e6 / 5400  # 2020 public kindergartens: ¥440m for about 5,400 places

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

def city_births(f: dict) -> pd.Series:
    """Resident births by year 2005-2023: population × resident birth rate where both were
    published; other years by interpolating the ratio of Quanzhou's to China's births."""
    city = pd.read_csv(PUB / "city_series.csv").dropna(subset=["birth_rate_resident_permille"])
    china = pd.read_csv(PUB / "china_births.csv").set_index("year")["births_10k"] * 1e4
    known = (city.set_index("year")["resident_pop_10k"] * 1e4 * city.set_index("year")["birth_rate_resident_permille"]
             / 1000)
    ratio = (known / china.loc[known.index]).reindex(range(2005, BASE_YEAR + 1)).interpolate().ffill().bfill()
    births = (ratio * china.reindex(ratio.index)).round()
    births.loc[known.index] = known.round()
    note("births.csv", "city resident births 2010, 2015, 2018-2021", "derived",
         "resident population × resident birth rate (city_series.csv, published)")
    note("births.csv", "city resident births, other years 2005-2023", "derived",
         "China's births (NBS) × the ratio of Quanzhou's to China's births, interpolated between published "
         "years and held at the 2021 ratio after 2021")
    return births.astype(float)


def main() -> None:
    f = facts()
    div = pd.read_csv(PUB / "divisions.csv").dropna(subset=["resident_2021_10k"])
    regions = div["name_zh"].tolist()
    R = len(regions)
    pop2021 = div["resident_2021_10k"].to_numpy() * 1e4
    city = pd.read_csv(PUB / "city_series.csv").set_index("year")["resident_pop_10k"]
    growth = city.loc[2022] / city.loc[2021]
    pop2023 = pop2021 * growth**2
    note("population.csv", "division totals 2023", "derived",
         "2021 resident population (yearbook 2022, published) × the city's 2021→2022 growth, twice")

    births_city = city_births(f)
    births2021 = pop2021 * div["birth_rate_2021_permille"].to_numpy() / 1000
    share = births2021 / births2021.sum()
    births = np.outer(share, births_city.to_numpy())  # (R, years 2005..2023)
    years = births_city.index.to_numpy()
    note("births.csv", "division births", "derived",
         "city births × each division's share of 2021 births (2021 population × 2021 birth rate, published)")

    # Survival by sex.
    e0 = f["china_life_expectancy_2021"]
    surv = np.stack([gompertz_survival(e0 + E0_GAP / 2), gompertz_survival(e0 - E0_GAP / 2)])
    note("survival.csv", "survival by sex and age", "assumed",
         f"Gompertz-Makeham hazard matched to China's life expectancy {e0} (2021, published) with an assumed "
         f"female advantage of {E0_GAP} years; the same for every division and year")
    lx = np.concatenate([np.ones((2, 1)), np.cumprod(surv[:, :A], axis=1)], axis=1)  # survival to age a

    # Children per birth: the 2020 census count of ages 0-14 over the surviving birth cohorts.
    census_children = f["census_2020_city_total"] * f["age_share_0_14_2020"] / 100
    both_lx = (lx[0] + SRB * lx[1]) / (1 + SRB)
    cohorts_2020 = sum(births_city.loc[2020 - 1 - a] * both_lx[a] for a in range(15))
    k_child = census_children / cohorts_2020
    note("population.csv", "ages 0-14", "derived",
         f"birth cohorts × survival × {k_child:.3f} children per birth, the ratio that reproduces the 2020 census "
         "count of ages 0-14 (in-migration of children); boys per girl = srb")

    base = np.zeros((R, 2, A + 1))
    jinjiang = regions.index("晉江市")
    for r in range(R):
        total = pop2023[r]
        for a in range(15):
            cohort = births[r, list(years).index(BASE_YEAR - 1 - a)] * k_child
            base[r, 0, a] = cohort / (1 + SRB) * lx[0, a]
            base[r, 1, a] = cohort * SRB / (1 + SRB) * lx[1, a]
        rest = total - base[r, :, :15].sum()
        key = "jinjiang_age_share_" if r == jinjiang else "age_share_"
        s15, s60, s65 = (f[key + "15_59_2020"], f[key + "60plus_2020"] - f[key + "65plus_2020"], f[key + "65plus_2020"])
        parts = np.array([s15, s60, s65]) / (s15 + s60 + s65) * rest
        base[r, :, 15:60] = parts[0] / (2 * 45)
        base[r, :, 60:65] = parts[1] / (2 * 5)
        old = lx[:, 65:] / lx[:, 65:].sum()
        base[r, :, 65:] = parts[2] * old  # women outnumber men as survivorship says
    note("population.csv", "ages 15-59, 60-64, 65+", "derived",
         "the rest of each division's population split by the 2020 census shares 15-59 / 60-64 / 65+ (city; "
         "Jinjiang its own), even over single years within 15-59 and 60-64 and by life-table survivorship "
         "after 65; men and women equal before 65 (assumed)")

    # Fertility: a gamma-shaped schedule (mean age 29.5) with each division's TFR calibrated so that
    # its 2023 births are reproduced.
    ages = np.arange(15, 50)
    shape = (ages - 14.0) ** 7 * np.exp(-(ages - 14.0) / 1.94)
    shape /= shape.sum()
    unit = pop.project_detailed(base, surv[None, None], np.broadcast_to(shape, (R, 1, 35)), years=1, srb=SRB,
                                birth_survival=BIRTH_SURVIVAL)
    target = births[:, -1]
    tfr = target / unit.births[:, 0]
    note("fertility.csv", "age pattern", "assumed", "gamma-shaped schedule over ages 15-49, mean age 29.5")
    note("fertility.csv", "level (TFR) by division", "derived",
         "calibrated so that each division's projected 2023 births equal its derived 2023 births; held "
         "constant (China's 2022 TFR was 1.05, published)")

    out = {}
    rows = []
    for r, name in enumerate(regions):
        for s, sex in enumerate("FM"):
            for a in range(A + 1):
                rows.append((name, sex, a, round(base[r, s, a], 2)))
    out["population.csv"] = pd.DataFrame(rows, columns=["region", "sex", "age", "count"])
    out["survival.csv"] = pd.DataFrame([(sex, a, round(surv[s, a], 8)) for s, sex in enumerate("FM")
                                        for a in range(A + 1)], columns=["sex", "age", "survival"])
    out["fertility.csv"] = pd.DataFrame([(int(age), round(shape[i] * tfr[r], 8), name) for r, name in enumerate(regions)
                                         for i, age in enumerate(ages)], columns=["age", "rate", "region"])
    out["births.csv"] = pd.DataFrame([(name, int(y), round(births[r, i])) for r, name in enumerate(regions)
                                      for i, y in enumerate(years) if y >= 2009], columns=["region", "year", "births"])

    # Enrolment history 2020-2023 (no published counts by grade): the cohorts of the school ages.
    rows = []
    for r, name in enumerate(regions):
        for t in range(2020, BASE_YEAR + 1):
            for g in range(1, 10):
                born = t - 5 - g  # grade 1 in autumn of t: born in t - 6
                i = list(years).index(born)
                level = "primary" if g <= 6 else "junior"
                rows.append((name, t, level, g, round(births[r, i] * k_child * both_lx[5 + g])))
            for grade, a in enumerate(range(3, 6), start=1):
                rows.append((name, t, "kindergarten", grade, round(KG_GER_2023 * base[r, :, a].sum())))
    enrol = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    enrol = enrol[(enrol.level != "kindergarten") | (enrol.year == BASE_YEAR)]
    out["enrolment.csv"] = enrol
    note("enrolment.csv", "primary and junior pupils 2020-2023", "derived",
         "no counts by grade were published: each grade is the resident child cohort of its age (births 6 + "
         "grade - 1 years earlier × children per birth × survival), i.e. universal enrolment")
    note("enrolment.csv", "kindergarten pupils 2023", "assumed",
         f"gross enrolment rate {KG_GER_2023} of ages 3-5 (Taiwanese Investment Zone 98.9% in 2020; county "
         "standard 85%; national > 90% by 2025, published)")

    # Capacity 2023: today's classes filled to the norm; kindergartens 90% used.
    sizes = {"kindergarten": 30, "primary": 45, "junior": 50}
    base_pupils = enrol[enrol.year == BASE_YEAR].groupby(["region", "level"], sort=False)["pupils"].sum()
    rows = []
    for (name, level), n in base_pupils.items():
        used = 0.9 if level == "kindergarten" else 1.0
        classes = math.ceil(n / used / sizes[level])
        rows.append((name, level, classes * sizes[level], classes))
    out["capacity.csv"] = pd.DataFrame(rows, columns=["region", "level", "places", "classes"])
    note("capacity.csv", "places 2023", "assumed",
         "no published places by division: primary and junior places = 2023 pupils in whole classes at the norm "
         "(45, 50); kindergarten places with 10% vacant, as births fell")

    # Projects: Fengze's published 2024 places (planned) and standard-size candidates elsewhere.
    rows = [("FZ24-K", "豐澤區 2024 kindergarten places", "豐澤區", "kindergarten", 360, round(360 * COST_PER_PLACE), "planned", 2023, 2023, 2024),
            ("FZ24-P", "豐澤區 2024 primary places", "豐澤區", "primary", 675, round(675 * COST_PER_PLACE), "planned", 2022, 2022, 2024),
            ("FZ24-J", "豐澤區 2024 junior places", "豐澤區", "junior", 1250, round(1250 * COST_PER_PLACE), "planned", 2022, 2022, 2024)]
    standard = {"kindergarten": 540, "primary": 1080, "junior": 1200}
    for r, name in enumerate(regions):
        sites = max(3, round(pop2023[r] / 200_000))  # reserved sites grow with the division
        for level, places in standard.items():
            for k in range(1, sites + 1):
                rows.append((f"{div['name_en'].iloc[r][:3].upper()}-{level[0].upper()}{k}",
                             f"{name} candidate {level} school {k}", name, level, places,
                             round(places * COST_PER_PLACE), "candidate", 2024, None, None))
    out["projects.csv"] = pd.DataFrame(rows, columns=["id", "name", "region", "level", "places", "cost", "status",
                                                      "land_year", "start_year", "open_year"])
    note("projects.csv", "Fengze 2024 projects", "published",
         "new places in 2024: kindergarten 360, primary 675, junior 1,250 (land and start years assumed)")
    note("projects.csv", "candidates", "assumed",
         "one candidate school site per division and level for every 200,000 residents (at least three), at "
         "published standard sizes (kindergarten 18 classes = "
         "540, primary 24 classes = 1,080, junior 24 classes × 50 = 1,200), land from 2024")
    note("projects.csv", "cost", "derived", f"¥{COST_PER_PLACE:,.0f} per place: the 2020 public kindergarten "
         "programme (¥440m for about 5,400 places, published), applied to every level")

    # Kindergartens by sector: the Taiwanese Investment Zone's 2020 shares for every division.
    public, inclusive = f["tiz_public_share_2020"] / 100, f["tiz_inclusive_share_2020"] / 100
    rows = []
    for name in regions:
        places = int(out["capacity.csv"].query("region == @name and level == 'kindergarten'")["places"].iloc[0])
        pupils = int(base_pupils[(name, "kindergarten")])
        for sector, w in (("public", public), ("inclusive", inclusive - public), ("private", 1 - inclusive)):
            rows.append((name, sector, round(places * w), round(pupils * w)))
    out["kindergartens.csv"] = pd.DataFrame(rows, columns=["region", "sector", "places", "pupils"])
    note("kindergartens.csv", "sector shares", "assumed",
         "the Taiwanese Investment Zone's 2020 shares (public 51.2%, inclusive 91.5%, published) for every division")

    # Indicators: the published observations; targets: the published standards.
    out["indicators.csv"] = pd.DataFrame([
        ("elder participation", "泉州市", 2019, f["elder_participation_2019"] / 100),
        ("elder participation", "石獅市", 2023, f["shishi_elder_participation_2023"] / 100),
        ("public kindergarten share", "泉州台商投資區", 2020, f["tiz_public_share_2020"] / 100),
        ("inclusive kindergarten share", "泉州台商投資區", 2020, f["tiz_inclusive_share_2020"] / 100),
        ("kindergarten gross enrolment", "泉州台商投資區", 2020, f["tiz_kindergarten_ger_2020"] / 100),
    ], columns=["indicator", "region", "year", "value"])
    out["targets.csv"] = pd.DataFrame([
        ("elder participation", "", f["standard_elder_participation"], 2025, "increase"),
        ("public kindergarten share", "", f["standard_public_share"], 2025, "increase"),
        ("inclusive kindergarten share", "", f["standard_inclusive_share"], 2025, "increase"),
        ("kindergarten gross enrolment", "", f["standard_kindergarten_ger"], 2025, "increase"),
    ], columns=["indicator", "region", "target", "target_year", "direction"])
    note("indicators.csv", "observations", "published", "elder participation (city 2019, Shishi 2023); the "
         "Taiwanese Investment Zone's 2020 kindergarten shares and enrolment rate (facts.csv)")
    note("targets.csv", "targets", "published", "national and provincial standards (facts.csv); target year "
         "2025 (the 14th five-year plan's end) assumed for all")

    base = out["population.csv"]
    older = base[base["age"] >= 60].groupby("region")["count"].sum().reindex(regions).to_numpy()
    out.update(coverage_layer(regions, older, pop2023, f, note))

    for name, frame in out.items():
        frame.to_csv(OUT / name, index=False)
    pd.DataFrame(provenance, columns=["table", "item", "status", "how"]).to_csv(OUT / "provenance.csv", index=False)
    print(f"wrote {', '.join(out)} and provenance.csv to {OUT}")
    print("TFR by division:", dict(zip(regions, np.round(tfr, 3))))
    print(f"children per birth {k_child:.3f}; city 2023 births {births_city.loc[2023]:.0f}; "
          f"2017 {births_city.loc[2017]:.0f}")


if __name__ == "__main__":
    main()
