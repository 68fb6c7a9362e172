# SPDX-License-Identifier: MIT
"""Inputs as planners keep them: a table as a sheet of an .xlsx workbook (problems located as
file#sheet:row:column), the whole scenario as one workbook (`edplan init --xlsx`), a CSV saved
by Excel on Chinese Windows (GBK) read as such with a warning."""

from __future__ import annotations

import contextlib
import datetime
import io
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from edplan import cli
from edplan._io import read_table
from edplan._io.xlsx import cell_text, split_sheet
from edplan.errors import InputError
from edplan.scenario import Scenario, default_path

SRC = default_path().parent


def edplan(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_split_sheet():
    assert split_sheet("in/inputs.xlsx#births") == (Path("in/inputs.xlsx"), "births")
    assert split_sheet("in/a#b.csv") == (Path("in/a#b.csv"), None)  # a file name with a hash
    assert split_sheet("births.csv") == (Path("births.csv"), None)


def test_cells_read_as_a_csv_export_writes_them():
    assert [cell_text(v) for v in (None, 3521.0, 0.35, 1e-7, True, "鲤城区", datetime.datetime(2024, 6, 30))] == \
        ["", "3521", "0.35", "1e-07", "true", "鲤城区", "2024-06-30"]


def test_a_sheet_is_read_with_problems_located_in_it(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "births"
    for row in (["region", "year", "births", None], ["鲤城区", 2009, 3521], ["鲤城区", "x", 3523],
                ["鲤城区", 2011, -1], [None, None, None]):
        ws.append(row)
    book.save(tmp_path / "inputs.xlsx")
    table = read_table(f"{tmp_path}/inputs.xlsx#births", ["region", "year", "births"])
    assert table.values.tolist() == [["鲤城区", "2009", "3521"], ["鲤城区", "x", "3523"], ["鲤城区", "2011", "-1"]]
    assert table.index.tolist() == [2, 3, 4]  # Excel's row numbers
    with pytest.raises(InputError) as missing:
        read_table(f"{tmp_path}/inputs.xlsx#birth", ["region"])
    assert str(missing.value) == f"{tmp_path}/inputs.xlsx#birth: no sheet 'birth' in inputs.xlsx; expected one of births"


def test_a_scenario_in_one_workbook_runs_as_its_csv_files_do(tmp_path):
    status, out, _ = edplan("init", "--xlsx", str(tmp_path / "qz"))
    assert status == 0 and "inputs.xlsx" in out
    folder = tmp_path / "qz"
    assert not list(folder.glob("*.csv")) or [p.name for p in folder.glob("*.csv")] == ["provenance.csv"]
    assert 'base = "inputs.xlsx#population"' in (folder / "scenario.toml").read_text(encoding="utf-8")
    sheets = load_workbook(folder / "inputs.xlsx", read_only=True).sheetnames
    assert {"population", "births", "enrolment", "capacity", "areas", "workplan_2024"} <= set(sheets)
    from_book = Scenario.load(folder / "scenario.toml").run()
    from_csv = Scenario.default().run()
    for name in ("totals", "balance", "programme", "preschool", "coverage", "targets", "workplan"):
        pd.testing.assert_frame_equal(from_book.tables[name], from_csv.tables[name], check_exact=True, obj=name)


def test_a_bad_cell_in_a_sheet_is_located_as_file_sheet_row_column(tmp_path):
    folder = tmp_path / "qz"
    assert edplan("init", "--xlsx", str(folder))[0] == 0
    book = load_workbook(folder / "inputs.xlsx")
    book["births"]["C3"] = "3,523"
    book["population"]["B5"] = "W"
    book.save(folder / "inputs.xlsx")
    status, _, err = edplan("validate", str(folder / "scenario.toml"))
    assert status == 2
    lines = [line.replace(f"{folder}/", "") for line in err.splitlines()]
    assert any(line.startswith("inputs.xlsx#births:3:3: got '3,523' (no thousands separators") for line in lines)
    assert any(line.startswith("inputs.xlsx#population:5:2: unknown sex 'W'") for line in lines)


def test_a_gbk_csv_is_read_with_a_warning(tmp_path):
    folder = tmp_path / "qz"
    shutil.copytree(SRC, folder)
    births = (SRC / "births.csv").read_text(encoding="utf-8")
    (folder / "births.csv").write_bytes(births.encode("gbk"))  # what Excel on Chinese Windows saves as "CSV"
    status, out, err = edplan("validate", str(folder / "scenario.toml"))
    assert status == 0 and "valid" in out
    assert f"warning: {folder}/births.csv:2:1: not UTF-8: read as GB18030 (GBK)" in err
    scenario = Scenario.load(folder / "scenario.toml")
    assert scenario.tables["population.births"].values.tolist() == \
        Scenario.default().tables["population.births"].values.tolist()


# -- GIS layers (the optional geo extra) ----------------------------------------------------
def _areas_layer(path: Path, crs: str = "EPSG:32650") -> None:
    """The built-in areas as points, their km coordinates as metres of UTM zone 50N (Quanzhou's)
    moved to the zone's centre, written as a GeoPackage or GeoJSON layer in ``crs``."""
    gpd = pytest.importorskip("geopandas", reason="the optional geo extra (geopandas, pyogrio) is not installed")
    areas = pd.read_csv(SRC / "areas.csv")
    layer = gpd.GeoDataFrame(areas.drop(columns=["x", "y"]), crs="EPSG:32650",
                             geometry=gpd.points_from_xy(areas["x"] * 1000 + 650_000, areas["y"] * 1000 + 2_750_000))
    layer.to_crs(crs).to_file(path)


def test_areas_from_a_geopackage_run_as_from_their_csv(tmp_path):
    folder = tmp_path / "qz"
    shutil.copytree(SRC, folder)
    _areas_layer(folder / "areas.gpkg")
    (folder / "areas.csv").unlink()
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"areas.csv"', '"areas.gpkg"'), encoding="utf-8")
    from_layer = Scenario.load(toml).run()
    from_csv = Scenario.default().run()
    for name in ("coverage", "coverage_areas", "recommended_sites"):
        pd.testing.assert_frame_equal(from_layer.tables[name], from_csv.tables[name], rtol=1e-9, obj=name)


def test_a_lon_lat_layer_is_projected_to_km(tmp_path):
    _areas_layer(tmp_path / "areas.geojson", crs="EPSG:4326")
    table = read_table(tmp_path / "areas.geojson", ["area", "region", "population"])
    areas = pd.read_csv(SRC / "areas.csv")
    x, y = table["x"].astype(float).to_numpy(), table["y"].astype(float).to_numpy()
    # distances survive the round trip through longitude and latitude (the same UTM zone)
    got = ((x - x[0]) ** 2 + (y - y[0]) ** 2) ** 0.5
    expected = ((areas["x"] - areas["x"][0]) ** 2 + (areas["y"] - areas["y"][0]) ** 2) ** 0.5
    np.testing.assert_allclose(got, expected.to_numpy(), atol=1e-6)
    assert table["area"].tolist() == areas["area"].tolist()


def test_a_missing_layer_is_located(tmp_path):
    _areas_layer(tmp_path / "areas.gpkg")
    with pytest.raises(InputError) as error:
        read_table(f"{tmp_path}/areas.gpkg#villages", ["area"])
    assert str(error.value).startswith(f"{tmp_path}/areas.gpkg#villages: cannot be read as a GIS layer")
