# SPDX-License-Identifier: MIT
"""Elder-education coverage today and in 2035, and where two new sites would reach most people.

A small county pair in DESIGN §3 columns (areas, sites, costs in minutes), older population
growing 4% a year; run: python examples/python/elder_coverage.py
"""

import numpy as np
import pandas as pd

from edplan import coverage as cv

areas = pd.DataFrame({
    "area": ["T1", "V1", "V2", "T2", "V3"], "region": ["A", "A", "A", "B", "B"],
    "kind": ["township", "village", "village", "township", "village"],
    "population": [1000, 300, 200, 800, 400],  # people aged 60+, base year
})
sites = pd.DataFrame({
    "site": ["U1", "S1", "P1"], "area": ["T1", "T1", "V1"], "capacity": [300, 100, 30],
    "learners": [250, 100, 20], "tier": ["university", "school", "point"],
})
costs = pd.DataFrame({
    "origin": ["T1", "T1", "T1", "V1", "V1", "V2", "V2", "T2", "V3", "T2", "V3", "V3"],
    "destination": ["U1", "S1", "P1", "S1", "P1", "S1", "P1", "U1", "U1", "N1", "N1", "N2"],
    "cost": [0, 0, 5, 10, 0, 20, 15, 40, 45, 0, 10, 0],
})
population = pd.DataFrame([(a, y, p * 1.04 ** (y - 2024)) for a, p in zip(areas.area, areas.population)
                           for y in (2024, 2035)], columns=["area", "year", "population"])

result = cv.coverage_table(areas, sites, costs[costs.destination.isin(sites.site)], max_cost=30,
                           population=population, decay=cv.Decay.step({10: 1, 20: 0.68, 30: 0.22}))
pd.set_option("display.width", 120)
print(result.regions[["region", "year", "participation", "participation_gap", "learners_needed",
                      "within_reach", "township_school", "village_point"]].round(3).to_string(index=False))
print(result.total[["year", "participation", "within_reach", "county_university"]].round(3).to_string(index=False))

candidates = pd.DataFrame({"site": ["N1", "N2"], "area": ["T2", "V3"], "capacity": [120, 40],
                           "tier": ["school", "point"]})
print(cv.recommend_sites(areas, sites, candidates, costs, new_sites=1, max_cost=30, population=population,
                         year=2035)[["rank", "site", "region", "added", "reached_share"]].round(3).to_string(index=False))

# The kernels under the tables: E2SFCA places per older person, and an MCLP on raw arrays.
C = np.array([[0, 0, 5], [np.inf, 10, 0], [np.inf, 20, 15], [40, np.inf, np.inf], [45, np.inf, np.inf]], float)
P = areas.population.to_numpy(float)
print(cv.two_step_fca(P, sites.capacity.to_numpy(float), C, max_cost=30, decay=cv.Decay.linear(30)).round(4))
best = cv.mclp(P, C, max_cost=30, p=2)
print(best.sites, best.objective)
