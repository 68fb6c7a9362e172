# SPDX-License-Identifier: MIT
"""The headline comparisons, in one process: each of edplan's main computations against what
a competent user would run instead on the same inputs, both timed in interleaved rounds
(medians), the answers checked equal (or as good) before timing. The README quotes its table.

    python benchmarks/bench_headline.py            # about 3 minutes on 2 idle cores
    python benchmarks/bench_headline.py --smoke    # tiny sizes, one round (CI: it runs, times mean nothing)
    python benchmarks/bench_headline.py --only p-median   # the rows whose task names it

The inputs and reference implementations are those of the detailed benchmarks (bench_*.py)
and of the test suite (tests/python/*_reference.py), so a row here and there agree.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Callable, Optional

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))

import edplan  # noqa: E402
from edplan import coverage as cv  # noqa: E402
from edplan import population as pop  # noqa: E402
from _timing import interleaved  # noqa: E402


@dataclass
class Row:
    """One comparison: what is computed, at what size, edplan's callable and the alternative's."""

    task: str
    size: str
    alternative: str
    ours: Callable[[], object]
    theirs: Callable[[], object]
    note: str = ""
    scale: float = 1.0  # the alternative is timed on a share of the work and scaled by this
    floor: bool = False  # the alternative is a floor (a read of the input): the ratio is edplan's time over it


def population_row(smoke: bool) -> Row:
    import bench_population as bp
    from numpy_reference import project as numpy_project

    R = 20 if smoke else 3000
    base, survival, fertility, migration = bp.inputs(R)
    kw = dict(years=bp.T, srb=1.12, birth_survival=(0.995, 0.994))
    np.testing.assert_allclose(pop.project(base, survival, fertility, migration, **kw),
                               numpy_project(base, survival, fertility, migration, **kw)[0], rtol=1e-12, atol=1e-9)
    return Row("population projection", f"{R:,} regions × {bp.T} years × 2 × 101 ages", "vectorised numpy",
               lambda: pop.project(base, survival, fertility, migration, **kw),
               lambda: numpy_project(base, survival, fertility, migration, **kw))


def enrolment_row(smoke: bool) -> Row:
    import bench_enrolment as be
    from numpy_enrolment import project as numpy_project

    R = 20 if smoke else 3000
    history, births, population = be.inputs(R)
    kw = dict(base_year=2023, horizon=2023 + be.T, births_first_year=2023 - be.H - 8)

    def ours():
        return edplan._core.enrolment.project(be.SPECS, history, births=births, population=population, **kw).pupils

    def theirs():
        return numpy_project(be.LEVELS, history, births, kw["births_first_year"], 2023, 2023 + be.T, population)

    np.testing.assert_allclose(ours(), theirs(), rtol=1e-12)
    return Row("enrolment projection", f"{R:,} regions × 12 grades × {be.T} years", "vectorised numpy", ours, theirs)


def chain_row(smoke: bool) -> Row:
    import bench_national as bn

    R, D = (4, 5) if smoke else (100, 1000)
    share = 1 if smoke else 20  # numpy runs 1/20 of the draws (about 0.1 ms a county-draw), scaled
    x = bn.inputs(R)
    return Row("Monte Carlo chain (population → enrolment → p10/p50/p90)", f"{R:,} counties × {D:,} draws",
               "vectorised numpy, per draw", lambda: bn.edplan_chain(x, D), lambda: bn.numpy_chain(x, D // share),
               note=f"numpy timed on {D // share} draws and scaled", scale=share)


def fca_rows(smoke: bool) -> list[Row]:
    import coverage_reference as ref
    from coverage_instances import instance

    n, m = (500, 100) if smoke else (10_000, 2_000)
    P, C, _, _ = instance(n, m, seed=1, clustered=False)
    S = np.random.default_rng(2).integers(20, 400, m).astype(float)
    decay = cv.Decay.step({10: 1.0, 20: 0.68, 30: 0.22})

    def f(c):
        return np.select([c <= 10, c <= 20, c <= 30], [1.0, 0.68, 0.22], 0.0)

    np.testing.assert_allclose(cv.two_step_fca(P, S, C, max_cost=30.0, decay=decay), ref.two_step(P, S, C, 30.0, f),
                               rtol=1e-9)
    size = f"{n:,} × {m:,} dense"
    rows = [
        Row("2SFCA", size, "numpy, dense", lambda: cv.two_step_fca(P, S, C, max_cost=30.0),
            lambda: ref.two_step(P, S, C, 30.0)),
        Row("E2SFCA (step decay)", size, "numpy, dense", lambda: cv.two_step_fca(P, S, C, max_cost=30.0, decay=decay),
            lambda: ref.two_step(P, S, C, 30.0, f)),
        Row("2SFCA", size, "one read of the matrix (numpy sum)", lambda: cv.two_step_fca(P, S, C, max_cost=30.0),
            lambda: C.sum(), floor=True),
    ]
    if importlib.util.find_spec("access") is None:
        return rows
    import bench_coverage as bc

    na, ma = (200, 40) if smoke else (2_000, 400)
    Pa, Ca, _, _ = instance(na, ma, seed=1, clustered=False)
    Sa = S[:ma]
    rows.append(Row("E2SFCA (step decay)", f"{na:,} × {ma:,}", "PySAL access `enhanced_two_stage_fca`",
                    lambda: cv.two_step_fca(Pa, Sa, Ca, max_cost=30.0, decay=decay),
                    lambda: bc.access_2sfca(Pa, Sa, Ca, 30.0, True)))
    return rows


def siting_rows(smoke: bool) -> list[Row]:
    import coverage_reference as ref
    from coverage_instances import instance

    n, m, p = (1_000, 100, 10) if smoke else (10_000, 1_000, 50)
    P, C, _, _ = instance(n, m, seed=5, clustered=False)
    covered = cv.mclp(P, C, max_cost=30.0, p=p).objective
    assert covered >= ref.greedy_mclp(P, C, 30.0, p)[1] - 1e-9  # at least the greedy's coverage
    # The p-median on issue 20's instance, the MCLP's (5,000 x 500, p = 25 before).
    nm, mm, pm = n, m, p
    Pm, Cm = P, C
    assert cv.p_median(Pm, Cm, p=pm).objective <= ref.greedy_p_median(Pm, Cm, pm)[1] + 1e-6
    return [
        Row("MCLP (greedy, swaps, search, bound)", f"{n:,} × {m:,} dense, p = {p}", "lean numpy greedy",
            lambda: cv.mclp(P, C, max_cost=30.0, p=p), lambda: ref.greedy_mclp(P, C, 30.0, p),
            note="edplan also proves its gap"),
        Row("MCLP (greedy and swaps only)", f"{n:,} × {m:,} dense, p = {p}", "lean numpy greedy",
            lambda: cv.mclp(P, C, max_cost=30.0, p=p, rounds=0, bound_iterations=-1),
            lambda: ref.greedy_mclp(P, C, 30.0, p)),
        Row("p-median (greedy, swaps, search, bound)", f"{nm:,} × {mm:,} dense, p = {pm}", "lean numpy greedy",
            lambda: cv.p_median(Pm, Cm, p=pm), lambda: ref.greedy_p_median(Pm, Cm, pm),
            note="edplan also reports its gap"),
        Row("p-median (greedy and swaps only)", f"{nm:,} × {mm:,} dense, p = {pm}", "lean numpy greedy",
            lambda: cv.p_median(Pm, Cm, p=pm, rounds=0, bound_iterations=-1),
            lambda: ref.greedy_p_median(Pm, Cm, pm)),
    ]


def programme_row(smoke: bool) -> Optional[Row]:
    if importlib.util.find_spec("highspy") is None:
        return None
    scenario = edplan.Scenario.default()
    totals = scenario.run().tables["totals"]
    section = dict(scenario.section("programme"))
    section.pop("conversions", None)  # the settings name the table; schedule() takes the table itself
    kw = dict(base_year=scenario.base_year, horizon=scenario.horizon, levels=scenario.levels, **section,
              conversions=scenario.tables["programme.conversions"])
    tables = (totals, scenario.tables["capacity.places"], scenario.tables["capacity.projects"])
    heuristic = edplan.capacity.schedule(*tables, **kw)
    exact = edplan.capacity.schedule(*tables, **kw, method="exact")
    assert heuristic.objective <= exact.objective * 1.02 + 1e-6
    n = int((scenario.tables["capacity.projects"].status == "candidate").sum())
    return Row("school-building programme with levers", f"built-in Quanzhou, {n} candidates",
               "HiGHS MILP (proven optimum)", lambda: edplan.capacity.schedule(*tables, **kw),
               lambda: edplan.capacity.schedule(*tables, **kw, method="exact"),
               note=f"gap {heuristic.objective / exact.objective - 1:.2%}")


def targets_row(smoke: bool) -> Row:
    import bench_targets as bt
    from targets_reference import assess_frame_numpy

    G = 200 if smoke else 100_000
    ind, tgt = bt.tables(G)
    return Row("target assessment (DataFrame in, out)", f"{G:,} series × {bt.T} years", "pandas groupby + numpy",
               lambda: edplan.targets.assess_table(ind, tgt), lambda: assess_frame_numpy(ind, tgt))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round (CI)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median)")
    parser.add_argument("--only", metavar="WORD", help="only the rows whose task contains WORD (e.g. MCLP, p-median)")
    args = parser.parse_args()
    warnings.simplefilter("ignore", pop.ClampWarning)
    rounds = 1 if args.smoke else args.rounds
    started = time.perf_counter()
    # Each maker with the words of its rows' tasks, so that --only builds the inputs it times only.
    makers: list[tuple[Callable[[bool], object], str]] = [
        (population_row, "population projection"), (enrolment_row, "enrolment projection"),
        (chain_row, "Monte Carlo chain"), (fca_rows, "2SFCA E2SFCA"), (siting_rows, "MCLP p-median"),
        (programme_row, "school-building programme"), (targets_row, "target assessment")]
    rows: list[Row] = []
    for make, words in makers:
        if args.only is not None and args.only.lower() not in words.lower():
            continue
        made = make(args.smoke)
        for row in made if isinstance(made, list) else [made]:
            if row is not None and (args.only is None or args.only.lower() in row.task.lower()):
                rows.append(row)
    print(f"edplan {edplan.__version__}, {edplan._core.default_threads()} threads, load average "
          f"{os.getloadavg()[0]:.1f} at the start; medians of {rounds} interleaved rounds\n")
    print("| task | size | edplan | instead | its time | ratio |")
    print("|---|---|---:|---|---:|---:|")
    for row in rows:
        row.ours(), row.theirs()  # warm-up, untimed: lazy imports, first touch of the inputs
        t = interleaved({"ours": row.ours, "theirs": row.theirs}, rounds)
        theirs = t["theirs"] * row.scale
        note = f" ({row.note})" if row.note else ""
        ratio = f"edplan {t['ours'] / theirs:.1f}× it" if row.floor else f"{theirs / t['ours']:.1f}×"
        print(f"| {row.task} | {row.size} | {seconds(t['ours'])} | {row.alternative}{note} | {seconds(theirs)} "
              f"| {ratio} |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end; {time.perf_counter() - started:.0f} s in all")


def seconds(t: float) -> str:
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


if __name__ == "__main__":
    main()
