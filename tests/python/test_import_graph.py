# SPDX-License-Identifier: MIT
"""The house rules of the Python package (DESIGN §1), read from its source with ``ast``:

- no import cycle between edplan's modules (every runtime import counts, also those inside
  functions; imports under ``if TYPE_CHECKING:`` do not run and do not count);
- no module imports another module's private names, and a private module (``_name``) is
  imported only from inside its parent package (``edplan._io`` and ``edplan._core`` serve the
  whole package; ``edplan.coverage._costs`` only ``edplan.coverage``);
- the package is its subpackages plus at most six top-level modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import edplan

PACKAGE = Path(edplan.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def runtime_imports(tree: ast.AST):
    """Import nodes that run, skipping ``if TYPE_CHECKING:`` bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def edges():
    """(importer, imported module, imported name or None) for every runtime import of edplan code."""
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in runtime_imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "edplan":
                        yield name, alias.name, None
                continue
            target = resolve(name, node)
            if target.split(".")[0] != "edplan":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES or sub == "edplan._core" or sub.startswith("edplan._core."):
                    yield name, sub, None
                else:
                    yield name, target, alias.name


def test_no_import_cycle():
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for importer, imported, _ in edges():
        if imported in MODULES and imported != "edplan":  # the root package is loaded first by any import
            graph[importer].add(imported)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def private_parent(module: str) -> str | None:
    """The package inside which ``module`` may be imported: the parent of its first private
    component (None when no component is private)."""
    parts = module.split(".")
    for k, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:k])
    return None


def test_no_private_imports():
    wrong = []
    for importer, imported, name in edges():
        owner = private_parent(imported)
        if owner is not None and not (importer == owner or importer.startswith(owner + ".")):
            wrong.append(f"{importer} imports the private module {imported}")
        if name is not None and name.startswith("_") and not name.startswith("__"):
            wrong.append(f"{importer} imports the private name {name} from {imported}")
    assert not wrong, "\n".join(wrong)


def test_at_most_six_top_level_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 6, f"top-level modules: {top}; expected subpackages and at most six modules"


def test_the_rules_catch_what_they_should():
    # a private name and a private module reached from outside their package
    fake = ast.parse("from ..enrolment.projection import _result\nfrom ..coverage._costs import cost_arg\n")
    found = [(resolve("edplan.scenario.chain", n), [a.name for a in n.names]) for n in runtime_imports(fake)]
    assert found == [("edplan.coverage._costs", ["cost_arg"]), ("edplan.enrolment.projection", ["_result"])] or \
        found == [("edplan.enrolment.projection", ["_result"]), ("edplan.coverage._costs", ["cost_arg"])]
    assert private_parent("edplan.coverage._costs") == "edplan.coverage"
    assert private_parent("edplan._io.checks") == "edplan"
    assert private_parent("edplan.coverage.fca") is None
    # TYPE_CHECKING imports do not count
    hidden = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .results import Results\n")
    assert [n.module for n in runtime_imports(hidden)] == ["typing"]
