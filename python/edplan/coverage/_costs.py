# SPDX-License-Identifier: MIT
"""Cost matrices as the engine reads them: dense (inf = no link), scipy.sparse (stored entries
are the links), a :class:`Catchment` built once, or a long origin/destination/cost table."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, Union

import numpy as np

from .. import _core
from .._io import TableProblems, numeric, require_columns, show
from ..errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Catchment", "Coordinates", "LeadingColumns", "Rebuildable", "catchment", "coordinates", "cost_matrix", "dense_budget",
           "leading_columns", "set_dense_budget"]

Catchment = _core.coverage.Catchment
"""The links of a cost matrix within ``max_cost``, built once by :func:`catchment` and passed
as ``cost`` to every measure (``shape``, ``links``, ``max_cost``, and ``to_coo()``, the links as
(rows, cols, costs) arrays, from which the exact and capacitated siting models are built)."""

Coordinates = _core.coverage.Coordinates
"""Demand points and sites in the plane, passed as ``cost``: the cost of a link is
``scale * sqrt(dx*dx + dy*dy)`` and no dense matrix is ever built (see :func:`coordinates`)."""


def coordinates(demand_xy: Any, supply_xy: Any, *, scale: float = 1.0) -> Coordinates:
    """Costs from coordinates, to pass as ``cost`` to :func:`two_step_fca` and the other
    floating-catchment measures or to :func:`catchment`.

    ``demand_xy`` (n, 2) and ``supply_xy`` (m, 2) are planar coordinates (a local projection,
    km say); the cost of the link i → j is ``scale * sqrt(dx*dx + dy*dy)`` (``scale`` in
    minutes per km, for instance 60 × detour / speed), computed in that order, so that a dense
    matrix built the same way in numpy gives the same costs and a cost equal to ``max_cost``
    is a link in both. A uniform grid over the sites finds each point's links within
    ``max_cost``; :func:`two_step_fca` visits them twice and never stores them (memory
    O(n + m): a million points and 50,000 sites with 200 in reach each run in seconds, see
    docs/benchmarks.md), the other measures store the links as a :class:`Catchment` does.
    Non-finite coordinates or a scale not > 0 raise :class:`~edplan.InputError`."""
    return Coordinates(demand_xy, supply_xy, scale=float(scale))


def _budget_from_environment() -> int:
    """``$EDPLAN_DENSE_BUDGET_MB`` megabytes when it holds a number > 0, else the engine's default
    (``_core.coverage.DEFAULT_DENSE_BUDGET``, 4096 MB), in bytes. The one place the variable is read."""
    text = os.environ.get("EDPLAN_DENSE_BUDGET_MB", "")
    try:
        mb = float(text)
    except ValueError:
        mb = 0.0
    if 0 < mb < float("inf"):
        return int(mb * 1024.0 * 1024.0)
    return int(_core.coverage.DEFAULT_DENSE_BUDGET)


_budget: list[int] = [_budget_from_environment()]


def dense_budget() -> int:
    """The largest dense cost matrix accepted, in bytes (default ``$EDPLAN_DENSE_BUDGET_MB`` MB, read
    once at import, else 4096 MB)."""
    return _budget[0]


def set_dense_budget(nbytes: int) -> int:
    """Sets the dense-matrix budget in bytes and returns the previous one.

    A dense (n, m) float64 matrix above it is refused with an :class:`~edplan.InputError`
    advising a sparse catchment: pass a ``scipy.sparse`` matrix (or an origin/destination/cost
    table) holding only the links within ``max_cost``."""
    if not (isinstance(nbytes, (int, np.integer)) and nbytes > 0):
        raise InputError(f"got {nbytes!r}; expected a number of bytes > 0", "dense_budget")
    previous = _budget[0]
    _budget[0] = int(nbytes)
    return previous


def _is_sparse(x: Any) -> bool:
    try:
        import scipy.sparse as sp
    except ImportError:  # scipy is optional: without it nothing is sparse
        return False
    return bool(sp.issparse(x))


class Rebuildable:
    """A matrix built by ``build``, kept until :meth:`release` lets it go and built again, the
    same, when next read: a scenario's travel links (89 million at 100 times the built-in
    scenario, 1 GiB) need not stay in memory while its results are written, since the recipe
    (coordinates, speed, catchment) makes them again in seconds."""

    def __init__(self, build: Callable[[], Any], matrix: Any = None) -> None:
        self._build = build
        self._matrix = matrix

    @property
    def matrix(self) -> Any:
        """The matrix, built now when it was released (or never built)."""
        if self._matrix is None:
            self._matrix = self._build()
        return self._matrix

    @property
    def held(self) -> bool:
        """Whether the matrix is in memory."""
        return self._matrix is not None

    def release(self) -> None:
        """Lets the matrix go (its memory is freed once nothing else refers to it)."""
        self._matrix = None


class LeadingColumns:
    """The first ``columns`` columns of a CSR matrix whose rows are sorted by column, read in
    place: row i is its entries ``indptr[i]`` up to ``row_end[i]`` (the four-array CSR), so
    that the existing sites' links of a scenario are the links to every site and candidate,
    not a second matrix. The engine reads it as it is (:func:`cost_arg`); :meth:`tocsr` copies
    it out as a scipy matrix. ``links`` may be a :class:`Rebuildable` matrix, read through it;
    given ``rows`` (its number of rows), it is not built until its links are read."""

    def __init__(self, links: Any, columns: int, rows: Optional[int] = None) -> None:
        self._source = links
        self.shape = (int(self.links.shape[0] if rows is None else rows), int(columns))
        """(rows, columns)."""
        self._row_end: Optional[np.ndarray] = None

    @property
    def row_end(self) -> np.ndarray:
        """(rows,) one past each row's last link to the first columns (counted when first read)."""
        if self._row_end is None:
            links, columns = self.links, self.shape[1]
            starts = np.asarray(links.indptr, dtype=np.int64)
            kept = np.zeros(self.shape[0], dtype=np.int64)
            for first, last in row_blocks(starts):
                lo, hi = starts[first], starts[last]
                rows = first + np.flatnonzero(starts[first + 1:last + 1] > starts[first:last])
                if rows.size:
                    # each non-empty row's links to the first columns, counted from its start to the
                    # next's (reduceat widens its input to int64: a block at a time)
                    kept[rows] = np.add.reduceat(links.indices[lo:hi] < columns, starts[rows] - lo, dtype=np.int64)
            self._row_end = starts[:-1] + kept
        return self._row_end

    @property
    def links(self) -> Any:
        """The whole CSR matrix (canonical: rows sorted by column, no repeated pair)."""
        return self._source.matrix if isinstance(self._source, Rebuildable) else self._source

    def release(self) -> None:
        """Lets a :class:`Rebuildable` matrix go (see there); nothing for another."""
        if isinstance(self._source, Rebuildable):
            self._source.release()

    @property
    def nnz(self) -> int:
        """The number of links."""
        return int((self.row_end - self.links.indptr[:-1]).sum())

    def tocsr(self) -> Any:
        """The links as a scipy CSR matrix of their own (a copy)."""
        return _kept(self.links, self.links.indices < self.shape[1], self.shape)


def row_blocks(starts: np.ndarray, links: int = 1 << 22) -> list[tuple[int, int]]:
    """Rows ``[first, last)`` in blocks of about ``links`` links each (a row longer than that
    alone), from the CSR row starts ``starts`` (n + 1): the unit in which a pass over millions
    of links keeps its temporaries small."""
    n = len(starts) - 1
    blocks, first = [], 0
    while first < n:
        last = min(n, max(first + 1, int(np.searchsorted(starts, starts[first] + links, side="right")) - 1))
        blocks.append((first, last))
        first = last
    return blocks


def leading_columns(links: Any, columns: int, max_cost: Optional[float]) -> Any:
    """``first_columns(links, columns, max_cost)`` read in place (:class:`LeadingColumns`) where
    that selects the same links: rows sorted by column and no link beyond ``max_cost``; else
    that copy. ``links``: a CSR matrix, or a :class:`Rebuildable` one (read through it when in place)."""
    matrix = links.matrix if isinstance(links, Rebuildable) else links
    if matrix.has_canonical_format and (max_cost is None or not bool((matrix.data > max_cost).any())):
        return LeadingColumns(links, columns)
    return first_columns(matrix, columns, max_cost)


def cost_arg(cost: Any) -> Any:
    """``cost`` as the compiled engine takes it: a Catchment, a dense array, or a CSR tuple
    (with each row's end for :class:`LeadingColumns`)."""
    if isinstance(cost, (Catchment, Coordinates)):
        return cost
    if isinstance(cost, LeadingColumns):
        links = cost.links
        return ("csr", cost.shape[0], cost.shape[1], np.asarray(links.indptr, dtype=np.int64),
                np.asarray(links.indices, dtype=np.int32), np.asarray(links.data, dtype=np.float64), cost.row_end)
    if not _is_sparse(cost):
        return cost
    if cost.ndim != 2:
        raise InputError(f"got a sparse array of {cost.ndim} dimensions; expected 2 (demand, supply)", "cost")
    if cost.format == "coo":
        rows, cols = cost.coords if hasattr(cost, "coords") else (cost.row, cost.col)
        keys = np.asarray(rows, dtype=np.int64) * cost.shape[1] + np.asarray(cols, dtype=np.int64)
        if np.unique(keys).size != keys.size:
            raise InputError("a (demand, supply) pair is stored twice; expected one cost per link", "cost")
    csr = cost.tocsr()
    if not csr.has_canonical_format:
        csr = csr.copy()
        csr.sort_indices()
        starts = np.repeat(np.arange(csr.shape[0]), np.diff(csr.indptr))
        same = (np.diff(csr.indices) == 0) & (np.diff(starts) == 0)
        if same.any():
            raise InputError("a (demand, supply) pair is stored twice; expected one cost per link", "cost")
    return (
        "csr",
        int(csr.shape[0]),
        int(csr.shape[1]),
        np.asarray(csr.indptr, dtype=np.int64),
        np.asarray(csr.indices, dtype=np.int32),
        np.asarray(csr.data, dtype=np.float64),
    )


def shape_of(cost: Any) -> tuple[int, int]:
    """(n, m) of any accepted cost argument."""
    if isinstance(cost, (Catchment, Coordinates, LeadingColumns)):
        return tuple(cost.shape)  # type: ignore[return-value]
    shape = np.shape(cost)
    if len(shape) != 2:
        raise InputError(f"got an array of shape {shape}; expected 2 dimensions (demand, supply)", "cost")
    return int(shape[0]), int(shape[1])


def catchment(cost: Any, *, max_cost: float, threads: int = 0) -> Catchment:
    """The links of ``cost`` with a finite cost <= ``max_cost``, built once.

    Pass the result as ``cost`` to :func:`two_step_fca` and the other measures to evaluate many
    years and decays without reading the matrix again. ``cost`` is a dense (n, m) array
    (inf = no link), a scipy.sparse matrix (stored entries are links; a stored 0 is a link of
    cost 0) or :func:`coordinates` (the links found through a grid, no dense matrix). NaN or
    negative costs raise :class:`~edplan.InputError` naming each cell."""
    return Catchment(cost_arg(cost), max_cost=float(max_cost), threads=threads, dense_budget=dense_budget())


def cost_matrix(
    costs: "pd.DataFrame",
    origins: Sequence[Any],
    destinations: Sequence[Any],
    *,
    origin: str = "origin",
    destination: str = "destination",
    cost: str = "cost",
    max_cost: Optional[float] = None,
    name: str = "costs",
) -> Any:
    """A long table of links (DESIGN §3: origin, destination, cost) as a CSR matrix whose row i
    is ``origins[i]`` and column j is ``destinations[j]``; pairs not in the table are no link.

    Rows whose origin or destination is not listed, missing or negative costs and repeated
    pairs raise one :class:`~edplan.InputError` naming every such row (``costs.csv`` rows
    count from 2, after the header). ``max_cost`` drops longer links up front."""
    import pandas as pd
    import scipy.sparse as sp

    problems = TableProblems()
    if not require_columns(costs, name, [origin, destination, cost], problems):
        problems.raise_if_any()
    o_index = pd.Index(origins)
    d_index = pd.Index(destinations)
    codes = {}
    for label, idx in ((origin, o_index), (destination, d_index)):
        values = costs[label]
        if not idx.is_unique:
            problems.add(label, "the id list repeats ids; expected unique ids")
            codes[label] = np.zeros(len(values), np.int64)
            continue
        codes[label] = _positions(idx, values)
        for r in np.flatnonzero(codes[label] < 0)[:10]:
            problems.at(costs, name, int(r), label, f"got {show(values.iloc[r])}; expected a known {label} id")
    c = numeric(costs, name, cost, problems, minimum=0, expected="a cost >= 0")
    problems.raise_if_any()
    i, j = codes[origin], codes[destination]
    shape = (len(o_index), len(d_index))
    key = i.astype(np.int64) * max(len(d_index), 1) + j
    # links listed in (origin, destination) order, as travel costs are, have no repeat if the keys rise
    rising = len(key) < 2 or bool((key[1:] > key[:-1]).all())
    del key
    if not rising:
        dup = pd.Series(i.astype(np.int64) * max(len(d_index), 1) + j).duplicated(keep=False).to_numpy()
        for r in np.flatnonzero(dup)[:10]:
            problems.at(costs, name, int(r), None, "this origin/destination pair is listed more than once")
    problems.raise_if_any()
    if max_cost is not None:
        keep = c <= max_cost
        c, i, j = c[keep], i[keep], j[keep]
    if rising:  # already in CSR order: the rows' starts counted, nothing sorted
        return links_by_row(c, i, j, shape)
    return sp.csr_array((c, (i, j)), shape=shape)


def within(links: Any, max_cost: Optional[float]) -> Any:
    """The CSR ``links`` of cost <= ``max_cost`` (all of them for None), in the same order:
    ``links`` itself when every link is kept (a matrix of millions of links is not copied)."""
    if max_cost is None:
        return links
    return _kept(links, links.data <= max_cost, links.shape)


def first_columns(links: Any, columns: int, max_cost: Optional[float]) -> Any:
    """The CSR ``links`` to the first ``columns`` columns, of cost <= ``max_cost`` (any for
    None), in the same order: what ``within(links[:, :columns], max_cost)`` gives, in one pass."""
    keep = links.indices < columns
    if max_cost is not None:
        keep &= links.data <= max_cost
    return _kept(links, keep, (links.shape[0], columns))


def _kept(links: Any, keep: np.ndarray, shape: tuple[int, int]) -> Any:
    """The links of the CSR ``links`` where ``keep``, as a CSR matrix of ``shape``."""
    import scipy.sparse as sp

    if shape == links.shape and bool(keep.all()):
        return links
    kept_before = np.zeros(len(keep) + 1, dtype=links.indptr.dtype)
    np.cumsum(keep, out=kept_before[1:])
    return sp.csr_array((links.data[keep], links.indices[keep], kept_before[links.indptr]), shape=shape)


def links_by_row(cost: np.ndarray, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> Any:
    """The CSR matrix of links already ordered by row, then column, each pair once: the rows'
    starts counted, no sort (int32 indices where they fit, as scipy chooses them)."""
    import scipy.sparse as sp

    index = np.int32 if max(len(cost), *shape) < 2**31 - 1 else np.int64
    starts = np.zeros(shape[0] + 1, dtype=index)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=starts[1:])
    return sp.csr_array((cost, cols.astype(index, copy=False), starts), shape=shape)


def _positions(index: "pd.Index", values: "pd.Series") -> np.ndarray:
    """The position of each value in the unique ``index`` (-1: not there); a categorical column
    (travel costs' origins and destinations) looked up once per category, not once per link."""
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        by_category = np.append(index.get_indexer(values.cat.categories), -1)
        return by_category[values.cat.codes.to_numpy()]  # code -1 (missing) → the -1 appended
    return index.get_indexer(values)


def as_matrix(demand: Union[np.ndarray, Any], name: str) -> np.ndarray:
    """A float array, checked to be 1- or 2-dimensional."""
    a = np.asarray(demand, dtype=float)
    if a.ndim not in (1, 2):
        raise InputError(f"got an array of shape {a.shape}; expected (n,) or (years, n)", name)
    return a
