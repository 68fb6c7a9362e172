# SPDX-License-Identifier: MIT
"""p-center and LSCP-B: edplan's heuristic and exact model against spopt's PCenter and LSCPB
(pulp + CBC) on the same generated instances (benchmarks/coverage_instances.py), with each
one's time and objective gap to the optimum.

    python benchmarks/peers_siting.py            # 3 seeds at 150 x 25 (spopt's PCenter with CBC takes minutes above that)
    python benchmarks/peers_siting.py --smoke    # one small instance
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coverage_instances import instance  # noqa: E402

from edplan import coverage as cv  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def spopt_models():
    try:
        import pulp
        from spopt.locate import LSCPB, PCenter
    except ImportError:
        return None
    solver = pulp.PULP_CBC_CMD(msg=False)

    def p_center(C, p):
        model = PCenter.from_cost_matrix(C, p_facilities=p).solve(solver)
        sites = [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]
        return float(C[:, sites].min(axis=1).max())

    def lscp_b(C, S):
        model = LSCPB.from_cost_matrix(C, service_radius=S, solver=solver).solve()
        return model.lscp_obj_value, model.problem.objective.value()

    return p_center, lscp_b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--m", type=int, default=25)
    parser.add_argument("--p", type=int, default=5)
    args = parser.parse_args()
    n, m, seeds = (60, 10, range(1)) if args.smoke else (args.n, args.m, range(3))
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    peers = spopt_models()
    print(f"instances {n} x {m}, p = {args.p}; times in seconds; gap to the exact optimum")
    for seed in seeds:
        _, C, _, _ = instance(n, m, seed, clustered=False)
        h, th = timed(lambda: cv.p_center(C, p=args.p))
        e, te = timed(lambda: cv.p_center(C, p=args.p, method="exact"))
        line = (f"seed {seed} p-center: heuristic {h.objective:.3f} ({th:.3f} s, gap {h.objective / e.objective - 1:.2%})"
                f", exact {e.objective:.3f} ({te:.2f} s)")
        if peers:
            theirs, ts = timed(lambda: peers[0](C, args.p))
            line += f", spopt {theirs:.3f} ({ts:.2f} s; {ts / te:.1f}x exact's time)"
        print(line, flush=True)
        S = float(C.min(axis=1).max()) * 1.05  # just above what one site per point needs
        hb, thb = timed(lambda: cv.lscp_b(C, max_cost=S))
        eb, teb = timed(lambda: cv.lscp_b(C, max_cost=S, method="exact"))
        line = (f"seed {seed} LSCP-B within {S:.1f}: heuristic {hb.objective:.0f} sites / {hb.backup} backed up"
                f" ({thb:.3f} s), exact {eb.objective:.0f} / {eb.backup} ({teb:.2f} s)")
        if peers:
            (k, theirs), ts = timed(lambda: peers[1](C, S))
            lonely = int(((C <= S).sum(axis=1) < 2).sum())
            line += f", spopt {k:.0f} / {theirs:.0f} (counting {lonely} single-candidate points; {ts:.2f} s)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
