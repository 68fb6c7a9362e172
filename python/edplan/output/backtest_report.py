# SPDX-License-Identifier: MIT
"""The back-test report (DESIGN §2.2): the tables printed by ``edplan backtest`` and the HTML
page written beside backtest.csv — MAPE by lead per method and level, interval coverage by
lead, the calibration chart of the 50%, 80% and 95% intervals and forecast-vs-actual fan
charts."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from ..enrolment.backtest import calibration, summarise
from .figures import LEVEL_COLOURS, arrange, new_figure, svg

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["backtest_tables", "calibration_chart", "fan_chart", "mape_chart", "write_html"]


def backtest_tables(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Titled tables: MAPE (%) by level and lead for each method, and the coverage of the
    cohort rows' intervals by lead (share of actuals inside, for each nominal level)."""
    summary = summarise(table)
    out = {"mean absolute percentage error (%) by level and lead":
           summary.pivot_table(index=["level", "lead"], columns="method", values="mape").round(2).reset_index()}
    cov = calibration(table[(table["method"] == "cohort") & (table["level"] != "all")], ["lead"])
    if len(cov) and cov["n"].sum():
        wide = cov.pivot_table(index="lead", columns="nominal", values="coverage")
        wide.columns = [f"inside {int(round(100 * c))}% interval" for c in wide.columns]
        counts = cov.groupby("lead")["n"].first().rename("forecasts with an interval")
        out["share of actuals inside the cohort intervals, by lead"] = (
            wide.round(3).join(counts).reset_index())
    return out


def mape_chart(table: pd.DataFrame) -> "Figure":
    """MAPE (%) by lead, one line per method, one panel per level."""
    summary = summarise(table)
    levels = list(dict.fromkeys(summary["level"]))
    fig, axes = new_figure(3.2 * len(levels), 2.8, len(levels), sharey=True)
    for ax, level in zip(axes, levels):
        part = summary[summary["level"] == level]
        for i, (method, rows) in enumerate(part.groupby("method", sort=True)):
            ax.plot(rows["lead"], rows["mape"], marker="o", label=method, color=LEVEL_COLOURS[i % len(LEVEL_COLOURS)])
        ax.set_title(str(level))
        ax.set_xlabel("lead (years)")
    axes[0].set_ylabel("MAPE (%)")
    axes[-1].legend(fontsize="small")
    arrange(fig, axes)
    return fig


def calibration_chart(table: pd.DataFrame) -> "Figure":
    """Coverage of the cohort rows' 50%, 80% and 95% intervals against their nominal level, by lead."""
    cov = calibration(table[(table["method"] == "cohort") & (table["level"] != "all")], ["lead"])
    fig, axes = new_figure(4.2, 3.4)
    ax = axes[0]
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="perfect calibration")
    for i, (lead, rows) in enumerate(cov.groupby("lead")):
        ax.plot(rows["nominal"], rows["coverage"], marker="o", label=f"lead {lead}",
                color=LEVEL_COLOURS[i % len(LEVEL_COLOURS)])
    ax.set_xlim(0.4, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("nominal coverage")
    ax.set_ylabel("share of actuals inside")
    ax.set_title("calibration of the intervals")
    ax.legend(fontsize="small")
    arrange(fig, axes)
    return fig


def fan_chart(table: pd.DataFrame, region, level: str) -> "Figure":
    """Forecast against actual for one region and level: the actuals, and from every origin the
    cohort forecast with its 80% interval."""
    rows = table[(table["method"] == "cohort") & (table["region"] == region) & (table["level"] == level)].copy()
    rows["year"] = rows["origin"] + rows["lead"]
    fig, axes = new_figure(6.0, 3.0)
    ax = axes[0]
    actual = rows.groupby("year")["actual"].first()
    for origin, path in rows.groupby("origin"):
        ax.fill_between(path["year"], path["p10"], path["p90"], color=LEVEL_COLOURS[0], alpha=0.08, lw=0)
        ax.plot(path["year"], path["forecast"], color=LEVEL_COLOURS[0], lw=0.8, alpha=0.7)
    ax.plot(actual.index, actual.to_numpy(), color="black", marker=".", lw=1.2, label="actual")
    ax.set_title(f"{region}, {level}: forecasts from every origin (80% intervals shaded)")
    ax.set_xlabel("year")
    ax.set_ylabel("pupils")
    ax.legend(fontsize="small")
    arrange(fig, axes)
    return fig


def write_html(table: pd.DataFrame, title: str) -> str:
    """The HTML page: the tables of :func:`backtest_tables` and the charts, fan charts for the
    level ``all`` of up to 4 regions (the largest)."""
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for name, frame in backtest_tables(table).items():
        parts += [f"<h2>{html.escape(name)}</h2>", frame.to_html(index=False, na_rep="", escape=True)]
    parts += ["<h2>MAPE by lead</h2>", svg(mape_chart(table))]
    if table["p10"].notna().any():
        parts += ["<h2>Calibration</h2>", svg(calibration_chart(table))]
    cohort = table[(table["method"] == "cohort") & (table["level"] == "all")]
    largest = cohort.groupby("region")["actual"].mean().sort_values(ascending=False).index[:4]
    if len(largest):
        parts.append("<h2>Forecasts against actuals</h2>")
        parts += [svg(fan_chart(table, region, "all")) for region in largest]
    body = "\n".join(parts)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>body{{font-family:sans-serif;max-width:60em;margin:auto}}table{{border-collapse:collapse}}"
            f"td,th{{padding:2px 8px;text-align:right}}</style></head><body>{body}</body></html>")

