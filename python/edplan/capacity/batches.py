# SPDX-License-Identifier: MIT
"""programme.csv: the three batches of every projection year (land, start, open) for the
chosen candidates and the planned projects."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import _core
from .projects import Projects

BATCHES = ("land", "start", "open")
BATCH_COLUMNS = ["year", "batch", "id", "region", "level", "places", "cost", "status"]


def batches_table(programme: pd.DataFrame, projects: Projects, regions: Sequence, names: Sequence[str],
                  stages: Sequence[_core.capacity.StageYears], base_year: int, horizon: int) -> pd.DataFrame:
    """programme.csv: every land, start and open event in base_year + 1 .. horizon, for the chosen
    candidates and the planned projects. A planned project without land_year or start_year gets
    them from its open_year and its level's stage years."""
    rows = []
    for _, c in programme.iterrows():
        for batch in BATCHES:
            rows.append((int(c[f"{batch}_year"]), batch, c["id"], c["region"], c["level"], c["places"], c["cost"],
                         "candidate"))
    for i in projects.rows("planned"):
        stage = stages[projects.level[i]]
        opens = int(projects.open_year[i])
        starts = int(projects.start_year[i]) if not np.isnan(projects.start_year[i]) else opens - stage.start_to_open
        lands = int(projects.land_year[i]) if not np.isnan(projects.land_year[i]) else starts - stage.land_to_start
        for batch, year in zip(BATCHES, (lands, starts, opens)):
            rows.append((year, batch, projects.ids[i], regions[projects.region[i]], names[projects.level[i]],
                         float(projects.places[i]), float(projects.cost[i]), "planned"))
    table = pd.DataFrame(rows, columns=BATCH_COLUMNS)
    table = table[(table.year > base_year) & (table.year <= horizon)]
    order = table["batch"].map({b: i for i, b in enumerate(BATCHES)})
    return (table.assign(_order=order).sort_values(["year", "_order", "status", "region", "level", "id"])
            .drop(columns="_order").reset_index(drop=True))
