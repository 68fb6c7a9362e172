# SPDX-License-Identifier: MIT
"""TOML with the positions of its keys, so that a problem with a setting can be reported as
``scenario.toml:12:1: levels.primary.class_size: ...`` (tomllib parses, but keeps no positions)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from .csvfile import NotARegularFile, read_bounded

MAX_SETTINGS_BYTES = 1024**2
"""A scenario file is settings and file names: kilobytes. Beyond a megabyte it is not one."""

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_ASSIGN = re.compile(rf"^(\s*)({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_INLINE = re.compile(rf"({_KEY})\s*=")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip('"').strip("'") for p in re.findall(rf"{_KEY}", dotted)]


def key_positions(text: str) -> dict[str, tuple[int, int]]:
    """Dotted key path → (line, column) of every key assignment and table header."""
    positions: dict[str, tuple[int, int]] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _parts(header.group(1))
            positions.setdefault(".".join(table), (number, line.index("[") + 1))
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        path = table + _parts(assign.group(2))
        positions.setdefault(".".join(path), (number, len(assign.group(1)) + 1))
        rest = line[assign.end():]
        brace = rest.find("{")
        if brace >= 0:  # keys of an inline table on the same line
            offset = assign.end() + brace
            for inner in _INLINE.finditer(line[offset:]):
                positions.setdefault(".".join(path + _parts(inner.group(1))), (number, offset + inner.start() + 1))
    return positions


class Toml:
    """A parsed TOML file that can locate its keys."""

    def __init__(self, path: Path, data: dict[str, Any], positions: dict[str, tuple[int, int]]):
        self.path = path
        self.data = data
        self.positions = positions

    def where(self, key: str) -> str:
        """``file:line:column: key`` for a dotted key (or its nearest located parent)."""
        probe = key
        while probe:
            if probe in self.positions:
                line, col = self.positions[probe]
                return f"{self.path}:{line}:{col}: {key}"
            # `levels.senior.share[2024]` is a point of the key `levels.senior.share`
            probe = probe.rpartition("[")[0] if probe.endswith("]") else probe.rpartition(".")[0]
        return f"{self.path}: {key}"

    def problem(self, key: str, message: str) -> Problem:
        return Problem(self.where(key), message)


def load_toml(path: Path) -> Toml:
    """Parse ``path``; a syntax error becomes an InputError at its line and column."""
    try:
        raw = read_bounded(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        raise InputError("no such file; expected a scenario TOML file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder; expected a scenario TOML file", str(path)) from None
    except NotARegularFile as error:
        raise InputError(f"is {error}; expected a scenario TOML file", str(path)) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", str(path)) from None
    if raw is None:
        raise InputError(f"has more than {MAX_SETTINGS_BYTES:,} bytes; expected a scenario file of settings",
                         str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"byte 0x{raw[error.start]:02x} is not UTF-8; expected UTF-8 text",
                         f"{path}:{line}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"{path}:{found.group(1)}:{found.group(2)}" if found else str(path)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "invalid TOML"
        raise InputError(f"{message}; expected valid TOML", where) from None
    return Toml(path, data, key_positions(text))
