# SPDX-License-Identifier: MIT
"""The terminal summary fits the terminal: full headers where they fit, short ones with a legend
where they do not, never a header cut with an ellipsis; values by their column's kind."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from edplan.output.terminal import print_tables, short_headers

PROGRAMME = pd.DataFrame({
    "level": ["kindergarten", "junior"], "unmet (place-years)": [0, 141885], "after (place-years)": [0, 24553],
    "unavoidable (place-years)": [0, 12836], "projects": [0, 24], "places": [0, 28800],
    "cost (¥ million)": [0, 2347], "stranded (place-years)": [0, 276004], "utilisation": [0.512, 1.19]})


def printed(width: int) -> str:
    console = Console(width=width, record=True, highlight=False, color_system=None)
    print_tables({"expansion programme": PROGRAMME}, "Quanzhou", console)
    return console.export_text()


def test_a_wide_terminal_shows_full_headers():
    text = printed(220)
    assert "Unavoidable (place-years)" in text and "Unavo." not in text
    assert "141,885" in text and "276,004" in text and "51.2%" in text  # separators, shares as percentages


def test_a_narrow_terminal_shows_short_headers_and_a_legend():
    text = printed(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    assert "Unavo.: Unavoidable (place-years)" in " ".join(text.split())  # the legend, wrapped to the width
    assert "141,885" in text


def test_short_headers_are_distinct():
    headers = ["Pupils 2024", "Peak year", "Peak pupils", "Pupils 2040"]
    cells = [["338,243"], ["2024"], ["338,243"], ["183,897"]]
    short, legend = short_headers(headers, cells, 30)
    assert short == ["P. 2024", "Peak", "PP", "P. 2040"]
    assert legend == ["P. 2024: Pupils 2024", "Peak: Peak year", "PP: Peak pupils", "P. 2040: Pupils 2040"]
    assert short_headers(headers, cells, 200) == (headers, [])
