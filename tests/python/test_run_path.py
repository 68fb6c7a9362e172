# SPDX-License-Identifier: MIT
"""The process-tree sampler of ``benchmarks/run_path.py --tree-pss`` (Linux /proc): it finds
a process's forked children and grandchildren, and their proportional set sizes count a page
the processes share once between them, not once each."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import run_path  # noqa: E402

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup"), reason="needs Linux /proc")

# A parent that fills 64 MiB, forks a child that forks a grandchild, then all wait: the
# 64 MiB are written once, before the forks, so all three share them.
TREE = """
import os, sys, time
block = bytearray(64 << 20)
for k in range(0, len(block), 4096):
    block[k] = 1
if os.fork() == 0:
    if os.fork() == 0:
        time.sleep(30); os._exit(0)
    time.sleep(30); os._exit(0)
print("ready", flush=True)
time.sleep(30)
"""


def test_the_tree_is_found_and_shared_pages_count_once():
    parent = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while len(run_path._tree(parent.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        tree = run_path._tree(parent.pid)
        assert len(tree) == 3 and tree[0] == parent.pid
        pss = [run_path._pss_kib(pid) for pid in tree]
        rss_parent = _rss_kib(parent.pid)
        # each resident set holds the 64 MiB; their PSS add up to them once, not three times
        assert all(_rss_kib(pid) > 64 * 1024 for pid in tree)
        assert 64 * 1024 < sum(pss) < rss_parent + 2 * 16 * 1024
        assert max(pss) < 0.6 * rss_parent  # the parent's share of the block is a third of it
    finally:
        for pid in run_path._tree(parent.pid)[::-1]:
            os.kill(pid, 9)
        parent.wait()
    assert run_path._pss_kib(parent.pid) == 0  # a process gone counts for nothing


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        return next(int(line.split()[1]) for line in rollup if line.startswith("Rss:"))
