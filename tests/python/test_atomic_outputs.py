# SPDX-License-Identifier: MIT
"""Outputs are whole or absent: `edplan run` killed with SIGKILL at several moments leaves every
output file either as it was before or complete, and the next run cleans up after it. The same
scenario and seed write byte-identical CSV files whatever the number of threads."""

from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edplan.output import MANIFEST, OUTPUTS
from edplan.output.files import LOCK

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def run(tmp: Path, out: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "edplan", "run", "-o", out, *extra], cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("reference")
    assert run(tmp, "out").wait(timeout=600) == 0
    return tmp / "out"


def test_killed_runs_leave_no_partial_file(reference, tmp_path):
    # Kill at moments spread over loading, running and writing (the whole run takes seconds),
    # all at once: each run has its own folder.
    delays = (0.5, 1.0, 1.5, 2.0, 3.0, 4.5)
    started = time.monotonic()
    processes = [(delay, tmp_path / f"killed-{delay}", run(tmp_path, f"killed-{delay}")) for delay in delays]
    finished = 0
    for delay, out, process in processes:
        time.sleep(max(0.0, started + delay - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        finished += process.returncode == 0
    for delay, out, process in processes:
        if not out.exists():
            continue
        for file in out.iterdir():
            if file.name == LOCK:
                continue
            if file.name.startswith("."):  # the killed write's temporary file: not an output
                assert file.name.endswith(".tmp"), file
                continue
            assert file.name in OUTPUTS or file.name in ("edplan.xlsx", "report.html", MANIFEST), file
            if file.suffix == ".csv":  # complete: identical to the uninterrupted run's
                assert filecmp.cmp(file, reference / file.name, shallow=False), file
            elif file.name == "report.html":
                assert file.read_text(encoding="utf-8").rstrip().endswith("</html>")
            elif file.name == MANIFEST:
                assert json.loads(file.read_text(encoding="utf-8"))["files"]
            else:
                from openpyxl import load_workbook
                load_workbook(file, read_only=True).close()
    assert finished < len(delays), "every run finished before it was killed: the test killed nothing"
    # the next run into a killed folder completes it and removes the stale temporaries
    last = processes[-1][1]
    assert run(tmp_path, last.name).wait(timeout=600) == 0
    assert not [f for f in last.iterdir() if f.name.startswith(".") and f.name != LOCK]
    assert {f.name for f in reference.iterdir()} == {f.name for f in last.iterdir()}


def test_outputs_are_byte_identical_across_threads(tmp_path):
    a = run(tmp_path, "one", "--draws", "40", "--seed", "5", "--jobs", "1")
    b = run(tmp_path, "two", "--draws", "40", "--seed", "5", "--jobs", "2")
    assert a.wait(timeout=600) == 0 and b.wait(timeout=600) == 0
    csvs = sorted(f.name for f in (tmp_path / "one").glob("*.csv"))
    assert "demand.csv" in csvs
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", csvs, shallow=False)
    assert not mismatch and not errors, mismatch
