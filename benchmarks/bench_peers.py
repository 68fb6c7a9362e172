# SPDX-License-Identifier: MIT
"""edplan against each peer on the same inputs, in one run: spopt (pulp + CBC) for LSCP, MCLP,
p-median, p-center, LSCP-B and the capacitated p-median; PySAL access for 2SFCA, E2SFCA and
RAAM. For each model: edplan's time (heuristic and exact for siting), the peer's time, the
ratio (peer time / edplan time, > 1: edplan faster) and the objective gap.

Gap, siting: (edplan's objective - the peer's) / the peer's, signed so that > 0 means edplan's
answer is worse (fewer people covered for MCLP, more sites or cost otherwise); spopt solves to
optimality, so the exact model's gap is 0 and the heuristic's is its distance to the optimum.
Gap, access: the largest absolute difference between the two access vectors (NaN where both
are NaN; a point NaN in one only is counted and reported). Candidates at the same place as
another are dropped from the access instance: RAAM breaks such ties by site order, and access's
site order is a Python set's (see ``accessibility``).

Times are medians of ``--repeat`` runs, edplan and the peer interleaved; spopt's time includes
building its pulp model and CBC's run (a subprocess), access's the method call on an ``Access``
built beforehand (its cost table in long form, as access takes it).

    python benchmarks/bench_peers.py                 # spopt at 300 x 40, access at 4000 x 400
    python benchmarks/bench_peers.py --smoke         # tiny sizes, a few seconds
    python benchmarks/bench_peers.py --n 400 --m 50 --access-n 3000 --access-m 300 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coverage_instances import capacities, instance  # noqa: E402

from edplan import coverage as cv  # noqa: E402

E2SFCA_STEPS = {10: 1, 20: 0.68, 30: 0.22}  # access's default E2SFCA weights (minutes)


def timed(fns, repeat):
    """[(last output, median seconds)] of ``repeat`` rounds, each round calling every function
    once in turn, so that a change of load touches edplan and the peer alike."""
    outs, times = [None] * len(fns), [[] for _ in fns]
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            outs[k] = fn()
            times[k].append(time.perf_counter() - t0)
    return [(o, statistics.median(t)) for o, t in zip(outs, times)]


def row(model, size, mine, peer, gap, note=""):
    """One line of the table; ``mine`` and ``peer`` are seconds (None: not run)."""
    cells = [model, size] + [f"{t:.3g}" if t is not None else "-" for t in mine]
    cells.append(f"{peer:.3g}" if peer is not None else "skipped")
    cells += [f"{peer / t:.1f}x" if peer is not None and t else "-" for t in mine]
    cells += [gap, note]
    print("| " + " | ".join(cells) + " |", flush=True)


def percent(gap):
    """A relative gap in %, rounding noise below 1e-9 shown as 0 (never -0.00%)."""
    return f"{gap:.2%}" if abs(gap) > 1e-9 else "0"


def spopt_peers():
    """Callables solving each model with spopt, or None when spopt is not installed."""
    try:
        import pulp
        from spopt.locate import LSCP, LSCPB, MCLP, PCenter, PMedian
    except ImportError:
        return None
    solver = pulp.PULP_CBC_CMD(msg=False)

    def chosen(model):
        return [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]

    def lscp(C, S):
        return float(len(chosen(LSCP.from_cost_matrix(C, service_radius=S).solve(solver))))

    def mclp(P, C, S, p):
        sites = chosen(MCLP.from_cost_matrix(C, P, service_radius=S, p_facilities=p).solve(solver))
        return float(P[(C[:, sites] <= S).any(axis=1)].sum())

    def p_median(P, C, p, capacity=None):
        model = PMedian.from_cost_matrix(C, P, p_facilities=p, facility_capacities=capacity).solve(solver)
        return float(model.problem.objective.value())

    def p_center(C, p):
        return float(C[:, chosen(PCenter.from_cost_matrix(C, p_facilities=p).solve(solver))].min(axis=1).max())

    def lscp_b(C, S):
        model = LSCPB.from_cost_matrix(C, service_radius=S, solver=solver).solve()
        return float(model.lscp_obj_value), round(model.problem.objective.value())

    return dict(lscp=lscp, mclp=mclp, p_median=p_median, p_center=p_center, lscp_b=lscp_b)


def siting(n, m, p, seed, repeat):
    """The spopt table: one clustered n x m instance, every siting model."""
    demand, C, _, _ = instance(n, m, seed)
    peers = spopt_peers()
    size = f"{n} x {m}"
    if peers is None:
        print("skipped: spopt not installed (pip install spopt)")
    S = float(C.min(axis=1).max()) * 1.05  # just above what one site per point needs
    radius = float(np.quantile(C, 0.1))  # MCLP: p sites cannot cover everyone
    cap = capacities(demand, m, p, ratio=1.3, seed=seed)
    cases = [  # (name, edplan(method), peer(), sense: +1 minimise / -1 maximise)
        ("LSCP", lambda meth: cv.lscp(C, max_cost=S, method=meth).objective,
         lambda: peers["lscp"](C, S), 1),
        (f"MCLP (p={p})", lambda meth: cv.mclp(demand, C, max_cost=radius, p=p, method=meth).objective,
         lambda: peers["mclp"](demand, C, radius, p), -1),
        (f"p-median (p={p})", lambda meth: cv.p_median(demand, C, p=p, method=meth).objective,
         lambda: peers["p_median"](demand, C, p), 1),
        (f"p-center (p={p})", lambda meth: cv.p_center(C, p=p, method=meth).objective,
         lambda: peers["p_center"](C, p), 1),
        # spopt's capacitated PMedian assigns each point whole to one site: single_source here.
        (f"capacitated p-median (p={p}, single source)",
         lambda meth: cv.p_median(demand, C, p=p, capacity=cap, single_source=True, method=meth).objective,
         lambda: peers["p_median"](demand, C, p, cap), 1),
    ]
    for name, mine, theirs, sense in cases:
        runs = [lambda: mine("heuristic"), lambda: mine("exact")] + ([theirs] if peers else [])
        (h, th), (e, te), *peer = timed(runs, repeat)
        if not peer:
            row(name, size, (th, te), None, "-")
            continue
        (t, tt), = peer
        gaps = [sense * (x - t) / abs(t) if t else 0.0 for x in (h, e)]
        row(name, size, (th, te), tt, f"heuristic {percent(gaps[0])}, exact {percent(gaps[1])}")
    # LSCP-B: sites first, then points covered twice; spopt's objective also counts as covered
    # twice the points that fewer than two candidates reach (its u_i is free for them).
    lonely = int(((C <= S).sum(axis=1) < 2).sum())
    runs = [lambda: cv.lscp_b(C, max_cost=S), lambda: cv.lscp_b(C, max_cost=S, method="exact")]
    (hb, th), (eb, te), *peer = timed(runs + ([lambda: peers["lscp_b"](C, S)] if peers else []), repeat)
    if not peer:
        row("LSCP-B", size, (th, te), None, "-")
        return
    ((k, backup), tt), = peer
    row("LSCP-B", size, (th, te), tt,
        f"sites: heuristic {percent((hb.objective - k) / k)}, exact {percent((eb.objective - k) / k)}",
        f"backed up: spopt {backup - lonely}, heuristic {hb.backup}, exact {eb.backup}")


def access_values(frame, column, ids):
    """One access output column as an array in demand-point order."""
    return frame[column].reindex(ids).to_numpy(dtype=float)


def difference(mine, theirs):
    """'max |diff|' over points finite in both, and how many are NaN in one only."""
    both = np.isfinite(mine) & np.isfinite(theirs)
    one = int((np.isnan(mine) != np.isnan(theirs)).sum())
    text = f"max abs diff {np.max(np.abs(mine[both] - theirs[both])) if both.any() else 0.0:.1e}"
    return text + (f" ({one} NaN in one only)" if one else "")


def accessibility(n, m, seed, repeat):
    """The access table: 2SFCA, E2SFCA and RAAM on one n x m instance, all pairs linked."""
    try:
        import pandas as pd
        from access import Access, weights
    except ImportError:
        print("skipped: access not installed (pip install access)")
        return
    demand, C, _, _ = instance(n, m, seed)
    # Two candidates at the same place (villages clipped to the square's edge) tie for every
    # point; RAAM then depends on which one argmin meets first, and access orders sites by a
    # Python set of their ids (hash order, changing from run to run): keep one of each.
    C = C[:, np.sort(np.unique(C, axis=1, return_index=True)[1])]
    m = C.shape[1]
    supply = np.round(np.random.default_rng(seed + 7).uniform(20, 400, m))
    ids, sids = [f"d{i}" for i in range(n)], [f"s{j}" for j in range(m)]
    cost_df = pd.DataFrame({"origin": np.repeat(ids, m), "dest": np.tile(sids, n), "cost": C.ravel()})
    a = Access(demand_df=pd.DataFrame({"geoid": ids, "pop": demand}), demand_index="geoid", demand_value="pop",
               supply_df=pd.DataFrame({"geoid": sids, "places": supply}), supply_index="geoid",
               supply_value="places", cost_df=cost_df, cost_origin="origin", cost_dest="dest", cost_name="cost")
    a.log.setLevel("WARNING")  # Access sets INFO, logging "Overwriting x_places" on every repeat
    size = f"{n} x {m}"
    cases = [
        ("2SFCA (30 min)", lambda: cv.two_step_fca(demand, supply, C, max_cost=30, unreachable="nan"),
         lambda: access_values(a.two_stage_fca(name="x", max_cost=30), "x_places", ids)),
        ("E2SFCA (10/20/30 min steps)",
         lambda: cv.two_step_fca(demand, supply, C, max_cost=30, decay=cv.Decay.step(E2SFCA_STEPS),
                                 unreachable="nan"),
         lambda: access_values(a.enhanced_two_stage_fca(name="e", max_cost=30,
                                                        weight_fn=weights.step_fn(E2SFCA_STEPS)), "e_places", ids)),
        ("RAAM (tau 60)", lambda: cv.raam(demand, supply, C, tau=60),
         lambda: access_values(a.raam(name="r", tau=60), "r_places", ids)),
    ]
    for name, mine, theirs in cases:
        (x, tx), (y, ty) = timed([mine, theirs], repeat)
        row(name, size, (tx,), ty, difference(x, y))


def main() -> None:
    """Both tables, at the sizes given (or tiny ones with --smoke)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--n", type=int, default=300, help="siting demand points")
    parser.add_argument("--m", type=int, default=40, help="siting candidates")
    parser.add_argument("--p", type=int, default=5)
    parser.add_argument("--access-n", type=int, default=4000)
    parser.add_argument("--access-m", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.smoke:
        args.n, args.m, args.p, args.access_n, args.access_m, args.repeat = 40, 8, 3, 60, 10, 1
    warnings.filterwarnings("ignore")  # the peers' pandas and pulp deprecation warnings
    print("times in seconds (median of %d); ratio = peer time / edplan time" % args.repeat)
    print("| model | n x m | edplan heuristic | edplan exact | spopt | ratio heuristic | ratio exact | gap | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    siting(args.n, args.m, args.p, args.seed, args.repeat)
    print()
    print("| model | n x m | edplan | access | ratio | gap | note |")
    print("|---|---|---|---|---|---|---|")
    accessibility(args.access_n, args.access_m, args.seed, args.repeat)


if __name__ == "__main__":
    main()
