# SPDX-License-Identifier: MIT
"""A tiny but complete scenario (two regions, open age 50, three projected years) for the
loader fuzzer: small enough that ``edplan.Scenario.load`` runs in milliseconds, and covering
every table kind the fuzzer mutates. ``fuzz/make_corpus.py`` writes its files as seeds."""

# The files the fuzzer may replace, in selector order (the first input byte picks one).
TARGETS = ["scenario.toml", "population.csv", "survival.csv", "fertility.csv", "births.csv",
           "enrolment.csv", "capacity.csv", "indicators.csv", "targets.csv"]

TOML = """\
[scenario]
name = "tiny"
base_year = 2023
horizon = 2026

[population]
base = "population.csv"
survival = "survival.csv"
fertility = "fertility.csv"
births = "births.csv"
open_age = 50
srb = 1.06
birth_survival = { F = 0.995, M = 0.994 }

[enrolment]
history = "enrolment.csv"
method = "mean"
k = 2

[levels.primary]
kind = "progression"
grades = [1, 3]
entry_age = 6
class_size = 45

[levels.junior]
kind = "progression"
grades = [4, 5]
class_size = 50

[capacity]
places = "capacity.csv"

[targets]
indicators = "indicators.csv"
targets = "targets.csv"
"""


def files() -> dict[str, bytes]:
    """The scenario's files by name."""
    regions = ["North", "South"]
    pop = ["region,sex,age,count"]
    for r, region in enumerate(regions):
        for sex in "FM":
            pop += [f"{region},{sex},{a},{100 + 3 * a + r}" for a in range(51)]
    surv = ["sex,age,survival"] + [f"{s},{a},{0.999 - a * 0.002:.4f}" for s in "FM" for a in range(51)]
    fert = ["age,rate,region"] + [f"{a},{0.06 if 20 <= a <= 34 else 0.01},{r}" for r in regions for a in range(15, 50)]
    births = ["region,year,births"] + [f"{r},{y},{220 + y - 2015}" for r in regions for y in range(2015, 2024)]
    enr = ["region,year,level,grade,pupils"]
    for r in regions:
        for y in (2022, 2023):
            enr += [f"{r},{y},primary,{g},{200 + g}" for g in (1, 2, 3)]
            enr += [f"{r},{y},junior,{g},{190 + g}" for g in (4, 5)]
    cap = ["region,level,places,classes"] + [f"{r},{lv},{p},{c}" for r in regions
                                             for lv, p, c in (("primary", 600, 14), ("junior", 400, 8))]
    ind = ["indicator,region,year,value"] + [f"share,North,{y},{0.3 + 0.01 * (y - 2019)}" for y in range(2019, 2024)]
    tgt = ["indicator,region,target,target_year,direction", "share,,0.5,2030,increase"]
    out = {"scenario.toml": TOML}
    for name, lines in (("population.csv", pop), ("survival.csv", surv), ("fertility.csv", fert),
                        ("births.csv", births), ("enrolment.csv", enr), ("capacity.csv", cap),
                        ("indicators.csv", ind), ("targets.csv", tgt)):
        out[name] = "\n".join(lines) + "\n"
    return {k: v.encode() for k, v in out.items()}
