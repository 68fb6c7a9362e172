# SPDX-License-Identifier: MIT
"""A scenario table kept as a sheet of an Excel workbook: ``inputs.xlsx#population`` names the
sheet ``population`` of ``inputs.xlsx``. Its cells are read as the text a CSV export would
hold, so that every check of :func:`~edplan._io.read_table` applies unchanged, and each
problem is located as ``inputs.xlsx#population:row:column`` (Excel's row number)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Optional, Union

from .checks import TableProblems

SUFFIXES = (".xlsx", ".xlsm")
"""Workbooks openpyxl reads (the legacy binary .xls is not one of them)."""


def split_sheet(path: Union[str, Path]) -> tuple[Path, Optional[str]]:
    """(workbook, sheet) for ``book.xlsx#sheet``; (path, None) for any other path (a CSV file
    whose name holds a ``#`` stays a file)."""
    text = str(path)
    book, mark, sheet = text.rpartition("#")
    if mark and sheet and book.lower().endswith(SUFFIXES):
        return Path(book), sheet
    return Path(text), None


def sheet_name(wanted: str, used: set[str]) -> str:
    """``wanted`` as an Excel sheet name: without []:*?/\\, at most 31 characters, none in
    ``used`` (compared without case, as Excel does); added to ``used``."""
    name = "".join("_" if c in "[]:*?/\\" else c for c in wanted)[:31]
    base, n = name, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def cell_text(value: object) -> str:
    """A cell as a CSV export writes it: whole numbers without ".0", other numbers as Python's
    shortest repr, dates as YYYY-MM-DD, booleans as true/false, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def sheet_rows(book: Path, sheet: str, problems: TableProblems, name: str) -> Optional[Iterator[tuple[int, list[str]]]]:
    """The sheet's rows as (Excel row number, cells as text), or None after recording why the
    workbook or the sheet cannot be read (named ``name`` in messages)."""
    if not book.is_file():
        problems.add(name, f"no such workbook {str(book)!r}; expected an .xlsx file there" if not book.exists()
                     else f"{str(book)!r} is not a file; expected an .xlsx workbook")
        return None
    stat = book.stat()
    try:
        sheets = _sheets(str(book.resolve()), stat.st_mtime_ns, stat.st_size)
    except _Unreadable as error:
        problems.add(name, f"cannot be read as an .xlsx workbook ({error}); expected a workbook saved by Excel")
        return None
    if sheet not in sheets:
        problems.add(name, f"no sheet {sheet!r} in {book.name}; expected one of {', '.join(sheets)}")
        return None
    return enumerate(sheets[sheet], 1)


class _Unreadable(Exception):
    """Not a workbook openpyxl can read."""


@functools.lru_cache(maxsize=1)
def _sheets(path: str, mtime_ns: int, size: int) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook at ``path`` as rows of cell texts, read once per version of
    the file (a scenario reads a dozen sheets of one workbook; opening it is most of the cost)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _Unreadable(str(error)) from None
    try:
        return {ws.title: [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
                for ws in workbook.worksheets if hasattr(ws, "iter_rows")}  # chart sheets hold no table
    finally:
        workbook.close()
