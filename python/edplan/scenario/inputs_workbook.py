# SPDX-License-Identifier: MIT
"""``edplan init --xlsx``: a scenario's tables gathered into one workbook, ``inputs.xlsx``, a
sheet per table, and the scenario file pointed at the sheets (``"inputs.xlsx#births"``), for
planners who keep their figures in Excel. Read back, every sheet gives the table its CSV gave."""

from __future__ import annotations

import re
from pathlib import Path

from .._io import load_toml, read_table
from .._io.xlsx import sheet_name
from . import settings as _settings

WORKBOOK = "inputs.xlsx"
_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
"""A cell written as a number: codes with a leading zero ("007") stay text."""


def gather(scenario: Path) -> Path:
    """Moves every CSV table the scenario file ``scenario`` names into sheets of
    :data:`WORKBOOK` beside it, rewrites the file names in the scenario file and removes the
    CSV files; returns the workbook's path."""
    import xlsxwriter

    toml = load_toml(scenario)
    folder = scenario.parent
    files = {path: key for key, path in _settings.files(toml).items() if path.suffix.lower() == ".csv"}
    book = xlsxwriter.Workbook(str(folder / WORKBOOK), {"strings_to_formulas": False, "strings_to_urls": False,
                                                        "strings_to_numbers": False})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    used: set[str] = set()
    text = scenario.read_text(encoding="utf-8")
    for path in files:
        table = read_table(path, ())
        assert table is not None  # read_table raises rather than return None without `problems`
        sheet = sheet_name(path.stem, used)
        ws = book.add_worksheet(sheet)
        ws.freeze_panes(1, 0)
        for j, column in enumerate(table.columns):
            ws.write_string(0, j, str(column), header)
            ws.set_column(j, j, max(10, min(40, len(str(column)) + 2)))
            for i, value in enumerate(table[column].tolist(), 1):
                if isinstance(value, str):
                    if _NUMBER.fullmatch(value):
                        ws.write_number(i, j, float(value))
                    else:
                        ws.write_string(i, j, value)
        ws.autofilter(0, 0, len(table), max(len(table.columns) - 1, 0))
        relative = path.relative_to(folder).as_posix()
        text = text.replace(f'"{relative}"', f'"{WORKBOOK}#{sheet}"')
    book.close()
    scenario.write_text(text, encoding="utf-8")
    for path in files:
        path.unlink()
    return folder / WORKBOOK
