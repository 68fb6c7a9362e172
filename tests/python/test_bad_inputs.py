# SPDX-License-Identifier: MIT
"""The catalogue of malformed inputs: each breaks one thing in a copy of the built-in scenario
and `edplan validate` must exit 2 with a located one-line message saying what was expected
(never a traceback, never an internal error), or accept what is valid (BOM, CRLF)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from edplan import cli
from edplan.scenario import default_path

SRC = default_path().parent
BASE = (SRC / "births.csv").read_text(encoding="utf-8")
LINE = re.compile(r"^[^\s:][^:]*(:\d+(:(\d+|\w+))?)?: .+")  # file[:line[:column]]: message


def _no_coverage(text: str) -> str:
    """Most cases leave out [coverage] (its synthetic layer takes a second to load)."""
    return re.sub(r"\[coverage\].*?(?=\n\[targets\])", "", text, flags=re.S)


# name → (edits {file: (old, new) or (None, whole new content)}, expected text of one line (with its location;
# paths relative to the scenario folder), keep [coverage])
CASES: dict[str, tuple[dict, str, bool]] = {
    # columns
    "missing column": ({"population.csv": ("region,sex,age,count", "region,sex,age,cnt")},
                       "population.csv:1:1: missing column 'count'", False),
    "misspelt column": ({"capacity.csv": ("region,level,places", "region,level,place")},
                        "capacity.csv:1:1: missing column 'places' (found 'place': check the spelling)", False),
    "column twice": ({"births.csv": ("region,year,births", "region,year,births,year")},
                     "births.csv:1:4: column 'year' appears twice; expected each column once", False),
    "ragged row": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,3521,7")},
                   "births.csv:2: got 4 fields; expected 3", False),
    # whole files
    "empty file": ({"births.csv": (None, "")}, "births.csv: the file is empty", False),
    "binary garbage": ({"survival.csv": (None, b"\x00\x01\x02\xff garbage")},
                       "survival.csv:1:1: binary data (a NUL byte)", False),
    "neither UTF-8 nor GB18030": ({"enrolment.csv": (None, "region,year,level,grade,pupils\n".encode()
                                                     + b"\xff" + "鲤城区".encode() + b",2020,primary,1,5\n")},
                                  "enrolment.csv:2:1: byte 0xff is not UTF-8 (nor GB18030)", False),
    "missing file": ({"scenario.toml": ('base = "population.csv"', 'base = "pop.csv"')},
                     "pop.csv: no such file; expected a CSV table there", False),
    # types and values
    "text for a number": ({"population.csv": ("鲤城区,F,3,", "鲤城区,F,three,")},
                          "population.csv:5:3: got 'three'; expected an age in whole years 0..100", False),
    "fractional age": ({"population.csv": ("鲤城区,F,3,", "鲤城区,F,3.5,")}, "population.csv:5:3: got '3.5'", False),
    "negative count": ({"population.csv": ("鲤城区,F,3,", "鲤城区,F,3,-")}, "population.csv:5:4: got '-", False),
    "empty count": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,")}, "births.csv:2:3: is empty; expected", False),
    "survival above 1": ({"survival.csv": ("F,1,0.9", "F,1,1.9")},
                         "survival.csv:3:3: got 1.99967; expected a probability in [0, 1]", False),
    "NaN": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,nan")}, "births.csv:2:3: got 'nan'", False),
    "infinity": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,inf")}, "births.csv:2:3: got 'inf'", False),
    "absurdly large": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,1e300")},
                       "births.csv:2:3: got '1e300' (beyond 1e+15: a unit or export error?)", False),
    "negative fertility": ({"fertility.csv": ("15,5.1e-07", "15,-5.1e-07")}, "fertility.csv:2:2: got", False),
    # keys, regions, levels
    "duplicate key": ({"population.csv": ("region,sex,age,count\n", "region,sex,age,count\n鲤城区,F,0,5\n")},
                      "population.csv:3: repeats region=鲤城区, sex=F, age=0", False),
    "duplicate year": ({"births.csv": ("鲤城区,2010,", "鲤城区,2009,")},
                       "births.csv:3: repeats region=鲤城区, year=2009", False),
    "unknown region": ({"births.csv": ("鲤城区,2009,", "鲤成区,2009,")}, "births.csv:2:1: unknown region '鲤成区'", False),
    "unknown level": ({"capacity.csv": ("鲤城区,primary,", "鲤城区,primry,")},
                      "capacity.csv:2:2: unknown level 'primry'", False),
    "unknown sex": ({"survival.csv": ("F,1,", "X,1,")}, "survival.csv:3:1: unknown sex 'X'; expected one of F, M", False),
    "age beyond open group": ({"population.csv": ("region,sex,age,count\n", "region,sex,age,count\n鲤城区,F,130,5\n")},
                              "population.csv:2:3: got 130; expected an age 0..100 (the open age group)", False),
    "grade outside level": ({"enrolment.csv": ("鲤城区,2020,primary,2,", "鲤城区,2020,primary,22,")},
                            "enrolment.csv:3:4: got 22; level primary has grades 1..6", False),
    "unknown sector": ({"kindergartens.csv": ("鲤城区,public,", "鲤城区,state,")},
                       "kindergartens.csv:2:2: unknown sector 'state'; expected one of public, inclusive, private",
                       False),
    # projects
    "opens before it starts": ({"projects.csv": ("planned,2023,2023.0,2024.0", "planned,2023,2023.0,2020.0")},
                               "projects.csv:2:10: project FZ24-K: open_year 2020 is before start_year 2023", False),
    "negative cost": ({"projects.csv": ("29333333,planned", "-29333333,planned")},
                      "projects.csv:2:6: got '-29333333'; expected a cost >= 0", False),
    "unknown status": ({"projects.csv": ("29333333,planned", "29333333,dreamt")},
                       "projects.csv:2:7: unknown status 'dreamt'", False),
    "duplicate project id": ({"projects.csv": ("FZ24-P,", "FZ24-K,")}, "projects.csv:3: repeats id=FZ24-K", False),
    "completed after the base year": ({"projects.csv": ("completed,2018,2019.0,2021.0", "completed,2018,2019.0,2025.0")},
                                      "projects.csv:5:10: project LIC-K2021 is completed but opens in 2025, after the "
                                      "base year 2023", False),
    "unknown region in indicators": ({"indicators.csv": ("石狮市,2023", "石師市,2023")},
                                     "indicators.csv:3:2: unknown region '石師市'", False),
    # coverage tables
    "cost to an unknown site": ({"scenario.toml": ("travel = { speed_kmh = 15, detour = 1.3 }", 'costs = "costs.csv"'),
                                 "costs.csv": (None, "origin,destination,cost\nT0101,U01,3\nT0101,QQQ,5\n")},
                                "costs.csv:3:2: got 'QQQ'; expected a known destination id", True),
    "unknown site tier": ({"sites.csv": (",university", ",college")},
                          "sites.csv:2:5: got 'college'; expected university, school or point", True),
    # the scenario file
    "TOML syntax": ({"scenario.toml": ("base_year = 2023", "base_year = = 2023")},
                    "scenario.toml:8:13: Invalid value; expected valid TOML", False),
    "TOML duplicate key": ({"scenario.toml": ("horizon = 2040", "horizon = 2040\nhorizon = 2041")},
                           "scenario.toml:10:15: Cannot overwrite a value", False),
    "TOML wrong type": ({"scenario.toml": ("horizon = 2040", 'horizon = "2040"')},
                        "scenario.toml:9:1: scenario.horizon: got '2040'; expected a year after the base year", False),
    "unknown key": ({"scenario.toml": ("horizon = 2040", "horizon = 2040\nhorizn = 2041")},
                    "scenario.toml:10:1: scenario.horizn: unknown setting (did you mean horizon?)", False),
    "unknown section": ({"scenario.toml": ("[uncertainty]", "[uncertanty]")},
                        ":1: uncertanty: unknown section (did you mean [uncertainty]?)", False),
    "horizon before base": ({"scenario.toml": ("horizon = 2040", "horizon = 2020")},
                            "scenario.toml:9:1: scenario.horizon: got 2020; expected a year after the base year 2023",
                            False),
    "negative draws": ({"scenario.toml": ("draws = 0", "draws = -5")},
                       "uncertainty.draws: got -5; expected a number of draws 0..100,000", False),
    "quantile outside [0, 1]": ({"scenario.toml": ("quantiles = [0.1, 0.5, 0.9]", "quantiles = [0.1, 1.5, 0.9]")},
                                "uncertainty.quantiles: got 1.5; expected numbers in [0, 1]", False),
    "negative class size": ({"scenario.toml": ("class_size = 45", "class_size = -45")},
                            "levels.primary.class_size: expected a number of pupils per class > 0", False),
    "negative budget": ({"scenario.toml": ("budget_per_year = 3.5e9", "budget_per_year = -1")},
                        "programme.budget_per_year: got -1; expected a budget >= 0", False),
    "bad stage years": ({"scenario.toml": ("kindergarten = [1, 1]", "kindergarten = [1, -1]")},
                        "programme.stage_years.kindergarten: got [1, -1]", False),
    "unknown fill rule": ({"scenario.toml": ('fill = "public_first"', 'fill = "random"')},
                          "preschool.fill: got 'random'; expected one of public_first, proportional", False),
    "share target above 1": ({"scenario.toml": ("public_share = 0.5", "public_share = 5")},
                             "preschool.targets.public_share: got 5; expected a share in [0, 1]", False),
    # ranges and units (issue 16)
    "horizon a typo": ({"scenario.toml": ("horizon = 2040", "horizon = 20400")},
                       "scenario.toml:9:1: scenario.horizon: got 20400, 18377 years after the base year; expected at "
                       "most 100 (a typo?)", False),
    "negative sd": ({"scenario.toml": ("tfr_sd = 0.1", "tfr_sd = -0.1")},
                    "uncertainty.tfr_sd: got -0.1; expected the standard deviation of a log factor, 0..5", False),
    "negative seed": ({"scenario.toml": ("seed = 1", "seed = -1")},
                      "uncertainty.seed: got -1; expected a whole number 0 .. 2**64 - 1", False),
    "GER in percent": ({"scenario.toml": ('ger = { "2023" = 0.95', 'ger = { "2023" = 95')},
                       "levels.kindergarten.ger[2023]: got 95; expected a gross enrolment ratio 0..2 (1 = every child "
                       "of the ages enrolled; divide percentages by 100)", False),
    "survival a year late": ({"survival.csv": (None, "sex,age,survival,year\n" + "".join(
        f"{s},{a},0.99,{y}\n" for y in range(2024, 2041) for s in "FM" for a in range(101)))},
        "survival.csv:3234:4: 202 rows for years outside the projection's 2023..2039 (the rates of year t apply to the "
        "step t → t+1), such as 2040; expected the projection's years", False),
    "a device as a table": ({"scenario.toml": ('births = "births.csv"', 'births = "/dev/zero"')},
                            "/dev/zero: is a device; expected a CSV file", False),
    # delimiters, quoting, number formats
    "semicolons": ({"births.csv": (None, BASE.replace(",", ";"))},
                   "births.csv:1:1: the header reads as one column 'region;year;births': the fields are separated by "
                   "semicolons; expected commas", False),
    "unbalanced quote": ({"births.csv": ("鲤城区,2009,3521", '"鲤城区,2009,3521')},
                         "births.csv:2: got 1 fields; expected 3 (the header's columns: region, year, births) (a quote "
                         "opened on line 2 is closed only on line", False),
    "thousands separator": ({"births.csv": ("鲤城区,2009,3521", '鲤城区,2009,"3,521"')},
                            "births.csv:2:3: got '3,521' (no thousands separators: write 3521, not 3,521)", False),
    "percent": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,2009,35%")},
                "births.csv:2:3: got '35%' (a percentage: write the share, 35% as 0.35)", False),
    "year as words": ({"births.csv": ("鲤城区,2009,3521", "鲤城区,two thousand nine,3521")},
                      "births.csv:2:2: got 'two thousand nine'; expected a year", False),
    # what the engine refuses at run time, refused by validate (the work plan's counts)
    "cumulative count falls": ({"scenario.toml": ('as_of = "2024-12-31"', 'as_of = "2024-07-01"\n'
                                                  'progress = "progress.csv"'),
                                "progress.csv": (None, "id,date,count\nwarm_campus,2024-03-31,50\n"
                                                       "warm_campus,2024-06-30,40\n")},
                               "progress.csv:3:3: got 40, below the 50 reported earlier; expected cumulative counts "
                               "that never fall", False),
    # teachers (DESIGN §2.3b): the settings and the staff and redeployment tables
    "teacher norm not positive": ({"scenario.toml": ("norms = { primary = 19,", "norms = { primary = 0,")},
                                  "teachers.norms.primary: got 0; expected pupils per teacher > 0", False),
    "teacher age below 18": ({"staff.csv": ("鲤城区,primary,F,22,31.86", "鲤城区,primary,F,17,31.86")},
                             "staff.csv:2:4: got '17'; expected an age 18..70", False),
    "unknown teacher level": ({"redeploy.csv": ("primary,junior,0.2", "primary,juniour,0.2")},
                              "redeploy.csv:2:2: unknown level (one with a teacher norm) 'juniour'", False),
    "redeploy share above 1": ({"redeploy.csv": ("junior,senior,0.2", "junior,senior,1.2")},
                               "redeploy.csv:3:3: got 1.2; expected a yearly share in [0, 1]", False),
    # the levers beyond building (DESIGN §2.4b)
    "conversion to an unknown level": ({"conversions.csv": ("primary,junior,,8148,", "primary,junoir,,8148,")},
                                       "conversions.csv:2:2: unknown level 'junoir'", False),
    "conversion ratio <= 0": ({"conversions.csv": ("primary,junior,,8148,", "primary,junior,-1,8148,")},
                              "conversions.csv:2:3: got '-1'; expected a ratio > 0", False),
    "negative conversion cost": ({"conversions.csv": ("junior,senior,,8148,", "junior,senior,,-8148,")},
                                 "conversions.csv:3:4: got '-8148'; expected a cost >= 0", False),
    "temporary lifetime < 1": ({"scenario.toml": ("lifetime = 3\nmax_share = 0.1\n\n[programme.temporary.senior]",
                                                  "lifetime = 0\nmax_share = 0.1\n\n[programme.temporary.senior]")},
                               "scenario.toml:70:1: programme.temporary.junior.lifetime: got 0; expected whole years >= 1",
                               False),
    "temporary share above 1": ({"scenario.toml": ("max_share = 0.1\n\n[programme.temporary.senior]",
                                                   "max_share = 1.5\n\n[programme.temporary.senior]")},
                                "programme.temporary.junior.max_share: got 1.5; expected a share in [0, 1]", False),
}


def validate(tmp_path: Path, edits: dict, keep_coverage: bool) -> tuple[int, list[str], str]:
    folder = tmp_path / "qz"
    shutil.copytree(SRC, folder)
    toml = folder / "scenario.toml"
    if not keep_coverage:
        toml.write_text(_no_coverage(toml.read_text(encoding="utf-8")), encoding="utf-8")
    for name, (old, new) in edits.items():
        file = folder / name
        if old is None:
            file.write_bytes(new) if isinstance(new, bytes) else file.write_text(new, encoding="utf-8")
            continue
        text = file.read_text(encoding="utf-8")
        assert old in text, (name, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = cli.main(["validate", str(toml)])
    lines = [line.replace(f"{folder}/", "") for line in err.getvalue().strip().splitlines()]
    return status, lines, out.getvalue()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_located_and_explained(name, tmp_path):
    edits, expected, keep_coverage = CASES[name]
    status, lines, _ = validate(tmp_path, edits, keep_coverage)
    assert status == 2, (name, lines)
    assert any(expected in line for line in lines), (name, lines)
    for line in lines:
        assert LINE.match(line) and "Traceback" not in line and "internal error" not in line, line


def test_catalogue_size():
    assert len(CASES) >= 40


@pytest.mark.parametrize("encoding", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_accepted(encoding, tmp_path):
    text = BASE.replace("\n", "\r\n") if "crlf" in encoding else BASE
    text = "\ufeff" + text if "bom" in encoding else text
    status, lines, out = validate(tmp_path, {"births.csv": (None, text.encode("utf-8"))}, False)
    assert status == 0 and not lines and "valid" in out


def test_every_problem_in_a_file_is_listed_together(tmp_path):
    edits = {"births.csv": (None, BASE.replace("鲤城区,2009,3521", "鲤城区,2009,x")
                            .replace("鲤城区,2010,3523", "鲤成区,2010,-1"))}
    status, lines, _ = validate(tmp_path, edits, False)
    assert status == 2
    births = [line for line in lines if line.startswith("births.csv")]
    assert any(line.startswith("births.csv:2:3: got 'x'") for line in births)
    assert any(line.startswith("births.csv:3:1: unknown region '鲤成区'") for line in births)
    assert any(line.startswith("births.csv:3:3: got '-1'") for line in births)
