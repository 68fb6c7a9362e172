# SPDX-License-Identifier: MIT
"""Policy targets (DESIGN §2.7): are the indicators on track, what rate targets mean in
places and seats, and how the year's work plan is going.

- :func:`assess` and :func:`assess_table`: the Open SDG growth-rate ratio (categories
  achieved / on track / acceleration needed / limited progress / deterioration /
  insufficient data), its no-target variant, the projected value at the target year by a
  linear, time-weighted linear or logistic trend, the year the target is reached on that
  projection and the annual change still needed.
- :func:`progress_score` and :func:`aggregate_scores`: Open SDG's −5..5 progress score of a
  series and its mean up sub-indicators, indicators, targets and goals ("Aggregated progress
  status").
- :func:`current_status_index`, :func:`anticipated_progress_index`, :func:`escap_table` and
  :func:`escap_by_goal`: UN ESCAP's Current Status Index (progress made since the base year
  over the progress needed) and Anticipated Progress Index (the gap left at the target year by
  a time-weighted trend, over the progress required), averaged up to goals, with the snapshot's
  line of the year assessed.
- :func:`count_needed`, :func:`kindergarten_places_needed`, :func:`learner_seats_needed`:
  ``max(0, ceil(x·D) − current)`` per region and year against projected denominators.
- :func:`load_workplan`, :func:`load_progress`, :func:`track`: the annual work-plan tracker,
  with the Quanzhou 2024 plan bundled.

The numbers come from the C++ engine (``edplan/targets/*.hpp``); this package turns tables
into its arrays and back.
"""

from .assess import CATEGORIES, CATEGORY_COLOURS, METHODS, Assessment, assess
from .counts import count_needed, kindergarten_places_needed, learner_seats_needed
from .assess_table import COLUMNS, assess_table
from .escap import API_CLASSES, CSI_CLASSES, SNAPSHOT_CLASSES, AnticipatedProgress, CurrentStatus, \
    anticipated_progress_index, current_status_index
from .scores import SCORE_COLUMNS, aggregate_scores, progress_score
from .escap_table import ESCAP_COLUMNS, GOAL_COLUMNS, escap_by_goal, escap_table
from .workplan import PLAN_COLUMNS, STATUSES, default_workplan_path, load_progress, load_workplan, track

__all__ = [
    "API_CLASSES", "CSI_CLASSES", "ESCAP_COLUMNS", "GOAL_COLUMNS", "SNAPSHOT_CLASSES", "AnticipatedProgress",
    "CurrentStatus", "anticipated_progress_index", "current_status_index", "escap_by_goal", "escap_table",
    "CATEGORIES", "CATEGORY_COLOURS", "COLUMNS", "METHODS", "PLAN_COLUMNS", "STATUSES", "Assessment", "assess",
    "assess_table", "count_needed", "default_workplan_path", "kindergarten_places_needed", "learner_seats_needed",
    "load_progress", "load_workplan", "track", "SCORE_COLUMNS", "aggregate_scores", "progress_score",
]
