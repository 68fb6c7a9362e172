# SPDX-License-Identifier: MIT
"""A scenario of many regions for the scale benchmark (``bench_run.py --big``): the built-in
Quanzhou scenario copied ``--copies`` times (100: 1,300 regions), every table that names a
region repeated under "name#k", the coverage layer included — each copy's villages, sites and
candidates under "id#k", its coordinates moved 1,000 km from the other copies', so that each
copy's links are its own (100 copies: 312,500 areas, 251,900 sites, 312,500 candidates and
about 89 million links within the 30 minutes of the travel setting).

The programme is left out unless ``--programme`` (its scheduler's cost at this size is the
scheduler's benchmark, bench_programme.py); every other part runs.

    python benchmarks/make_big_scenario.py OUT_DIR            # 100 copies
    python benchmarks/make_big_scenario.py OUT_DIR --copies 10
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pandas as pd

import edplan

IDS = {"areas.csv": {"area": "area"}, "sites.csv": {"site": "site", "area": "area"},
       "candidates.csv": {"site": "site", "area": "area"}, "projects.csv": {"id": "id"},
       "aliases.csv": {"alias": "alias"}}
"""Per file, the id columns made unique per copy (besides ``region``)."""

SPACING_KM = 1000.0
"""Distance between the copies' coverage layers: far beyond any catchment."""


def replicate(table: pd.DataFrame, name: str, copies: int) -> pd.DataFrame:
    """``table`` repeated ``copies`` times, its regions and ids suffixed "#k"; rows without a
    region (the whole city's indicators, a shared survival table) kept once."""
    if "region" not in table.columns:
        return table
    named = table["region"].notna() & (table["region"].astype(str).str.strip() != "")
    once, per_region = table[~named], table[named]
    parts = [once]
    for k in range(copies):
        copy = per_region.copy()
        copy["region"] = copy["region"].astype(str) + f"#{k}"
        for column in IDS.get(name, {}):
            copy[column] = copy[column].astype(str) + f"#{k}"
        if {"x", "y"} <= set(copy.columns):
            copy["x"] = copy["x"] + SPACING_KM * (k % 10)
            copy["y"] = copy["y"] + SPACING_KM * (k // 10)
        parts.append(copy)
    return pd.concat(parts, ignore_index=True)


def replicate_sites(table: pd.DataFrame, copies: int) -> pd.DataFrame:
    """Sites and candidates (no region column: they are in an area) repeated, ids suffixed."""
    return pd.concat([table.assign(site=table["site"].astype(str) + f"#{k}", area=table["area"].astype(str) + f"#{k}")
                      for k in range(copies)], ignore_index=True)


def make(out: Path, copies: int, programme: bool = False) -> Path:
    """The scenario of ``copies`` copies in the new folder ``out``; returns its scenario.toml."""
    source = edplan.Scenario.default().path.parent
    out.mkdir(parents=True, exist_ok=False)
    for path in sorted(source.glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("x", "y"):
            if column in table.columns:
                table[column] = table[column].astype(float)
        if path.name in ("sites.csv", "candidates.csv"):
            table = replicate_sites(table, copies)
        else:
            table = replicate(table, path.name, copies)
        table.to_csv(out / path.name, index=False)
    toml = (source / "scenario.toml").read_text(encoding="utf-8")
    if not programme:
        # the [programme] section and its subtables, up to the next other section
        toml = re.sub(r"^\[programme[^\n]*\n(?:(?!\[(?!programme)).*\n)*", "", toml, flags=re.M)
    toml = re.sub(r'^name = "Quanzhou"', f'name = "Quanzhou x{copies}"', toml, flags=re.M)
    (out / "scenario.toml").write_text(toml, encoding="utf-8")
    return out / "scenario.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a new folder for the scenario")
    parser.add_argument("--copies", type=int, default=100, help="copies of the built-in scenario's 13 regions (100)")
    parser.add_argument("--programme", action="store_true", help="keep the [programme] section")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    toml = make(args.out, args.copies, args.programme)
    counts = {name: len(pd.read_csv(args.out / f"{name}.csv", usecols=[0])) for name in ("areas", "sites", "candidates")}
    print(f"wrote {toml}: {13 * args.copies:,} regions, " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))


if __name__ == "__main__":
    main()
