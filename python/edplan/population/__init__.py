# SPDX-License-Identifier: MIT
"""Cohort-component population projection by region, sex and single year of age.

The kernel follows DESIGN §2.1 exactly; see :func:`project` for the arrays it takes. The
computation runs in C++ with the GIL released, regions in parallel.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from .. import _core
from ..errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FIRST_FERTILE_AGE",
    "LAST_FERTILE_AGE",
    "MIN_OPEN_AGE",
    "ClampWarning",
    "Projection",
    "ProjectionInputs",
    "fertility_from_tfr",
    "project",
    "births_frame",
    "project_detailed",
    "to_frame",
]

FIRST_FERTILE_AGE: int = _core.population.FIRST_FERTILE_AGE
"""The first age of a fertility schedule (15)."""
LAST_FERTILE_AGE: int = _core.population.LAST_FERTILE_AGE
"""The last age of a fertility schedule (49)."""
MIN_OPEN_AGE: int = _core.population.MIN_OPEN_AGE
"""The smallest open age group accepted (50): the fertile ages must be single years."""

ArrayLike = npt.ArrayLike

_OPTIONS = _core.population.ProjectionOptions()
"""The engine's default options: srb 1.06, birth survival (1.0, 1.0)."""


class ClampWarning(UserWarning):
    """Net out-migration exceeded a cell's population; the cell was set to 0."""


@dataclass(frozen=True)
class Projection:
    """The full result of :func:`project_detailed`: the fields of the engine's
    ``_core.population.Projection``, as plain arrays that chunks of regions can be joined from."""

    population: np.ndarray
    """(R, T+1, 2, A+1) population at the start of each year; ``[:, 0]`` is the base."""
    births: np.ndarray
    """(R, T) births during each projected year (observed where given)."""
    clamped_cells: np.ndarray
    """(R, T) cells that net out-migration made negative, set to 0."""
    clamped_people: np.ndarray
    """(R, T) how many people those cells were short."""

    @property
    def warnings(self) -> list[str]:
        """One line per (region, step) in which cells were clamped."""
        return self._warning_lines()

    def _warning_lines(self, limit: Optional[int] = None) -> list[str]:
        regions, steps = np.nonzero(self.clamped_cells)
        return [
            f"region {r}, step {t}: {int(self.clamped_cells[r, t])} cells made negative by net "
            f"out-migration set to 0 ({self.clamped_people[r, t]:.6g} people short)"
            for r, t in zip(regions[:limit], steps[:limit])
        ]


@dataclass(frozen=True)
class ProjectionInputs:
    """Everything :func:`project` takes except the number of years: a population chain that
    other modules can re-run (the enrolment intervals scale its fertility and migration)."""

    base: np.ndarray
    survival: np.ndarray
    fertility: np.ndarray
    migration: Optional[np.ndarray] = None
    births: Optional[np.ndarray] = None
    srb: float = _OPTIONS.srb
    birth_survival: Sequence[float] = _OPTIONS.birth_survival

    def project(self, years: int, *, threads: int = 0) -> Projection:
        """The projection of these inputs ``years`` years ahead (see :func:`project_detailed`)."""
        return project_detailed(
            self.base, self.survival, self.fertility, self.migration, years=years, srb=self.srb,
            birth_survival=self.birth_survival, births=self.births, threads=threads,
        )


def project_detailed(
    base: ArrayLike,
    survival: ArrayLike,
    fertility: ArrayLike,
    migration: Optional[ArrayLike] = None,
    *,
    years: int,
    srb: float = _OPTIONS.srb,
    birth_survival: Sequence[float] = _OPTIONS.birth_survival,
    births: Optional[ArrayLike] = None,
    threads: int = 0,
    out: Optional[np.ndarray] = None,
) -> Projection:
    """Like :func:`project`, returning births and the clamping record as well."""
    p = _core.population.project(
        _core.population.ProjectionInputs(base=base, survival=survival, fertility=fertility, migration=migration,
                                          births=births),
        _core.population.ProjectionOptions(years=years, srb=srb, birth_survival=tuple(birth_survival),
                                           threads=threads),
        out=out,
    )
    return Projection(p.population, p.births, p.clamped_cells, p.clamped_people)


def project(
    base: ArrayLike,
    survival: ArrayLike,
    fertility: ArrayLike,
    migration: Optional[ArrayLike] = None,
    *,
    years: int,
    srb: float = _OPTIONS.srb,
    birth_survival: Sequence[float] = _OPTIONS.birth_survival,
    births: Optional[ArrayLike] = None,
    threads: int = 0,
    out: Optional[np.ndarray] = None,
) -> np.ndarray:
    """Project R regions ``years`` years ahead by the cohort-component method (DESIGN §2.1).

    With regions r, sex s (0 = female, 1 = male), single ages a = 0..A (A the open group,
    at least 50) and one-year steps t → t+1:

    1. survivors ``P[s,a,t+1] = P[s,a-1,t]·S[s,a-1,t]`` and, in the open group,
       ``P[s,A,t+1] = P[s,A-1,t]·S[s,A-1,t] + P[s,A,t]·S[s,A,t]``;
    2. net migration ``P[s,a,t+1] += M[s,a,t]`` for a = 1..A;
    3. births ``B[t] = Σ_{a=15..49} f[a,t]·½(P[0,a,t] + P[0,a,t+1])``, or ``births[r,t]``
       where that is not NaN;
    4. newborns ``P[0,0,t+1] = B/(1+srb)·Sb[0] + M[0,0]``, ``P[1,0,t+1] = B·srb/(1+srb)·Sb[1] + M[1,0]``;
    5. cells made negative by out-migration are set to 0 (ages 1..A after step 2, age 0
       after step 4) and a :class:`ClampWarning` is issued.

    Args:
        base: (R, 2, A+1) population at the start of the base year.
        survival: (R|1, T|1, 2, A+1) probabilities of surviving from age a to a+1 during the year.
        fertility: (R|1, T|1, 35) births per woman during the year, ages 15..49.
        migration: (R|1, T|1, 2, A+1) net migrants by age at the end of the year, or None.
        years: T, the number of one-year steps.
        srb: sex ratio at birth, males per female birth.
        birth_survival: survival from birth to the end of the year, (female, male).
        births: (R|1, T|1) observed births, NaN where they are to be projected, or None.
        threads: threads over regions; 0 uses ``$EDPLAN_NUM_THREADS`` or all cores. The result
            does not depend on it.
        out: a float64 C-ordered (R, T+1, 2, A+1) array to write the result into, as numpy's
            ``out=``: repeated projections then reuse memory instead of faulting in new pages.
            The inputs' values are tested as the projection reads them, so a bad one may be found
            after part of ``out`` was written: ``out`` is then filled with NaN before the
            ``InputError`` is raised, never left holding part of a result.

    A region or year axis of length 1 applies to all regions or years. Float64 C-ordered
    inputs are read in place; others are converted once.

    Returns:
        (R, T+1, 2, A+1) population at the start of each year; ``[:, 0]`` is ``base``.

    Raises:
        InputError: listing every problem — wrong shapes, NaN or infinite values, negative
            counts, survival outside [0, 1], fertility outside [0, 1] — by argument, index
            and value.
    """
    result = project_detailed(
        base,
        survival,
        fertility,
        migration,
        years=years,
        srb=srb,
        birth_survival=birth_survival,
        births=births,
        threads=threads,
        out=out,
    )
    steps_clamped = int(np.count_nonzero(result.clamped_cells))
    if steps_clamped:
        more = f"; and {steps_clamped - 5} more region-years" if steps_clamped > 5 else ""
        warnings.warn(ClampWarning("; ".join(result._warning_lines(5)) + more), stacklevel=2)
    return result.population


def fertility_from_tfr(
    shape: ArrayLike,
    tfr: Union[float, Mapping[int, float]],
    *,
    first_year: int,
    years: int,
) -> np.ndarray:
    """Fertility schedules that keep an age pattern and follow a TFR path.

    ``f[r,t,a] = shape[r,a] / Σ_a shape[r,a] · TFR(first_year + t)``, where the TFR path
    (``{year: tfr}``) is linear between given years and flat outside them; a number is a
    constant TFR.

    Args:
        shape: (35,) or (R, 35) age pattern over ages 15..49, any scale.
        tfr: a TFR or a path ``{year: TFR}``.
        first_year: the calendar year of the first projection step (the base year).
        years: the number of steps.

    Returns:
        (1 or R, years, 35) rates ready for :func:`project`'s ``fertility``.
    """
    return _core.population.fertility_from_tfr(shape, tfr, first_year=first_year, years=years)


def to_frame(
    population: np.ndarray,
    *,
    base_year: int,
    regions: Optional[Sequence[str]] = None,
) -> "pd.DataFrame":
    """A (R, T+1, 2, A+1) projection as the long table of DESIGN §3: region, year, sex, age, count.

    Sex is ``F``/``M``; regions are named by ``regions`` (default 0..R-1).
    """
    import pandas as pd

    pop = np.asarray(population)
    if pop.ndim != 4 or pop.shape[2] != 2:
        raise InputError(f"got shape {pop.shape}; expected (region, year, 2, age)", "population")
    n_regions, n_years, _, n_ages = pop.shape
    names = list(range(n_regions)) if regions is None else list(regions)
    if len(names) != n_regions:
        raise InputError(f"got {len(names)} names; expected {n_regions}", "regions")
    # The key columns are laid out by repeating and tiling, as a MultiIndex's reset_index would
    # lay them out (region slowest, age fastest), at a fraction of its cost on millions of rows.
    # The two name columns repeat a small pandas array (the region names; F, M tiled once per
    # region and year): pandas infers their dtype once, on the few names, and no index array as
    # long as the table is built, as a take would need. Every column is a fresh array (the counts copied
    # from the caller's), so the frame takes them as they are (copy=False) instead of copying
    # 9 million rows a second time.
    cells = n_years * 2 * n_ages
    return pd.DataFrame(copy=False, data={
        "region": pd.Index(names).array.repeat(cells),
        "year": np.tile(np.repeat(np.arange(base_year, base_year + n_years, dtype=np.int64), 2 * n_ages), n_regions),
        "sex": pd.Index(["F", "M"]).array.take(np.tile(np.arange(2), n_regions * n_years)).repeat(n_ages),
        "age": np.tile(np.arange(n_ages, dtype=np.int64), n_regions * n_years * 2),
        "count": pop.reshape(-1).copy(),
    })


def births_frame(births: np.ndarray, observed: Optional[np.ndarray], *, base_year: int,
                 regions: Sequence[str]) -> "pd.DataFrame":
    """(R, T) births during each projected year as the table region, year, births, observed:
    ``observed`` (R, T) holds the observed births (NaN where projected), or None."""
    import pandas as pd

    R, T = np.shape(births)
    return pd.DataFrame({
        "region": np.repeat(np.asarray(regions, dtype=object), T),
        "year": np.tile(np.arange(base_year, base_year + T), R),
        "births": np.asarray(births).reshape(-1),
        "observed": (~np.isnan(observed)).reshape(-1) if observed is not None else False,
    })
