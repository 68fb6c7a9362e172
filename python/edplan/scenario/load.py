# SPDX-License-Identifier: MIT
"""A scenario: the TOML file of DESIGN §3 and its tables, read and checked once, all problems at
once, into the arrays of the chain (:mod:`edplan.scenario.chain`)."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import pandas as pd

from .. import _core
from .._io import TableProblems, Toml, blank, load_toml, read_aliases, read_table, resolve_aliases, unknown
from ..capacity.preschool import Kindergartens
from ..capacity.rules import Rules
from ..capacity.teachers import TeacherStaff
from ..capacity.timeline import Places
from ..coverage.inputs import ScenarioCoverage
from ..enrolment.levels import Level, parse_levels
from ..enrolment.tables import Arrays, arrays_from_tables
from ..errors import InputError, Problem
from ..population import ProjectionInputs
from ..population import tables as pt
from ..targets.assess_table import Series
from ..targets.workplan import Tracking
from . import settings as _settings

if TYPE_CHECKING:
    from .results import Results

__all__ = ["Scenario", "default_path"]

# Columns of each table (DESIGN §3): required, optional.
TABLES = {
    "scenario.aliases": (["alias", "region"], []),
    "population.base": (["region", "sex", "age", "count"], []),
    "population.survival": (["sex", "age", "survival"], ["region", "year"]),
    "population.fertility": (["age", "rate"], ["region", "year"]),
    "population.migration": (["region", "sex", "age", "net"], ["year"]),
    "population.births": (["region", "year", "births"], []),
    "population.history": pt.POPULATION_HISTORY,
    "enrolment.history": (["region", "year", "level", "grade", "pupils"], []),
    "enrolment.housing": (["region", "year", "dwellings"], []),
    "capacity.places": (["region", "level", "places"], ["classes"]),
    "capacity.projects": (["id", "region", "level", "places", "status"],
                          ["name", "cost", "land_year", "start_year", "open_year"]),
    "programme.conversions": (["from_level", "to_level", "cost_per_place"], ["ratio", "region"]),
    "preschool.kindergartens": (["region", "sector", "places"], ["pupils"]),
    "coverage.areas": (["area", "region", "population"], []),
    "coverage.sites": (["site", "area", "capacity"], ["learners", "tier"]),
    "coverage.costs": (["origin", "destination", "cost"], []),
    "coverage.candidates": (["site", "area"], ["capacity", "learners", "tier"]),
    "teachers.staff": (["region", "level", "sex", "age", "count"], []),
    "teachers.redeploy": (["from_level", "to_level", "share"], []),
    "teachers.hires": (["region", "level", "year", "sex", "age", "count"], []),
    "targets.indicators": (["indicator", "region", "year", "value"], []),
    "targets.targets": (["indicator", "region", "target", "target_year", "direction"], []),
    "targets.workplan": (["id", "target"], []),
    "targets.progress": (["id", "date", "count"], []),
}


REQUIRED_TABLES = ("population.base", "population.survival", "population.fertility")


@dataclass
class Parts:
    """Every table of a scenario read once: the arrays of the chain and the labels its tables need."""

    enrolment: Arrays
    """History, births and housing by region (in the scenario's order), year and grade."""
    places: Optional[Places] = None
    rules: Optional[Rules] = None
    """The programme's rules and candidates."""
    kindergartens: Optional[Kindergartens] = None
    coverage: Optional[ScenarioCoverage] = None
    series: Optional[Series] = None
    """The indicators and their targets."""
    tracking: Optional[Tracking] = None
    """The work plan and its progress reports."""
    teachers: Optional[TeacherStaff] = None
    """The staff profile, norms, hires and redeployment pairs."""


def read_parts(tables: dict[str, pd.DataFrame], data: dict[str, Any], levels: list[Level],
               regions: list, links: Any = None) -> tuple[Optional[Parts], list[Problem]]:
    """Each module's tables and settings read into its part of the chain, recording every problem
    of every table, not only those of the first module to use them. None when any is bad.
    ``links``: the coverage's travel costs as a CSR matrix, read without a costs table."""
    from ..capacity.preschool import read_kindergartens
    from ..capacity.rules import check_settings as programme_rules
    from ..capacity.teachers import read_teacher_staff
    from ..capacity.timeline import read_places
    from ..coverage.inputs import read_coverage
    from ..targets.assess_table import read_series
    from ..targets.workplan import read_tracking

    problems: list[Problem] = []

    def attempt(read) -> Any:
        try:
            return read()
        except InputError as error:
            problems.extend(error.problems)
            return None

    base_year, horizon = data["scenario"]["base_year"], data["scenario"]["horizon"]
    names = [lv.name for lv in levels]
    t = tables
    enrolment, found_in_history = read_history(t, levels, base_year, regions)
    problems.extend(found_in_history)
    problems.extend(check_population_history(t, levels, regions))
    parts = Parts(enrolment) if enrolment is not None else None
    places = rules = kindergartens = coverage = series = tracking = None
    if "capacity.places" in t:
        places = attempt(lambda: read_places(t["capacity.places"], t.get("capacity.projects"), regions=regions,
                                             levels=levels, base_year=base_year))
        if isinstance(data.get("programme"), dict):
            rules = attempt(lambda: programme_rules(data["programme"], names, base_year, horizon))
            if rules is not None:
                found = TableProblems()
                projects = t.get("capacity.projects")
                if projects is None:
                    projects = pd.DataFrame(columns=["id", "name", "region", "level", "places", "cost", "status"])
                rules.read_candidates(projects, regions, names, base_year, found)
                section = data["programme"]
                rules.read_levers(t.get("programme.conversions"), section.get("temporary"), section.get("crowding"),
                                  regions, levels, found, prefix="programme.")
                problems.extend(found.problems)
    if isinstance(data.get("preschool"), dict) and "preschool.kindergartens" in t:
        if "kindergarten" not in names:
            problems.append(Problem("preschool", f"no kindergarten level; expected one of the levels "
                                                 f"({', '.join(names)}) named kindergarten"))
        else:
            section = {k: v for k, v in data["preschool"].items() if k != "kindergartens"}
            kindergartens = attempt(lambda: read_kindergartens(section, t["preschool.kindergartens"],
                                                               t.get("capacity.projects"), regions=regions,
                                                               level="kindergarten", base_year=base_year,
                                                               horizon=horizon))
    if "coverage.areas" in t and "coverage.sites" in t:
        cv = data.get("coverage", {})
        coverage = attempt(lambda: read_coverage(
            t, cv, regions=regions, base_year=base_year, horizon=horizon,
            max_cost=float(_settings.setting(data, "coverage", "max_cost")),
            older_age=int(_settings.setting(data, "coverage", "older_age")),
            new_sites=int(_settings.setting(data, "coverage", "new_sites")), links=links))
    teachers = None
    if isinstance(data.get("teachers"), dict) and "teachers.staff" in t:
        section = data["teachers"]
        teachers = attempt(lambda: read_teacher_staff(
            t["teachers.staff"], regions=regions, levels=names, class_size={lv.name: lv.class_size for lv in levels},
            base_year=base_year, horizon=horizon, norms=section.get("norms"),
            retirement_age=section.get("retirement_age"), attrition=_settings.setting(data, "teachers", "attrition"),
            redeploy=t.get("teachers.redeploy"), hires=t.get("teachers.hires"), where="teachers."))
    if "targets.indicators" in t and "targets.targets" in t:
        series = attempt(lambda: read_series(t["targets.indicators"], t["targets.targets"]))
        if series is not None:  # what the engine will refuse, refused now (it assesses at run)
            s = series
            options = _core.targets.AssessOptions(method=str(_settings.setting(data, "targets", "method")))
            try:
                _core.targets.check_series(s.years, s.values, s.offsets, s.target, s.target_year, s.baseline_year,
                                           s.direction, s.limit, options=options)
            except InputError as error:
                problems.extend(s.relocate(error).problems)
    if "targets.workplan" in t:  # tracked from the start: "no progress reported" until a progress table is given
        tracking = attempt(lambda: read_tracking(t["targets.workplan"], t.get("targets.progress")))
        if tracking is not None:
            from ..targets.workplan import tracking_options
            tr = tracking
            try:
                _core.targets.check_track(*tr.columns(), options=tracking_options(_settings.as_of(data), "cumulative",
                                                                                  _core.targets.TrackOptions().at_risk),
                                          labels=list(tr.plan["id"]))
            except InputError as error:
                problems.extend(tr.relocate(error).problems)
    if problems or parts is None:
        return None, problems
    parts.places, parts.rules, parts.kindergartens = places, rules, kindergartens
    parts.coverage, parts.series, parts.tracking = coverage, series, tracking
    parts.teachers = teachers
    return parts, problems


def read_history(tables: dict[str, pd.DataFrame], levels: list[Level], base_year: int,
                 regions: Optional[list] = None) -> tuple[Optional[Arrays], list[Problem]]:
    """The levels checked together, and the enrolment history with births and housing as the
    engine's arrays (None where a problem or no history stops them), with every problem found."""
    problems: list[Problem] = []
    try:
        _core.enrolment.check_levels([level.spec() for level in levels])
    except InputError as error:
        problems.extend(error.problems)
    arrays = None
    if "enrolment.history" in tables:
        try:
            arrays = arrays_from_tables(tables["enrolment.history"], tables.get("population.births"),
                                        tables.get("enrolment.housing"), levels=levels, base_year=base_year,
                                        regions=regions)
        except InputError as error:
            problems.extend(error.problems)
    return arrays, problems


def check_population_history(tables: dict[str, pd.DataFrame], levels: list[Level], regions: list) -> list[Problem]:
    """Every problem of the population history (``[population] history``), when there is one: bad
    numbers, regions not among ``regions``, repeated rows, a region-year missing an age of a rate
    level (the back-test divides the level's pupils by the people of its ages)."""
    df = tables.get("population.history")
    if df is None:
        return []
    found = TableProblems()
    ages = {lv.name: (lv.first, lv.last) for lv in levels if lv.kind == "rate"}
    pt.population_history(df, str(df.attrs.get("path", "population.history")), regions, ages, found)
    return found.problems


def check_regions(tables: dict[str, pd.DataFrame], regions: list, problems: TableProblems) -> None:
    """Records every region name that is not one of ``regions`` (the population table's) in the
    tables no module's reader checks: the aliases' regions, and the indicators and targets
    (where an empty region is the whole city)."""
    if "scenario.aliases" in tables:
        aliases = tables["scenario.aliases"]
        unknown(aliases, str(aliases.attrs.get("path", "aliases")), "region", regions, problems, "region")
    for key in ("targets.indicators", "targets.targets"):
        df = tables.get(key)
        if df is None or "region" not in df.columns:
            continue
        named = df[~df["region"].map(blank).to_numpy(dtype=bool)]
        unknown(named, str(df.attrs.get("path", key)), "region", regions, problems, "region")


def default_path() -> Path:
    """The built-in Quanzhou scenario file."""
    return Path(str(importlib.resources.files("edplan") / "data" / "quanzhou" / "scenario.toml"))


@dataclass
class Scenario(_settings.SettingsView):
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
    parts: Optional[Parts] = None
    """Every other table, read once into the chain's arrays."""
    warnings: list[str] = field(default_factory=list)
    """What loading found harmless but worth saying (rows no run uses), one located line each."""

    # -- settings (name, base_year, horizon and setting() from SettingsView) ---------------------
    def section(self, name: str) -> dict[str, Any]:
        """The settings of ``[name]`` as given (defaults not filled in; see :meth:`setting`)."""
        return dict(self.settings.get(name, {}))

    def coverage_costs(self) -> Optional[pd.DataFrame]:
        """The coverage's travel costs as the long table (origin, destination, cost in minutes):
        the scenario's costs table, or, where minutes come from the areas' coordinates (the
        ``travel`` setting), that table built now from the same links — a scenario read that way
        keeps only the links' matrix, which is a fraction of the table's memory. None without a
        coverage layer."""
        if "coverage.costs" in self.tables:
            return self.tables["coverage.costs"]
        if "coverage.areas" not in self.tables:
            return None
        from ..coverage.inputs import travel_table

        return travel_table(self.tables, self.section("coverage"))

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
        if "scenario.aliases" in tables:
            aliases = read_aliases(tables["scenario.aliases"], table_problems)
            tables = {key: resolve_aliases(df, aliases) for key, df in tables.items()}
        if "population.base" in tables:
            check_regions(tables, list(dict.fromkeys(tables["population.base"]["region"])), table_problems)
        problems += table_problems.problems
        links = None  # the travel costs as a CSR matrix, when read without a table
        if "coverage.areas" in tables and "coverage.sites" in tables and "coverage.costs" not in tables:
            from ..coverage.inputs import scenario_links, travel_table
            try:
                settings = toml.data.get("coverage", {})
                links = scenario_links(tables, settings)
                travel = travel_table(tables, settings) if links is None else None
                if travel is not None:
                    tables["coverage.costs"] = travel
            except InputError as error:
                problems += error.problems
        scenario = None
        if _settings.can_assemble(toml) and all(k in tables for k in REQUIRED_TABLES):
            try:
                scenario = cls._assemble(path, toml, levels, tables)
                scenario.files = files
                scenario.warnings[:0] = [str(w) for w in table_problems.warnings]
            except InputError as error:
                problems += error.problems
            if levels:
                regions = list(dict.fromkeys(tables["population.base"]["region"]))
                parts, found = read_parts(tables, toml.data, levels, regions, links)
                located = ("levels.", "programme.", "preschool.", "coverage.", "teachers.")
                problems += [Problem(toml.where(p.where), p.message) if p.where.startswith(located) else p
                             for p in found]
                if scenario is not None:
                    scenario.parts = parts
        if problems:
            raise InputError(list(dict.fromkeys(problems)))
        assert scenario is not None and scenario.parts is not None  # every reason not to is a recorded problem
        return scenario

    @classmethod
    def _assemble(cls, path: Path, toml: Toml, levels: list[Level], tables: dict[str, pd.DataFrame]):
        data = toml.data
        p = data["population"]
        base_year, horizon = data["scenario"]["base_year"], data["scenario"]["horizon"]
        open_age = int(_settings.setting(data, "population", "open_age"))
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
                                      expected="a number of net migrants") * float(_settings.setting(data, "population", "migration_scale"))
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
        bs = _settings.setting(data, "population", "birth_survival")
        chain = ProjectionInputs(base, survival, fertility, migration, births,
                                 float(_settings.setting(data, "population", "srb")),
                                 (float(bs["F"]), float(bs["M"])))
        return cls(path, data, levels, regions, tables, chain, warnings=[str(w) for w in problems.warnings])

    # -- running ------------------------------------------------------------------------------
    def run(self, draws: Optional[int] = None, seed: Optional[int] = None, *, threads: int = 0,
            progress: Optional[Callable[[str], None]] = None) -> "Results":
        """Project the scenario: population, school-place demand and its intervals, the balance
        against places, and every optional part the scenario configures."""
        from .chain import run
        return run(self, draws=draws, seed=seed, threads=threads, progress=progress)

