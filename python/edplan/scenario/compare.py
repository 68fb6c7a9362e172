# SPDX-License-Identifier: MIT
"""``edplan compare A B``: two scenarios (TOML files) or two result folders side by side."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError


def _tables(source: str) -> tuple[str, dict[str, pd.DataFrame]]:
    path = Path(source)
    if path.is_dir():
        out = {}
        for name in ("totals", "balance"):
            file = path / f"{name}.csv"
            if file.is_file():
                try:
                    out[name] = pd.read_csv(file, encoding="utf-8-sig")
                except (ValueError, UnicodeDecodeError) as error:  # pandas' parser errors are ValueErrors
                    raise InputError(f"cannot be read as a table written by `edplan run` ({error})", str(file)) from None
                needed = {"totals": {"level", "year", "pupils"}, "balance": {"level", "deficit"}}[name]
                if not needed <= set(out[name].columns):
                    raise InputError(f"has columns {', '.join(map(str, out[name].columns))}; expected "
                                     f"{', '.join(sorted(needed))}, as `edplan run` writes them", str(file))
        if "totals" not in out:
            raise InputError("no totals.csv; expected a folder written by `edplan run`", str(path))
        return path.name, out
    if path.suffix == ".toml":
        from .load import Scenario
        results = Scenario.load(path).run()
        return results.scenario.name, results.tables
    raise InputError("expected a scenario .toml file or a folder written by `edplan run`", str(path))


def compare(a: str, b: str) -> dict[str, pd.DataFrame]:
    """City pupils by level and year, and deficit place-years by level, for A, B and B − A."""
    name_a, ta = _tables(a)
    name_b, tb = _tables(b)
    if name_a == name_b:
        name_a, name_b = f"{name_a} (A)", f"{name_b} (B)"
    out = {}
    pa = ta["totals"].groupby(["level", "year"])["pupils"].sum()
    pb = tb["totals"].groupby(["level", "year"])["pupils"].sum()
    frame = pd.DataFrame({name_a: pa, name_b: pb}).dropna()
    frame["B − A"] = frame[name_b] - frame[name_a]
    years = sorted(frame.index.get_level_values("year").unique())
    keep = [y for y in years if y in (years[0], years[-1]) or y % 5 == 0]
    out["city pupils"] = frame[frame.index.get_level_values("year").isin(keep)].round().astype(int).reset_index()
    if "balance" in ta and "balance" in tb:
        da = ta["balance"].groupby("level")["deficit"].sum()
        db = tb["balance"].groupby("level")["deficit"].sum()
        d = pd.DataFrame({name_a: da, name_b: db}).fillna(0)
        d["B − A"] = d[name_b] - d[name_a]
        out["deficit place-years"] = d.round().astype(int).reset_index()
    return out
