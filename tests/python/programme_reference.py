# SPDX-License-Identifier: MIT
"""An independent, plain-Python reading of DESIGN §2.4 for small instances: existing capacity,
need, peak, the objective, the constraints, and the optimum by trying every schedule.

It shares nothing with edplan but the tables' columns, so that the C++ objective, the MILP and
the scheduler are checked against the DESIGN text itself."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass


@dataclass
class Problem:
    years: list
    need: dict       # (region, level) -> [need per year]
    peak: dict       # (region, level) -> index of the first year of peak demand
    candidates: list  # dicts: id, pair, places, cost, first (earliest land year), stages (L, B)
    budget: float
    cap: float
    weights: dict


def problem(demand, capacity, projects, *, base_year, horizon, budget_per_year, max_per_batch, stage_years, weights):
    years = list(range(base_year + 1, horizon + 1))
    column = "demand" if "demand" in demand.columns else "pupils"
    d = {}
    for row in demand.itertuples(index=False):
        row = row._asdict()
        if base_year < row["year"] <= horizon:
            d.setdefault((row["region"], row["level"]), {})[int(row["year"])] = float(row[column])
    base = {(r.region, r.level): float(r.places) for r in capacity.itertuples(index=False)}
    need, peak = {}, {}
    for pair, by_year in d.items():
        existing = []
        for y in years:
            e = base.get(pair, 0.0)
            for p in projects.itertuples(index=False):
                if (p.region, p.level) == pair and p.status in ("planned", "closure") and p.open_year <= y:
                    e += p.places if p.status == "planned" else -p.places
            existing.append(e)
        series = [by_year[y] for y in years]
        need[pair] = [max(0.0, v - e) for v, e in zip(series, existing)]
        peak[pair] = series.index(max(series))
    candidates = []
    for p in projects.itertuples(index=False):
        if p.status != "candidate":
            continue
        first = base_year + 1 if "land_year" not in projects.columns or math.isnan(p.land_year) else int(p.land_year)
        candidates.append(dict(id=p.id, pair=(p.region, p.level), places=float(p.places), cost=float(p.cost),
                               first=max(first, base_year + 1), stages=tuple(stage_years.get(p.level, (1, 2)))))
    cap = math.inf if max_per_batch is None else max_per_batch
    return Problem(years, need, peak, candidates, float(budget_per_year), cap, weights)


def options(pb: Problem, c: dict) -> list:
    """None (not chosen) and every land year from which c opens by the horizon."""
    return [None] + [y for y in range(c["first"], pb.years[-1] + 1) if y + sum(c["stages"]) <= pb.years[-1]]


def evaluate(pb: Problem, land: dict) -> tuple[float, float, float, float]:
    """(objective, unmet, cost, stranded) of land years by candidate id (missing or None: not chosen)."""
    unmet = stranded = cost = 0.0
    for pair, need in pb.need.items():
        for i, y in enumerate(pb.years):
            new = sum(c["places"] for c in pb.candidates if c["pair"] == pair and land.get(c["id"]) is not None
                      and land[c["id"]] + sum(c["stages"]) <= y)
            unmet += max(0.0, need[i] - new)
            if i > pb.peak[pair]:
                stranded += max(0.0, new - need[i])
    cost = sum(c["cost"] for c in pb.candidates if land.get(c["id"]) is not None)
    w = pb.weights
    return w["unmet"] * unmet + w["cost"] * cost + w["stranded"] * stranded, unmet, cost, stranded


def violations(pb: Problem, land: dict) -> list[str]:
    """Broken windows, budgets and caps."""
    out = []
    spend, counts = {}, {}
    for c in pb.candidates:
        y = land.get(c["id"])
        if y is None:
            continue
        if y not in options(pb, c):
            out.append(f"{c['id']}: land {y} outside its window")
        L, B = c["stages"]
        spend[y + L] = spend.get(y + L, 0.0) + c["cost"]
        for batch, year in (("land", y), ("start", y + L), ("open", y + L + B)):
            counts[batch, year] = counts.get((batch, year), 0) + 1
    out += [f"{y}: spend {s} > {pb.budget}" for y, s in spend.items() if s > pb.budget * (1 + 1e-12)]
    out += [f"{y}: {n} in {b}" for (b, y), n in counts.items() if n > pb.cap]
    return out


def optimum(pb: Problem) -> float:
    """The least objective over every feasible schedule (exponential: small instances only)."""
    best = math.inf
    for choice in itertools.product(*(options(pb, c) for c in pb.candidates)):
        land = {c["id"]: y for c, y in zip(pb.candidates, choice)}
        if not violations(pb, land):
            best = min(best, evaluate(pb, land)[0])
    return best


def land_of(result) -> dict:
    """Land years by id from a ScheduleResult's programme table."""
    return dict(zip(result.programme["id"], result.programme["land_year"].astype(int)))
