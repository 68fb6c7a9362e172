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

from .._io.xlsx import sheet_name
from .columns import column, excel_format
from .summary import read_provenance, school_order, summarise

if TYPE_CHECKING:
    from ..scenario.results import Results

HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#305496", "align": "center", "valign": "top",
          "text_wrap": True}
DEFICIT = {"bg_color": "#F8CBAD", "font_color": "#9C0006"}
"""Cells of a deficit column above zero: a shortfall to act on."""
UTILISATION_SCALE = {"type": "3_color_scale", "min_type": "num", "min_value": 0.5, "min_color": "#5B9BD5",
                     "mid_type": "num", "mid_value": 1.0, "mid_color": "#FFFFFF", "max_type": "num", "max_value": 1.5,
                     "max_color": "#E06666"}
"""Utilisation diverging at 1 (pupils = places): blue for spare places, red for crowding."""


def number_format(column_name: str, dtype, table: str = "") -> str:
    """The Excel number format of a column, by its meaning (:mod:`.columns`): counts ``#,##0``,
    shares ``0.0%``, ratios ``0.000``, years ``0``, dates ``yyyy-mm-dd``, text ``General``."""
    return excel_format(column(column_name, table, dtype))


class _Book:
    """An XlsxWriter workbook with its formats made once."""

    def __init__(self, path) -> None:
        import xlsxwriter

        # user text always as text: never a formula, a link or a number
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.header = self.book.add_format(HEADER)
        self.bold = self.book.add_format({"bold": True})
        self.deficit = self.book.add_format(DEFICIT)
        self._formats: dict[str, object] = {}

    def format(self, number_format: str):
        if number_format not in self._formats:
            self._formats[number_format] = self.book.add_format({"num_format": number_format})
        return self._formats[number_format]

    def sheet(self, title: str, frame: pd.DataFrame, table: str = "") -> None:
        """``frame`` (the table named ``table``) as a sheet: friendly headers (frozen, with
        filters; a note on each gives the CSV column), a number format per column, deficits
        above zero in red, utilisation on a scale diverging at 1, and columns wide enough for
        their first 200 values."""
        ws = self.book.add_worksheet(title[:31])
        ws.freeze_panes(1, 0)
        ws.set_row(0, 30)
        last = len(frame)
        for j, name in enumerate(frame.columns):
            col = column(str(name), table, frame.dtypes.iloc[j])
            ws.write_string(0, j, col.header, self.header)
            if col.header != str(name):
                ws.write_comment(0, j, f"CSV column: {name}")
            ws.set_column(j, j, _width(col.header, frame.iloc[:200, j], wrap=True))
            self.column(ws, 1, j, frame.iloc[:, j], excel_format(col))
            if last and col.highlight == "deficit":
                ws.conditional_format(1, j, last, j, {"type": "cell", "criteria": ">", "value": 0.5,
                                                      "format": self.deficit})
            elif last and col.highlight == "utilisation":
                ws.conditional_format(1, j, last, j, UTILISATION_SCALE)
        if frame.shape[1]:
            ws.autofilter(0, 0, last, frame.shape[1] - 1)

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


def _width(header, sample: pd.Series, wrap: bool = False) -> int:
    """Characters wide enough for the column's header and ``sample`` values, at most 40; a
    header that wraps (on two lines) needs about half its length."""
    longest = max((len(str(v)) for v in sample.tolist()), default=0)
    head = len(str(header))
    if wrap and head > 14:
        head = max(len(word) for word in str(header).split()) if head < 2 * longest else (head + 1) // 2
    return min(40, max(head, longest, 4) + 2)


AGE_GROUPS = [(0, 2, "0-2"), (3, 5, "3-5"), (6, 11, "6-11"), (12, 14, "12-14"), (15, 17, "15-17"),
              (18, 59, "18-59"), (60, 64, "60-64"), (65, 200, "65+")]


AGE_GROUP_ROWS = 400_000
"""Rows of the population table grouped at once by :func:`age_groups` (whole regions): the
grouping's transient memory is some 50 bytes a row (0.22 GiB for the 4.7 million rows of 1,300
regions, in the workbook's child while the report's charts are drawn beside it)."""


def age_groups(population: pd.DataFrame) -> pd.DataFrame:
    """Population by region, year and the age groups that school and elder planning use
    (single ages stay in population.csv), in order of region and year.

    A long table (above :data:`AGE_GROUP_ROWS` rows) whose regions each take one run of rows,
    as the run writes it, is grouped a few regions at a time: each group sums the same rows in
    the same order as the whole table's grouping, so that the values are the same to the bit."""
    region = population["region"].to_numpy()
    if len(population) <= AGE_GROUP_ROWS:
        return _age_groups(population)
    starts = np.flatnonzero(np.concatenate([[True], region[1:] != region[:-1]]))
    if len(set(region[starts].tolist())) != len(starts):  # a region in two runs: grouped whole
        return _age_groups(population)
    bounds = [0]
    for start in starts[1:].tolist():
        if start - bounds[-1] >= AGE_GROUP_ROWS:
            bounds.append(start)
    bounds.append(len(population))
    parts = [_age_groups(population.iloc[first:last]) for first, last in zip(bounds[:-1], bounds[1:])]
    return pd.concat(parts, ignore_index=True).sort_values(["region", "year"], kind="stable", ignore_index=True)


def _age_groups(population: pd.DataFrame) -> pd.DataFrame:
    """:func:`age_groups` of the whole table at once."""
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
    names, with a blank row between them. Each is an Excel table with its own filter buttons:
    a worksheet holds one autofilter only, and these tables do not share columns."""
    width = max(frame.shape[1] for frame in summary.values())
    ws = book.book.add_worksheet("summary")
    ws.freeze_panes(1, 0)
    for j in range(width):
        ws.write_string(0, j, title if j == 0 else "", book.header)
    widths = [len(title) + 2] + [2] * (width - 1)
    row = 1
    for number, (name, frame) in enumerate(summary.items(), start=1):
        ws.write_string(row, 0, name.upper(), book.bold)
        for j, column in enumerate(frame.columns):
            ws.write_string(row + 1, j, str(column), book.bold)
            book.column(ws, row + 2, j, frame.iloc[:, j], number_format(str(column), frame.dtypes.iloc[j], name))
            widths[j] = max(widths[j], _width(column, frame.iloc[:, j]))
        if len(frame):
            # The cells are written above; the table only adds the filter buttons and banding.
            ws.add_table(row + 1, 0, row + 1 + len(frame), frame.shape[1] - 1,
                         {"name": f"summary{number}", "style": "Table Style Light 1",
                          "columns": [{"header": str(column), "header_format": book.bold} for column in frame.columns]})
        row += len(frame) + 3
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(40, w))


CITY_SHEET = "city by level"


def city_by_level(results: "Results") -> pd.DataFrame:
    """City pupils (p10 and p90 with draws) and places by level and year, levels in school order."""
    totals = results.tables["totals"]
    sums = [c for c in ("pupils", "p10", "p90") if c in totals.columns]
    city = totals.groupby(["level", "year"], sort=False)[sums].sum()
    balance = results.tables.get("balance")
    if balance is not None:
        city["capacity"] = balance.groupby(["level", "year"])["capacity"].sum()
    order = school_order(results, city.index.get_level_values("level"))
    return city.reset_index().set_index("level").loc[order].reset_index()


def _charts(book: _Book, results: "Results") -> None:
    """The city's table by level and year, and a chart sheet per level drawn from it: pupils
    (with the p10–p90 band's edges when drawn) against places."""
    city = city_by_level(results)
    book.sheet(CITY_SHEET, city, "totals")
    ref = {name: j for j, name in enumerate(city.columns)}
    used: set[str] = set()
    for level, rows in city.groupby("level", sort=False):
        first, last = int(rows.index[0]) + 1, int(rows.index[-1]) + 1  # +1: the header row
        chart = book.book.add_chart({"type": "line"})
        years = [CITY_SHEET, first, ref["year"], last, ref["year"]]
        lines = [("pupils", "Pupils", {"color": "#4472C4", "width": 2.25}),
                 ("p10", "Pupils p10", {"color": "#4472C4", "width": 0.75, "dash_type": "dash"}),
                 ("p90", "Pupils p90", {"color": "#4472C4", "width": 0.75, "dash_type": "dash"}),
                 ("capacity", "Places", {"color": "#000000", "width": 1.5, "dash_type": "long_dash"})]
        for name, label, line in lines:
            if name in ref:
                chart.add_series({"name": label, "categories": years, "values": [CITY_SHEET, first, ref[name], last,
                                                                                 ref[name]], "line": line})
        chart.set_title({"name": f"Pupils against places, whole city: {level}"})  # text first: "=…" is a formula
        chart.set_x_axis({"name": "year"})
        chart.set_y_axis({"name": "pupils / places", "num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        title = sheet_name(f"chart {level}", used)
        book.book.add_chartsheet(title).set_chart(chart)


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
    if "totals" in results.tables:
        _charts(book, results)
    for name in order:
        if name == "population" and name in results.tables:
            book.sheet("population", age_groups(results.tables[name]))
        elif name in results.tables and name not in large:
            book.sheet(name, results.tables[name], name)
    if provenance is None:
        provenance = read_provenance(results)
    if provenance is not None:
        book.sheet("provenance", provenance, "provenance")
    book.close()

