"""
Target assessment, rate→count and the work-plan tracker (DESIGN §2.7).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['AssessOptions', 'CATEGORIES', 'DAYS_PER_MONTH', 'GrowthThresholds', 'METHODS', 'RatioThresholds', 'STATUSES', 'TrackOptions', 'assess_many', 'check_series', 'check_track', 'counts_needed', 'note_text', 'score_categories', 'scores', 'track']
class RatioThresholds:
    """
    Lower bounds on R (with a target) of the categories.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, on_track: typing.SupportsFloat | typing.SupportsIndex = 0.95, acceleration: typing.SupportsFloat | typing.SupportsIndex = 0.6, limited: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def acceleration(self) -> float:
        """
        on_track > R >= acceleration is "acceleration needed".
        """
    @property
    def limited(self) -> float:
        """
        acceleration > R >= limited is "limited progress"; below it, "deterioration".
        """
    @property
    def on_track(self) -> float:
        """
        R >= on_track is "on track".
        """
class GrowthThresholds:
    """
    Lower bounds on the growth rate (without a target) and the scaling exponent.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, on_track: typing.SupportsFloat | typing.SupportsIndex = 0.015, acceleration: typing.SupportsFloat | typing.SupportsIndex = 0.005, limited: typing.SupportsFloat | typing.SupportsIndex = 0.0, exponent: typing.SupportsFloat | typing.SupportsIndex = 4.44) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def acceleration(self) -> float:
        """
        growth >= acceleration * C is "acceleration needed".
        """
    @property
    def exponent(self) -> float:
        """
        The exponent of the scaling factor C (Open SDG: 4.44).
        """
    @property
    def limited(self) -> float:
        """
        growth >= limited is "limited progress" (never scaled).
        """
    @property
    def on_track(self) -> float:
        """
        growth >= on_track * C is "on track".
        """
class AssessOptions:
    """
    Settings of an assessment (DESIGN §2.7).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, method: str = 'linear', upper: typing.SupportsFloat | typing.SupportsIndex = 1.0, ratio: RatioThresholds = ..., growth: GrowthThresholds = ..., zero_replacement: typing.SupportsFloat | typing.SupportsIndex = 0.001, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        """
        Raises InputError naming `method` for a method other than "linear", "time_weighted" or "logistic".
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def growth(self) -> GrowthThresholds:
        """
        Thresholds on the growth rate (without a target).
        """
    @property
    def method(self) -> str:
        """
        How the value at the target year is projected.
        """
    @property
    def ratio(self) -> RatioThresholds:
        """
        Thresholds on R (with a target).
        """
    @property
    def threads(self) -> int:
        """
        Threads for assess_many; 0 = default_threads().
        """
    @property
    def upper(self) -> float:
        """
        The upper bound of a logistic projection.
        """
    @property
    def zero_replacement(self) -> float:
        """
        What a base value or target of 0 becomes in the growth rates (Open SDG: 0.001).
        """
class TrackOptions:
    """
    Settings of the work-plan tracker.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, as_of: typing.SupportsInt | typing.SupportsIndex = 0, counts: str = 'cumulative', at_risk: typing.SupportsFloat | typing.SupportsIndex = 0.8) -> None:
        """
        Raises InputError naming `counts` for counts other than "cumulative" or "increments".
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def as_of(self) -> int:
        """
        The day (number) the tracker looks from.
        """
    @property
    def at_risk(self) -> float:
        """
        The share of the target below which a projected year-end value is "off track".
        """
    @property
    def counts(self) -> str:
        """
        How the counts are reported: "cumulative" or "increments".
        """
def assess_many(years: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], target_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], baseline_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], direction: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], limit: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, options: AssessOptions = ...) -> dict:
    """
    Assesses G series stored one after another (offsets (G+1)); returns a dict of (G,) arrays, one per column.
    See edplan.targets.assess_table for the meaning of each column.
    """
def check_series(years: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], target_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], baseline_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], direction: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], limit: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, options: AssessOptions = ...) -> None:
    """
    Raises InputError with every problem assess_many would raise for these series, assessing nothing.
    """
def check_track(target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], start: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], deadline: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], item: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], day: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], count: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, options: TrackOptions = ..., labels: collections.abc.Sequence[str] = []) -> None:
    """
    Raises InputError with every problem track would raise for this plan and its reports, tracking nothing.
    """
def counts_needed(rate: typing.Any, denominator: typing.Any, current: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    max(0, ceil(rate·denominator) − current) over (R, T), rate and current broadcasting.
    """
def note_text(flags: typing.SupportsInt | typing.SupportsIndex) -> str:
    """
    The notes of an assessment's flag bits, as text.
    """
def score_categories(score: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], achieved: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.int32]:
    """
    The category codes of scores by the ranges [2.5, 5] on track, [0, 2.5[ acceleration needed,
    [-2.5, 0[ limited progress, below deterioration; achieved (non-zero) wins, NaN is insufficient data.
    """
def scores(value: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], scaling: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], achieved: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, with_target: bool, options: AssessOptions = ...) -> numpy.typing.NDArray[numpy.float64]:
    """
    The -5..5 progress scores of growth-rate ratios (with_target) or of signed growth rates with their
    scaling factors C (without), 5 where achieved is non-zero; NaN stays NaN. See
    edplan.targets.progress_score.
    """
def track(target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], start: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], deadline: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], item: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], day: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], count: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, options: TrackOptions = ..., labels: collections.abc.Sequence[str] = []) -> dict:
    """
    The work-plan tracker over day numbers; returns a dict of (K,) arrays, one per column. See edplan.targets.track.
    """
CATEGORIES: tuple = ('achieved', 'on track', 'acceleration needed', 'limited progress', 'deterioration', 'insufficient data')
DAYS_PER_MONTH: float = 30.436875
METHODS: tuple = ('linear', 'time_weighted', 'logistic')
STATUSES: tuple = ('achieved', 'on track', 'at risk', 'off track', 'no progress reported')
