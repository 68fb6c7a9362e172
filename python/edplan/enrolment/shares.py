# SPDX-License-Identifier: MIT
"""Per-school projection (DESIGN §2.2, issue 14): a school's share of its district.

A school's own cohort ratios are noisy (a family moving changes them) and follow its
catchment's changes rather than births; its share of the district's pupils moves slowly. So
the district is projected by the cohort method from the summed history of its schools, and each
school's share of each level is projected by its own trend, by the engine's ratio methods
(``_core.enrolment.project_series``; with "auto", chosen per school as ratio methods are).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Optional

import numpy as np
import pandas as pd

from .. import _core
from ..errors import InputError
from .levels import Level, default_levels
from .projection import IntervalWarning, project
from .tables import RULES, method_name

__all__ = ["project_schools"]


def project_schools(
    history: pd.DataFrame,
    births: Optional[pd.DataFrame] = None,
    *,
    districts: Mapping,
    base_year: int,
    horizon: int,
    levels: Optional[Sequence[Level]] = None,
    method: str = "auto",
    k: int = 3,
    alpha: float = 0.4,
    share_method: str = "ses",
    share_k: int = 3,
    share_alpha: float = 0.8,
) -> pd.DataFrame:
    """Project every school's level totals as its district's projection × its projected share.

    Args:
        history: the enrolment table by school — region (the school), year, level, grade, pupils —
            up to the base year.
        births: births by district (a ``region`` column naming districts) or one series for all.
        districts: school → district.
        base_year, horizon, levels, method, k, alpha: as for :func:`~edplan.enrolment.project`
            (of the district).
        share_method, share_k, share_alpha: how a share series is projected, as ratio methods
            are; "auto" chooses per school and level. The default, SES with α = 0.8 (a share
            follows its recent values closely), beat the last share and "auto" on ECASD; that
            comparison used years it is also scored on, so treat it as a measured default, not
            an out-of-sample result.

    Returns:
        region (school), district, year, level, pupils, share (projected), share_method (the
        method chosen for the school's share of the level); schools with pupils in the base year.

    Raises:
        InputError: a school with no district, or the district projection's problems.
    """
    levels = [lv for lv in (levels or default_levels()) if lv.kind != "rate"]
    missing = sorted(set(history["region"]) - set(districts), key=str)
    if missing:
        raise InputError(f"no district for school(s) {', '.join(map(str, missing[:5]))}; expected every school "
                         f"in districts", "districts")
    history = history[history["level"].isin({lv.name for lv in levels}) & (history["year"] <= base_year)]
    history = history.assign(district=history["region"].map(districts))
    summed = history.groupby(["district", "year", "level", "grade"], as_index=False)["pupils"].sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntervalWarning)
        district = project(summed.rename(columns={"district": "region"}), births, base_year=base_year,
                           horizon=horizon, levels=levels, method=method, k=k, alpha=alpha).totals
    school_totals = history.groupby(["region", "district", "level", "year"])["pupils"].sum()
    district_totals = history.groupby(["district", "level", "year"])["pupils"].sum()
    share = (school_totals / district_totals.reindex(school_totals.index.droplevel("region")).to_numpy())
    years = list(range(int(history["year"].min()), base_year + 1))
    series = share.unstack("year").reindex(columns=years)
    series = series[series[base_year].notna()]  # schools open in the base year
    values = np.ascontiguousarray(series.to_numpy(dtype=float))
    chosen = np.asarray(_core.enrolment.choose_methods(
        values, method=_core.enrolment.RatioMethod(rule=share_method, k=share_k, alpha=share_alpha)))
    rows = []
    for i, (school, dist, level) in enumerate(series.index):
        m = _core.enrolment.RatioMethod(rule=RULES[int(chosen[i, 0, 0])], k=int(chosen[i, 0, 1]),
                                        alpha=float(chosen[i, 0, 2]))
        for year in range(base_year + 1, horizon + 1):
            s = _core.enrolment.project_series(values[i], method=m, lead=year - base_year)
            rows.append((school, dist, year, level, max(s, 0.0), method_name(*chosen[i, 0])))
    out = pd.DataFrame(rows, columns=["region", "district", "year", "level", "share", "share_method"])
    out = out.merge(district.rename(columns={"region": "district", "pupils": "district_pupils"}),
                    on=["district", "year", "level"], how="left")
    out["pupils"] = out["district_pupils"] * out["share"]
    return out[["region", "district", "year", "level", "pupils", "share", "share_method"]]

