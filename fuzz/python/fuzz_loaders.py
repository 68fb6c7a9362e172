# SPDX-License-Identifier: MIT
"""Atheris harness over the Python table and scenario loaders.

The first input byte picks a file of a tiny scenario (``tiny_scenario.TARGETS``) and whether to
read it alone with ``edplan._io.read_table`` (that table's columns required) or to load the
whole scenario with ``edplan.Scenario.load`` after replacing the file; the remaining bytes
are the file's new content. ``edplan.InputError`` is the documented outcome of bad input;
any other exception is a bug and ends the run as a crash.

    python fuzz/python/fuzz_loaders.py -max_total_time=60 -print_final_stats=1 CORPUS_DIR
"""
import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tiny_scenario  # noqa: E402  (not instrumented: the harness's own fixture)

with atheris.instrument_imports(include=["edplan"]):
    import edplan  # noqa: E402
    import edplan._io  # noqa: E402

# The columns each file is read with when it is fuzzed alone (required, optional).
COLUMNS = {
    "scenario.toml": (["name"], []),
    "population.csv": (["region", "sex", "age", "count"], []),
    "survival.csv": (["sex", "age", "survival"], ["region", "year"]),
    "fertility.csv": (["age", "rate"], ["region", "year"]),
    "births.csv": (["region", "year", "births"], []),
    "enrolment.csv": (["region", "year", "level", "grade", "pupils"], []),
    "capacity.csv": (["region", "level", "places"], ["classes"]),
    "indicators.csv": (["indicator", "region", "year", "value"], []),
    "targets.csv": (["indicator", "region", "target", "target_year", "direction"], []),
}

ORIGINAL = tiny_scenario.files()
FOLDER = Path(tempfile.mkdtemp(prefix="edplan-fuzz-loaders-"))
for _name, _content in ORIGINAL.items():
    (FOLDER / _name).write_bytes(_content)
SCENARIO = FOLDER / "scenario.toml"
ALONE = FOLDER / "alone.csv"


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    selector, content = data[0], data[1:]
    name = tiny_scenario.TARGETS[selector % len(tiny_scenario.TARGETS)]
    if selector & 0x80:
        # One table alone, read as its loader reads it.
        ALONE.write_bytes(content)
        required, optional = COLUMNS[name]
        try:
            edplan._io.read_table(ALONE, required, optional, display=name)
        except edplan.InputError:
            pass
        return
    target = FOLDER / name
    target.write_bytes(content)
    try:
        edplan.Scenario.load(SCENARIO)
    except edplan.InputError:
        pass
    finally:
        target.write_bytes(ORIGINAL[name])


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    try:
        atheris.Fuzz()
    finally:
        for path in FOLDER.iterdir():
            path.unlink()
        os.rmdir(FOLDER)


if __name__ == "__main__":
    main()
