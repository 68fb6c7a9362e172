# SPDX-License-Identifier: MIT
"""The "1+3" programme on a generated instance (edplan.synthetic: not real districts): schedule the
candidates, print the three batches of each year, every district's deficit before and after, the
exact optimum's gap, and the kindergarten shares against 50% / 90% in 2025.

    python examples/python/expansion_programme.py
"""

from __future__ import annotations

import pandas as pd

import edplan
from edplan.synthetic import programme_instance

pd.set_option("display.width", 120)
inst = programme_instance(seed=2, regions=4, budget_per_year=3e8, max_per_batch=2)
settings = inst.settings  # base_year 2023, horizon 2035, stage years, weights unmet 1 / cost 1e-6 / stranded 0.2

res = edplan.capacity.schedule(inst.demand, inst.capacity, inst.projects, **settings)
print(f"objective {res.objective:,.0f}: unmet {res.unmet:,.0f} place-years, cost ¥{res.cost / 1e6:,.0f}m, "
      f"stranded {res.stranded:,.0f} place-years")
batches = res.batches.groupby(["year", "batch"], sort=False).id.apply(", ".join).unstack().fillna("")
print(batches[["land", "start", "open"]].to_string())
print(res.summary[["region", "level", "peak_year", "deficit_before", "deficit_after", "unavoidable",
                   "new_places", "stranded"]].round(0).to_string(index=False))

exact = edplan.capacity.schedule(inst.demand, inst.capacity, inst.projects, **settings, method="exact")
print(f"exact optimum {exact.objective:,.1f} ({exact.status}); heuristic gap "
      f"{100 * (res.objective / exact.objective - 1):.2f}%")

pre = edplan.preschool.shares(inst.demand, inst.kindergartens, inst.projects, res, population=inst.population,
                              targets={"public_share": 0.5, "inclusive_share": 0.9, "year": 2025})
print(pre.targets[["region", "public_share", "public_places_needed", "inclusive_share",
                   "inclusive_places_needed"]].round(3).to_string(index=False))
last = pre.total.iloc[-1]
print(f"{int(last.year)}: public share {last.public_share:.1%}, inclusive {last.inclusive_share:.1%}; "
      f"{last.nursery_convertible:,.0f} nursery places in empty kindergarten rooms against a norm of "
      f"{last.nursery_demand:,.0f}")
