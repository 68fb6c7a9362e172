# SPDX-License-Identifier: MIT
"""Generated (synthetic) programme instances: districts whose demand peaks and then falls.

For tests, benchmarks and examples, not data: every number here is drawn at random around
shapes taken from published Quanzhou figures (``../shared/data/quanzhou/README.md``), which the
comments name. Nothing in an instance describes a real district.

- Demand rises a few percent a year to a peak and then falls faster, as the shrinking birth
  cohorts since 2017 pass through (Fujian's births of 2022 were 51.2% below 2017's):
  kindergarten peaks first, primary next, junior last.
- Districts have 200,000–800,000 residents (the city: 8.8 million in 12 divisions).
- Project sizes are the published typical schools: kindergarten 18 classes = 540 places (or 12
  = 360), primary 24 classes = 1,080 (or 36 = 1,620), junior 1,250 (Fengze 2024) or 1,000.
- Costs: about ¥81,500 per kindergarten place (20 public kindergartens, 5,400 places, ¥440m,
  2020); primary ¥90,000 and junior ¥100,000 per place are assumptions of this generator.
- Settings as the DESIGN scenario example: budget ¥600m a year, 12 projects per batch, stages
  kindergarten 1 + 1 years, primary and junior 1 + 2, weights unmet 1, cost 1e-6, stranded 0.2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ProgrammeInstance", "programme_instance"]

# level: (pupils per resident at the peak, peak year offset from the base year, typical sizes, yuan per place)
LEVEL_SHAPES = {
    "kindergarten": (0.034, -1, (540, 360), 81_500.0),
    "primary": (0.075, 3, (1080, 1620), 90_000.0),
    "junior": (0.036, 6, (1250, 1000), 100_000.0),
}


@dataclass
class ProgrammeInstance:
    """Tables in DESIGN §3 columns and the scheduler's settings, all generated."""

    demand: pd.DataFrame
    """region, level, year, demand for base_year + 1 .. horizon."""
    capacity: pd.DataFrame
    """region, level, places (base year)."""
    projects: pd.DataFrame
    """id, name, region, level, places, cost, status, land_year, start_year, open_year."""
    kindergartens: pd.DataFrame
    """region, sector, places, pupils (base year)."""
    population: pd.DataFrame
    """region, year, population for base_year .. horizon."""
    settings: dict[str, Any] = field(default_factory=dict)
    """base_year, horizon, budget_per_year, max_per_batch, stage_years, weights: keyword
    arguments of :func:`edplan.capacity.schedule`."""


def programme_instance(
    seed: int = 0,
    *,
    regions: int = 4,
    levels: Sequence[str] = ("kindergarten", "primary", "junior"),
    base_year: int = 2023,
    horizon: int = 2035,
    candidates_per_pair: tuple[int, int] = (2, 5),
    budget_per_year: float = 6e8,
    max_per_batch: int = 12,
    planned_share: float = 0.3,
) -> ProgrammeInstance:
    """A generated instance: ``regions`` districts named D01.., ``levels`` from
    :data:`LEVEL_SHAPES`, between ``candidates_per_pair`` candidates per district and level
    (earliest land in the first three years), a planned project in about ``planned_share`` of
    them, and base places 95–103% of the base year's demand. The same seed gives the same instance."""
    rng = np.random.default_rng(seed)
    names = [f"D{i + 1:02d}" for i in range(regions)]
    years = np.arange(base_year + 1, horizon + 1)
    residents = rng.uniform(2e5, 8e5, regions)
    demand_rows, capacity_rows, kg_rows = [], [], []
    # id, name, region, level, places, cost, status, land_year, start_year, open_year (NaN: none)
    project_rows: list[tuple[str, str, str, str, float, float, str, int, float, float]] = []
    for r, region in enumerate(names):
        for level in levels:
            share, peak_offset, sizes, per_place = LEVEL_SHAPES[level]
            peak_year = base_year + peak_offset + int(rng.integers(-1, 2))
            peak = residents[r] * share * rng.uniform(0.9, 1.1)
            rise, fall = rng.uniform(0.01, 0.04), rng.uniform(0.04, 0.09)
            span = np.arange(base_year, horizon + 1)
            path = peak * np.where(span <= peak_year, (1 - rise) ** (peak_year - span),
                                   (1 - fall) ** (span - peak_year))
            demand_rows += [(region, level, int(y), float(v)) for y, v in zip(span, path) if y > base_year]
            places = float(np.round(path[0] * rng.uniform(0.95, 1.03), -1))
            capacity_rows.append((region, level, places))
            if level == "kindergarten":
                public, inclusive = rng.uniform(0.38, 0.5), rng.uniform(0.3, 0.42)
                fill = min(1.0, path[0] / places)
                for sector, part in (("public", public), ("inclusive", inclusive), ("private", 1 - public - inclusive)):
                    kg_rows.append((region, sector, float(np.round(places * part)),
                                    float(np.round(places * part * fill))))
            tag = f"{region}-{level[:2].upper()}"
            if rng.uniform() < planned_share:
                size = float(sizes[0])
                opens = base_year + int(rng.integers(1, 4))
                project_rows.append((f"{tag}-P1", f"{region} {level} (planned)", region, level, size,
                                     round(size * per_place * rng.uniform(0.85, 1.15), -5), "planned",
                                     opens - 3, opens - 2, opens))
            for k in range(int(rng.integers(candidates_per_pair[0], candidates_per_pair[1] + 1))):
                size = float(sizes[int(rng.uniform() < 0.3)])
                project_rows.append((f"{tag}-C{k + 1}", f"{region} {level} candidate {k + 1}", region, level, size,
                                     round(size * per_place * rng.uniform(0.85, 1.15), -5), "candidate",
                                     base_year + 1 + int(rng.integers(0, 3)), np.nan, np.nan))
    population = pd.DataFrame([(region, int(y), float(np.round(residents[r] * (1 + 0.002 * (y - base_year)))))
                               for r, region in enumerate(names) for y in range(base_year, horizon + 1)],
                              columns=["region", "year", "population"])
    stage_years = {"kindergarten": (1, 1), "primary": (1, 2), "junior": (1, 2)}
    return ProgrammeInstance(
        demand=pd.DataFrame(demand_rows, columns=["region", "level", "year", "demand"]),
        capacity=pd.DataFrame(capacity_rows, columns=["region", "level", "places"]),
        projects=pd.DataFrame(project_rows, columns=["id", "name", "region", "level", "places", "cost", "status",
                                                     "land_year", "start_year", "open_year"]),
        kindergartens=pd.DataFrame(kg_rows, columns=["region", "sector", "places", "pupils"]),
        population=population,
        settings=dict(base_year=base_year, horizon=horizon, budget_per_year=budget_per_year,
                      max_per_batch=max_per_batch, stage_years={lv: stage_years[lv] for lv in levels},
                      weights={"unmet": 1.0, "cost": 1e-6, "stranded": 0.2}),
    )
