# SPDX-License-Identifier: MIT
"""Tables that remember where each row came from, so that every problem names its place:
``file.csv:12:3`` for a row read from a CSV file, ``name[row=5].column`` for a DataFrame."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class Located:
    """A DataFrame with, for rows read from a file, the file's name and each row's line."""

    frame: pd.DataFrame
    source: str
    lines: Optional[np.ndarray] = None
    header: Optional[list[str]] = None
    header_line: int = 1

    def where(self, i: Union[int, np.integer], column: Optional[str] = None) -> str:
        """The place of positional row ``i`` (and ``column``): ``file:line:column`` or ``name[row=i].column``."""
        if self.lines is not None:
            col = self.header.index(column) + 1 if self.header and column in self.header else 1
            return f"{self.source}:{int(self.lines[i])}:{col}"
        label = self.frame.index[i]
        return f"{self.source}[row={label}]" + (f".{column}" if column else "")


def read_csv(path: PathLike) -> Located:
    """Reads a UTF-8 CSV file (a BOM is accepted) with one header row into strings, keeping
    each record's line number; blank lines are skipped. Raises InputError for a missing or
    unreadable file, an empty file, and rows with more or fewer cells than the header."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header: Optional[list[str]] = None
            header_line = 1
            rows: list[list[str]] = []
            lines: list[int] = []
            problems: list[Problem] = []
            for record in reader:
                if not any(cell.strip() for cell in record):
                    continue
                cells = [cell.strip() for cell in record]
                if header is None:
                    header = cells
                    header_line = reader.line_num
                    continue
                if len(cells) != len(header):
                    problems.append(Problem(f"{name}:{reader.line_num}:1",
                                            f"has {len(cells)} cells; expected {len(header)} ({', '.join(header)})"))
                    continue
                rows.append(cells)
                lines.append(reader.line_num)
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 ({e.reason} at byte {e.start}); save it as UTF-8 CSV", name) from None
    except csv.Error as e:
        raise InputError(f"is not a valid CSV file ({e})", name) from None
    if header is None:
        raise InputError("is empty; expected a header row and data rows", name)
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return Located(frame, name, np.asarray(lines, dtype=np.int64), header, header_line)


def located(table: Union[PathLike, pd.DataFrame, Located], name: str) -> Located:
    """``table`` as a Located: a path is read, a DataFrame is named ``name``."""
    if isinstance(table, Located):
        return table
    if isinstance(table, pd.DataFrame):
        return Located(table, name)
    return read_csv(table)


def require_columns(t: Located, required: Sequence[str], problems: list[Problem]) -> bool:
    """Records one problem per missing column; True when all are present."""
    missing = [c for c in required if c not in t.frame.columns]
    for c in missing:
        where = f"{t.source}:{t.header_line}:1" if t.lines is not None else t.source
        problems.append(Problem(where, f"missing column '{c}'; expected columns {', '.join(required)}"))
    return not missing


def blank(x: object) -> bool:
    """True for a missing cell: None, NaN or an empty string."""
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and x.strip() == "")


def _blank_mask(col: pd.Series) -> np.ndarray:
    if col.dtype.kind in "fiub":
        return col.isna().to_numpy()
    # Columns of text repeat few distinct values (indicator and region names): test each once.
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return np.append(np.array([blank(u) for u in uniques], dtype=bool), True)[codes]


def numbers(t: Located, column: str, problems: list[Problem], *, expected: str,
            optional: bool = False, ok: Optional[Callable[[np.ndarray], np.ndarray]] = None) -> np.ndarray:
    """The column as float64: blank cells are NaN when ``optional``, else problems; cells that
    are not numbers, are not finite, or fail the vectorised test ``ok``, are problems that say
    ``expected``. Vectorised: only offending cells are visited one by one."""
    col = t.frame[column]
    is_blank = _blank_mask(col)
    out = np.array(pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan))
    with np.errstate(invalid="ignore"):
        good = np.isfinite(out)
        if ok is not None:
            good &= ok(np.where(good, out, 0.0))
    bad = ~good & ~is_blank
    raw = col.to_numpy(dtype=object)
    for i in np.flatnonzero(bad):
        problems.append(Problem(t.where(i, column), f"got {raw[i]!r}; expected {expected}"
                                if isinstance(raw[i], str) else f"got {raw[i]}; expected {expected}"))
    if not optional:
        for i in np.flatnonzero(is_blank):
            problems.append(Problem(t.where(i, column), f"is empty; expected {expected}"))
    out[~good] = np.nan
    return out


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
