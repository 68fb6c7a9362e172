# SPDX-License-Identifier: MIT
"""The paths that make ``edplan run`` fast, against the plain ones they replace: travel links
found on a grid against scipy's k-d tree (the same pairs and the same costs, to the bit), links
already in row order built into CSR against scipy's COO conversion, the cost cut-off on a CSR
matrix against filtering the table, the report drawn in a forked child against drawing it here,
and building alone's plan begun on a second thread against the one chosen in turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan.coverage._costs import cost_matrix, first_columns, links_by_row, within
from edplan.coverage._pairs import _kdtree_pairs, pairs_by_row, pairs_within
from edplan.output.forked import can_fork, start


@pytest.fixture(scope="module")
def results():
    return edplan.Scenario.default().run()


def _same(a, b) -> None:
    for x, y in zip(a, b):
        assert x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), m=st.integers(0, 200),
       radius=st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 7.3, 1e6]), grid=st.booleans())
def test_grid_pairs_are_the_kdtree_pairs(seed, n, m, radius, grid):
    rng = np.random.default_rng(seed)
    # on a grid of whole kilometres many pairs lie exactly at the radius: the boundary decides
    draw = (lambda k: rng.integers(-6, 6, (k, 2)).astype(float)) if grid else (lambda k: rng.normal(0, 5, (k, 2)))
    xy, site_xy = draw(n), draw(m)
    got = pairs_within(xy, site_xy, radius)
    starts, j, d = pairs_by_row(xy, site_xy, radius)  # the engine's grid
    i = np.repeat(np.arange(n, dtype=np.int32), np.diff(starts))
    assert len(starts) == n + 1 and starts.dtype == np.int64
    _same(got, (i, j, d))
    if n and m:
        _same(got, _kdtree_pairs(xy, site_xy, radius))
    else:
        assert all(len(column) == 0 for column in got)


def test_grid_pairs_by_hand():
    xy = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 0.0]])
    sites = np.array([[0.0, 0.0], [0.0, 5.0]])
    i, j, d = pairs_within(xy, sites, 5.0)
    # (0,0)–(0,0) 0; (0,0)–(0,5) 5, on the radius; (3,4)–(0,0) 5; (3,4)–(0,5) √10; (10,0) reaches none
    assert list(zip(i.tolist(), j.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    np.testing.assert_allclose(d, [0.0, 5.0, 5.0, np.sqrt(10.0)])


def test_engine_pairs_by_hand_and_far_apart():
    xy = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 0.0]])
    sites = np.array([[0.0, 5.0], [0.0, 0.0]])
    starts, j, d = pairs_by_row(xy, sites, 5.0)
    assert starts.tolist() == [0, 2, 4, 4] and j.tolist() == [0, 1, 0, 1]  # by site within an area
    np.testing.assert_array_equal(d, [5.0, 0.0, np.sqrt(10.0), 5.0])
    # points 1e18 radii apart: the grid cannot number its cells, the k-d tree answers
    far = np.array([[0.0, 0.0], [1e18, 1e18]])
    starts, j, d = pairs_by_row(far, far, 1.0)
    assert starts.tolist() == [0, 1, 2] and j.tolist() == [0, 1] and d.tolist() == [0.0, 0.0]


def test_scenario_travel_matrix_is_the_table_read():
    from edplan.coverage.inputs import travel_matrix, travel_table

    scenario = edplan.Scenario.default()
    tables, settings = scenario.tables, scenario.section("coverage")
    fast = travel_matrix(tables, settings)
    plain = cost_matrix(travel_table(tables, settings), tables["coverage.areas"]["area"],
                        pd.concat([tables["coverage.sites"]["site"], tables["coverage.candidates"]["site"]]))
    assert fast.nnz == plain.nnz > 0
    for a, b in ((fast.indptr, plain.indptr), (fast.indices, plain.indices), (fast.data, plain.data)):
        np.testing.assert_array_equal(a, b)
    m = len(tables["coverage.sites"])
    for cut in (None, 20.0):
        sliced = within(plain[:, :m], cut)
        first = first_columns(fast, m, cut)
        assert first.shape == sliced.shape
        np.testing.assert_array_equal(first.indptr, sliced.indptr)
        np.testing.assert_array_equal(first.indices, sliced.indices)
        np.testing.assert_array_equal(first.data, sliced.data)
    assert within(fast, 1e9) is fast  # nothing cut: not copied


def test_links_in_row_order_make_the_csr_scipy_makes():
    rng = np.random.default_rng(3)
    dense = np.where(rng.random((40, 30)) < 0.2, rng.uniform(0, 50, (40, 30)), 0.0)
    rows, cols = np.nonzero(dense)  # row-major: rows, then columns, in order
    fast = links_by_row(dense[rows, cols], rows, cols, dense.shape)
    plain = sp.csr_array((dense[rows, cols], (rows, cols)), shape=dense.shape)
    np.testing.assert_array_equal(fast.toarray(), plain.toarray())
    assert fast.has_canonical_format
    cut = within(fast, 20.0)
    keep = (dense > 0) & (dense <= 20.0)
    np.testing.assert_array_equal(cut.toarray(), np.where(keep, dense, 0.0))
    assert cut.nnz == int(keep.sum())


def test_categorical_and_text_ids_give_one_matrix():
    areas, sites = ["a", "b", "c"], ["x", "y"]
    table = pd.DataFrame({"origin": ["c", "a", "b"], "destination": ["x", "y", "x"], "cost": [1.0, 2.0, 3.0]})
    text = cost_matrix(table, areas, sites)
    coded = cost_matrix(table.astype({"origin": pd.CategoricalDtype(["c", "b", "a", "z"]),
                                      "destination": pd.CategoricalDtype(sites)}), areas, sites)
    np.testing.assert_array_equal(text.toarray(), [[0, 2], [3, 0], [1, 0]])
    np.testing.assert_array_equal(coded.toarray(), text.toarray())
    repeated = pd.concat([table, table.iloc[[0]]], ignore_index=True)
    with pytest.raises(edplan.InputError, match="listed more than once"):
        cost_matrix(repeated.astype({"origin": "category"}), areas, sites)
    unknown = table.assign(origin=["c", "q", "b"]).astype({"origin": "category"})
    with pytest.raises(edplan.InputError, match="expected a known origin id"):
        cost_matrix(unknown, areas, sites)


@pytest.mark.skipif(not can_fork(), reason="no fork on this platform")
def test_a_forked_child_hands_back_its_value_and_its_error():
    assert start(lambda: {"answer": 42}).join() == {"answer": 42}

    def fails():
        raise edplan.InputError("got 3; expected 4", "where")

    with pytest.raises(edplan.InputError, match="expected 4"):
        start(fails).join()


@pytest.mark.skipif(not can_fork(), reason="no fork on this platform")
def test_the_report_drawn_in_a_child_is_the_report_drawn_here(results, tmp_path):
    here = results.write(tmp_path / "here")
    there = results.write(tmp_path / "there", concurrent=True)
    assert [p.name for p in here] == [p.name for p in there]
    for a, b in zip(here, there):
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes()
    # the same page, but for the time matplotlib stamps on each chart and its ids of clip paths, markers and images
    import re

    def page(folder):
        text = (tmp_path / folder / "report.html").read_text(encoding="utf-8")
        return re.sub(r"\b(?:[mp]|image)[0-9a-f]{10}\b", "id", re.sub(r"<dc:date>[^<]*</dc:date>", "", text))

    assert page("here") == page("there") and "<svg" in page("there")


def test_building_alone_begun_beside_the_engine_is_the_one_chosen_in_turn(results):
    """The levers table compares the plan with building alone, chosen on a second thread while
    the engine ran; chosen in turn (no plan begun), the same table."""
    from edplan.scenario import chain
    from edplan.scenario.tables import tables

    scenario = results.scenario
    options = chain.run_options(scenario)
    engine = chain.engine_inputs(scenario)
    out = edplan._core.scenario.finish(engine, options, chain.project_regions(engine, options))
    built, _ = tables(scenario, out, tuple(options.quantiles), chain.Schedule("heuristic", None, "heuristic", 0.0))
    assert len(built["levers"]) and built["levers"].notna().any().any()
    pd.testing.assert_frame_equal(built["levers"], results.tables["levers"])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 12), st.sampled_from([None, 20.0, 60.0]))
def test_leading_columns_read_in_place_are_the_copy(seed, columns, max_cost):
    """The existing sites' links read in place (each row's end, no copy) are the links copied
    out by first_columns: as a matrix, to the engine (the catchment's links, one by one) and to
    the nearest open site of the report; beyond max_cost, or out of column order, it copies."""
    from edplan.coverage._costs import LeadingColumns, catchment, leading_columns
    from edplan.coverage.equity import nearest_cost

    rng = np.random.default_rng(seed)
    dense = np.where(rng.random((15, 12)) < 0.3, rng.uniform(0, 50, (15, 12)), 0.0)
    dense[rng.integers(0, 15, 4)] = 0.0  # some areas link to nothing
    rows, cols = np.nonzero(dense)
    links = links_by_row(dense[rows, cols], rows, cols, dense.shape)
    view = leading_columns(links, columns, max_cost)
    copy = first_columns(links, columns, max_cost)
    assert isinstance(view, LeadingColumns) == (max_cost is None or bool((dense <= max_cost).all()))
    assert view.shape == copy.shape == (15, columns) and view.nnz == copy.nnz
    np.testing.assert_array_equal(view.tocsr().toarray(), copy.toarray())
    a, b = catchment(view, max_cost=np.inf).to_coo(), catchment(copy, max_cost=np.inf).to_coo()
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    for wanted in (np.arange(columns), np.arange(0, columns, 2)):
        got = nearest_cost(view, wanted)
        expected = np.where(dense[:, wanted] > 0, dense[:, wanted], np.inf).min(axis=1, initial=np.inf)
        expected[(copy.toarray()[:, wanted] == 0).all(axis=1)] = np.inf
        np.testing.assert_array_equal(got, expected if isinstance(view, LeadingColumns) else nearest_cost(copy, wanted))


def test_leading_columns_need_rows_in_column_order():
    from edplan.coverage._costs import LeadingColumns, leading_columns

    unsorted = sp.csr_array((np.array([1.0, 2.0]), np.array([1, 0]), np.array([0, 2])), shape=(1, 2))
    assert not isinstance(leading_columns(unsorted, 1, None), LeadingColumns)
    assert leading_columns(unsorted, 1, None).toarray().tolist() == [[2.0]]


def test_row_ends_outside_their_row_are_named():
    from edplan import InputError, _core

    bad = ("csr", 2, 2, np.array([0, 1, 2]), np.array([0, 1], dtype=np.int32), np.array([1.0, 2.0]), np.array([0, 3]))
    with pytest.raises(InputError, match=r"cost\.row_end\[1\].*expected an end within the row's entries \[1, 2\]"):
        _core.coverage.Catchment(bad, max_cost=10.0, dense_budget=2**20)


def test_row_blocks_split_the_rows_and_join_as_one(monkeypatch):
    """Rows in blocks of about k links (a longer row alone): the blocks cover every row once,
    and the row ends and nearest sites computed block by block are those of one block."""
    from edplan.coverage import _costs
    from edplan.coverage.equity import nearest_cost

    starts = np.array([0, 2, 2, 9, 10, 13])
    assert _costs.row_blocks(starts, 3) == [(0, 2), (2, 3), (3, 4), (4, 5)]
    assert _costs.row_blocks(starts) == [(0, 5)]
    rng = np.random.default_rng(5)
    dense = np.where(rng.random((30, 9)) < 0.4, rng.uniform(0, 50, (30, 9)), 0.0)
    rows, cols = np.nonzero(dense)
    links = links_by_row(dense[rows, cols], rows, cols, dense.shape)
    whole = _costs.LeadingColumns(links, 6)
    nearest = [nearest_cost(c, [1, 2, 4]) for c in (whole, links)]
    original = _costs.row_blocks
    monkeypatch.setattr(_costs, "row_blocks", lambda s, links=0: original(s, 4))
    small = _costs.LeadingColumns(links, 6)
    np.testing.assert_array_equal(small.row_end, whole.row_end)
    for c, expected in zip((small, links), nearest):
        np.testing.assert_array_equal(nearest_cost(c, [1, 2, 4]), expected)
    assert np.isfinite(nearest[0]).any() and np.isinf(nearest[0]).any()


def test_a_run_lets_the_travel_links_go_and_a_second_builds_them_again():
    from edplan.coverage.equity import nearest_distance_shares
    from edplan.output.report import coverage_equity_section

    scenario = edplan.Scenario.default()
    cv = scenario.parts.coverage
    links = cv.inputs.cost.links
    kept = (links.indptr.copy(), links.indices.copy(), links.data.copy())
    reach = cv.reach.matrix
    kept_reach = (reach.indptr.copy(), reach.indices.copy())
    every = cv.recommend.cost._source
    assert not every.held  # the candidates' minutes: nothing in a run reads them
    del links, reach
    first = scenario.run()
    source = cv.inputs.cost._source
    assert not source.held and not cv.reach.held and not every.held  # let go by the run, after its engine read them
    again = cv.inputs.cost.links  # built again: the same matrices
    assert source.held and cv.reach.matrix is not None
    for a, b in zip((again.indptr, again.indices, again.data, cv.reach.matrix.indptr, cv.reach.matrix.indices),
                    kept + kept_reach):
        np.testing.assert_array_equal(a, b)
    cv.release_links()
    second = scenario.run()  # builds them again for its engine
    for name in ("coverage", "coverage_areas", "recommended_sites"):
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])
    # the report's distances, taken by the run, as the report computes them from the per-area table
    shares = first.extras["nearest_distance_shares"]
    areas = first.tables["coverage_areas"]
    years = [int(areas["year"].min()), int(areas["year"].max())]
    people = (areas[areas["year"].isin(years)].pivot_table(index="year", columns="area", values="population")
              .reindex(index=years, columns=cv.inputs.areas["area"]).fillna(0.0).to_numpy())
    by_table = nearest_distance_shares(cv.inputs.cost, cv.inputs.sites["open_year"].to_numpy(float), people, years)
    pd.testing.assert_frame_equal(shares, by_table, check_exact=True)
    assert shares.iloc[:, 1:].to_numpy().sum() > 0
    without = dict(first.extras)
    del without["nearest_distance_shares"]
    assert coverage_equity_section(first) == coverage_equity_section(
        type(first)(scenario=first.scenario, tables=first.tables, extras=without))
