# SPDX-License-Identifier: MIT
"""Checking the long tables of DESIGN §3 as DataFrames, with every problem located.

A table read from a file (:func:`edplan._io.read_table`) carries ``df.attrs["path"]`` and its
file line numbers as index (``df.attrs["index_is_line"]``; filtering keeps them right) or, for a
table derived from it row by row, in ``df.attrs["lines"]``; its problems are reported as
``file:line:column: message``. A table built in memory is located as
``name[row=label].column``, the row by its index label, as pandas shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

MAX_PER_COLUMN = 10


class TableProblems:
    """Problems found in tables, raised together as one :class:`InputError`."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        """What is harmless but worth saying (rows a run does not use), located as problems are."""

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def at(self, df: pd.DataFrame, table: str, row: Optional[int], column: Optional[str], message: str) -> None:
        """A problem at row position ``row`` (0-based, None for the whole table) and ``column``."""
        self.add(location(df, table, row, column), message)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def location(df: pd.DataFrame, table: str, row: Optional[int], column: Optional[str]) -> str:
    """Where row position ``row`` (0-based; None for the header or the whole table) and
    ``column`` are: ``file:line:column`` (``file:line`` for a whole row, ``file:1:1`` for a
    column of the header) for a table read from a file, else ``table[row=label].column``."""
    path = df.attrs.get("path")
    if path is not None:
        if row is None:
            return f"{path}:1:1" if column is not None else str(path)
        lines = df.attrs.get("lines")
        if lines is not None and len(lines) == len(df):
            line = int(lines[row])
        elif df.attrs.get("index_is_line"):
            line = df.index[row]
        else:
            line = df.attrs.get("first_line", 2) + row
        if column is None:
            return f"{path}:{line}"
        header = list(df.attrs.get("columns", df.columns))  # the file's columns, also for a frame derived from it
        return f"{path}:{line}:{header.index(column) + 1 if column in header else 1}"
    if row is None:
        return table
    return f"{table}[row={df.index[row]}]" + (f".{column}" if column is not None else "")


def require_columns(
    df: object, table: str, required: Sequence[str], problems: TableProblems, optional: Sequence[str] = ()
) -> bool:
    """Records missing columns (suggesting near spellings); False when any is missing."""
    if not isinstance(df, pd.DataFrame):
        problems.add(table, f"got {type(df).__name__}; expected a table (pandas DataFrame) with columns "
                     + ", ".join(required))
        return False
    present = [str(c) for c in df.columns]
    ok = True
    for column in required:
        if column in present:
            continue
        ok = False
        near = [p for p in present if p.strip().lower() == column or _close(p.lower(), column)]
        hint = f" (found {near[0]!r}: check the spelling)" if near else ""
        problems.at(df, table, None, column, f"missing column {column!r}{hint}; expected columns "
                    + ", ".join(list(required) + [f"[{o}]" for o in optional]))
    return ok


def _close(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit (a typo)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


ABSURD = 1e15
"""No count, rate, cost or year a planner enters comes near this; a value beyond it is an
export or unit error, not data (and would overflow sums silently)."""


def numeric(
    df: pd.DataFrame,
    table: str,
    column: str,
    problems: TableProblems,
    *,
    integer: bool = False,
    minimum: Optional[float] = None,
    allow_missing: bool = False,
    ok: Optional[Callable[[np.ndarray], np.ndarray]] = None,
    infinite_ok: bool = False,
    expected: str = "a number",
) -> np.ndarray:
    """The column as float64, NaN where a cell is missing or bad; records every cell that is
    not a number, is infinite or absurdly large, is not whole (``integer``), is below
    ``minimum``, fails the vectorised test ``ok``, or is missing (unless ``allow_missing``).
    Vectorised: only the offending cells are visited one by one, at most
    :data:`MAX_PER_COLUMN` of them listed."""
    raw = df[column]
    values = np.array(pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan))  # a writable copy
    missing = _blank(raw)
    bad = (np.isnan(values) & ~missing) | (missing & (not allow_missing)) | (np.isinf(values) & (not infinite_ok))
    finite = np.isfinite(values)
    if integer:
        bad |= finite & (values != np.round(values))
    if minimum is not None:
        bad |= values < minimum
    if ok is not None:
        with np.errstate(invalid="ignore"):
            bad |= finite & ~ok(np.where(finite, values, 0.0))
    huge = finite & (np.abs(values) > ABSURD)
    bad |= huge
    for count, row in enumerate(np.flatnonzero(bad)):
        if count == MAX_PER_COLUMN:
            problems.at(df, table, None, column, f"{int(bad.sum()) - MAX_PER_COLUMN} more bad cells in column "
                        f"{column!r} not listed; expected {expected}")
            break
        if missing[row]:
            problems.at(df, table, int(row), column, f"is empty; expected {expected}")
            continue
        problems.at(df, table, int(row), column, f"got {show(raw.iloc[row])}{_hint(raw.iloc[row], huge[row])}; "
                    f"expected {expected}")
    values[bad] = np.nan
    return values


def _hint(value: object, huge: bool) -> str:
    """What a number cell that did not read probably holds instead."""
    if huge:
        return f" (beyond {ABSURD:.0e}: a unit or export error?)"
    text = str(value)
    if text.strip().endswith("%"):
        return " (a percentage: write the share, 35% as 0.35)"
    if "," in text or "，" in text:
        return " (no thousands separators: write 3521, not 3,521)"
    return ""


def blank(value: object) -> bool:
    """True for a missing cell: None, NaN or a string of spaces."""
    return value is None or (isinstance(value, float) and np.isnan(value)) or \
        (isinstance(value, str) and value.strip() == "")


def _blank(column: pd.Series) -> np.ndarray:
    if column.dtype.kind in "fiub":
        return column.isna().to_numpy()
    # Columns of text repeat few distinct values (names, codes): test each once.
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return np.append(np.array([blank(u) for u in uniques], dtype=bool), True)[codes]


def show(value: object, quote: bool = True) -> str:
    """A cell as a message shows it: text quoted (unless ``quote`` is False), numbers plain."""
    if isinstance(value, str):
        return repr(value) if quote else value
    item = getattr(value, "item", None)
    return str(item() if callable(item) else value)


def duplicates(df: pd.DataFrame, table: str, keys: Sequence[str], problems: TableProblems) -> None:
    """Records every row whose key columns repeat an earlier row's."""
    dup = df.duplicated(subset=list(keys), keep="first").to_numpy()
    for count, row in enumerate(np.flatnonzero(dup)):
        if count == MAX_PER_COLUMN:
            problems.at(df, table, None, None, f"{int(dup.sum()) - MAX_PER_COLUMN} more repeated rows not listed")
            break
        key = ", ".join(f"{k}={show(df[k].iloc[row], quote=False)}" for k in keys)
        problems.at(df, table, int(row), None, f"repeats {key}; expected each ({', '.join(keys)}) once")


def unknown(
    df: pd.DataFrame, table: str, column: str, allowed: Iterable[object], problems: TableProblems, what: str
) -> np.ndarray:
    """Mask of rows whose value is in ``allowed``; records the others (one line per distinct value)."""
    allowed = list(allowed)
    values = df[column]
    ok = values.isin(allowed).to_numpy()
    for value in pd.unique(values[~ok]):
        row = int(np.flatnonzero((values == value).to_numpy())[0]) if pd.notna(value) else int(np.flatnonzero(values.isna())[0])
        n = int(((values == value) if pd.notna(value) else values.isna()).sum())
        more = f" (and {n - 1} more rows)" if n > 1 else ""
        shown = ", ".join(map(str, allowed[:12])) + (", ..." if len(allowed) > 12 else "")
        problems.at(df, table, row, column, f"unknown {what} {show(value)}{more}; expected one of {shown}")
    return ok


def read_aliases(table: pd.DataFrame, problems: TableProblems, name: str = "aliases") -> dict[str, str]:
    """alias → name from an aliases table (columns alias, region): another spelling of a region
    (a Traditional form such as 晉江市 of 晋江市) that every other table may use instead of the
    name. Records empty cells, an alias given twice, and an alias that is also the name of a
    region or names another alias."""
    if not require_columns(table, name, ["alias", "region"], problems):
        return {}
    alias = table["alias"].astype(str).str.strip().to_numpy()
    region = table["region"].astype(str).str.strip().to_numpy()
    found: dict[str, str] = {}
    names = set(region)
    for row, (a, r) in enumerate(zip(alias, region)):
        if blank(table["alias"].iloc[row]) or blank(table["region"].iloc[row]):
            problems.at(table, name, row, "alias" if blank(table["alias"].iloc[row]) else "region",
                        "is empty; expected an alias and the region it names")
        elif a in found and found[a] != r:
            problems.at(table, name, row, "alias", f"{a!r} already names {found[a]!r}; expected one region per alias")
        elif a in names and a != r:
            problems.at(table, name, row, "alias", f"{a!r} is also a region's name; expected another spelling")
        elif r in found:
            problems.at(table, name, row, "region", f"{r!r} is itself an alias (of {found[r]!r}); expected the "
                        "region's name")
        elif a != r:
            found[a] = r
    return found


def resolve_aliases(table: pd.DataFrame, aliases: dict[str, str], column: str = "region") -> pd.DataFrame:
    """``table`` with every alias in ``column`` replaced by the region it names (the same rows,
    file and lines, so that later problems are still located in the file)."""
    if not aliases or column not in table.columns:
        return table
    values = table[column]
    hit = values.isin(list(aliases)).to_numpy()
    if not hit.any():
        return table
    out = table.copy()
    out.attrs = dict(table.attrs)
    out[column] = values.where(~hit, values.map(aliases))
    return out
