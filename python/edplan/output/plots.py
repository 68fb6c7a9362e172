# SPDX-License-Identifier: MIT
"""Charts of a run, as matplotlib Figures (the report embeds them; notebooks show them).

Each chart is one Figure with no layout engine: its margins are set once, from the size of
its titles and tick labels (:func:`arrange`), so that saving it draws it once. With
constrained layout, a save drew each chart twice and measured every text at each draw: half
the report's time."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from .summary import school_order

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario.results import Results

LEVEL_COLOURS = ["#4472c4", "#ed7d31", "#70ad47", "#7030a0", "#c00000"]


def new_figure(width: float, height: float, panels: int = 1, **subplots) -> tuple["Figure", list["Axes"]]:
    """A Figure of ``panels`` axes in a row and no layout engine: :func:`arrange` sets its
    margins once the chart is drawn on it. One made beforehand by :func:`prepare` for this
    size of panel is taken when there is one."""
    ready = _take_prepared(width / panels, height, panels, bool(subplots))
    if ready is not None:
        return ready
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, list(fig.subplots(1, panels, squeeze=False, **subplots)[0])


# -- figures made beforehand ----------------------------------------------------------------
PANEL_SIZE = {"demand_capacity": (4.2, 3.2), "utilisation_map": (4.2, None), "birth_wave": (7.5, 3.6),
              "programme": (4.6, 3.4), "levers": (4.6, 3.4), "preschool": (4.0, 3.4), "teachers": (4.2, 3.2),
              "coverage": (4.2, 3.4)}
"""Each chart's panel, inches wide and high (the utilisation map's height follows its regions:
:func:`_map_height`)."""

FIXED_PANELS = {"birth_wave": 1, "preschool": 2, "coverage": 2}
"""The charts whose number of panels is fixed; the others have one per level shown."""


def _map_height(regions: int) -> float:
    """Inches high of the utilisation map of ``regions`` rows."""
    return 0.28 * regions + 1.6


def _chart_figure(chart: str, panels: int, **subplots) -> tuple["Figure", list["Axes"]]:
    """The Figure of ``chart`` (:data:`PANEL_SIZE`) with ``panels`` panels."""
    width, height = PANEL_SIZE[chart]
    assert height is not None
    return new_figure(width * panels, height, panels, **subplots)


_PREPARED: list[tuple[float, float, bool, "Figure", list["Axes"]]] = []
"""Figures made by :func:`prepare`, not yet taken: panel width and height, shared y, the figure
and its axes."""

_TICKS = (7, 10)
"""Ticks made beforehand on a prepared axes' x and y axis: what a chart's axis of years and of
thousands draws (the locators' ticks outside the view included)."""


def prepare(levels: int, regions: int = 0, charts: Iterable[str] = tuple(PANEL_SIZE)) -> None:
    """Makes beforehand the Figures, axes and ticks that ``charts`` of a scenario of ``levels``
    levels and ``regions`` regions (the utilisation map's rows) will most likely take
    (:func:`new_figure`; a chart of fewer levels takes one with its extra panels removed): a
    process that draws the charts once a run is done (:class:`~.painter.Painter`) makes them
    while the scenario is read and run. Creating axes and their ticks is a third of a chart's
    time, and what is made beforehand is what the chart would make: the charts come out the same."""
    from matplotlib.figure import Figure

    for chart in charts:
        width, height = PANEL_SIZE[chart]
        panels = FIXED_PANELS.get(chart, levels)
        shared = chart == "utilisation_map"  # its first panel names the regions; the others show no y axis
        height = _map_height(regions) if height is None else height
        with chart_settings():
            fig = Figure(figsize=(width * panels, height))
            axes = list(fig.subplots(1, panels, squeeze=False, sharey=shared)[0])
            for k, ax in enumerate(axes):
                ax.xaxis.get_major_ticks(_TICKS[0])
                ax.yaxis.get_major_ticks((regions if k == 0 else 1) if shared else _TICKS[1])
        _PREPARED.append((width, height, shared, fig, axes))


def _take_prepared(width: float, height: float, panels: int, shared: bool
                   ) -> tuple["Figure", list["Axes"]] | None:
    """A prepared figure with panels of this size, of ``panels`` panels or more (the extra ones
    removed and the others laid out as a row of ``panels``); None when there is none."""
    for k, (w, h, s, fig, axes) in enumerate(_PREPARED):
        if abs(w - width) < 1e-9 and abs(h - height) < 1e-9 and s == shared and (
                len(axes) == panels or (len(axes) > panels and not shared)):
            del _PREPARED[k]
            if len(axes) > panels:
                from matplotlib.gridspec import GridSpec

                for ax in axes[panels:]:
                    fig.delaxes(ax)
                axes = axes[:panels]
                grid = GridSpec(1, panels, figure=fig)
                for j, ax in enumerate(axes):
                    ax.set_subplotspec(grid[0, j])
                fig.set_size_inches(w * panels, h)
            return fig, axes
    return None


def _years(ax) -> None:
    """Whole years on the x axis."""
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))


# -- layout without a layout engine ---------------------------------------------------------
PAD = 3 / 72
"""Inches between a text and its neighbour (3 points, as constrained layout leaves)."""

TICK = 7 / 72
"""Inches from an axes' edge to its tick labels: tick length and pad, 3.5 points each."""

EDGE = 0.1
"""Inches free at the right edge of a figure and beside the tick labels between panels."""


def _points(size: float | str) -> float:
    """A font size ("medium", 8) in points."""
    from matplotlib.font_manager import FontProperties
    return FontProperties(size=size).get_size_in_points()


def _text_width(text: str, points: float) -> float:
    """The width of ``text`` in inches: 1 em for a CJK character, about 0.62 em for others
    (DejaVu Sans digits and lower case). The browser draws the report's text with its own
    fonts, so an estimate is as good as matplotlib's metrics, and it costs no font lookup."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.62 for c in text)
    return ems * points / 72


def _line(points: float) -> float:
    """The height of a line of text in inches."""
    return 1.2 * points / 72


def _tick_labels_width(ax) -> float:
    """Inches left of ``ax`` taken by its y ticks and their labels."""
    if not ax.yaxis.get_visible():
        return 0.0
    params = ax.yaxis.get_tick_params()
    if not params.get("labelleft", True):
        return 3.5 / 72 if params.get("left", True) else 0.0
    labels = ax.yaxis.get_ticklabels()
    return TICK + max((_text_width(t.get_text(), _points(t.get_fontsize())) for t in labels), default=0.0)


def _chart(draw):
    """A chart function whose axes titles sit at a fixed height: matplotlib otherwise measures
    every tick label of the axes at each draw to place the title."""
    @functools.wraps(draw)
    def chart(results: "Results") -> "Figure":
        with chart_settings():
            return draw(results)
    return chart


def chart_settings():
    """The settings every chart is drawn with (:func:`_chart`), its figure made with them
    (:func:`prepare`): titles at a fixed height."""
    import matplotlib
    return matplotlib.rc_context({"axes.titley": 1.0})


def arrange(fig: "Figure", axes: list["Axes"], *, suptitle: str | None = None, right: float = 0.0) -> None:
    """Margins and gaps of the row of ``axes`` that fills ``fig``, from their texts (tick labels,
    axis labels, titles and the figure's ``suptitle``, added here at the top), and the axis
    labels placed beside the tick labels: what a layout engine measures at every draw, set
    once. ``right`` inches are kept free on the right (a colour bar)."""
    width, height = fig.get_size_inches()
    ticks = [_tick_labels_width(ax) for ax in axes]
    lefts = [t + PAD + (_line(_points(ax.yaxis.label.get_fontsize())) + PAD if ax.get_ylabel() else 0.0)
             for t, ax in zip(ticks, axes)]
    tick_labels_height = TICK + _line(_points("medium"))
    bottom = PAD + tick_labels_height + (_line(_points("medium")) if any(ax.get_xlabel() for ax in axes) else 0.0)
    top = PAD
    if any(ax.get_title() for ax in axes):
        top += _line(_points(axes[0].title.get_fontsize())) + 6 / 72
    if suptitle is not None:
        top += _line(_points("large"))
    gap = max(lefts[1:], default=0.0) + EDGE
    panel_width = (width - lefts[0] - right - EDGE - gap * (len(axes) - 1)) / len(axes)
    panel_height = height - bottom - top
    fig.subplots_adjust(left=lefts[0] / width, right=1 - (right + EDGE) / width, bottom=bottom / height,
                        top=1 - top / height, wspace=gap / panel_width)
    for ax, tick in zip(axes, ticks):
        ax.xaxis.set_label_coords(0.5, -(tick_labels_height + 2 / 72) / panel_height)
        ax.yaxis.set_label_coords(-(tick + 4 / 72) / panel_width, 0.5)
    if suptitle is not None:
        fig.suptitle(suptitle, y=1 - PAD / height, va="top", fontsize="large")


@functools.cache
def _cjk_font() -> str | None:
    """The first installed font with Chinese glyphs, looked up once per process (None if none:
    the report's SVG keeps text as text, and the browser uses its own fonts)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in installed), None)


_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei",
              "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")


def missing_cjk_font(results: "Results", found: str | None | bool = False) -> str | None:
    """A warning when the scenario's names are Chinese and matplotlib has no font for them:
    raster charts (notebooks, PNG) then draw boxes. The report is not affected: its SVG charts
    keep text as text, drawn by the browser's fonts. ``found``: the font another process found
    (:attr:`.painter.Painter.cjk_font`, None for none), else looked up here (matplotlib imported)."""
    names = [*results.scenario.regions, *(level.name for level in results.scenario.levels)]
    if not any(unicodedata.east_asian_width(c) in "WF" for n in names for c in str(n)):
        return None
    if (_cjk_font() if found is False else found) is not None:
        return None
    return ("no font with Chinese glyphs found for matplotlib: Chinese names in raster charts (notebooks, PNG) "
            "show as boxes; the report's charts are unaffected. Install one, e.g. apt install fonts-noto-cjk")


def _cjk(text) -> None:
    """Draw ``text`` (a matplotlib Text) with a font that has Chinese glyphs, where one is installed."""
    name = _cjk_font()
    if name is not None:
        text.set_fontname(name)


# -- the charts -----------------------------------------------------------------------------
@_chart
def demand_capacity(results: "Results") -> "Figure":
    """City totals per level: projected pupils (with the interval band when drawn) against places."""
    totals = results.tables["totals"]
    levels = school_order(results, totals["level"])
    fig, axes = _chart_figure("demand_capacity", len(levels))
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
        _years(ax)
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


@_chart
def utilisation_map(results: "Results") -> "Figure":
    """Utilisation (pupils / places) by region and year, one panel per level."""
    b = results.tables["balance"]
    levels = school_order(results, b["level"])
    regions = list(dict.fromkeys(b["region"]))
    grids = b.set_index(["level", "region", "year"])["utilisation"].unstack("year")
    width = PANEL_SIZE["utilisation_map"][0]
    fig, axes = new_figure(width * len(levels), _map_height(len(regions)), len(levels), sharey=True)
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
        _cjk(label)
    bar, pad = 0.14, 0.2  # the colour bar's width and its gap to the last panel, inches
    label_space = 3.5 / 72 + _text_width("0.00", _points("medium")) + _line(_points("medium")) + 2 * PAD
    arrange(fig, axes, right=pad + bar + label_space)
    width, height = fig.get_size_inches()
    last = axes[-1].get_position()
    cax = fig.add_axes((last.x1 + pad / width, last.y0 + 0.1 * last.height, bar / width, 0.8 * last.height))
    fig.colorbar(axes[-1].images[0], cax=cax, label="pupils / places (> 1: deficit, red)")
    return fig


@_chart
def birth_wave(results: "Results") -> "Figure":
    """Births and each level's pupils, as an index of the base year: the wave moving up."""
    births = results.tables["births"].groupby("year")["births"].sum()
    # levels in the scenario's order, so that each keeps its colour of the other charts
    totals = results.tables["totals"].groupby(["level", "year"], sort=False)["pupils"].sum()
    fig, (ax,) = _chart_figure("birth_wave", FIXED_PANELS["birth_wave"])
    ax.plot(births.index, 100 * births / births.iloc[0], color="k", lw=2, label="births")
    for level, colour in zip(school_order(results, totals.index.get_level_values(0)), LEVEL_COLOURS):
        s = totals.loc[level]
        ax.plot(s.index, 100 * s / s.iloc[0], color=colour, lw=2, label=level)
    ax.axhline(100, color="grey", lw=0.8)
    ax.set(xlabel="year", ylabel="index, first year = 100", title="The birth wave passing through the levels")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    _years(ax)
    arrange(fig, [ax])
    return fig


@_chart
def programme(results: "Results") -> "Figure":
    """City pupils against places before and after the schedule, for each level the programme
    builds at, with the places each year's batch opens as bars."""
    b = results.tables["programme_balance"]
    city = b.groupby(["level", "year"], sort=False)[["demand", "existing", "capacity", "new_places"]].sum()
    order = school_order(results, b["level"])
    levels = [lv for lv in order if city.loc[lv, "new_places"].max() > 0] or order
    fig, axes = _chart_figure("programme", len(levels))
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
    arrange(fig, axes, suptitle="The expansion programme, whole city")
    return fig


@_chart
def preschool(results: "Results") -> "Figure":
    """公办率 and 普惠率 by year: the city and the lowest district against the targets."""
    table = results.tables["preschool"]
    total = results.tables.get("preschool_total")
    goal = results.tables.get("preschool_targets")
    fig, axes = _chart_figure("preschool", FIXED_PANELS["preschool"])
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
        _cjk(ax.title)
        ax.grid(alpha=0.3)
        _years(ax)
    axes[0].set_ylabel("share of placed kindergarten pupils")
    axes[0].legend(fontsize=8, loc="lower right")
    arrange(fig, axes)
    return fig


@_chart
def teachers(results: "Results") -> "Figure":
    """City totals per level: teachers needed against those available, and what remains to hire
    after redeployment."""
    city = results.tables["teachers"].groupby(["level", "year"], sort=False).sum(numeric_only=True)
    levels = list(dict.fromkeys(results.tables["teachers"]["level"]))
    fig, axes = _chart_figure("teachers", len(levels))
    for ax, level, colour in zip(axes, levels, LEVEL_COLOURS):
        t = city.loc[level]
        ax.plot(t.index, t["needed"] / 1e3, color=colour, lw=2, label="needed")
        ax.plot(t.index, t["available"] / 1e3, color="k", lw=1.2, ls="--", label="available")
        ax.bar(t.index, t["hires_needed"] / 1e3, color="#c00000", alpha=0.5, label="to hire")
        ax.set(title=level, xlabel="year")
        ax.grid(alpha=0.3)
        _years(ax)
    axes[0].set_ylabel("thousand teachers")
    axes[0].legend(fontsize=8, loc="best")
    arrange(fig, axes, suptitle="Teachers needed against those available, whole city")
    return fig


@_chart
def coverage(results: "Results") -> "Figure":
    """The older population and elder-education participation over the projection, by county."""
    regions = results.tables["coverage"]
    total = results.tables["coverage_total"]
    fig, (left, right) = _chart_figure("coverage", FIXED_PANELS["coverage"])
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
        _years(ax)
    arrange(fig, [left, right])
    return fig


@_chart
def levers(results: "Results") -> "Figure":
    """City capacity by lever — existing (less what was converted away), new schools, converted
    in, temporary — stacked year by year against pupils, one panel per level a lever touches."""
    ledger = results.tables["ledger"]
    parts = ["existing", "new", "converted_in", "temporary"]
    city = ledger.assign(existing=ledger["existing"] - ledger["converted_out"]).groupby(
        ["level", "year"], sort=False)[parts + ["demand"]].sum()
    moved = ledger.groupby("level", sort=False)[["new", "converted_in", "converted_out", "temporary"]].sum().sum(axis=1)
    levels = [lv for lv in moved.index if moved[lv] > 0] or list(moved.index)
    fig, axes = _chart_figure("levers", len(levels))
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
        _years(ax)
    axes[0].set_ylabel("thousands")
    axes[0].legend(fontsize=7, loc="lower left")
    arrange(fig, axes, suptitle="Capacity by lever against pupils, whole city")
    return fig


CHARTS = {"demand_capacity": demand_capacity, "utilisation_map": utilisation_map, "birth_wave": birth_wave,
          "programme": programme, "levers": levers, "preschool": preschool, "teachers": teachers,
          "coverage": coverage}
"""Every chart of a run by name, in the report's order."""


def svg(fig: "Figure") -> str:
    """The figure as inline SVG text, drawn once. Text stays text (``svg.fonttype = none``), so
    the browser draws Chinese region names with its own fonts even where matplotlib has no CJK font."""
    import io
    import warnings

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg"):]
