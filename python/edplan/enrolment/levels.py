# SPDX-License-Identifier: MIT
"""School levels (DESIGN §2.2): rate levels (kindergarten by default), progression levels and
transition levels (general senior high, 普高, taking a share of junior graduates, with secondary
vocational, 中职, as the complement that takes the rest)."""

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
_SENIOR_CLASS_SIZE = _core.enrolment.senior_level().class_size
"""The class size of the engine's senior secondary level (50), the default of transition levels."""
KINDS = ("rate", "progression", "transition")


@dataclass(frozen=True)
class Level:
    """One school level: the engine's ``_core.enrolment.Level`` (:meth:`spec`) as a frozen
    dataclass, with the same fields and defaults.

    A ``rate`` level's pupils are an enrolment rate (GER) times the population of its single
    ages ``first..last``; a ``progression`` level's grades ``first..last`` are entered from
    births ``entry_age`` years earlier, or (``entry_age=None``) follow grade ``first - 1`` of
    another level, as junior grade 7 follows primary grade 6. A ``transition`` level's grade
    ``first`` takes ``share(t)`` of grade ``first - 1``'s pupils a year earlier (general senior
    high, 普高, of junior graduates); the level it names as ``complement`` (secondary vocational,
    中职, on the same grades) takes the rest, ``1 - share(t)``.
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
    share: Optional[Mapping[int, float]] = field(default=None, hash=False)
    """Transition levels: the share path {year: share}; None estimates it from the history."""
    complement: Optional[str] = None
    """Transition levels: the level that takes ``1 - share(t)`` of the same pupils."""

    @classmethod
    def rate(cls, name: str, ages: Sequence[int], *, class_size: float = _RATE_CLASS_SIZE, ger=None,
             yield_: float = _DEFAULT.yield_) -> "Level":
        """A rate level on single ages ``ages = (first, last)``."""
        return cls(name, "rate", int(ages[0]), int(ages[1]), None, class_size, yield_, ger=ger)

    @classmethod
    def progression(
        cls, name: str, grades: Sequence[int], *, entry_age: Optional[int] = None,
        class_size: float = _DEFAULT.class_size, yield_: float = _DEFAULT.yield_,
    ) -> "Level":
        """A progression level on grades ``grades = (first, last)``."""
        return cls(name, "progression", int(grades[0]), int(grades[1]), entry_age, class_size, yield_)

    @classmethod
    def transition(
        cls, name: str, grades: Sequence[int], *, share: Optional[Mapping[int, float]] = None,
        complement: Optional[str] = None, class_size: float = _SENIOR_CLASS_SIZE, yield_: float = _DEFAULT.yield_,
    ) -> "Level":
        """A transition level on grades ``grades = (first, last)``, taking ``share`` of grade
        ``first - 1``; ``complement`` names the level (itself a transition level on the same
        grades, with no share) that takes the rest."""
        return cls(name, "transition", int(grades[0]), int(grades[1]), None, class_size, yield_, share=share,
                   complement=complement)

    @classmethod
    def from_engine(cls, level: _core.enrolment.Level) -> "Level":
        """The level of an engine ``_core.enrolment.Level``, field by field."""
        return cls(level.name, level.kind, level.first, level.last, level.entry_age, level.class_size, level.yield_,
                   level.ger, level.share, level.complement)

    @property
    def grade_numbers(self) -> list[int]:
        """The grade labels used in tables: grades, or for a rate level age − first age + 1."""
        n = self.last - self.first + 1
        return list(range(1, n + 1)) if self.kind == "rate" else list(range(self.first, self.last + 1))

    def spec(self) -> _core.enrolment.Level:
        """The level as the compiled engine takes it: a ``_core.enrolment.Level`` with the same fields.

        Raises:
            InputError: for a kind other than "rate", "progression" or "transition" or a bad point of
                a path (the other fields are checked with all levels together, when they are used).
        """
        def path(points: Optional[Mapping[int, float]]) -> Any:
            return None if points is None else {int(y): float(v) for y, v in points.items()}

        return _core.enrolment.Level(name=self.name, kind=self.kind, first=int(self.first), last=int(self.last),
                                     entry_age=None if self.entry_age is None else int(self.entry_age),
                                     class_size=float(self.class_size), yield_=float(self.yield_), ger=path(self.ger),
                                     share=path(self.share), complement=self.complement)


def default_levels(senior: bool = False) -> list[Level]:
    """The engine's default levels: kindergarten ages 3–5 by rate (class size 30), primary grades
    1–6 entered at age 6 (45), junior grades 7–9 (50), and with ``senior=True`` senior grades
    10–12 (50)."""
    levels = list(_core.enrolment.default_levels()) + ([_core.enrolment.senior_level()] if senior else [])
    return [Level.from_engine(v) for v in levels]


_KEYS = {"kind", "ages", "grades", "entry_age", "class_size", "yield", "ger", "share", "complement"}


def levels_from_config(config: Mapping[str, Mapping[str, Any]], where: str = "levels") -> list[Level]:
    """Levels from the scenario's ``[levels.NAME]`` tables (DESIGN §3), every problem at once."""
    levels, problems = parse_levels(config, where)
    if problems:
        raise InputError(problems)
    return levels


def _path(spec: Mapping[str, Any], setting: str, key: str, problems: list[Problem]) -> Optional[dict[int, float]]:
    """A ``{ "year" = value, ... }`` setting as {year: value}; None when absent or bad."""
    value = spec.get(setting)
    if value is None:
        return None
    try:
        return {int(y): float(v) for y, v in dict(value).items()}
    except (TypeError, ValueError):
        problems.append(Problem(f"{key}.{setting}", f"got {value!r}; expected {{\"year\" = value, ...}}"))
        return None


def parse_levels(config: Mapping[str, Mapping[str, Any]], where: str = "levels") -> tuple[list[Level], list[Problem]]:
    """The levels that can be read (bad numbers replaced by defaults) and every problem found.

    A transition level's ``complement = "NAME"`` adds the level NAME on the same grades with the
    same class size, right after it; a ``[levels.NAME]`` table of its own may set its
    ``class_size`` and ``yield`` (its kind is then transition and its grades those of the level
    it complements, unless given)."""
    problems: list[Problem] = []
    levels = []
    partners = {}  # complement name → the transition level that names it
    for name, spec in config.items():
        if isinstance(spec, Mapping) and spec.get("kind") == "transition" and isinstance(spec.get("complement"), str):
            partners[spec["complement"]] = name
    for name, spec in config.items():
        key = f"{where}.{name}"
        if not isinstance(spec, Mapping):
            problems.append(Problem(key, "expected a table of settings"))
            continue
        partner = config.get(partners[name], {}) if name in partners else None
        if partner is not None:
            spec = {"kind": "transition", **({"grades": partner["grades"]} if "grades" in partner else {}),
                    "class_size": partner.get("class_size", _SENIOR_CLASS_SIZE), **spec}
        for extra in sorted(set(spec) - _KEYS):
            problems.append(Problem(f"{key}.{extra}", f"unknown setting; expected one of {', '.join(sorted(_KEYS))}"))
        kind = spec.get("kind", "progression")
        span_key = "ages" if kind == "rate" else "grades"
        span = spec.get(span_key)
        if kind not in KINDS:
            problems.append(Problem(f"{key}.kind", f"got {kind!r}; expected \"rate\", \"progression\" or "
                                                   "\"transition\""))
            continue
        if not (isinstance(span, Sequence) and len(span) == 2 and all(isinstance(v, int) for v in span)):
            problems.append(Problem(f"{key}.{span_key}", f"got {span!r}; expected [first, last] as two integers"))
            continue
        ger, share = _path(spec, "ger", key, problems), _path(spec, "share", key, problems)
        complement = spec.get("complement")
        if complement is not None and not isinstance(complement, str):
            problems.append(Problem(f"{key}.complement", f"got {complement!r}; expected the name of a level"))
            complement = None
        default_size = {"rate": _RATE_CLASS_SIZE, "transition": _SENIOR_CLASS_SIZE}.get(kind, _DEFAULT.class_size)
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
        levels.append(Level(name, kind, span[0], span[1], entry, numbers["class_size"], numbers["yield"], ger, share,
                            complement))
        if kind == "transition" and complement is not None and complement not in config:
            # the complement named without a table of its own: the same grades and class size
            levels.append(Level(complement, "transition", span[0], span[1], None, numbers["class_size"]))
    return levels, problems
