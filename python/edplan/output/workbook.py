# SPDX-License-Identifier: MIT
"""The Excel workbook of a run: a summary sheet, one formatted sheet per table, and where the
numbers of the built-in scenario come from.

Written with XlsxWriter, a column at a time with one typed call per cell: the built-in
scenario's 38,000 cells take about 0.25 s, where openpyxl's write-only mode, which makes a
styled cell object per value, took 1.2 s (benchmarks/bench_run.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from .summary import read_provenance, summarise

if TYPE_CHECKING:
    from ..scenario.results import Results

SHARE_COLUMNS = {"utilisation", "public_share", "inclusive_share", "participation", "share", "ratio", "coverage"}
YEAR_COLUMNS = {"age", "grade", "origin", "lead", "year_reached"}
"""Besides every column whose name ends in "year" (year, peak_year, "peak year")."""
COUNT_COLUMNS = {
    "pupils", "p10", "p50", "p90", "demand", "capacity", "surplus", "deficit", "classes_needed", "classes",
    "large_classes", "births", "count", "places", "cost", "population", "learners", "existing", "new_places",
    "stranded", "unplaced", "unavoidable", "added", "reached", "total", "learners_needed",
    "needed", "available", "moved_in", "moved_out", "hires_needed", "teachers",
}
"""Float columns that count pupils, places, people (teachers) or yuan: shown without decimals."""
COUNT_PARTS = ("_places", "_pupils", "_demand", "deficit_", "stranded_", "surplus_", "capacity_at",
               "nursery_")

HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#305496", "align": "center"}


def number_format(column: str, dtype) -> str:
    """The Excel number format of a column, by meaning: shares as ``0.0%``, years and ages as
    ``0``, counts as ``#,##0``, other numbers with one to three decimals, dates as
    ``yyyy-mm-dd``, text as ``General``."""
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "yyyy-mm-dd"
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return "General"
    if column in SHARE_COLUMNS or column.endswith(("_share", "_rate")):
        return "0.0%"
    if column in YEAR_COLUMNS or column.endswith("year"):
        return "0"
    if (pd.api.types.is_integer_dtype(dtype) or column in COUNT_COLUMNS or any(p in column for p in COUNT_PARTS)
            or column[:1].isdigit()):  # population by age group: "0-2", "65+"
        return "#,##0"
    return "#,##0.0##"


class _Book:
    """An XlsxWriter workbook with its formats made once."""

    def __init__(self, path) -> None:
        import xlsxwriter

        # user text always as text: never a formula, a link or a number
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.header = self.book.add_format(HEADER)
        self.bold = self.book.add_format({"bold": True})
        self._formats: dict[str, object] = {}

    def format(self, number_format: str):
        if number_format not in self._formats:
            self._formats[number_format] = self.book.add_format({"num_format": number_format})
        return self._formats[number_format]

    def sheet(self, title: str, frame: pd.DataFrame) -> None:
        """``frame`` as a sheet: a header row (frozen, with filters), a number format per column
        and columns wide enough for their first 200 values."""
        ws = self.book.add_worksheet(title[:31])
        ws.freeze_panes(1, 0)
        for j, column in enumerate(frame.columns):
            ws.write_string(0, j, str(column), self.header)
            ws.set_column(j, j, _width(column, frame.iloc[:200, j]))
            self.column(ws, 1, j, frame.iloc[:, j], number_format(str(column), frame.dtypes.iloc[j]))
        if frame.shape[1]:
            ws.autofilter(0, 0, len(frame), frame.shape[1] - 1)

    def column(self, ws, first_row: int, j: int, values: pd.Series, number_format: str) -> None:
        """One column of values from ``first_row`` down, one typed call per cell; missing
        values stay empty cells."""
        fmt = self.format(number_format) if number_format != "General" else None
        dtype = values.dtype
        if pd.api.types.is_bool_dtype(dtype) and not values.hasnans:
            write, items = ws.write_boolean, values.tolist()
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            write, items = ws.write_number, values.to_numpy(dtype=float, na_value=np.nan).tolist()
        elif pd.api.types.is_datetime64_any_dtype(dtype):  # the work plan's deadlines and reports
            write, items = ws.write_datetime, [np.nan if pd.isna(v) else v.to_pydatetime() for v in values]
        elif pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
            write, items = ws.write_string, values.to_numpy(dtype=object, na_value=np.nan).tolist()
        else:  # object: text, numbers or booleans
            write, items = partial(_write, ws), values.to_numpy(dtype=object, na_value=np.nan).tolist()
        for i, v in enumerate(items, first_row):
            if v == v:  # not NaN
                write(i, j, v, fmt)

    def close(self) -> None:
        self.book.close()


def _write(ws, i: int, j: int, v, fmt) -> None:
    """One value of an object column, by its type."""
    if isinstance(v, (bool, np.bool_)):
        ws.write_boolean(i, j, bool(v), fmt)
    elif isinstance(v, (int, float, np.integer, np.floating)):
        ws.write_number(i, j, float(v), fmt)
    else:
        ws.write_string(i, j, str(v), fmt)


def _width(column, sample: pd.Series) -> int:
    """Characters wide enough for the column's name and ``sample`` values, at most 40."""
    longest = max((len(str(v)) for v in sample.tolist()), default=0)
    return min(40, max(len(str(column)), longest) + 2)


AGE_GROUPS = [(0, 2, "0-2"), (3, 5, "3-5"), (6, 11, "6-11"), (12, 14, "12-14"), (15, 17, "15-17"),
              (18, 59, "18-59"), (60, 64, "60-64"), (65, 200, "65+")]


def age_groups(population: pd.DataFrame) -> pd.DataFrame:
    """Population by region, year and the age groups that school and elder planning use
    (single ages stay in population.csv)."""
    labels = pd.cut(population["age"], [g[0] - 0.5 for g in AGE_GROUPS] + [1e9], labels=[g[2] for g in AGE_GROUPS])
    wide = population.assign(group=labels).pivot_table(index=["region", "year"], columns="group", values="count",
                                                        aggfunc="sum", observed=False)
    wide["total"] = wide.sum(axis=1)
    return wide.reset_index().rename_axis(columns=None)


SHEET_ROWS_MAX = 20_000
"""Larger tables (per-area coverage of thousands of villages) stay in their CSV files: no
planner reads a sheet of 45,000 rows, and it would double the time to write the workbook."""


def _summary_sheet(book: _Book, title: str, summary: Mapping[str, pd.DataFrame]) -> None:
    """The summary tables one under another, each under its title in capitals and its column
    names, with a blank row between them."""
    width = max(frame.shape[1] for frame in summary.values())
    ws = book.book.add_worksheet("summary")
    ws.freeze_panes(1, 0)
    for j in range(width):
        ws.write_string(0, j, title if j == 0 else "", book.header)
    widths = [len(title) + 2] + [2] * (width - 1)
    row = 1
    for name, frame in summary.items():
        ws.write_string(row, 0, name.upper(), book.bold)
        for j, column in enumerate(frame.columns):
            ws.write_string(row + 1, j, str(column), book.bold)
            book.column(ws, row + 2, j, frame.iloc[:, j], number_format(str(column), frame.dtypes.iloc[j]))
            widths[j] = max(widths[j], _width(column, frame.iloc[:, j]))
        row += len(frame) + 3
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(40, w))


def write_workbook(results: "Results", path, order: Sequence[str], *,
                   summary: Optional[Mapping[str, pd.DataFrame]] = None,
                   provenance: Optional[pd.DataFrame] = None) -> None:
    """The workbook at ``path``: the summary sheet (``summary``, else :func:`summarise`), then
    the tables named in ``order`` that the run has (population by age group), then
    ``provenance`` (else the scenario's provenance.csv, where it has one)."""
    summary = dict(summarise(results) if summary is None else summary)
    large = {name: len(results.tables[name]) for name in order
             if name in results.tables and name != "population" and len(results.tables[name]) > SHEET_ROWS_MAX}
    if large:
        summary["tables in their CSV files only"] = pd.DataFrame(
            {"table": [f"{name}.csv" for name in large], "rows": list(large.values())})
    book = _Book(path)
    s = results.scenario
    if summary:
        _summary_sheet(book, f"{s.name} {s.base_year}-{s.horizon}", summary)
    for name in order:
        if name == "population" and name in results.tables:
            book.sheet("population", age_groups(results.tables[name]))
        elif name in results.tables and name not in large:
            book.sheet(name, results.tables[name])
    if provenance is None:
        provenance = read_provenance(results)
    if provenance is not None:
        book.sheet("provenance", provenance)
    book.close()

