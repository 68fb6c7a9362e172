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
