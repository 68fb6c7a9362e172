# SPDX-License-Identifier: MIT
"""Generated siting and catchment instances shared by the coverage benchmark and tests:
villages clustered around towns in a 100 km square (a county-sized prefecture), older
population lognormal, candidate sites at villages, cost = road minutes (1.3 × straight-line
distance at 40 km/h)."""

from __future__ import annotations

import numpy as np


def points(n: int, rng: np.random.Generator, towns: int = 40) -> np.ndarray:
    centres = rng.uniform(0, 100, (towns, 2))
    which = rng.integers(0, towns, n)
    return np.clip(centres[which] + rng.normal(0, 6, (n, 2)), 0, 100)


def instance(
    n: int, m: int, seed: int = 0, *, clustered: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(demand (n,), cost minutes (n, m), demand xy (n, 2), site xy (m, 2)); points uniform in
    the square when not ``clustered``."""
    rng = np.random.default_rng(seed)
    xy = points(n, rng) if clustered else rng.uniform(0, 100, (n, 2))
    sites = xy[rng.choice(n, m, replace=False)] if m <= n else points(m, rng)
    demand = np.round(rng.lognormal(5.5, 0.9, n))
    d = np.sqrt(((xy[:, None, :] - sites[None, :, :]) ** 2).sum(-1))
    return demand, d * 1.3 / 40 * 60, xy, sites


def capacities(demand: np.ndarray, m: int, p: int, ratio: float, seed: int = 0) -> np.ndarray:
    """Places per candidate for capacitated siting: ``ratio`` × Σ demand / p on average, spread
    ±50% (uniform), whole places; ratio < 1 leaves people unserved whatever p sites open."""
    rng = np.random.default_rng(seed + 1000)
    return np.round(ratio * demand.sum() / p * rng.uniform(0.5, 1.5, m))
