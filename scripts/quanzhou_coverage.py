# SPDX-License-Identifier: MIT
"""The elder-education layer of the built-in Quanzhou scenario: areas, sites and travel times.

No township or village layer with elder-school sites is published, so this one is synthetic,
sized and calibrated to what is published and said to be synthetic in provenance.csv:
- townships per division at Shishi's density (9 towns for 689,000 residents, 2023), at least two;
- villages and communities so that, with a learning point in 80% of them (assumed, above Fujian's
  60% standard), a university per division and a school per township, the city counts the 2,535
  elder universities and schools of October 2019;
- learners at the city's published participation (30.06% of older people, 2019; Shishi's 31.7%
  in 2023), shared 5% university / 25% township schools / 70% village points by older population;
- places = learners × a random 0.9-1.3, at least the learners (assumed; no places are published),
  so that about a quarter of the sites are full;
- positions scattered around each division's seat (approximate coordinates, assumed) within a
  radius that reflects how far the division reaches (urban districts a few km, the mountain
  counties Anxi, Yongchun and Dehua 20-30 km); the scenario's ``travel`` setting turns them into
  minutes at 15 km/h (older people on foot, e-bike and bus; assumed) on roads 1.3 times the
  straight line.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

# Division seat (lat, lon), approximate, and the radius (km) over which its places spread. Assumed.
SEATS = {
    "鲤城区": (24.907, 118.587, 4), "丰泽区": (24.888, 118.613, 6), "洛江区": (24.940, 118.671, 10),
    "泉港区": (25.126, 118.916, 10), "石狮市": (24.732, 118.648, 7), "晋江市": (24.782, 118.552, 12),
    "南安市": (24.960, 118.386, 25), "惠安县": (25.031, 118.797, 12), "安溪县": (25.056, 118.186, 30),
    "永春县": (25.322, 118.294, 20), "德化县": (25.492, 118.241, 22), "泉州经济技术开发区": (24.940, 118.550, 3),
    "泉州台商投资区": (24.990, 118.870, 7),
}
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * np.cos(np.radians(24.9))
DETOUR, KMH = 1.3, 15.0
VILLAGES_WITH_POINT = 0.8


def coverage_layer(regions: list[str], older: np.ndarray, population: np.ndarray, f: dict[str, float],
                   note: Callable[[str, str, str, str], None], seed: int = 2019) -> dict[str, pd.DataFrame]:
    """areas.csv, sites.csv and candidates.csv for ``regions`` with ``older`` people
    aged 60+ and ``population`` residents in the base year."""
    rng = np.random.default_rng(seed)
    towns_per_person = f["shishi_town_elder_schools_2023"] / 689_000
    towns = np.maximum(2, np.round(population * towns_per_person)).astype(int)
    points_total = f["elder_schools_2019"] - len(regions) - towns.sum()
    villages_total = points_total / VILLAGES_WITH_POINT
    villages = np.maximum(towns, np.round(villages_total * population / population.sum())).astype(int)
    lat0, lon0, _ = SEATS["鲤城区"]

    areas, sites = [], []
    for r, name in enumerate(regions):
        lat, lon, radius = SEATS[name]
        cx, cy = (lon - lon0) * KM_PER_DEG_LON, (lat - lat0) * KM_PER_DEG_LAT
        angle = rng.uniform(0, 2 * np.pi, towns[r])
        dist = radius * np.sqrt(rng.uniform(0, 1, towns[r]))
        dist[0] = 0.0  # the seat town
        tx, ty = cx + dist * np.cos(angle), cy + dist * np.sin(angle)
        # Older people: a quarter in the town centres, the rest in villages (random weights).
        town_w = rng.gamma(4.0, size=towns[r])
        village_w = rng.gamma(2.0, size=villages[r])
        town_old = 0.25 * older[r] * town_w / town_w.sum()
        village_old = 0.75 * older[r] * village_w / village_w.sum()
        home = rng.integers(0, towns[r], villages[r])
        spread = max(2.0, radius / np.sqrt(towns[r]))
        vx = tx[home] + rng.normal(0, spread / 2, villages[r])
        vy = ty[home] + rng.normal(0, spread / 2, villages[r])
        code = f"{r + 1:02d}"
        for k in range(towns[r]):
            areas.append((f"T{code}{k + 1:02d}", name, "township", tx[k], ty[k], town_old[k]))
        for k in range(villages[r]):
            areas.append((f"V{code}{k + 1:03d}", name, "village", vx[k], vy[k], village_old[k]))
        learners = f["elder_participation_2019"] / 100 * older[r]
        share_town = town_old / town_old.sum()
        served = rng.random(villages[r]) < VILLAGES_WITH_POINT
        share_village = np.where(served, village_old, 0.0) / village_old[served].sum()
        sites.append((f"U{code}", f"T{code}01", "university", 0.05 * learners))
        sites += [(f"S{code}{k + 1:02d}", f"T{code}{k + 1:02d}", "school", 0.25 * learners * share_town[k])
                  for k in range(towns[r])]
        sites += [(f"P{code}{k + 1:03d}", f"V{code}{k + 1:03d}", "point", 0.70 * learners * share_village[k])
                  for k in np.flatnonzero(served)]

    areas = pd.DataFrame(areas, columns=["area", "region", "kind", "x", "y", "population"])
    areas[["x", "y"]] = areas[["x", "y"]].round(2)
    areas["population"] = areas["population"].round(1)
    sites = pd.DataFrame(sites, columns=["site", "area", "tier", "learners"])
    sites["learners"] = sites["learners"].round()
    sites["capacity"] = np.maximum(sites["learners"], np.ceil(sites["learners"] * rng.uniform(0.9, 1.3, len(sites))))
    sites = sites[["site", "area", "capacity", "learners", "tier"]]

    # Candidates for new sites: a learning point in every village and a school in every township.
    candidates = pd.DataFrame({"site": "N" + areas["area"], "area": areas["area"],
                               "capacity": np.where(areas["kind"] == "township", 300.0, 80.0),
                               "learners": 0.0, "tier": np.where(areas["kind"] == "township", "school", "point")})

    synthetic = "synthetic: "
    note("areas.csv", "townships and villages", "assumed", synthetic + f"{towns.sum()} townships at Shishi's density "
         f"(9 towns per 689,000 residents, published) and {villages.sum()} villages, so that a point in 80% of "
         "them (assumed) makes the city's 2,535 elder schools (2019, published); older people 25% in towns, 75% in villages, random")
    note("areas.csv", "positions", "assumed", synthetic + "scattered around approximate division seats within "
         "assumed radii (x, y in km east and north of Licheng's seat)")
    note("sites.csv", "sites and learners", "assumed", synthetic + "a university per division, a school per "
         "township, a point in 80% of villages (random); learners = 30.06% of older people (2019, published), 5/25/70% by tier")
    note("sites.csv", "places", "assumed", synthetic + "learners × random 0.9-1.3, at least the learners (a "
         "quarter of sites full)")
    note("scenario.toml", "coverage travel", "assumed", f"travel minutes from the synthetic positions: straight "
         f"line × {DETOUR} at {KMH:.0f} km/h ([coverage] travel)")
    note("candidates.csv", "candidate sites", "assumed", "synthetic: a point (80 places) in every village, a school "
         "(300) in every township")
    return {"areas.csv": areas, "sites.csv": sites, "candidates.csv": candidates}
