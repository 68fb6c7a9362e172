"""
Cohort-component population projection (DESIGN §2.1).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['FIRST_FERTILE_AGE', 'LAST_FERTILE_AGE', 'MIN_OPEN_AGE', 'Projection', 'ProjectionInputs', 'ProjectionOptions', 'fertility_from_tfr', 'project']
class ProjectionOptions:
    """
    Settings of a projection (DESIGN §2.1).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, years: typing.SupportsInt | typing.SupportsIndex = 0, srb: typing.SupportsFloat | typing.SupportsIndex = 1.06, birth_survival: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"] = [1.0, 1.0], threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def birth_survival(self) -> tuple[float, float]:
        """
        Survival from birth to the end of the year, (female, male).
        """
    @property
    def srb(self) -> float:
        """
        Sex ratio at birth, males per female birth.
        """
    @property
    def threads(self) -> int:
        """
        Threads over regions; 0 = default_threads(). Results do not depend on it.
        """
    @property
    def years(self) -> int:
        """
        T, the number of one-year steps.
        """
class ProjectionInputs:
    """
    The arrays of a projection, converted once to float64 C order and read in place. A region or year axis of length 1 applies to all.
    """
    def __init__(self, *, base: typing.Any, survival: typing.Any, fertility: typing.Any, migration: typing.Any = None, births: typing.Any = None) -> None:
        ...
    @property
    def base(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, 2, A+1) population at the start of the base year.
        """
    @property
    def births(self) -> numpy.typing.NDArray[numpy.float64] | None:
        """
        (R|1, T|1) observed births (NaN: projected), or None.
        """
    @property
    def fertility(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R|1, T|1, 35) births per woman, ages 15..49.
        """
    @property
    def migration(self) -> numpy.typing.NDArray[numpy.float64] | None:
        """
        (R|1, T|1, 2, A+1) net migrants by age at the end of the year, or None.
        """
    @property
    def survival(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R|1, T|1, 2, A+1) probabilities of surviving from age a to a+1 during the year.
        """
class Projection:
    """
    The result of project: the population path, births and the clamping record.
    """
    @property
    def births(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T) births during each projected year.
        """
    @property
    def clamped_cells(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (R, T) cells set to 0 because out-migration exceeded the population.
        """
    @property
    def clamped_people(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T) the people those cells were short.
        """
    @property
    def population(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T+1, 2, A+1) population at the start of each year; [:, 0] is the base (the out= array when given).
        """
def fertility_from_tfr(shape: typing.Any, tfr: typing.Any, *, first_year: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Age schedules scaled to a TFR path: (R|1, years, 35) from a (35,) or (R, 35) age pattern.
    """
def project(inputs: ProjectionInputs, options: ProjectionOptions, *, out: typing.Any = None) -> Projection:
    """
    Cohort-component projection of `inputs` `options.years` years ahead; `out`: a float64 C-ordered (R, T+1, 2, A+1) array to write the population into. See edplan.population.project.
    """
FIRST_FERTILE_AGE: int = 15
LAST_FERTILE_AGE: int = 49
MIN_OPEN_AGE: int = 50
