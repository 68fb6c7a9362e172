# SPDX-License-Identifier: MIT
"""Charts of a run, as matplotlib Figures (the report embeds them; notebooks show them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .results import Results

LEVEL_COLOURS = ["#4472c4", "#ed7d31", "#70ad47", "#7030a0", "#c00000"]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height), layout="constrained")


def _years(ax) -> None:
    """Whole years on the x axis."""
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


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


def _use_cjk_font(fig) -> None:
    """Use a font with Chinese glyphs for region names where one is installed."""
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei",
                 "Microsoft YaHei", "PingFang SC", "AR PL UMing CN"):
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
