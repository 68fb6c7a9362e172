# SPDX-License-Identifier: MIT
"""Every CSV of the reference scenarios (reference_scenarios.py) is byte-identical to the one
recorded in reference_outputs.json: a change of structure must not change a number."""

from __future__ import annotations

import json

import pytest

from reference_scenarios import DIGESTS, VARIANTS, digests

RECORDED = json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_outputs_are_byte_identical_to_the_recorded_ones(name, tmp_path):
    found = digests(name, tmp_path)
    assert sorted(found) == sorted(RECORDED[name]), "the run writes other files than recorded"
    changed = [file for file in found if found[file] != RECORDED[name][file]]
    assert not changed, (f"{name}: {', '.join(changed)} differ from the recorded outputs; if the change is meant, "
                         "run `python tests/python/reference_scenarios.py --write` and say why in the commit")
