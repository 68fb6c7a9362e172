# SPDX-License-Identifier: MIT
"""The files of a run: every table as CSV (UTF-8 with BOM, so that Excel shows Chinese names),
the workbook and the report, each written to a temporary name in the same folder and renamed
into place, so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import pandas as pd

if TYPE_CHECKING:
    from ..scenario.results import Results

__all__ = ["OUTPUTS", "REPORT", "WORKBOOK", "atomic_write", "write", "write_report"]

OUTPUTS = {
    "population.csv": "population", "demand.csv": "demand", "balance.csv": "balance",
    "programme.csv": "programme", "preschool.csv": "preschool", "coverage.csv": "coverage",
    "targets.csv": "targets", "births.csv": "births", "totals.csv": "totals", "peaks.csv": "peaks",
    "ratios.csv": "ratios", "schedule.csv": "schedule", "workplan.csv": "workplan",
    "coverage_areas.csv": "coverage_areas", "recommended_sites.csv": "recommended_sites",
}
"""File name → table name, in the order they are written (DESIGN §3 outputs first)."""

WORKBOOK, REPORT = "edplan.xlsx", "report.html"


def write(results: "Results", directory: Union[str, Path], *, tables: bool = True, excel: bool = True,
          report: bool = True) -> list[Path]:
    """Every table of ``results`` as CSV (unless not ``tables``), the workbook and the report
    into ``directory``; returns the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(directory)
    written = []
    for filename, name in OUTPUTS.items():
        if tables and name in results.tables:
            written.append(atomic_write(directory / filename, partial(_csv, results.tables[name])))
    if excel or report:
        # what the workbook and the report both show, computed once
        from .summary import read_provenance, summarise
        from .workbook import write_workbook
        shared = {"summary": summarise(results), "provenance": read_provenance(results)}
        if excel:
            written.append(atomic_write(directory / WORKBOOK,
                                        lambda f: write_workbook(results, f, list(OUTPUTS.values()), **shared)))
        if report:
            written.append(write_report(results, directory / REPORT, **shared))
    return written


def _csv(table: pd.DataFrame, path: str) -> None:
    table.to_csv(path, index=False, encoding="utf-8-sig")


def write_report(results: "Results", path: Union[str, Path], *, summary: Optional[Mapping[str, pd.DataFrame]] = None,
                 provenance: Optional[pd.DataFrame] = None) -> Path:
    """The self-contained HTML report of ``results`` at ``path`` (``summary`` and ``provenance``
    where the caller has them already, as :func:`~.report.render` takes them)."""
    from .report import render
    html = render(results, summary=summary, provenance=provenance)
    return atomic_write(Path(path), lambda f: Path(f).write_text(html, encoding="utf-8"))


def _remove_stale_temporaries(directory: Path) -> None:
    """A run killed while writing (SIGKILL, power cut) leaves its temporary file behind, never
    a partial output; the next run into the folder removes those it recognises as its own."""
    for name in [*OUTPUTS, WORKBOOK, REPORT]:
        for stale in directory.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def atomic_write(path: Path, write_to: Callable[[str], object]) -> Path:
    """Calls ``write_to(temporary path)`` in ``path``'s folder, then renames it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        write_to(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
