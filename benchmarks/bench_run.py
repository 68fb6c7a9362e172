# SPDX-License-Identifier: MIT
"""`edplan run` on the built-in Quanzhou scenario, end to end and phase by phase: what a planner
waits for. The whole command runs in a fresh process (as typed); the phases run in this one,
each the best of a few repeats:

- load: ``Scenario.default()`` (read and check every table);
- run: ``scenario.run()`` (population → enrolment → balance → programme → preschool →
  coverage → targets);
- CSVs, workbook, report: ``edplan.output.write`` of the tables only, of ``edplan.xlsx`` only
  and of ``report.html`` only; "workbook + report" writes both as ``edplan run`` does (the
  summary tables they share computed once);
- first workbook + report: the same in a fresh process, right after the run, as ``edplan run``
  meets it: imports (matplotlib, XlsxWriter) and first-use costs (font lists) included.

The load average of the machine is printed with the times: other work on a 2-core machine
slows every phase.

    python benchmarks/bench_run.py            # 3 repeats
    python benchmarks/bench_run.py --smoke    # one repeat, as CI runs it
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

import edplan  # noqa: E402
from _timing import best_of  # noqa: E402  (benchmarks/ is on the path)
from edplan.output import write  # noqa: E402

FIRST_WRITE = """
import sys, time
import edplan
from edplan.output import write
results = edplan.Scenario.default().run()
t0 = time.perf_counter()
write(results, sys.argv[1], tables=False)
print(time.perf_counter() - t0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one repeat (CI)")
    args = parser.parse_args()
    repeat = 1 if args.smoke else 3
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "edplan", "run", "-o", str(out / "cli")], check=True,
                       stdout=subprocess.DEVNULL)
        whole = time.perf_counter() - t0
        first = min(float(subprocess.run([sys.executable, "-c", FIRST_WRITE, str(out / f"first{i}")], check=True,
                                         capture_output=True, text=True).stdout)
                    for i in range(repeat))
        load = best_of(edplan.Scenario.default, repeat)
        scenario = edplan.Scenario.default()
        run = best_of(scenario.run, repeat)
        results = scenario.run()
        csv = best_of(lambda: write(results, out / "a", excel=False, report=False), repeat)
        book = best_of(lambda: write(results, out / "b", tables=False, report=False), repeat)
        report = best_of(lambda: write(results, out / "c", tables=False, excel=False), repeat)
        both = best_of(lambda: write(results, out / "d", tables=False), repeat)
    loads = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores"
    print(f"edplan run, built-in scenario ({edplan.__version__}): {whole:.2f} s end to end (fresh process); "
          f"load average {loads}")
    print(f"  load {load:.2f} s, run {run:.2f} s, CSVs {csv:.2f} s, workbook {book:.2f} s, report {report:.2f} s "
          f"(workbook + report {both:.2f} s; first in a fresh process {first:.2f} s)")


if __name__ == "__main__":
    main()
