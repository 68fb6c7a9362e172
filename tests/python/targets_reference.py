# SPDX-License-Identifier: MIT
"""Independent implementations of the target assessment (DESIGN §2.7), for the tests and the
benchmark: ``assess_series`` follows the definitions one series at a time in plain Python and
numpy (np.polyfit for the trends); ``assess_frame_numpy`` is the vectorised pandas/numpy
groupby computation a user would write for a whole table (linear projection)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

CATEGORIES = ("achieved", "on track", "acceleration needed", "limited progress", "deterioration", "insufficient data")


def _classify(x, hi, mid, lo):
    if math.isnan(x):
        return "insufficient data"
    if x >= hi:
        return "on track"
    if x >= mid:
        return "acceleration needed"
    if x >= lo:
        return "limited progress"
    return "deterioration"


def _fit(t, y, method, upper):
    """(slope, value_at) of the trend, or None."""
    if len(t) < 2 or np.ptp(t) == 0:
        return None
    if method == "logistic":
        p = y / upper
        if np.any(p <= 0) or np.any(p >= 1):
            return None
        z = np.log(p / (1 - p))
    else:
        z = y
    w = (t - t[0] + 1.0) if method == "time_weighted" else np.ones_like(t)
    # np.polyfit minimises Σ (w_i·residual_i)², so weights of squared residuals go in as √w.
    slope, intercept = np.polyfit(t - t.mean(), z, 1, w=np.sqrt(w))

    def at(year):
        v = intercept + slope * (year - t.mean())
        return upper / (1 + math.exp(-v)) if method == "logistic" else v

    return slope, at


def assess_series(years, values, *, target=None, target_year=None, baseline_year=None, direction="increase",
                  method="linear", limit=None, upper=1.0, zero_replacement=0.001):
    """A dict with category, ratio, projected, year_reached, annual_change_needed."""
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    keep = ~np.isnan(values)
    order = np.argsort(years[keep], kind="stable")
    t, y = years[keep][order], values[keep][order]
    d = 1.0 if direction == "increase" else -1.0
    out = dict(category="insufficient data", ratio=math.nan, projected=math.nan, year_reached=math.nan,
               annual_change_needed=math.nan)
    if len(t) == 0:
        return out
    sel = t >= baseline_year if baseline_year is not None else np.ones(len(t), bool)
    tb, yb = t[sel], y[sel]
    fit = _fit(tb, yb, method, upper)
    if fit is not None and target_year is not None:
        out["projected"] = fit[1](target_year)
    ti, yi = t[-1], y[-1]

    def growth(y0, y1, t0, t1):
        return (y1 / y0) ** (1.0 / (t1 - t0)) - 1.0

    rate = math.nan
    if len(tb) >= 2:
        t0, y0 = tb[0], yb[0]
        y0r = zero_replacement if y0 == 0 else y0
        s = -1.0 if y0r < 0 else 1.0
        if target is None:
            if y0r * yi >= 0:
                c = 1.0
                if limit is not None:
                    b, lim = abs(y0), abs(limit)
                    c = 1.0 if b >= 2 * lim else (1 - (b / lim) ** 4.44 if b <= lim else 1 - ((2 * lim - b) / lim) ** 4.44)
                g = s * d * growth(y0r, yi, t0, ti)
                out["category"] = _classify(g, 0.015 * c, 0.005 * c, 0.0)
            return out
        yT = zero_replacement if target == 0 else target
        if y0r * yi >= 0 and y0r * yT >= 0 and target_year > t0:
            req = abs(growth(y0r, yT, t0, target_year))
            obs = s * d * growth(y0r, yi, t0, ti)
            rate = (0.0 if obs == 0 else math.copysign(math.inf, obs)) if req == 0 else obs / req
    elif target is None:
        return out
    out["ratio"] = rate
    meets = (lambda v: v >= target) if d > 0 else (lambda v: v <= target)
    if meets(yi) and len(tb) >= 2:
        j = len(y) - 1
        while j > 0 and meets(y[j - 1]):
            j -= 1
        out.update(category="achieved", year_reached=float(t[j]), annual_change_needed=0.0)
        return out
    out["category"] = _classify(rate, 0.95, 0.6, 0.0)
    if meets(yi):
        out["annual_change_needed"] = 0.0
    elif target_year > ti:
        out["annual_change_needed"] = (target - yi) / (target_year - ti)
    if fit is not None:
        # The first whole year after the latest observation whose projection meets the target,
        # searched year by year (the engine solves for the crossing instead).
        for year in range(int(ti) + 1, int(ti) + 400):
            if meets(fit[1](year)):
                out["year_reached"] = float(year)
                break
    return out


def assess_frame_numpy(indicators: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Category, ratio and linear projection for every series with a target row, vectorised
    with pandas groupby and numpy: what a user would write instead of edplan.targets.

    ``targets`` has one row per (indicator, region) with target, target_year, direction and
    baseline_year (NaN = first observation)."""
    df = indicators.dropna(subset=["value"]).merge(targets, on=["indicator", "region"])
    df = df[~(df["year"] < df["baseline_year"])].sort_values(["indicator", "region", "year"])
    df["t"] = df["year"] - 2000.0  # centred enough for the normal equations
    df["tt"] = df["t"] * df["t"]
    df["ty"] = df["t"] * df["value"]
    g = df.groupby(["indicator", "region"], sort=True)
    a = g.agg(n=("t", "size"), t0=("year", "first"), y0=("value", "first"), ti=("year", "last"),
              yi=("value", "last"), st=("t", "sum"), sy=("value", "sum"), stt=("tt", "sum"), sty=("ty", "sum"),
              target=("target", "first"), target_year=("target_year", "first"), direction=("direction", "first"))
    d = np.where(a["direction"] == "increase", 1.0, -1.0)
    n = a["n"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (n * a["sty"] - a["st"] * a["sy"]) / (n * a["stt"] - a["st"] ** 2)
        intercept = (a["sy"] - slope * a["st"]) / n
        projected = intercept + slope * (a["target_year"] - 2000.0)
        y0 = a["y0"].where(a["y0"] != 0, 0.001)
        s = np.where(y0 < 0, -1.0, 1.0)
        obs = (a["yi"] / y0) ** (1 / (a["ti"] - a["t0"])) - 1
        req = np.abs((a["target"] / y0) ** (1 / (a["target_year"] - a["t0"])) - 1)
        ratio = s * d * obs / req
    achieved = np.where(d > 0, a["yi"] >= a["target"], a["yi"] <= a["target"])
    category = np.select(
        [n < 2, achieved, ratio >= 0.95, ratio >= 0.6, ratio >= 0.0, ratio < 0.0],
        ["insufficient data", "achieved", "on track", "acceleration needed", "limited progress", "deterioration"],
        "insufficient data")
    return pd.DataFrame({"category": category, "ratio": np.where(n < 2, np.nan, ratio),
                         "projected": np.where(n < 2, np.nan, projected)}, index=a.index).reset_index()
