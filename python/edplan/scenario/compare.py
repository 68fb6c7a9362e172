# SPDX-License-Identifier: MIT
"""``edplan compare A B``: two scenarios (TOML files) or two result folders side by side, every
output table both sides have, every year, the largest changes first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..output.columns import column

KEYS = ("region", "year", "level", "sex", "age", "grade", "kind", "batch", "id", "indicator", "area", "site", "rank")
"""Columns that say which row a value belongs to; every other number of a table is compared."""

NEEDED = {"totals": {"level", "year", "pupils"}, "balance": {"level", "deficit"}}
"""Columns without which a folder's table cannot be the one `edplan run` writes."""

TOLERANCE = 0.5
"""Changes below half a pupil, place or yuan are rounding, not changes (shares and ratios: 5e-4)."""

B_MINUS_A = "B − A"


def _tables(source: str) -> tuple[str, dict[str, pd.DataFrame]]:
    from ..output.files import OUTPUTS

    path = Path(source)
    if path.is_dir():
        out = {}
        for filename, name in OUTPUTS.items():
            file = path / filename
            if not file.is_file():
                continue
            try:
                out[name] = pd.read_csv(file, encoding="utf-8-sig")
            except (ValueError, UnicodeDecodeError) as error:  # pandas' parser errors are ValueErrors
                raise InputError(f"cannot be read as a table written by `edplan run` ({error})", str(file)) from None
            needed = NEEDED.get(name, set())
            if not needed <= set(out[name].columns):
                raise InputError(f"has columns {', '.join(map(str, out[name].columns))}; expected "
                                 f"{', '.join(sorted(needed))}, as `edplan run` writes them", str(file))
        if "totals" not in out:
            raise InputError("no totals.csv; expected a folder written by `edplan run`", str(path))
        return path.name, out
    if path.suffix == ".toml":
        from .load import Scenario
        results = Scenario.load(path).run()
        return results.scenario.name, {name: results.tables[name] for name in OUTPUTS.values()
                                       if name in results.tables}
    raise InputError("expected a scenario .toml file or a folder written by `edplan run`", str(path))


def _values(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(key columns, numeric value columns) of an output table."""
    keys = [c for c in table.columns if c in KEYS]
    values = [c for c in table.columns if c not in keys and pd.api.types.is_numeric_dtype(table[c])
              and not pd.api.types.is_bool_dtype(table[c])]
    return keys, values


def _keyed(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``table`` with its text keys as text, an empty cell as "" (a CSV read back gives NaN
    where the run held ""), and its whole-number keys as int64."""
    out = table.copy()
    for k in keys:
        column = out[k]
        if pd.api.types.is_numeric_dtype(column) and column.notna().all() and (column % 1 == 0).all():
            out[k] = column.astype(np.int64)
        elif not pd.api.types.is_numeric_dtype(column):
            out[k] = column.fillna("").astype(str)
    return out


def changes(name: str, a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Every value of table ``name`` that differs between ``a`` and ``b``, matched on the key
    columns both have (rows one side lacks count as 0 there): the keys, the column, A, B and
    B − A, the largest absolute change first."""
    keys_a, values_a = _values(a)
    keys_b, values_b = _values(b)
    keys = [k for k in keys_a if k in keys_b]
    values = [v for v in values_a if v in values_b]
    a, b = _keyed(a, keys), _keyed(b, keys)
    if not values:
        return pd.DataFrame(columns=[*keys, "column", "A", "B", B_MINUS_A])
    if keys:
        a = a.groupby(keys, sort=False, dropna=False)[values].sum()
        b = b.groupby(keys, sort=False, dropna=False)[values].sum()
    else:  # one row per thing, matched by position
        a, b = a[values], b[values]
    wide = a.add_suffix("\0A").join(b.add_suffix("\0B"), how="outer")
    parts = []
    for v in values:
        va, vb = wide[f"{v}\0A"], wide[f"{v}\0B"]
        diff = vb.fillna(0) - va.fillna(0)
        small = 5e-4 if (va.abs().max() <= 1.5 and vb.abs().max() <= 1.5) else TOLERANCE
        changed = (diff.abs() >= small) | (va.isna() != vb.isna())
        if changed.any():
            part = pd.DataFrame({"column": column(v, name).header, "A": va[changed], "B": vb[changed], B_MINUS_A: diff[changed]})
            parts.append(part.reset_index() if keys else part.reset_index(drop=True))
    if not parts:
        return pd.DataFrame(columns=[*keys, "column", "A", "B", B_MINUS_A])
    out = pd.concat(parts, ignore_index=True)
    order = np.argsort(-out[B_MINUS_A].abs().to_numpy(), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def _signed(change: float) -> str:
    return f"{change:+,.0f}" if abs(change) >= 100 else f"{change:+.3g}"


def compare(a: str, b: str) -> dict[str, pd.DataFrame]:
    """A and B side by side: city pupils by level for every year, deficit place-years by level,
    an overview of every output table both have (rows, values changed, the largest change),
    then each table's changed values, the largest first. Column names A and B stand for the
    two sides (named in the overview's title by the caller)."""
    _, ta = _tables(a)
    _, tb = _tables(b)
    out = {}
    pa = ta["totals"].groupby(["level", "year"], sort=False)["pupils"].sum()
    pb = tb["totals"].groupby(["level", "year"], sort=False)["pupils"].sum()
    city = pd.DataFrame({"A": pa, "B": pb}).dropna()
    city[B_MINUS_A] = city["B"] - city["A"]
    city = city.round().astype(int).reset_index()
    out["city pupils, largest changes first"] = city.iloc[np.argsort(-city[B_MINUS_A].abs().to_numpy(),
                                                                     kind="stable")].reset_index(drop=True)
    if "balance" in ta and "balance" in tb:
        da = ta["balance"].groupby("level", sort=False)["deficit"].sum()
        db = tb["balance"].groupby("level", sort=False)["deficit"].sum()
        levels = list(dict.fromkeys([*pa.index.get_level_values("level"), *da.index, *db.index]))
        d = pd.DataFrame({"A": da, "B": db}).reindex(levels).dropna(how="all").fillna(0)
        d[B_MINUS_A] = d["B"] - d["A"]
        out["deficit place-years"] = d.round().astype(int).reset_index()
    both = [name for name in ta if name in tb]
    detail = {name: changes(name, ta[name], tb[name]) for name in both}
    overview = []
    for name in both:
        found = detail[name]
        top = found.iloc[0] if len(found) else None
        keys = [c for c in found.columns if c not in ("column", "A", "B", B_MINUS_A)]
        overview.append({
            "table": name, "rows A": len(ta[name]), "rows B": len(tb[name]), "values changed": len(found),
            "largest change": "" if top is None else
            f"{top['column']} at {', '.join(str(top[k]) for k in keys) or 'row'}: {_signed(top[B_MINUS_A])}"})
    out["tables"] = pd.DataFrame(overview)
    out.update({f"{name}: changes": found for name, found in detail.items() if len(found)})
    return out
