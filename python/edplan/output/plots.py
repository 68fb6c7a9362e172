# SPDX-License-Identifier: MIT
"""Charts of a run, as matplotlib Figures (the report embeds them; notebooks show them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scenario.results import Results

LEVEL_COLOURS = ["#4472c4", "#ed7d31", "#70ad47", "#7030a0", "#c00000"]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height), layout="constrained")


def _years(ax) -> None:
    """Whole years on the x axis."""
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))


def demand_capacity(results: "Results") -> "Figure":
    """City totals per level: projected pupils (with the interval band when drawn) against places."""
    totals = results.tables["totals"]
    levels = list(dict.fromkeys(totals["level"]))
    fig = _figure(4.2 * len(levels), 3.2)
    axes = fig.subplots(1, len(levels), squeeze=False)[0]
    balance = results.tables.get("balance")
    for ax, level, colour in zip(axes, levels, LEVEL_COLOURS):
        t = totals[totals["level"] == level].groupby("year").sum(numeric_only=True)
        ax.plot(t.index, t["pupils"] / 1e3, color=colour, lw=2, label="pupils")
        if "p10" in t:
            ax.fill_between(t.index, t["p10"] / 1e3, t["p90"] / 1e3, color=colour, alpha=0.2,
                            label="sum of district p10 / p90 (wider than the city's own)")
        if balance is not None:
            c = balance[balance["level"] == level].groupby("year")["capacity"].sum()
            ax.step(c.index, c / 1e3, where="mid", color="k", lw=1.2, ls="--", label="places")
        ax.set_title(level)
        ax.set_xlabel("year")
        ax.grid(alpha=0.3)
        _years(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=8, loc="best")
    fig.suptitle("Pupils against places, whole city")
    return fig


def utilisation_map(results: "Results") -> "Figure":
    """Utilisation (pupils / places) by region and year, one panel per level."""
    b = results.tables["balance"]
    levels = list(dict.fromkeys(b["level"]))
    regions = list(dict.fromkeys(b["region"]))
    fig = _figure(4.2 * len(levels), 0.28 * len(regions) + 1.6)
    axes = fig.subplots(1, len(levels), squeeze=False, sharey=True)[0]
    image = None
    for ax, level in zip(axes, levels):
        grid = b[b["level"] == level].pivot(index="region", columns="year", values="utilisation").reindex(regions)
        image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn_r", vmin=0.5, vmax=1.5)
        ax.set_xticks(range(0, grid.shape[1], 3), grid.columns[::3])
        ax.set_yticks(range(len(regions)), regions, fontsize=8)
        ax.set_title(level)
    fig.colorbar(image, ax=axes, shrink=0.8, label="pupils / places (> 1: deficit)")
    _use_cjk_font(fig)
    return fig


def birth_wave(results: "Results") -> "Figure":
    """Births and each level's pupils, as an index of the base year: the wave moving up."""
    births = results.tables["births"].groupby("year")["births"].sum()
    totals = results.tables["totals"].groupby(["level", "year"])["pupils"].sum()
    fig = _figure(7.5, 3.6)
    ax = fig.subplots()
    ax.plot(births.index, 100 * births / births.iloc[0], color="k", lw=2, label="births")
    for (level, series), colour in zip(totals.groupby(level=0, sort=False), LEVEL_COLOURS):
        s = series.droplevel(0)
        ax.plot(s.index, 100 * s / s.iloc[0], color=colour, lw=2, label=level)
    ax.axhline(100, color="grey", lw=0.8)
    ax.set(xlabel="year", ylabel=f"index, first year = 100", title="The birth wave passing through the levels")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _years(ax)
    return fig


def programme(results: "Results") -> "Figure":
    """City pupils against places before and after the schedule, for each level the programme
    builds at, with the places each year's batch opens as bars."""
    b = results.tables["programme_balance"]
    city = b.groupby(["level", "year"], sort=False)[["demand", "existing", "capacity", "new_places"]].sum()
    levels = [lv for lv in dict.fromkeys(b["level"]) if city.loc[lv, "new_places"].max() > 0] or \
        list(dict.fromkeys(b["level"]))
    fig = _figure(4.6 * len(levels), 3.4)
    axes = fig.subplots(1, len(levels), squeeze=False)[0]
    for ax, level in zip(axes, levels):
        c = city.loc[level]
        opened = c["new_places"].diff().fillna(c["new_places"]).clip(lower=0)
        ax.bar(c.index, opened / 1e3, color="#a9c4eb", label="places opened that year")
        ax.plot(c.index, c["demand"] / 1e3, color="#4472c4", lw=2, label="pupils")
        ax.step(c.index, c["existing"] / 1e3, where="mid", color="grey", ls="--", lw=1.2, label="places without")
        ax.step(c.index, c["capacity"] / 1e3, where="mid", color="k", lw=1.4, label="places with the programme")
        ax.set(title=level, xlabel="year")
        ax.grid(alpha=0.3)
        _years(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=8)
    fig.suptitle("The expansion programme, whole city")
    return fig


def preschool(results: "Results") -> "Figure":
    """公辦率 and 普惠率 by year: the city and the lowest district against the targets."""
    table = results.tables["preschool"]
    total = results.tables.get("preschool_total")
    goal = results.tables.get("preschool_targets")
    fig = _figure(8.0, 3.4)
    axes = fig.subplots(1, 2, squeeze=False)[0]
    for ax, column, title in zip(axes, ("public_share", "inclusive_share"), ("公辦率 public", "普惠率 inclusive")):
        low = table.groupby("year")[column].min()
        ax.fill_between(low.index, low, 1.0, color="#c6e0b4", alpha=0.6, label="range down to the lowest district")
        if total is not None:
            ax.plot(total["year"], total[column], color="#70ad47", lw=2, label="city")
        if goal is not None and len(goal):
            key = column.replace("_share", "_target")
            ax.axhline(float(goal[key].iloc[0]), color="#c00000", ls="--", lw=1.2,
                       label=f"target by {int(goal['year'].iloc[0])}")
        ax.set(title=title, xlabel="year", ylim=(0, 1.02))
        ax.grid(alpha=0.3)
        _years(ax)
    axes[0].set_ylabel("share of placed kindergarten pupils")
    axes[0].legend(fontsize=8, loc="lower right")
    _cjk_titles(fig)
    return fig


def coverage(results: "Results") -> "Figure":
    """The older population and elder-education participation over the projection, by county."""
    regions = results.tables["coverage"]
    total = results.tables["coverage_total"]
    fig = _figure(8.4, 3.4)
    left, right = fig.subplots(1, 2)
    left.plot(total["year"], total["population"] / 1e3, color="#7030a0", lw=2, label="aged 60+")
    left.plot(total["year"], total["learners"] / 1e3, color="#ed7d31", lw=2, label="learners")
    left.set(title="Older people and learners, whole city", xlabel="year", ylabel="thousands")
    left.legend(fontsize=8)
    for region, frame in regions.groupby("region", sort=False):
        right.plot(frame["year"], frame["participation"], color="#bbbbbb", lw=1)
    right.plot(total["year"], total["participation"], color="#ed7d31", lw=2, label="city")
    target = total["participation"] + total["participation_gap"]
    if total["participation_gap"].notna().any():
        right.plot(total["year"], np.where(total["participation_gap"] > 0, target, np.nan), color="#c00000", ls="--",
                   lw=1.2, label="target (where missed)")
    right.set(title="Participation (grey: each county)", xlabel="year", ylabel="learners / aged 60+")
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        _years(ax)
    return fig


def _cjk_titles(fig) -> None:
    from matplotlib import font_manager

    for name in _CJK_FONTS:
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            for ax in fig.axes:
                ax.title.set_fontname(name)
            return


_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei",
              "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")


def _use_cjk_font(fig) -> None:
    """Use a font with Chinese glyphs for region names where one is installed."""
    from matplotlib import font_manager

    for name in _CJK_FONTS:
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            for ax in fig.axes:
                for label in ax.get_yticklabels():
                    label.set_fontname(name)
            return


def svg(fig: "Figure") -> str:
    """The figure as inline SVG text. Text stays text (``svg.fonttype = none``), so the browser
    draws Chinese region names with its own fonts even where matplotlib has no CJK font."""
    import io
    import warnings

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg"):]
