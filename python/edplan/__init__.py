# SPDX-License-Identifier: MIT
"""edplan: school-place demand, capacity, elder-education coverage and policy targets.

Modules: :mod:`edplan.population` (cohort-component projection), :mod:`edplan.coverage`
(elder-education coverage and siting). Errors in any input raise
:class:`InputError`, which lists every problem with where it is and what was expected.
"""

from . import _core, coverage, population
from .errors import InputError, Problem

__version__: str = _core.__version__

__all__ = ["InputError", "Problem", "__version__", "coverage", "population"]
