# SPDX-License-Identifier: MIT
"""The self-contained HTML report of a run: summary tables, charts (inline SVG), provenance."""

from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING

import pandas as pd

from . import plots

if TYPE_CHECKING:
    from .results import Results

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1280px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; } h2 { border-bottom: 2px solid #305496; padding-bottom: 2px;
  margin-top: 1.8em; } .meta { color: #666; } table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th { background: #305496; color: white; padding: 3px 8px; } td { padding: 2px 8px; border-bottom: 1px solid #ddd; }
td.num { text-align: right; } .grid { display: flex; flex-wrap: wrap; gap: 1.5em; } .grid > div { flex: 1 1 360px; }
.figure svg { max-width: 100%; height: auto; } .note { background: #fff8e1; border-left: 4px solid #f0b400;
  padding: 0.5em 1em; } .light { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; }
"""


def table_html(frame: pd.DataFrame, max_rows: int = 60) -> str:
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for v in values:
            if isinstance(v, float):
                text = "" if pd.isna(v) else (f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}")
                cells.append(f"<td class=num>{text}</td>")
            elif isinstance(v, int):
                cells.append(f"<td class=num>{v}</td>")
            else:
                cells.append(f"<td>{v if str(v).startswith('<span') else html.escape(str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class=meta>… {len(frame) - max_rows} more rows in the CSV files</p>" if len(frame) > max_rows else ""
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{more}"


def _figure(fig) -> str:
    return f"<div class=figure>{plots.svg(fig)}</div>"


def render(results: "Results") -> str:
    s = results.scenario
    t = results.tables
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>edplan: {html.escape(s.name)}</title>"
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{html.escape(s.name)}: school places and education targets, {s.base_year}–{s.horizon}</h1>",
             f"<p class=meta>{len(s.regions)} regions · levels {', '.join(l.name for l in s.levels)} · "
             + (f"{results.draws} Monte Carlo draws (seed {results.seed}) · " if results.draws else "no intervals · ")
             + f"generated {_dt.date.today().isoformat()} by edplan</p>"]
    provenance = s.path.parent / "provenance.csv"
    if provenance.is_file():
        parts.append("<p class=note>Built-in data: published figures where they exist; where none was published, "
                     "derived or assumed values, each labelled in the provenance table at the end.</p>")
    parts.append("<h2>Summary</h2><div class=grid>")
    for title, frame in results.summary().items():
        parts.append(f"<div><h3>{html.escape(title)}</h3>{table_html(frame)}</div>")
    parts.append("</div>")
    if "totals" in t:
        parts.append("<h2>Pupils against places</h2>" + _figure(plots.demand_capacity(results)))
    if "balance" in t:
        parts.append("<h2>Utilisation by district</h2>" + _figure(plots.utilisation_map(results)))
    if "births" in t and "totals" in t:
        parts.append("<h2>The birth wave</h2>" + _figure(plots.birth_wave(results)))
    for section in getattr(results, "extras", {}).get("report_sections", []):
        parts.append(section(results))
    if results.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings)
                     + "</ul>")
    if provenance.is_file():
        parts.append("<h2>Where the numbers come from</h2>" + table_html(pd.read_csv(provenance), 200))
    parts.append("</body></html>")
    return "\n".join(parts)
