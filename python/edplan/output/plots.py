# SPDX-License-Identifier: MIT
"""Charts of a run, as matplotlib Figures (the report embeds them; notebooks show them), drawn
on the figures of :mod:`.figures`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .figures import (FIXED_PANELS, LEVEL_COLOURS, PAD, PANEL_SIZE, arrange, chart, chart_figure, font_points,
                      line_height, map_height, new_figure, text_width, use_cjk_font, years_axis)
from .summary import school_order

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scenario.results import Results


# -- the charts -----------------------------------------------------------------------------
@chart
def demand_capacity(results: "Results") -> "Figure":
    """City totals per level: projected pupils (with the interval band when drawn) against places."""
    totals = results.tables["totals"]
    levels = school_order(results, totals["level"])
    fig, axes = chart_figure("demand_capacity", len(levels))
    city = totals.groupby(["level", "year"]).sum(numeric_only=True)
    balance = results.tables.get("balance")
    places = None if balance is None else balance.groupby(["level", "year"])["capacity"].sum()
    for ax, level, colour in zip(axes, levels, LEVEL_COLOURS):
        t = city.loc[level]
        ax.plot(t.index, t["pupils"] / 1e3, color=colour, lw=2, label="pupils")
        if "p10" in t:
            ax.fill_between(t.index, t["p10"] / 1e3, t["p90"] / 1e3, color=colour, alpha=0.2,
                            label="sum of district p10 / p90 (wider than the city's own)")
        if places is not None and level in places.index.get_level_values(0):
            c = places.loc[level]
            ax.step(c.index, c / 1e3, where="mid", color="k", lw=1.2, ls="--", label="places")
        ax.set_title(level)
        ax.set_xlabel("year")
        ax.grid(alpha=0.3)
        years_axis(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=8, loc="best")
    arrange(fig, axes, suptitle="Pupils against places, whole city")
    return fig


def utilisation_norm(values: np.ndarray):
    """A colour scale diverging at utilisation 1 (pupils = places: white), reaching its
    darkest at the lowest and the highest utilisation of the run, so that no district's colour
    saturates short of the extremes."""
    from matplotlib.colors import TwoSlopeNorm

    finite = values[np.isfinite(values)]
    low = float(finite.min()) if finite.size else 0.5
    high = float(finite.max()) if finite.size else 1.5
    return TwoSlopeNorm(vcenter=1.0, vmin=min(low, 0.99), vmax=max(high, 1.01))


@chart
def utilisation_map(results: "Results") -> "Figure":
    """Utilisation (pupils / places) by region and year, one panel per level."""
    b = results.tables["balance"]
    levels = school_order(results, b["level"])
    regions = list(dict.fromkeys(b["region"]))
    grids = b.set_index(["level", "region", "year"])["utilisation"].unstack("year")
    width = PANEL_SIZE["utilisation_map"][0]
    fig, axes = new_figure(width * len(levels), map_height(len(regions)), len(levels), sharey=True)
    norm = utilisation_norm(b["utilisation"].to_numpy(dtype=float))
    for ax, level in zip(axes, levels):
        grid = grids.loc[level].reindex(regions)
        ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdBu_r", norm=norm)
        ax.set_xticks(range(0, grid.shape[1], 3), grid.columns[::3])
        ax.set_title(level)
    for ax in axes[1:]:
        ax.yaxis.set_visible(False)  # the first panel names the regions; no tick is made for the others
    axes[0].set_yticks(range(len(regions)), regions, fontsize=8)
    for label in axes[0].get_yticklabels():
        use_cjk_font(label)
    bar, pad = 0.14, 0.2  # the colour bar's width and its gap to the last panel, inches
    label_space = 3.5 / 72 + text_width("0.00", font_points("medium")) + line_height(font_points("medium")) + 2 * PAD
    arrange(fig, axes, right=pad + bar + label_space)
    width, height = fig.get_size_inches()
    last = axes[-1].get_position()
    cax = fig.add_axes((last.x1 + pad / width, last.y0 + 0.1 * last.height, bar / width, 0.8 * last.height))
    fig.colorbar(axes[-1].images[0], cax=cax, label="pupils / places (> 1: deficit, red)")
    return fig


@chart
def birth_wave(results: "Results") -> "Figure":
    """Births and each level's pupils, as an index of the base year: the wave moving up."""
    births = results.tables["births"].groupby("year")["births"].sum()
    # levels in the scenario's order, so that each keeps its colour of the other charts
    totals = results.tables["totals"].groupby(["level", "year"], sort=False)["pupils"].sum()
    fig, (ax,) = chart_figure("birth_wave", FIXED_PANELS["birth_wave"])
    ax.plot(births.index, 100 * births / births.iloc[0], color="k", lw=2, label="births")
    for level, colour in zip(school_order(results, totals.index.get_level_values(0)), LEVEL_COLOURS):
        s = totals.loc[level]
        ax.plot(s.index, 100 * s / s.iloc[0], color=colour, lw=2, label=level)
    ax.axhline(100, color="grey", lw=0.8)
    ax.set(xlabel="year", ylabel="index, first year = 100", title="The birth wave passing through the levels")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    years_axis(ax)
    arrange(fig, [ax])
    return fig


@chart
def programme(results: "Results") -> "Figure":
    """City pupils against places before and after the schedule, for each level the programme
    builds at, with the places each year's batch opens as bars."""
    b = results.tables["programme_balance"]
    city = b.groupby(["level", "year"], sort=False)[["demand", "existing", "capacity", "new_places"]].sum()
    order = school_order(results, b["level"])
    levels = [lv for lv in order if city.loc[lv, "new_places"].max() > 0] or order
    fig, axes = chart_figure("programme", len(levels))
    for ax, level in zip(axes, levels):
        c = city.loc[level]
        opened = c["new_places"].diff().fillna(c["new_places"]).clip(lower=0)
        ax.bar(c.index, opened / 1e3, color="#a9c4eb", label="places opened that year")
        ax.plot(c.index, c["demand"] / 1e3, color="#4472c4", lw=2, label="pupils")
        ax.step(c.index, c["existing"] / 1e3, where="mid", color="grey", ls="--", lw=1.2, label="places without")
        ax.step(c.index, c["capacity"] / 1e3, where="mid", color="k", lw=1.4, label="places with the programme")
        ax.set(title=level, xlabel="year")
        ax.grid(alpha=0.3)
        years_axis(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=8)
    arrange(fig, axes, suptitle="The expansion programme, whole city")
    return fig


@chart
def preschool(results: "Results") -> "Figure":
    """公办率 and 普惠率 by year: the city and the lowest district against the targets."""
    table = results.tables["preschool"]
    total = results.tables.get("preschool_total")
    goal = results.tables.get("preschool_targets")
    fig, axes = chart_figure("preschool", FIXED_PANELS["preschool"])
    lowest = table.groupby("year")[["public_share", "inclusive_share"]].min()
    for ax, column, title in zip(axes, ("public_share", "inclusive_share"), ("公办率 public", "普惠率 inclusive")):
        low = lowest[column]
        ax.fill_between(low.index, low, 1.0, color="#c6e0b4", alpha=0.6, label="range down to the lowest district")
        if total is not None:
            ax.plot(total["year"], total[column], color="#70ad47", lw=2, label="city")
        if goal is not None and len(goal):
            key = column.replace("_share", "_target")
            ax.axhline(float(goal[key].iloc[0]), color="#c00000", ls="--", lw=1.2,
                       label=f"target by {int(goal['year'].iloc[0])}")
        ax.set(title=title, xlabel="year", ylim=(0, 1.02))
        use_cjk_font(ax.title)
        ax.grid(alpha=0.3)
        years_axis(ax)
    axes[0].set_ylabel("share of placed kindergarten pupils")
    axes[0].legend(fontsize=8, loc="lower right")
    arrange(fig, axes)
    return fig


@chart
def teachers(results: "Results") -> "Figure":
    """City totals per level: teachers needed against those available, and what remains to hire
    after redeployment."""
    city = results.tables["teachers"].groupby(["level", "year"], sort=False).sum(numeric_only=True)
    levels = list(dict.fromkeys(results.tables["teachers"]["level"]))
    fig, axes = chart_figure("teachers", len(levels))
    for ax, level, colour in zip(axes, levels, LEVEL_COLOURS):
        t = city.loc[level]
        ax.plot(t.index, t["needed"] / 1e3, color=colour, lw=2, label="needed")
        ax.plot(t.index, t["available"] / 1e3, color="k", lw=1.2, ls="--", label="available")
        ax.bar(t.index, t["hires_needed"] / 1e3, color="#c00000", alpha=0.5, label="to hire")
        ax.set(title=level, xlabel="year")
        ax.grid(alpha=0.3)
        years_axis(ax)
    axes[0].set_ylabel("thousand teachers")
    axes[0].legend(fontsize=8, loc="best")
    arrange(fig, axes, suptitle="Teachers needed against those available, whole city")
    return fig


@chart
def coverage(results: "Results") -> "Figure":
    """The older population and elder-education participation over the projection, by county."""
    regions = results.tables["coverage"]
    total = results.tables["coverage_total"]
    fig, (left, right) = chart_figure("coverage", FIXED_PANELS["coverage"])
    left.plot(total["year"], total["population"] / 1e3, color="#7030a0", lw=2, label="aged 60+")
    left.plot(total["year"], total["learners"] / 1e3, color="#ed7d31", lw=2, label="learners")
    left.set(title="Older people and learners, whole city", xlabel="year", ylabel="thousands")
    left.legend(fontsize=8)
    wide = regions.pivot(index="year", columns="region", values="participation")
    right.plot(wide.index, wide.to_numpy(), color="#bbbbbb", lw=1)  # one line per county
    right.plot(total["year"], total["participation"], color="#ed7d31", lw=2, label="city")
    target = total["participation"] + total["participation_gap"]
    if total["participation_gap"].notna().any():
        right.plot(total["year"], np.where(total["participation_gap"] > 0, target, np.nan), color="#c00000", ls="--",
                   lw=1.2, label="target (where missed)")
    right.set(title="Participation (grey: each county)", xlabel="year", ylabel="learners / aged 60+")
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        years_axis(ax)
    arrange(fig, [left, right])
    return fig


@chart
def levers(results: "Results") -> "Figure":
    """City capacity by lever — existing (less what was converted away), new schools, converted
    in, temporary — stacked year by year against pupils, one panel per level a lever touches."""
    ledger = results.tables["ledger"]
    parts = ["existing", "new", "converted_in", "temporary"]
    city = ledger.assign(existing=ledger["existing"] - ledger["converted_out"]).groupby(
        ["level", "year"], sort=False)[parts + ["demand"]].sum()
    moved = ledger.groupby("level", sort=False)[["new", "converted_in", "converted_out", "temporary"]].sum().sum(axis=1)
    levels = [lv for lv in moved.index if moved[lv] > 0] or list(moved.index)
    fig, axes = chart_figure("levers", len(levels))
    colours = {"existing": "#c9c9c9", "new": "#4472c4", "converted_in": "#70ad47", "temporary": "#ffc000"}
    labels = {"existing": "existing (less converted away)", "new": "new schools", "converted_in": "converted in",
              "temporary": "temporary"}
    for ax, level in zip(axes, levels):
        c = city.loc[level]
        ax.stackplot(c.index, *[c[p] / 1e3 for p in parts], colors=[colours[p] for p in parts],
                     labels=[labels[p] for p in parts], step="mid")
        ax.plot(c.index, c["demand"] / 1e3, color="k", lw=2, label="pupils")
        ax.set(title=level, xlabel="year")
        ax.grid(alpha=0.3)
        years_axis(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=7, loc="lower left")
    arrange(fig, axes, suptitle="Capacity by lever against pupils, whole city")
    return fig


CHARTS = {"demand_capacity": demand_capacity, "utilisation_map": utilisation_map, "birth_wave": birth_wave,
          "programme": programme, "levers": levers, "preschool": preschool, "teachers": teachers,
          "coverage": coverage}
"""Every chart of a run by name, in the report's order."""
