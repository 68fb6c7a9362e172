# SPDX-License-Identifier: MIT
"""Teachers for the wave (DESIGN §2.3b): per district, level and year, the teachers needed under
the staffing norms, those still there after retirements and attrition, those a shrinking level
can lend a growing one (县管校聘), and those left to hire.

- need: ``max(pupils / ratio, ceil(pupils / class_size) · per_class)`` — the 编制标准 ratio
  (senior 12.5, junior 13.5, primary 19 pupils per teacher) or a class-based minimum for small
  schools (kindergartens: staff per class);
- supply: the base year's staff by sex and age (18–70) age a year at a time, lose ``attrition``
  a year and leave at the retirement age of their sex; planned hires count from their year;
- redeployment: within a district, a level's surplus may fill another level's gap where the
  ``redeploy`` table allows the pair, up to its yearly ``share`` of the surplus, the largest gap
  first; what remains short is ``hires_needed``. Hires needed are not fed back into later years.

The numbers come from ``_core.capacity.teachers`` (C++ ``edplan::capacity::teachers``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._io import TableProblems, location, numeric, relocate, require_columns, unknown
from ..errors import InputError, Problem

__all__ = ["DEFAULT_NORMS", "DEFAULT_RETIREMENT_AGE", "FLOW_COLUMNS", "SEXES", "TEACHER_COLUMNS", "TeacherPlan",
           "TeacherStaff", "read_teacher_staff", "teacher_plan", "teacher_tables", "teachers"]

TEACHER_COLUMNS = ["region", "level", "year", "needed", "available", "moved_in", "moved_out", "hires_needed",
                   "surplus"]
"""teachers.csv (DESIGN §3)."""
FLOW_COLUMNS = ["region", "year", "from_level", "to_level", "teachers"]
"""teacher_flows.csv: teachers of one level posted to another, by district and year."""
SEXES = ("F", "M")
DEFAULT_NORMS: dict[str, Union[float, dict[str, float]]] = {"primary": 19.0, "junior": 13.5, "senior": 12.5}
"""Pupils per teacher by level: the national staffing norms for county towns (中央编办 教育部 财政部
关于统一城乡中小学教职工编制标准的通知, 中央编办发〔2014〕72号)."""
_RULES = _core.capacity.StaffRules()
DEFAULT_RETIREMENT_AGE = dict(zip(SEXES, _RULES.retirement_age))
"""The age at which teachers leave, by sex (the engine's default)."""
AGES = (int(_core.capacity.MIN_STAFF_AGE), int(_core.capacity.MAX_STAFF_AGE))
_NORM_KEYS = ("ratio", "per_class")


@dataclass
class TeacherPlan:
    """The teacher table and the redeployment flows behind its moved columns."""

    table: pd.DataFrame
    """teachers.csv: region, level, year, needed, available, moved_in, moved_out, hires_needed,
    surplus, one row per district, level and year (districts in name order)."""
    flows: pd.DataFrame
    """region, year, from_level, to_level, teachers: every move of one or more teachers."""


@dataclass
class TeacherStaff:
    """Everything the teacher model reads besides pupils, checked once: levels with a norm, their
    norms, the staff profile, the rules, planned hires and the allowed redeployments."""

    levels: list[str]
    """The levels with a norm, in the scenario's order."""
    level_index: list[int]
    """Each one's index among the scenario's levels (the pupils' level axis)."""
    norms: list[Any]
    """``_core.capacity.TeacherNorm`` per level."""
    staff: np.ndarray
    """(R, L, 2, 53) teachers by region (the caller's order), level, sex (F, M) and age 18..70."""
    rules: Any
    """``_core.capacity.StaffRules``."""
    hires: list[Any] = field(default_factory=list)
    redeploy: list[Any] = field(default_factory=list)


def _norms(norms: Mapping[str, Any], class_size: Mapping[str, float], levels: Sequence[str],
           problems: list[Problem], where: str) -> tuple[list[str], list[Any]]:
    """The levels with a norm (in ``levels``' order) and their TeacherNorms; a norm is pupils per
    teacher, or ``{ratio = x, per_class = y}``. Values are checked by the engine."""
    names, out = [], []
    if not isinstance(norms, Mapping):
        problems.append(Problem(where, f"got {norms!r}; expected {{ level = pupils per teacher, ... }}"))
        return names, out
    for key in norms:
        if key not in levels:
            problems.append(Problem(f"{where}.{key}", f"unknown level {key!r}; expected one of {', '.join(levels)}"))
    for name in levels:
        if name not in norms:
            continue
        value = norms[name]
        spec = dict(value) if isinstance(value, Mapping) else {"ratio": value}
        bad = [k for k in spec if k not in _NORM_KEYS]
        if bad or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec.values()):
            problems.append(Problem(f"{where}.{name}", f"got {value!r}; expected pupils per teacher or "
                                    "{ ratio = pupils per teacher, per_class = teachers per class }"))
            continue
        names.append(name)
        out.append(_core.capacity.TeacherNorm(ratio=float(spec.get("ratio", np.inf)),
                                              per_class=float(spec.get("per_class", 0.0)),
                                              class_size=float(class_size.get(name, 45.0))))
    return names, out


def _by_sex(value: Any, what: str, where: str, problems: list[Problem]) -> tuple[int, int]:
    """A setting given for both sexes or as ``{F = x, M = y}``."""
    spec = value if isinstance(value, Mapping) else {s: value for s in SEXES}
    ok = set(spec) == set(SEXES) and all(isinstance(spec[s], int) and not isinstance(spec[s], bool) for s in SEXES)
    if not ok:
        problems.append(Problem(where, f"got {value!r}; expected {what} or {{ F = {what}, M = {what} }}"))
        return tuple(DEFAULT_RETIREMENT_AGE[s] for s in SEXES)  # type: ignore[return-value]
    return int(spec["F"]), int(spec["M"])


def _attrition(value: Any, levels: Sequence[str], where: str, problems: list[Problem]) -> list[float]:
    """A yearly share for every level, or ``{level = share}`` (levels not named: 0)."""
    if isinstance(value, Mapping):
        for key in value:
            if key not in levels:
                problems.append(Problem(f"{where}.{key}", f"unknown level {key!r}; expected one of {', '.join(levels)}"))
        value = [value.get(name, 0.0) for name in levels]
    else:
        value = [value] * len(levels)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        problems.append(Problem(where, f"got {value!r}; expected a yearly share or {{ level = share, ... }}"))
        return [0.0] * len(levels)
    return [float(v) for v in value]


def _frame(table: Any) -> Any:
    """A table given as a list of dicts becomes a DataFrame; anything else is passed on to be checked."""
    if isinstance(table, list):
        return pd.DataFrame(table)
    return table


def _staff_array(staff: pd.DataFrame, regions: Sequence, levels: Sequence[str], problems: TableProblems) -> np.ndarray:
    """(R, L, 2, ages) from the long staff table: region, level, sex, age, count (rows added up;
    rows of levels without a norm are refused as unknown)."""
    name = str(staff.attrs.get("path", "staff"))
    out = np.zeros((len(regions), len(levels), 2, AGES[1] - AGES[0] + 1))
    if not require_columns(staff, name, ["region", "level", "sex", "age", "count"], problems):
        return out
    ok = unknown(staff, name, "region", regions, problems, "region").copy()
    ok &= unknown(staff, name, "level", levels, problems, "level (one with a teacher norm)")
    ok &= unknown(staff, name, "sex", SEXES, problems, "sex")
    age = numeric(staff, name, "age", problems, integer=True, ok=lambda a: (a >= AGES[0]) & (a <= AGES[1]),
                  expected=f"an age {AGES[0]}..{AGES[1]}")
    count = numeric(staff, name, "count", problems, minimum=0, expected="teachers >= 0")
    ok &= ~np.isnan(age) & ~np.isnan(count)
    r_pos, l_pos = {r: i for i, r in enumerate(regions)}, {v: i for i, v in enumerate(levels)}
    rows = np.flatnonzero(ok)
    np.add.at(out, (np.array([r_pos[v] for v in staff["region"].iloc[rows]], dtype=int),
                    np.array([l_pos[v] for v in staff["level"].iloc[rows]], dtype=int),
                    np.array([SEXES.index(v) for v in staff["sex"].iloc[rows]], dtype=int),
                    age[rows].astype(int) - AGES[0]), count[rows])
    return out


def _hires(hires: pd.DataFrame, regions: Sequence, levels: Sequence[str],
           problems: TableProblems) -> tuple[list[Any], list[int]]:
    """Planned hires: region, level, year, sex, age, count (the engine checks years and counts),
    and the row of each."""
    name = str(hires.attrs.get("path", "hires"))
    if not require_columns(hires, name, ["region", "level", "year", "sex", "age", "count"], problems):
        return [], []
    ok = unknown(hires, name, "region", regions, problems, "region").copy()
    ok &= unknown(hires, name, "level", levels, problems, "level (one with a teacher norm)")
    ok &= unknown(hires, name, "sex", SEXES, problems, "sex")
    year = numeric(hires, name, "year", problems, integer=True, expected="a year")
    age = numeric(hires, name, "age", problems, integer=True, ok=lambda a: (a >= AGES[0]) & (a <= AGES[1]),
                  expected=f"an age {AGES[0]}..{AGES[1]}")
    count = numeric(hires, name, "count", problems, minimum=0, expected="teachers >= 0")
    ok &= ~(np.isnan(year) | np.isnan(age) | np.isnan(count))
    r_pos, l_pos = {r: i for i, r in enumerate(regions)}, {v: i for i, v in enumerate(levels)}
    rows = [int(i) for i in np.flatnonzero(ok)]
    return [_core.capacity.Hire(region=r_pos[hires["region"].iloc[i]], level=l_pos[hires["level"].iloc[i]],
                                year=int(year[i]), sex=SEXES.index(hires["sex"].iloc[i]), age=int(age[i]),
                                count=float(count[i])) for i in rows], rows


def _pairs(redeploy: pd.DataFrame, levels: Sequence[str], problems: TableProblems) -> tuple[list[Any], list[int]]:
    """Allowed moves: from_level, to_level, share (shares and repeated pairs checked by the
    engine), and the row of each."""
    name = str(redeploy.attrs.get("path", "redeploy"))
    if not require_columns(redeploy, name, ["from_level", "to_level", "share"], problems):
        return [], []
    ok = unknown(redeploy, name, "from_level", levels, problems, "level (one with a teacher norm)").copy()
    ok &= unknown(redeploy, name, "to_level", levels, problems, "level (one with a teacher norm)")
    share = numeric(redeploy, name, "share", problems, expected="a yearly share in [0, 1]")
    pos = {v: i for i, v in enumerate(levels)}
    rows = [i for i in range(len(redeploy)) if ok[i] and not np.isnan(share[i])]
    return [_core.capacity.Redeploy(from_level=pos[redeploy["from_level"].iloc[i]],
                                    to_level=pos[redeploy["to_level"].iloc[i]], share=float(share[i]))
            for i in rows], rows


def read_teacher_staff(staff: Any, *, regions: Sequence, levels: Sequence[str], class_size: Mapping[str, float],
                       base_year: int, horizon: int, norms: Optional[Mapping[str, Any]] = None,
                       retirement_age: Any = None, attrition: Any = 0.0, redeploy: Any = None, hires: Any = None,
                       where: str = "") -> TeacherStaff:
    """The staff profile, hires and redeployment tables and the settings, checked once — the
    engine checks the numbers on an empty run and its problems are put back in their files
    (``redeploy.csv:3:3``) or settings (``teachers.norms.primary``); every problem at once.

    ``where`` prefixes the settings' names (``"teachers."`` in a scenario)."""
    found: list[Problem] = []
    if norms is None:  # the national norms of the levels there are
        norms = {name: ratio for name, ratio in DEFAULT_NORMS.items() if name in levels}
    norm_levels, norm_list = _norms(norms, class_size, levels, found, f"{where}norms")
    sexes = _by_sex(DEFAULT_RETIREMENT_AGE if retirement_age is None else retirement_age, "an age",
                    f"{where}retirement_age", found)
    leave = _attrition(attrition, norm_levels, f"{where}attrition", found)
    problems = TableProblems()
    problems.problems.extend(found)
    staff = _frame(staff)
    array = _staff_array(staff, regions, norm_levels, problems)
    hires, moves = _frame(hires), _frame(redeploy)
    planned, hire_rows = _hires(hires, regions, norm_levels, problems) if hires is not None else ([], [])
    pairs, pair_rows = _pairs(moves, norm_levels, problems) if moves is not None else ([], [])
    rules = _core.capacity.StaffRules(retirement_age=sexes, attrition=leave)
    parts = TeacherStaff(norm_levels, [list(levels).index(n) for n in norm_levels], norm_list, array, rules, planned,
                         pairs)
    try:  # the engine's own checks, on no pupils, of what the tables' good rows hold
        _run(parts, np.zeros((len(regions), horizon - base_year, len(norm_levels))), base_year)
    except InputError as error:
        located = _relocated(error, parts.levels, {"redeploy": (moves, pair_rows), "hires": (hires, hire_rows)}, where)
        problems.problems.extend(located.problems)
    problems.raise_if_any()
    return parts


def _relocated(error: InputError, levels: Sequence[str], tables: Mapping[str, tuple[Any, list[int]]],
               where: str) -> InputError:
    """The engine's ``norms[0].ratio`` as ``teachers.norms.primary``, ``redeploy[2].share`` as
    the file's line and column (``tables``: each table and the row of each of its engine items),
    and so on."""

    def place(m: re.Match) -> Optional[str]:
        kind, i, rest = m.group(1), int(m.group(2)), m.group(3) or ""
        if kind == "norms":
            return f"{where}norms.{levels[i]}"
        if kind == "attrition":
            return f"{where}attrition"
        table, rows = tables[kind]
        return location(table, kind, rows[i], rest[1:] if rest else None)

    error = relocate(error, r"(norms|attrition|redeploy|hires)\[(\d+)\](\.\w+)?", place)
    return relocate(error, r"retirement_age\.([FM])", lambda m: f"{where}retirement_age")


def _run(parts: TeacherStaff, pupils: np.ndarray, base_year: int) -> Any:
    return _core.capacity.teachers(np.ascontiguousarray(pupils), parts.norms, parts.staff, rules=parts.rules,
                                   hires=parts.hires, redeploy=parts.redeploy, first_year=base_year + 1)


def teacher_tables(parts: TeacherStaff, regions: Sequence, totals: np.ndarray, base_year: int) -> TeacherPlan:
    """The teacher table and flows for ``totals`` (R, T, L) pupils of every scenario level in the
    years after ``base_year``, regions in ``parts``' order; rows by region name."""
    out = _run(parts, np.asarray(totals)[:, :, parts.level_index], base_year)
    R, T, L = np.asarray(out.needed).shape
    names = np.asarray(parts.levels, dtype=object)
    years = np.arange(base_year + 1, base_year + 1 + T)
    order = sorted(range(R), key=lambda i: str(regions[i]))
    # (R, L, T): the table's row order within the regions
    def cube(name: str) -> np.ndarray:
        return np.asarray(getattr(out, name))[order].transpose(0, 2, 1).reshape(-1)

    region_names = np.asarray([regions[i] for i in order], dtype=object)
    table = pd.DataFrame({"region": np.repeat(region_names, L * T), "level": np.tile(np.repeat(names, T), R),
                          "year": np.tile(years, R * L),
                          **{c: cube(c) for c in TEACHER_COLUMNS[3:]}})
    flows = np.asarray(out.flows)[order]
    r, t, a, b = np.nonzero(flows > 0)
    moved = pd.DataFrame({"region": region_names[r], "year": years[t], "from_level": names[a], "to_level": names[b],
                          "teachers": flows[r, t, a, b]}, columns=FLOW_COLUMNS)
    return TeacherPlan(table, moved)


def _pupils(demand: pd.DataFrame, levels: Sequence[str], years: Sequence[int],
            problems: TableProblems) -> tuple[list, np.ndarray]:
    """(regions in first-seen order, (R, T, L) pupils) from a demand table (region, level, year,
    demand or pupils; grades added up)."""
    column = "demand" if isinstance(demand, pd.DataFrame) and "demand" in demand.columns else "pupils"
    if not require_columns(demand, "demand", ["region", "level", "year", column], problems):
        problems.raise_if_any()
    demand = demand[demand["level"].isin(levels)]
    values = numeric(demand, "demand", column, problems, minimum=0, expected="pupils >= 0")
    year = numeric(demand, "demand", "year", problems, integer=True, expected="a year")
    problems.raise_if_any()
    regions = list(dict.fromkeys(demand["region"]))
    frame = demand.assign(_v=values, _y=year.astype(int)).groupby(["region", "_y", "level"])["_v"].sum()
    wanted = pd.MultiIndex.from_product([regions, list(years), list(levels)])
    missing = wanted.difference(frame.index)
    if len(missing):
        shown = ", ".join(f"{r} {lv} {y}" for r, y, lv in list(missing)[:6]) + (", ..." if len(missing) > 6 else "")
        problems.add("demand", f"no pupils for {shown}; expected every region, level with a norm and year "
                     f"{years[0]}..{years[-1]}")
        problems.raise_if_any()
    return regions, frame.reindex(wanted).to_numpy().reshape(len(regions), len(years), len(levels))


def teacher_plan(demand: pd.DataFrame, staff: Any, *, base_year: int, horizon: int,
                 norms: Optional[Mapping[str, Any]] = None, retirement_age: Any = None, attrition: Any = 0.0,
                 redeploy: Any = None, hires: Any = None,
                 class_size: Optional[Mapping[str, float]] = None) -> TeacherPlan:
    """:func:`teachers` with the redeployment flows (a :class:`TeacherPlan`)."""
    levels = list((DEFAULT_NORMS if norms is None else norms).keys())
    sizes = {lv.name: lv.class_size for lv in [*_core.enrolment.default_levels(), _core.enrolment.senior_level()]}
    sizes.update(class_size or {})
    problems = TableProblems()
    regions, pupils = _pupils(demand, levels, range(base_year + 1, horizon + 1), problems)
    parts = read_teacher_staff(staff, regions=regions, levels=levels, class_size=sizes, base_year=base_year,
                               horizon=horizon, norms=norms, retirement_age=retirement_age, attrition=attrition,
                               redeploy=redeploy, hires=hires)
    return teacher_tables(parts, regions, pupils, base_year)


def teachers(demand: pd.DataFrame, staff: Any, *, base_year: int, horizon: int,
             norms: Optional[Mapping[str, Any]] = None, retirement_age: Any = None, attrition: Any = 0.0,
             redeploy: Any = None, hires: Any = None, class_size: Optional[Mapping[str, float]] = None) -> pd.DataFrame:
    """Teachers needed, available, moved and to hire, per district, level and year (DESIGN §2.3b).

    Args:
        demand: region, level, year, ``demand`` or ``pupils`` (demand.csv's grades are added up)
            for every year ``base_year + 1 .. horizon``.
        staff: the base year's teachers: region, level, sex (F / M), age (18..70), count.
        base_year, horizon: the staff profile's year and the last year projected.
        norms: ``{level: pupils per teacher}`` or ``{level: {"ratio": x, "per_class": y}}`` (a
            class-based minimum; a level with per_class only is staffed by class). Default
            :data:`DEFAULT_NORMS`; only these levels are modelled (in a scenario, by default, those
            of :data:`DEFAULT_NORMS` that it has).
        retirement_age: an age, or ``{"F": 55, "M": 60}`` (the default).
        attrition: the yearly share leaving before retirement, for all levels or ``{level: share}``.
        redeploy: from_level, to_level, share (the yearly share of the giving level's surplus that
            may move): the pairs allowed; none by default.
        hires: planned hires: region, level, year, sex, age, count.
        class_size: pupils per class by level (default: the engine's default levels' class sizes).

    Returns:
        A DataFrame with the columns of :data:`TEACHER_COLUMNS`, by district (name order), level
        and year.

    Raises:
        InputError: every problem at once, located in the tables (file:line:column where read from
            a file) and settings.
    """
    return teacher_plan(demand, staff, base_year=base_year, horizon=horizon, norms=norms,
                        retirement_age=retirement_age, attrition=attrition, redeploy=redeploy, hires=hires,
                        class_size=class_size).table
