# SPDX-License-Identifier: MIT
"""edplan.targets in four steps: one indicator series, a table of county indicators against
every-county targets, kindergarten places needed for the 公办率 / 普惠率 shares, and the 2024
work plan on 30 June. The numbers are illustrative, not Quanzhou's statistics; the README's
"Targets" section shows this script and its output."""

import pandas as pd
from edplan import targets as tg

# One series: 公办率 of a county, 2019–2023, held to 50% by 2025.
a = tg.assess([2019, 2020, 2021, 2022, 2023], [0.38, 0.41, 0.43, 0.44, 0.46],
              target=0.50, target_year=2025, baseline_year=2019, method="logistic")
print(a.category, round(a.ratio, 3), round(a.projected, 4), a.year_reached, round(a.annual_change_needed, 4))

# A table: every county held to 公办率 >= 50% and 普惠率 >= 90% by 2025 (empty region = every region).
indicators = pd.DataFrame({
    "indicator": ["公办率"] * 6 + ["普惠率"] * 6,
    "region": (["鲤城区"] * 3 + ["晋江市"] * 3) * 2,
    "year": [2021, 2022, 2023] * 4,
    "value": [0.40, 0.44, 0.47, 0.36, 0.36, 0.35, 0.86, 0.89, 0.91, 0.84, 0.85, 0.855]})
targets = pd.DataFrame({"indicator": ["公办率", "普惠率"], "region": ["", ""], "target": [0.5, 0.9],
                        "target_year": [2025, 2025], "direction": ["increase", "increase"]})
print(tg.assess_table(indicators, targets)[["indicator", "region", "category", "ratio", "projected", "year_reached"]]
      .round(3).to_string(index=False))

# Places still needed for the shares, against projected kindergarten demand.
demand = pd.DataFrame({"region": ["晋江市"] * 2, "year": [2024, 2025], "demand": [52_300, 50_900]})
places = pd.DataFrame({"region": ["晋江市"] * 3, "sector": ["public", "inclusive", "private"],
                       "places": [18_400, 26_100, 9_800]})
print(tg.kindergarten_places_needed(demand, places).to_string(index=False))

# The 2024 work plan on 30 June, from dated cumulative counts.
progress = pd.DataFrame({"id": ["warm_campus", "warm_campus", "myopia_lighting", "new_standards"],
                         "date": ["2024-03-31", "2024-06-30", "2024-06-30", "2024-05-20"],
                         "count": [40, 91, 1000, 2]})
status = tg.track(None, progress, as_of="2024-06-30")
print(status[["id", "target", "achieved", "required_per_month", "projected", "status"]].head(4).round(1)
      .to_string(index=False))
