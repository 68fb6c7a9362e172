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

__all__ = ["LEVER_KEYS", "ProgrammeInstance", "programme_instance", "wave_instance"]

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


LEVER_KEYS = ("conversions", "temporary", "crowding")
"""The keyword arguments of :func:`edplan.capacity.schedule` that are levers (DESIGN §2.4b)."""


def wave_instance(seed: int = 0, *, levers: bool = True) -> ProgrammeInstance:
    """A small, tight instance of the wave: two districts A and B over 2024..2031, primary demand
    falling 6% a year from 800–1,200 pupils while junior demand rises 12% a year from 500–800
    to a peak after 2–5 years and then falls 10% a year; base places the base year's demand
    rounded; one to three junior candidates per district (150, 300 or 450 places, ¥20–80m);
    a budget of ¥50–150m a year, two per batch, one year to start and one to open. With
    ``levers``, ``settings`` also holds a primary → junior conversion (a classroom of 45 becomes
    one of 50, ¥5,000–30,000 a place), junior temporary places (¥2,000–10,000 a place-year,
    lifetime 1–3, up to 10% of places) and junior crowding (φ = 0.1). Small enough for the exact
    MILP in a tenth of a second, and tight enough that a build and the levers must be chosen
    together. No kindergartens or population."""
    rng = np.random.default_rng(seed)
    years = np.arange(2024, 2032)
    rows, places, projects = [], [], []
    for region in ("A", "B"):
        p0, j0 = rng.uniform(800, 1200), rng.uniform(500, 800)
        peak = int(rng.integers(2, 6))
        for i, y in enumerate(years):
            rows.append((region, "primary", int(y), p0 * (1 - 0.06) ** i))
            rows.append((region, "junior", int(y), j0 * (1 + 0.12 * min(i, peak) - 0.1 * max(0, i - peak))))
        places += [(region, "primary", round(p0, -1)), (region, "junior", round(j0, -1))]
        for k in range(int(rng.integers(1, 4))):
            projects.append((f"{region}{k}", "school", region, "junior", float(rng.choice([150, 300, 450])),
                             float(rng.uniform(2e7, 8e7)), "candidate", 2024))
    settings: dict[str, Any] = dict(base_year=2023, horizon=2031, budget_per_year=float(rng.uniform(5e7, 1.5e8)),
                                    max_per_batch=2, stage_years=(1, 1), levels=["primary", "junior"])
    if levers:
        settings.update(
            conversions=pd.DataFrame({"from_level": ["primary"], "to_level": ["junior"], "ratio": [50 / 45],
                                      "cost_per_place": [float(rng.uniform(5e3, 3e4))]}),
            temporary={"junior": {"cost_per_place_year": float(rng.uniform(2e3, 1e4)),
                                  "lifetime": int(rng.integers(1, 4)), "max_share": 0.1}},
            crowding={"junior": 0.1})
    return ProgrammeInstance(
        demand=pd.DataFrame(rows, columns=["region", "level", "year", "demand"]),
        capacity=pd.DataFrame(places, columns=["region", "level", "places"]),
        projects=pd.DataFrame(projects, columns=["id", "name", "region", "level", "places", "cost", "status",
                                                 "land_year"]),
        kindergartens=pd.DataFrame(columns=["region", "sector", "places", "pupils"]),
        population=pd.DataFrame(columns=["region", "year", "population"]),
        settings=settings)
