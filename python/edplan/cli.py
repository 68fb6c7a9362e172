# SPDX-License-Identifier: MIT
"""The ``edplan`` command: run, validate, backtest, compare and init scenarios.

Exit status 0 on success, 2 on bad input (one ``file:line:column: message`` line per problem on
standard error), 1 on an internal error (reported without a traceback unless EDPLAN_DEBUG=1).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import signal
import sys
import threading
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import InputError

EXIT_BAD_INPUT = 2


def _console(stderr: bool = False):
    from rich.console import Console
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print_tables(tables, title: str) -> None:
    from .output.terminal import print_tables
    print_tables(tables, title, _console())


def _load(path: Optional[str], loader=None):
    """The scenario at ``path`` (the built-in one when None), read by ``loader`` (default
    ``Scenario.load``)."""
    from .scenario import Scenario
    from .scenario.load import default_path
    return (loader or Scenario.load)(default_path() if path is None else path)


def cmd_run(args) -> int:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .output.files import write
    from .output.painter import Painter

    # the report's charts are drawn by a child started now, which imports matplotlib while this
    # process loads the scenario (before any thread is started: a fork copies only its caller)
    painter = Painter() if not args.no_report and Painter.possible() else None
    try:
        scenario = _load(args.scenario)
        if painter is not None:  # it makes the charts' figures while this process runs
            painter.prepare(len(scenario.levels), len(scenario.regions))
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=_console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"{scenario.name}: loading", total=None)
            results = scenario.run(draws=args.draws, seed=args.seed, threads=args.jobs, progress=lambda stage:
                                   progress.update(task, description=f"{scenario.name}: {stage}"))
            progress.update(task, description=f"{scenario.name}: writing {args.output}")
            written = write(results, args.output, excel=not args.no_excel, report=not args.no_report,
                            concurrent=True, painter=painter)
    finally:
        if painter is not None:
            painter.stop()
    _print_tables(results.summary(), f"{scenario.name} {scenario.base_year}–{scenario.horizon}"
                  + (f", {results.draws} draws" if results.draws else ""))
    from .output.figures import missing_cjk_font
    # the painter has looked: matplotlib is not imported here
    font = missing_cjk_font(results, painter.cjk_font if painter is not None else False)
    for warning in results.warnings[:10] + ([font] if font else []):
        _console(stderr=True).print(f"warning: {warning}")
    _console().print(f"wrote {len(written)} files to {args.output}: " + ", ".join(p.name for p in written))
    return 0


def cmd_validate(args) -> int:
    scenario = _load(args.scenario)
    levels = ", ".join(level.name for level in scenario.levels)
    for warning in scenario.warnings:
        _console(stderr=True).print(f"warning: {warning}")
    _console().print(f"{scenario.path}: valid — {len(scenario.regions)} regions, {scenario.base_year}–"
                     f"{scenario.horizon}, levels {levels}, tables {', '.join(sorted(scenario.tables))}")
    return 0


def cmd_backtest(args) -> int:
    from .output.backtest_report import backtest_tables, write_html
    from .output.files import atomic_write
    from .scenario.backtest import backtest_scenario, load_history

    scenario = _load(args.scenario, load_history)
    origins = _year_range(args.origins, "--origins") if args.origins else None
    table = backtest_scenario(scenario, origins=origins, max_lead=args.max_lead, holdout=args.holdout,
                              draws=args.draws, seed=args.seed)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "backtest.csv", lambda f: table.to_csv(f, index=False, encoding="utf-8-sig"))
    first, last = int(table["origin"].min()), int(table["origin"].max())
    title = f"{scenario.name}: back-test, origins {first}–{last}, up to {int(table['lead'].max())} years ahead"
    page = write_html(table, title)
    atomic_write(out / "backtest.html", lambda f: Path(f).write_text(page, encoding="utf-8"))
    _print_tables(backtest_tables(table), title)
    for note in table.attrs.get("notes", []):
        _console().print(f"note: {note}", markup=False)
    skipped = table.attrs.get("skipped")
    if skipped is not None and len(skipped):
        _console(stderr=True).print(f"{len(skipped)} region-origins skipped, e.g. "
                                    f"{skipped.iloc[0]['region']}: {skipped.iloc[0]['reason']}", markup=False)
    _console().print(f"wrote {out / 'backtest.csv'} and {out / 'backtest.html'}", markup=False)
    return 0


def _year_range(text: str, where: str) -> tuple[int, int]:
    """FIRST:LAST as two years."""
    try:
        first, last = (int(part) for part in text.split(":"))
    except ValueError:
        raise InputError(f"got {text!r}; expected FIRST:LAST, two years such as 2010:2020", where) from None
    if last < first:
        raise InputError(f"got {text!r}; expected FIRST <= LAST", where)
    return first, last


def cmd_compare(args) -> int:
    from .output.comparison import render_comparison
    from .output.files import atomic_write
    from .scenario.compare import compare

    tables = compare(args.a, args.b)
    shown = {title: frame.head(args.rows) if title.endswith(("changes", "changes first")) else frame
             for title, frame in tables.items()}
    _print_tables(shown, f"A: {args.a} against B: {args.b} (B − A; at most {args.rows} rows each, largest first)")
    page = Path(args.html)
    atomic_write(page, lambda f: Path(f).write_text(render_comparison(tables, args.a, args.b), encoding="utf-8"))
    _console().print(f"wrote {page}: every table, up to 200 rows each")
    return 0


def cmd_init(args) -> int:
    from .scenario import default_path

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise InputError("is a file; expected a new or empty folder for the scenario", str(target))
    if target.exists() and any(target.iterdir()):
        raise InputError("the folder exists and is not empty; expected a new or empty folder", str(target))
    shutil.copytree(default_path().parent, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    kept = "tables"
    if args.xlsx:
        from .scenario.inputs_workbook import gather
        kept = f"tables in one workbook, {gather(target / 'scenario.toml').name}"
    _console().print(f"wrote an editable copy of the built-in Quanzhou scenario ({kept}) to {target}; "
                     f"run it with: edplan run {target / 'scenario.toml'}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edplan", description="School places, elder-education coverage and "
                                "education targets: scenario projections.")
    p.add_argument("--version", action="version", version=f"edplan {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run a scenario (default: the built-in Quanzhou scenario)")
    run.add_argument("scenario", nargs="?", help="scenario TOML file")
    run.add_argument("-o", "--output", default="edplan-results", help="output folder (default: edplan-results)")
    run.add_argument("--draws", type=int, help="Monte Carlo draws for intervals (default: the scenario's)")
    run.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    run.add_argument("--jobs", type=int, default=0, help="threads (default: all cores; results do not depend on it)")
    run.add_argument("--no-excel", action="store_true", help="skip edplan.xlsx")
    run.add_argument("--no-report", action="store_true", help="skip report.html")
    run.set_defaults(func=cmd_run)
    val = sub.add_parser("validate", help="check a scenario and every table it names; list all problems")
    val.add_argument("scenario")
    val.set_defaults(func=cmd_validate)
    bt = sub.add_parser("backtest", help="project from rolling origins in the enrolment history and measure the error")
    bt.add_argument("scenario")
    bt.add_argument("--origins", metavar="FIRST:LAST",
                    help="origin years (default: the fifth history year .. the year before the last)")
    bt.add_argument("--max-lead", type=int, default=5, metavar="H", help="years projected from each origin (5)")
    bt.add_argument("--holdout", type=int, help="instead: origins base_year-H .. base_year-1, projected to the base year")
    bt.add_argument("--draws", type=int, default=0, help="Monte Carlo draws for the intervals (0: none)")
    bt.add_argument("--seed", type=int, default=1)
    bt.add_argument("-o", "--output", default="edplan-backtest")
    bt.set_defaults(func=cmd_backtest)
    cmp_ = sub.add_parser("compare", help="compare two scenarios or two result folders")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    cmp_.add_argument("--html", default="edplan-compare.html", help="the page with every change (default: "
                      "edplan-compare.html)")
    cmp_.add_argument("--rows", type=int, default=10, help="rows of each table in the terminal (default: 10)")
    cmp_.set_defaults(func=cmd_compare)
    init = sub.add_parser("init", help="write an editable copy of the built-in Quanzhou scenario")
    init.add_argument("directory")
    init.add_argument("--xlsx", action="store_true", help="the tables as sheets of one workbook, inputs.xlsx")
    init.set_defaults(func=cmd_init)
    return p


class Terminated(BaseException):
    """SIGTERM: stop as an interrupt does, so that temporary files are removed on the way out."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        return args.func(args)
    except InputError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        # the machine said no: a folder not writable, a disk full, a path that is a file
        where = error.filename or "edplan"
        print(f"{where}: {error.strerror or error}; expected a place edplan can read and write", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("edplan: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("edplan: terminated", file=sys.stderr)
        return 143
    except Exception as error:  # noqa: BLE001 - the command line never shows a traceback
        if os.environ.get("EDPLAN_DEBUG"):
            raise
        print(f"edplan: internal error: {type(error).__name__}: {error} (set EDPLAN_DEBUG=1 for details; please "
              "report it)", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if argv is None:
            # This process's own command, which ends on return: the collector's last pass at the
            # exit would walk every object a run left (0.1 s of CPU after the built-in scenario's),
            # only to find garbage that the exit frees anyway. Frozen, they are freed by their
            # reference counts alone (buffered files are flushed as ever: each one the run wrote
            # is closed by then).
            gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
