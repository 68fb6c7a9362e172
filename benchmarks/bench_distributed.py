# SPDX-License-Identifier: MIT
"""edplan.distributed on a LocalCluster of 1 and 2 worker processes against the local run.

A synthetic scenario of many regions: the built-in Quanzhou scenario's population and
enrolment tables replicated under new region names (and its optional parts left out, which
the client runs alone either way). Every distributed result is checked equal to the local one.

    python benchmarks/bench_distributed.py            # 600 regions, 200 draws
    python benchmarks/bench_distributed.py --smoke    # 26 regions, 5 draws (CI)
    python benchmarks/bench_distributed.py --stages --regions 2600 --draws 1000

``--stages`` times the parts of a run instead: the client's serial step after the chunks (join,
finish, tables) in CPU seconds, on chunk results computed here, then one run on each cluster
split by dask's task stream into the chunks' span and the rest (scatter, dispatch, the results'
transfer, join, finish, tables), and the speed-up those bound: (chunks on 1 worker + rest) /
(chunks on 2 + rest). CPU seconds are what the machine's other work disturbs least.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import time

# One engine thread per task and no BLAS threads, so that worker processes, not threads,
# are what the 1- and 2-worker timings compare; the workers inherit this environment.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import edplan  # noqa: E402
from edplan import distributed  # noqa: E402
from edplan.population import ProjectionInputs  # noqa: E402
from edplan.scenario import Scenario  # noqa: E402
from edplan.scenario.load import read_parts  # noqa: E402
from edplan import _core  # noqa: E402
from edplan.scenario.chain import RegionInputs, finish, project_regions, run_options  # noqa: E402
from _timing import best_of  # noqa: E402  (benchmarks/ is on the path)

KEEP = ("population.base", "population.survival", "population.fertility", "population.migration",
        "population.births", "enrolment.history", "enrolment.housing", "capacity.places")


def replicate(scenario: Scenario, copies: int) -> Scenario:
    """``scenario`` with every region repeated ``copies`` times as "name#k" (k = 0..copies-1):
    the same numbers, many more regions. Region-less rows (a shared survival table) stay as they are."""
    names = [f"{r}#{k}" for k in range(copies) for r in scenario.regions]
    tables = {}
    for key in KEEP:
        if key not in scenario.tables:
            continue
        t = scenario.tables[key]
        if "region" in t.columns:
            t = pd.concat([t.assign(region=t["region"].astype(str) + f"#{k}") for k in range(copies)],
                          ignore_index=True)
        tables[key] = t
    c = scenario.chain

    def tile(x):
        # arrays with a region axis repeat as the regions do; a broadcast axis of 1 stays
        if x is None or x.shape[0] != len(scenario.regions):
            return x
        return np.ascontiguousarray(np.concatenate([x] * copies))

    chain = ProjectionInputs(tile(c.base), tile(c.survival), tile(c.fertility), tile(c.migration), tile(c.births),
                             c.srb, c.birth_survival)
    settings = {k: v for k, v in scenario.settings.items() if k not in ("programme", "preschool", "coverage",
                                                                        "targets")}
    parts, problems = read_parts(tables, settings, scenario.levels, names)
    assert parts is not None, problems
    return Scenario(scenario.path, settings, scenario.levels, names, tables, chain, {}, parts)


def client_serial_cpu(scenario: Scenario, draws: int, chunks: int, repeat: int) -> list[float]:
    """CPU seconds of the client's step after the chunks — unpickling their results, joining them,
    finishing the chain and building the tables — ``repeat`` times, on results computed here."""
    options = run_options(scenario, draws=draws, threads=0)
    engine = RegionInputs.of(scenario).engine()
    parts = [pickle.dumps(project_regions(engine, options, a, b - a), protocol=5)
             for a, b in distributed.chunk_bounds(len(scenario.regions), chunks)]
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        regions = _core.scenario.join_regions([pickle.loads(part) for part in parts])
        finish(scenario, run_options(scenario, draws=draws), regions, lambda message: None)
        times.append(time.process_time() - t0)
    return times


def stages(client: object, scenario: Scenario, draws: int) -> tuple[float, float, float]:
    """One run's seconds: in all, from the first chunk's start to the last one's end on the
    workers (dask's task stream), and the client's CPU after the last chunk came back."""
    from distributed import get_task_stream

    marks: list[tuple[str, float]] = []
    with get_task_stream(client) as stream:
        t0 = time.time()
        distributed.run(scenario, client, draws=draws,
                        progress=lambda message: marks.append((message, time.process_time())))
        total = time.time() - t0
    spans = [(s["start"], s["stop"]) for task in stream.data for s in task["startstops"] if s["action"] == "compute"]
    chunks = max(stop for _, stop in spans) - min(start for start, _ in spans)
    last = max(i for i, (message, _) in enumerate(marks) if message.startswith("chunk"))
    return total, chunks, marks[-1][1] - marks[last][1]


def main_stages(scenario: Scenario, draws: int, repeat: int) -> None:
    """The --stages report (see the module's docstring)."""
    from distributed import Client, LocalCluster

    cpu = sorted(client_serial_cpu(scenario, draws, 4, repeat + 1)[1:])  # the first pays for imports
    print(f"client's serial step after the chunks, CPU: median {cpu[len(cpu) // 2]:.3f} s "
          f"(runs: {' '.join(f'{t:.3f}' for t in cpu)})")
    parts = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            distributed.run(scenario, client, draws=min(draws, 2))  # warm-up: imports on the workers
            total, chunks, after = stages(client, scenario, draws)
        parts[workers] = (chunks, total - chunks)
        print(f"  {workers} worker{'s' if workers > 1 else ' '}: {total:7.2f} s in all, chunks {chunks:7.2f} s, "
              f"the rest {total - chunks:5.2f} s (client CPU after the last chunk {after:.2f} s)")
    (chunks1, rest1), (chunks2, rest2) = parts[1], parts[2]
    median = cpu[len(cpu) // 2]
    print(f"2 workers over 1: {(chunks1 + rest1) / (chunks2 + rest2):.2f}x in these runs; the chunks' speed-up "
          f"{chunks1 / chunks2:.2f}x bounds it at {(chunks1 + median) / (chunks2 + median):.2f}x with the client's "
          f"serial CPU above as the rest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat (CI)")
    parser.add_argument("--regions", type=int, default=600, help="regions, rounded to copies of the 13 built-in")
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="time the chunks and the client's serial share")
    args = parser.parse_args()
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("bench_distributed: skipped, dask.distributed is not installed (pip install 'edplan[distributed]')")
        return
    base = edplan.Scenario.default()
    copies = 2 if args.smoke else max(1, round(args.regions / len(base.regions)))
    draws, repeat = (5, 1) if args.smoke else (args.draws, args.repeat)
    scenario = replicate(base, copies)
    print(f"{len(scenario.regions)} regions, {scenario.horizon - scenario.base_year} years, {draws} draws, "
          f"{os.cpu_count()} cores; best of {repeat}")
    if args.stages:
        main_stages(scenario, draws, repeat)
        return

    local_results = scenario.run(draws=draws)
    times = {"local, all cores (threads=0)": best_of(lambda: scenario.run(draws=draws), repeat),
             "local, 1 thread": best_of(lambda: scenario.run(draws=draws, threads=1), repeat)}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            remote = distributed.run(scenario, client, draws=draws)  # warm-up: imports on the workers
            for name in ("population", "demand", "totals", "balance"):
                pd.testing.assert_frame_equal(remote.tables[name], local_results.tables[name], check_exact=True)
            times[f"distributed, {workers} worker{'s' if workers > 1 else ''}"] = best_of(
                lambda: distributed.run(scenario, client, draws=draws), repeat)
    for name, seconds in times.items():
        print(f"  {name:32s} {seconds:8.3f} s")
    one, two = times["distributed, 1 worker"], times["distributed, 2 workers"]
    print(f"speed-up of 2 workers over 1: {one / two:.2f}x "
          f"(over the local run on all cores: {times['local, all cores (threads=0)'] / two:.2f}x)")


if __name__ == "__main__":
    main()
