#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the committed seed corpora in fuzz/corpus/<harness>/ (run from anywhere; rewrites them).

C++ seeds are hand-made byte strings in the harnesses' decoding (fuzz/cpp/fuzz_input.hpp: a
byte 0 for an extent picks the extent the validator wants, a flag byte 1 picks the plain
value), so each harness starts from inputs that pass validation and reach the kernels, plus
a few that take the error paths. Python seeds are the tiny scenario's files, each prefixed
with the selector byte of fuzz/python/fuzz_loaders.py.
"""
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "python"))
import tiny_scenario  # noqa: E402

CPP = {
    "fuzz_population": {
        # R=1, ages 51, T=3, shapes as wanted, migration and births, default options, plain values
        "valid": [1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
        # R=2, broadcast survival and fertility, no migration
        "broadcast": [2, 2, 3, 0, 0, 0, 5, 5, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
        # NaN base, survival 1.2-ish edits, srb inf
        "bad_values": [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 166, 0, 0, 167, 3, 0, 0, 0, 0, 1, 0,
                       0, 200, 1, 0, 1, 0],
        "zero_regions": [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] + [1, 0] * 5,
    },
    "fuzz_enrolment": {
        # default levels, base 2023 horizon 2026, R=1, H=2, G wanted, births from 2010 (20 years)
        "defaults": [1, 1, 23, 5, 1, 2, 0, 1, 0, 0, 13, 0, 20, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0,
                     0, 0, 0, 0, 1, 0, 0, 0],
        # one fuzzed progression level, grades 1..3 entry age 6
        "one_level": [0, 0, 0, 1, 0, 3, 1, 4, 1, 8, 0, 0, 0, 23, 5, 1, 2, 0, 1, 0, 0, 13, 0, 20, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                      0, 0, 0, 0, 0, 0, 1, 0],
        # extreme years
        "extreme_years": [1, 0, 0, 1, 0, 0, 0, 0, 1, 255, 255, 255, 255, 1] + [0] * 30,
    },
    "fuzz_coverage": {
        # 2SFCA, 3 x 2 dense, 1 year, one step decay
        "two_step_dense": [0, 3, 2, 1, 0, 1, 5, 1, 9, 1, 12, 1, 20, 1, 31, 1, 40, 1, 0, 0, 0, 0, 0, 0, 1, 100, 1, 80, 1, 60,
                           1, 50, 1, 50, 1, 1, 2, 1, 10, 1, 20, 1, 1, 0],
        # BFCA on CSR
        "bfca_sparse": [3, 3, 2, 1, 1, 0, 4] + [1, 10] * 8 + [0] * 10 + [1, 100] * 6 + [1, 6, 1, 0],
        "gravity_sparse_bad": [2, 2, 2, 2, 1, 0, 3, 0, 0, 0, 0, 255, 0, 0, 1, 170, 1, 7] + [0] * 20 + [1, 4, 200, 1, 100, 173],
        "weighted_sa": [4, 2, 2, 2, 0] + [1, 7] * 4 + [0] * 6 + [1, 9] * 8 + [1, 0, 3, 1, 10, 1, 140],
    },
    "fuzz_targets_capacity": {
        "assess": [0, 5, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 10, 20, 30, 40, 50, 1, 40, 1, 1, 30, 0, 1, 0, 0, 0, 0, 0],
        "assess_logistic": [0, 4, 1, 10, 1, 12, 1, 14, 1, 16, 20, 30, 40, 50, 1, 70, 1, 1, 35, 0, 1, 0, 2, 1, 166],
        "counts": [1, 2, 3, 0, 0, 0, 0] + [40] * 14 + [0] * 6,
        "balance": [2, 2, 3, 2, 0, 0, 0, 0, 0, 0] + [100, 50] * 12 + [1, 10] * 12 + [0, 1, 1, 1],
    },
}


def main() -> None:
    corpus = HERE / "corpus"
    for harness, seeds in CPP.items():
        folder = corpus / harness
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in seeds.items():
            (folder / name).write_bytes(bytes(data))
    folder = corpus / "python_loaders"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = tiny_scenario.files()
    for i, name in enumerate(tiny_scenario.TARGETS):
        stem = name.replace(".", "_")
        if len(files[name]) <= 1200:  # the larger tables are seeded alone, in part
            (folder / f"load_{stem}").write_bytes(bytes([i]) + files[name])
        (folder / f"read_{stem}").write_bytes(bytes([0x80 | i]) + files[name][:600])
    (folder / "load_scenario_toml_bad").write_bytes(bytes([0]) + files["scenario.toml"].replace(b"2026", b"2020"))
    (folder / "read_bom_crlf").write_bytes(bytes([0x84]) + b"\xef\xbb\xbfregion,year,births\r\nNorth,2020,5\r\n")


if __name__ == "__main__":
    main()
