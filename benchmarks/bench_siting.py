# SPDX-License-Identifier: MIT
"""Siting at scale: edplan's MCLP and p-median heuristics against the greedy a competent
numpy user writes (tests/python/coverage_reference.py: a boolean coverage matrix with column
sums and masking of covered rows; for the p-median the running nearest cost and a vectorised
saving), in one process on the same inputs, runs interleaved, medians printed with their
ratio; then a city-region case from coordinates (a k-d tree, never the dense matrix) with
the Lagrangian bound and gap that edplan reports beside every heuristic answer.

    python benchmarks/bench_siting.py            # 10,000 x 1,000 dense, then 200,000 x 20,000 from coordinates
    python benchmarks/bench_siting.py --smoke    # small sizes, as CI runs it
    python benchmarks/bench_siting.py --p-median --repeat 5   # only the dense p-median, with CPU times
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))

import coverage_reference as ref  # noqa: E402
from coverage_instances import instance  # noqa: E402

import edplan  # noqa: E402
from edplan import coverage as cv  # noqa: E402


CPU: dict = {}  # the median CPU seconds (every thread of the process) of the last interleaved() call


def interleaved(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Median seconds of each function over ``repeat`` interleaved rounds, and its last result;
    the median CPU seconds go to ``CPU`` (on a loaded machine the steadier comparison)."""
    times: dict = {k: [] for k in fns}
    cpu: dict = {k: [] for k in fns}
    out: dict = {}
    for fn in fns.values():  # warm-up, untimed: lazy imports, first touch of the inputs
        fn()
    for _ in range(repeat):
        for k, fn in fns.items():
            c0, t0 = time.process_time(), time.perf_counter()
            out[k] = fn()
            times[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
    CPU.clear()
    CPU.update({k: float(np.median(v)) for k, v in cpu.items()})
    return {k: float(np.median(v)) for k, v in times.items()}, out


def ms(t: float) -> str:
    return f"{t * 1000:9.1f} ms"


def dense_part(n: int, m: int, p: int, repeat: int, p_median_only: bool = False) -> None:
    P, C, _, _ = instance(n, m, seed=5, clustered=False)
    S = 30.0
    print(f"\n1. dense {n:,} x {m:,} ({C.nbytes / 1e6:.0f} MB), p = {p}; median of {repeat} interleaved runs")
    if not p_median_only:
        mclp_part(P, C, S, p, repeat)
    t, out = interleaved({
        "edplan": lambda: cv.p_median(P, C, p=p),
        "edplan, no bound": lambda: cv.p_median(P, C, p=p, bound_iterations=-1),
        "edplan, greedy + swaps only": lambda: cv.p_median(P, C, p=p, rounds=0, bound_iterations=-1),
        "numpy": lambda: ref.greedy_p_median(P, C, p),
    }, repeat if p_median_only else max(1, repeat // 2))
    e = out["edplan"]
    print("   p-median over every pair (CPU: both of edplan's threads counted, numpy's one)")
    print(f"   lean numpy greedy                       {ms(t['numpy'])}   cost {out['numpy'][1]:,.0f}   "
          f"CPU {ms(CPU['numpy'])}")
    for k in ("edplan", "edplan, no bound", "edplan, greedy + swaps only"):
        r = out[k]
        print(f"   {k + ' (heuristic)':<40}{ms(t[k])}   cost {r.objective:,.0f}   numpy/edplan {t['numpy'] / t[k]:5.1f}x"
              f"   CPU {ms(CPU[k])}, numpy/edplan {CPU['numpy'] / CPU[k]:4.1f}x")
    print(f"   edplan's bound {e.bound:,.1f}: cost within {e.gap:.4%} of the optimum")


def mclp_part(P, C, S: float, p: int, repeat: int) -> None:
    t, out = interleaved({
        "edplan": lambda: cv.mclp(P, C, max_cost=S, p=p),
        "edplan, no bound": lambda: cv.mclp(P, C, max_cost=S, p=p, bound_iterations=-1),
        "edplan, greedy + swaps only": lambda: cv.mclp(P, C, max_cost=S, p=p, rounds=0, bound_iterations=-1),
        "numpy": lambda: ref.greedy_mclp(P, C, S, p),
    }, repeat)
    e = out["edplan"]
    print(f"   MCLP within {S:g} min ({float((C <= S).mean()):.1%} of pairs linked)")
    print(f"   lean numpy greedy                       {ms(t['numpy'])}   covered {out['numpy'][1]:,.0f}")
    for k in ("edplan", "edplan, no bound", "edplan, greedy + swaps only"):
        r = out[k]
        print(f"   {k + ' (heuristic)':<40}{ms(t[k])}   covered {r.objective:,.0f}   numpy/edplan {t['numpy'] / t[k]:5.1f}x")
    print(f"   edplan's bound {e.bound:,.1f}: covered within {e.gap:.4%} of the optimum")


def scale_part(n: int, m: int, p: int, reach: float) -> None:
    """Demand points and candidates clustered around towns in a 100 km square (the villages of
    benchmarks/coverage_instances.py at city-region scale), the radius set from a sample so
    that about ``reach`` candidates lie within reach of a point on average."""
    import scipy.sparse as sp
    from scipy.spatial import cKDTree

    from coverage_instances import points

    rng = np.random.default_rng(11)
    xy = points(n, rng, towns=n // 500)
    sites = points(m, rng, towns=n // 500)
    P = np.round(rng.lognormal(3.0, 0.9, n))
    t0 = time.perf_counter()
    tree, site_tree = cKDTree(xy), cKDTree(sites)
    sample = xy[rng.choice(n, 2000, replace=False)]
    radius = float(np.sqrt(reach * 100 * 100 / (np.pi * m)))
    for _ in range(3):  # the mean count grows about as radius^2
        mean = np.mean([len(x) for x in site_tree.query_ball_point(sample, radius)])
        radius *= float(np.sqrt(reach / max(mean, 1.0)))
    pairs = tree.sparse_distance_matrix(site_tree, radius, output_type="ndarray")
    links = sp.csr_array((pairs["v"], (pairs["i"], pairs["j"])), shape=(n, m))
    t_tree = time.perf_counter() - t0
    print(f"\n2. from coordinates: {n:,} demand points x {m:,} candidates (clustered), p = {p}, "
          f"radius {radius:.2f} km")
    print(f"   k-d tree links: {links.nnz:,} ({links.nnz / n:.1f} candidates per point)  {t_tree:6.2f} s")
    t0 = time.perf_counter()
    r = cv.mclp(P, links, max_cost=radius, p=p)
    t_mclp = time.perf_counter() - t0
    print(f"   MCLP heuristic + bound                  {t_mclp:6.2f} s   covered {r.objective:,.0f} of {P.sum():,.0f}, "
          f"bound {r.bound:,.0f}, gap {r.gap:.4%} ({r.swaps} swaps)")
    print(f"   total from coordinates                  {t_tree + t_mclp:6.2f} s")
    if p > 50:
        q = p // 5
        t0 = time.perf_counter()
        r = cv.mclp(P, links, max_cost=radius, p=q)
        t_q = time.perf_counter() - t0
        print(f"   the same with p = {q}: {t_q:6.2f} s   covered {r.objective:,.0f}, bound {r.bound:,.0f}, "
              f"gap {r.gap:.4%} ({r.swaps} swaps)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small sizes, one run each (CI)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-scale", action="store_true", help="skip the 200,000 x 20,000 case")
    parser.add_argument("--p-median", action="store_true",
                        help="only the dense p-median (issue 20's 10,000 x 1,000, p = 50), --repeat rounds")
    args = parser.parse_args()
    print(f"edplan {edplan.__version__}, {edplan._core.default_threads()} threads, load {os.getloadavg()[0]:.2f}")
    if args.smoke:
        dense_part(1_000, 100, 10, 1, args.p_median)
        scale_part(5_000, 500, 20, 30)
        return
    dense_part(10_000, 1_000, 50, args.repeat, args.p_median)
    if not args.no_scale and not args.p_median:
        scale_part(200_000, 20_000, 500, 100)


if __name__ == "__main__":
    main()
