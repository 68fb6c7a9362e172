# SPDX-License-Identifier: MIT
"""A table with its name, so that every problem found in it names its place (``file:line:column``
for a table read from a file, ``name[row=label].column`` for a DataFrame), and the vectorised
column readers that record problems as they go."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .checks import TableProblems, blank, location, numeric, require_columns
from .csvfile import read_table

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class Located:
    """A DataFrame and the name its problems carry (a file read by :func:`read_table` knows
    its path and lines itself)."""

    frame: pd.DataFrame
    source: str

    def where(self, i: Union[int, np.integer, None], column: Optional[str] = None) -> str:
        """The place of positional row ``i`` (None: the header) and ``column``."""
        return location(self.frame, self.source, None if i is None else int(i), column)


def located(table: Union[PathLike, pd.DataFrame, Located], name: str) -> Located:
    """``table`` as a Located: a path is read (every problem of the file raised at once), a
    DataFrame is named ``name``."""
    if isinstance(table, Located):
        return table
    if isinstance(table, pd.DataFrame):
        return Located(table, str(table.attrs.get("path", name)))
    frame = read_table(os.fspath(table), ())
    assert frame is not None  # read_table raises rather than return None without `problems`
    return Located(frame, str(frame.attrs["path"]))


def columns_present(t: Located, required: Sequence[str], problems: list[Problem], optional: Sequence[str] = ()) -> bool:
    """:func:`~edplan._io.require_columns` for a Located table: one problem per missing column
    (with a spelling hint), at the header; True when all are present."""
    found = TableProblems()
    ok = require_columns(t.frame, t.source, required, found, optional)
    problems.extend(found.problems)
    return ok


def numbers(t: Located, column: str, problems: list[Problem], *, expected: str, optional: bool = False,
            ok: Optional[Callable[[np.ndarray], np.ndarray]] = None) -> np.ndarray:
    """The column as float64 by :func:`~edplan._io.numeric` (blank cells NaN when ``optional``)."""
    found = TableProblems()
    values = numeric(t.frame, t.source, column, found, allow_missing=optional, ok=ok, expected=expected)
    problems.extend(found.problems)
    return values


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def dates(t: Located, column: str, problems: list[Problem], *, optional: bool = False) -> np.ndarray:
    """The column as datetime64[D] (NaT for blank cells when ``optional``); anything other than
    an ISO date (YYYY-MM-DD), a pandas/Python date, is a problem."""
    values = t.frame[column].to_numpy(dtype=object)
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
    for i, x in enumerate(values):
        if blank(x) or x is pd.NaT:
            if not optional:
                problems.append(Problem(t.where(i, column), "is empty; expected a date YYYY-MM-DD"))
            continue
        try:
            if isinstance(x, str) and not _ISO_DATE.match(x.strip()):
                raise ValueError
            out[i] = np.datetime64(pd.Timestamp(x).date(), "D")
        except (TypeError, ValueError):
            problems.append(Problem(t.where(i, column), f"got '{x}'; expected a date YYYY-MM-DD"))
    return out


def texts(t: Located, column: str, default: str = "") -> np.ndarray:
    """The column as stripped strings, ``default`` where blank or absent."""
    if column not in t.frame.columns:
        return np.full(len(t.frame), default, dtype=object)
    codes, uniques = pd.factorize(t.frame[column], use_na_sentinel=True)
    clean = [default if blank(u) else str(u).strip() for u in uniques]
    return np.array(clean + [default], dtype=object)[codes]


def keys(t: Located, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, names): the column's stripped text as int64 codes into distinct names (blank or
    absent cells are ''), factorised once, so that 1,000,000 rows of 100,000 names stay cheap."""
    if column not in t.frame.columns:
        return np.zeros(len(t.frame), dtype=np.int64), np.array([""], dtype=object)
    codes, uniques = pd.factorize(t.frame[column], use_na_sentinel=True)
    clean = np.array([("" if blank(u) else str(u).strip()) for u in uniques] + [""], dtype=object)
    recode, names = pd.factorize(clean)
    return recode.astype(np.int64)[codes], np.asarray(names, dtype=object)


def relocate(error: InputError, pattern: str, where: Callable[[re.Match], Optional[str]]) -> InputError:
    """``error`` with every ``where`` that matches ``pattern`` rewritten by ``where(match)``
    (e.g. the engine's ``progress[row=3].count`` into ``progress.csv:5:3``)."""
    regex = re.compile(pattern)
    problems = []
    for p in error.problems:
        m = regex.fullmatch(p.where)
        new = where(m) if m else None
        problems.append(Problem(new if new else p.where, p.message))
    return InputError(problems)
