# SPDX-License-Identifier: MIT
"""A table kept as a GIS layer: coverage areas (townships, villages) or sites from a GeoPackage
or GeoJSON file (``areas.gpkg``, ``areas.gpkg#villages`` for one layer of several), read with
geopandas/pyogrio, the optional ``geo`` extra (``pip install 'edplan[geo]'``).

Each feature is a row of its attributes as text, as a CSV export would hold them, and the
columns ``x`` and ``y``: the feature's centroid in km in a planar projection (the layer's own
when it is projected in metres, else the UTM zone around its centre), which is what travel
times between areas are computed from. Problems are located as ``file#layer:row:column``, the
header being row 1 and the first feature row 2, as in a CSV file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Optional

from .checks import TableProblems
from .xlsx import cell_text

SUFFIXES = (".gpkg", ".geojson")


def is_layer(path: Path) -> bool:
    """True for a GeoPackage or GeoJSON file name."""
    return path.suffix.lower() in SUFFIXES


def layer_rows(file: Path, layer: Optional[str], problems: TableProblems, name: str
               ) -> Optional[Iterator[tuple[int, list[str]]]]:
    """The layer's header and features as (row number, cells as text), or None after recording
    why it cannot be read (geopandas missing, no such file or layer, no geometry)."""
    try:
        import geopandas
    except ImportError:
        problems.add(name, "reading a GeoPackage or GeoJSON layer needs geopandas and pyogrio; expected them "
                     "installed (pip install 'edplan[geo]') or the table as CSV")
        return None
    if not file.is_file():
        problems.add(name, "no such file; expected a GeoPackage or GeoJSON layer there")
        return None
    try:
        frame = geopandas.read_file(file, layer=layer) if layer else geopandas.read_file(file)
    except Exception as error:  # noqa: BLE001 - pyogrio's errors have no common base beyond Exception
        problems.add(name, f"cannot be read as a GIS layer ({str(error).splitlines()[0]}); expected a GeoPackage "
                     "or GeoJSON file" + ("" if layer else " (name a layer as file.gpkg#layer when it has several)"))
        return None
    if frame.crs is None or frame.geometry.isna().all():
        problems.add(name, "has no geometry or no coordinate reference system; expected features located in a "
                     "known CRS")
        return None
    planar = frame if frame.crs.is_projected and _in_metres(frame.crs) else frame.to_crs(frame.estimate_utm_crs())
    centre = planar.geometry.centroid
    table = frame.drop(columns=frame.geometry.name)
    table = table.assign(x=centre.x.to_numpy() / 1000.0, y=centre.y.to_numpy() / 1000.0)
    header = [str(c) for c in table.columns]
    rows = [[cell_text(_plain(v)) for v in row] for row in table.itertuples(index=False)]
    return enumerate([header, *rows], 1)


def _in_metres(crs) -> bool:
    return all(axis.unit_name in ("metre", "meter") for axis in crs.axis_info)


def _plain(value: object) -> object:
    """numpy scalars as Python's, so that cells read as a CSV export would write them."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value
