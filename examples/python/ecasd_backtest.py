# SPDX-License-Identifier: MIT
"""Back-test the enrolment projection on 27 years of real enrolment: the Eau Claire Area
School District (Wisconsin), kindergarten to grade 5, 1998–2024, with resident births.

    python examples/python/ecasd_backtest.py [--draws 1000] [--markdown]

The data are not part of edplan: they are read from ../shared/data/ecasd (or
$EDPLAN_SHARED_DATA/ecasd); see that folder's README for provenance and licence. Without them
the script says so and exits 0. Kindergarten in year t is entered from the births of year t − 5;
grades 1–5 follow by grade-progression ratios; the ratio method is "auto" (chosen at each origin
on the history before it). Every origin from 2003 to 2023 is projected up to 5 years ahead: the
district as a whole, per school as its share of the district, and per school by the cohort
method on the school's own series ("school series"): 16 schools give 120–196 forecasts a lead,
enough to measure whether the intervals hold what they claim (the district gives 6–14).
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
ORIGINS = range(2003, 2024)
PANDEMIC = 2020  # target years from here on are reported beside, not in, the figures of issue 14


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


def run(draws: int = 1000) -> dict[str, pd.DataFrame]:
    """The back-test tables of the district, of the schools (as shares of the district) and of
    the schools' own series (the cohort method on each, with intervals)."""
    district, schools, births = load(data_folder())
    kwargs = dict(origins=ORIGINS, max_lead=5, levels=LEVELS, seed=2024)
    return {"district": backtest(district, births, draws=draws, **kwargs),
            "schools": backtest(schools, births, districts=dict.fromkeys(schools["region"], "ECASD"), **kwargs),
            "school series": backtest(schools, births, draws=draws, **kwargs)}


def table(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The docs' table: MAPE (%) by lead of the K–5 level for the district and per school,
    with target years before 2020 and with 2020–2024, and the coverage (%) of the 50%, 80% and
    95% intervals on the district and on the schools' own series."""
    out = {}
    for label, keep in ((f"before {PANDEMIC}", lambda t: t.origin + t.lead < PANDEMIC),
                        (f"{PANDEMIC}–2024 included", lambda t: t.origin + t.lead >= 0)):
        for name, res in results.items():
            rows = res[keep(res) & (res.level == LEVELS[0].name)]
            if name != "school series":
                m = summarise(rows).pivot_table(index="lead", columns="method", values="mape")
                for method in ("cohort", "last_value", "average_change", "cohort_mean3"):
                    out[f"{name}, {label}: {method}"] = m[method]
            if name != "schools":
                cov = calibration(rows[rows.method == "cohort"]).pivot_table(index="lead", columns="nominal",
                                                                             values=["coverage", "n"])
                for nominal in (0.5, 0.8, 0.95):
                    out[f"{name}, {label}: cohort {nominal:.0%} coverage (%)"] = 100 * cov["coverage", nominal]
                out[f"{name}, {label}: forecasts with an interval"] = cov["n", 0.8]
    return pd.DataFrame(out).round(2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true", help="print the README table as markdown")
    args = parser.parse_args()
    try:
        results = run(args.draws)
    except FileNotFoundError as error:
        print(f"skipped: {error}")
        return 0
    t = table(results).T
    if args.markdown:
        header = "| | " + " | ".join(f"lead {c}" for c in t.columns) + " |"
        print("\n".join([header, "|---" + "|---:" * len(t.columns) + "|"] +
                        [f"| {name} | " + " | ".join(f"{v:.0f}" if name.endswith("interval") else f"{v:.2f}" for v in row)
                         + " |" for name, row in t.iterrows()]))
    else:
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
