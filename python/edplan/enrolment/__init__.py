# SPDX-License-Identifier: MIT
"""School-place demand by region, level and grade (DESIGN §2.2).

Progression levels follow cohorts: entry ratios on lagged births, then grade-progression
ratios across level boundaries; rate levels apply an enrolment rate to the population of
their ages. Ratios are estimated from the enrolment history (mean of the last k, or simple
exponential smoothing); intervals come from Monte Carlo draws; :mod:`~edplan.enrolment.backtest`
measures the projection on rolling origins. The numbers come from the C++ engine.
"""

from . import backtest, levels
from .levels import Level, default_levels, levels_from_config
from .projection import EnrolmentResult, project
from .tables import quantile_name

__all__ = ["EnrolmentResult", "Level", "backtest", "default_levels", "levels", "levels_from_config", "project",
           "quantile_name"]
