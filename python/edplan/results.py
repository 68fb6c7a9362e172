# SPDX-License-Identifier: MIT
"""The results of a scenario run: DataFrames, a terminal summary, files, a report."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import pandas as pd

if TYPE_CHECKING:
    from .scenario import Scenario

# File name → table name, in the order they are written (DESIGN §3 outputs first).
OUTPUTS = {
    "population.csv": "population", "demand.csv": "demand", "balance.csv": "balance",
    "programme.csv": "programme", "preschool.csv": "preschool", "coverage.csv": "coverage",
    "targets.csv": "targets", "births.csv": "births", "totals.csv": "totals", "peaks.csv": "peaks",
    "ratios.csv": "ratios", "schedule.csv": "schedule", "workplan.csv": "workplan",
    "coverage_areas.csv": "coverage_areas", "recommended_sites.csv": "recommended_sites",
}


@dataclass
class Results:
    """Tables by name (``results.demand``, ``results.balance``, ...), with the run's settings."""

    scenario: "Scenario"
    tables: dict[str, pd.DataFrame]
    draws: int = 0
    seed: int = 1
    warnings: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no table {name!r}; the run produced {', '.join(tables)}")

    def __dir__(self):
        return list(super().__dir__()) + list(self.tables)

    # -- summaries ----------------------------------------------------------------------------
    def summary(self) -> dict[str, pd.DataFrame]:
        """Short tables for the terminal and the report's first page."""
        from .summary import summarise
        return summarise(self)

    def _repr_html_(self) -> str:
        from .summary import html_overview
        return html_overview(self)

    # -- files --------------------------------------------------------------------------------
    def write(self, directory: Union[str, Path], *, excel: bool = True, report: bool = True) -> list[Path]:
        """Write every table as CSV (UTF-8 with BOM, so that Excel shows Chinese names), the
        workbook ``edplan.xlsx`` and ``report.html`` into ``directory``.

        Each file is written to a temporary name in the same folder and renamed into place, so
        an interrupted run never leaves a half-written file. Returns the paths written.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(directory)
        written = []
        for filename, name in OUTPUTS.items():
            if name in self.tables:
                written.append(_atomic(directory / filename,
                                       lambda f, t=self.tables[name]: t.to_csv(f, index=False, encoding="utf-8-sig")))
        if excel:
            from .xlsx import write_workbook
            written.append(_atomic(directory / WORKBOOK, lambda f: write_workbook(self, f)))
        if report:
            from .report import render
            written.append(_atomic(directory / REPORT,
                                   lambda f: Path(f).write_text(render(self), encoding="utf-8")))
        return written

    def report(self, path: Union[str, Path]) -> Path:
        """Write the self-contained HTML report to ``path``."""
        from .report import render
        return _atomic(Path(path), lambda f: Path(f).write_text(render(self), encoding="utf-8"))

    def to_xarray(self):
        """The numeric tables as one ``xarray.Dataset`` (needs xarray)."""
        import xarray as xr

        ds = xr.Dataset()
        for name, keys in (("population", ["region", "year", "sex", "age"]),
                           ("demand", ["region", "year", "level", "grade"]),
                           ("balance", ["region", "year", "level"]),
                           ("preschool", ["region", "year"]),
                           ("coverage", ["region", "year"])):
            if name in self.tables:
                frame = self.tables[name].set_index(keys)
                for column in frame.columns:
                    if pd.api.types.is_numeric_dtype(frame[column]):
                        ds[f"{name}_{column}"] = frame[column].to_xarray()
        ds.attrs.update(scenario=self.scenario.name, base_year=self.scenario.base_year, draws=self.draws,
                        seed=self.seed)
        return ds


WORKBOOK, REPORT = "edplan.xlsx", "report.html"


def _remove_stale_temporaries(directory: Path) -> None:
    """A run killed while writing (SIGKILL, power cut) leaves its temporary file behind, never
    a partial output; the next run into the folder removes those it recognises as its own."""
    for name in [*OUTPUTS, WORKBOOK, REPORT]:
        for stale in directory.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _atomic(path: Path, write) -> Path:
    """Write through a temporary file in the same folder, then rename over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
