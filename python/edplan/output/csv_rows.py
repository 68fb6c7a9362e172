# SPDX-License-Identifier: MIT
"""A table's CSV rows, byte for byte what ``DataFrame.to_csv(index=False)`` writes, at a
fraction of its cost for long tables: pandas formats and quotes each cell as it goes (about
1 µs a cell); here each column's distinct values are formatted once — by pandas itself, so
that formatting and quoting are pandas' own — and the rows are assembled in numpy.

A column's cells are fields in fixed-width byte arrays (numpy ``S``, padded with NUL bytes);
a block of rows is those arrays side by side with the separators between them, one byte
matrix whose NUL padding is dropped in one pass. Floats, nearly all distinct, are formatted
cell by cell by the engine as Python's ``repr`` writes them (``edplan::python_repr``), which is
what pandas writes for them (``float64.astype(str)``: the shortest text that reads back the same
number; a test checks the three agree). A table with a
column this does not know how to format alone (dates, whose format depends on the whole
column), or a field holding a NUL byte or a line break, is left to pandas (:func:`rows`
returns False)."""

from __future__ import annotations

import os
from typing import Any, BinaryIO, Optional

import numpy as np
import pandas as pd

from .. import _core

__all__ = ["rows"]

BLOCK_ROWS = 100_000
"""Rows assembled at once: a block's byte matrix is some 10 MB for a table of short fields."""


def rows(table: pd.DataFrame, out: BinaryIO, *, header: bool = True, lineterminator: str = os.linesep) -> bool:
    """Writes ``table`` to ``out`` as ``table.to_csv(index=False, header=header)`` would, UTF-8
    encoded, and returns True; or returns False having written nothing, when a column is one
    that only pandas may format (see the module's comment)."""
    columns: list[tuple[Optional[np.ndarray], Any]] = []
    for k in range(table.shape[1]):
        column = _column(table.iloc[:, k], alone=table.shape[1] == 1)
        if column is None:
            return False
        columns.append(column)
    if not columns:
        return False
    if header:
        out.write(table.iloc[:0].to_csv(index=False, lineterminator=lineterminator).encode("utf-8"))
    separators = [b","] * (len(columns) - 1) + [lineterminator.encode()]
    for first in range(0, len(table), BLOCK_ROWS):
        last = min(len(table), first + BLOCK_ROWS)
        parts = []
        for (codes, fields), separator in zip(columns, separators):
            cells = fields[first:last] if codes is None else fields[codes[first:last]]
            parts.append(cells.view(np.uint8).reshape(last - first, -1))
            parts.append(np.broadcast_to(np.frombuffer(separator, np.uint8), (last - first, len(separator))))
        text = np.hstack(parts)
        out.write(text[text != 0].tobytes())
    return True


class _Floats:
    """A float column's fields, formatted a block of rows at a time as the block is sliced out
    (``fields[first:last]``): the fields of a whole column (some 25 bytes a cell) are never
    held at once."""

    def __init__(self, values: np.ndarray, alone: bool) -> None:
        self.values = values
        self.alone = alone

    def __getitem__(self, rows: slice) -> np.ndarray:
        v = np.ascontiguousarray(self.values[rows])
        width = _core.python_repr_width()
        fields = np.empty(len(v), f"S{width}")
        _core.python_reprs(v, fields.view(np.uint8).reshape(len(v), width))
        fields[np.isnan(v)] = b'""' if self.alone else b""  # pandas' na_rep
        return fields


def _column(values: pd.Series, alone: bool = False) -> Optional[tuple[Optional[np.ndarray], Any]]:
    """(codes, fields): each cell's field is ``fields[codes[row]]`` (``fields[row]`` when codes
    is None, a float column's fields formatted as the rows are sliced), the fields as a numpy ``S`` array; None for a column left to pandas. ``alone``:
    the table's only column, whose empty fields the csv module writes as ``""``."""
    dtype = values.dtype
    if dtype == np.float64:  # floats: nearly all distinct, each formatted once as pandas does
        return None, _Floats(values.to_numpy(), alone)
    if not (dtype.kind in "iub" or pd.api.types.is_string_dtype(values)):
        # dates, categories, objects other than text (1 and 1.0 would be one distinct value):
        # formatted by pandas with the whole column
        return None
    codes, _ = pd.factorize(values, use_na_sentinel=False)
    # held for the whole table: in the narrowest integers that number its distinct values (a
    # table of millions of rows and a few columns of few values would hold 8 bytes a cell)
    codes = codes.astype(np.min_scalar_type(int(codes.max()) if len(codes) else 0), copy=False)
    first = np.empty(int(codes.max()) + 1 if len(codes) else 0, np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # the first row of each distinct value
    text = values.iloc[first].to_frame("v").to_csv(index=False, header=False, lineterminator="\n")
    data = text.encode("utf-8")
    if b"\0" in data:
        return None  # a NUL would be taken for padding
    lines = data.split(b"\n")[:-1]
    if len(lines) != len(first):
        return None  # a field with a line break (quoted): its lines cannot be told from rows
    fields = np.array(lines, dtype="S")
    if not alone:  # the csv module quotes an empty field only when it is the row's only one
        fields[fields == b'""'] = b""
    return codes, fields
