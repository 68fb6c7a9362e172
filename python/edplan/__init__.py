# SPDX-License-Identifier: MIT
"""edplan: school-place demand, capacity, elder-education coverage and policy targets.

Subpackages mirror the C++ modules: :mod:`edplan.population` (cohort-component projection),
:mod:`edplan.enrolment` (school-place demand, intervals, back-tests), :mod:`edplan.capacity`
(places against pupils, the "1+3" expansion programme, kindergarten sector shares),
:mod:`edplan.coverage` (elder-education coverage and siting), :mod:`edplan.targets` (target
assessment, rate→count, the work-plan tracker), :mod:`edplan.scenario` (a scenario file and the
chain that runs it) and :mod:`edplan.output` (files, workbook, report). Errors in any input
raise :class:`InputError`, which lists every problem with where it is and what was expected.
"""

import importlib as _importlib
import sys as _sys

from . import _core, capacity, coverage, enrolment, output, population, scenario, targets
from .errors import InputError, Problem
from .scenario import Results, Scenario

__version__: str = _core.__version__

MOVED = {
    "levels": "enrolment.levels", "backtest": "enrolment.backtest", "programme": "capacity.programme",
    "preschool": "capacity.preschool", "results": "scenario.results", "io": "_io", "plots": "output.plots",
    "report": "output.report", "summary": "output.summary", "xlsx": "output.workbook",
}
"""Module paths of earlier releases and where they live now: ``import edplan.levels`` and
``edplan.programme.schedule`` keep working as aliases of the new modules."""
for _old, _new in MOVED.items():
    _sys.modules[f"{__name__}.{_old}"] = globals()[_old] = _importlib.import_module(f"{__name__}.{_new}")

__all__ = [
    "InputError",
    "Problem",
    "Results",
    "Scenario",
    "__version__",
    "capacity",
    "coverage",
    "enrolment",
    "output",
    "population",
    "scenario",
    "targets",
]
