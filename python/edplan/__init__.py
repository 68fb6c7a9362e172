# SPDX-License-Identifier: MIT
"""edplan: school-place demand, capacity, elder-education coverage and policy targets.

Modules: :mod:`edplan.population` (cohort-component projection), :mod:`edplan.enrolment`
(school-place demand), :mod:`edplan.capacity` (places against pupils), :mod:`edplan.programme`
(the "1+3" expansion programme and its scheduler), :mod:`edplan.preschool` (kindergarten sector
shares), :mod:`edplan.coverage` (elder-education coverage and siting), :mod:`edplan.targets`
(target assessment, rate→count, the work-plan tracker). Errors in any input raise
:class:`InputError`, which lists every problem with where it is and what was expected.
"""

from . import _core, capacity, coverage, enrolment, population, preschool, programme, targets
from .errors import InputError, Problem
from .results import Results
from .scenario import Scenario

__version__: str = _core.__version__

__all__ = [
    "InputError",
    "Problem",
    "Results",
    "Scenario",
    "__version__",
    "capacity",
    "coverage",
    "enrolment",
    "population",
    "preschool",
    "programme",
    "targets",
]
