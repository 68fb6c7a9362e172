# SPDX-License-Identifier: MIT
"""Static typing: mypy passes on the package (with the ``[tool.mypy]`` settings of
pyproject.toml) and checks code that uses the public API against its annotations and the
committed stubs of the compiled module (python/edplan/_core/*.pyi)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "pyproject.toml"

mypy_api = pytest.importorskip("mypy.api", reason="mypy is not installed (pip install -r requirements-test.txt)")


def _mypy(*args: str) -> tuple[str, int]:
    """Runs mypy from the repository root with its pyproject.toml (and the cache in .mypy_cache
    unless args say otherwise); (stdout + stderr, exit status)."""
    here = os.getcwd()
    os.chdir(REPO)  # mypy resolves `files` and `mypy_path` from the working directory
    try:
        stdout, stderr, status = mypy_api.run(["--config-file", str(CONFIG), *args])
    finally:
        os.chdir(here)
    return stdout + stderr, status


def test_package_passes_mypy():
    report, status = _mypy("python/edplan")
    assert status == 0, "mypy found errors in python/edplan:\n" + report
    assert "Success: no issues found" in report, report


GOOD = """
    from pathlib import Path

    import numpy as np

    import edplan
    from edplan import _core, population
    from edplan.coverage import Decay
    from edplan.enrolment import Level, default_levels

    s: edplan.Scenario = edplan.Scenario.default()
    s2: edplan.Scenario = edplan.Scenario.load(Path("scenario.toml"))
    r: edplan.Results = s.run(draws=0, seed=1)
    written: list[Path] = r.write("out", excel=False, report=False)
    warnings: list[str] = r.warnings

    levels: list[Level] = default_levels()
    base = np.zeros((1, 2, 101))
    survival = np.ones((1, 1, 2, 101))
    fertility = np.zeros((1, 1, 35))
    pop: np.ndarray = population.project(base, survival, fertility, years=5, srb=1.05)
    inputs = population.ProjectionInputs(base, survival, fertility)
    proj: population.Projection = inputs.project(5)
    raw: _core.population.Projection = _core.population.project(
        _core.population.ProjectionInputs(base=base, survival=survival, fertility=fertility),
        _core.population.ProjectionOptions(years=5))
    births: np.ndarray = raw.births
    level: _core.enrolment.Level = _core.enrolment.Level(name="primary", entry_age=6)
    d: Decay = Decay.linear(30.0)
    try:
        edplan.Scenario.load("missing.toml")
    except edplan.InputError as error:
        problems: list[edplan.Problem] = error.problems
"""

BAD = """
    import numpy as np

    import edplan
    from edplan import _core, population

    edplan.Scenario.load(3)
    base = np.zeros((1, 2, 101))
    _core.population.project(base, base, base, years="5")
    population.project(base, base, base, years=5, srb="high")
    n: int = edplan.Scenario.default()
"""


def _check_snippet(tmp_path: Path, name: str, code: str) -> tuple[str, int]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    # a cache of its own: mypy would otherwise reuse another run's results for a module of this name
    return _mypy("--cache-dir", str(tmp_path / ".mypy_cache"), str(path))


def test_public_api_usage_type_checks(tmp_path):
    report, status = _check_snippet(tmp_path, "good_usage.py", GOOD)
    assert status == 0, "mypy rejected correct use of the public API:\n" + report


def test_wrong_api_usage_is_rejected(tmp_path):
    report, status = _check_snippet(tmp_path, "bad_usage.py", BAD)
    assert status == 1, "mypy accepted wrong use of the public API:\n" + report
    lines = [line for line in report.splitlines() if "bad_usage.py:" in line and ": error:" in line]
    # every wrong line is caught, each in the snippet itself (not in the package)
    assert {int(line.split(":")[1]) for line in lines} >= {7, 9, 10, 11}, report
    assert "python/edplan/" not in report.replace("\\", "/"), report
    assert '"load" of "Scenario"' in report, report
    assert '"project"' in report and '"str"' in report, report


def test_stubs_name_everything_the_compiled_module_has():
    """The committed stubs list every public name of each compiled submodule (regenerate them
    with scripts/stubs after changing the bindings)."""
    import ast
    import importlib

    core = importlib.import_module("edplan._core")
    stubs = REPO / "python" / "edplan" / "_core"
    for name in ("", "population", "enrolment", "capacity", "targets", "coverage"):
        module = getattr(core, name) if name else core
        tree = ast.parse((stubs / f"{name or '__init__'}.pyi").read_text(encoding="utf-8"))
        stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        stubbed |= {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
        stubbed |= {a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
        public = {n for n in dir(module) if not n.startswith("_")}
        assert public <= stubbed, f"_core{'.' + name if name else ''}: not in the stubs: {sorted(public - stubbed)}"
