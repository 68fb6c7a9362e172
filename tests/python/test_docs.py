# SPDX-License-Identifier: MIT
"""Every code block of README.md and docs/*.md runs as written.

Per page, in a fresh temporary working directory and in the order of the page: ```python blocks
share one namespace; in ```console blocks each line beginning with "$ " is a shell command that
must exit 0 (`edplan` and `python` are this interpreter's, and `edplan/` in the folder is the
clone, as for a reader who cloned it there); ```text, ```toml and ```csv are shown,
not run; a ```cpp or ```cmake block must be the whole text of a file of the repository that the
build compiles (examples/, tests/cmake_consumer/), so that what the page shows is what CTest
builds. A block right after the comment `<!-- docs-test: skip (reason) -->` is not run (the set-up
commands, which build the package the tests already use); the reason is required. New pages under
docs/ are picked up without being listed here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
RUN = {"python", "console"}
SHOWN = {"text", "toml", "csv"}
QUOTED = {"cpp": ("examples", "tests/cmake_consumer"), "cmake": ("examples", "tests/cmake_consumer")}
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>\S*)[ \t]*$")
SKIP = re.compile(r"^\s*<!-- docs-test: skip \((?P<reason>[^)]+)\) -->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: its language, the line of its first text line (1-based), its
    text, and why it is not run (None: it runs if its language runs)."""

    lang: str
    line: int
    text: str
    skip: Optional[str] = None


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a Markdown page, indented ones (inside list items) dedented."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, body, start = len(opening["indent"]), [], i
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
            i += 1
        if i == len(lines):
            raise AssertionError(f"{page.name}: the block opened at line {start + 1} is never closed")
        skipped = SKIP.match(lines[start - 1]) if start > 0 else None
        found.append(Block(opening["lang"], start + 2, "\n".join(body) + "\n", skipped["reason"] if skipped else None))
        i += 1
    return found


def page_id(page: Path) -> str:
    """The page's path in the repository, as test ids and messages show it."""
    return str(page.relative_to(REPO))


def test_blocks_are_read_as_a_reader_sees_them(tmp_path: Path) -> None:
    """Fences inside list items are dedented, the skip comment binds to the next fence only, and
    line numbers are those of the page."""
    page = tmp_path / "page.md"
    page.write_text("# t\n\n- item:\n\n  ```python\n  x = 1\n    y = 2\n  ```\n"
                    "<!-- docs-test: skip (builds) -->\n```console\n$ make\n```\n```text\nout\n```\n", encoding="utf-8")
    assert blocks(page) == [Block("python", 6, "x = 1\n  y = 2\n"), Block("console", 11, "$ make\n", "builds"),
                            Block("text", 14, "out\n")]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_blocks_say_what_they_are(page: Path) -> None:
    """Every fence names a language the runner knows, so that no block escapes it unnoticed."""
    known = RUN | SHOWN | set(QUOTED)
    unknown = [f"{page_id(page)}:{b.line}: ```{b.lang}" for b in blocks(page) if b.lang not in known]
    assert not unknown, f"fences need one of {sorted(known)} (shell as ```console with '$ ' lines):\n" + "\n".join(unknown)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_links_stay_inside_the_clone(page: Path) -> None:
    """Relative links point at files a clone has; nothing points beside the repository."""
    text = page.read_text(encoding="utf-8")
    missing = [
        target
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert not missing, f"{page_id(page)} links to files the clone lacks: {missing}"
    assert "../shared" not in text, f"{page_id(page)} names ../shared, which a clone does not have"


@pytest.mark.parametrize("page", [p for p in PAGES if any(b.lang in QUOTED for b in blocks(p))], ids=page_id)
def test_cpp_blocks_are_compiled_files(page: Path) -> None:
    """A C++ or CMake block is a file that the build compiles, quoted whole."""
    for block in (b for b in blocks(page) if b.lang in QUOTED):
        files = [f for d in QUOTED[block.lang] for f in sorted((REPO / d).iterdir()) if f.is_file()]
        assert any(f.read_text(encoding="utf-8") == block.text for f in files), (
            f"{page_id(page)}:{block.line}: this ```{block.lang} block is not the text of any file in "
            f"{', '.join(QUOTED[block.lang])}; quote a compiled file whole"
        )


def command_dir(tmp: Path) -> Path:
    """A folder for PATH in which `edplan` and `python` are the interpreter running the tests."""
    bindir = tmp / "bin"
    bindir.mkdir()
    for name, args in {"edplan": "-m edplan", "python": ""}.items():
        script = bindir / name
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" {args} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
    return bindir


@pytest.mark.parametrize("page", [p for p in PAGES if any(b.lang in RUN for b in blocks(p))], ids=page_id)
def test_page_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's python and console blocks run in order, in a fresh folder, as a reader would."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "edplan").symlink_to(REPO)  # the reader's clone, for pages that build from source
    monkeypatch.chdir(work)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    env = dict(os.environ, PATH=f"{command_dir(tmp_path)}{os.pathsep}{os.environ.get('PATH', '')}")
    # The package under test, wherever it comes from (PYTHONPATH or an installed copy).
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in blocks(page):
        if block.skip:
            continue
        if block.lang == "python":
            # Blank lines before the code make tracebacks give the line of the page.
            code = compile("\n" * (block.line - 1) + block.text, str(page), "exec")
            exec(code, namespace)
        elif block.lang == "console":
            for offset, line in enumerate(block.text.splitlines(), start=1):
                if not line.startswith("$ "):
                    continue
                done = subprocess.run(line[2:], shell=True, cwd=work, env=env, capture_output=True, text=True)
                assert done.returncode == 0, (
                    f"{page_id(page)}:{block.line + offset - 1}: `{line[2:]}` exited {done.returncode}\n"
                    f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
                )


def test_scenario_page_names_every_setting_and_table() -> None:
    """docs/scenario-file.md lists every key of the settings schema and every table's columns."""
    from edplan.scenario.load import TABLES
    from edplan.scenario.settings import SCHEMA

    text = (REPO / "docs" / "scenario-file.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    keys = {f"{section}.{key}" for section, body in SCHEMA.items() for key in body} | set(TABLES)
    missing = [
        key for key in sorted(keys)
        if not any(f"`{key}`" in row or (f"`{key.split('.')[0]}." in row and f".{key.split('.')[1]}`" in row)
                   for row in rows)
    ]
    assert not missing, f"docs/scenario-file.md does not describe: {missing}"
    undocumented = [f"{table}: {col}" for table, (required, optional) in TABLES.items() for col in required + optional
                    if not any(f"`{table}`" in row and col in row for row in rows)]
    assert not undocumented, f"docs/scenario-file.md lacks columns: {undocumented}"
