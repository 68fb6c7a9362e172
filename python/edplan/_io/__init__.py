# SPDX-License-Identifier: MIT
"""The one reader of scenario files: CSV and TOML text into checked tables, every problem
located as ``file:line:column: message`` (private to edplan)."""

from .checks import (ABSURD, MAX_PER_COLUMN, TableProblems, duplicates, location, numeric, require_columns, show,
                     unknown)
from .csvfile import MAX_TABLE_BYTES, raise_problems, read_table, read_text
from .toml import Toml, key_positions, load_toml

__all__ = [
    "ABSURD", "MAX_PER_COLUMN", "MAX_TABLE_BYTES", "TableProblems", "Toml", "duplicates", "key_positions", "load_toml",
    "location", "numeric", "raise_problems", "read_table", "read_text", "require_columns", "show", "unknown",
]
