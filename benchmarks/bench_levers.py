# SPDX-License-Identifier: MIT
"""The levers beyond building (DESIGN §2.4b): the C++ heuristic against the exact HiGHS MILP.

Generated instances in four families. Three of :func:`edplan.synthetic.programme_instance`
(districts whose kindergarten, primary and junior demand peak one after another) with every
lever: primary → junior and kindergarten → primary conversions (a classroom changes hands),
temporary primary and junior places and junior crowding (φ = 0.1), each cost drawn per
instance around its share of a new place's cost. One of :func:`edplan.synthetic.wave_instance`:
two districts, primary falling while junior peaks, tight budgets — where a build and the levers
must be chosen together. For every instance the MILP solves to proven optimality (time limit
60 s; unsolved instances are counted, not used); the gap is (heuristic − optimum) / optimum,
the speed ratio the MILP's solve time over the heuristic's. Then the built-in Quanzhou
programme.

    python benchmarks/bench_levers.py            # 4 families × 34 instances (136)
    python benchmarks/bench_levers.py --smoke    # 2 small instances (CI)
    python benchmarks/bench_levers.py --wave 0 2000   # the tail: wave_instance seeds 0..1999 only
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import edplan
from edplan.synthetic import LEVEL_SHAPES, LEVER_KEYS, programme_instance, wave_instance

FAMILIES = {
    "3 districts, cap 2, ¥200m/yr": dict(regions=3, candidates_per_pair=(2, 5), budget_per_year=2e8, max_per_batch=2),
    "6 districts, cap 3, ¥300m/yr": dict(regions=6, candidates_per_pair=(2, 6), budget_per_year=3e8, max_per_batch=3),
    "8 districts, cap 4, ¥150m/yr": dict(regions=8, candidates_per_pair=(2, 5), budget_per_year=1.5e8,
                                         max_per_batch=4),
    "2 districts, tight wave": None,  # edplan.synthetic.wave_instance
}


def instance(family: dict | None, seed: int) -> tuple[tuple, dict, dict]:
    """The tables, the settings with levers and without them of instance ``seed`` of ``family``."""
    if family is None:
        inst = wave_instance(seed)
        alone = {k: v for k, v in inst.settings.items() if k not in LEVER_KEYS}
        return (inst.demand, inst.capacity, inst.projects), inst.settings, alone
    inst = programme_instance(seed, **family)
    return (inst.demand, inst.capacity, inst.projects), dict(inst.settings, **levers(seed)), inst.settings


def levers(seed: int) -> dict:
    """The levers of instance ``seed``: conversions at 5–20% of a new place's cost, temporary
    places at 5–15% a year (lifetime 2–4), junior crowding φ = 0.1."""
    rng = np.random.default_rng(10_000 + seed)
    new = {level: shape[3] for level, shape in LEVEL_SHAPES.items()}
    conversions = pd.DataFrame({"from_level": ["kindergarten", "primary"], "to_level": ["primary", "junior"],
                                "cost_per_place": [new["primary"] * rng.uniform(0.05, 0.2),
                                                   new["junior"] * rng.uniform(0.05, 0.2)]})
    temporary = {level: {"cost_per_place_year": new[level] * rng.uniform(0.05, 0.15),
                         "lifetime": int(rng.integers(2, 5)), "max_share": 0.1} for level in ("primary", "junior")}
    return dict(conversions=conversions, temporary=temporary, crowding={"junior": 0.1})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--instances", type=int, default=34)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--wave", type=int, nargs=2, metavar=("FIRST", "END"),
                        help="only the gap distribution over wave_instance seeds FIRST..END-1")
    args = parser.parse_args()
    if args.wave:
        wave_tail(range(*args.wave), args.time_limit)
        return
    families = dict(list(FAMILIES.items())[:1]) if args.smoke else FAMILIES
    n = 2 if args.smoke else args.instances
    print(f"edplan {edplan.__version__}: heuristic (C++) vs exact (HiGHS MILP) with every lever, {n} instances "
          "per family, 2024..2035")
    print(f"{'family':<30} {'solved':>7} {'median':>8} {'p90':>7} {'max':>7} {'<=2%':>5} {'heur ms':>8} "
          f"{'MILP ms':>8} {'ratio':>6} {'vs build':>8}")
    all_gaps = []
    for name, family in families.items():
        gaps, t_heur, t_exact, saved, unsolved = [], [], [], [], 0
        for seed in range(n):
            tables, kw, alone_kw = instance(family, seed)
            exact = edplan.capacity.schedule(*tables, **kw, method="exact", time_limit=args.time_limit)
            if not exact.optimal:
                unsolved += 1
                continue
            heur = edplan.capacity.schedule(*tables, **kw)
            gaps.append((heur.objective - exact.objective) / exact.objective)
            t_heur.append(heur.seconds)
            t_exact.append(exact.seconds)
            alone = edplan.capacity.schedule(*tables, **alone_kw, method="exact", time_limit=args.time_limit)
            saved.append(1 - exact.objective / alone.objective)
        g = np.array(gaps) * 100
        all_gaps += list(g)
        print(f"{name:<30} {len(gaps):>3}/{n:<3} {np.median(g):>7.2f}% {np.percentile(g, 90):>6.2f}% "
              f"{g.max():>6.2f}% {np.mean(g <= 2.0) * 100:>4.0f}% {np.median(t_heur) * 1e3:>8.1f} "
              f"{np.median(t_exact) * 1e3:>8.1f} {np.median(np.array(t_exact) / np.array(t_heur)):>5.1f}x "
              f"{np.median(saved) * 100:>7.1f}%")
        if unsolved:
            print(f"  {unsolved} instance(s) not solved to optimality within {args.time_limit:.0f} s (left out)")
    g = np.array(all_gaps)
    print(f"all {len(g)} instances: gap quartiles {np.percentile(g, 25):.2f}% / {np.median(g):.2f}% / "
          f"{np.percentile(g, 75):.2f}%, max {g.max():.2f}%, within 2%: {np.mean(g <= 2.0) * 100:.0f}%")
    print("(vs build: the exact optimum with levers below building alone's exact optimum, median)")
    if not args.smoke:
        quanzhou(args.time_limit)


def wave_tail(seeds: range, time_limit: float) -> None:
    """The gap distribution over many seeds of the tight family, each seed above 2% named."""
    gaps = []
    for seed in seeds:
        tables, kw, _ = instance(None, seed)
        exact = edplan.capacity.schedule(*tables, **kw, method="exact", time_limit=time_limit)
        heur = edplan.capacity.schedule(*tables, **kw)
        gaps.append(100 * (heur.objective - exact.objective) / exact.objective)
        if gaps[-1] > 2.0:
            print(f"seed {seed}: heuristic {heur.objective:.3f}, optimum {exact.objective:.3f} ({gaps[-1]:.1f}%)")
    g = np.array(gaps)
    print(f"wave_instance seeds {seeds.start}..{seeds.stop - 1}: {len(g)} instances, median {np.median(g):.3f}%, "
          f"p99 {np.percentile(g, 99):.3f}%, max {g.max():.3f}%, within 2%: {np.mean(g <= 2.0) * 100:.2f}%")


def quanzhou(time_limit: float) -> None:
    """The built-in scenario's programme with its levers: heuristic and MILP."""
    scenario = edplan.Scenario.default()
    totals = scenario.run().tables["totals"]
    section = dict(scenario.section("programme"))
    pairs = scenario.tables["programme.conversions"]
    kw = dict(base_year=scenario.base_year, horizon=scenario.horizon, levels=scenario.levels,
              **{k: v for k, v in section.items() if k != "conversions"}, conversions=pairs)
    tables = (totals, scenario.tables["capacity.places"], scenario.tables["capacity.projects"])
    exact = edplan.capacity.schedule(*tables, **kw, method="exact", time_limit=time_limit)
    heur = edplan.capacity.schedule(*tables, **kw)
    print(f"built-in Quanzhou 2024..{scenario.horizon}: MILP {exact.status}, gap "
          f"{100 * (heur.objective / exact.objective - 1):.2f}%; heuristic {heur.seconds:.2f} s, "
          f"MILP {exact.seconds:.2f} s")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.1f} s")
