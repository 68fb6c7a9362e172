# SPDX-License-Identifier: MIT
"""The self-contained HTML report of a run: summary tables, charts (inline SVG), provenance."""

from __future__ import annotations

import contextvars
import datetime as _dt
import html
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Optional

import pandas as pd

from . import figures, plots
from .columns import column, text
from .summary import levers_table, read_provenance

if TYPE_CHECKING:
    from ..scenario.results import Results

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1280px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; } h2 { border-bottom: 2px solid #305496; padding-bottom: 2px;
  margin-top: 1.8em; } .meta { color: #666; } table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th { background: #305496; color: white; padding: 3px 8px; } td { padding: 2px 8px; border-bottom: 1px solid #ddd; }
td.num { text-align: right; } .grid { display: flex; flex-wrap: wrap; gap: 1.5em; } .grid > div { flex: 1 1 360px; }
.figure svg { max-width: 100%; height: auto; } .note { background: #fff8e1; border-left: 4px solid #f0b400;
  padding: 0.5em 1em; } nav.contents ol { columns: 2; margin: 0.3em 0; } nav.contents a { color: #305496; }
.light { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; }
"""


class Markup(str):
    """HTML that this module built (status lights, sparklines): :func:`table_html` writes it as is.
    Every other cell is text and escaped, whatever it looks like — a region named ``<svg onload=…>``
    stays text."""


def table_html(frame: pd.DataFrame, max_rows: int = 60, table: str = "") -> str:
    """``frame`` (the table named ``table``, or a summary table's title) as an HTML table:
    friendly headers, each value shown by its column's kind (:mod:`.columns`: thousands
    separators, shares as percentages, years plain), numbers right-aligned; text escaped,
    :class:`Markup` as is."""
    shown = frame.head(max_rows)
    kinds = [column(str(c), table, shown.dtypes.iloc[j]) for j, c in enumerate(shown.columns)]
    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in kinds)
    numeric = [c.kind not in ("text", "bool", "date") for c in kinds]
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for v, col, num in zip(values, kinds, numeric):
            if isinstance(v, Markup):
                cells.append(f"<td>{v}</td>")
            else:
                cls = " class=num" if num and not isinstance(v, str) else ""
                cells.append(f"<td{cls}>{html.escape(text(v, col.kind))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class=meta>… {len(frame) - max_rows:,} more rows in the CSV files</p>" if len(frame) > max_rows else ""
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{more}"


_DEFERRED: contextvars.ContextVar[bool] = contextvars.ContextVar("edplan_report_deferred", default=False)
"""Whether :func:`render` takes its charts from elsewhere: sections then leave a slot
where each chart goes, filled once the page's text is done."""


_CHART_SLOT = re.compile("\0chart:(\\w+)\0")
"""Where a chart goes in a deferred page (NUL never comes out of the page's own text)."""


def _figure(name: str, results: "Results") -> str:
    """The chart ``name`` of :data:`.plots.CHARTS` in its frame: drawn here, or a slot
    for :func:`render` to fill with the chart drawn elsewhere."""
    inner = f"\0chart:{name}\0" if _DEFERRED.get() else figures.svg(plots.CHARTS[name](results))
    return f"<div class=figure>{inner}</div>"


def charts_shown(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The charts :func:`render` shows for a run of these tables, in the report's order (what
    a process drawing them beside the rest of the writing draws)."""
    shown = {"demand_capacity": "totals" in tables, "utilisation_map": "balance" in tables,
             "birth_wave": "births" in tables and "totals" in tables, "programme": "programme_balance" in tables,
             "levers": "programme_balance" in tables and "levers" in tables, "preschool": "preschool" in tables,
             "teachers": "teachers" in tables, "coverage": "coverage" in tables}
    return [name for name in plots.CHARTS if shown[name]]


def sparkline(values, width: int = 90, height: int = 18, colour: str = "#305496") -> Markup:
    """A tiny inline SVG line of ``values`` (a dot for a single value)."""
    v = [float(x) for x in values if pd.notna(x)]
    if not v:
        return Markup("")
    lo, hi = min(v), max(v)
    span = (hi - lo) or 1.0
    xs = [width / 2] if len(v) == 1 else [i * (width - 4) / (len(v) - 1) + 2 for i in range(len(v))]
    ys = [height - 2 - (x - lo) / span * (height - 4) if hi > lo else height / 2 for x in v]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    line = f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>' if len(v) > 1 else ""
    return Markup(f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}">{line}'
                  f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="2.2" fill="{colour}"/></svg>')


def targets_section(results: "Results") -> str:
    """Traffic lights: each indicator's category, latest value, projection and a sparkline."""
    from ..targets import CATEGORY_COLOURS

    t = results.tables["targets"]
    indicators = results.scenario.tables.get("targets.indicators")  # read once, at load
    if indicators is not None:
        indicators = indicators.assign(year=pd.to_numeric(indicators["year"], errors="coerce"),
                                       value=pd.to_numeric(indicators["value"], errors="coerce"))
        if "region" not in indicators.columns:
            indicators = indicators.assign(region="")
    rows = []
    for r in t.itertuples(index=False):
        colour = CATEGORY_COLOURS.get(r.category, "#999999")
        series = []
        if indicators is not None:
            mask = (indicators["indicator"] == r.indicator) & (indicators["region"].fillna("") == (r.region or ""))
            series = indicators[mask].sort_values("year")["value"].tolist()
        rows.append({
            "": Markup(f'<span class=light style="background:{colour}"></span>'),
            "indicator": r.indicator, "region": r.region, "category": r.category,
            "Latest (year)": "" if pd.isna(r.latest_value) else f"{r.latest_value:.3g} ({int(r.latest_year)})",
            "Target": f"{r.target:.3g} by {int(r.target_year)}",
            "Projected": "" if pd.isna(r.projected) else f"{r.projected:.3g}",
            "Year reached": "" if pd.isna(r.year_reached) else str(int(r.year_reached)),
            "Trend": sparkline(series, colour=colour) if series else "",
        })
    return "<h2>Targets</h2>" + table_html(pd.DataFrame(rows), 200, "targets")


def workplan_section(results: "Results") -> str:
    """The year's work plan: each counted item, its count to date and its status."""
    w = results.tables["workplan"]
    view = pd.DataFrame({"item": w["item_zh"].where(w["item_zh"] != "", w["id"]), "target": w["target"],
                         "achieved": w["achieved"], "projected": w["projected"].round(), "status": w["status"]})
    return "<h2>The work plan</h2>" + table_html(view, 100, "workplan")


def programme_section(results: "Results") -> str:
    """The schedule's chart, its first batches and the deficits it cannot close, with why."""
    t = results.tables
    parts = ["<h2>The expansion programme</h2>", _figure("programme", results)]
    batches = t.get("programme")
    if batches is not None and len(batches):
        per_year = batches.groupby(["year", "batch"])["places"].agg(["size", "sum"]).unstack("batch", fill_value=0)
        view = pd.DataFrame({"year": per_year.index})
        for batch in ("land", "start", "open"):
            if ("size", batch) in per_year.columns:
                view[f"{batch}: projects"] = per_year[("size", batch)].to_numpy()
                view[f"{batch}: places"] = per_year[("sum", batch)].round().astype(int).to_numpy()
        parts.append("<h3>Batches by year (each project in programme.csv)</h3>" + table_html(view, 40, "programme"))
    shortfalls = t["schedule"]
    left = shortfalls[shortfalls["deficit_after"] > 0.5]
    if len(left):
        view = left[["region", "level", "deficit_before", "deficit_after", "unavoidable", "note"]]
        parts.append("<h3>Deficits the programme leaves (place-years)</h3>" + table_html(view, 80, "schedule"))
    if "levers" in t:
        parts.append(levers_section(results))
    return "\n".join(parts)


def levers_section(results: "Results") -> str:
    """The plan with conversions, temporary places and crowding against building alone, per
    level, and the chart of capacity by lever against pupils."""
    return ("<h3>The levers against building alone (place-years; ¥ million)</h3>"
            + table_html(levers_table(results.tables["levers"]), 20) + _figure("levers", results))


def teachers_section(results: "Results") -> str:
    """Need against supply per level (chart and city table), the redeployment flows and the hires
    needed by year and level."""
    t = results.tables["teachers"]
    city = t.groupby(["level", "year"], sort=False)[["needed", "available", "moved_in", "moved_out", "hires_needed",
                                                     "surplus"]].sum().reset_index()
    years = sorted(set(city["year"]))
    shown = city[city["year"].isin(years[::5] + [years[-1]])].round().astype({c: int for c in city.columns[2:]})
    parts = ["<h2>Teachers</h2>", _figure("teachers", results),
             "<h3>Need against supply, whole city</h3>" + table_html(shown, 60)]
    flows = results.tables.get("teacher_flows")
    if flows is not None and len(flows):
        moved = flows.groupby(["year", "from_level", "to_level"], sort=False)["teachers"].sum().round().astype(int)
        view = moved.unstack(["from_level", "to_level"], fill_value=0)
        view.columns = [f"{a} → {b}" for a, b in view.columns]
        parts.append("<h3>Redeployment flows (teachers posted to another level, all districts)</h3>"
                     + table_html(view.reset_index(), 40))
    else:
        parts.append("<p>No teacher moves between levels (no redeployment table, or no surplus where a gap is).</p>")
    hires = t.pivot_table(index="year", columns="level", values="hires_needed", aggfunc="sum", sort=False)
    hires = hires.round().astype(int)
    hires["all levels"] = hires.sum(axis=1)
    parts.append("<h3>Teachers to hire by year (after redeployment)</h3>"
                 + table_html(hires.reset_index().rename_axis(columns=None), 40))
    return "\n".join(parts)


def coverage_section(results: "Results") -> str:
    """The coverage chart and each county's measures in the last year."""
    regions = results.tables["coverage"]
    last = regions[regions["year"] == regions["year"].max()]
    columns = [c for c in ("region", "population", "learners", "participation", "learners_needed", "within_reach",
                           "township_school", "village_point", "has_university") if c in last.columns]
    out = ("<h2>Elder-education coverage</h2>" + _figure("coverage", results)
           + f"<h3>Counties in {int(last['year'].iloc[0])}</h3>" + table_html(last[columns], 40, "coverage"))
    sites = results.tables.get("recommended_sites")
    if sites is not None:
        out += ("<h3>Recommended new sites, best first (older people newly within reach)</h3>"
                + (table_html(sites, 40, "recommended_sites") if len(sites) else "<p>No candidate reaches anyone not reached.</p>"))
    return out


def coverage_equity_section(results: "Results") -> str:
    """Equity of coverage (issue 17): Gini and Theil T of places per older person across areas by
    year, and the older population by distance to the nearest open site in the first and last
    years (when the scenario's coverage inputs are at hand)."""
    from ..coverage.equity import inequality_by_year, nearest_distance_shares

    areas = results.tables["coverage_areas"]
    by_year = inequality_by_year(areas).round(4)
    out = ("<h3>Equity: inequality of places per older person across areas</h3>"
           "<p class=note>Gini and Theil T weighted by the older population (as R accessibility's gini_index "
           "and theil_t; 0 = equal).</p>" + table_html(by_year, 40))
    parts = getattr(results.scenario, "parts", None)
    cov = getattr(parts, "coverage", None)
    shares = results.extras.get("nearest_distance_shares")  # taken by the run, from the links it let go after
    if shares is None and cov is not None:
        inputs = cov.inputs
        years = [int(areas["year"].min()), int(areas["year"].max())]
        people = (areas[areas["year"].isin(years)].pivot_table(index="year", columns="area", values="population")
                  .reindex(index=years, columns=inputs.areas["area"]).fillna(0.0).to_numpy())
        shares = nearest_distance_shares(inputs.cost, inputs.sites["open_year"].to_numpy(float), people, years)
    if shares is not None:
        out += ("<h3>Older people by distance to the nearest site (share)</h3>"
                + table_html(shares.round(4), 10))
    return out


def render(results: "Results", *, summary: Optional[Mapping[str, pd.DataFrame]] = None,
           provenance: Optional[pd.DataFrame] = None,
           charts: Optional[Callable[[], Mapping[str, str]]] = None) -> str:
    """The report as HTML text: ``summary`` (else :func:`~.summary.summarise`) and
    ``provenance`` (else the scenario's provenance.csv, where it has one) as given by a caller
    that writes the workbook too; each chart drawn once. ``charts``: called once the rest of
    the page is written, the SVG text of the charts (:func:`charts_shown`) by name, drawn by
    another process meanwhile; a chart it lacks is drawn here."""
    if charts is None:
        return _render(results, summary, provenance)
    token = _DEFERRED.set(True)
    try:
        page = _render(results, summary, provenance)
    finally:
        _DEFERRED.reset(token)
    drawn = charts()
    return _CHART_SLOT.sub(lambda m: drawn[m.group(1)] if m.group(1) in drawn else
                            figures.svg(plots.CHARTS[m.group(1)](results)), page)


def _render(results: "Results", summary: Optional[Mapping[str, pd.DataFrame]],
            provenance: Optional[pd.DataFrame]) -> str:
    s = results.scenario
    t = results.tables
    if summary is None:
        summary = results.summary()
    if provenance is None:
        provenance = read_provenance(results)
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>edplan: {html.escape(s.name)}</title>"
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{html.escape(s.name)}: school places and education targets, {s.base_year}–{s.horizon}</h1>",
             f"<p class=meta>{len(s.regions)} regions · levels {html.escape(', '.join(l.name for l in s.levels))} · "
             + (f"{results.draws} Monte Carlo draws (seed {results.seed}) · " if results.draws else "no intervals · ")
             + f"generated {_dt.date.today().isoformat()} by edplan</p>"]
    if provenance is not None:
        parts.append("<p class=note>Built-in data: published figures where they exist; where none was published, "
                     "derived or assumed values, each labelled in the provenance table at the end.</p>")
    parts.append("<h2>Summary</h2><div class=grid>")
    for title, frame in summary.items():
        parts.append(f"<div><h3>{html.escape(title)}</h3>{table_html(frame, table=title)}</div>")
    parts.append("</div>")
    if "totals" in t:
        parts.append("<h2>Pupils against places</h2>" + _figure("demand_capacity", results))
    if "balance" in t:
        parts.append("<h2>Utilisation by district</h2>" + _figure("utilisation_map", results))
    if "births" in t and "totals" in t:
        parts.append("<h2>The birth wave</h2>" + _figure("birth_wave", results))
    if "programme_balance" in t:
        parts.append(programme_section(results))
    if "preschool" in t:
        parts.append("<h2>Kindergarten sectors</h2>" + _figure("preschool", results))
    if "teachers" in t:
        parts.append(teachers_section(results))
    if "coverage" in t:
        parts.append(coverage_section(results))
        if "coverage_areas" in t:
            parts.append(coverage_equity_section(results))
    if "targets" in t:
        parts.append(targets_section(results))
    if "workplan" in t:
        parts.append(workplan_section(results))
    for section in getattr(results, "extras", {}).get("report_sections", []):
        parts.append(section(results))
    if results.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings)
                     + "</ul>")
    if provenance is not None:
        parts.append("<h2>Where the numbers come from</h2>" + table_html(provenance, 200, "provenance"))
    parts.append("</body></html>")
    return with_contents("\n".join(parts))


_H2 = re.compile(r"<h2>(.*?)</h2>")


def with_contents(page: str) -> str:
    """``page`` with an anchor on every section heading and a table of contents linking them
    after the title's line."""
    titles: list[str] = []

    def anchor(match: re.Match) -> str:
        titles.append(match.group(1))
        return f'<h2 id="s{len(titles)}">{match.group(1)}</h2>'

    page = _H2.sub(anchor, page)
    contents = "<nav class=contents><b>Contents</b><ol>" + "".join(
        f'<li><a href="#s{i}">{title}</a></li>' for i, title in enumerate(titles, 1)) + "</ol></nav>"
    at = page.index("</p>", page.index("<p class=meta>")) + len("</p>")
    return page[:at] + contents + page[at:]
