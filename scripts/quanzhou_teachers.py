# SPDX-License-Identifier: MIT
"""The teacher layer of the built-in Quanzhou scenario: the base year's staff by division,
level, sex and age, and the redeployment pairs (DESIGN §2.3b).

No teacher counts by division or age were found published for Quanzhou, so they are derived
and assumed, and provenance.csv says which:
- teachers per division and level in 2023 = the division's 2023 pupils (enrolment.csv) / the
  pupil–teacher ratio of full-time teachers in Fujian (Fujian Statistical Yearbook 2016, table
  22-17, 2015: primary 2,883,136 pupils / 162,496 teachers = 17.7, junior 1,133,458 / 97,965 =
  11.6, general senior high 626,272 / 50,463 = 12.4; published);
- ages 22 to the retirement age, the same number at each age (assumed: no age structure was
  found), women 70% of primary, 60% of junior and 50% of senior teachers (assumed);
- redeployment (县管校聘, pushed by the 2024 work plan): a fifth of a level's surplus a year
  may move primary → junior and junior → senior (assumed).
The staffing norms themselves (primary 19, junior 13.5, senior 12.5 pupils per teacher) are the
national standard (中央编办发〔2014〕72号; published) and live in scenario.toml.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

LEVELS = ("primary", "junior", "senior")
FEMALE = {"primary": 0.7, "junior": 0.6, "senior": 0.5}  # assumed
FIRST_AGE = 22  # assumed: graduates start at 22
RETIREMENT = {"F": 55, "M": 60}  # the rule for teachers before the gradual rise from 2025
SHARE = 0.2  # assumed: the yearly share of a surplus that may move


def pupil_teacher_ratios(f: dict[str, float]) -> dict[str, float]:
    """Fujian's 2015 pupils per full-time teacher, by level (facts.csv, published)."""
    return {lvl: f[f"fujian_2015_{lvl}_pupils"] / f[f"fujian_2015_{lvl}_teachers"] for lvl in LEVELS}


def teacher_layer(regions: list[str], pupils2023: dict[str, np.ndarray], f: dict[str, float],
                  note: Callable[[str, str, str, str], None]) -> dict[str, pd.DataFrame]:
    """staff.csv (region, level, sex, age, count) and redeploy.csv (from_level, to_level, share)."""
    ratio = pupil_teacher_ratios(f)
    rows = []
    for r, name in enumerate(regions):
        for lvl in LEVELS:
            teachers = pupils2023[lvl][r] / ratio[lvl]
            for sex, share in (("F", FEMALE[lvl]), ("M", 1 - FEMALE[lvl])):
                ages = range(FIRST_AGE, RETIREMENT[sex])
                each = teachers * share / len(ages)
                rows += [(name, lvl, sex, age, round(each, 2)) for age in ages]
    staff = pd.DataFrame(rows, columns=["region", "level", "sex", "age", "count"])
    redeploy = pd.DataFrame([("primary", "junior", SHARE), ("junior", "senior", SHARE)],
                            columns=["from_level", "to_level", "share"])
    note("staff.csv", "teachers by division and level, 2023", "derived",
         "2023 pupils (enrolment.csv) / Fujian's pupils per full-time teacher in 2015 (Fujian Statistical Yearbook "
         "2016, table 22-17, published): " + ", ".join(f"{lvl} {ratio[lvl]:.2f}" for lvl in LEVELS))
    note("staff.csv", "age and sex", "assumed",
         f"the same number at each age from {FIRST_AGE} to the retirement age (women 55, men 60: the rule before "
         "2025); women 70% of primary, 60% of junior and 50% of senior teachers. No age structure was found "
         "published for Quanzhou or Fujian")
    note("redeploy.csv", "primary → junior, junior → senior", "assumed",
         f"a yearly share of {SHARE:g} of a level's surplus may move (县管校聘, county-managed deployment, in the 2024 "
         "work plan; the share is not published)")
    note("scenario.toml", "[teachers] norms", "published",
         "pupils per teacher: primary 19, junior 13.5, senior 12.5 (中央编办 教育部 财政部, 统一城乡中小学教职工编制标准, "
         "中央编办发〔2014〕72号)")
    note("scenario.toml", "[teachers] attrition", "assumed", "1% of teachers a year leave before retirement")
    return {"staff.csv": staff, "redeploy.csv": redeploy}
