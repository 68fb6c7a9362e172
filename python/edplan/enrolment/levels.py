# SPDX-License-Identifier: MIT
"""School levels (DESIGN §2.2): rate levels (kindergarten by default) and progression levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from ..errors import InputError, Problem

__all__ = ["Level", "default_levels", "levels_from_config"]


@dataclass(frozen=True)
class Level:
    """One school level.

    A ``rate`` level's pupils are an enrolment rate (GER) times the population of its single
    ages ``first..last``; a ``progression`` level's grades ``first..last`` are entered from
    births ``entry_age`` years earlier, or (``entry_age=None``) follow grade ``first - 1`` of
    another level, as junior grade 7 follows primary grade 6.
    """

    name: str
    kind: str = "progression"
    first: int = 1
    last: int = 6
    entry_age: Optional[int] = None
    class_size: float = 45.0
    yield_: float = 0.0
    """Pupils per completed dwelling (housing yield)."""
    ger: Optional[Mapping[int, float]] = field(default=None, hash=False)
    """Rate levels: an enrolment-rate path {year: rate}; None uses the base-year ratio."""

    @classmethod
    def rate(cls, name: str, ages: Sequence[int], *, class_size: float = 30.0, ger=None, yield_: float = 0.0) -> "Level":
        """A rate level on single ages ``ages = (first, last)``."""
        return cls(name, "rate", int(ages[0]), int(ages[1]), None, class_size, yield_, ger)

    @classmethod
    def progression(
        cls, name: str, grades: Sequence[int], *, entry_age: Optional[int] = None, class_size: float = 45.0,
        yield_: float = 0.0,
    ) -> "Level":
        """A progression level on grades ``grades = (first, last)``."""
        return cls(name, "progression", int(grades[0]), int(grades[1]), entry_age, class_size, yield_, None)

    @property
    def grade_numbers(self) -> list[int]:
        """The grade labels used in tables: grades, or for a rate level age − first age + 1."""
        n = self.last - self.first + 1
        return list(range(1, n + 1)) if self.kind == "rate" else list(range(self.first, self.last + 1))

    def spec(self) -> tuple:
        """The tuple the compiled engine takes."""
        ger = None if self.ger is None else [(int(y), float(v)) for y, v in self.ger.items()]
        entry = -1 if self.entry_age is None else int(self.entry_age)
        return (self.name, self.kind, self.first, self.last, entry, float(self.class_size), float(self.yield_), ger)


def default_levels(senior: bool = False) -> list[Level]:
    """Kindergarten ages 3–5 by rate (class size 30), primary grades 1–6 entered at age 6 (45),
    junior grades 7–9 (50), and with ``senior=True`` senior grades 10–12 (50)."""
    levels = [
        Level.rate("kindergarten", (3, 5), class_size=30),
        Level.progression("primary", (1, 6), entry_age=6, class_size=45),
        Level.progression("junior", (7, 9), class_size=50),
    ]
    if senior:
        levels.append(Level.progression("senior", (10, 12), class_size=50))
    return levels


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
        default_size = 30.0 if kind == "rate" else 45.0
        numbers = {}
        for setting, default in (("class_size", default_size), ("yield", 0.0)):
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
