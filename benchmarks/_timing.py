# SPDX-License-Identifier: MIT
"""Timing shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``, so this
folder is on the import path)."""

from __future__ import annotations

import time
from typing import Callable


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def interleaved(fns: dict[str, Callable[[], object]], repeat: int,
                clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """The median of ``repeat`` runs of each of ``fns``, in seconds, run in turn (one of each per
    round), so that a burst of other work on the machine slows them all alike. ``clock``:
    ``time.process_time`` for the CPU time of the process (all its threads), which other work on
    a loaded machine inflates far less than the wall clock."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = clock()
            fn()
            times[name].append(clock() - t0)
    return {name: sorted(ts)[len(ts) // 2] for name, ts in times.items()}
