# SPDX-License-Identifier: MIT
"""edplan.coverage against what a researcher would use instead, in one process, same inputs:

1. one 2SFCA (step decay, E2SFCA) over a dense n x m matrix: edplan vs a vectorised numpy
   2SFCA (tests/python/coverage_reference.py) vs PySAL access (two_stage_fca,
   enhanced_two_stage_fca), and the time to read the matrix once (the floor of any kernel
   that reads it: a parallel sum in C++, and numpy's single-threaded sum);
2. a coverage sweep, 11 projection years x 5 gaussian decays over one catchment: edplan (one
   catchment, one call) vs the numpy loop that recomputes the 2SFCA for each pair;
3. MCLP, n x m' candidates, p sites: edplan's heuristic (with its Lagrangian bound) vs the
   greedy a competent numpy user writes (boolean coverage matrix, column sums, masking of
   covered rows: tests/python/coverage_reference.py) vs the exact HiGHS model vs spopt's MCLP
   (pulp + CBC), with each one's covered population and gap to exact. Siting at scale, and
   the p-median: benchmarks/bench_siting.py;
4. (--coords, and in --smoke) 2SFCA from coordinates, 1,000,000 points x 50,000 sites with
   about 200 in reach each, in a fresh process: its time and peak RSS, and scipy's k-d tree
   + scipy.sparse on the first 100,000 points against edplan on the same points.

Instances: benchmarks/coverage_instances.py (uniform points in a 100 km square, road minutes).

    python benchmarks/bench_coverage.py                 # full sizes (a few minutes)
    python benchmarks/bench_coverage.py --smoke         # tiny sizes, as CI runs it
    python benchmarks/bench_coverage.py --fca           # part 1 only
    python benchmarks/bench_coverage.py --coords        # part 4 only, full size
    python benchmarks/bench_coverage.py --access-n 2000 --access-m 400   # access at a smaller size
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))

import coverage_reference as ref  # noqa: E402
from coverage_instances import instance  # noqa: E402

import edplan  # noqa: E402
from edplan import coverage as cv  # noqa: E402

STEP = {10: 1.0, 20: 0.68, 30: 0.22}


def best_of(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def ms(t):
    return f"{t * 1000:9.1f} ms"


def access_2sfca(P, S, C, max_cost, enhanced):
    """PySAL access on the same inputs: the matrix as the long origin/destination/cost table
    access takes (every finite pair; access applies max_cost itself)."""
    import pandas as pd
    from access import Access

    i, j = np.nonzero(np.isfinite(C))
    cost_df = pd.DataFrame({"origin": i, "dest": j + len(P), "cost": C[i, j]})
    demand_df = pd.DataFrame({"geoid": np.arange(len(P)), "pop": P})
    supply_df = pd.DataFrame({"geoid": np.arange(len(S)) + len(P), "doc": S})
    a = Access(demand_df=demand_df, demand_index="geoid", demand_value="pop", supply_df=supply_df,
               supply_index="geoid", supply_value="doc", cost_df=cost_df, cost_origin="origin",
               cost_dest="dest", cost_name="cost")
    t0 = time.perf_counter()
    if enhanced:
        out = a.enhanced_two_stage_fca(name="x", max_cost=max_cost)
    else:
        out = a.two_stage_fca(name="x", max_cost=max_cost)
    t = time.perf_counter() - t0
    return t, out["x_doc"].reindex(np.arange(len(P))).fillna(0).to_numpy()


def interleaved(fns, rounds):
    """Median seconds of each of ``fns`` over ``rounds`` rounds, each round running every one
    once in turn, so that a burst of load on the shared machine falls on all of them."""
    times = {k: [] for k in fns}
    for _ in range(rounds):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: float(np.median(v)) for k, v in times.items()}


def part_fca(n, m, repeat, access_n, access_m):
    import scipy.sparse as sp

    P, C, _, _ = instance(n, m, seed=1, clustered=False)
    S = np.random.default_rng(2).integers(20, 400, m).astype(float)
    max_cost = 30.0
    density = float((C <= max_cost).mean())
    print(f"\n1. one 2SFCA, dense {n:,} x {m:,} ({C.nbytes / 1e6:.0f} MB), max_cost {max_cost:g} min "
          f"({density:.1%} of pairs linked); medians of {repeat} interleaved rounds")
    decay = cv.Decay.step(STEP)
    f = lambda c: np.select([c <= 10, c <= 20, c <= 30], [1.0, 0.68, 0.22], 0.0)  # noqa: E731
    for d, g in ((None, None), (decay, f)):  # same answer before timing
        np.testing.assert_allclose(cv.two_step_fca(P, S, C, max_cost=max_cost, decay=d),
                                   ref.two_step(P, S, C, max_cost, g), rtol=1e-9)
    # the same links as a sparse matrix, as a user holding an origin/destination table has them
    links = sp.csr_array((C[C <= max_cost], np.nonzero(C <= max_cost)), shape=C.shape)

    def scipy_sparse_2sfca(W):  # what a user would write over the sparse links, step decay
        W = W.copy()
        W.data = f(W.data)
        D = P @ W
        return W @ np.divide(S, D, out=np.zeros_like(D), where=D > 0)

    np.testing.assert_allclose(cv.two_step_fca(P, S, links, max_cost=max_cost, decay=decay),
                               scipy_sparse_2sfca(links), rtol=1e-9)
    threads = edplan._core.default_threads()
    t = interleaved({
        "read_cpp": lambda: edplan._core.memory_pass(C),
        "read_np": lambda: C.sum(),
        "ed_2sfca": lambda: cv.two_step_fca(P, S, C, max_cost=max_cost),
        "ed_e2sfca": lambda: cv.two_step_fca(P, S, C, max_cost=max_cost, decay=decay),
        "np_2sfca": lambda: ref.two_step(P, S, C, max_cost),
        "np_e2sfca": lambda: ref.two_step(P, S, C, max_cost, f),
        "ed_sparse": lambda: cv.two_step_fca(P, S, links, max_cost=max_cost, decay=decay),
        "sp_sparse": lambda: scipy_sparse_2sfca(links),
    }, repeat)
    floor = t["read_cpp"]
    print(f"   read the matrix once, C++ ({threads} threads)        {ms(floor)}")
    print(f"   read the matrix once, numpy sum (1 thread)     {ms(t['read_np'])}")
    for name, ours, theirs in (("2SFCA (no decay)", "ed_2sfca", "np_2sfca"), ("E2SFCA (step decay)", "ed_e2sfca", "np_e2sfca")):
        print(f"   edplan {name:<20} ({threads} threads)   {ms(t[ours])}   = {t[ours] / floor:.2f}x the C++ read, "
              f"{t[ours] / t['read_np']:.2f}x numpy's; numpy dense {ms(t[theirs])} = {t[theirs] / t[ours]:.1f}x edplan")
    print(f"   sparse links ({links.nnz:,}, CSR), E2SFCA: edplan {ms(t['ed_sparse'])}; scipy.sparse "
          f"{ms(t['sp_sparse'])} = {t['sp_sparse'] / t['ed_sparse']:.1f}x edplan")
    try:
        import access  # noqa: F401
    except ImportError:
        print("   PySAL access: not installed")
        return
    an, am = access_n or n, access_m or m
    Pa, Ca, _, _ = instance(an, am, seed=1, clustered=False)
    Sa = S[:am]
    t_ea, _ = best_of(lambda: cv.two_step_fca(Pa, Sa, Ca, max_cost=max_cost), repeat)
    t_eb, _ = best_of(lambda: cv.two_step_fca(Pa, Sa, Ca, max_cost=max_cost, decay=decay), repeat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_a, va = access_2sfca(Pa, Sa, Ca, max_cost, enhanced=False)
        t_b, vb = access_2sfca(Pa, Sa, Ca, max_cost, enhanced=True)
    np.testing.assert_allclose(cv.two_step_fca(Pa, Sa, Ca, max_cost=max_cost), va, rtol=1e-9)
    np.testing.assert_allclose(cv.two_step_fca(Pa, Sa, Ca, max_cost=max_cost, decay=decay), vb, rtol=1e-9)
    size = f"{an:,} x {am:,}"
    print(f"   PySAL access two_stage_fca ({size})      {ms(t_a)}   ratio access/edplan {t_a / t_ea:,.0f}x")
    print(f"   PySAL access enhanced_two_stage_fca        {ms(t_b)}   ratio access/edplan {t_b / t_eb:,.0f}x")


COORDS_CHILD = """
import resource, sys, time
import numpy as np
from edplan import coverage as cv
n, m, reach, ref_n = (int(a) for a in sys.argv[1:5])
rng = np.random.default_rng(7)
side = 100.0  # km; sites uniform, so about `reach` sites lie within the radius of a point
radius = side * np.sqrt(reach / (m * np.pi))
scale = 1.3 / 40 * 60  # minutes per km: 1.3 x straight line at 40 km/h
max_cost = radius * scale
xy, sxy = rng.uniform(0, side, (n, 2)), rng.uniform(0, side, (m, 2))
P, S = np.round(rng.lognormal(5.5, 0.9, n)), rng.integers(20, 400, m).astype(float)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
runs = []
for decay in (None, cv.Decay.gaussian(max_cost / 2)):  # plain 2SFCA, then G2SFCA
    t0, c0 = time.perf_counter(), time.process_time()
    A = cv.two_step_fca(P, S, cv.coordinates(xy, sxy, scale=scale), max_cost=max_cost, decay=decay)
    runs += [time.perf_counter() - t0, time.process_time() - c0]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from scipy.spatial import cKDTree
inside = cKDTree(sxy).query_ball_point(xy[:10_000], radius, return_length=True).mean()
# what a user would write: a k-d tree's sparse distance matrix, then 2SFCA with scipy.sparse,
# on the first ref_n points (its pairs take 24 bytes each), against edplan on the same points
import scipy.sparse as sp
sub, Ps = xy[:ref_n], P[:ref_n]
def scipy_2sfca():
    pairs = cKDTree(sub).sparse_distance_matrix(cKDTree(sxy), radius * (1 + 1e-9), output_type="ndarray")
    c = pairs["v"] * scale
    keep = c <= max_cost
    W = sp.csr_array((np.exp(-c[keep] ** 2 / (2 * (max_cost / 2) ** 2)), (pairs["i"][keep], pairs["j"][keep])),
                     shape=(ref_n, m))
    D = Ps @ W
    return W @ np.divide(S, D, out=np.zeros_like(D), where=D > 0)
ours = lambda: cv.two_step_fca(Ps, S, cv.coordinates(sub, sxy, scale=scale), max_cost=max_cost,
                               decay=cv.Decay.gaussian(max_cost / 2))
t1 = time.perf_counter(); b = scipy_2sfca(); t_sp = time.perf_counter() - t1
t1 = time.perf_counter(); a = ours(); t_sub = time.perf_counter() - t1
np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-15)
print(*runs, peak / 2**20, base / 2**20, inside, t_sp, t_sub)
"""


def part_coords(n, m, reach, ref_n):
    import subprocess

    print(f"\n4. 2SFCA from coordinates, {n:,} demand points x {m:,} sites, about {reach} "
          f"sites within max_cost of a point, no dense matrix: a fresh process")
    out = subprocess.run([sys.executable, "-c", COORDS_CHILD, str(n), str(m), str(reach), str(ref_n)],
                         check=True, capture_output=True, text=True).stdout.split()
    t_plain, c_plain, t_gauss, c_gauss, peak, base, inside, t_sp, t_sub = (float(x) for x in out)
    print(f"   {inside:.0f} sites in reach on average; peak RSS of the whole process {peak:,.2f} GiB "
          f"(before the calls: {base:,.2f} GiB)")
    for name, t, c in (("2SFCA (no decay)", t_plain, c_plain), ("G2SFCA (gaussian decay)", t_gauss, c_gauss)):
        print(f"   edplan two_step_fca(coordinates), {name:<24} {t:7.2f} s  (CPU {c:.2f} s on "
              f"{edplan._core.default_threads()} threads)")
    print(f"   first {ref_n:,} points: scipy cKDTree.sparse_distance_matrix + scipy.sparse 2SFCA {t_sp:.2f} s, "
          f"edplan {t_sub:.2f} s = {t_sp / t_sub:.1f}x")


def part_sweep(n, m, repeat):
    P, C, _, _ = instance(n, m, seed=3, clustered=False)
    S = np.random.default_rng(4).integers(20, 400, m).astype(float)
    years = np.vstack([P * (1.03**t) for t in range(11)])
    sigmas = [5.0, 10.0, 15.0, 20.0, 25.0]
    max_cost = 30.0
    print(f"\n2. coverage sweep: 11 years x 5 gaussian decays, dense {n:,} x {m:,}, max_cost {max_cost:g}")

    def ours():
        catch = cv.catchment(C, max_cost=max_cost)
        return cv.two_step_fca(years, S, catch, max_cost=None, decay=[cv.Decay.gaussian(s) for s in sigmas])

    def numpy_loop():
        out = np.empty((5, 11, n))
        for k, s in enumerate(sigmas):
            for t in range(11):
                out[k, t] = ref.two_step(years[t], S, C, max_cost, lambda c, s=s: np.exp(-c * c / (2 * s * s)))
        return out

    t_ed, a = best_of(ours, repeat)
    t_np, b = best_of(numpy_loop, 1)
    np.testing.assert_allclose(a, b, rtol=1e-9)
    print(f"   edplan (catchment once + one call)          {ms(t_ed)}")
    print(f"   numpy loop recomputing each (year, decay)   {ms(t_np)}   ratio numpy/edplan {t_np / t_ed:.1f}x")


def part_mclp(n, m, p, repeat, exact, spopt_on):
    P, C, _, _ = instance(n, m, seed=5, clustered=False)
    S = 30.0
    print(f"\n3. MCLP, dense {n:,} x {m:,}, p = {p}, S = {S:g} min")
    t_ed, h = best_of(lambda: cv.mclp(P, C, max_cost=S, p=p), repeat)
    t_g, (g_sites, g_obj) = best_of(lambda: ref.greedy_mclp(P, C, S, p), max(1, repeat // 2))
    rows = [("edplan heuristic (greedy + swaps + ILS)", t_ed, h.objective),
            ("lean numpy greedy", t_g, g_obj)]
    print(f"   edplan's Lagrangian bound {h.bound:,.1f}: its answer is within {h.gap:.4%} of the optimum")
    e_obj = None
    if exact:
        t_e, e = best_of(lambda: cv.mclp(P, C, max_cost=S, p=p, method="exact"), 1)
        e_obj = e.objective
        rows.append(("exact, HiGHS (highspy)", t_e, e.objective))
    if spopt_on:
        try:
            import pulp
            from spopt.locate import MCLP

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t0 = time.perf_counter()
                model = MCLP.from_cost_matrix(C, P, service_radius=S, p_facilities=p)
                model = model.solve(pulp.PULP_CBC_CMD(msg=False))
                t_s = time.perf_counter() - t0
            sites = [j for j in range(m) if model.fac_vars[j].value() > 0.5]
            rows.append(("spopt MCLP (pulp + CBC)", t_s, float(P[(C[:, sites] <= S).any(axis=1)].sum())))
        except ImportError:
            print("   spopt: not installed")
    for name, t, obj in rows:
        gap = f"gap to exact {(e_obj - obj) / e_obj:8.4%}" if e_obj else ""
        print(f"   {name:<40} {ms(t)}   covered {obj:,.0f}  {gap}  edplan speed-up {t / t_ed:,.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each (CI)")
    parser.add_argument("--n", type=int, default=10_000, help="demand points")
    parser.add_argument("--m", type=int, default=2_000, help="sites in parts 1 and 2")
    parser.add_argument("--mclp-m", type=int, default=1_000, help="candidate sites in part 3")
    parser.add_argument("--p", type=int, default=50)
    parser.add_argument("--access-n", type=int, default=0, help="demand points for PySAL access (default --n)")
    parser.add_argument("--access-m", type=int, default=0, help="sites for PySAL access (default --m)")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact HiGHS model")
    parser.add_argument("--no-spopt", action="store_true", help="skip spopt")
    parser.add_argument("--fca", action="store_true", help="only part 1, one 2SFCA over a dense matrix")
    parser.add_argument("--coords", action="store_true", help="only part 4, 2SFCA from coordinates (also in --smoke)")
    parser.add_argument("--coords-n", type=int, default=1_000_000, help="demand points in part 4")
    parser.add_argument("--coords-m", type=int, default=50_000, help="sites in part 4")
    parser.add_argument("--coords-reach", type=int, default=200, help="sites within max_cost of a point in part 4")
    parser.add_argument("--coords-ref-n", type=int, default=100_000, help="points for the scipy reference in part 4")
    args = parser.parse_args()
    if args.smoke:
        args.n, args.m, args.mclp_m, args.p = 400, 80, 60, 5
        args.coords_n, args.coords_m, args.coords_reach, args.coords_ref_n = 20_000, 2_000, 50, 5_000
    repeat = 1 if args.smoke else 7
    print(f"edplan {edplan.__version__}, {edplan._core.default_threads()} threads; part 1: medians of {repeat} "
          f"interleaved rounds, parts 2-3: best of {repeat} or fewer")
    if not args.coords:
        part_fca(args.n, args.m, repeat, args.access_n, args.access_m)
    if not (args.coords or args.fca):
        part_sweep(args.n, args.m, max(1, repeat // 2))
        part_mclp(args.n, args.mclp_m, args.p, repeat, not args.no_exact, not args.no_spopt)
    if args.coords or args.smoke:
        part_coords(args.coords_n, args.coords_m, args.coords_reach, args.coords_ref_n)


if __name__ == "__main__":
    main()
