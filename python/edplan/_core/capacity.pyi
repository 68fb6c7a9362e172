"""
Capacity ledger and balance, the 1+3 programme, preschool shares (DESIGN §2.3-2.5).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Programme', 'balance', 'count_large_classes', 'preschool', 'timeline']
class Programme:
    """
    A validated programme: need, peak years, land-year windows; schedule and evaluate.
    """
    def __init__(self, demand: typing.Any, existing: typing.Any, candidates: collections.abc.Sequence[tuple[str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex]], stages: collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex]], *, base_year: typing.SupportsInt | typing.SupportsIndex, budget: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], max_per_batch: typing.SupportsInt | typing.SupportsIndex, weights: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        """
        demand, existing (R, T, L); candidates [(id, region, level, places, cost, earliest land year)]; stages [(land→start, start→open)] per level; budget per year (1 or T values); weights (unmet, cost, stranded); max_per_batch < 0 for no cap.
        """
    def evaluate(self, land_years: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> dict:
        """
        The objective, its terms and (R, T, L) new places, unmet and stranded by year.
        """
    def schedule(self, improve: bool = True, max_passes: typing.SupportsInt | typing.SupportsIndex = 200, kick_rounds: typing.SupportsInt | typing.SupportsIndex = 2) -> numpy.typing.NDArray[numpy.int32]:
        """
        The heuristic's land years per candidate (-1: not chosen).
        """
    def unmet_floor(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, L) unmet place-years left with every candidate at its earliest, ignoring budget and caps.
        """
    def violations(self, land_years: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> list[str]:
        """
        Every broken window, budget or cap of a schedule, one line each.
        """
    @property
    def base_year(self) -> int:
        ...
    @property
    def budget(self) -> list[float]:
        ...
    @property
    def max_per_batch(self) -> int:
        ...
    @property
    def need(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def peak(self) -> numpy.typing.NDArray[numpy.int64]:
        ...
    @property
    def windows(self) -> numpy.typing.NDArray[numpy.int64]:
        ...
def balance(demand: typing.Any, capacity: typing.Any, *, class_size: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], classes: typing.Any = None) -> tuple:
    """
    Balance of (R,T,L) demand and capacity: (surplus, deficit, utilisation, classes_needed, large_classes, peak).
    """
def count_large_classes(pupils: typing.SupportsFloat | typing.SupportsIndex, classes: typing.SupportsFloat | typing.SupportsIndex, class_size: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Classes over the norm when pupils are spread evenly over the classes.
    """
def preschool(demand: typing.Any, places: typing.Any, *, fill: str, public_share: typing.SupportsFloat | typing.SupportsIndex, inclusive_share: typing.SupportsFloat | typing.SupportsIndex, per_1000: typing.SupportsFloat | typing.SupportsIndex, class_size: typing.SupportsFloat | typing.SupportsIndex, nursery_class_size: typing.SupportsFloat | typing.SupportsIndex, population: typing.Any = None) -> tuple:
    """
    Kindergarten shares: (pupils (R,T,3), unplaced, public_share, inclusive_share, public_places_needed, inclusive_places_needed, nursery_convertible, nursery_demand).
    """
def timeline(capacity: typing.Any, changes: collections.abc.Sequence[tuple[str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex]], *, first_year: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Places (R, years, L) from base places (R, L) and (id, region, level, places, year) changes.
    """
