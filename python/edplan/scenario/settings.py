# SPDX-License-Identifier: MIT
"""The scenario file's settings (DESIGN §3): every key checked against a schema, every problem
reported at once with its file, line and column."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Optional, TypeGuard, Union

from .. import _core
from .._io import Toml
from ..capacity.teachers import DEFAULT_NORMS, DEFAULT_RETIREMENT_AGE
from ..errors import Problem

REQUIRED_SECTIONS = ("scenario", "population", "levels")


def _int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _num(v: Any) -> TypeGuard[Union[int, float]]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _year_map(v: Any) -> bool:
    return isinstance(v, Mapping) and all(str(k).strip().isdigit() and _num(x) for k, x in v.items())


def _num_list(v: Any) -> bool:
    return isinstance(v, list) and all(_num(x) for x in v)


def _table(v: Any) -> bool:
    return isinstance(v, Mapping)


# section → key → (check, expectation, required)
Check = tuple[Callable[[Any], bool], str, bool]
PATH: Check = (_str, "a file name (relative to the scenario file)", False)
SCHEMA: dict[str, dict[str, Check]] = {
    "scenario": {"name": (_str, "a name", False), "base_year": (_int, "a year", True),
                 "horizon": (_int, "a year after the base year", True),
                 "aliases": (_str, "a file name (alias, region: other spellings of region names)", False)},
    "population": {"base": (_str, "a file name", True), "survival": (_str, "a file name", True),
                   "fertility": (_str, "a file name", True), "migration": PATH, "births": PATH,
                   "history": (_str, "a file name (region, year, age, count, [sex]: the population of past years, "
                                     "for back-testing rate levels)", False),
                   "open_age": (_int, "an age >= 50", False), "srb": (_num, "males per female birth", False),
                   "birth_survival": (_table, "{ F = probability, M = probability }", False),
                   "tfr": (_year_map, '{ "year" = TFR, ... }', False),
                   "migration_scale": (_num, "a factor", False)},
    "enrolment": {"history": (_str, "a file name", True), "method": (_str, '"mean", "ses", "damped" or "auto"', False),
                  "k": (_int, "a number of years >= 1", False), "alpha": (_num, "a weight in (0, 1]", False),
                  "housing": PATH, "ramp": (_num, "years > 0", False)},
    "capacity": {"places": (_str, "a file name", True), "projects": PATH},
    "programme": {"budget_per_year": (_num, "yuan per year", False),
                  "max_per_batch": (_int, "projects per batch", False),
                  "stage_years": (_table, "{ level = [land→start, start→open], ... }", False),
                  "weights": (_table, "{ unmet = w, cost = w, stranded = w, crowd = w }", False),
                  "method": (_str, '"heuristic" or "exact"', False),
                  "conversions": (_str, "a file name (from_level, to_level, ratio, cost_per_place, region)", False),
                  "temporary": (_table, "{ level = { cost_per_place_year = c, lifetime = 3, max_share = 0.1 } }",
                                False),
                  "crowding": (_table, "{ level = φ, ... } (0.1: a class of 50 may hold 55)", False)},
    "preschool": {"kindergartens": (_str, "a file name", True), "fill": (_str, '"public_first" or "proportional"', False),
                  "targets": (_table, "{ public_share = x, inclusive_share = x, year = y }", False),
                  "nursery_per_1000": (_num, "places per 1,000 residents", False)},
    "coverage": {"areas": (_str, "a file name", True), "sites": (_str, "a file name", True),
                 "costs": PATH, "travel": (_table, "{ speed_kmh = v, detour = f } (costs from the areas' x, y in km)",
                                           False), "max_cost": (_num, "a catchment in cost units", False),
                 "decay": (_table, '{ kind = "step" | "linear" | ..., ... }', False),
                 "targets": (_table, "{ participation = x, township_school = x, village_point = x }", False),
                 "older_age": (_int, "the first age counted as older (60)", False),
                 "candidates": PATH, "new_sites": (_int, "a number of new sites to recommend >= 0", False),
                 "recommend_year": (_int, "a projection year (default: the horizon)", False)},
    "targets": {"indicators": PATH, "targets": PATH, "workplan": PATH, "progress": PATH,
                "as_of": (_str, "a date YYYY-MM-DD for the work-plan tracker", False),
                "method": (_str, '"linear", "time_weighted" or "logistic"', False)},
    "teachers": {"staff": (_str, "a file name (region, level, sex, age, count)", True),
                 "norms": (_table, "{ level = pupils per teacher, ... }", False),
                 "retirement_age": (lambda v: _int(v) or _table(v), "an age or { F = age, M = age }", False),
                 "attrition": (lambda v: _num(v) or _table(v), "a yearly share or { level = share, ... }", False),
                 "redeploy": (_str, "a file name (from_level, to_level, share)", False),
                 "hires": (_str, "a file name (region, level, year, sex, age, count)", False)},
    "uncertainty": {"draws": (_int, "a number of draws >= 0", False), "seed": (_int, "an integer seed", False),
                    "tfr_sd": (_num, "a standard deviation >= 0", False),
                    "migration_sd": (_num, "a standard deviation >= 0", False),
                    "quantiles": (_num_list, "a list of numbers in [0, 1]", False)},
}


_PROJECTION = _core.population.ProjectionOptions()
_RATIO = _core.enrolment.RatioMethod()
RATIO_RULES = ("mean", "ses", "damped", "auto")
"""The values of ``[enrolment] method`` (the engine's ``RatioMethod`` rules)."""
_RUN = _core.scenario.RunOptions()

DEFAULTS: dict[str, dict[str, Any]] = {
    "population": {"open_age": 100, "srb": _PROJECTION.srb,
                   "birth_survival": {"F": _PROJECTION.birth_survival[0], "M": _PROJECTION.birth_survival[1]},
                   "migration_scale": 1.0},
    "enrolment": {"method": _RATIO.rule, "k": _RATIO.k, "alpha": _RATIO.alpha,
                  "ramp": _core.enrolment.EnrolmentOptions().ramp},
    "programme": {"budget_per_year": float("inf"), "max_per_batch": None, "method": "heuristic"},
    "preschool": {"fill": "public_first"},
    "coverage": {"max_cost": 30.0, "older_age": _core.scenario.DEFAULT_OLDER_AGE,
                 "new_sites": _core.scenario.DEFAULT_NEW_SITES},
    "targets": {"method": _core.targets.AssessOptions().method},
    "teachers": {"norms": DEFAULT_NORMS, "retirement_age": DEFAULT_RETIREMENT_AGE, "attrition": 0.0},
    "uncertainty": {"draws": _RUN.draws, "seed": _RUN.seed, "tfr_sd": _RUN.tfr_sd, "migration_sd": _RUN.migration_sd,
                    "quantiles": list(_RUN.quantiles)},
}
"""Every default of a scenario setting, written once. Those the engine defines (srb, ratio
method, draws, ...) are read from its option classes; the rest (a 30-minute catchment, the
open age 100) are the scenario format's own."""


MAX_YEARS = 100
"""The longest projection: a horizon further away is a typo (20400 for 2040), not a plan."""
MAX_DRAWS = 100_000
"""More Monte Carlo draws than this add nothing to a quantile but hours."""


def setting(data: Mapping[str, Any], section: str, key: str) -> Any:
    """The setting ``section.key`` of a scenario's settings, or its default (:data:`DEFAULTS`)."""
    body = data.get(section)
    if isinstance(body, Mapping) and key in body:
        return body[key]
    return DEFAULTS[section][key]


def as_of(data: Mapping[str, Any]) -> str:
    """The day the work-plan tracker looks from: ``[targets] as_of``, else today."""
    import datetime

    given = data.get("targets", {}).get("as_of") if isinstance(data.get("targets"), Mapping) else None
    return str(given) if given is not None else datetime.date.today().isoformat()


def _near(word: str, options) -> Optional[str]:
    import difflib

    found = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def can_assemble(toml: Toml) -> bool:
    """True when the settings the population arrays depend on are usable."""
    s, p = toml.data.get("scenario", {}), toml.data.get("population", {})
    if not (isinstance(s, Mapping) and isinstance(p, Mapping)):
        return False
    years_ok = _int(s.get("base_year")) and _int(s.get("horizon")) and s["horizon"] > s["base_year"]
    open_age = setting(toml.data, "population", "open_age")
    bs = setting(toml.data, "population", "birth_survival")
    return bool(years_ok and _int(open_age) and open_age >= 50 and _num(setting(toml.data, "population", "srb"))
                and isinstance(bs, Mapping) and _num(bs.get("F")) and _num(bs.get("M"))
                and _num(setting(toml.data, "population", "migration_scale")) and (_year_map(p.get("tfr", {}))))


BACKTEST_SECTIONS = ("scenario", "enrolment", "levels")
"""What a back-test needs (DESIGN §2.2): the enrolment history, births and levels, no population."""


def check(toml: Toml, *, sections: tuple[str, ...] = REQUIRED_SECTIONS, relaxed: tuple[str, ...] = ()) -> list[Problem]:
    """Every problem with the settings: unknown sections and keys (with near spellings),
    missing required ones, wrong types, and inconsistent values. ``sections`` must be there;
    the required settings of ``relaxed`` sections may be absent (a back-test reads the births
    of [population] and not its base, survival or fertility)."""
    problems: list[Problem] = []
    data = toml.data
    for section in sections:
        if section not in data:
            problems.append(Problem(str(toml.path), f"no [{section}] section; expected one"))
    for section, body in data.items():
        if section not in SCHEMA and section != "levels":
            near = _near(section, list(SCHEMA) + ["levels"])
            hint = f" (did you mean [{near}]?)" if near else ""
            problems.append(toml.problem(section, f"unknown section{hint}; expected one of "
                                         + ", ".join(f"[{s}]" for s in list(SCHEMA) + ["levels"])))
            continue
        if not isinstance(body, Mapping):
            problems.append(toml.problem(section, "expected a [section] table"))
            continue
        if section == "levels":
            continue  # checked by edplan.enrolment.levels.parse_levels
        schema = SCHEMA[section]
        for key, value in body.items():
            if key not in schema:
                near = _near(key, schema)
                hint = f" (did you mean {near}?)" if near else ""
                problems.append(toml.problem(f"{section}.{key}", f"unknown setting{hint}; expected one of "
                                             + ", ".join(schema)))
                continue
            ok, expected, _ = schema[key]
            if not ok(value):
                problems.append(toml.problem(f"{section}.{key}", f"got {value!r}; expected {expected}"))
        for key, (_, expected, required) in schema.items():
            if required and key not in body and section not in relaxed:
                problems.append(toml.problem(section, f"no {key} setting; expected {key} = {expected}"))
    s = data.get("scenario", {})
    if _int(s.get("base_year")) and _int(s.get("horizon")):
        if s["horizon"] <= s["base_year"]:
            problems.append(toml.problem("scenario.horizon", f"got {s['horizon']}; expected a year after the base "
                                         f"year {s['base_year']}"))
        elif s["horizon"] - s["base_year"] > MAX_YEARS:
            problems.append(toml.problem("scenario.horizon", f"got {s['horizon']}, {s['horizon'] - s['base_year']} "
                                         f"years after the base year; expected at most {MAX_YEARS} (a typo?)"))
    if _int(s.get("base_year")) and not 1800 <= s["base_year"] <= 2500:
        problems.append(toml.problem("scenario.base_year", f"got {s['base_year']}; expected a calendar year"))
    p = data.get("population", {})
    if isinstance(p, Mapping):
        if _int(p.get("open_age")) and p["open_age"] < 50:
            problems.append(toml.problem("population.open_age", f"got {p['open_age']}; expected an age >= 50"))
        bs = p.get("birth_survival")
        if isinstance(bs, Mapping):
            for sex in ("F", "M"):
                v = bs.get(sex)
                if not (_num(v) and 0 <= v <= 1):
                    problems.append(toml.problem(f"population.birth_survival.{sex}",
                                                 f"got {v!r}; expected a probability in [0, 1]"))
    e = data.get("enrolment", {})
    if isinstance(e, Mapping):
        if setting(data, "enrolment", "method") not in RATIO_RULES:
            problems.append(toml.problem("enrolment.method", f"got {e['method']!r}; expected \"mean\", \"ses\", "
                                         f"\"damped\" or \"auto\""))
        if _int(e.get("k")) and e["k"] < 1:
            problems.append(toml.problem("enrolment.k", f"got {e['k']}; expected a number of years >= 1"))
        if _num(e.get("alpha")) and not 0 < e["alpha"] <= 1:
            problems.append(toml.problem("enrolment.alpha", f"got {e['alpha']}; expected a weight in (0, 1]"))
        if _num(e.get("ramp")) and e["ramp"] <= 0:
            problems.append(toml.problem("enrolment.ramp", f"got {e['ramp']}; expected years > 0"))
    u = data.get("uncertainty", {})
    if isinstance(u, Mapping):
        if _int(u.get("draws")) and not 0 <= u["draws"] <= MAX_DRAWS:
            problems.append(toml.problem("uncertainty.draws", f"got {u['draws']}; expected a number of draws "
                                         f"0..{MAX_DRAWS:,}"))
        if _int(u.get("seed")) and not 0 <= u["seed"] < 2**64:
            problems.append(toml.problem("uncertainty.seed", f"got {u['seed']}; expected a whole number 0 .. 2**64 - 1"))
        for key in ("tfr_sd", "migration_sd"):
            if _num(u.get(key)) and not 0 <= u[key] <= 5:
                problems.append(toml.problem(f"uncertainty.{key}", f"got {u[key]}; expected the standard deviation of "
                                             "a log factor, 0..5 (0.1 is ±10%)"))
        for q in u.get("quantiles", []) if _num_list(u.get("quantiles", [])) else []:
            if not 0 <= q <= 1:
                problems.append(toml.problem("uncertainty.quantiles", f"got {q}; expected numbers in [0, 1]"))
    return problems


def files(toml: Toml) -> dict[str, Path]:
    """Every file setting ("section.key") as a path relative to the scenario file's folder."""
    root = toml.path.parent
    out = {}
    for section, schema in SCHEMA.items():
        body = toml.data.get(section)
        if not isinstance(body, Mapping):
            continue
        for key, (ok, expected, _) in schema.items():
            if expected.startswith("a file name") and isinstance(body.get(key), str):
                out[f"{section}.{key}"] = root / body[key]
    return out


class SettingsView:
    """The named settings of a scenario file read into ``settings`` (its TOML) from ``path``:
    shared by a loaded scenario and by what a back-test reads of one."""

    settings: dict[str, Any]
    path: Path

    @property
    def name(self) -> str:
        """The scenario's name (the file's stem when it has none)."""
        return str(self.settings["scenario"].get("name", self.path.stem))

    @property
    def base_year(self) -> int:
        """The last year of observed data."""
        return int(self.settings["scenario"]["base_year"])

    @property
    def horizon(self) -> int:
        """The year the projection ends before."""
        return int(self.settings["scenario"]["horizon"])

    def setting(self, section: str, key: str) -> Any:
        """The setting ``section.key``, or its default (:data:`DEFAULTS`)."""
        return setting(self.settings, section, key)

