# SPDX-License-Identifier: MIT
"""The one reader of scenario files (private to edplan): CSV and TOML text into checked tables,
every problem located as ``file:line:column: message`` (``name[row=label].column`` for a
DataFrame), all problems at once."""

from .checks import (ABSURD, MAX_PER_COLUMN, TableProblems, blank, duplicates, location, numeric, read_aliases,
                     require_columns, resolve_aliases, show, unknown)
from .csvfile import MAX_TABLE_BYTES, raise_problems, read_table, read_text
from .located import Located, PathLike, columns_present, dates, keys, located, numbers, relocate, texts
from .toml import Toml, key_positions, load_toml

__all__ = [
    "ABSURD", "MAX_PER_COLUMN", "MAX_TABLE_BYTES", "Located", "PathLike", "TableProblems", "Toml", "blank",
    "columns_present", "dates",
    "duplicates", "key_positions", "keys", "load_toml", "located", "location", "numbers", "numeric", "raise_problems",
    "read_aliases", "read_table", "read_text", "relocate", "require_columns", "resolve_aliases", "show", "texts", "unknown",
]
