# SPDX-License-Identifier: MIT
"""The results of a scenario run: the engine's arrays and the tables made from them at the edge,
with a terminal summary, files and a report (:mod:`edplan.output`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import pandas as pd

if TYPE_CHECKING:
    from .load import Scenario


@dataclass
class Results:
    """Tables by name (``results.demand``, ``results.balance``, ...), with the run's settings."""

    scenario: "Scenario"
    tables: dict[str, pd.DataFrame]
    draws: int = 0
    seed: int = 1
    warnings: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    """What the run found besides its tables: ``schedule`` (the programme's ``ScheduleResult``),
    ``nearest_distance_shares`` (the older population by distance to the nearest site in the
    first and last years, which the report shows)."""
    engine: Any = None
    """The engine's arrays (``_core.scenario.Results``) the tables were made from, when the chain ran here."""

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
        from ..output.summary import summarise
        return summarise(self)

    def _repr_html_(self) -> str:
        from ..output.summary import html_overview
        return html_overview(self)

    # -- files --------------------------------------------------------------------------------
    def write(self, directory: Union[str, Path], *, excel: bool = True, report: bool = True,
              concurrent: bool = False) -> list[Path]:
        """Write every table as CSV (UTF-8 with BOM, so that Excel shows Chinese names), the
        workbook ``edplan.xlsx`` and ``report.html`` into ``directory``.

        Each file is written to a temporary name in the same folder and renamed into place, so
        an interrupted run never leaves a half-written file. Returns the paths written.
        ``concurrent``: draw the report's charts and write the workbook in forked processes
        meanwhile, as ``edplan run`` does (:func:`edplan.output.files.write`).
        """
        from ..output.files import write
        return write(self, directory, excel=excel, report=report, concurrent=concurrent)

    def report(self, path: Union[str, Path]) -> Path:
        """Write the self-contained HTML report to ``path``."""
        from ..output.files import write_report
        return write_report(self, path)

    def to_xarray(self):
        """The numeric tables as one ``xarray.Dataset`` (needs xarray)."""
        import xarray as xr

        ds = xr.Dataset()
        for name, keys in (("population", ["region", "year", "sex", "age"]),
                           ("demand", ["region", "year", "level", "grade"]),
                           ("balance", ["region", "year", "level"]),
                           ("preschool", ["region", "year"]),
                           ("teachers", ["region", "level", "year"]),
                           ("coverage", ["region", "year"])):
            if name in self.tables:
                frame = self.tables[name].set_index(keys)
                for column in frame.columns:
                    if pd.api.types.is_numeric_dtype(frame[column]):
                        ds[f"{name}_{column}"] = frame[column].to_xarray()
        ds.attrs.update(scenario=self.scenario.name, base_year=self.scenario.base_year, draws=self.draws,
                        seed=self.seed)
        return ds
