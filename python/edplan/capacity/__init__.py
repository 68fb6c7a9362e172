# SPDX-License-Identifier: MIT
"""Places against pupils (DESIGN §2.3–2.5): the capacity ledger, the balance, the "1+3"
expansion programme and preschool sector shares.

- :func:`timeline`: places (and classes) by region, year and level from the base-year places,
  planned projects and closures (``open_year <= t``);
- :func:`balance`: surplus, deficit, utilisation, classes needed, large classes, peak years;
- :func:`schedule`: which candidate projects to build and when (:mod:`edplan.capacity.programme`:
  the C++ heuristic, or the exact MILP with HiGHS);
- :func:`preschool_shares`: 公办率 and 普惠率 as demand falls (:mod:`edplan.capacity.preschool`);
- :func:`teachers`: teachers needed, available, redeployed between levels and to hire
  (:mod:`edplan.capacity.teachers`).
"""

from . import preschool, programme
from .balance import BalanceResult, balance
from .preschool import PreschoolResult
from .preschool import shares as preschool_shares
from .programme import DEFAULT_STAGE_YEARS, DEFAULT_WEIGHTS, ScheduleResult, schedule
from .projects import PROJECT_STATUSES
from .teachers import TeacherPlan, teacher_plan, teachers
from .timeline import timeline

__all__ = ["BalanceResult", "DEFAULT_STAGE_YEARS", "DEFAULT_WEIGHTS", "PROJECT_STATUSES", "PreschoolResult",
           "ScheduleResult", "TeacherPlan", "balance", "preschool", "preschool_shares", "programme", "schedule",
           "teacher_plan", "teachers", "timeline"]
