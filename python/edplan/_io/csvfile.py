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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Optional, Union

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
    rows, lines = [], []
    try:
        for first, line, fields in records:
            if not any(f.strip() for f in fields):
                continue
            if sheet is not None:  # a sheet's rows end at their last cell, empty or not
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
    df = pd.DataFrame(rows, columns=header, dtype=object, index=pd.Index(lines, name="line"))
    df = df.loc[:, ~pd.Index(header).duplicated()]
    df = df.mask(df == "")  # an empty cell is a missing value
    df.attrs["path"] = name
    df.attrs["index_is_line"] = True
    df.attrs["columns"] = list(df.columns)
    complete = require_columns(df, name, list(required), problems, optional=list(optional))
    if own:
        problems.raise_if_any()
    return df if complete else None  # the missing column is reported; nothing can use the table


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
