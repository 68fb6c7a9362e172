# SPDX-License-Identifier: MIT
"""One ``edplan run`` of the built-in scenario as the command runs it, in this fresh process,
timed by CPU seconds per phase and per process (``bench_run.py --path`` runs it for each
version and adds up its critical path). On a machine shared with other work a wall clock
measures the others as much as the run; the CPU each phase takes does not, and the phases that
overlap (building alone beside the engine, the charts beside the CSVs and the workbook) are
known, so the critical path is their sum along the longest branch.

    python benchmarks/run_path.py OUT_DIR     # prints one JSON line of CPU seconds
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    t = time.process_time()
    import edplan
    from edplan.output import files

    phases = {"import": time.process_time() - t}
    try:  # a version with a painter starts it as ``edplan run`` does, before the load
        from edplan.output.painter import Painter
        painter = Painter()
        extra = {"painter": painter}
    except ImportError:
        painter, extra = None, {}
    t = time.process_time()
    scenario = edplan.Scenario.default()
    phases["load"] = time.process_time() - t
    if painter is not None and hasattr(painter, "prepare"):  # as edplan run does, once it has read the scenario
        painter.prepare(len(scenario.levels), len(scenario.regions))
    t, main_thread = time.process_time(), time.thread_time()
    results = scenario.run()
    phases["run, main thread"] = time.thread_time() - main_thread
    phases["run, other threads"] = time.process_time() - t - phases["run, main thread"]
    children, main_thread = _children(), time.thread_time()
    files.write(results, sys.argv[1], concurrent=True, **extra)
    phases["write, this process"] = time.thread_time() - main_thread
    phases["write, child"] = _children() - children  # the painter's import included, when it has one
    phases["painter"] = painter is not None
    print(json.dumps(phases))


if __name__ == "__main__":
    main()
