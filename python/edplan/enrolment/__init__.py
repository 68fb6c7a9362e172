# SPDX-License-Identifier: MIT
"""School-place demand by region, level and grade (DESIGN §2.2).

Progression levels follow cohorts: entry ratios on lagged births, then grade-progression
ratios across level boundaries; rate levels apply an enrolment rate to the population of
their ages. Ratios are estimated from the enrolment history (mean of the last k, simple exponential
smoothing, a damped trend, or "auto": the best of these on each region's own history);
intervals come from the projection's own rolling-origin errors and the population draws;
:func:`project_schools` projects schools as shares of their district; ``backtest(...)`` (a
callable module) measures all this on rolling origins. The numbers come from the C++ engine.
"""

from . import backtest, levels
from .levels import Level, default_levels, levels_from_config
from .projection import EnrolmentResult, IntervalWarning, project
from .shares import project_schools
from .tables import quantile_name

__all__ = ["EnrolmentResult", "IntervalWarning", "Level", "backtest", "default_levels", "levels", "levels_from_config", "project",
           "project_schools",
           "quantile_name"]
