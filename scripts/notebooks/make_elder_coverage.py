# SPDX-License-Identifier: MIT
"""Write notebooks/elder_coverage.ipynb (without outputs; CI executes it).

    python scripts/notebooks/make_elder_coverage.py
"""

from pathlib import Path

import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md("""# Elder-education coverage in Quanzhou, today and in 2035

Quanzhou counted 2,535 elder universities and schools in October 2019, with 330,000 learners:
30.06% of older residents. The national plan asks for at least 20%; Fujian asks for an elder
school in 90% of townships and a learning point in 60% of villages. The 60+ population is
growing fast. This notebook answers three questions on the built-in scenario:

1. Where does coverage stand today, and where will it stand in 2035 as the city ages?
2. Which counties fall short of which target, and by how many learners?
3. Where would new sites reach the most older people?

**About the data.** The population, its ageing and the city-wide site and learner counts are
published figures (see `provenance.csv`). No township or village layer with site locations is
published, so the built-in areas, sites and positions are a *synthetic* layer sized to those
counts (`scripts/quanzhou_coverage.py` says how). Read the maps as a demonstration of the
method; replace `areas.csv` and `sites.csv` with the bureau's own registers for real answers."""),
    code("""%matplotlib inline
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

import edplan
from edplan import coverage

scenario = edplan.Scenario.default()
results = scenario.run()
areas = scenario.tables["coverage.areas"]       # as read: text, checked; numbers where we need them
sites = scenario.tables["coverage.sites"]
xy = areas[["area", "x", "y"]].astype({"x": float, "y": float})
costs = scenario.coverage_costs()              # minutes, from the [coverage] travel setting
print(f"{len(areas):,} areas ({(areas.kind == 'township').sum()} townships), {len(sites):,} sites, "
      f"{len(costs):,} links within {scenario.section('coverage')['max_cost']} minutes")"""),
    md("""## The city: an ageing population against fixed places

`coverage_total` has one row per year. Learners stay where they are today unless places are
added, so participation falls as the number of older people grows."""),
    code("""total = results.coverage_total.set_index("year")
view = total.loc[[2023, 2030, 2035, 2040], ["population", "learners", "participation", "learners_needed",
                                              "within_reach", "township_school", "village_point"]]
view.style.format({"population": "{:,.0f}", "learners": "{:,.0f}", "learners_needed": "{:,.0f}",
                   "participation": "{:.1%}", "within_reach": "{:.1%}", "township_school": "{:.0%}",
                   "village_point": "{:.0%}"})"""),
    code("""year = total.index[(total["participation"] < 0.20).to_numpy()].min()
print(f"participation falls below the 20% target in {year}; "
      f"keeping 20% in 2035 takes {total.loc[2035, 'learners_needed']:,.0f} more learners")
assert total.loc[2023, "participation"] > 0.3 and total.loc[2035, "participation"] < 0.2"""),
    md("""## Maps as charts: places per older person, 2023 and 2035

Each dot is a township (large) or village (small) at its position (km east and north of
Licheng's seat), coloured by the enhanced two-step floating catchment (E2SFCA) measure: the
places within 30 minutes per older person, with the scenario's step decay (1 up to 10
minutes, 0.68 to 20, 0.22 to 30)."""),
    code("""cov_areas = results.coverage_areas.merge(xy, on="area")
fig, axes = plt.subplots(1, 2, figsize=(12, 5.5), sharex=True, sharey=True, layout="constrained")
vmax = cov_areas.loc[cov_areas.year == 2023, "places_per_person"].quantile(0.95)
for ax, y in zip(axes, (2023, 2035)):
    a = cov_areas[cov_areas.year == y]
    dots = ax.scatter(a.x, a.y, c=a.places_per_person, s=np.where(a.kind == "township", 30, 6),
                      cmap="viridis", vmin=0, vmax=vmax)
    ax.set(title=f"{y}: places per person aged 60+", xlabel="km east", aspect="equal")
axes[0].set_ylabel("km north")
fig.colorbar(dots, ax=axes, shrink=0.8, label="places within reach per older person (E2SFCA)");"""),
    md("""The same measure can be recomputed for other decays without rebuilding the catchment: a
`Catchment` holds the links within 30 minutes once, and each call weights them anew. Here,
the city's median in 2035 under four decays (the older population of every year at once)."""),
    code("""older = coverage.older_population(areas, results.population)
P = older.pivot(index="year", columns="area", values="population")[areas["area"]].to_numpy()
supply = sites["capacity"].to_numpy(dtype=float)
existing = costs[costs["destination"].isin(set(sites["site"]))]
C = coverage.cost_matrix(existing, areas["area"], sites["site"])
catch = coverage.catchment(C, max_cost=30)
decays = {"none (2SFCA)": None, "step (E2SFCA)": coverage.Decay.step({10: 1.0, 20: 0.68, 30: 0.22}),
          "linear": coverage.Decay.linear(30), "gaussian σ=10": coverage.Decay.gaussian(10)}
t2035 = list(older["year"].unique()).index(2035)
pd.Series({name: np.median(coverage.two_step_fca(P, supply, catch, max_cost=30, decay=d)[t2035])
           for name, d in decays.items()}, name="median places per older person, 2035").round(4)"""),
    md("""## Counties against the targets in 2035"""),
    code("""c = results.coverage
c35 = c[c.year == 2035].set_index("region")
c35[["population", "learners", "participation", "participation_gap", "learners_needed", "township_school",
     "village_point", "has_university"]].sort_values("learners_needed", ascending=False).style.format(
    {"population": "{:,.0f}", "learners": "{:,.0f}", "learners_needed": "{:,.0f}", "participation": "{:.1%}",
     "participation_gap": "{:.1%}", "township_school": "{:.0%}", "village_point": "{:.0%}"})"""),
    md("""## Where new sites would reach the most people

`recommend_sites` keeps the existing sites with spare places fixed and chooses new ones (a
point in any village, a school in any township: `candidates.csv`) to bring the most older
people within 30 minutes of spare places in 2035, best first. It stops where no further site
reaches anyone new."""),
    code("""ranked = results.recommended_sites
ranked.style.format({"added": "{:,.0f}", "reached": "{:,.0f}", "reached_share": "{:.3%}"})"""),
    code("""unreached = cov_areas[(cov_areas.year == 2035) & ~cov_areas.within_reach]
fig, ax = plt.subplots(figsize=(7, 6))
a = cov_areas[cov_areas.year == 2035]
ax.scatter(a.x, a.y, s=4, color="#cccccc", label="area within reach")
ax.scatter(unreached.x, unreached.y, s=14, color="#c00000", label="area out of reach of spare places")
new = ranked.merge(xy, on="area")
ax.scatter(new.x, new.y, s=120, marker="*", color="#305496", label="recommended new site")
for row in new.itertuples():
    ax.annotate(str(row.rank), (row.x, row.y), xytext=(4, 4), textcoords="offset points", fontsize=8)
ax.set(aspect="equal", xlabel="km east", ylabel="km north", title="2035: who is out of reach, and the new sites")
ax.legend(fontsize=8, loc="lower right");"""),
    md("""### How good is the heuristic choice?

The ranking comes from the C++ MCLP heuristic. HiGHS solves the same model exactly; on this
instance both reach the same people (the heuristic's gap is the difference)."""),
    code("""candidates = scenario.tables["coverage.candidates"]
exact = coverage.recommend_sites(areas, sites, candidates, costs, new_sites=len(ranked), max_cost=30,
                                 population=older, year=2035, method="exact")
gap = 1 - ranked["reached"].iloc[-1] / exact["reached"].iloc[-1]
print(f"heuristic reaches {ranked['reached'].iloc[-1]:,.0f}, exact {exact['reached'].iloc[-1]:,.0f}: gap {gap:.4%}")
assert gap < 0.01"""),
    md("""## What to change for a real study

- `areas.csv`: the bureau's register of townships and villages (`area, region, kind, x, y,
  population` — the 60+ population of the base year; later years follow each county's
  projected ageing).
- `sites.csv`: elder universities, schools and learning points with places and learners.
- Travel: a `costs.csv` of minutes from a road network, or the `travel` setting for straight
  lines with a detour factor.
- `[coverage]` in `scenario.toml`: the catchment (`max_cost`), the decay, the targets, and how
  many new sites to recommend for which year."""),
]
# Ids by position: regenerating the notebook changes only what its cells say.
for number, cell in enumerate(cells):
    cell["id"] = f"cell-{number:02d}"
nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}})
out = Path(__file__).resolve().parents[2] / "notebooks" / "elder_coverage.ipynb"
nbf.write(nb, out)
print(f"wrote {out}")
