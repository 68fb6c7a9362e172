# SPDX-License-Identifier: MIT
"""The few tables a planner reads first: peak years, largest deficits, stranded places,
preschool shares, teacher gaps and surpluses, coverage gaps and targets off track."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from .columns import PY

if TYPE_CHECKING:
    from ..scenario.results import Results


def school_order(results: "Results", levels) -> list[str]:
    """The distinct ``levels`` in the scenario's school order (kindergarten first), any level the
    scenario does not name after them in the order they come."""
    present = list(dict.fromkeys(levels))
    known = [level.name for level in getattr(results.scenario, "levels", [])]
    return [lv for lv in known if lv in present] + [lv for lv in present if lv not in known]


def _by_level(results: "Results", frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its rows in school order of its level column."""
    order = {lv: i for i, lv in enumerate(school_order(results, frame["level"]))}
    return frame.iloc[np.argsort(frame["level"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)


def summarise(results: "Results", top: int = 8) -> dict[str, pd.DataFrame]:
    """The summary tables, by title: city demand (now, at the peak, at the horizon), the largest
    deficits, the largest surpluses at the horizon, targets off track, the expansion
    programme, kindergarten shares and elder-education coverage, each where the run has it.
    With draws, city demand gives the p10–p90 interval of each figure."""
    t = results.tables
    out: dict[str, pd.DataFrame] = {}
    if "totals" in t:
        city = t["totals"].groupby(["level", "year"], sort=False)["pupils"].sum().reset_index()
        peak = city.loc[city.groupby("level", sort=False)["pupils"].idxmax()]
        first = city.groupby("level", sort=False).first()
        last = city.groupby("level", sort=False).last()
        out["city demand"] = _by_level(results, pd.DataFrame({
            "level": peak["level"].to_numpy(),
            f"pupils {int(first['year'].iloc[0])}": first.loc[peak["level"], "pupils"].round().astype(int).to_numpy(),
            "peak year": peak["year"].to_numpy(),
            "peak pupils": peak["pupils"].round().astype(int).to_numpy(),
            f"pupils {int(last['year'].iloc[0])}": last.loc[peak["level"], "pupils"].round().astype(int).to_numpy(),
            **_interval(t["totals"], peak["level"], int(last["year"].iloc[0])),
        }))
    if "balance" in t:
        b = t["balance"]
        worst = b.loc[b.groupby(["region", "level"])["deficit"].idxmax()]
        worst = worst[worst["deficit"] > 0].sort_values("deficit", ascending=False).head(top)
        out["largest deficits"] = pd.DataFrame({
            "region": worst["region"], "level": worst["level"], "year": worst["year"],
            "deficit": worst["deficit"].round().astype(int), "utilisation": worst["utilisation"].round(2),
        }).reset_index(drop=True)
        last_year = b["year"].max()
        spare = b[b["year"] == last_year].sort_values("surplus", ascending=False).head(top)
        out[f"surplus places in {last_year}"] = pd.DataFrame({
            "region": spare["region"], "level": spare["level"], "surplus": spare["surplus"].round().astype(int),
            "utilisation": spare["utilisation"].round(2)}).reset_index(drop=True)
    if "targets" in t:
        tg = t["targets"]
        off = tg[tg["category"].isin(["acceleration needed", "limited progress", "deterioration"])]
        out["targets off track"] = off[["indicator", "region", "category", "latest_value", "target",
                                        "target_year"]].reset_index(drop=True) if len(off) else pd.DataFrame(
            {"targets off track": [f"none of {len(tg)} ({', '.join(sorted(set(tg['category'])))})"]})
    if "schedule" in t:
        out["expansion programme"] = _by_level(results, _programme(t["schedule"]))
    if "levers" in t:
        out["levers against building alone"] = _by_level(results, levers_table(t["levers"]))
    if "preschool_targets" in t:
        out["kindergarten shares"] = _preschool(t["preschool_targets"], t.get("preschool_total"))
    if "teachers" in t:
        out["largest teacher gaps"], out["largest teacher surpluses"] = _teachers(t["teachers"], top)
    if "coverage_total" in t:
        out["elder-education coverage"] = _coverage(t["coverage_total"])
    return out


def _interval(totals: pd.DataFrame, levels, year: int) -> dict[str, list[str]]:
    """With draws: the p10–p90 range of each level's city pupils in ``year``, as text (the sum
    of the districts' p10 and p90, a range wider than the city's own)."""
    if "p10" not in totals.columns:
        return {}
    city = totals[totals["year"] == year].groupby("level")[["p10", "p90"]].sum()
    return {f"p10–p90 {year}": [f"{city.loc[lv, 'p10']:,.0f}–{city.loc[lv, 'p90']:,.0f}" for lv in levels]}


def _programme(schedule: pd.DataFrame) -> pd.DataFrame:
    """Per level: unmet place-years before and after the schedule, the part no schedule can
    meet, and what it builds (projects, places, ¥ million, stranded place-years)."""
    g = schedule.groupby("level", sort=False)[["deficit_before", "deficit_after", "unavoidable", "projects",
                                                "new_places", "cost", "stranded"]].sum()
    return pd.DataFrame({
        "level": g.index, f"unmet ({PY})": g["deficit_before"].round().astype(int).to_numpy(),
        f"after ({PY})": g["deficit_after"].round().astype(int).to_numpy(),
        f"unavoidable ({PY})": g["unavoidable"].round().astype(int).to_numpy(),
        "projects": g["projects"].astype(int).to_numpy(), "places": g["new_places"].round().astype(int).to_numpy(),
        "cost (¥ million)": (g["cost"] / 1e6).round().astype(int).to_numpy(),
        f"stranded ({PY})": g["stranded"].round().astype(int).to_numpy(),
    })


def levers_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per level: unmet, crowded and stranded place-years and ¥ million, with the levers and
    with building alone."""
    out = pd.DataFrame({"level": comparison["level"]})
    for measure in ("unmet", "crowded", "stranded"):
        for who in ("plan", "alone"):
            out[f"{measure} ({'levers' if who == 'plan' else 'build only'})"] = \
                comparison[f"{who}_{measure}"].round().astype(int)
    for who in ("plan", "alone"):
        out[f"¥m ({'levers' if who == 'plan' else 'build only'})"] = (comparison[f"{who}_cost"] / 1e6).round().astype(int)
    return out.reset_index(drop=True)


def _preschool(targets: pd.DataFrame, total) -> pd.DataFrame:
    """The target year: districts below 公办率 / 普惠率 and the places that would close the gap."""
    year = int(targets["year"].iloc[0])
    rows = []
    for sector, label in (("public", "公办率 (public)"), ("inclusive", "普惠率 (inclusive)")):
        city = np.nan
        if total is not None and (total["year"] == year).any():
            city = round(float(total.loc[total["year"] == year, f"{sector}_share"].iloc[0]), 3)
        rows.append((label, year, float(targets[f"{sector}_target"].iloc[0]), city,
                     int((~targets[f"{sector}_met"].astype(bool)).sum()), int(targets[f"{sector}_places_needed"].sum())))
    return pd.DataFrame(rows, columns=["share", "year", "target", "city", "districts below", "places needed"])


def _teachers(table: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per district and level, the year most teachers must be hired (after redeployment) and the
    year most are spare, the largest first."""
    def worst(column: str, label: str) -> pd.DataFrame:
        at = table.loc[table.groupby(["region", "level"], sort=False)[column].idxmax()]
        at = at[at[column] >= 0.5].sort_values(column, ascending=False).head(top)
        return pd.DataFrame({
            "region": at["region"], "level": at["level"], "year": at["year"],
            "needed": at["needed"].round().astype(int), "available": at["available"].round().astype(int),
            "moved in": at["moved_in"].round().astype(int), "moved out": at["moved_out"].round().astype(int),
            label: at[column].round().astype(int)}).reset_index(drop=True)

    return worst("hires_needed", "to hire"), worst("surplus", "spare")


def _coverage(total: pd.DataFrame) -> pd.DataFrame:
    """The city's older population, learners and coverage shares in the first, middle and last year."""
    years = total["year"].to_numpy()
    pick = total[total["year"].isin({years[0], years[len(years) // 2], years[-1]})]
    out = pd.DataFrame({"year": pick["year"].astype(int), "aged 60+": pick["population"].round().astype(int),
                        "participation": pick["participation"].round(3),
                        "learners needed": pick["learners_needed"].round()})
    if out["learners needed"].notna().all():
        out["learners needed"] = out["learners needed"].astype(int)
    for column, label in (("within_reach", "within reach"), ("township_school", "townships with a school"),
                          ("village_point", "villages with a point")):
        out[label] = pick[column].round(3)
    return out.reset_index(drop=True)


def read_provenance(results: "Results") -> Optional[pd.DataFrame]:
    """Where the numbers of the scenario come from (``provenance.csv`` beside a scenario, as the
    built-in one has), or None."""
    path = results.scenario.path.parent / "provenance.csv"
    return pd.read_csv(path) if path.is_file() else None


def html_overview(results: "Results") -> str:
    s = results.scenario
    parts = [f"<h4>edplan results: {html.escape(s.name)}, {s.base_year}–{s.horizon}, {len(s.regions)} regions"
             + (f", {results.draws} draws" if results.draws else "") + "</h4>"]
    for title, frame in results.summary().items():
        parts.append(f"<b>{html.escape(title)}</b>" + frame.to_html(index=False, border=0))
    parts.append("<p>Tables: " + ", ".join(f"<code>.{n}</code>" for n in results.tables) + "</p>")
    return "\n".join(parts)
