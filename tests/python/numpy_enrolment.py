# SPDX-License-Identifier: MIT
"""An independent numpy implementation of the DESIGN §2.2 enrolment chain, for the tests.

Levels are given as (kind, first, last, entry_age) with kind "rate" or "progression"; the
grade axis concatenates them; a progression level without an entry age follows grade
first − 1 of the level that ends with it.
"""

from __future__ import annotations

import numpy as np


def grade_axis(levels):
    """Per grade: (kind, level index, age or grade number, predecessor index or -1, entry age or -1)."""
    axis, where = [], {}
    for li, (kind, first, last, entry) in enumerate(levels):
        for n in range(first, last + 1):
            if kind == "progression":
                where[n] = len(axis)
            axis.append([kind, li, n, -1, -1])
    for g, (kind, li, n, _, _) in enumerate(axis):
        if kind != "progression":
            continue
        first, entry = levels[li][1], levels[li][3]
        if n == first and entry is not None:
            axis[g][4] = entry
        else:
            axis[g][3] = where[n - 1]
    return axis


def mean_last(x, k):
    x = x[~np.isnan(x)]
    return x[-k:].mean() if len(x) else np.nan


def project(levels, history, births, births_first_year, base_year, horizon, population=None, k=3,
            dwellings=None, dwellings_first_year=0, yields=None, ramp=3.0):
    """(R, T, G) pupils; history (R, H, G) ends at base_year; births (R, NB)."""
    axis = grade_axis(levels)
    R, H, G = history.shape
    T = horizon - base_year
    first_year = base_year - H + 1
    years = np.arange(first_year, base_year + 1)

    def births_at(y):
        i = y - births_first_year
        return births[:, i] if 0 <= i < births.shape[1] else np.full(R, np.nan)

    ratio = np.full((R, G), np.nan)
    for g, (kind, li, n, pred, entry) in enumerate(axis):
        if kind == "rate":
            _, first, last, _ = levels[li]
            g0 = g - (n - first)
            pupils = history[:, -1, g0:g0 + last - first + 1].sum(axis=1)
            people = population[:, 0, :, first:last + 1].sum(axis=(1, 2))
            ratio[:, g] = pupils / people
            continue
        if entry >= 0:
            den = np.stack([births_at(y - entry) for y in years], axis=1)
        else:
            den = np.concatenate([np.full((R, 1), np.nan), history[:, :-1, pred]], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            obs = np.where(den > 0, history[:, :, g] / den, np.nan)
        ratio[:, g] = [mean_last(obs[r], k) for r in range(R)]

    out = np.zeros((R, T, G))
    prev = history[:, -1, :]
    for t in range(T):
        year = base_year + 1 + t
        now = np.zeros((R, G))
        for g, (kind, li, n, pred, entry) in enumerate(axis):
            if kind == "rate":
                now[:, g] = ratio[:, g] * population[:, t + 1, :, n].sum(axis=1)
            elif entry >= 0:
                now[:, g] = ratio[:, g] * births_at(year - entry)
            else:
                now[:, g] = ratio[:, g] * prev[:, pred]
        out[:, t] = now
        prev = now
    if dwellings is not None:
        for t in range(T):
            year = base_year + 1 + t
            for li, (kind, first, last, _) in enumerate(levels):
                grades = [g for g, a in enumerate(axis) if a[1] == li]
                ys = dwellings_first_year + np.arange(dwellings.shape[1])
                w = np.where(ys <= year, np.minimum(1.0, (year - ys + 1) / ramp), 0.0)
                extra = yields[li] * (dwellings * w).sum(axis=1)
                out[:, t, grades] += extra[:, None] / len(grades)
    return out
