# SPDX-License-Identifier: MIT
"""One ``edplan run`` of the built-in scenario as the command runs it, in this fresh process,
timed by CPU seconds per phase and per process (``bench_run.py --path`` runs it for each
version and adds up its critical path). On a machine shared with other work a wall clock
measures the others as much as the run; the CPU each phase takes does not, and the phases that
overlap (building alone beside the engine, the charts and the workbook beside the CSVs) are
known, so the critical path is their sum along the longest branch.

    python benchmarks/run_path.py OUT_DIR             # prints one JSON line of CPU seconds
    python benchmarks/run_path.py OUT_DIR SCENARIO    # another scenario (bench_run.py --big), with the
                                                      # peak resident GiB of each phase ("peak, <phase>")
    python benchmarks/run_path.py --tree-pss OUT_DIR [SCENARIO]

``--tree-pss`` runs the same in a child process and samples, every 50 ms, the proportional set
size of that process and of every process it forks (the painter, the workbook's writer: what
the run holds in all, each page shared after a fork counted once, not once per
process); it adds the peak of their sum over the run and over each phase ("peak PSS, tree",
"peak PSS, tree, <phase>") and how the peak was shared between the processes. The sampler reads
/proc (Linux) and is not part of the tree.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SAMPLE_SECONDS = 0.05
"""How often ``--tree-pss`` samples the process tree."""


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _peak_gib(reset: bool = True) -> float:
    """The process's peak resident set (VmHWM) in GiB since the last reset, then reset (Linux:
    writing 5 to /proc/self/clear_refs); NaN where there is no /proc."""
    try:
        with open("/proc/self/status") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        if reset:
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")
        return kib / 1024**2
    except (OSError, StopIteration):
        return float("nan")


def _time_children() -> dict[str, float]:
    """CPU seconds of each forked child (edplan.output.forked) by what it does, filled in as
    each is joined (a version whose children are unnamed: all under "child")."""
    from edplan.output import forked

    seconds: dict[str, float] = {}
    join = forked.Forked.join

    def timed(self):  # the child's CPU is counted once it is waited for, in join
        start = _children()
        try:
            return join(self)
        finally:
            what = getattr(self, "what", "child")
            seconds[what] = seconds.get(what, 0.0) + _children() - start

    forked.Forked.join = timed
    return seconds


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux: each thread's /proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        found.append(here)
        try:
            for task in os.listdir(f"/proc/{here}/task"):
                with open(f"/proc/{here}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:  # it ended between the listing and the read
            pass
    return found


def _pss_kib(pid: int) -> int:
    """The proportional set size of ``pid`` in KiB (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


MARKS = "RUN_PATH_MARKS"
"""Set by ``--tree-pss`` for its child, which then adds when each phase began ("began, <phase>",
``time.monotonic()`` seconds, a clock the sampler shares)."""


def tree_pss(arguments: list[str]) -> dict[str, object]:
    """Runs this script on ``arguments`` in a child process, sampling the proportional set size
    of its process tree every :data:`SAMPLE_SECONDS`; the child's phases with the tree's peak
    over the whole run ("peak PSS, tree", GiB) and over each phase ("peak PSS, tree, <phase>"),
    and at the peak, how it was shared: [seconds after the start when the process was first
    seen, its GiB] for the run's process, then for each of its children."""
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *arguments],
                             stdout=subprocess.PIPE, text=True, env={**os.environ, MARKS: "1"})
    seen: dict[int, float] = {}
    samples: list[tuple[float, int]] = []
    peak, shares = 0, []
    while child.poll() is None:
        now = time.monotonic()
        sample = {pid: _pss_kib(pid) for pid in _tree(child.pid)}
        for pid in sample:
            seen.setdefault(pid, now - start)
        samples.append((now, sum(sample.values())))
        if samples[-1][1] > peak:
            peak = samples[-1][1]
            shares = [[round(seen[pid], 1), round(kib / 1024**2, 3)] for pid, kib in sample.items()]
        time.sleep(SAMPLE_SECONDS)
    out, _ = child.communicate()
    if child.returncode:
        sys.exit(child.returncode)
    phases = json.loads(out.strip().splitlines()[-1])
    began = [(at, key.removeprefix("began, ")) for key, at in phases.items() if key.startswith("began, ")]
    phases = {key: value for key, value in phases.items() if not key.startswith("began, ")}
    phases["peak PSS, tree"] = peak / 1024**2
    ends = [at for at, _ in began[1:]] + [float("inf")]
    for (first, phase), last in zip(began, ends):
        inside = [kib for at, kib in samples if first <= at < last]
        phases[f"peak PSS, tree, {phase}"] = max(inside, default=0) / 1024**2
    phases["peak PSS, tree, by process"] = shares
    return phases


def main() -> None:
    # No argparse: its import would be timed with the run's. An option is never an output folder.
    if sys.argv[1:2] == ["--tree-pss"] and 3 <= len(sys.argv) <= 4:
        print(json.dumps(tree_pss(sys.argv[2:])))
        return
    if not 2 <= len(sys.argv) <= 3 or any(arg.startswith("-") for arg in sys.argv[1:]):
        sys.exit(f"usage: python benchmarks/run_path.py [--tree-pss] OUT_DIR [SCENARIO]\n{__doc__}")
    scenario_path = sys.argv[2] if len(sys.argv) > 2 else None
    began = {"began, import": time.monotonic()} if os.environ.get(MARKS) else None
    t = time.process_time()
    import edplan
    from edplan.output import files

    phases = {"import": time.process_time() - t}
    children = _time_children()
    try:  # a version with a painter starts it as ``edplan run`` does, before the load
        from edplan.output.painter import Painter
        painter = Painter()
        extra = {"painter": painter}
    except ImportError:
        painter, extra = None, {}
    peaks = {"peak, import": _peak_gib()}
    if began is not None:
        began["began, load"] = time.monotonic()
    t = time.process_time()
    scenario = edplan.Scenario.load(scenario_path) if scenario_path else edplan.Scenario.default()
    phases["load"] = time.process_time() - t
    peaks["peak, load"] = _peak_gib()
    if painter is not None and hasattr(painter, "prepare"):  # as edplan run does, once it has read the scenario
        painter.prepare(len(scenario.levels), len(scenario.regions))
    if began is not None:
        began["began, run"] = time.monotonic()
    t, main_thread = time.process_time(), time.thread_time()
    results = scenario.run()
    phases["run, main thread"] = time.thread_time() - main_thread
    phases["run, other threads"] = time.process_time() - t - phases["run, main thread"]
    peaks["peak, run"] = _peak_gib()
    if began is not None:
        began["began, write"] = time.monotonic()
    before, main_thread = _children(), time.thread_time()
    files.write(results, sys.argv[1], concurrent=True, **extra)
    phases["write, this process"] = time.thread_time() - main_thread
    phases["write, child"] = _children() - before  # the painter's import included, when it has one
    phases["write, workbook"] = children.get("writing edplan.xlsx", 0.0)  # 0: written by this process
    phases["painter"] = painter is not None
    peaks["peak, write"] = _peak_gib(reset=False)
    if scenario_path:
        phases.update(peaks)
    phases.update(began or {})
    print(json.dumps(phases))


if __name__ == "__main__":
    main()
