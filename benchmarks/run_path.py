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
"""

from __future__ import annotations

import json
import resource
import sys
import time


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


def main() -> None:
    # No argparse: its import would be timed with the run's. An option is never an output folder.
    if not 2 <= len(sys.argv) <= 3 or any(arg.startswith("-") for arg in sys.argv[1:]):
        sys.exit(f"usage: python benchmarks/run_path.py OUT_DIR [SCENARIO]\n{__doc__}")
    scenario_path = sys.argv[2] if len(sys.argv) > 2 else None
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
    t = time.process_time()
    scenario = edplan.Scenario.load(scenario_path) if scenario_path else edplan.Scenario.default()
    phases["load"] = time.process_time() - t
    peaks["peak, load"] = _peak_gib()
    if painter is not None and hasattr(painter, "prepare"):  # as edplan run does, once it has read the scenario
        painter.prepare(len(scenario.levels), len(scenario.regions))
    t, main_thread = time.process_time(), time.thread_time()
    results = scenario.run()
    phases["run, main thread"] = time.thread_time() - main_thread
    phases["run, other threads"] = time.process_time() - t - phases["run, main thread"]
    peaks["peak, run"] = _peak_gib()
    before, main_thread = _children(), time.thread_time()
    files.write(results, sys.argv[1], concurrent=True, **extra)
    phases["write, this process"] = time.thread_time() - main_thread
    phases["write, child"] = _children() - before  # the painter's import included, when it has one
    phases["write, workbook"] = children.get("writing edplan.xlsx", 0.0)  # 0: written by this process
    phases["painter"] = painter is not None
    peaks["peak, write"] = _peak_gib(reset=False)
    if scenario_path:
        phases.update(peaks)
    print(json.dumps(phases))


if __name__ == "__main__":
    main()
