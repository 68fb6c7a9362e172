"""
School-place demand by level and grade (DESIGN §2.2).
"""
from __future__ import annotations
import collections.abc
import typing
__all__: list[str] = ['check_levels', 'project', 'simulate']
def check_levels(levels: collections.abc.Sequence[tuple[str, str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]] | None]]) -> None:
    """
    Raises InputError listing every inconsistency of the levels (see GradeAxis).
    """
def project(levels: collections.abc.Sequence[tuple[str, str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]] | None]], history: typing.Any, *, base_year: typing.SupportsInt | typing.SupportsIndex, horizon: typing.SupportsInt | typing.SupportsIndex, births: typing.Any, births_first_year: typing.SupportsInt | typing.SupportsIndex, projected_births: typing.Any = None, population: typing.Any = None, dwellings: typing.Any = None, dwellings_first_year: typing.SupportsInt | typing.SupportsIndex = 0, regions: collections.abc.Sequence[str] = [], method: str = 'mean', k: typing.SupportsInt | typing.SupportsIndex = 3, alpha: typing.SupportsFloat | typing.SupportsIndex = 0.4, ramp: typing.SupportsFloat | typing.SupportsIndex = 3.0, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> tuple:
    """
    Enrolment projection on arrays; returns (pupils (R,T,G), housing (R,T,L), ratios (R,G), observed (R,G,H)).
    """
def simulate(levels: collections.abc.Sequence[tuple[str, str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex, collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]] | None]], history: typing.Any, *, base_year: typing.SupportsInt | typing.SupportsIndex, horizon: typing.SupportsInt | typing.SupportsIndex, births: typing.Any, births_first_year: typing.SupportsInt | typing.SupportsIndex, projected_births: typing.Any = None, population: typing.Any = None, dwellings: typing.Any = None, dwellings_first_year: typing.SupportsInt | typing.SupportsIndex = 0, regions: collections.abc.Sequence[str] = [], method: str = 'mean', k: typing.SupportsInt | typing.SupportsIndex = 3, alpha: typing.SupportsFloat | typing.SupportsIndex = 0.4, ramp: typing.SupportsFloat | typing.SupportsIndex = 3.0, threads: typing.SupportsInt | typing.SupportsIndex = 0, draws: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex = 1, quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [0.1, 0.5, 0.9], tfr_sd: typing.SupportsFloat | typing.SupportsIndex = 0.1, migration_sd: typing.SupportsFloat | typing.SupportsIndex = 0.2, chain: tuple[typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.SupportsFloat | typing.SupportsIndex, typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"]] | None = None, first_region: typing.SupportsInt | typing.SupportsIndex = 0) -> tuple:
    """
    Monte Carlo quantiles; returns (grades (R,T,G,Q), levels (R,T,L,Q)).
    """
