# SPDX-License-Identifier: MIT
"""The heuristic's tail on the property test's generator: many draws, every one above 2%.

Draws instances from the property test's generator (``draw_instance`` in
``tests/python/test_programme.py``) and compares building alone's heuristic with the reference
optimum of ``tests/python/programme_reference.py`` (every schedule tried). Each choice of the
generator is drawn uniformly from ``random.Random(i)`` for draw i, so draw i can be made again
(hypothesis's own search favours the first values of each choice, and so meets the tight
instances less often); two worker processes. Prints the counts and every draw further than
``--gap`` above the optimum; ``--save`` pickles those instances for study.

    nice -n 19 python benchmarks/tail_programme.py --draws 0 61000
    python benchmarks/tail_programme.py --smoke    # 40 draws (CI)
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests" / "python"


def uniform(i: int):
    """A `draw` for the generator: each `sampled_from` or `integers` choice uniform, seeded by i."""
    rng = random.Random(i)

    def draw(strategy):
        s = getattr(strategy, "wrapped_strategy", strategy)  # integers() is lazy
        if hasattr(s, "elements"):
            return s.elements[rng.randrange(len(s.elements))]
        return rng.randint(s.start, s.end)

    return draw


def instance(i: int):
    """Draw i of the generator."""
    sys.path.insert(0, str(TESTS))
    from test_programme import draw_instance

    return draw_instance(uniform(i))


def compare(draws: range, gap: float) -> tuple[int, float, list]:
    """(draws above the optimum at all, the largest gap, [(i, gap, heuristic, optimum)] above `gap`)."""
    sys.path.insert(0, str(TESTS))
    import programme_reference as ref
    from edplan import capacity as cap

    above, worst, misses = 0, 0.0, []
    for i in draws:
        demand, capacity, projects, kw = instance(i)
        best = ref.optimum(ref.problem(demand, capacity, projects, **kw))
        heur = cap.schedule(demand, capacity, projects, **kw).objective
        off = heur / best - 1 if best > 0 else (0.0 if heur <= 1e-9 else float("inf"))
        above += off > 1e-9
        worst = max(worst, off)
        if off > gap:
            misses.append((i, off, heur, best))
    return above, worst, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, nargs=2, default=[0, 10000], metavar=("FIRST", "END"))
    parser.add_argument("--gap", type=float, default=0.02)
    parser.add_argument("--save", type=Path, help="pickle the instances above --gap here")
    parser.add_argument("--smoke", action="store_true", help="draws 0..39 only")
    args = parser.parse_args()
    first, end = (0, 40) if args.smoke else args.draws
    chunks = [range(a, min(a + 500, end)) for a in range(first, end, 500)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(compare, chunks, [args.gap] * len(chunks)))
    above = sum(r[0] for r in results)
    worst = max(r[1] for r in results)
    misses = [m for r in results for m in r[2]]
    print(f"draws {first}..{end - 1}: {above} above the optimum (the furthest {worst:.3%}), {len(misses)} more "
          f"than {args.gap:.0%} above")
    for i, off, heur, best in sorted(misses, key=lambda m: -m[1]):
        demand, capacity, projects, kw = instance(i)
        print(f"  draw {i}: {off:.2%} ({heur:.3f} against {best:.3f}); budget {kw['budget_per_year']:g}, "
              f"cap {kw['max_per_batch']}, stages {kw['stage_years']['primary']}, "
              f"stranded weight {kw['weights']['stranded']}, {len(projects)} candidates")
    if args.save:
        args.save.write_bytes(pickle.dumps([(m, instance(m[0])) for m in misses]))


if __name__ == "__main__":
    main()
