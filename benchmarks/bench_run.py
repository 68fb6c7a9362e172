# SPDX-License-Identifier: MIT
"""`edplan run` on the built-in Quanzhou scenario, end to end and phase by phase: what a planner
waits for.

- end to end: ``python -m edplan run`` in a fresh process (as typed), wall clock, the median of
  ``--repeat`` runs; with ``--against DIR`` (a folder holding another version's ``edplan``
  package, e.g. a worktree of an earlier commit with the same compiled ``_core`` linked in) the
  same command of that version, the two interleaved, and the ratio of their medians;
- phases, in this process, each the best of a few repeats: importing the package (a fresh
  process), ``Scenario.default()`` (read and check every table), ``scenario.run()``, and
  ``edplan.output.write`` of the CSVs only, of ``edplan.xlsx`` only and of ``report.html`` only
  (``edplan run`` draws the report's charts in a child process while it writes the rest);
- ``--big N``: the built-in scenario copied N times (benchmarks/make_big_scenario.py; 100:
  1,300 regions, 312,500 areas), ``edplan run`` on it once, its wall clock and peak memory.

The load average of the machine is printed with the times: other work on a 2-core machine
slows every phase. ``--path``: each version's critical path in CPU seconds, phase by phase
(benchmarks/run_path.py), and its two-core bound (the import, then the rest of the whole run's
CPU seconds over two cores: with three processes writing, the cores, not a chain of phases, may
set the pace): the measures that a loaded machine does not blur. The wall clock of an idle
2-core machine is at least the larger of the two.

    python benchmarks/bench_run.py                      # 5 runs end to end, 3 repeats a phase
    python benchmarks/bench_run.py --against /tmp/old/python
    python benchmarks/bench_run.py --big 10             # and the scenario of 130 regions
    python benchmarks/bench_run.py --path --against DIR # and each version's critical path in CPU seconds
    python benchmarks/bench_run.py --smoke              # one repeat, as CI runs it
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, os.path.dirname(__file__))

import edplan  # noqa: E402
from _timing import best_of  # noqa: E402  (benchmarks/ is on the path)
from edplan.output import write  # noqa: E402


def _env(package: Optional[str]) -> dict[str, str]:
    env = dict(os.environ)
    if package is not None:
        env["PYTHONPATH"] = package + os.pathsep + env.get("PYTHONPATH", "")
    return env


def whole_run(out: Path, package: Optional[str] = None, scenario: Optional[Path] = None) -> tuple[float, float, float]:
    """Seconds, CPU seconds (the process and the children it waited for: the report's) and peak
    resident GiB of ``python -m edplan run`` in a fresh process."""
    command = [sys.executable, "-m", "edplan", "run", *([str(scenario)] if scenario else []), "-o", str(out)]
    t0 = time.perf_counter()
    pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(package)).pid
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    if status:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024**2


def compile_bytecode(package: Optional[str]) -> None:
    """The ``edplan`` package's bytecode written beside it, as an install writes it: a checkout
    run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module at each start
    (0.3 s of the import)."""
    import compileall

    folder = Path(package) if package else Path(edplan.__file__).parent.parent
    compileall.compile_dir(str(folder / "edplan"), quiet=1)


def import_time(repeat: int) -> float:
    """Seconds to import the package in a fresh process, the best of ``repeat``."""
    return min(float(subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); import edplan; "
                                     "print(time.perf_counter() - t)"], check=True, capture_output=True,
                                    text=True).stdout) for _ in range(repeat))


def _path_phases(out: Path, package: Optional[str]) -> dict[str, float]:
    """CPU seconds per phase of one ``edplan run`` (benchmarks/run_path.py) in a fresh process."""
    script = Path(__file__).with_name("run_path.py")
    text = subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True, text=True,
                          env=_env(package)).stdout
    return json.loads(text.strip().splitlines()[-1])


def _matplotlib_import(package: Optional[str]) -> float:
    """CPU seconds to import what the charts need, after edplan (a painter's work during the load)."""
    code = ("import time, edplan; t = time.process_time(); import edplan.output.plots, matplotlib.figure, "
            "matplotlib.backends.backend_svg; print(time.process_time() - t)")
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                env=_env(package)).stdout)


def _prepare_times(package: Optional[str]) -> tuple[float, float]:
    """CPU seconds a painter takes to make the charts' figures beforehand, before it knows the
    scenario (while the parent reads it) and after (while the parent runs); zeros for a version
    without them (edplan.output.painter.prepare_before and prepare_after)."""
    code = ("import time, edplan, edplan.output.painter as p, edplan.output.plots, matplotlib.figure, "
            "matplotlib.backends.backend_svg; s = edplan.Scenario.default(); t = time.process_time(); "
            "hasattr(p, 'prepare_before') and p.prepare_before(); t1 = time.process_time(); "
            "hasattr(p, 'prepare_after') and p.prepare_after(p.Shape(len(s.levels), len(s.regions))); "
            "print(t1 - t, time.process_time() - t1)")
    before, after = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                   env=_env(package)).stdout.split()
    return float(before), float(after)


def critical_path(runs: list[dict[str, float]], matplotlib: float, prepared: tuple[float, float] = (0.0, 0.0)
                  ) -> tuple[float, dict[str, float]]:
    """The CPU seconds along the longest branch of a run (the medians of ``runs``' phases): the
    import, the load (or the painter's import of matplotlib and the figures it makes before it
    knows the scenario, ``prepared[0]`` seconds, the longer: they overlap), the longer of the
    run's two threads (the second one's core shared with the painter making the rest of the
    figures, ``prepared[1]``), and the writing: the longest of the writers — this process (CSVs,
    the report's text; the workbook too in a version that writes it here), the painter (the
    charts; without a painter, matplotlib's import and the whole report) and the child writing
    the workbook — or, three writers on two cores, half their sum where that is longer."""
    med = {k: statistics.median(float(r.get(k, 0.0)) for r in runs) for k in runs[-1]}
    painter = bool(med.pop("painter"))
    before, after = prepared
    book = med.get("write, workbook", 0.0)
    charts = med["write, child"] - book - (matplotlib + before + after if painter else 0.0)
    writers = (med["write, this process"], charts, book)
    path = (med["import"] + (max(med["load"], matplotlib + before) if painter else med["load"])
            + max(med["run, main thread"], med["run, other threads"] + after)
            + max(*writers, sum(writers) / 2))
    return path, med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one repeat (CI)")
    parser.add_argument("--repeat", type=int, default=5, help="end-to-end runs (median; 5)")
    parser.add_argument("--against", help="a folder holding another version's edplan package, run interleaved")
    parser.add_argument("--big", type=int, default=0, metavar="N", help="also the built-in scenario copied N times")
    parser.add_argument("--path", action="store_true",
                        help="also the critical path in CPU seconds, phase by phase (a loaded machine's measure)")
    args = parser.parse_args()
    runs, repeat = (1, 1) if args.smoke else (args.repeat, 3)
    load_before = os.getloadavg()[0]
    for package in (None, args.against) if args.against else (None,):
        compile_bytecode(package)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        times: dict[str, list[float]] = {"this": [], "against": []}
        cpu: dict[str, list[float]] = {"this": [], "against": []}
        for k in range(runs):
            for who, package in (("this", None), ("against", args.against)):
                if who == "this" or args.against:
                    seconds, used, _ = whole_run(out / f"{who}{k}", package)
                    times[who].append(seconds)
                    cpu[who].append(used)
        paths: dict[str, list[dict[str, float]]] = {"this": [], "against": []}
        for k in range(runs if args.path else 0):
            for who, package in (("this", None), ("against", args.against)):
                if who == "this" or args.against:
                    paths[who].append(_path_phases(out / f"path-{who}{k}", package))
        imported = import_time(repeat)
        load = best_of(edplan.Scenario.default, repeat)
        scenario = edplan.Scenario.default()
        run = best_of(scenario.run, repeat)
        results = scenario.run()
        csv = best_of(lambda: write(results, out / "a", excel=False, report=False), repeat)
        book = best_of(lambda: write(results, out / "b", tables=False, report=False), repeat)
        report = best_of(lambda: write(results, out / "c", tables=False, excel=False), repeat)
        together = best_of(lambda: write(results, out / "d", concurrent=True), repeat)
        big = None
        if args.big:
            from make_big_scenario import make

            t0 = time.perf_counter()
            toml = make(out / "big", args.big)
            made = time.perf_counter() - t0
            seconds, _, gib = whole_run(out / "big-out", scenario=toml)
            big = (made, seconds, gib)
    loads = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores"
    median, used = statistics.median(times["this"]), statistics.median(cpu["this"])
    print(f"edplan run, built-in scenario ({edplan.__version__}): {median:.2f} s end to end, median of {runs} fresh "
          f"processes ({', '.join(f'{t:.2f}' for t in times['this'])}), {used:.2f} s of CPU; load average {loads}")
    if times["against"]:
        old, old_used = statistics.median(times["against"]), statistics.median(cpu["against"])
        print(f"  against {args.against}: {old:.2f} s ({', '.join(f'{t:.2f}' for t in times['against'])}), "
              f"{old_used:.2f} s of CPU: {old / median:.2f}x faster, {old_used / used:.2f}x less CPU")
    for who, package in (("this", None), ("against", args.against)):
        if paths[who]:
            mpl = statistics.median(_matplotlib_import(package) for _ in range(repeat))
            times = [_prepare_times(package) for _ in range(repeat)]
            ready = (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
            path, med = critical_path(paths[who], mpl, ready)
            # the CPU of the whole run (its children's included) spread over both cores, but for
            # the import, which is alone on one: no layout of the run on two cores takes less
            bound = med["import"] + (statistics.median(cpu[who]) - med["import"]) / 2
            print(f"  critical path{'' if who == 'this' else ' of ' + str(package)}: {path:.2f} s of CPU, "
                  f"two-core bound {bound:.2f} s ("
                  + ", ".join(f"{k} {v:.2f}" for k, v in med.items()) + f"; matplotlib's import {mpl:.2f}, "
                  f"the figures made beforehand {ready[0]:.2f} during the load and {ready[1]:.2f} during the run)")
    print(f"  import {imported:.2f} s, load {load:.2f} s, run {run:.2f} s, CSVs {csv:.2f} s, workbook {book:.2f} s, "
          f"report {report:.2f} s (all three as edplan run writes them, the charts in a forked child: "
          f"{together:.2f} s)")
    if big is not None:
        made, seconds, gib = big
        print(f"built-in scenario x{args.big} ({13 * args.big:,} regions, {3125 * args.big:,} areas): edplan run "
              f"{seconds:.1f} s end to end, peak {gib:.2f} GiB resident (the scenario made in {made:.1f} s)")


if __name__ == "__main__":
    main()
