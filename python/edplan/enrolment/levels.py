# SPDX-License-Identifier: MIT
"""School levels (DESIGN §2.2): rate levels (kindergarten by default) and progression levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from .. import _core
from ..errors import InputError, Problem

__all__ = ["Level", "default_levels", "levels_from_config"]

_DEFAULT = _core.enrolment.Level(name="")
"""The engine's default level: the defaults of every field but the name (a progression level)."""
_RATE_CLASS_SIZE = next(v.class_size for v in _core.enrolment.default_levels() if v.kind == "rate")
"""The class size of the engine's default rate level (kindergarten, 30)."""


@dataclass(frozen=True)
class Level:
    """One school level: the engine's ``_core.enrolment.Level`` (:meth:`spec`) as a frozen
    dataclass, with the same fields and defaults.

    A ``rate`` level's pupils are an enrolment rate (GER) times the population of its single
    ages ``first..last``; a ``progression`` level's grades ``first..last`` are entered from
    births ``entry_age`` years earlier, or (``entry_age=None``) follow grade ``first - 1`` of
    another level, as junior grade 7 follows primary grade 6.
    """

    name: str
    kind: str = _DEFAULT.kind
    first: int = _DEFAULT.first
    last: int = _DEFAULT.last
    entry_age: Optional[int] = _DEFAULT.entry_age
    class_size: float = _DEFAULT.class_size
    yield_: float = _DEFAULT.yield_
    """Pupils per completed dwelling (housing yield)."""
    ger: Optional[Mapping[int, float]] = field(default=None, hash=False)
    """Rate levels: an enrolment-rate path {year: rate}; None uses the base-year ratio."""

    @classmethod
    def rate(cls, name: str, ages: Sequence[int], *, class_size: float = _RATE_CLASS_SIZE, ger=None,
             yield_: float = _DEFAULT.yield_) -> "Level":
        """A rate level on single ages ``ages = (first, last)``."""
        return cls(name, "rate", int(ages[0]), int(ages[1]), None, class_size, yield_, ger)

    @classmethod
    def progression(
        cls, name: str, grades: Sequence[int], *, entry_age: Optional[int] = None,
        class_size: float = _DEFAULT.class_size, yield_: float = _DEFAULT.yield_,
    ) -> "Level":
        """A progression level on grades ``grades = (first, last)``."""
        return cls(name, "progression", int(grades[0]), int(grades[1]), entry_age, class_size, yield_, None)

    @classmethod
    def from_engine(cls, level: _core.enrolment.Level) -> "Level":
        """The level of an engine ``_core.enrolment.Level``, field by field."""
        return cls(level.name, level.kind, level.first, level.last, level.entry_age, level.class_size, level.yield_,
                   level.ger)

    @property
    def grade_numbers(self) -> list[int]:
        """The grade labels used in tables: grades, or for a rate level age − first age + 1."""
        n = self.last - self.first + 1
        return list(range(1, n + 1)) if self.kind == "rate" else list(range(self.first, self.last + 1))

    def spec(self) -> _core.enrolment.Level:
        """The level as the compiled engine takes it: a ``_core.enrolment.Level`` with the same fields.

        Raises:
            InputError: for a kind other than "rate" or "progression" or a bad enrolment-rate path
                (the other fields are checked with all levels together, when they are used).
        """
        ger: Any = None if self.ger is None else {int(y): float(v) for y, v in self.ger.items()}
        return _core.enrolment.Level(name=self.name, kind=self.kind, first=int(self.first), last=int(self.last),
                                     entry_age=None if self.entry_age is None else int(self.entry_age),
                                     class_size=float(self.class_size), yield_=float(self.yield_), ger=ger)


def default_levels(senior: bool = False) -> list[Level]:
    """The engine's default levels: kindergarten ages 3–5 by rate (class size 30), primary grades
    1–6 entered at age 6 (45), junior grades 7–9 (50), and with ``senior=True`` senior grades
    10–12 (50)."""
    levels = list(_core.enrolment.default_levels()) + ([_core.enrolment.senior_level()] if senior else [])
    return [Level.from_engine(v) for v in levels]


_KEYS = {"kind", "ages", "grades", "entry_age", "class_size", "yield", "ger"}


def levels_from_config(config: Mapping[str, Mapping[str, Any]], where: str = "levels") -> list[Level]:
    """Levels from the scenario's ``[levels.NAME]`` tables (DESIGN §3), every problem at once."""
    levels, problems = parse_levels(config, where)
    if problems:
        raise InputError(problems)
    return levels


def parse_levels(config: Mapping[str, Mapping[str, Any]], where: str = "levels") -> tuple[list[Level], list[Problem]]:
    """The levels that can be read (bad numbers replaced by defaults) and every problem found."""
    problems: list[Problem] = []
    levels = []
    for name, spec in config.items():
        key = f"{where}.{name}"
        if not isinstance(spec, Mapping):
            problems.append(Problem(key, "expected a table of settings"))
            continue
        for extra in sorted(set(spec) - _KEYS):
            problems.append(Problem(f"{key}.{extra}", f"unknown setting; expected one of {', '.join(sorted(_KEYS))}"))
        kind = spec.get("kind", "progression")
        span_key = "ages" if kind == "rate" else "grades"
        span = spec.get(span_key)
        if kind not in ("rate", "progression"):
            problems.append(Problem(f"{key}.kind", f"got {kind!r}; expected \"rate\" or \"progression\""))
            continue
        if not (isinstance(span, Sequence) and len(span) == 2 and all(isinstance(v, int) for v in span)):
            problems.append(Problem(f"{key}.{span_key}", f"got {span!r}; expected [first, last] as two integers"))
            continue
        ger = spec.get("ger")
        if ger is not None:
            try:
                ger = {int(y): float(v) for y, v in dict(ger).items()}
            except (TypeError, ValueError):
                problems.append(Problem(f"{key}.ger", f"got {ger!r}; expected {{\"year\" = rate, ...}}"))
                ger = None
        default_size = _RATE_CLASS_SIZE if kind == "rate" else _DEFAULT.class_size
        numbers = {}
        for setting, default in (("class_size", default_size), ("yield", _DEFAULT.yield_)):
            value = spec.get(setting, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(Problem(f"{key}.{setting}", f"got {value!r}; expected a number"))
                value = default
            numbers[setting] = float(value)
        entry = spec.get("entry_age")
        if entry is not None and (isinstance(entry, bool) or not isinstance(entry, int)):
            problems.append(Problem(f"{key}.entry_age", f"got {entry!r}; expected an age in whole years"))
            entry = None
        levels.append(Level(name, kind, span[0], span[1], entry, numbers["class_size"], numbers["yield"], ger))
    return levels, problems
