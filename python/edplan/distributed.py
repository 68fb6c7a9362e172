# SPDX-License-Identifier: MIT
"""Run a scenario's projection chain on a ``dask.distributed`` cluster.

The regions are split into contiguous chunks; each worker projects the population of its
chunk, the enrolment and — with draws — the Monte Carlo intervals, and the client joins the
arrays in the original region order and builds the tables, then the capacity balance and the
optional parts, exactly as :meth:`edplan.Scenario.run` does. Every table is bit-identical to
the local run's: the projection and the enrolment engine compute each region from its own
inputs only, and a draw's random numbers are keyed by (seed, draw, region position), the
position being passed to the engine as ``first_region`` so that a chunk draws what the whole
run draws for its regions.

Draws are not split across workers: each region's quantiles are exact order statistics of
all its draws, which one task must hold together.

Needs ``dask[distributed]`` (``pip install "edplan[distributed]"``)::

    from dask.distributed import Client
    import edplan
    from edplan import distributed

    client = Client("tcp://scheduler:8786")
    results = distributed.run(edplan.Scenario.default(), client, draws=1000)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from .enrolment.projection import enrolment_result, population_chain
from .enrolment.tables import arrays_from_tables
from .population import Projection, ProjectionInputs, project_detailed, to_frame

if TYPE_CHECKING:
    from .scenario import Results, Scenario

__all__ = ["chunk_bounds", "run"]


@dataclass(frozen=True)
class _Shared:
    """Inputs every chunk reads, scattered once to every worker. Arrays keep their full region
    axis (or a broadcast axis of length 1); each task slices its own rows."""

    regions: list
    specs: list
    base_year: int
    horizon: int
    chain: tuple  # base, survival, fertility, migration, births, srb, birth_survival
    history: np.ndarray
    births: np.ndarray
    births_first_year: int
    dwellings: Optional[np.ndarray]
    dwellings_first_year: int
    options: dict  # method, k, alpha, ramp
    draws: int
    seed: int
    quantiles: list
    tfr_sd: float
    migration_sd: float
    threads: int


def chunk_bounds(n_regions: int, chunks: Union[int, Sequence[int]]) -> list[tuple[int, int]]:
    """(start, stop) of each chunk of regions: ``chunks`` near-equal chunks, or chunks of the
    given sizes (which must add up to ``n_regions``)."""
    if isinstance(chunks, (int, np.integer)):
        if chunks < 1:
            raise ValueError(f"chunks: got {chunks}; expected at least 1")
        sizes = [len(part) for part in np.array_split(np.arange(n_regions), min(int(chunks), n_regions))]
    else:
        sizes = [int(size) for size in chunks]
        if any(size < 1 for size in sizes) or sum(sizes) != n_regions:
            raise ValueError(f"chunks: got sizes {sizes}; expected positive sizes adding up to {n_regions} regions")
    stops = np.cumsum(sizes)
    return [(int(stop - size), int(stop)) for size, stop in zip(sizes, stops)]


def _rows(array: Optional[np.ndarray], n_regions: int, start: int, stop: int) -> Optional[np.ndarray]:
    """A chunk's rows of an array whose first axis is the regions or, of length 1, all of them."""
    if array is None or array.shape[0] != n_regions:
        return array
    return np.ascontiguousarray(array[start:stop])


def _chunk(shared: _Shared, start: int, stop: int) -> dict[str, Any]:
    """The population, enrolment and intervals of regions ``start:stop`` (runs on a worker)."""
    R = len(shared.regions)
    rows: list[Any] = [_rows(x, R, start, stop) if isinstance(x, np.ndarray) else x for x in shared.chain]
    base, survival, fertility, migration, births, srb, birth_survival = rows
    T = shared.horizon - shared.base_year
    projection = project_detailed(base, survival, fertility, migration, years=T, srb=srb,
                                  birth_survival=birth_survival, births=births, threads=shared.threads)
    kwargs: dict[str, Any] = dict(
        base_year=shared.base_year, horizon=shared.horizon, births=_rows(shared.births, R, start, stop),
        births_first_year=shared.births_first_year, projected_births=projection.births,
        population=projection.population, dwellings=_rows(shared.dwellings, R, start, stop),
        dwellings_first_year=shared.dwellings_first_year,
        regions=[str(r) for r in shared.regions[start:stop]],
        options=_core.enrolment.EnrolmentOptions(method=_core.enrolment.RatioMethod(
            rule=shared.options["method"], k=shared.options["k"], alpha=shared.options["alpha"]),
            ramp=shared.options["ramp"], threads=shared.threads))
    history = _rows(shared.history, R, start, stop)
    e = _core.enrolment.project(shared.specs, history, **kwargs)
    out = dict(population=projection.population, births=projection.births, cells=projection.clamped_cells,
               people=projection.clamped_people, pupils=e.pupils, ratios=e.ratios, observed=e.observed)
    if shared.draws:
        chain = population_chain(ProjectionInputs(base, survival, fertility, migration, births, srb, birth_survival), T)
        # first_region: the chunk's regions draw from the streams they use in the whole run
        q = _core.enrolment.simulate(
            shared.specs, history, draws=_core.enrolment.DrawOptions(
                draws=shared.draws, seed=shared.seed, quantiles=shared.quantiles, tfr_sd=shared.tfr_sd,
                migration_sd=shared.migration_sd, first_region=start), chain=chain, **kwargs)
        out["grade_q"], out["level_q"] = q.grades, q.levels
    return out


def _default_chunks(client: Any, n_regions: int) -> int:
    # Two chunks per worker thread: enough to even out regions of unequal cost, few enough
    # that each task's fixed cost (scheduling, one enrolment validation) stays small.
    threads = sum(client.nthreads().values()) or 1
    return min(n_regions, 2 * threads)


def run(scenario: "Scenario", client: Any, *, draws: Optional[int] = None, seed: Optional[int] = None,
        chunks: Union[int, Sequence[int], None] = None, threads: int = 1,
        progress: Optional[Callable[[str], None]] = None) -> "Results":
    """Run ``scenario`` with its regions spread over the workers of a ``dask.distributed`` client.

    The tables equal those of ``scenario.run(draws=draws, seed=seed)`` bit for bit.

    Args:
        scenario: a loaded scenario.
        client: a ``dask.distributed.Client``; the workers must import the same edplan.
        draws, seed: as :meth:`~edplan.Scenario.run` (default: the scenario's settings).
        chunks: the number of chunks of regions, or their sizes in region order (default:
            two per worker thread).
        threads: engine threads inside each task; 1 because the workers' threads already run
            tasks side by side. Results do not depend on it.
        progress: called with a short message as each stage starts and each chunk finishes.

    Returns:
        :class:`~edplan.Results` with every table of the local run.

    Raises:
        InputError: as the local run, for problems in the scenario's tables (found on the client
            before anything is sent).
        ValueError: for chunk sizes that do not cover the regions.
    """
    from distributed import as_completed

    from .scenario.chain import finish
    from .scenario.results import Results

    say = progress or (lambda message: None)
    u = scenario.section("uncertainty")
    draws = int(u.get("draws", 0)) if draws is None else int(draws)
    seed = int(u.get("seed", 1)) if seed is None else int(seed)
    quantiles = tuple(u.get("quantiles", (0.1, 0.5, 0.9)))
    e = scenario.section("enrolment")
    regions = list(scenario.regions)
    R, T = len(regions), scenario.horizon - scenario.base_year
    # Arrays from the whole tables, so every chunk sees the same history and births years as
    # the local run (a chunk's own tables could start later and shift them).
    a = arrays_from_tables(scenario.tables["enrolment.history"], scenario.tables.get("population.births"),
                           scenario.tables.get("enrolment.housing"), levels=scenario.levels,
                           base_year=scenario.base_year, regions=regions)
    c = scenario.chain
    shared = _Shared(
        regions=regions, specs=[level.spec() for level in scenario.levels], base_year=scenario.base_year,
        horizon=scenario.horizon,
        chain=(c.base, c.survival, c.fertility, c.migration, c.births, float(c.srb), tuple(c.birth_survival)),
        history=a.history, births=a.births, births_first_year=a.births_first_year, dwellings=a.dwellings,
        dwellings_first_year=a.dwellings_first_year,
        options=dict(method=e.get("method", "mean"), k=int(e.get("k", 3)), alpha=float(e.get("alpha", 0.4)),
                     ramp=float(e.get("ramp", 3.0))),
        draws=draws, seed=seed, quantiles=list(quantiles), tfr_sd=float(u.get("tfr_sd", 0.1)),
        migration_sd=float(u.get("migration_sd", 0.2)), threads=int(threads))
    bounds = chunk_bounds(R, _default_chunks(client, R) if chunks is None else chunks)

    say(f"population, enrolment{f' ({draws} draws)' if draws else ''}: {len(bounds)} chunks")
    [shared_future] = client.scatter([shared], broadcast=True)
    futures = client.map(_chunk, [shared_future] * len(bounds), [b[0] for b in bounds], [b[1] for b in bounds],
                         pure=False)
    position = {future.key: i for i, future in enumerate(futures)}
    parts: list[Optional[dict]] = [None] * len(bounds)
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            parts[position[future.key]] = future.result()  # re-raises a worker's error here
            say(f"chunk {done}/{len(bounds)}")
    finally:
        client.cancel(futures)
    ready = [part for part in parts if part is not None]
    assert len(ready) == len(bounds)  # as_completed yields every future or re-raises
    merged = {name: np.concatenate([part[name] for part in ready]) for name in ready[0]}

    # The tables of runner.run from the joined arrays.
    projection = Projection(merged["population"], merged["births"], merged["cells"], merged["people"])
    tables: dict[str, pd.DataFrame] = {}
    tables["population"] = to_frame(projection.population, base_year=scenario.base_year, regions=regions)
    observed = c.births
    tables["births"] = pd.DataFrame({
        "region": np.repeat(np.asarray(regions, dtype=object), T),
        "year": np.tile(np.arange(scenario.base_year, scenario.horizon), R),
        "births": projection.births.reshape(-1),
        "observed": (~np.isnan(observed)).reshape(-1) if observed is not None else False,
    })
    warnings = [w.replace(f"region {i},", f"{name},") for i, name in enumerate(regions)
                for w in projection.warnings if w.startswith(f"region {i},")]
    result = enrolment_result(a, scenario.levels, merged["pupils"], merged["ratios"], merged["observed"],
                     merged.get("grade_q"), merged.get("level_q"), scenario.base_year, scenario.horizon, quantiles)
    tables["demand"] = result.demand
    tables["totals"] = result.totals
    tables["ratios"] = result.ratios
    extras = finish(scenario, result.totals, tables, say)
    say("done")
    return Results(scenario=scenario, tables=tables, draws=draws, seed=seed, warnings=warnings, extras=extras)
