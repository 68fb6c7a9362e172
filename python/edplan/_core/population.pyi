"""
Cohort-component population projection (DESIGN §2.1).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['FIRST_FERTILE_AGE', 'LAST_FERTILE_AGE', 'MIN_OPEN_AGE', 'fertility_from_tfr', 'project']
def fertility_from_tfr(shape: typing.Any, tfr: typing.Any, *, first_year: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Age schedules scaled to a TFR path: (R|1, years, 35) from a (35,) or (R, 35) age pattern.
    """
def project(base: typing.Any, survival: typing.Any, fertility: typing.Any, migration: typing.Any = None, *, years: typing.SupportsInt | typing.SupportsIndex, srb: typing.SupportsFloat | typing.SupportsIndex = 1.06, birth_survival: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"] = [1.0, 1.0], births: typing.Any = None, threads: typing.SupportsInt | typing.SupportsIndex = 0, out: typing.Any = None) -> tuple:
    """
    Cohort-component projection; returns (population, births, clamped_cells, clamped_people).
    See edplan.population.project for the meaning of each argument.
    """
FIRST_FERTILE_AGE: int = 15
LAST_FERTILE_AGE: int = 49
MIN_OPEN_AGE: int = 50
