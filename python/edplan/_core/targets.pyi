"""
Target assessment, rate→count and the work-plan tracker (DESIGN §2.7).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['CATEGORIES', 'DAYS_PER_MONTH', 'STATUSES', 'assess_many', 'counts_needed', 'note_text', 'track']
def assess_many(years: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], target_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], baseline_year: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], direction: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], limit: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, method: str = 'linear', upper: typing.SupportsFloat | typing.SupportsIndex = 1.0, zero_replacement: typing.SupportsFloat | typing.SupportsIndex = 0.001, ratio_thresholds: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(3)"] = [0.95, 0.6, 0.0], growth_thresholds: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(4)"] = [0.015, 0.005, 0.0, 4.44], threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Assesses G series stored one after another (offsets (G+1)); returns a dict of (G,) arrays.
    See edplan.targets.assess_table for the meaning of each column.
    """
def counts_needed(rate: typing.Any, denominator: typing.Any, current: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    max(0, ceil(rate·denominator) − current) over (R, T), rate and current broadcasting.
    """
def note_text(flags: typing.SupportsInt | typing.SupportsIndex) -> str:
    """
    The notes of an assessment's flag bits, as text.
    """
def track(target: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], start: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], deadline: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], item: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], day: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], count: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, as_of: typing.SupportsInt | typing.SupportsIndex, counts: str = 'cumulative', at_risk: typing.SupportsFloat | typing.SupportsIndex = 0.8, labels: collections.abc.Sequence[str] = []) -> dict:
    """
    The work-plan tracker over day numbers; returns a dict of (K,) arrays. See edplan.targets.track.
    """
CATEGORIES: tuple = ('achieved', 'on track', 'acceleration needed', 'limited progress', 'deterioration', 'insufficient data')
DAYS_PER_MONTH: float = 30.436875
STATUSES: tuple = ('achieved', 'on track', 'at risk', 'off track')
