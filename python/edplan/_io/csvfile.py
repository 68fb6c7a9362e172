# SPDX-License-Identifier: MIT
"""Files to tables: UTF-8 CSV (a BOM accepted, CRLF accepted; a file that is not UTF-8 but is
GB18030, as Excel on Chinese Windows saves it, read as such with a warning), a sheet of an
.xlsx workbook (:mod:`.xlsx`) or a GIS layer (:mod:`.geo`), checked as text before parsing.

Every problem is located as ``file:line:column: message``. A table read here remembers its
file and the line of every row (``df.attrs``), so the checks of the modules that use it
locate their problems in the file too.
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .checks import TableProblems, require_columns
from .geo import is_layer, layer_rows
from .xlsx import sheet_rows, split_sheet

__all__ = ["read_table", "MAX_TABLE_BYTES"]

MAX_TABLE_BYTES = 2 * 1024**3
"""Tables larger than this are refused (a planner's table is megabytes, not gigabytes)."""


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


class NotARegularFile(OSError):
    """A path that names a device, a pipe or a socket: reading it could never end."""


def read_bounded(path: Path, limit: int) -> Optional[bytes]:
    """The bytes of the regular file ``path``, or None when it holds more than ``limit`` bytes.

    The bound is on the bytes actually read, not on what ``stat`` says (a size of 0 does not
    make /dev/zero finite); devices, pipes and sockets are refused before any read."""
    import stat

    def refuse_unless_regular(mode: int) -> None:
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(mode):
            kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
            raise NotARegularFile(kind)

    refuse_unless_regular(os.stat(path).st_mode)  # before opening: opening a FIFO waits for a writer
    with open(path, "rb") as f:
        refuse_unless_regular(os.fstat(f.fileno()).st_mode)  # the file opened is the file checked
        data = f.read(limit + 1)
    return None if len(data) > limit else data


def read_text(path: Union[str, Path], problems: TableProblems) -> Optional[str]:
    """The file's text, or None after recording why it cannot be read as UTF-8 CSV text."""
    path = Path(path)
    name = str(path)
    try:
        data = read_bounded(path, MAX_TABLE_BYTES)
        if data is None:
            problems.add(name, f"the file has more than {MAX_TABLE_BYTES:,} bytes; expected a table under "
                         f"{MAX_TABLE_BYTES:,} bytes")
            return None
    except NotARegularFile as error:
        problems.add(name, f"is {error}; expected a CSV file")
        return None
    except FileNotFoundError:
        problems.add(name, "no such file; expected a CSV table there")
        return None
    except IsADirectoryError:
        problems.add(name, "is a folder; expected a CSV file")
        return None
    except OSError as error:
        problems.add(name, f"cannot be read ({error.strerror}); expected a readable CSV file")
        return None
    if not data.strip():
        problems.add(name, "the file is empty; expected a header row and data rows")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        problems.add(f"{name}:{line}:{col}", "binary data (a NUL byte); expected a CSV text file "
                     "(an .xlsx workbook must be saved as CSV UTF-8)")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = _line_col(data, error.start)
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            problems.add(f"{name}:{line}:{col}", f"byte 0x{data[error.start]:02x} is not UTF-8 (nor GB18030); "
                         "expected UTF-8 text (save as 'CSV UTF-8')")
            return None
        # what Excel on a Chinese Windows saves as "CSV": GBK, a subset of GB18030
        problems.warnings.append(Problem(f"{name}:{line}:{col}", "not UTF-8: read as GB18030 (GBK), as Excel on "
                                         "Chinese Windows saves CSV; save as 'CSV UTF-8' to be sure of the names"))
        return text


def read_table(
    path: Union[str, Path],
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    problems: Optional[TableProblems] = None,
    display: Optional[str] = None,
) -> Optional[pd.DataFrame]:
    """Read a CSV table of strings, checking its shape; values are checked by the user of the table.

    Columns are stripped of surrounding spaces; rows that are entirely empty are skipped; rows
    with more or fewer fields than the header are problems. Missing required columns are
    problems (with a spelling hint). ``display`` is the name used in messages (default: the path).
    With ``problems`` given, problems are recorded there and None is returned for an unusable
    table; otherwise an :class:`~edplan.InputError` is raised.
    """
    own = problems is None
    problems = problems if problems is not None else TableProblems()
    name = display or str(path)
    before = len(problems.problems)
    book, sheet = split_sheet(path)
    text: Optional[str] = None  # the CSV text, when the table is a CSV file
    if sheet is not None:
        records = _sheet_records(sheet_rows(book, sheet, problems, name))
    elif is_layer(split_layer(path)[0]):
        records = _sheet_records(layer_rows(*split_layer(path), problems, name))
    else:
        text = read_text(path, problems)
        records = None if text is None else _csv_records(text)
        problems.problems[before:] = [Problem(p.where.replace(str(path), name, 1), p.message)
                                      for p in problems.problems[before:]]
    if records is None:
        if own:
            problems.raise_if_any()
        return None
    try:
        header = next(records)[2]
    except (StopIteration, _CsvError):
        header = []
    header = [h.strip() for h in header]
    if sheet is not None:
        while header and not header[-1]:
            header.pop()  # formatted but empty cells right of the table
    if not any(header):
        problems.add(f"{name}:1:1", "no header row; expected columns " + ", ".join(required))
        if own:
            problems.raise_if_any()
        return None
    if len(header) == 1 and required:
        for separator, called in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if separator in header[0]:
                problems.add(f"{name}:1:1", f"the header reads as one column {header[0]!r}: the fields are separated by "
                             f"{called}; expected commas (save as 'CSV UTF-8 (comma delimited)')")
                if own:
                    problems.raise_if_any()
                return None
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if h in seen:
            problems.add(f"{name}:1:{i + 1}", f"column {h!r} appears twice; expected each column once")
        seen.setdefault(h, i)
    df = _rows_by_pandas(text, header) if text is not None else None
    if df is None:  # a sheet, a layer, quotes, a row of the wrong width, a rare line break: read with care
        df = _rows_of_records(records, header, sheet is not None, name, problems)
    df = df.loc[:, ~pd.Index(header).duplicated()]
    df = df.mask(df == "")  # an empty cell is a missing value
    df.attrs["path"] = name
    df.attrs["index_is_line"] = True
    df.attrs["columns"] = list(df.columns)
    complete = require_columns(df, name, list(required), problems, optional=list(optional))
    if own:
        problems.raise_if_any()
    return df if complete else None  # the missing column is reported; nothing can use the table


# Line breaks that str.splitlines() honours and the csv module does not: where one appears, the
# careful reader runs, so that the fast one can number rows by splitlines().
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Whitespace other than line ends (as str.strip() sees it): only where some appears is
# stripping, the slowest step, needed.
_SPACE = re.compile(r"[^\S\r\n]")


def _rows_by_pandas(text: str, header: list[str]) -> Optional[pd.DataFrame]:
    """The data rows of ``text`` (stripped strings, entirely empty rows skipped, indexed by file
    line), parsed by pandas' C parser: the common case, many times faster than the csv module
    and a fraction of its memory. None where the text needs the careful reader: any quote
    (quoted fields may span lines), a line break other than CR/LF, a row that is not blank and
    has more or fewer fields than the header."""
    if '"' in text or _OTHER_LINE_BREAKS.search(text):
        return None
    width = len(header)
    data = text.split("\n", 1)[1] if "\n" in text else ""
    if data.count("\r") != data.count("\r\n"):
        return None  # a lone CR ends a line for the csv module: leave such a file to it
    raw = np.frombuffer(data.encode("utf-8"), np.uint8)
    ends = np.flatnonzero(raw == ord("\n"))
    if raw.size and raw[-1] != ord("\n"):
        ends = np.append(ends, raw.size - 1)

    def per_line(mask: np.ndarray) -> np.ndarray:  # how many marked bytes each line holds
        return np.bincount(np.searchsorted(ends, np.flatnonzero(mask)), minlength=ends.size)[:ends.size]

    fields = per_line(raw == ord(",")) + 1
    # a blank line holds separators, spaces, tabs and its line end only
    blank_line = per_line(np.isin(raw, np.frombuffer(b", \t\r\n", np.uint8))) == np.diff(ends, prepend=-1)
    del raw
    if ((fields != width) & ~blank_line).any():
        return None  # pandas pads a short row and may cut a long one: the careful path locates it
    try:
        with warnings.catch_warnings():  # blank lines of another width: skipped below, nothing lost
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            # index_col=False: with names given, pandas would take a row's extra first field as an index
            df = pd.read_csv(_io.StringIO(data), header=None, names=range(width), index_col=False, dtype=object,
                             na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_NONE, engine="c")
    except (pd.errors.ParserError, ValueError):
        return None
    if len(df) != len(ends):
        return None
    if _SPACE.search(data):
        for column in df.columns:
            df[column] = df[column].str.strip()
    blank = (df[0] == "").to_numpy(copy=True)  # a blank row starts with an empty field: look further only there
    if blank.any():
        blank[blank] = (df.loc[blank] == "").all(axis=1).to_numpy()
    keep = ~blank
    df = df.loc[keep]
    df.columns = header
    df.index = pd.Index(np.arange(2, len(ends) + 2)[keep], name="line")
    return df.astype(object)


def _rows_of_records(records: Iterator[tuple[int, int, list[str]]], header: list[str], sheet: bool, name: str,
                     problems: TableProblems) -> pd.DataFrame:
    """The data rows read record by record (CSV by the csv module, a sheet or a layer by rows):
    every malformed row located."""
    rows, lines = [], []
    try:
        for first, line, fields in records:
            if not any(f.strip() for f in fields):
                continue
            if sheet:  # a sheet's rows end at their last cell, empty or not
                fields = fields + [""] * (len(header) - len(fields)) if len(fields) < len(header) else \
                    fields[:len(header)] if not any(f.strip() for f in fields[len(header):]) else fields
            if len(fields) != len(header):
                spans = f" (a quote opened on line {first} is closed only on line {line}: a stray \" ?)" \
                    if line > first and any("\n" in f for f in fields) else ""
                problems.add(f"{name}:{first}", f"got {len(fields)} fields; expected {len(header)} "
                             f"(the header's columns: {', '.join(header)}){spans}")
                continue
            rows.append([f.strip() for f in fields])
            lines.append(line)
    except _CsvError as error:
        problems.add(f"{name}:{error.line}", f"cannot be parsed as CSV ({error.reason}); expected comma-separated "
                     "fields")
    return pd.DataFrame(rows, columns=header, dtype=object, index=pd.Index(lines, name="line"))


class _CsvError(Exception):
    """csv.Error with the line it was raised on."""

    def __init__(self, line: int, reason: csv.Error) -> None:
        super().__init__(line, reason)
        self.line, self.reason = line, reason


def _csv_records(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of each record of CSV ``text`` (a quoted field may span
    lines)."""
    reader = csv.reader(_io.StringIO(text, newline=""))
    start = 1
    try:
        for fields in reader:
            yield start, reader.line_num, fields
            start = reader.line_num + 1
    except csv.Error as error:
        raise _CsvError(reader.line_num, error) from None


def _sheet_records(rows: Optional[Iterator[tuple[int, list[str]]]]) -> Optional[Iterator[tuple[int, int, list[str]]]]:
    """The numbered rows of a sheet or a layer as records (first and last line: the row)."""
    return None if rows is None else ((number, number, cells) for number, cells in rows)


def split_layer(path: Union[str, Path]) -> tuple[Path, Optional[str]]:
    """(file, layer) for ``areas.gpkg#villages``; (path, None) otherwise."""
    text = str(path)
    file, mark, layer = text.rpartition("#")
    if mark and layer and is_layer(Path(file)):
        return Path(file), layer
    return Path(text), None


def raise_problems(problems: TableProblems) -> None:
    """Raise every recorded problem as one InputError."""
    if problems.problems:
        raise InputError(problems.problems)
