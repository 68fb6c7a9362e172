# SPDX-License-Identifier: MIT
"""The CSV rows assembled from each column's distinct fields (edplan.output.csv_rows) against
pandas' own ``to_csv``, byte for byte, and the engine's text of a float against Python's repr."""

from __future__ import annotations

import io
import os

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from edplan import _core
from edplan.output.csv_rows import rows


def _both(table: pd.DataFrame) -> tuple[bytes, bytes, bool]:
    out = io.BytesIO()
    done = rows(table, out)
    return out.getvalue(), table.to_csv(index=False).encode("utf-8"), done


def test_python_reprs_are_repr():
    rng = np.random.default_rng(7)
    v = np.concatenate([
        rng.random(20_000) * 10.0 ** rng.integers(-30, 30, 20_000), rng.standard_normal(1000),
        np.frombuffer(rng.bytes(8 * 20_000), np.float64),  # any bits: subnormals, NaN payloads, extremes
        [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1.7976931348623157e308, 1e16, 9999999999999998.0, 1e17,
         1e-4, 1e-5, 0.1, 100.0, 1e100, 1e-100, 123.0, -2.5e-7]])
    width = _core.python_repr_width()
    fields = np.zeros(len(v), f"S{width}")
    _core.python_reprs(v, fields.view(np.uint8).reshape(len(v), width))
    expected = np.array([repr(x) for x in v.tolist()], dtype="S")
    np.testing.assert_array_equal(fields, expected)
    np.testing.assert_array_equal(fields, v.astype(str).astype("S"))  # what pandas writes for a float column
    assert fields[len(v) - 17] == b"-0.0" and fields[len(v) - 14] == b"nan"


def test_a_table_of_every_kind_by_hand():
    table = pd.DataFrame({
        "名": pd.array(["泉州", "a,b", 'say "hi"', "", None, "泉州"], dtype="str"),
        "n": [1, -2, 3, 0, 10**12, 1], "x": [0.1, np.nan, -0.0, 1e16, 1e-5, 2.0],
        "flag": [True, False, True, True, False, False], "small": np.arange(6, dtype=np.uint8),
        "obj": ["p", "q", None, "p", "r", " s"],
    })
    got, expected, done = _both(table)
    assert done and got == expected
    assert got.decode().split(os.linesep)[2] == '"a,b",-2,,False,1,q'


def test_codes_are_held_in_the_narrowest_integers():
    """A column's codes number its distinct values in as few bytes as they need (a long table
    of few values holds a byte a row, not eight), and the rows are still to_csv's across the
    widths' limits: 256 distinct values fit a byte, 257 take two."""
    from edplan.output.csv_rows import _column

    rng = np.random.default_rng(11)
    for distinct, width in ((1, np.uint8), (256, np.uint8), (257, np.uint16), (70_000, np.uint32)):
        labels = np.array([f"v{k}" for k in range(distinct)], dtype=object)
        table = pd.DataFrame({"s": labels[rng.permutation(np.arange(max(distinct, 1000)) % distinct)],
                              "n": np.arange(max(distinct, 1000)) % distinct * 7})
        for name in table.columns:
            codes, fields = _column(table[name])
            assert codes.dtype == width and int(codes.max()) == distinct - 1 and len(fields) == distinct
        got, expected, done = _both(table)
        assert done and got == expected


def test_a_table_of_one_column_quotes_its_empty_fields():
    for table in (pd.DataFrame({"s": pd.array(["a", "", None], dtype="str")}), pd.DataFrame({"x": [1.0, np.nan]})):
        got, expected, done = _both(table)
        assert done and got == expected and b'""' in got


def test_columns_left_to_pandas():
    dates = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02"]), "x": [1.0, 2.0]})
    mixed = pd.DataFrame({"v": pd.Series([1, 1.0, True, "1"], dtype=object)})  # 1 == 1.0 == True: one key
    broken = pd.DataFrame({"v": ["two\nlines", "x"]})
    for table in (dates, mixed, broken, pd.DataFrame(index=range(3))):
        out = io.BytesIO()
        assert not rows(table, out) and out.getvalue() == b""


texts = st.text(alphabet=st.sampled_from(list('ab ,"=泉\t\r\n-+')), max_size=6)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n=st.integers(0, 40))
def test_rows_are_to_csv(data, n):
    floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
    table = pd.DataFrame({
        "s": pd.array(data.draw(st.lists(st.one_of(texts, st.none()), min_size=n, max_size=n)), dtype="str"),
        "o": pd.Series(data.draw(st.lists(texts, min_size=n, max_size=n)), dtype=object),
        "f": np.array(data.draw(st.lists(floats, min_size=n, max_size=n)), dtype=np.float64),
        "i": np.array(data.draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=n, max_size=n)), dtype=np.int64),
        "b": np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
    })
    got, expected, done = _both(table)
    alone, _, alone_done = _both(table[["s"]])
    assert not alone_done or alone == table[["s"]].to_csv(index=False).encode("utf-8")
    if done:
        assert got == expected
    else:  # only a field with a line break sends a table of these columns to pandas
        assert table[["s", "o"]].apply(lambda c: c.astype(str).str.contains("\r|\n")).to_numpy().any()
