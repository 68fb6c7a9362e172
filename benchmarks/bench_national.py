# SPDX-License-Identifier: MIT
"""National scale: every county-level unit of China (2,850) × 2 sexes × 101 ages × 30 years ×
1,000 Monte Carlo draws through population → enrolment → place balance, against a vectorised
numpy implementation of the same chain, in one run on this machine.

    python benchmarks/bench_national.py            # 2,850 regions, 1,000 draws
    python benchmarks/bench_national.py --smoke    # 40 regions, 20 draws (CI)

Each draw re-projects every region's population with its fertility and migration scaled by a
city-wide shock, then its enrolment with resampled ratio errors, and keeps p10/p50/p90 by
region, year and grade; the balance compares the quantiles of level totals with places. edplan
runs in a child process so that its peak memory (ru_maxrss) is its own. The numpy chain (the
reference implementations of the test suite, which is what a researcher would write) processes
regions in blocks so that its draws fit in memory; it is timed on one block and a share of the
draws and scaled linearly to the full run (the work is the same per region and per draw).
Memory bandwidth: a STREAM-style triad a = b + s·c over 3 × 800 MB, one thread, against the
bytes the population kernel reads and writes per second on one thread (median of interleaved
runs). FLOP bound: the floating-point operations a draw of a region needs (the projected cells
of the population, the births, the enrolment; counted in `chain_flops`) over the machine's
peak, measured as a float64 matrix product on as many threads as the chain uses.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))

import edplan  # noqa: E402
from edplan import population as pop  # noqa: E402
from edplan.enrolment.projection import population_chain  # noqa: E402
from edplan.levels import default_levels  # noqa: E402
from numpy_enrolment import project as numpy_enrolment  # noqa: E402
from numpy_reference import project as numpy_population  # noqa: E402

A, T, H, BASE = 100, 30, 10, 2023
LEVELS = [("rate", 3, 5, None), ("progression", 1, 6, 6), ("progression", 7, 9, None)]
SPECS = [lv.spec() for lv in default_levels()]
QUANTILES = [0.1, 0.5, 0.9]


def inputs(R: int, seed: int = 0) -> dict:
    """Synthetic counties shaped like an ageing Chinese county (smaller recent cohorts)."""
    rng = np.random.default_rng(seed)
    ages = np.arange(A + 1)
    profile = np.where(ages < 10, 0.6, 1.0) * np.exp(-np.maximum(ages - 60, 0) * 0.06)
    base = rng.uniform(0.3, 3.0, (R, 1, 1)) * 4000 * profile * rng.uniform(0.95, 1.05, (R, 2, A + 1))
    hazard = 5e-5 * np.exp(0.095 * ages) * rng.uniform(0.8, 1.2, (R, 1, 1, 1))
    survival = np.clip(np.exp(-hazard * np.array([1.0, 1.3])[None, None, :, None]), 0, 1)
    survival[..., A] = 0.6
    shape = np.exp(-0.5 * ((np.arange(15, 50) - 29) / 5.0) ** 2) * rng.uniform(0.9, 1.1, (R, 35))
    fertility = pop.fertility_from_tfr(shape, {BASE: 1.0, BASE + 12: 1.2}, first_year=BASE, years=T)
    migration = rng.normal(0, 3, (R, 1, 2, A + 1))
    births = base[:, :, :1].sum(axis=(1, 2))[:, None] * rng.uniform(0.9, 1.3, (R, H + 10))  # history years
    history = births[:, -H:, None] * rng.uniform(0.95, 1.05, (R, H, 12))
    places = history[:, -1, :].reshape(R, 12) @ np.repeat(np.eye(3), [3, 6, 3], axis=0) * 1.05
    return dict(base=base, survival=survival, fertility=fertility, migration=migration, births=births,
                history=history, places=places)


def edplan_chain(x: dict, draws: int, threads: int = 0) -> np.ndarray:
    """Quantiles of level totals (R, T, 3, Q) and their utilisation against places."""
    chain = pop.ProjectionInputs(x["base"], x["survival"], x["fertility"], x["migration"])
    projection = chain.project(T, threads=threads)
    core = edplan._core.enrolment
    levels = core.simulate(
        SPECS, x["history"], base_year=BASE, horizon=BASE + T, births=x["births"],
        births_first_year=BASE - x["births"].shape[1] + 1, projected_births=projection.births,
        population=projection.population, options=core.EnrolmentOptions(threads=threads),
        draws=core.DrawOptions(draws=draws, seed=1, quantiles=QUANTILES), chain=population_chain(chain, T)).levels
    return levels / x["places"][:, None, :, None]  # utilisation p10/p50/p90


def numpy_chain(x: dict, draws: int, seed: int = 1) -> np.ndarray:
    """The same chain in numpy: per draw a population and an enrolment projection of all the
    block's regions, then quantiles over the draws."""
    rng = np.random.default_rng(seed)
    R = x["base"].shape[0]
    first = BASE - x["births"].shape[1] + 1
    totals = np.empty((draws, R, T, 3))
    for d in range(draws):
        f_scale, m_scale = np.exp(0.1 * rng.normal()), np.exp(0.2 * rng.normal())
        people, born = numpy_population(x["base"], x["survival"], x["fertility"] * f_scale,
                                        x["migration"] * m_scale, years=T)
        births = np.concatenate([x["births"], born], axis=1)
        noise = 1 + 0.02 * rng.normal(size=(R, 1, 12))
        pupils = numpy_enrolment(LEVELS, x["history"] * noise, births, first, BASE, BASE + T, people)
        totals[d] = np.stack([pupils[..., :3].sum(-1), pupils[..., 3:9].sum(-1), pupils[..., 9:].sum(-1)], -1)
    return np.quantile(totals, QUANTILES, axis=0) / x["places"][None, :, None, :]


def chain_flops(R: int, draws: int) -> float:
    """Floating-point operations of the chain (comparisons, e.g. of the quantiles, not counted).
    Per region, draw and year: each projected population cell costs a product by survival, a
    product of migration by the draw's factor and their sum (3); the draw projects women to 49
    (the mothers) and both sexes to the oldest age of a rate level, which the enrolment reads;
    births cost 5 per fertile age (the draw's factor, ½, the two years' sum, the product, the
    sum) and the newborns 6. Enrolment: per grade a ratio product, housing, the error factor
    (4), per level its total (grades − 1 sums) and the factor (3)."""
    rate_ages = [a for kind, first, last, _ in LEVELS if kind == "rate" for a in range(first, last + 1)]
    oldest = max(rate_ages, default=-1)
    cells = max(oldest, 49) + 1 + oldest + 1
    grades = sum(last - first + 1 for _, first, last, _ in LEVELS)
    per_year = 3 * cells + 5 * 35 + 6 + 4 * grades + sum(last - first + 3 for _, first, last, _ in LEVELS)
    return float(R) * draws * T * per_year


def peak_gflops(threads: int) -> float:
    """The machine's float64 peak as reached by numpy's matrix product (BLAS, FMA and the widest
    vectors the CPU has) on `threads` threads, in a child process so that the BLAS thread count
    applies."""
    code = ("import time, numpy as np; n = 2048; a = np.random.rand(n, n); b = np.random.rand(n, n); a @ b; "
            "best = min((lambda t0: (a @ b, time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(5)); "
            "print(2 * n ** 3 / best / 1e9)")
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return float(run.stdout.strip())


def bandwidth_rounds(rounds: int = 5, n: int = 100_000_000, block: int = 32_768, R: int = 3000):
    """(triad GB/s, population kernel GB/s) on one thread, each the median of `rounds` runs
    taken in turn, after a first untimed run of each (page faults).

    The triad is a = b + s·c in cache-sized blocks (so numpy's temporary stays in cache), 3 × 8
    bytes an element. The kernel reads each year's population, survival and migration (copied
    to full (R, T, 2, A+1) arrays, so that they come from memory) and writes the next year's:
    4 × 8 bytes a cell."""
    a, b, c = np.empty(n), np.ones(n), np.full(n, 2.0)
    tmp = np.empty(block)

    def triad() -> float:
        t0 = time.perf_counter()
        for i in range(0, n, block):
            j = min(i + block, n)
            np.multiply(c[i:j], 3.0, out=tmp[: j - i])
            np.add(b[i:j], tmp[: j - i], out=a[i:j])
        return 24 * n / (time.perf_counter() - t0) / 1e9

    x = inputs(R)
    survival = np.broadcast_to(x["survival"], (R, T, 2, A + 1)).copy()
    migration = np.broadcast_to(x["migration"], (R, T, 2, A + 1)).copy()
    out = np.empty((R, T + 1, 2, A + 1))
    core = edplan._core.population
    chain = core.ProjectionInputs(base=x["base"], survival=survival, fertility=x["fertility"], migration=migration)
    options = core.ProjectionOptions(years=T, threads=1)

    def kernel() -> float:
        t0 = time.perf_counter()
        core.project(chain, options, out=out)
        return 4 * 8 * R * T * 2 * (A + 1) / (time.perf_counter() - t0) / 1e9

    triad(), kernel()
    results = [(triad(), kernel()) for _ in range(rounds)]
    return float(np.median([r[0] for r in results])), float(np.median([r[1] for r in results]))


def child(R: int, draws: int) -> None:
    x = inputs(R)
    t0 = time.perf_counter()
    utilisation = edplan_chain(x, draws)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "p50_mean": float(np.nanmean(utilisation[..., 1]))}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="40 regions, 20 draws (CI)")
    parser.add_argument("--regions", type=int, default=2850)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    warnings.simplefilter("ignore", pop.ClampWarning)
    if args.child:
        return child(*args.child)
    R, D = (40, 20) if args.smoke else (args.regions, args.draws)
    run = subprocess.run([sys.executable, __file__, "--child", str(R), str(D)], capture_output=True, text=True,
                         check=True)
    ours = json.loads(run.stdout.strip().splitlines()[-1])
    block, sample = min(R, 20 if args.smoke else 100), min(D, 5 if args.smoke else 20)
    x = inputs(block, seed=1)
    t0 = time.perf_counter()
    numpy_chain(x, sample)
    numpy_seconds = (time.perf_counter() - t0) * (R / block) * (D / sample)
    print(f"edplan {edplan.__version__}, {R:,} regions × 2 sexes × {A + 1} ages × {T} years × {D:,} draws, "
          f"{edplan._core.default_threads()} threads")
    print(f"  edplan chain      {ours['seconds']:8.1f} s   peak memory {ours['peak'] / 2**30:.2f} GiB")
    print(f"  numpy chain       {numpy_seconds:8.1f} s   (timed on {block} regions × {sample} draws, scaled)")
    print(f"  ratio             {numpy_seconds / ours['seconds']:8.0f}×")
    threads = edplan._core.default_threads()
    peak = peak_gflops(threads)
    bound = chain_flops(R, D) / (peak * 1e9)
    print(f"  FLOP bound        {bound:8.2f} s   ({chain_flops(R, D) / 1e9:,.0f} Gflop at a measured peak of {peak:.0f} "
          f"Gflop/s on {threads} threads); the chain takes {ours['seconds'] / bound:.1f}x it")
    if not args.smoke:
        triad, kernel = bandwidth_rounds()
        print(f"  memory bandwidth  triad {triad:.1f} GB/s (1 thread); population kernel {kernel:.1f} GB/s "
              f"(1 thread) = {kernel / triad:.0%} of it (medians of 5 interleaved rounds)")


if __name__ == "__main__":
    main()
