# SPDX-License-Identifier: MIT
"""Errors that say where each problem is and what was expected, all problems at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, Union

__all__ = ["InputError", "Problem"]


class Problem(NamedTuple):
    """One problem in an input: where it is and what was expected."""

    where: str
    """A field path (``survival[region=0, year=2, sex=M, age=45]``), a scenario key
    (``levels.primary.class_size``) or a location (``population.csv:12:3``)."""
    message: str
    """What is wrong and what was expected: ``got -3; expected a count >= 0``."""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(ValueError):
    """Bad input, with every problem found (``problems``), one per line in ``str(error)``.

    Raised by the compiled engine (translated from C++ ``edplan::InputError``) and by the
    Python loaders alike, so one ``except edplan.InputError`` catches both.
    """

    problems: list[Problem]

    def __init__(self, problems: Union[str, Iterable[Union[Problem, tuple[str, str]]]], where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        self.problems = [Problem(*p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))
