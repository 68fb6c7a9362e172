"""
School-place demand by level and grade (DESIGN §2.2).
"""
from __future__ import annotations
import collections.abc
import edplan._core.population
import numpy
import numpy.typing
import typing
__all__: list[str] = ['DrawOptions', 'EnrolmentIntervals', 'EnrolmentOptions', 'EnrolmentProjection', 'Level', 'PopulationChain', 'RatioMethod', 'check_levels', 'choose_methods', 'default_levels', 'project', 'project_series', 'senior_level', 'simulate']
class Level:
    """
    One school level (DESIGN §2.2): a rate level (pupils = enrolment rate x population of its single ages first..last), a progression level (grades first..last entered from births entry_age years earlier, or following grade first - 1 of another level) or a transition level (grade first takes share(t) of grade first - 1's pupils a year earlier; the level named by complement takes 1 - share(t)).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, name: str, kind: str = 'progression', first: typing.SupportsInt | typing.SupportsIndex = 1, last: typing.SupportsInt | typing.SupportsIndex = 6, entry_age: typing.SupportsInt | typing.SupportsIndex | None = None, class_size: typing.SupportsFloat | typing.SupportsIndex = 45.0, yield_: typing.SupportsFloat | typing.SupportsIndex = 0.0, ger: collections.abc.Mapping[typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex] | None = None, share: collections.abc.Mapping[typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex] | None = None, complement: str | None = None) -> None:
        """
        Raises InputError naming levels.<name>.kind for a kind other than "rate", "progression" or "transition" and levels.<name>.ger[year] or .share[year] for a bad point of a path; the rest is checked with all levels together (check_levels).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def class_size(self) -> float:
        """
        Pupils per class by the norm.
        """
    @property
    def complement(self) -> str | None:
        """
        Transition levels: the level whose first grade takes 1 - share(t) of the same pupils; None for none.
        """
    @property
    def entry_age(self) -> int | None:
        """
        Progression: the age at entry to grade `first`; None when it follows grade first - 1 of another level.
        """
    @property
    def first(self) -> int:
        """
        First grade number (progression, transition) or first single age (rate).
        """
    @property
    def ger(self) -> dict[int, float] | None:
        """
        Rate levels: the enrolment-rate path {year: rate}; None for the base-year ratio.
        """
    @property
    def grades(self) -> int:
        """
        The number of grades (progression, transition) or ages (rate).
        """
    @property
    def kind(self) -> str:
        """
        "rate", "progression" or "transition".
        """
    @property
    def last(self) -> int:
        """
        Last grade number (progression, transition) or last single age (rate).
        """
    @property
    def name(self) -> str:
        """
        Name, unique among levels.
        """
    @property
    def share(self) -> dict[int, float] | None:
        """
        Transition levels: the share path {year: share of grade first - 1's pupils a year earlier}; None to estimate it from the history.
        """
    @property
    def yield_(self) -> float:
        """
        Pupils per completed dwelling (housing yield).
        """
class RatioMethod:
    """
    How observed ratios become the projected ratio.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, rule: str = 'mean', k: typing.SupportsInt | typing.SupportsIndex = 3, alpha: typing.SupportsFloat | typing.SupportsIndex = 0.4) -> None:
        """
        Raises InputError naming `method` for a rule other than "mean", "ses", "damped" or "auto".
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def alpha(self) -> float:
        """
        Smoothing weight of "ses" on the newest value, in (0, 1].
        """
    @property
    def k(self) -> int:
        """
        Values averaged by "mean" or fitted by "damped".
        """
    @property
    def rule(self) -> str:
        """
        "mean" of the last k observed values, "ses" (simple exponential smoothing), "damped" (damped trend of the last k) or "auto" (the best of these per region and level on the history).
        """
class EnrolmentOptions:
    """
    Settings of an enrolment projection.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, method: RatioMethod = ..., ramp: typing.SupportsFloat | typing.SupportsIndex = 3.0, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def method(self) -> RatioMethod:
        """
        How observed ratios become projected ones.
        """
    @property
    def ramp(self) -> float:
        """
        Years until a completed dwelling yields fully.
        """
    @property
    def threads(self) -> int:
        """
        Threads over regions; 0 = default. Results do not depend on it.
        """
class DrawOptions:
    """
    Settings of the Monte Carlo intervals.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, draws: typing.SupportsInt | typing.SupportsIndex = 1000, seed: typing.SupportsInt | typing.SupportsIndex = 1, quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [0.1, 0.5, 0.9], tfr_sd: typing.SupportsFloat | typing.SupportsIndex = 0.1, migration_sd: typing.SupportsFloat | typing.SupportsIndex = 0.2, first_region: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def draws(self) -> int:
        """
        The number of draws (> 0).
        """
    @property
    def first_region(self) -> int:
        """
        The position of region 0 among the whole run's regions (region r draws from stream (seed, i, 1 + first_region + r)).
        """
    @property
    def migration_sd(self) -> float:
        """
        Standard deviation of the log of a draw's migration factor.
        """
    @property
    def quantiles(self) -> list[float]:
        """
        The quantiles reported, each in [0, 1].
        """
    @property
    def seed(self) -> int:
        """
        The seed: draw i uses random stream (seed, i).
        """
    @property
    def tfr_sd(self) -> float:
        """
        Standard deviation of the log of a draw's fertility factor.
        """
class PopulationChain:
    """
    The population projection every draw re-runs with its fertility and migration scaled; its births and population replace the ones given to simulate. options.years must be horizon - base_year.
    """
    def __init__(self, *, inputs: edplan._core.population.ProjectionInputs, options: edplan._core.population.ProjectionOptions) -> None:
        ...
    @property
    def inputs(self) -> edplan._core.population.ProjectionInputs:
        ...
    @property
    def options(self) -> edplan._core.population.ProjectionOptions:
        ...
class EnrolmentProjection:
    """
    The result of project.
    """
    @property
    def housing(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) the housing additions included in pupils, by level.
        """
    @property
    def methods(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, L, 3) each region and level's ratio method as (rule, k, alpha), the rule numbered 0 mean, 1 ses, 2 damped: the method given, or what "auto" chose.
        """
    @property
    def observed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, G, H) the observed ratios they were estimated from (NaN where not observed).
        """
    @property
    def pupils(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, G) pupils by region, projected year (base_year+1 ..) and grade, housing included.
        """
    @property
    def ratios(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, G) the projected ratio of each grade: ER, GPR, or for rate grades the enrolment rate observed in the base year.
        """
class EnrolmentIntervals:
    """
    The result of simulate: quantiles of the draws.
    """
    @property
    def errors(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) rolling-origin errors behind each level's interval at each lead; below 5 the quantiles are NaN. 0 for rate levels (population draws only).
        """
    @property
    def grades(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, G, Q) quantiles of pupils by grade.
        """
    @property
    def levels(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L, Q) quantiles of level totals (quantiles of sums, not sums of quantiles).
        """
def check_levels(levels: collections.abc.Sequence[Level]) -> None:
    """
    Raises InputError listing every inconsistency of the levels (see GradeAxis).
    """
def choose_methods(series: typing.Any, *, method: RatioMethod = ...) -> numpy.typing.NDArray[numpy.float64]:
    """
    The method of each row of `series` (S, H) as (S, 1, 3) (rule, k, alpha): for "auto", the candidate with the lowest rolling-origin error on the row's own values (pooled over rows with fewer than 4 origins), as project chooses ratio methods.
    """
def default_levels() -> list[Level]:
    """
    Kindergarten ages 3-5 by rate (class size 30), primary grades 1-6 entered at age 6 (45), junior grades 7-9 (50).
    """
def project(levels: collections.abc.Sequence[Level], history: typing.Any, *, base_year: typing.SupportsInt | typing.SupportsIndex, horizon: typing.SupportsInt | typing.SupportsIndex, births: typing.Any, births_first_year: typing.SupportsInt | typing.SupportsIndex, projected_births: typing.Any = None, population: typing.Any = None, dwellings: typing.Any = None, dwellings_first_year: typing.SupportsInt | typing.SupportsIndex = 0, regions: collections.abc.Sequence[str] = [], options: EnrolmentOptions = ...) -> EnrolmentProjection:
    """
    Enrolment projection on arrays: history (R, H, G), births (R|1, NB), projected_births (R|1, T), population (R, T+1, 2, A+1), dwellings (R|1, ND).
    """
def project_series(values: typing.Any, *, method: RatioMethod, lead: typing.SupportsInt | typing.SupportsIndex = 1) -> float:
    """
    The value `lead` years after the last of `values` (oldest first, NaN = not observed) by a resolved method (not "auto"): what project does with each ratio series.
    """
def senior_level() -> Level:
    """
    Senior secondary grades 10-12 following grade 9 (class size 50).
    """
def simulate(levels: collections.abc.Sequence[Level], history: typing.Any, *, base_year: typing.SupportsInt | typing.SupportsIndex, horizon: typing.SupportsInt | typing.SupportsIndex, births: typing.Any, births_first_year: typing.SupportsInt | typing.SupportsIndex, projected_births: typing.Any = None, population: typing.Any = None, dwellings: typing.Any = None, dwellings_first_year: typing.SupportsInt | typing.SupportsIndex = 0, regions: collections.abc.Sequence[str] = [], options: EnrolmentOptions = ..., draws: DrawOptions, chain: PopulationChain | None = None) -> EnrolmentIntervals:
    """
    Monte Carlo quantiles of the projection of project.
    """
