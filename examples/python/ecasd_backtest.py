# SPDX-License-Identifier: MIT
"""Back-test the enrolment projection on 27 years of real enrolment: the Eau Claire Area
School District (Wisconsin), kindergarten to grade 5, 1998–2024, with resident births.

    python examples/python/ecasd_backtest.py [--draws 1000] [--markdown]

The data are not part of edplan: they are read from ../shared/data/ecasd (or
$EDPLAN_SHARED_DATA/ecasd); see that folder's README for provenance and licence.
Kindergarten in year t is entered from the births of year t − 5; grades 1–5 follow by
grade-progression ratios. Every origin from 2003 to 2023 is projected up to 5 years ahead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from edplan.enrolment.backtest import backtest, calibration, summarise
from edplan.levels import Level

LEVELS = [Level.progression("elementary", (0, 5), entry_age=5, class_size=25)]  # grade 0 = kindergarten
PUBLISHED = {1: 2.23, 5: 2.72}  # cohort survival, US districts, as quoted in the project's issue 3
PUBLISHED_ANC = 8.40


def data_folder() -> Path:
    env = os.environ.get("EDPLAN_SHARED_DATA")
    candidates = [Path(env)] if env else [p / "shared" / "data" for p in Path(__file__).resolve().parents]
    for base in candidates:
        if (base / "ecasd" / "enrolment_by_school.csv").is_file():
            return base / "ecasd"
    raise FileNotFoundError("the ECASD data (../shared/data/ecasd) is not here; set EDPLAN_SHARED_DATA")


def load(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(district history, school history, births) as DESIGN §3 tables."""
    e = pd.read_csv(folder / "enrolment_by_school.csv")
    e["grade"] = e["grade"].replace("K", "0").astype(int)
    schools = e.rename(columns={"school": "region"}).assign(level="elementary")
    schools = schools[["region", "year", "level", "grade", "pupils"]]
    district = schools.groupby(["year", "level", "grade"], as_index=False)["pupils"].sum().assign(region="ECASD")
    births = pd.read_csv(folder / "births.csv")
    return district, schools, births


def run(draws: int = 1000) -> dict[str, BacktestResult]:
    district, schools, births = load(data_folder())
    kwargs = dict(origins=range(2003, 2024), max_lead=5, levels=LEVELS, draws=draws, seed=2024)
    return {"district": backtest(district, births, **kwargs), "schools": backtest(schools, births, **kwargs)}


def table(results: dict[str, BacktestResult]) -> pd.DataFrame:
    """The README table: MAPE (%) by lead for the district and per school, with and without
    target years from 2020 on, and the 80% interval coverage."""
    out = {}
    for name, res in results.items():
        for label, rows in (("", res.table), (" before 2020", res.table[res.table.origin + res.table.lead < 2020])):
            s = summarise(rows).pivot_table(index="lead", columns="method", values=["mape", "coverage80"])
            out[f"{name}{label}: edplan"] = s[("mape", "cohort")]
            out[f"{name}{label}: 80% coverage"] = 100 * s[("coverage80", "cohort")]
            out[f"{name}{label}: last value"] = s[("mape", "last value")]
            out[f"{name}{label}: average change"] = s[("mape", "average change")]
    return pd.DataFrame(out).round(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true", help="print the README table as markdown")
    args = parser.parse_args()
    try:
        results = run(args.draws)
    except FileNotFoundError as error:
        print(f"skipped: {error}")
        return
    t = table(results)
    if args.markdown:
        print(t.T.to_markdown())
    else:
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(t.T)
    n = results["district"].table.query("method == 'cohort'").shape[0]
    print(f"\n{n} district forecasts; published cohort-survival MAPE {PUBLISHED} (ANC {PUBLISHED_ANC} at 5 years)")


if __name__ == "__main__":
    sys.exit(main())
