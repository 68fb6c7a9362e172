# SPDX-License-Identifier: MIT
"""The siting heuristics' gap to the exact HiGHS optimum on generated instances
(benchmarks/coverage_instances.py), printed as a distribution per model.

    python benchmarks/siting_gaps.py            # about five minutes
    python benchmarks/siting_gaps.py --quick    # a few instances
    python benchmarks/siting_gaps.py --capacity [--quick]   # capacitated p-median and MCLP
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coverage_instances import capacities, instance  # noqa: E402

from edplan import coverage as cv  # noqa: E402
from edplan.coverage import capacitated, capacitated_lp  # noqa: E402


def summary(name, gaps, times, reported=None, former_times=None, former_gaps=None):
    """One line per model; ``reported``: the gaps the heuristic reports against its own bound;
    ``former_*``: the former (HiGHS LP) capacitated heuristic on the same instances."""
    g = np.asarray(gaps)
    line = (f"{name:<44} n={len(g):3d}  gap: median {np.median(g):.4%}  p90 {np.quantile(g, 0.9):.4%}  "
            f"max {g.max():.4%}  zero in {np.mean(g <= 1e-12):.0%}   heuristic {np.median(times[0]) * 1e3:.1f} ms, "
            f"exact {np.median(times[1]):.2f} s (medians)")
    if reported:
        r = np.asarray(reported)
        line += (f"\n{'':<44}        reported against its bound: median {np.median(r):.4%}  max {r.max():.4%}; "
                 f"bound slack (reported - true) max {np.max(r - g):.4%}")
    if former_times is not None:
        r = np.asarray(former_times) / np.asarray(times[0])
        line += (f"\n{'':<44} former (HiGHS LP) heuristic: gap max {np.max(former_gaps):.4%}, "
                 f"{np.median(former_times) * 1e3:.1f} ms median; its time / C++'s: median {np.median(r):.1f}x, "
                 f"min {r.min():.1f}x")
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--capacity", action="store_true", help="the capacitated models instead")
    args = parser.parse_args()
    seeds = range(2) if args.quick else range(6)
    if args.capacity:
        capacity_gaps(seeds)
        return
    mclp_cases = [(500, 100, 10, 12.0), (2000, 300, 20, 15.0), (2000, 300, 40, 10.0)]
    for clustered in (True, False):
        gaps, th, te, rep = [], [], [], []
        for (n, m, p, S) in mclp_cases:
            for seed in seeds:
                P, C, _, _ = instance(n, m, seed, clustered=clustered)
                t0 = time.perf_counter()
                h = cv.mclp(P, C, max_cost=S, p=p)
                t1 = time.perf_counter()
                e = cv.mclp(P, C, max_cost=S, p=p, method="exact")
                t2 = time.perf_counter()
                gaps.append((e.objective - h.objective) / e.objective)
                rep.append(h.gap)
                th.append(t1 - t0)
                te.append(t2 - t1)
        summary(f"MCLP ({'clustered' if clustered else 'uniform'}, {mclp_cases})", gaps, (th, te), rep)
    gaps, th, te, rep = [], [], [], []
    for seed in seeds:
        for (n, m, p) in ((200, 40, 5), (300, 60, 8)):
            P, C, _, _ = instance(n, m, seed)
            t0 = time.perf_counter()
            h = cv.p_median(P, C, p=p)
            t1 = time.perf_counter()
            e = cv.p_median(P, C, p=p, method="exact")
            t2 = time.perf_counter()
            gaps.append((h.objective - e.objective) / e.objective)
            rep.append(h.gap)
            th.append(t1 - t0)
            te.append(t2 - t1)
    summary("p-median (clustered, 200x40 p=5, 300x60 p=8)", gaps, (th, te), rep)
    extra, th, te = [], [], []
    for seed in seeds:
        P, C, _, _ = instance(2000, 300, seed)
        C = C[(C <= 10).any(axis=1)]  # a cover must reach every point: those some candidate reaches
        t0 = time.perf_counter()
        h = cv.lscp(C, max_cost=10)
        t1 = time.perf_counter()
        e = cv.lscp(C, max_cost=10, method="exact")
        t2 = time.perf_counter()
        extra.append((h.objective - e.objective) / e.objective)
        th.append(t1 - t0)
        te.append(t2 - t1)
    summary("LSCP (clustered, 2000x300, S=10; gap in sites)", extra, (th, te))


def capacity_gaps(seeds) -> None:
    """Capacitated p-median (gap in Σ persons × cost + M × unserved, over the exact Σ persons ×
    cost) and MCLP (gap in people assigned), places for 80% and 120% of the demand over p sites
    (MCLP: of what p uncapacitated sites reach), spread ±50%. Each instance also runs the former
    heuristic (HiGHS LP swaps, edplan.coverage.capacitated_lp) on the same links, timed in the
    same process; the speed ratio is former time / C++ heuristic time, median over instances."""
    all_gaps, ratios = [], []
    # untimed warm-up of both heuristics: the first call in a process pays lazy imports and
    # first-touch costs (about 0.7 s here), which would land on whichever instance came first
    P, C, _, _ = instance(100, 20, 99)
    S = capacities(P, 20, 4, 0.8, 99)
    cv.p_median(P, C, p=4, capacity=S)
    former(P, C, np.inf, S, 4, "p_median", lambda: cv.p_median(P, C, p=4))
    for ratio in (0.8, 1.2):
        gaps, th, te, tl, lgaps = [], [], [], [], []
        for (n, m, p) in ((100, 20, 4), (200, 40, 6), (300, 60, 8)):
            for seed in seeds:
                P, C, _, _ = instance(n, m, seed)
                S = capacities(P, m, p, ratio, seed)
                M = capacitated.penalty(C.ravel(), p)
                t0 = time.perf_counter()
                h = cv.p_median(P, C, p=p, capacity=S)
                t1 = time.perf_counter()
                e = cv.p_median(P, C, p=p, capacity=S, method="exact")
                t2 = time.perf_counter()
                old = former(P, C, np.inf, S, p, "p_median", lambda: cv.p_median(P, C, p=p))
                t3 = time.perf_counter()
                value = e.objective + M * e.unserved
                gaps.append((h.objective + M * h.unserved - value) / e.objective)
                lgaps.append((old + M * P.sum() - value) / e.objective)
                th.append(t1 - t0)
                te.append(t2 - t1)
                tl.append(t3 - t2)
        summary(f"capacitated p-median (ratio {ratio}; 100x20 p=4 .. 300x60 p=8)", gaps, (th, te), former_times=tl, former_gaps=lgaps)
        all_gaps += gaps
        ratios += list(np.asarray(tl) / np.asarray(th))
        gaps, th, te, tl, lgaps = [], [], [], [], []
        for (n, m, p, S_max) in ((500, 100, 10, 12.0), (1000, 200, 20, 10.0)):
            for seed in seeds:
                P, C, _, _ = instance(n, m, seed)
                reach = cv.mclp(P, C, max_cost=S_max, p=p).objective
                S = capacities(P, m, p, ratio * reach / P.sum(), seed)
                t0 = time.perf_counter()
                h = cv.mclp(P, C, max_cost=S_max, p=p, capacity=S)
                t1 = time.perf_counter()
                e = cv.mclp(P, C, max_cost=S_max, p=p, capacity=S, method="exact")
                t2 = time.perf_counter()
                old = -former(P, C, S_max, S, p, "mclp", lambda: cv.mclp(P, C, max_cost=S_max, p=p))
                t3 = time.perf_counter()
                gaps.append((e.objective - h.objective) / e.objective)
                lgaps.append((e.objective - old) / e.objective)
                th.append(t1 - t0)
                te.append(t2 - t1)
                tl.append(t3 - t2)
        summary(f"capacitated MCLP (ratio {ratio}; 500x100 p=10, 1000x200 p=20)", gaps, (th, te), former_times=tl, former_gaps=lgaps)
        all_gaps += gaps
        ratios += list(np.asarray(tl) / np.asarray(th))
    g = np.asarray(all_gaps)
    print(f"all capacitated instances: n={len(g)}, gap max {g.max():.4%}, above 1%: {int((g > 0.01).sum())}; "
          f"former heuristic's time / C++ heuristic's time: median {np.median(ratios):.1f}x, min {np.min(ratios):.1f}x")


def former(P, C, max_cost, S, p, kind, start):
    """The former heuristic's LP value Σ w x (w = -1 or c - M) on the same links, its start
    (the uncapacitated heuristic) included in its time as in the C++ one's."""
    mask = np.isfinite(C) & (C <= max_cost)
    rows, cols = np.nonzero(mask)
    S = np.minimum(S, P.sum())
    return capacitated_lp.lp_heuristic(kind, rows, cols, C[rows, cols], P, S, p, [], start().sites)[1]


if __name__ == "__main__":
    main()
