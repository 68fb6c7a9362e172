# SPDX-License-Identifier: MIT
"""The rest of R ``accessibility``'s measures (ipeaGIT/accessibility), on the links of a cost
matrix: :func:`cost_to_closest`, :func:`cumulative_cutoff`, :func:`cumulative_interval`,
:func:`gravity`; the constrained measures are in :mod:`edplan.coverage.constrained`.

Each takes ``opportunities`` (or ``demand`` and ``supply``) and ``cost`` as the floating-catchment
measures do: a dense (n, m) array (inf = no link), a scipy.sparse matrix (stored entries are the
links; a stored 0 is a link of cost 0) or a :class:`~edplan.coverage.Catchment`. Rows are origins
(demand points, R's ``from_id``), columns destinations (sites, R's ``to_id``); a pair that is not a
link is a pair R's travel matrix does not list.

``active=True`` (R's default) measures what each origin reaches: ``opportunities`` are at the
destinations, shape (m,), and the result has one value per origin, (n,). ``active=False`` is
passive accessibility (market potential): ``opportunities`` are at the origins (e.g. the older
population), shape (n,), and the result has one value per destination, (m,).

``decay`` is a :class:`~edplan.coverage.Decay` (e.g. ``Decay.stepped``, R's ``decay_stepped``), a
Python callable applied to an array of link costs that returns one weight >= 0 per cost (R's
custom decay functions), or None for a weight of 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from ..errors import InputError
from ._costs import Catchment, catchment

__all__ = [
    "cost_to_closest",
    "cumulative_cutoff",
    "cumulative_interval",
    "gravity",
]

DecayLike = Union[None, Any, Callable[[np.ndarray], Any]]


@dataclass(frozen=True)
class LinkArrays:
    """The links of a cost matrix as arrays: (n, m), and per link its row, column and cost."""

    n: int
    m: int
    rows: np.ndarray
    cols: np.ndarray
    cost: np.ndarray


def link_arrays(cost: Any, max_cost: Optional[float]) -> LinkArrays:
    """The links of ``cost`` with a cost <= ``max_cost`` (every finite link when None), row by row."""
    if isinstance(cost, Catchment):
        if max_cost is not None and max_cost > cost.max_cost:
            raise InputError(f"got {max_cost}, beyond the catchment's max_cost {cost.max_cost}: its links stop there; "
                             "build the catchment with a larger max_cost", "max_cost")
        c = cost
    else:
        limit = np.inf if max_cost is None else float(max_cost)
        if np.isnan(limit) or limit < 0:
            raise InputError(f"got {max_cost}; expected a cost >= 0 (or None for every link)", "max_cost")
        c = catchment(cost, max_cost=limit)
    rows, cols, costs = c.to_coo()
    if max_cost is not None and isinstance(cost, Catchment):
        keep = costs <= max_cost
        rows, cols, costs = rows[keep], cols[keep], costs[keep]
    n, m = c.shape
    return LinkArrays(int(n), int(m), np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(costs, float))


def checked_amounts(values: Any, size: int, name: str, side: str) -> np.ndarray:
    """A (size,) array of finite amounts >= 0, or InputError naming each bad entry."""
    a = np.asarray(values, dtype=float)
    if a.shape != (size,):
        raise InputError(f"got shape {a.shape}; expected ({size},), one per {side} of the cost matrix", name)
    bad = np.flatnonzero(~(np.isfinite(a) & (a >= 0)))
    if bad.size:
        raise InputError([(f"{name}[{i}]", f"got {a[i]}; expected a finite amount >= 0") for i in bad[:10]])
    return a


def _side(links: LinkArrays, active: bool) -> tuple[np.ndarray, np.ndarray, int, int, str, str]:
    """(the index of the opportunity's end, the index of the group's end, the number of
    opportunity places, the number of groups, their names) for active or passive accessibility."""
    if not isinstance(active, (bool, np.bool_)):
        raise InputError(f"got {active!r}; expected True (active) or False (passive)", "active")
    if active:
        return links.cols, links.rows, links.m, links.n, "column (destination)", "row (origin)"
    return links.rows, links.cols, links.n, links.m, "row (origin)", "column (destination)"


def link_weights(decay: DecayLike, costs: np.ndarray, name: str = "decay") -> np.ndarray:
    """``w(c)`` for every link cost: a :class:`Decay`, a callable (checked to return one finite
    weight >= 0 per cost) or None (1)."""
    from .fca import Decay

    if decay is None:
        return np.ones_like(costs)
    if isinstance(decay, Decay):
        return np.asarray(decay(costs), dtype=float)
    if not callable(decay):
        raise InputError(f"got {type(decay).__name__}; expected an edplan.coverage.Decay, a function of costs "
                         "or None", name)
    try:
        w = np.asarray(decay(costs.copy()), dtype=float)
    except (TypeError, ValueError) as error:
        raise InputError(f"calling it on an array of costs failed ({error}); expected a function of a cost array",
                         name) from None
    if w.shape != costs.shape:
        w = np.broadcast_to(w, costs.shape).astype(float) if w.ndim == 0 else w
    if w.shape != costs.shape:
        raise InputError(f"returned shape {w.shape} for {costs.shape} costs; expected one weight per cost", name)
    bad = np.flatnonzero(~(np.isfinite(w) & (w >= 0)))
    if bad.size:
        raise InputError(f"returned {w[bad[0]]} for a cost of {costs[bad[0]]}; expected finite weights >= 0", name)
    return w


def _scalar_or_list(values: Any, name: str) -> tuple[np.ndarray, bool]:
    many = isinstance(values, (list, tuple, np.ndarray))
    a = np.atleast_1d(np.asarray(values, dtype=float))
    if a.ndim != 1 or a.size == 0:
        raise InputError(f"got {values!r}; expected a number or a non-empty list of numbers", name)
    return a, many


def cumulative_cutoff(
    opportunities: Any, cost: Any, *, cutoff: Union[float, Sequence[float]], active: bool = True
) -> np.ndarray:
    """Cumulative opportunities within a cutoff (R ``cumulative_cutoff``):
    ``A_i = Σ_j O_j [c_ij <= cutoff]`` (active) or ``A_j = Σ_i P_i [c_ij <= cutoff]`` (passive).

    ``cutoff`` a number gives (n,) (passive: (m,)); a list of K cutoffs gives (K, n)."""
    links = link_arrays(cost, None)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    cuts, many = _scalar_or_list(cutoff, "cutoff")
    bad = [k for k, c in enumerate(cuts) if not (c >= 0)]
    if bad:
        raise InputError([(f"cutoff[{k}]" if many else "cutoff", f"got {cuts[k]}; expected a cost >= 0") for k in bad])
    out = np.stack([np.bincount(group, weights=np.where(links.cost <= c, opp[at], 0.0), minlength=groups)
                    for c in cuts])
    return out if many else out[0]


def gravity(opportunities: Any, cost: Any, *, decay: DecayLike, max_cost: Optional[float] = None,
            active: bool = True) -> np.ndarray:
    """Gravity accessibility (R ``gravity``): ``A_i = Σ_j O_j w(c_ij)`` (active) or
    ``A_j = Σ_i P_i w(c_ij)`` (passive, market potential), over the links within ``max_cost``
    (every link when None). ``decay`` a :class:`Decay`, a callable of costs, or None (w = 1,
    R's ``decay_binary`` with a cutoff of ``max_cost``)."""
    links = link_arrays(cost, max_cost)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    w = link_weights(decay, links.cost)
    return np.bincount(group, weights=opp[at] * w, minlength=groups)


def cost_to_closest(opportunities: Any, cost: Any, *, n: Union[float, Sequence[float]] = 1,
                    active: bool = True) -> np.ndarray:
    """The cost to the closest opportunities (R ``cost_to_closest``).

    With ``n = 1``: the lowest cost of a link to a place with any opportunity (> 0). With
    ``n > 1``: the lowest cost at which the opportunities reached, summed over links in order
    of cost, come to at least ``n``. inf where none is reached (R's ``fill_missing_ids``).
    ``n`` a number gives (n_rows,) (passive: one per column); a list of K numbers, (K, ...).
    ``n`` must be finite, >= 1 and, in a list, unique."""
    links = link_arrays(cost, None)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    ns, many = _scalar_or_list(n, "n")
    problems = [(f"n[{k}]" if many else "n", f"got {x}; expected a finite number >= 1")
                for k, x in enumerate(ns) if not (np.isfinite(x) and x >= 1)]
    if len(np.unique(ns)) != len(ns):
        problems.append(("n", f"got {list(ns)}; expected unique numbers"))
    if problems:
        raise InputError(problems)
    has = opp[at] > 0
    g, c, o = group[has], links.cost[has], opp[at][has]
    order = np.lexsort((c, g))
    g, c, o = g[order], c[order], o[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if g.size else np.zeros(0, np.int64)
    cum = np.cumsum(o)
    before = np.repeat(np.r_[0.0, cum][starts], np.diff(np.r_[starts, g.size])) if g.size else cum
    cum_in_group = cum - before
    out = np.full((len(ns), groups), np.inf)
    for k, x in enumerate(ns):
        reached = np.ones(g.size, bool) if x == 1 else cum_in_group >= x
        first_group, first = np.unique(g[reached], return_index=True)
        out[k, first_group] = c[reached][first]
    return out if many else out[0]


def _cutoffs(interval: Any, increment: float) -> tuple[list[tuple[float, float]], bool]:
    many = isinstance(interval, list) and len(interval) > 0 and isinstance(interval[0], (list, tuple, np.ndarray))
    pairs = list(interval) if many else [interval]
    problems: list[tuple[str, str]] = []
    out: list[tuple[float, float]] = []
    for k, pair in enumerate(pairs):
        where = f"interval[{k}]" if many else "interval"
        p = np.asarray(pair, dtype=float) if np.ndim(pair) == 1 else np.zeros(0)
        if p.shape != (2,) or not np.all(np.isfinite(p)) or p[0] < 0 or not p[0] < p[1]:
            problems.append((where, f"got {pair!r}; expected a pair (low, high) of finite costs, 0 <= low < high"))
            continue
        out.append((float(p[0]), float(p[1])))
    if len(set(out)) != len(out):
        problems.append(("interval", "an interval is listed twice; expected each once"))
    if not (np.isfinite(increment) and increment > 0):
        problems.append(("increment", f"got {increment}; expected a finite cost step > 0"))
    if problems:
        raise InputError(problems)
    return out, many


_SUMMARIES: dict[str, Callable[..., np.ndarray]] = {
    "median": np.median, "mean": np.mean, "min": np.min, "max": np.max}


def cumulative_interval(
    opportunities: Any,
    cost: Any,
    *,
    interval: Any,
    increment: float = 1.0,
    summary: Union[str, Callable[[np.ndarray], float]] = "median",
    active: bool = True,
) -> np.ndarray:
    """Cumulative opportunities summarised over a range of cutoffs (R ``cumulative_interval``).

    The cutoffs are ``low, low + increment, ...`` up to ``high`` (as R's ``seq``) for each
    interval (low, high); with several intervals, each takes every cutoff of their union that
    lies within it. :func:`cumulative_cutoff` at each cutoff, then ``summary`` across the
    cutoffs ("median" — R's default —, "mean", "min", "max", or a function of a 1-D array),
    truncated to a whole number of opportunities as R's ``as.integer`` (2.8 → 2). Returns an
    int64 array (n,) (passive: (m,)); for a list of intervals, (K, ...)."""
    pairs, many = _cutoffs(interval, float(increment))
    if isinstance(summary, str):
        if summary not in _SUMMARIES:
            raise InputError(f"got {summary!r}; expected one of {', '.join(_SUMMARIES)} or a function", "summary")
    elif not callable(summary):
        raise InputError(f"got {type(summary).__name__}; expected a name or a function of an array", "summary")
    grids = [lo + increment * np.arange(int(np.floor((hi - lo) / increment + 1e-10)) + 1) for lo, hi in pairs]
    cutoffs = np.unique(np.concatenate(grids))
    access = np.atleast_2d(cumulative_cutoff(opportunities, cost, cutoff=list(cutoffs), active=active))
    out = []
    for lo, hi in pairs:
        within = access[(cutoffs >= lo) & (cutoffs <= hi)]
        if isinstance(summary, str):
            value = _SUMMARIES[summary](within, axis=0)
        else:
            value = np.array([float(summary(within[:, i])) for i in range(within.shape[1])])
        out.append(np.trunc(value).astype(np.int64))
    result = np.stack(out)
    return result if many else result[0]
