# SPDX-License-Identifier: MIT
"""The few tables a planner reads first: peak years, largest deficits, stranded places,
preschool shares, coverage gaps and targets off track."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .results import Results


def summarise(results: "Results", top: int = 8) -> dict[str, pd.DataFrame]:
    t = results.tables
    out: dict[str, pd.DataFrame] = {}
    if "totals" in t:
        city = t["totals"].groupby(["level", "year"], sort=False)["pupils"].sum().reset_index()
        peak = city.loc[city.groupby("level", sort=False)["pupils"].idxmax()]
        first = city.groupby("level", sort=False).first()
        last = city.groupby("level", sort=False).last()
        out["city demand"] = pd.DataFrame({
            "level": peak["level"].to_numpy(),
            f"pupils {int(first['year'].iloc[0])}": first.loc[peak["level"], "pupils"].round().astype(int).to_numpy(),
            "peak year": peak["year"].to_numpy(),
            "peak pupils": peak["pupils"].round().astype(int).to_numpy(),
            f"pupils {int(last['year'].iloc[0])}": last.loc[peak["level"], "pupils"].round().astype(int).to_numpy(),
        })
    if "balance" in t:
        b = t["balance"]
        worst = b.loc[b.groupby(["region", "level"])["deficit"].idxmax()]
        worst = worst[worst["deficit"] > 0].sort_values("deficit", ascending=False).head(top)
        out["largest deficits"] = pd.DataFrame({
            "region": worst["region"], "level": worst["level"], "year": worst["year"],
            "deficit": worst["deficit"].round().astype(int), "utilisation": worst["utilisation"].round(2),
        }).reset_index(drop=True)
        last_year = b["year"].max()
        spare = b[b["year"] == last_year].sort_values("surplus", ascending=False).head(top)
        out[f"surplus places in {last_year}"] = pd.DataFrame({
            "region": spare["region"], "level": spare["level"], "surplus": spare["surplus"].round().astype(int),
            "utilisation": spare["utilisation"].round(2)}).reset_index(drop=True)
    for name in ("schedule_summary", "preschool_summary", "coverage_summary", "targets_summary"):
        if name in t:
            out[name.replace("_summary", "").replace("_", " ")] = t[name]
    return out


def html_overview(results: "Results") -> str:
    s = results.scenario
    parts = [f"<h4>edplan results: {html.escape(s.name)}, {s.base_year}–{s.horizon}, {len(s.regions)} regions"
             + (f", {results.draws} draws" if results.draws else "") + "</h4>"]
    for title, frame in results.summary().items():
        parts.append(f"<b>{html.escape(title)}</b>" + frame.to_html(index=False, border=0))
    parts.append("<p>Tables: " + ", ".join(f"<code>.{n}</code>" for n in results.tables) + "</p>")
    return "\n".join(parts)
