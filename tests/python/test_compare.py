# SPDX-License-Identifier: MIT
"""``edplan compare``: every year and every output table both sides have, the largest changes
first, in the terminal and on an HTML page. Two small result folders written by hand, so that
every expected change is known."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from edplan.scenario.compare import B_MINUS_A, changes, compare

YEARS = list(range(2024, 2036))


def folder(path: Path, *, kindergarten_extra: float = 0.0, cost: float = 9e6, participation: float = 0.2) -> Path:
    """A result folder: totals and balance for two levels, a programme, coverage and targets."""
    path.mkdir()
    rows = []
    for level, base in (("kindergarten", 5000.0), ("primary", 9000.0)):
        for region, part in (("甲区", 0.6), ("乙区", 0.4)):
            for year in YEARS:
                extra = kindergarten_extra * part if level == "kindergarten" and 2027 <= year <= 2029 else 0.0
                rows.append({"region": region, "year": year, "level": level, "pupils": base * part + extra})
    totals = pd.DataFrame(rows)
    totals.to_csv(path / "totals.csv", index=False, encoding="utf-8-sig")
    totals.rename(columns={"pupils": "demand"}).assign(capacity=4000.0, deficit=lambda t: (t.demand - 4000).clip(0)) \
        .to_csv(path / "balance.csv", index=False, encoding="utf-8-sig")
    pd.DataFrame({"year": [2026], "batch": ["open"], "id": ["P1"], "region": ["甲区"], "level": ["primary"],
                  "places": [900.0], "cost": [cost], "status": ["planned"]}) \
        .to_csv(path / "programme.csv", index=False, encoding="utf-8-sig")
    pd.DataFrame({"region": ["甲区", "乙区"], "year": [2030, 2030], "population": [1000.0, 800.0],
                  "participation": [participation, 0.25]}).to_csv(path / "coverage.csv", index=False,
                                                                    encoding="utf-8-sig")
    pd.DataFrame({"indicator": ["elder participation"], "region": [""], "target": [0.2], "target_year": [2025],
                  "projected": [participation]}).to_csv(path / "targets.csv", index=False, encoding="utf-8-sig")
    return path


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    return folder(tmp_path / "a"), folder(tmp_path / "b", kindergarten_extra=800.0, cost=12e6, participation=0.17)


def test_every_year_and_the_largest_change_first(pair):
    tables = compare(*map(str, pair))
    city = tables["city pupils, largest changes first"]
    assert len(city) == 2 * len(YEARS)  # every year, not a sample
    top = city.head(3)
    assert sorted(top["year"]) == [2027, 2028, 2029] and set(top["level"]) == {"kindergarten"}
    assert top[B_MINUS_A].tolist() == [800, 800, 800] and top[B_MINUS_A].sum() == 2400
    assert (city[B_MINUS_A].iloc[3:] == 0).all()


def test_every_table_both_sides_have(pair):
    tables = compare(*map(str, pair))
    overview = tables["tables"].set_index("table")
    assert list(overview.index) == ["balance", "programme", "coverage", "targets", "totals"]
    assert overview.loc["programme", "values changed"] == 1
    assert overview.loc["programme", "largest change"] == "Cost (¥) at 2026, open, P1, 甲区, primary: +3,000,000"
    assert overview.loc["totals", "values changed"] == 6  # 3 years × 2 districts
    coverage = tables["coverage: changes"]
    assert coverage.iloc[0][["region", "year", "column"]].tolist() == ["甲区", 2030, "Participation (learners / aged 60+)"]
    assert coverage.iloc[0][B_MINUS_A] == pytest.approx(-0.03)
    targets = tables["targets: changes"]  # an empty region read back from CSV still matches
    assert len(targets) == 1 and targets.iloc[0]["column"] == "Projected"
    assert "population: changes" not in tables


def test_changes_counts_a_row_one_side_lacks_as_zero():
    a = pd.DataFrame({"region": ["x", "y"], "places": [10.0, 5.0]})
    b = pd.DataFrame({"region": ["x", "z"], "places": [10.0, 7.0]})
    found = changes("programme", a, b)
    assert found[["region", B_MINUS_A]].values.tolist() == [["z", 7.0], ["y", -5.0]]


def test_the_command_prints_and_writes_the_page(pair, tmp_path):
    done = subprocess.run([sys.executable, "-m", "edplan", "compare", str(pair[0]), str(pair[1]), "--html",
                           str(tmp_path / "c.html"), "--rows", "4"], capture_output=True, text=True, cwd=tmp_path,
                          # The caller's environment (the sanitizer run preloads ASan through it), 100 columns.
                          env={**os.environ, "COLUMNS": "100", "PYTHONPATH": ":".join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert "city pupils, largest changes first" in done.stdout and "programme: changes" in done.stdout
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h2 id="s\d+">(.*?)</h2>', page)
    assert titles[:3] == ["city pupils, largest changes first", "deficit place-years", "tables"]
    city = page.split(">city pupils, largest changes first</h2>")[1].split("</table>")[0]
    assert city.count("<tr>") == 2 * len(YEARS) + 1  # every year on the page
    assert "<td class=num>800</td>" in city
