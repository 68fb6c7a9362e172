# SPDX-License-Identifier: MIT
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The numpy reference implementations live beside the tests.
sys.path.insert(0, os.path.dirname(__file__))

REPO = Path(__file__).resolve().parents[2]


def find_shared_data() -> Path | None:
    """The shared real-data folder (ECASD, spopt's San Francisco case, ...), which is not part of
    this repository: $EDPLAN_SHARED_DATA, else the first `shared/data` beside the repository or
    one of its parent folders (a developer checkout and CI both have it at ../shared/data)."""
    env = os.environ.get("EDPLAN_SHARED_DATA")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in REPO.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of the shared data folder; skips the test, saying why, where it is absent."""
    found = find_shared_data()
    if found is None:
        pytest.skip(
            "the shared data folder (../shared/data, or $EDPLAN_SHARED_DATA) is absent: it holds third-party "
            "data sets (ECASD enrolment, spopt's San Francisco case) that this repository does not copy"
        )
    return found
