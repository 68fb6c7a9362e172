# SPDX-License-Identifier: MIT
"""`edplan run` on the built-in Quanzhou scenario, end to end and phase by phase: what a planner
waits for. The whole command runs in a fresh process (as typed); the phases run in this one,
each the best of a few repeats:

- load: ``Scenario.default()`` (read and check every table);
- run: ``scenario.run()`` (population → enrolment → balance → programme → preschool →
  coverage → targets);
- CSVs, workbook, report: ``results.write`` of the tables, then of ``edplan.xlsx`` and
  ``report.html`` (the workbook and report times are the differences).

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one repeat (CI)")
    args = parser.parse_args()
    repeat = 1 if args.smoke else 3
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "edplan", "run", "-o", str(out / "cli")], check=True,
                       stdout=subprocess.DEVNULL)
        whole = time.perf_counter() - t0
        load = best_of(edplan.Scenario.default, repeat)
        scenario = edplan.Scenario.default()
        run = best_of(scenario.run, repeat)
        results = scenario.run()
        csv = best_of(lambda: results.write(out / "a", excel=False, report=False), repeat)
        with_book = best_of(lambda: results.write(out / "b", excel=True, report=False), repeat)
        with_report = best_of(lambda: results.write(out / "c", excel=False, report=True), repeat)
    book, report = max(0.0, with_book - csv), max(0.0, with_report - csv)
    print(f"edplan run, built-in scenario ({edplan.__version__}): {whole:.2f} s end to end (fresh process)")
    print(f"  load {load:.2f} s, run {run:.2f} s, CSVs {csv:.2f} s, workbook {book:.2f} s, report {report:.2f} s "
          f"(workbook + report {book + report:.2f} s)")


if __name__ == "__main__":
    main()
