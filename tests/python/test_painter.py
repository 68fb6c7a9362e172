# SPDX-License-Identifier: MIT
"""The report's charts drawn by another process (edplan.output.painter): the charts a painter
started before the run draws from the few tables handed to it are the charts drawn here from
the whole results, the report fills in exactly the charts it shows, and a painter never handed
anything ends with its parent's call."""

from __future__ import annotations

import os
import re

import pytest

import edplan
from edplan.output import figures, plots
from edplan.output.forked import can_fork
from edplan.output.painter import Painter, chart_data, draw_charts
from edplan.output.report import charts_shown, render

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


@pytest.fixture(scope="module")
def results():
    return edplan.Scenario.default().run()


def _ids_out(svg: str) -> str:
    """``svg`` without what differs between two drawings of one chart: matplotlib's date stamp
    and its ids of clip paths, markers and images."""
    return re.sub(r"\b(?:[mp]|image)[0-9a-f]{10}\b", "id", re.sub(r"<dc:date>[^<]*</dc:date>", "", svg))


def test_a_painter_draws_the_charts_drawn_here(results):
    painter = Painter()
    try:
        painter.draw(chart_data(results))
        there = painter.charts()
    finally:
        painter.stop()
    shown = charts_shown(results.tables)
    assert list(there) == shown and len(shown) == 8  # the built-in run shows every chart
    for name in shown:
        assert _ids_out(there[name]) == _ids_out(figures.svg(plots.CHARTS[name](results))), name


def test_the_report_takes_every_chart_it_shows_from_the_painter_and_draws_none(results, monkeypatch):
    drawn = {name: f"<svg id=given-{name}></svg>" for name in charts_shown(results.tables)}

    def refuse(fig):
        raise AssertionError("a chart was drawn here")

    monkeypatch.setattr(figures, "svg", refuse)
    page = render(results, charts=lambda: drawn)
    assert "\0" not in page
    for name, svg in drawn.items():
        assert page.count(svg) == 1, name


def test_a_chart_the_painter_lacks_is_drawn_here(results):
    page = render(results, charts=dict)
    assert "\0" not in page and page.count("<div class=figure><svg") == len(charts_shown(results.tables))


def test_a_painter_never_handed_anything_ends_when_stopped():
    painter = Painter()
    pid = painter._child.pid
    painter.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind


def test_the_chart_data_is_all_the_charts_read(results):
    """Drawn from ChartData alone (no scenario, no other table), every chart comes out."""
    data = chart_data(results)
    assert set(data.tables) < set(results.tables) and "coverage_areas" not in data.tables
    assert set(draw_charts(data)) == set(charts_shown(results.tables))


def _painted_after_prepare(results):
    """A painter told the scenario's shape, then handed its charts' data: checks that every chart
    it drew is the chart drawn on a fresh figure, and returns the (stopped) painter."""
    scenario = results.scenario
    painter = Painter()
    try:
        painter.prepare(len(scenario.levels), len(scenario.regions))
        painter.draw(chart_data(results))
        there = painter.charts()
    finally:
        painter.stop()
    for name in charts_shown(results.tables):
        assert _ids_out(there[name]) == _ids_out(figures.svg(plots.CHARTS[name](results))), name
    return painter


def test_a_painter_told_the_scenarios_shape_draws_the_same_charts_and_says_which_cjk_font(results):
    painter = _painted_after_prepare(results)
    assert painter.cjk_font == figures.cjk_font()  # None on a machine without one


def test_figures_made_beforehand_are_all_taken_and_change_no_chart(results):
    """figures.prepare makes a figure per chart with a panel per level; the charts with fewer
    panels (teachers, levers: 3 of the 5 levels) take one with its extra panels removed."""
    scenario = results.scenario
    fresh = draw_charts(chart_data(results))
    figures.prepare(len(scenario.levels), len(scenario.regions))
    assert len(figures._PREPARED) == len(plots.CHARTS)
    prepared = draw_charts(chart_data(results))
    assert figures._PREPARED == []
    for name, svg in fresh.items():
        assert _ids_out(prepared[name]) == _ids_out(svg), name
    panels = {name: len(plots.CHARTS[name](results).axes) for name in ("teachers", "levers")}
    assert panels["teachers"] < len(scenario.levels) and panels["levers"] < len(scenario.levels)


def test_a_prepared_figure_of_other_panels_is_not_taken():
    figures.prepare(2, 3)
    try:
        fig, axes = figures.new_figure(4.2 * 3, 3.2, 3)  # more panels than prepared
        assert len(axes) == 3 and all(ax.figure is fig for ax in axes)
        assert len(figures._PREPARED) == len(plots.CHARTS)
        fig, axes = figures.new_figure(4.2, 3.2, 1)  # fewer: one of two, its other panel removed
        assert len(axes) == 1 and fig.axes == axes and tuple(fig.get_size_inches()) == (4.2, 3.2)
        assert len(figures._PREPARED) == len(plots.CHARTS) - 1
    finally:
        figures._PREPARED.clear()


def test_a_painter_draws_the_charts_of_a_scenario_of_more_levels_than_it_guessed(results, monkeypatch):
    """The figures made for LEVELS_GUESS levels before the scenario's shape is known cannot take
    a chart of more levels: those made once it is known do, and the charts are the same."""
    import edplan.output.painter as painter_module

    monkeypatch.setattr(painter_module, "LEVELS_GUESS", 2)  # read by the child, forked after this
    _painted_after_prepare(results)
