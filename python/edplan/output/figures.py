# SPDX-License-Identifier: MIT
"""The figures the charts of :mod:`.plots` are drawn on: made beforehand, laid out without a
layout engine, with a font for Chinese names, saved as SVG.

Each chart is one Figure with no layout engine: its margins are set once, from the size of
its titles and tick labels (:func:`arrange`), so that saving it draws it once. With
constrained layout, a save drew each chart twice and measured every text at each draw: half
the report's time."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

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
:func:`map_height`)."""

FIXED_PANELS = {"birth_wave": 1, "preschool": 2, "coverage": 2}
"""The charts whose number of panels is fixed; the others have one per level shown."""


def map_height(regions: int) -> float:
    """Inches high of the utilisation map of ``regions`` rows."""
    return 0.28 * regions + 1.6


def chart_figure(chart: str, panels: int, **subplots) -> tuple["Figure", list["Axes"]]:
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
        height = map_height(regions) if height is None else height
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


def years_axis(ax) -> None:
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


def font_points(size: float | str) -> float:
    """A font size ("medium", 8) in points."""
    from matplotlib.font_manager import FontProperties
    return FontProperties(size=size).get_size_in_points()


def text_width(text: str, points: float) -> float:
    """The width of ``text`` in inches: 1 em for a CJK character, about 0.62 em for others
    (DejaVu Sans digits and lower case). The browser draws the report's text with its own
    fonts, so an estimate is as good as matplotlib's metrics, and it costs no font lookup."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.62 for c in text)
    return ems * points / 72


def line_height(points: float) -> float:
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
    return TICK + max((text_width(t.get_text(), font_points(t.get_fontsize())) for t in labels), default=0.0)


def chart(draw):
    """A chart function whose axes titles sit at a fixed height: matplotlib otherwise measures
    every tick label of the axes at each draw to place the title."""
    @functools.wraps(draw)
    def chart(results: "Results") -> "Figure":
        with chart_settings():
            return draw(results)
    return chart


def chart_settings():
    """The settings every chart is drawn with (:func:`chart`), its figure made with them
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
    lefts = [t + PAD + (line_height(font_points(ax.yaxis.label.get_fontsize())) + PAD if ax.get_ylabel() else 0.0)
             for t, ax in zip(ticks, axes)]
    tick_labels_height = TICK + line_height(font_points("medium"))
    bottom = PAD + tick_labels_height + (line_height(font_points("medium")) if any(ax.get_xlabel() for ax in axes) else 0.0)
    top = PAD
    if any(ax.get_title() for ax in axes):
        top += line_height(font_points(axes[0].title.get_fontsize())) + 6 / 72
    if suptitle is not None:
        top += line_height(font_points("large"))
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
def cjk_font() -> str | None:
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
    if (cjk_font() if found is False else found) is not None:
        return None
    return ("no font with Chinese glyphs found for matplotlib: Chinese names in raster charts (notebooks, PNG) "
            "show as boxes; the report's charts are unaffected. Install one, e.g. apt install fonts-noto-cjk")


def use_cjk_font(text) -> None:
    """Draw ``text`` (a matplotlib Text) with a font that has Chinese glyphs, where one is installed."""
    name = cjk_font()
    if name is not None:
        text.set_fontname(name)


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
