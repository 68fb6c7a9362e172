# SPDX-License-Identifier: MIT
"""Scenarios whose every output CSV is pinned by a SHA-256 digest (reference_outputs.json), so
that a refactoring that changes no model can prove that it changes no byte either.

The built-in Quanzhou scenario as shipped, and variants of it that reach the paths the default
run does not: Monte Carlo intervals, SES ratios with housing yield and net migration, the
exact programme, proportional kindergarten fill, a gaussian decay with a cost table, the work
plan tracker, closures, and a scenario with no optional part at all.

Run ``python tests/python/reference_scenarios.py --write`` to record the digests after a change
that is meant to change outputs (and say why in the commit).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import edplan

DIGESTS = Path(__file__).with_name("reference_outputs.json")


def _data() -> Path:
    return edplan.Scenario.default().path.parent


def _edit(toml: Path, replace: dict[str, str], append: str = "") -> None:
    text = toml.read_text(encoding="utf-8")
    for pattern, new in replace.items():
        text, n = re.subn(pattern, new, text, flags=re.M)
        assert n, f"{pattern!r} not found in {toml}"
    toml.write_text(text + append, encoding="utf-8")


def _copy(folder: Path) -> Path:
    shutil.copytree(_data(), folder, ignore=shutil.ignore_patterns("__pycache__", "published"))
    return folder / "scenario.toml"


def variant_default(folder: Path) -> tuple[Path, dict]:
    return _copy(folder), {}


def variant_draws(folder: Path) -> tuple[Path, dict]:
    toml = _copy(folder)
    _edit(toml, {r"^quantiles = .*$": "quantiles = [0.05, 0.1, 0.5, 0.9, 0.95]"})
    return toml, {"draws": 60, "seed": 11}


def variant_ses(folder: Path) -> tuple[Path, dict]:
    """SES ratios, housing yield, another net migration at half scale, the exact programme,
    proportional fill, a gaussian decay on a cost table, no travel speeds, the work-plan
    tracker with progress reports, teachers with a class minimum, attrition by level and hires."""
    toml = _copy(folder)
    regions = list(dict.fromkeys(pd.read_csv(folder / "population.csv")["region"]))
    rows = [(r, s, a, round(40.0 * np.sin(i + a / 7.0) - (12.0 if 18 <= a <= 30 else 0.0), 3))
            for i, r in enumerate(regions) for s in ("F", "M") for a in range(101)]
    pd.DataFrame(rows, columns=["region", "sex", "age", "net"]).to_csv(folder / "migration.csv", index=False)
    pd.DataFrame([(r, y, 800 + 40 * i + 15 * (y - 2018)) for i, r in enumerate(regions) for y in range(2018, 2031)],
                 columns=["region", "year", "dwellings"]).to_csv(folder / "housing.csv", index=False)
    areas = pd.read_csv(folder / "areas.csv")
    sites = pd.read_csv(folder / "sites.csv")
    xy = areas.set_index("area")[["x", "y"]]
    site_xy = xy.loc[sites["area"]].to_numpy()
    links = []
    for a, (x, y) in zip(areas["area"], areas[["x", "y"]].to_numpy()):
        d = np.hypot(site_xy[:, 0] - x, site_xy[:, 1] - y) * 1.3 / 15 * 60
        for j in np.flatnonzero(d <= 40):
            links.append((a, sites["site"].iloc[j], round(float(d[j]), 2)))
    pd.DataFrame(links, columns=["origin", "destination", "cost"]).to_csv(folder / "costs.csv", index=False)
    pd.DataFrame([("warm_campus", "2024-03-31", 40), ("warm_campus", "2024-06-30", 95),
                  ("myopia_lighting", "2024-06-30", 1200)], columns=["id", "date", "count"]).to_csv(
        folder / "progress.csv", index=False)
    shutil.copy(Path(str(edplan.targets.default_workplan_path())), folder / "workplan.csv")
    pd.DataFrame([(regions[0], "junior", 2026, "F", 24, 30), (regions[1], "senior", 2030, "M", 62, 12)],
                 columns=["region", "level", "year", "sex", "age", "count"]).to_csv(folder / "hires.csv", index=False)
    _edit(toml, {
        r'^method = "auto".*$': 'method = "ses"',
        r"^alpha = 0.4": 'alpha = 0.5\nhousing = "housing.csv"\nramp = 2',
        r"^migration_scale = 1.0": "migration_scale = 0.5",  # migration.csv replaced above
        r'^fill = "public_first"': 'fill = "proportional"',
        r"^travel = .*$": 'costs = "costs.csv"',
        r"^decay = .*$": 'decay = { kind = "gaussian", sigma = 15 }',
        r"^weights = (.*)$": 'weights = \\1\nmethod = "exact"',
        r'^workplan = .*$': 'workplan = "workplan.csv"\nprogress = "progress.csv"',
        r'^as_of = .*$': 'as_of = "2024-07-01"\nmethod = "logistic"',
        r"^norms = .*$": "norms = { primary = { ratio = 19, per_class = 2.2 }, junior = 13.5, senior = 12.5 }",
        r"^attrition = .*$": 'attrition = { primary = 0.01, junior = 0.02 }\nhires = "hires.csv"',
    })
    return toml, {}


def variant_closures(folder: Path) -> tuple[Path, dict]:
    """Closures and a school without classes; yields per level; no coverage candidates."""
    toml = _copy(folder)
    projects = pd.read_csv(folder / "projects.csv")
    first = pd.read_csv(folder / "capacity.csv").iloc[0]
    closure = {"id": "CL-1", "name": "closure", "region": first["region"], "level": first["level"], "places": 900,
               "cost": 0, "status": "closure", "open_year": 2027}
    pd.concat([projects, pd.DataFrame([closure])], ignore_index=True).to_csv(folder / "projects.csv", index=False)
    _edit(toml, {r"^candidates = .*$": "", r"^new_sites = .*$": "", r"^recommend_year = .*$": "",
                 r"^(grades = \[7, 9\])": "\\1\nyield = 0.05"})
    return toml, {}


def variant_minimal(folder: Path) -> tuple[Path, dict]:
    """Population, levels and enrolment only."""
    toml = _copy(folder)
    text = toml.read_text(encoding="utf-8")
    kept = []
    skip = False
    for line in text.splitlines():
        header = re.match(r"^\[([a-z_.]+)\]", line)
        if header:
            skip = header.group(1) in ("capacity", "programme", "preschool", "coverage", "targets", "teachers",
                                         "uncertainty")
        if not skip:
            kept.append(line)
    toml.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return toml, {}


VARIANTS = {
    "default": variant_default,
    "draws": variant_draws,
    "ses": variant_ses,
    "closures": variant_closures,
    "minimal": variant_minimal,
}


def digests(name: str, root: Path) -> dict[str, str]:
    """SHA-256 of every CSV that ``edplan run`` writes for variant ``name`` (built under ``root``)."""
    toml, options = VARIANTS[name](root / name)
    out = root / f"{name}-out"
    edplan.Scenario.load(toml).run(**options).write(out, excel=False, report=False)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.csv"))}


def main(argv: list[str]) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = {name: digests(name, Path(tmp)) for name in VARIANTS}
    if "--write" in argv:
        DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS}")
    else:
        print(json.dumps(found, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
