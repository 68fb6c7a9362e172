# SPDX-License-Identifier: MIT
"""What the workbook and the report of a run show: every sheet with its header, rows and
values; every section and chart of the report, its charts' text kept as text; the charts as
Figures. (How fast they are written is measured in benchmarks/bench_run.py, not here.)"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import edplan
from edplan.output import figures, plots, write
from edplan.output.columns import headers
from edplan.output.workbook import age_groups, number_format, write_workbook
from edplan.scenario import Scenario
from edplan.scenario.results import Results

TABLE_SHEETS = ["demand", "balance", "programme", "preschool", "coverage", "targets", "births", "totals", "peaks",
                "ratios", "schedule", "workplan", "recommended_sites", "teachers", "teacher_flows", "ledger", "conversions",
                "temporary"]
"""The tables of the built-in scenario with a sheet each (coverage_areas, 56,250 rows, stays in its CSV)."""

SECTIONS = ["Summary", "Pupils against places", "Utilisation by district", "The birth wave",
            "The expansion programme", "Kindergarten sectors", "Teachers", "Elder-education coverage", "Targets", "The work plan",
            "Where the numbers come from"]


@pytest.fixture(scope="module")
def results() -> Results:
    return Scenario.default().run()


@pytest.fixture(scope="module")
def written(results, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run")
    write(results, out, tables=False)
    return out


@pytest.fixture(scope="module")
def book(written):
    return load_workbook(written / "edplan.xlsx")


@pytest.fixture(scope="module")
def report(written) -> str:
    return (written / "report.html").read_text(encoding="utf-8")


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# -- the workbook ---------------------------------------------------------------------------
def test_every_sheet_in_order(book):
    levels = [f"chart {level.name}" for level in Scenario.default().levels]
    assert book.sheetnames == ["summary", "city by level", *levels, "population", *TABLE_SHEETS, "provenance"]


@pytest.mark.parametrize("name", TABLE_SHEETS)
def test_table_sheet_has_the_header_rows_and_values_of_its_table(book, results, name):
    table = results.tables[name]
    found = rows(book[name])
    assert found[0] == headers(table, name)
    assert len(found) == len(table) + 1
    assert book[name].freeze_panes == "A2"
    assert book[name].auto_filter.ref == f"A1:{book[name].cell(1, table.shape[1]).column_letter}{len(table) + 1}"
    for j, column in enumerate(table.columns):
        values = [row[j] for row in found[1:]]
        if pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(table[column]):
            expected = table[column].to_numpy(dtype=float, na_value=np.nan)
            got = np.array([np.nan if v is None else v for v in values], dtype=float)
            # 16 significant digits, as openpyxl wrote them too (Excel shows 15)
            np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0, err_msg=f"{name}.{column}")
        else:  # text (Chinese region names as text) and booleans; empty cells where missing
            expected = [None if pd.isna(v) else v for v in table[column].tolist()]
            assert values == expected, f"{name}.{column}"


def test_every_column_of_every_table_reads_by_its_meaning(results):
    """Each column of each table of the built-in run (the levers' ledger, conversions and
    temporary places included) has its header and kind in columns.py, none guessed from its name."""
    from edplan.output.columns import BY_TABLE, COLUMNS

    guessed = [f"{name}.{c}" for name, table in results.tables.items() for c in table.columns
               if (name, c) not in BY_TABLE and c not in COLUMNS]
    assert not guessed
    assert {"ledger", "conversions", "temporary", "levers"} <= set(results.tables)


def test_population_sheet_sums_single_ages_into_groups(book, results):
    found = rows(book["population"])
    assert found[0] == ["Region", "Year", "0-2", "3-5", "6-11", "12-14", "15-17", "18-59", "60-64", "65+", "Total"]
    pop = results.population
    assert len(found) - 1 == pop["region"].nunique() * pop["year"].nunique()
    region, year = found[1][0], found[1][1]
    one = pop[(pop["region"] == region) & (pop["year"] == year)]
    assert found[1][-1] == pytest.approx(one["count"].sum(), rel=1e-12)
    assert found[1][4] == pytest.approx(one.loc[one["age"].between(6, 11), "count"].sum(), rel=1e-12)  # 6-11


def test_summary_sheet_holds_every_summary_table(book, results):
    found = rows(book["summary"])
    s = results.scenario
    assert found[0][0] == f"{s.name} {s.base_year}-{s.horizon}"
    first_column = [row[0] for row in found]
    for title, frame in results.summary().items():
        at = first_column.index(title.upper())
        assert found[at + 1][:frame.shape[1]] == list(frame.columns)
        assert found[at + 2][0] == frame.iloc[0, 0]
    # Every non-empty summary table is an Excel table: its own filter buttons over its rows.
    tables = {t.ref: t for t in book["summary"].tables.values()}
    for title, frame in results.summary().items():
        if len(frame):
            top = first_column.index(title.upper()) + 2
            last = chr(ord("A") + frame.shape[1] - 1)
            assert tables[f"A{top}:{last}{top + len(frame)}"].autoFilter is not None
    at = first_column.index("TABLES IN THEIR CSV FILES ONLY")
    assert found[at + 2][:2] == ["coverage_areas.csv", len(results.coverage_areas)]


def test_provenance_sheet_is_the_provenance_table(book, results):
    provenance = pd.read_csv(results.scenario.path.parent / "provenance.csv")
    found = rows(book["provenance"])
    assert found[0] == ["File", "Figure", "Status (published, derived, assumed)", "How it was obtained"]
    assert len(found) == len(provenance) + 1


def formats(sheet) -> dict[str, str]:
    """Header → the number format of the first data row."""
    return {c.value: d.number_format for c, d in zip(sheet[1], sheet[2])}


def test_number_formats_by_meaning(book):
    balance = formats(book["balance"])
    assert balance["Year"] == "0" and balance["Region"] == "General"
    assert balance["Pupils"] == balance["Places"] == balance["Classes needed"] == "#,##0"  # counts: no decimals
    assert balance["Utilisation (pupils / places)"] == "0.0%"
    schedule = formats(book["schedule"])
    assert schedule["Unmet before programme (place-years)"] == schedule["Stranded (place-years)"] == "#,##0"
    assert schedule["Cost (¥)"] == "#,##0" and schedule["Peak year"] == "0"
    preschool = formats(book["preschool"])
    assert preschool["公办率 public share"] == preschool["普惠率 inclusive share"] == "0.0%"
    assert formats(book["ratios"])["Ratio"] == "0.000"  # a progression ratio is not a percentage
    assert number_format("ratio", np.dtype("float64"), "targets") == "0.000"  # Open SDG growth-rate ratio
    assert formats(book["coverage"])["Participation (learners / aged 60+)"] == "0.0%"
    assert number_format("peak year", np.dtype("int64")) == "0"
    assert number_format("65+", np.dtype("float64")) == "#,##0"
    assert number_format("region", pd.StringDtype()) == "General"


def test_conditional_formats_mark_deficits_and_utilisation(book):
    sheet = book["balance"]
    rules = {str(rng.sqref): [r for r in rng.rules] for rng in sheet.conditional_formatting}
    n = sheet.max_row
    deficit = rules[f"G2:G{n}"][0]
    assert (deficit.type, deficit.operator, deficit.formula) == ("cellIs", "greaterThan", ["0.5"])
    scale = rules[f"H2:H{n}"][0].colorScale
    assert [float(v.val) for v in scale.cfvo] == [0.5, 1.0, 1.5]  # diverging at utilisation 1
    assert scale.color[1].rgb.endswith("FFFFFF")


def test_a_chart_sheet_per_level_draws_city_pupils_against_places(book, results):
    city = rows(book["city by level"])
    assert city[0] == ["Level", "Year", "Pupils", "Places"]
    junior = [r for r in city[1:] if r[0] == "junior"]
    totals = results.totals[results.totals["level"] == "junior"].groupby("year")["pupils"].sum()
    assert [r[1] for r in junior] == totals.index.tolist()
    np.testing.assert_allclose([r[2] for r in junior], totals.to_numpy(), rtol=1e-12)
    places = results.balance[results.balance["level"] == "junior"].groupby("year")["capacity"].sum()
    np.testing.assert_allclose([r[3] for r in junior], places.to_numpy(), rtol=1e-12)
    assert book["city by level"].freeze_panes == "A2" and book["city by level"].auto_filter.ref
    charts = {sheet.title: sheet for sheet in book.chartsheets}
    assert list(charts) == [f"chart {level.name}" for level in results.scenario.levels]


def test_header_notes_give_the_csv_column(written):
    import zipfile
    with zipfile.ZipFile(written / "edplan.xlsx") as z:
        comments = "".join(z.read(n).decode() for n in z.namelist() if "comments" in n)
    assert "CSV column: deficit_before" in comments and "CSV column: public_share" in comments


def test_user_text_stays_text(results, tmp_path):
    """Text that looks like a formula, a link or a number is written as it is."""
    odd = pd.DataFrame({"id": ["=1+1", "http://example.org", "007", "南安市"], "places": [1.0, np.nan, 3.0, 4.0],
                        "open": [True, False, True, False]})
    write_workbook(Results(scenario=results.scenario, tables={"programme": odd}), tmp_path / "odd.xlsx",
                   ["programme"])
    found = rows(load_workbook(tmp_path / "odd.xlsx")["programme"])
    assert [row[0] for row in found[1:]] == odd["id"].tolist()
    assert [row[1] for row in found[1:]] == [1, None, 3, 4]
    assert [row[2] for row in found[1:]] == [True, False, True, False]


# -- the report -----------------------------------------------------------------------------
def chart_svgs(report: str) -> list[str]:
    return re.findall(r"<div class=figure>(<svg.*?</svg>)\s*</div>", report, flags=re.S)


def test_report_has_every_section_and_summary_table(report, results):
    headings = re.findall(r"<h2 id=\"s\d+\">(.*?)</h2>", report)
    assert headings == SECTIONS[:-1] + (["Warnings"] if results.warnings else []) + SECTIONS[-1:]
    for title in results.summary():
        assert f"<h3>{title}</h3>" in report
    coverage = re.split(r"<h2 id=\"s\d+\">Elder-education coverage</h2>", report)[1].split("<h2")[0]
    assert "<h3>Equity: inequality of places per older person across areas</h3>" in coverage
    assert "<h3>Older people by distance to the nearest site (share)</h3>" in coverage


def test_report_has_one_svg_per_chart(report):
    assert len(chart_svgs(report)) == len(plots.CHARTS) == 8


def test_chart_text_stays_text(report, results):
    """Region names are <text> in the SVG (svg.fonttype none), drawn by the browser's fonts,
    not glyph outlines from matplotlib's font."""
    svgs = chart_svgs(report)
    utilisation = svgs[1]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", utilisation)
    assert set(results.scenario.regions) <= set(texts)
    assert "南安市" in texts
    preschool = svgs[list(plots.CHARTS).index("preschool")]
    assert "公办率 public" in re.findall(r"<text[^>]*>([^<]*)</text>", preschool)
    assert not any("DejaVuSans-" in svg for svg in svgs)  # no glyphs drawn as paths


def test_report_is_self_contained(report):
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", report)
    assert "<script" not in report and "<link" not in report


def test_report_tables(report, results):
    last = results.coverage[results.coverage["year"] == results.coverage["year"].max()]
    county_table = report.split(f"<h3>Counties in {int(last['year'].iloc[0])}</h3>")[1].split("</table>")[0]
    assert county_table.count("<tr>") == len(last) + 1
    targets = report.split(">Targets</h2>")[1].split("</table>")[0]
    assert targets.count("<tr>") == len(results.targets) + 1
    assert targets.count("<svg") == len(results.targets)  # a sparkline per indicator with history


def section(report: str, title: str) -> str:
    return report.split(f">{title}</h3>")[1].split("</table>")[0]


def test_report_contents_link_every_section(report):
    contents = report.split("<nav class=contents>")[1].split("</nav>")[0]
    links = re.findall(r'<a href="#(s\d+)">(.*?)</a>', contents)
    assert [title for _, title in links] == re.findall(r'<h2 id="s\d+">(.*?)</h2>', report)
    for anchor, title in links:
        assert f'<h2 id="{anchor}">{title}</h2>' in report


def test_report_tables_read_as_numbers_with_units(report, results):
    demand = section(report, "city demand")
    city = results.totals.groupby(["level", "year"])["pupils"].sum()
    base = int(results.totals["year"].min())
    assert f"<td class=num>{round(city.loc[('primary', base)]):,}</td>" in demand  # thousands separators
    assert re.findall(r"<tr><td>(\w+)</td>", demand) == [level.name for level in results.scenario.levels]
    programme = section(report, "expansion programme")
    assert "<th>Unmet (place-years)</th>" in programme and "<th>Stranded (place-years)</th>" in programme
    assert "<th>Cost (¥ million)</th>" in programme
    levers = section(report, "The levers against building alone (place-years; ¥ million)")
    assert "<th>Unmet, build only (place-years)</th>" in levers and "<th>Cost, levers (¥ million)</th>" in levers
    deficits = section(report, "largest deficits")
    worst = results.summary()["largest deficits"].iloc[0]
    assert f"<td class=num>{worst['deficit']:,}</td><td class=num>{worst['utilisation']:.1%}</td>" in deficits
    counties = report.split(">Counties in")[1].split("</table>")[0]
    assert "<th>Has a university for the elderly</th>" in counties and "has_university" not in counties


def test_utilisation_colours_diverge_at_one(results):
    norm = plots.utilisation_norm(results.balance["utilisation"].to_numpy())
    assert norm(1.0) == pytest.approx(0.5)
    assert norm(results.balance["utilisation"].min()) == pytest.approx(0.0)
    assert norm(results.balance["utilisation"].max()) == pytest.approx(1.0)


def test_with_draws_the_report_shows_intervals(results):
    from edplan.output.report import render
    drawn = Scenario.default().run(draws=8, seed=3)
    page = render(drawn)
    last = int(drawn.totals["year"].max())
    city = drawn.totals[drawn.totals["year"] == last].groupby("level")[["p10", "p90"]].sum()
    band = f"{city.loc['junior', 'p10']:,.0f}–{city.loc['junior', 'p90']:,.0f}"
    assert f"<th>p10–p90 {last}</th>" in page and f"<td>{band}</td>" in page
    assert "sum of district p10 / p90" in chart_svgs(page)[0]  # the band in the chart's legend
    assert "p10–p90" not in render(results)  # no draws, no intervals


# -- the charts -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(plots.CHARTS))
def test_chart_is_a_figure_laid_out_inside_its_canvas(results, name):
    fig = plots.CHARTS[name](results)
    assert fig.get_layout_engine() is None  # margins set once: a save draws the figure once
    boxes = [ax.get_position() for ax in fig.axes]
    for box in boxes:
        assert 0 < box.x0 < box.x1 < 1 and 0 < box.y0 < box.y1 < 1
    panels = sorted((b for b in boxes), key=lambda b: b.x0)
    for a, b in zip(panels, panels[1:]):
        assert a.x1 < b.x0  # panels side by side, not overlapping
    assert figures.svg(fig).startswith("<svg")


def test_notebook_names_still_draw(results):
    assert type(edplan.plots.demand_capacity(results)).__name__ == "Figure"
    assert age_groups(results.population)["total"].sum() == pytest.approx(results.population["count"].sum())


def test_age_groups_a_few_regions_at_a_time_are_the_whole_tables(results, monkeypatch):
    """Grouped a few regions at a time (a long table), the age groups are the whole table's to
    the bit and in its order; a table whose regions come back in a second run of rows is
    grouped whole. Checked by hand on one cell: a region-year's 65+ sums its ages 65 and up."""
    from edplan.output import workbook

    population = results.population
    whole = workbook._age_groups(population)
    monkeypatch.setattr(workbook, "AGE_GROUP_ROWS", 5000)  # the built-in table: 47,268 rows, 13 regions
    chunked = workbook.age_groups(population)
    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)
    first = population.iloc[0]
    rows = population[(population["region"] == first["region"]) & (population["year"] == first["year"])]
    cell = chunked[(chunked["region"] == first["region"]) & (chunked["year"] == first["year"])]["65+"]
    assert cell.item() == pytest.approx(rows.loc[rows["age"] >= 65, "count"].sum())
    # every region in two runs (the years' halves swapped): grouped whole, the same table
    split = population.groupby("region", sort=False).cumcount() % 2
    shuffled = pd.concat([population[split == 0], population[split == 1]], ignore_index=True)
    pd.testing.assert_frame_equal(workbook.age_groups(shuffled), workbook._age_groups(shuffled), check_exact=True)
