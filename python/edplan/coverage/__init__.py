# SPDX-License-Identifier: MIT
"""Elder-education coverage and siting (DESIGN §2.6).

- Decays and the floating-catchment family: :class:`Decay`, :func:`two_step_fca`,
  :func:`three_step_fca`, :func:`weighted_catchment`, :func:`bfca`,
  :func:`spatial_availability`, over dense or sparse cost matrices, a reusable
  :class:`Catchment`, or points in the plane (:func:`coordinates`: no dense matrix, the links
  found through a grid), for many years and decays in one pass.
- Siting: :func:`mclp`, :func:`p_median`, :func:`lscp`, :func:`lscp_b`, :func:`p_center`
  (C++ heuristics; ``method="exact"`` solves with HiGHS).
- R ``accessibility``'s other measures: :func:`cost_to_closest`, :func:`cumulative_cutoff`,
  :func:`cumulative_interval`, :func:`gravity` (each active or passive) and
  :func:`constrained_accessibility` (total, singly, doubly constrained), with any decay or a
  Python function of costs.
- Equity of access: :func:`inequality` (Gini, Theil T, Palma), :func:`concentration_index`,
  :func:`fgt_poverty`, as R ``accessibility`` defines them.
- PySAL ``access``'s :func:`fca_ratio`, :func:`raam`, :func:`normalized_access` and :func:`access_score`; the
  floating-catchment measures take ``unreachable="nan"`` for its NaN where nothing is in reach.
- Tables in DESIGN §3 columns: :func:`coverage_table` (coverage by area, region and year with
  gaps to targets), :func:`recommend_sites` (a ranked list of new sites) and
  :func:`travel_costs` (minutes from coordinates when there is no cost table).
"""

from ._costs import Catchment, Coordinates, catchment, coordinates, cost_matrix, dense_budget, set_dense_budget
from .accessibility import cost_to_closest, cumulative_cutoff, cumulative_interval, gravity
from .constrained import ConstrainedAccess, constrained_accessibility
from .fca import Decay, bfca, decay_from, spatial_availability, three_step_fca, two_step_fca, weighted_catchment
from .inequality import Inequality, Poverty, concentration_index, fgt_poverty, inequality
from .metrics import DEFAULT_TARGETS, CoverageResult, coverage_table
from .normalise import access_score, fca_ratio, normalized_access
from .raam import raam
from .recommend import recommend_sites
from .siting import SitingResult, lscp, lscp_b, mclp, p_center, p_median
from .tables import older_population
from .travel import travel_costs

__all__ = [
    "Catchment",
    "ConstrainedAccess",
    "Coordinates",
    "CoverageResult",
    "DEFAULT_TARGETS",
    "Decay",
    "Inequality",
    "Poverty",
    "SitingResult",
    "access_score",
    "bfca",
    "catchment",
    "concentration_index",
    "coordinates",
    "constrained_accessibility",
    "cost_matrix",
    "cost_to_closest",
    "coverage_table",
    "cumulative_cutoff",
    "cumulative_interval",
    "decay_from",
    "dense_budget",
    "fca_ratio",
    "fgt_poverty",
    "gravity",
    "inequality",
    "lscp",
    "lscp_b",
    "mclp",
    "normalized_access",
    "older_population",
    "p_center",
    "p_median",
    "raam",
    "recommend_sites",
    "set_dense_budget",
    "spatial_availability",
    "three_step_fca",
    "travel_costs",
    "two_step_fca",
    "weighted_catchment",
]
