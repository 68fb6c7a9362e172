# SPDX-License-Identifier: MIT
"""edplan.enrolment against a vectorised numpy implementation of the same chain, one process.

R regions × 12 grades (kindergarten by rate, primary, junior), 10 history years, 17 projected
years; synthetic inputs of a realistic shape. Also times 1,000 Monte Carlo draws.

    python benchmarks/bench_enrolment.py           # 100 and 3,000 regions
    python benchmarks/bench_enrolment.py --smoke   # tiny sizes (CI)
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))

import edplan  # noqa: E402
from edplan.levels import default_levels  # noqa: E402
from numpy_enrolment import project as numpy_project  # noqa: E402
from _timing import best_of  # noqa: E402  (benchmarks/ is on the path)

LEVELS = [("rate", 3, 5, None), ("progression", 1, 6, 6), ("progression", 7, 9, None)]
SPECS = [lv.spec() for lv in default_levels()]
H, T = 10, 17


def inputs(R: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    history = rng.uniform(800, 1200, (R, 1, 12)) * rng.normal(1, 0.02, (R, H, 12))
    births = rng.uniform(900, 1300, (R, H + T + 10))
    population = rng.uniform(800, 1200, (R, T + 1, 2, 101))
    return history, births, population



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    sizes = [3] if args.smoke else [100, 3000]
    repeat = 1 if args.smoke else 3
    kw = dict(base_year=2023, horizon=2023 + T, births_first_year=2023 - H - 8)
    print(f"edplan {edplan.__version__}: {H} history years, {T} projected years, 12 grades; times in ms")
    print(f"{'regions':>8} {'numpy':>9} {'edplan':>9} {'ratio':>7} {'1000 draws':>11}")
    for R in sizes:
        history, births, population = inputs(R)

        def ours():
            return edplan._core.enrolment.project(SPECS, history, births=births, population=population, **kw).pupils

        def theirs():
            return numpy_project(LEVELS, history, births, kw["births_first_year"], 2023, 2023 + T, population)

        np.testing.assert_allclose(ours(), theirs(), rtol=1e-12)
        t_np, t_ed = best_of(theirs, repeat), best_of(ours, repeat)
        draws = 10 if args.smoke else 1000
        t_draws = best_of(lambda: edplan._core.enrolment.simulate(
            SPECS, history, births=births, population=population, draws=edplan._core.enrolment.DrawOptions(draws=draws),
            **kw), 1)
        print(f"{R:>8} {t_np * 1e3:>9.1f} {t_ed * 1e3:>9.2f} {t_np / t_ed:>6.1f}x {t_draws * 1e3:>10.0f}")


if __name__ == "__main__":
    main()
