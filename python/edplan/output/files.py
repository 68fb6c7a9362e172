# SPDX-License-Identifier: MIT
"""The files of a run: every table as CSV (UTF-8 with BOM, so that Excel shows Chinese names),
the workbook and the report, each written to a temporary name in the same folder and renamed
into place, so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import numpy as np
import pandas as pd

from ..errors import InputError
from .forked import can_fork, start

if TYPE_CHECKING:
    from ..scenario.results import Results
    from .forked import Forked
    from .painter import Painter

__all__ = ["FORMULA_START", "MANIFEST", "OUTPUTS", "REPORT", "WORKBOOK", "atomic_write", "spreadsheet_safe", "write",
           "write_report"]

OUTPUTS = {
    "population.csv": "population", "demand.csv": "demand", "balance.csv": "balance",
    "programme.csv": "programme", "preschool.csv": "preschool", "coverage.csv": "coverage",
    "targets.csv": "targets", "births.csv": "births", "totals.csv": "totals", "peaks.csv": "peaks",
    "ratios.csv": "ratios", "schedule.csv": "schedule", "workplan.csv": "workplan",
    "coverage_areas.csv": "coverage_areas", "recommended_sites.csv": "recommended_sites",
    "teachers.csv": "teachers", "teacher_flows.csv": "teacher_flows",
    "ledger.csv": "ledger", "conversions.csv": "conversions", "temporary.csv": "temporary",
}
"""File name → table name, in the order they are written (DESIGN §3 outputs first)."""

WORKBOOK, REPORT = "edplan.xlsx", "report.html"


MANIFEST = "edplan-run.json"
"""What a run wrote into its folder: edplan's version, the scenario's digest, the time, the files."""
LOCK = ".edplan-run.lock"


def write(results: "Results", directory: Union[str, Path], *, tables: bool = True, excel: bool = True,
          report: bool = True, concurrent: bool = False, painter: Optional["Painter"] = None) -> list[Path]:
    """Every table of ``results`` as CSV (unless not ``tables``), the workbook and the report
    into ``directory``, then the manifest; returns the paths written.

    With ``concurrent`` (as ``edplan run`` writes), the workbook and the report's charts are
    each made by a child process forked for them while this one writes the tables and the
    report's text: they are most of the writing time and hold the GIL, and a second core halves
    the wait; a child that fails fails the call with its error and leaves no file. ``painter``:
    a child started before the run (:class:`~.painter.Painter`, matplotlib imported
    meanwhile), to draw the charts instead. Only where the process may fork (POSIX); a
    notebook's kernel, with its own threads, writes in turn.

    The folder must not hold the scenario's inputs (its CSV files share the outputs' names). One
    run writes into a folder at a time: a second one waits for the first. Files the previous run
    wrote (those listed in its manifest) and this one does not are removed, so that the folder
    holds one run's results; other files are never touched."""
    directory = Path(directory)
    _refuse_input_folder(results, directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError("is a file; expected a folder for the results", str(directory)) from None
    with _exclusive(directory):
        _remove_stale_temporaries(directory)
        previous = _manifest_files(directory)
        written = []
        shared = {}
        if excel or report:
            # what the workbook and the report both show, computed once
            from .summary import read_provenance, summarise
            shared = {"summary": summarise(results), "provenance": read_provenance(results)}
        # the workbook is written by a child forked first (it needs the most time), which this
        # process renames into place once it is done, after its own files
        book = _workbook_beside(results, directory, shared) if excel and concurrent else None
        child: Optional[Union["Forked", "Painter"]] = None
        try:
            child, charts = _charts_beside(results, report, concurrent and (tables or excel), painter)
            for filename, name in OUTPUTS.items():
                if tables and name in results.tables:
                    written.append(atomic_write(directory / filename, partial(_csv, results.tables[name])))
            if excel and book is None:
                written.append(atomic_write(directory / WORKBOOK, partial(_workbook, results, shared)))
            report_written = write_report(results, directory / REPORT, charts=charts, **shared) if report else None
            if book is not None:
                written.append(book.finish())
            if report_written is not None:
                written.append(report_written)
        finally:
            if child is not None:
                child.stop()
            if book is not None:
                book.stop()
        for name in sorted(previous - {p.name for p in written}):
            (directory / name).unlink(missing_ok=True)
        atomic_write(directory / MANIFEST, partial(_manifest, results, [p.name for p in written]))
    return written


def _workbook(results: "Results", shared: Mapping[str, object], path: str) -> None:
    from .workbook import write_workbook

    write_workbook(results, path, list(OUTPUTS.values()), **shared)  # type: ignore[arg-type]


def _workbook_beside(results: "Results", directory: Path, shared: Mapping[str, object]) -> Optional["Beside"]:
    """The workbook written by a forked child while this process writes the rest (None where
    this process may not fork: it writes it in turn)."""
    if not can_fork():
        return None
    return Beside(directory / WORKBOOK, partial(_workbook, results, shared))


def _charts_beside(results: "Results", report: bool, concurrent: bool, painter: Optional["Painter"]
                   ) -> tuple[Optional[Union["Forked", "Painter"]], Optional[Callable[[], Mapping[str, str]]]]:
    """The process drawing the report's charts beside this one's writing (``painter``, handed
    them now, or a child forked for them when ``concurrent``), and the call that gives their
    SVG; (None, None) to draw them here."""
    if not report or (painter is None and not concurrent):
        return None, None
    from .painter import chart_data, draw_charts

    data = chart_data(results)
    if painter is not None:
        painter.draw(data)
        return painter, painter.charts
    if not can_fork():
        return None, None
    child = start(partial(draw_charts, data), "drawing the report's charts")
    return child, child.join


def _refuse_input_folder(results: "Results", directory: Path) -> None:
    scenario = results.scenario
    inputs = [scenario.path, *scenario.files.values()]
    held = sorted({p.name for p in inputs if p.resolve().parent == directory.resolve()})
    if held:
        raise InputError(f"holds the scenario's inputs ({', '.join(held[:5])}); expected another folder for the "
                         "results (-o)", str(directory))


@contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """An exclusive lock on the folder for one run's writing (a second run waits for it)."""
    import fcntl

    with open(directory / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"edplan: another run is writing to {directory}; waiting for it", file=sys.stderr)
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _manifest_files(directory: Path) -> set[str]:
    """The files the previous run's manifest lists (plain names in this folder only)."""
    try:
        listed = json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {name for name in listed if isinstance(name, str) and name == Path(name).name and name != MANIFEST}


def _manifest(results: "Results", names: list[str], path: str) -> None:
    from .. import __version__

    scenario = results.scenario
    digest = hashlib.sha256()
    from .._io.xlsx import split_sheet

    for file in dict.fromkeys([scenario.path, *(split_sheet(f)[0] for f in scenario.files.values())]):
        try:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
        except OSError:
            pass  # a device or a file gone since loading: the digest covers what can be read
    Path(path).write_text(json.dumps({
        "edplan": __version__, "scenario": str(scenario.path), "scenario_sha256": digest.hexdigest(),
        "draws": results.draws, "seed": results.seed,
        "written": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "files": names,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet evaluates a text cell that begins with one of these as a formula."""


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return prefixed by an apostrophe, as spreadsheets themselves mark text that must not
    be evaluated: a region named ``=HYPERLINK(…)`` stays a name when Excel opens the CSV. Numbers
    are never changed (a negative surplus stays a number)."""
    out = None
    for column in table.columns:
        values = table[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        # each distinct text looked at once (a column of names repeats a few hundred of them)
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        flagged = np.fromiter((isinstance(v, str) and v.startswith(FORMULA_START) for v in distinct), bool,
                              len(distinct))
        if not flagged.any():
            continue
        risky = flagged[codes] & (codes >= 0)
        if risky.any():
            out = table.copy() if out is None else out
            out.loc[risky, column] = "'" + values[risky].astype(str)
    return table if out is None else out


CSV_ROWS = 100_000
"""Rows formatted at once when writing a CSV: the text of a block is encoded and written in one
call (pandas writing to a file encodes row by row), and a table of millions of rows is never
held as text whole."""


def _csv(table: pd.DataFrame, path: str) -> None:
    """``table`` as CSV at ``path``, UTF-8 with BOM: byte for byte what ``to_csv(path,
    encoding="utf-8-sig")`` writes (each value is formatted alone, so blocks of rows join):
    assembled from each column's distinct fields (:mod:`.csv_rows`), or by pandas a block at a
    time where a column must be formatted whole."""
    from .csv_rows import rows

    safe = spreadsheet_safe(table)
    with open(path, "wb") as out:
        out.write(codecs.BOM_UTF8)
        if rows(safe, out):
            return
        for first in range(0, max(len(safe), 1), CSV_ROWS):
            out.write(safe.iloc[first:first + CSV_ROWS].to_csv(index=False, header=first == 0).encode("utf-8"))


def write_report(results: "Results", path: Union[str, Path], *, summary: Optional[Mapping[str, pd.DataFrame]] = None,
                 provenance: Optional[pd.DataFrame] = None,
                 charts: Optional[Callable[[], Mapping[str, str]]] = None) -> Path:
    """The self-contained HTML report of ``results`` at ``path`` (``summary``, ``provenance``
    and ``charts`` drawn elsewhere where the caller has them, as :func:`~.report.render` takes them)."""
    from .report import render
    html = render(results, summary=summary, provenance=provenance, charts=charts)
    return atomic_write(Path(path), lambda f: Path(f).write_text(html, encoding="utf-8"))


def _remove_stale_temporaries(directory: Path) -> None:
    """A run killed while writing (SIGKILL, power cut) leaves its temporary file behind, never
    a partial output; the next run into the folder removes those it recognises as its own."""
    for name in [*OUTPUTS, WORKBOOK, REPORT]:
        for stale in directory.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def atomic_write(path: Path, write_to: Callable[[str], object]) -> Path:
    """Calls ``write_to(temporary path)`` in ``path``'s folder, then renames it over ``path``."""
    tmp = _temporary(path)
    try:
        _fill(tmp, write_to)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class Beside:
    """:func:`atomic_write` with the writing done by a forked child (:func:`.forked.start`)
    while this process goes on: it renames the file into place once the child is done
    (:meth:`finish`), and removes the temporary file when it stops the child (:meth:`stop`), so
    that the folder never holds a partial file under either name, whatever ends the run."""

    def __init__(self, path: Path, write_to: Callable[[str], object]) -> None:
        self.path = path
        self._tmp = _temporary(path)
        self._child: Optional["Forked"] = None
        self._done = False
        try:
            self._child = start(partial(_fill, self._tmp, write_to), f"writing {path.name}")
        except BaseException:
            Path(self._tmp).unlink(missing_ok=True)
            raise

    def finish(self) -> Path:
        """``path``, once the child has written it; the child's error raised here (its file removed)."""
        assert self._child is not None, "finish() once"
        try:
            self._child.join()
            self._child = None
            os.replace(self._tmp, self.path)
            self._done = True
        except BaseException:
            self.stop()
            raise
        return self.path

    def stop(self) -> None:
        """Ends the child if it is still writing, and removes what it wrote (nothing after :meth:`finish`)."""
        if self._done:
            return
        if self._child is not None:
            self._child.stop()  # first: a child still writing would make the file again
            self._child = None
        Path(self._tmp).unlink(missing_ok=True)


def _temporary(path: Path) -> str:
    """A new empty file beside ``path`` (in its folder, so that a rename replaces ``path`` at
    once), with an ordinary file's permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    return tmp


def _fill(tmp: str, write_to: Callable[[str], object]) -> None:
    """``write_to(tmp)``, then the file flushed to the disk (a rename after a crash finds it whole)."""
    write_to(tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
