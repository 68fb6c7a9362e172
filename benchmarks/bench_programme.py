# SPDX-License-Identifier: MIT
"""The "1+3" scheduler: the C++ heuristic against the exact HiGHS MILP of the same objective.

Generated instances (:func:`edplan.synthetic.programme_instance`: districts whose demand peaks
and falls, published school sizes, a budget and a batch cap), in one process. For every instance
the MILP solves to proven optimality (time limit 60 s; unsolved instances are counted, not
used), the heuristic's gap is (heuristic − optimum) / optimum, and the speed ratio is the MILP's
solve time over the heuristic's (both without the shared table checks).

    python benchmarks/bench_programme.py            # 3 families × 20 instances
    python benchmarks/bench_programme.py --family 0 --instances 150   # one family, more instances
    python benchmarks/bench_programme.py --smoke    # 2 small instances (CI)
    python benchmarks/bench_programme.py --scale 1 10 100 --alone   # building alone's heuristic only
    python benchmarks/bench_programme.py --scale 1 2 5 10 20 50 100   # the built-in programme with
        # its districts copied 1 .. 100 times (13 .. 1,300 regions; budget and batch cap scaled
        # alike; levers on): heuristic and HiGHS times, their ratio and the gap against HiGHS's
        # optimum, or against the lower bound it proved where the time limit stops it, in one run
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time

import numpy as np
import pandas as pd

import edplan
from edplan.capacity import rules
from edplan.capacity.milp import solve_bounded
from edplan.synthetic import programme_instance

# name: generator settings (districts, candidates per district and level, budget per year, batch cap)
FAMILIES = {
    "3 districts, cap 2, ¥200m/yr": dict(regions=3, candidates_per_pair=(2, 5), budget_per_year=2e8, max_per_batch=2),
    "6 districts, cap 3, ¥300m/yr": dict(regions=6, candidates_per_pair=(2, 6), budget_per_year=3e8, max_per_batch=3),
    "12 districts, cap 4, ¥400m/yr": dict(regions=12, candidates_per_pair=(3, 6), budget_per_year=4e8,
                                          max_per_batch=4),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--scale", type=int, nargs="+", help="copies of the built-in districts to time")
    parser.add_argument("--alone", action="store_true",
                        help="with --scale: only the heuristic's CPU time for building alone (no levers, no HiGHS)")
    parser.add_argument("--family", type=int, choices=range(len(FAMILIES)), help="run only this family (0, 1, 2)")
    args = parser.parse_args()
    if args.scale and args.alone:
        alone(args.scale)
        return
    if args.scale:
        scaling(args.scale, args.time_limit)
        return
    families = dict(list(FAMILIES.items())[:1]) if args.smoke else FAMILIES
    if args.family is not None:
        families = dict([list(FAMILIES.items())[args.family]])
    n = 2 if args.smoke else args.instances
    print(f"edplan {edplan.__version__}: heuristic (C++) vs exact (HiGHS MILP), {n} instances per family, "
          f"2024..2035, weights unmet 1, cost 1e-6, stranded 0.2")
    print(f"{'family':<30} {'cands':>5} {'solved':>6} {'gap median':>10} {'p90':>7} {'max':>7} {'<=2%':>5} "
          f"{'heur ms':>8} {'MILP ms':>8} {'ratio':>7}")
    for name, family in families.items():
        gaps, t_heur, t_exact, sizes, unsolved = [], [], [], [], 0
        for seed in range(n):
            inst = programme_instance(seed, **family)
            kw = inst.settings
            sizes.append(int((inst.projects.status == "candidate").sum()))
            exact = edplan.capacity.schedule(inst.demand, inst.capacity, inst.projects, **kw, method="exact",
                                             time_limit=args.time_limit)
            if not exact.optimal:
                unsolved += 1
                continue
            heur = min((edplan.capacity.schedule(inst.demand, inst.capacity, inst.projects, **kw) for _ in range(3)),
                       key=lambda r: r.seconds)
            gaps.append((heur.objective - exact.objective) / exact.objective)
            t_heur.append(heur.seconds)
            t_exact.append(exact.seconds)
        g = np.array(gaps) * 100
        ratio = np.median(np.array(t_exact) / np.array(t_heur))
        print(f"{name:<30} {np.median(sizes):>5.0f} {len(gaps):>3}/{n:<3} {np.median(g):>8.3f}% "
              f"{np.percentile(g, 90):>6.3f}% "
              f"{g.max():>6.3f}% {np.mean(g <= 2.0) * 100:>4.0f}% {np.median(t_heur) * 1e3:>8.2f} "
              f"{np.median(t_exact) * 1e3:>8.1f} {ratio:>6.0f}x")
        if unsolved:
            print(f"  {unsolved} instance(s) not solved to optimality within {args.time_limit:.0f} s (left out)")
    if not args.smoke and args.family is None:
        quanzhou(args.time_limit)


def quanzhou(time_limit: float) -> None:
    """The built-in Quanzhou scenario's demand, places, projects and [programme] settings."""
    scenario = edplan.Scenario.default()
    totals = scenario.run().tables["totals"]
    levers = ("conversions", "temporary", "crowding")  # building alone here: bench_levers.py weighs them
    kw = dict(base_year=scenario.base_year, horizon=scenario.horizon, levels=scenario.levels,
              **{k: v for k, v in scenario.section("programme").items() if k not in levers})
    tables = (totals, scenario.tables["capacity.places"], scenario.tables["capacity.projects"])
    exact = edplan.capacity.schedule(*tables, **kw, method="exact", time_limit=time_limit)
    heur = min((edplan.capacity.schedule(*tables, **kw) for _ in range(3)), key=lambda r: r.seconds)
    n = int((scenario.tables["capacity.projects"].status == "candidate").sum())
    print(f"{'built-in Quanzhou, 2024..' + str(scenario.horizon):<30} {n:>5} {exact.status:>10} gap "
          f"{100 * (heur.objective / exact.objective - 1):.3f}%  heuristic {heur.seconds * 1e3:.1f} ms, "
          f"MILP {exact.seconds * 1e3:.1f} ms")


def scaled(scenario, totals, copies: int):
    """The built-in programme with its districts copied ``copies`` times (region "name#k"),
    budget and batch cap multiplied alike: each copy a county with its own share."""
    def rep(t, ids=False):
        parts = []
        for k in range(copies):
            u = t.copy()
            u["region"] = u["region"].astype(str) + f"#{k}"
            if ids:
                u["id"] = u["id"].astype(str) + f"#{k}"
            parts.append(u)
        return pd.concat(parts, ignore_index=True)
    section = dict(scenario.section("programme"))
    section.pop("conversions", None)
    section["budget_per_year"] = section["budget_per_year"] * copies
    section["max_per_batch"] = section["max_per_batch"] * copies
    kw = dict(base_year=scenario.base_year, horizon=scenario.horizon, levels=scenario.levels, **section,
              conversions=scenario.tables["programme.conversions"])
    return (rep(totals), rep(scenario.tables["capacity.places"]), rep(scenario.tables["capacity.projects"], True)), kw


def alone(copies_list) -> None:
    """CPU time (``time.process_time``, steadier than the wall clock on a shared machine) of the
    heuristic for building alone on the scaled programmes: the comparison run of ``schedule``
    with levers."""
    scenario = edplan.Scenario.default()
    totals = scenario.run().tables["totals"]
    print(f"building alone (no levers), heuristic only; load {os.getloadavg()[0]:.1f}")
    print(f"{'regions':>7} {'cands':>6} {'CPU s':>7} {'objective':>14}")
    for copies in copies_list:
        tables, kw = scaled(scenario, totals, copies)
        for lever in ("conversions", "temporary", "crowding"):
            kw.pop(lever, None)
        t0 = time.process_time()
        heur = edplan.capacity.schedule(*tables, **kw)
        cpu = time.process_time() - t0
        n = int((tables[2].status == "candidate").sum())
        print(f"{13 * copies:>7} {n:>6} {cpu:>7.2f} {heur.objective:>14.3f}", flush=True)


@contextlib.contextmanager
def keep_programme():
    """Keeps the engine's programme and stage years of the first exact solve inside the block
    (in a list), for the linear relaxation of the same model."""
    kept: list = []
    original = rules.Rules.solve

    def solve(self, prog):
        if not kept:
            kept.append((prog, self.stages))
        return original(self, prog)

    rules.Rules.solve = solve
    try:
        yield kept
    finally:
        rules.Rules.solve = original


def scaling(copies_list, time_limit: float) -> None:
    """Time against the number of districts: the heuristic and HiGHS on the same programme, the
    gap against HiGHS's optimum where it proves one, else against the lower bound it proved."""
    scenario = edplan.Scenario.default()
    totals = scenario.run().tables["totals"]
    print(f"HiGHS time limit {time_limit:.0f} s; gap = heuristic / reference - 1, the reference the optimum "
          f"(status Optimal), else the better of HiGHS's dual bound and the LP relaxation's optimum; "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"{'regions':>7} {'cands':>6} {'heur s':>7} {'HiGHS s':>8} {'ratio':>6} {'HiGHS status':>14} "
          f"{'reference':>11} {'gap':>8} {'HiGHS gap':>9}")
    for copies in copies_list:
        tables, kw = scaled(scenario, totals, copies)
        heur = edplan.capacity.schedule(*tables, **kw)
        with keep_programme() as kept:
            exact = edplan.capacity.schedule(*tables, **kw, method="exact", time_limit=time_limit)
        n = int((tables[2].status == "candidate").sum())
        reference = exact.objective if exact.optimal else exact.bound
        if not exact.optimal:  # the better of HiGHS's dual bound and the linear relaxation's optimum
            relaxed = solve_bounded(*kept[0], time_limit=time_limit, relax=True).bound
            reference = max((b for b in (reference, relaxed) if b is not None), default=None)
        gap = f"{100 * (heur.objective / reference - 1):>7.3f}%" if reference else f"{'n/a':>8}"
        highs_gap = f"{100 * (exact.objective / reference - 1):>8.3f}%" if reference else f"{'n/a':>9}"
        print(f"{13 * copies:>7} {n:>6} {heur.seconds:>7.2f} {exact.seconds:>8.2f} "
              f"{exact.seconds / heur.seconds:>5.1f}x {exact.status:>14} {reference or float('nan'):>11.1f} {gap} "
              f"{highs_gap}  load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.1f} s")
