# SPDX-License-Identifier: MIT
"""What a run writes is safe to open and leaves the folder in order (issue 16): user text stays
text in the report, the workbook and the CSVs; the scenario's own folder is refused; a second
run replaces the first's files and nothing else; two runs into one folder take turns; SIGTERM
ends a run cleanly; a file written by a forked child is as safe as one written here."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import edplan
from edplan.output import MANIFEST, WORKBOOK, files, forked, spreadsheet_safe
from edplan.scenario import default_path

DATA = default_path().parent
HOSTILE = {"鲤城区": "<svg onload=alert(1)>", "丰泽区": "=1+2", "洛江区": "@SUM(A1)"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edplan", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The built-in scenario with three regions renamed to markup and formulas, and a formula as its name."""
    folder = tmp_path_factory.mktemp("hostile") / "qz"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("published"))
    for file in folder.glob("*.csv"):
        text = file.read_text(encoding="utf-8")
        for old, new in HOSTILE.items():
            text = text.replace(old, new)
        file.write_text(text, encoding="utf-8")
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "Quanzhou"', 'name = "=WEBSERVICE(1)"'),
                    encoding="utf-8")
    out = folder.parent / "out"
    done = run("run", str(toml), "-o", str(out), cwd=folder.parent)
    assert done.returncode == 0, done.stderr
    return out


def test_markup_in_names_stays_text_in_the_report(hostile):
    page = (hostile / "report.html").read_text(encoding="utf-8")
    assert "<svg onload" not in page
    assert "&lt;svg onload=alert(1)&gt;" in page


def test_formulas_in_names_stay_text_in_the_workbook(hostile):
    from openpyxl import load_workbook

    book = load_workbook(hostile / "edplan.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formulas = [c for c in cells if c.data_type == "f"]
    assert not formulas, [(c.parent.title, c.coordinate, c.value) for c in formulas[:5]]
    assert any(c.value.endswith("=1+2") for c in cells)  # the name is there, as text


def test_formulas_in_names_are_marked_as_text_in_the_csvs(hostile):
    balance = pd.read_csv(hostile / "balance.csv", encoding="utf-8-sig")
    names = set(balance["region"])
    assert "'=1+2" in names and "'@SUM(A1)" in names and "<svg onload=alert(1)>" in names
    assert "=1+2" not in names
    assert (balance["surplus"] < 0).any()  # negative numbers are numbers, never marked


def test_spreadsheet_safe_marks_text_only():
    frame = pd.DataFrame({"name": ["=A1", "+1", "-x", "@f", "\tx", "ok", None], "value": [-1, 2, -3, 4, 5, 6, 7]})
    safe = spreadsheet_safe(frame)
    assert list(safe["name"][:6]) == ["'=A1", "'+1", "'-x", "'@f", "'\tx", "ok"]
    assert pd.isna(safe["name"].iloc[6]) and list(safe["value"]) == list(frame["value"])
    assert frame["name"].iloc[0] == "=A1"  # the caller's table is left alone


def test_the_scenario_folder_is_refused_as_output(tmp_path):
    folder = tmp_path / "qz"
    shutil.copytree(DATA, folder)
    before = {f.name: f.read_bytes() for f in folder.glob("*.csv")}
    done = run("run", "scenario.toml", "-o", ".", cwd=folder)
    assert done.returncode == 2
    assert "holds the scenario's inputs" in done.stderr and "expected another folder" in done.stderr
    assert {f.name: f.read_bytes() for f in folder.glob("*.csv")} == before  # no input overwritten


def test_a_second_run_replaces_the_first_and_keeps_the_users_files(tmp_path):
    out = tmp_path / "out"
    assert run("run", "-o", str(out), "--no-report", cwd=tmp_path).returncode == 0
    assert (out / "coverage.csv").exists()
    (out / "my notes.txt").write_text("mine", encoding="utf-8")
    # a scenario without coverage: its second run must not leave the first run's coverage beside it
    folder = tmp_path / "qz"
    shutil.copytree(DATA, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text[:text.index("[coverage]")] + text[text.index("[targets]"):], encoding="utf-8")
    assert run("run", str(toml), "-o", str(out), "--no-report", cwd=tmp_path).returncode == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "coverage.csv" not in manifest["files"] and not (out / "coverage.csv").exists()
    assert (out / "my notes.txt").read_text(encoding="utf-8") == "mine"
    assert {f.name for f in out.iterdir() if not f.name.startswith(".")} == set(manifest["files"]) | {MANIFEST,
                                                                                                      "my notes.txt"}
    assert manifest["edplan"] == edplan.__version__ and len(manifest["scenario_sha256"]) == 64


def test_two_runs_into_one_folder_take_turns(tmp_path):
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "edplan", "run", "-o", str(out), "--no-report", "--no-excel"],
                             cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    assert [r.wait(timeout=600) for r in runs] == [0, 0], [r.stderr.read() for r in runs if r.stderr]
    assert not [f for f in out.iterdir() if f.name.endswith(".tmp")]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert all((out / name).exists() for name in manifest["files"])


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
def test_sigterm_ends_a_run_cleanly(tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "edplan", "run", "-o", str(out)], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=120)
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    # finished before the signal, stopped by it, or (-15) ended before Python could even install its handler
    assert status in (0, 143, -signal.SIGTERM), stderr
    if status == 143:
        assert "edplan: terminated" in stderr
    if out.exists():
        assert not [f for f in out.iterdir() if f.name.endswith(".tmp")]


def test_user_mistakes_exit_2_with_a_located_message(tmp_path):
    a_file = tmp_path / "a file"
    a_file.write_text("x", encoding="utf-8")
    done = run("run", "-o", str(a_file), cwd=tmp_path)
    assert done.returncode == 2 and str(a_file) in done.stderr and "Traceback" not in done.stderr
    done = run("init", str(a_file), cwd=tmp_path)
    assert done.returncode == 2 and "is a file" in done.stderr
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "totals.csv").write_text("not,a\ntable", encoding="utf-8")
    done = run("compare", str(damaged), str(damaged), cwd=tmp_path)
    assert done.returncode == 2 and "totals.csv" in done.stderr and "as `edplan run` writes them" in done.stderr
    done = run("run", "--draws", "-3", cwd=tmp_path)
    assert done.returncode == 2 and "draws: got -3" in done.stderr


@pytest.fixture(scope="module")
def results():
    return edplan.Scenario.default().run()


def _leftovers(folder: Path) -> list[str]:
    return sorted(f.name for f in folder.iterdir() if f.name.endswith(".tmp"))


needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="needs os.fork")


@needs_fork
def test_a_workbook_written_beside_is_the_workbook_written_here(results, tmp_path):
    import zipfile

    here = results.write(tmp_path / "here", report=False)
    there = results.write(tmp_path / "there", report=False, concurrent=True)
    assert [p.name for p in here] == [p.name for p in there] and there[-1].name == WORKBOOK
    books = [zipfile.ZipFile(folder / WORKBOOK) for folder in (tmp_path / "here", tmp_path / "there")]
    assert books[0].namelist() == books[1].namelist()
    for name in books[0].namelist():  # all but the time of writing, in the document's properties
        if name != "docProps/core.xml":
            assert books[0].read(name) == books[1].read(name), name
    assert not _leftovers(tmp_path / "there")


@needs_fork
def test_a_workbook_child_that_fails_fails_the_writing_and_leaves_no_file(results, tmp_path, monkeypatch):
    from edplan.output import workbook

    def refuse(*args, **kwargs):
        raise edplan.InputError("got a test's refusal; expected nothing", "edplan.xlsx")

    out = tmp_path / "out"
    results.write(out, report=False, concurrent=True)  # a previous run's files
    before = (out / MANIFEST).read_bytes()
    monkeypatch.setattr(workbook, "write_workbook", refuse)  # in the child, forked after this
    with pytest.raises(edplan.InputError, match="a test's refusal"):
        results.write(out, report=False, concurrent=True)
    assert not _leftovers(out) and (out / MANIFEST).read_bytes() == before  # the previous run's manifest stays


@needs_fork
def test_a_workbook_child_killed_fails_the_writing_with_what_it_wrote_and_how_it_ended(results, tmp_path, monkeypatch):
    from edplan.output import workbook

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(workbook, "write_workbook", killed)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match=r"the process writing edplan\.xlsx was killed by SIGKILL"):
        results.write(out, report=False, concurrent=True)
    assert not (out / WORKBOOK).exists() and not _leftovers(out) and not (out / MANIFEST).exists()


@needs_fork
def test_a_child_writing_beside_is_ended_and_its_file_removed_when_stopped(tmp_path):
    def slow(path):
        Path(path).write_text("partial", encoding="utf-8")
        time.sleep(60)

    target = tmp_path / "file.txt"
    beside = files.Beside(target, slow)
    pid = beside._child.pid
    time.sleep(0.3)
    beside.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary one


@needs_fork
def test_a_child_writing_beside_hands_over_its_file_whole(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    beside = files.Beside(target, lambda path: Path(path).write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "old"  # renamed into place by this process, not the child
    assert beside.finish() == target and target.read_text(encoding="utf-8") == "new"
    beside.stop()  # after finish: nothing to end, nothing removed
    umask = os.umask(0)
    os.umask(umask)
    assert [f.name for f in tmp_path.iterdir()] == ["file.txt"] and target.stat().st_mode & 0o777 == 0o666 & ~umask


@needs_fork
def test_edplan_run_says_which_child_failed_without_a_traceback(tmp_path, monkeypatch, capsys):
    from edplan import cli
    from edplan.output import workbook

    def refuse(*args, **kwargs):
        raise ValueError("a test's refusal")

    monkeypatch.setattr(workbook, "write_workbook", refuse)
    out = tmp_path / "out"
    assert cli.main(["run", "-o", str(out), "--no-report"]) == 1
    err = capsys.readouterr().err
    assert "edplan: internal error: ValueError: a test's refusal" in err and "Traceback" not in err
    assert not (out / WORKBOOK).exists() and not _leftovers(out)
