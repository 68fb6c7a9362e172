# SPDX-License-Identifier: MIT
"""The report's charts drawn in a process of their own, beside the rest of the writing.

``edplan run`` starts a :class:`Painter` before it reads the scenario: a forked child that
imports matplotlib while the parent loads (one core does little else then) and waits. Once the
matplotlib is imported, it makes some of the charts' figures, axes and ticks (a third of their
time) for five levels, while the parent reads the scenario; once it is read,
:meth:`Painter.prepare` tells it the number of levels and regions, and it makes the others
while the parent runs (:func:`prepare_before`, :func:`prepare_after`). Once the run is done,
:meth:`Painter.draw` hands it what the charts read — a few small tables and the levels' names,
pickled through a pipe (milliseconds) — and the child draws the charts while the parent writes
the CSVs and the report's text (and another child the workbook); the report takes the charts'
SVG at its end (:func:`~.report.render`). matplotlib's import and the charts were most of the
writing, on the one core, after the run."""

from __future__ import annotations

import gc
import os
import pickle
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

from .forked import Forked, can_fork, start

if TYPE_CHECKING:
    from ..scenario.results import Results

__all__ = ["EARLY", "ChartData", "Painter", "Shape", "chart_data", "draw_charts", "prepare_after", "prepare_before"]


@dataclass(frozen=True)
class Level:
    """A level's name, all a chart reads of the scenario's levels (their school order)."""

    name: str


@dataclass(frozen=True)
class Names:
    """What the charts read of a scenario."""

    levels: list[Level]


@dataclass(frozen=True)
class Shape:
    """What the charts' figures depend on, known once a scenario is read: its number of levels
    and of regions (:meth:`Painter.prepare`)."""

    levels: int
    regions: int


@dataclass
class ChartData:
    """The part of a run's :class:`~edplan.scenario.Results` that the charts read, which pickles:
    the tables they draw (not the large per-area ones) and the levels' names."""

    tables: dict[str, Any]
    scenario: Names
    charts: list[str] = field(default_factory=list)
    """The charts to draw, by name (:data:`.plots.CHARTS`)."""


CHART_TABLES = ("totals", "balance", "births", "programme_balance", "ledger", "preschool", "preschool_total",
                "preschool_targets", "teachers", "coverage", "coverage_total")
"""Every table a chart of :mod:`.plots` reads."""


def chart_data(results: "Results") -> ChartData:
    """What the charts the report shows of ``results`` read, as :class:`ChartData`."""
    from .report import charts_shown

    return ChartData(tables={name: results.tables[name] for name in CHART_TABLES if name in results.tables},
                     scenario=Names([Level(level.name) for level in getattr(results.scenario, "levels", [])]),
                     charts=charts_shown(results.tables))


def draw_charts(data: ChartData) -> dict[str, str]:
    """Each chart of ``data.charts`` as SVG text, by name."""
    from . import plots
    from .figures import svg

    return {name: svg(plots.CHARTS[name](data)) for name in data.charts}


LEVELS_GUESS = 5
"""The levels a painter makes the charts' figures for before it knows the scenario's, while the
parent reads it: the built-in scenario's five (kindergarten, primary, junior, senior and
vocational); a chart of fewer levels takes a figure with its extra panels removed, one of more
levels the figures made once the scenario's shape is known (:meth:`Painter.prepare`)."""


EARLY = ("demand_capacity", "programme", "levers")
"""The charts whose figures a painter makes before it knows the scenario, for
:data:`LEVELS_GUESS` levels: about as much as fits between its import of matplotlib and the
end of the parent's load; the others' are made while the parent runs (:func:`prepare_after`)."""


def prepare_before() -> None:
    """What a painter makes of the charts' figures before it knows the scenario
    (:func:`.figures.prepare`): those of :data:`EARLY`, for :data:`LEVELS_GUESS` levels."""
    from . import figures

    figures.prepare(LEVELS_GUESS, charts=EARLY)


def prepare_after(shape: Shape) -> None:
    """What a painter makes of the charts' figures once it knows the scenario's ``shape``: the
    other charts', and those of :data:`EARLY` again when the scenario has more levels than guessed."""
    from . import figures

    figures.prepare(shape.levels, shape.regions, [chart for chart in figures.PANEL_SIZE if chart not in EARLY])
    if shape.levels > LEVELS_GUESS:
        figures.prepare(shape.levels, charts=EARLY)


class Painter:
    """A child process, forked now, that imports matplotlib and then draws the charts of the
    :class:`ChartData` it is handed (:meth:`draw`), once; :meth:`charts` gives their SVG."""

    def __init__(self) -> None:
        reader, self._writer = os.pipe()
        writer = self._writer

        def serve() -> Optional[tuple[dict[str, str], Optional[str]]]:
            os.close(writer)  # the parent's end: the reads below end when the parent closes it or dies
            # A short life that makes tens of thousands of matplotlib objects: the cyclic garbage
            # collector would walk them and all the parent's objects again and again (15% of its
            # time); the figures' few megabytes go when it ends.
            gc.disable()
            from . import figures, plots  # noqa: F401  what the charts need, imported while the parent loads
            import matplotlib.backends.backend_svg  # noqa: F401
            import matplotlib.figure  # noqa: F401

            font = figures.cjk_font()  # matplotlib's fonts are read: the parent need not import it to ask
            prepare_before()  # while the parent reads the scenario
            with os.fdopen(reader, "rb") as pipe:
                try:
                    request = pickle.load(pipe)
                    if isinstance(request, Shape):  # the rest made while the parent runs
                        prepare_after(request)
                        request = pickle.load(pipe)
                except EOFError:
                    return None
            return draw_charts(request), font

        self._child: Optional[Forked] = start(serve, "drawing the report's charts")
        os.close(reader)
        self._sender: Optional[threading.Thread] = None
        self.cjk_font: Union[str, None, bool] = False
        """The font with Chinese glyphs matplotlib found in the child (None: none), once
        :meth:`charts` has returned; False before (:func:`.figures.missing_cjk_font`)."""

    def prepare(self, levels: int, regions: int) -> None:
        """Tells the child the scenario's shape, ``levels`` levels and ``regions`` regions: it
        makes the charts' figures beforehand (:func:`.figures.prepare`), while this process runs.
        Before :meth:`draw`."""
        assert self._writer >= 0 and self._sender is None, "prepare() before draw()"
        message = pickle.dumps(Shape(levels, regions), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.write(self._writer, message)  # a few dozen bytes: the pipe takes them whole
        except BrokenPipeError:
            pass  # the child is gone: charts() says why

    def draw(self, data: ChartData) -> None:
        """Hands ``data`` to the child, which draws its charts (the pipe is written by a thread:
        a child still importing would block a large write)."""
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        writer, self._writer = self._writer, -1

        def send() -> None:
            with os.fdopen(writer, "wb") as pipe:
                try:
                    pipe.write(payload)
                except BrokenPipeError:
                    pass  # the child is gone: charts() says why

        self._sender = threading.Thread(target=send, name="edplan-painter", daemon=True)
        self._sender.start()

    def charts(self) -> dict[str, str]:
        """The SVG of the charts by name, once the child has drawn them."""
        assert self._child is not None and self._sender is not None, "draw() first"
        self._sender.join()
        answer = self._child.join()
        self._child = None
        if answer is None:
            return {}
        drawn, self.cjk_font = answer
        return drawn

    def stop(self) -> None:
        """Ends the child if it is still running (nothing to draw, or the parent failed first)."""
        if self._writer >= 0:
            os.close(self._writer)
            self._writer = -1
        if self._child is not None:
            self._child.stop()
            self._child = None

    @staticmethod
    def possible() -> bool:
        """Whether this process may start one (:func:`.forked.can_fork`)."""
        return can_fork()
