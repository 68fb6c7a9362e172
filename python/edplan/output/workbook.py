# SPDX-License-Identifier: MIT
"""The Excel workbook of a run: a summary sheet, one formatted sheet per table, and where the
numbers of the built-in scenario come from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .summary import summarise

if TYPE_CHECKING:
    from ..scenario.results import Results

SHARE_COLUMNS = {"utilisation", "public_share", "inclusive_share", "participation", "share", "ratio", "coverage"}


def _formats(frame: pd.DataFrame) -> list[str]:
    out = []
    for i, column in enumerate(frame.columns):
        column = str(column)
        dtype = frame.iloc[:, i].dtype
        if column in SHARE_COLUMNS or column.endswith("_share") or column.endswith("_rate"):
            out.append("0.0%")
        elif pd.api.types.is_integer_dtype(dtype) or column in ("year", "age", "grade", "origin", "lead"):
            out.append("0")
        elif pd.api.types.is_float_dtype(dtype):
            out.append("#,##0.0")
        else:
            out.append("General")
    return out


def _sheet(book, title: str, frame: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = book.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    for i, column in enumerate(frame.columns):
        sample = frame.iloc[:200, i].astype(str).str.len().max() if len(frame) else 0
        width = min(40, max(len(str(column)), 0 if pd.isna(sample) else int(sample)) + 2)
        ws.column_dimensions[_letter(i)].width = width
    header = []
    for column in frame.columns:
        cell = WriteOnlyCell(ws, value=str(column))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    formats = _formats(frame)
    columns = [frame.iloc[:, i].to_numpy(dtype=object) for i in range(frame.shape[1])]
    for row in zip(*columns):
        cells = []
        for value, fmt in zip(row, formats):
            if isinstance(value, (float, np.floating)) and not np.isfinite(value):
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = fmt
            cells.append(cell)
        ws.append(cells)


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(i + 1)


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
"""Larger tables (per-area coverage of thousands of villages) stay in their CSV files: a sheet
of 45,000 rows takes openpyxl half a minute and no planner reads it in Excel."""


def write_workbook(results: "Results", path, order: Sequence[str]) -> None:
    """The workbook at ``path``: the summary sheet, then the tables named in ``order`` that the
    run has (population by age group), then provenance."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = summarise(results)
    large = {name: len(results.tables[name]) for name in order
             if name in results.tables and name != "population" and len(results.tables[name]) > SHEET_ROWS_MAX}
    if large:
        summary["tables in their CSV files only"] = pd.DataFrame(
            {"table": [f"{name}.csv" for name in large], "rows": list(large.values())})
    blocks = []
    for title, frame in summary.items():
        blocks.append(pd.DataFrame([[title.upper()] + [None] * (frame.shape[1] - 1)], columns=frame.columns))
        blocks.append(pd.DataFrame([frame.columns.tolist()], columns=frame.columns))
        blocks.append(frame.astype(object))
        blocks.append(pd.DataFrame([[None] * frame.shape[1]], columns=frame.columns))
    if blocks:
        width = max(b.shape[1] for b in blocks)
        stacked = pd.concat([pd.DataFrame(b.to_numpy(), columns=range(b.shape[1])).reindex(columns=range(width))
                             for b in blocks], ignore_index=True)
        stacked.columns = [f"{results.scenario.name} {results.scenario.base_year}-{results.scenario.horizon}"] + \
            [""] * (width - 1)
        _sheet(book, "summary", stacked)
    for name in order:
        if name == "population" and name in results.tables:
            _sheet(book, "population", age_groups(results.tables[name]))
        elif name in results.tables and name not in large:
            _sheet(book, name, results.tables[name])
    provenance = results.scenario.path.parent / "provenance.csv"
    if provenance.is_file():
        _sheet(book, "provenance", pd.read_csv(provenance))
    book.save(path)
