# SPDX-License-Identifier: MIT
"""Run a scenario's projection chain on a ``dask.distributed`` cluster.

The regions are split into contiguous chunks; each worker runs the chain's per-region step
(:func:`edplan.scenario.chain.project_regions`: population, enrolment and — with draws — the
Monte Carlo intervals) on its chunk, the client joins the chunks in the original region order
(``_core.scenario.join_regions``) and finishes the chain (balance, programme, kindergarten
shares, coverage, targets) exactly as :meth:`edplan.Scenario.run` does. Every table is
bit-identical to the local run's: the engine computes each region from its own inputs only, and
a draw's random numbers are keyed by (seed, draw, region position), the chunk's first region
being passed to the engine so that a chunk draws what the whole run draws for its regions.

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
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from .scenario.chain import RegionInputs, finish, project_regions, run_options

if TYPE_CHECKING:
    from .scenario import Results, Scenario

__all__ = ["chunk_bounds", "run"]


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


def _chunk(inputs: RegionInputs, options: Any, start: int, stop: int) -> Any:
    """The chain's per-region step on regions ``start:stop`` (runs on a worker)."""
    return project_regions(inputs.engine(), options, start, stop - start)


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
        InputError: as the local run, for problems in the scenario's tables (found when the
            scenario was loaded, before anything is sent).
        ValueError: for chunk sizes that do not cover the regions.
    """
    from distributed import as_completed

    from . import _core

    say = progress or (lambda message: None)
    options = run_options(scenario, draws=draws, seed=seed, threads=threads)
    inputs = RegionInputs.of(scenario)
    bounds = chunk_bounds(len(inputs.regions), _default_chunks(client, len(inputs.regions)) if chunks is None
                          else chunks)
    say(f"population, enrolment{f' ({options.draws} draws)' if options.draws else ''}: {len(bounds)} chunks")
    # A key of its own (hash=False): with content-hashed keys, a second run on the same scenario
    # reuses the key that the first run's release is still dropping, and the broadcast loses it
    # ("Key lost during replication": the chunks are then cancelled for lost dependencies).
    [shared] = client.scatter([inputs], broadcast=True, hash=False)
    futures = client.map(_chunk, [shared] * len(bounds), [options] * len(bounds), [b[0] for b in bounds],
                         [b[1] for b in bounds], pure=False)
    position = {future.key: i for i, future in enumerate(futures)}
    parts: list[Any] = [None] * len(bounds)
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            parts[position[future.key]] = future.result()  # re-raises a worker's error here
            say(f"chunk {done}/{len(bounds)}")
    finally:
        client.cancel(futures)
    assert all(part is not None for part in parts)  # as_completed yields every future or re-raises
    regions = _core.scenario.join_regions(parts)
    return finish(scenario, run_options(scenario, draws=draws, seed=seed), regions, say)
