# SPDX-License-Identifier: MIT
"""The HTML page of ``edplan compare``: the tables of :func:`edplan.scenario.compare.compare`
in the report's style, under a table of contents."""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Mapping

import pandas as pd

from .report import STYLE, table_html, with_contents

ROWS_SHOWN = 200
"""Rows of each table on the page (the largest changes come first)."""


def render_comparison(tables: Mapping[str, pd.DataFrame], a: str, b: str) -> str:
    """The page comparing A (``a``) with B (``b``): each table under its title, the first
    :data:`ROWS_SHOWN` rows."""
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>edplan compare</title>"
             f"<style>{STYLE}</style></head><body>",
             f"<h1>A: {html.escape(a)} against B: {html.escape(b)}</h1>",
             f"<p class=meta>B − A for every output table both have, every year, the largest changes first · "
             f"generated {_dt.date.today().isoformat()} by edplan</p>"]
    for title, frame in tables.items():
        table = title.split(":")[0] if title.endswith(": changes") else title
        parts.append(f"<h2>{html.escape(title)}</h2>" + table_html(frame, ROWS_SHOWN, table))
    parts.append("</body></html>")
    return with_contents("\n".join(parts))
