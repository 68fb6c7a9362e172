# SPDX-License-Identifier: MIT
"""The table reader's two paths: pandas' C parser for the common file, the csv module for
files with quotes or malformed rows. Whatever the path, a table reads the same: the same
strings, the same rows skipped, the same file line for every row."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edplan import InputError
from edplan._io import read_table
from edplan._io.checks import TableProblems
from edplan._io.csvfile import _csv_records, _rows_by_pandas, _rows_of_records


def careful(text: str) -> tuple[list[str], pd.DataFrame, list]:
    records = _csv_records(text)
    header = [h.strip() for h in next(records)[2]]
    problems = TableProblems()
    return header, _rows_of_records(records, header, False, "t.csv", problems), problems.problems


def write(tmp_path, text: str):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_fast_path_numbers_rows_by_file_line_skipping_blank_ones(tmp_path):
    text = "region,year,births\r\n鲤城区,2009, 3521\r\n\r\n , , \r\n丰泽区 ,2010,\r\n"
    assert _rows_by_pandas(text, ["region", "year", "births"]) is not None  # the common path was taken
    df = read_table(write(tmp_path, text), ["region", "year", "births"])
    assert list(df.index) == [2, 5]
    assert df.loc[2].tolist() == ["鲤城区", "2009", "3521"]
    assert df.loc[5, "region"] == "丰泽区" and pd.isna(df.loc[5, "births"])


@pytest.mark.parametrize("text, where", [
    ("a,b\n1,2\n3\n", "/t.csv:3"),           # a short row: pandas would pad it
    ("a,b\n1,2\n3,4,5\n", "/t.csv:3"),       # a long row: pandas refuses it
    ('a,b\n"1\n2",3\n4\n', "t.csv:4"),       # quotes: the careful path
])
def test_malformed_rows_are_located_by_the_careful_path(tmp_path, text, where):
    with pytest.raises(InputError) as error:
        read_table(write(tmp_path, text), ["a", "b"])
    assert any(p.where.endswith(where) and "expected 2" in p.message for p in error.value.problems), error.value.problems


FIELD = st.text(alphabet=st.sampled_from(list("ab1 ,\t\u3000区")), max_size=6)
LINE_END = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(header=st.lists(st.sampled_from(["a", "b", "c", " d "]), min_size=1, max_size=4, unique=True),
       lines=st.lists(FIELD, max_size=8), end=LINE_END, last_end=st.booleans())
def test_both_paths_read_a_quote_free_file_the_same(header, lines, end, last_end):
    text = ",".join(header) + end + end.join(lines) + (end if last_end and lines else "")
    fast = _rows_by_pandas(text, [h.strip() for h in header])
    names, slow, problems = careful(text)
    if all(line.count(",") == len(header) - 1 for line in lines):
        assert fast is not None  # every row has the header's width: the fast path reads it
    if fast is None:
        return  # a row of another width: the careful path, the reference here, reads the file
    assert not problems
    assert list(fast.index) == list(slow.index)
    assert fast.columns.tolist() == slow.columns.tolist() == names
    assert fast.to_numpy().tolist() == slow.to_numpy().tolist()
