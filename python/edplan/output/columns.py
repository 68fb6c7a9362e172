# SPDX-License-Identifier: MIT
"""What every output column means to a reader: its friendly header (with units) and the kind
of number it holds, the one place where the workbook, the report and the terminal look them up.
The CSV files keep the column names of DESIGN §3; only what people read is relabelled.

A kind decides how a value is shown: a count of pupils or places has no decimals and
thousands separators, a share (0 to 1) is a percentage, a ratio (a progression ratio,
pupils/places per person, Open SDG's growth-rate ratio) keeps its decimals and is never a
percentage, a year has no separator."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import pandas as pd

KINDS = ("count", "money", "share", "ratio", "year", "integer", "number", "date", "bool", "text")


@dataclass(frozen=True)
class Column:
    """A column as people read it: ``header`` (units in brackets), ``kind`` (one of
    :data:`KINDS`) and ``highlight``: ``"deficit"`` (red where > 0) or ``"utilisation"``
    (a colour scale diverging at 1) for the workbook's conditional formats."""

    header: str
    kind: str
    highlight: Optional[str] = None


def _c(header: str, kind: str, highlight: Optional[str] = None) -> Column:
    return Column(header, kind, highlight)


PY = "place-years"
COLUMNS: dict[str, Column] = {
    # keys and labels
    "region": _c("Region", "text"), "level": _c("Level", "text"), "sex": _c("Sex", "text"),
    "year": _c("Year", "year"), "age": _c("Age", "integer"), "grade": _c("Grade", "integer"),
    "kind": _c("Kind", "text"), "batch": _c("Batch", "text"), "id": _c("ID", "text"), "status": _c("Status", "text"),
    "note": _c("Note", "text"), "area": _c("Area", "text"), "site": _c("Site", "text"), "tier": _c("Tier", "text"),
    "rank": _c("Rank", "integer"), "indicator": _c("Indicator", "text"), "category": _c("Category", "text"),
    "direction": _c("Direction", "text"), "method": _c("Method", "text"), "unit": _c("Unit", "text"),
    "comparison": _c("Comparison", "text"), "item_zh": _c("Item", "text"), "item_en": _c("Item (English)", "text"),
    "observed": _c("Observed", "integer"), "lever": _c("Lever", "text"), "from_level": _c("From level", "text"),
    "to_level": _c("To level", "text"),
    # people and pupils
    "count": _c("People", "count"), "births": _c("Births", "count"), "pupils": _c("Pupils", "count"),
    "p10": _c("Pupils p10", "count"), "p50": _c("Pupils p50", "count"), "p90": _c("Pupils p90", "count"),
    "demand": _c("Pupils", "count"), "population": _c("Population", "count"),
    "learners": _c("Learners", "count"), "learners_needed": _c("Learners needed", "count"),
    "unplaced": _c("Unplaced pupils", "count"), "peak_demand": _c("Peak pupils", "count"),
    "public_pupils": _c("Public pupils", "count"), "inclusive_pupils": _c("Inclusive pupils", "count"),
    "private_pupils": _c("Private pupils", "count"), "nursery_demand": _c("Nursery demand (under-3s)", "count"),
    "townships": _c("Townships", "count"), "villages": _c("Villages", "count"), "counties": _c("Counties", "count"),
    "reached": _c("Older people within reach", "count"),
    # places, classes and the balance
    "capacity": _c("Places", "count"), "places": _c("Places", "count"), "existing": _c("Places without programme",
                                                                                         "count"),
    "new_places": _c("New places", "count"), "added": _c("Places added", "count"),
    "surplus": _c("Surplus places", "count"), "deficit": _c("Deficit (places)", "count", "deficit"),
    "utilisation": _c("Utilisation (pupils / places)", "share", "utilisation"),
    "classes_needed": _c("Classes needed", "count"), "classes": _c("Classes", "count"),
    "large_classes": _c("Large classes", "count"), "projects": _c("Projects", "count"),
    "capacity_at_peak": _c("Places at peak", "count"), "deficit_at_peak": _c("Deficit at peak (places)", "count",
                                                                              "deficit"),
    "deficit_before": _c(f"Unmet before programme ({PY})", "count", "deficit"),
    "deficit_after": _c(f"Unmet after programme ({PY})", "count", "deficit"),
    "unavoidable": _c(f"Unavoidable ({PY})", "count", "deficit"),
    "worst_deficit_before": _c("Worst-year deficit before (places)", "count", "deficit"),
    "worst_deficit_after": _c("Worst-year deficit after (places)", "count", "deficit"),
    "stranded": _c(f"Stranded ({PY})", "count"), "stranded_at_horizon": _c("Stranded places at horizon", "count"),
    "surplus_at_horizon": _c("Surplus places at horizon", "count"), "cost": _c("Cost (¥)", "money"),
    "public_places": _c("Public places", "count"), "inclusive_places": _c("Inclusive places", "count"),
    "private_places": _c("Private places", "count"),
    # the levers beyond building (ledger, conversions, temporary; DESIGN §2.4b), per year
    "new": _c("New places", "count"), "temporary": _c("Temporary places", "count"),
    "converted_in": _c("Places converted in", "count"), "converted_out": _c("Places converted out", "count"),
    "crowded": _c("Pupils above the class norm", "count"), "unmet": _c("Pupils without a place", "count", "deficit"),
    "places_gained": _c("Places gained", "count"), "until_year": _c("In use until", "year"),
    # the plan with its levers against building alone (levers), summed over the years
    **{f"{who}_{measure}": _c(f"{measure.capitalize()}, {label} ({unit})", "count",
                              "deficit" if measure == "unmet" else None)
       for measure, unit in (("unmet", PY), ("crowded", "pupil-years"), ("stranded", PY))
       for who, label in (("plan", "levers"), ("alone", "building alone"))},
    "plan_cost": _c("Cost, levers (¥)", "money"), "alone_cost": _c("Cost, building alone (¥)", "money"),
    "public_places_needed": _c("Public places needed", "count", "deficit"),
    "inclusive_places_needed": _c("Inclusive places needed", "count", "deficit"),
    "nursery_convertible": _c("Nursery places convertible", "count"),
    # shares (0 to 1, shown as percentages)
    "public_share": _c("公办率 public share", "share"), "inclusive_share": _c("普惠率 inclusive share", "share"),
    "public_target": _c("公办率 target", "share"), "inclusive_target": _c("普惠率 target", "share"),
    "public_met": _c("公办率 met", "bool"), "inclusive_met": _c("普惠率 met", "bool"),
    "participation": _c("Participation (learners / aged 60+)", "share"),
    "participation_gap": _c("Participation gap", "share"), "within_reach": _c("Within reach", "share"),
    "within_reach_gap": _c("Within-reach gap", "share"), "township_school": _c("Townships with a school", "share"),
    "township_school_gap": _c("Township-school gap", "share"), "village_point": _c("Villages with a point", "share"),
    "village_point_gap": _c("Village-point gap", "share"), "county_university": _c("Counties with a university",
                                                                                   "share"),
    "county_university_gap": _c("County-university gap", "share"), "reached_share": _c("Share within reach", "share"),
    "share": _c("Share done", "share"), "has_university": _c("Has a university for the elderly", "bool"),
    "has_school": _c("Has a school", "bool"), "has_point": _c("Has a point", "bool"),
    # ratios and plain numbers
    "ratio": _c("Ratio", "ratio"), "places_per_person": _c("Places per person", "ratio"),
    "target": _c("Target", "number"), "target_year": _c("Target year", "year"),
    "baseline_year": _c("Baseline year", "year"), "baseline_value": _c("Baseline", "number"),
    "latest_year": _c("Latest year", "year"), "latest_value": _c("Latest", "number"),
    "projected": _c("Projected", "number"), "year_reached": _c("Year reached", "year"),
    "annual_change_needed": _c("Change needed a year", "number"),
    "cagr_observed": _c("Growth a year, observed", "share"), "cagr_required": _c("Growth a year, required", "share"),
    "scaling": _c("Scaling", "ratio"), "peak_year": _c("Peak year", "year"),
    "achieved": _c("Achieved", "number"), "pace_per_month": _c("Pace a month", "number"),
    "required_per_month": _c("Needed a month", "number"), "required_per_day": _c("Needed a day", "number"),
    "days_left": _c("Days left", "integer"), "deadline": _c("Deadline", "date"), "last_report": _c("Last report",
                                                                                                   "date"),
    # the summary tables' own columns (summary.py)
    "peak year": _c("Peak year", "year"), "peak pupils": _c("Peak pupils", "count"),
    f"unmet ({PY})": _c(f"Unmet ({PY})", "count", "deficit"), f"after ({PY})": _c(f"After ({PY})", "count", "deficit"),
    f"unavoidable ({PY})": _c(f"Unavoidable ({PY})", "count"), f"stranded ({PY})": _c(f"Stranded ({PY})", "count"),
    "cost (¥ million)": _c("Cost (¥ million)", "count"), "districts below": _c("Districts below", "count"),
    "places needed": _c("Places needed", "count"), "aged 60+": _c("Aged 60+", "count"),
    "learners needed": _c("Learners needed", "count"), "within reach": _c("Within reach", "share"),
    "townships with a school": _c("Townships with a school", "share"),
    "villages with a point": _c("Villages with a point", "share"), "city": _c("City", "share"),
    **{f"{measure} ({who})": _c(f"{measure.capitalize()}, {who} ({unit})", "count",
                                "deficit" if measure == "unmet" else None)
       for measure, unit in (("unmet", PY), ("crowded", "pupil-years"), ("stranded", PY))
       for who in ("levers", "build only")},
    "¥m (levers)": _c("Cost, levers (¥ million)", "count"),
    "¥m (build only)": _c("Cost, build only (¥ million)", "count"),
}
"""Column name → how it reads, for every column of every output table."""

BY_TABLE: dict[tuple[str, str], Column] = {
    # per year in the programme's balance, not summed over years as in schedule.csv
    ("programme_balance", "deficit_before"): _c("Deficit before programme (places)", "count", "deficit"),
    ("programme_balance", "deficit_after"): _c("Deficit after programme (places)", "count", "deficit"),
    ("programme_balance", "stranded"): _c("Stranded places", "count"),
    ("ledger", "stranded"): _c("Stranded places", "count"),
    ("conversions", "places"): _c("Places converted", "count"),
    ("temporary", "places"): _c("Temporary places installed", "count"),
    ("coverage", "population"): _c("Aged 60+", "count"), ("coverage_total", "population"): _c("Aged 60+", "count"),
    ("coverage_areas", "population"): _c("Aged 60+", "count"),
    ("coverage", "capacity"): _c("Learner places", "count"), ("coverage_total", "capacity"): _c("Learner places",
                                                                                                  "count"),
    ("coverage_areas", "within_reach"): _c("Within reach", "bool"),
    ("recommended_sites", "capacity"): _c("Learner places", "count"),
    ("targets", "ratio"): _c("Progress ratio (Open SDG)", "ratio"),
    ("targets", "score"): _c("Progress score (Open SDG, -5..5)", "number"),
    ("teachers", "needed"): _c("Teachers needed", "count"),
    ("teachers", "available"): _c("Teachers available", "count"),
    ("teachers", "moved_in"): _c("Teachers moved in", "count"),
    ("teachers", "moved_out"): _c("Teachers moved out", "count"),
    ("teachers", "hires_needed"): _c("Teachers to hire", "count", "deficit"),
    ("teachers", "surplus"): _c("Surplus teachers", "count"),
    ("teacher_flows", "teachers"): _c("Teachers moved", "count"),
    ("births", "observed"): _c("Observed", "bool"), ("ratios", "observed"): _c("Years observed", "integer"),
    ("ratios", "ratio"): _c("Ratio", "ratio"),
    ("kindergarten shares", "target"): _c("Target", "share"), ("kindergarten shares", "share"): _c("Share", "text"),
    ("provenance", "table"): _c("File", "text"), ("provenance", "item"): _c("Figure", "text"),
    ("provenance", "status"): _c("Status (published, derived, assumed)", "text"),
    ("provenance", "how"): _c("How it was obtained", "text"),
}
"""Where one name means another thing in one table (a per-year deficit, older people)."""


def column(name: str, table: str = "", dtype=None) -> Column:
    """How column ``name`` of ``table`` reads: :data:`BY_TABLE`, then :data:`COLUMNS`, else a
    column unknown here (a scenario's own, population by age group "0-2", "pupils 2024")
    keeps its name, capitalised, and takes its kind from its dtype and name."""
    found = BY_TABLE.get((table, name)) or COLUMNS.get(name)
    if found is not None:
        return found
    return Column(name[:1].upper() + name[1:] if name[:2].isalpha() else name, _kind_of(name, dtype))


def _kind_of(name: str, dtype) -> str:
    if dtype is None:
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if not pd.api.types.is_numeric_dtype(dtype):
        return "text"
    if name.endswith("year"):
        return "year"
    if name[:1].isdigit() or name.startswith("pupils") or pd.api.types.is_integer_dtype(dtype) or name == "total":
        return "count"  # population by age group ("0-2", "65+"), "pupils 2024", integer counts
    return "number"


EXCEL_FORMATS = {"count": "#,##0", "money": "#,##0", "share": "0.0%", "ratio": "0.000", "year": "0",
                 "integer": "0", "number": "#,##0.0##", "date": "yyyy-mm-dd", "bool": "General", "text": "General"}
"""Excel's number format for each kind."""


def excel_format(col: Column) -> str:
    """The Excel number format of a column."""
    return EXCEL_FORMATS[col.kind]


def text(value, kind: str) -> str:
    """``value`` as the report and the terminal show a value of ``kind``: thousands separators,
    percentages for shares, three decimals for ratios, years plain; "" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool) or kind in ("text", "bool"):
        return "yes" if value is True else "no" if value is False else str(value)
    if kind == "date":
        return str(value)[:10]
    if not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        return str(value)
    v = float(value)
    if kind in ("year", "integer"):
        return f"{v:.0f}"
    if kind in ("count", "money"):
        return f"{v:,.0f}"
    if kind == "share":
        return f"{v:.1%}"
    if kind == "ratio":
        return f"{v:,.3f}"
    return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.0f}"


def headers(frame: pd.DataFrame, table: str = "") -> list[str]:
    """The friendly headers of ``frame``'s columns."""
    return [column(str(c), table, frame[c].dtype).header for c in frame.columns]

