"""
edplan's compiled engine; use the edplan package, which wraps it.
"""
from __future__ import annotations
from . import population
from . import enrolment
from . import capacity
from . import targets
from . import coverage
__all__: list[str] = ['capacity', 'coverage', 'default_threads', 'enrolment', 'population', 'targets']
def default_threads() -> int:
    """
    Threads used when a function is given threads=0: $EDPLAN_NUM_THREADS, else the core count.
    """
__version__: str = '0.1.0'
