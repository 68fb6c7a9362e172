# SPDX-License-Identifier: MIT
"""A scenario: the TOML file of DESIGN §3 and its tables, checked all at once, and the chain
population → enrolment → capacity that turns it into results."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems, Toml, load_toml, read_table, unknown
from ..enrolment.levels import Level, parse_levels
from ..errors import InputError, Problem
from ..population import ProjectionInputs
from ..population import tables as pt
from . import settings as _settings

if TYPE_CHECKING:
    from .results import Results

__all__ = ["Scenario", "default_path"]

# Columns of each table (DESIGN §3): required, optional.
TABLES = {
    "population.base": (["region", "sex", "age", "count"], []),
    "population.survival": (["sex", "age", "survival"], ["region", "year"]),
    "population.fertility": (["age", "rate"], ["region", "year"]),
    "population.migration": (["region", "sex", "age", "net"], ["year"]),
    "population.births": (["region", "year", "births"], []),
    "enrolment.history": (["region", "year", "level", "grade", "pupils"], []),
    "enrolment.housing": (["region", "year", "dwellings"], []),
    "capacity.places": (["region", "level", "places"], ["classes"]),
    "capacity.projects": (["id", "region", "level", "places", "status"],
                          ["name", "cost", "land_year", "start_year", "open_year"]),
    "preschool.kindergartens": (["region", "sector", "places"], ["pupils"]),
    "coverage.areas": (["area", "region", "population"], []),
    "coverage.sites": (["site", "area", "capacity"], ["learners", "tier"]),
    "coverage.costs": (["origin", "destination", "cost"], []),
    "coverage.candidates": (["site", "area"], ["capacity", "learners", "tier"]),
    "targets.indicators": (["indicator", "region", "year", "value"], []),
    "targets.targets": (["indicator", "region", "target", "target_year", "direction"], []),
    "targets.workplan": (["id", "target"], []),
    "targets.progress": (["id", "date", "count"], []),
}


REQUIRED_TABLES = ("population.base", "population.survival", "population.fertility")

# Further table checks that modules register: check(tables, levels, regions, base_year, horizon)
# raises InputError.
CHECKS: list = []


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def check_tables(tables: dict[str, pd.DataFrame], levels: list[Level], regions: list, base_year: int,
                 horizon: int, files: Optional[dict[str, Path]] = None,
                 settings: Optional[dict[str, Any]] = None) -> list[Problem]:
    """The checks each module makes of its tables, run at loading so that it reports every
    problem in every table, not only those of the first module to use them."""
    from ..capacity.timeline import timeline
    from ..enrolment.tables import arrays_from_tables

    problems: list[Problem] = []

    def attempt(check) -> None:
        try:
            check()
        except InputError as error:
            problems.extend(error.problems)

    attempt(lambda: _core.enrolment.check_levels([level.spec() for level in levels]))
    t = tables
    if "enrolment.history" in t:
        attempt(lambda: arrays_from_tables(t["enrolment.history"], t.get("population.births"),
                                           t.get("enrolment.housing"), levels=levels, base_year=base_year,
                                           regions=regions))
    if "capacity.places" in t:
        attempt(lambda: timeline(t["capacity.places"], t.get("capacity.projects"), regions=regions,
                                          levels=levels, first_year=base_year + 1, years=horizon - base_year))
    files = files or {}
    settings = settings or {}
    if isinstance(settings.get("programme"), dict):
        from ..capacity.programme import check_settings as check_programme
        attempt(lambda: check_programme(settings["programme"], [lv.name for lv in levels], base_year,
                                                 horizon))
    if isinstance(settings.get("preschool"), dict):
        from ..capacity.preschool import check_kindergartens, check_settings as check_preschool
        attempt(lambda: check_preschool(settings["preschool"]))
        if "preschool.kindergartens" in t:
            attempt(lambda: check_kindergartens(t["preschool.kindergartens"], regions))
    if "coverage.areas" in t and "coverage.sites" in t:
        from ..coverage.inputs import check_coverage
        attempt(lambda: check_coverage(t, files))
    if "targets.indicators" in files and "targets.targets" in files:
        from ..targets import assess_table
        attempt(lambda: assess_table(files["targets.indicators"], files["targets.targets"]))
    if "targets.workplan" in files:
        from ..targets import load_workplan
        attempt(lambda: load_workplan(files["targets.workplan"]))
    for check in CHECKS:
        attempt(lambda: check(tables, levels, regions, base_year, horizon))
    return problems


def default_path() -> Path:
    """The built-in Quanzhou scenario file."""
    return Path(str(importlib.resources.files("edplan") / "data" / "quanzhou" / "scenario.toml"))


@dataclass
class Scenario:
    """A loaded, checked scenario; :meth:`run` projects it."""

    path: Path
    settings: dict[str, Any]
    levels: list[Level]
    regions: list[str]
    tables: dict[str, pd.DataFrame]
    chain: ProjectionInputs
    """The population inputs as arrays (migration already scaled by migration_scale)."""
    files: dict[str, Path] = field(default_factory=dict)
    """Each file setting ("section.key") as a path."""

    # -- settings -------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.settings["scenario"].get("name", self.path.stem))

    @property
    def base_year(self) -> int:
        return int(self.settings["scenario"]["base_year"])

    @property
    def horizon(self) -> int:
        return int(self.settings["scenario"]["horizon"])

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.settings.get(name, {}))

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def default(cls) -> "Scenario":
        """The built-in Quanzhou scenario (see ``edplan/data/quanzhou/provenance.csv``)."""
        return cls.load(default_path())

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Scenario":
        """Load and check a scenario file and every table it names.

        Raises:
            InputError: every problem found, one per line as ``file:line:column: message``.
        """
        path = Path(path)
        toml = load_toml(path)
        problems = _settings.check(toml)
        levels: list[Level] = []
        if isinstance(toml.data.get("levels"), dict):
            levels, level_problems = parse_levels(toml.data["levels"])
            problems += [Problem(toml.where(p.where), p.message) for p in level_problems]
        files = _settings.files(toml)
        table_problems = TableProblems()
        tables: dict[str, pd.DataFrame] = {}
        for key, file in files.items():
            required, optional = TABLES[key]
            df = read_table(file, required, optional, problems=table_problems, display=str(file))
            if df is not None:
                tables[key] = df
        problems += table_problems.problems
        if "coverage.areas" in tables and "coverage.sites" in tables and "coverage.costs" not in tables:
            from ..coverage.inputs import travel_table
            try:
                travel = travel_table(tables, toml.data.get("coverage", {}), files)
                if travel is not None:
                    tables["coverage.costs"] = travel
            except InputError as error:
                problems += error.problems
        scenario = None
        if _settings.can_assemble(toml) and all(k in tables for k in REQUIRED_TABLES):
            try:
                scenario = cls._assemble(path, toml, levels, tables)
                scenario.files = files
            except InputError as error:
                problems += error.problems
            if levels:
                regions = list(dict.fromkeys(tables["population.base"]["region"]))
                s = toml.data["scenario"]
                located = ("levels.", "programme.", "preschool.")
                problems += [Problem(toml.where(p.where), p.message) if p.where.startswith(located) else p
                             for p in check_tables(tables, levels, regions, s["base_year"], s["horizon"], files,
                                                   toml.data)]
        if problems:
            raise InputError(_unique(problems))
        assert scenario is not None  # every reason not to assemble is a recorded problem
        return scenario

    @classmethod
    def _assemble(cls, path: Path, toml: Toml, levels: list[Level], tables: dict[str, pd.DataFrame]):
        data = toml.data
        p = data["population"]
        base_year, horizon = data["scenario"]["base_year"], data["scenario"]["horizon"]
        open_age = int(p.get("open_age", 100))
        years = list(range(base_year, horizon))
        problems = TableProblems()
        pop_table = tables["population.base"]
        regions = list(dict.fromkeys(pop_table["region"]))
        base = pt.base_population(pop_table, pop_table.attrs["path"], regions, open_age, problems)
        surv = tables["population.survival"]
        survival = pt.by_sex_age(surv, surv.attrs["path"], "survival", regions, years, open_age, problems,
                                 expected="a probability in [0, 1]", minimum=0, maximum=1)
        fert = tables["population.fertility"]
        fertility = pt.fertility_rates(fert, fert.attrs["path"], regions, years, problems)
        migration = None
        if "population.migration" in tables:
            m = tables["population.migration"]
            migration = pt.by_sex_age(m, m.attrs["path"], "net", regions, years, open_age, problems,
                                      expected="a number of net migrants") * float(p.get("migration_scale", 1.0))
        births = None
        if "population.births" in tables:
            b = tables["population.births"]
            unknown(b, b.attrs["path"], "region", regions, problems, "region")
            births = pt.observed_births(b, b.attrs["path"], regions, years, problems)
        problems.raise_if_any()
        if "tfr" in p:
            from ..population import fertility_from_tfr
            shape = fertility[:, 0, :]
            fertility = fertility_from_tfr(shape, {int(k): float(v) for k, v in p["tfr"].items()},
                                           first_year=base_year, years=horizon - base_year)
        bs = p.get("birth_survival", {"F": 1.0, "M": 1.0})
        chain = ProjectionInputs(base, survival, fertility, migration, births, float(p.get("srb", 1.06)),
                                 (float(bs["F"]), float(bs["M"])))
        return cls(path, data, levels, regions, tables, chain)

    # -- running ------------------------------------------------------------------------------
    def run(self, draws: Optional[int] = None, seed: Optional[int] = None, *, threads: int = 0,
            progress: Optional[Callable[[str], None]] = None) -> "Results":
        """Project the scenario: population, school-place demand and its intervals, the balance
        against places, and every optional part the scenario configures."""
        from .chain import run
        return run(self, draws=draws, seed=seed, threads=threads, progress=progress)

