# SPDX-License-Identifier: MIT
"""Tables in the terminal, as wide as it is: values shown by their column's kind (thousands
separators, shares as percentages), and where the full headers do not fit, short headers with
a legend under the table, rather than headers cut to ``unavoi…``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional

import pandas as pd

from .columns import column, text

if TYPE_CHECKING:
    from rich.console import Console

SHORT_MIN = 5
"""A short header keeps at least this many characters (4 and a full stop)."""


def _cell_len(value: str) -> int:
    from rich.cells import cell_len
    return cell_len(value)


def _natural_width(headers: list[str], cells: list[list[str]]) -> int:
    """Terminal cells a rich table with these headers and values takes on one line each: every
    column its widest text and 3 for borders and padding, plus the last border."""
    return sum(max([_cell_len(h), *(_cell_len(c) for c in col)]) + 3 for h, col in zip(headers, cells)) + 1


def short_headers(headers: list[str], cells: list[list[str]], width: int) -> tuple[list[str], list[str]]:
    """Headers that fit a table into ``width`` terminal cells where the full ones do not: a
    header wider than its values becomes its first word, cut to the values' width (at least
    :data:`SHORT_MIN`) with a full stop; returns them with the legend lines
    ``short: full header`` for each header changed."""
    if _natural_width(headers, cells) <= width:
        return headers, []
    out, legend, seen = [], [], set()
    for header, values in zip(headers, cells):
        widest = max((_cell_len(v) for v in values), default=0)
        if _cell_len(header) <= max(widest, SHORT_MIN):
            candidates = [header]
        else:
            words = header.split()
            room = max(widest, SHORT_MIN) - 1
            first = words[0] if len(words[0]) <= room + 1 else words[0][:room] + "."
            numbered = f"{words[0][0]}. {words[-1]}" if len(words) > 1 and words[-1].isdigit() else None
            initials = "".join(w[0] for w in words if w[0].isalnum()).upper() if len(words) > 1 else None
            candidates = [c for c in (numbered, first, initials) if c]
        short = next((c for c in candidates if c not in seen), None)
        n = 2
        while short is None:
            short = f"{candidates[0]}{n}" if f"{candidates[0]}{n}" not in seen else None
            n += 1
        seen.add(short)
        out.append(short)
        if short != header:
            legend.append(f"{short}: {header}")
    return out, legend


def print_tables(tables: Mapping[str, pd.DataFrame], title: str, console: Optional["Console"] = None) -> None:
    """Each table under its name, fitted to the console's width, after a rule with ``title``."""
    from rich.console import Console
    from rich.table import Table

    if console is None:
        console = Console(highlight=False, soft_wrap=True)
    console.rule(title)
    for name, frame in tables.items():
        kinds = [column(str(c), name, frame.dtypes.iloc[j]) for j, c in enumerate(frame.columns)]
        cells = [[text(v, col.kind) for v in frame.iloc[:, j].tolist()] for j, col in enumerate(kinds)]
        headers, legend = short_headers([c.header for c in kinds], cells, console.width)
        table = Table(title=name, title_justify="left", title_style="bold")
        for header, col, values in zip(headers, kinds, cells):
            if col.kind in ("text", "bool", "date"):
                table.add_column(header, overflow="fold")  # names wrap where the table must narrow
            else:  # a number is never split over lines
                table.add_column(header, justify="right", no_wrap=True,
                                 min_width=max([_cell_len(v) for v in values] + [_cell_len(header)]))
        for row in zip(*cells):
            table.add_row(*row)
        console.print(table)
        if legend:
            console.print("  " + "; ".join(legend), style="dim", soft_wrap=False)
