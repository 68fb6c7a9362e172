# SPDX-License-Identifier: MIT
"""Project three stylised districts (illustrative inputs, not real data) from 2023 to 2040
and show how a falling birth cohort passes through the school ages.

    python examples/python/project_population.py
"""

import numpy as np

import edplan
from edplan import population as pop

BASE_YEAR, YEARS, A = 2023, 17, 100
ages = np.arange(A + 1)
districts = ["City centre", "Coastal county", "Mountain county"]

# Base population per district, sex and age: birth cohorts halved over the last six years
# (ages 0-5 small), large working-age cohorts, thinning after 60.
profile = np.where(ages < 6, 0.55 + 0.075 * ages, 1.0) * np.exp(-0.055 * np.maximum(ages - 60, 0))
size = np.array([9000.0, 6000.0, 3000.0])
base = size[:, None, None] * profile[None, None, :] * np.array([0.98, 1.02])[None, :, None]

# Gompertz mortality, a bell-shaped fertility pattern on a TFR path 1.05 (2023) → 1.2 (2035),
# net in-migration of young adults to the city centre and out-migration from the mountains.
hazard = 4e-5 * np.exp(0.095 * ages)
survival = np.exp(-hazard * np.array([1.0, 1.4])[:, None])[None, None]
survival[..., A] = 0.65
shape = np.exp(-0.5 * ((np.arange(15, 50) - 29) / 5.5) ** 2)
fertility = pop.fertility_from_tfr(shape, {2023: 1.05, 2035: 1.2}, first_year=BASE_YEAR, years=YEARS)
young = ((ages >= 18) & (ages <= 35)).astype(float)
migration = np.array([60.0, 0.0, -25.0])[:, None, None, None] * young  # per single year of age
migration = np.broadcast_to(migration, (3, 1, 2, A + 1))

result = pop.project_detailed(base, survival, fertility, migration, years=YEARS, srb=1.12,
                              birth_survival=(0.995, 0.994))
P = result.population  # (district, year, sex, age)

print(f"edplan {edplan.__version__}: {len(districts)} districts, {BASE_YEAR}-{BASE_YEAR + YEARS}")
print(f"{'district':<16} {'births 2023':>12} {'births 2039':>12} {'aged 6-11 2023':>15} "
      f"{'aged 6-11 2040':>15} {'aged 60+ 2023':>14} {'aged 60+ 2040':>14}")
for d, name in enumerate(districts):
    primary = P[d, :, :, 6:12].sum(axis=(1, 2))
    older = P[d, :, :, 60:].sum(axis=(1, 2))
    print(f"{name:<16} {result.births[d, 0]:>12,.0f} {result.births[d, -1]:>12,.0f} {primary[0]:>15,.0f} "
          f"{primary[-1]:>15,.0f} {older[0]:>14,.0f} {older[-1]:>14,.0f}")

frame = pop.to_frame(P, base_year=BASE_YEAR, regions=districts)
print(f"\nlong table (region, year, sex, age, count): {len(frame):,} rows; first rows:")
print(frame.head(3).to_string(index=False))
