# SPDX-License-Identifier: MIT
"""edplan.population.project against a vectorised numpy implementation of the same chain.

Both run in this process on the same inputs: R regions × 30 years × 2 sexes × ages 0..100,
with region-specific survival and migration and a TFR path per region (synthetic inputs of a
realistic shape, generated here). Prints wall times (the median of interleaved runs) and the
ratios, among them against the floor of any projection: writing its result once, into the
same `out=` array (`out.fill`) or into a fresh one (`np.empty(...).fill`, page faults included).

    python benchmarks/bench_population.py            # 1, 100 and 3,000 regions
    python benchmarks/bench_population.py --cpu      # CPU times instead of wall (a loaded machine)
    python benchmarks/bench_population.py --smoke    # tiny sizes, as CI runs it
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

# OpenBLAS threads that spin after numpy calls would take a core from the threaded runs;
# neither implementation uses BLAS.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))

import edplan  # noqa: E402
from edplan import population as pop  # noqa: E402
from numpy_reference import project as numpy_project  # noqa: E402
from _timing import interleaved  # noqa: E402  (benchmarks/ is on the path)

A = 100
T = 30


def inputs(R: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    ages = np.arange(A + 1)
    # A base population shaped like an ageing city: smaller recent birth cohorts.
    profile = np.where(ages < 10, 0.7, 1.0) * np.exp(-np.maximum(ages - 60, 0) * 0.06)
    base = rng.uniform(0.5, 1.5, (R, 1, 1)) * 5000 * profile * rng.uniform(0.95, 1.05, (R, 2, A + 1))
    # Gompertz survival, region-specific level, the same each year.
    hazard = 5e-5 * np.exp(0.095 * ages) * rng.uniform(0.8, 1.2, (R, 1, 1, 1))
    survival = np.clip(np.exp(-hazard * np.array([1.0, 1.3])[None, None, :, None]), 0, 1)
    survival[..., A] = 0.6
    shape = np.exp(-0.5 * ((np.arange(15, 50) - 29) / 5.0) ** 2) * rng.uniform(0.9, 1.1, (R, 35))
    fertility = pop.fertility_from_tfr(shape, {2023: 1.05, 2035: 1.2}, first_year=2023, years=T)
    migration = rng.normal(0, 5, (R, 1, 2, A + 1))
    return base, survival, fertility, migration



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each (CI)")
    parser.add_argument("--regions", type=int, nargs="*", default=[1, 100, 3000])
    parser.add_argument("--cpu", action="store_true",
                        help="time the CPU of the process (all its threads) instead of the wall clock")
    args = parser.parse_args()
    sizes = [1, 5] if args.smoke else args.regions
    repeat = 1 if args.smoke else 7
    warnings.simplefilter("ignore", pop.ClampWarning)

    print(f"edplan {edplan.__version__}, {edplan._core.default_threads()} threads; {T} years, ages 0..{A}")
    print(f"{'CPU' if args.cpu else 'wall'} times in ms, median of {repeat} interleaved runs; numpy/x = numpy's time over edplan's; "
          "x/floor = edplan's time over writing the result once (fill), the same array or a fresh one")
    print(f"{'regions':>8} {'numpy':>9} {'edplan 1T':>10} {'edplan':>9} {'out= 1T':>9} {'out=':>8}"
          f" {'fill':>7} {'fresh fill':>11} {'numpy/1T':>9} {'numpy/out=':>11}"
          f" {'1T/floor':>9} {'out=1T/floor':>13} {'out=/floor':>11}")
    for R in sizes:
        base, survival, fertility, migration = inputs(R)
        kw = dict(years=T, srb=1.12, birth_survival=(0.995, 0.994))
        ours, _ = numpy_project(base, survival, fertility, migration, **kw)
        mine = pop.project(base, survival, fertility, migration, **kw)
        np.testing.assert_allclose(mine, ours, rtol=1e-12, atol=1e-9)  # same answer before timing
        t = interleaved({
            "numpy": lambda: numpy_project(base, survival, fertility, migration, **kw),
            "1T": lambda: pop.project(base, survival, fertility, migration, threads=1, **kw),
            "all": lambda: pop.project(base, survival, fertility, migration, **kw),
            "out 1T": lambda: pop.project(base, survival, fertility, migration, out=mine, threads=1, **kw),
            "out": lambda: pop.project(base, survival, fertility, migration, out=mine, **kw),
            "fill": lambda: mine.fill(1.0),
            "fresh fill": lambda: np.empty_like(mine).fill(1.0),
        }, repeat, time.process_time if args.cpu else time.perf_counter)
        ms = {k: v * 1e3 for k, v in t.items()}
        print(f"{R:>8} {ms['numpy']:>9.2f} {ms['1T']:>10.2f} {ms['all']:>9.2f} {ms['out 1T']:>9.2f} {ms['out']:>8.2f}"
              f" {ms['fill']:>7.2f} {ms['fresh fill']:>11.2f} {t['numpy'] / t['1T']:>8.1f}x {t['numpy'] / t['out']:>10.1f}x"
              f" {t['1T'] / t['fresh fill']:>8.2f}x {t['out 1T'] / t['fill']:>12.2f}x {t['out'] / t['fill']:>10.2f}x")
    print("edplan out= writes into an existing array (numpy's out= idiom); the other columns allocate\n"
          "a fresh result each call, whose first touch costs page faults (as the fresh fill's does).")


if __name__ == "__main__":
    main()
