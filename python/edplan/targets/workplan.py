# SPDX-License-Identifier: MIT
"""The annual work-plan tracker: a year's quantified plan items, progress as dated counts, and
per item the count to date, the pace still required, the year-end value at the current pace
and a status (:func:`track`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError, Problem
from .._io import Located, PathLike, columns_present, dates, located, numbers, relocate, texts

__all__ = ["PLAN_COLUMNS", "STATUSES", "Tracking", "default_workplan_path", "load_progress", "load_workplan",
           "read_tracking", "track", "tracking_options", "workplan_table"]

PLAN_COLUMNS = ("id", "item_zh", "item_en", "unit", "target", "comparison", "start", "deadline", "source")
"""The columns of a work plan: id, target and deadline are required; comparison defaults to
'>=' (at least; '=' means the plan states an exact number), start to 1 January of the
deadline's year."""

STATUSES: tuple[str, ...] = tuple(_core.targets.STATUSES)
"""Item statuses: achieved, on track, at risk, off track, no progress reported."""

_TRACK = _core.targets.TrackOptions()
"""The engine's default tracker settings: cumulative counts, at risk from 80% of the target."""

DateLike = Union[str, dt.date, np.datetime64, pd.Timestamp]


def default_workplan_path() -> Path:
    """The bundled 2024 plan: the quantified targets of the Quanzhou municipal education
    bureau's 2024 work plan as quoted in edplan issue 5. ``item_zh`` is edplan's Chinese
    wording of each item, not a quotation of the plan."""
    return Path(str(resources.files("edplan") / "data" / "quanzhou" / "workplan_2024.csv"))


def _remember(frame: pd.DataFrame, t: Located) -> pd.DataFrame:
    # A loaded table keeps its rows' file and lines, so that track() can still say where a
    # problem is.
    frame = frame.reset_index(drop=True)
    frame.attrs.update(t.frame.attrs)
    if t.frame.attrs.get("index_is_line"):
        frame.attrs.update(index_is_line=False, lines=t.frame.index.to_numpy())
    return frame


def _plan(t: Located) -> pd.DataFrame:
    problems: list[Problem] = []
    if not columns_present(t, ("id", "target", "deadline"), problems):
        raise InputError(problems)
    ids = texts(t, "id")
    for i in np.flatnonzero(ids == ""):
        problems.append(Problem(t.where(i, "id"), "is empty; expected an item id"))
    for i in np.flatnonzero(pd.Series(ids).duplicated().to_numpy() & (ids != "")):
        problems.append(Problem(t.where(i, "id"), f"'{ids[i]}' given twice; expected each item once"))
    target = numbers(t, "target", problems, expected="a count > 0", ok=lambda v: v > 0)
    comparison = texts(t, "comparison", ">=")
    comparison = np.array([{"≥": ">=", "==": "="}.get(c, c) for c in comparison], dtype=object)
    for i in np.flatnonzero(~np.isin(comparison, [">=", "="])):
        problems.append(Problem(t.where(i, "comparison"), f"got '{comparison[i]}'; expected '>=' (at least) or '=' (exactly)"))
    deadline = dates(t, "deadline", problems)
    if "start" in t.frame.columns:
        start = dates(t, "start", problems, optional=True)
    else:
        start = np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[D]")
    jan1 = deadline.astype("datetime64[Y]").astype("datetime64[D]")
    start = np.where(np.isnat(start), jan1, start)
    for i in np.flatnonzero(~np.isnat(deadline) & ~np.isnat(start) & (deadline < start)):
        problems.append(Problem(t.where(i, "deadline"), f"{deadline[i]} is before the start {start[i]}; expected it on or after"))
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame({
        "id": ids, "item_zh": texts(t, "item_zh"), "item_en": texts(t, "item_en"), "unit": texts(t, "unit"),
        "target": target, "comparison": comparison, "start": start.astype("datetime64[ns]"),
        "deadline": deadline.astype("datetime64[ns]"), "source": texts(t, "source")})
    return _remember(frame, t)


def load_workplan(path: Optional[PathLike] = None) -> pd.DataFrame:
    """Reads a work plan CSV (columns :data:`PLAN_COLUMNS`; default: the bundled 2024 plan,
    :func:`default_workplan_path`). Raises InputError with ``file:line:column: message``
    lines for every problem: missing columns, empty or repeated ids, targets that are not
    counts > 0, comparisons other than '>=' / '=', dates that are not YYYY-MM-DD, deadlines
    before starts."""
    return _plan(located(default_workplan_path() if path is None else path, "plan"))


def _progress(t: Located, plan: pd.DataFrame):
    problems: list[Problem] = []
    if not columns_present(t, ("id", "date", "count"), problems):
        raise InputError(problems)
    ids = texts(t, "id")
    index = pd.Index(plan["id"])
    item = index.get_indexer(ids)
    for i in np.flatnonzero(item < 0):
        problems.append(Problem(t.where(i, "id"), f"unknown item '{ids[i]}'; expected an id of the plan"))
    day = dates(t, "date", problems)
    count = numbers(t, "count", problems, expected="a count >= 0", ok=lambda v: v >= 0)
    if problems:
        raise InputError(problems)
    return item.astype(np.int64), day.astype(np.int64), count


def load_progress(path: PathLike) -> pd.DataFrame:
    """Reads a progress CSV with columns id, date (YYYY-MM-DD), count; the rows keep their
    file lines so that :func:`track` can locate problems found later (a cumulative count that
    falls, a date before the plan starts)."""
    t = located(path, "progress")
    problems: list[Problem] = []
    if not columns_present(t, ("id", "date", "count"), problems):
        raise InputError(problems)
    return _remember(t.frame.copy(), t)


def _day(x: DateLike, name: str) -> int:
    try:
        return int(np.datetime64(pd.Timestamp(x).date(), "D").astype(np.int64))
    except (TypeError, ValueError):
        raise InputError(f"got {x!r}; expected a date (YYYY-MM-DD)", name) from None


def track(plan: Union[pd.DataFrame, PathLike, None], progress: Union[pd.DataFrame, PathLike, None] = None, *,
          as_of: DateLike, counts: str = _TRACK.counts, at_risk: float = _TRACK.at_risk) -> pd.DataFrame:
    """The state of every plan item on ``as_of``.

    For each item with target N, plan period [start, deadline] (D days, inclusive) and E days
    elapsed by ``as_of`` (counting the start and the as_of day, clipped to [0, D]):

    - ``achieved``: the count by min(as_of, deadline): the latest cumulative count, or the sum
      of increments (``counts="increments"``); reports dated after it are not counted;
    - ``share`` = achieved / N; ``pace_per_month`` = achieved / E · 30.436875 (an average month);
    - ``required_per_day`` = max(0, N − achieved) / (D − E), ``required_per_month`` the same
      per average month: what the rest of the period needs (NaN once no days are left unmet);
    - ``projected`` = achieved · D / E: the year-end value at the current pace, linear from the
      plan's start;
    - ``status``: "no progress reported" once the plan has started while no report about the
      item counts (an item nobody reported on is neither achieved nor off track); otherwise
      "achieved" if achieved >= N (for '=' items too, with a note when above N); "off track"
      once the deadline has passed unmet; otherwise "on track" if projected >= N (also before
      the plan starts), "at risk" if projected >= ``at_risk``·N (default 80%), "off track" below.

    Args:
        plan: the plan (a DataFrame from :func:`load_workplan`, a CSV path, or None for the
            bundled 2024 plan).
        progress: DataFrame or CSV path with columns id, date, count; None for no reports yet.
        as_of: the day to look from.
        counts: "cumulative" (each count is the total so far; it may not fall, and each item
            has one count per date) or "increments" (each count adds to the total).
        at_risk: the share of the target separating "at risk" from "off track".

    Returns:
        one row per plan item: id, item_zh, item_en, unit, target, comparison, deadline,
        achieved, share, pace_per_month, required_per_month, required_per_day, projected,
        days_left, last_report, status, note.

    Raises:
        InputError: every problem, as ``file:line:column: message`` for CSV input.
    """
    tracked = read_tracking(plan, progress)
    try:
        out = _core.targets.track(*tracked.columns(), options=tracking_options(as_of, counts, at_risk),
                                  labels=list(tracked.plan["id"]))
    except InputError as e:
        raise tracked.relocate(e) from None
    return workplan_table(tracked.plan, out)


@dataclass
class Tracking:
    """A plan and its progress reports read once: the plan's table and the engine's columns."""

    plan: pd.DataFrame
    """The checked plan (:func:`load_workplan`)."""
    item: np.ndarray
    """(P) the plan row each report is about."""
    day: np.ndarray
    """(P) the day of each report (days since 1970-01-01)."""
    count: np.ndarray
    """(P) the count each report gives."""
    plan_table: Located
    progress_table: Optional[Located]
    """None when no progress table was given."""

    def columns(self) -> tuple[np.ndarray, ...]:
        """target, start, deadline, item, day, count: the engine's columns."""
        start = self.plan["start"].to_numpy().astype("datetime64[D]").astype(np.int64)
        deadline = self.plan["deadline"].to_numpy().astype("datetime64[D]").astype(np.int64)
        return self.plan["target"].to_numpy(dtype=float), start, deadline, self.item, self.day, self.count

    def relocate(self, error: InputError) -> InputError:
        """The engine's ``progress[row=i].field`` and ``plan[id].field`` problems placed in the tables."""
        ids = list(self.plan["id"])
        columns = {"item": "id", "date": "date", "count": "count"}

        def place(m):
            if m.group(1) is not None and self.progress_table is not None:
                return self.progress_table.where(int(m.group(1)), columns.get(m.group(2), m.group(2)))
            return self.plan_table.where(ids.index(m.group(3)), m.group(4)) if m.group(3) in ids else None

        return relocate(error, r"progress\[row=(\d+)\]\.(\w+)|plan\[(.+)\]\.(\w+)", place)


def read_tracking(plan: Union[pd.DataFrame, PathLike, None],
                  progress: Union[pd.DataFrame, PathLike, None] = None) -> Tracking:
    """The plan (None: the bundled 2024 plan) and its progress reports (None: none yet),
    checked: every problem of both raised at once."""
    plan_t = located(default_workplan_path() if plan is None else plan, "plan")
    plan_df = _plan(plan_t)
    if progress is None:
        none = np.zeros(0, dtype=np.int64)
        return Tracking(plan_df, none, none, np.zeros(0), plan_t, None)
    prog_t = located(progress, "progress")
    item, day, count = _progress(prog_t, plan_df)
    return Tracking(plan_df, item, day, count, plan_t, prog_t)


def tracking_options(as_of: DateLike, counts: str, at_risk: float) -> _core.targets.TrackOptions:
    """The engine's options of :func:`track`."""
    return _core.targets.TrackOptions(as_of=_day(as_of, "as_of"), counts=counts, at_risk=at_risk)


def workplan_table(plan: pd.DataFrame, out: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The engine's item states ``out`` (status, achieved, ...) of ``plan`` as :func:`track`'s table."""
    status = np.asarray(STATUSES, dtype=object)[out["status"]]
    note = np.where((plan["comparison"] == "=") & (out["achieved"] > plan["target"]),
                    "above the planned number", "")
    # before the plan starts an item without reports is "on track"; say why nothing counts
    note = np.where(np.isnan(out["last_report"]) & (status != "no progress reported"), "no progress reported", note)
    last = np.where(np.isnan(out["last_report"]), np.iinfo(np.int64).min, out["last_report"]).astype(np.int64)
    return pd.DataFrame({
        "id": plan["id"], "item_zh": plan["item_zh"], "item_en": plan["item_en"], "unit": plan["unit"],
        "target": plan["target"], "comparison": plan["comparison"], "deadline": plan["deadline"],
        "achieved": out["achieved"], "share": out["share"],
        "pace_per_month": out["pace_per_day"] * _core.targets.DAYS_PER_MONTH,
        "required_per_month": out["required_per_month"], "required_per_day": out["required_per_day"],
        "projected": out["projected"], "days_left": out["days_left"].astype(np.int64),
        "last_report": last.astype("datetime64[D]").astype("datetime64[ns]"),
        "status": status, "note": note,
    })
