# SPDX-License-Identifier: MIT
"""edplan.targets.assess_table against what a user would write instead, in one process:

- a vectorised pandas groupby + numpy implementation of the same assessment (growth-rate
  ratio, category, linear projection; tests/python/targets_reference.py, which the tests also
  check edplan against), and
- pandas ``groupby(...).apply`` of a per-series function (the same reference, one series at
  a time), timed on a subset because it is slow.

Every implementation takes the indicator and targets DataFrames (DESIGN §3 columns) and
returns a DataFrame. Synthetic inputs: G series of 10 annual observations (2014–2023, 5%
missing), shares drifting towards targets for 2030, 80% to increase.

    python benchmarks/bench_targets.py            # 100,000 series (1,000,000 observations)
    python benchmarks/bench_targets.py --smoke    # tiny sizes, as CI runs it
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))

import edplan  # noqa: E402
from edplan import targets as tg  # noqa: E402
from targets_reference import assess_frame_numpy, assess_series  # noqa: E402
from _timing import best_of  # noqa: E402  (benchmarks/ is on the path)

T = 10


def tables(G: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    names = np.array([f"county{g % 100:03d}" for g in range(G)], dtype=object)
    indicators = np.array([f"indicator{g // 100:04d}" for g in range(G)], dtype=object)
    years = np.tile(np.arange(2014, 2014 + T), G)
    level = rng.uniform(0.2, 0.6, G)
    trend = rng.normal(0.01, 0.02, G)
    values = np.repeat(level, T) * (1 + np.repeat(trend, T)) ** (years - 2014) + rng.normal(0, 0.005, G * T)
    values[rng.random(G * T) < 0.05] = np.nan
    ind = pd.DataFrame({"indicator": np.repeat(indicators, T), "region": np.repeat(names, T), "year": years,
                        "value": values})
    tgt = pd.DataFrame({"indicator": indicators, "region": names, "target": rng.uniform(0.3, 0.9, G),
                        "target_year": 2030, "direction": np.where(rng.random(G) < 0.8, "increase", "decrease"),
                        "baseline_year": np.nan})
    return ind, tgt


def groupby_apply(ind: pd.DataFrame, tgt: pd.DataFrame) -> pd.DataFrame:
    merged = ind.merge(tgt, on=["indicator", "region"])

    def one(g: pd.DataFrame) -> pd.Series:
        r = assess_series(g["year"].to_numpy(), g["value"].to_numpy(), target=g["target"].iat[0],
                          target_year=g["target_year"].iat[0], direction=g["direction"].iat[0])
        return pd.Series({"category": r["category"], "ratio": r["ratio"], "projected": r["projected"]})

    return merged.groupby(["indicator", "region"])[["year", "value", "target", "target_year", "direction"]] \
        .apply(one).reset_index()



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each (CI)")
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--apply-series", type=int, default=2_000, help="subset size for groupby.apply")
    args = parser.parse_args()
    G = 200 if args.smoke else args.series
    Ga = 50 if args.smoke else args.apply_series
    repeat = 1 if args.smoke else 3

    ind, tgt = tables(G)
    mine = tg.assess_table(ind, tgt)
    ref = assess_frame_numpy(ind, tgt)
    check = mine.merge(ref, on=["indicator", "region"], suffixes=("", "_ref"))
    assert (check["category"] == check["category_ref"]).all()  # same answer before timing
    np.testing.assert_allclose(check["projected"], check["projected_ref"], rtol=1e-9)

    print(f"edplan {edplan.__version__}, {edplan._core.default_threads()} threads; {G:,} series × {T} years")
    print("times in ms, best of", repeat, "runs; ratio = alternative time / edplan time")
    t_np = best_of(lambda: assess_frame_numpy(ind, tgt), repeat)
    t_1 = best_of(lambda: tg.assess_table(ind, tgt, threads=1), repeat)
    t_all = best_of(lambda: tg.assess_table(ind, tgt), repeat)
    print(f"{'series':>9} {'pandas+numpy':>13} {'edplan 1T':>10} {'edplan':>9} {'ratio 1T':>9} {'ratio':>7}")
    print(f"{G:>9,} {t_np * 1e3:>13.1f} {t_1 * 1e3:>10.1f} {t_all * 1e3:>9.1f} {t_np / t_1:>8.1f}x {t_np / t_all:>6.1f}x")

    sub_i, sub_t = tables(Ga, seed=1)
    t_apply = best_of(lambda: groupby_apply(sub_i, sub_t), 1)
    t_sub = best_of(lambda: tg.assess_table(sub_i, sub_t, threads=1), repeat)
    print(f"{'series':>9} {'groupby.apply':>13} {'edplan 1T':>10} {'ratio':>9}")
    print(f"{Ga:>9,} {t_apply * 1e3:>13.1f} {t_sub * 1e3:>10.1f} {t_apply / t_sub:>8.0f}x")

    stage = time.perf_counter()
    years, values = ind["year"].to_numpy(float), ind["value"].to_numpy(float)
    offsets = np.arange(0, G * T + 1, T, dtype=np.int64)
    sign = np.where(tgt["direction"] == "increase", 1.0, -1.0)
    nan = np.full(G, np.nan)
    prep = time.perf_counter() - stage
    t_core = best_of(lambda: edplan._core.targets.assess_many(
        years, values, offsets, tgt["target"].to_numpy(float), tgt["target_year"].to_numpy(float), nan, sign, nan),
        repeat)
    print(f"engine alone on ready arrays (edplan._core.targets.assess_many): {t_core * 1e3:.1f} ms "
          f"({t_core / G * 1e9:.0f} ns per series; array preparation {prep * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
